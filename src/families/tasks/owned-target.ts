import type { TSESTree } from '@typescript-eslint/utils';
import type { AnalysisContext } from '../../core/context.js';
import {
  constructorOf,
  enclosingFunction,
  propertyKeyName,
  someDescendant,
  thisMemberName,
  thisOwnerOf,
  type FunctionNode,
} from '../../core/ast.js';
import { outermostWrapperOf, staticPropertyName, unwrapExpression } from '../../core/imports.js';
import { RUNS_CALLBACK_AT_CONSTRUCTION, STREAM_END_METHOD, TEARDOWN_NAME } from '../../knowledge/lifecycle.js';
import { isParameterValue, plainParameterPosition } from './caller-signal.js';

/**
 * The function whose run `fn` belongs to: `fn` itself, or, for the executor of a `new Promise(…)`
 * or the subscriber of a `new Observable(…)` (RUNS_CALLBACK_AT_CONSTRUCTION), the function that
 * builds it, which runs it then (set 34: a socket built in `connect()` and listened to inside the
 * promise `connect()` returns; a window's 'move' listener inside the observable its set-up pipes).
 */
export function hostFunction(fn: FunctionNode | undefined): FunctionNode | undefined {
  let current = fn;
  for (let depth = 0; current && depth < MAX_HOST_DEPTH; depth++) {
    const made = current.parent;
    if (
      made?.type !== 'NewExpression' ||
      made.arguments[0] !== current ||
      made.callee.type !== 'Identifier' ||
      !RUNS_CALLBACK_AT_CONSTRUCTION.has(made.callee.name)
    )
      return current;
    current = enclosingFunction(made);
  }
  return current;
}

/** How many nested executors hostFunction looks through. */
const MAX_HOST_DEPTH = 3;

/**
 * Whether the instance owns `this.<member>` (the member of the class `method` belongs to): the
 * class ends it somewhere (`this.socket.destroy()`, `this.socket.end()`, `.close()`…), or builds it
 * (`this.socket = new Socket()`, or a field `socket = new Socket()`). An object the instance ends or builds lives no longer than the
 * instance, so a listener added to it once per instance goes with it. A member the class only
 * keeps (a shared server handed to every connection) is not owned.
 */
export function instanceOwnsMember(method: FunctionNode | undefined, member: string): boolean {
  const definition = method?.parent;
  if (definition?.type !== 'MethodDefinition' || definition.static) return false;
  const body = definition.parent;
  // `readonly client = new DebugClient()`: a field built with the instance.
  const builtField = body.body.some(
    (element) =>
      element.type === 'PropertyDefinition' &&
      !element.static &&
      !element.computed &&
      propertyKeyName(element) === member &&
      element.value !== null &&
      unwrapExpression(element.value).type === 'NewExpression',
  );
  return (
    builtField ||
    someDescendant(body, (node) => {
      if (node.type !== 'MemberExpression' || thisMemberName(node) !== member) return false;
      const owner = thisOwnerOf(unwrapExpression(node.object));
      return owner?.body === body && !owner.isStatic && (endsMember(node) || buildsMember(node));
    })
  );
}

/** `this.socket.destroy()`, `this.socket.end()`: a call of an ending method on the member. */
function endsMember(member: TSESTree.MemberExpression): boolean {
  const access = outermostWrapperOf(member).parent;
  if (access?.type !== 'MemberExpression' || access.object !== outermostWrapperOf(member)) return false;
  const name = staticPropertyName(access);
  const call = outermostWrapperOf(access).parent;
  return (
    name !== undefined &&
    (TEARDOWN_NAME.test(name) || name === STREAM_END_METHOD) &&
    call?.type === 'CallExpression' &&
    call.callee === outermostWrapperOf(access)
  );
}

/** `this.socket = new Socket()`: the member is assigned an object built there. */
function buildsMember(member: TSESTree.MemberExpression): boolean {
  const assignment = member.parent;
  return (
    assignment?.type === 'AssignmentExpression' &&
    assignment.left === member &&
    unwrapExpression(assignment.right).type === 'NewExpression'
  );
}

/**
 * Whether `this.<member>` is handed in: assigned a parameter (`constructor(server) { this.server =
 * server }`, also with a fallback, `server ?? defaultServer`), or a constructor parameter property
 * (`constructor(private server: Server)`). Such an object comes from outside and may outlive every
 * instance; one the class gets for itself (`this.page = await browser.newPage()`) does not.
 */
export function memberHandedIn(ctx: AnalysisContext, method: FunctionNode | undefined, member: string): boolean {
  const definition = method?.parent;
  if (definition?.type !== 'MethodDefinition') return false;
  return someDescendant(definition.parent, (node) => {
    if (node.type === 'TSParameterProperty')
      return node.parameter.type === 'Identifier' && node.parameter.name === member;
    return (
      node.type === 'AssignmentExpression' &&
      node.left.type === 'MemberExpression' &&
      thisMemberName(node.left) === member &&
      isParameterValue(ctx, node.right)
    );
  });
}

/**
 * The position of the constructor parameter that `this.<member>` is, when that is all it is ever
 * set to: a parameter property (`constructor(private socket: Socket)`) or one `this.socket =
 * socket` of a plain parameter in the constructor, and no other assignment of the member anywhere
 * in the class. Undefined otherwise.
 */
export function constructorParameterOf(
  ctx: AnalysisContext,
  method: FunctionNode | undefined,
  member: string,
): { ctor: TSESTree.FunctionExpression; index: number } | undefined {
  const definition = method?.parent;
  if (definition?.type !== 'MethodDefinition' || definition.static) return undefined;
  const ctor = constructorOf(definition.parent)?.value;
  if (ctor?.type !== 'FunctionExpression') return undefined;
  const assignments: TSESTree.AssignmentExpression[] = [];
  someDescendant(definition.parent, (node) => {
    if (node.type === 'AssignmentExpression' && thisMemberName(node.left) === member) assignments.push(node);
    return false;
  });
  const property = ctor.params.findIndex(
    (param) =>
      param.type === 'TSParameterProperty' && param.parameter.type === 'Identifier' && param.parameter.name === member,
  );
  if (property >= 0) return assignments.length === 0 ? { ctor, index: property } : undefined;
  const only = assignments.length === 1 ? assignments[0]! : undefined;
  const position = only && enclosingFunction(only) === ctor ? plainParameterPosition(ctx, only.right) : undefined;
  return position?.fn === ctor ? { ctor, index: position.index } : undefined;
}
