import { PLUGIN_APP_FACTORIES } from '../knowledge/entry-points.js';
import { unwrap, unwrapAwait, type AstNode } from './ast.js';
import type { RecordedEntry } from './class-entries.js';
import type { Scopes } from './scopes.js';
import type { ValueResolver } from './values.js';

/*
 * `app.use(fn)` is a middleware on an Express-like app, run per request, but a plugin or store
 * installed once on an app of PLUGIN_APP_FACTORIES (set 33: send's `const app = choo()` then
 * `app.use(controller)`, whose intervals and window listeners were read as added per request).
 */

/**
 * The module an entry's `app.use(fn)` receiver was built by, when that is a plugin app: the
 * receiver's declared value is a call of the factory, or a call handed one (`const app =
 * routes(choo())`, a helper that adds the routes and returns the app it was given).
 */
export function pluginAppOf(entry: RecordedEntry, scopes: Scopes, values: ValueResolver): string | undefined {
  const receiver = entry.usedOn;
  const binding = receiver ? scopes.binding(receiver.name as string, entry.where.scope) : undefined;
  if (!binding?.node || binding.member !== undefined || binding.reassigned) return undefined;
  const init = unwrapAwait(binding.node);
  const where = { ...entry.where, scope: binding.scope };
  const built = [init, ...(init.type === 'CallExpression' ? (init.arguments as AstNode[]).map(unwrap) : [])];
  for (const call of built) {
    if (call.type !== 'CallExpression') continue;
    const factory = values.valueOf(call.callee as AstNode, where, 0);
    const known =
      factory.k === 'import' &&
      PLUGIN_APP_FACTORIES.some((app) => app.module === factory.source && app.exports.includes(factory.name));
    if (known) return factory.source;
  }
  return undefined;
}
