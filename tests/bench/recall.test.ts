import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// bench/recall.mjs on a two-case fixture: a tiny repository committed into a temp "mirror", one
// leak the rules find and one they miss, plus a case whose repository was never fetched.
const FILES: Record<string, string> = {
  'package.json': '{ "name": "leaky", "type": "module" }\n',
  'src/files.js': `import express from 'express';
import { S3Client, GetObjectCommand } from '@aws-sdk/client-s3';

const app = express();

app.get('/files/:id', async (req, res) => {
  const s3 = new S3Client({ region: 'eu-west-1' });
  const object = await s3.send(new GetObjectCommand({ Bucket: 'files', Key: req.params.id }));
  res.json(object.Metadata);
});

app.listen(3000);
`,
  'src/cleanup.js': `export function trackUpload(req, upload) {
  process.on('exit', () => upload.remove());
  return upload;
}
`,
  // The route that makes trackUpload run per request, in another file: only the project index sees it.
  'src/uploads.js': `import express from 'express';
import { trackUpload } from './cleanup.js';

const app = express();
app.post('/uploads', (req, res) => {
  trackUpload(req, req.body);
  res.end();
});
app.listen(3000);
`,
  'README.md': 'not a source file\n',
};

function fixtureMirror(): { mirrors: string; before: string } {
  const mirrors = mkdtempSync(join(tmpdir(), 'leakproof-recall-mirrors-'));
  const repo = join(mirrors, 'acme+leaky', 'repo');
  for (const [path, text] of Object.entries(FILES)) {
    mkdirSync(dirname(join(repo, path)), { recursive: true });
    writeFileSync(join(repo, path), text);
  }
  const git = (...args: string[]) => execFileSync('git', ['-C', repo, ...args], { encoding: 'utf8' }).trim();
  git('init', '-q');
  git('add', '-A');
  git('-c', 'user.name=t', '-c', 'user.email=t@localhost', 'commit', '-q', '--no-gpg-sign', '-m', 'leaky');
  return { mirrors, before: git('rev-parse', 'HEAD') };
}

const FIX = 'f'.repeat(40);

interface Verdict {
  hit: boolean;
}
/** runRecall's rows for the fixture: two cases linted, then one skipped. */
type FixtureResults = [
  { files: number; default: Verdict; strict: Verdict },
  { default: Verdict; strict: Verdict },
  { skipped: string },
];
const tsv = (before: string) =>
  [
    '# fixture',
    'repository\tbefore\tpath\tlines\tfix\tfamily\thalf\tdescription',
    `acme/leaky\t${before}\tsrc/files.js\t7\t${FIX}\tclients\tstudy\tS3 client built per request`,
    `acme/leaky\t${before}\tsrc/cleanup.js\t2\t${FIX}\ttasks\tmeasure\texit listener added per upload`,
    `acme/never-fetched\t${before}\tindex.js\t1-3\t${FIX}\tcaches\tmeasure\tnot on this machine`,
  ].join('\n');

describe('bench/recall', () => {
  it('prints its usage for --help and refuses an unknown flag, before linting or naming any case', () => {
    const script = fileURLToPath(new URL('../../bench/recall.mjs', import.meta.url));
    const help = spawnSync(process.execPath, [script, '--help'], { encoding: 'utf8' });
    expect(help).toMatchObject({ status: 0, stderr: '' });
    expect(help.stdout).toMatch(/^usage: node bench\/recall\.mjs/);
    const bogus = spawnSync(process.execPath, [script, '--half', 'measure', '--blnd'], { encoding: 'utf8' });
    expect(bogus).toMatchObject({ status: 2, stdout: '' });
    expect(bogus.stderr).toMatch(/^recall: unknown flag --blnd\n/);
  });

  it('counts the hit, the miss and the skip, per family and per repository', async () => {
    const { parseCases } = await import('../../bench/recall/cases.mjs');
    const { runRecall, formatRecall } = await import('../../bench/recall.mjs');
    const { mirrors, before } = fixtureMirror();
    const work = mkdtempSync(join(tmpdir(), 'leakproof-recall-work-'));
    const results = runRecall({ cases: parseCases(tsv(before)), mirrors, work });

    const [found, missed, skipped] = results as unknown as FixtureResults;
    // The recommended config enables no rule yet, so only strict finds it (see the report's note).
    expect(found.default.hit).toBe(false);
    expect(found.strict.hit).toBe(true);
    expect(found.files).toBe(4);
    expect(missed.default.hit).toBe(false);
    expect(missed.strict.hit).toBe(false);
    expect(skipped.skipped).toMatch(/no mirror of acme\/never-fetched/);

    const report = formatRecall(results, { halves: 'all' });
    expect(report).toMatch(/3 real leak fixes \(half: all\); 2 linted \(0 of them not parsed\), 1 skipped/);
    expect(report).toMatch(/default: the recommended config enables no rule yet, so its recall is 0 by construction/);
    expect(report).toMatch(/clients\s+1\s+0\/1 0\.00\s+1\/1 1\.00/);
    expect(report).toMatch(/tasks\s+1\s+0\/1 0\.00\s+0\/1 0\.00/);
    expect(report).toMatch(/overall\s+2\s+0\/2 0\.00\s+1\/2 0\.50/);
    expect(report).toMatch(/acme\/leaky\s+2\s+0\/2 0\.00\s+1\/2 0\.50/);
    expect(report).toMatch(/Skipped \(not counted\):\n {2}acme\/never-fetched index\.js:1-3: no mirror/);
    expect(report).toMatch(
      /Misses \(default or strict\):\n {2}\[clients, study\] acme\/leaky src\/files\.js:7 \(strict only\)[^\n]*\n {2}\[tasks, measure\] acme\/leaky src\/cleanup\.js:2 \(strict saw nothing of the family\)/,
    );

    // Blind, for the half that is only measured: the family table, nothing that names a case.
    const blind = formatRecall(results, { halves: 'measure', blind: true });
    expect(blind).toMatch(/overall\s+2\s+0\/2 0\.00\s+1\/2 0\.50/);
    expect(blind).not.toMatch(/acme\/leaky|acme\/never-fetched|Misses|Skipped/);
    expect(blind).toMatch(/2 linted \(0 of them not parsed\), 1 skipped/);
  }, 60_000);

  it('with --project-index, finds the leak whose per-request caller is in another file', async () => {
    const { parseCases } = await import('../../bench/recall/cases.mjs');
    const { runRecall, formatRecall } = await import('../../bench/recall.mjs');
    const { mirrors, before } = fixtureMirror();
    const work = mkdtempSync(join(tmpdir(), 'leakproof-recall-work-'));
    const cases = parseCases(tsv(before)).filter((c: { path: string }) => c.path === 'src/cleanup.js');
    const [missed] = runRecall({ cases, mirrors, work, projectIndex: true }) as unknown as FixtureResults;
    // no-listener-leak is in strict only (and recommended enables no rule): the default config misses it.
    expect(missed.strict.hit).toBe(true);
    expect(missed.default.hit).toBe(false);
    expect(formatRecall([], { halves: 'all', projectIndex: true })).toMatch(/\(half: all, project index on\)/);
  }, 60_000);

  it('does not count a finding of the family on another line, nor one of another family on the line', async () => {
    const { parseCases } = await import('../../bench/recall/cases.mjs');
    const { judge } = await import('../../bench/recall.mjs');
    const [c] = parseCases(
      `repository\tbefore\tpath\tlines\tfix\tfamily\thalf\tdescription\na/b\t${FIX}\tx.js\t10-12,40\t${FIX}\ttasks\t\td`,
    );
    const at = (ruleId: string, line: number) => ({ messages: [{ ruleId, line }] });
    expect(judge(c, at('leakproof/no-listener-leak', 11)).hit).toBe(true);
    expect(judge(c, at('leakproof/no-listener-leak', 40)).hit).toBe(true);
    expect(judge(c, at('leakproof/no-listener-leak', 13)).hit).toBe(false);
    expect(judge(c, at('leakproof/no-client-in-handler', 11)).hit).toBe(false);
  });

  it('splits each family in two from a seed, the same way every time, keeping halves already drawn', async () => {
    const { assignHalves, parseCases } = await import('../../bench/recall/cases.mjs');
    const rows = ['caches', 'caches', 'caches', 'clients', 'clients', 'tasks', 'tasks', 'tasks', 'tasks'].map(
      (family, i) => `r/r${i}\t${FIX}\tf.js\t${i + 1}\t${FIX}\t${family}\t\td`,
    );
    const cases = parseCases(['repository\tbefore\tpath\tlines\tfix\tfamily\thalf\tdescription', ...rows].join('\n'));
    const split = assignHalves(cases, 20261206);
    expect(assignHalves(cases, 20261206).map((c: { half: string }) => c.half)).toEqual(
      split.map((c: { half: string }) => c.half),
    );
    const count = (family: string, half: string) =>
      split.filter((c: { family: string; half: string }) => c.family === family && c.half === half).length;
    expect([count('caches', 'study'), count('caches', 'measure')]).toEqual([1, 2]);
    expect([count('clients', 'study'), count('clients', 'measure')]).toEqual([1, 1]);
    expect([count('tasks', 'study'), count('tasks', 'measure')]).toEqual([2, 2]);
    const kept = assignHalves([{ ...cases[0], half: 'study' }, ...cases.slice(1)], 1);
    expect(kept[0].half).toBe('study');
  });

  it('draws a later batch on its own into study<n>/measure<n>, leaving the first draw as it was', async () => {
    const { assignHalves, parseCases } = await import('../../bench/recall/cases.mjs');
    const header = 'repository\tbefore\tpath\tlines\tfix\tfamily\thalf\tdescription';
    const row = (i: number, family: string, half = '') => `r/r${i}\t${FIX}\tf.js\t${i}\t${FIX}\t${family}\t${half}\td`;
    const text = [
      header,
      row(1, 'caches', 'study'),
      row(2, 'caches'),
      '# Batch 2 (later): found after the first split',
      ...['caches', 'caches', 'clients', 'clients', 'tasks', 'tasks'].map((family, i) => row(10 + i, family)),
    ].join('\n');
    const cases = parseCases(text);
    expect(cases.map((c: { batch: number }) => c.batch)).toEqual([1, 1, 2, 2, 2, 2, 2, 2]);
    const drawn = assignHalves(cases, 7, { batch: 2 });
    // The first batch's open row stays open: only batch 2 is drawn.
    expect(drawn.slice(0, 2).map((c: { half: string }) => c.half)).toEqual(['study', '']);
    const second = drawn.slice(2).map((c: { family: string; half: string }) => `${c.family}:${c.half}`);
    for (const family of ['caches', 'clients', 'tasks'])
      expect(second.filter((h: string) => h.startsWith(`${family}:`)).sort()).toEqual([
        `${family}:measure2`,
        `${family}:study2`,
      ]);
    // A batch's rows take only that batch's half names.
    expect(() => parseCases([header, '# Batch 2', row(3, 'tasks', 'study')].join('\n'))).toThrow(
      /half "study" is not one of study2, measure2 \(batch 2\)/,
    );
    expect(() => parseCases([header, row(3, 'tasks', 'measure2')].join('\n'))).toThrow(/half "measure2"/);
  });

  it('writes a batch split into the file with --assign-halves --batch, and runs a batch half by name', () => {
    const script = fileURLToPath(new URL('../../bench/recall.mjs', import.meta.url));
    const dir = mkdtempSync(join(tmpdir(), 'leakproof-recall-batch-'));
    const file = join(dir, 'cases.tsv');
    const header = 'repository\tbefore\tpath\tlines\tfix\tfamily\thalf\tdescription';
    writeFileSync(
      file,
      [
        header,
        `a/first\t${FIX}\tx.js\t1\t${FIX}\ttasks\tmeasure\td`,
        '# Batch 2 (later)',
        `a/second\t${FIX}\tx.js\t1\t${FIX}\ttasks\t\td`,
        `a/third\t${FIX}\tx.js\t1\t${FIX}\ttasks\t\td`,
        '',
      ].join('\n'),
    );
    const draw = spawnSync(process.execPath, [script, '--assign-halves', '3', '--batch', '2', '--cases', file], {
      encoding: 'utf8',
    });
    expect(draw).toMatchObject({ status: 0, stderr: '' });
    const halves = readFileSync(file, 'utf8')
      .split('\n')
      .filter((line) => line.startsWith('a/'))
      .map((line) => line.split('\t')[6]);
    expect([halves[0], [...halves.slice(1)].sort()]).toEqual(['measure', ['measure2', 'study2']]);
    // measure2 is a half the runner takes (its one case's mirror is absent: skipped, exit 1).
    const run = spawnSync(
      process.execPath,
      [script, '--half', 'measure2', '--blind', '--cases', file, '--mirrors', dir, '--work', dir],
      { encoding: 'utf8' },
    );
    expect(run.stdout).toMatch(
      /^Recall on 1 real leak fixes \(half: measure2\); 0 linted \(0 of them not parsed\), 1 skipped/,
    );
    const bad = spawnSync(process.execPath, [script, '--half', 'measure1', '--cases', file], { encoding: 'utf8' });
    expect(bad).toMatchObject({ status: 2, stdout: '' });
  });

  it('rejects a case without full commit hashes or with lines it cannot read', async () => {
    const { parseCases } = await import('../../bench/recall/cases.mjs');
    const header = 'repository\tbefore\tpath\tlines\tfix\tfamily\thalf\tdescription';
    expect(() => parseCases(`${header}\na/b\tabc123\tx.js\t1\t${FIX}\ttasks\t\td`)).toThrow(
      /before must be a full 40-character commit hash/,
    );
    expect(() => parseCases(`${header}\na/b\t${FIX}\tx.js\t9-3\t${FIX}\ttasks\t\td`)).toThrow(
      /a range ends before it starts/,
    );
    expect(() => parseCases(`${header}\na/b\t${FIX}\tx.js\t3\t${FIX}\tleaks\t\td`)).toThrow(/family "leaks"/);
  });
});
