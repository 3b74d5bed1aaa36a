import type { TSESTree } from '@typescript-eslint/utils';
import { enclosingFunction, isFunctionNode, within, type FunctionNode } from '../core/ast.js';
import { resolveIdentifier, type AnalysisContext, type Variable } from '../core/context.js';
import { unwrapExpression } from '../core/imports.js';

/**
 * Code after a lazy singleton's guard: `if (x) return x; x = new Emitter(); x.on(…)`. The guard
 * returns early once `x` is set, and the function sets `x` (a variable outside it), so what
 * follows runs once per process however often the function is called. The guard is read only
 * in the statements that lead to `node` in its function (not in nested functions).
 */
export function isLazySingletonInit(ctx: AnalysisContext, node: TSESTree.Node): boolean {
  const fn = enclosingFunction(node);
  if (!fn || fn.body.type !== 'BlockStatement') return false;
  for (let child: TSESTree.Node = node; child.parent && child !== fn; child = child.parent) {
    const block = child.parent;
    if (block.type !== 'BlockStatement' && block.type !== 'Program') continue;
    const before = (block.body as TSESTree.Node[]).slice(0, (block.body as TSESTree.Node[]).indexOf(child));
    for (const statement of before) {
      const held = guardedVariable(ctx, statement, fn);
      if (held && assignsIn(fn, held)) return true;
    }
  }
  return false;
}

/** `if (x) return …` / `if (x) { …; return … }` / `if (x !== undefined) return`: the outer variable `x`. */
function guardedVariable(ctx: AnalysisContext, statement: TSESTree.Node, fn: FunctionNode): Variable | undefined {
  if (statement.type !== 'IfStatement' || statement.alternate || !exits(statement.consequent)) return undefined;
  let test = unwrapExpression(statement.test);
  if (test.type === 'BinaryExpression' && (test.operator === '!==' || test.operator === '!=')) {
    const other = unwrapExpression(test.right);
    const isEmpty =
      (other.type === 'Identifier' && other.name === 'undefined') || (other.type === 'Literal' && other.value === null);
    if (!isEmpty) return undefined;
    test = unwrapExpression(test.left);
  }
  if (test.type !== 'Identifier') return undefined;
  const variable = resolveIdentifier(ctx, test);
  const declared = variable?.defs[0]?.node;
  // Declared outside the function: it outlives each call.
  return variable && declared && !within(fn, declared) ? variable : undefined;
}

/** A branch that always leaves the function: a return or throw, or a block ending in one. */
function exits(statement: TSESTree.Statement): boolean {
  if (statement.type === 'ReturnStatement' || statement.type === 'ThrowStatement') return true;
  if (statement.type !== 'BlockStatement') return false;
  const last = statement.body[statement.body.length - 1];
  return last !== undefined && exits(last);
}

/** `x = …` somewhere in `fn` itself (not in a function nested in it). */
function assignsIn(fn: FunctionNode, variable: Variable): boolean {
  return variable.references.some((reference) => {
    if (!reference.isWrite() || !reference.writeExpr) return false;
    let inner: TSESTree.Node | undefined = reference.identifier.parent;
    while (inner && !isFunctionNode(inner)) inner = inner.parent;
    return inner === fn;
  });
}
