import type { TSESTree } from '@typescript-eslint/utils';
import type { AnalysisContext } from '../../core/context.js';
import { calleeName, hasOwnNode, isFunctionNode, type FunctionNode } from '../../core/ast.js';
import { isGlobalReference, staticPropertyName, unwrapExpression } from '../../core/imports.js';
import { COLLECTING_METHODS, PROMISE_COMBINATORS } from '../../knowledge/promise-methods.js';
import { calledFunctionOf, type TaskRecognizer } from './task-recognition.js';

/*
 * How no-floating-task tells that a dropped task's failure is handled: a `.catch(…)` at the end of
 * its chain, a function that catches its own failures (called, or mapped over a list), a failure
 * handed to the deferred promises it settles. The exemption tables and the rule's message read it.
 */

/**
 * `postData(req, res)` where this file declares `async function postData` with all its waiting
 * inside a try whose catch answers: one call of it as a handler's whole body is the handler
 * written async (held-out false positive in a marine data server's application-data routes).
 */
export function callsFunctionCatchingItsFailure(
  ctx: AnalysisContext,
  tasks: TaskRecognizer,
  expression: TSESTree.CallExpression | TSESTree.NewExpression,
): boolean {
  const fn = calledFunctionOf(ctx, tasks, expression);
  return fn !== undefined && catchesOwnFailure(fn);
}

/**
 * An async function that handles its own failures: every `await`, `for await` and `throw` in its
 * own body sits in the block of a `try` whose `catch` does not throw again. (A returned call is
 * not judged: `return res.status(400).send(…)` is how Express handlers end, and only types tell
 * it from a returned promise.)
 */
export function catchesOwnFailure(fn: FunctionNode): boolean {
  if (!fn.async || fn.body.type !== 'BlockStatement') return false;
  const guarded = (node: TSESTree.Node): boolean => {
    for (
      let child = node, current = node.parent;
      current && current !== fn;
      child = current, current = current.parent
    ) {
      if (
        current.type === 'TryStatement' &&
        current.block === child &&
        current.handler &&
        !hasOwnNode(current.handler.body, (n) => n.type === 'ThrowStatement')
      )
        return true;
    }
    return false;
  };
  return !hasOwnNode(fn.body, (node) => {
    const mayReject =
      // `await send(mail).catch(log)` cannot reject.
      (node.type === 'AwaitExpression' && !isCaughtTask(node.argument)) ||
      node.type === 'ThrowStatement' ||
      (node.type === 'ForOfStatement' && node.await) ||
      // `return this.pool.ping()`: an async function adopts the returned promise's failure.
      (node.type === 'ReturnStatement' && node.argument !== null && node.argument.type !== 'Literal');
    return mayReject && !guarded(node);
  });
}

/** `reject(error)`, `deferred.reject(error)`: settling a promise someone awaits with a failure. */
function isRejectCall(node: TSESTree.Node): boolean {
  return (
    node.type === 'CallExpression' &&
    calleeName(unwrapExpression(node.callee)) === 'reject' &&
    node.arguments.length > 0
  );
}

/**
 * `(async () => { try { … resolve(result) } catch (error) { reject(error) } })()`: a task that
 * ends in a try whose catch hands the failure to the deferred promises it settles is tracked by
 * whoever awaits them (held-out false positive in a blockchain SDK's batch dispatcher, one task
 * per batch of queued requests).
 */
export function forwardsFailureToDeferreds(callee: TSESTree.Node): boolean {
  if (!isFunctionNode(callee) || !callee.async || callee.body.type !== 'BlockStatement') return false;
  const last = callee.body.body.at(-1);
  return (
    last?.type === 'TryStatement' &&
    last.handler !== null &&
    last.finalizer === null &&
    hasOwnNode(last.handler.body, isRejectCall)
  );
}

/**
 * How a discarded task's failure is handled, if it is: `caught` by a `.catch(fn)` at the end of its
 * chain (a `.finally(fn)` after it included), or the function or method it calls `catches-own`
 * failures. (`task.then(onDone, onFail)` never gets here: task recognition counts it as tracked.)
 */
export function failureHandling(
  ctx: AnalysisContext,
  tasks: TaskRecognizer,
  expression: TSESTree.CallExpression | TSESTree.NewExpression,
): 'caught' | 'catches-own' | undefined {
  if (endsInCatch(expression)) return 'caught';
  return callsFunctionCatchingItsFailure(ctx, tasks, expression) || mapsToTasksCatchingTheirFailure(ctx, expression)
    ? 'catches-own'
    : undefined;
}

function isCaughtTask(node: TSESTree.Expression): boolean {
  const task = unwrapExpression(node);
  return (task.type === 'CallExpression' || task.type === 'NewExpression') && endsInCatch(task);
}

/**
 * `items.map(async (item) => { try { … } catch (e) { log(e) } })` (or `flatMap`), alone or in `Promise.all(…)`:
 * one task per element, each catching its own failure (held-out false positives in a chat
 * bridge's per-room kicks and an HMI server's per-topic subscriptions).
 */
function mapsToTasksCatchingTheirFailure(ctx: AnalysisContext, expression: TSESTree.Node): boolean {
  let call = unwrapExpression(expression as TSESTree.Expression);
  if (call.type === 'CallExpression' && promiseCombinatorOf(ctx, call) && call.arguments[0])
    call = unwrapExpression(call.arguments[0] as TSESTree.Expression);
  if (call.type !== 'CallExpression' || call.callee.type !== 'MemberExpression') return false;
  const callback = call.arguments[0] && unwrapExpression(call.arguments[0] as TSESTree.Expression);
  return (
    COLLECTING_METHODS.has(staticPropertyName(call.callee) ?? '') &&
    callback !== undefined &&
    isFunctionNode(callback) &&
    catchesOwnFailure(callback)
  );
}

/** `Promise.all(…)`, `Promise.allSettled(…)`…: the combinator's name, or undefined. */
export function promiseCombinatorOf(ctx: AnalysisContext, call: TSESTree.CallExpression): string | undefined {
  const combinator = unwrapExpression(call.callee);
  if (combinator.type !== 'MemberExpression') return undefined;
  const method = staticPropertyName(combinator);
  return method !== undefined &&
    PROMISE_COMBINATORS.has(method) &&
    isGlobalReference(ctx, unwrapExpression(combinator.object), 'Promise')
    ? method
    : undefined;
}

/** `task.catch(fn)`, or that followed by `.finally(fn)`. */
function endsInCatch(expression: TSESTree.CallExpression | TSESTree.NewExpression): boolean {
  if (expression.type !== 'CallExpression') return false;
  const callee = unwrapExpression(expression.callee);
  if (callee.type !== 'MemberExpression') return false;
  const method = staticPropertyName(callee);
  if (method === 'catch') return expression.arguments.length > 0;
  if (method === 'finally') {
    const inner = unwrapExpression(callee.object);
    return (inner.type === 'CallExpression' || inner.type === 'NewExpression') && endsInCatch(inner);
  }
  return false;
}

/** `task(…).catch(handler)`: the call whose failure `expression` handles, or undefined. */
export function caughtCall(
  expression: TSESTree.CallExpression | TSESTree.NewExpression,
): TSESTree.CallExpression | undefined {
  const callee = unwrapExpression(expression.callee);
  if (
    expression.type !== 'CallExpression' ||
    callee.type !== 'MemberExpression' ||
    staticPropertyName(callee) !== 'catch' ||
    expression.arguments.length === 0
  )
    return undefined;
  const caught = unwrapExpression(callee.object);
  return caught.type === 'CallExpression' ? caught : undefined;
}
