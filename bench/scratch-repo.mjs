// What the real-code scripts share: a codebase copied into a fresh git repository outside this one,
// `leakproof migrate` run on it, and its dependencies installed the way its lockfile says. Used by
// bench/real-codemods.mjs and bench/codemod-review.mjs.
import { execFileSync, spawnSync } from 'node:child_process';
import { appendFileSync, cpSync, existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const CLI = fileURLToPath(new URL('../dist/src/cli/main.js', import.meta.url));
const SKIPPED_DIRS = new Set(['node_modules', '.git']);
const BIG = 256 * 1024 * 1024;

export function git(cwd, args) {
  return execFileSync('git', args, { cwd, encoding: 'utf8', maxBuffer: BIG });
}

/**
 * Copies `dir` to `copy` (without node_modules and .git) and commits it to a fresh git repository
 * there: migrate's clean-tree guard for --write wants one, and `git diff` then shows exactly what
 * migrate wrote. node_modules is excluded locally so an install never dirties the tree.
 */
export function copyToScratchRepo(dir, copy) {
  rmSync(copy, { recursive: true, force: true });
  cpSync(dir, copy, { recursive: true, filter: (src) => !SKIPPED_DIRS.has(basename(src)) });
  git(copy, ['init', '-q']);
  mkdirSync(join(copy, '.git/info'), { recursive: true });
  appendFileSync(join(copy, '.git/info/exclude'), '\nnode_modules/\n');
  git(copy, ['add', '-A']);
  git(copy, [
    '-c',
    'user.name=bench',
    '-c',
    'user.email=bench@localhost',
    'commit',
    '-q',
    '--no-verify',
    '--no-gpg-sign',
    '-m',
    'original',
  ]);
}

/** Files migrate (or anything else) changed in the copy since its first commit, sorted. */
export const changedFiles = (copy) => git(copy, ['diff', '--name-only', '-z']).split('\0').filter(Boolean).sort();

export function runMigrate(cwd, args, jobs) {
  const run = spawnSync(process.execPath, [CLI, 'migrate', '--quiet', '--jobs', String(jobs), ...args, '.'], {
    cwd,
    encoding: 'utf8',
    maxBuffer: BIG,
  });
  // 1: some files failed (did not parse…); they are in the report. 2 or a signal: the run itself failed.
  if (run.status !== 0 && run.status !== 1)
    throw new Error(`leakproof migrate ${args.join(' ')} in ${cwd} exited ${run.status ?? run.signal}: ${run.stderr}`);
  return run;
}

/**
 * The install command the codebase's lockfile asks for: `npm ci` with a package-lock.json, yarn 1
 * through npx or yarn 2+ through corepack with a yarn.lock or a yarn packageManager, otherwise
 * `npm install` (today's versions: `locked` says so). `scripts: false` adds --ignore-scripts (or
 * yarn 2+'s --mode=skip-build).
 */
export function installCommand(copy, { scripts = false } = {}) {
  const manager = JSON.parse(readFileSync(join(copy, 'package.json'), 'utf8')).packageManager ?? '';
  const yarn = existsSync(join(copy, 'yarn.lock')) || manager.startsWith('yarn@');
  const locked = existsSync(join(copy, yarn ? 'yarn.lock' : 'package-lock.json'));
  if (yarn) {
    const version = /^yarn@([\d.]+)/.exec(manager)?.[1] ?? '1.22.22';
    if (version.startsWith('1.')) {
      // The npm package `yarn` is yarn 1 only.
      const flags = [
        ...(scripts ? [] : ['--ignore-scripts']),
        '--ignore-engines',
        '--non-interactive',
        ...(locked ? ['--frozen-lockfile'] : []),
      ];
      return { command: 'npx', args: ['--yes', `yarn@${version}`, 'install', ...flags], locked };
    }
    // corepack fetches yarn 2+ (from the npm registry).
    return {
      command: 'corepack',
      args: [
        `yarn@${version}`,
        'install',
        ...(scripts ? [] : ['--mode=skip-build']),
        ...(locked ? ['--immutable'] : []),
      ],
      locked,
    };
  }
  return {
    command: 'npm',
    args: [locked ? 'ci' : 'install', ...(scripts ? [] : ['--ignore-scripts']), '--no-audit', '--no-fund'],
    locked,
  };
}

export function installDependencies(copy, timeoutSeconds, options) {
  const started = Date.now();
  const { command, args, locked } = installCommand(copy, options);
  const env = {
    ...process.env,
    COREPACK_ENABLE_DOWNLOAD_PROMPT: '0',
    COREPACK_NPM_REGISTRY: process.env.COREPACK_NPM_REGISTRY ?? 'https://registry.npmjs.org',
  };
  const run = spawnSync(command, args, {
    cwd: copy,
    env,
    encoding: 'utf8',
    timeout: timeoutSeconds * 1000,
    maxBuffer: BIG,
  });
  const seconds = Math.round((Date.now() - started) / 1000);
  const what = `${command} ${args.join(' ')}`;
  if (run.status !== 0)
    return {
      ok: false,
      reason: `${what}: ${run.signal ? `stopped after ${seconds}s` : `exit ${run.status}: ${`${run.stderr}${run.stdout}`.trim().split('\n').slice(-2).join(' ')}`}`,
    };
  return { ok: true, seconds, command: what, locked };
}
