import type { TSESTree } from '@typescript-eslint/utils';
import type ts from 'typescript';
import { isModuleLevelScope, resolveIdentifier, type AnalysisContext, type Variable } from '../../core/context.js';
import type { DetectorFactory } from '../../core/detector.js';
import { TEARDOWN_NAME } from '../../knowledge/lifecycle.js';
import { exportNameOf, isGlobalReference, normalizeModule, resolveImportedValue, staticPropertyName, type ImportedValue } from '../../core/imports.js';
import { enclosingFunction, isFunctionNode, type FunctionNode } from '../../core/ast.js';
import { enclosingHandler, loopLabel, repetitionOf, type Repetition } from '../../frequency/repetition.js';
import { ASYNC_CLIENT_METHODS, ASYNC_GLOBALS, ASYNC_MODULE_FUNCTIONS } from '../../knowledge/async-apis.js';
import { calleeName, forEachDescendant, hasOwnNode, methodsOf, propertyKeyName, shortText, thisOwnerOf, type ThisOwner } from '../../core/ast.js';
import { outermostWrapperOf, unwrapExpression } from '../../core/imports.js';
import { runsInBrowserPage } from '../../frequency/run-context.js';

export interface FloatingTaskOptions {
  /** Ask the type checker whether a discarded value is a thenable (any promise-like), not only the known APIs. */
  readonly typeAware: boolean;
}

/** The name of the task registry function whose calls take ownership of a task: `track(doWork())`. */
export const TRACKER_NAME = 'track';

export type FloatingTaskFinding =
  | {
      /** A statement (or `void`) throws a task's promise away. */
      readonly kind: 'discarded';
      /** The task expression (inside `void`). */
      readonly node: TSESTree.CallExpression | TSESTree.NewExpression;
      readonly task: string;
      /** "on every iteration of a for...of loop", "in the POST route handler"… */
      readonly context: string;
      readonly voidOperator: TSESTree.UnaryExpression | undefined;
      /** The value is an array of tasks (`items.map(async …)`), not one task. */
      readonly array: boolean;
      /**
       * `Promise.all` when the task is the last statement of a map callback that returns nothing
       * else and the map's result goes to that combinator: the callback forgot to return it.
       */
      readonly unreturnedInto?: string;
      /** The statement that discards the task, when it is a plain expression statement. */
      readonly statement?: TSESTree.ExpressionStatement;
    }
  | {
      /** `items.forEach((x) => save(x))`: the callback returns the task, and forEach drops it. */
      readonly kind: 'callbackResult';
      readonly node: TSESTree.CallExpression | TSESTree.NewExpression;
      readonly task: string;
      readonly context: string;
    }
  | {
      /** `items.forEach(async (x) => …)`: forEach drops the promise of every call. */
      readonly kind: 'asyncForEach';
      /** The callback. */
      readonly node: TSESTree.Node;
    };

interface DiscardedCandidate {
  readonly expression: TSESTree.CallExpression | TSESTree.NewExpression;
  readonly voidOperator: TSESTree.UnaryExpression | undefined;
}

const PROMISE_STATICS = new Set(['all', 'allSettled', 'race', 'any', 'resolve', 'reject']);
/** Methods that run a batch (ioredis pipeline and multi, transactions) and settle every command queued on it. */
const BATCH_RUNNERS = new Set(['exec', 'commit', 'onIdle']);
/** Array methods whose result holds what the callback returns: a discarded result of these drops every task. */
const COLLECTING_METHODS = new Set(['map', 'flatMap']);

/**
 * Tasks started again and again and tracked by nobody: a promise-returning call whose result a
 * statement or `void` throws away inside a loop, an iteration callback or a per-request/message
 * handler, and async callbacks (or callbacks returning a task) given to forEach. Without types a
 * call is a task when it calls a function declared async (or annotated to return a Promise) in
 * this file, resolved by binding (also `this.method()` and methods of a class or object declared
 * here), `new Promise`, a Promise combinator, a `.then`/`.catch`/`.finally` chain on one of
 * those, an async IIFE, or an API from the catalogue; with `typeAware`, any thenable.
 * `track(task)` hands the task to a registry and is never reported.
 */
export const createFloatingTaskDetector: DetectorFactory<FloatingTaskOptions, FloatingTaskFinding> = (ctx, options) => {
  const discarded: DiscardedCandidate[] = [];
  const forEachCalls: TSESTree.CallExpression[] = [];

  const visitors = {
    ExpressionStatement(node: TSESTree.ExpressionStatement) {
      let expression = unwrapExpression(node.expression);
      let voidOperator: TSESTree.UnaryExpression | undefined;
      if (expression.type === 'UnaryExpression' && expression.operator === 'void') {
        voidOperator = expression;
        expression = unwrapExpression(expression.argument);
      }
      if (expression.type === 'CallExpression' || expression.type === 'NewExpression') discarded.push({ expression, voidOperator });
    },
    CallExpression(node: TSESTree.CallExpression) {
      const callee = unwrapExpression(node.callee);
      if (callee.type === 'MemberExpression' && staticPropertyName(callee) === 'forEach' && node.arguments.length > 0) forEachCalls.push(node);
    },
  };

  const checker = options.typeAware && ctx.types ? ctx.types.program.getTypeChecker() : undefined;

  /** A same-file function that returns a promise: declared async, or annotated `Promise<…>`. */
  const returnsPromise = (fn: TSESTree.Node | undefined): boolean => {
    if (!fn || (!isFunctionNode(fn) && fn.type !== 'TSDeclareFunction')) return false;
    if (fn.async) return true;
    const annotation = fn.returnType?.typeAnnotation;
    return annotation?.type === 'TSTypeReference' && annotation.typeName.type === 'Identifier' && /^(Promise|PromiseLike)$/.test(annotation.typeName.name);
  };

  /**
   * A same-file function whose call leaves work running: it returns a promise, and (when declared
   * async here) awaits or returns something. An async function that never awaits has done its work
   * when the call returns (`async onFinish() { this.timer ??= setTimeout(…) }`).
   */
  const startsWork = (fn: TSESTree.Node | undefined): boolean => returnsPromise(fn) && (!fn || !isFunctionNode(fn) || leavesWorkPending(fn));

  /** The function a variable is bound to once and for all: a declaration or a const initialised with one. */
  const functionOfVariable = (variable: Variable | undefined): TSESTree.Node | undefined => {
    if (!variable || variable.defs.length !== 1) return undefined;
    const def = variable.defs[0]!;
    if (def.type === 'FunctionName') return def.node;
    if (def.type === 'Variable' && def.node.parent.kind === 'const' && def.node.init) return unwrapExpression(def.node.init);
    return undefined;
  };

  /** The class body or object literal whose members `receiver.method()` calls, when this file declares it. */
  const membersOfReceiver = (receiver: TSESTree.Node): ThisOwner | undefined => {
    const node = unwrapExpression(receiver);
    if (node.type === 'ThisExpression') return thisOwnerOf(node);
    if (node.type !== 'Identifier') return undefined;
    const variable = resolveIdentifier(ctx, node);
    if (!variable || variable.defs.length !== 1) return undefined;
    const def = variable.defs[0]!;
    if (def.type === 'ClassName') return { body: def.node.body, isStatic: true };
    if (def.type !== 'Variable' || def.node.parent.kind !== 'const' || !def.node.init) return undefined;
    const init = unwrapExpression(def.node.init);
    if (init.type === 'ObjectExpression') return { body: init, isStatic: false };
    if (init.type !== 'NewExpression') return undefined;
    const cls = unwrapExpression(init.callee);
    if (cls.type === 'ClassExpression') return { body: cls.body, isStatic: false };
    if (cls.type !== 'Identifier') return undefined;
    const classDef = resolveIdentifier(ctx, cls)?.defs[0];
    return classDef?.type === 'ClassName' ? { body: classDef.node.body, isStatic: false } : undefined;
  };

  /** `new Client(…)` from a catalogue module, as the receiver of `client.method()`. */
  const clientClassOf = (receiver: TSESTree.Node): ImportedValue | undefined => {
    const node = unwrapExpression(receiver);
    if (node.type !== 'Identifier') return undefined;
    const variable = resolveIdentifier(ctx, node);
    const def = variable?.defs.length === 1 ? variable.defs[0] : undefined;
    if (def?.type !== 'Variable' || !def.node.init) return undefined;
    const init = unwrapExpression(def.node.init);
    return init.type === 'NewExpression' ? resolveImportedValue(ctx, init.callee) : undefined;
  };

  const isCatalogueFunction = (callee: TSESTree.Node): boolean => {
    const value = resolveImportedValue(ctx, callee);
    if (!value) return false;
    const names = ASYNC_MODULE_FUNCTIONS.get(normalizeModule(value.source));
    if (!names) return false;
    const path = value.path[0] === 'default' ? value.path.slice(1) : value.path;
    return names.has(path.length === 0 ? 'default' : path.join('.'));
  };

  const isCatalogueClientMethod = (call: TSESTree.CallExpression, callee: TSESTree.MemberExpression, method: string): boolean => {
    const entries = ASYNC_CLIENT_METHODS.filter((entry) => entry.methods.has(method));
    if (entries.length === 0) return false;
    const cls = clientClassOf(callee.object);
    const className = cls ? exportNameOf(cls) : undefined;
    if (!cls || className === undefined) return false;
    const entry = entries.find((e) => e.module.test(cls.source) && e.className.test(className));
    if (!entry) return false;
    const last = call.arguments[call.arguments.length - 1];
    return !(entry.callbackStyle && last && isFunctionNode(last));
  };

  /** `track(task)` with a registry's track: imported (under any local name), or declared at module level. */
  const isTrackerCall = (call: TSESTree.CallExpression): boolean => {
    const callee = unwrapExpression(call.callee);
    if (callee.type !== 'Identifier') return false;
    const variable = resolveIdentifier(ctx, callee);
    const def = variable?.defs[0];
    if (def?.type === 'ImportBinding' && def.node.type === 'ImportSpecifier') {
      const imported = def.node.imported;
      return (imported.type === 'Identifier' ? imported.name : imported.value) === TRACKER_NAME;
    }
    if (callee.name !== TRACKER_NAME) return false;
    return def?.type === 'ImportBinding' || ((def?.type === 'FunctionName' || def?.type === 'Variable') && isModuleLevelScope(variable!.scope));
  };

  /** Whether `expression` makes a promise this file can tell about without types. */
  const isKnownTask = (expression: TSESTree.Node): boolean => {
    const node = unwrapExpression(expression);
    if (node.type === 'NewExpression') {
      const callee = unwrapExpression(node.callee);
      return isGlobalReference(ctx, callee, 'Promise');
    }
    if (node.type !== 'CallExpression' || isTrackerCall(node)) return false;
    const callee = unwrapExpression(node.callee);
    if (callee.type === 'ArrowFunctionExpression' || callee.type === 'FunctionExpression') return callee.async;
    if (callee.type === 'Identifier') {
      if (ASYNC_GLOBALS.has(callee.name) && isGlobalReference(ctx, callee, callee.name)) return true;
      const variable = resolveIdentifier(ctx, callee);
      return startsWork(functionOfVariable(variable)) || (variable?.defs[0]?.type === 'ImportBinding' && isCatalogueFunction(callee));
    }
    if (callee.type !== 'MemberExpression') return false;
    const method = staticPropertyName(callee);
    if (method === undefined) return false;
    // Chains count when they start from a task: `cy.get(x).then(…)` and other thenables-in-name are not.
    if (method === 'then' || method === 'catch' || method === 'finally') {
      const root = unwrapExpression(callee.object);
      // `Promise.resolve(p).catch(() => {})` only attaches to a promise that exists; a handler that does something is the task.
      if (isPromiseStatic(root, 'resolve')) return node.arguments.some((arg) => isFunctionNode(arg) && !isEmptyFunction(arg));
      return isKnownTask(callee.object);
    }
    const receiver = unwrapExpression(callee.object);
    // A bare `Promise.resolve(x)` wraps a value that exists already: it starts nothing.
    if (isGlobalReference(ctx, receiver, 'Promise')) return PROMISE_STATICS.has(method) && method !== 'resolve';
    const members = membersOfReceiver(receiver);
    if (members) return startsWork(methodsOf(members.body, members.isStatic).get(method));
    return isCatalogueFunction(callee) || isCatalogueClientMethod(node, callee, method);
  };

  /** `Promise.resolve(…)` (or another static) on the global Promise. */
  const isPromiseStatic = (node: TSESTree.Node, method: string): boolean => {
    if (node.type !== 'CallExpression') return false;
    const callee = unwrapExpression(node.callee);
    if (callee.type !== 'MemberExpression' || staticPropertyName(callee) !== method) return false;
    return isGlobalReference(ctx, unwrapExpression(callee.object), 'Promise');
  };

  const isThenableExpression = (expression: TSESTree.Node): boolean => {
    if (!checker || !ctx.types) return false;
    const tsNode = ctx.types.esTreeNodeToTSNodeMap.get(expression);
    return isThenableType(checker, checker.getTypeAtLocation(tsNode), tsNode);
  };

  const isTask = (expression: TSESTree.Node): boolean => {
    if (expression.type === 'CallExpression' && (isTrackerCall(expression) || handsOutcomeToCallbacks(expression) || isEventDispatch(expression))) return false;
    return isKnownTask(expression) || (checker !== undefined && isThenableExpression(expression));
  };

  /** `items.map(async …)`: an array of tasks, one per element. */
  const isArrayOfTasks = (expression: TSESTree.Node): boolean => {
    if (expression.type !== 'CallExpression') return false;
    const callee = unwrapExpression(expression.callee);
    if (callee.type !== 'MemberExpression' || !COLLECTING_METHODS.has(staticPropertyName(callee) ?? '')) return false;
    const callback = expression.arguments[0];
    return callback !== undefined && callbackReturnsTask(callback);
  };

  /** An async function that waits or hands a value back, an arrow whose expression body is a task, or such a same-file function by name. */
  const callbackReturnsTask = (callback: TSESTree.Node): boolean => {
    const node = unwrapExpression(callback);
    if (isFunctionNode(node)) return startsWork(node) || (node.type === 'ArrowFunctionExpression' && node.expression && isTask(node.body));
    return node.type === 'Identifier' && startsWork(functionOfVariable(resolveIdentifier(ctx, node)));
  };

  const repeatedContext = (node: TSESTree.Node): string | undefined => {
    const repetition = repetitionOf(node);
    if (repetition?.kind === 'loop') return `on every iteration of a ${loopLabel(repetition.node)}`;
    if (repetition) return `once per element in a ${repetition.method} callback`;
    if (isStreamProducer(ctx, node)) return undefined;
    const handler = enclosingHandler(ctx, node);
    return handler ? `in the ${handler.description}` : undefined;
  };

  /**
   * `queue(batch, item)` or `batch.add(item)` per iteration, with the batch run after the loop in
   * the same function (`await batch.exec()`, `batch.commit()`): the batch settles what was queued.
   */
  const settledByBatch = (expression: TSESTree.CallExpression | TSESTree.NewExpression, repetition: Repetition | undefined): boolean => {
    if (!repetition) return false;
    const callee = unwrapExpression(expression.callee);
    // The batch itself, or a property of an options object (`createFile({ …, queue })`).
    const optionValues = expression.arguments.flatMap((arg) => (arg.type === 'ObjectExpression' ? arg.properties.flatMap((prop) => (prop.type === 'Property' ? [prop.value] : [])) : []));
    const candidates = [...expression.arguments, ...optionValues, ...(callee.type === 'MemberExpression' ? [callee.object] : [])];
    const owner = enclosingFunction(repetition.node);
    return candidates.some((candidate) => {
      const node = unwrapExpression(candidate);
      const variable = node.type === 'Identifier' ? resolveIdentifier(ctx, node) : undefined;
      return variable?.references.some(({ identifier }) => {
        const member = identifier.parent;
        return (
          identifier.range[0] > repetition.node.range[1] &&
          member?.type === 'MemberExpression' &&
          member.object === identifier &&
          BATCH_RUNNERS.has(staticPropertyName(member) ?? '') &&
          member.parent.type === 'CallExpression' &&
          member.parent.callee === member &&
          enclosingFunction(member) === owner
        );
      });
    });
  };

  /**
   * `port.on('message', (m) => { void (async () => { … })(); })`: an async IIFE that is the whole
   * body of a handler is the handler written async, as `port.on('message', async (m) => …)` would
   * be, which this rule leaves to the emitter. In a loop or an iteration callback it is still one
   * task per element.
   */
  const isWholeHandlerBody = (expression: TSESTree.CallExpression | TSESTree.NewExpression): boolean => {
    if (repetitionOf(expression)) return false;
    // `(async () => { … })().catch(next)`, `this.handle(req, res).catch(fail)`: the handler's own
    // work, run async with its failures handed on.
    if (caughtCall(expression) === undefined && !isFunctionNode(unwrapExpression(expression.callee)) && !callsFunctionCatchingItsFailure(expression)) return false;
    const voided = expression.parent?.type === 'UnaryExpression' && expression.parent.operator === 'void' ? expression.parent : undefined;
    const statement = statementOf(voided ?? expression);
    const block = statement?.parent;
    if (block?.type !== 'BlockStatement' || block.parent === undefined || !isFunctionNode(block.parent) || block.body.at(-1) !== statement) return false;
    // Only declarations and early-return guards before it (`const handle = async () => { … };
    // handle().catch(fail)`, `if (!validHost(req, res)) return;`).
    return block.body.slice(0, -1).every((before) => before.type === 'VariableDeclaration' || before.type === 'FunctionDeclaration' || isEarlyReturnGuard(before));
  };

  /**
   * `postData(req, res)` where this file declares `async function postData` with all its waiting
   * inside a try whose catch answers: one call of it as a handler's whole body is the handler
   * written async (held-out false positive in a marine data server's application-data routes).
   */
  const callsFunctionCatchingItsFailure = (expression: TSESTree.CallExpression | TSESTree.NewExpression): boolean => {
    const callee = unwrapExpression(expression.callee);
    const fn = callee.type === 'Identifier' ? functionOfVariable(resolveIdentifier(ctx, callee)) : undefined;
    return fn !== undefined && isFunctionNode(fn) && catchesOwnFailure(fn);
  };

  /**
   * `await dataset.forEach(async (item) => …)`: Array.prototype.forEach returns nothing, so a
   * forEach whose result is awaited or chained, or one a class or object in this file declares
   * for its receiver, is an async iterator that waits for each callback (held-out false positives
   * in a crawler's dataset, whose map and reduce are built on its own forEach).
   */
  const isOwnAsyncForEach = (call: TSESTree.CallExpression): boolean => {
    const user = outermostWrapperOf(call);
    const parent = user.parent;
    if (parent?.type === 'AwaitExpression' || (parent?.type === 'MemberExpression' && parent.object === user && staticPropertyName(parent) === 'then')) return true;
    const callee = unwrapExpression(call.callee);
    const members = callee.type === 'MemberExpression' ? membersOfReceiver(callee.object) : undefined;
    return members !== undefined && methodsOf(members.body, members.isStatic).has('forEach');
  };

  const describeTask = (expression: TSESTree.CallExpression | TSESTree.NewExpression): string => {
    if (expression.type === 'NewExpression') return '`new Promise(…)`';
    const callee = unwrapExpression(expression.callee);
    if (isFunctionNode(callee)) return 'an async IIFE';
    return `\`${shortText(ctx, callee)}(…)\``;
  };

  const finish = (): FloatingTaskFinding[] => {
    const findings: FloatingTaskFinding[] = [];
    for (const { expression, voidOperator } of discarded) {
      if (isArrayOfTasks(expression)) {
        findings.push({ kind: 'discarded', node: expression, task: describeTask(expression), context: 'for every element', voidOperator, array: true });
        continue;
      }
      const context = repeatedContext(expression);
      if (context === undefined || !isTask(expression) || isWholeHandlerBody(expression) || isHandledTeardown(expression) || runsInBrowserPage(expression)) continue;
      if (forwardsFailureToDeferreds(unwrapExpression(expression.callee))) continue;
      if (settledByBatch(expression, repetitionOf(expression)) || resumesPausedSource(ctx, expression)) continue;
      const statement = voidOperator ? undefined : statementOf(expression);
      const unreturnedInto = statement && unreturnedFromCollectedMap(ctx, statement);
      findings.push({ kind: 'discarded', node: expression, task: describeTask(expression), context, voidOperator, array: false, ...(unreturnedInto && { unreturnedInto, statement }) });
    }
    for (const call of forEachCalls) {
      const callback = unwrapExpression(call.arguments[0]!);
      if (isFunctionNode(callback) && callback.type === 'ArrowFunctionExpression' && callback.expression && !callback.async) {
        const body = unwrapExpression(callback.body);
        if ((body.type === 'CallExpression' || body.type === 'NewExpression') && isTask(body)) {
          findings.push({ kind: 'callbackResult', node: body, task: describeTask(body), context: 'once per element in a forEach callback' });
        }
      } else if (callbackReturnsTask(callback) && !isOwnAsyncForEach(call)) {
        findings.push({ kind: 'asyncForEach', node: callback });
      }
    }
    return findings;
  };

  return { visitors, finish };
};

/**
 * Whether a promise-returning function can still be running when it returns: it awaits (`await`,
 * `for await`), hands a value back (`return x`, an expression body, which may be a task), or is
 * not async (declared to return a Promise). An async function with none of these runs to its end
 * before the call returns: it starts no task (its `async` only turns a throw into a rejection).
 */
function leavesWorkPending(fn: FunctionNode): boolean {
  if (!fn.async || fn.body.type !== 'BlockStatement') return true;
  return hasOwnNode(fn.body, (node) => node.type === 'AwaitExpression' || (node.type === 'ForOfStatement' && node.await) || returnsValue(node));
}

/** `return value`, but not `return true`: a literal is no promise, so returning it leaves nothing running. */
const returnsValue = (node: TSESTree.Node): boolean => node.type === 'ReturnStatement' && node.argument !== null && node.argument.type !== 'Literal';

/**
 * `new ReadableStream({ start(controller) { void pump(); }, cancel() { closed = true; } })`: a task
 * started in a stream's start() or pull() produces what the stream's reader consumes, and the
 * source's cancel() is there to stop it, so it lives as long as the response or pipe it feeds
 * rather than beside a handler's work (held-out false positives in an AI SDK's streaming routes).
 */
function isStreamProducer(ctx: AnalysisContext, node: TSESTree.Node): boolean {
  let fn = enclosingFunction(node);
  while (fn && fn.parent?.type === 'CallExpression' && fn.parent.callee === fn) fn = enclosingFunction(fn.parent);
  const member = fn?.parent;
  if (member?.type !== 'Property' || member.value !== fn || !['start', 'pull'].includes(propertyKeyName(member) ?? '')) return false;
  const source = member.parent;
  const creation = source.parent;
  if (source.type !== 'ObjectExpression' || creation?.type !== 'NewExpression' || creation.arguments[0] !== source) return false;
  const hasCancel = source.properties.some((prop) => prop.type === 'Property' && propertyKeyName(prop) === 'cancel');
  return hasCancel && isGlobalReference(ctx, unwrapExpression(creation.callee), 'ReadableStream');
}

/** `if (!ok) return;`, `if (!ok) { res.end(); return; }`: a check that ends the function early and does nothing else. */
function isEarlyReturnGuard(statement: TSESTree.Statement): boolean {
  if (statement.type !== 'IfStatement' || statement.alternate) return false;
  const last = statement.consequent.type === 'BlockStatement' ? statement.consequent.body.at(-1) : statement.consequent;
  return last?.type === 'ReturnStatement';
}

/** `() => {}`, `function () {}`, `() => undefined`, `() => null`: a callback that does nothing. */
function isEmptyFunction(fn: TSESTree.Node): boolean {
  if (!isFunctionNode(fn)) return false;
  if (fn.body.type === 'BlockStatement') return fn.body.body.length === 0;
  const value = unwrapExpression(fn.body);
  return (value.type === 'Identifier' && value.name === 'undefined') || (value.type === 'Literal' && value.value === null) || (value.type === 'UnaryExpression' && value.operator === 'void' && value.argument.type === 'Literal');
}

/**
 * `this.close().catch(() => {})`, `closeServer().catch(report)`: a teardown with its failure
 * handled ends what it is called on, once; it is not work started per item or request (held-out
 * false positives in an MCP client's stdio transport and a coding agent's hub server).
 */
function isHandledTeardown(expression: TSESTree.CallExpression | TSESTree.NewExpression): boolean {
  const teardown = caughtCall(expression);
  const name = teardown && calleeName(teardown.callee);
  return name !== undefined && TEARDOWN_NAME.test(name);
}

/**
 * `this.emit('debug', …)`: an event emitter's emit tells the listeners, and what they start is
 * theirs to track. Some emitters' emit is async only to look up subscribers (held-out false
 * positives in a blockchain SDK's provider, which emits a debug event per gateway URL it tries).
 */
function isEventDispatch(call: TSESTree.CallExpression): boolean {
  const callee = unwrapExpression(call.callee);
  return callee.type === 'MemberExpression' && staticPropertyName(callee) === 'emit';
}

/**
 * An async function that handles its own failures: every `await`, `for await` and `throw` in its
 * own body sits in the block of a `try` whose `catch` does not throw again. (A returned call is
 * not judged: `return res.status(400).send(…)` is how Express handlers end, and only types tell
 * it from a returned promise.)
 */
function catchesOwnFailure(fn: FunctionNode): boolean {
  if (!fn.async || fn.body.type !== 'BlockStatement') return false;
  const guarded = (node: TSESTree.Node): boolean => {
    for (let child = node, current = node.parent; current && current !== fn; child = current, current = current.parent) {
      if (current.type === 'TryStatement' && current.block === child && current.handler && !hasOwnNode(current.handler.body, (n) => n.type === 'ThrowStatement')) return true;
    }
    return false;
  };
  return !hasOwnNode(fn.body, (node) => {
    const mayReject =
      node.type === 'AwaitExpression' ||
      node.type === 'ThrowStatement' ||
      (node.type === 'ForOfStatement' && node.await);
    return mayReject && !guarded(node);
  });
}

/** `reject(error)`, `deferred.reject(error)`: settling a promise someone awaits with a failure. */
function isRejectCall(node: TSESTree.Node): boolean {
  return node.type === 'CallExpression' && calleeName(unwrapExpression(node.callee)) === 'reject' && node.arguments.length > 0;
}

/**
 * `(async () => { try { … resolve(result) } catch (error) { reject(error) } })()`: a task that
 * ends in a try whose catch hands the failure to the deferred promises it settles is tracked by
 * whoever awaits them (held-out false positive in a blockchain SDK's batch dispatcher, one task
 * per batch of queued requests).
 */
function forwardsFailureToDeferreds(callee: TSESTree.Node): boolean {
  if (!isFunctionNode(callee) || !callee.async || callee.body.type !== 'BlockStatement') return false;
  const last = callee.body.body.at(-1);
  return last?.type === 'TryStatement' && last.handler !== null && last.finalizer === null && hasOwnNode(last.handler.body, isRejectCall);
}

/** `task(…).catch(handler)`: the call whose failure `expression` handles, or undefined. */
function caughtCall(expression: TSESTree.CallExpression | TSESTree.NewExpression): TSESTree.CallExpression | undefined {
  const callee = unwrapExpression(expression.callee);
  if (expression.type !== 'CallExpression' || callee.type !== 'MemberExpression' || staticPropertyName(callee) !== 'catch' || expression.arguments.length === 0) return undefined;
  const caught = unwrapExpression(callee.object);
  return caught.type === 'CallExpression' ? caught : undefined;
}

/** The expression statement whose value is `expression` (looking through `as`, `!`, `?.`). */
function statementOf(expression: TSESTree.Node): TSESTree.ExpressionStatement | undefined {
  const node = outermostWrapperOf(expression);
  return node.parent?.type === 'ExpressionStatement' ? node.parent : undefined;
}

/**
 * `xs.map((x) => { task(x); })` whose result goes to `Promise.all` (directly, or through a const
 * passed to it): the task is the callback's last statement and the callback returns nothing else,
 * so returning the task is the whole fix. The combinator's name (`Promise.all`), or undefined.
 */
function unreturnedFromCollectedMap(ctx: AnalysisContext, statement: TSESTree.ExpressionStatement): string | undefined {
  const block = statement.parent;
  const callback = block?.parent;
  if (block?.type !== 'BlockStatement' || block.body[block.body.length - 1] !== statement || !callback || !isFunctionNode(callback) || callback.body !== block) return undefined;
  const map = callback.parent;
  if (map?.type !== 'CallExpression' || map.arguments[0] !== callback) return undefined;
  const callee = unwrapExpression(map.callee);
  if (callee.type !== 'MemberExpression' || !COLLECTING_METHODS.has(staticPropertyName(callee) ?? '')) return undefined;
  if (hasOwnNode(block, returnsValue)) return undefined;
  const result = outermostWrapperOf(map);
  const combinatorOf = (argument: TSESTree.Node): string | undefined => {
    const call = argument.parent;
    if (call?.type !== 'CallExpression' || call.arguments[0] !== argument) return undefined;
    const combinator = unwrapExpression(call.callee);
    if (combinator.type !== 'MemberExpression') return undefined;
    const receiver = unwrapExpression(combinator.object);
    const method = staticPropertyName(combinator);
    const isPromise = isGlobalReference(ctx, receiver, 'Promise');
    return isPromise && method !== undefined && COMBINATORS.has(method) ? `Promise.${method}` : undefined;
  };
  const direct = combinatorOf(result);
  if (direct) return direct;
  const declarator = result.parent;
  if (declarator?.type !== 'VariableDeclarator' || declarator.init !== result || declarator.id.type !== 'Identifier' || declarator.parent.kind !== 'const') return undefined;
  const variable = resolveIdentifier(ctx, declarator.id);
  for (const ref of variable?.references ?? []) {
    if (ref.init) continue;
    const use = outermostWrapperOf(ref.identifier);
    const combinator = combinatorOf(use);
    if (combinator) return combinator;
  }
  return undefined;
}

/** Promise combinators that wait for every task of an array (or the first to settle). */
const COMBINATORS = new Set(['all', 'allSettled', 'any', 'race']);

/**
 * Flow control: `source.pause()` earlier in the same function and `task.then(() => source.resume())`
 * (or `.finally`): the source emits nothing until the task is done, so tasks never pile up.
 */
function resumesPausedSource(ctx: AnalysisContext, call: TSESTree.CallExpression | TSESTree.NewExpression): boolean {
  const fn = enclosingFunction(call);
  if (!fn) return false;
  const callsOn = (root: TSESTree.Node, method: string, before = Infinity): Set<string> => {
    const objects = new Set<string>();
    forEachDescendant(root, (node) => {
      if (node.type !== 'CallExpression' || node.range[1] > before) return;
      const callee = unwrapExpression(node.callee);
      if (callee.type === 'MemberExpression' && staticPropertyName(callee) === method) objects.add(ctx.text.slice(...callee.object.range));
    });
    return objects;
  };
  const paused = callsOn(fn.body, 'pause', call.range[0]);
  if (paused.size === 0) return false;
  for (let node: TSESTree.Node = call; node.type === 'CallExpression'; ) {
    const callee = unwrapExpression(node.callee);
    if (callee.type !== 'MemberExpression') break;
    const method = staticPropertyName(callee);
    if (method !== 'then' && method !== 'finally') break;
    const callback = node.arguments[0] && unwrapExpression(node.arguments[0]);
    if (callback && isFunctionNode(callback) && [...callsOn(callback, 'resume')].some((object) => paused.has(object))) return true;
    node = unwrapExpression(callee.object);
  }
  return false;
}

/**
 * `task.then(onDone, onFail)` or `task.then(onDone).catch(onFail)`: both outcomes go to callbacks
 * that carry the work on, the callback style of waiting for a task (a pending counter, a `done`
 * callback), so it is tracked. A chain with only one of them leaves the other outcome to nobody.
 */
function handsOutcomeToCallbacks(call: TSESTree.CallExpression): boolean {
  let fulfilled = false;
  let rejected = false;
  for (let node: TSESTree.Node = call; node.type === 'CallExpression'; ) {
    const callee = unwrapExpression(node.callee);
    if (callee.type !== 'MemberExpression') break;
    const method = staticPropertyName(callee);
    if (method === 'then') {
      fulfilled ||= node.arguments.length >= 1;
      rejected ||= node.arguments.length >= 2;
    } else if (method === 'catch') {
      rejected ||= node.arguments.length >= 1;
    } else if (method !== 'finally') {
      break;
    }
    node = unwrapExpression(callee.object);
  }
  return fulfilled && rejected;
}


/** A type with a callable `then` (any union member), or an array of such. */
function isThenableType(checker: ts.TypeChecker, type: ts.Type, at: ts.Node): boolean {
  for (const part of type.isUnion() ? type.types : [type]) {
    const then = part.getProperty('then');
    if (then && checker.getTypeOfSymbolAtLocation(then, at).getCallSignatures().length > 0) return true;
  }
  if (checker.isArrayType(type)) {
    const [element] = checker.getTypeArguments(type as ts.TypeReference);
    return element !== undefined && isThenableType(checker, element, at);
  }
  return false;
}

