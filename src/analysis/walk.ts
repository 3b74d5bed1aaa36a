import type { TSESTree } from '@typescript-eslint/utils';
import { visitorKeys } from '@typescript-eslint/visitor-keys';
import type { DetectorVisitors } from './detector.js';

type Listener = (node: TSESTree.Node) => void;

/**
 * Sets `parent` on every node, then dispatches enter/exit listeners in source order, the way
 * ESLint does: every parent pointer exists before the first listener runs.
 */
export function walkProgram(ast: TSESTree.Program, visitors: readonly DetectorVisitors[]): void {
  const events: { node: TSESTree.Node; exit: boolean }[] = [];
  const visit = (node: TSESTree.Node, parent: TSESTree.Node | undefined): void => {
    (node as { parent?: TSESTree.Node }).parent = parent;
    events.push({ node, exit: false });
    const keys = visitorKeys[node.type] ?? [];
    for (const key of keys) {
      const child = (node as unknown as Record<string, unknown>)[key];
      if (Array.isArray(child)) {
        for (const item of child) if (isNode(item)) visit(item, node);
      } else if (isNode(child)) {
        visit(child, node);
      }
    }
    events.push({ node, exit: true });
  };
  visit(ast, undefined);

  const table = visitors as readonly Record<string, Listener | undefined>[];
  for (const { node, exit } of events) {
    const key = exit ? `${node.type}:exit` : node.type;
    for (const v of table) v[key]?.(node);
  }
}

function isNode(value: unknown): value is TSESTree.Node {
  return typeof value === 'object' && value !== null && typeof (value as { type?: unknown }).type === 'string';
}
