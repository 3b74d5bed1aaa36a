import type { TSESTree } from '@typescript-eslint/utils';
import { resolveIdentifier, type AnalysisContext } from '../../core/context.js';
import type { ExemptionTable } from '../../core/exemptions.js';
import {
  calleeName,
  enclosingFunction,
  forEachDescendant,
  type FunctionNode,
  hasOwnNode,
  isFunctionNode,
  isNullOrUndefined,
  methodsOf,
  propertyKeyName,
  someDescendant,
} from '../../core/ast.js';
import { isGlobalReference, outermostWrapperOf, staticPropertyName, unwrapExpression } from '../../core/imports.js';
import { repetitionOf, type Repetition } from '../../frequency/repetition.js';
import { runsInBrowserPage } from '../../frequency/run-context.js';
import { startupPassOf } from '../../frequency/startup-pass.js';
import { TEARDOWN_NAME } from '../../knowledge/lifecycle.js';
import { fileRoleOf } from '../../core/file-role.js';
import { BATCH_RUNNERS, STREAM_PRODUCER_METHODS } from '../../knowledge/promise-methods.js';
import {
  callsFunctionCatchingItsFailure,
  functionCannotReject,
  caughtCall,
  failureHandling,
  forwardsFailureToDeferreds,
} from './task-failure.js';
import { calledFunctionOf, localFunctionOf, type TaskRecognizer } from './task-recognition.js';

/*
 * Why no-floating-task leaves a repeated task alone: two ordered tables, one for a task a
 * statement throws away, one for an async callback given to forEach. The first exemption that
 * applies spares the site; the docs' "What it leaves alone" is generated from these tables.
 */

/** A task a statement (or `void`) throws away where it runs again and again. */
export interface DiscardedTask {
  readonly ctx: AnalysisContext;
  readonly tasks: TaskRecognizer;
  readonly expression: TSESTree.CallExpression | TSESTree.NewExpression;
  /** The loop or iteration callback it repeats in; undefined when it repeats per request or message. */
  readonly repetition: Repetition | undefined;
  /** The rule's `reportHandled` option: a task whose failure is handled is still reported. */
  readonly reportHandled: boolean;
}

/**
 * Files whose process ends when their work is done: a task dropped there is no leak of a
 * long-running process. First in both tables, and all that spares an array of tasks.
 */
export const SHORT_LIVED_FILE_EXEMPTIONS: ExemptionTable<{ readonly ctx: AnalysisContext }> = [
  {
    name: 'test-file',
    reason:
      'a test file (a test folder or a fixture folder inside one, a `.test.`/`.spec.` name, a test-framework import, a hook on a test runner’s package) runs and exits: its dropped tasks are test bugs, not leaks of a long-running process',
    applies: ({ ctx }) => fileRoleOf(ctx) === 'test',
  },
  {
    name: 'one-shot-script',
    reason:
      'a one-shot script (a `scripts/` (or `migration-scripts/`), `bench/` or code-generation folder, a `#!` line or package.json `bin` that starts no server, a top level that exits when its work is done; with the project index, a file only such programs load) runs and exits: a task it drops is no leak of a long-running process',
    applies: ({ ctx }) => fileRoleOf(ctx) === 'script',
  },
];

export const DISCARDED_TASK_EXEMPTIONS: ExemptionTable<DiscardedTask> = [
  ...SHORT_LIVED_FILE_EXEMPTIONS,
  {
    name: 'stream-producer',
    reason:
      "a task started in the `start()` or `pull()` of a `new ReadableStream({ …, cancel() })` produces what the stream's reader consumes, and `cancel()` stops it",
    applies: ({ ctx, expression, repetition }) => repetition === undefined && isStreamProducer(ctx, expression),
  },
  {
    name: 'whole-handler-body',
    reason:
      'an async IIFE, a call with a `.catch(…)`, or a call of a function that cannot reject (see `failure-handled`), as the whole body of a handler (after declarations and early-return guards), is the handler written async',
    applies: ({ ctx, tasks, expression }) => isWholeHandlerBody(ctx, tasks, expression),
  },
  {
    name: 'handled-teardown',
    reason:
      'a teardown (`close`, `destroy`, `stop`…) with its failure handled, `this.close().catch(() => {})`, ends what it is called on, once',
    applies: ({ expression }) => isHandledTeardown(expression),
  },
  {
    name: 'browser-page',
    reason:
      'code in a function handed to a browser page (`page.evaluate(fn)`, `addInitScript`…) runs in that page, not in the Node process',
    applies: ({ expression }) => runsInBrowserPage(expression),
  },
  {
    name: 'settles-deferreds',
    reason:
      'an async IIFE ending in a `try` whose `catch` rejects the deferred promises it settles is tracked by whoever awaits them',
    applies: ({ expression }) => forwardsFailureToDeferreds(unwrapExpression(expression.callee)),
  },
  {
    name: 'settled-by-batch',
    reason:
      'work queued on a batch in a loop, when the same function runs the batch after the loop (`exec()`, `commit()`, `onIdle()`), which settles every queued command',
    applies: ({ ctx, expression, repetition }) => settledByBatch(ctx, expression, repetition),
  },
  {
    name: 'resumes-paused-source',
    reason:
      'a task started after `source.pause()` that resumes the source when done (`.then`/`.finally`) runs one at a time',
    applies: ({ ctx, expression }) => resumesPausedSource(ctx, expression),
  },
  {
    name: 'worker-pool',
    reason:
      'a counted loop (`for (let i = 0; i < concurrency; i++)`, not over a list) that starts a function here which loops until stopped (`while (!signal.aborted)`) or schedules itself again starts a fixed number of workers together, each living until stopped: a pool, not a task per item',
    applies: ({ ctx, tasks, expression, repetition }) => startsWorkerPool(ctx, tasks, expression, repetition),
  },
  {
    name: 'start-up-pass',
    reason:
      "a pass over a list (`for…of`, `forEach`) at start-up, over items already known: the frequency model says it runs once per process, or it runs as an instance is set up (its constructor, `init…`/`start…`/`bind…`, or a once-firing callback of those such as `process.nextTick` or `once('ready')`) over what the instance or module holds, not a parameter, and nothing shows the class is built again and again: one task per stored item, once, not per item of incoming work",
    applies: ({ ctx, repetition }) => repetition !== undefined && startupPassOf(ctx, repetition) !== undefined,
  },
  {
    name: 'lazy-load-guard',
    reason:
      'a load behind a guard on what it loads (`if (!this._entries) this._loadEntries()`, where `_loadEntries` sets `this._entries`; the guard may read the same value under its own name, `entries` for `this._entries`): once it has loaded, the guard stops it, so it starts a few times at most, not once per item',
    applies: ({ tasks, expression }) => isGuardedLazyLoad(tasks, expression),
  },
  {
    name: 'failure-handled',
    reason:
      "a task whose failure is handled, `task.catch(log)`, a call of a function or method that cannot reject (every `await`, `throw` and returned value outside a catching `try` is handled there, a promise that can only resolve or a call of a function that cannot reject either, alone, chained with `.then(fn)` or `.finally(fn)` whose callback cannot reject, or in `Promise.all` with the others, or a catch's `return cb(err)` to a callback passed in; followed through this file and, with the project index, other files; what a callee does behind `if (save)` does not count when the call passes `save` as a falsy literal), `items.map(async …)` (alone or in `Promise.all`) whose callback cannot reject, or a `new Promise((resolve) => …)` that can only resolve (its executor takes no `reject` and has no `throw` of its own), is a short task that cannot reject unhandled (as typescript-eslint's no-floating-promises treats it); the `reportHandled` option reports it",
    applies: ({ ctx, tasks, expression, reportHandled }) =>
      !reportHandled && failureHandling(ctx, tasks, expression) !== undefined,
  },
];

/** An async callback (or one returning a task) given to `forEach`. */
export interface ForEachOfTasks {
  readonly ctx: AnalysisContext;
  readonly tasks: TaskRecognizer;
  /** The `forEach(…)` call. */
  readonly call: TSESTree.CallExpression;
  /** The rule's `reportHandled` option: a callback that handles its failures is still reported. */
  readonly reportHandled: boolean;
}

export const ASYNC_FOREACH_EXEMPTIONS: ExemptionTable<ForEachOfTasks> = [
  ...SHORT_LIVED_FILE_EXEMPTIONS,
  {
    name: 'own-async-foreach',
    reason:
      "a `forEach` whose result is awaited or chained, or that a class or object in this file declares, is an async iterator that waits for each callback (Array's returns nothing)",
    applies: ({ tasks, call }) => isOwnAsyncForEach(tasks, call),
  },
  {
    name: 'start-up-pass',
    reason: 'a `forEach` at start-up over items already known (as for a discarded task above)',
    applies: ({ ctx, call }) =>
      startupPassOf(ctx, { kind: 'iteration-callback', node: call, method: 'forEach' }) !== undefined,
  },
  {
    name: 'callback-catches-failure',
    reason:
      'a callback, written inline or a function of this file passed by name, that cannot reject (every `await` in a `try` whose `catch` does not throw again, awaiting a task that ends in `.catch(…)`, or a call of a function that cannot reject either) starts short tasks that cannot reject unhandled; the `reportHandled` option reports it',
    applies: ({ ctx, tasks, call, reportHandled }) => {
      const callback = localFunctionOf(ctx, call.arguments[0]!);
      return !reportHandled && callback !== undefined && functionCannotReject(ctx, tasks, callback);
    },
  },
];

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
  if (
    member?.type !== 'Property' ||
    member.value !== fn ||
    !STREAM_PRODUCER_METHODS.includes(propertyKeyName(member) ?? '')
  )
    return false;
  const source = member.parent;
  const creation = source.parent;
  if (source.type !== 'ObjectExpression' || creation?.type !== 'NewExpression' || creation.arguments[0] !== source)
    return false;
  const hasCancel = source.properties.some((prop) => prop.type === 'Property' && propertyKeyName(prop) === 'cancel');
  return hasCancel && isGlobalReference(ctx, unwrapExpression(creation.callee), 'ReadableStream');
}

/**
 * `queue(batch, item)` or `batch.add(item)` per iteration, with the batch run after the loop in
 * the same function (`await batch.exec()`, `batch.commit()`): the batch settles what was queued.
 */
function settledByBatch(
  ctx: AnalysisContext,
  expression: TSESTree.CallExpression | TSESTree.NewExpression,
  repetition: Repetition | undefined,
): boolean {
  if (!repetition) return false;
  const callee = unwrapExpression(expression.callee);
  // The batch itself, or a property of an options object (`createFile({ …, queue })`).
  const optionValues = expression.arguments.flatMap((arg) =>
    arg.type === 'ObjectExpression'
      ? arg.properties.flatMap((prop) => (prop.type === 'Property' ? [prop.value] : []))
      : [],
  );
  const candidates = [
    ...expression.arguments,
    ...optionValues,
    ...(callee.type === 'MemberExpression' ? [callee.object] : []),
  ];
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
}

/**
 * `port.on('message', (m) => { void (async () => { … })(); })`: an async IIFE that is the whole
 * body of a handler is the handler written async, as `port.on('message', async (m) => …)` would
 * be, which this rule leaves to the emitter. In a loop or an iteration callback it is still one
 * task per element.
 */
function isWholeHandlerBody(
  ctx: AnalysisContext,
  tasks: TaskRecognizer,
  expression: TSESTree.CallExpression | TSESTree.NewExpression,
): boolean {
  if (repetitionOf(expression)) return false;
  // `(async () => { … })().catch(next)`, `this.handle(req, res).catch(fail)`: the handler's own
  // work, run async with its failures handed on.
  if (
    caughtCall(expression) === undefined &&
    !isFunctionNode(unwrapExpression(expression.callee)) &&
    !callsFunctionCatchingItsFailure(ctx, tasks, expression)
  )
    return false;
  const voided =
    expression.parent?.type === 'UnaryExpression' && expression.parent.operator === 'void'
      ? expression.parent
      : undefined;
  const statement = statementOf(voided ?? expression);
  const block = statement?.parent;
  if (
    block?.type !== 'BlockStatement' ||
    block.parent === undefined ||
    !isFunctionNode(block.parent) ||
    block.body.at(-1) !== statement
  )
    return false;
  // Only declarations and early-return guards before it (`const handle = async () => { … };
  // handle().catch(fail)`, `if (!validHost(req, res)) return;`).
  return block.body
    .slice(0, -1)
    .every(
      (before) =>
        before.type === 'VariableDeclaration' || before.type === 'FunctionDeclaration' || isEarlyReturnGuard(before),
    );
}

/**
 * `for (let i = 0; i < config.pollConcurrency; i++) void this.pollFeeds(i);` where `pollFeeds`
 * loops until stopped or schedules itself again: N workers started together, each running until
 * the flag or signal that stops them (held-out false positives in a queue transport's pollers and
 * a chat bridge's feed readers). A loop over a list (`i < jobs.length`) starts a task per item.
 */
function startsWorkerPool(
  ctx: AnalysisContext,
  tasks: TaskRecognizer,
  expression: TSESTree.CallExpression | TSESTree.NewExpression,
  repetition: Repetition | undefined,
): boolean {
  const loop = repetition?.node;
  if (loop?.type !== 'ForStatement' || !isCountedLoop(loop)) return false;
  const fn = calledFunctionOf(ctx, tasks, expression);
  return fn !== undefined && !isFunctionNode(unwrapExpression(expression.callee)) && isWorkerLoop(fn);
}

/** `for (let i = 0; i < n; i++)` whose bound is a count, not the length or size of a collection. */
function isCountedLoop(loop: TSESTree.ForStatement): boolean {
  const { init, test, update } = loop;
  const counter =
    init?.type === 'VariableDeclaration' && init.declarations.length === 1 ? init.declarations[0]!.id : undefined;
  if (counter?.type !== 'Identifier' || update?.type !== 'UpdateExpression') return false;
  if (test?.type !== 'BinaryExpression' || (test.operator !== '<' && test.operator !== '<=')) return false;
  if (test.left.type !== 'Identifier' || test.left.name !== counter.name) return false;
  const bound = unwrapExpression(test.right);
  return !(bound.type === 'MemberExpression' && ['length', 'size'].includes(staticPropertyName(bound) ?? ''));
}

/** A function that runs until stopped: a `while`/`do…while`/`for (;;)` loop of its own, or a call of itself (`setTimeout(() => this.poll(), ms)`). */
function isWorkerLoop(fn: FunctionNode): boolean {
  if (fn.body.type !== 'BlockStatement') return false;
  const loopsUntilStopped = hasOwnNode(
    fn.body,
    (node) =>
      node.type === 'WhileStatement' ||
      node.type === 'DoWhileStatement' ||
      (node.type === 'ForStatement' && node.test === null),
  );
  if (loopsUntilStopped) return true;
  const name = workerName(fn);
  return (
    name !== undefined &&
    someDescendant(
      fn.body,
      (node) => node.type === 'CallExpression' && calleeName(unwrapExpression(node.callee)) === name,
    )
  );
}

/** The name a function is called by: a declaration's or a method's. */
function workerName(fn: FunctionNode): string | undefined {
  if (fn.type === 'FunctionDeclaration') return fn.id?.name;
  const parent = fn.parent;
  if (parent?.type === 'MethodDefinition' || parent?.type === 'Property') return propertyKeyName(parent);
  return undefined;
}

/**
 * `await dataset.forEach(async (item) => …)`: Array.prototype.forEach returns nothing, so a
 * forEach whose result is awaited or chained, or one a class or object in this file declares
 * for its receiver, is an async iterator that waits for each callback (held-out false positives
 * in a crawler's dataset, whose map and reduce are built on its own forEach).
 */
function isOwnAsyncForEach(tasks: TaskRecognizer, call: TSESTree.CallExpression): boolean {
  const user = outermostWrapperOf(call);
  const parent = user.parent;
  if (
    parent?.type === 'AwaitExpression' ||
    (parent?.type === 'MemberExpression' && parent.object === user && staticPropertyName(parent) === 'then')
  )
    return true;
  const callee = unwrapExpression(call.callee);
  const members = callee.type === 'MemberExpression' ? tasks.membersOfReceiver(callee.object) : undefined;
  return members !== undefined && methodsOf(members.body, members.isStatic).has('forEach');
}

/** `if (!ok) return;`, `if (!ok) { res.end(); return; }`: a check that ends the function early and does nothing else. */
function isEarlyReturnGuard(statement: TSESTree.Statement): boolean {
  if (statement.type !== 'IfStatement' || statement.alternate) return false;
  const last = statement.consequent.type === 'BlockStatement' ? statement.consequent.body.at(-1) : statement.consequent;
  return last?.type === 'ReturnStatement';
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

/** The expression statement whose value is `expression` (looking through `as`, `!`, `?.`). */
export function statementOf(expression: TSESTree.Node): TSESTree.ExpressionStatement | undefined {
  const node = outermostWrapperOf(expression);
  return node.parent?.type === 'ExpressionStatement' ? node.parent : undefined;
}

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
      if (callee.type === 'MemberExpression' && staticPropertyName(callee) === method)
        objects.add(ctx.text.slice(...callee.object.range));
    });
    return objects;
  };
  const paused = callsOn(fn.body, 'pause', call.range[0]);
  if (paused.size === 0) return false;
  for (let node: TSESTree.Node = call; node.type === 'CallExpression';) {
    const callee = unwrapExpression(node.callee);
    if (callee.type !== 'MemberExpression') break;
    const method = staticPropertyName(callee);
    if (method !== 'then' && method !== 'finally') break;
    const callback = node.arguments[0] && unwrapExpression(node.arguments[0]);
    if (callback && isFunctionNode(callback) && [...callsOn(callback, 'resume')].some((object) => paused.has(object)))
      return true;
    node = unwrapExpression(callee.object);
  }
  return false;
}

/**
 * `if (!this._subEntries) this._loadSubEntries(id)`: a call of a method of the class around it
 * that assigns `this.<field>`, inside the consequent of an `if` whose test is that the field is
 * not set yet (`!x`, `x == null`, `x === undefined`), reading `this.<field>` or a variable of the
 * same name without its leading underscores (`entries` for `this._entries`, the field handed in).
 * Set 34: a dashboard's filters loading the config entries they need once.
 */
function isGuardedLazyLoad(
  tasks: TaskRecognizer,
  expression: TSESTree.CallExpression | TSESTree.NewExpression,
): boolean {
  if (expression.type !== 'CallExpression') return false;
  const callee = unwrapExpression(expression.callee);
  if (callee.type !== 'MemberExpression' || unwrapExpression(callee.object).type !== 'ThisExpression') return false;
  const name = staticPropertyName(callee);
  const members = tasks.membersOfReceiver(callee.object);
  const method = name !== undefined && members ? methodsOf(members.body, members.isStatic).get(name) : undefined;
  if (!method) return false;
  // A field and the variable it is handed to are one value: `_entries` and `entries` alike.
  const bare = (field: string): string => field.replace(/^_+/, '');
  const thisField = (node: TSESTree.Node): string | undefined =>
    node.type === 'MemberExpression' && unwrapExpression(node.object).type === 'ThisExpression'
      ? staticPropertyName(node)
      : undefined;
  const loaded = new Set<string>();
  forEachDescendant(method.body, (node) => {
    const field = node.type === 'AssignmentExpression' ? thisField(node.left) : undefined;
    if (field !== undefined) loaded.add(bare(field));
  });
  if (loaded.size === 0) return false;
  const readsLoaded = (node: TSESTree.Node): boolean => {
    const inner = unwrapExpression(node);
    const read = inner.type === 'Identifier' ? inner.name : thisField(inner);
    return read !== undefined && loaded.has(bare(read));
  };
  const notSet = (test: TSESTree.Expression): boolean => {
    if (test.type === 'UnaryExpression' && test.operator === '!') return readsLoaded(test.argument);
    if (test.type !== 'BinaryExpression' || (test.operator !== '==' && test.operator !== '===')) return false;
    return (
      (readsLoaded(test.left) && isNullOrUndefined(test.right)) ||
      (isNullOrUndefined(test.left) && readsLoaded(test.right))
    );
  };
  const fn = enclosingFunction(expression);
  for (
    let node: TSESTree.Node = outermostWrapperOf(expression);
    node.parent && node.parent !== fn;
    node = node.parent
  ) {
    const parent: TSESTree.Node = node.parent;
    if (parent.type === 'IfStatement' && parent.consequent === node && notSet(parent.test)) return true;
  }
  return false;
}
