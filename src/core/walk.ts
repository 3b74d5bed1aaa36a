import type { TSESTree } from '@typescript-eslint/utils';
import { visitorKeys } from '@typescript-eslint/visitor-keys';
import type { DetectorVisitors } from './detector.js';
import { isNode } from './ast.js';

type Listener = (node: TSESTree.Node) => void;

/** Programs whose nodes already have `parent` set: later walks only dispatch. */
const parented = new WeakSet<TSESTree.Program>();

/**
 * Dispatches enter/exit listeners in source order, the way ESLint does, after making sure every
 * node has its `parent` (set once per program, before the first listener runs).
 */
export function walkProgram(ast: TSESTree.Program, visitors: readonly DetectorVisitors[]): void {
  if (!parented.has(ast)) {
    forEachChild(ast, function setParent(child, parent) {
      (child as { parent?: TSESTree.Node }).parent = parent;
      forEachChild(child, setParent);
    });
    (ast as { parent?: TSESTree.Node }).parent = undefined;
    parented.add(ast);
  }
  if (visitors.length === 0) return;

  // Listeners grouped by node type once, instead of a lookup per visitor and node.
  const enter = new Map<string, Listener[]>();
  const exit = new Map<string, Listener[]>();
  for (const table of visitors as readonly Record<string, Listener | undefined>[]) {
    for (const [key, listener] of Object.entries(table)) {
      if (!listener) continue;
      const isExit = key.endsWith(':exit');
      const byType = isExit ? exit : enter;
      const type = isExit ? key.slice(0, -':exit'.length) : key;
      const list = byType.get(type);
      if (list) list.push(listener);
      else byType.set(type, [listener]);
    }
  }
  const visit = (node: TSESTree.Node): void => {
    const onEnter = enter.get(node.type);
    if (onEnter) for (const listener of onEnter) listener(node);
    forEachChild(node, visit);
    const onExit = exit.get(node.type);
    if (onExit) for (const listener of onExit) listener(node);
  };
  visit(ast);
}

function forEachChild(node: TSESTree.Node, callback: (child: TSESTree.Node, parent: TSESTree.Node) => void): void {
  const keys = visitorKeys[node.type];
  if (!keys) return;
  for (const key of keys) {
    const child = (node as unknown as Record<string, unknown>)[key];
    if (Array.isArray(child)) {
      for (const item of child) if (isNode(item)) callback(item, node);
    } else if (isNode(child)) {
      callback(child, node);
    }
  }
}
