import type { TSESTree } from '@typescript-eslint/utils';
import type { AnalysisContext } from '../../core/context.js';
import { isGlobalReference, staticPropertyName, unwrapExpression } from '../../core/imports.js';

/* A key drawn at random from a range the program's literals fix: one of at most that many values. */

const MAX_DEPTH = 16;

/**
 * `Math.floor(Math.random() * 6)`, `Math.ceil(1000 * Math.random())`: a whole number drawn from a
 * range of literals, so one of at most that many values.
 */
export function isRoundedDraw(ctx: AnalysisContext, node: TSESTree.CallExpression, depth: number): boolean {
  const callee = unwrapExpression(node.callee);
  if (
    callee.type !== 'MemberExpression' ||
    !['floor', 'ceil', 'round', 'trunc'].includes(staticPropertyName(callee) ?? '') ||
    !isGlobalReference(ctx, callee.object, 'Math')
  )
    return false;
  const [argument] = node.arguments;
  return node.arguments.length === 1 && argument!.type !== 'SpreadElement' && isLiteralRange(ctx, argument!, depth + 1);
}

/** Arithmetic over number literals and `Math.random()`: a value within a range the literals fix. */
function isLiteralRange(ctx: AnalysisContext, node: TSESTree.Node, depth: number): boolean {
  if (depth > MAX_DEPTH) return false;
  const inner = unwrapExpression(node);
  if (inner.type === 'Literal') return typeof inner.value === 'number';
  if (inner.type === 'BinaryExpression')
    return (
      ['+', '-', '*'].includes(inner.operator) &&
      isLiteralRange(ctx, inner.left, depth + 1) &&
      isLiteralRange(ctx, inner.right, depth + 1)
    );
  if (inner.type !== 'CallExpression' || inner.arguments.length > 0) return false;
  const callee = unwrapExpression(inner.callee);
  return (
    callee.type === 'MemberExpression' &&
    staticPropertyName(callee) === 'random' &&
    isGlobalReference(ctx, callee.object, 'Math')
  );
}
