import { spawnSync } from 'node:child_process';
import {
  chmodSync,
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, isAbsolute, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll } from 'vitest';

export const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
export const cliPath = join(repoRoot, 'dist', 'src', 'cli', 'main.js');

const made: string[] = [];
afterAll(() => {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A temporary project folder holding `files` (path -> content). */
export function project(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'leakproof-cli-'));
  made.push(dir);
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), content);
  }
  return dir;
}

export interface CliRun {
  status: number;
  stdout: string;
  stderr: string;
}

/** Runs the built CLI as users do: a separate process, in `cwd` (`cli`: an installed copy's main.js). */
export function leakproof(
  args: readonly string[],
  cwd: string,
  env: Record<string, string> = {},
  cli = cliPath,
): CliRun {
  const result = spawnSync(process.execPath, [cli, ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', ...env },
    timeout: 60_000,
  });
  return { status: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}

interface CliModule {
  runCli(
    argv: readonly string[],
    cwd: string,
    output: { out(text: string): void; err(text: string): void; isTTY: boolean; color: boolean },
  ): Promise<number>;
}

/**
 * Runs the built CLI inside this process: the bin's own entry point (`runCli` of dist/src/cli/main.js,
 * which the bin calls with process.argv, process.cwd() and its standard streams) with the output
 * captured, as a process without a terminal and with NO_COLOR would print it. About a tenth of a
 * spawn's cost, for tests about what the CLI prints, writes and returns; what only a process shows
 * (the exit status the bin sets, warnings on its standard error, a terminal, the type-aware project
 * service cached per process) is tested with `leakproof`. Like a new process, each run starts
 * without the project indexes a previous run built, and in `cwd` (--report paths are relative to it).
 */
export async function leakproofInProcess(args: readonly string[], cwd: string): Promise<CliRun> {
  const [{ runCli }, { forgetProjectIndexes }] = (await Promise.all([
    import(pathToFileURL(cliPath).href),
    import(pathToFileURL(join(repoRoot, 'dist', 'src', 'project', 'index.js')).href),
  ])) as [CliModule, { forgetProjectIndexes(): void }];
  forgetProjectIndexes();
  let stdout = '';
  let stderr = '';
  const output = {
    out: (text: string) => void (stdout += `${text}\n`),
    err: (text: string) => void (stderr += `${text}\n`),
    isTTY: false,
    color: false,
  };
  const previous = process.cwd();
  process.chdir(cwd);
  try {
    const status = await runCli(args, cwd, output);
    return { status, stdout, stderr };
  } finally {
    process.chdir(previous);
  }
}

/** The environment for git commands in tests: an identity, whatever the machine's git config says. */
export const gitEnv: NodeJS.ProcessEnv = {
  ...process.env,
  GIT_AUTHOR_NAME: 't',
  GIT_AUTHOR_EMAIL: 't@t.invalid',
  GIT_COMMITTER_NAME: 't',
  GIT_COMMITTER_EMAIL: 't@t.invalid',
};

export function git(cwd: string, ...args: string[]): string {
  const result = spawnSync('git', args, { cwd, encoding: 'utf8', env: gitEnv });
  if (result.status !== 0) throw new Error(`git ${args.join(' ')}: ${result.stderr}`);
  return result.stdout;
}

export function gitRepo(files: Record<string, string>): string {
  const dir = project(files);
  git(dir, 'init', '-q', '-b', 'main');
  git(dir, 'add', '-A');
  git(dir, 'commit', '-qm', 'initial');
  return dir;
}

/**
 * Installs this package's build into `dir` as npm would (dist/ copied, so that `eslint` resolves from
 * the project, not from this repository) with `eslint` being `eslintPackage` of this repository's
 * node_modules (`eslint-v8`, `eslint-v9`), or a folder of its own. Returns the installed CLI.
 */
export function installInto(dir: string, eslintPackage: string): string {
  const installed = join(dir, 'node_modules', 'eslint-plugin-leakproof');
  for (const part of ['dist/src', 'dist/rules', 'dist/codemods', 'package.json'])
    cpSync(join(repoRoot, part), join(installed, part), { recursive: true });
  const manifest = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as {
    dependencies: Record<string, string>;
  };
  const links: Record<string, string> = { typescript: 'typescript', eslint: eslintPackage };
  for (const name of Object.keys(manifest.dependencies)) links[name] = name;
  for (const [name, from] of Object.entries(links)) {
    const link = join(dir, 'node_modules', ...name.split('/'));
    mkdirSync(dirname(link), { recursive: true });
    if (!existsSync(link)) symlinkSync(isAbsolute(from) ? from : join(repoRoot, 'node_modules', from), link, 'dir');
  }
  return join(installed, 'dist', 'src', 'cli', 'main.js');
}

export const read = (dir: string, path: string): string => readFileSync(join(dir, path), 'utf8');
export const setMode = (dir: string, path: string, mode: number): void => chmodSync(join(dir, path), mode);

export const LEAKY_CACHE = `const answers = new Map<string, string>();

export function remember(question: string, answer: string): void {
  answers.set(question, answer);
}
`;

/** A client built on every access of a getter: a leak the recommended config reports (line 5). */
export const CLIENT_PER_ACCESS = `import { S3Client } from '@aws-sdk/client-s3';

export class Storage {
  get client(): S3Client {
    return new S3Client({});
  }
}
`;

export const CLEAN = `const STATUS = new Map([['ok', 200]]);
export const statusOf = (name: string) => STATUS.get(name);
`;

export const LISTENER_PER_CALL = `export function onRequest(id: number): void {
  process.on('SIGTERM', () => console.log(id));
}
app.get('/jobs/:id', (req, res) => onRequest(Number(req.params.id)));
`;

/** The files of a tree under tests/fixtures/cli/ (its README.md aside), as `project()` takes them. */
export function fixtureTree(name: string): Record<string, string> {
  const root = join(repoRoot, 'tests', 'fixtures', 'cli', name);
  const files: Record<string, string> = {};
  const walk = (dir: string): void => {
    for (const entry of readdirSync(join(root, dir), { withFileTypes: true })) {
      const path = dir ? `${dir}/${entry.name}` : entry.name;
      if (entry.isDirectory()) walk(path);
      else if (path !== 'README.md') files[path] = readFileSync(join(root, path), 'utf8');
    }
  };
  walk('');
  return files;
}
