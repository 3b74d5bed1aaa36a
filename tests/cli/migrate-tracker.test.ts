// track-tasks under `leakproof migrate`: the files of one package share one tracked-tasks module,
// created once beside the package's source, whose drain() waits for the tasks and whose failure
// handler can be replaced; a second run changes nothing.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { trackedTasksModule } from '../../src/families/tasks/tracked-tasks-module.js';
import { typeErrorsByFile } from '../helpers/codemod-fixtures.js';
import { fixtureTree, leakproofInProcess, project, read } from './helpers.js';

/** A module whose exported function starts one task per item and lets it float. */
const perItem = (
  name: string,
  task: string,
  typed: boolean,
): string => `async function ${task}(item${typed ? ': string' : ''})${typed ? ': Promise<void>' : ''} {
  await new Promise((resolve) => setTimeout(resolve, 20));
  if (item === 'bad') throw new Error('bad item');
  done.push(item);
}

export const done${typed ? ': string[]' : ''} = [];

export function ${name}(items${typed ? ': string[]' : ''})${typed ? ': void' : ''} {
  for (const item of items) {
    ${task}(item);
  }
}
`;

/** Runs an ES module script with node in `dir`; its standard output. */
function runScript(dir: string, script: string): string {
  const result = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
    cwd: dir,
    encoding: 'utf8',
    timeout: 30_000,
  });
  expect(result.stderr).toBe('');
  return result.stdout;
}

describe('leakproof migrate: one shared task tracker per package', () => {
  it('never creates the module outside the paths it was given, nor reuses one neither above the file nor inside them (a test fixture)', async () => {
    const dir = project({
      'package.json': '{ "name": "monolith", "type": "module" }\n',
      'src/index.ts': 'export {};\n',
      'examples/service/src/orders.ts': perItem('confirmAll', 'confirm', true),
      // Neither above the file nor inside the path given: not this folder's registry.
      'src/jobs/tracked-tasks.ts': trackedTasksModule('typescript'),
      'examples/service/test/fixtures/tracked-tasks.ts': trackedTasksModule('typescript'),
    });
    const run = await leakproofInProcess(['migrate', '--strict', '--write', 'examples/service'], dir);
    expect(run.status).toBe(0);
    // The fixture's module is test code (a fixture folder inside a test tree): skipped, not scanned.
    expect(run.stdout).toMatch(/files scanned 1, changed 1, failed 0\nfiles skipped 1: 1 test files/);
    expect(run.stderr).toMatch(/^leakproof: created examples\/service\/src\/tracked-tasks\.ts, /);
    expect(existsSync(join(dir, 'src', 'tracked-tasks.ts'))).toBe(false);
    expect(read(dir, 'examples/service/src/orders.ts')).toContain("import { track } from './tracked-tasks.js';\n");
    const again = await leakproofInProcess(['migrate', '--strict', '--write', 'examples/service'], dir);
    expect(again.stdout).toMatch(/files scanned 2, changed 0, failed 0/);
  });

  it('two TypeScript files of a package import one module created in the deepest folder holding both (src/); the output type-checks; a second run changes nothing', async () => {
    const dir = project({
      'package.json': '{ "name": "shop", "type": "module" }\n',
      'tsconfig.json': '{ "compilerOptions": { "strict": true } }\n',
      'src/orders.ts': perItem('confirmAll', 'confirm', true),
      'src/jobs/mail.ts': perItem('mailAll', 'mail', true),
    });
    const first = await leakproofInProcess(['migrate', '--strict', '--write', '.'], dir);
    expect(first.status).toBe(0);
    expect(first.stdout).toMatch(/files scanned 2, changed 2, failed 0/);
    expect(first.stderr).toBe(
      "leakproof: created src/tracked-tasks.ts, the task registry the tracked files import: on shutdown, `await drain()` from it so pending tasks finish; setTaskFailureHandler(fn) sends failed tasks to your logger (default: the process's unhandledRejection listeners, else console.error)\n",
    );
    expect(read(dir, 'src/tracked-tasks.ts')).toBe(trackedTasksModule('typescript'));
    const orders = read(dir, 'src/orders.ts');
    const mail = read(dir, 'src/jobs/mail.ts');
    expect(orders).toBe(
      `import { track } from './tracked-tasks.js';\n\n${perItem('confirmAll', 'confirm', true).replace('    confirm(item);', '    track(confirm(item));')}`,
    );
    expect(mail).toContain("import { track } from '../tracked-tasks.js';\n");
    expect(mail).toContain('    track(mail(item));');
    expect(mail).not.toContain('pendingTasks');

    const files = ['src/orders.ts', 'src/jobs/mail.ts', 'src/tracked-tasks.ts'].map((file) => join(dir, file));
    expect(Object.fromEntries(typeErrorsByFile(files))).toEqual(Object.fromEntries(files.map((file) => [file, []])));

    const second = await leakproofInProcess(['migrate', '--strict', '--write', '.'], dir);
    expect(second).toMatchObject({ status: 0, stderr: '' });
    expect(second.stdout).toMatch(/files scanned 3, changed 0, failed 0/);
    expect([read(dir, 'src/orders.ts'), read(dir, 'src/jobs/mail.ts')]).toEqual([orders, mail]);
    expect(readdirSync(join(dir, 'src')).sort()).toEqual(['jobs', 'orders.ts', 'tracked-tasks.ts']);
  });

  it('each package of a monorepo gets its own module; a CommonJS TypeScript package imports it without extension and type-checks', async () => {
    const dir = project({
      'package.json': '{ "name": "monorepo", "private": true }\n',
      'packages/api/package.json': '{ "name": "api", "type": "module" }\n',
      'packages/api/src/orders.ts': perItem('confirmAll', 'confirm', true),
      'packages/worker/package.json': '{ "name": "worker" }\n',
      'packages/worker/mail.ts': perItem('mailAll', 'mail', true),
      'packages/worker/jobs/retry.ts': perItem('retryAll', 'retry', true),
    });
    const run = await leakproofInProcess(['migrate', '--strict', '--write', '.'], dir);
    expect(run.stderr.match(/^leakproof: created [^,]+/gm)).toEqual([
      'leakproof: created packages/api/src/tracked-tasks.ts',
      'leakproof: created packages/worker/tracked-tasks.ts',
    ]);
    expect(read(dir, 'packages/worker/jobs/retry.ts')).toContain("import { track } from '../tracked-tasks';\n");
    const files = [
      'api/src/orders.ts',
      'api/src/tracked-tasks.ts',
      'worker/mail.ts',
      'worker/jobs/retry.ts',
      'worker/tracked-tasks.ts',
    ].map((file) => join(dir, 'packages', file));
    expect(Object.fromEntries(typeErrorsByFile(files))).toEqual(Object.fromEntries(files.map((file) => [file, []])));
  });

  it('a dry run shows the module it would create and creates nothing', async () => {
    const dir = project({
      'package.json': '{ "name": "shop" }\n',
      'src/orders.js': perItem('confirmAll', 'confirm', false),
    });
    const run = await leakproofInProcess(['migrate', '--strict', '.'], dir);
    const moduleLines = trackedTasksModule('commonjs').split('\n').length - 1;
    expect(run.stdout).toContain(`+++ b/src/tracked-tasks.js\n@@ -0,0 +1,${moduleLines} @@\n`);
    expect(run.stderr).toMatch(/^leakproof: would create src\/tracked-tasks\.js, /);
    expect(existsSync(join(dir, 'src', 'tracked-tasks.js'))).toBe(false);
  });

  it('in an ES module package: drain() waits for a pending task, and a replaced handler receives a failure', async () => {
    const dir = project({
      'package.json': '{ "name": "shop", "type": "module" }\n',
      'src/orders.js': perItem('confirmAll', 'confirm', false),
    });
    expect((await leakproofInProcess(['migrate', '--strict', '--write', '.'], dir)).status).toBe(0);
    expect(read(dir, 'src/tracked-tasks.js')).toBe(trackedTasksModule('esm'));
    const script = `
      import { confirmAll, done } from './src/orders.js';
      import { drain, setTaskFailureHandler } from './src/tracked-tasks.js';
      setTaskFailureHandler((error) => console.log('handled:', error.message));
      confirmAll(['a', 'bad', 'b']);
      console.log('before drain:', done.length);
      await drain();
      console.log('after drain:', done.join(','));
    `;
    expect(runScript(dir, script)).toBe('before drain: 0\nhandled: bad item\nafter drain: a,b\n');
  });

  it("hands a failure to the process's own unhandledRejection listeners when it has some (as before the rewrite)", async () => {
    const dir = project({
      'package.json': '{ "name": "shop", "type": "module" }\n',
      'src/orders.js': perItem('confirmAll', 'confirm', false),
    });
    expect((await leakproofInProcess(['migrate', '--strict', '--write', '.'], dir)).status).toBe(0);
    // From the second review: a server whose own handler logs a fatal error and exits.
    const script = `
      import { confirmAll } from './src/orders.js';
      import { drain } from './src/tracked-tasks.js';
      process.on('unhandledRejection', (error) => console.log('fatal:', error.message));
      confirmAll(['a', 'bad']);
      await drain();
    `;
    expect(runScript(dir, script)).toBe('fatal: bad item\n');
  });

  it('in a CommonJS package: the module is CommonJS, required by CommonJS files and imported by ES modules', async () => {
    const commonJs = perItem('confirmAll', 'confirm', false)
      .replace('export const done = [];', 'const done = [];\nexports.done = done;')
      .replace('export function confirmAll', 'exports.confirmAll = function confirmAll');
    const dir = project({
      'package.json': '{ "name": "shop" }\n',
      'orders.js': `'use strict';\n\n${commonJs}`,
      'mail.mjs': perItem('mailAll', 'mail', false),
    });
    expect((await leakproofInProcess(['migrate', '--strict', '--write', '.'], dir)).status).toBe(0);
    expect(read(dir, 'tracked-tasks.js')).toBe(trackedTasksModule('commonjs'));
    expect(read(dir, 'orders.js')).toContain("'use strict';\nconst { track } = require('./tracked-tasks.js');\n");
    expect(read(dir, 'mail.mjs')).toContain("import { track } from './tracked-tasks.js';\n");
    const script = `
      import { createRequire } from 'node:module';
      import { mailAll, done as mailed } from './mail.mjs';
      import { drain } from './tracked-tasks.js';
      const { confirmAll, done: confirmed } = createRequire(import.meta.url)('./orders.js');
      confirmAll(['a']);
      mailAll(['b']);
      await drain();
      console.log(confirmed.join(','), mailed.join(','));
    `;
    expect(runScript(dir, script)).toBe('a b\n');
  });

  it('outside any package, and with --tracker-import, no module is created', async () => {
    const loose = project({ 'orders.ts': perItem('confirmAll', 'confirm', true) });
    expect((await leakproofInProcess(['migrate', '--strict', '--write', '.'], loose)).stderr).toBe('');
    expect(read(loose, 'orders.ts')).toContain('const pendingTasks = new Set<Promise<void>>();');

    const named = project({
      'package.json': '{ "name": "shop" }\n',
      'src/orders.ts': perItem('confirmAll', 'confirm', true),
    });
    expect(
      (await leakproofInProcess(['migrate', '--strict', '--write', '--tracker-import', '#tasks', '.'], named)).stderr,
    ).toBe('');
    expect(read(named, 'src/orders.ts')).toContain("import { track } from '#tasks';");
    expect(existsSync(join(named, 'src', 'tracked-tasks.ts'))).toBe(false);
  });

  it('is created inside the folder that holds every importing file, not at a root the deployment leaves out; later runs reuse it', async () => {
    // tests/fixtures/cli/tracker-outside-deployed-folder: the Dockerfile ships index.js and server/ only.
    const dir = project(fixtureTree('tracker-outside-deployed-folder'));
    const first = await leakproofInProcess(['migrate', '--strict', '--write', '.'], dir);
    expect(first.status).toBe(0);
    expect(first.stderr).toMatch(/^leakproof: created server\/tracked-tasks\.js, /);
    expect(existsSync(join(dir, 'tracked-tasks.js'))).toBe(false);
    expect(read(dir, 'server/tracked-tasks.js')).toBe(trackedTasksModule('commonjs', { quote: "'", semi: true }));
    const routes = read(dir, 'server/routes.js');
    expect(routes).toContain("const express = require('express')\nconst { track } = require('./tracked-tasks.js')\n");
    expect(routes).toContain('  track(initialise(req, res))\n');

    const second = await leakproofInProcess(['migrate', '--strict', '--write', '.'], dir);
    expect(second).toMatchObject({ status: 0, stderr: '' });
    expect(second.stdout).toMatch(/files scanned 3, changed 0, failed 0/);
    expect(read(dir, 'server/routes.js')).toBe(routes);

    // A later importer outside server/ uses that module too (one registry per package, one drain()),
    // required without extension as the file's other relative require is.
    const startup = `const { router } = require('./server/routes')

async function warmUp(name) {
  await fetch(\`http://127.0.0.1/warm/\${name}\`)
}

router.get('/warm', (req, res) => {
  warmUp(req.query.name)
  res.end()
})
`;
    writeFileSync(join(dir, 'warm.js'), startup);
    const third = await leakproofInProcess(['migrate', '--strict', '--write', '.'], dir);
    expect(third).toMatchObject({ status: 0, stderr: '' });
    expect(read(dir, 'warm.js')).toContain(
      "const { router } = require('./server/routes')\nconst { track } = require('./server/tracked-tasks')\n",
    );
    expect(existsSync(join(dir, 'tracked-tasks.js'))).toBe(false);
  });

  it("writes the import as the file's other relative imports are written: no extension in a CommonJS TypeScript package", async () => {
    // tests/fixtures/cli/tracker-import-extension: jest (ts-jest) resolves './x.js' literally, so it would not find x.ts.
    const dir = project(fixtureTree('tracker-import-extension'));
    const run = await leakproofInProcess(['migrate', '--strict', '--write', '.'], dir);
    expect(run.status).toBe(0);
    expect(run.stderr).toMatch(/^leakproof: created src\/tracked-tasks\.ts, /);
    const client = read(dir, 'src/client.ts');
    expect(client).toContain("import { Socket } from './socket';\nimport { track } from './tracked-tasks';\n");
    const files = ['src/client.ts', 'src/socket.ts', 'src/tracked-tasks.ts'].map((file) => join(dir, file));
    expect(Object.fromEntries(typeErrorsByFile(files))).toEqual(Object.fromEntries(files.map((file) => [file, []])));
    expect((await leakproofInProcess(['migrate', '--strict', '--write', '.'], dir)).stdout).toMatch(
      /changed 0, failed 0/,
    );
    expect(read(dir, 'src/client.ts')).toBe(client);
  });

  it("writes '.js' where the file's relative imports carry it (NodeNext), and falls back on the package's module resolution", async () => {
    const socket = "import { Socket } from './socket.js';\n\n";
    const dir = project({
      'package.json': '{ "name": "feeds" }\n',
      'tsconfig.json': '{ "compilerOptions": { "module": "NodeNext", "strict": true } }\n',
      'src/socket.ts': 'export type Socket = { id: string };\n',
      'src/orders.ts': `${socket}export type Order = Socket;\n${perItem('confirmAll', 'confirm', true)}`,
      'src/jobs/mail.ts': perItem('mailAll', 'mail', true),
    });
    expect((await leakproofInProcess(['migrate', '--strict', '--write', '.'], dir)).status).toBe(0);
    expect(read(dir, 'src/orders.ts')).toContain(`${socket.trimEnd()}\nimport { track } from './tracked-tasks.js';\n`);
    // No relative import to follow: tsconfig's NodeNext needs the extension.
    expect(read(dir, 'src/jobs/mail.ts')).toContain("import { track } from '../tracked-tasks.js';\n");
  });
});
