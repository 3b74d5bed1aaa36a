import type { TSESTree } from '@typescript-eslint/utils';
import { declaredVariableOf, isFunctionNode, someDescendant, within, type FunctionNode } from '../core/ast.js';
import { findVariable, resolveIdentifier, type AnalysisContext } from '../core/context.js';
import {
  isExportOf,
  isGlobalReference,
  isModuleExports,
  normalizeModule,
  resolveImportedValue,
  staticPropertyName,
} from '../core/imports.js';
import {
  type RepeatKind,
  ERROR_PARAM,
  HTTP_METHODS,
  ITERATION_METHODS,
  MESSAGE_EVENTS,
  NEXT_ROUTE_EXPORTS,
  RECEIVER_METHODS,
  ROUTER_RECEIVER,
} from '../knowledge/entry-points.js';

/** Array methods whose callback runs once per element (the list lives in the catalogue). */
export { ITERATION_METHODS };

export type LoopNode =
  | TSESTree.ForStatement
  | TSESTree.ForInStatement
  | TSESTree.ForOfStatement
  | TSESTree.WhileStatement
  | TSESTree.DoWhileStatement;

export function isLoop(node: TSESTree.Node): node is LoopNode {
  return (
    node.type === 'ForStatement' ||
    node.type === 'ForInStatement' ||
    node.type === 'ForOfStatement' ||
    node.type === 'WhileStatement' ||
    node.type === 'DoWhileStatement'
  );
}

/** How messages name a loop: "for...of loop", "for await...of loop", "do...while loop". */
export function loopLabel(loop: LoopNode): string {
  switch (loop.type) {
    case 'ForStatement':
      return 'for loop';
    case 'ForInStatement':
      return 'for...in loop';
    case 'ForOfStatement':
      return loop.await ? 'for await...of loop' : 'for...of loop';
    case 'WhileStatement':
      return 'while loop';
    default:
      return 'do...while loop';
  }
}

/**
 * How many times a loop runs when the code says so outright: `for (let i = 0; i < 3; i++)` (the
 * bound a number literal or a const bound to one, the counter stepped by one and not assigned in
 * the body) or `for (const x of [a, b, c])` over an array literal. Undefined for anything else.
 */
export function fixedIterationCount(ctx: AnalysisContext, loop: LoopNode): number | undefined {
  if (loop.type === 'ForOfStatement') {
    const right = loop.right;
    return right.type === 'ArrayExpression' && right.elements.every((e) => e !== null && e.type !== 'SpreadElement')
      ? right.elements.length
      : undefined;
  }
  if (loop.type !== 'ForStatement') return undefined;
  const { init, test, update } = loop;
  const declarator =
    init?.type === 'VariableDeclaration' && init.declarations.length === 1 ? init.declarations[0]! : undefined;
  if (
    declarator?.id.type !== 'Identifier' ||
    declarator.init?.type !== 'Literal' ||
    typeof declarator.init.value !== 'number'
  )
    return undefined;
  const counter = declarator.id.name;
  if (test?.type !== 'BinaryExpression' || (test.operator !== '<' && test.operator !== '<=')) return undefined;
  if (test.left.type !== 'Identifier' || test.left.name !== counter) return undefined;
  const bound = numericConstant(ctx, test.right);
  if (bound === undefined) return undefined;
  const stepsByOne =
    (update?.type === 'UpdateExpression' &&
      update.operator === '++' &&
      update.argument.type === 'Identifier' &&
      update.argument.name === counter) ||
    (update?.type === 'AssignmentExpression' &&
      update.operator === '+=' &&
      update.left.type === 'Identifier' &&
      update.left.name === counter &&
      update.right.type === 'Literal' &&
      update.right.value === 1);
  if (!stepsByOne) return undefined;
  // The counter written anywhere but the update would change the count.
  const variable = resolveIdentifier(ctx, declarator.id);
  if (
    !variable ||
    variable.references.some(
      (ref) => ref.isWrite() && ref.identifier !== declarator.id && !(update && within(update, ref.identifier)),
    )
  )
    return undefined;
  return Math.max(0, Math.ceil(bound - declarator.init.value + (test.operator === '<=' ? 1 : 0)));
}

/** A number literal, or a const bound to one. */
function numericConstant(ctx: AnalysisContext, node: TSESTree.Node): number | undefined {
  if (node.type === 'Literal') return typeof node.value === 'number' ? node.value : undefined;
  if (node.type !== 'Identifier') return undefined;
  const variable = findVariable(ctx.getScope(node), node.name);
  const def = variable?.defs.length === 1 ? variable.defs[0] : undefined;
  if (def?.type !== 'Variable' || def.parent.kind !== 'const') return undefined;
  const init = def.node.init;
  return init?.type === 'Literal' && typeof init.value === 'number' ? init.value : undefined;
}

/** True when `child` (a direct child of `loop`) is evaluated on every iteration. */
function runsPerIteration(loop: LoopNode, child: TSESTree.Node): boolean {
  switch (loop.type) {
    case 'ForStatement':
      return child === loop.body || child === loop.test || child === loop.update;
    case 'ForInStatement':
    case 'ForOfStatement':
      return child === loop.body || child === loop.left;
    default:
      return child === loop.body || child === loop.test;
  }
}

/**
 * `for (…) { io.disconnect(); hydrate(); break; }`, `drain(reader); throw error;`: a statement
 * followed in its block by a `break`, `return` or `throw` that leaves the loop runs once per run of
 * the loop, not once per iteration. A `continue` in between could skip the exit, and a `break`
 * inside a `switch` leaves only the switch.
 */
function leavesLoopAfter(node: TSESTree.Node, loop: LoopNode): boolean {
  for (
    let child = node, current = node.parent;
    current && current !== loop;
    child = current, current = current.parent
  ) {
    const statements =
      current.type === 'BlockStatement' ? current.body : current.type === 'SwitchCase' ? current.consequent : undefined;
    if (!statements) continue;
    const after = statements.slice(statements.indexOf(child as TSESTree.Statement) + 1);
    for (const statement of after) {
      if (containsContinue(statement)) return false;
      if (statement.type === 'ReturnStatement' || statement.type === 'ThrowStatement') return true;
      if (
        statement.type === 'BreakStatement' &&
        (statement.label === null
          ? !switchBetween(current, loop)
          : loop.parent?.type === 'LabeledStatement' && loop.parent.label.name === statement.label.name)
      )
        return true;
    }
  }
  return false;
}

/** Whether `node` lies in a `switch` inside `loop`, where a plain `break` leaves only the switch. */
function switchBetween(node: TSESTree.Node, loop: LoopNode): boolean {
  for (let current: TSESTree.Node | undefined = node; current && current !== loop; current = current.parent) {
    if (current.type === 'SwitchCase') return true;
  }
  return false;
}

/** A `continue` in `statement`, outside nested functions and loops (whose `continue` is their own). */
function containsContinue(statement: TSESTree.Node): boolean {
  if (statement.type === 'ContinueStatement') return true;
  if (isFunctionNode(statement) || isLoop(statement)) return false;
  return someDescendant(
    statement,
    (node) => node.type === 'ContinueStatement',
    (node) => isFunctionNode(node) || isLoop(node),
  );
}

/** `items.map(fn)`, `items.forEach(fn)`…: the call, when `fn` is its per-element callback. */
export function iterationCallOf(fn: FunctionNode): TSESTree.CallExpression | undefined {
  const call = fn.parent;
  if (call?.type !== 'CallExpression' || call.arguments[0] !== fn) return undefined;
  const callee = call.callee;
  if (callee.type !== 'MemberExpression') return undefined;
  const method = staticPropertyName(callee);
  if (method === undefined || !ITERATION_METHODS.has(method)) return undefined;
  // `Array.from(xs, fn)` is covered separately; `reduce(fn, init)` has the callback first too.
  return call;
}

export type Repetition =
  | { readonly kind: 'loop'; readonly node: LoopNode }
  | { readonly kind: 'iteration-callback'; readonly node: TSESTree.CallExpression; readonly method: string };

/**
 * Whether `node` runs once per iteration of a loop or of an iteration callback, looking outwards
 * from `node` up to (not past) the first function that is neither an iteration callback nor an
 * immediately invoked function. A function merely defined inside a loop is not known to run there.
 */
export function repetitionOf(node: TSESTree.Node): Repetition | undefined {
  let child: TSESTree.Node = node;
  for (let current = node.parent; current; child = current, current = current.parent) {
    if (isLoop(current) && runsPerIteration(current, child) && !leavesLoopAfter(node, current))
      return { kind: 'loop', node: current };
    if (isFunctionNode(current)) {
      const call = iterationCallOf(current);
      if (call)
        return {
          kind: 'iteration-callback',
          node: call,
          method: staticPropertyName(call.callee as TSESTree.MemberExpression)!,
        };
      if (current.parent?.type === 'CallExpression' && current.parent.callee === current) continue; // IIFE
      return undefined;
    }
  }
  return undefined;
}

/** A function that runs once per request or message, and what makes it one (for messages). */
export interface HandlerInfo {
  readonly fn: FunctionNode;
  /** "Express route handler", "AWS Lambda handler", "bullmq Worker processor"… */
  readonly description: string;
  /**
   * Its `(req, res)` are Node's IncomingMessage and ServerResponse, emitters with a 'close' event:
   * http(s).createServer callbacks, Express-style route and middleware registrations, Next.js API
   * routes. Not a fetch handler's Request, nor fastify's request and reply.
   */
  readonly nodeHttp: boolean;
  /** What it runs once per: an HTTP request, a socket or queue message, a queued job. */
  readonly per: HandlerUnit;
}

/** What a handler runs once per (the frequency model's repeat kinds for handlers). */
export type HandlerUnit = Extract<RepeatKind, 'request' | 'message' | 'job'>;

type HandlerKind = Omit<HandlerInfo, 'fn'>;
const other = (description: string, per: HandlerUnit): HandlerKind => ({ description, nodeHttp: false, per });
const nodeHttp = (description: string): HandlerKind => ({ description, nodeHttp: true, per: 'request' });

/**
 * Whether `fn` is registered to run per request or per message: route registrations
 * (`app.get('/x', fn)`, `router.post(...)`, `fastify.route({ handler })`), http(s).createServer
 * callbacks, AWS Lambda handlers (exported `handler`), Next.js route handlers (GET/POST… exported
 * from route files), fetch handlers (`export default { fetch }` of Workers, Bun and Deno modules,
 * `Bun.serve({ fetch })`, `Deno.serve(fn)`), queue processors (bullmq Worker, kafkajs
 * eachMessage/eachBatch, amqplib consume) and socket message callbacks (`on('message' | 'data' |
 * 'connection', fn)`).
 */
export function handlerInfo(ctx: AnalysisContext, fn: FunctionNode): HandlerInfo | undefined {
  // Remembered per function node: every candidate below one handler asks again (enclosingHandler).
  let info = handlerInfoCache.get(fn);
  if (info === undefined) {
    const kind = describeHandler(ctx, fn);
    info = kind ? { fn, ...kind } : null;
    handlerInfoCache.set(fn, info);
  }
  return info ?? undefined;
}

const handlerInfoCache = new WeakMap<FunctionNode, HandlerInfo | null>();

/** The nearest enclosing function that is a per-request or per-message handler. */
export function enclosingHandler(ctx: AnalysisContext, node: TSESTree.Node): HandlerInfo | undefined {
  for (let current = node.parent; current; current = current.parent) {
    if (isFunctionNode(current)) {
      const info = handlerInfo(ctx, current);
      if (info) return info;
    }
  }
  return undefined;
}

function describeHandler(ctx: AnalysisContext, fn: FunctionNode): HandlerKind | undefined {
  const parent = fn.parent;
  if (!parent) return undefined;

  if (isBullmqProcessor(ctx, fn)) return other('bullmq Worker processor', 'job');
  if (parent.type === 'CallExpression' && parent.arguments.includes(fn as TSESTree.CallExpressionArgument)) {
    return describeCallbackRegistration(ctx, parent, fn, fn);
  }
  // `function getUser(req, res) {…} … app.get('/users/:id', getUser)`: registered by name in this file.
  for (const { call, arg } of registrationsByName(ctx, fn)) {
    const kind = describeCallbackRegistration(ctx, call, fn, arg);
    if (kind) return kind;
  }
  // fastify.route({ handler }), kafkajs consumer.run({ eachMessage }), { fetch } handlers.
  if (parent.type === 'Property' && parent.value === fn && !parent.computed && parent.key.type === 'Identifier') {
    const object = parent.parent;
    const call = object?.parent;
    if (
      object?.type === 'ObjectExpression' &&
      call?.type === 'CallExpression' &&
      call.callee.type === 'MemberExpression'
    ) {
      const method = staticPropertyName(call.callee);
      if (parent.key.name === 'handler' && (method === 'route' || HTTP_METHODS.has(method ?? '')))
        return other('route handler', 'request');
      if ((parent.key.name === 'eachMessage' || parent.key.name === 'eachBatch') && method === 'run')
        return other(`kafkajs ${parent.key.name} callback`, 'message');
      // Bun.serve({ fetch(req) { … } }), Deno.serve({ handler }) is covered below through the call.
      if (parent.key.name === 'fetch' && call.arguments[0] === object && runtimeServe(ctx, call.callee))
        return other(`${runtimeServe(ctx, call.callee)} fetch handler`, 'request');
    }
    // Cloudflare Workers, Bun and Deno modules: export default { async fetch(request, env) { … } }.
    if (
      parent.key.name === 'fetch' &&
      object?.type === 'ObjectExpression' &&
      outsideValueWrappers(object).parent?.type === 'ExportDefaultDeclaration'
    ) {
      return other('fetch handler', 'request');
    }
  }
  // export const handler = ..., export async function handler, exports.handler = ..., Next.js route exports.
  const exportedName = exportedNameOf(fn);
  if (exportedName === 'handler') return other('AWS Lambda handler', 'request');
  if (exportedName && NEXT_ROUTE_EXPORTS.has(exportedName) && /(^|[\\/])route\.[cm]?[jt]sx?$/.test(ctx.filename)) {
    return other(`Next.js ${exportedName} route handler`, 'request');
  }
  if (exportedName === 'default' && /[\\/]pages[\\/]api[\\/]/.test(ctx.filename))
    return nodeHttp('Next.js API route handler');
  return undefined;
}

/**
 * The calls of this file that take `fn` by name as an argument: a function declaration, or a
 * `const` initialised with a function, passed as `app.get('/x', fn)`.
 */
function registrationsByName(
  ctx: AnalysisContext,
  fn: FunctionNode,
): { call: TSESTree.CallExpression; arg: TSESTree.Identifier }[] {
  const declarator = fn.parent?.type === 'VariableDeclarator' && fn.parent.init === fn ? fn.parent : undefined;
  if (fn.type !== 'FunctionDeclaration' && !(declarator && declarator.parent.kind === 'const')) return [];
  const variable = declaredVariableOf(ctx, fn);
  return (variable?.references ?? []).flatMap(({ identifier }) => {
    const call = identifier.parent;
    return identifier.type === 'Identifier' &&
      call?.type === 'CallExpression' &&
      call.arguments.includes(identifier as TSESTree.CallExpressionArgument)
      ? [{ call, arg: identifier }]
      : [];
  });
}

/** How `call` registers `fn`, handed over as `arg` (the function itself or its name). */
function describeCallbackRegistration(
  ctx: AnalysisContext,
  call: TSESTree.CallExpression,
  fn: FunctionNode,
  arg: TSESTree.Node,
): HandlerKind | undefined {
  const callee = call.callee;
  // http.createServer(fn), https.createServer(opts, fn)
  if (callee.type === 'MemberExpression' || callee.type === 'Identifier') {
    const imported = resolveImportedValue(ctx, callee);
    if (imported && ['http', 'https', 'http2'].includes(normalizeModule(imported.source))) {
      const name = imported.path[imported.path.length - 1];
      if (name === 'createServer' || name === 'createSecureServer')
        return nodeHttp(`${imported.source}.${name} request callback`);
    }
  }
  if (call.parent?.type === 'NewExpression') return undefined;
  if (callee.type !== 'MemberExpression') return undefined;
  // Deno.serve(fn), Deno.serve(options, fn), Bun.serve is given an object (above).
  const runtime = runtimeServe(ctx, callee);
  if (runtime && call.arguments[call.arguments.length - 1] === arg)
    return other(`${runtime} request handler`, 'request');
  const method = staticPropertyName(callee);
  if (method === undefined) return undefined;

  // amqplib channel.consume(queue, fn)
  if (method === 'consume' && call.arguments[1] === arg) return other('amqplib consume callback', 'message');
  // nitroApp.hooks.hook('request', fn)
  const receiverMethod = fileLocalReceiverMethod(callee, method, call, arg);
  if (receiverMethod) return other(receiverMethod, 'request');

  // socket.on('message', fn), io.on('connection', fn), server.on('request', fn)
  if ((method === 'on' || method === 'addListener') && call.arguments[1] === arg) {
    const event = call.arguments[0];
    if (event?.type === 'Literal' && typeof event.value === 'string' && MESSAGE_EVENTS.has(event.value))
      return other(
        `'${event.value}' event callback`,
        event.value === 'request' || event.value === 'upgrade' ? 'request' : 'message',
      );
    return undefined;
  }

  if (!HTTP_METHODS.has(method) || method === 'on') return undefined;
  // `api.get(url, params, (err, data) => …)`: a client call's completion callback. Error middleware
  // takes the error first too, but with the request, response and next after it.
  const firstParam = fn.params[0];
  if (fn.params.length < 4 && firstParam?.type === 'Identifier' && ERROR_PARAM.test(firstParam.name)) return undefined;
  // app.get('/path', ...handlers) or router.use(fn): a path first, or a receiver named like a router.
  const first = call.arguments[0];
  const hasPath =
    (first?.type === 'Literal' &&
      (typeof first.value === 'string' ? /^[/*]/.test(first.value) : first.value instanceof RegExp)) ||
    (first?.type === 'TemplateLiteral' && /^[/*]/.test(first.quasis[0]?.value.cooked ?? ''));
  const receiverName = receiverNameOf(callee);
  const routerLike = receiverName !== undefined && ROUTER_RECEIVER.test(receiverName);
  if (!hasPath && !routerLike) return undefined;
  return nodeHttp(method === 'use' ? 'middleware' : `${method.toUpperCase()} route handler`);
}

/**
 * A RECEIVER_METHODS registration the file-local model knows (`nitroApp.hooks.hook('request', fn)`):
 * its description with the hook's name, else undefined.
 */
function fileLocalReceiverMethod(
  callee: TSESTree.MemberExpression,
  method: string,
  call: TSESTree.CallExpression,
  arg: TSESTree.Node,
): string | undefined {
  const receiverName = receiverNameOf(callee);
  const first = call.arguments[0];
  const channel = first?.type === 'Literal' && typeof first.value === 'string' ? first.value : undefined;
  const entry = RECEIVER_METHODS.find(
    (m) =>
      m.fileLocal &&
      m.method === method &&
      m.receiver === receiverName &&
      call.arguments[m.argument] === arg &&
      (!m.channels || (channel !== undefined && m.channels.has(channel))),
  );
  return entry && `${entry.description}${channel ? ` for '${channel}'` : ''}`;
}

/** The receiver's name in `x.m()`, `a.x.m()`, `x().m()`: `x`. */
function receiverNameOf(callee: TSESTree.MemberExpression): string | undefined {
  const receiver = callee.object;
  if (receiver.type === 'Identifier') return receiver.name;
  if (receiver.type === 'MemberExpression') return staticPropertyName(receiver);
  return receiver.type === 'CallExpression' && receiver.callee.type === 'MemberExpression'
    ? staticPropertyName(receiver.callee)
    : undefined;
}

/** `Bun.serve` / `Deno.serve` on the runtime's global: the name, else undefined. */
function runtimeServe(ctx: AnalysisContext, callee: TSESTree.MemberExpression): string | undefined {
  const runtime = callee.object;
  if (
    runtime.type !== 'Identifier' ||
    (runtime.name !== 'Bun' && runtime.name !== 'Deno') ||
    staticPropertyName(callee) !== 'serve'
  )
    return undefined;
  return isGlobalReference(ctx, runtime, runtime.name) ? `${runtime.name}.serve` : undefined;
}

/** The outermost of the `as` / `satisfies` / `!` wrappers around `node` (or `node`). */
function outsideValueWrappers(node: TSESTree.Node): TSESTree.Node {
  let current = node;
  while (
    current.parent &&
    (current.parent.type === 'TSAsExpression' ||
      current.parent.type === 'TSSatisfiesExpression' ||
      current.parent.type === 'TSNonNullExpression')
  ) {
    current = current.parent;
  }
  return current;
}

/** The name a function is exported under (`handler`, `GET`, `default`), if it is exported directly. */
function exportedNameOf(fn: FunctionNode): string | undefined {
  const parent = fn.parent;
  if (fn.type === 'FunctionDeclaration') {
    if (parent?.type === 'ExportNamedDeclaration') return fn.id?.name;
    if (parent?.type === 'ExportDefaultDeclaration') return 'default';
    return undefined;
  }
  if (parent?.type === 'ExportDefaultDeclaration') return 'default';
  if (parent?.type === 'VariableDeclarator' && parent.init === fn && parent.id.type === 'Identifier') {
    if (parent.parent.parent?.type === 'ExportNamedDeclaration') return parent.id.name;
    return undefined;
  }
  // exports.handler = fn / module.exports.handler = fn
  if (parent?.type === 'AssignmentExpression' && parent.right === fn && parent.left.type === 'MemberExpression') {
    const target = parent.left.object;
    const isExportsObject = (target.type === 'Identifier' && target.name === 'exports') || isModuleExports(target);
    if (isExportsObject) return staticPropertyName(parent.left);
  }
  return undefined;
}

/** `new Worker(name, processor)` from bullmq: the processor runs per job. */
export function isBullmqProcessor(ctx: AnalysisContext, fn: FunctionNode): boolean {
  const parent = fn.parent;
  return (
    parent?.type === 'NewExpression' &&
    parent.arguments[1] === fn &&
    isExportOf(resolveImportedValue(ctx, parent.callee), ['bullmq'], 'Worker')
  );
}
