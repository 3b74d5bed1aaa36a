// The configs as users write them, run by the real ESLint classes: ESLint 10 and 9 with flat
// eslint.config.js files, ESLint 8 (and 9's eslintrc mode) with `plugin:leakproof/legacy-recommended`.
// Each fixture project marks the lines that must be reported; everything else must stay silent.
import { createRequire } from 'node:module';
import { ESLint as ESLint10 } from 'eslint';
import { loadESLint as loadESLint9 } from 'eslint-v9';
import { afterAll, describe, expect, it } from 'vitest';
import { expectedFindings, findingsOf, installProject, repoRoot, temporaryFolder } from './projects.js';

/** The smallest surface of the ESLint class that every version here shares. */
interface ESLintLike {
  lintFiles(patterns: string[]): Promise<Parameters<typeof findingsOf>[0]>;
}
type ESLintConstructor = new (options: { cwd: string }) => ESLintLike;

const require = createRequire(import.meta.url);
// ESLint 8 ships no types; its default ESLint class is the eslintrc one.
const { ESLint: ESLint8 } = require('eslint-v8') as { ESLint: ESLintConstructor };

const FLAT_PROJECTS = ['flat-recommended', 'flat-strict', 'flat-type-checked'];

const eslintVersions: Array<[string, () => Promise<ESLintConstructor>]> = [
  ['ESLint 10', async () => ESLint10 as unknown as ESLintConstructor],
  ['ESLint 9', async () => (await loadESLint9({ useFlatConfig: true })) as unknown as ESLintConstructor],
];

const legacyVersions: Array<[string, () => Promise<ESLintConstructor>]> = [
  ['ESLint 8', async () => ESLint8],
  ['ESLint 9 (eslintrc mode)', async () => (await loadESLint9({ useFlatConfig: false })) as unknown as ESLintConstructor],
];

const folders: Array<{ remove: () => void }> = [];
afterAll(() => folders.forEach((folder) => folder.remove()));

/** Installs the fixture project against this repository's package (dist/, built by the test setup). */
function project(name: string, sourcesFrom?: string): string {
  const folder = temporaryFolder(name);
  folders.push(folder);
  return installProject(name, folder.path, { 'eslint-plugin-leakproof': repoRoot }, sourcesFrom);
}

async function lint(ESLint: ESLintConstructor, projectDir: string): Promise<string[]> {
  const eslint = new ESLint({ cwd: projectDir });
  return findingsOf(await eslint.lintFiles(['src']), projectDir);
}

describe.each(eslintVersions)('%s, flat config', (_version, load) => {
  it.each(FLAT_PROJECTS)('%s: reports exactly the marked lines', async (name) => {
    const dir = project(name);
    const expected = expectedFindings(dir);
    expect(expected.length).toBeGreaterThan(0);
    expect(await lint(await load(), dir)).toEqual(expected);
  });
});

describe.each(legacyVersions)('%s, legacy-recommended', (_version, load) => {
  it('reports exactly the marked lines', async () => {
    // legacy-recommended has the rules of recommended, so the same sources and the same findings.
    const dir = project('legacy-recommended', 'flat-recommended');
    const expected = expectedFindings(dir);
    expect(expected.length).toBeGreaterThan(0);
    expect(await lint(await load(), dir)).toEqual(expected);
  });
});
