// oxlint runs this plugin through its JS plugins (ESLint's rule API, without type information).
// Each fixture project is linted by oxlint and by ESLint with the same rules and options, and the
// two must report the same findings: rule, file, line and column, under the strict config (ESLint
// is given it whatever the project's own eslint.config.js says). The flat-recommended sources are
// linted with the `.oxlintrc.json` the README shows. flat-type-checked is not compared: its findings need type
// information (untyped, both linters find nothing there); a typeAware option under oxlint fails
// with a message that says why, and oxlint exits non-zero.
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ESLint } from 'eslint';
import { afterAll, describe, expect, it } from 'vitest';
import { eslintFindings, oxlintFindings } from '../../bench/oxlint.mjs';
import plugin from '../../src/index.js';
import { outline } from '../meta/markdown.js';
import { expectedFindings, installProject, repoRoot, temporaryFolder } from './projects.js';

const oxlintBin = join(repoRoot, 'node_modules', 'oxlint', 'bin', 'oxlint');

interface OxlintDiagnostic {
  message: string;
}

const folders: Array<{ remove: () => void }> = [];
afterAll(() => folders.forEach((folder) => folder.remove()));

function project(name: string): string {
  const folder = temporaryFolder(`oxlint-${name}`);
  folders.push(folder);
  return installProject(name, folder.path, { 'eslint-plugin-leakproof': repoRoot });
}

/** Runs oxlint with `config` (written as .oxlintrc.json) over src/ and returns its exit code and diagnostics. */
function runOxlint(
  projectDir: string,
  config: object,
): { status: number | null; stdout: string; diagnostics: OxlintDiagnostic[] } {
  writeFileSync(join(projectDir, '.oxlintrc.json'), JSON.stringify(config, null, 2));
  const run = spawnSync(process.execPath, [oxlintBin, '--format', 'json', 'src'], {
    cwd: projectDir,
    encoding: 'utf8',
    timeout: 120_000,
  });
  const { diagnostics } = JSON.parse(run.stdout) as { diagnostics: OxlintDiagnostic[] };
  return { status: run.status, stdout: run.stdout, diagnostics };
}

/** Findings as both linters are compared: `src/cache.ts:2:7 leakproof/no-unbounded-cache`. */
async function eslintFindingsIn(projectDir: string, configName: 'strict'): Promise<string[]> {
  const eslint = new ESLint({ cwd: projectDir, overrideConfigFile: true, overrideConfig: plugin.configs[configName] });
  return eslintFindings(await eslint.lintFiles(['src']), projectDir);
}

/** The rules block of an ESLint flat config, as oxlint takes it (same severities, same options). */
function oxlintConfigFor(configName: 'recommended' | 'strict'): object {
  return {
    jsPlugins: ['eslint-plugin-leakproof'],
    categories: { correctness: 'off' },
    rules: plugin.configs[configName].rules,
  };
}

/** The `.oxlintrc.json` block of the README's oxlint section. */
function readmeOxlintConfig(): { jsPlugins: string[]; rules: Record<string, unknown> } {
  const readme = outline(readFileSync(join(repoRoot, 'README.md'), 'utf8'));
  const block = readme.blocks.find((candidate) => candidate.section === 'oxlint' && candidate.lang === 'json');
  expect(block, 'README: a json block in the "oxlint" section').toBeDefined();
  return JSON.parse(block!.code) as { jsPlugins: string[]; rules: Record<string, unknown> };
}

describe('oxlint and ESLint report the same findings', () => {
  it('the README .oxlintrc.json enables exactly the strict rules, at the same severities', () => {
    // `recommended` enables no rule today, so the README shows `strict`.
    const config = readmeOxlintConfig();
    expect(config.jsPlugins).toEqual(['eslint-plugin-leakproof']);
    expect(config.rules).toEqual(plugin.configs.strict.rules);
  });

  it.each([
    ['flat-recommended', () => ({ ...readmeOxlintConfig(), categories: { correctness: 'off' } })],
    ['flat-strict', () => oxlintConfigFor('strict')],
  ])('%s', async (name, config) => {
    const dir = project(name);
    const oxlint = runOxlint(dir, config());
    const eslint = await eslintFindingsIn(dir, 'strict');
    // Both find what the fixture marks, so the comparison is not of two empty lists.
    // Sorted again without the column: `jobs.js:4:5` sorts after `jobs.js:40:3`, `jobs.js:4` before `jobs.js:40`.
    expect(eslint.map((finding) => finding.replace(/:\d+ /, ' ')).sort()).toEqual(expectedFindings(dir));
    expect(oxlintFindings(oxlint.stdout)).toEqual(eslint);
    expect(oxlint.status).toBe(1);
  });
});

describe('typeAware under oxlint', () => {
  it('fails every file with a message that says oxlint gives no type information, and exits non-zero', () => {
    const dir = project('flat-strict');
    const { status, diagnostics } = runOxlint(dir, {
      jsPlugins: ['eslint-plugin-leakproof'],
      categories: { correctness: 'off' },
      rules: { 'leakproof/no-unbounded-cache': ['error', { typeAware: true }] },
    });
    expect(status).toBe(1);
    expect(diagnostics.length).toBeGreaterThan(0);
    for (const { message } of diagnostics) {
      expect(message).toMatch(/leakproof\/no-unbounded-cache: the typeAware option needs type information/);
      expect(message).toMatch(/oxlint's JS plugins get no type information/);
    }
  });
});
