import type { TSESTree } from '@typescript-eslint/utils';
import { resolveIdentifier, type AnalysisContext } from '../../core/context.js';
import { calleeName, hasOwnNode, isFunctionNode, type FunctionNode } from '../../core/ast.js';
import {
  elementsRejectingCalls,
  endsInCatch,
  isEmitterDispatch,
  isResolveOnlyPromise,
  rejectingCalls,
  valueRejectingCalls,
  type RejectionPoints,
} from '../../core/rejection-points.js';
import { mayReturnNothing } from '../../core/result-reads.js';
import { projectSettledCall } from '../../frequency/frequency-of.js';
import type { SettledCall } from '../../project/settles.js';
import { isGlobalReference, staticPropertyName, unwrapExpression } from '../../core/imports.js';
import { PROMISE_COMBINATORS } from '../../knowledge/promise-methods.js';
import { calledFunctionOf, type TaskRecognizer } from './task-recognition.js';
import { dispatchedFunctionsOf } from './dispatch-table.js';

/*
 * How no-floating-task tells that a dropped task's failure is handled: a `.catch(…)` at the end of
 * its chain, a function that catches its own failures (called, or mapped over a list), a failure
 * handed to the deferred promises it settles. The exemption tables and the rule's message read it.
 */

/** Functions followed from a dropped call through the calls each awaits or returns, in this file. */
const MAX_CALL_DEPTH = 4;

/**
 * `postData(req, res)` where this file declares `async function postData` with all its waiting
 * inside a try whose catch answers: one call of it as a handler's whole body is the handler
 * written async (held-out false positive in a marine data server's application-data routes).
 * Also a function whose only unguarded waits are calls of functions that cannot reject either
 * (see functionCannotReject), and, with the project index, one another file declares.
 */
export function callsFunctionCatchingItsFailure(
  ctx: AnalysisContext,
  tasks: TaskRecognizer,
  expression: TSESTree.CallExpression | TSESTree.NewExpression,
): boolean {
  return expression.type === 'CallExpression' && valueCannotReject(ctx, tasks, expression, new Set());
}

/**
 * A value none of whose rejecting calls can reject (valueRejectingCalls: a call, a `.then(fn)` or
 * `.finally(fn)` chain on one, `Promise.all` over them), each followed here or, with the project
 * index, in other files.
 */
function valueCannotReject(
  ctx: AnalysisContext,
  tasks: TaskRecognizer,
  value: TSESTree.Node,
  following: Set<FunctionNode>,
  elsewhere?: SettledCall[],
): boolean {
  const points = valueRejectingCalls(value);
  return points !== undefined && everyCallCannotReject(ctx, tasks, points, 0, following, elsewhere);
}

/**
 * The first function of another file (as the project index answers) on which the proof that
 * `expression` cannot reject rests, for the message: undefined when the proof stays in this file.
 */
export function settledElsewhere(
  ctx: AnalysisContext,
  tasks: TaskRecognizer,
  expression: TSESTree.CallExpression | TSESTree.NewExpression,
): SettledCall | undefined {
  const elsewhere: SettledCall[] = [];
  if (expression.type === 'CallExpression') valueCannotReject(ctx, tasks, expression, new Set(), elsewhere);
  return elsewhere[0];
}

/**
 * A function whose promise cannot reject: every `await`, `for await`, `throw` and returned value
 * outside a try whose catch does not throw again is handled where it stands, or a call of a
 * function that cannot reject either (rejection-points.ts), followed through this file's
 * functions and methods (MAX_CALL_DEPTH deep; a function met again on the way adds no failure of
 * its own) and, with the project index, through other files' (`await download()` where download
 * catches everything). A call this file cannot follow, nor the index, may reject.
 */
export function functionCannotReject(
  ctx: AnalysisContext,
  tasks: TaskRecognizer,
  fn: FunctionNode,
  depth = 0,
  following: Set<FunctionNode> = new Set(),
  elsewhere?: SettledCall[],
  off?: ReadonlySet<string>,
): boolean {
  const points = rejectingCalls(fn, off);
  if (points === undefined) return false;
  if (points.calls.length === 0) return true;
  following.add(fn);
  const settles = everyCallCannotReject(ctx, tasks, points, depth + 1, following, elsewhere);
  following.delete(fn);
  return settles;
}

function everyCallCannotReject(
  ctx: AnalysisContext,
  tasks: TaskRecognizer,
  points: RejectionPoints,
  depth: number,
  following: Set<FunctionNode>,
  elsewhere?: SettledCall[],
): boolean {
  return points.calls.every((call) =>
    callCannotReject(ctx, tasks, call, points.handOffs.has(call), points.reads.has(call), depth, following, elsewhere),
  );
}

function callCannotReject(
  ctx: AnalysisContext,
  tasks: TaskRecognizer,
  call: TSESTree.CallExpression,
  handsOnCaughtFailure: boolean,
  resultRead: boolean,
  depth: number,
  following: Set<FunctionNode>,
  elsewhere?: SettledCall[],
): boolean {
  if (depth > MAX_CALL_DEPTH) return false;
  const fn = calledFunctionOf(ctx, tasks, call);
  if (fn === undefined) {
    if (handsOnCaughtFailure && callsParameter(ctx, call)) return true;
    const dispatched = dispatchedFunctionsOf(ctx, call);
    if (dispatched)
      return dispatched.every((each) => functionSettles(ctx, tasks, each, resultRead, depth, following, elsewhere));
    const settled = projectSettledCall(ctx, call);
    if (!settled && !resultRead && isEmitterDispatch(call)) return true;
    // A result read before it is tested (`app.spec` of `await getApp()`) fails when the callee may hand back nothing.
    if (!settled || (resultRead && settled.returnsNothing)) return false;
    elsewhere?.push(settled);
    return true;
  }
  return functionSettles(ctx, tasks, fn, resultRead, depth, following, elsewhere, offParameters(fn, call));
}

/** A function of this file a call runs, which cannot reject (nor hand back nothing when its result is read). */
function functionSettles(
  ctx: AnalysisContext,
  tasks: TaskRecognizer,
  fn: FunctionNode,
  resultRead: boolean,
  depth: number,
  following: Set<FunctionNode>,
  elsewhere?: SettledCall[],
  off?: ReadonlySet<string>,
): boolean {
  if (resultRead && mayReturnNothing(fn)) return false;
  return following.has(fn) || functionCannotReject(ctx, tasks, fn, depth, following, elsewhere, off);
}

/**
 * The parameters `call` passes as a falsy literal (`updateItem(item, upd, false, false)` for
 * `save = true, sync = true`) that `fn` never assigns: what `fn` does behind `if (save)` does not
 * run for this call (set 35: a password manager's per-item tag update with saving and syncing
 * off, the vault saved once after the loop). Undefined when there are none.
 */
function offParameters(fn: FunctionNode, call: TSESTree.CallExpression): ReadonlySet<string> | undefined {
  let off: Set<string> | undefined;
  fn.params.forEach((param, i) => {
    const name = param.type === 'AssignmentPattern' ? param.left : param;
    const argument = call.arguments[i];
    if (name.type !== 'Identifier' || argument?.type !== 'Literal' || argument.value) return;
    const assigned = hasOwnNode(fn.body, (node) => {
      const target =
        node.type === 'AssignmentExpression' ? node.left : node.type === 'UpdateExpression' ? node.argument : undefined;
      const written = target && unwrapExpression(target);
      return written?.type === 'Identifier' && written.name === name.name;
    });
    if (!assigned) (off ??= new Set()).add(name.name);
  });
  return off;
}

/** `cb(err)` where `cb` is a parameter of the function it is called in or of one around it. */
function callsParameter(ctx: AnalysisContext, call: TSESTree.CallExpression): boolean {
  const callee = unwrapExpression(call.callee);
  const variable = callee.type === 'Identifier' ? resolveIdentifier(ctx, callee) : undefined;
  return variable?.defs.length === 1 && variable.defs[0]!.type === 'Parameter';
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
 * failures, or it is a `new Promise((resolve) => …)` that can only resolve (set 25: an upload
 * wrapper that resolves when the upload, which catches its own failure, is done).
 * (`task.then(onDone, onFail)` never gets here: task recognition counts it as tracked.)
 */
export function failureHandling(
  ctx: AnalysisContext,
  tasks: TaskRecognizer,
  expression: TSESTree.CallExpression | TSESTree.NewExpression,
): 'caught' | 'catches-own' | undefined {
  if (endsInCatch(expression)) return 'caught';
  return callsFunctionCatchingItsFailure(ctx, tasks, expression) ||
    resolvesOnly(ctx, expression) ||
    mapsToTasksCatchingTheirFailure(ctx, tasks, expression)
    ? 'catches-own'
    : undefined;
}

/**
 * `items.map(async (item) => { try { … } catch (e) { log(e) } })` (or `flatMap`): one task per
 * element, each catching its own failure (held-out false positives in a chat bridge's per-room
 * kicks and an HMI server's per-topic subscriptions). In `Promise.all(…)`, valueRejectingCalls
 * reads it.
 */
function mapsToTasksCatchingTheirFailure(
  ctx: AnalysisContext,
  tasks: TaskRecognizer,
  expression: TSESTree.Node,
): boolean {
  const points = elementsRejectingCalls(expression);
  return points !== undefined && everyCallCannotReject(ctx, tasks, points, 1, new Set());
}

/** `new Promise((resolve) => …)` of the global Promise, whose executor can only resolve. */
function resolvesOnly(ctx: AnalysisContext, expression: TSESTree.CallExpression | TSESTree.NewExpression): boolean {
  return (
    expression.type === 'NewExpression' &&
    isResolveOnlyPromise(expression) &&
    isGlobalReference(ctx, unwrapExpression(expression.callee), 'Promise')
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
