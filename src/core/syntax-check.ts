import { extname } from 'node:path';
import ts from 'typescript';
import { SourceParseError } from './parse.js';

/** The script kind typescript-estree gives a file by its extension (JSX is allowed in .js files). */
const SCRIPT_KINDS: Record<string, ts.ScriptKind> = {
  '.ts': ts.ScriptKind.TS,
  '.mts': ts.ScriptKind.TS,
  '.cts': ts.ScriptKind.TS,
  '.tsx': ts.ScriptKind.TSX,
  '.js': ts.ScriptKind.JS,
  '.mjs': ts.ScriptKind.JS,
  '.cjs': ts.ScriptKind.JS,
  '.jsx': ts.ScriptKind.JSX,
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
    ts.flattenDiagnosticMessageText(first.messageText, '\n').split('\n')[0]!,
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
): { source: ts.SourceFile; diagnostics: readonly ts.DiagnosticWithLocation[] } {
  const kind = SCRIPT_KINDS[extname(filename)] ?? ts.ScriptKind.TSX;
  const source = ts.createSourceFile(filename, text, ts.ScriptTarget.Latest, false, kind);
  // Not in TypeScript's public typings, but what typescript-estree itself reads.
  return {
    source,
    diagnostics: (source as unknown as { parseDiagnostics: readonly ts.DiagnosticWithLocation[] }).parseDiagnostics,
  };
}
