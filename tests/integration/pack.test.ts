// The published artifact: `npm pack`, unpacked into a temporary project's node_modules as npm
// would install it, with its dependencies linked from this repository's node_modules (fast and
// offline; a dependency the package forgot to declare does not resolve). Then: the tarball holds
// what users need and nothing else, every "exports" path resolves, the plugin lints with
// `[leakproof.configs.recommended]` through ESLint's own CLI, the bin runs, and each codemod
// rewrites a file under the stock jscodeshift CLI.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stripVTControlCharacters } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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
  files: string[];
}

const packageJson = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as PackageJson;
const node = (args: readonly string[], cwd: string) => spawnSync(process.execPath, args, { cwd, encoding: 'utf8', timeout: 120_000 });

let folder: ReturnType<typeof temporaryFolder>;
let projectDir: string;
let installed: string;
let tarballFiles: string[];

beforeAll(() => {
  folder = temporaryFolder('pack');
  // --ignore-scripts: `prepare` would rebuild; the test setup has already built dist/.
  const packed = JSON.parse(
    execFileSync('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', folder.path], { cwd: repoRoot, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }),
  ) as Array<{ filename: string; files: Array<{ path: string }> }>;
  tarballFiles = packed[0]!.files.map((file) => file.path).sort();

  const dependencies = [...Object.keys(packageJson.dependencies ?? {}), ...Object.keys(packageJson.peerDependencies ?? {})];
  const links = Object.fromEntries(dependencies.map((name) => [name, join(repoRoot, 'node_modules', name)]));
  projectDir = installProject('flat-recommended', join(folder.path, 'project'), links);
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
    }
  });

  it('holds nothing else: no sources, tests, fixtures, examples or build stamps', () => {
    const unexpected = tarballFiles.filter(
      (path) =>
        !['package.json', 'README.md', 'LICENSE', '.pre-commit-hooks.yaml'].includes(path) &&
        !/^dist\/(src|rules|codemods)\/.+\.(js|d\.ts)$/.test(path) &&
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
      const specifier = (subpath: string): string => (subpath === '.' ? packageJson.name : `${packageJson.name}/${subpath.slice(2)}`);
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
      expect.arrayContaining([packageJson.name, `${packageJson.name}/package.json`, ...Object.keys(codemods).map((name) => `${packageJson.name}/codemods/${name}`)]),
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
    const run = node(['--input-type=module', '-e', script, ...subpaths.map((subpath) => subpath.specifier)], projectDir);
    expect(run.stderr).not.toMatch(/Error/);
    expect(run.status).toBe(0);
    const loaded = JSON.parse(run.stdout) as Record<string, { keys: string[]; defaultType: string; parser?: string }>;
    expect(loaded[packageJson.name]?.defaultType).toBe('object');
    for (const name of Object.keys(codemods)) {
      expect(loaded[`${packageJson.name}/codemods/${name}`]).toMatchObject({ defaultType: 'function', parser: 'tsx' });
    }
  });

  it('lints with `export default [leakproof.configs.recommended]` through the eslint CLI', () => {
    const run = node([join(projectDir, 'node_modules', 'eslint', 'bin', 'eslint.js'), '--format', 'json', 'src'], projectDir);
    expect(run.status, run.stderr).toBe(1);
    const results = JSON.parse(run.stdout) as Array<{ filePath: string; messages: Array<{ line: number; ruleId: string | null }> }>;
    const found = results.flatMap((result) => result.messages.map((message) => `${result.filePath.slice(projectDir.length + 1)}:${message.line} ${message.ruleId}`)).sort();
    expect(found).toEqual(expectedFindings(projectDir));
  });

  it('runs its bin', () => {
    for (const bin of Object.values(packageJson.bin)) {
      const run = node([join(installed, bin), '--help'], projectDir);
      expect(run.status, run.stderr).toBe(0);
      expect(run.stdout).toMatch(/leakproof/);
    }
  });

  describe.each(Object.keys(codemods))('codemod %s under the stock jscodeshift CLI', (name) => {
    it('rewrites the first before/after pair of its docs page (with --no-babel)', () => {
      const doc = outline(readFileSync(join(repoRoot, 'docs', 'codemods', `${name}.md`), 'utf8'));
      const pairs = doc.blocks.filter((block) => block.section === 'Before and after' && !block.attributes.option);
      const before = pairs.find((block) => block.flags.includes('before'));
      const after = pairs[pairs.indexOf(before!) + 1];
      expect(after?.flags).toContain('after');
      const file = join(projectDir, 'codemod-input', `example.${before!.lang}`);
      mkdirSync(join(file, '..'), { recursive: true });
      writeFileSync(file, before!.code);

      // The transforms are ES modules; jscodeshift's default Babel hook recompiles them to CommonJS
      // and the worker dies (see README), hence --no-babel.
      const transform = join('node_modules', packageJson.name, 'dist', 'codemods', `${name}.js`);
      const jscodeshift = join(repoRoot, 'node_modules', 'jscodeshift', 'bin', 'jscodeshift.js');
      const run = node([jscodeshift, '-t', transform, '--parser=tsx', '--no-babel', '--fail-on-error', file], projectDir);
      expect(run.status, run.stdout + run.stderr).toBe(0);
      // jscodeshift colours its summary when it detects CI (CI=true): compare the plain text.
      expect(stripVTControlCharacters(run.stdout)).toMatch(/\b1 ok\b/);
      expect(readFileSync(file, 'utf8')).toBe(after!.code);
    });
  });
});
