import { EventEmitter } from 'node:events';
import { propertyName, unwrap, type AstNode } from './ast.js';
import type { FileFacts, MethodCallFact } from './facts.js';

/*
 * Calls on a receiver the index cannot follow: `Object.values(managers).forEach((m) =>
 * m.runBackgroundJobs())`, an element of a record or list whose type no syntax names (set 32:
 * watchparty's pool jobs, started once per VM manager by the worker's top level, read as a
 * service method called again and again because nothing linked the call). Such a call is linked
 * by the method's name alone, and only when that cannot pick the wrong function: one class (or
 * function) of the project defines a method of that name, nothing in the project is linked to it
 * already, and the name is the project's own, not a built-in's or a one-word name many libraries
 * share (`close`, `start`, `send`).
 */

/** What of call-graph.ts's Edge this reads: where a call is from (its file) and the node it reaches. */
interface LinkedEdge {
  readonly to: number;
  readonly file: number;
}

/** How many calls of one name are linked by name at most: beyond that, the name is too common to trust. */
const MAX_CALLS_PER_NAME = 16;

/** Methods of the language's and Node's own objects: a call of one of these is on one of them, whatever the project defines. */
const BUILT_IN_METHODS: ReadonlySet<string> = new Set(
  [
    Object.prototype,
    Array.prototype,
    String.prototype,
    Number.prototype,
    Map.prototype,
    Set.prototype,
    WeakMap.prototype,
    Promise.prototype,
    Date.prototype,
    RegExp.prototype,
    Function.prototype,
    EventEmitter.prototype,
  ].flatMap((prototype) => Object.getOwnPropertyNames(prototype)),
);

/**
 * A name worth linking by: two words or more (`runBackgroundJobs`, `start_jobs`), and no method of
 * a built-in object (`toString`, `addListener`, `forEach`).
 */
export function isDistinctiveMethodName(name: string): boolean {
  return /^[a-z][a-z0-9]*(?:[A-Z]|_[a-z])/.test(name) && !BUILT_IN_METHODS.has(name);
}

/** The method a call whose receiver is unknown names (`m.runBackgroundJobs()`, `m?.runBackgroundJobs()`), when distinctive. */
export function unknownMethodNameOf(callee: AstNode): string | undefined {
  const node = unwrap(callee);
  if (node.type !== 'MemberExpression' || node.computed) return undefined;
  const object = unwrap(node.object as AstNode);
  if (object.type === 'ThisExpression' || object.type === 'Super') return undefined;
  const name = propertyName(node);
  return name !== undefined && isDistinctiveMethodName(name) ? name : undefined;
}

/**
 * Links each file's `methodCalls` to the one function of the project its name can mean, when that
 * function has no caller in production code yet (after every other call is linked).
 */
export function linkMethodCalls(
  facts: readonly FileFacts[],
  testFiles: readonly boolean[],
  nodeOf: (file: number, fn: number) => number,
  edges: readonly (readonly LinkedEdge[])[],
  addEdge: (
    from: number,
    edge: LinkedEdge & { readonly line: number; readonly loop: boolean; readonly kind: 'call' },
  ) => void,
  fromNode: (file: number, fn: number) => number,
): void {
  const calls = new Map<string, { file: number; call: MethodCallFact }[]>();
  facts.forEach((fileFacts, file) => {
    if (testFiles[file]) return;
    for (const call of fileFacts.methodCalls ?? []) {
      const list = calls.get(call.name);
      if (list) list.push({ file, call });
      else calls.set(call.name, [{ file, call }]);
    }
  });
  if (calls.size === 0) return;
  // Every function of the project that goes by one of those names: a class's method, an object's, a plain function.
  const definers = new Map<string, Set<number>>();
  const define = (name: string, node: number): void => {
    if (calls.has(name)) definers.set(name, (definers.get(name) ?? new Set()).add(node));
  };
  facts.forEach((fileFacts, file) => {
    fileFacts.functions.forEach((fn, i) => define(fn.name.slice(fn.name.lastIndexOf('.') + 1), nodeOf(file, i)));
    for (const cls of fileFacts.classes)
      for (const [name, fn] of Object.entries(cls.methods)) define(name, nodeOf(file, fn));
  });
  const called = new Set<number>();
  for (const list of edges) for (const edge of list) if (!testFiles[edge.file]) called.add(edge.to);
  for (const [name, list] of calls) {
    const targets = definers.get(name);
    if (targets?.size !== 1 || list.length > MAX_CALLS_PER_NAME) continue;
    const [to] = targets;
    if (called.has(to!)) continue;
    for (const { file, call } of list)
      addEdge(fromNode(file, call.from), { to: to!, file, line: call.line, loop: call.loop, kind: 'call' });
  }
}
