// The configs as users write them, run by the real ESLint classes: ESLint 10 and 9 with flat
// eslint.config.js files, ESLint 8 (and 9's eslintrc mode) with `plugin:leakproof/legacy-*`.
// Each fixture project marks the lines that must be reported when the config enables the marked
// rule; everything else must stay silent (`recommended` enables no rule today, so it reports none).
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
  'flat-type-checked': 'strict-type-checked',
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

/** The project's findings, and how many files ESLint linted (so an empty result is not a silent pass). */
async function lint(ESLint: ESLintConstructor, projectDir: string): Promise<{ findings: string[]; files: number }> {
  const eslint = new ESLint({ cwd: projectDir });
  const results = await eslint.lintFiles(['src']);
  return { findings: findingsOf(results, projectDir), files: results.length };
}

/** The marked lines whose rule the config enables. */
function expectedUnder(config: keyof typeof plugin.configs, projectDir: string): string[] {
  const enabled = new Set(Object.keys(plugin.configs[config].rules ?? {}));
  return expectedFindings(projectDir).filter((finding) => enabled.has(finding.slice(finding.indexOf(' ') + 1)));
}

describe.each(eslintVersions)('%s, flat config', (_version, load) => {
  it.each(Object.entries(FLAT_PROJECTS))('%s (%s): reports exactly the marked lines', async (name, config) => {
    const dir = project(name);
    const { findings, files } = await lint(await load(), dir);
    expect(files).toBeGreaterThan(0);
    expect(findings).toEqual(expectedUnder(config, dir));
  });
});

describe.each(legacyVersions)('%s, eslintrc', (_version, load) => {
  // The legacy configs are the eslintrc twins of the flat ones: the same sources, the same findings.
  it.each(['legacy-recommended', 'legacy-strict'] as const)('%s: reports exactly the marked lines', async (name) => {
    const dir = project(name, 'flat-recommended');
    const { findings, files } = await lint(await load(), dir);
    expect(files).toBeGreaterThan(0);
    expect(findings).toEqual(expectedUnder(name, dir));
  });

  it('legacy-strict enables every rule marked in its sources, so its run checks every mark', async () => {
    const dir = project('legacy-strict', 'flat-recommended');
    expect(expectedUnder('legacy-strict', dir).length).toBeGreaterThan(0);
    expect(expectedUnder('legacy-strict', dir)).toEqual(expectedFindings(dir));
  });
});

describe('fixture projects', () => {
  const ruleIdsMarkedIn = (name: string): Set<string> =>
    new Set(expectedFindings(join(projectsRoot, name)).map((finding) => finding.slice(finding.indexOf(' ') + 1)));

  it.each(Object.entries(FLAT_PROJECTS))('%s uses the %s config', (name, config) => {
    const reference = /^\w+$/.test(config) ? `leakproof.configs.${config}` : `leakproof.configs['${config}']`;
    expect(readFileSync(join(projectsRoot, name, 'eslint.config.js'), 'utf8')).toContain(reference);
  });

  it('mark a finding of every rule the recommended config enables, and of every rule somewhere', () => {
    // A rule that no project marks would be tested here only for its silence.
    const recommended = Object.keys(plugin.configs.recommended.rules ?? {});
    expect([...ruleIdsMarkedIn('flat-recommended')]).toEqual(expect.arrayContaining(recommended));
    const everywhere = new Set(Object.keys(FLAT_PROJECTS).flatMap((name) => [...ruleIdsMarkedIn(name)]));
    expect([...everywhere].sort()).toEqual(Object.keys(plugin.configs.strict.rules ?? {}).sort());
  });
});
