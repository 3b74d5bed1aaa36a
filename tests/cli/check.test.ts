import { symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  CLEAN,
  CLIENT_PER_ACCESS,
  LEAKY_CACHE,
  LISTENER_PER_CALL,
  installInto,
  leakproof,
  leakproofInProcess,
  project,
  repoRoot,
} from './helpers.js';

const LINTED_ONE = 'leakproof check: 1 file linted\n';

describe('leakproof check', () => {
  it('exits 0 on clean code, with no eslint.config.js in the project', () => {
    const dir = project({ 'src/status.ts': CLEAN });
    const run = leakproof(['check', '--strict'], dir);
    // A clean run still says what it looked at, so a run over nothing cannot pass for one.
    expect(run).toMatchObject({ status: 0, stdout: '', stderr: 'leakproof check: 1 file linted\n' });
  });

  it('exits 1 and prints stylish findings for a leak', () => {
    const dir = project({ 'src/storage.ts': CLIENT_PER_ACCESS, 'src/status.ts': CLEAN });
    const run = leakproof(['check', '--strict', 'src'], dir);
    expect(run.status).toBe(1);
    expect(run.stdout).toMatch(/src[/\\]storage\.ts/);
    expect(run.stdout).toMatch(/5:12 +error +`S3Client` is built on every access.*leakproof\/no-client-in-getter/);
  });

  it('uses the strict config with --strict', async () => {
    const dir = project({ 'listener.ts': LISTENER_PER_CALL, 'src/cache.ts': LEAKY_CACHE });
    const strict = await leakproofInProcess(['check', '--strict', '.'], dir);
    expect(strict.status).toBe(1);
    expect(strict.stdout).toMatch(/leakproof\/no-listener-leak/);
    expect(strict.stdout).toMatch(/1:7 +error +Map `answers`.*leakproof\/no-unbounded-cache/);
  });

  it('reports only its own rules: inline comments naming or enabling rules it does not load are not problems', async () => {
    const dir = project({
      'src/app.ts': [
        '/* eslint no-console: "error" */',
        '// eslint-disable-next-line @typescript-eslint/no-explicit-any',
        'export const x: any = 1;',
        '// eslint-disable-next-line no-debugger',
        'console.log(x);',
        '// eslint-disable-next-line leakproof/no-unbounded-cache',
        'const seen = new Map<string, number>();',
        'export function see(url: string): void {',
        '  seen.set(url, 1);',
        '}',
        '',
      ].join('\n'),
    });
    // The leakproof directive serves the cache rule, so it is used, not stale.
    expect(await leakproofInProcess(['check', '--strict', 'src'], dir)).toMatchObject({
      status: 0,
      stdout: '',
      stderr: LINTED_ONE,
    });
  });

  it('warns of a disable comment for one of its rules that suppresses nothing, and counts only its own problems', async () => {
    const dir = project({
      'src/cache.ts': LEAKY_CACHE,
      'src/stale.ts':
        '// eslint-disable-next-line leakproof/no-unbounded-cache, @typescript-eslint/no-explicit-any\nexport const limits: any = {};\n',
    });
    const run = await leakproofInProcess(['check', '--strict', '--format', 'json', 'src'], dir);
    expect(run.status).toBe(1);
    const results = JSON.parse(run.stdout) as {
      filePath: string;
      errorCount: number;
      warningCount: number;
      messages: { ruleId: string | null; message: string }[];
    }[];
    const byFile = Object.fromEntries(results.map((r) => [r.filePath.replace(/.*[/\\]/, ''), r]));
    expect(byFile['cache.ts']).toMatchObject({ errorCount: 1, warningCount: 0 });
    expect(byFile['stale.ts']).toMatchObject({ errorCount: 0, warningCount: 1 });
    expect(byFile['stale.ts']!.messages.map((m) => m.message)).toEqual([
      expect.stringMatching(/Unused eslint-disable directive.*'leakproof\/no-unbounded-cache'/),
    ]);
  });

  it('takes any ESLint formatter with --format', async () => {
    const dir = project({ 'cache.ts': LEAKY_CACHE });
    const run = await leakproofInProcess(['check', '--strict', '--format', 'json', 'cache.ts'], dir);
    expect(run.status).toBe(1);
    const results = JSON.parse(run.stdout) as { messages: { ruleId: string }[] }[];
    expect(results[0]!.messages.map((m) => m.ruleId)).toEqual(['leakproof/no-unbounded-cache']);
  });

  it('loads a formatter package installed in the project (eslint-formatter-<name>), as SARIF users do', async () => {
    const dir = project({
      'cache.ts': LEAKY_CACHE,
      'node_modules/eslint-formatter-lines/package.json':
        '{"name":"eslint-formatter-lines","version":"1.0.0","main":"index.js"}',
      'node_modules/eslint-formatter-lines/index.js':
        'module.exports = (results) => results.flatMap((r) => r.messages.map((m) => `${m.line}:${m.ruleId}`)).join("\\n");\n',
    });
    expect(await leakproofInProcess(['check', '--strict', '--format', 'lines', 'cache.ts'], dir)).toMatchObject({
      status: 1,
      stdout: '1:leakproof/no-unbounded-cache\n',
    });
  });

  describe('--project-index', () => {
    // A helper that adds a process listener: per request when the route in the other file calls
    // it, which only the cross-file index can tell.
    const files = {
      'package.json': '{ "name": "app", "type": "module" }\n',
      'src/hooks.js': `export function logWarningsFor(id) {
  process.on('warning', (warning) => console.warn(id, warning));
}
`,
      'src/routes.js': `import express from 'express';
import { logWarningsFor } from './hooks.js';

const app = express();
app.get('/items/:id', (req, res) => {
  logWarningsFor(req.params.id);
  res.end();
});
app.listen(3000);
`,
    };

    it('lets rules ask the project index how often code runs', async () => {
      const dir = project(files);
      expect(await leakproofInProcess(['check', '--strict', 'src/hooks.js'], dir)).toMatchObject({ status: 0 });
      const run = await leakproofInProcess(['check', '--strict', '--project-index', 'src/hooks.js'], dir);
      expect(run.status).toBe(1);
      expect(run.stdout).toMatch(/2:3 +error .*called from the GET \/items\/:id handler.*leakproof\/no-listener-leak/);
    });

    it('sets the index on over the config given with --config', async () => {
      const dir = project({
        ...files,
        'strict.config.mjs': `import leakproof from ${JSON.stringify(pathToFileURL(join(repoRoot, 'dist/src/index.js')).href)};\nexport default [leakproof.configs.strict];\n`,
      });
      symlinkSync(join(repoRoot, 'node_modules'), join(dir, 'node_modules'));
      const args = ['check', '--config', 'strict.config.mjs'];
      expect(await leakproofInProcess([...args, 'src/hooks.js'], dir)).toMatchObject({ status: 0 });
      const run = await leakproofInProcess([...args, '--project-index', 'src/hooks.js'], dir);
      expect(run.status).toBe(1);
      expect(run.stdout).toMatch(/leakproof\/no-listener-leak/);
    });
  });

  it("uses the project's own config with --config", async () => {
    const dir = project({
      'cache.ts': LEAKY_CACHE,
      'custom.config.mjs': `import tsParser from '@typescript-eslint/parser';\nexport default [{ files: ['**/*.ts'], languageOptions: { parser: tsParser } }];\n`,
    });
    symlinkSync(join(repoRoot, 'node_modules'), join(dir, 'node_modules'));
    // With a config that enables no leakproof rule, the leak is not reported.
    const run = await leakproofInProcess(['check', '--config', 'custom.config.mjs', 'cache.ts'], dir);
    expect(run.stderr).toBe(LINTED_ONE);
    expect(run.status).toBe(0);
  });

  it("--type-aware uses the project's tsconfig.json: a key typed by an enum is finite", () => {
    const dir = project({
      'tsconfig.json': JSON.stringify({
        compilerOptions: { strict: true, module: 'nodenext', skipLibCheck: true },
        include: ['src'],
      }),
      'src/kinds.ts': "export enum Kind { A = 'a', B = 'b' }\n",
      'src/counts.ts': `import { Kind } from './kinds.js';\n\nconst counts = new Map();\n\nexport function count(messageKind: Kind): void {\n  counts.set(messageKind, (counts.get(messageKind) ?? 0) + 1);\n}\n`,
      'scripts/outside.js': 'export const x = 1;\n',
    });
    // Without types the key could be any value; with them it is one of two.
    expect(leakproof(['check', '--strict', 'src'], dir).stdout).toMatch(/3:7 +error +Map `counts`/);
    expect(leakproof(['check', '--strict', '--type-aware', 'src'], dir)).toMatchObject({
      status: 0,
      stdout: '',
      stderr: 'leakproof check: 2 files linted\n',
    });
    const outside = leakproof(['check', '--strict', '--type-aware', 'scripts/outside.js'], dir);
    expect(outside.status).toBe(2);
    expect(outside.stderr).toBe(
      `leakproof: scripts/outside.js: --type-aware needs the file in a tsconfig.json (TypeScript's project service did not find it)\n${LINTED_ONE}`,
    );
  });

  it('lints a file it is given even under node_modules, and a file the --config ignores is no finding', async () => {
    const dir = project({
      'node_modules/dep/cache.ts': LEAKY_CACHE,
      'src/cache.ts': LEAKY_CACHE,
      'ignoring.config.mjs': "export default [{ ignores: ['src/**'] }];\n",
    });
    expect((await leakproofInProcess(['check', '--strict', 'node_modules/dep/cache.ts'], dir)).stdout).toMatch(
      /1:7 +error +Map `answers`/,
    );
    // lint-staged passes every staged file, ignored or not: skipped, and said so.
    expect(await leakproofInProcess(['check', '--config', 'ignoring.config.mjs', 'src/cache.ts'], dir)).toMatchObject({
      status: 0,
      stdout: '',
      stderr: 'leakproof check: 0 files linted; 1 skipped: ignored by ignoring.config.mjs\n',
    });
  });

  it('gives one line and exit 2 for bad input', async () => {
    const dir = project({ 'broken.ts': 'const = ;\n', 'cache.ts': LEAKY_CACHE });
    // A process, for the exit status the bin sets; the other cases run in this one.
    const missing = leakproof(['check', '--strict', 'nope.ts'], dir);
    expect(missing).toMatchObject({ status: 2, stderr: 'leakproof: no such file or directory: nope.ts\n' });
    const syntax = await leakproofInProcess(['check', '--strict', 'broken.ts'], dir);
    expect(syntax.status).toBe(2);
    expect(syntax.stderr).toMatch(/^leakproof: broken\.ts:1:\d+: cannot parse: .+\nleakproof check: 1 file linted\n$/);
    writeFileSync(join(dir, 'blob.js'), Buffer.from([0x63, 0x00, 0x01]));
    expect(await leakproofInProcess(['check', '--strict', 'blob.js'], dir)).toMatchObject({
      status: 2,
      stderr: `leakproof: blob.js: binary file (NUL bytes outside comments and strings)\n${LINTED_ONE}`,
    });
    // NUL bytes in a comment are text: a syntax error elsewhere is reported as such, and a valid file is linted.
    writeFileSync(join(dir, 'nul-broken.ts'), '// generated \0\nconst = ;\n');
    expect((await leakproofInProcess(['check', '--strict', 'nul-broken.ts'], dir)).stderr).toMatch(
      /^leakproof: nul-broken\.ts:2:\d+: cannot parse: /,
    );
    writeFileSync(join(dir, 'nul-client.ts'), `// generated \0\n${CLIENT_PER_ACCESS}`);
    const nulClient = await leakproofInProcess(['check', '--strict', 'nul-client.ts'], dir);
    expect(nulClient).toMatchObject({ status: 1, stderr: LINTED_ONE });
    expect(nulClient.stdout).toContain('no-client-in-getter');
    const format = await leakproofInProcess(['check', '--strict', '--format', 'no-such-formatter', 'cache.ts'], dir);
    expect(format.status).toBe(2);
    expect(format.stderr).toMatch(/^leakproof: unknown --format no-such-formatter/);
    const flag = await leakproofInProcess(['check', '--strict', '--bogus'], dir);
    expect(flag).toMatchObject({ status: 2, stderr: "leakproof: unknown option '--bogus'\n" });
  });

  it('drops the stylish hint about --fix, which check does not take', async () => {
    const dir = project({
      'src/stale.ts': '// eslint-disable-next-line leakproof/no-client-in-getter\nexport const limit = 1;\n',
    });
    const run = await leakproofInProcess(['check', '--strict', 'src'], dir);
    expect(run.status).toBe(1);
    expect(run.stdout).toMatch(/1:1 +warning +Unused eslint-disable directive/);
    expect(run.stdout).toContain('✖ 1 problem (0 errors, 1 warning)');
    expect(run.stdout).not.toContain('--fix');
  });

  it('lints a file with an /* eslint-env */ comment (ESLint 10 refuses the comment; it is not ours)', () => {
    const dir = project({ 'src/storage.ts': `/* eslint-env node, mocha */\n${CLIENT_PER_ACCESS}` });
    const run = leakproof(['check', '--strict', 'src'], dir);
    expect(run.status).toBe(1);
    expect(run.stdout).toMatch(/6:12 +error +`S3Client` is built on every access/);
    expect(run.stdout).not.toMatch(/eslint-env/);
    expect(run.stderr).toBe(LINTED_ONE);
  });
});

describe('leakproof check never passes silently', () => {
  it('lints a path outside the working directory', async () => {
    const dir = project({
      'app/src/status.ts': CLEAN,
      'app/eslint.config.mjs': 'export default [];\n',
      'leaky/cache.ts': LEAKY_CACHE,
    });
    const app = join(dir, 'app');
    const run = await leakproofInProcess(['check', '--strict', '../leaky'], app);
    expect(run.status).toBe(1);
    expect(run.stdout).toMatch(/1:7 +error +Map `answers`/);
    expect(run.stderr).toBe(LINTED_ONE);
    // With --config, ESLint starts the config's file patterns at the working directory: refused.
    expect(await leakproofInProcess(['check', '--config', 'eslint.config.mjs', '../leaky'], app)).toMatchObject({
      status: 2,
      stdout: '',
      stderr:
        'leakproof: ../leaky is outside the working directory, where the file patterns of eslint.config.mjs start; run leakproof from a folder that holds it\n',
    });
  });

  it('with --config, a named folder in which the config lints nothing is an error', async () => {
    const dir = project({
      'src/cache.ts': LEAKY_CACHE,
      'ignoring.config.mjs': "export default [{ ignores: ['src/**'] }];\n",
    });
    expect(await leakproofInProcess(['check', '--config', 'ignoring.config.mjs', 'src'], dir)).toMatchObject({
      status: 2,
      stdout: '',
      stderr:
        'leakproof: ignoring.config.mjs lints no file in src: it ignores them, or no config object\'s "files" matches them\n',
    });
  });

  it('prints the whole message of an error in the config, with exit 2', async () => {
    const plugin = pathToFileURL(join(repoRoot, 'dist', 'src', 'index.js')).href;
    const dir = project({
      'cache.ts': LEAKY_CACHE,
      'eslint.config.mjs': `import leakproof from '${plugin}';\nexport default [leakproof.configs.recommended, { rules: { 'leakproof/no-client-in-handler': ['error', { reportClose: true }] } }];\n`,
    });
    const run = await leakproofInProcess(['check', '--config', 'eslint.config.mjs', 'cache.ts'], dir);
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(
      /^leakproof: eslint\.config\.mjs: Key "rules": Key "leakproof\/no-client-in-handler":\n/,
    );
    expect(run.stderr).toContain(
      'Unexpected property "reportClose". Expected properties: "clients", "typeAware", "reportClosed".',
    );
  });

  it('gives a crash its own exit code, 3, with the stack behind --debug', () => {
    const dir = project({
      'cache.ts': LEAKY_CACHE,
      'crash.config.mjs': [
        "import tsParser from '@typescript-eslint/parser';",
        "const crash = { meta: {}, create: () => ({ Program() { throw new TypeError('cannot read the program'); } }) };",
        "export default [{ files: ['**/*.ts'], languageOptions: { parser: tsParser }, plugins: { local: { rules: { crash } } }, rules: { 'local/crash': 'error' } }];",
        '',
      ].join('\n'),
    });
    symlinkSync(join(repoRoot, 'node_modules'), join(dir, 'node_modules'));
    const run = leakproof(['check', '--config', 'crash.config.mjs', 'cache.ts'], dir);
    expect(run.status).toBe(3);
    expect(run.stderr).toMatch(
      /^leakproof: internal error: cannot read the program\nOccurred while linting .*cache\.ts:1\nRule: "local\/crash"\n/,
    );
    expect(run.stderr).toMatch(
      /\nleakproof: run again with --debug for the stack, and please report it to the plugin that provides local\/crash\n$/,
    );
    expect(run.stderr).not.toMatch(/^ +at /m);
    const debug = leakproof(['check', '--debug', '--config', 'crash.config.mjs', 'cache.ts'], dir);
    expect(debug.status).toBe(3);
    expect(debug.stderr).toMatch(/^ +at Program .*crash\.config\.mjs/m);
  });

  describe.each([
    ['ESLint 9', 'eslint-v9'],
    ['ESLint 8.57', 'eslint-v8'],
  ])('installed next to %s', (_version, eslintPackage) => {
    it('reports findings and stale disable comments as on ESLint 10, and nothing of /* eslint-env */ comments', () => {
      const dir = project({
        'src/storage.ts': CLIENT_PER_ACCESS,
        'src/stale.ts': '// eslint-disable-next-line leakproof/no-client-in-getter\nexport const limit = 1;\n',
        'src/legacy.js': '/* eslint-env node */\nexports.status = 1;\n',
      });
      const cli = installInto(dir, eslintPackage);
      const run = leakproof(['check', '--strict', 'src'], dir, {}, cli);
      expect(run.status).toBe(1);
      expect(run.stdout).toMatch(/5:12 +error +`S3Client` is built on every access/);
      expect(run.stdout).toMatch(
        /1:1 +warning +Unused eslint-disable directive \(no problems were reported from 'leakproof\/no-client-in-getter'\)/,
      );
      expect(run.stderr).toBe('leakproof check: 3 files linted\n');
    });
  });

  it('refuses an ESLint older than 8.57, naming the version it found', () => {
    const dir = project({
      'src/status.ts': CLEAN,
      'eslint-8.56/package.json': '{ "name": "eslint", "version": "8.56.0", "main": "index.js" }\n',
      'eslint-8.56/index.js': "class ESLint {}\nESLint.version = '8.56.0';\nmodule.exports = { ESLint };\n",
    });
    const cli = installInto(dir, join(dir, 'eslint-8.56'));
    expect(leakproof(['check', '--strict', 'src'], dir, {}, cli)).toMatchObject({
      status: 2,
      stdout: '',
      stderr:
        'leakproof: leakproof check needs ESLint 8.57 or later (this project has ESLint 8.56.0); update it: npm install --save-dev eslint@latest\n',
    });
  });
});
