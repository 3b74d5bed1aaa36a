import type { TSESTree } from '@typescript-eslint/utils';
import { resolveIdentifier, type AnalysisContext } from '../../core/context.js';
import { functionNamedBy, isFunctionNode, within, type FunctionNode } from '../../core/ast.js';
import { isGlobalReference, outermostWrapperOf, unwrapExpression } from '../../core/imports.js';
import { promiseExecuting } from './race-timeout.js';

/*
 * A call that waits for the abort: `await new Promise((resolve) => { …; signal.addEventListener(
 * 'abort', () => { stop(); resolve(); }) })`, where nothing but the abort listener settles the
 * promise. The call does not end before the signal aborts, so the listener lives exactly as long
 * as the pending call: one per call in flight, not one per call ever made. A promise that something
 * else settles too (a timer, the end of the work: `sleep(ms, { signal })`), or that is raced
 * against another, ends the call first and leaves the listener behind.
 */

/**
 * Whether the abort listener `listener`, added by `call`, is the only thing that settles the
 * `new Promise` whose executor adds it, and the enclosing function awaits that promise as a
 * statement or returns it.
 */
export function callWaitsForAbort(
  ctx: AnalysisContext,
  call: TSESTree.CallExpression,
  listener: TSESTree.Node,
): boolean {
  const promise = promiseExecuting(call);
  const executor = promise?.arguments[0] as FunctionNode | undefined;
  if (!promise || !executor || !isGlobalReference(ctx, promise.callee, 'Promise') || !isAwaitedOrReturned(promise))
    return false;
  const body = listenerFunction(ctx, listener, executor);
  if (!body) return false;
  let settlesInListener = false;
  for (const param of executor.params.slice(0, 2)) {
    if (param.type !== 'Identifier') return false;
    const references = resolveIdentifier(ctx, param)?.references ?? [];
    if (references.some((ref) => !within(body, ref.identifier))) return false;
    settlesInListener ||= references.length > 0;
  }
  return settlesInListener;
}

/** `await new Promise(…)` as a statement, `return new Promise(…)` (or `return await`), or an arrow's body. */
function isAwaitedOrReturned(promise: TSESTree.NewExpression): boolean {
  let node = outermostWrapperOf(promise);
  if (node.parent?.type === 'AwaitExpression') node = outermostWrapperOf(node.parent);
  const parent = node.parent;
  if (parent?.type === 'ReturnStatement') return true;
  if (parent?.type === 'ArrowFunctionExpression') return parent.body === node;
  return parent?.type === 'ExpressionStatement' && node.type === 'AwaitExpression';
}

/** The listener's function: written inline, or a local function of the executor named by it. */
function listenerFunction(
  ctx: AnalysisContext,
  listener: TSESTree.Node,
  executor: FunctionNode,
): FunctionNode | undefined {
  const node = unwrapExpression(listener);
  if (isFunctionNode(node)) return node;
  const named = functionNamedBy(ctx, node);
  return named && within(executor, named) ? named : undefined;
}
