import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { forgetProjectIndexes } from '../../src/project/index.js';

// bench/real-code.mjs lints checked-out codebases for labelling; --project-index lints them with
// the cross-file index on. Run here on a fixture project whose helpers only a route in another
// file calls per request.
const fixture = fileURLToPath(new URL('../fixtures/projects/index-rules', import.meta.url));

afterEach(() => forgetProjectIndexes());

describe('bench/real-code', () => {
  it('finds what only the project index can tell with --project-index, and nothing of it without', async () => {
    const { lintCodebase } = await import('../../bench/real-code.mjs');
    const withIndex = lintCodebase(fixture, { projectIndex: true });
    expect(withIndex.crashes).toEqual([]);
    expect(
      withIndex.findings
        .map((f: { path: string; line: number; rule: string }) => `${f.rule} ${f.path}:${f.line}`)
        .sort(),
    ).toEqual(['leakproof/no-listener-leak src/lib/hooks.ts:13', 'leakproof/no-unbounded-cache src/lib/hooks.ts:2']);
    expect(lintCodebase(fixture).findings).toEqual([]);
  });

  it("lints under the files' real paths without the index too, so the codebase's own package.json counts", async () => {
    const { lintCodebase } = await import('../../bench/real-code.mjs');
    // A private app's exported class is not a library's: no interval evidence without callers.
    const app = lintCodebase(fileURLToPath(new URL('../fixtures/projects/bench-private-app', import.meta.url)));
    expect(app.files).toBe(1);
    expect(app.findings).toEqual([]);
  });
});
