import type { TSESTree } from '@typescript-eslint/utils';
import type { AnalysisContext } from '../../core/context.js';
import type { TextEdit } from '../../codemod-kit/edits.js';
import { shortText } from '../../core/ast.js';

/* Token-level text for the bounded-cache rewrite: where an argument goes, what a reason quotes. */

export function insertAfter(node: TSESTree.Node, text: string): TextEdit {
  return { start: node.range[1], end: node.range[1], text };
}

/** Adds an argument right after a call's last one (after its trailing comma, if any), so line breaks stay put. */
export function insertLastArgument(
  ctx: AnalysisContext,
  call: TSESTree.CallExpression | TSESTree.NewExpression,
  argument: string,
): TextEdit {
  const last = tokenBefore(ctx, call.range[1] - 1)!;
  const text = last.value === '(' ? argument : last.value === ',' ? ` ${argument},` : `, ${argument}`;
  return { start: last.range[1], end: last.range[1], text };
}

/** The first token that starts at or after `offset`. */
export function tokenAfter(ctx: AnalysisContext, offset: number): TSESTree.Token | undefined {
  const tokens = ctx.ast.tokens ?? [];
  return tokens[firstIndex(tokens, (token) => token.range[0] >= offset)];
}

/** The last token that ends at or before `offset`. */
function tokenBefore(ctx: AnalysisContext, offset: number): TSESTree.Token | undefined {
  const tokens = ctx.ast.tokens ?? [];
  return tokens[firstIndex(tokens, (token) => token.range[1] > offset) - 1];
}

/** Binary search over tokens in source order: the first index where `past` holds (tokens.length if none). */
function firstIndex(tokens: readonly TSESTree.Token[], past: (token: TSESTree.Token) => boolean): number {
  let low = 0;
  let high = tokens.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (past(tokens[mid]!)) high = mid;
    else low = mid + 1;
  }
  return low;
}

export function hasComment(ctx: AnalysisContext, start: number, end: number): boolean {
  return (ctx.ast.comments ?? []).some((comment) => comment.range[0] >= start && comment.range[1] <= end);
}

export function snippet(ctx: AnalysisContext, node: TSESTree.Node): string {
  return shortText(ctx, node, 50);
}

export function line(node: TSESTree.Node): number {
  return node.loc.start.line;
}
