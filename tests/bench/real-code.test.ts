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
});
