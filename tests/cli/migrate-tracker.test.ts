// track-tasks under `leakproof migrate`: the files of one package share one tracked-tasks module,
// created once beside the package's source, whose drain() waits for the tasks and whose failure
// handler can be replaced; a second run changes nothing.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { trackedTasksModule } from '../../src/families/tasks/tracked-tasks-module.js';
import { typeErrorsByFile } from '../helpers/codemod-fixtures.js';
import { leakproofInProcess, project, read } from './helpers.js';

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
  it('never creates the module outside the paths it was given: a folder inside a bigger package keeps the per-file helper', async () => {
    const dir = project({
      'package.json': '{ "name": "monolith", "type": "module" }\n',
      'src/index.ts': 'export {};\n',
      'examples/service/src/orders.ts': perItem('confirmAll', 'confirm', true),
    });
    const run = await leakproofInProcess(['migrate', '--write', 'examples/service'], dir);
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/files scanned 1, changed 1, failed 0/);
    expect(run.stderr).toBe('');
    expect(existsSync(join(dir, 'src', 'lib'))).toBe(false);
    const orders = read(dir, 'examples/service/src/orders.ts');
    expect(orders).toContain('track(confirm(item));');
    expect(orders).not.toContain("from '");
    expect(orders).toMatch(/^\/\/ Background tasks started in this file/m);
    expect(orders).toContain('pendingTasks');
  });

  it('two TypeScript files of a package import one created src/lib/tracked-tasks.ts; the output type-checks; a second run changes nothing', async () => {
    const dir = project({
      'package.json': '{ "name": "shop", "type": "module" }\n',
      'tsconfig.json': '{ "compilerOptions": { "strict": true } }\n',
      'src/orders.ts': perItem('confirmAll', 'confirm', true),
      'src/jobs/mail.ts': perItem('mailAll', 'mail', true),
    });
    const first = await leakproofInProcess(['migrate', '--write', '.'], dir);
    expect(first.status).toBe(0);
    expect(first.stdout).toMatch(/files scanned 2, changed 2, failed 0/);
    expect(first.stderr).toBe(
      'leakproof: created src/lib/tracked-tasks.ts, the task registry the tracked files import: on shutdown, `await drain()` from it so pending tasks finish; setTaskFailureHandler(fn) sends failed tasks to your logger (default: console.error)\n',
    );
    expect(read(dir, 'src/lib/tracked-tasks.ts')).toBe(trackedTasksModule('typescript'));
    const orders = read(dir, 'src/orders.ts');
    const mail = read(dir, 'src/jobs/mail.ts');
    expect(orders).toBe(
      `import { track } from './lib/tracked-tasks.js';\n\n${perItem('confirmAll', 'confirm', true).replace('    confirm(item);', '    track(confirm(item));')}`,
    );
    expect(mail).toContain("import { track } from '../lib/tracked-tasks.js';\n");
    expect(mail).toContain('    track(mail(item));');
    expect(mail).not.toContain('pendingTasks');

    const files = ['src/orders.ts', 'src/jobs/mail.ts', 'src/lib/tracked-tasks.ts'].map((file) => join(dir, file));
    expect(Object.fromEntries(typeErrorsByFile(files))).toEqual(Object.fromEntries(files.map((file) => [file, []])));

    const second = await leakproofInProcess(['migrate', '--write', '.'], dir);
    expect(second).toMatchObject({ status: 0, stderr: '' });
    expect(second.stdout).toMatch(/files scanned 3, changed 0, failed 0/);
    expect([read(dir, 'src/orders.ts'), read(dir, 'src/jobs/mail.ts')]).toEqual([orders, mail]);
    expect(readdirSync(join(dir, 'src', 'lib'))).toEqual(['tracked-tasks.ts']);
  });

  it('each package of a monorepo gets its own module, at its root without src/; a CommonJS TypeScript package type-checks too', async () => {
    const dir = project({
      'package.json': '{ "name": "monorepo", "private": true }\n',
      'packages/api/package.json': '{ "name": "api", "type": "module" }\n',
      'packages/api/src/orders.ts': perItem('confirmAll', 'confirm', true),
      'packages/worker/package.json': '{ "name": "worker" }\n',
      'packages/worker/mail.ts': perItem('mailAll', 'mail', true),
      'packages/worker/jobs/retry.ts': perItem('retryAll', 'retry', true),
    });
    const run = await leakproofInProcess(['migrate', '--write', '.'], dir);
    expect(run.stderr.match(/^leakproof: created [^,]+/gm)).toEqual([
      'leakproof: created packages/api/src/lib/tracked-tasks.ts',
      'leakproof: created packages/worker/tracked-tasks.ts',
    ]);
    expect(read(dir, 'packages/worker/jobs/retry.ts')).toContain("import { track } from '../tracked-tasks.js';\n");
    const files = [
      'api/src/orders.ts',
      'api/src/lib/tracked-tasks.ts',
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
    const run = await leakproofInProcess(['migrate', '.'], dir);
    expect(run.stdout).toContain('+++ b/src/lib/tracked-tasks.js\n@@ -0,0 +1,39 @@\n');
    expect(run.stderr).toMatch(/^leakproof: would create src\/lib\/tracked-tasks\.js, /);
    expect(existsSync(join(dir, 'src', 'lib'))).toBe(false);
  });

  it('in an ES module package: drain() waits for a pending task, and a replaced handler receives a failure', async () => {
    const dir = project({
      'package.json': '{ "name": "shop", "type": "module" }\n',
      'src/orders.js': perItem('confirmAll', 'confirm', false),
    });
    expect((await leakproofInProcess(['migrate', '--write', '.'], dir)).status).toBe(0);
    expect(read(dir, 'src/lib/tracked-tasks.js')).toBe(trackedTasksModule('esm'));
    const script = `
      import { confirmAll, done } from './src/orders.js';
      import { drain, setTaskFailureHandler } from './src/lib/tracked-tasks.js';
      setTaskFailureHandler((error) => console.log('handled:', error.message));
      confirmAll(['a', 'bad', 'b']);
      console.log('before drain:', done.length);
      await drain();
      console.log('after drain:', done.join(','));
    `;
    expect(runScript(dir, script)).toBe('before drain: 0\nhandled: bad item\nafter drain: a,b\n');
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
    expect((await leakproofInProcess(['migrate', '--write', '.'], dir)).status).toBe(0);
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
    expect((await leakproofInProcess(['migrate', '--write', '.'], loose)).stderr).toBe('');
    expect(read(loose, 'orders.ts')).toContain('const pendingTasks = new Set<Promise<void>>();');

    const named = project({
      'package.json': '{ "name": "shop" }\n',
      'src/orders.ts': perItem('confirmAll', 'confirm', true),
    });
    expect((await leakproofInProcess(['migrate', '--write', '--tracker-import', '#tasks', '.'], named)).stderr).toBe(
      '',
    );
    expect(read(named, 'src/orders.ts')).toContain("import { track } from '#tasks';");
    expect(existsSync(join(named, 'src', 'lib'))).toBe(false);
  });
});
