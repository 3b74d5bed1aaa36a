import { calleeName, className, functionName, keyName, type FunctionNode } from '../core/ast.js';
import type { AnalysisContext } from '../core/context.js';
import { handlerInfo } from './handlers.js';
import { EFFECT_HOOKS } from '../knowledge/lifecycle.js';

/** `useEffect(fn)` / `React.useEffect(fn)`: the hook name when `fn` is an effect callback. */
export function effectHookOf(fn: FunctionNode): string | undefined {
  const call = fn.parent;
  if (call?.type !== 'CallExpression' || call.arguments[0] !== fn) return undefined;
  const name = calleeName(call.callee);
  return name !== undefined && EFFECT_HOOKS.has(name) ? name : undefined;
}

/**
 * How a message names the function that contains the reported code:
 * "method `start` of class `Poller`", "the constructor of class `Poller`", "function `connect`",
 * "a useEffect callback", "the GET route handler", "a callback passed to `then`".
 */
export function describeFunction(ctx: AnalysisContext, fn: FunctionNode): string {
  const parent = fn.parent;
  if ((parent?.type === 'MethodDefinition' || parent?.type === 'PropertyDefinition') && parent.value === fn) {
    const cls = className(parent.parent);
    const ofClass = cls ? ` of class \`${cls}\`` : '';
    if (parent.type === 'MethodDefinition' && parent.kind === 'constructor') return `the constructor${ofClass}`;
    const name = keyName(parent.key, parent.computed);
    return name ? `method \`${name}\`${ofClass}` : `a method${ofClass}`;
  }
  const hook = effectHookOf(fn);
  if (hook) return `a ${hook} callback`;
  const handler = handlerInfo(ctx, fn);
  if (handler) return `the ${handler.description}`;
  const name = functionName(fn);
  if (name) return parent?.type === 'Property' ? `method \`${name}\`` : `function \`${name}\``;
  if (parent?.type === 'CallExpression' && parent.callee !== fn) {
    const registrar = calleeName(parent.callee);
    if (registrar) return `a callback passed to \`${registrar}\``;
  }
  return 'an anonymous function';
}
