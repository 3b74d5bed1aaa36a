import type { TSESTree } from '@typescript-eslint/utils';
import { resolveIdentifier, type AnalysisContext, type Variable } from '../../core/context.js';
import {
  bindingIdOf,
  calleeName,
  constInitOf,
  enclosingFunction,
  someDescendant,
  isFunctionNode,
  hasOwnNode,
  type FunctionNode,
} from '../../core/ast.js';
import { isGlobalReference, staticPropertyName, unwrapExpression } from '../../core/imports.js';
import {
  DEPENDENCY_MEMO_HOOKS,
  LISTENER_ADD_METHODS,
  LISTENER_ONCE_METHODS,
  LISTENER_REMOVE_METHODS,
  PAGE_LOAD_EVENTS,
  READY_STATE_PROPERTY,
  STABLE_CALLBACK_HOOKS,
} from '../../knowledge/events.js';
import { frequencyModelOf } from '../../frequency/frequency-of.js';
import { addsOnce } from './listener-options.js';
import { addedListenerOf, removalMatcher, removalOf } from './listener-keys.js';

/*
 * How a listener's add pairs with what ends it, beyond a removal of the same binding elsewhere in
 * the file: a handler that removes itself as it runs (a handshake that waits for one 'ready'
 * message; the removal is matched as the detector matches one, listener-keys.ts), a stable
 * function React hands back on every render (added again, EventTarget ignores it), and a
 * page-load listener added only while the page loads.
 */

/** How far the search walks up through functions called only from one another before giving up. */
const MAX_CALL_DEPTH = 3;

/**
 * Whether `node` runs at most once per registration of a listener that ends with its first run: it
 * sits in that listener (or in a function only that listener calls, up to MAX_CALL_DEPTH), and the
 * listener removes itself unconditionally (endsWithFirstRun) or was added with `once()` or
 * `{ once: true }`. Such code runs once per registration, not per event; and the registration must
 * not itself be shown to repeat.
 */
export function runsOncePerSelfEndingListener(ctx: AnalysisContext, node: TSESTree.Node, depth = 0): boolean {
  const fn = enclosingFunction(node);
  if (!fn || depth > MAX_CALL_DEPTH) return false;
  const uses = usesOf(ctx, fn);
  if (!uses || (uses.adds.length === 0 && uses.calls.length === 0)) return false;
  const model = frequencyModelOf(ctx);
  return (
    uses.adds.every((add) => !model.repeats(add) && endsWithFirstRun(ctx, add, fn, node)) &&
    uses.calls.every((call) => runsOncePerSelfEndingListener(ctx, call, depth + 1))
  );
}

/** How a function is used: added as a listener, called; undefined when it is used in any other way (passed on, stored). */
function usesOf(
  ctx: AnalysisContext,
  fn: FunctionNode,
): { adds: TSESTree.CallExpression[]; calls: TSESTree.CallExpression[] } | undefined {
  const addedBy = listenerAddOf(fn);
  if (addedBy) return { adds: [addedBy], calls: [] };
  const variable = functionVariableOf(ctx, fn);
  if (!variable) return undefined;
  const adds: TSESTree.CallExpression[] = [];
  const calls: TSESTree.CallExpression[] = [];
  for (const ref of variable.references) {
    if (ref.init) continue;
    const id = ref.identifier;
    const parent = id.parent;
    if (ref.isWrite() || !parent) return undefined;
    if (parent.type === 'CallExpression' && parent.callee === id) calls.push(parent);
    else if (listenerAddOf(id)) adds.push(parent as TSESTree.CallExpression);
    else if (!listenerArgumentOf(id, LISTENER_REMOVE_METHODS)) return undefined;
  }
  return { adds, calls };
}

/** The call that adds `node` as a listener: `target.on(event, node)`, `.once(…)`, `.addEventListener(…)`. */
export function listenerAddOf(node: TSESTree.Node): TSESTree.CallExpression | undefined {
  return (listenerArgumentOf(node, LISTENER_ADD_METHODS) ?? listenerArgumentOf(node, LISTENER_ONCE_METHODS))
    ? (node.parent as TSESTree.CallExpression)
    : undefined;
}

/** The method when `node` is the listener argument of `target.<method>(event, node)` for one of `methods`. */
function listenerArgumentOf(node: TSESTree.Node, methods: ReadonlySet<string>): string | undefined {
  const call = node.parent;
  if (call?.type !== 'CallExpression' || call.arguments[1] !== node) return undefined;
  const callee = unwrapExpression(call.callee);
  const method = callee.type === 'MemberExpression' ? staticPropertyName(callee) : undefined;
  return method !== undefined && methods.has(method) ? method : undefined;
}

/** The variable a function is bound to once: `function f() {}`, `var f = function () {}`, `const f = () => {}`. */
function functionVariableOf(ctx: AnalysisContext, fn: FunctionNode): Variable | undefined {
  const id = bindingIdOf(fn);
  const variable = id ? resolveIdentifier(ctx, id) : undefined;
  return variable?.defs.length === 1 ? variable : undefined;
}

/**
 * `add` registers `fn` so it ends with its first run whenever `node` runs: with `once()`,
 * `{ once: true }`, or a removal of itself (removalMatcher: the same target, event and function)
 * as a statement of its own body, not under a condition, either before the statement holding
 * `node` or after it with nothing from that statement on that could leave or pause the run
 * (`return`, `throw`, `await`, `yield`). Either way `node` runs once per registration.
 */
function endsWithFirstRun(
  ctx: AnalysisContext,
  add: TSESTree.CallExpression,
  fn: FunctionNode,
  node: TSESTree.Node,
): boolean {
  const callee = unwrapExpression(add.callee) as TSESTree.MemberExpression;
  const method = staticPropertyName(callee)!;
  if (LISTENER_ONCE_METHODS.has(method) || (method === 'addEventListener' && addsOnce(ctx, add.arguments[2])))
    return true;
  const added = addedListenerOf(ctx, add);
  if (fn.body.type !== 'BlockStatement' || added === undefined) return false;
  const removesItself = removalMatcher(ctx, added);
  let reachedNode = false;
  for (const statement of fn.body.body) {
    const call = statement.type === 'ExpressionStatement' ? unwrapExpression(statement.expression) : undefined;
    if (call?.type === 'CallExpression' && isRemovalCall(call) && removesItself(removalOf(ctx, call))) return true;
    reachedNode ||= statement.range[1] > node.range[0];
    if (reachedNode && hasOwnNode(statement, leavesOrPauses)) return false;
  }
  return false;
}

/** `target.off(…)`, `removeEventListener(…)`, `removeAllListeners(…)`: a call of a removing method. */
function isRemovalCall(call: TSESTree.CallExpression): boolean {
  const callee = unwrapExpression(call.callee);
  return callee.type === 'MemberExpression' && LISTENER_REMOVE_METHODS.has(staticPropertyName(callee) ?? '');
}

/** A node after which the rest of a function body may not run now: it returns, throws or waits. */
function leavesOrPauses(node: TSESTree.Node): boolean {
  return (
    node.type === 'ReturnStatement' ||
    node.type === 'ThrowStatement' ||
    node.type === 'AwaitExpression' ||
    node.type === 'YieldExpression'
  );
}

/**
 * A function React keeps the same across renders: `const onMove = useEventCallback(…)` (any of
 * STABLE_CALLBACK_HOOKS) or `useCallback(…, [])` with an empty dependency list.
 */
export function isStableHookCallback(ctx: AnalysisContext, listener: TSESTree.Node): boolean {
  const node = unwrapExpression(listener);
  if (node.type !== 'Identifier') return false;
  const value = constInitOf(resolveIdentifier(ctx, node));
  const init = value && unwrapExpression(value);
  if (init?.type !== 'CallExpression') return false;
  const hook = calleeName(init.callee);
  if (hook === undefined) return false;
  if (STABLE_CALLBACK_HOOKS.has(hook)) return true;
  const deps = init.arguments[1];
  return (
    DEPENDENCY_MEMO_HOOKS.has(hook) &&
    init.arguments[0] !== undefined &&
    isFunctionNode(init.arguments[0]) &&
    deps?.type === 'ArrayExpression' &&
    deps.elements.length === 0
  );
}

/**
 * `if (document.readyState === 'complete') onLoad(); else window.addEventListener('load', onLoad)`:
 * a page-load listener (PAGE_LOAD_EVENTS) on `window` or `document` added only on a branch of a test
 * that reads `document.readyState`, so only until the page has loaded; the event fires once, and
 * after it the branch that adds it no longer runs.
 */
export function addedOnlyUntilPageLoad(ctx: AnalysisContext, call: TSESTree.CallExpression): boolean {
  const callee = unwrapExpression(call.callee);
  const event = call.arguments[0];
  if (
    callee.type !== 'MemberExpression' ||
    event?.type !== 'Literal' ||
    !PAGE_LOAD_EVENTS.has(String(event.value)) ||
    !(isGlobalReference(ctx, callee.object, 'window') || isGlobalReference(ctx, callee.object, 'document'))
  )
    return false;
  let child: TSESTree.Node = call;
  for (let node: TSESTree.Node | undefined = call.parent; node && !isFunctionNode(node); node = node.parent) {
    const test =
      (node.type === 'IfStatement' || node.type === 'ConditionalExpression') && node.test !== child
        ? node.test
        : undefined;
    if (test && readsReadyState(ctx, test)) return true;
    child = node;
  }
  return false;
}

/** Whether an expression reads `document.readyState`. */
function readsReadyState(ctx: AnalysisContext, test: TSESTree.Node): boolean {
  return someDescendant(
    test,
    (node) =>
      node.type === 'MemberExpression' &&
      staticPropertyName(node) === READY_STATE_PROPERTY &&
      isGlobalReference(ctx, unwrapExpression(node.object), 'document'),
  );
}
