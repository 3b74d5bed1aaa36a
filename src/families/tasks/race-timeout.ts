import type { TSESTree } from '@typescript-eslint/utils';
import { resolveIdentifier, type AnalysisContext } from '../../core/context.js';
import { enclosingFunction, type FunctionNode } from '../../core/ast.js';
import { outermostWrapperOf, staticPropertyName, unwrapExpression } from '../../core/imports.js';
import { LONG_TIMER_DELAY_MS, PROMISE_RACE_METHODS } from '../../knowledge/timers.js';

/*
 * A timeout raced against a promise: `Promise.race([work, new Promise((_, reject) =>
 * setTimeout(…, ms))])`. When the work wins, nothing stops the timer: it runs for its whole delay,
 * holding its closure and keeping the process alive, once per call.
 */

/**
 * Whether `timer` (a setTimeout call) sits in the executor of a `new Promise` that is raced: an
 * element of `Promise.race([…])` (or `any`), directly, through a const, or returned by a function
 * of this file whose call is such an element.
 */
export function isRacedTimeout(ctx: AnalysisContext, timer: TSESTree.CallExpression): boolean {
  const promise = promiseExecuting(timer);
  return promise !== undefined && isRaced(ctx, promise, 0);
}

/** The `new Promise(executor)` whose executor is the function `node` is directly in. */
export function promiseExecuting(node: TSESTree.Node): TSESTree.NewExpression | undefined {
  const executor = enclosingFunction(node);
  const promise = executor?.parent;
  return promise?.type === 'NewExpression' &&
    promise.arguments[0] === executor &&
    promise.callee.type === 'Identifier' &&
    promise.callee.name === 'Promise'
    ? promise
    : undefined;
}

const MAX_DEPTH = 3;

/** `value` reaches an element of a race: directly, through a const, or as a function's result. */
function isRaced(ctx: AnalysisContext, value: TSESTree.Node, depth: number): boolean {
  if (depth > MAX_DEPTH) return false;
  const node = outermostWrapperOf(value);
  const parent = node.parent;
  if (!parent) return false;
  if (parent.type === 'ArrayExpression') return isRaceCall(parent.parent);
  if (parent.type === 'VariableDeclarator' && parent.init === node && parent.id.type === 'Identifier') {
    const variable = resolveIdentifier(ctx, parent.id);
    return (
      variable?.references.some((ref) => !ref.init && ref.isRead() && isRaced(ctx, ref.identifier, depth + 1)) ?? false
    );
  }
  const fn =
    parent.type === 'ReturnStatement'
      ? enclosingFunction(parent)
      : parent.type === 'ArrowFunctionExpression' && parent.body === node
        ? parent
        : undefined;
  return fn !== undefined && callsOf(ctx, fn).some((call) => isRaced(ctx, call, depth + 1));
}

/** `Promise.race([…])`, `Promise.any([…])`. */
function isRaceCall(node: TSESTree.Node | undefined): boolean {
  if (node?.type !== 'CallExpression') return false;
  const callee = unwrapExpression(node.callee);
  return (
    callee.type === 'MemberExpression' &&
    callee.object.type === 'Identifier' &&
    callee.object.name === 'Promise' &&
    PROMISE_RACE_METHODS.has(staticPropertyName(callee) ?? '')
  );
}

/** The calls of a named function of this file (a declaration, or a const holding the function). */
function callsOf(ctx: AnalysisContext, fn: FunctionNode): TSESTree.CallExpression[] {
  const id =
    fn.type === 'FunctionDeclaration'
      ? fn.id
      : fn.parent?.type === 'VariableDeclarator' && fn.parent.id.type === 'Identifier'
        ? fn.parent.id
        : undefined;
  const variable = id ? resolveIdentifier(ctx, id) : undefined;
  const calls: TSESTree.CallExpression[] = [];
  for (const ref of variable?.references ?? []) {
    const call = ref.identifier.parent;
    if (call?.type === 'CallExpression' && call.callee === ref.identifier) calls.push(call);
  }
  return calls;
}

/**
 * A delay this file shows is long (LONG_TIMER_DELAY_MS or more): a number, or arithmetic on
 * numbers and consts holding them. A delay it cannot read (a parameter) is not shown long.
 */
export function isLongDelay(ctx: AnalysisContext, delay: TSESTree.Node | undefined): boolean {
  if (!delay || delay.type === 'SpreadElement') return false;
  const ms = constantNumber(ctx, delay, 0);
  return ms !== undefined && ms >= LONG_TIMER_DELAY_MS;
}

/** How deep a constant's arithmetic is read: `1000 * 60 * 60 * 12` through a const is five levels. */
const MAX_NUMBER_DEPTH = 8;

function constantNumber(ctx: AnalysisContext, expression: TSESTree.Node, depth: number): number | undefined {
  const node = unwrapExpression(expression);
  if (depth > MAX_NUMBER_DEPTH) return undefined;
  if (node.type === 'Literal') return typeof node.value === 'number' ? node.value : undefined;
  if (node.type === 'BinaryExpression' && node.left.type !== 'PrivateIdentifier') {
    const left = constantNumber(ctx, node.left, depth + 1);
    const right = constantNumber(ctx, node.right, depth + 1);
    if (left === undefined || right === undefined) return undefined;
    if (node.operator === '*') return left * right;
    if (node.operator === '+') return left + right;
    if (node.operator === '-') return left - right;
    if (node.operator === '/') return left / right;
    return undefined;
  }
  if (node.type !== 'Identifier') return undefined;
  const def = resolveIdentifier(ctx, node)?.defs[0];
  return def?.type === 'Variable' && def.node.parent.kind === 'const' && def.node.init
    ? constantNumber(ctx, def.node.init, depth + 1)
    : undefined;
}
