import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

describe('bench/precision', () => {
  it('joins findings with labels per rule: precision, unlabelled findings, labels no longer reported', async () => {
    const { precisionByRule, formatPrecision, readTsv } = await import('../../bench/precision.mjs');
    const dir = mkdtempSync(join(tmpdir(), 'leakproof-precision-'));
    const labels = join(dir, 'labels.tsv');
    writeFileSync(
      labels,
      [
        'repository\tcommit\tpath\tline\trule\tverdict\treason',
        'acme/api\tabc\tsrc/cache.ts\t3\tno-unbounded-cache\tTP\tgrows per prompt',
        'acme/api\tabc\tsrc/registry.ts\t1\tno-unbounded-cache\tFP\tfinite keys',
        'acme/api\tabc\tsrc/old.ts\t9\tno-unbounded-cache\tFP\tfixed since',
        'acme/api\tabc\tsrc/jobs.ts\t4\tno-floating-task\tTP\tper item',
        'other/repo\tdef\tsrc/x.ts\t1\tno-floating-task\tTP\tnot in this run',
      ].join('\n'),
    );
    const findings = join(dir, 'acme__api.findings.tsv');
    writeFileSync(
      findings,
      [
        'repository\tcommit\tpath\tline\trule\tmessage',
        'acme__api\tabc\tsrc/cache.ts\t3\tleakproof/no-unbounded-cache\tMap grows',
        'acme__api\tabc\tsrc/registry.ts\t1\tleakproof/no-unbounded-cache\tMap grows',
        'acme__api\tabc\tsrc/new.ts\t7\tleakproof/no-unbounded-cache\tMap grows',
      ].join('\n'),
    );
    const rows = precisionByRule(readTsv(labels), readTsv(findings));
    const cache = rows.find((row: { rule: string }) => row.rule === 'no-unbounded-cache');
    expect(cache).toMatchObject({
      findings: 3,
      tp: 1,
      fp: 1,
      precision: 0.5,
      unlabelled: ['acme/api src/new.ts:7'],
      fpGone: ['acme/api src/old.ts:9'],
      tpGone: [],
    });
    const floating = rows.find((row: { rule: string }) => row.rule === 'no-floating-task');
    // A true positive of a codebase in this run that is no longer reported; the other repository's label is not counted.
    expect(floating).toMatchObject({
      findings: 0,
      tp: 0,
      fp: 0,
      precision: undefined,
      tpGone: ['acme/api src/jobs.ts:4'],
    });
    // A codebase of the run with no findings left still counts its labels as no longer reported.
    const quiet = precisionByRule(readTsv(labels), [], ['other__repo']);
    expect(quiet.find((row: { rule: string }) => row.rule === 'no-floating-task')).toMatchObject({
      findings: 0,
      tpGone: ['other/repo src/x.ts:1'],
    });
    const table = formatPrecision(rows);
    expect(table).toContain('| no-unbounded-cache | 3 | 1 | 1 | 1 | 50 % | 0 | 1 |');
    expect(table).toContain('true positive no longer reported: no-floating-task acme/api src/jobs.ts:4');
  });
});
