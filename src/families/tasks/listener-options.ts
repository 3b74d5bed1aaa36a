import type { TSESTree } from '@typescript-eslint/utils';
import type { AnalysisContext } from '../../core/context.js';
import { objectLiteralOf, propertyKeyName } from '../../core/ast.js';
import { staticPropertyName, unwrapExpression } from '../../core/imports.js';

/*
 * What the options argument of addEventListener/removeEventListener (or an emitter's `on`) says,
 * read from an object literal written there or held by a const: whether it removes the listener
 * itself (`{ once: true }`, `{ signal }`) and which capture flag a removal has to match.
 */

/**
 * What addEventListener's third argument does: 'removes' for `{ once: true }` or `{ signal }`,
 * 'none' for nothing or a capture flag, 'unknown' for options this file cannot see (given the
 * benefit of the doubt).
 */
export function eventTargetOptions(
  ctx: AnalysisContext,
  node: TSESTree.Node | undefined,
): 'removes' | 'none' | 'unknown' {
  if (!node) return 'none';
  const options = objectLiteralOf(ctx, node);
  if (!options) {
    const value = unwrapExpression(node);
    return value.type === 'Literal' && typeof value.value === 'boolean' ? 'none' : 'unknown';
  }
  for (const property of options.properties) {
    if (property.type === 'SpreadElement') return 'unknown';
    const name = propertyKeyName(property);
    if (name === 'signal') return 'removes';
    if (name === 'once') {
      const value = unwrapExpression(property.value);
      if (value.type !== 'Literal') return 'unknown';
      if (value.value === true) return 'removes';
    }
  }
  return 'none';
}

/**
 * The capture flag of addEventListener's or removeEventListener's third argument: nothing is
 * false, then `true`/`false` or `{ capture }` (also through a const object, `options.capture`
 * included). Undefined when this file cannot tell: a removal with an unknown flag is given the
 * benefit of the doubt. Passive, once and signal do not take part in matching a removal.
 */
export function captureOf(ctx: AnalysisContext, node: TSESTree.Node | undefined): boolean | undefined {
  if (!node) return false;
  const value = unwrapExpression(node);
  if (value.type === 'Literal') return typeof value.value === 'boolean' ? value.value : undefined;
  const options = objectLiteralOf(ctx, value);
  if (!options) return undefined;
  const capture = propertyOf(options, 'capture');
  return capture === 'unknown' ? undefined : capture === undefined ? false : booleanOf(ctx, capture);
}

/** `true`, `false`, or `options.capture` where `options` is a const object literal holding one. */
function booleanOf(ctx: AnalysisContext, node: TSESTree.Node): boolean | undefined {
  const value = unwrapExpression(node);
  if (value.type === 'Literal') return typeof value.value === 'boolean' ? value.value : undefined;
  if (value.type !== 'MemberExpression') return undefined;
  const name = staticPropertyName(value);
  const holder = name === undefined ? undefined : objectLiteralOf(ctx, value.object);
  const inner = holder ? propertyOf(holder, name!) : undefined;
  return inner === undefined || inner === 'unknown' || unwrapExpression(inner).type === 'MemberExpression'
    ? undefined
    : booleanOf(ctx, inner);
}

/** The value of an object literal's property, undefined when it has none, 'unknown' when a spread may hold it. */
function propertyOf(object: TSESTree.ObjectExpression, name: string): TSESTree.Node | 'unknown' | undefined {
  let found: TSESTree.Node | 'unknown' | undefined;
  for (const property of object.properties) {
    if (property.type === 'SpreadElement') found = 'unknown';
    else if (propertyKeyName(property) === name) found = property.value;
  }
  return found;
}

export function hasSignalProperty(ctx: AnalysisContext, node: TSESTree.Node): boolean {
  const options = objectLiteralOf(ctx, node);
  return (
    options?.properties.some(
      (p) => p.type === 'Property' && !p.computed && p.key.type === 'Identifier' && p.key.name === 'signal',
    ) ?? false
  );
}

/** addEventListener's `{ once: true }` (written there or held by a const): the listener goes after its first event. */
export function addsOnce(ctx: AnalysisContext, node: TSESTree.Node | undefined): boolean {
  const options = node ? objectLiteralOf(ctx, node) : undefined;
  const once = options ? propertyOf(options, 'once') : undefined;
  return once !== undefined && once !== 'unknown' && booleanOf(ctx, once) === true;
}
