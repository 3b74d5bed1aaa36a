import type { TSESTree } from '@typescript-eslint/utils';
import { forEachDescendant, isFunctionNode, thisMemberName, within } from '../../core/ast.js';
import { NON_SELECTING_PARAM, RESTART_METHODS, TEARDOWN_METHODS } from '../../knowledge/lifecycle.js';

/*
 * Whether a class's stop/close/dispose/destroy method ends the object's life, so an interval the
 * class starts can be cleared there. A codemod clearing it in a method that does not (one that
 * pauses, ends one item, or runs on the class's own restart path) stops the interval for good the
 * first time that method runs: a driver lost its reconnect tick, a session store stopped pruning
 * at the first logout. Only the evidence in the class counts; without it the site is left.
 */

type Method = TSESTree.MethodDefinition & { value: TSESTree.FunctionExpression & { body: TSESTree.BlockStatement } };

/** The teardown method an interval started in `start` can be cleared in, or why none can (undefined: the class has none). */
export function classTeardownFor(
  body: TSESTree.ClassBody,
  interval: TSESTree.Node,
): { block: TSESTree.BlockStatement } | string | undefined {
  const methods = instanceMethods(body);
  const start = methods.find((m) => within(m, interval));
  const ticks = interval.type === 'CallExpression' ? methodsTheTickRuns(methods, interval.arguments[0]) : new Map();
  let firstReason: string | undefined;
  for (const name of TEARDOWN_METHODS) {
    const method = methods.find((m) => methodName(m) === name);
    if (!method) continue;
    const reason = calledByTheTick(ticks, name) ?? whyNotEndOfLife(methods, method, start);
    if (!reason) return { block: method.value.body };
    firstReason ??= reason;
  }
  return firstReason;
}

function whyNotEndOfLife(methods: readonly Method[], teardown: Method, start: Method | undefined): string | undefined {
  const name = methodName(teardown)!;
  const selecting = teardown.value.params.map(paramName).find((param) => !NON_SELECTING_PARAM.test(param));
  if (selecting !== undefined) {
    return `${name}(${selecting}) takes an argument that selects what it ends: it ends one item, not the object, so clearing the interval there would stop it for every other item. Clear it where the object itself is shut down`;
  }
  const startName = start ? methodName(start) : undefined;
  for (const method of methods) {
    const caller = methodName(method) ?? 'constructor';
    if (method === teardown || method === start || TEARDOWN_METHODS.includes(caller)) continue;
    for (const call of thisCalls(method.value.body, name)) {
      // A restart that starts the interval again is fine; one that does not loses it.
      const around = enclosingFunction(call, method);
      const restartsInterval = startName !== undefined && thisCalls(around, startName).length > 0;
      const restartPath =
        RESTART_METHODS.has(caller) || [...RESTART_METHODS].some((restart) => thisCalls(around, restart).length > 0);
      if (restartPath && !restartsInterval) {
        return `${name}() is called on the class's own restart path (in ${caller}()), so it does not end the object's life: clearing the interval there would stop it after the first restart. Clear it in a method only shutdown calls, or start the interval again on restart`;
      }
    }
  }
  const stopped = assignedFields(teardown);
  const startedIn = start ? (startName ?? 'constructor') : 'a field initializer';
  for (const method of methods) {
    const other = methodName(method);
    if (method === teardown || method === start || other === undefined || TEARDOWN_METHODS.includes(other)) continue;
    const undone = [...assignedFields(method)].find((field) => stopped.has(field));
    const restarts = undone !== undefined || (startName === undefined && RESTART_METHODS.has(other));
    if (restarts) {
      const what = undone !== undefined ? `sets this.${undone} again after ${name}() does` : 'starts the object again';
      return `${other}() ${what}, and the interval starts in ${startedIn}: ${name}() looks like a pause, and clearing the interval there would end it for good. Clear it where the object's life ends, or restart it in ${other}()`;
    }
  }
  return undefined;
}

/**
 * The methods the interval's callback runs, directly or through other methods of the class, each
 * with the method of the callback's own body that leads there ('' for the callback itself).
 */
function methodsTheTickRuns(methods: readonly Method[], callback: TSESTree.Node | undefined): Map<string, string> {
  const reached = new Map<string, string>();
  if (!callback) return reached;
  const byName = new Map(methods.map((m) => [methodName(m), m] as const));
  const pending: [string, string][] = [];
  const visit = (root: TSESTree.Node, via: string | undefined) => {
    for (const name of thisCallNames(root)) if (!reached.has(name)) pending.push([name, via ?? name]);
  };
  // `() => this.tick()`, `function () { … }`, `this.tick`, `this.tick.bind(this)`.
  const bound =
    callback.type === 'CallExpression' && callback.callee.type === 'MemberExpression'
      ? callback.callee.object
      : callback;
  const direct = thisMemberName(bound);
  if (direct !== undefined) pending.push([direct, direct]);
  else if (isFunctionNode(callback)) visit(callback, undefined);
  while (pending.length > 0) {
    const [name, via] = pending.pop()!;
    if (reached.has(name)) continue;
    reached.set(name, via);
    const method = byName.get(name);
    if (method) visit(method.value, via);
  }
  return reached;
}

/** Why a teardown the interval's own callback calls is not the end of the object's life. */
function calledByTheTick(ticks: ReadonlyMap<string, string>, teardown: string): string | undefined {
  const via = ticks.get(teardown);
  if (via === undefined) return undefined;
  const path =
    via === teardown ? "the interval's callback calls it" : `the interval's callback calls it through ${via}()`;
  return `${teardown}() is part of the class's own restart path (${path}), so it does not end the object's life: clearing the interval there would stop the tick the first time it runs ${teardown}(). Clear it in a method only shutdown calls`;
}

/** The names `this.<name>(…)` calls in a function body, arrow callbacks included. */
function thisCallNames(root: TSESTree.Node): Set<string> {
  const names = new Set<string>();
  forEachDescendant(root, (node) => {
    if (node.type === 'CallExpression') {
      const name = thisMemberName(node.callee);
      if (name !== undefined) names.add(name);
    }
    return !(isFunctionNode(node) && node.type !== 'ArrowFunctionExpression');
  });
  return names;
}

function instanceMethods(body: TSESTree.ClassBody): Method[] {
  return body.body.filter(
    (m): m is Method =>
      m.type === 'MethodDefinition' && !m.static && !m.computed && m.value.body !== null && m.value.body !== undefined,
  );
}

function methodName(method: Method): string | undefined {
  if (method.kind === 'constructor') return undefined;
  return method.key.type === 'Identifier'
    ? method.key.name
    : method.key.type === 'PrivateIdentifier'
      ? `#${method.key.name}`
      : undefined;
}

function paramName(param: TSESTree.Parameter): string {
  const target =
    param.type === 'AssignmentPattern' ? param.left : param.type === 'TSParameterProperty' ? param.parameter : param;
  if (target.type === 'Identifier') return target.name;
  if (target.type === 'AssignmentPattern' && target.left.type === 'Identifier') return target.left.name;
  return target.type === 'RestElement' ? '...rest' : '{…}';
}

/** The calls `this.<name>(…)` in a method or function, arrow callbacks included (their `this` is the instance). */
function thisCalls(root: TSESTree.Node, name: string): TSESTree.CallExpression[] {
  const calls: TSESTree.CallExpression[] = [];
  forEachDescendant(root, (node) => {
    if (node.type === 'CallExpression' && isThisMember(node.callee, name)) calls.push(node);
    return !(isFunctionNode(node) && node.type !== 'ArrowFunctionExpression');
  });
  return calls;
}

/** The innermost function around `node` inside `method` (an arrow callback, or the method itself). */
function enclosingFunction(node: TSESTree.Node, method: Method): TSESTree.Node {
  for (let current = node.parent; current && current !== method.value; current = current.parent) {
    if (isFunctionNode(current)) return current.body;
  }
  return method.value.body;
}

/** The `this.x` fields the method assigns (`=`, compound assignment, `++`/`--`). */
function assignedFields(method: Method): Set<string> {
  const fields = new Set<string>();
  forEachDescendant(method.value.body, (node) => {
    const target =
      node.type === 'AssignmentExpression' ? node.left : node.type === 'UpdateExpression' ? node.argument : undefined;
    if (target?.type === 'MemberExpression' && target.object.type === 'ThisExpression' && !target.computed) {
      fields.add(
        target.property.type === 'PrivateIdentifier'
          ? `#${target.property.name}`
          : (target.property as TSESTree.Identifier).name,
      );
    }
    return !(isFunctionNode(node) && node.type !== 'ArrowFunctionExpression');
  });
  return fields;
}

function isThisMember(node: TSESTree.Node, name: string): boolean {
  if (node.type !== 'MemberExpression' || node.object.type !== 'ThisExpression' || node.computed) return false;
  const property = node.property;
  return property.type === 'PrivateIdentifier'
    ? `#${property.name}` === name
    : (property as TSESTree.Identifier).name === name;
}
