import { spawn, spawnSync } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  statSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { IndexCache, whileLocked } from '../../src/project/cache.js';
import { extractFacts } from '../../src/project/extract.js';
import { ProjectIndex, forgetProjectIndexes, frequencyOf, projectIndexFor } from '../../src/project/index.js';

const fixture = fileURLToPath(new URL('../fixtures/projects/index-express', import.meta.url));

/** A copy of the express fixture in a temporary folder, so the cache and edits stay out of the repository. */
function copyOfFixture(): string {
  const root = mkdtempSync(join(tmpdir(), 'leakproof-index-'));
  cpSync(fixture, root, { recursive: true });
  return root;
}

const offsetAfter = (root: string, file: string, snippet: string): number =>
  readFileSync(join(root, file), 'utf8').indexOf(snippet) + snippet.length;

/**
 * The clock moved on by `ms`: files written by the test count as changed that long ago. Their
 * change time cannot be set back (only the modification time can), so the clock moves instead.
 */
function laterBy(ms: number): void {
  vi.useFakeTimers({ toFake: ['Date'], now: Date.now() + ms });
}

afterEach(() => {
  vi.useRealTimers();
  forgetProjectIndexes();
});

describe('the disk cache', () => {
  it('parses every file on a cold run and none on a warm run', () => {
    const root = copyOfFixture();
    const cold = ProjectIndex.build(root);
    expect(cold.stats.parsed).toHaveLength(cold.fileCount);
    expect(existsSync(join(root, 'node_modules/.cache/leakproof'))).toBe(true);
    const warm = ProjectIndex.build(root);
    expect(warm.stats).toMatchObject({ parsed: [], fromCache: cold.fileCount });
  });

  it('re-parses only the file that changed, and recomputes the links across files', () => {
    const root = copyOfFixture();
    const helper = offsetAfter(root, 'src/lib/clients.ts', 'export function makeClient() {');
    expect(ProjectIndex.build(root).frequencyOf(join(root, 'src/lib/clients.ts'), helper)).toMatchObject({
      kind: 'repeats',
      repeatKind: 'request',
    });

    // The POST route goes: createOrder, and makeClient below it, no longer run per request.
    const routes = join(root, 'src/routes/orders.ts');
    writeFileSync(routes, readFileSync(routes, 'utf8').replace("  app.post('/orders', createOrder);\n", ''));
    const warm = ProjectIndex.build(root);
    expect(warm.stats.parsed).toEqual(['src/routes/orders.ts']);
    expect(warm.frequencyOf(join(root, 'src/lib/clients.ts'), helper)).toMatchObject({ kind: 'unknown' });
  });

  it('keeps unsaved text in memory only: the disk cache still matches the files on disk', () => {
    const root = copyOfFixture();
    const routes = join(root, 'src/routes/orders.ts');
    const index = ProjectIndex.build(root);
    expect(index.update(routes, `${readFileSync(routes, 'utf8')}\n// typing…\n`)).toBe(true);
    expect(ProjectIndex.build(root).stats.parsed).toEqual([]);
  });

  it('writes nothing with the cache off', () => {
    const root = copyOfFixture();
    ProjectIndex.build(root, { cache: false });
    expect(existsSync(join(root, 'node_modules'))).toBe(false);
  });

  it('ignores a cache written under another key (another plugin version or options)', () => {
    const root = copyOfFixture();
    const dir = join(root, 'cache');
    new IndexCache(dir, root, 'old-version').save(
      new Map([['src/main.ts', { hash: 'x', facts: { functions: [] } as never }]]),
    );
    expect(new IndexCache(dir, root, 'new-version').load().size).toBe(0);
    expect(new IndexCache(dir, root, 'old-version').load().size).toBe(1);
  });

  it('trusts the times and size of a file changed well before it was read, and reads one whose time or size changed', () => {
    const root = copyOfFixture();
    // An hour from now, the copy's files have settled when the cold run hashes them.
    laterBy(3_600_000);
    const cold = ProjectIndex.build(root);
    expect(cold.stats.read).toBe(cold.fileCount);
    expect(ProjectIndex.build(root).stats).toMatchObject({ read: 0, parsed: [], fromCache: cold.fileCount });

    const routes = join(root, 'src/routes/orders.ts');
    writeFileSync(routes, readFileSync(routes, 'utf8').replace("  app.post('/orders', createOrder);\n", ''));
    const warm = ProjectIndex.build(root);
    expect(warm.stats).toMatchObject({ read: 1, parsed: ['src/routes/orders.ts'] });
    const helper = offsetAfter(root, 'src/lib/clients.ts', 'export function makeClient() {');
    expect(warm.frequencyOf(join(root, 'src/lib/clients.ts'), helper)).toMatchObject({ kind: 'unknown' });
  });

  it('reads a file again when an edit kept its size and set its modification time back', () => {
    const root = copyOfFixture();
    const routes = join(root, 'src/routes/orders.ts');
    // A time in whole seconds, so that setting it again gives the very same stamp.
    const hourAgo = Math.floor(Date.now() / 1000) - 3600;
    utimesSync(routes, hourAgo, hourAgo);
    laterBy(3_600_000);
    const helper = offsetAfter(root, 'src/lib/clients.ts', 'export function makeClient() {');
    expect(ProjectIndex.build(root).frequencyOf(join(root, 'src/lib/clients.ts'), helper).kind).toBe('repeats');

    // The same number of characters, the route commented out, and the old time restored.
    const text = readFileSync(routes, 'utf8');
    const edited = text.replace("  app.post('/orders', createOrder);", "//app.post('/orders', createOrder);");
    expect(edited).not.toBe(text);
    expect(edited.length).toBe(text.length);
    writeFileSync(routes, edited);
    utimesSync(routes, hourAgo, hourAgo);
    expect(statSync(routes).mtimeMs).toBe(hourAgo * 1000);
    laterBy(7_200_000);
    const warm = ProjectIndex.build(root);
    expect(warm.stats).toMatchObject({ read: 1, parsed: ['src/routes/orders.ts'] });
    expect(warm.frequencyOf(join(root, 'src/lib/clients.ts'), helper).kind).toBe('unknown');
  });

  it('reads a touched file again, keeps its facts when its content is the same, and links nothing again', () => {
    const root = copyOfFixture();
    laterBy(3_600_000);
    const helper = offsetAfter(root, 'src/lib/clients.ts', 'export function makeClient() {');
    expect(ProjectIndex.build(root).frequencyOf(join(root, 'src/lib/clients.ts'), helper).kind).toBe('repeats');

    const routes = join(root, 'src/routes/orders.ts');
    const now = new Date();
    utimesSync(routes, now, now);
    laterBy(7_200_000);
    const warm = ProjectIndex.build(root);
    expect(warm.stats).toMatchObject({ read: 1, parsed: [] });
    expect(warm.frequencyOf(join(root, 'src/lib/clients.ts'), helper).kind).toBe('repeats');
    expect(warm.stats.linked).toEqual({
      resolved: 0,
      callsFromCache: true,
      targetsFromCache: true,
      frequencyFromCache: true,
    });
  });

  it('takes a file saved with a byte order mark to be the text ESLint hands over without it: nothing parsed or linked again', () => {
    const root = copyOfFixture();
    const routes = join(root, 'src/routes/orders.ts');
    const text = readFileSync(routes, 'utf8');
    writeFileSync(routes, `\ufeff${text}`);
    const helper = offsetAfter(root, 'src/lib/clients.ts', 'export function makeClient() {');
    expect(ProjectIndex.build(root).frequencyOf(join(root, 'src/lib/clients.ts'), helper).kind).toBe('repeats');

    const warm = ProjectIndex.build(root);
    // ESLint's sourceCode.text has no BOM.
    expect(warm.update(routes, text)).toBe(false);
    expect(warm.frequencyOf(join(root, 'src/lib/clients.ts'), helper).kind).toBe('repeats');
    expect(warm.stats).toMatchObject({ parsed: [], linked: { resolved: 0, callsFromCache: true } });
  });

  it('uses the configured cache folder', () => {
    const root = copyOfFixture();
    const cacheDir = join(root, 'elsewhere');
    ProjectIndex.build(root, { cacheDir });
    expect(ProjectIndex.build(root, { cacheDir }).stats.parsed).toEqual([]);
    expect(existsSync(join(root, 'node_modules'))).toBe(false);
  });
});

describe('the links on disk (resolved imports, linked calls)', () => {
  const pathsFixture = fileURLToPath(new URL('../fixtures/projects/index-paths', import.meta.url));
  const answer = (index: ProjectIndex, root: string): string =>
    index.frequencyOf(
      join(root, 'src/lib/clients.ts'),
      offsetAfter(root, 'src/lib/clients.ts', 'export function makeClient() {'),
    ).kind;

  it('links nothing again on a warm run where no file changed, and answers the same', () => {
    const root = copyOfFixture();
    const cold = ProjectIndex.build(root);
    expect(answer(cold, root)).toBe('repeats');
    expect(cold.stats.linked).toMatchObject({ callsFromCache: false });
    expect(cold.stats.linked!.resolved).toBeGreaterThan(0);

    const warm = ProjectIndex.build(root);
    expect(answer(warm, root)).toBe('repeats');
    expect(warm.stats.linked).toEqual({
      resolved: 0,
      callsFromCache: true,
      targetsFromCache: true,
      frequencyFromCache: true,
    });
    expect(warm.importersOf(join(root, 'src/lib/clients.ts'))).toEqual(
      cold.importersOf(join(root, 'src/lib/clients.ts')),
    );
  });

  it('links the calls and propagates frequency again after a file changed, reusing the resolved imports', () => {
    const root = copyOfFixture();
    ProjectIndex.build(root).frequencyOf(join(root, 'src/main.ts'), 0);
    const routes = join(root, 'src/routes/orders.ts');
    writeFileSync(routes, readFileSync(routes, 'utf8').replace("  app.post('/orders', createOrder);\n", ''));
    const warm = ProjectIndex.build(root);
    expect(answer(warm, root)).toBe('unknown');
    expect(warm.stats.linked).toEqual({
      resolved: 0,
      callsFromCache: false,
      targetsFromCache: true,
      frequencyFromCache: false,
    });
    // The next run takes the new calls and what was propagated over them from the links.
    const next = ProjectIndex.build(root);
    expect(answer(next, root)).toBe('unknown');
    expect(next.stats.linked).toMatchObject({ callsFromCache: true, frequencyFromCache: true });
  });

  it('resolves every import again when a file is added or removed', () => {
    const root = copyOfFixture();
    ProjectIndex.build(root).frequencyOf(join(root, 'src/main.ts'), 0);
    writeFileSync(join(root, 'src/lib/extra.ts'), 'export const extra = 1;\n');
    const warm = ProjectIndex.build(root);
    warm.frequencyOf(join(root, 'src/main.ts'), 0);
    expect(warm.stats.linked!.resolved).toBeGreaterThan(0);
  });

  it('resolves again when a tsconfig the resolver reads changes (its paths move)', () => {
    const root = mkdtempSync(join(tmpdir(), 'leakproof-index-'));
    cpSync(pathsFixture, root, { recursive: true });
    const users = join(root, 'src/lib/users.ts');
    const at = offsetAfter(root, 'src/lib/users.ts', 'export async function findUser(id: string | null) {');
    expect(ProjectIndex.build(root).frequencyOf(users, at).kind).toBe('repeats');

    const tsconfig = join(root, 'tsconfig.json');
    writeFileSync(tsconfig, readFileSync(tsconfig, 'utf8').replace('src/lib/*', 'src/elsewhere/*'));
    const warm = ProjectIndex.build(root);
    expect(warm.frequencyOf(users, at).kind).toBe('unknown');
    expect(warm.stats.linked!.resolved).toBeGreaterThan(0);
    expect(warm.stats.parsed).toEqual([]);
  });

  it('resolves again when a config that tsconfig.json extends changes, two levels down and named without .json', () => {
    const root = mkdtempSync(join(tmpdir(), 'leakproof-index-'));
    cpSync(pathsFixture, root, { recursive: true });
    mkdirSync(join(root, 'config'));
    writeFileSync(join(root, 'tsconfig.json'), '{ "extends": "./config/app" }');
    writeFileSync(join(root, 'config/app.json'), '{ "extends": "./paths.json" }');
    const paths = join(root, 'config/paths.json');
    writeFileSync(paths, '{ "compilerOptions": { "baseUrl": "..", "paths": { "@lib/*": ["src/lib/*"] } } }');
    const users = join(root, 'src/lib/users.ts');
    const at = offsetAfter(root, 'src/lib/users.ts', 'export async function findUser(id: string | null) {');
    expect(ProjectIndex.build(root).frequencyOf(users, at).kind).toBe('repeats');

    writeFileSync(paths, readFileSync(paths, 'utf8').replace('src/lib/*', 'src/elsewhere/*'));
    const warm = ProjectIndex.build(root);
    expect(warm.frequencyOf(users, at).kind).toBe('unknown');
    expect(warm.stats.linked!.resolved).toBeGreaterThan(0);
  });
});

describe('the frequency propagated over the calls, on disk with the links', () => {
  const files = [
    'src/main.ts',
    'src/handlers/orders.ts',
    'src/lib/clients.ts',
    'src/lib/legacy.ts',
    'src/services/orders.ts',
  ];
  /** How often every function of the fixture's files runs, with its evidence, as `index` answers. */
  const everyAnswer = (index: ProjectIndex, root: string) =>
    files.flatMap((file) => {
      const path = join(root, file);
      return extractFacts(path, readFileSync(path, 'utf8')).functions.map((fn) => index.frequencyOf(path, fn.start));
    });

  it('gives every answer a build without the cache gives', () => {
    const root = copyOfFixture();
    const cold = ProjectIndex.build(root);
    const expected = everyAnswer(ProjectIndex.build(root, { cache: false }), root);
    expect(expected.map((answer) => answer.kind)).toEqual(expect.arrayContaining(['repeats', 'once', 'unknown']));
    expect(everyAnswer(cold, root)).toEqual(expected);
    expect(cold.stats.linked).toMatchObject({ frequencyFromCache: false });
    const warm = ProjectIndex.build(root);
    expect(everyAnswer(warm, root)).toEqual(expected);
    expect(warm.stats.linked).toMatchObject({ frequencyFromCache: true });
  });

  it('is propagated again after a function is added in one module (the graph numbered anew), then kept', () => {
    const root = copyOfFixture();
    everyAnswer(ProjectIndex.build(root), root);
    const handlers = join(root, 'src/handlers/orders.ts');
    writeFileSync(
      handlers,
      readFileSync(handlers, 'utf8')
        .replace(
          'export async function createOrder',
          'export function audit(order) {\n  return order;\n}\n\nexport async function createOrder',
        )
        .replace('  res.json({ ...order', '  audit(order);\n  res.json({ ...order'),
    );
    const expected = everyAnswer(ProjectIndex.build(root, { cache: false }), root);
    const changed = ProjectIndex.build(root);
    expect(everyAnswer(changed, root)).toEqual(expected);
    expect(changed.stats.linked).toMatchObject({ callsFromCache: false, frequencyFromCache: false });
    const warm = ProjectIndex.build(root);
    expect(everyAnswer(warm, root)).toEqual(expected);
    expect(warm.stats.linked).toMatchObject({ callsFromCache: true, frequencyFromCache: true });
  });

  it('is not taken at another depth', () => {
    const root = copyOfFixture();
    const clients = join(root, 'src/lib/clients.ts');
    const helper = offsetAfter(root, 'src/lib/clients.ts', 'export function makeClient() {');
    expect(ProjectIndex.build(root).frequencyOf(clients, helper).kind).toBe('repeats');
    // makeClient is three calls below the route's handler: one call deep does not reach it.
    const shallow = ProjectIndex.build(root, { maxDepth: 1 });
    expect(shallow.frequencyOf(clients, helper).kind).toBe('unknown');
    expect(shallow.stats.linked).toMatchObject({ callsFromCache: true, frequencyFromCache: false });
  });
});

describe('the package targets on disk (the `bin` and entry files of the process lifetimes)', () => {
  /** A package whose `bin` loads a worker module: both end with their work while package.json names the bin. */
  function binProject(): { root: string; tool: string; work: string } {
    const root = mkdtempSync(join(tmpdir(), 'leakproof-index-'));
    writeFileSync(
      join(root, 'package.json'),
      JSON.stringify({ name: 'tool', private: true, bin: { tool: 'bin/tool.js' } }),
    );
    mkdirSync(join(root, 'bin'));
    mkdirSync(join(root, 'lib'));
    writeFileSync(join(root, 'bin/tool.js'), "require('../lib/work').run();\n");
    writeFileSync(join(root, 'lib/work.js'), 'exports.run = () => console.log(1);\n');
    return { root, tool: join(root, 'bin/tool.js'), work: join(root, 'lib/work.js') };
  }

  it('are kept with the links: a warm run answers the lifetimes as a cold one, without reading them again', () => {
    const { root, work } = binProject();
    const cold = ProjectIndex.build(root);
    const answer = cold.lifetimeOf(work);
    expect(answer).toEqual({
      shortLived: true,
      reason: 'bin/tool.js loads it: a program that ends with its work (a package.json bin)',
    });
    expect(cold.stats.linked).toMatchObject({ targetsFromCache: false });
    const warm = ProjectIndex.build(root);
    expect(warm.lifetimeOf(work)).toEqual(answer);
    expect(warm.stats.linked).toEqual({
      resolved: 0,
      callsFromCache: true,
      targetsFromCache: true,
      frequencyFromCache: true,
    });
  });

  it('are read again when a package.json changes, and after one file changed are kept', () => {
    const { root, tool, work } = binProject();
    ProjectIndex.build(root).lifetimeOf(work);
    writeFileSync(join(root, 'package.json'), JSON.stringify({ name: 'tool', private: true }));
    const changed = ProjectIndex.build(root);
    expect(changed.lifetimeOf(work).shortLived).toBe(false);
    expect(changed.stats.linked).toMatchObject({ targetsFromCache: false });
    writeFileSync(tool, "#!/usr/bin/env node\nrequire('../lib/work').run();\n");
    const edited = ProjectIndex.build(root);
    expect(edited.lifetimeOf(work)).toEqual({
      shortLived: true,
      reason: 'bin/tool.js loads it: a program that ends with its work (a `#!` program)',
    });
    expect(edited.stats.linked).toEqual({
      resolved: 0,
      callsFromCache: false,
      targetsFromCache: true,
      frequencyFromCache: false,
    });
  });
});

describe('one build at a time per cache (ESLint --concurrency workers, parallel processes)', () => {
  const cacheOf = (root: string): IndexCache => new IndexCache(join(root, 'node_modules/.cache/leakproof'), root, 'k');

  it('waits while another process holds the lock, then reads the cache it wrote instead of parsing again', async () => {
    const root = copyOfFixture();
    const cold = ProjectIndex.build(root);
    const lock = `${cacheOf(root).file}.lock`;
    // Another builder: takes the lock, holds it a moment, records when it let go.
    const released = join(root, 'released');
    const holder = spawn(process.execPath, [
      '-e',
      `const fs = require('node:fs');
       fs.writeFileSync(${JSON.stringify(lock)}, String(process.pid), { flag: 'wx' });
       setTimeout(() => { fs.writeFileSync(${JSON.stringify(released)}, String(Date.now())); fs.unlinkSync(${JSON.stringify(lock)}); }, 700);`,
    ]);
    while (!existsSync(lock)) await new Promise((done) => setTimeout(done, 10));
    const warm = ProjectIndex.build(root);
    // The build returned only after the other let go.
    expect(existsSync(released)).toBe(true);
    await new Promise((done) => holder.on('exit', done));
    expect(warm.stats).toMatchObject({ parsed: [], fromCache: cold.fileCount });
    expect(existsSync(lock)).toBe(false);
  });

  it('breaks a lock left by a process that died, and removes its own when done', () => {
    const root = copyOfFixture();
    const cache = cacheOf(root);
    const dead = spawnSync(process.execPath, ['-e', 'console.log(process.pid)'], { encoding: 'utf8' });
    ProjectIndex.build(root); // creates the folder
    writeFileSync(`${cache.file}.lock`, dead.stdout.trim());
    expect(whileLocked(cache, () => 'built')).toBe('built');
    expect(readdirSync(join(cache.file, '..')).filter((name) => name.endsWith('.lock'))).toEqual([]);
  });

  it('removes its lock when the build throws', () => {
    const root = copyOfFixture();
    const cache = cacheOf(root);
    expect(() =>
      whileLocked(cache, () => {
        throw new Error('parser crashed');
      }),
    ).toThrow('parser crashed');
    expect(existsSync(`${cache.file}.lock`)).toBe(false);
  });
});

describe('one index per process', () => {
  it('is shared by every file of a project and follows unsaved text for the file being linted', () => {
    const root = copyOfFixture();
    const routes = join(root, 'src/routes/orders.ts');
    const index = projectIndexFor(routes, { cache: false });
    expect(index).toBeDefined();
    expect(projectIndexFor(join(root, 'src/main.ts'), { cache: false })).toBe(index);

    const helper = join(root, 'src/lib/format.ts');
    const at = offsetAfter(root, 'src/lib/format.ts', 'export function formatMoney(cents: number) {');
    expect(frequencyOf(helper, at, { cache: false })).toMatchObject({ kind: 'repeats' });
    // An editor's unsaved text for the route file: no route calls createOrder any more.
    const edited = readFileSync(routes, 'utf8').replace("  app.post('/orders', createOrder);\n", '');
    const before = index!.stats.parsed.length;
    expect(index!.update(routes, edited)).toBe(true);
    expect(index!.stats.parsed.slice(before)).toEqual(['src/routes/orders.ts']);
    // formatMoney is still called at start-up, but createOrder now has no callers: outside code may call it.
    expect(frequencyOf(helper, at, { cache: false })).toMatchObject({
      kind: 'unknown',
      evidence: [{ description: 'createOrder() has no callers in the project' }, {}],
    });
    expect(index!.update(routes, edited)).toBe(false);
  });

  it('gives no index for a file outside every project, or one .gitignore excludes', () => {
    const stray = mkdtempSync(join(tmpdir(), 'leakproof-stray-'));
    writeFileSync(join(stray, 'a.js'), 'export const a = 1;\n');
    expect(projectIndexFor(join(stray, 'a.js'), { cache: false })).toBeUndefined();
    expect(frequencyOf(join(stray, 'a.js'), 0, { cache: false })).toMatchObject({ kind: 'unknown' });

    const root = copyOfFixture();
    writeFileSync(join(root, '.gitignore'), 'generated/\n');
    cpSync(join(root, 'src/lib'), join(root, 'generated'), { recursive: true });
    expect(projectIndexFor(join(root, 'generated/format.ts'), { cache: false })).toBeUndefined();
    expect(projectIndexFor(join(root, 'src/lib/format.ts'), { cache: false })).toBeDefined();
  });

  it('picks up files added on disk when refreshed', () => {
    const root = copyOfFixture();
    const index = ProjectIndex.build(root, { cache: false });
    writeFileSync(join(root, 'src/lib/extra.ts'), 'export const extra = 1;\n');
    index.refresh();
    expect(index.has(join(root, 'src/lib/extra.ts'))).toBe(true);
    expect(index.stats.parsed).toEqual(['src/lib/extra.ts']);
  });
});
