import type { TSESTree } from '@typescript-eslint/utils';
import type { AnalysisContext } from '../core/context.js';
import { isCommonJs } from '../core/parse.js';
import { formatterStyleFor } from './formatter-config.js';
import { detectEol, indentAt, preferredQuote, usesSemicolons, type TextEdit } from './edits.js';

/*
 * The layout of statements a codemod adds: the file's own line ending, semicolons, quotes and
 * indentation, and where new lines go in a block or after a statement.
 */

export interface Style {
  readonly eol: '\n' | '\r\n';
  readonly semi: string;
  readonly quote: string;
  readonly unit: string;
  readonly typescript: boolean;
  /** Written in ES5 (`var`, functions; no const, let, arrows, classes, templates or spread): what is added must be too. */
  readonly es5: boolean;
}

/** The file's style; quotes and semicolons as its Prettier or Biome config says, where it says. */
export function styleOf(ctx: AnalysisContext): Style {
  const formatter = formatterStyleFor(ctx.filename);
  const semi = formatter?.semi ?? usesSemicolons(ctx.text);
  return {
    eol: detectEol(ctx.text),
    semi: semi ? ';' : '',
    quote: formatter?.quote ?? preferredQuote(ctx.text, ctx.ast.tokens),
    unit: indentUnit(ctx.text),
    typescript: /\.[cm]?tsx?$/.test(ctx.filename),
    es5: isEs5(ctx),
  };
}

/**
 * Whether a CommonJS script uses no ES2015 syntax, as an older browser bundle linted as ES5 does (a
 * `const` added there fails its lint). A file that declares nothing with `var` says nothing.
 */
function isEs5(ctx: AnalysisContext): boolean {
  if (/\.[cm]?tsx?$/.test(ctx.filename) || !isCommonJs(ctx)) return false;
  const tokens = ctx.ast.tokens ?? [];
  let usesVar = false;
  for (const [index, token] of tokens.entries()) {
    if (token.type === 'Template') return false;
    if (token.type === 'Punctuator' && (token.value === '=>' || token.value === '...')) return false;
    // `let` is a keyword token only where it declares; `async` only counts before `function`.
    if (token.type === 'Keyword' && (token.value === 'const' || token.value === 'let' || token.value === 'class'))
      return false;
    if (token.value === 'async' && tokens[index + 1]?.value === 'function') return false;
    if (token.type === 'Keyword' && token.value === 'var') usesVar = true;
  }
  return usesVar;
}

/** The file's indentation step: a tab, or the smallest run of leading spaces (2 when nothing is indented). */
function indentUnit(text: string): string {
  let smallest = Infinity;
  for (const match of text.matchAll(/^([ \t]+)\S/gm)) {
    const indent = match[1]!;
    if (indent.startsWith('\t')) return '\t';
    if (indent.length >= 2) smallest = Math.min(smallest, indent.length);
  }
  return ' '.repeat(Number.isFinite(smallest) ? smallest : 2);
}

/** New lines at the start of a braced body (`{` … `}`), indented like its first member. */
export function linesAtStart(
  ctx: AnalysisContext,
  style: Style,
  braced: TSESTree.BlockStatement | TSESTree.ClassBody,
  lines: string[],
): TextEdit {
  const { text } = ctx;
  const open = braced.range[0];
  const close = braced.range[1] - 1;
  const lineBreak = text.indexOf('\n', open);
  if (lineBreak === -1 || lineBreak > close) {
    // `{ … }` on one line stays on one line; statements in it keep their semicolons.
    const oneLine = lines.map((l) => (l.endsWith(';') || l.endsWith('}') ? l : `${l};`)).join(' ');
    return text.slice(open + 1, close).trim() === ''
      ? { start: open + 1, end: close, text: ` ${oneLine} ` }
      : { start: open + 1, end: open + 1, text: ` ${oneLine}` };
  }
  const first = braced.body[0];
  const indent =
    first && text.lastIndexOf('\n', first.range[0]) > open
      ? indentAt(text, first.range[0])
      : indentAt(text, open) + style.unit;
  return { start: lineBreak + 1, end: lineBreak + 1, text: lines.map((l) => `${indent}${l}${style.eol}`).join('') };
}

/**
 * New lines after a statement (at the end of its line, after any comment there), or at the end of
 * a block's body; on one line when the statement shares its line with the closing brace.
 */
export function linesAfter(
  ctx: AnalysisContext,
  style: Style,
  node: TSESTree.Statement | TSESTree.BlockStatement,
  lines: string[],
): TextEdit {
  const { text } = ctx;
  const inBlock = node.type === 'BlockStatement';
  const last = inBlock ? node.body[node.body.length - 1] : node;
  const from = last ? last.range[1] : node.range[0] + 1;
  const limit = inBlock ? node.range[1] - 1 : (node.parent?.range[1] ?? text.length);
  const lineBreak = text.indexOf('\n', from);
  const indent = last ? indentAt(text, last.range[0]) : indentAt(text, node.range[0]) + style.unit;
  if (lineBreak === -1 || lineBreak > limit) {
    const oneLine = lines.map((l) => (l.endsWith(';') ? l : `${l};`)).join(' ');
    return { start: from, end: from, text: ` ${oneLine}` };
  }
  const at = text[lineBreak - 1] === '\r' ? lineBreak - 1 : lineBreak;
  return { start: at, end: at, text: lines.map((l) => `${style.eol}${indent}${l}`).join('') };
}

/** Where the operand of `void` starts (after the keyword and any space; parentheses are the operand's). */
export function operandStart(ctx: AnalysisContext, voidOperator: TSESTree.UnaryExpression): number {
  const afterKeyword = voidOperator.range[0] + 'void'.length;
  return afterKeyword + /^\s*/.exec(ctx.text.slice(afterKeyword, voidOperator.range[1]))![0].length;
}
