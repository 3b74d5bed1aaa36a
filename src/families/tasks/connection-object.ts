import type { TSESTree } from '@typescript-eslint/utils';
import { resolveIdentifier, type AnalysisContext } from '../../core/context.js';
import { enclosingFunction, someDescendant, type FunctionNode } from '../../core/ast.js';
import { staticPropertyName, unwrapExpression } from '../../core/imports.js';
import { HANDSHAKE_EVENTS, LISTENER_ONCE_METHODS, ONCE_EVENTS } from '../../knowledge/events.js';
import { keysOf } from './listener-keys.js';
import { listenerAddOf } from './listener-pairing.js';

/**
 * A listener added to a field or module variable (`key`) that a function around the call has just
 * set to its own parameter (`this.socket = socket` in a 'connection' callback), either in that
 * function or in callbacks of listeners on that same object (through the field or the parameter)
 * that run once per object: `once()`, an event it fires once ('ready', 'open'), or a client's
 * handshake ('init', HANDSHAKE_EVENTS). From the assignment on, the field names that connection's
 * object, so the listener is added once per object and goes with it. A callback of a per-message
 * event on it (`this.socket.on('message', () => this.socket.on('typing', …))`) adds one per message
 * for the connection's life, and a callback on any other object (the server's 'connection', a
 * process-wide emitter) breaks the chain: neither is this.
 */
export function addedOncePerConnectionObject(
  ctx: AnalysisContext,
  call: TSESTree.CallExpression,
  key: string,
): boolean {
  const { keyOf } = keysOf(ctx);
  /** The registrations whose callbacks lead from the call out to the function that sets the field. */
  const registrations: TSESTree.CallExpression[] = [];
  for (let fn = enclosingFunction(call); fn;) {
    const before = registrations.at(-1) ?? call;
    const param = parameterAssignedTo(ctx, fn, key, before);
    if (param !== undefined)
      return registrations.every((registration) => {
        const receiver = keyOf((unwrapExpression(registration.callee) as TSESTree.MemberExpression).object);
        return receiver === key || receiver === param;
      });
    const registration = listenerAddOf(fn);
    if (!registration || !runsOncePerObject(keyOf, registration)) return false;
    registrations.push(registration);
    fn = enclosingFunction(registration);
  }
  return false;
}

/** `target.once(…)`, or `target.on(event, …)` for an event that comes once per object or opens a client's session. */
function runsOncePerObject(
  keyOf: (node: TSESTree.Node) => string | undefined,
  registration: TSESTree.CallExpression,
): boolean {
  const callee = unwrapExpression(registration.callee) as TSESTree.MemberExpression;
  if (LISTENER_ONCE_METHODS.has(staticPropertyName(callee) ?? '')) return true;
  const event = registration.arguments[0] && keyOf(registration.arguments[0]);
  if (event === undefined || !event.startsWith('"')) return false;
  const name = JSON.parse(event) as string;
  return HANDSHAKE_EVENTS.has(name) || ONCE_EVENTS.has(name);
}

/**
 * The key of `fn`'s parameter that `fn` assigns to `key` (`this.socket = socket`) before `before`,
 * in its own body (not a nested function's).
 */
function parameterAssignedTo(
  ctx: AnalysisContext,
  fn: FunctionNode,
  key: string,
  before: TSESTree.Node,
): string | undefined {
  const { keyOf } = keysOf(ctx);
  let param: string | undefined;
  someDescendant(fn.body, (node) => {
    if (node.type !== 'AssignmentExpression' || node.operator !== '=' || node.range[1] > before.range[0]) return false;
    const value = unwrapExpression(node.right);
    if (value.type !== 'Identifier' || enclosingFunction(node) !== fn || keyOf(node.left) !== key) return false;
    const def = resolveIdentifier(ctx, value)?.defs[0];
    if (def?.type !== 'Parameter' || def.node !== fn) return false;
    param = keyOf(value);
    return param !== undefined;
  });
  return param;
}
