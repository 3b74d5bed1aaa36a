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
function isParameterValue(ctx: AnalysisContext, expression: TSESTree.Node): boolean {
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
