import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import plugin from '../../src/index.js';

// The benchmarks themselves run with `npm run bench`; this only proves the scripts still work,
// on a tiny corpus. Nothing here looks at how long anything took.
const corpus = fileURLToPath(new URL('../fixtures/bench-corpus', import.meta.url));

describe('bench/lint-overhead', () => {
  it('lints the corpus with and without the rules and reports every strict rule', async () => {
    const { measureLintOverhead, formatLintOverhead } = await import('../../bench/lint-overhead.mjs');
    const result = measureLintOverhead({ corpus, runs: 1 });
    expect(result.files).toBe(3);
    expect(result.lines).toBeGreaterThan(30);
    expect(result.ratio).toBeGreaterThan(0);
    expect(Object.keys(result.ruleMs).sort()).toEqual(Object.keys(plugin.configs.strict.rules ?? {}).sort());
    expect(formatLintOverhead(result)).toMatch(/ratio \d+\.\d{3} over parse only \(target <= 1\.10\)/);
  });
});

describe('bench/migrate', () => {
  it('runs leakproof migrate and the no-op jscodeshift baseline on the same files', async () => {
    const { measureMigrate, formatMigrate } = await import('../../bench/migrate.mjs');
    const result = measureMigrate({ corpus, runs: 1, jobs: 1 });
    expect(result.files).toBe(3);
    expect(result.baselineMs).toBeGreaterThan(0);
    expect(result.migrateMs).toBeGreaterThan(0);
    expect(formatMigrate(result)).toMatch(/ratio \d+\.\d{3} \(target <= 2\.0\)/);
  }, 120_000);
});

describe('bench/oxlint', () => {
  it('lints the same files with ESLint and oxlint, and they report the same findings', async () => {
    const { measureOxlint, formatOxlint } = await import('../../bench/oxlint.mjs');
    const result = measureOxlint({ corpus, runs: 1 });
    expect(result.files).toBe(3);
    expect(result.findings).toBeGreaterThan(0);
    expect(result.eslintMs).toBeGreaterThan(0);
    expect(result.oxlintMs).toBeGreaterThan(0);
    expect(formatOxlint(result)).toMatch(/ESLint takes \d+\.\d{2}x oxlint's time/);
  }, 120_000);
});

describe('bench/corpus sourceFilesUnder', () => {
  it('takes source files only, even under a folder named like one (chart.js/, discord.js/)', async () => {
    const { sourceFilesUnder } = await import('../../bench/corpus.mjs');
    const root = mkdtempSync(join(tmpdir(), 'leakproof-corpus-'));
    for (const [path, text] of Object.entries({
      'chart.js/package.json': '{}',
      'chart.js/README.md': '#',
      'chart.js/src/index.ts': 'export {};',
      'lib/a.mjs': '',
    })) {
      mkdirSync(dirname(join(root, path)), { recursive: true });
      writeFileSync(join(root, path), text);
    }
    expect(sourceFilesUnder(root).map((path: string) => relative(root, path).split(sep).join('/'))).toEqual([
      'chart.js/src/index.ts',
      'lib/a.mjs',
    ]);
  });
});
