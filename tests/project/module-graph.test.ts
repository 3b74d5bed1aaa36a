import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ProjectIndex } from '../../src/project/index.js';
import { forgetProjectState, INTERVALS_OF_UNKNOWN_CALLERS, lintProject } from '../helpers/lint-project.js';
import { findProjectRoot } from '../../src/project/root.js';

const fixture = (name: string): string => fileURLToPath(new URL(`../fixtures/projects/${name}`, import.meta.url));

describe('project roots', () => {
  it('is the workspace root for a file inside a workspace package', () => {
    expect(findProjectRoot(join(fixture('index-workspace'), 'packages/core/src/db.ts'))).toBe(
      fixture('index-workspace'),
    );
  });

  it('is the nearest package.json outside a workspace', () => {
    expect(findProjectRoot(join(fixture('index-paths'), 'src/lib/users.ts'))).toBe(fixture('index-paths'));
  });

  it('reads pnpm-workspace.yaml', () => {
    const root = mkdtempSync(join(tmpdir(), 'leakproof-pnpm-'));
    mkdirSync(join(root, 'apps/web/src'), { recursive: true });
    writeFileSync(join(root, 'package.json'), '{ "name": "mono" }');
    writeFileSync(join(root, 'pnpm-workspace.yaml'), "packages:\n  - 'apps/*'\n");
    writeFileSync(join(root, 'apps/web/package.json'), '{ "name": "web" }');
    expect(findProjectRoot(join(root, 'apps/web/src/index.ts'))).toBe(root);
  });
});

describe('the module graph', () => {
  it('records imports, re-exports, require() and dynamic import() as edges between project files', () => {
    const root = fixture('index-runners');
    const index = ProjectIndex.build(root, { cache: false });
    const kinds = index
      .importsOf(join(root, 'src/worker.ts'))
      .map((edge) => [edge.file.slice(root.length + 1), edge.kind]);
    expect(kinds).toEqual([
      ['src/tasks.ts', 'import'],
      ['src/later.ts', 'dynamic'],
    ]);
    const reexports = ProjectIndex.build(fixture('index-reexport'), { cache: false });
    expect(reexports.importsOf(join(fixture('index-reexport'), 'src/index.ts')).map((e) => e.kind)).toEqual([
      'reexport',
    ]);
    const cjs = ProjectIndex.build(fixture('index-commonjs'), { cache: false });
    expect(
      cjs
        .importersOf(join(fixture('index-commonjs'), 'lib/util.js'))
        .map((file) => file.slice(fixture('index-commonjs').length + 1)),
    ).toEqual(['lib/handlers.js', 'server.js']);
  });

  it('resolves a TypeScript paths alias and a workspace package name to project files', () => {
    const paths = ProjectIndex.build(fixture('index-paths'), { cache: false });
    expect(paths.importsOf(join(fixture('index-paths'), 'src/app/users/route.ts')).map((e) => e.file)).toEqual([
      join(fixture('index-paths'), 'src/lib/users.ts'),
    ]);
    const workspace = ProjectIndex.build(fixture('index-workspace'), { cache: false });
    expect(
      workspace.importsOf(join(fixture('index-workspace'), 'packages/api/src/server.ts')).map((e) => e.file),
    ).toEqual([join(fixture('index-workspace'), 'packages/core/src/index.ts')]);
  });
});

describe('build output', () => {
  const root = fixture('index-build-output');

  it("resolves a JavaScript entry's require of tsconfig's outDir (lib/) to the source it is built from (src/)", () => {
    const index = ProjectIndex.build(root, { cache: false });
    expect(index.importsOf(join(root, 'app.js')).map((edge) => [edge.file.slice(root.length + 1), edge.kind])).toEqual([
      ['src/main.ts', 'require'],
    ]);
  });

  it('finds outDir and rootDir in a config that tsconfig.json extends, each relative to the file setting it', () => {
    const project = mkdtempSync(join(tmpdir(), 'leakproof-extends-'));
    mkdirSync(join(project, 'config'));
    mkdirSync(join(project, 'src'));
    writeFileSync(join(project, 'package.json'), '{ "name": "built" }');
    // The shared base sits in config/, so its "../dist" is the project's dist/.
    writeFileSync(join(project, 'config/tsconfig.base.json'), '{ "compilerOptions": { "outDir": "../dist" } }');
    writeFileSync(join(project, 'tsconfig.json'), '{ "extends": ["./config/tsconfig.base"], "compilerOptions": {} }');
    writeFileSync(join(project, 'src/main.ts'), 'export const main = () => 1;\n');
    writeFileSync(join(project, 'app.js'), "require('./dist/main').main();\n");
    const index = ProjectIndex.build(project, { cache: false });
    expect(index.importsOf(join(project, 'app.js')).map((edge) => edge.file)).toEqual([join(project, 'src/main.ts')]);
  });

  it('so a function only that entry calls, once at its top level, runs once', async () => {
    expect(await lintProject(root, false, ['src'], INTERVALS_OF_UNKNOWN_CALLERS)).toMatchObject([
      { at: 'no-untracked-interval src/main.ts:2' },
    ]);
    expect(await lintProject(root, true, ['src'], INTERVALS_OF_UNKNOWN_CALLERS)).toEqual([]);
    forgetProjectState();
  });
});
