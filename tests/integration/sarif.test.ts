// The SARIF recipe of docs/cli.md, run as written (`npx leakproof` is the installed bin) in a
// fixture project with @microsoft/eslint-formatter-sarif installed: the output is SARIF 2.1.0 with
// one result per marked line and, for every rule, a helpUri that is the rule's docs page.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { docsUrl } from '../../src/rule-kit/create-rule.js';
import { outline } from '../meta/markdown.js';
import { expectedFindings, installProject, repoRoot, temporaryFolder } from './projects.js';

const FORMATTER = '@microsoft/eslint-formatter-sarif';

interface Sarif {
  version: string;
  runs: Array<{
    tool: { driver: { rules: Array<{ id: string; helpUri?: string }> } };
    results: Array<{
      ruleId: string;
      locations: Array<{ physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } } }>;
    }>;
  }>;
}

/** The `npx leakproof check …` command of the recipe, as arguments for the bin, and the file it writes. */
function recipe(): { args: string[]; out: string } {
  const doc = outline(readFileSync(join(repoRoot, 'docs', 'cli.md'), 'utf8'));
  const block = doc.blocks.find(
    (candidate) => candidate.subsection === 'SARIF for code scanning' && candidate.lang === 'sh',
  );
  const line = block?.code.split('\n').find((candidate) => candidate.startsWith('npx leakproof check'));
  expect(line, 'docs/cli.md: an `npx leakproof check` line under "SARIF for code scanning"').toBeDefined();
  const [command, out] = line!.split(' > ') as [string, string];
  return { args: command.split(' ').slice(2), out: out.trim() };
}

const folder = temporaryFolder('sarif');
afterAll(() => folder.remove());

describe('the SARIF recipe in docs/cli.md', () => {
  it('uses the formatter it tells people to install', () => {
    const { args } = recipe();
    expect(args).toEqual(expect.arrayContaining(['--format', FORMATTER]));
  });

  it('writes SARIF 2.1.0 with every marked finding and each rule linked to its docs page', () => {
    const dir = installProject('flat-strict', folder.path, {
      'eslint-plugin-leakproof': repoRoot,
      [FORMATTER]: join(repoRoot, 'node_modules', ...FORMATTER.split('/')),
    });
    const { args } = recipe();
    const run = spawnSync(process.execPath, [join(repoRoot, 'dist', 'src', 'cli', 'main.js'), ...args], {
      cwd: dir,
      encoding: 'utf8',
      timeout: 120_000,
    });
    expect(run.status, run.stderr).toBe(1);
    const sarif = JSON.parse(run.stdout) as Sarif;
    expect(sarif.version).toBe('2.1.0');
    const [{ tool, results }] = sarif.runs as [Sarif['runs'][number]];

    const found = results
      .map((result) => {
        const { artifactLocation, region } = result.locations[0]!.physicalLocation;
        return `${artifactLocation.uri.replace(/^.*?\/src\//, 'src/')}:${region.startLine} ${result.ruleId}`;
      })
      .sort();
    expect(found).toEqual(expectedFindings(dir));

    const reported = new Set(results.map((result) => result.ruleId));
    const described = tool.driver.rules.filter((rule) => reported.has(rule.id));
    expect(described.map((rule) => rule.id).sort()).toEqual([...reported].sort());
    for (const rule of described) expect(rule.helpUri).toBe(docsUrl(rule.id.replace(/^leakproof\//, '')));
  });
});
