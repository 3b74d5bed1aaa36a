import { PROCESS_ENDING_METHODS, PROCESS_SELF_KILL } from '../knowledge/process-lifetime.js';
import {
  FUNCTION_TYPES,
  LOOP_TYPES,
  forEachNodeBelow,
  propertyName,
  someNodeBelow,
  unwrap,
  unwrapAwait,
  type AstNode,
} from './ast.js';
import type { FileFacts } from './facts.js';
import type { ValueResolver } from './resolve.js';

/*
 * Code on the way out of the process runs once per process, whoever calls it: a function every
 * path of which ends the process (`process.exit(…)`, `process.abort()`, `process.kill(process.pid)`,
 * or a call of a function that itself always ends it), and a call after which every path of its
 * function does (`await instances.stopAll(); process.exit(0)`). Set 29: a daemon's shutdown, whose
 * stops were taken for per-message tasks because a stdin handler reaches the shutdown routine.
 * Sound and simple: a `process.exit` in one branch only does not count, nor does code in a loop;
 * a thrown error is not followed (it would leave through a catch, which must end the process too).
 */

/**
 * What ends the process on every path, as far as one file tells: `[]` by its own syntax, or the
 * calls (by index in the file's facts) that must each end it for the path to; undefined when
 * some path may go on.
 */
export type Ending = readonly number[] | undefined;

/** A call's index in the file's facts, or undefined when it has none (syntax cannot name its callee: it ends nothing). */
export type CallIndexOf = (call: AstNode) => number | undefined;

/** `process.exit(…)`, `process.abort()`, `process.kill(process.pid, …)`. */
export function isProcessEndingCall(node: AstNode): boolean {
  if (node.type !== 'CallExpression') return false;
  const callee = unwrap(node.callee as AstNode);
  if (callee.type !== 'MemberExpression' || !isProcess(callee.object as AstNode)) return false;
  const method = propertyName(callee);
  if (method !== undefined && PROCESS_ENDING_METHODS.has(method)) return true;
  const target = (node.arguments as AstNode[])[0];
  const own = target && unwrap(target);
  return (
    method === PROCESS_SELF_KILL.method &&
    own?.type === 'MemberExpression' &&
    isProcess(own.object as AstNode) &&
    propertyName(own) === PROCESS_SELF_KILL.ownId
  );
}

function isProcess(node: AstNode): boolean {
  const inner = unwrap(node);
  return inner.type === 'Identifier' && inner.name === 'process';
}

/**
 * Reads one function's body: whether every path of it ends the process, and, for each call made
 * in a statement of its own outside loops, whether every path after it does (by the call's callee node,
 * as the file walk records calls).
 */
export function readProcessEnds(
  body: AstNode,
  indexOf: CallIndexOf,
): { readonly ends: Ending; readonly after: Map<AstNode, readonly number[]> } {
  const after = new Map<AstNode, readonly number[]>();
  const reader = new EndReader(indexOf, after);
  if (body.type !== 'BlockStatement') return { ends: reader.expressionEnds(body), after };
  return { ends: reader.list(body.body as AstNode[], undefined), after };
}

class EndReader {
  constructor(
    private readonly indexOf: CallIndexOf,
    private readonly after: Map<AstNode, readonly number[]>,
  ) {}

  /** An expression that ends the process: a process-ending call, or a call of a function that may (through `await`, `void`). */
  expressionEnds(node: AstNode): Ending {
    let expression = unwrapAwait(node);
    if (expression.type === 'UnaryExpression' && expression.operator === 'void')
      expression = unwrapAwait(expression.argument as AstNode);
    if (isProcessEndingCall(expression)) return [];
    if (expression.type !== 'CallExpression') return undefined;
    const index = this.indexOf(expression);
    return index === undefined ? undefined : [index];
  }

  /** Whether every path through `statement` ends the process (calls it names aside). */
  private ends(statement: AstNode): Ending {
    switch (statement.type) {
      case 'ExpressionStatement':
        return this.expressionEnds(statement.expression as AstNode);
      case 'ReturnStatement':
        return statement.argument ? this.expressionEnds(statement.argument as AstNode) : undefined;
      case 'BlockStatement':
        return this.sequence(statement.body as AstNode[])[0];
      case 'IfStatement': {
        const yes = this.ends(statement.consequent as AstNode);
        const no = statement.alternate ? this.ends(statement.alternate as AstNode) : undefined;
        return yes && no ? [...yes, ...no] : undefined;
      }
      case 'TryStatement': {
        const finalizer = statement.finalizer ? this.ends(statement.finalizer as AstNode) : undefined;
        if (finalizer) return finalizer;
        const block = this.ends(statement.block as AstNode);
        if (!block || !statement.handler) return block;
        const handler = this.ends((statement.handler as AstNode).body as AstNode);
        return handler ? [...block, ...handler] : undefined;
      }
      default:
        return undefined;
    }
  }

  /**
   * For each statement of a list, whether every path from it to the list's end, and on to what
   * follows the list (`next`), ends the process: later statements first, as a call of a function
   * that ends the process is usually what a shutdown routine ends with.
   */
  private sequence(statements: readonly AstNode[], next: Ending = undefined): Ending[] {
    const rest: Ending[] = new Array<Ending>(statements.length + 1);
    rest[statements.length] = next;
    for (let k = statements.length - 1; k >= 0; k--) {
      const statement = statements[k]!;
      const own = this.ends(statement);
      const following = rest[k + 1];
      if (own?.length === 0) rest[k] = own;
      else if (leaves(statement)) rest[k] = own;
      else if (following) rest[k] = following;
      else rest[k] = own;
    }
    return rest;
  }

  /** Reads a list of statements, noting the calls after which the process ends; what the whole list does. */
  list(statements: readonly AstNode[], next: Ending): Ending {
    const rest = this.sequence(statements, next);
    statements.forEach((statement, k) => this.statement(statement, rest[k + 1]));
    return rest[0];
  }

  /** Notes the calls of `statement` (and of the statements in its branches) after which the process ends. */
  private statement(statement: AstNode, next: Ending): void {
    switch (statement.type) {
      case 'ExpressionStatement':
      case 'VariableDeclaration':
        if (next) for (const call of callsIn(statement)) this.after.set(unwrap(call.callee as AstNode), next);
        return;
      case 'BlockStatement':
        this.list(statement.body as AstNode[], next);
        return;
      case 'IfStatement':
        this.statement(statement.consequent as AstNode, next);
        if (statement.alternate) this.statement(statement.alternate as AstNode, next);
        return;
      case 'TryStatement': {
        const finalizer = statement.finalizer ? this.ends(statement.finalizer as AstNode) : undefined;
        const beforeFinalizer = finalizer ?? next;
        this.statement(statement.block as AstNode, beforeFinalizer);
        if (statement.handler) this.statement((statement.handler as AstNode).body as AstNode, beforeFinalizer);
        if (statement.finalizer) this.statement(statement.finalizer as AstNode, next);
        return;
      }
      default:
        // Loops, switches, labels: what runs there may run again before the end.
        return;
    }
  }
}

/** Statements that leave a list before its end: a path that goes on elsewhere. */
const LEAVING_TYPES: ReadonlySet<string> = new Set([
  'ReturnStatement',
  'BreakStatement',
  'ContinueStatement',
  'ThrowStatement',
]);

/** What a statement's own paths do not enter: the functions and classes it defines. */
const ownCodeEnds = (node: AstNode): boolean => FUNCTION_TYPES.has(node.type) || node.type === 'ClassBody';

/** A `return`, `break`, `continue` or `throw` in `statement` (not in a function it holds): a path that leaves early. */
function leaves(statement: AstNode): boolean {
  return (
    LEAVING_TYPES.has(statement.type) || someNodeBelow(statement, (inner) => LEAVING_TYPES.has(inner.type), ownCodeEnds)
  );
}

/** The calls and `new`s a statement makes itself: not in a function it holds, nor in a loop. */
function callsIn(statement: AstNode): AstNode[] {
  const calls: AstNode[] = [];
  forEachNodeBelow(statement, (node) => {
    if (ownCodeEnds(node) || LOOP_TYPES.has(node.type)) return false;
    if (node.type === 'CallExpression' || node.type === 'NewExpression') calls.push(node);
    return true;
  });
  return calls;
}

/** Functions followed through the calls that end the process for them, across files. */
const MAX_DEPTH = 4;

/**
 * Whether function `fn` of `file` ends the process on every path (FunctionFact `endsProcess`),
 * each call it counts on followed to the function it runs; a function met again on the way ends
 * nothing (a cycle proves no end).
 */
export function endsTheProcess(
  facts: readonly FileFacts[],
  resolver: ValueResolver,
  file: number,
  fn: number,
  depth = 0,
  following: Set<string> = new Set(),
): boolean {
  const calls = facts[file]!.functions[fn]?.endsProcess;
  if (calls === undefined || depth > MAX_DEPTH) return false;
  const key = `${file}:${fn}`;
  if (following.has(key)) return false;
  following.add(key);
  const ends = callsEndTheProcess(facts, resolver, file, calls, depth, following);
  following.delete(key);
  return ends;
}

/** Whether the callee of every call of `calls` (indexes in file `file`'s calls) ends the process on every path. */
export function callsEndTheProcess(
  facts: readonly FileFacts[],
  resolver: ValueResolver,
  file: number,
  calls: readonly number[],
  depth = 0,
  following: Set<string> = new Set(),
): boolean {
  return calls.every((index) => {
    const call = facts[file]!.calls[index];
    const target = call && !call.isNew ? resolver.callee(file, call.callee) : undefined;
    return target?.t === 'fn' && endsTheProcess(facts, resolver, target.file, target.i, depth + 1, following);
  });
}
