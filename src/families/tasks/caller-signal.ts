import type { TSESTree } from '@typescript-eslint/utils';
import { resolveIdentifier, type AnalysisContext } from '../../core/context.js';
import { propertyKeyName } from '../../core/ast.js';
import { staticPropertyName, unwrapExpression } from '../../core/imports.js';
import { CALLER_SIGNAL_NAME } from '../../knowledge/events.js';

/*
 * An AbortSignal the caller hands in. A function that takes one is an operation its caller runs
 * again and again, and the caller decides how long the signal lives: often one per server,
 * session or batch. An 'abort' listener added per call stays on it until it aborts, maybe never.
 */

/**
 * Whether `expression` is the caller's signal: a parameter named like one (`signal`,
 * `({ signal })`), a parameter's property (`options.signal`, `init?.signal`), or a local taken
 * from one (`const { signal } = init || {}`, `const signal = opts.signal`).
 */
export function isCallerSignal(ctx: AnalysisContext, expression: TSESTree.Node): boolean {
  const node = unwrapExpression(expression);
  if (node.type === 'MemberExpression') {
    const name = staticPropertyName(node);
    return name !== undefined && CALLER_SIGNAL_NAME.test(name) && isParameterValue(ctx, node.object);
  }
  if (node.type !== 'Identifier' || !CALLER_SIGNAL_NAME.test(node.name)) return false;
  const variable = resolveIdentifier(ctx, node);
  const def = variable?.defs.length === 1 ? variable.defs[0] : undefined;
  if (def?.type === 'Parameter') return true;
  if (def?.type !== 'Variable' || def.node.parent.kind !== 'const' || !def.node.init) return false;
  const { id, init } = def.node;
  // `const signal = opts.signal`
  if (id.type === 'Identifier') return isCallerSignal(ctx, init);
  // `const { signal } = init || {}`: the property itself, not one nested deeper.
  return (
    id.type === 'ObjectPattern' &&
    id.properties.some(
      (p) =>
        p.type === 'Property' &&
        unwrapDefault(p.value) === def.name &&
        CALLER_SIGNAL_NAME.test(propertyKeyName(p) ?? ''),
    ) &&
    isParameterValue(ctx, init)
  );
}

/** A parameter, read as is or with a fallback (`init || {}`, `opts ?? {}`). */
export function isParameterValue(ctx: AnalysisContext, expression: TSESTree.Node): boolean {
  let node = unwrapExpression(expression);
  if (node.type === 'LogicalExpression' && node.operator !== '&&') node = unwrapExpression(node.left);
  if (node.type !== 'Identifier') return false;
  const variable = resolveIdentifier(ctx, node);
  return variable?.defs.length === 1 && variable.defs[0]!.type === 'Parameter';
}

/** `{ signal = undefined }`: the binding inside a default. */
function unwrapDefault(node: TSESTree.Node): TSESTree.Node {
  return node.type === 'AssignmentPattern' ? node.left : node;
}

/** The parameter a caller's signal is read from: its node, its position, and the property named as a signal it is, if any. */
export interface CallerSignalParameter {
  readonly param: TSESTree.Parameter;
  readonly index: number;
  readonly member: string | undefined;
}

/**
 * Where the caller's signal `expression` (one isCallerSignal accepts) is read from: parameter
 * `signal` itself, or a property named as a signal of a parameter (`options.signal`,
 * `options.abortSignal`, `({ signal })`, `const { signal } = options`). Undefined for shapes the project index cannot follow.
 */
export function callerSignalParameter(
  ctx: AnalysisContext,
  expression: TSESTree.Node,
): CallerSignalParameter | undefined {
  const node = unwrapExpression(expression);
  if (node.type === 'MemberExpression') {
    const name = staticPropertyName(node);
    return name !== undefined && CALLER_SIGNAL_NAME.test(name) ? plainParameter(ctx, node.object, name) : undefined;
  }
  if (node.type !== 'Identifier') return undefined;
  const variable = resolveIdentifier(ctx, node);
  const def = variable?.defs.length === 1 ? variable.defs[0] : undefined;
  if (def?.type === 'Parameter') {
    const fn = def.node as { params?: TSESTree.Parameter[] };
    const index = fn.params?.findIndex((p) => p.range[0] <= def.name.range[0] && def.name.range[1] <= p.range[1]) ?? -1;
    const param = index >= 0 ? fn.params![index]! : undefined;
    const pattern = param?.type === 'AssignmentPattern' ? param.left : param;
    if (!param || !pattern) return undefined;
    if (pattern === def.name) return { param, index, member: undefined };
    const member = pattern.type === 'ObjectPattern' ? signalPropertyBinding(pattern, def.name) : undefined;
    return member === undefined ? undefined : { param, index, member };
  }
  if (def?.type !== 'Variable' || def.node.parent.kind !== 'const' || !def.node.init) return undefined;
  const { id, init } = def.node;
  if (id.type === 'Identifier') return callerSignalParameter(ctx, init);
  const member = id.type === 'ObjectPattern' ? signalPropertyBinding(id, def.name) : undefined;
  return member === undefined ? undefined : plainParameter(ctx, init, member);
}

/** The property named as a signal (`signal`, `abortSignal`) that a destructuring binds to `name`. */
function signalPropertyBinding(pattern: TSESTree.ObjectPattern, name: TSESTree.Node): string | undefined {
  for (const p of pattern.properties) {
    if (p.type !== 'Property') continue;
    const key = propertyKeyName(p);
    if (key !== undefined && CALLER_SIGNAL_NAME.test(key) && unwrapDefault(p.value) === name) return key;
  }
  return undefined;
}

/** A parameter declared as a plain name (`options`, not destructured), read as is. */
function plainParameter(
  ctx: AnalysisContext,
  expression: TSESTree.Node,
  member: string,
): CallerSignalParameter | undefined {
  const position = plainParameterPosition(ctx, expression);
  return position && { param: position.param, index: position.index, member };
}

/**
 * The function, parameter and position that `expression` names when it is a parameter declared as
 * a plain name (`options`, `options = {}`; not destructured), read as is.
 */
export function plainParameterPosition(
  ctx: AnalysisContext,
  expression: TSESTree.Node,
): { fn: TSESTree.Node; param: TSESTree.Parameter; index: number } | undefined {
  const node = unwrapExpression(expression);
  if (node.type !== 'Identifier') return undefined;
  const variable = resolveIdentifier(ctx, node);
  const def = variable?.defs.length === 1 ? variable.defs[0] : undefined;
  if (def?.type !== 'Parameter') return undefined;
  const params = (def.node as { params?: TSESTree.Parameter[] }).params ?? [];
  const index = params.findIndex((p) => (p.type === 'AssignmentPattern' ? p.left : p) === def.name);
  return index >= 0 ? { fn: def.node, param: params[index]!, index } : undefined;
}
