import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// `node bench/lint-overhead.mjs --project <root>` runs on real codebases; this only proves the
// script still works, on a fixture project. Nothing here looks at how long anything took.
const root = fileURLToPath(new URL('../fixtures/projects/index-keys', import.meta.url));

describe('bench/index-overhead', () => {
  it('lints cold, warm and one file with the index beside a parse-only baseline and the same rule without the index, and the index answers', async () => {
    const { measureIndexOverhead, formatIndexOverhead } = await import('../../bench/index-overhead.mjs');
    const result = measureIndexOverhead({
      root,
      runs: 1,
      file: 'src/lib/orders.ts',
      realRules: false,
      precommitRuns: 0,
    });
    expect(result).toMatchObject({ files: 6, fatal: 0, file: 'src/lib/orders.ts' });
    expect(Object.keys(result.questions).filter((k) => k.startsWith('fallback'))).toEqual([]);
    expect(result.questions['key request']).toBeGreaterThan(0);
    expect(formatIndexOverhead(result)).toMatch(
      /cold \(no cache\) +parse only \d+\.\d\d s wall .* ratio wall \d+\.\d{3}, cpu \d+\.\d{3}/,
    );
    // Beside it, the same rule with the index off: what the index itself adds.
    expect(formatIndexOverhead(result)).toMatch(
      /the same rule with the index off \d+\.\d\d s wall .*: the index alone, ratio wall \d+\.\d{3}, cpu \d+\.\d{3}/,
    );
    expect(result).toMatchObject({ warm: { cpu: { overRule: expect.any(Number) } } });
  });

  it('lints with the real rules cold and warm, index on beside off and parse only, and one file in fresh processes', async () => {
    const { measureIndexOverhead, formatIndexOverhead } = await import('../../bench/index-overhead.mjs');
    const result = measureIndexOverhead({ root, runs: 1, file: 'src/lib/orders.ts', precommitRuns: 1 });
    const ratios = { ratio: expect.any(Number), overRule: expect.any(Number) };
    expect(result).toMatchObject({ rulesCold: { cpu: ratios }, rulesWarm: { cpu: ratios, wall: ratios } });
    // The fixture has a write the index spares or flags differently: the real rules did ask it.
    expect(result.findings?.on).not.toBe(result.findings?.off);
    expect(result.precommitProcesses).toMatchObject({ runs: 1, fatal: 0 });
    expect(result.precommitProcesses?.findings.on).not.toBe(result.precommitProcesses?.findings.off);
    // Edited since the cache: the same findings as unedited (a comment line added above), each side.
    expect(result.precommitChanged).toMatchObject({ runs: 1, changed: true, fatal: 0 });
    expect(result.precommitChanged?.findings).toEqual(result.precommitProcesses?.findings);
    const text = formatIndexOverhead(result);
    expect(text).toMatch(
      /warm \(disk cache\) +parse only \d+\.\d\d s cpu, rules without the index .*\n +index on \/ off: cpu \d+\.\d{3}/,
    );
    expect(text).toMatch(/the lint call +index off \d+ ms .*: on \/ off \d+\.\d{3}/);
    expect(text).toMatch(/whole process +index off \d+ ms .*: on \/ off \d+\.\d{3}/);
    expect(text).toMatch(/fresh processes \(src\/lib\/orders\.ts, changed since the cache\), 1 pairs/);
  });

  it('writes, for --warm-only, the cache a cold lint leaves: links too, so the warm phase does not link again', async () => {
    const { writeCache } = await import('../../bench/index-overhead.mjs');
    const { ProjectIndex } = await import('../../src/project/index.js');
    const cacheDir = mkdtempSync(join(tmpdir(), 'leakproof-warm-cache-'));
    try {
      const file = join(root, 'src/lib/orders.ts');
      writeCache(root, cacheDir, file);
      const warm = ProjectIndex.build(root, { cacheDir });
      warm.frequencyOf(file, 0);
      expect(warm.stats.linked).toMatchObject({ callsFromCache: true });
    } finally {
      rmSync(cacheDir, { recursive: true, force: true });
    }
  });
});
