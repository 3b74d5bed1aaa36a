import { isNullOrUndefined, propertyName, unwrap, unwrapAwait, type AstNode } from './ast.js';
import type { Scopes, Where } from './scopes.js';

/*
 * Lazy set-up across files: `if (mongo === null) mongo = await connect(config)` in a request
 * handler runs connect() until the value it fills is set, not per request (set 25: an admin UI
 * that connects to its database on the first request). The call graph marks such calls so the
 * frequency table gives their callee start-up frequency rather than the handler's.
 */

/** What of the file walk lazy calls are noted in: its scopes, each function's scope, and the set of their callees. */
export interface LazyCallNotes {
  readonly scopes: Scopes;
  readonly fnScopes: readonly number[];
  readonly lazyCallees: Set<AstNode>;
}

/** Notes the callees of the lazy set-up calls an `if` or a logical assignment at `where` makes. */
export function noteLazyCalls(walk: LazyCallNotes, node: AstNode, where: Where): void {
  // A holder declared in the function itself (`let ret = map.get(id); if (!ret) ret = new X()`) is
  // a memo per call or key, filled again on each: only one that outlives the call makes it once.
  const outlivesCall = (name: string): boolean => {
    const binding = walk.scopes.binding(name, where.scope);
    return !binding || where.fn < 0 || !walk.scopes.isWithin(binding.scope, walk.fnScopes[where.fn]!);
  };
  for (const call of lazyInitCallsOf(node, outlivesCall)) walk.lazyCallees.add(unwrap(call.callee as AstNode));
}

/**
 * The calls whose result an `if` fills a holder with while the holder is empty: `if (!db) db =
 * open()`, `if (this.client === undefined) { this.client = await connect(); … }`; and the call
 * of a logical assignment, `client ??= connect()`, `cache ||= load()`.
 */
function lazyInitCallsOf(node: AstNode, outlivesCall: (name: string) => boolean): AstNode[] {
  // `this.x` lives on the instance; `Store.instance` on whatever `Store` names, when that outlives the call.
  const outlives = (key: string | undefined): key is string =>
    key !== undefined && (key.startsWith('this.') || outlivesCall(key.split(/[.[]/)[0]!));
  if (node.type === 'AssignmentExpression')
    return (node.operator === '??=' || node.operator === '||=') && outlives(memoKey(unwrap(node.left as AstNode)))
      ? callOf(node.right as AstNode)
      : [];
  if (node.type !== 'IfStatement') return [];
  const test = unwrap(node.test as AstNode);
  const holder = emptyTested(test) ?? emptyTested(test, memoKey);
  if (!outlives(holder)) return [];
  const found: AstNode[] = [];
  // `const monitor = new Monitor(port); …; monitors[port] = monitor`: the fill names a value the branch made.
  const made = new Map<string, AstNode>();
  // The fill may sit deeper in the branch (`if (!db) { try { db = await open() } catch … }`), not in a nested function.
  const search = (statement: AstNode): void => {
    if (statement.type === 'VariableDeclaration' && statement.kind === 'const')
      for (const declarator of statement.declarations as AstNode[])
        if (declarator.id.type === 'Identifier' && declarator.init)
          made.set(declarator.id.name as string, declarator.init as AstNode);
    if (statement.type === 'ExpressionStatement') {
      const assignment = unwrap(statement.expression as AstNode);
      if (
        assignment.type === 'AssignmentExpression' &&
        assignment.operator === '=' &&
        memoKey(unwrap(assignment.left as AstNode)) === holder
      ) {
        const value = unwrap(assignment.right as AstNode);
        const local = value.type === 'Identifier' ? made.get(value.name as string) : undefined;
        found.push(...callOf(local ?? value));
      }
      return;
    }
    if (!BRANCH_TYPES.has(statement.type)) return;
    for (const key of BRANCH_KEYS) {
      const child = statement[key] as AstNode | AstNode[] | null | undefined;
      for (const inner of Array.isArray(child) ? child : child ? [child] : []) search(inner);
    }
  };
  search(node.consequent as AstNode);
  return found;
}

/** Where statements nest inside a branch: blocks, `if`s, `try`s and their handlers (not functions or loops). */
const BRANCH_TYPES: ReadonlySet<string> = new Set(['BlockStatement', 'IfStatement', 'TryStatement', 'CatchClause']);
const BRANCH_KEYS = ['body', 'consequent', 'alternate', 'block', 'handler', 'finalizer'] as const;

/**
 * `x`, `this.x` or `Store.instance` (a lazy singleton's static field), as a key: what a lazy
 * holder can be (set 31: `if (!Registry.instance) Registry.instance = new Registry()`).
 */
export function holderKey(node: AstNode): string | undefined {
  if (node.type === 'Identifier') return node.name as string;
  if (node.type !== 'MemberExpression') return undefined;
  const object = unwrap(node.object as AstNode);
  const owner =
    object.type === 'ThisExpression' ? 'this' : object.type === 'Identifier' ? (object.name as string) : undefined;
  const name = propertyName(node);
  return owner === undefined || name === undefined ? undefined : `${owner}.${name}`;
}

/**
 * A holder, or an entry of one under a name's key (`monitors[port]`, `this.pools[region]`): a memo
 * per key, filled once for each key and then reused. How many keys there are is the holder's
 * growth, which no-unbounded-cache judges; what is built for one key is built once.
 */
function memoKey(node: AstNode): string | undefined {
  if (node.type !== 'MemberExpression' || !node.computed) return holderKey(node);
  const key = unwrap(node.property as AstNode);
  const owner = holderKey(unwrap(node.object as AstNode));
  return owner === undefined || key.type !== 'Identifier' ? undefined : `${owner}[${key.name as string}]`;
}

/** The holder an `if` test finds empty: `!x`, `x == null`, `x === null`, `x === undefined`, `!this.x`. */
export function emptyTested(
  test: AstNode,
  keyOf: (node: AstNode) => string | undefined = holderKey,
): string | undefined {
  if (test.type === 'UnaryExpression' && test.operator === '!') return keyOf(unwrap(test.argument as AstNode));
  if (test.type !== 'BinaryExpression' || !['==', '==='].includes(test.operator as string)) return undefined;
  const [left, right] = [unwrap(test.left as AstNode), unwrap(test.right as AstNode)];
  if (isNullOrUndefined(right)) return keyOf(left);
  return isNullOrUndefined(left) ? keyOf(right) : undefined;
}

/** The call (or `new`) a value is, through `await`. */
function callOf(value: AstNode): AstNode[] {
  const node = unwrapAwait(value);
  return node.type === 'CallExpression' || node.type === 'NewExpression' ? [node] : [];
}
