import type { TSESTree } from '@typescript-eslint/utils';
import { declaredVariableOf, functionNamedBy, isFunctionNode, type FunctionNode } from '../core/ast.js';
import type { AnalysisContext } from '../core/context.js';
import { wrappedFunctionCandidates } from '../core/wrapped-function.js';
import { onRouter } from '../core/route-chain.js';
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
  MESSAGE_EVENTS,
  NEXT_ROUTE_EXPORTS,
  RECEIVER_METHODS,
} from '../knowledge/entry-points.js';

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
    const kind = describeCallbackRegistration(ctx, parent, fn, fn);
    if (kind) return kind;
  }
  // `function getUser(req, res) {…} … app.get('/users/:id', getUser)`: registered by name in this file.
  const byName = registrationsByName(ctx, fn);
  for (const { call, arg } of byName) {
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
  const exportedName =
    exportedNameOf(fn) ??
    wrappedExportNameOf(
      ctx,
      fn,
      byName.map(({ call }) => call),
    );
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
  if (!hasPath && !onRouter(callee, method)) return undefined;
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

/**
 * The name of an export a wrapper builds around `fn` (`export const GET = withAuth('x', async (req)
 * => …)`, `export const handler = middy(fn).use(…)`, `export default withSentry(handler)`), when
 * `fn` is the function that wrapper hands on (wrapped-function.ts).
 */
function wrappedExportNameOf(
  ctx: AnalysisContext,
  fn: FunctionNode,
  /** The calls of this file that take `fn` by name (registrationsByName). */
  byName: TSESTree.CallExpression[],
): string | undefined {
  const calls = [...byName];
  if (fn.parent?.type === 'CallExpression' && fn.parent.arguments.includes(fn as TSESTree.CallExpressionArgument))
    calls.push(fn.parent);
  for (const call of calls) {
    let outer: TSESTree.Node = call;
    for (;;) {
      const parent: TSESTree.Node | undefined = outer.parent;
      if (parent?.type === 'CallExpression' && parent.arguments.includes(outer as TSESTree.CallExpressionArgument))
        outer = parent;
      else if (
        parent?.type === 'MemberExpression' &&
        parent.object === outer &&
        parent.parent?.type === 'CallExpression'
      )
        outer = parent.parent;
      else break;
    }
    const parent = outer.parent;
    const name =
      parent?.type === 'ExportDefaultDeclaration'
        ? 'default'
        : parent?.type === 'VariableDeclarator' &&
            parent.init === outer &&
            parent.id.type === 'Identifier' &&
            parent.parent.parent?.type === 'ExportNamedDeclaration'
          ? parent.id.name
          : undefined;
    if (name !== undefined && firstWrappedFunction(ctx, outer) === fn) return name;
  }
  return undefined;
}

/** The first of a wrapper call's candidates that is a function, or names one declared in this file. */
function firstWrappedFunction(ctx: AnalysisContext, call: TSESTree.Node): FunctionNode | undefined {
  for (const candidate of wrappedFunctionCandidates(call)) {
    const fn = isFunctionNode(candidate) ? candidate : functionNamedBy(ctx, candidate);
    if (fn) return fn;
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
