import type { TSESTree } from '@typescript-eslint/utils';
import { resolveIdentifier, type AnalysisContext, type Variable } from '../../core/context.js';
import { resolveImportedValue, staticPropertyName } from '../../core/imports.js';
import { isFunctionNode, within } from '../../core/ast.js';
import { forEachDescendant, shortText } from '../../core/ast.js';
import { isValueWrapper, outermostWrapperOf } from '../../core/imports.js';
import { REQUEST_CONTEXT_METHODS, REQUEST_CONTEXT_MODULES } from '../../knowledge/request-context.js';

/*
 * Whether what a client is built from is the same on every call, beyond its arguments' own
 * names: a configuration object an admin route reloads in place, a field another method assigns,
 * a value read from the request's context, a global SDK configuration changed before each
 * construction (aws-sdk v2's AWS.config.update). Memoizing the client would keep the first
 * call's settings for every later one.
 */

/** A call that reads the current request's context: `als.getStore()`, `requestContext.get('tenant')`. */
export function isRequestContextCall(ctx: AnalysisContext, call: TSESTree.CallExpression): boolean {
  const callee = call.callee;
  if (callee.type === 'MemberExpression' && REQUEST_CONTEXT_METHODS.has(staticPropertyName(callee) ?? '')) return true;
  const imported =
    resolveImportedValue(ctx, callee.type === 'MemberExpression' ? callee.object : callee) ??
    resolveImportedValue(ctx, callee);
  return imported !== undefined && REQUEST_CONTEXT_MODULES.has(imported.source);
}

/**
 * A module-level object the construction reads whose contents the file changes after load
 * (`config.db = …`, `Object.assign(config, …)`, `delete config.x`), at the change: a client built
 * once would keep the settings it was first built with.
 */
export function mutatedModuleObjectIn(
  ctx: AnalysisContext,
  construction: TSESTree.Node,
  variable: Variable,
): TSESTree.Node | undefined {
  return objectKeyChangedOutside(construction, variable);
}

/**
 * Whether code outside the construction changes what `variable`'s object holds under `key`: a
 * change made through another of its members (`options.tls.rejectUnauthorized = false`,
 * `options.tls = {}`) leaves `key` as declared (set 33: hackathon-starter's retry relaxes `tls`
 * and builds another transport, still without `pool`). A change through a computed member or
 * `Object.assign` into the object itself may set any key. Without `key`, any change counts.
 */
export function objectKeyChangedOutside(
  construction: TSESTree.Node,
  variable: Variable,
  key?: string,
): TSESTree.Node | undefined {
  for (const ref of variable.references) {
    if (within(construction, ref.identifier)) continue;
    const change = changeThrough(ref.identifier);
    if (!change) continue;
    if (key === undefined) return change;
    const holder = outermostWrapperOf(ref.identifier);
    const member =
      holder.parent?.type === 'MemberExpression' && holder.parent.object === holder ? holder.parent : undefined;
    const name = member && staticPropertyName(member);
    if (name === undefined || name === key) return change;
  }
  return undefined;
}

/** A write into the object `identifier` names: a member assignment, delete or update, or Object.assign into it or one of its members. */
function changeThrough(identifier: TSESTree.Node): TSESTree.Node | undefined {
  let current: TSESTree.Node = identifier;
  while (
    current.parent &&
    (isValueWrapper(current.parent) ||
      (current.parent.type === 'MemberExpression' && current.parent.object === current))
  )
    current = current.parent;
  const parent = current.parent;
  if (parent?.type === 'CallExpression' && parent.arguments[0] === current && isObjectAssign(parent.callee))
    return parent;
  if (current === identifier) return undefined;
  if (parent?.type === 'AssignmentExpression' && parent.left === current) return parent;
  if (parent?.type === 'UpdateExpression' || (parent?.type === 'UnaryExpression' && parent.operator === 'delete'))
    return parent;
  return undefined;
}

/** `Object.assign`, by name. */
function isObjectAssign(callee: TSESTree.Node): boolean {
  return (
    callee.type === 'MemberExpression' &&
    callee.object.type === 'Identifier' &&
    callee.object.name === 'Object' &&
    staticPropertyName(callee) === 'assign'
  );
}

/**
 * `this.x` fields the construction reads that a method other than the constructor assigns, by
 * name with the assignment: a client kept in a field would go on using the old value.
 */
export function reassignedFieldIn(
  construction: TSESTree.Node,
  classBody: TSESTree.ClassBody,
): { field: string; at: TSESTree.Node } | undefined {
  const read = new Set<string>();
  forEachDescendant(construction, (node) => {
    if (node.type === 'MemberExpression' && node.object.type === 'ThisExpression' && !node.computed)
      read.add(fieldName(node));
    return !(isFunctionNode(node) && node.type !== 'ArrowFunctionExpression');
  });
  if (read.size === 0) return undefined;
  for (const member of classBody.body) {
    if (member.type !== 'MethodDefinition' || member.kind === 'constructor' || !member.value.body) continue;
    let found: { field: string; at: TSESTree.Node } | undefined;
    forEachDescendant(member.value.body, (node) => {
      if (found) return false;
      const target =
        node.type === 'AssignmentExpression' ? node.left : node.type === 'UpdateExpression' ? node.argument : undefined;
      if (
        target?.type === 'MemberExpression' &&
        target.object.type === 'ThisExpression' &&
        !target.computed &&
        read.has(fieldName(target))
      )
        found = { field: fieldName(target), at: node };
      return !(isFunctionNode(node) && node.type !== 'ArrowFunctionExpression');
    });
    if (found) return found;
  }
  return undefined;
}

function fieldName(member: TSESTree.MemberExpression): string {
  return member.property.type === 'PrivateIdentifier'
    ? `#${member.property.name}`
    : (member.property as TSESTree.Identifier).name;
}

/**
 * A change, inside `region`, of the global configuration of the namespace the client is built
 * from (`AWS.config.update({ region })` before `new AWS.S3()`): the constructor reads it, so
 * its arguments alone do not say what the client is built with.
 */
export function globalConfigChangeIn(
  ctx: AnalysisContext,
  construction: TSESTree.NewExpression | TSESTree.CallExpression,
  region: TSESTree.Node,
): string | undefined {
  let root: TSESTree.Node = construction.callee;
  while (root.type === 'MemberExpression') root = root.object;
  if (root.type !== 'Identifier' || root === construction.callee) return undefined;
  const namespace = resolveIdentifier(ctx, root);
  if (!namespace) return undefined;
  let found: string | undefined;
  forEachDescendant(region, (node) => {
    if (found) return false;
    const target =
      node.type === 'AssignmentExpression'
        ? node.left
        : node.type === 'CallExpression' && node !== construction && node.callee.type === 'MemberExpression'
          ? node.callee.object
          : undefined;
    if (target?.type === 'MemberExpression') {
      let base: TSESTree.Node = target;
      while (base.type === 'MemberExpression') base = base.object;
      if (base.type === 'Identifier' && resolveIdentifier(ctx, base) === namespace) found = shortText(ctx, node, 60);
    }
    return undefined;
  });
  return found;
}
