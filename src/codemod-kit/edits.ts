/** A replacement of text[start, end) by `text`, in offsets of the BOM-less source. */
export interface TextEdit {
  readonly start: number;
  readonly end: number;
  readonly text: string;
}

/**
 * Applies edits right to left. Overlapping edits mean two rewrites disagree about the same code,
 * which is a bug in a codemod, so they throw instead of producing a half-merged file.
 * Insertions at the same offset keep the order they were given in.
 */
export function applyEdits(source: string, edits: readonly TextEdit[]): string {
  const ordered = edits
    .map((edit, index) => ({ edit, index }))
    .sort((a, b) => a.edit.start - b.edit.start || a.edit.end - b.edit.end || a.index - b.index);
  for (let i = 1; i < ordered.length; i++) {
    const prev = ordered[i - 1]!.edit;
    const next = ordered[i]!.edit;
    if (next.start < prev.end)
      throw new Error(`overlapping edits at offsets ${prev.start}-${prev.end} and ${next.start}-${next.end}`);
  }
  let out = '';
  let cursor = 0;
  for (const { edit } of ordered) {
    out += source.slice(cursor, edit.start) + edit.text;
    cursor = edit.end;
  }
  return out + source.slice(cursor);
}

/** The line ending a file mostly uses, so inserted lines match it. */
export function detectEol(source: string): '\n' | '\r\n' {
  const crlf = source.match(/\r\n/g)?.length ?? 0;
  const lf = (source.match(/\n/g)?.length ?? 0) - crlf;
  return crlf > lf ? '\r\n' : '\n';
}

/** The indentation of the line `offset` is on. */
export function indentAt(source: string, offset: number): string {
  const lineStart = source.lastIndexOf('\n', offset - 1) + 1;
  return /^[ \t]*/.exec(source.slice(lineStart))![0];
}

/**
 * The quote character the file's string literals mostly use. With the parser's tokens, only real
 * string literals count (not quotes inside templates, comments or JSX text).
 */
export function preferredQuote(source: string, tokens?: readonly { type: string; value: string }[]): "'" | '"' {
  let single = 0;
  let double = 0;
  if (tokens) {
    for (const token of tokens) {
      if (token.type !== 'String') continue;
      if (token.value.startsWith("'")) single++;
      else if (token.value.startsWith('"')) double++;
    }
  } else {
    single = source.match(/'(?:[^'\\\n]|\\.)*'/g)?.length ?? 0;
    double = source.match(/"(?:[^"\\\n]|\\.)*"/g)?.length ?? 0;
  }
  return double > single ? '"' : "'";
}

/** Whether the file's statements end with semicolons (most do), so inserted statements match. */
export function usesSemicolons(source: string): boolean {
  const withSemi = source.match(/;[ \t]*\r?$/gm)?.length ?? 0;
  const lines = source.match(/[^\s{}(,;][ \t]*\r?$/gm)?.length ?? 0;
  return withSemi >= lines / 4;
}
