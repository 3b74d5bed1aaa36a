import { describe, expect, it } from 'vitest';
import { parseForAnalysis, SourceParseError } from '../../src/core/parse.js';
import { assertParses } from '../../src/core/syntax-check.js';

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

// migrate's check of the files no codemod parsed must fail exactly the files the codemods would.
describe('assertParses agrees with parseForAnalysis', () => {
  const cases: [string, string, boolean][] = [
    ['const answers = new Map<string, string>();\n', 'cache.ts', true],
    ['const seen = new Map();\nconst = ;\n', 'broken.ts', false],
    ['export function f() {\n  return 1 +;\n}\n', 'broken.js', false],
    ['export const view = <div className="x" />;\n', 'view.tsx', true],
    ['export const view = <div className="x" />;\n', 'view.jsx', true],
    ['export const view = <div className="x" />;\n', 'view.js', true],
    // In a .ts file `<div ...` is a type assertion, and this one is broken.
    ['export const view = <div className="x" />;\n', 'view.ts', false],
    ['const size = <number>input;\n', 'cast.mts', true],
    ['const size = <number>input;\n', 'cast.tsx', false],
    ['export const ok = 1;\r\nexport const f = async () => { for await (const x of y) {} };\r\n', 'crlf.cts', true],
    ['class A { #x = 1; static { this.y = 2; } accessor z = 3; }\n', 'modern.ts', true],
  ];

  for (const [text, filename, parses] of cases) {
    it(`${filename}: ${parses ? 'parses' : 'does not parse'}`, () => {
      const full = errorOf(() => parseForAnalysis(text, filename));
      const quick = errorOf(() => assertParses(text, filename));
      expect(full === undefined).toBe(parses);
      expect(quick?.message).toBe(full?.message);
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
