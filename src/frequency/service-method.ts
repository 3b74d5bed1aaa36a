import type { TSESTree } from '@typescript-eslint/utils';
import { calleeName, enclosingFunction, keyName, someDescendant, thisMemberName } from '../core/ast.js';
import { unwrapExpression } from '../core/imports.js';
import type { AnalysisContext } from '../core/context.js';
import { END_EVENTS, END_REGISTRATION_METHOD, FRAMEWORK_LIFECYCLE_HOOKS } from '../knowledge/lifecycle.js';
import { describeFunction } from './describe-function.js';
import { frequencyModelOf } from './frequency-of.js';
import { isInstanceLifecycleMethod, longLivedInstancesOf } from './instance-lifecycle.js';
import type { HandlerInfo } from './handlers.js';

/**
 * The method `node` runs in, when that method belongs to a class whose instance lives as long as
 * the process (`longLivedInstancesOf`: a module's one instance, a NestJS or other DI singleton, a
 * static `getInstance()`) and nothing else says how often it runs: such a service exists to be
 * called again and again (a mail service's `send()`, a repository's `find()`, a publisher's
 * `emit()`), so what it builds or starts, it builds or starts per call. Not its constructor, its
 * set-up methods (`init…`, `connect…`) or the framework's start-up and shutdown hooks, which run
 * about once per instance, nor a method the class hands to a registration of the end of its
 * window or process (`AppEnv.onBeforeUnload(this._onBeforeUnload)`, set 34); not static methods. Judged as a handler's body (per call).
 *
 * The project index's answer refines this reading, never drops it for want of knowledge: callers
 * in other files that repeat (a route of a controller the service is injected into) confirm it,
 * and the message names their chain instead; callers that run once or per instance (start-up, a
 * lifecycle hook) replace it; no callers (`unknown`) leave it as it is.
 */
export function serviceMethodOf(ctx: AnalysisContext, node: TSESTree.Node): HandlerInfo | undefined {
  const fn = enclosingFunction(node);
  const answer = frequencyModelOf(ctx).of(node);
  const confirmedAcrossFiles = answer.crossFile === true && answer.kind === 'repeats';
  if (!fn || (answer.kind !== 'unknown' && !confirmedAcrossFiles)) return undefined;
  const member = fn.parent;
  const isMethod =
    (member?.type === 'MethodDefinition' && member.kind === 'method' && member.value === fn) ||
    (member?.type === 'PropertyDefinition' && member.value === fn);
  if (!isMethod || member.static || isInstanceLifecycleMethod(fn)) return undefined;
  if (FRAMEWORK_LIFECYCLE_HOOKS.has(keyName(member.key, member.computed) ?? '')) return undefined;
  const cls = member.parent.parent;
  if (cls.type !== 'ClassDeclaration' && cls.type !== 'ClassExpression') return undefined;
  const name = keyName(member.key, member.computed);
  if (name !== undefined && registeredForTheEnd(member.parent, name)) return undefined;
  // A NestJS TRANSIENT provider too: one per class it is injected into, each called again and again.
  const lifetime = longLivedInstancesOf(ctx, cls, { perInjection: true });
  if (!lifetime) return undefined;
  const why = confirmedAcrossFiles ? answer.evidence : `a method of ${lifetime.evidence}, called again and again`;
  const per = answer.repeatKind === 'message' || answer.repeatKind === 'job' ? answer.repeatKind : 'request';
  return { fn, description: `${describeFunction(ctx, fn)} (${why})`, nodeHttp: false, per };
}

/**
 * The class hands `this.<name>` (also bound) to a registration of the end of its window or
 * process: `onBeforeUnload(this.flush)`, `addEventListener('beforeunload', this.flush)`.
 */
function registeredForTheEnd(body: TSESTree.ClassBody, name: string): boolean {
  return someDescendant(body, (node) => {
    if (node.type !== 'CallExpression') return false;
    const method = calleeName(node.callee);
    const first = node.arguments[0];
    const event = first?.type === 'Literal' && typeof first.value === 'string' ? first.value : undefined;
    const ends =
      (method !== undefined && END_REGISTRATION_METHOD.test(method)) ||
      ((method === 'addEventListener' || method === 'on' || method === 'once') &&
        event !== undefined &&
        END_EVENTS.has(event));
    return (
      ends &&
      node.arguments.some((arg) => {
        let value = unwrapExpression(arg as TSESTree.Expression);
        // `this.flush.bind(this)`
        if (value.type === 'CallExpression' && value.callee.type === 'MemberExpression')
          value = unwrapExpression(value.callee.object);
        return value.type === 'MemberExpression' && thisMemberName(value) === name;
      })
    );
  });
}
