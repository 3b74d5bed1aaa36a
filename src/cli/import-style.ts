import { posix } from 'node:path';

/*
 * How a file writes its relative imports, so an import migrate adds is written the same way: a
 * CommonJS TypeScript package whose imports carry no extension may be tested by a runner that
 * does not map `./x.js` to `./x.ts` (ts-jest), while an ES module package needs the extension.
 */

/** No extension; the extension of the compiled JavaScript (`.js` for a .ts file); or the source file's own. */
export type ImportExtension = 'none' | 'javascript' | 'source';

/** import/export … from, import(), require() of a relative path. */
const RELATIVE_IMPORT =
  /(?:\bfrom\s*|\bimport\s*\(\s*|\brequire\s*\(\s*|^\s*import\s*)(['"])(\.\.?(?:\/[^'"\n]*)?)\1/gm;
const JAVASCRIPT = new Set(['.js', '.mjs', '.cjs', '.jsx']);
const TYPESCRIPT = new Set(['.ts', '.mts', '.cts', '.tsx']);
/** Extensions of files that are not modules of code (a JSON file, a stylesheet): no evidence either way. */
const ASSETS = /^\.(json|css|scss|sass|less|svg|png|jpe?g|gif|webp|html?|txt|md|node|wasm|ya?ml|graphql|gql)$/i;

/**
 * The way most of the file's relative imports and requires are written (a tie goes to an
 * extension), or undefined when it has none that says (only JSON or stylesheets, or none at all).
 */
export function relativeImportStyleOf(text: string): ImportExtension | undefined {
  const counts: Record<ImportExtension, number> = { none: 0, javascript: 0, source: 0 };
  for (const match of text.matchAll(RELATIVE_IMPORT)) {
    const ext = posix.extname(match[2]!.split('/').pop()!);
    if (JAVASCRIPT.has(ext)) counts.javascript++;
    else if (TYPESCRIPT.has(ext)) counts.source++;
    else if (!ASSETS.test(ext)) counts.none++; // `./app.service` names a module without extension too
  }
  const withExtension = counts.javascript + counts.source;
  if (withExtension + counts.none === 0) return undefined;
  if (counts.none > withExtension) return 'none';
  return counts.source > counts.javascript ? 'source' : 'javascript';
}
