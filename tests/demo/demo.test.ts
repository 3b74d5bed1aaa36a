import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { codemods } from '../../codemods/index.js';

const root = fileURLToPath(new URL('../..', import.meta.url));

/** Which codemod is meant to flatten each of the load driver's paths. */
const PATH_FIXED_BY: Record<string, string> = {
  'prompt cache': 'bounded-cache',
  'storage client': 'memoize-client',
  'jobs and tasks': 'track-tasks',
};

interface PathResult {
  name: string;
  growth: number;
}

describe('npm run demo', () => {
  it('shows the leaky service growing and the migrated copy growing markedly less', () => {
    const dir = mkdtempSync(join(tmpdir(), 'leakproof-demo-test-'));
    try {
      const json = join(dir, 'demo.json');
      const run = spawnSync(process.execPath, ['scripts/demo.mjs', '--quick', `--json=${json}`], {
        cwd: root,
        encoding: 'utf8',
        timeout: 240_000,
      });
      expect(run.status, run.stderr).toBe(0);
      expect(run.stdout).toMatch(/== 1\. leakproof check/);
      // The first incident, reported by the strict config the demo lints with.
      expect(run.stdout).toMatch(/Map `completions` lives as long as the process/);
      expect(run.stdout).toMatch(/== 3\. leakproof migrate/);
      expect(run.stdout).toMatch(/^\+.*LRUCache/m);
      expect(run.stdout).toMatch(
        /every site the codemods rewrote is silent; left: the listener the report above leaves to a person/,
      );

      const { before, after } = JSON.parse(readFileSync(json, 'utf8')) as {
        before: { total: number; paths: PathResult[] };
        after: { total: number; paths: PathResult[] };
      };
      // Growth is measured, not predicted: the slack is wide on purpose (2 cores, shared machine).
      expect(before.total).toBeGreaterThan(20);
      const fixed = Object.entries(PATH_FIXED_BY)
        .filter(([, codemod]) => codemod in codemods)
        .map(([path]) => path);
      expect(fixed.length).toBeGreaterThanOrEqual(2);
      for (const path of fixed) {
        const was = before.paths.find((p) => p.name === path)!.growth;
        const now = after.paths.find((p) => p.name === path)!.growth;
        expect(was, `${path}: the leaky copy grows`).toBeGreaterThan(0.5);
        expect(now, `${path}: migrated growth ${now.toFixed(2)} vs leaky ${was.toFixed(2)} MB/10k ops`).toBeLessThan(
          was * 0.6,
        );
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 300_000);
});
