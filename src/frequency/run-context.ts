import type { TSESTree } from '@typescript-eslint/utils';
import {
  calleeName,
  className,
  declaredVariableOf,
  enclosingFunction,
  forEachDescendant,
  functionName,
  isExported,
  isFunctionNode,
  keyName,
  classVariablesOf,
  thisOwnerOf,
  type FunctionNode,
} from '../core/ast.js';
import { resolveIdentifier, type AnalysisContext, type Variable } from '../core/context.js';
import {
  isGlobalReference,
  isModuleExports,
  isProcessMethod,
  outermostWrapperOf,
  staticPropertyName,
  unwrapExpression,
} from '../core/imports.js';
import {
  enclosingHandler,
  handlerInfo,
  repetitionOf,
  type HandlerInfo,
  type LoopNode,
  type Repetition,
} from './repetition.js';
import { LISTENER_ADD_METHODS, ONCE_EVENTS, PAGE_LOAD_EVENTS, TERMINATION_SIGNALS } from '../knowledge/events.js';
import { EFFECT_HOOKS, LIFECYCLE_HOOK, REACT_LIFECYCLE_METHODS, STARTUP_FUNCTION } from '../knowledge/lifecycle.js';

/** `useEffect(fn)` / `React.useEffect(fn)`: the hook name when `fn` is an effect callback. */
export function effectHookOf(fn: FunctionNode): string | undefined {
  const call = fn.parent;
  if (call?.type !== 'CallExpression' || call.arguments[0] !== fn) return undefined;
  const name = calleeName(call.callee);
  return name !== undefined && EFFECT_HOOKS.has(name) ? name : undefined;
}

/**
 * How a message names the function that contains the reported code:
 * "method `start` of class `Poller`", "the constructor of class `Poller`", "function `connect`",
 * "a useEffect callback", "the GET route handler", "a callback passed to `then`".
 */
export function describeFunction(ctx: AnalysisContext, fn: FunctionNode): string {
  const parent = fn.parent;
  if ((parent?.type === 'MethodDefinition' || parent?.type === 'PropertyDefinition') && parent.value === fn) {
    const cls = className(parent.parent);
    const ofClass = cls ? ` of class \`${cls}\`` : '';
    if (parent.type === 'MethodDefinition' && parent.kind === 'constructor') return `the constructor${ofClass}`;
    const name = keyName(parent.key, parent.computed);
    return name ? `method \`${name}\`${ofClass}` : `a method${ofClass}`;
  }
  const hook = effectHookOf(fn);
  if (hook) return `a ${hook} callback`;
  const handler = handlerInfo(ctx, fn);
  if (handler) return `the ${handler.description}`;
  const name = functionName(fn);
  if (name) return parent?.type === 'Property' ? `method \`${name}\`` : `function \`${name}\``;
  if (parent?.type === 'CallExpression' && parent.callee !== fn) {
    const registrar = calleeName(parent.callee);
    if (registrar) return `a callback passed to \`${registrar}\``;
  }
  return 'an anonymous function';
}

/** Calls whose callback runs once when the call itself runs once (and methods named like start-up routines, or `connect`). */
const ONCE_CALLBACK_METHODS = new Set(['listen', 'then', 'catch', 'finally', 'once', 'ready', 'nextTick']);
const ONCE_CALLBACK_FUNCTIONS = new Set(['setTimeout', 'setImmediate', 'queueMicrotask']);
const MAX_ONCE_DEPTH = 6;

/** `moleculer.config.js`, `vite.config.ts`: a tool's configuration module, loaded once per process. */
const CONFIG_FILE = /(?:^|[\\/])[\w-]+\.config\.[cm]?[jt]s$/;

/**
 * `module.exports = { started(broker) { … } }` in `moleculer.config.js`: a start-up hook (or a
 * start-up routine by name) of the object a configuration file exports runs once per process,
 * when the tool that loaded the file has started. The same object in a service or plugin module
 * is started and stopped with what it configures, and is not covered.
 */
function isConfigLifecycleHook(ctx: AnalysisContext, fn: FunctionNode): boolean {
  const property = fn.parent;
  if (property?.type !== 'Property' || property.value !== fn || !CONFIG_FILE.test(ctx.filename)) return false;
  const name = property.key.type === 'Identifier' && !property.computed ? property.key.name : undefined;
  if (name === undefined || !(LIFECYCLE_HOOK.test(name) || STARTUP_FUNCTION.test(name))) return false;
  let object: TSESTree.Node = property.parent;
  // `export default defineConfig({ … })`: a helper that only types the object.
  if (
    object.parent?.type === 'CallExpression' &&
    object.parent.arguments.length === 1 &&
    object.parent.arguments[0] === object
  )
    object = object.parent;
  const holder = object.parent;
  if (holder?.type === 'ExportDefaultDeclaration') return true;
  if (holder?.type !== 'AssignmentExpression' || holder.right !== object) return false;
  return isModuleExports(holder.left);
}

/** A function declared at module level (directly, exported, as `const f = () => …`, or assigned there: `Dashboard.init = function …`). */
function isModuleLevelFunction(fn: FunctionNode): boolean {
  const parent = fn.parent;
  if (parent?.type === 'AssignmentExpression' && parent.right === fn)
    return parent.parent.type === 'ExpressionStatement' && parent.parent.parent.type === 'Program';
  if (fn.type === 'FunctionDeclaration')
    return (
      parent?.type === 'Program' ||
      parent?.type === 'ExportNamedDeclaration' ||
      parent?.type === 'ExportDefaultDeclaration'
    );
  if (parent?.type === 'ExportDefaultDeclaration') return true;
  const declaration = parent?.type === 'VariableDeclarator' ? parent.parent : undefined;
  return (
    declaration !== undefined &&
    (declaration.parent.type === 'Program' || declaration.parent.type === 'ExportNamedDeclaration')
  );
}

/**
 * True when `node` runs at most once per process: module-level code outside loops, module-level
 * IIFEs, the callbacks of `listen`, `then`, `once`, `setTimeout`, `new Promise` reached from such
 * code, and functions whose only use is a single call from such code (`async function main() {…}
 * main()`), module-level functions named like start-up routines (STARTUP_FUNCTION), such a routine
 * handed in an object literal to a call that runs once (`launch({ start() {…} })`), and the
 * constructor of a module's singleton (a class not exported itself whose one use in the file is a
 * `new` that runs once: `export default new Store()`). Everything else (methods, constructors,
 * handlers, callbacks, exported functions) may run again and again.
 */
export function runsOnce(ctx: AnalysisContext, node: TSESTree.Node, depth = 0): boolean {
  if (depth > MAX_ONCE_DEPTH || repetitionOf(node)) return false;
  if (insideCommandLineBranch(node)) return true;
  let fn = enclosingFunction(node);
  // repetitionOf looked through immediately invoked functions; so do we.
  while (fn && fn.parent?.type === 'CallExpression' && fn.parent.callee === fn) {
    if (repetitionOf(fn.parent)) return false;
    fn = enclosingFunction(fn.parent);
  }
  if (!fn) return !insideInstanceInitializer(node);
  return functionRunsOnce(ctx, fn, depth + 1);
}

/** `'--watch'`: a double-dash command-line flag. */
const COMMAND_LINE_FLAG = /^--[a-z][a-z0-9-]*$/;

/**
 * `if (argv.includes('--watch')) { … }`: code in a branch taken only when the command line names a
 * flag runs once per command (a CLI's watch or follow mode), however its function is reached.
 * Only within the node's own function: a handler registered in such a branch still runs per request.
 */
function insideCommandLineBranch(node: TSESTree.Node): boolean {
  for (
    let child = node, current = node.parent;
    current && !isFunctionNode(child);
    child = current, current = current.parent
  ) {
    if (
      (current.type === 'IfStatement' || current.type === 'ConditionalExpression') &&
      current.consequent === child &&
      testsCommandLineFlag(current.test)
    )
      return true;
    if (
      current.type === 'LogicalExpression' &&
      current.operator === '&&' &&
      current.right === child &&
      testsCommandLineFlag(current.left)
    )
      return true;
  }
  return false;
}

/** `x.includes('--watch')`, `x.indexOf('--watch') > -1`, `!x.includes('--watch')` is not. */
function testsCommandLineFlag(test: TSESTree.Node): boolean {
  let inner = unwrapExpression(test);
  if (inner.type === 'BinaryExpression' && ['>', '>=', '!==', '!='].includes(inner.operator))
    inner = unwrapExpression(inner.left);
  if (inner.type === 'LogicalExpression' && inner.operator === '&&')
    return testsCommandLineFlag(inner.left) || testsCommandLineFlag(inner.right);
  if (inner.type !== 'CallExpression' || inner.callee.type !== 'MemberExpression') return false;
  const method = staticPropertyName(inner.callee);
  const flag = inner.arguments[0];
  return (
    (method === 'includes' || method === 'indexOf') &&
    flag?.type === 'Literal' &&
    typeof flag.value === 'string' &&
    COMMAND_LINE_FLAG.test(flag.value)
  );
}

/** A class field initializer runs once per instance. */
function insideInstanceInitializer(node: TSESTree.Node): boolean {
  for (let child = node, current = node.parent; current; child = current, current = current.parent) {
    if (current.type === 'PropertyDefinition' && current.value === child) return !current.static;
  }
  return false;
}

function functionRunsOnce(ctx: AnalysisContext, fn: FunctionNode, depth: number): boolean {
  const parent = fn.parent;
  const startupHost = startupCallbackHost(fn);
  if (startupHost) return runsOnce(ctx, startupHost, depth);
  if (isConfigLifecycleHook(ctx, fn)) return true;
  if (parent?.type === 'MethodDefinition' && parent.kind === 'constructor') {
    const creation = singleCreation(ctx, parent.parent.parent);
    return creation !== undefined && runsOnce(ctx, creation, depth);
  }
  if (parent?.type === 'NewExpression' && parent.arguments[0] === fn) {
    const callee = unwrapExpression(parent.callee);
    return callee.type === 'Identifier' && callee.name === 'Promise' && runsOnce(ctx, parent, depth);
  }
  if (parent?.type === 'CallExpression' && parent.arguments.includes(fn as TSESTree.CallExpressionArgument)) {
    if (isTerminationHandlerRegistration(ctx, parent, fn)) return runsOnce(ctx, parent, depth);
    const callee = unwrapExpression(parent.callee);
    const name = calleeName(callee);
    if (name === undefined) return false;
    // `pm2.connect(cb)`, `app.start(cb)`, `io.initModule(conf, cb)`: a start-up call's callback runs when it is done.
    const once =
      callee.type === 'MemberExpression'
        ? ONCE_CALLBACK_METHODS.has(name) ||
          name === 'connect' ||
          STARTUP_FUNCTION.test(name) ||
          isPageLoadListener(ctx, parent, callee)
        : ONCE_CALLBACK_FUNCTIONS.has(name);
    return once && runsOnce(ctx, parent, depth);
  }
  if (parent?.type === 'MethodDefinition' && parent.kind === 'method' && !parent.static)
    return singletonMethodRunsOnce(ctx, parent, depth);
  const variable = declaredVariableOf(ctx, fn);
  const uses = variable?.references.filter((ref) => ref.identifier !== fn.id && !(ref.init === true)) ?? [];
  const name = functionName(fn);
  // A start-up routine, unless this file itself calls it more than once.
  if (
    name !== undefined &&
    STARTUP_FUNCTION.test(name) &&
    isModuleLevelFunction(fn) &&
    uses.filter((u) => u.identifier.parent?.type === 'CallExpression').length <= 1
  )
    return true;
  if (!variable || isExported(variable)) return false;
  // `process.on('SIGINT', shutdown); process.on('SIGTERM', shutdown)`: one of them ends the process.
  const registrations = uses.map(({ identifier }) => identifier.parent);
  if (
    uses.length > 0 &&
    registrations.every(
      (call, i) => call?.type === 'CallExpression' && isTerminationHandlerRegistration(ctx, call, uses[i]!.identifier),
    )
  ) {
    return registrations.every((call) => runsOnce(ctx, call!, depth));
  }
  if (uses.length !== 1) return false;
  const use = uses[0]!.identifier;
  const call = use.parent;
  return call?.type === 'CallExpression' && call.callee === use && runsOnce(ctx, call, depth);
}

/**
 * `process.on('SIGTERM', handler)`: the handler runs on the way out, once (held-out false positive
 * in an SDK's test fixture that keeps its process alive while it shuts down slowly).
 */
function isTerminationHandlerRegistration(
  ctx: AnalysisContext,
  call: TSESTree.CallExpression,
  handler: TSESTree.Node,
): boolean {
  const [signal, registered] = call.arguments;
  if (registered !== handler || signal?.type !== 'Literal' || !TERMINATION_SIGNALS.has(String(signal.value)))
    return false;
  const callee = unwrapExpression(call.callee);
  return isProcessMethod(ctx, callee, 'on') || isProcessMethod(ctx, callee, 'once');
}

/** `document.addEventListener('DOMContentLoaded', cb)`, `window.addEventListener('load', cb)`: once per page. */
function isPageLoadListener(
  ctx: AnalysisContext,
  call: TSESTree.CallExpression,
  callee: TSESTree.MemberExpression,
): boolean {
  const [event] = call.arguments;
  if (
    staticPropertyName(callee) !== 'addEventListener' ||
    event?.type !== 'Literal' ||
    !PAGE_LOAD_EVENTS.has(String(event.value))
  )
    return false;
  return isGlobalReference(ctx, callee.object, 'document') || isGlobalReference(ctx, callee.object, 'window');
}

/**
 * A method of a module's singleton (see singleCreation) whose every call in the file runs once:
 * `this.startHeartbeat()` from `init()`, itself called once as `handler.init()` from `main()`.
 * Nothing elsewhere can call it: neither the class nor its one instance leaves the file, and the
 * instance is only ever used for its members.
 */
function singletonMethodRunsOnce(ctx: AnalysisContext, method: TSESTree.MethodDefinition, depth: number): boolean {
  if (method.computed || method.key.type !== 'Identifier') return false;
  const cls = method.parent.parent;
  const creation = singleCreation(ctx, cls);
  const holder = creation?.parent;
  if (!creation || holder?.type !== 'VariableDeclarator' || holder.init !== creation || holder.id.type !== 'Identifier')
    return false;
  const instance = resolveIdentifier(ctx, holder.id);
  if (!instance || isExported(instance)) return false;
  const usedForMembers = (ref: Variable['references'][number]): boolean =>
    ref.init === true ||
    (ref.identifier.parent?.type === 'MemberExpression' && ref.identifier.parent.object === ref.identifier);
  if (!instance.references.every(usedForMembers) || !runsOnce(ctx, creation, depth)) return false;
  const name = method.key.name;
  const calls: TSESTree.CallExpression[] = [];
  let passedOn = false;
  forEachDescendant(ctx.ast, (node) => {
    if (
      node.type !== 'MemberExpression' ||
      node.computed ||
      node.property.type !== 'Identifier' ||
      node.property.name !== name
    )
      return;
    const object = unwrapExpression(node.object);
    const ours =
      object.type === 'ThisExpression'
        ? thisOwnerOf(object)?.body === cls.body
        : object.type === 'Identifier' && resolveIdentifier(ctx, object) === instance;
    if (!ours) return;
    if (node.parent?.type === 'CallExpression' && node.parent.callee === node) calls.push(node.parent);
    // `this.init.bind(this)`, `emitter.on('x', handler.init)`: called from wherever it is handed.
    else passedOn = true;
  });
  return !passedOn && calls.length > 0 && calls.every((call) => runsOnce(ctx, call, depth));
}

/** Methods of browser-automation pages (Puppeteer, Playwright) that run the function they are given inside the page. */
const IN_PAGE_METHODS = new Set([
  'evaluate',
  'evaluateOnNewDocument',
  'evaluateHandle',
  'addInitScript',
  '$eval',
  '$$eval',
  'waitForFunction',
]);

/**
 * `page.evaluateOnNewDocument(() => { setInterval(…) })`: code in a function handed to a browser
 * page runs inside that page, whose timers and listeners end with it, not in the Node process.
 */
export function runsInBrowserPage(node: TSESTree.Node): boolean {
  for (let fn = enclosingFunction(node); fn; fn = enclosingFunction(fn)) {
    const call = fn.parent;
    if (
      call?.type === 'CallExpression' &&
      call.arguments.includes(fn as TSESTree.CallExpressionArgument) &&
      call.callee.type === 'MemberExpression' &&
      IN_PAGE_METHODS.has(staticPropertyName(call.callee) ?? '')
    )
      return true;
  }
  return false;
}

/** What shows, in the file itself, that code runs again and again. */
export type RepeatedRun =
  | { readonly kind: 'loop'; readonly loop: LoopNode }
  | { readonly kind: 'handler'; readonly handler: HandlerInfo }
  | { readonly kind: 'listener-callback' | 'interval-callback' | 'effect' | 'lifecycle' | 'callers' };

/**
 * Evidence in this file that `node` runs again and again: it is in a loop that may run until
 * stopped (`while`, `for (;;)`), in a pass over a list (`for…of`, `forEach`) that itself runs
 * again and again, a per-request or per-message handler, the callback of an event listener (events that
 * fire once, like 'ready' or 'close', repeat only as often as their registration), a setInterval
 * callback, a React effect
 * or a class component's componentDidMount/componentDidUpdate, a callback handed to a call that
 * itself repeats, or a function of this file (a declared function, or a method called through
 * `this`) that is used at least once and only from such places. Undefined when the file does not
 * say: exported functions, constructors and methods whose callers are elsewhere.
 */
export function repeatedRunOf(ctx: AnalysisContext, node: TSESTree.Node, depth = 0): RepeatedRun | undefined {
  if (depth > MAX_ONCE_DEPTH) return undefined;
  const repetition = repetitionOf(node);
  // A pass over a list runs once per element of a list that exists when it starts: a bounded
  // number of times, so only the code around the pass can make it run again and again.
  if (repetition && passesOverList(repetition)) return repeatedRunOf(ctx, repetition.node, depth + 1);
  if (repetition?.kind === 'loop') return { kind: 'loop', loop: repetition.node };
  let fn = enclosingFunction(node);
  // repetitionOf looked through immediately invoked functions; so do we.
  while (fn && fn.parent?.type === 'CallExpression' && fn.parent.callee === fn) fn = enclosingFunction(fn.parent);
  return fn ? functionRepeats(ctx, fn, depth + 1) : undefined;
}

/** `for…of`, `for…in`, a `for` with a bound, `list.forEach(…)`: not `while`, `do`, `for (;;)`, which may run until stopped. */
function passesOverList(repetition: Repetition): boolean {
  const { node } = repetition;
  if (repetition.kind === 'iteration-callback') return true;
  return (
    node.type === 'ForOfStatement' ||
    node.type === 'ForInStatement' ||
    (node.type === 'ForStatement' && node.test !== null)
  );
}

function functionRepeats(ctx: AnalysisContext, fn: FunctionNode, depth: number): RepeatedRun | undefined {
  if (effectHookOf(fn)) return { kind: 'effect' };
  const handler = handlerInfo(ctx, fn) ?? enclosingHandler(ctx, fn);
  if (handler) return { kind: 'handler', handler };
  const parent = fn.parent;
  // `launch({ start() { … } })`: a function handed in an object literal runs as often as the call, at most.
  const host = objectArgumentHost(fn);
  if (host) return repeatedRunOf(ctx, host, depth);
  const member = parent?.type === 'MethodDefinition' || parent?.type === 'PropertyDefinition' ? parent : undefined;
  if (member && member.value === fn) {
    if (member.type === 'MethodDefinition' && member.kind !== 'method') return undefined;
    const name = keyName(member.key, member.computed);
    if (name !== undefined && !member.static && REACT_LIFECYCLE_METHODS.has(name)) return { kind: 'lifecycle' };
    return name === undefined ? undefined : callersRepeat(ctx, thisCallsOf(member.parent, member.static, name), depth);
  }
  if (
    (parent?.type === 'CallExpression' || parent?.type === 'NewExpression') &&
    parent.arguments.includes(fn as TSESTree.CallExpressionArgument)
  ) {
    return callbackRepeats(ctx, parent, fn, depth);
  }
  const variable = declaredVariableOf(ctx, fn);
  if (!variable) return undefined;
  const uses = variable.references
    .filter((ref) => ref.identifier !== fn.id && !(ref.init === true))
    .map((ref) => ref.identifier);
  const calls: TSESTree.Node[] = [];
  for (const use of uses) {
    const call = use.parent;
    if (call?.type === 'CallExpression' && call.callee === use) calls.push(call);
    else if (
      (call?.type === 'CallExpression' || call?.type === 'NewExpression') &&
      call.arguments.includes(use as TSESTree.CallExpressionArgument)
    ) {
      // Handed to a call as its callback: as often as that callback runs.
      if (!callbackRepeats(ctx, call, use, depth)) return undefined;
    } else {
      return undefined;
    }
  }
  return uses.length === 0 ? undefined : calls.length === 0 ? { kind: 'callers' } : callersRepeat(ctx, calls, depth);
}

/**
 * A function handed to `call`: repeats on every event of a listener or interval, otherwise as often
 * as the call (an iteration, `list.forEach(subscribe)`, is a pass over a list, as in repeatedRunOf).
 */
function callbackRepeats(
  ctx: AnalysisContext,
  call: TSESTree.CallExpression | TSESTree.NewExpression,
  callback: TSESTree.Node,
  depth: number,
): RepeatedRun | undefined {
  const callee = unwrapExpression(call.callee);
  const method = callee.type === 'MemberExpression' ? staticPropertyName(callee) : undefined;
  if (call.type === 'CallExpression' && call.arguments[0] === callback && calleeName(callee) === 'setInterval')
    return { kind: 'interval-callback' };
  if (call.type === 'CallExpression' && method !== undefined) {
    if (LISTENER_ADD_METHODS.has(method) && call.arguments[1] === callback) {
      const event = unwrapExpression(call.arguments[0] ?? call);
      const once = event.type === 'Literal' && typeof event.value === 'string' && ONCE_EVENTS.has(event.value);
      if (!once) return { kind: 'listener-callback' };
    }
  }
  return repeatedRunOf(ctx, call, depth);
}

/**
 * Code that runs only while an instance is built: a constructor, a method that only the
 * constructor calls (through `this`, directly or through other such methods), or a function
 * declaration only ever called with `new` (an ES5 constructor; `F.prototype` uses are allowed).
 */
export function runsWhileConstructing(ctx: AnalysisContext, fn: FunctionNode, depth = 0): boolean {
  if (depth > MAX_ONCE_DEPTH) return false;
  const member = fn.parent;
  if (member?.type === 'MethodDefinition' && member.value === fn) {
    if (member.kind === 'constructor') return true;
    const name = member.kind === 'method' && !member.static ? keyName(member.key, member.computed) : undefined;
    const calls = name === undefined ? undefined : thisCallsOf(member.parent, false, name);
    return (
      calls !== undefined &&
      calls.length > 0 &&
      calls.every((call) => {
        const caller = enclosingFunction(call);
        return caller !== undefined && runsWhileConstructing(ctx, caller, depth + 1);
      })
    );
  }
  if (fn.type !== 'FunctionDeclaration') return false;
  const uses = declaredVariableOf(ctx, fn)?.references.filter((ref) => ref.identifier !== fn.id) ?? [];
  return (
    uses.some((ref) => ref.identifier.parent?.type === 'NewExpression') &&
    uses.every(({ identifier }) => {
      const parent = identifier.parent;
      if (parent?.type === 'NewExpression') return parent.callee === identifier;
      return (
        parent?.type === 'MemberExpression' &&
        parent.object === identifier &&
        staticPropertyName(parent) === 'prototype'
      );
    })
  );
}

/** Every place all `calls` run again and again (at least one call): the first one's evidence, as `callers`. */
function callersRepeat(
  ctx: AnalysisContext,
  calls: readonly TSESTree.Node[] | undefined,
  depth: number,
): RepeatedRun | undefined {
  if (!calls || calls.length === 0) return undefined;
  return calls.every((call) => repeatedRunOf(ctx, call, depth) !== undefined) ? { kind: 'callers' } : undefined;
}

/** The calls `this.name(…)` in a class body, or undefined when `this.name` is used otherwise (passed, bound, assigned). */
function thisCallsOf(body: TSESTree.ClassBody, isStatic: boolean, name: string): TSESTree.CallExpression[] | undefined {
  const calls: TSESTree.CallExpression[] = [];
  let other = false;
  forEachDescendant(body, (node) => {
    if (other) return false;
    if (node.type !== 'MemberExpression' || node.object.type !== 'ThisExpression' || staticPropertyName(node) !== name)
      return;
    const owner = thisOwnerOf(node.object);
    if (!owner || owner.body !== body || owner.isStatic !== isStatic) return;
    const current = outermostWrapperOf(node);
    const call = current.parent;
    if (call?.type === 'CallExpression' && call.callee === current) calls.push(call);
    else other = true;
  });
  return other ? undefined : calls;
}

/**
 * `launch({ start(options) { … } })`: a function named like a start-up routine, handed in an object
 * literal straight to a call (or `new`); it runs once when that call does. The call, or undefined.
 */
function startupCallbackHost(fn: FunctionNode): TSESTree.CallExpression | TSESTree.NewExpression | undefined {
  const property = fn.parent;
  if (property?.type !== 'Property' || property.kind !== 'init') return undefined;
  const name = keyName(property.key, property.computed);
  return name !== undefined && STARTUP_FUNCTION.test(name) ? objectArgumentHost(fn) : undefined;
}

/** `call({ name: fn })` or `new C({ fn() {} })`: the call `fn` is handed to inside an object literal argument. */
function objectArgumentHost(fn: FunctionNode): TSESTree.CallExpression | TSESTree.NewExpression | undefined {
  const property = fn.parent;
  if (property?.type !== 'Property' || property.value !== fn) return undefined;
  const object = property.parent;
  const host = object.parent;
  return (host?.type === 'CallExpression' || host?.type === 'NewExpression') &&
    host.arguments.includes(object as TSESTree.CallExpressionArgument)
    ? host
    : undefined;
}

/**
 * The one `new C()` of a class that is a singleton of its module: not exported itself, not
 * extended, and named exactly once in the file, by that `new` (`export default new Store()`).
 * Undefined for any other class: its instances may be made anywhere, any number of times.
 */
export function singleCreation(
  ctx: AnalysisContext,
  cls: TSESTree.ClassDeclaration | TSESTree.ClassExpression,
): TSESTree.NewExpression | undefined {
  if (cls.parent?.type === 'ExportNamedDeclaration' || cls.parent?.type === 'ExportDefaultDeclaration')
    return undefined;
  const variables = classVariablesOf(ctx, cls);
  if (variables.length === 0 || variables.some((variable) => isExported(variable))) return undefined;
  const uses = variables.flatMap((variable) => variable.references).filter((ref) => !ref.init);
  if (uses.length !== 1) return undefined;
  const use = uses[0]!.identifier;
  return use.parent?.type === 'NewExpression' && use.parent.callee === use ? use.parent : undefined;
}
