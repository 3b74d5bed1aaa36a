import { propertyName, unwrap, type AstNode } from './ast.js';

// Data that belongs in the catalogue (src/knowledge/entry-points.ts); kept here until the
// coordinator moves it, since this branch does not edit src/knowledge.

/** Modules whose import makes `process.on('message')` a cluster worker's IPC channel. */
export const CLUSTER_MODULES: ReadonlySet<string> = new Set(['cluster', 'node:cluster']);

/** `cluster.isPrimary` and friends: a branch on one of these is start-up code of the primary or a worker. */
export const CLUSTER_ROLE_FLAGS: ReadonlySet<string> = new Set(['isPrimary', 'isMaster', 'isWorker']);

/** Whether an `if`/`?:` test reads `cluster.isPrimary`, `!cluster.isMaster`, `cluster.isWorker && …`. */
export function testsClusterRole(test: AstNode): boolean {
  const node = unwrap(test);
  switch (node.type) {
    case 'MemberExpression':
      return CLUSTER_ROLE_FLAGS.has(propertyName(node) ?? '');
    case 'UnaryExpression':
      return testsClusterRole(node.argument as AstNode);
    case 'LogicalExpression':
    case 'BinaryExpression':
      return testsClusterRole(node.left as AstNode) || testsClusterRole(node.right as AstNode);
    default:
      return false;
  }
}

/**
 * `process.on('message', fn)` in a cluster worker (under a `cluster.isPrimary` branch, or in a
 * file that imports `cluster`): the primary's start-up message (`cluster.fork().send(…)`), sent
 * once per worker, not a stream of requests. A forked child that is not a cluster worker keeps
 * the per-message reading (a worker pool receives a job per message).
 */
export function isClusterWorkerMessage(callee: AstNode, event: string | undefined): boolean {
  const node = unwrap(callee);
  if (event !== 'message' || node.type !== 'MemberExpression') return false;
  const receiver = unwrap(node.object as AstNode);
  return receiver.type === 'Identifier' && receiver.name === 'process';
}
