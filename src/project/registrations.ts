import type { TSESTree } from '@typescript-eslint/utils';
import { firesOnceOnCallResult } from '../core/call-result-events.js';
import { onRouter } from '../core/route-chain.js';
import {
  CONSTRUCTED_RUNNERS,
  CONSUMER_METHODS,
  ERROR_PARAM,
  HTTP_METHODS,
  ITERATION_METHODS,
  MESSAGE_EVENTS,
  ONCE_CALLBACK_METHODS,
  OPTION_CALLBACKS,
  PROCEDURE_BUILDER,
  PROCEDURE_METHODS,
  RECEIVER_METHODS,
  ROUTE_OPTION_KEY,
  RUNS_LATER_METHOD,
  SERVER_FACTORIES,
  SOCKET_SERVER_MODULES,
  TIMER_REGISTRATIONS,
  type RepeatKind,
} from '../knowledge/entry-points.js';
// Event-listener registrations: `emitter.on(event, fn)` runs `fn` per event (per message for MESSAGE_EVENTS).
import {
  LISTENER_ADD_METHODS,
  OBSERVABLE_OPERATOR_CHAIN,
  OBSERVABLE_TYPES,
  ONCE_EVENTS,
  ONCE_STREAM,
  PROCESS_END_EVENTS,
} from '../knowledge/events.js';
import {
  FUNCTION_TYPES,
  calleeName,
  keyName,
  propertyName,
  receiverName,
  staticString,
  unwrap,
  type AstNode,
} from './ast.js';
import { wordsOf } from '../core/words.js';
import { CONFIGURATION_WORDS } from '../knowledge/key-words.js';

/**
 * `coreSettingsHost.subscribe('general.language', fn)`, `config.subscribe(fn)`: a receiver named
 * for configuration (CONFIGURATION_WORDS) hands `fn` each change of a setting, an event of the
 * program (a user's change in most), not a message from outside (set 36: a music player's
 * language reload per settings change).
 */
function isSettingsStore(callee: AstNode): boolean {
  const receiver = receiverName(callee);
  return receiver !== undefined && wordsOf(receiver).some((word) => CONFIGURATION_WORDS.has(word));
}

/** A function handed to a registration, still as syntax: linking resolves it to a function of some file. */
export interface Registration {
  readonly target: AstNode;
  readonly kind: 'repeats' | 'once';
  readonly repeatKind?: RepeatKind;
  readonly description: string;
  /** A handler of the process's way out (`process.on('SIGTERM', fn)`): what only it reaches runs as the process ends. */
  readonly wayOut?: true;
  /** For `app.use(fn)` on a named receiver: the receiver, whose value says whether it installs a plugin once (plugin-apps.ts). */
  readonly usedOn?: AstNode;
}

/** Syntax that can stand for a function: inline, by name, or a property (`controller.create`). */
/**
 * A consumer's processor: a function written in place, or one named by a variable or a property
 * (`queue.process(notifProcessor)` after `const notifProcessor = require('./processors/notif')`:
 * a studied recall case's workers). Not a call's result, which these generic method names
 * (`process`, `define`) take for data too often.
 */
function isConsumerFunction(node: AstNode): boolean {
  const type = unwrap(node).type;
  return FUNCTION_TYPES.has(type) || type === 'Identifier' || type === 'MemberExpression';
}

function isFunctionLike(node: AstNode | undefined): node is AstNode {
  if (!node) return false;
  const inner = unwrap(node);
  return (
    FUNCTION_TYPES.has(inner.type) ||
    inner.type === 'Identifier' ||
    inner.type === 'MemberExpression' ||
    inner.type === 'CallExpression'
  );
}

const repeats = (target: AstNode, repeatKind: RepeatKind, description: string): Registration => ({
  target: unwrap(target),
  kind: 'repeats',
  repeatKind,
  description,
});
const once = (target: AstNode, description: string): Registration => ({
  target: unwrap(target),
  kind: 'once',
  description,
});

/** `process.once(event, fn)`: for an event the process fires on its way out, as `process.on`. */
const PROCESS_ONCE_METHOD = 'once';

/**
 * Every name a registration below can be called by: most calls are none of them, and are done
 * with one lookup instead of a pass over each table of the catalogue.
 */
const REGISTERING_NAMES: ReadonlySet<string> = new Set([
  ...CONSTRUCTED_RUNNERS.map((runner) => runner.className),
  ...TIMER_REGISTRATIONS.map((timer) => timer.callee),
  ...LISTENER_ADD_METHODS,
  ...CONSUMER_METHODS.map((consumer) => consumer.method),
  ...RECEIVER_METHODS.map((method) => method.method),
  ...PROCEDURE_METHODS,
  ...OPTION_CALLBACKS.map((option) => option.method),
  ...SERVER_FACTORIES,
  ...ONCE_CALLBACK_METHODS,
  ...HTTP_METHODS,
  PROCESS_ONCE_METHOD,
  'command',
  'route',
]);

/**
 * The registrations a call or `new` makes, by the catalogue in src/knowledge/entry-points.ts.
 * `typeNameOf` names the declared type of a variable or parameter (`observable: Observable<T>`),
 * when the caller can say it.
 */
export function registrationsOf(
  call: AstNode,
  typeNameOf: (identifier: AstNode) => string | undefined = () => undefined,
): Registration[] {
  const callee = unwrap(call.callee as AstNode);
  const name = calleeName(callee);
  if (name === undefined || !REGISTERING_NAMES.has(name)) return [];
  const args = (call.arguments as AstNode[]).filter((a) => a.type !== 'SpreadElement');
  if (call.type === 'NewExpression') {
    const runner = CONSTRUCTED_RUNNERS.find((r) => r.className === name);
    const target = runner ? args[runner.argument] : undefined;
    return runner && isFunctionLike(target) ? [repeats(target, runner.repeatKind, runner.description)] : [];
  }
  const found: Registration[] = [];
  const last = args[args.length - 1];

  for (const timer of TIMER_REGISTRATIONS) {
    const target = args[timer.argument];
    if (
      timer.callee === name &&
      isFunctionLike(target) &&
      (timer.argument === 0 || staticString(args[0]) !== undefined)
    )
      found.push(repeats(target, 'timer', `${name} callback`));
  }
  const processEnd = processEndHandlerOf(callee, name, args);
  if (processEnd) found.push(processEnd);
  if (LISTENER_ADD_METHODS.has(name) && callee.type === 'MemberExpression' && isFunctionLike(args[1])) {
    const event = staticString(args[0]);
    // A listener on an event that fires once ('ready', 'close', 'exit') runs as often as its
    // registration, which this table cannot say: no entry, so the file's own judgement stands.
    if (
      event !== undefined &&
      !ONCE_EVENTS.has(event) &&
      !firesOnceOnCallResult(callee.object as unknown as TSESTree.Node, event)
    ) {
      // A DOM `addEventListener('message', fn)` (a window, worker or service worker) is an event, as
      // the file reads it (frequency/handlers.ts): only an emitter's `on('message')` is a message handler.
      const messages = MESSAGE_EVENTS.has(event) && name !== 'addEventListener';
      const repeatKind: RepeatKind = event === 'request' ? 'request' : messages ? 'message' : 'event';
      found.push(repeats(args[1]!, repeatKind, `'${event}' event handler`));
    }
  }
  for (const consumer of CONSUMER_METHODS) {
    if (
      consumer.method === name &&
      callee.type === 'MemberExpression' &&
      args.length >= 1 &&
      last &&
      isConsumerFunction(last)
    ) {
      const stream = name === OBSERVABLE_SUBSCRIBE ? observableStreamOf(callee, args, typeNameOf) : undefined;
      // A stream that fires once per owner (`session.closed$`) runs its callback as often as the
      // subscription is made, which this table cannot say: no entry, as for a once event.
      if (stream === 'once') continue;
      found.push(
        stream === 'values'
          ? repeats(last, 'event', 'observable subscription callback')
          : name === OBSERVABLE_SUBSCRIBE && isSettingsStore(callee)
            ? repeats(last, 'event', 'settings subscription callback')
            : repeats(last, consumer.repeatKind, consumer.description),
      );
    }
  }
  for (const method of RECEIVER_METHODS) {
    const target = args[method.argument];
    if (method.method === name && receiverName(callee) === method.receiver && isFunctionLike(target)) {
      const channel = staticString(args[0]);
      if (method.channels && !(channel !== undefined && method.channels.has(channel))) continue;
      found.push(
        repeats(target, method.repeatKind, channel ? `${method.description} for '${channel}'` : method.description),
      );
    }
  }
  if (PROCEDURE_METHODS.has(name) && isFunctionLike(args[0]) && startsAtProcedure(callee))
    found.push(repeats(args[0], 'request', `tRPC ${name} procedure`));
  for (const option of OPTION_CALLBACKS) {
    if (option.method !== name) continue;
    for (const arg of args) {
      for (const property of objectProperties(arg)) {
        const key = keyName(property);
        if (key !== undefined && option.keys.has(key) && isFunctionLike(property.value))
          found.push(repeats(property.value, option.repeatKind, `${option.library} ${key} callback`));
      }
    }
  }
  if (SERVER_FACTORIES.has(name) && last) {
    const runtime = receiverName(callee);
    const serve = name !== 'serve' || runtime === 'Bun' || runtime === 'Deno';
    if (serve && isFunctionLike(last) && unwrap(last).type !== 'CallExpression')
      found.push(
        runtime !== undefined && SOCKET_SERVER_MODULES.has(runtime)
          ? repeats(last, 'event', `${runtime}.${name} connection handler`)
          : repeats(last, 'request', `${runtime && name === 'serve' ? `${runtime}.serve` : name} request handler`),
      );
    const fetch = serve ? objectProperties(last).find((p) => keyName(p) === 'fetch') : undefined;
    if (fetch && isFunctionLike(fetch.value))
      found.push(repeats(fetch.value, 'request', `${runtime ?? ''}.serve fetch handler`));
  }
  if (
    ONCE_CALLBACK_METHODS.has(name) &&
    callee.type === 'MemberExpression' &&
    last &&
    FUNCTION_TYPES.has(unwrap(last).type)
  ) {
    found.push(once(last, name === 'listen' ? 'listen callback' : 'CLI command action'));
  }
  if (name === 'command' && callee.type === 'MemberExpression') {
    const handler = args[3] ?? objectProperties(args[0]).find((p) => keyName(p) === 'handler')?.value;
    if (isFunctionLike(handler) && unwrap(handler).type !== 'CallExpression')
      found.push(once(handler, 'CLI command handler'));
  }
  found.push(...routesOf(callee, name, args));
  return found.flatMap((registration) => unwrapWrappers(registration, 2));
}

const OBSERVABLE_SUBSCRIBE = 'subscribe';

/**
 * What `subscribe(fn)` listens to, when it is an observable stream (RxJS and its kin) rather than a
 * broker's subject: the stream is the receiver (`hotkey$.subscribe(fn)`) or, for a container's
 * `subs.subscribe(stream$, fn)`, the first argument. A stream is named with a trailing `$` (the
 * RxJS convention), made by an operator chain (`.pipe(…)`) or `new Observable(…)`, or declared
 * with an observable type. Its values are events of the program (a hotkey, a settings change, a
 * terminal's output), not requests from outside: 'values'. One named for the end of its owner
 * (`closed$`, `willDestroy$`, `eof$`) fires once per owner: 'once'. A broker's subscription
 * (`nc.subscribe('orders', fn)`, `hub.subscribe(fn)`) is undefined.
 */
function observableStreamOf(
  callee: AstNode,
  args: readonly AstNode[],
  typeNameOf: (identifier: AstNode) => string | undefined,
): 'values' | 'once' | undefined {
  const first = args[0] ? unwrap(args[0]) : undefined;
  const stream = args.length >= 2 && first ? first : unwrap(callee.object as AstNode);
  const name =
    stream.type === 'Identifier'
      ? (stream.name as string)
      : stream.type === 'MemberExpression'
        ? propertyName(stream)
        : undefined;
  const observable =
    (name !== undefined && name.endsWith('$')) ||
    (stream.type === 'CallExpression' && calleeName(stream.callee as AstNode) === OBSERVABLE_OPERATOR_CHAIN) ||
    (stream.type === 'NewExpression' && OBSERVABLE_TYPES.has(calleeName(stream.callee as AstNode) ?? '')) ||
    (stream.type === 'Identifier' && OBSERVABLE_TYPES.has(typeNameOf(stream) ?? ''));
  if (!observable) return undefined;
  return name !== undefined && ONCE_STREAM.test(name) ? 'once' : 'values';
}

/** `publicProcedure.input(schema).query`, `t.procedure.use(auth).mutation`: a builder chain that starts at a tRPC procedure. */
function startsAtProcedure(callee: AstNode): boolean {
  let node: AstNode | undefined = unwrap(callee);
  for (let depth = 0; node && depth < MAX_BUILDER_CHAIN; depth++) {
    if (node.type === 'Identifier') return PROCEDURE_BUILDER.test(node.name as string);
    if (node.type === 'CallExpression') {
      node = unwrap(node.callee as AstNode);
      continue;
    }
    if (node.type !== 'MemberExpression') return false;
    if (depth > 0 && PROCEDURE_BUILDER.test(propertyName(node) ?? '')) return true;
    node = unwrap(node.object as AstNode);
  }
  return false;
}

/** How many links of a builder chain (`.input(…).use(…).output(…)`) are walked back to its start. */
const MAX_BUILDER_CHAIN = 12;

/**
 * `app.get('/x', asyncHandler(async (req, res) => …))`: a wrapper's function arguments are what
 * the registration ends up running (two wrappers deep at most).
 */
function unwrapWrappers(registration: Registration, depth: number): Registration[] {
  if (registration.target.type !== 'CallExpression') return [registration];
  if (depth === 0) return [];
  return (registration.target.arguments as AstNode[])
    .filter((arg) => isFunctionLike(arg))
    .flatMap((arg) => unwrapWrappers({ ...registration, target: unwrap(arg) }, depth - 1));
}

/** `app.post('/orders', auth, createOrder)`, `router.use(fn)`, `fastify.route({ method, url, handler })`. */
function routesOf(callee: AstNode, method: string, args: AstNode[]): Registration[] {
  if (callee.type !== 'MemberExpression') return [];
  if (method === 'route') {
    const options = args[0] ? objectProperties(args[0]) : [];
    const handler = options.find((p) => keyName(p) === ROUTE_OPTION_KEY);
    if (!handler || !isFunctionLike(handler.value)) return [];
    const verb = staticString(options.find((p) => keyName(p) === 'method')?.value);
    const path = staticString(options.find((p) => keyName(p) === 'url' || keyName(p) === 'path')?.value);
    return [repeats(handler.value, 'request', routeLabel(verb ?? 'route', path))];
  }
  if (!HTTP_METHODS.has(method) || method === 'on') return [];
  const first = args[0];
  const path = staticString(first);
  const hasPath =
    (path !== undefined && /^[/*]/.test(path)) || (first?.type === 'Literal' && first.regex !== undefined);
  if (!hasPath && !onRouter(callee as unknown as TSESTree.MemberExpression, method)) return [];
  const label = method === 'use' ? (path ? `middleware for ${path}` : 'middleware') : routeLabel(method, path);
  const object = unwrap(callee.object as AstNode);
  const usedOn = method === 'use' && !hasPath && object.type === 'Identifier' ? object : undefined;
  const handlers: Registration[] = [];
  for (const arg of hasPath ? args.slice(1) : args) {
    const inner = unwrap(arg);
    if (FUNCTION_TYPES.has(inner.type)) {
      // `api.get(url, (err, data) => …)`: a client's completion callback (error middleware has four parameters).
      const first = inner.params[0] as AstNode | undefined;
      if (inner.params.length < 4 && first?.type === 'Identifier' && ERROR_PARAM.test(first.name as string)) return [];
      handlers.push(repeats(inner, 'request', label));
    } else if (inner.type === 'Identifier' || inner.type === 'MemberExpression' || inner.type === 'CallExpression') {
      handlers.push(repeats(inner, 'request', label));
    } else if (inner.type === 'ArrayExpression') {
      for (const element of inner.elements as (AstNode | null)[])
        if (element && isFunctionLike(element)) handlers.push(repeats(element, 'request', label));
    } else if (inner.type === 'ObjectExpression') {
      const handler = objectProperties(inner).find((p) => keyName(p) === ROUTE_OPTION_KEY);
      if (handler && isFunctionLike(handler.value)) handlers.push(repeats(handler.value, 'request', label));
    }
  }
  return usedOn ? handlers.map((handler) => ({ ...handler, usedOn })) : handlers;
}

const routeLabel = (method: string, path: string | undefined): string =>
  `${method.toUpperCase()}${path ? ` ${path}` : ' route'} handler`;

function objectProperties(node: AstNode | undefined): AstNode[] {
  const object = node ? unwrap(node) : undefined;
  if (object?.type !== 'ObjectExpression') return [];
  return (object.properties as AstNode[]).filter((p) => p.type === 'Property');
}

/**
 * A method call that keeps a callback to run later (`Template.card.onCreated(fn)`, `bus.subscribe(fn)`;
 * RUNS_LATER_METHOD) rather than running it now; an iteration method never does.
 */
export function keepsForLater(call: AstNode): boolean {
  const method = calleeName(call.callee as AstNode) ?? '';
  return (
    !ITERATION_METHODS.has(method) &&
    unwrap(call.callee as AstNode).type === 'MemberExpression' &&
    RUNS_LATER_METHOD.test(method)
  );
}

/**
 * `process.on('SIGTERM', shutdown)`, `process.once('exit', flush)`: the handler runs once, on the
 * way out (PROCESS_END_EVENTS), and so does what only it calls (set 29: an operation log's
 * synchronous flush, taken for a method of a service called again and again).
 */
function processEndHandlerOf(callee: AstNode, name: string, args: readonly AstNode[]): Registration | undefined {
  if (!LISTENER_ADD_METHODS.has(name) && name !== PROCESS_ONCE_METHOD) return undefined;
  if (callee.type !== 'MemberExpression' || !isFunctionLike(args[1])) return undefined;
  const receiver = unwrap(callee.object as AstNode);
  const event = staticString(args[0]);
  if (receiver.type !== 'Identifier' || receiver.name !== 'process' || event === undefined) return undefined;
  return PROCESS_END_EVENTS.has(event) ? { ...once(args[1], `process's '${event}' handler`), wayOut: true } : undefined;
}
