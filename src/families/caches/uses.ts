import type { TSESTree } from '@typescript-eslint/utils';
import type { AnalysisContext } from '../../core/context.js';
import { isGlobalReference, isModuleExports, staticPropertyName } from '../../core/imports.js';
import { isValueWrapper } from '../../core/imports.js';

/*
 * What one use of a collection does with it. The detector reads growth, eviction and escapes
 * from these; the bounded-cache rewrite turns each into LRUCache calls or a reason to stop. Both
 * read the same classification, so what the rule counts as a use is what the codemod rewrites.
 */

export type CollectionUse =
  /** `c.method(...args)`; `method` is undefined for a computed, non-literal name. */
  | {
      readonly op: 'call';
      readonly ref: TSESTree.Node;
      readonly node: TSESTree.CallExpression;
      readonly member: TSESTree.MemberExpression;
      readonly method: string | undefined;
    }
  /** `c[key]` or `c.name` read. */
  | {
      readonly op: 'read';
      readonly ref: TSESTree.Node;
      readonly node: TSESTree.MemberExpression;
      readonly property: string | undefined;
      readonly key: TSESTree.Node | undefined;
    }
  /** `c[key] = value` or `c.name = value`. */
  | {
      readonly op: 'write';
      readonly ref: TSESTree.Node;
      readonly node: TSESTree.AssignmentExpression;
      readonly member: TSESTree.MemberExpression;
      readonly property: string | undefined;
      readonly key: TSESTree.Node | undefined;
    }
  /** `c[key] += v`, `c[key] ??= v`, `c[key]++`. */
  | {
      readonly op: 'update';
      readonly ref: TSESTree.Node;
      readonly node: TSESTree.AssignmentExpression | TSESTree.UpdateExpression;
      readonly member: TSESTree.MemberExpression;
      readonly property: string | undefined;
      readonly key: TSESTree.Node | undefined;
    }
  /** `delete c[key]`. */
  | {
      readonly op: 'delete';
      readonly ref: TSESTree.Node;
      readonly node: TSESTree.UnaryExpression;
      readonly member: TSESTree.MemberExpression;
    }
  /** `key in c`. */
  | {
      readonly op: 'in';
      readonly ref: TSESTree.Node;
      readonly node: TSESTree.BinaryExpression;
      readonly key: TSESTree.Node;
    }
  /** A known built-in called with the collection: `Object.keys(c)`, `JSON.stringify(c)`; `argument` is its position. */
  | {
      readonly op: 'builtin';
      readonly ref: TSESTree.Node;
      readonly node: TSESTree.CallExpression;
      readonly name: string;
      readonly argument: number;
    }
  /** `for (… of c)`, `for (… in c)`, `[...c]`, `new Map(c)`. */
  | { readonly op: 'iterate'; readonly ref: TSESTree.Node; readonly node: TSESTree.Node }
  /** `{ ...c }`. */
  | { readonly op: 'spread'; readonly ref: TSESTree.Node; readonly node: TSESTree.Node }
  | { readonly op: 'instanceof'; readonly ref: TSESTree.Node; readonly node: TSESTree.BinaryExpression }
  /** Looked at without being used as a collection: `if (c)`, `!c`, `typeof c`, `` `${c}` ``, `c === x`, `c;`. */
  | { readonly op: 'inspect'; readonly ref: TSESTree.Node; readonly node: TSESTree.Node }
  /** The binding or slot itself is assigned again (`c = new Map()`, `X.cache = {}`). */
  | { readonly op: 'reassign'; readonly ref: TSESTree.Node; readonly node: TSESTree.Node }
  /** `export { c }`, `export default c`, `module.exports = c`. */
  | { readonly op: 'export'; readonly ref: TSESTree.Node; readonly node: TSESTree.Node }
  /** Handed to code this file cannot follow: passed, returned, stored elsewhere, aliased. */
  | { readonly op: 'escape'; readonly ref: TSESTree.Node; readonly node: TSESTree.Node };

/**
 * Built-ins that read or write a collection they are given and keep no reference to it, by
 * dotted name. `Object.assign` and `Reflect.set` write into their first argument; the rest read.
 */
const BUILTINS: ReadonlySet<string> = new Set([
  'Object.keys',
  'Object.values',
  'Object.entries',
  'Object.getOwnPropertyNames',
  'Object.assign',
  'Object.hasOwn',
  'Object.defineProperty',
  'Object.prototype.hasOwnProperty.call',
  'JSON.stringify',
  'Array.from',
  'Array.isArray',
  'Reflect.has',
  'Reflect.get',
  'Reflect.set',
  'Reflect.ownKeys',
  'Reflect.deleteProperty',
  'structuredClone',
  'String',
  'Boolean',
  'console.log',
  'console.info',
  'console.warn',
  'console.error',
  'console.debug',
  'console.dir',
  'console.table',
]);

const COPYING_CONSTRUCTORS = new Set(['Map', 'Set', 'Array']);
const COMPARISONS = new Set(['==', '!=', '===', '!==', '<', '<=', '>', '>=']);

/** The expression around `ref` once `x!`, `x as T` and the like are looked through. */
export function outermostValue(ref: TSESTree.Node): TSESTree.Node {
  let outer = ref;
  while (
    outer.parent &&
    isValueWrapper(outer.parent) &&
    (outer.parent as { expression?: TSESTree.Node }).expression === outer
  )
    outer = outer.parent;
  return outer;
}

/** Classifies what the code around `ref` (an expression that evaluates to the collection) does with it. */
export function classifyUse(ctx: AnalysisContext, ref: TSESTree.Node): CollectionUse {
  const outer = outermostValue(ref);
  const parent = outer.parent;
  if (!parent) return { op: 'escape', ref, node: outer };
  switch (parent.type) {
    case 'MemberExpression':
      if (parent.object === outer) return memberUse(ref, parent);
      return { op: 'inspect', ref, node: parent };
    case 'CallExpression': {
      if (parent.callee === outer) return { op: 'escape', ref, node: parent };
      const name = builtinName(ctx, parent.callee);
      const argument = parent.arguments.indexOf(outer as TSESTree.CallExpressionArgument);
      if (name !== undefined && BUILTINS.has(name)) return { op: 'builtin', ref, node: parent, name, argument };
      return { op: 'escape', ref, node: parent };
    }
    case 'NewExpression': {
      const callee = parent.callee;
      if (
        callee.type === 'Identifier' &&
        COPYING_CONSTRUCTORS.has(callee.name) &&
        isGlobalReference(ctx, callee, callee.name)
      )
        return { op: 'iterate', ref, node: parent };
      return { op: 'escape', ref, node: parent };
    }
    case 'ForOfStatement':
    case 'ForInStatement':
      return parent.right === outer ? { op: 'iterate', ref, node: parent } : { op: 'reassign', ref, node: parent };
    case 'SpreadElement':
      return parent.parent?.type === 'ObjectExpression'
        ? { op: 'spread', ref, node: parent }
        : { op: 'iterate', ref, node: parent };
    case 'YieldExpression':
      return parent.delegate ? { op: 'iterate', ref, node: parent } : { op: 'escape', ref, node: parent };
    case 'BinaryExpression':
      if (parent.operator === 'in' && parent.right === outer) return { op: 'in', ref, node: parent, key: parent.left };
      if (parent.operator === 'instanceof' && parent.left === outer) return { op: 'instanceof', ref, node: parent };
      return COMPARISONS.has(parent.operator)
        ? { op: 'inspect', ref, node: parent }
        : { op: 'escape', ref, node: parent };
    case 'UnaryExpression':
      return { op: 'inspect', ref, node: parent };
    case 'TemplateLiteral':
    case 'ExpressionStatement':
    // `typeof cache` in a type follows the collection's type wherever it goes.
    case 'TSTypeQuery':
      return { op: 'inspect', ref, node: parent };
    case 'IfStatement':
    case 'WhileStatement':
    case 'DoWhileStatement':
    case 'ForStatement':
    case 'SwitchStatement':
      return { op: 'inspect', ref, node: parent };
    case 'ConditionalExpression':
      return parent.test === outer ? { op: 'inspect', ref, node: parent } : { op: 'escape', ref, node: parent };
    case 'LogicalExpression':
      // `c && c.get(k)` only tests it; `c || other` hands it on.
      return parent.left === outer && parent.operator === '&&'
        ? { op: 'inspect', ref, node: parent }
        : { op: 'escape', ref, node: parent };
    case 'AssignmentExpression':
      if (parent.left === outer) return { op: 'reassign', ref, node: parent };
      return isModuleExportsTarget(parent.left)
        ? { op: 'export', ref, node: parent }
        : { op: 'escape', ref, node: parent };
    case 'UpdateExpression':
      return { op: 'reassign', ref, node: parent };
    case 'ExportSpecifier':
    case 'ExportDefaultDeclaration':
      return { op: 'export', ref, node: parent };
    case 'Property':
      // `module.exports = { c }` exports it; any other object literal holds it somewhere else.
      if (
        parent.value === outer &&
        parent.parent.type === 'ObjectExpression' &&
        parent.parent.parent?.type === 'AssignmentExpression' &&
        isModuleExportsTarget(parent.parent.parent.left)
      ) {
        return { op: 'export', ref, node: parent };
      }
      return { op: 'escape', ref, node: parent };
    default:
      return { op: 'escape', ref, node: parent };
  }
}

function memberUse(ref: TSESTree.Node, member: TSESTree.MemberExpression): CollectionUse {
  const property = staticPropertyName(member);
  const key = member.computed ? member.property : undefined;
  const around = outermostValue(member);
  const holder = around.parent;
  if (holder?.type === 'CallExpression' && holder.callee === around)
    return { op: 'call', ref, node: holder, member, method: property };
  if (holder?.type === 'AssignmentExpression' && holder.left === around) {
    return holder.operator === '='
      ? { op: 'write', ref, node: holder, member, property, key }
      : { op: 'update', ref, node: holder, member, property, key };
  }
  if (holder?.type === 'UpdateExpression') return { op: 'update', ref, node: holder, member, property, key };
  if (holder?.type === 'UnaryExpression' && holder.operator === 'delete')
    return { op: 'delete', ref, node: holder, member };
  return { op: 'read', ref, node: member, property, key };
}

/** `Object.keys` → 'Object.keys' when the root is the real global; `Object.prototype.hasOwnProperty.call` likewise. */
export function builtinName(ctx: AnalysisContext, callee: TSESTree.Node): string | undefined {
  const parts: string[] = [];
  let current = callee;
  while (current.type === 'MemberExpression') {
    const name = staticPropertyName(current);
    if (name === undefined) return undefined;
    parts.unshift(name);
    current = current.object;
  }
  if (current.type !== 'Identifier' || !isGlobalReference(ctx, current, current.name)) return undefined;
  return [current.name, ...parts].join('.');
}

/** `module.exports`, `module.exports.x`, `exports.x`. */
export function isModuleExportsTarget(node: TSESTree.Node): boolean {
  if (node.type !== 'MemberExpression') return false;
  let root: TSESTree.Node = node;
  while (root.type === 'MemberExpression') {
    if (isModuleExports(root)) return true;
    root = root.object;
  }
  return root.type === 'Identifier' && root.name === 'exports';
}
