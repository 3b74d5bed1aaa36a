// What codemods add (an import, a require) is printed as the project's Prettier or Biome config
// asks, where it says; the file's own style decides what the config leaves out. Each case writes a
// small project and rewrites a file in it whose own style disagrees with its config, so only the
// config can explain the output.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { codemod as boundedCache } from '../../codemods/bounded-cache.js';
import { formatterStyleFor } from '../../src/codemod-kit/formatter-config.js';
import { project, read } from '../cli/helpers.js';

/** A cache keyed by request data, in single quotes and with semicolons. */
const singleQuotedCache = `import type { IncomingMessage } from 'node:http';

const seen = new Map<string, number>();

export function visit(req: IncomingMessage): void {
  const id = String(req.headers['x-user']);
  seen.set(id, (seen.get(id) ?? 0) + 1);
}
`;

/** The same in double quotes, with semicolons. */
const doubleQuotedCache = singleQuotedCache.replaceAll("'", '"');

/** The line bounded-cache adds to `file` in the project `files` describes. */
function importAdded(files: Record<string, string>, file: string): string {
  const dir = project(files);
  const result = boundedCache.analyze(read(dir, file), join(dir, file), boundedCache.parseOptions({}));
  expect(result.status).toBe('changed');
  return result.output.split('\n').find((line) => line.includes('lru-cache'))!;
}

describe('imports follow the formatter config', () => {
  it('a .prettierrc (JSON) saying double quotes and no semicolons', () => {
    const files = {
      '.prettierrc': JSON.stringify({ singleQuote: false, semi: false }),
      'src/visits.ts': singleQuotedCache,
    };
    expect(importAdded(files, 'src/visits.ts')).toBe('import { LRUCache } from "lru-cache"');
  });

  it('a YAML .prettierrc, the "prettier" key of package.json, and overrides for some files', () => {
    expect(
      importAdded({ '.prettierrc.yaml': 'semi: false # as the team likes\n', 'a.ts': singleQuotedCache }, 'a.ts'),
    ).toBe("import { LRUCache } from 'lru-cache'");
    expect(
      importAdded(
        { 'package.json': JSON.stringify({ name: 'p', prettier: { singleQuote: true } }), 'a.ts': doubleQuotedCache },
        'a.ts',
      ),
    ).toBe("import { LRUCache } from 'lru-cache';");
    const overridden = {
      '.prettierrc.json': JSON.stringify({
        singleQuote: true,
        overrides: [{ files: ['legacy/**/*.ts'], options: { singleQuote: false } }],
      }),
      'legacy/old/a.ts': singleQuotedCache,
      'src/b.ts': doubleQuotedCache,
    };
    expect(importAdded(overridden, 'legacy/old/a.ts')).toBe('import { LRUCache } from "lru-cache";');
    expect(importAdded(overridden, 'src/b.ts')).toBe("import { LRUCache } from 'lru-cache';");
  });

  it('a biome.json or biome.jsonc: javascript.formatter.quoteStyle and semicolons', () => {
    const biome = { javascript: { formatter: { quoteStyle: 'single', semicolons: 'asNeeded' } } };
    expect(importAdded({ 'biome.json': JSON.stringify(biome), 'a.ts': doubleQuotedCache }, 'a.ts')).toBe(
      "import { LRUCache } from 'lru-cache'",
    );
    const jsonc = `{
  // Comments and trailing commas, as Biome allows here.
  "javascript": {
    "formatter": { "quoteStyle": "double", /* the team's choice */ },
  },
}
`;
    expect(importAdded({ 'biome.jsonc': jsonc, 'a.ts': singleQuotedCache }, 'a.ts')).toBe(
      'import { LRUCache } from "lru-cache";',
    );
  });

  it("the nearest config wins: a package's own biome.json inside a Prettier monorepo", () => {
    const files = {
      '.prettierrc': JSON.stringify({ singleQuote: true }),
      'packages/api/biome.json': JSON.stringify({ javascript: { formatter: { quoteStyle: 'double' } } }),
      'packages/api/src/a.ts': singleQuotedCache,
    };
    expect(importAdded(files, 'packages/api/src/a.ts')).toBe('import { LRUCache } from "lru-cache";');
  });

  it("falls back to the file's own style where the config does not apply or cannot be read", () => {
    // Listed in .prettierignore: Prettier never formats it.
    const ignored = {
      '.prettierrc': JSON.stringify({ singleQuote: false }),
      '.prettierignore': 'vendor/\n',
      'vendor/a.ts': singleQuotedCache,
    };
    expect(importAdded(ignored, 'vendor/a.ts')).toBe("import { LRUCache } from 'lru-cache';");
    // Biome's formatter switched off.
    const off = { 'biome.json': JSON.stringify({ formatter: { enabled: false } }), 'a.ts': singleQuotedCache };
    expect(importAdded(off, 'a.ts')).toBe("import { LRUCache } from 'lru-cache';");
    // A JavaScript config is code, not read here.
    const code = { 'prettier.config.js': 'export default { singleQuote: false };\n', 'a.ts': singleQuotedCache };
    expect(importAdded(code, 'a.ts')).toBe("import { LRUCache } from 'lru-cache';");
    // Settings the config leaves out: the file's single quotes, with Prettier's default not imposed.
    const silent = { '.prettierrc': JSON.stringify({ printWidth: 100 }), 'a.ts': singleQuotedCache };
    expect(importAdded(silent, 'a.ts')).toBe("import { LRUCache } from 'lru-cache';");
  });

  it('names the config it read, and reads nothing for a file that is not on disk', () => {
    const dir = project({ 'biome.json': '{}', 'a.ts': singleQuotedCache });
    expect(formatterStyleFor(join(dir, 'a.ts'))).toEqual({ config: join(dir, 'biome.json') });
    expect(formatterStyleFor(join(dir, 'missing.ts'))).toBeUndefined();
  });
});
