import { describe, expect, it } from 'vitest';
import { assertParses, parseForAnalysis, SourceParseError } from '../../src/analysis/parse.js';

/** The error a parse throws, or undefined when it parses. */
function errorOf(parse: () => unknown): SourceParseError | undefined {
  try {
    parse();
    return undefined;
  } catch (error) {
    if (error instanceof SourceParseError) return error;
    throw error;
  }
}

describe('assertParses', () => {
  const cases: [string, string][] = [
    ['const answers = new Map<string, string>();\n', 'cache.ts'],
    ['const seen = new Map();\nconst = ;\n', 'broken.ts'],
    ['export const view = <div className="x" />;\n', 'view.tsx'],
    // JSX is on for .js/.jsx/.tsx only: in a .ts file `<div />` is a type assertion gone wrong.
    ['export const view = <div className="x" />;\n', 'view.ts'],
    ['const size = <number>input;\n', 'cast.ts'],
    ['\uFEFFexport const ok = 1;\r\n', 'bom.mts'],
  ];

  for (const [text, filename] of cases) {
    it(`agrees with parseForAnalysis on ${filename}`, () => {
      const full = errorOf(() => parseForAnalysis(text, filename));
      const bare = errorOf(() => assertParses(text, filename));
      expect(bare?.message).toBe(full?.message);
    });
  }

  it('names the file, line and column of a syntax error', () => {
    expect(errorOf(() => assertParses('const seen = new Map();\nconst = ;\n', 'broken.ts'))).toMatchObject({
      filename: 'broken.ts',
      line: 2,
      message: expect.stringMatching(/^broken\.ts:2:\d+: cannot parse: \S/),
    });
  });
});
