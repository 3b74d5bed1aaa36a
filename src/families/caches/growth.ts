import type { TSESTree } from '@typescript-eslint/utils';
import { resolveIdentifier, type AnalysisContext, type Variable } from '../../core/context.js';
import { staticPropertyName, unwrapExpression } from '../../core/imports.js';
import type { CollectionUse } from './uses.js';
import type { CollectionKind } from './findings.js';

/* Which uses of a collection add entries, which remove or cap them, and what a write stores. */

/** Operations that add an entry, by kind, with the key they add under (undefined: always a new entry). */
export function growthKey(
  kind: CollectionKind,
  use: CollectionUse,
): { grows: boolean; key?: TSESTree.Node; keys?: TSESTree.Node } {
  switch (use.op) {
    case 'call':
      if (kind === 'Map' && use.method === 'set') return { grows: true, key: use.node.arguments[0] };
      if (kind === 'Set' && use.method === 'add') return { grows: true, key: use.node.arguments[0] };
      if (kind === 'array' && (use.method === 'push' || use.method === 'unshift'))
        return { grows: use.node.arguments.length > 0 };
      return { grows: false };
    case 'write':
    case 'update':
      // Index writes into an array update slots in place; only push/unshift make a buffer grow.
      return kind === 'object' && use.key ? { grows: true, key: use.key } : { grows: false };
    case 'builtin':
      if (kind !== 'object' || use.argument !== 0) return { grows: false };
      if (use.name === 'Object.assign') return { grows: use.node.arguments.length > 1, keys: use.node.arguments[1] };
      if (use.name === 'Reflect.set' || use.name === 'Object.defineProperty')
        return { grows: true, key: use.node.arguments[1] };
      return { grows: false };
    default:
      return { grows: false };
  }
}

/** Operations that remove entries or cap growth: any one of them anywhere counts as eviction. */
export function shrinks(kind: CollectionKind, use: CollectionUse): boolean {
  switch (use.op) {
    case 'call':
      if (kind === 'Map' || kind === 'Set') return use.method === 'delete' || use.method === 'clear';
      if (kind === 'array') return use.method === 'pop' || use.method === 'shift' || use.method === 'splice';
      return false;
    case 'write':
      return kind === 'array' && use.property === 'length';
    case 'delete':
    case 'reassign':
      return true;
    case 'builtin':
      return use.name === 'Reflect.deleteProperty' && use.argument === 0;
    default:
      return false;
  }
}

/** `c.size`, `c.length` or `Object.keys(c).length` compared in a condition: the writes are capped. */
export function isSizeGuard(kind: CollectionKind, use: CollectionUse): boolean {
  let measure: TSESTree.Node | undefined;
  if (use.op === 'read' && use.property === (kind === 'Map' || kind === 'Set' ? 'size' : 'length')) measure = use.node;
  if (use.op === 'builtin' && ['Object.keys', 'Object.values', 'Object.entries'].includes(use.name)) {
    const member = use.node.parent;
    if (member?.type === 'MemberExpression' && member.object === use.node && staticPropertyName(member) === 'length')
      measure = member;
  }
  const comparison = measure?.parent;
  if (comparison?.type !== 'BinaryExpression') return false;
  const other = comparison.left === measure ? comparison.right : comparison.left;
  const relational = ['<', '<=', '>', '>='].includes(comparison.operator);
  const equality =
    ['===', '==', '!==', '!='].includes(comparison.operator) && !(other.type === 'Literal' && other.value === 0);
  if (!relational && !equality) return false;
  // Only a condition that decides what runs: if/?:/&&/|| tests, not a for loop's bound.
  let condition: TSESTree.Node = comparison;
  while (
    condition.parent?.type === 'LogicalExpression' ||
    (condition.parent?.type === 'UnaryExpression' && condition.parent.operator === '!')
  )
    condition = condition.parent;
  const holder = condition.parent;
  return (
    (holder?.type === 'IfStatement' && holder.test === condition) ||
    (holder?.type === 'ConditionalExpression' && holder.test === condition) ||
    (holder?.type === 'WhileStatement' && holder.test === condition) ||
    comparison.parent?.type === 'LogicalExpression'
  );
}

/**
 * `c[k]++`, `c[k] -= n`: arithmetic on an entry that must exist already (on a missing key it stores
 * NaN or "undefined…"). When another write creates the entries, that write is the one judged.
 */
export function changesExistingEntry(use: CollectionUse): boolean {
  if (use.op !== 'update') return false;
  return use.node.type === 'UpdateExpression' || !['??=', '||=', '&&='].includes(use.node.operator);
}

/** The value a write stores: `m.set(k, value)`, `o[k] = value`, `o[k] ??= value`. */
export function storedValue(use: CollectionUse): TSESTree.Node | undefined {
  if (use.op === 'call') return use.method === 'set' ? use.node.arguments[1] : undefined;
  if (use.op === 'write') return use.node.right;
  if (use.op === 'update') return use.node.type === 'AssignmentExpression' ? use.node.right : undefined;
  return undefined;
}

/** The variable a key that is a plain name refers to: `cache.set(name, …)` gives `name`'s binding. */
export function keyVariableOf(ctx: AnalysisContext, key: TSESTree.Node): Variable | undefined {
  const keyId = unwrapExpression(key);
  return keyId.type === 'Identifier' ? resolveIdentifier(ctx, keyId) : undefined;
}

/**
 * Whether every value a write can store passes `test`: the value itself, or every value assigned
 * to the local variable it names, an initial read of the cached entry aside (`let dtf =
 * cache[key]; if (!dtf) { dtf = new Intl.DateTimeFormat(…); cache[key] = dtf; }`).
 */
export function storesOnly(ctx: AnalysisContext, use: CollectionUse, test: (value: TSESTree.Node) => boolean): boolean {
  const value = storedValue(use);
  if (!value) return false;
  const variable = keyVariableOf(ctx, value);
  if (!variable) return test(value);
  if (variable.defs.length !== 1 || variable.defs[0]!.type !== 'Variable') return false;
  const isCachedEntry = (node: TSESTree.Node): boolean => {
    const inner = unwrapExpression(node);
    return (
      inner.type === 'MemberExpression' ||
      (inner.type === 'CallExpression' &&
        inner.callee.type === 'MemberExpression' &&
        staticPropertyName(inner.callee) === 'get')
    );
  };
  const sources = variable.references.flatMap((ref) =>
    ref.isWrite() && ref.writeExpr && !(ref.init && isCachedEntry(ref.writeExpr)) ? [ref.writeExpr] : [],
  );
  return sources.length > 0 && sources.every(test);
}

/** `c.has(k)`, `list.includes(k)`, `c[k]` read, `k in c`, `Object.hasOwn(c, k)`: asks whether a key is in the collection. */
export function isMembershipTest(use: CollectionUse): boolean {
  switch (use.op) {
    case 'call':
      return use.method === 'has' || use.method === 'includes' || use.method === 'indexOf';
    case 'read':
      return use.key !== undefined;
    case 'in':
      return true;
    case 'builtin':
      return ['Object.hasOwn', 'Object.prototype.hasOwnProperty.call', 'Reflect.has'].includes(use.name);
    default:
      return false;
  }
}
