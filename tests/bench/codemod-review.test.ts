import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { writeTree } from '../helpers/write-tree.js';

// bench/codemod-review.mjs builds and tests a codebase before and after `leakproof migrate --write`;
// this proves it still works, on a tiny project whose "build" is `node --check` and whose tests use
// node:test. The one rewrite (a cache, so migrate runs with --strict) imports lru-cache, which the
// project does not have: migrate adds it to package.json, but the install here is a stand-in that
// installs nothing, so the build (a syntax check) still passes, the tests no longer load, and the
// review must say so.
const root = mkdtempSync(join(tmpdir(), 'leakproof-codemod-review-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const files: Record<string, string> = {
  'package.json': JSON.stringify({ name: 'tiny', version: '1.0.0', private: true, type: 'module' }),
  'src/seen.js': `const seen = new Map();

export function firstTime(id) {
  if (!seen.has(id)) seen.set(id, { id, at: Date.now() });
  return seen.get(id);
}
`,
  'src/add.js': `export const add = (a, b) => a + b;
`,
  'test/seen.test.js': `import assert from 'node:assert/strict';
import { test } from 'node:test';
import { firstTime } from '../src/seen.js';

test('an id is recorded once', () => {
  assert.equal(firstTime('a').id, 'a');
  assert.equal(firstTime('a'), firstTime('a'));
});
`,
};

describe('bench/codemod-review', () => {
  it('builds and tests a copy before and after migrate, and lists every rewritten site for labelling', async () => {
    const codebase = join(root, 'tiny');
    writeTree(codebase, files);
    const { reviewCodebase, runRow, tsvOf } = await import('../../bench/codemod-review.mjs');
    const labels = [
      {
        repository: 'acme/tiny',
        commit: 'abc',
        path: 'src/seen.js',
        line: '1',
        codemod: 'bounded-cache',
        label: 'behaviour change',
        reason: 'a dedupe set forgets',
      },
      {
        repository: 'acme/tiny',
        commit: 'abc',
        path: 'src/gone.js',
        line: '3',
        codemod: 'track-tasks',
        label: 'accepted',
        reason: 'fine',
      },
    ];
    const { summary, rows } = reviewCodebase({
      dir: codebase,
      repository: 'acme/tiny',
      commit: 'abc',
      work: join(root, 'work'),
      install: 'true',
      build: 'node --check src/seen.js && node --check src/add.js',
      test: 'node --test test/',
      strict: true,
      labels,
    });

    // Two files change: the cache, and package.json, which now lists lru-cache.
    // Three source files; migrate leaves test/seen.test.js alone by default, as a user's run would.
    expect(summary).toMatchObject({
      files: 2,
      filesChanged: 2,
      rewritten: { 'bounded-cache': 1 },
      reinstalled: true,
      buildChanged: '',
    });
    expect(summary.before).toMatchObject({
      install: { exit: 0 },
      build: { exit: 0 },
      test: { exit: 0, passed: 1, failed: 0 },
    });
    // The install is repeated after: the migration added lru-cache to package.json.
    expect(Object.keys(summary.after)).toEqual(['install', 'build', 'test']);
    expect(summary.after).toMatchObject({ build: { exit: 0 }, test: { exit: 1 } });
    expect(summary.testsChanged).toContain('exit 0 -> 1');
    // The site's earlier label is carried over; a labelled site this run does not rewrite is listed.
    expect(rows).toEqual([
      {
        repository: 'acme/tiny',
        commit: 'abc',
        path: 'src/seen.js',
        line: 1,
        codemod: 'bounded-cache',
        site: expect.stringContaining('seen'),
        label: 'behaviour change',
        reason: 'a dedupe set forgets',
      },
    ]);
    expect(summary.noLongerRewritten).toEqual([
      expect.objectContaining({ path: 'src/gone.js', label: 'accepted', now: 'not reported' }),
    ]);
    expect(summary.labels).toEqual({ 'behaviour change': 1 });
    expect(tsvOf(rows).split('\n')[0]).toBe('repository\tcommit\tpath\tline\tcodemod\tsite\tlabel\treason');
    expect(runRow(summary)).toMatchObject({
      repository: 'acme/tiny',
      rewritten: 1,
      'behaviour change': 1,
      'tests changed': expect.stringContaining('exit 0 -> 1'),
      'build changed': 'no',
    });
    // The diff is kept for the reviewer; the original is untouched and the copy is migrated.
    expect(readFileSync(join(root, 'work/tiny.diff'), 'utf8')).toContain("+import { LRUCache } from 'lru-cache';");
    expect(readFileSync(join(codebase, 'src/seen.js'), 'utf8')).toBe(files['src/seen.js']);
    expect(readFileSync(join(root, 'work/tiny/src/seen.js'), 'utf8')).toContain('new LRUCache');
  }, 120_000);

  it('stops at a failed install: without a baseline nothing is built or compared', async () => {
    const codebase = join(root, 'no-install');
    writeTree(codebase, files);
    const { reviewCodebase } = await import('../../bench/codemod-review.mjs');
    const { summary, rows } = reviewCodebase({
      dir: codebase,
      work: join(root, 'work'),
      install: 'exit 3',
      build: 'true',
      test: 'true',
      strict: true,
    });
    expect(summary.before).toEqual({ install: expect.objectContaining({ exit: 3 }) });
    expect(summary.after).toEqual({});
    expect(rows).toHaveLength(1);
    const { runRow } = await import('../../bench/codemod-review.mjs');
    expect(runRow(summary)['build before']).toMatch(/^install failed: exit 3/);
  }, 120_000);

  it('with migrateOnly, compares the rewritten sites with the labels and runs no command of the codebase', async () => {
    const codebase = join(root, 'migrate-only');
    writeTree(codebase, files);
    const { reviewCodebase } = await import('../../bench/codemod-review.mjs');
    const { summary, rows } = reviewCodebase({
      dir: codebase,
      repository: 'acme/tiny',
      work: join(root, 'work'),
      // Each would fail the review if it ran.
      install: 'exit 3',
      build: 'exit 4',
      test: 'exit 5',
      strict: true,
      migrateOnly: true,
      labels: [
        {
          repository: 'acme/tiny',
          path: 'src/gone.js',
          line: '3',
          codemod: 'track-tasks',
          label: 'behaviour change',
          reason: 'was wrong',
        },
      ],
    });
    expect(summary.before).toEqual({});
    expect(summary.after).toEqual({});
    expect(rows).toEqual([expect.objectContaining({ path: 'src/seen.js', codemod: 'bounded-cache' })]);
    expect(summary.noLongerRewritten).toEqual([
      expect.objectContaining({ path: 'src/gone.js', label: 'behaviour change', now: 'not reported' }),
    ]);
    expect(readFileSync(join(root, 'work/migrate-only.diff'), 'utf8')).toContain('new LRUCache');
    const { runRow } = await import('../../bench/codemod-review.mjs');
    expect(runRow(summary)).toMatchObject({ 'build before': '–', 'tests before': '–', 'tests changed': 'no' });
  }, 120_000);

  it('reads the test counts of common runners from their summaries', async () => {
    const { testCounts, changedFrom } = await import('../../bench/codemod-review.mjs');
    expect(testCounts('  12 passing (3s)\n  1 failing\n')).toEqual({ passed: 12, failed: 1 });
    expect(testCounts(' Tests  2 failed | 10 passed (12)\n')).toEqual({ passed: 10, failed: 2 });
    expect(testCounts('Tests:       1 failed, 2 skipped, 10 passed, 13 total\n')).toEqual({ passed: 10, failed: 1 });
    expect(testCounts('# pass 3\n# fail 0\n')).toEqual({ passed: 3, failed: 0 });
    // ava prints only the failures' count when some failed: its ticks are counted.
    expect(testCounts('  ✔ a\n  ✔ b\n  ✘ [fail]: c\n\n  1 test failed\n')).toEqual({ passed: 2, failed: 1 });
    expect(testCounts('built in 3s\n')).toEqual({ passed: undefined, failed: undefined });
    // mocha, jest and ava print no failed count when none failed, so 0 -> 1 does not read as ? -> 1.
    expect(testCounts('  77 passing (37s)\n')).toEqual({ passed: 77, failed: 0 });
    expect(testCounts('Tests:       74 passed, 74 total\n')).toEqual({ passed: 74, failed: 0 });
    // Digits inside a word (a commit hash in a URL) are no count.
    expect(testCounts('request to https://host/tar.gz/0a3635268 failed\n')).toEqual({
      passed: undefined,
      failed: undefined,
    });
    const { lintCounts } = await import('../../bench/codemod-review.mjs');
    expect(lintCounts('Checked 198 files in 14s. No fixes applied.\nFound 1 error.\nFound 2 warnings.\n')).toEqual({
      problems: 3,
    });
    expect(lintCounts('\n✖ 4 problems (1 error, 3 warnings)\n')).toEqual({ problems: 4 });
    // tslint prints one line per problem and no summary.
    expect(
      lintCounts(
        [
          'ERROR: src/a.ts[3, 10]: Missing semicolon',
          'WARNING: src/b.ts[1, 1]: Unused import',
          'a line of context',
        ].join('\n'),
        2,
      ),
    ).toEqual({ problems: 2 });
    // A clean ESLint prints nothing: exit 0 and no output is 0 problems, so 0 -> 2 reads as such.
    expect(lintCounts('$ npx eslint src\n', 0)).toEqual({ problems: 0 });
    expect(lintCounts('Oops! Something went wrong.\n', 2)).toEqual({});
    // A new warning leaves the exit code as it was; the review still says the lint changed.
    expect(changedFrom({ exit: 1, problems: 3 }, { exit: 1, problems: 4 })).toBe('problems 3 -> 4');
    expect(changedFrom({ exit: 0, passed: 5, failed: 0 }, { exit: 0, passed: 5, failed: 0 })).toBe('');
    expect(changedFrom({ exit: 1, passed: 4, failed: 1 }, { exit: 1, passed: 3, failed: 2 })).toBe(
      'passed 4 -> 3, failed 1 -> 2',
    );
  });

  it('keeps the labelled review whole: a known label and a reason per site, codebases never used for tuning', async () => {
    const { LABELS } = await import('../../bench/codemod-review.mjs');
    const { readTsv } = await import('../../bench/precision.mjs');
    const labels = readTsv(fileURLToPath(new URL('../../bench/labels/codemods.tsv', import.meta.url)));
    const tuned = new Set(
      readTsv(fileURLToPath(new URL('../../bench/labels/real-code-strict.tsv', import.meta.url))).map(
        (row: { repository: string }) => row.repository,
      ),
    );
    expect(labels.length).toBeGreaterThan(0);
    for (const row of labels) {
      const site = `${row.repository} ${row.path}:${row.line}`;
      expect(LABELS, site).toContain(row.label);
      expect(row.reason.length, `${site} has a reason`).toBeGreaterThan(20);
      expect(row.commit, `${site} names its commit in full`).toMatch(/^[0-9a-f]{40}$/);
      expect(tuned.has(row.repository), `${row.repository} was used for tuning`).toBe(false);
    }
  });
});
