import type { TSESTree } from '@typescript-eslint/utils';
import { visitorKeys } from '@typescript-eslint/visitor-keys';
import { isNode } from './ast.js';
import { valueKeysOf } from './value-keys.js';

/**
 * Whether `check` holds for every child of `node`, in source order, stopping at the first that
 * fails. Types are not looked into (TYPE_KEYS): no await, throw, return or declaration is in one.
 * Reads no `parent` links, so the project index can walk oxc-parser's ESTree nodes with it too.
 */
export function everyValueChild(node: TSESTree.Node, check: (child: TSESTree.Node) => boolean): boolean {
  for (const key of valueKeysOf(visitorKeys as Record<string, readonly string[] | undefined>, node.type)) {
    const value = (node as unknown as Record<string, unknown>)[key];
    if (Array.isArray(value)) {
      for (const item of value) if (isNode(item) && !check(item)) return false;
    } else if (isNode(value) && !check(value)) return false;
  }
  return true;
}
