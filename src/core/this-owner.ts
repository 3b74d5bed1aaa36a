import type { TSESTree } from '@typescript-eslint/utils';

/*
 * Which object `this` is at a place. Its own module, with no imports of ours, so that both ast.ts
 * and imports.ts (which ast.ts imports) can read it.
 */

/** The object `this` means at a place: a class's instances (or the class itself when static), or an object literal. */
export interface ThisOwner {
  readonly body: TSESTree.ClassBody | TSESTree.ObjectExpression;
  readonly isStatic: boolean;
}

/**
 * Which object `this` is at `node`: arrow functions see through to their surroundings; a method,
 * constructor, field initializer or static block of a class, or a method of an object literal,
 * gives that class or object. A plain function's `this` depends on its caller: undefined.
 */
export function thisOwnerOf(node: TSESTree.Node): ThisOwner | undefined {
  for (let child = node, current = node.parent; current; child = current, current = current.parent) {
    if (current.type === 'ArrowFunctionExpression') continue;
    if (current.type === 'FunctionExpression' || current.type === 'FunctionDeclaration') {
      const holder = current.parent;
      if (holder?.type === 'MethodDefinition' && holder.value === current)
        return { body: holder.parent, isStatic: holder.static };
      if (holder?.type === 'Property' && holder.value === current && holder.parent.type === 'ObjectExpression')
        return { body: holder.parent, isStatic: false };
      return undefined;
    }
    if (current.type === 'PropertyDefinition' && current.value === child)
      return { body: current.parent, isStatic: current.static };
    if (current.type === 'StaticBlock') return { body: current.parent, isStatic: true };
    if (current.type === 'Program') return undefined;
  }
  return undefined;
}

export function sameThisOwner(a: ThisOwner | undefined, b: ThisOwner | undefined): boolean {
  return a !== undefined && b !== undefined && a.body === b.body && a.isStatic === b.isStatic;
}
