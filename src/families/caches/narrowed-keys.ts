import type { TSESTree } from '@typescript-eslint/utils';
import { isReassigned, resolveIdentifier, type AnalysisContext } from '../../core/context.js';
import { alwaysLeaves, isFunctionNode } from '../../core/ast.js';
import { staticPropertyName, unwrapExpression } from '../../core/imports.js';
import { sourceText } from './key-expressions.js';

/*
 * A key that a branch has narrowed to one constant before the write:
 *
 *   if (senderId === Sender.NoReply) senders[senderId] = …; else if (senderId === Sender.Support) …
 *   switch (kind) { case 'daily': timers[kind] = …; break; }
 *
 * Inside the branch the key equals the constant it was compared with, whatever the caller passed,
 * so the write adds one entry per branch (studied false positive: a mail server's sender table
 * keyed by an enum imported from another file, with an else that throws).
 */

/**
 * True when `key` is written inside a branch of its own function that holds only when `key`
 * equals a constant (`isConstant` decides what is one): the consequent of `if (key === C)` (or a
 * `&&` chain holding that comparison), a `case C:` of `switch (key)` that no `default` falls into,
 * or what follows `if (key !== C) throw …` in a block around the write.
 */
export function isNarrowedToConstant(
  ctx: AnalysisContext,
  key: TSESTree.Node,
  isConstant: (value: TSESTree.Node) => boolean,
): boolean {
  const keyText = sourceText(ctx, key);
  if (!isStableKey(ctx, unwrapExpression(key))) return false;
  for (let node: TSESTree.Node = key; node.parent; node = node.parent) {
    const parent = node.parent;
    if (isFunctionNode(parent)) return false;
    if (
      (parent.type === 'BlockStatement' || parent.type === 'Program') &&
      parent.body
        .slice(0, parent.body.indexOf(node as TSESTree.Statement))
        .some((statement) => leavesUnlessEqual(ctx, statement, keyText, isConstant))
    )
      return true;
    if (
      parent.type === 'IfStatement' &&
      parent.consequent === node &&
      comparesWith(ctx, parent.test, keyText, isConstant)
    )
      return true;
    if (parent.type === 'SwitchCase' && parent.consequent.includes(node as TSESTree.Statement)) {
      const switchStatement = parent.parent;
      if (sourceText(ctx, switchStatement.discriminant) !== keyText) continue;
      if (entersOnlyFromCases(switchStatement, parent, isConstant)) return true;
    }
  }
  return false;
}

/**
 * `if (key !== C) throw …` (or `return`), with no else: past it the key equals C (set 31: a data
 * store cache that refuses every namespace but the root one). A `||` chain leaves when any side
 * holds, so one such side is enough.
 */
function leavesUnlessEqual(
  ctx: AnalysisContext,
  statement: TSESTree.Node,
  keyText: string,
  isConstant: (value: TSESTree.Node) => boolean,
): boolean {
  if (statement.type !== 'IfStatement' || statement.alternate || !alwaysLeaves(statement.consequent)) return false;
  const differs = (test: TSESTree.Node): boolean => {
    const node = unwrapExpression(test);
    if (node.type === 'LogicalExpression' && node.operator === '||') return differs(node.left) || differs(node.right);
    if (node.type !== 'BinaryExpression' || (node.operator !== '!==' && node.operator !== '!=')) return false;
    if (sourceText(ctx, node.left) === keyText) return isConstant(node.right);
    return sourceText(ctx, node.right) === keyText && isConstant(node.left);
  };
  return differs(statement.test);
}

/** `key === C`, `C == key`, or a `&&` chain with one of them. */
function comparesWith(
  ctx: AnalysisContext,
  test: TSESTree.Node,
  keyText: string,
  isConstant: (value: TSESTree.Node) => boolean,
): boolean {
  const node = unwrapExpression(test);
  if (node.type === 'LogicalExpression' && node.operator === '&&')
    return comparesWith(ctx, node.left, keyText, isConstant) || comparesWith(ctx, node.right, keyText, isConstant);
  if (node.type !== 'BinaryExpression' || (node.operator !== '===' && node.operator !== '==')) return false;
  if (sourceText(ctx, node.left) === keyText) return isConstant(node.right);
  return sourceText(ctx, node.right) === keyText && isConstant(node.left);
}

/** A `case C:` reached only from cases with constant tests: no `default` falls through into it. */
function entersOnlyFromCases(
  switchStatement: TSESTree.SwitchStatement,
  reached: TSESTree.SwitchCase,
  isConstant: (value: TSESTree.Node) => boolean,
): boolean {
  const cases = switchStatement.cases;
  for (let i = cases.indexOf(reached); i >= 0; i--) {
    const current = cases[i]!;
    if (current !== reached && endsCase(current)) return true;
    if (current.test === null || !isConstant(current.test)) return false;
  }
  return true;
}

/** A case whose last statement breaks out or leaves: the next case is not entered from it. */
function endsCase(switchCase: TSESTree.SwitchCase): boolean {
  const last = switchCase.consequent.at(-1);
  if (last === undefined) return false;
  const inner = last.type === 'BlockStatement' ? last.body.at(-1) : last;
  return inner !== undefined && (inner.type === 'BreakStatement' || alwaysLeaves(inner));
}

/**
 * A key whose value the branch's test still holds at the write: a variable or parameter never
 * reassigned, or a static property chain on one (or on `this`).
 */
function isStableKey(ctx: AnalysisContext, key: TSESTree.Node): boolean {
  let root = key;
  while (root.type === 'MemberExpression') {
    if (staticPropertyName(root) === undefined) return false;
    root = unwrapExpression(root.object);
  }
  if (root.type === 'ThisExpression') return key !== root;
  if (root.type !== 'Identifier') return false;
  const variable = resolveIdentifier(ctx, root);
  return variable !== undefined && variable.defs.length === 1 && !isReassigned(variable);
}
