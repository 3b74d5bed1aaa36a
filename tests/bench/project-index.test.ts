import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// `node bench/project-index.mjs --root <project>` runs on real codebases; this only proves the
// script still works, on a fixture project. Nothing here looks at how long anything took.
const root = fileURLToPath(new URL('../fixtures/projects/index-express', import.meta.url));

describe('bench/project-index', () => {
  it('builds the index cold and warm beside a parse-only baseline and answers for one file', async () => {
    const { measureProjectIndex, formatProjectIndex } = await import('../../bench/project-index.mjs');
    const result = measureProjectIndex({ root, runs: 1, file: 'src/lib/clients.ts' });
    expect(result).toMatchObject({
      files: 8,
      parsedCold: 8,
      parsedWarm: 0,
      parseErrors: 0,
      failures: { estree: 0, oxc: 0 },
    });
    expect(result.answer).toMatchObject({ kind: 'repeats', repeatKind: 'request' });
    expect(formatProjectIndex(result)).toMatch(
      /index, warm \(0 files parsed\) +wall +\d+\.\d\d s +cpu +\d+\.\d\d s +ratio wall \d+\.\d{3}, cpu \d+\.\d{3}/,
    );
  });
});
