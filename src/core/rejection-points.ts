import type { TSESTree } from '@typescript-eslint/utils';
import { isFunctionNode, type FunctionNode } from './ast.js';
import { staticPropertyName, unwrapExpression } from './imports.js';
import {
  COLLECTING_METHODS,
  EMIT_METHODS,
  ENDING_EVENT_STREAM_METHODS,
  ERROR_EVENT,
  PROMISE_COMBINATORS,
} from '../knowledge/promise-methods.js';
import { everyValueChild } from './value-children.js';
import { isPlainValue, noPromiseVariablesOf, resultsReadUntested } from './result-reads.js';

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
 * `emitter.emit('update', data)`: an emitter's dispatch, which hands back no promise (see
 * EMIT_METHODS), so awaiting or returning it adds no failure. Emitting a literal `'error'` throws
 * when nothing listens and is left a call that may fail. Read by name: for a call neither the file
 * nor the project index follows (a library's emitter), never for a method they can read.
 */
export function isEmitterDispatch(node: TSESTree.Node): boolean {
  if (node.type !== 'CallExpression') return false;
  const callee = unwrapExpression(node.callee);
  const [event] = node.arguments;
  return (
    callee.type === 'MemberExpression' &&
    EMIT_METHODS.has(staticPropertyName(callee) ?? '') &&
    event !== undefined &&
    event.type !== 'SpreadElement' &&
    !(event.type === 'Literal' && event.value === ERROR_EVENT)
  );
}

/**
 * `socket.listener('connect')` as the source of `for await`: an emitter's events, ended when it
 * closes, whose iterator never rejects (ENDING_EVENT_STREAM_METHODS).
 */
function isEndingEventStream(node: TSESTree.Node): boolean {
  const value = unwrapExpression(node);
  if (value.type !== 'CallExpression') return false;
  const callee = unwrapExpression(value.callee);
  return callee.type === 'MemberExpression' && ENDING_EVENT_STREAM_METHODS.has(staticPropertyName(callee) ?? '');
}

/**
 * `new RingCameraLight(this)`: an instance built where it stands, which is no promise unless its
 * class is `Promise` (read by name, as `isResolveOnlyPromise` reads it): a studied camera plugin's
 * async `getDevice` returns one (scrypted's ring plugin).
 */
function isNewInstance(node: TSESTree.Node): boolean {
  if (node.type !== 'NewExpression') return false;
  const callee = unwrapExpression(node.callee);
  return callee.type === 'Identifier' && callee.name !== 'Promise';
}

/** What `rejectingCalls` finds in a function that settles unless the calls it follows reject. */
export interface RejectionPoints {
  /** The calls whose failures become the function's. */
  readonly calls: readonly TSESTree.CallExpression[];
  /**
   * Those of `calls` that a `catch` returns or awaits, handing the caught error to a function named
   * by a plain name: `catch (err) { return cb(err) }`. When that name is a parameter (a callback
   * passed in, node's error-first `cb` or `done`), the failure is the caller's to handle and the
   * callback's own result is no promise of this function's: the readers (the rule's and the project
   * index's) then do not need to follow it (set 26: a file storage's upload validation hands every
   * failure to multer's callback).
   */
  readonly handOffs: ReadonlySet<TSESTree.CallExpression>;
  /**
   * Those of `calls` whose awaited result the function reads before testing it (`const app =
   * await getApp(); app.spec…`, result-reads.ts): the call fails the function when it may hand
   * back nothing, even if it cannot reject.
   */
  readonly reads: ReadonlySet<TSESTree.CallExpression>;
}

/** `save`, a parameter a call passes as a falsy literal (`off`), tested as is. */
function isOffParameter(test: TSESTree.Expression, off: ReadonlySet<string>): boolean {
  const node = unwrapExpression(test);
  return node.type === 'Identifier' && off.has(node.name);
}

/**
 * The calls a function's promise follows, when nothing else in it could reject: every `await`,
 * `for await` source, `throw` and returned value (an arrow's expression body included) outside the
 * block of a `try` whose `catch` does not throw again is either handled where it stands or a chain
 * of calls whose failures become the function's (see `followValue`). The function cannot reject
 * when none of those calls can (an empty list: it cannot reject at all). Undefined when something
 * could reject whatever the calls do: a throw, an awaited or returned value that is not a call
 * (`await this.ready`, `return promise`), `for await` over one (`of stream`). A `for await` source
 * is read as an awaited value: the iterator of `items()` fails as `items` may (an async generator
 * of this file, or another's with the index), and an emitter's event stream that ends rather than
 * rejects (`socket.listener('connect')`) adds nothing; the loop's body counts as any other code.
 * Only the function's own body counts: the functions it defines run elsewhere, except the
 * callbacks a chain or a combinator runs. `off` names parameters one call passes as a falsy
 * literal (offParameters): code behind `if (param)` does not run for it.
 */
export function rejectingCalls(fn: FunctionNode, off?: ReadonlySet<string>): RejectionPoints | undefined {
  const points = newPoints();
  const body = fn.body;
  if (!body) return undefined;
  const consts = lazyConsts(fn, body);
  // `const app = await getApp()` outside a guarded try: the result the function may read (resultsReadUntested).
  const awaited = new Map<string, TSESTree.CallExpression>();
  /** A point whose value becomes the function's failure: fine when handled or plain, calls to follow, or false. */
  const follow = (value: TSESTree.Node, caught: string | undefined): boolean => {
    const node = unwrapExpression(value);
    if (node.type === 'AwaitExpression') return true;
    // A catch that reports its failure handles it, as `.catch(report)` does, whatever the report's own fate.
    if (caught !== undefined && reportsCaught(node, caught)) return true;
    if (caught !== undefined && handsOn(node, caught)) points.handOffs.add(node as TSESTree.CallExpression);
    return followValue(node, points, consts);
  };
  const visit = (node: TSESTree.Node, guarded: boolean, caught: string | undefined): boolean => {
    if (isFunctionNode(node)) return true;
    // `if (save) { await … }` where this call passes `save` as `false`: that branch does not run.
    if (off && node.type === 'IfStatement' && isOffParameter(node.test, off))
      return !node.alternate || visit(node.alternate, guarded, caught);
    if (!guarded) {
      if (node.type === 'ThrowStatement') return false;
      // `for await (… of source)`: the source's iterator fails the loop as an awaited value would.
      if (
        node.type === 'ForOfStatement' &&
        node.await &&
        !isEndingEventStream(node.right) &&
        !follow(node.right, caught)
      )
        return false;
      if (node.type === 'AwaitExpression' && !follow(node.argument, caught)) return false;
      if (node.type === 'VariableDeclarator' && node.id.type === 'Identifier' && node.init) {
        const value = unwrapExpression(node.init);
        const call = value.type === 'AwaitExpression' ? unwrapExpression(value.argument) : undefined;
        if (call?.type === 'CallExpression') awaited.set(node.id.name, call);
      }
      if (node.type === 'ReturnStatement' && node.argument && !follow(node.argument, caught)) return false;
    }
    if (node.type === 'TryStatement') {
      const catches = node.handler !== null && !someOwnNode(node.handler.body, (n) => n.type === 'ThrowStatement');
      const param = node.handler?.param;
      return (
        visit(node.block, guarded || catches, caught) &&
        (!node.handler || visit(node.handler, guarded, param?.type === 'Identifier' ? param.name : undefined)) &&
        (!node.finalizer || visit(node.finalizer, guarded, caught))
      );
    }
    return everyValueChild(node, (child) => visit(child, guarded, caught));
  };
  // An arrow's expression body is its returned value.
  const settles =
    body.type === 'BlockStatement'
      ? visit(body, false, undefined)
      : follow(body, undefined) && visit(body, false, undefined);
  if (!settles) return undefined;
  if (awaited.size > 0)
    for (const call of resultsReadUntested(body, awaited)) if (points.calls.includes(call)) points.reads.add(call);
  return points;
}

/** The points being gathered: `RejectionPoints` before it is handed out. */
interface Points {
  calls: TSESTree.CallExpression[];
  handOffs: Set<TSESTree.CallExpression>;
  reads: Set<TSESTree.CallExpression>;
}

function newPoints(): Points {
  return { calls: [], handOffs: new Set(), reads: new Set() };
}

/**
 * `await Logging.logError({ …, error: err.stack })`: a call of a member given the caught error
 * `caught` (or a part of it, inside an object or a template): the failure is reported, as
 * `task.catch(report)` reports it (held-out set 37: a charging server's roaming updates, voided on
 * purpose, each catch awaiting its database logger). Plain names stay hand-offs (`handsOn`).
 */
function reportsCaught(node: TSESTree.Node, caught: string): boolean {
  return (
    node.type === 'CallExpression' &&
    unwrapExpression(node.callee).type === 'MemberExpression' &&
    node.arguments.some((argument) => someOwnNode(argument, (n) => n.type === 'Identifier' && n.name === caught))
  );
}

/** `cb(error)`, `done(null, error)`: a call of a plain name given the caught error `caught`. */
function handsOn(node: TSESTree.Node, caught: string): boolean {
  return (
    node.type === 'CallExpression' &&
    unwrapExpression(node.callee).type === 'Identifier' &&
    node.arguments.some((argument) => argument.type === 'Identifier' && argument.name === caught)
  );
}

/**
 * The calls whose failures become a dropped or awaited value's, or undefined when it may reject
 * whatever they do (see `followValue`): `[send()]` for `send()`, none for `send().catch(log)`.
 */
export function valueRejectingCalls(value: TSESTree.Node): RejectionPoints | undefined {
  const points = newPoints();
  return followValue(value, points, NO_NAMES) ? points : undefined;
}

/**
 * Adds to `points` the calls whose failures become `value`'s; false when it may reject whatever they
 * do. Handled where it stands: a plain value, a chain ending in `.catch(fn)`, a promise that can
 * only resolve, an instance built with `new` (not of `Promise`), `Promise.allSettled(…)`,
 * `Promise.resolve()` (Firebot's early `return Promise.resolve()` beside a guarded await, set 30).
 * Followed: `Promise.resolve(v)` as `v`; a call; `task.then(fn)` and `task.finally(fn)`
 * with `fn` written here (the task's calls and the callback's: cline's connector supervisor drops
 * a self-catching cleanup's `.then`, openreplay's search store awaits a self-catching fetch's
 * `.finally`); `Promise.all/race/any` over an array of such values or over `items.map(fn)` with
 * `fn` written here (cline's auth service awaits `Promise.all` of subscriber updates that each
 * catch), the array or callback read through a `const` of the function (`consts`). `Promise` is read
 * by name, as `isResolveOnlyPromise` reads it.
 */
function followValue(value: TSESTree.Node, points: Points, consts: NamedValues): boolean {
  const node = unwrapExpression(value);
  if (isPlainValue(node) || endsInCatch(node) || isResolveOnlyPromise(node) || isNewInstance(node)) return true;
  if (node.type === 'Identifier' && consts.holdsNoPromise(node.name)) return true;
  if (node.type !== 'CallExpression') return false;
  const callee = unwrapExpression(node.callee);
  if (callee.type === 'MemberExpression') {
    const method = staticPropertyName(callee);
    const object = unwrapExpression(callee.object);
    if ((method === 'then' && node.arguments.length === 1) || (method === 'finally' && node.arguments.length === 1)) {
      const callback = functionOf(node.arguments[0]!, consts);
      if (callback) return followCallback(callback, points) && followValue(object, points, consts);
    }
    // `Promise.resolve(v)` settles as `v` does: with nothing or a plain value it cannot reject.
    if (object.type === 'Identifier' && object.name === 'Promise' && method === 'resolve') {
      const [argument] = node.arguments;
      return argument === undefined || (argument.type !== 'SpreadElement' && followValue(argument, points, consts));
    }
    if (object.type === 'Identifier' && object.name === 'Promise' && method && PROMISE_COMBINATORS.has(method)) {
      if (method === 'allSettled') return true;
      return node.arguments.length === 1 && followEach(node.arguments[0]!, points, consts);
    }
  }
  points.calls.push(node);
  return true;
}

/**
 * The calls whose failures become those of the promises `items.map(fn)` makes (`fn` written here),
 * or undefined when they may reject whatever the calls do.
 */
export function elementsRejectingCalls(value: TSESTree.Node): RejectionPoints | undefined {
  const points = newPoints();
  const node = unwrapExpression(value as TSESTree.Expression);
  return node.type === 'CallExpression' && followEach(node, points, NO_NAMES) ? points : undefined;
}

/** The values of an array literal, or the promises `items.map(fn)` makes, each followed. */
function followEach(argument: TSESTree.Node, points: Points, consts: NamedValues): boolean {
  const node = namedValue(unwrapExpression(argument as TSESTree.Expression), consts);
  if (node.type === 'ArrayExpression')
    return node.elements.every(
      (element) => element !== null && element.type !== 'SpreadElement' && followValue(element, points, consts),
    );
  if (node.type !== 'CallExpression' || node.callee.type !== 'MemberExpression') return false;
  const callback = node.arguments[0] && functionOf(node.arguments[0], consts);
  return COLLECTING_METHODS.has(staticPropertyName(node.callee) ?? '') && callback !== undefined
    ? followCallback(callback, points)
    : false;
}

/** Adds a callback's own rejection points: false when it may reject whatever its calls do. */
function followCallback(callback: FunctionNode, points: Points): boolean {
  const own = rejectingCalls(callback);
  if (own === undefined) return false;
  points.calls.push(...own.calls);
  for (const call of own.handOffs) points.handOffs.add(call);
  for (const call of own.reads) points.reads.add(call);
  return true;
}

/** A function written inline, or named by a `const` of the enclosing function. */
function functionOf(argument: TSESTree.Node, consts: NamedValues): FunctionNode | undefined {
  const node = namedValue(unwrapExpression(argument as TSESTree.Expression), consts);
  return isFunctionNode(node) ? node : undefined;
}

/** What a function's own `const`s hold, by name (see `ownConsts`), and which of its variables hold no promise. */
interface NamedValues {
  get(name: string): TSESTree.Expression | undefined;
  holdsNoPromise(name: string): boolean;
}

/** A value read outside any function: no names to look up. */
const NO_NAMES: NamedValues = { get: () => undefined, holdsNoPromise: () => false };

/** `node`, or the value of the `const` it names. */
function namedValue(node: TSESTree.Node, consts: NamedValues): TSESTree.Node {
  const value = node.type === 'Identifier' ? consts.get(node.name) : undefined;
  return value ? unwrapExpression(value) : node;
}

/** The function's own `const`s, read on first use: most functions never name a callback or an array through one. */
function lazyConsts(fn: FunctionNode, body: TSESTree.Node): NamedValues {
  let consts: ReadonlyMap<string, TSESTree.Expression> | undefined;
  let noPromise: ReadonlySet<string> | undefined;
  return {
    get: (name) => (consts ??= ownConsts(body)).get(name),
    holdsNoPromise: (name) => (noPromise ??= noPromiseVariablesOf(fn)).has(name),
  };
}

/**
 * `const name = value` declared once in a function's own body (not in the functions it defines):
 * what a combinator or a chain names there (`const promises = items.map(…)`, `const write = (pipe)
 * => …`). A name declared twice, or also by `let`, `var` or a parameter of a nested scope, is left
 * out rather than told apart.
 */
function ownConsts(body: TSESTree.Node): ReadonlyMap<string, TSESTree.Expression> {
  const consts = new Map<string, TSESTree.Expression>();
  const seen = new Set<string>();
  const record = (node: TSESTree.Node): void => {
    if (node.type === 'VariableDeclaration')
      for (const declarator of node.declarations) {
        if (declarator.id.type !== 'Identifier') continue;
        const name = declarator.id.name;
        if (seen.has(name)) consts.delete(name);
        else if (node.kind === 'const' && declarator.init) consts.set(name, declarator.init);
        seen.add(name);
      }
    everyValueChild(node, (child) => {
      if (!isFunctionNode(child)) record(child);
      return true;
    });
  };
  record(body);
  return consts;
}

function someOwnNode(node: TSESTree.Node, test: (node: TSESTree.Node) => boolean): boolean {
  if (test(node)) return true;
  return !everyValueChild(node, (child) => isFunctionNode(child) || !someOwnNode(child, test));
}
