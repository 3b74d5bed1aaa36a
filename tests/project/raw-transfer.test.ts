import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseSync, rawTransferSupported } from 'oxc-parser';
import { describe, expect, it } from 'vitest';
import { walkSourceFiles } from '../../src/core/source-files.js';
import { oxcRawTransfer, parseProgram } from '../../src/project/native.js';

const projects = fileURLToPath(new URL('../fixtures/projects', import.meta.url));

// Where Node.js allows it (22 and later), the index takes oxc-parser's AST through shared memory
// instead of as JSON: its facts are the same only if the AST is. Checked over every fixture
// project's files, on the Node.js versions where the index uses it.
describe("oxc-parser's raw transfer", () => {
  it('is used exactly where oxc-parser supports it', () => {
    expect(oxcRawTransfer()).toBe(rawTransferSupported());
  });

  it.skipIf(!rawTransferSupported())('gives the same AST as the JSON transfer, for every fixture project file', () => {
    const files = walkSourceFiles(projects).files;
    expect(files.length).toBeGreaterThan(50);
    for (const file of files) {
      const text = readFileSync(file, 'utf8');
      const options = { preserveParens: false, sourceType: 'unambiguous' } as const;
      const viaJson = parseSync(file, text, options).program;
      const viaRaw = parseSync(file, text, { ...options, experimentalRawTransfer: true } as typeof options).program;
      expect(viaRaw, file).toEqual(viaJson);
    }
  });
});

// Without raw transfer the index calls oxc-parser's native parse itself and reads only the AST and
// the errors (not the module record and comments oxc's `parseSync` converts too): the same AST,
// BigInt and RegExp literals included, and the same errors, or its facts would not be the same.
describe("the index's parse", () => {
  it("gives oxc-parser's AST and errors, for every fixture project file and literals oxc fixes up", () => {
    const files = walkSourceFiles(projects).files.map((file) => [file, readFileSync(file, 'utf8')] as const);
    files.push(['/project/literals.ts', 'const big = 10n;\nconst re = /a+b/giu;\nfoo(/x/, 2n ** 3n);\n']);
    files.push(['/project/broken.ts', 'const = ;\nfunction (\n']);
    for (const [file, text] of files) {
      const options = { preserveParens: false, sourceType: 'unambiguous' } as const;
      const expected = parseSync(file, text, options);
      const parsed = parseProgram(file, text, options);
      expect(parsed.program, file).toEqual(expected.program);
      expect(parsed.errors.map((e) => e.message)).toEqual(expected.errors.map((e) => e.message));
    }
    expect(parseProgram('/project/broken.ts', 'const = ;', {}).errors.length).toBeGreaterThan(0);
  });
});
