import type { TSESTree } from '@typescript-eslint/utils';
import { calleeName, declaredVariableOf, enclosingFunction, keyName, within, type FunctionNode } from '../core/ast.js';
import type { AnalysisContext } from '../core/context.js';
import { staticPropertyName, unwrapExpression } from '../core/imports.js';
import { effectHookOf } from './describe-function.js';
import { onceGuardAround } from './once-guard.js';
import { enclosingHandler, handlerInfo, type HandlerInfo } from './handlers.js';
import { repetitionOf, type LoopNode, type Repetition } from './repetition.js';
import { MAX_ONCE_DEPTH, objectArgumentHost, thisCallsOf } from './run-context.js';
import { LISTENER_ADD_METHODS, ONCE_EVENTS } from '../knowledge/events.js';
import { firesOnceOnCallResult } from '../core/call-result-events.js';
import { REACT_LIFECYCLE_METHODS } from '../knowledge/lifecycle.js';

/** What shows, in the file itself, that code runs again and again. */
export type RepeatedRun =
  | { readonly kind: 'loop'; readonly loop: LoopNode }
  | { readonly kind: 'handler'; readonly handler: HandlerInfo }
  /** `registration`: the `setInterval(…)` or `emitter.on(…)` call that hands the callback over. */
  | { readonly kind: 'listener-callback' | 'interval-callback'; readonly registration: TSESTree.CallExpression }
  | { readonly kind: 'effect' | 'lifecycle' }
  /** Every caller in this file repeats; `handler` when each runs in a request, message or job handler (the first one's). */
  | { readonly kind: 'callers'; readonly handler?: HandlerInfo };

/**
 * Evidence in this file that `node` runs again and again: it is in a loop that may run until
 * stopped (`while`, `for (;;)`), in a pass over a list (`for…of`, `forEach`) that itself runs
 * again and again, a per-request or per-message handler, the callback of an event listener (events that
 * fire once, like 'ready' or 'close', repeat only as often as their registration), a setInterval
 * callback, a React effect
 * or a class component's componentDidMount/componentDidUpdate, a callback handed to a call that
 * itself repeats, or a function of this file (a declared function, or a method called through
 * `this`) that is used at least once and only from such places. Undefined when the file does not
 * say: exported functions, constructors and methods whose callers are elsewhere.
 */
export function repeatedRunOf(ctx: AnalysisContext, node: TSESTree.Node, depth = 0): RepeatedRun | undefined {
  if (depth > MAX_ONCE_DEPTH) return undefined;
  const repetition = repetitionOf(node);
  // A pass over a list runs once per element of a list that exists when it starts: a bounded
  // number of times, so only the code around the pass can make it run again and again.
  if (repetition && passesOverList(repetition)) return repeatedRunOf(ctx, repetition.node, depth + 1);
  if (repetition?.kind === 'loop') return { kind: 'loop', loop: repetition.node };
  // Behind a once-guard: as often as the flag's declaration, whatever runs the guard's function.
  const guard = onceGuardAround(ctx, node);
  if (guard) return guard.module ? undefined : repeatedRunOf(ctx, guard.declaration, depth + 1);
  let fn = enclosingFunction(node);
  // repetitionOf looked through immediately invoked functions; so do we.
  while (fn && fn.parent?.type === 'CallExpression' && fn.parent.callee === fn) fn = enclosingFunction(fn.parent);
  return fn ? functionRepeats(ctx, fn, depth + 1) : undefined;
}

/** `for…of`, `for…in`, a `for` with a bound, `list.forEach(…)`: not `while`, `do`, `for (;;)`, which may run until stopped. */
function passesOverList(repetition: Repetition): boolean {
  const { node } = repetition;
  if (repetition.kind === 'iteration-callback') return true;
  return (
    node.type === 'ForOfStatement' ||
    node.type === 'ForInStatement' ||
    (node.type === 'ForStatement' && node.test !== null)
  );
}

/**
 * Answers per function and depth (a parse's nodes are its own, as handlerInfoCache relies on): the
 * answer depends on nothing else, and without them a function called from many places that call it
 * again (a recursive schema walker calling itself 25 times) is asked calls^depth times (set 18: one
 * file of a chatbot platform never ended).
 */
const functionAnswers = new WeakMap<FunctionNode, (RepeatedRun | undefined)[]>();

function functionRepeats(ctx: AnalysisContext, fn: FunctionNode, depth: number): RepeatedRun | undefined {
  let byDepth = functionAnswers.get(fn);
  if (!byDepth) functionAnswers.set(fn, (byDepth = []));
  if (!(depth in byDepth)) byDepth[depth] = decideFunctionRepeats(ctx, fn, depth);
  return byDepth[depth];
}

function decideFunctionRepeats(ctx: AnalysisContext, fn: FunctionNode, depth: number): RepeatedRun | undefined {
  if (effectHookOf(fn)) return { kind: 'effect' };
  const handler = handlerInfo(ctx, fn) ?? enclosingHandler(ctx, fn);
  if (handler) return { kind: 'handler', handler };
  const parent = fn.parent;
  // `launch({ start() { … } })`: a function handed in an object literal runs as often as the call, at most.
  const host = objectArgumentHost(fn);
  if (host) return repeatedRunOf(ctx, host, depth);
  const member = parent?.type === 'MethodDefinition' || parent?.type === 'PropertyDefinition' ? parent : undefined;
  if (member && member.value === fn) {
    if (member.type === 'MethodDefinition' && member.kind !== 'method') return undefined;
    const name = keyName(member.key, member.computed);
    if (name !== undefined && !member.static && REACT_LIFECYCLE_METHODS.has(name)) return { kind: 'lifecycle' };
    return name === undefined
      ? undefined
      : callersRepeat(ctx, outsideCalls(fn, thisCallsOf(member.parent, member.static, name)), depth);
  }
  if (
    (parent?.type === 'CallExpression' || parent?.type === 'NewExpression') &&
    parent.arguments.includes(fn as TSESTree.CallExpressionArgument)
  ) {
    return callbackRepeats(ctx, parent, fn, depth);
  }
  const variable = declaredVariableOf(ctx, fn);
  if (!variable) return undefined;
  const uses = variable.references
    .filter((ref) => ref.identifier !== fn.id && !(ref.init === true))
    .map((ref) => ref.identifier);
  const calls: TSESTree.Node[] = [];
  for (const use of uses) {
    const call = use.parent;
    if (call?.type === 'CallExpression' && call.callee === use) calls.push(call);
    else if (
      (call?.type === 'CallExpression' || call?.type === 'NewExpression') &&
      call.arguments.includes(use as TSESTree.CallExpressionArgument)
    ) {
      // Handed to a call as its callback: as often as that callback runs.
      if (!callbackRepeats(ctx, call, use, depth)) return undefined;
    } else {
      return undefined;
    }
  }
  const outside = outsideCalls(fn, calls);
  return uses.length === 0 ? undefined : calls.length === 0 ? { kind: 'callers' } : callersRepeat(ctx, outside, depth);
}

/**
 * A function's calls of itself (`walk(child)` inside `walk`) run only when an outside call does:
 * how often it runs is how often its outside callers do.
 */
function outsideCalls(fn: FunctionNode, calls: readonly TSESTree.Node[] | undefined): TSESTree.Node[] | undefined {
  return calls?.filter((call) => !within(fn, call));
}

/**
 * A function handed to `call`: repeats on every event of a listener or interval, otherwise as often
 * as the call (an iteration, `list.forEach(subscribe)`, is a pass over a list, as in repeatedRunOf).
 */
function callbackRepeats(
  ctx: AnalysisContext,
  call: TSESTree.CallExpression | TSESTree.NewExpression,
  callback: TSESTree.Node,
  depth: number,
): RepeatedRun | undefined {
  const callee = unwrapExpression(call.callee);
  const method = callee.type === 'MemberExpression' ? staticPropertyName(callee) : undefined;
  if (call.type === 'CallExpression' && call.arguments[0] === callback && calleeName(callee) === 'setInterval')
    return { kind: 'interval-callback', registration: call };
  if (call.type === 'CallExpression' && method !== undefined) {
    if (LISTENER_ADD_METHODS.has(method) && call.arguments[1] === callback) {
      const event = unwrapExpression(call.arguments[0] ?? call);
      const once =
        event.type === 'Literal' &&
        typeof event.value === 'string' &&
        (ONCE_EVENTS.has(event.value) ||
          (callee.type === 'MemberExpression' && firesOnceOnCallResult(callee.object, event.value)));
      if (!once) return { kind: 'listener-callback', registration: call };
    }
  }
  return repeatedRunOf(ctx, call, depth);
}

/** Every place all `calls` run again and again (at least one call): the first one's evidence, as `callers`. */
function callersRepeat(
  ctx: AnalysisContext,
  calls: readonly TSESTree.Node[] | undefined,
  depth: number,
): RepeatedRun | undefined {
  if (!calls || calls.length === 0) return undefined;
  const runs: RepeatedRun[] = [];
  for (const call of calls) {
    const run = repeatedRunOf(ctx, call, depth);
    if (!run) return undefined;
    runs.push(run);
  }
  const handlers = runs.map((run) => (run.kind === 'handler' || run.kind === 'callers' ? run.handler : undefined));
  const handler = handlers.every((h) => h !== undefined) ? handlers[0] : undefined;
  return handler ? { kind: 'callers', handler } : { kind: 'callers' };
}
