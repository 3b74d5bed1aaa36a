// The published artifact: `npm pack`, unpacked into a temporary project's node_modules as npm
// would install it, with its dependencies linked from this repository's node_modules (fast and
// offline; a dependency the package forgot to declare does not resolve; optional peers such as
// jscodeshift are left out, as npm leaves them out). Then: the tarball holds what users need and
// nothing else, every "exports" path resolves, the plugin lints with
// `[leakproof.configs.strict]` through ESLint's own CLI, the bin runs (`migrate` too, without
// jscodeshift), and each codemod rewrites a file under the stock jscodeshift CLI, with its default
// Babel register and with --no-babel. A real install from the registry (its footprint) is in
// footprint.test.ts, a file of its own so that it waits on the registry beside other files.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stripVTControlCharacters } from 'node:util';
import type { Transform as JscodeshiftTransform } from 'jscodeshift';
import { afterAll, beforeAll, describe, expect, expectTypeOf, it } from 'vitest';
import { codemods } from '../../codemods/index.js';
import { rules } from '../../rules/index.js';
import { outline } from '../meta/markdown.js';
import { expectedFindings, installProject, repoRoot, temporaryFolder } from './projects.js';

interface PackageJson {
  name: string;
  exports: Record<string, string | { types?: string; default: string }>;
  bin: Record<string, string>;
  dependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  peerDependenciesMeta?: Record<string, { optional?: boolean }>;
  files: string[];
}

const packageJson = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as PackageJson;
const node = (args: readonly string[], cwd: string, env: Record<string, string> = {}, timeout = 120_000) =>
  spawnSync(process.execPath, args, { cwd, encoding: 'utf8', timeout, env: { ...process.env, ...env } });

let folder: ReturnType<typeof temporaryFolder>;
let projectDir: string;
let installed: string;
let tarballFiles: string[];

beforeAll(() => {
  folder = temporaryFolder('pack');
  // --ignore-scripts: `prepare` would rebuild; the test setup has already built dist/.
  const packed = JSON.parse(
    execFileSync('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', folder.path], {
      cwd: repoRoot,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    }),
  ) as Array<{ filename: string; files: Array<{ path: string }> }>;
  tarballFiles = packed[0]!.files.map((file) => file.path).sort();

  const requiredPeers = Object.keys(packageJson.peerDependencies ?? {}).filter(
    (name) => !packageJson.peerDependenciesMeta?.[name]?.optional,
  );
  // typescript is an optional peer, but the fixture lints TypeScript, as a TypeScript project would.
  const dependencies = [...Object.keys(packageJson.dependencies ?? {}), ...requiredPeers, 'typescript'];
  const links = Object.fromEntries(dependencies.map((name) => [name, join(repoRoot, 'node_modules', name)]));
  projectDir = installProject('flat-strict', join(folder.path, 'project'), links);
  installed = join(projectDir, 'node_modules', packageJson.name);
  mkdirSync(installed, { recursive: true });
  execFileSync('tar', ['-xzf', join(folder.path, packed[0]!.filename), '-C', installed, '--strip-components=1']);
});

afterAll(() => folder?.remove());

describe('npm pack', () => {
  it('holds what users need: the build, the docs, the README', () => {
    expect(tarballFiles).toContain('package.json');
    expect(tarballFiles).toContain('README.md');
    expect(tarballFiles).toContain('dist/src/index.js');
    expect(tarballFiles).toContain('dist/src/index.d.ts');
    for (const rule of Object.keys(rules)) expect(tarballFiles).toContain(`docs/rules/${rule}.md`);
    for (const codemod of Object.keys(codemods)) {
      expect(tarballFiles).toContain(`dist/codemods/${codemod}.js`);
      expect(tarballFiles).toContain(`dist/codemods/${codemod}.d.ts`);
      expect(tarballFiles).toContain(`dist/codemods/${codemod}.cjs`);
    }
  });

  it('ships its JavaScript without comments and its type declarations with them', () => {
    const shipped = (suffix: string) =>
      tarballFiles.filter((path) => path.startsWith('dist/src/') && path.endsWith(suffix));
    const commented = (path: string) => /^\s*(\/\/|\/\*)/m.test(readFileSync(join(installed, path), 'utf8'));
    expect(shipped('.js').filter(commented)).toEqual([]);
    // The declarations keep their doc comments, which editors show on hover.
    expect(commented('dist/src/index.d.ts') || shipped('.d.ts').some(commented)).toBe(true);
  });

  it('ships only the declarations its exports reach', () => {
    // The project index is internal: nothing under `exports` names its types.
    expect(tarballFiles).toContain('dist/src/project/index.js');
    expect(tarballFiles).not.toContain('dist/src/project/index.d.ts');
  });

  it('holds nothing else: no sources, tests, fixtures, examples or build stamps', () => {
    const unexpected = tarballFiles.filter(
      (path) =>
        !['package.json', 'README.md', 'LICENSE', '.pre-commit-hooks.yaml'].includes(path) &&
        !/^dist\/(src|rules|codemods)\/.+\.(js|d\.ts)$/.test(path) &&
        !/^dist\/codemods\/[\w-]+\.cjs$/.test(path) &&
        !/^docs\/.+\.md$/.test(path),
    );
    expect(unexpected).toEqual([]);
  });
});

describe('the installed tarball', () => {
  /** Every subpath "exports" names, with wildcards expanded over the files the tarball holds. */
  function exportedSubpaths(): Array<{ specifier: string; types: string | undefined }> {
    const subpaths: Array<{ specifier: string; types: string | undefined }> = [];
    for (const [key, target] of Object.entries(packageJson.exports)) {
      const { types, default: main } = typeof target === 'string' ? { types: undefined, default: target } : target;
      const specifier = (subpath: string): string =>
        subpath === '.' ? packageJson.name : `${packageJson.name}/${subpath.slice(2)}`;
      if (!key.includes('*')) {
        subpaths.push({ specifier: specifier(key), types });
        continue;
      }
      const [prefix, suffix] = main.slice(2).split('*') as [string, string];
      for (const file of tarballFiles) {
        if (!file.startsWith(prefix) || !file.endsWith(suffix) || file.endsWith('.d.ts')) continue;
        const stem = file.slice(prefix.length, file.length - suffix.length);
        subpaths.push({ specifier: specifier(key.replace('*', stem)), types: types?.replace('*', stem) });
      }
    }
    return subpaths;
  }

  it('resolves and loads every "exports" path, each with its type declarations', () => {
    const subpaths = exportedSubpaths();
    expect(subpaths.map((subpath) => subpath.specifier)).toEqual(
      expect.arrayContaining([
        packageJson.name,
        `${packageJson.name}/package.json`,
        ...Object.keys(codemods).map((name) => `${packageJson.name}/codemods/${name}`),
      ]),
    );
    for (const { types } of subpaths) if (types) expect(tarballFiles).toContain(types.slice(2));

    // Resolved and imported from inside the project, as user code does.
    const script = `
      const out = {};
      for (const specifier of process.argv.slice(1)) {
        const module = specifier.endsWith('.json') ? await import(specifier, { with: { type: 'json' } }) : await import(specifier);
        out[specifier] = { keys: Object.keys(module).sort(), defaultType: typeof module.default, parser: module.parser };
      }
      console.log(JSON.stringify(out));`;
    const run = node(
      ['--input-type=module', '-e', script, ...subpaths.map((subpath) => subpath.specifier)],
      projectDir,
    );
    expect(run.stderr).not.toMatch(/Error/);
    expect(run.status).toBe(0);
    const loaded = JSON.parse(run.stdout) as Record<string, { keys: string[]; defaultType: string; parser?: string }>;
    expect(loaded[packageJson.name]?.defaultType).toBe('object');
    for (const name of Object.keys(codemods)) {
      expect(loaded[`${packageJson.name}/codemods/${name}`]).toMatchObject({ defaultType: 'function', parser: 'tsx' });
    }
  });

  it('lints with `export default [leakproof.configs.strict]` through the eslint CLI', () => {
    const run = node(
      [join(projectDir, 'node_modules', 'eslint', 'bin', 'eslint.js'), '--format', 'json', 'src'],
      projectDir,
    );
    expect(run.status, run.stderr).toBe(1);
    const results = JSON.parse(run.stdout) as Array<{
      filePath: string;
      messages: Array<{ line: number; ruleId: string | null }>;
    }>;
    const found = results
      .flatMap((result) =>
        result.messages.map(
          (message) => `${result.filePath.slice(projectDir.length + 1)}:${message.line} ${message.ruleId}`,
        ),
      )
      .sort();
    expect(found).toEqual(expectedFindings(projectDir));
  });

  it('runs its bin', () => {
    for (const bin of Object.values(packageJson.bin)) {
      const run = node([join(installed, bin), '--help'], projectDir);
      expect(run.status, run.stderr).toBe(0);
      expect(run.stdout).toMatch(/leakproof/);
    }
  });

  // A typed eslint.config.ts checks rule options against the exported types, and importing a codemod
  // needs no jscodeshift types: tsc over both with skipLibCheck off, as a strict consumer runs it.
  it('type-checks a typed eslint.config.ts and a codemod import, and refuses misspelt options', () => {
    writeFileSync(
      join(projectDir, 'eslint.config.ts'),
      `import type { Linter } from 'eslint';
import leakproof, { type LeakproofRulesConfig, type RuleOptions } from 'eslint-plugin-leakproof';

const cacheOptions: RuleOptions['no-unbounded-cache'] = { instanceFields: true, boundedCaches: ['QuickLRU'] };

export default [
  leakproof.configs.strict,
  { rules: { 'leakproof/no-unbounded-cache': ['error', cacheOptions], 'leakproof/no-listener-leak': 'warn' } satisfies LeakproofRulesConfig },
] satisfies Linter.Config[];

export const mistakes: LeakproofRulesConfig = {
  // @ts-expect-error a misspelt option
  'leakproof/no-client-in-handler': ['error', { reportClose: true }],
  // @ts-expect-error an option of the wrong type
  'leakproof/no-untracked-interval': ['error', { reportModuleLevel: 'yes' }],
};
`,
    );
    writeFileSync(
      join(projectDir, 'use-codemod.ts'),
      `import transform, { parser } from 'eslint-plugin-leakproof/codemods/bounded-cache';

export const output: string | undefined = transform({ path: 'a.ts', source: '' }, { report() {}, stats() {} }, {});
export const parserName: string = parser;
`,
    );
    writeFileSync(
      join(projectDir, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          strict: true,
          module: 'nodenext',
          moduleResolution: 'nodenext',
          target: 'es2022',
          noEmit: true,
          skipLibCheck: false,
          types: [],
        },
        files: ['eslint.config.ts', 'use-codemod.ts'],
      }),
    );
    const tsc = join(repoRoot, 'node_modules', 'typescript', 'bin', 'tsc');
    // skipLibCheck off checks every declaration file eslint and typescript-eslint ship: slow on a busy machine.
    const run = node([tsc, '-p', 'tsconfig.json', '--pretty', 'false'], projectDir, {}, 300_000);
    expect(run.stdout + run.stderr).toBe('');
    expect(run.status).toBe(0);
  }, 300_000);

  it('runs `leakproof migrate` without jscodeshift installed', () => {
    expect(existsSync(join(projectDir, 'node_modules', 'jscodeshift'))).toBe(false);
    const run = node([join(installed, packageJson.bin.leakproof!), 'migrate', '--strict', 'src'], projectDir);
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/^\+\+\+ /m);
  });

  it("declares its transforms with types of its own that jscodeshift's Transform accepts", () => {
    // Checked by `npm run typecheck`: the .d.ts files name no jscodeshift type, yet fit its runner.
    for (const codemod of Object.values(codemods)) expectTypeOf(codemod.transform).toExtend<JscodeshiftTransform>();
    expect(readFileSync(join(repoRoot, 'dist', 'src', 'codemod-kit', 'define-codemod.d.ts'), 'utf8')).not.toMatch(
      /from ['"]jscodeshift['"]/,
    );
  });

  describe.each(Object.keys(codemods))('codemod %s under the stock jscodeshift CLI', (name) => {
    const jscodeshift = join(repoRoot, 'node_modules', 'jscodeshift', 'bin', 'jscodeshift.js');

    /** The first before/after pair of the codemod's docs page. */
    function firstPair(): { before: string; after: string; lang: string } {
      const doc = outline(readFileSync(join(repoRoot, 'docs', 'codemods', `${name}.md`), 'utf8'));
      const pairs = doc.blocks.filter((block) => block.section === 'Before and after' && !block.attributes.option);
      const before = pairs.find((block) => block.flags.includes('before'))!;
      const after = pairs[pairs.indexOf(before) + 1];
      expect(after?.flags).toContain('after');
      return { before: before.code, after: after!.code, lang: before.lang };
    }

    // The .cjs is what the docs give for the stock CLI; the .js (the ES module) works with --no-babel only.
    it.each([
      ['.cjs', 'default flags (Babel register)', []],
      ['.cjs', '--no-babel', ['--no-babel']],
      ['.js', '--no-babel', ['--no-babel']],
    ])('rewrites the first before/after pair of its docs page: %s with %s', (extension, _how, flags) => {
      const { before, after, lang } = firstPair();
      const file = join(
        projectDir,
        `codemod-input-${name}${extension.replace('.', '-')}${flags.length}`,
        `example.${lang}`,
      );
      mkdirSync(join(file, '..'), { recursive: true });
      writeFileSync(file, before);

      const transform = join('node_modules', packageJson.name, 'dist', 'codemods', `${name}${extension}`);
      // No Babel cache: a register left on would compile TypeScript's compiler and say so ("[BABEL] Note: …").
      const run = node([jscodeshift, '-t', transform, ...flags, '--fail-on-error', file], projectDir, {
        BABEL_DISABLE_CACHE: '1',
      });
      expect(run.status, run.stdout + run.stderr).toBe(0);
      expect(run.stdout + run.stderr).not.toMatch(/\[BABEL\]/);
      // jscodeshift colours its summary when it detects CI (CI=true): compare the plain text.
      expect(stripVTControlCharacters(run.stdout)).toMatch(/\b1 ok\b/);
      expect(readFileSync(file, 'utf8')).toBe(after);
    });

    it('fails with --fail-on-error (exit 1) on a bad option, under default flags', () => {
      const file = join(projectDir, `codemod-bad-option-${name}`, `example.ts`);
      mkdirSync(join(file, '..'), { recursive: true });
      writeFileSync(file, firstPair().before);
      const transform = join('node_modules', packageJson.name, 'dist', 'codemods', `${name}.cjs`);
      const run = node([jscodeshift, '-t', transform, '--fail-on-error', '--unknown-flag=1', file], projectDir);
      expect(run.status).toBe(1);
      expect(stripVTControlCharacters(run.stdout + run.stderr)).toMatch(/unknown option --unknown-flag/);
    });
  });
});
