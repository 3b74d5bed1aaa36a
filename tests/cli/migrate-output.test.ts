// What `migrate` prints and reports: --quiet is quiet, a refused --write says it was refused, and
// the JSON report gives the columns the summary and ESLint give (1-based). The cache is rewritten
// only under --strict, as no-unbounded-cache is a strict-only rule.
import { describe, expect, it } from 'vitest';
import { LEAKY_CACHE, leakproofInProcess, project, read } from './helpers.js';

const TWO_SITES = `import { S3Client } from '@aws-sdk/client-s3';

export class Heartbeat {
  constructor() {
    setInterval(() => console.log('alive'), 1000);
  }
}

export class Storage {
  get client(): S3Client {
    return new S3Client({});
  }
}
`;

describe('leakproof migrate output', () => {
  it('--quiet prints nothing on standard output: neither the diff nor the summary', async () => {
    const dir = project({ 'cache.ts': LEAKY_CACHE });
    expect(await leakproofInProcess(['migrate', '--strict', '--quiet', '.'], dir)).toMatchObject({
      status: 0,
      stdout: '',
      stderr: '',
    });
    expect(read(dir, 'cache.ts')).toBe(LEAKY_CACHE);
  });

  it('a --write refused because a file failed says so, not "dry run"', async () => {
    const dir = project({ 'cache.ts': LEAKY_CACHE, 'broken.ts': 'const = ;\n' });
    const run = await leakproofInProcess(['migrate', '--strict', '--write', '.'], dir);
    expect(run.status).toBe(1);
    expect(run.stdout).toMatch(
      /^files scanned 2, changed 1 \(nothing written: 1 file\(s\) failed; --skip-failed writes the others\), failed 1$/m,
    );
    expect(run.stdout).not.toContain('dry run');
    expect(read(dir, 'cache.ts')).toBe(LEAKY_CACHE);
  });

  it('a --report path that cannot be written is an input error (exit 2), not a crash', async () => {
    const dir = project({ 'cache.ts': LEAKY_CACHE });
    expect(
      await leakproofInProcess(['migrate', '--strict', '--quiet', '--report', 'no-such-folder/report.json', '.'], dir),
    ).toMatchObject({
      status: 2,
      stdout: '',
      stderr: "leakproof: ENOENT: no such file or directory, open 'no-such-folder/report.json'\n",
    });
  });

  it('the JSON report gives 1-based lines and columns, as the summary and ESLint do', async () => {
    const dir = project({ 'service.ts': TWO_SITES });
    const run = await leakproofInProcess(['migrate', '--strict', '--report', 'report.json', '.'], dir);
    const report = JSON.parse(read(dir, 'report.json')) as {
      sites: { line: number; column: number; status: string; what: string }[];
    };
    const left = report.sites.find((site) => site.status === 'left')!;
    expect(left).toMatchObject({ line: 5, column: 5 });
    expect(run.stdout).toContain(`service.ts:5:5 ${left.what}`);
    const check = await leakproofInProcess(['check', '--strict', '--format', 'json', '.'], dir);
    const [result] = JSON.parse(check.stdout) as { messages: { ruleId: string; line: number; column: number }[] }[];
    const reported = result!.messages.map(({ line, column }) => ({ line, column }));
    for (const site of report.sites) expect(reported).toContainEqual({ line: site.line, column: site.column });
  });
});
