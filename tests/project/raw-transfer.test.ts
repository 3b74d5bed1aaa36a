import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseSync, rawTransferSupported } from 'oxc-parser';
import { describe, expect, it } from 'vitest';
import { walkSourceFiles } from '../../src/core/source-files.js';
import { oxcRawTransfer } from '../../src/project/native.js';

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
