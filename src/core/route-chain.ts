import type { TSESTree } from '@typescript-eslint/utils';
import { CHAINED_ROUTE_METHODS, ROUTER_RECEIVER } from '../knowledge/entry-points.js';
import { staticPropertyName, unwrapExpression } from './imports.js';
import { calleeName } from './ast.js';

/*
 * Written against ESTree alone, so the rules read ESLint's nodes and the project index
 * oxc-parser's with one answer.
 */

/** How many chained route calls are walked back to the router they start from. */
const MAX_CHAIN = 16;

/**
 * The name of the receiver a route method is called on: `app` of `app.get(…)`, `router` of
 * `this.router.get(…)`, and `router` of `router.get(…).post(…)` and `router.route('/x').get(…)`,
 * because those chained calls register on the router the chain starts from. A receiver built by
 * any other call is named by that call (`express()` of `express().get(…)`'s callee name).
 */
export function routeReceiverName(callee: TSESTree.MemberExpression): string | undefined {
  let receiver = unwrapExpression(callee.object);
  for (let depth = 0; depth < MAX_CHAIN; depth++) {
    if (receiver.type === 'Identifier') return receiver.name;
    if (receiver.type === 'ThisExpression') return 'this';
    if (receiver.type === 'MemberExpression') return staticPropertyName(receiver);
    if (receiver.type !== 'CallExpression') return undefined;
    const inner = unwrapExpression(receiver.callee);
    if (inner.type === 'Identifier') return inner.name;
    if (inner.type !== 'MemberExpression') return undefined;
    const method = staticPropertyName(inner);
    if (method === undefined || !CHAINED_ROUTE_METHODS.has(method)) return method;
    receiver = unwrapExpression(inner.object);
  }
  return undefined;
}

/**
 * Whether a route method's call `x.m(…)` registers on a router when no path says so: the receiver
 * is named like a router (`app.get(fn)`, `this.router.use(fn)`), or `m` is `use` on a sub-app that
 * such a router holds in a property: koa-websocket's `app.ws.use(fn)` runs `fn` once per websocket
 * connection (its README, "Usage"). Only one property deep, so `api.interceptors.request.use(fn)`
 * stays an HTTP client's hook.
 */
export function onRouter(callee: TSESTree.MemberExpression, method: string): boolean {
  const name = routeReceiverName(callee);
  if (name !== undefined && ROUTER_RECEIVER.test(name)) return true;
  const receiver = unwrapExpression(callee.object);
  if (method !== 'use' || receiver.type !== 'MemberExpression') return false;
  const ownerName = calleeName(receiver.object);
  return ownerName !== undefined && ROUTER_RECEIVER.test(ownerName);
}
