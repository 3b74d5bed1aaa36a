import type { TSESTree } from '@typescript-eslint/utils';
import { isFunctionNode, someDescendant, within, type FunctionNode } from '../core/ast.js';
import { findVariable, resolveIdentifier, type AnalysisContext } from '../core/context.js';
import { staticPropertyName } from '../core/imports.js';
import { ITERATION_METHODS } from '../knowledge/entry-points.js';

/** Array methods whose callback runs once per element (the list lives in the catalogue). */
export { ITERATION_METHODS };

export type LoopNode =
  | TSESTree.ForStatement
  | TSESTree.ForInStatement
  | TSESTree.ForOfStatement
  | TSESTree.WhileStatement
  | TSESTree.DoWhileStatement;

export function isLoop(node: TSESTree.Node): node is LoopNode {
  return (
    node.type === 'ForStatement' ||
    node.type === 'ForInStatement' ||
    node.type === 'ForOfStatement' ||
    node.type === 'WhileStatement' ||
    node.type === 'DoWhileStatement'
  );
}

/** How messages name a loop: "for...of loop", "for await...of loop", "do...while loop". */
export function loopLabel(loop: LoopNode): string {
  switch (loop.type) {
    case 'ForStatement':
      return 'for loop';
    case 'ForInStatement':
      return 'for...in loop';
    case 'ForOfStatement':
      return loop.await ? 'for await...of loop' : 'for...of loop';
    case 'WhileStatement':
      return 'while loop';
    default:
      return 'do...while loop';
  }
}

/**
 * How many times a loop runs when the code says so outright: `for (let i = 0; i < 3; i++)` (the
 * bound a number literal or a const bound to one, the counter stepped by one and not assigned in
 * the body) or `for (const x of [a, b, c])` over an array literal. Undefined for anything else.
 */
export function fixedIterationCount(ctx: AnalysisContext, loop: LoopNode): number | undefined {
  if (loop.type === 'ForOfStatement') {
    const right = loop.right;
    return right.type === 'ArrayExpression' && right.elements.every((e) => e !== null && e.type !== 'SpreadElement')
      ? right.elements.length
      : undefined;
  }
  if (loop.type !== 'ForStatement') return undefined;
  const { init, test, update } = loop;
  const declarator =
    init?.type === 'VariableDeclaration' && init.declarations.length === 1 ? init.declarations[0]! : undefined;
  if (
    declarator?.id.type !== 'Identifier' ||
    declarator.init?.type !== 'Literal' ||
    typeof declarator.init.value !== 'number'
  )
    return undefined;
  const counter = declarator.id.name;
  if (test?.type !== 'BinaryExpression' || (test.operator !== '<' && test.operator !== '<=')) return undefined;
  if (test.left.type !== 'Identifier' || test.left.name !== counter) return undefined;
  const bound = numericConstant(ctx, test.right);
  if (bound === undefined) return undefined;
  const stepsByOne =
    (update?.type === 'UpdateExpression' &&
      update.operator === '++' &&
      update.argument.type === 'Identifier' &&
      update.argument.name === counter) ||
    (update?.type === 'AssignmentExpression' &&
      update.operator === '+=' &&
      update.left.type === 'Identifier' &&
      update.left.name === counter &&
      update.right.type === 'Literal' &&
      update.right.value === 1);
  if (!stepsByOne) return undefined;
  // The counter written anywhere but the update would change the count.
  const variable = resolveIdentifier(ctx, declarator.id);
  if (
    !variable ||
    variable.references.some(
      (ref) => ref.isWrite() && ref.identifier !== declarator.id && !(update && within(update, ref.identifier)),
    )
  )
    return undefined;
  return Math.max(0, Math.ceil(bound - declarator.init.value + (test.operator === '<=' ? 1 : 0)));
}

/** A number literal, or a const bound to one. */
function numericConstant(ctx: AnalysisContext, node: TSESTree.Node): number | undefined {
  if (node.type === 'Literal') return typeof node.value === 'number' ? node.value : undefined;
  if (node.type !== 'Identifier') return undefined;
  const variable = findVariable(ctx.getScope(node), node.name);
  const def = variable?.defs.length === 1 ? variable.defs[0] : undefined;
  if (def?.type !== 'Variable' || def.parent.kind !== 'const') return undefined;
  const init = def.node.init;
  return init?.type === 'Literal' && typeof init.value === 'number' ? init.value : undefined;
}

/** True when `child` (a direct child of `loop`) is evaluated on every iteration. */
function runsPerIteration(loop: LoopNode, child: TSESTree.Node): boolean {
  switch (loop.type) {
    case 'ForStatement':
      return child === loop.body || child === loop.test || child === loop.update;
    case 'ForInStatement':
    case 'ForOfStatement':
      return child === loop.body || child === loop.left;
    default:
      return child === loop.body || child === loop.test;
  }
}

/**
 * `for (…) { io.disconnect(); hydrate(); break; }`, `drain(reader); throw error;`: a statement
 * followed in its block by a `break`, `return` or `throw` that leaves the loop runs once per run of
 * the loop, not once per iteration. A `continue` in between could skip the exit, and a `break`
 * inside a `switch` leaves only the switch.
 */
function leavesLoopAfter(node: TSESTree.Node, loop: LoopNode): boolean {
  for (
    let child = node, current = node.parent;
    current && current !== loop;
    child = current, current = current.parent
  ) {
    const statements =
      current.type === 'BlockStatement' ? current.body : current.type === 'SwitchCase' ? current.consequent : undefined;
    if (!statements) continue;
    const after = statements.slice(statements.indexOf(child as TSESTree.Statement) + 1);
    for (const statement of after) {
      if (containsContinue(statement)) return false;
      if (statement.type === 'ReturnStatement' || statement.type === 'ThrowStatement') return true;
      if (
        statement.type === 'BreakStatement' &&
        (statement.label === null
          ? !switchBetween(current, loop)
          : loop.parent?.type === 'LabeledStatement' && loop.parent.label.name === statement.label.name)
      )
        return true;
    }
  }
  return false;
}

/** Whether `node` lies in a `switch` inside `loop`, where a plain `break` leaves only the switch. */
function switchBetween(node: TSESTree.Node, loop: LoopNode): boolean {
  for (let current: TSESTree.Node | undefined = node; current && current !== loop; current = current.parent) {
    if (current.type === 'SwitchCase') return true;
  }
  return false;
}

/** A `continue` in `statement`, outside nested functions and loops (whose `continue` is their own). */
function containsContinue(statement: TSESTree.Node): boolean {
  if (statement.type === 'ContinueStatement') return true;
  if (isFunctionNode(statement) || isLoop(statement)) return false;
  return someDescendant(
    statement,
    (node) => node.type === 'ContinueStatement',
    (node) => isFunctionNode(node) || isLoop(node),
  );
}

/** `items.map(fn)`, `items.forEach(fn)`…: the call, when `fn` is its per-element callback. */
export function iterationCallOf(fn: FunctionNode): TSESTree.CallExpression | undefined {
  const call = fn.parent;
  if (call?.type !== 'CallExpression' || call.arguments[0] !== fn) return undefined;
  const callee = call.callee;
  if (callee.type !== 'MemberExpression') return undefined;
  const method = staticPropertyName(callee);
  if (method === undefined || !ITERATION_METHODS.has(method)) return undefined;
  // `Array.from(xs, fn)` is covered separately; `reduce(fn, init)` has the callback first too.
  return call;
}

export type Repetition =
  | { readonly kind: 'loop'; readonly node: LoopNode }
  | { readonly kind: 'iteration-callback'; readonly node: TSESTree.CallExpression; readonly method: string };

/**
 * Whether `node` runs once per iteration of a loop or of an iteration callback, looking outwards
 * from `node` up to (not past) the first function that is neither an iteration callback nor an
 * immediately invoked function. A function merely defined inside a loop is not known to run there.
 */
export function repetitionOf(node: TSESTree.Node): Repetition | undefined {
  let child: TSESTree.Node = node;
  for (let current = node.parent; current; child = current, current = current.parent) {
    if (isLoop(current) && runsPerIteration(current, child) && !leavesLoopAfter(node, current))
      return { kind: 'loop', node: current };
    if (isFunctionNode(current)) {
      const call = iterationCallOf(current);
      if (call)
        return {
          kind: 'iteration-callback',
          node: call,
          method: staticPropertyName(call.callee as TSESTree.MemberExpression)!,
        };
      if (current.parent?.type === 'CallExpression' && current.parent.callee === current) continue; // IIFE
      return undefined;
    }
  }
  return undefined;
}
