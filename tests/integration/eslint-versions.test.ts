// The configs as users write them, run by the real ESLint classes: ESLint 10 and 9 with flat
// eslint.config.js files, ESLint 8 (and 9's eslintrc mode) with `plugin:leakproof/legacy-recommended`.
// Each fixture project marks the lines that must be reported; everything else must stay silent.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { ESLint as ESLint10 } from 'eslint';
import { loadESLint as loadESLint9 } from 'eslint-v9';
import { afterAll, describe, expect, it } from 'vitest';
import plugin from '../../src/index.js';
import { expectedFindings, findingsOf, installProject, projectsRoot, repoRoot, temporaryFolder } from './projects.js';

/** The smallest surface of the ESLint class that every version here shares. */
interface ESLintLike {
  lintFiles(patterns: string[]): Promise<Parameters<typeof findingsOf>[0]>;
}
type ESLintConstructor = new (options: { cwd: string }) => ESLintLike;

const require = createRequire(import.meta.url);
// ESLint 8 ships no types; its default ESLint class is the eslintrc one.
const { ESLint: ESLint8 } = require('eslint-v8') as { ESLint: ESLintConstructor };

/** Fixture project -> the config its eslint.config.js uses. */
const FLAT_PROJECTS: Record<string, keyof typeof plugin.configs> = {
  'flat-recommended': 'recommended',
  'flat-strict': 'strict',
  'flat-type-checked': 'recommended-type-checked',
};

const eslintVersions: Array<[string, () => Promise<ESLintConstructor>]> = [
  ['ESLint 10', async () => ESLint10 as unknown as ESLintConstructor],
  ['ESLint 9', async () => (await loadESLint9({ useFlatConfig: true })) as unknown as ESLintConstructor],
];

const legacyVersions: Array<[string, () => Promise<ESLintConstructor>]> = [
  ['ESLint 8', async () => ESLint8],
  [
    'ESLint 9 (eslintrc mode)',
    async () => (await loadESLint9({ useFlatConfig: false })) as unknown as ESLintConstructor,
  ],
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
  it.each(Object.keys(FLAT_PROJECTS))('%s: reports exactly the marked lines', async (name) => {
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

describe('fixture projects', () => {
  const ruleIdsMarkedIn = (name: string): Set<string> =>
    new Set(expectedFindings(join(projectsRoot, name)).map((finding) => finding.slice(finding.indexOf(' ') + 1)));

  it.each(Object.entries(FLAT_PROJECTS))('%s uses the %s config', (name, config) => {
    const reference = /^\w+$/.test(config) ? `leakproof.configs.${config}` : `leakproof.configs['${config}']`;
    expect(readFileSync(join(projectsRoot, name, 'eslint.config.js'), 'utf8')).toContain(reference);
  });

  it('mark a finding of every rule in the recommended project, and of every rule somewhere', () => {
    // A rule that no project marks would be tested here only for its silence.
    const recommended = Object.keys(plugin.configs.recommended.rules ?? {});
    expect([...ruleIdsMarkedIn('flat-recommended')].sort()).toEqual(recommended.sort());
    const everywhere = new Set(Object.keys(FLAT_PROJECTS).flatMap((name) => [...ruleIdsMarkedIn(name)]));
    expect([...everywhere].sort()).toEqual(Object.keys(plugin.configs.strict.rules ?? {}).sort());
  });
});
