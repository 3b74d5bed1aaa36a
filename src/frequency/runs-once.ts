import { onceGuardOf } from './once-guard.js';
import type { TSESTree } from '@typescript-eslint/utils';
import {
  calleeName,
  declaredVariableOf,
  enclosingFunction,
  forEachDescendant,
  functionName,
  isExported,
  isFunctionNode,
  keyName,
  thisOwnerOf,
  type FunctionNode,
} from '../core/ast.js';
import { resolveIdentifier, type AnalysisContext, type Variable } from '../core/context.js';
import {
  isGlobalReference,
  isModuleExports,
  isProcessMethod,
  staticPropertyName,
  unwrapExpression,
} from '../core/imports.js';
import { repetitionOf } from './repetition.js';
import { MAX_ONCE_DEPTH, objectArgumentHost, singleCreation } from './run-context.js';
import { PAGE_LOAD_EVENTS, TERMINATION_SIGNALS } from '../knowledge/events.js';
import { LIFECYCLE_HOOK, STARTUP_FUNCTION } from '../knowledge/lifecycle.js';

/** Calls whose callback runs once when the call itself runs once (and methods named like start-up routines, or `connect`). */
const ONCE_CALLBACK_METHODS = new Set(['listen', 'then', 'catch', 'finally', 'once', 'ready', 'nextTick']);
const ONCE_CALLBACK_FUNCTIONS = new Set(['setTimeout', 'setImmediate', 'queueMicrotask']);

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
  const guard = onceGuardOf(ctx, fn, node);
  if (guard) return guard.module || runsOnce(ctx, guard.declaration, depth + 1);
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
  const handedTo =
    (parent?.type === 'NewExpression' && parent.arguments[0] === fn) ||
    (parent?.type === 'CallExpression' && parent.arguments.includes(fn as TSESTree.CallExpressionArgument));
  if (handedTo) {
    if (parent.type === 'CallExpression' && isTerminationHandlerRegistration(ctx, parent, fn))
      return runsOnce(ctx, parent, depth);
    const host = onceCallbackHost(ctx, fn);
    return host !== undefined && runsOnce(ctx, host, depth);
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
 * The call `fn` is handed to when `fn` runs once each time that call runs: `new Promise(fn)`,
 * `process.nextTick(fn)`, `setTimeout(fn)`, `task.then(fn)`, `emitter.once('ready', fn)`,
 * `server.listen(port, fn)`, a start-up call's callback (`pm2.connect(cb)`, `app.start(cb)`,
 * `io.initModule(conf, cb)`), a page-load listener. Undefined for any other callback.
 */
export function onceCallbackHost(
  ctx: AnalysisContext,
  fn: FunctionNode,
): TSESTree.CallExpression | TSESTree.NewExpression | undefined {
  const parent = fn.parent;
  if (parent?.type === 'NewExpression' && parent.arguments[0] === fn) {
    const callee = unwrapExpression(parent.callee);
    return callee.type === 'Identifier' && callee.name === 'Promise' ? parent : undefined;
  }
  if (parent?.type !== 'CallExpression' || !parent.arguments.includes(fn as TSESTree.CallExpressionArgument))
    return undefined;
  const callee = unwrapExpression(parent.callee);
  const name = calleeName(callee);
  if (name === undefined) return undefined;
  const once =
    callee.type === 'MemberExpression'
      ? ONCE_CALLBACK_METHODS.has(name) ||
        name === 'connect' ||
        STARTUP_FUNCTION.test(name) ||
        isPageLoadListener(ctx, parent, callee)
      : ONCE_CALLBACK_FUNCTIONS.has(name);
  return once ? parent : undefined;
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
