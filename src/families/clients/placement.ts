import type { TSESTree } from '@typescript-eslint/utils';
import type { AnalysisContext, Variable } from '../../core/context.js';
import { resolveIdentifier } from '../../core/context.js';
import { staticPropertyName } from '../../core/imports.js';
import {
  enclosingFunction,
  forEachDescendant,
  isFunctionNode,
  keyName,
  localCallsOf,
  within,
  type FunctionNode,
} from '../../core/ast.js';
import type { HandlerInfo } from '../../frequency/handlers.js';
import { loopLabel, repetitionOf, type Repetition } from '../../frequency/repetition.js';
import { frequencyModelOf, perUnitHandlerOf, type FrequencyModel } from '../../frequency/frequency-of.js';
import { describeFunction } from '../../frequency/describe-function.js';
import { CLOSE_METHODS, DISPOSABLE_MEMBERS, SET_UP_METHODS, STORE_METHODS } from '../../knowledge/clients.js';
import { REQUEST_HANDLER_PARAMETERS } from '../../knowledge/entry-points.js';
import { isValueWrapper } from '../../core/imports.js';
import type { ClientConstruction, Placement } from './types.js';
import { perRequestInstanceOf } from './instance-placement.js';
import { serviceMethodOf } from '../../frequency/service-method.js';
import { indexHandlerOf } from '../../frequency/index-handler.js';

/*
 * Where a client construction runs (getter, loop, handler) and what becomes of the client it
 * builds (memoized, kept, closed, dropped): the two questions behind the clients rules.
 */

/** "a for...of loop", "a `map` callback". */
export function describeRepetition(repetition: Repetition): string {
  return repetition.kind === 'iteration-callback'
    ? `a \`${repetition.method}\` callback`
    : `a ${loopLabel(repetition.node)}`;
}

/** Where `node` runs again and again, or undefined when it runs wherever its caller runs it. */
export function placementOf(ctx: AnalysisContext, node: TSESTree.Node): Placement | undefined {
  const fn = enclosingFunction(node);
  const getter = fn && getterOf(fn);
  if (fn && getter) return { kind: 'getter', fn, ...getter };
  const frequency = frequencyModelOf(ctx);
  const local = perUnitHandlerOf(frequency, node);
  const helper = local
    ? undefined
    : (helperHandlerOf(ctx, frequency, node, fn) ?? perRequestInstanceOf(ctx, frequency, node, fn));
  const service = local || helper ? undefined : serviceMethodOf(ctx, node);
  const signature = local || helper ? undefined : signatureHandlerOf(ctx, frequency, node);
  const handler = local ?? helper ?? signature ?? service;
  // A loop is judged by its body, wherever it runs: a client per element, at load or per call.
  const repetition = repetitionOf(node);
  if (handler) {
    const inner = repetition && within(handler.fn, repetition.node) ? repetition : undefined;
    // "the GET route handler"; a helper names itself ("function `send` (…)").
    const where = `${local ? 'the ' : ''}${handler.description}${inner ? ` (inside ${describeRepetition(inner)})` : ''}`;
    const serviceMethod = handler === service;
    return {
      kind: 'handler',
      handler,
      repetition: inner,
      where,
      helper: helper !== undefined || signature?.helper === true || serviceMethod,
      serviceMethod,
    };
  }
  if (repetition) return { kind: 'loop', repetition, where: describeRepetition(repetition) };
  return undefined;
}

/**
 * The function a construction is in, when it is a helper that runs per request, message or job:
 * every caller of it in this file runs in such a handler ("function `sendEmail` (only called
 * from the POST route handler)"), or the project index says so from other files, naming the
 * chain ("function `sendEmail` (runs per request: called from the POST /signup handler
 * (src/routes.ts:12))"). Judged as that handler's body.
 */
function helperHandlerOf(
  ctx: AnalysisContext,
  frequency: FrequencyModel,
  node: TSESTree.Node,
  fn: FunctionNode | undefined,
): HandlerInfo | undefined {
  const answer = frequency.of(node);
  // A helper a component calls as it renders (the index's answer): a server component renders
  // once per request, a browser one on every update, and either way each render gets a new client.
  if (answer.crossFile) return indexHandlerOf(ctx, node, { renders: true });
  const per = answer.kind === 'repeats' && answer.repeatKind === 'callers' ? answer.handler?.per : undefined;
  if (!fn || (per !== 'request' && per !== 'message' && per !== 'job')) return undefined;
  return { fn, description: `${describeFunction(ctx, fn)} (${answer.evidence})`, nodeHttp: false, per };
}

/**
 * The nearest enclosing function written as an HTTP handler, `(req, res)` or `(req, res, next)`
 * (REQUEST_HANDLER_PARAMETERS), when nothing else says how often the construction runs: Express
 * middleware and controllers exported for a router in another file. Code that runs once (start-up,
 * a lazy singleton) keeps that answer; code the project index says repeats (per event, timer…) is
 * confirmed by it. A helper of this file that only such handlers call (`const getAdmin = () =>
 * createClient(…)`, called by an exported `requireAuth(req, res, next)`) runs per request too: its
 * construction is judged as a helper's (`helper`), so handing the client back is no way out.
 */
function signatureHandlerOf(
  ctx: AnalysisContext,
  frequency: FrequencyModel,
  node: TSESTree.Node,
): (HandlerInfo & { readonly helper?: true }) | undefined {
  // The index's `repeats` (per event, timer, iteration: helperHandlerOf took the units) agrees with the signature.
  const answer = frequency.of(node);
  if (answer.kind !== 'unknown' && !(answer.kind === 'repeats' && answer.crossFile)) return undefined;
  const handler = enclosingSignatureHandler(node);
  if (handler) {
    const names = handler.params.map((p) => (p.type === 'Identifier' ? p.name : '…')).join(', ');
    const chain = answer.crossFile ? ` (${answer.evidence})` : '';
    return { fn: handler, description: `an HTTP handler \`(${names})\`${chain}`, nodeHttp: true, per: 'request' };
  }
  const fn = enclosingFunction(node);
  const callers = fn && !answer.crossFile ? localCallsOf(ctx, fn) : undefined;
  const handlers = callers?.map(enclosingSignatureHandler);
  if (!fn || !handlers?.length || !handlers.every((h) => h !== undefined)) return undefined;
  const description = `${describeFunction(ctx, fn)} (only called from HTTP handlers \`(req, res)\` of this file)`;
  return { fn, description, nodeHttp: false, per: 'request', helper: true };
}

/** The nearest function around `node` whose first two parameters are an HTTP request's and response's. */
function enclosingSignatureHandler(node: TSESTree.Node): FunctionNode | undefined {
  for (let fn = enclosingFunction(node); fn; fn = enclosingFunction(fn)) {
    const [first, second] = fn.params;
    if (
      first?.type === 'Identifier' &&
      second?.type === 'Identifier' &&
      REQUEST_HANDLER_PARAMETERS.request.test(first.name) &&
      REQUEST_HANDLER_PARAMETERS.response.test(second.name)
    )
      return fn;
  }
  return undefined;
}

/** `get client() {…}` in a class or object literal, or the `get` of an Object.defineProperty descriptor. */
function getterOf(
  fn: FunctionNode,
): { member: TSESTree.MethodDefinition | TSESTree.Property; name: string; where: string } | undefined {
  const member = fn.parent;
  if (
    (member?.type === 'MethodDefinition' || member?.type === 'Property') &&
    member.kind === 'get' &&
    member.value === fn
  ) {
    const name = keyText(member.key, member.computed) ?? 'a computed name';
    if (member.type === 'MethodDefinition') {
      const cls = member.parent.parent;
      const className =
        (cls.type === 'ClassDeclaration' || cls.type === 'ClassExpression') && cls.id
          ? ` of class \`${cls.id.name}\``
          : '';
      return { member, name, where: `${member.static ? 'static ' : ''}getter \`${name}\`${className}` };
    }
    return { member, name, where: `getter \`${name}\` of an object literal` };
  }
  // Object.defineProperty(target, 'client', { get() { … } })
  if (member?.type === 'Property' && member.value === fn && keyText(member.key, member.computed) === 'get') {
    const call = member.parent.parent;
    if (
      call?.type === 'CallExpression' &&
      call.arguments[2] === member.parent &&
      call.callee.type === 'MemberExpression' &&
      staticPropertyName(call.callee) === 'defineProperty'
    ) {
      const key = call.arguments[1];
      const name = key?.type === 'Literal' && typeof key.value === 'string' ? key.value : 'a computed name';
      return { member, name, where: `getter \`${name}\` defined with Object.defineProperty` };
    }
  }
  return undefined;
}

export function keyText(key: TSESTree.Node, computed: boolean): string | undefined {
  if (!computed && key.type === 'Identifier') return key.name;
  if (key.type === 'PrivateIdentifier') return `#${key.name}`;
  if (key.type === 'Literal' && typeof key.value === 'string') return key.value;
  return undefined;
}

/**
 * What becomes of a constructed client. `started`: a statement of its own in a loop (`new
 * Worker(queue, processor)`). `returned`: handed back to the caller of a helper that a handler
 * calls. `closed-on-success`: closed after an `await`, but neither in `finally` nor in a `catch`,
 * so a failure before the close leaves it open.
 */
export type Fate =
  'memoized' | 'kept' | 'started' | 'returned' | 'closed' | 'closed-on-success' | 'wrapped' | 'dropped';

export interface FateResult {
  readonly fate: Fate;
  readonly declarator: TSESTree.VariableDeclarator | undefined;
  readonly awaited: boolean;
}

/**
 * Follows a client from its construction outwards: cached with `??=` or behind a test of its
 * holder (memoized), stored in a collection, returned or put in an object (kept), closed in the
 * same function (closed), passed into another client construction (wrapped), started as a statement
 * of its own in a loop (started), or used and dropped.
 * In a getter, returning it is what drops it.
 */
export function fateOf(
  ctx: AnalysisContext,
  node: ClientConstruction,
  placement: Placement,
  isConstruction: (n: TSESTree.Node) => boolean,
): FateResult {
  const getterFn = placement.kind === 'getter' ? placement.fn : undefined;
  const helperFn = placement.kind === 'handler' && placement.helper ? placement.handler.fn : undefined;
  return new FateTracer(ctx, getterFn, helperFn, isConstruction, node, placement.kind).fromExpression(node, 0);
}

const MAX_FOLLOW_DEPTH = 4;

class FateTracer {
  constructor(
    private readonly ctx: AnalysisContext,
    private readonly getterFn: FunctionNode | undefined,
    /** A helper a handler calls: returning the client from it hands it to that caller. */
    private readonly helperFn: FunctionNode | undefined,
    private readonly isConstruction: (n: TSESTree.Node) => boolean,
    private readonly origin: ClientConstruction,
    private readonly placementKind: Placement['kind'],
  ) {}

  /** Where the value of `expr` ends up. */
  fromExpression(expr: TSESTree.Node, depth: number): FateResult {
    let current: TSESTree.Node = expr;
    let awaited = false;
    const result = (fate: Fate, declarator?: TSESTree.VariableDeclarator): FateResult => ({
      fate,
      declarator,
      awaited,
    });
    for (;;) {
      const parent: TSESTree.Node | undefined = current.parent;
      if (!parent) return result('dropped');
      if (isValueWrapper(parent)) {
        current = parent;
        continue;
      }
      switch (parent.type) {
        case 'AwaitExpression':
          awaited = true;
          current = parent;
          continue;
        case 'ConditionalExpression':
          if (parent.test === current) return result('dropped');
          current = parent;
          continue;
        case 'LogicalExpression':
        case 'ArrayExpression':
          current = parent;
          continue;
        case 'Property':
          // An option bag (`{ agent: new Agent() }`) goes where its object goes.
          if (parent.value !== current || parent.parent.type !== 'ObjectExpression') return result('kept');
          current = parent.parent;
          continue;
        case 'VariableDeclarator': {
          if (parent.init !== current) return result('dropped');
          if (parent.parent.kind === 'using' || parent.parent.kind === 'await using') return result('closed', parent);
          if (parent.id.type !== 'Identifier') return result('dropped');
          const variable = resolveIdentifier(this.ctx, parent.id);
          return result(variable ? this.fromVariable(variable, depth) : 'dropped', parent);
        }
        case 'AssignmentExpression': {
          if (parent.right !== current) return result('dropped');
          if (parent.operator === '??=' || parent.operator === '||=') return result('memoized');
          if (parent.operator !== '=') return result('dropped');
          if (isGuarded(this.ctx, parent.left, parent)) return result('memoized');
          if (parent.left.type === 'MemberExpression') {
            if (parent.left.computed) return result('kept');
            return result(closedByOwnClass(parent.left) ? 'closed' : 'dropped');
          }
          if (parent.left.type === 'Identifier') {
            const variable = resolveIdentifier(this.ctx, parent.left);
            const fn = enclosingFunction(parent);
            // A local of this very function holds it for this call only; anything further out is replaced each time.
            const local = variable?.defs.some((d) => enclosingFunction(d.name) === fn);
            return result(variable && local ? this.fromVariable(variable, depth) : 'dropped');
          }
          return result('dropped');
        }
        case 'CallExpression':
        case 'NewExpression':
          if (parent.callee === current) return result('dropped');
          if (this.isConstruction(parent)) return result('wrapped');
          return result(isStoreCall(parent) ? 'kept' : 'dropped');
        case 'MemberExpression':
          if (parent.object !== current || !isCloseCall(parent)) return result('dropped');
          return result(closesWhateverHappens(this.origin, parent) ? 'closed' : 'closed-on-success');
        case 'ReturnStatement':
          return result(this.returnedFrom(enclosingFunction(parent)));
        case 'ArrowFunctionExpression':
          return result(this.returnedFrom(parent));
        case 'ExpressionStatement':
          // `new Worker(queue, processor)` as a statement of its own is started, not used and dropped:
          // one per queue at start-up is how queue workers are meant to be run.
          return result(
            this.placementKind === 'loop' && current === this.origin && this.origin.type === 'NewExpression'
              ? 'started'
              : 'dropped',
          );
        case 'PropertyDefinition': {
          // An instance field's initializer runs with every `new`, as `this.client = …` in the constructor does.
          if (parent.static || parent.value !== current) return result('kept');
          const field = keyName(parent.key, parent.computed);
          return result(field !== undefined && closesOwnField(parent.parent, field) ? 'closed' : 'dropped');
        }
        case 'SpreadElement':
        case 'YieldExpression':
        case 'ExportDefaultDeclaration':
          return result('kept');
        default:
          return result('dropped');
      }
    }
  }

  /** Returning from a getter drops the client; from a helper a handler calls, hands it to the caller; else keeps it. */
  private returnedFrom(fn: TSESTree.Node | undefined): Fate {
    if (fn === this.getterFn) return 'dropped';
    return fn === this.helperFn ? 'returned' : 'kept';
  }

  /** The first of kept, returned, wrapped, closed, closed-on-success that any read gives; else dropped. */
  private fromVariable(variable: Variable, depth: number): Fate {
    if (depth >= MAX_FOLLOW_DEPTH) return 'kept';
    const fates = new Set<Fate>();
    for (const ref of variable.references) {
      if (ref.init || ref.isWrite()) continue;
      const { fate } = this.fromExpression(ref.identifier, depth + 1);
      if (fate === 'kept' || fate === 'memoized') return 'kept';
      fates.add(fate);
    }
    return VARIABLE_FATES.find((fate) => fates.has(fate)) ?? 'dropped';
  }
}

/**
 * `this.pool = new Pool()` in a constructor whose class closes `this.pool` in a method of its own
 * (`close() { return this.pool.end(); }`): the instance owns the client's life, and whoever ends
 * the instance ends the client.
 */
function closedByOwnClass(target: TSESTree.MemberExpression): boolean {
  const fn = enclosingFunction(target);
  const ctor = fn?.parent;
  if (target.object.type !== 'ThisExpression' || ctor?.type !== 'MethodDefinition' || ctor.kind !== 'constructor')
    return false;
  const field = staticPropertyName(target);
  return field !== undefined && closesOwnField(ctor.parent, field);
}

/** Whether a method of the class closes `this.<field>` (`close() { return this.pool.end(); }`). */
function closesOwnField(body: TSESTree.ClassBody, field: string): boolean {
  let closed = false;
  forEachDescendant(body, (n) => {
    if (
      n.type === 'MemberExpression' &&
      n.object.type === 'MemberExpression' &&
      n.object.object.type === 'ThisExpression' &&
      staticPropertyName(n.object) === field &&
      isCloseCall(n)
    )
      closed = true;
  });
  return closed;
}

const VARIABLE_FATES: readonly Fate[] = ['returned', 'wrapped', 'closed', 'closed-on-success'];

/**
 * Whether `close` (a close call on the client built by `origin`) runs even when something between
 * them fails: it sits in a `finally` or `catch` block, or in a `.finally()` / `.catch()` callback,
 * or nothing between the construction and the close is awaited (a synchronous use rarely throws).
 */
function closesWhateverHappens(origin: ClientConstruction, close: TSESTree.MemberExpression): boolean {
  const fn = enclosingFunction(origin);
  for (let current: TSESTree.Node | undefined = close; current && current !== fn; current = current.parent) {
    const parent: TSESTree.Node | undefined = current.parent;
    if (parent?.type === 'TryStatement' && parent.finalizer === current) return true;
    if (parent?.type === 'CatchClause') return true;
    if (
      isFunctionNode(current) &&
      parent?.type === 'CallExpression' &&
      parent.callee.type === 'MemberExpression' &&
      /^(finally|catch)$/.test(staticPropertyName(parent.callee) ?? '')
    )
      return true;
  }
  let awaited = false;
  forEachDescendant(fn?.body ?? origin, (n) => {
    if (
      (n.type === 'AwaitExpression' || n.type === 'YieldExpression') &&
      n.range[0] > origin.range[1] &&
      n.range[1] <= close.range[0] &&
      enclosingFunction(n) === fn &&
      !isSetUpCall(n.argument)
    )
      awaited = true;
  });
  return !awaited;
}

/** `await client.connect()`: a client that fails to connect holds no connection to leak. */
function isSetUpCall(node: TSESTree.Node | null | undefined): boolean {
  return (
    node?.type === 'CallExpression' &&
    node.callee.type === 'MemberExpression' &&
    SET_UP_METHODS.has(staticPropertyName(node.callee) ?? '')
  );
}

/** `client.end()`, `client.close()`, `client[Symbol.asyncDispose]()`. */
function isCloseCall(member: TSESTree.MemberExpression): boolean {
  const call = member.parent;
  if (call?.type !== 'CallExpression' || call.callee !== member) return false;
  const name = staticPropertyName(member);
  if (name !== undefined) return CLOSE_METHODS.has(name);
  const key = member.property;
  return (
    key.type === 'MemberExpression' &&
    key.object.type === 'Identifier' &&
    key.object.name === 'Symbol' &&
    /^(dispose|asyncDispose)$/.test(staticPropertyName(key) ?? '')
  );
}

function isStoreCall(call: TSESTree.CallExpression | TSESTree.NewExpression): boolean {
  return (
    call.type === 'CallExpression' &&
    call.callee.type === 'MemberExpression' &&
    STORE_METHODS.has(staticPropertyName(call.callee) ?? '')
  );
}

/**
 * `if (!this.client) this.client = new X()`, `this.client || (this.client = …)`, an early
 * `if (this.client) return this.client`: some test in the same function reads the holder. A
 * retry loop `while (!this.connection) { try { this.connection = await connect() } … }` ends
 * once the holder is filled: one client.
 */
function isGuarded(ctx: AnalysisContext, target: TSESTree.Node, assignment: TSESTree.AssignmentExpression): boolean {
  const holder = ctx.text.slice(target.range[0], target.range[1]).replace(/\s+/g, '');
  const fn = enclosingFunction(assignment);
  const scope: TSESTree.Node = fn ?? ctx.ast;
  const tests: TSESTree.Node[] = [];
  for (
    let current: TSESTree.Node | undefined = assignment.parent;
    current && current !== scope;
    current = current.parent
  ) {
    if (
      current.type === 'IfStatement' ||
      current.type === 'ConditionalExpression' ||
      current.type === 'WhileStatement' ||
      current.type === 'DoWhileStatement'
    )
      tests.push(current.test);
    if (current.type === 'LogicalExpression') tests.push(current.left);
  }
  // Early returns: `if (this.client) return this.client;` before the assignment, in the same block.
  const block = fn?.body.type === 'BlockStatement' ? fn.body : undefined;
  for (const statement of block?.body ?? []) {
    if (statement.range[0] >= assignment.range[0]) break;
    if (statement.type === 'IfStatement') tests.push(statement.test);
  }
  return tests.some((test) => ctx.text.slice(test.range[0], test.range[1]).replace(/\s+/g, '').includes(holder));
}

/**
 * Type-aware mode: the constructed value's type can be closed (close, destroy, end, disconnect,
 * quit, shutdown, Symbol.dispose or Symbol.asyncDispose). Streams are left out: a stream per
 * request is how streams are meant to be used.
 */
export function hasDisposableType(ctx: AnalysisContext, node: ClientConstruction): boolean {
  const services = ctx.types;
  if (!services) return false;
  const type = services.getTypeAtLocation(node);
  if (type.getProperty('pipe')) return false;
  if (DISPOSABLE_MEMBERS.some((name) => type.getProperty(name))) return true;
  return type.getProperties().some((p) => /^__@(dispose|asyncDispose)@/.test(String(p.escapedName)));
}
