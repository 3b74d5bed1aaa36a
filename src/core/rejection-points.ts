import type { TSESTree } from '@typescript-eslint/utils';
import { visitorKeys } from '@typescript-eslint/visitor-keys';
import { isFunctionNode, type FunctionNode } from './ast.js';
import { staticPropertyName, unwrapExpression } from './imports.js';

/*
 * Where a function's promise could reject, read from its own syntax. Written against ESTree alone
 * (no `parent` links), so the project index reads oxc-parser's nodes with it as the rules read
 * ESLint's: one answer to "can this function reject?" in a file and across files.
 */

/** `task.catch(fn)`, or that followed by `.finally(fn)`: a chain whose failure is handled. */
export function endsInCatch(expression: TSESTree.Node): boolean {
  if (expression.type !== 'CallExpression') return false;
  const callee = unwrapExpression(expression.callee);
  if (callee.type !== 'MemberExpression') return false;
  const method = staticPropertyName(callee);
  if (method === 'catch') return expression.arguments.length > 0;
  if (method === 'finally') return endsInCatch(unwrapExpression(callee.object));
  return false;
}

/**
 * What a function returns that cannot be a promise: nothing, a literal, `undefined`, an object or
 * array literal, a template (`return { ok: false }` ends an async function without a failure).
 */
function isPlainValue(node: TSESTree.Node): boolean {
  return (
    node.type === 'Literal' ||
    node.type === 'TemplateLiteral' ||
    node.type === 'ObjectExpression' ||
    node.type === 'ArrayExpression' ||
    (node.type === 'Identifier' && node.name === 'undefined')
  );
}

/**
 * `new Promise((resolve) => setTimeout(resolve, ms))`: an executor that takes no `reject` and has
 * no `throw` of its own can only resolve (a sleep, a wait for a callback), so nothing waiting on
 * it can fail through it. Read by name: a local class called `Promise` is not told apart here.
 */
export function isResolveOnlyPromise(node: TSESTree.Node): boolean {
  if (node.type !== 'NewExpression') return false;
  const callee = unwrapExpression(node.callee);
  const executor = node.arguments[0] && unwrapExpression(node.arguments[0] as TSESTree.Expression);
  return (
    callee.type === 'Identifier' &&
    callee.name === 'Promise' &&
    executor !== undefined &&
    isFunctionNode(executor) &&
    executor.params.length <= 1 &&
    executor.params.every((param) => param.type === 'Identifier') &&
    !someOwnNode(executor.body, (n) => n.type === 'ThrowStatement')
  );
}

/**
 * The calls a function's promise follows, when nothing else in it could reject: every `await`,
 * `for await`, `throw` and returned value (an arrow's expression body included) outside the block
 * of a `try` whose `catch` does not throw again is either handled where it stands (`await
 * send().catch(log)`, a plain value returned, `await new Promise((resolve) => …)` that can only
 * resolve) or a call, awaited or returned, whose own failure
 * becomes the function's. The function cannot reject when none of those calls can (an empty list:
 * it cannot reject at all). Undefined when something could reject whatever the calls do: a throw,
 * `for await`, an awaited or returned value that is not a call (`await this.ready`, `return
 * promise`). Only the function's own body counts: the functions it defines run elsewhere.
 */
export function rejectingCalls(fn: FunctionNode): TSESTree.CallExpression[] | undefined {
  const calls: TSESTree.CallExpression[] = [];
  /** A point whose value becomes the function's failure: fine when handled or plain, a call to follow, or false. */
  const follow = (value: TSESTree.Node): boolean => {
    const node = unwrapExpression(value);
    if (isPlainValue(node) || endsInCatch(node) || isResolveOnlyPromise(node) || node.type === 'AwaitExpression')
      return true;
    if (node.type !== 'CallExpression') return false;
    calls.push(node);
    return true;
  };
  const visit = (node: TSESTree.Node, guarded: boolean): boolean => {
    if (isFunctionNode(node)) return true;
    if (!guarded) {
      if (node.type === 'ThrowStatement' || (node.type === 'ForOfStatement' && node.await)) return false;
      if (node.type === 'AwaitExpression' && !follow(node.argument)) return false;
      if (node.type === 'ReturnStatement' && node.argument && !follow(node.argument)) return false;
    }
    if (node.type === 'TryStatement') {
      const catches = node.handler !== null && !someOwnNode(node.handler.body, (n) => n.type === 'ThrowStatement');
      return (
        visit(node.block, guarded || catches) &&
        (!node.handler || visit(node.handler, guarded)) &&
        (!node.finalizer || visit(node.finalizer, guarded))
      );
    }
    return childrenOf(node).every((child) => visit(child, guarded));
  };
  const body = fn.body;
  if (!body) return undefined;
  // An arrow's expression body is its returned value.
  const settles = body.type === 'BlockStatement' ? visit(body, false) : follow(body) && visit(body, false);
  return settles ? calls : undefined;
}

function someOwnNode(node: TSESTree.Node, test: (node: TSESTree.Node) => boolean): boolean {
  if (test(node)) return true;
  return childrenOf(node).some((child) => !isFunctionNode(child) && someOwnNode(child, test));
}

function childrenOf(node: TSESTree.Node): TSESTree.Node[] {
  const children: TSESTree.Node[] = [];
  for (const key of (visitorKeys as Record<string, readonly string[] | undefined>)[node.type] ?? []) {
    const value = (node as unknown as Record<string, unknown>)[key];
    if (Array.isArray(value)) {
      for (const item of value) if (isNode(item)) children.push(item);
    } else if (isNode(value)) children.push(value);
  }
  return children;
}

function isNode(value: unknown): value is TSESTree.Node {
  return typeof value === 'object' && value !== null && typeof (value as { type?: unknown }).type === 'string';
}
