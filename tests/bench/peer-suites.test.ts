import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// bench/peer-suites.mjs runs against peers' checkouts, which are never committed; this runs it on
// a small stand-in test file so it keeps working.
const script = fileURLToPath(new URL('../../bench/peer-suites.mjs', import.meta.url));
const fixture = fileURLToPath(new URL('../fixtures/peer-suite/listener-rule.spec.ts', import.meta.url));
const fixtureText = readFileSync(fixture, 'utf8');
/** The line of the fixture where `snippet` starts: cases are named by the line they start on. */
const lineOf = (snippet: string): number => fixtureText.slice(0, fixtureText.indexOf(snippet)).split('\n').length;
const safeCase = lineOf('    tsx`');
const alarmCase = lineOf('    {\n      code: `');
const foundCase = lineOf('    {\n      code: tsx`');
const missedCase = lineOf('    {\n      // Module-level');

describe('bench/peer-suites', () => {
  it('reads the cases of a RuleTester file, counting those built at run time as skipped', async () => {
    const { extractCases } = await import('../../bench/peer-suites.mjs');
    const { cases, skipped } = extractCases(fixtureText);
    expect(cases.map((c: { kind: string; line: number }) => `${c.kind}:${c.line}`)).toEqual([
      `valid:${safeCase}`,
      `valid:${alarmCase}`,
      `invalid:${foundCase}`,
      `invalid:${missedCase}`,
    ]);
    expect(skipped).toBe(2);
    // Tagged templates are dedented for reading; an object's filename is kept.
    expect(cases[0].code.split('\n')[0]).toBe('function Gauge() {');
    expect(cases[1].filename).toBe('gauge.tsx');
  });

  it('prints valid cases reported and invalid cases found or missed, with labels', async () => {
    const { runFile, formatReport, readLabels, summarize } = await import('../../bench/peer-suites.mjs');
    const file = runFile(fixtureText, ['no-listener-leak'], 'listener-rule.spec.ts');
    const labels = readLabels(
      `# suite\tcase\tverdict\treason\nfixture\tlistener-rule.spec.ts:${missedCase}\tout-of-scope\truns once, at module level\n`,
      'fixture',
    );
    expect(file.falseAlarms.map((r: { id: string; rules: string[] }) => [r.id, r.rules])).toEqual([
      [`listener-rule.spec.ts:${alarmCase}`, ['no-listener-leak']],
    ]);
    expect(file.found.map((r: { id: string }) => r.id)).toEqual([`listener-rule.spec.ts:${foundCase}`]);
    expect(file.missed.map((r: { id: string }) => r.id)).toEqual([`listener-rule.spec.ts:${missedCase}`]);
    expect(summarize([file], labels)).toEqual({
      valid: 2,
      falseAlarms: 1,
      invalid: 2,
      found: 1,
      missedOutOfScope: 1,
      missedInScope: 0,
      skipped: 2,
      parseErrors: 0,
    });
    const report = formatReport([file], labels);
    expect(report).toContain(`candidate false alarm listener-rule.spec.ts:${alarmCase} (no-listener-leak)`);
    expect(report).toContain(`missed listener-rule.spec.ts:${missedCase} [out-of-scope: runs once, at module level]`);
    expect(report).toContain('skipped 2 case(s) built at run time');
  });

  it('runs from the command line on one file, and refuses a file with no cases', () => {
    const output = execFileSync(
      process.execPath,
      [script, '--file', fixture, '--rules', 'no-listener-leak', '--json'],
      { encoding: 'utf8' },
    );
    expect(JSON.parse(output).summary).toMatchObject({ valid: 2, falseAlarms: 1, invalid: 2, found: 1 });
    expect(() =>
      execFileSync(process.execPath, [script, '--file', script, '--rules', 'no-listener-leak'], {
        encoding: 'utf8',
        stdio: 'pipe',
      }),
    ).toThrow(/no cases found/);
  });

  it('names the suites it knows when given none', () => {
    expect(() => execFileSync(process.execPath, [script], { encoding: 'utf8', stdio: 'pipe' })).toThrow(
      /typescript-eslint\|eslint-plugin-listeners\|eslint-react/,
    );
  });
});
