import { describe, expect, it } from 'vitest';
import { parseForAnalysis, SourceParseError } from '../../src/core/parse.js';
import { defineCodemod, CodemodOutputError } from '../../src/codemod-kit/define-codemod.js';
import { applyEdits, detectEol, preferredQuote, usesSemicolons } from '../../src/codemod-kit/edits.js';
import { ensureNamedImport } from '../../src/codemod-kit/imports.js';
import { CodemodOptionError, parseCodemodOptions, type OptionSpec } from '../../src/codemod-kit/options.js';

describe('applyEdits', () => {
  it('applies edits in offset order whatever order they come in', () => {
    expect(
      applyEdits('abcdef', [
        { start: 4, end: 5, text: 'E' },
        { start: 0, end: 1, text: 'A' },
      ]),
    ).toBe('AbcdEf');
  });
  it('keeps insertions at one offset in the order given', () => {
    expect(
      applyEdits('ab', [
        { start: 1, end: 1, text: '1' },
        { start: 1, end: 1, text: '2' },
      ]),
    ).toBe('a12b');
  });
  it('refuses overlapping edits instead of half-merging them', () => {
    expect(() =>
      applyEdits('abcdef', [
        { start: 0, end: 3, text: 'x' },
        { start: 2, end: 4, text: 'y' },
      ]),
    ).toThrow(/overlapping/);
  });
});

describe('style detection', () => {
  it('detects CRLF, quotes and semicolons', () => {
    expect(detectEol('a\r\nb\r\nc\n')).toBe('\r\n');
    expect(detectEol('a\nb\n')).toBe('\n');
    expect(preferredQuote(`import a from "a";\nconst b = "b";\nconst c = 'c';`)).toBe('"');
    expect(preferredQuote(`const b = 'b';`)).toBe("'");
    expect(usesSemicolons('const a = 1\nconst b = 2\nfoo()\n')).toBe(false);
    expect(usesSemicolons('const a = 1;\nconst b = 2;\n')).toBe(true);
  });
});

describe('ensureNamedImport', () => {
  const add = (code: string, filename = 'file.ts') => {
    const ctx = parseForAnalysis(code, filename);
    const result = ensureNamedImport(ctx, 'lru-cache', 'LRUCache');
    return result.ok ? applyEdits(code, result.edits) : result.reason;
  };

  it('adds an import after the last import, matching quotes and semicolons', () => {
    expect(add(`import a from "a";\nimport b from "b";\n\nconst x = 1;\n`)).toBe(
      `import a from "a";\nimport b from "b";\nimport { LRUCache } from "lru-cache";\n\nconst x = 1;\n`,
    );
    expect(add(`import a from 'a'\n\nconst x = 1\n`)).toBe(
      `import a from 'a'\nimport { LRUCache } from 'lru-cache'\n\nconst x = 1\n`,
    );
  });

  it('merges into an existing named import by inserting text, keeping import attributes', () => {
    expect(add(`import { Other } from 'lru-cache' with { type: 'x' };\n`)).toBe(
      `import { Other, LRUCache } from 'lru-cache' with { type: 'x' };\n`,
    );
  });

  it('reuses an import that is already there, under its local name', () => {
    const ctx = parseForAnalysis(`import { LRUCache as Bounded } from 'lru-cache';\n`, 'file.ts');
    expect(ensureNamedImport(ctx, 'lru-cache', 'LRUCache')).toEqual({ ok: true, local: 'Bounded', edits: [] });
  });

  it('writes a require in CommonJS files, after the last require', () => {
    expect(add(`'use strict';\nconst fs = require('fs');\n\nfs.x();\n`, 'file.js')).toBe(
      `'use strict';\nconst fs = require('fs');\nconst { LRUCache } = require('lru-cache');\n\nfs.x();\n`,
    );
  });

  it('puts a CommonJS require in the leading block of requires, never below code that may use it', () => {
    expect(
      add(`'use strict';\nconst a = require('a');\nconst cache = new Map();\nconst b = require('b');\n`, 'file.js'),
    ).toBe(
      `'use strict';\nconst a = require('a');\nconst { LRUCache } = require('lru-cache');\nconst cache = new Map();\nconst b = require('b');\n`,
    );
    expect(add(`'use strict';\nconst cache = new Map();\nconst b = require('b');\n`, 'file.js')).toBe(
      `'use strict';\nconst { LRUCache } = require('lru-cache');\n\nconst cache = new Map();\nconst b = require('b');\n`,
    );
  });

  it('matches the quotes of string literals, not quotes inside templates or comments', () => {
    expect(add('// say "hi"\nimport a from \'a\';\nconst t = `"x" "y" "z"`;\n')).toBe(
      '// say "hi"\nimport a from \'a\';\nimport { LRUCache } from \'lru-cache\';\nconst t = `"x" "y" "z"`;\n',
    );
  });

  it('keeps a header comment and directives first when there are no imports', () => {
    expect(add(`// Copyright header\n\nexport const x = 1;\n`)).toBe(
      `// Copyright header\n\nimport { LRUCache } from 'lru-cache';\n\nexport const x = 1;\n`,
    );
    expect(add(`'use client';\n\nexport const x = 1;\n`, 'file.tsx')).toBe(
      `'use client';\nimport { LRUCache } from 'lru-cache';\n\nexport const x = 1;\n`,
    );
  });

  it('keeps a JSDoc on the first statement attached to it', () => {
    expect(add(`/** Docs. */\nexport const x = 1;\n`)).toBe(
      `import { LRUCache } from 'lru-cache';\n\n/** Docs. */\nexport const x = 1;\n`,
    );
  });

  it('refuses when the name is taken by something else', () => {
    expect(add(`class LRUCache {}\nexport const x = new LRUCache();\n`)).toMatch(/already used/);
  });

  it('uses the file line endings', () => {
    expect(add(`import a from 'a';\r\nconst x = 1;\r\n`)).toBe(
      `import a from 'a';\r\nimport { LRUCache } from 'lru-cache';\r\nconst x = 1;\r\n`,
    );
  });
});

describe('parseCodemodOptions', () => {
  const specs: OptionSpec[] = [
    { flag: 'max', type: 'positive-integer', description: 'entries', default: 1000 },
    { flag: 'cache-import', type: 'module-specifier', description: 'module', default: 'lru-cache' },
  ];
  it('applies defaults and accepts kebab, camel and jscodeshift JSON-parsed values', () => {
    expect(parseCodemodOptions('c', specs, {})).toEqual({ max: 1000, cacheImport: 'lru-cache' });
    expect(parseCodemodOptions('c', specs, { max: 5, 'cache-import': './x', dry: true, parser: 'tsx' })).toEqual({
      max: 5,
      cacheImport: './x',
    });
    expect(parseCodemodOptions('c', specs, { max: '7', cacheImport: 'y' })).toEqual({ max: 7, cacheImport: 'y' });
  });
  it('refuses unknown options and bad values with one line naming them', () => {
    expect(() => parseCodemodOptions('c', specs, { maxx: 5 })).toThrow(
      new CodemodOptionError('c: unknown option --maxx (known: --max, --cache-import)'),
    );
    expect(() => parseCodemodOptions('c', specs, { max: 0 })).toThrow(/--max must be a positive whole number, got 0/);
    expect(() => parseCodemodOptions('c', specs, { max: 'ten' })).toThrow(/--max must be a positive whole number/);
    expect(() => parseCodemodOptions('c', specs, { 'cache-import': '' })).toThrow(
      /--cache-import must be a module specifier/,
    );
  });
});

describe('defineCodemod', () => {
  // A codemod that renames every `oldName` identifier: enough to exercise the pipeline.
  const rename = defineCodemod<{ to: string }>({
    name: 'rename',
    rules: ['no-floating-task'],
    options: [],
    mightApply: (source) => source.includes('oldName'),
    plan(ctx, options) {
      const edits = ctx.ast
        .tokens!.filter((t) => t.type === 'Identifier' && t.value === 'oldName')
        .map((t) => ({ start: t.range[0], end: t.range[1], text: options.to }));
      return { edits, rewritten: edits.map(() => ({ line: 1, column: 0, what: 'oldName' })), left: [] };
    },
  });

  it('skips files the cheap check rules out without parsing them', () => {
    expect(rename.analyze('this is not code {', 'a.ts', { to: 'x' }).status).toBe('skipped');
  });
  it('keeps a BOM and everything it did not touch', () => {
    const result = rename.analyze('\uFEFFconst oldName = 1; // keep\r\n', 'a.ts', { to: 'newName' });
    expect(result.status).toBe('changed');
    expect(result.output).toBe('\uFEFFconst newName = 1; // keep\r\n');
  });
  it('reports input that does not parse as a SourceParseError with a location', () => {
    expect(() => rename.analyze('const oldName = ;', 'a.ts', { to: 'x' })).toThrow(SourceParseError);
    expect(() => rename.analyze('const oldName = ;', 'a.ts', { to: 'x' })).toThrow(/^a\.ts:1:\d+: cannot parse: /);
  });
  it('refuses to return output that typescript-estree cannot parse', () => {
    expect(() => rename.analyze('const oldName = 1;', 'a.ts', { to: '1 +' })).toThrow(CodemodOutputError);
  });
  it('checks the output with typescript-estree, which rejects <T>(x) => x in .tsx where Babel accepts it', () => {
    const generic = defineCodemod<object>({
      name: 'drop-comma',
      rules: ['no-floating-task'],
      options: [],
      mightApply: () => true,
      plan(ctx) {
        const comma = ctx.text.indexOf('<T,>') + 2;
        return { edits: [{ start: comma, end: comma + 1, text: '' }], rewritten: [], left: [] };
      },
    });
    expect(() => generic.analyze('const f = <T,>(x: T) => x;', 'a.tsx', {})).toThrow(/does not parse/);
  });
});
