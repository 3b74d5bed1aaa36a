import type { TSESTree } from '@typescript-eslint/utils';
import { resolveIdentifier, type AnalysisContext, type Variable } from './context.js';
import { staticPropertyName, unwrapExpression } from './imports.js';

/** Array methods whose callback's first parameter is each element of the array, in turn. */
const ELEMENT_CALLBACK_METHODS = new Set(['forEach', 'map']);

/**
 * Where a binding reads from each element of a list: the list, the path into the element (`''`,
 * `[1]`, `.type`), and whether it walks the list's elements or, in `for…in`, its keys.
 */
export interface LoopElement {
  readonly list: TSESTree.Expression;
  readonly path: string;
  readonly walks: 'elements' | 'keys';
}

/**
 * A binding that holds each element of a list in turn, or a part of it: `x`, `[event, handler]` or
 * `{ type }` in `for (const … of list)` (or `let`) and in the first parameter of
 * `list.forEach((…) => …)` or `list.map(…)`; or each key of an object, `name` in
 * `for (const name in map)`. Two such bindings with the same list, path and walk hold the same
 * values whatever they are called. Undefined for anything else, and for a binding the loop body
 * reassigns.
 */
export function loopElementOf(variable: Variable): LoopElement | undefined {
  if (variable.defs.length !== 1) return undefined;
  const def = variable.defs[0]!;
  const name = def.name as TSESTree.Identifier;
  if (variable.references.some((ref) => ref.isWrite() && ref.identifier !== name)) return undefined;
  if (def.type === 'Variable') {
    const declaration = def.node.parent;
    const loop = declaration.parent;
    if (loop?.type === 'ForInStatement' && loop.left === declaration && def.node.id === name)
      return { list: loop.right, path: '', walks: 'keys' };
    if (loop?.type !== 'ForOfStatement' || loop.left !== declaration || loop.await) return undefined;
    const path = pathTo(def.node.id, name);
    return path === undefined ? undefined : { list: loop.right, path, walks: 'elements' };
  }
  if (def.type === 'Parameter') {
    const fn = def.node;
    const call = fn.parent;
    const first = fn.params[0];
    if (!first || call?.type !== 'CallExpression' || call.arguments[0] !== fn) return undefined;
    const callee = unwrapExpression(call.callee);
    if (callee.type !== 'MemberExpression' || !ELEMENT_CALLBACK_METHODS.has(staticPropertyName(callee) ?? ''))
      return undefined;
    const path = pathTo(first, name);
    return path === undefined ? undefined : { list: callee.object, path, walks: 'elements' };
  }
  return undefined;
}

/** The path from a binding pattern down to `name`: `''` for the pattern itself, `[1]`, `.type`, `[0].id`. */
function pathTo(pattern: TSESTree.Node, name: TSESTree.Identifier): string | undefined {
  if (pattern === name) return '';
  switch (pattern.type) {
    case 'AssignmentPattern':
      return pathTo(pattern.left, name);
    case 'ArrayPattern':
      for (const [index, element] of pattern.elements.entries()) {
        const rest = element && element.type !== 'RestElement' ? pathTo(element, name) : undefined;
        if (rest !== undefined) return `[${index}]${rest}`;
      }
      return undefined;
    case 'ObjectPattern':
      for (const property of pattern.properties) {
        if (property.type !== 'Property' || property.computed) continue;
        const key =
          property.key.type === 'Identifier'
            ? property.key.name
            : property.key.type === 'Literal'
              ? String(property.key.value)
              : undefined;
        const rest = key === undefined ? undefined : pathTo(property.value, name);
        if (rest !== undefined) return `.${key}${rest}`;
      }
      return undefined;
    default:
      return undefined;
  }
}

/**
 * The names a member access may read: its static name (`this.timer`), or each string of a literal
 * list its computed key walks (`for (const name of ['a', 'b'] as const) clearInterval(this[name])`).
 * Empty when the file does not show them.
 */
export function memberNamesOf(ctx: AnalysisContext, member: TSESTree.MemberExpression): string[] {
  const name = staticPropertyName(member);
  if (name !== undefined) return [name];
  const key = member.computed ? member.property : undefined;
  const variable = key?.type === 'Identifier' ? resolveIdentifier(ctx, key) : undefined;
  const element = variable ? loopElementOf(variable) : undefined;
  const list = element?.path === '' && element.walks === 'elements' ? unwrapExpression(element.list) : undefined;
  if (list?.type !== 'ArrayExpression') return [];
  const names = list.elements.map((item) =>
    item?.type === 'Literal' && typeof item.value === 'string' ? item.value : undefined,
  );
  return names.every((item) => item !== undefined) ? (names as string[]) : [];
}
