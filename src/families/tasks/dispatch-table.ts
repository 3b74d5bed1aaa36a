import type { TSESTree } from '@typescript-eslint/utils';
import { resolveIdentifier, type AnalysisContext, type Variable } from '../../core/context.js';
import { constInitOf, isFunctionNode, type FunctionNode } from '../../core/ast.js';
import { unwrapExpression } from '../../core/imports.js';
import { localFunctionOf } from './task-recognition.js';

/*
 * A call through a dispatch table: `const handler = handlers[type]; if (handler) await
 * handler(…)`, where `handlers` is a `const` object literal of this file's functions that nothing
 * writes to (set 31: a log server's message handlers, looked up by a message's prefix).
 * no-floating-task follows every function of the table, as it follows a call of one.
 */

/**
 * The functions a call may run through a dispatch table, or undefined when it is no such call. The
 * call must be guarded against a missing entry (`if (handler)`, `handler && handler(…)`,
 * `handler?.(…)`, `handlers[type]?.(…)`): calling what a missing key hands back throws.
 */
export function dispatchedFunctionsOf(
  ctx: AnalysisContext,
  call: TSESTree.CallExpression,
): readonly FunctionNode[] | undefined {
  const callee = unwrapExpression(call.callee);
  let lookup: TSESTree.Node | undefined;
  if (callee.type === 'MemberExpression' && call.optional) lookup = callee;
  else if (callee.type === 'Identifier' && (call.optional || isGuardedBy(call, callee.name))) {
    const init = constInitOf(resolveIdentifier(ctx, callee));
    lookup = init && unwrapExpression(init);
  }
  if (lookup?.type !== 'MemberExpression' || !lookup.computed) return undefined;
  const table = unwrapExpression(lookup.object);
  if (table.type !== 'Identifier') return undefined;
  const variable = resolveIdentifier(ctx, table);
  const literal = constInitOf(variable);
  const object = literal && unwrapExpression(literal);
  if (object?.type !== 'ObjectExpression' || !onlyReadsMembers(variable!)) return undefined;
  const functions: FunctionNode[] = [];
  for (const property of object.properties) {
    const fn = property.type === 'Property' && !property.computed ? functionOfEntry(ctx, property) : undefined;
    if (fn === undefined) return undefined;
    functions.push(fn);
  }
  return functions;
}

/** The function a table's entry names: `'+msg': handleMessage`, a method or a function written there. */
function functionOfEntry(ctx: AnalysisContext, property: TSESTree.Property): FunctionNode | undefined {
  const value = unwrapExpression(property.value);
  return isFunctionNode(value) ? value : localFunctionOf(ctx, value);
}

/** Every use of the table reads a member of it, none writes one or hands the table on. */
function onlyReadsMembers(variable: Variable): boolean {
  return variable.references.every((reference) => {
    if (reference.init) return true;
    const member = reference.identifier.parent;
    if (member?.type !== 'MemberExpression' || member.object !== reference.identifier) return false;
    const user = member.parent;
    if (user?.type === 'AssignmentExpression' && user.left === member) return false;
    if (user?.type === 'UpdateExpression') return false;
    return !(user?.type === 'UnaryExpression' && user.operator === 'delete');
  });
}

/** `if (name) … call …` or `name && call`: the call runs only when `name` holds something. */
function isGuardedBy(call: TSESTree.CallExpression, name: string): boolean {
  let child: TSESTree.Node = call;
  let node: TSESTree.Node | undefined = call.parent;
  while (node && !isFunctionNode(node)) {
    if (node.type === 'IfStatement' && node.consequent === child && namesOnly(node.test, name)) return true;
    if (
      node.type === 'LogicalExpression' &&
      node.operator === '&&' &&
      node.right === child &&
      namesOnly(node.left, name)
    )
      return true;
    child = node;
    node = node.parent;
  }
  return false;
}

function namesOnly(test: TSESTree.Node, name: string): boolean {
  const value = unwrapExpression(test);
  return value.type === 'Identifier' && value.name === name;
}
