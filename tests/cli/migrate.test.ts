import { spawnSync } from 'node:child_process';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { codemodsForConfig } from '../../src/cli/migrate.js';
import {
  CLEAN,
  CLIENT_PER_ACCESS,
  LEAKY_CACHE,
  LISTENER_PER_CALL,
  cliPath,
  repoRoot,
  git,
  gitRepo,
  leakproof,
  leakproofInProcess,
  project,
  read,
  setMode,
} from './helpers.js';

const hasScript = spawnSync('script', ['--version']).status === 0;

// One leak of each family, so every codemod has a site in the same file.
const SERVICE = `import { S3Client } from '@aws-sdk/client-s3';

const answers = new Map<string, string>();

async function save(item: string): Promise<void> {
  await Promise.resolve(item);
}

export class Storage {
  get client(): S3Client {
    return new S3Client({ region: 'us-east-1' });
  }

  remember(question: string, answer: string): void {
    answers.set(question, answer);
  }

  saveAll(items: string[]): void {
    for (const item of items) {
      save(item);
    }
  }
}
`;

describe('leakproof migrate', () => {
  it('dry run by default: prints a unified diff and a summary, writes nothing', () => {
    const dir = project({ 'src/cache.ts': LEAKY_CACHE, 'src/status.ts': CLEAN });
    const run = leakproof(['migrate', '--strict', 'src'], dir);
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('--- a/src/cache.ts\n+++ b/src/cache.ts\n');
    expect(run.stdout).toContain("+import { LRUCache } from 'lru-cache';");
    expect(run.stdout).toContain('-const answers = new Map<string, string>();');
    expect(run.stdout).toMatch(/files scanned 2, changed 1 \(dry run: nothing written\), failed 0/);
    expect(run.stdout).toMatch(/bounded-cache +1 +0/);
    expect(read(dir, 'src/cache.ts')).toBe(LEAKY_CACHE);
  });

  it('refuses to run without --strict while the recommended config enables no rule, as check does', async () => {
    const dir = project({ 'service.ts': SERVICE, 'cache.ts': LEAKY_CACHE });
    for (const args of [
      ['migrate', '--write', '.'],
      ['migrate', '--write', '--only', 'bounded-cache', '.'],
      ['check', '.'],
    ])
      expect(await leakproofInProcess(args, dir), args.join(' ')).toMatchObject({
        status: 2,
        stdout: '',
        stderr: expect.stringMatching(/^leakproof: the recommended config enables no rule yet: .*; pass --strict/),
      });
    expect(read(dir, 'cache.ts')).toBe(LEAKY_CACHE);
    expect(read(dir, 'service.ts')).toBe(SERVICE);
  });

  it('runs only the codemods whose rules the config enables, and refuses one asked for whose rules are off', () => {
    // While `recommended` enables no rule this is reached through a config given as a rule list.
    const noOptions = { codemodOptions: {} };
    expect(codemodsForConfig(['bounded-cache', 'memoize-client'], noOptions, ['no-client-in-loop'])).toEqual([
      'memoize-client',
    ]);
    expect(() =>
      codemodsForConfig(['bounded-cache'], { only: 'bounded-cache', codemodOptions: {} }, ['no-client-in-loop']),
    ).toThrow(
      /^bounded-cache rewrites what no-unbounded-cache reports, a rule only the strict config enables \(as check --strict does\); pass --strict$/,
    );
    expect(() => codemodsForConfig(['bounded-cache'], { codemodOptions: { max: '5' } }, [])).toThrow(
      /^--max is an option of bounded-cache, which rewrites what no-unbounded-cache reports, .*; pass --strict$/,
    );
  });

  it('rewrites what check --strict reports: every rule', async () => {
    const dir = project({ 'service.ts': SERVICE, 'cache.ts': LEAKY_CACHE });
    const strict = await leakproofInProcess(['migrate', '--strict', '--report', 'strict.json', '.'], dir);
    expect(strict.status).toBe(0);
    expect(strict.stdout).toContain('+    return (this.#client ??= new S3Client(');
    expect(strict.stdout).toContain("+import { LRUCache } from 'lru-cache';");
    expect(strict.stdout).toMatch(/bounded-cache +2 +0/);
    expect(JSON.parse(read(dir, 'strict.json')).codemods).toEqual(['bounded-cache', 'memoize-client', 'track-tasks']);
  });

  it('--write runs the codemods in sequence on each file; a second run changes nothing', async () => {
    const dir = project({ 'service.ts': SERVICE, 'cache.ts': LEAKY_CACHE });
    const first = await leakproofInProcess(['migrate', '--strict', '--write', '--max', '50', '.'], dir);
    expect(first.status).toBe(0);
    expect(first.stdout).toMatch(/files scanned 2, changed 2, failed 0/);
    expect(first.stdout).toMatch(/bounded-cache +2 +0\n +memoize-client +1 +0\n +track-tasks +1 +0/);
    const service = read(dir, 'service.ts');
    expect(service).toContain('const answers = new LRUCache<string, string>({ max: 50 });');
    expect(service).toContain("return (this.#client ??= new S3Client({ region: 'us-east-1' }));");
    expect(service).toContain('track(save(item));');
    const second = await leakproofInProcess(['migrate', '--strict', '--write', '.'], dir);
    expect(second.stdout).toMatch(/files scanned 2, changed 0, failed 0/);
    expect(read(dir, 'service.ts')).toBe(service);
    expect(await leakproofInProcess(['check', '--strict', '.'], dir)).toMatchObject({ status: 0, stdout: '' });
  });

  it('--all-keys also rewrites growth under keys that do not name data, as reportUnknownKeys reports it', async () => {
    const table = `const plugins = new Map<string, object>();\nexport function loadPlugin(packageName: string, plugin: object): void {\n  plugins.set(packageName, plugin);\n}\n`;
    const dir = project({ 'plugins.ts': table });
    expect((await leakproofInProcess(['migrate', '--strict', '--write', '.'], dir)).stdout).toMatch(
      /files scanned 1, changed 0, failed 0/,
    );
    expect(read(dir, 'plugins.ts')).toBe(table);
    const run = await leakproofInProcess(['migrate', '--strict', '--write', '--all-keys', '.'], dir);
    expect(run.stdout).toMatch(/files scanned 1, changed 1, failed 0/);
    expect(read(dir, 'plugins.ts')).toContain('const plugins = new LRUCache<string, object>({ max: 1000 });');
  });

  it('the worker pool (--jobs 2) gives the same diff and report as one thread', async () => {
    const files: Record<string, string> = {};
    // Enough files that the pool starts threads rather than running in-process.
    for (let i = 0; i < 24; i++)
      files[`src/m${String(i).padStart(2, '0')}.ts`] = i % 3 === 0 ? CLEAN : i % 3 === 1 ? LEAKY_CACHE : SERVICE;
    const dir = project(files);
    const pooled = await leakproofInProcess(
      ['migrate', '--strict', '--jobs', '2', '--report', 'pooled.json', 'src'],
      dir,
    );
    const single = await leakproofInProcess(
      ['migrate', '--strict', '--jobs', '1', '--report', 'single.json', 'src'],
      dir,
    );
    expect(pooled.status).toBe(0);
    expect(pooled.stdout).toMatch(/files scanned 24, changed 16 \(dry run: nothing written\), failed 0/);
    expect(pooled.stdout).toBe(single.stdout);
    expect(read(dir, 'pooled.json')).toBe(read(dir, 'single.json'));
  });

  it('groups the sites left untouched by reason, with a few of each and the rest in --report', async () => {
    const files: Record<string, string> = {};
    for (let i = 1; i <= 7; i++) files[`f${i}.ts`] = LISTENER_PER_CALL.replaceAll('onRequest', `onRequest${i}`);
    const dir = project(files);
    const run = await leakproofInProcess(['migrate', '--strict', '--report', 'report.json', '.'], dir);
    expect(run.status).toBe(0);
    const summary = run.stdout.slice(run.stdout.indexOf('sites left untouched, by reason:'));
    const lines = summary.split('\n');
    expect(lines[1]).toMatch(/^ {5}7 {2}track-tasks: \S/);
    expect(lines.slice(2, 7)).toEqual(
      [1, 2, 3, 4, 5].map((i) => `        f${i}.ts:2:3 'SIGTERM' listener on process in function \`onRequest${i}\``),
    );
    expect(lines[7]).toBe('        … and 2 more (--report FILE lists every site)');
    const report = JSON.parse(read(dir, 'report.json')) as { sites: { status: string; reason: string }[] };
    expect(report.sites).toHaveLength(7);
    expect(lines[1]).toContain(report.sites[0]!.reason);
  });

  it.runIf(hasScript)('draws a progress bar on a terminal', () => {
    const dir = project({ 'cache.ts': LEAKY_CACHE });
    // util-linux `script` gives the CLI a pseudo-terminal; NO_COLOR keeps the diff plain.
    const run = spawnSync(
      'script',
      ['-qec', `${process.execPath} ${cliPath} migrate --strict --quiet cache.ts`, '/dev/null'],
      {
        cwd: dir,
        encoding: 'utf8',
        env: { ...process.env, NO_COLOR: '1' },
      },
    );
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/migrate \[-+\] 0\/1 files/);
  });

  it('adds lru-cache to the package.json that owns each rewritten file, in a version its Node engine runs', async () => {
    const dir = project({
      'package.json': `${JSON.stringify({ name: 'svc', engines: { node: '>=18' }, dependencies: { express: '^5.0.0' } }, null, 2)}\n`,
      'src/a.ts': LEAKY_CACHE,
      'src/b.ts': LEAKY_CACHE.replace('answers', 'replies'),
      'listed/package.json': JSON.stringify({ name: 'ok', dependencies: { 'lru-cache': '^11.0.0' } }),
      'listed/c.ts': LEAKY_CACHE,
      'modern/package.json': JSON.stringify({ name: 'modern', engines: { node: '^22.13.0 || >=24' } }),
      'modern/d.ts': LEAKY_CACHE,
    });
    const dry = await leakproofInProcess(['migrate', '--strict', '.'], dir);
    expect(dry.status).toBe(0);
    // Node 18 runs lru-cache 10, not 11 (which needs 20 or 22); the dry run shows the change as a diff.
    expect(dry.stdout).toContain('--- a/package.json\n+++ b/package.json\n');
    expect(dry.stdout).toContain('+    "lru-cache": "^10.0.0"');
    expect(dry.stderr.split('\n').filter(Boolean)).toEqual([
      'leakproof: would add lru-cache ^11.0.0 to modern/package.json (bounded-cache imports LRUCache from it)',
      'leakproof: would add lru-cache ^10.0.0 to package.json (bounded-cache imports LRUCache from it)',
    ]);
    expect((await leakproofInProcess(['migrate', '--strict', '--write', '.'], dir)).status).toBe(0);
    expect(JSON.parse(read(dir, 'package.json'))).toEqual({
      name: 'svc',
      engines: { node: '>=18' },
      dependencies: { express: '^5.0.0', 'lru-cache': '^10.0.0' },
    });
    expect(read(dir, 'package.json').endsWith('}\n')).toBe(true);
    expect(JSON.parse(read(dir, 'listed/package.json')).dependencies).toEqual({ 'lru-cache': '^11.0.0' });
    // A project-local cache module is the user's own: nothing to install.
    expect(
      (await leakproofInProcess(['migrate', '--strict', '--cache-import', './lib/cache', 'src'], dir)).stderr,
    ).toBe('');
  });

  it('adds lru-cache to the nearest package.json, not the root one, whatever an old copy in node_modules says', async () => {
    // Found on an example folder with its own package.json inside a library (tests/fixtures/cli/lru-cache-undeclared).
    const fixture = join(repoRoot, 'tests', 'fixtures', 'cli', 'lru-cache-undeclared');
    const tree = Object.fromEntries(
      ['package.json', 'example/package.json', 'example/client.js'].map((path) => [
        path,
        readFileSync(join(fixture, path), 'utf8'),
      ]),
    );
    // The library's own node_modules holds lru-cache 5, which has no LRUCache export.
    const dir = gitRepo({
      ...tree,
      'node_modules/lru-cache/package.json': JSON.stringify({ name: 'lru-cache', version: '5.1.1' }),
      '.gitignore': 'node_modules/\n',
    });
    const run = await leakproofInProcess(['migrate', '--strict', '--write', 'example'], dir);
    expect(run.status).toBe(0);
    expect(run.stderr).toBe(
      "leakproof: added lru-cache ^11.0.0 to example/package.json (bounded-cache imports LRUCache from it); run your package manager's install to fetch it and update the lockfile\n",
    );
    // The example is written in ES5, so the require is too.
    expect(read(dir, 'example/client.js')).toContain("var LRUCache = require('lru-cache').LRUCache;");
    expect(JSON.parse(read(dir, 'example/package.json')).dependencies).toEqual({
      'lru-cache': '^11.0.0',
      tinycolor2: '^1.6.0',
    });
    expect(read(dir, 'package.json')).toBe(tree['package.json']);
  });

  it('keeps disable comments true after a rewrite: ours honoured, others kept, floating-promise ones made stale removed', async () => {
    // The track-tasks fixture shows each case (comments naming no-floating-task, another rule, or a
    // floating-promise rule that stops reporting track(task())); migrate writes what the codemod gives.
    const fixture = join(repoRoot, 'tests', 'fixtures', 'codemods', 'track-tasks', 'floating-stale-directives');
    const input = readFileSync(`${fixture}.input.ts`, 'utf8');
    const dir = project({ 'tasks.ts': input });
    const run = await leakproofInProcess(['migrate', '--strict', '--write', 'tasks.ts'], dir);
    expect(run.status).toBe(0);
    expect(read(dir, 'tasks.ts')).toBe(readFileSync(`${fixture}.output.ts`, 'utf8'));
    // A registry passed with --tracker-import may return the promise: its comments are left.
    const imported = project({ 'tasks.ts': input });
    await leakproofInProcess(
      ['migrate', '--strict', '--write', '--tracker-import', './registry', 'tasks.ts'],
      imported,
    );
    expect(read(imported, 'tasks.ts')).toContain(
      '    // eslint-disable-next-line @typescript-eslint/no-floating-promises\n    track(save(item));',
    );
  });

  it('refuses the rewrites of a package whose Node is too old for LRUCache, or whose lru-cache lacks it', async () => {
    const dir = project({
      'old-node/package.json': JSON.stringify({ name: 'old', engines: { node: '>=12' } }),
      'old-node/a.ts': LEAKY_CACHE,
      'old-cache/package.json': JSON.stringify({ name: 'old-cache', dependencies: { 'lru-cache': '^6.0.0' } }),
      'old-cache/b.ts': LEAKY_CACHE,
    });
    const run = await leakproofInProcess(['migrate', '--strict', '--write', '--allow-dirty', '.'], dir);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain(
      'leakproof: old-node/a.ts: bounded-cache: old-node/package.json declares Node >=12, older than any lru-cache with the LRUCache export supports',
    );
    expect(run.stderr).toContain(
      'leakproof: old-cache/b.ts: bounded-cache: old-cache/package.json has lru-cache ^6.0.0, which has no LRUCache named export (it came in version 10): run npm install lru-cache@^10',
    );
    expect(read(dir, 'old-node/a.ts')).toBe(LEAKY_CACHE);
    expect(read(dir, 'old-cache/b.ts')).toBe(LEAKY_CACHE);
  });

  it('keeps CRLF line endings, a BOM and the file mode', async () => {
    const crlf = `\uFEFF${LEAKY_CACHE.replace(/\n/g, '\r\n')}`;
    const dir = project({ 'cache.ts': crlf });
    setMode(dir, 'cache.ts', 0o750);
    expect((await leakproofInProcess(['migrate', '--strict', '--write', 'cache.ts'], dir)).status).toBe(0);
    const out = read(dir, 'cache.ts');
    expect(out.startsWith('\uFEFFimport { LRUCache }')).toBe(true);
    expect(out.replace(/\r\n/g, '')).not.toContain('\n');
    expect(statSync(join(dir, 'cache.ts')).mode & 0o777).toBe(0o750);
  });

  it('a file that does not parse fails the run, and with --write nothing is written unless --skip-failed', () => {
    // One a codemod parses (it has a Map), one only the syntax check parses (nothing to rewrite).
    const broken = 'const seen = new Map();\nconst = ;\n';
    const plainBroken = 'export function f() {\n  return 1 +;\n}\n';
    const dir = project({ 'cache.ts': LEAKY_CACHE, 'broken.ts': broken, 'plain.ts': plainBroken });
    const run = leakproof(['migrate', '--strict', '--write', '.'], dir);
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(
      /^leakproof: broken\.ts: cannot parse: 2:\d+: .+\nleakproof: plain\.ts: cannot parse: 2:\d+: .+\nleakproof: 2 file\(s\) failed, so nothing was written/,
    );
    expect(run.stdout).toMatch(
      /files that failed \(left as they were\):\n {2}broken\.ts: cannot parse: 2:\d+: .+\n {2}plain\.ts: cannot parse: 2:\d+: /,
    );
    expect(read(dir, 'cache.ts')).toBe(LEAKY_CACHE);
    const skip = leakproof(['migrate', '--strict', '--write', '--skip-failed', '.'], dir);
    expect(skip.status).toBe(1);
    expect(read(dir, 'cache.ts')).toContain('LRUCache');
    expect(read(dir, 'broken.ts')).toBe(broken);
    expect(read(dir, 'plain.ts')).toBe(plainBroken);
  });

  it('fails a file that is not UTF-8 rather than rewriting it with replacement characters', async () => {
    const dir = project({});
    const latin1 = Buffer.concat([Buffer.from('// caf'), Buffer.from([0xe9]), Buffer.from(`\n${LEAKY_CACHE}`)]);
    writeFileSync(join(dir, 'cache.ts'), latin1);
    const run = await leakproofInProcess(['migrate', '--strict', '--write', '--skip-failed', 'cache.ts'], dir);
    expect(run.status).toBe(1);
    expect(run.stderr).toBe('leakproof: cache.ts: not UTF-8 text (the codemods read and write UTF-8 only)\n');
    expect(readFileSync(join(dir, 'cache.ts')).equals(latin1)).toBe(true);
  });

  it('reports a binary file with a JS name as failed', async () => {
    const dir = project({});
    writeFileSync(join(dir, 'blob.js'), Buffer.from([0x63, 0x00, 0x01]));
    const run = await leakproofInProcess(['migrate', '--strict', 'blob.js'], dir);
    expect(run.status).toBe(1);
    expect(run.stderr).toBe('leakproof: blob.js: binary file (NUL bytes outside comments and strings)\n');
    expect(run.stdout).toMatch(/failed 1\n/);
  });

  it('migrates a generated file with NUL bytes inside comments and strings: they are not code', async () => {
    const generated = `// descriptor: \0\u0001 (generated)\nconst separator = '\0';\n${LEAKY_CACHE}`;
    const dir = project({ 'generated.ts': generated });
    const run = await leakproofInProcess(['migrate', '--strict', '--write', 'generated.ts'], dir);
    expect(run).toMatchObject({ status: 0, stderr: '' });
    const written = read(dir, 'generated.ts');
    expect(written).toContain('LRUCache');
    expect(written).toContain(`// descriptor: \0\u0001 (generated)\nconst separator = '\0';\n`);
  });

  it('fails a file with a NUL byte in code as binary, with the reason; --skip-failed writes the others', async () => {
    const binary = `${LEAKY_CACHE}const x = 1;\0\n`;
    const dir = project({ 'cache.ts': LEAKY_CACHE, 'blob.ts': binary });
    const refused = await leakproofInProcess(['migrate', '--strict', '--write', '.'], dir);
    expect(refused.status).toBe(1);
    expect(refused.stderr).toBe(
      'leakproof: blob.ts: binary file (NUL bytes outside comments and strings)\n' +
        'leakproof: 1 file(s) failed, so nothing was written; fix them, or pass --skip-failed to write the other files\n',
    );
    expect(read(dir, 'cache.ts')).toBe(LEAKY_CACHE);
    const skipped = await leakproofInProcess(['migrate', '--strict', '--write', '--skip-failed', '.'], dir);
    // Failures still fail the run (exit 1), written or not.
    expect(skipped.status).toBe(1);
    expect(skipped.stderr).toBe('leakproof: blob.ts: binary file (NUL bytes outside comments and strings)\n');
    expect(skipped.stdout).toMatch(/^files scanned 2, changed 1, failed 1$/m);
    expect(skipped.stdout).toMatch(
      /files that failed \(left as they were\):\n {2}blob\.ts: binary file \(NUL bytes outside comments and strings\)/,
    );
    expect(read(dir, 'cache.ts')).toContain('LRUCache');
    expect(read(dir, 'blob.ts')).toBe(binary);
  });

  it('refuses to write in a dirty git work tree unless --allow-dirty', async () => {
    const dir = gitRepo({ 'cache.ts': LEAKY_CACHE, 'notes.md': 'x\n' });
    writeFileSync(join(dir, 'notes.md'), 'changed\n');
    const refused = await leakproofInProcess(['migrate', '--strict', '--write', '.'], dir);
    expect(refused.status).toBe(2);
    expect(refused.stderr).toMatch(/^leakproof: the git work tree \. has 1 uncommitted change\(s\)/);
    expect(read(dir, 'cache.ts')).toBe(LEAKY_CACHE);
    // A dry run never needs a clean tree.
    expect((await leakproofInProcess(['migrate', '--strict', '.'], dir)).status).toBe(0);
    expect((await leakproofInProcess(['migrate', '--strict', '--write', '--allow-dirty', '.'], dir)).status).toBe(0);
    expect(git(dir, 'status', '--porcelain')).toContain(' M cache.ts');
  });

  it('checks the work tree that holds the files, not the one it runs in', async () => {
    const repo = gitRepo({ 'cache.ts': LEAKY_CACHE, 'notes.md': 'x\n' });
    writeFileSync(join(repo, 'notes.md'), 'changed\n');
    const refused = await leakproofInProcess(['migrate', '--strict', '--write', basename(repo)], dirname(repo));
    expect(refused.status).toBe(2);
    expect(refused.stderr).toBe(
      `leakproof: the git work tree ${basename(repo)} has 1 uncommitted change(s); commit or stash them first, or pass --allow-dirty\n`,
    );
    expect(read(repo, 'cache.ts')).toBe(LEAKY_CACHE);
  });

  it('skips node_modules, build output, minified and declaration files, and honours .gitignore', async () => {
    const dir = project({
      'src/cache.ts': LEAKY_CACHE,
      'node_modules/dep/index.ts': LEAKY_CACHE,
      'dist/cache.js': LEAKY_CACHE,
      'src/vendor.min.js': LEAKY_CACHE,
      'src/types.d.ts': 'export declare const x: number;\n',
      'generated/cache.ts': LEAKY_CACHE,
      '.gitignore': 'generated/\n',
    });
    const run = await leakproofInProcess(['migrate', '--strict', '.'], dir);
    expect(run.stdout).toMatch(/files scanned 1, changed 1/);
  });

  // The client rules report in tests too (a cache there is exempt: the process ends), so the
  // memoize-client rewrite is what a test file would get.
  it('skips test files by default, counting them in the summary; --include-tests rewrites them', async () => {
    const files = {
      'src/cache.ts': CLIENT_PER_ACCESS,
      'src/cache.test.ts': CLIENT_PER_ACCESS,
      'test/helpers/cache.ts': CLIENT_PER_ACCESS,
      // A test by its imports only: found once a codemod parses it.
      'src/storage-double.ts': `import { vi } from 'vitest';\n${CLIENT_PER_ACCESS}`,
    };
    const dir = project(files);
    const run = await leakproofInProcess(['migrate', '--strict', '--write', '.'], dir);
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(
      /^files scanned 1, changed 1, failed 0\nfiles skipped 3: 3 test files \(--include-tests takes them\)$/m,
    );
    expect(read(dir, 'src/cache.ts')).toContain('#client');
    expect(read(dir, 'src/cache.test.ts')).toBe(CLIENT_PER_ACCESS);
    expect(read(dir, 'test/helpers/cache.ts')).toBe(CLIENT_PER_ACCESS);
    expect(read(dir, 'src/storage-double.ts')).toBe(files['src/storage-double.ts']);

    const included = project(files);
    const all = await leakproofInProcess(
      ['migrate', '--strict', '--write', '--include-tests', '--report', 'report.json', '.'],
      included,
    );
    expect(all.status).toBe(0);
    expect(all.stdout).toMatch(/^files scanned 4, changed 4, failed 0$/m);
    expect(all.stdout).not.toContain('files skipped');
    for (const path of Object.keys(files)) expect(read(included, path)).toContain('#client');
    expect(JSON.parse(read(included, 'report.json')).skipped).toEqual({});
  });

  it('judges file roles from the directory it is given, not from process.cwd() (a fixture app run on its own)', async () => {
    // runCli(argv, cwd) is the bin's entry point with the directory as an argument: a caller that
    // runs it from elsewhere (an editor extension, a test harness) must get what the bin gives there.
    const dir = project({ 'test/fixtures/app/src/cache.ts': LEAKY_CACHE });
    const app = join(dir, 'test', 'fixtures', 'app');
    const { runCli } = (await import(pathToFileURL(cliPath).href)) as {
      runCli(argv: readonly string[], cwd: string, output: object): Promise<number>;
    };
    let stdout = '';
    const output = { out: (text: string) => void (stdout += `${text}\n`), err: () => {}, isTTY: false, color: false };
    expect(process.cwd()).not.toBe(app);
    expect(await runCli(['migrate', '--strict', '--write', '--allow-dirty', '.'], app, output)).toBe(0);
    // Inside the app, src/cache.ts is source; from the process's directory it would sit in a test tree.
    expect(stdout).toMatch(/^files scanned 1, changed 1, failed 0$/m);
    expect(read(app, 'src/cache.ts')).toContain('LRUCache');
  });

  it('takes a test file named directly, and refuses a folder of tests only with the flag to pass', async () => {
    const dir = project({ 'test/cache.ts': CLIENT_PER_ACCESS });
    const named = await leakproofInProcess(['migrate', '--strict', 'test/cache.ts'], dir);
    expect(named.stdout).toMatch(/^files scanned 1, changed 1/m);
    const folder = await leakproofInProcess(['migrate', '--strict', '.'], dir);
    expect(folder.status).toBe(2);
    expect(folder.stderr).toBe(
      'leakproof: no JavaScript or TypeScript files found in .: 1 skipped, 1 test files (--include-tests takes them); a file named directly is always taken\n',
    );
  });

  it('takes only source files from a folder named like one (packages/discord.js holds package.json, not code)', async () => {
    const dir = project({
      'packages/discord.js/src/cache.ts': LEAKY_CACHE,
      'packages/discord.js/package.json': '{ "name": "discord.js", "dependencies": { "lru-cache": "^11.0.0" } }\n',
      'packages/discord.js/tsconfig.json': '{ "compilerOptions": {} }\n',
      'packages/discord.js/README.md': '# discord.js\n',
    });
    const run = await leakproofInProcess(['migrate', '--strict', '.'], dir);
    expect(run.stderr).toBe('');
    expect(run.stdout).toMatch(/files scanned 1, changed 1/);
    expect(await leakproofInProcess(['check', '--strict', '.'], dir)).toMatchObject({
      status: 1,
      stderr: 'leakproof check: 1 file linted\n',
    });
  });

  it('--shard splits the files deterministically, and report merge sums the shards', async () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 5; i++) files[`f${i}.ts`] = LEAKY_CACHE;
    // Skipped files are split too: by the sorted list of them (a, b, vendor) when the listing skips
    // them, with the files (z-double, the sixth, goes to shard 2) when a test is known by its imports.
    const skipped = {
      'a.test.ts': LEAKY_CACHE,
      'b.test.ts': LEAKY_CACHE,
      'vendor.min.js': LEAKY_CACHE,
      'z-double.ts': `import { vi } from 'vitest';\n${LEAKY_CACHE}`,
    };
    const dir = project({ ...files, ...skipped });
    expect(
      (await leakproofInProcess(['migrate', '--strict', '--shard', '1/2', '--report', 'a.json', '--quiet', '.'], dir))
        .status,
    ).toBe(0);
    expect(
      (await leakproofInProcess(['migrate', '--strict', '--shard', '2/2', '--report', 'b.json', '--quiet', '.'], dir))
        .status,
    ).toBe(0);
    const a = JSON.parse(read(dir, 'a.json'));
    const b = JSON.parse(read(dir, 'b.json'));
    expect([a.files.scanned, b.files.scanned]).toEqual([3, 2]);
    expect([a.skipped, b.skipped]).toEqual([{ test: 1, generated: 1 }, { test: 2 }]);
    expect(a.sites.map((s: { file: string }) => s.file)).toEqual(['f0.ts', 'f2.ts', 'f4.ts']);
    const merged = await leakproofInProcess(['report', 'merge', 'a.json', 'b.json'], dir);
    expect(merged.status).toBe(0);
    const report = JSON.parse(merged.stdout);
    expect(report.files).toEqual({ scanned: 5, changed: 5, failed: 0 });
    expect(report.skipped).toEqual({ test: 3, generated: 1 });
    const summary = await leakproofInProcess(['report', 'merge', '--out', 'merged.json', 'a.json', 'b.json'], dir);
    expect(summary.stdout).toMatch(
      /^files skipped 4: 1 generated \(\*\.min\.js, \*\.chunk\.js, \*\.bundle\.js, \*\.d\.ts\), 3 test files \(--include-tests takes them\)$/m,
    );
    expect(report.sites).toHaveLength(5);
    expect(report.sites[0]).toMatchObject({ file: 'f0.ts', line: 1, codemod: 'bounded-cache', status: 'rewritten' });
  });

  it('refuses to merge reports of different runs, and shards that are repeated, missing or mixed with a whole run', async () => {
    const dir = project({ 'f.ts': LEAKY_CACHE, 'g.ts': LEAKY_CACHE, 'package.json': '{"name":"app"}\n' });
    expect(
      (
        await leakproofInProcess(
          ['migrate', '--strict', '--shard', '1/2', '--report', '1of2.json', '--quiet', '.'],
          dir,
        )
      ).status,
    ).toBe(0);
    // The other reports are that one as other runs would have written it (one process saved each).
    const shard = JSON.parse(read(dir, '1of2.json')) as Record<string, unknown> & {
      options: Record<string, Record<string, unknown>>;
    };
    const variants: Record<string, object> = {
      'whole.json': { ...shard, shard: null },
      'max.json': {
        ...shard,
        shard: null,
        options: { ...shard.options, 'bounded-cache': { ...shard.options['bounded-cache'], max: 10 } },
      },
      '1of2-again.json': shard,
      '1of3.json': { ...shard, shard: '1/3' },
    };
    for (const [file, report] of Object.entries(variants)) writeFileSync(join(dir, file), JSON.stringify(report));
    const refusals: [string[], string][] = [
      [
        ['whole.json', 'max.json'],
        'max.json comes from a different run than whole.json (version, codemods, options or --write differ)',
      ],
      [['1of2.json', '1of2-again.json'], '1of2-again.json and 1of2.json are both shard 1/2'],
      [['1of2.json'], 'shard 2/2 missing: merge the reports of all 2 shards'],
      [['1of2.json', '1of3.json'], '1of3.json is shard 1/3, but 1of2.json splits the files in 2'],
      [
        ['whole.json', '1of2.json'],
        'whole.json is not the report of a shard (--shard i/n); only the shards of one run can be merged',
      ],
      [['nothing.json'], 'cannot read report nothing.json: ENOENT'],
      [['f.ts'], 'f.ts is not a leakproof migrate report (not JSON)'],
      [['package.json'], 'package.json is not a leakproof migrate report'],
    ];
    for (const [files, message] of refusals) {
      expect(await leakproofInProcess(['report', 'merge', ...files], dir), files.join(' ')).toMatchObject({
        status: 2,
        stdout: '',
        stderr: `leakproof: ${message}\n`,
      });
    }
    // One whole-run report merges to itself.
    expect(JSON.parse((await leakproofInProcess(['report', 'merge', 'whole.json'], dir)).stdout)).toEqual(
      JSON.parse(read(dir, 'whole.json')),
    );
  });

  it('gives one line and exit 2 for bad input, touching no file', async () => {
    const dir = project({ 'cache.ts': LEAKY_CACHE, 'notes.txt': 'x\n' });
    const cases: [string[], RegExp][] = [
      [['migrate', '--strict', '--write', 'missing'], /^leakproof: no such file or directory: missing\n$/],
      [
        ['migrate', '--strict', '--write', '--only', 'nope', '.'],
        /^leakproof: unknown codemod nope \(known: .*bounded-cache.*\)\n$/,
      ],
      [
        ['migrate', '--strict', '--write', '--max', 'lots', '.'],
        /^leakproof: bounded-cache: --max must be a positive whole number, got "lots"\n$/,
      ],
      [
        ['migrate', '--strict', '--write', '--jobs', '0', '.'],
        /^leakproof: --jobs must be a positive whole number, got "0"\n$/,
      ],
      [['migrate', '--strict', '--write', '--shard', '0/2', '.'], /^leakproof: --shard must look like i\/n/],
      [
        ['migrate', '--strict', '--write', '--only', 'track-tasks', '--max', '5', '.'],
        /^leakproof: --max is not an option of track-tasks\n$/,
      ],
      [
        ['migrate', '--strict', '--write', '--only', 'track-tasks', '--all-keys', '.'],
        /^leakproof: --all-keys is not an option of track-tasks\n$/,
      ],
      [['migrate', '--strict', '--write', 'missing.txt'], /^leakproof: no such file or directory: missing\.txt\n$/],
      [
        ['migrate', '--strict', '--write', 'notes.txt'],
        /^leakproof: not a JavaScript or TypeScript file: notes\.txt\n$/,
      ],
    ];
    // The bin sets the exit status runCli returns: one case as a process, the rest in this one.
    expect(leakproof(cases[0]![0], dir)).toMatchObject({
      status: 2,
      stdout: '',
      stderr: expect.stringMatching(cases[0]![1]),
    });
    for (const [args, message] of cases) {
      const run = await leakproofInProcess(args, dir);
      expect(run.status, args.join(' ')).toBe(2);
      expect(run.stderr, args.join(' ')).toMatch(message);
    }
    expect(read(dir, 'cache.ts')).toBe(LEAKY_CACHE);
  });
});
