import { createRequire } from 'node:module';
import { extname } from 'node:path';
import type * as TypeScript from 'typescript';
import { SourceParseError } from './parse.js';

// TypeScript is loaded on first use, not imported: the project index (src/project) and the plugin
// read this file, and an ES module import of typescript.js costs about a second of CPU (Node's
// CommonJS export scan of a 9 MB file) that a lint with no NUL byte in it never needs.
const require = createRequire(import.meta.url);
let typescript: typeof TypeScript | undefined;
const ts = (): typeof TypeScript => (typescript ??= require('typescript') as typeof TypeScript);

/** The script kind typescript-estree gives a file by its extension (JSX is allowed in .js files). */
const SCRIPT_KINDS: Record<string, keyof typeof TypeScript.ScriptKind> = {
  '.ts': 'TS',
  '.mts': 'TS',
  '.cts': 'TS',
  '.tsx': 'TSX',
  '.js': 'JS',
  '.mjs': 'JS',
  '.cjs': 'JS',
  '.jsx': 'JSX',
};

/**
 * Throws SourceParseError for the first syntax error TypeScript's parser finds, the same error at
 * the same place parseForAnalysis would throw (typescript-estree throws on TypeScript's first parse
 * diagnostic). It skips the ESTree conversion and scope analysis, about eight times the cost, which
 * matters because it runs on the files no codemod had a reason to parse: most of a codebase.
 */
export function assertParses(text: string, filename: string): void {
  const { source, diagnostics } = parse(text, filename);
  const [first] = diagnostics;
  if (!first) return;
  const { line, character } = source.getLineAndCharacterOfPosition(first.start);
  throw new SourceParseError(
    filename,
    line + 1,
    character,
    ts().flattenDiagnosticMessageText(first.messageText, '\n').split('\n')[0]!,
  );
}

/**
 * Whether a NUL character stands where code is, not inside a comment, a string, a template or a
 * regular expression: the parser reports an invalid character there. Generated files (protobuf
 * descriptors, snapshots) can hold NUL in comments and strings and still be valid source.
 */
export function hasNulInCode(text: string, filename: string): boolean {
  return text.includes('\0') && parse(text, filename).diagnostics.some((d) => text[d.start] === '\0');
}

function parse(
  text: string,
  filename: string,
): { source: TypeScript.SourceFile; diagnostics: readonly TypeScript.DiagnosticWithLocation[] } {
  const kind = ts().ScriptKind[SCRIPT_KINDS[extname(filename)] ?? 'TSX'];
  const source = ts().createSourceFile(filename, text, ts().ScriptTarget.Latest, false, kind);
  // Not in TypeScript's public typings, but what typescript-estree itself reads.
  return {
    source,
    diagnostics: (source as unknown as { parseDiagnostics: readonly TypeScript.DiagnosticWithLocation[] })
      .parseDiagnostics,
  };
}
