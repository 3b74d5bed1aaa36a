import { createRequire } from 'node:module';
import type * as OxcParser from 'oxc-parser';
import type * as OxcResolver from 'oxc-resolver';

const require = createRequire(import.meta.url);
let parser: typeof OxcParser | undefined;
let resolver: typeof OxcResolver | undefined;

// oxc-parser and oxc-resolver are loaded on first use rather than imported: the plugin must load
// (and every rule keep its file-local judgement) where they are not installed. They are optional
// peer dependencies while the index is opt-in (docs/project-index.md, "How the parser ships"). Both are ES modules; Node's require of
// ES modules is on by default in every version package.json's engines allows.
export const oxcParser = (): typeof OxcParser => (parser ??= require('oxc-parser') as typeof OxcParser);
export const oxcResolver = (): typeof OxcResolver => (resolver ??= require('oxc-resolver') as typeof OxcResolver);

let rawTransfer: boolean | undefined;

/** What the index reads of a parse: the AST and the errors. */
export interface ParsedProgram {
  readonly program: unknown;
  readonly errors: readonly { readonly message: string }[];
}

/** oxc-parser's native parse (0.160's `src-js/bindings`) and its AST reader (`src-js/wrap.js`). */
interface JsonParse {
  /** Each field of the result is converted to JavaScript when its getter is read; `program` is JSON. */
  parseSync(
    filename: string,
    text: string,
    options: OxcParser.ParserOptions,
  ): { readonly program: string; readonly errors: ParsedProgram['errors'] };
  jsonParseAst(json: string): unknown;
}
let jsonParse: JsonParse | null | undefined;

/** The native parse and the AST reader, or null where they are not where 0.160 keeps them. */
function loadJsonParse(): JsonParse | null {
  try {
    const { parseSync } = require('oxc-parser/src-js/bindings') as Partial<JsonParse>;
    const { jsonParseAst } = require('oxc-parser/src-js/wrap.js') as Partial<JsonParse>;
    return typeof parseSync === 'function' && typeof jsonParseAst === 'function' ? { parseSync, jsonParseAst } : null;
  } catch {
    return null;
  }
}

/**
 * Parses with oxc-parser, reading only the AST and the errors. Its `parseSync` (without raw
 * transfer) also converts the module record and the comments to JavaScript, which the index never
 * reads: a third of what parsing costs it (joplin: 1.1 s against 1.7 s of CPU). Raw transfer, or a
 * version whose native binding or AST reader is not where 0.160 keeps them, goes through `parseSync`.
 */
export function parseProgram(filename: string, text: string, options: OxcParser.ParserOptions): ParsedProgram {
  if (oxcRawTransfer())
    return oxcParser().parseSync(filename, text, {
      ...options,
      experimentalRawTransfer: true,
    } as OxcParser.ParserOptions);
  jsonParse ??= loadJsonParse();
  if (jsonParse === null) return oxcParser().parseSync(filename, text, options);
  const result = jsonParse.parseSync(filename, text, options);
  return { program: jsonParse.jsonParseAst(result.program), errors: result.errors };
}

/**
 * Whether oxc-parser can hand its AST over through shared memory (Node.js 22 and later, 64-bit
 * little-endian) rather than as JSON for `JSON.parse`: the same AST at about half the cost of
 * parsing and deserialising, which is most of what building the index costs (bench/README.md).
 */
export const oxcRawTransfer = (): boolean => (rawTransfer ??= oxcParser().rawTransferSupported());

/** Why the project index cannot be built here (a native package missing or not loadable), or undefined. */
export function missingIndexDependency(): string | undefined {
  try {
    oxcParser();
    oxcResolver();
    return undefined;
  } catch (error) {
    const reason = (error as Error).message.split('\n')[0]!;
    return `oxc-parser and oxc-resolver are needed for the project index (${reason}): install them beside the plugin, npm i -D oxc-parser oxc-resolver`;
  }
}
