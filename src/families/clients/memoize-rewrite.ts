import type { TSESTree } from '@typescript-eslint/utils';
import {
  moduleScopeOf,
  resolveIdentifier,
  type AnalysisContext,
  type Scope,
  type Variable,
} from '../../core/context.js';
import { isGlobalReference, requireSource, resolveImportedValue, staticPropertyName } from '../../core/imports.js';
import { isFunctionNode, isNullOrUndefined, within } from '../../core/ast.js';
import { CLOSE_METHODS, SET_UP_METHODS } from '../../knowledge/clients.js';
import { PURE_GLOBALS, PURE_METHODS, PURE_NAMESPACES } from '../../knowledge/pure-calls.js';
import type { SitePlan } from '../../codemod-kit/define-codemod.js';
import { usedAnywhere } from '../../codemod-kit/imports.js';
import { styleOf } from '../../codemod-kit/layout.js';
import { isRequestContextCall } from './arguments.js';
import type { ClientFinding } from './types.js';
import { forEachDescendant, shortText } from '../../core/ast.js';
import { isValueWrapper } from '../../core/imports.js';

/*
 * What memoize-client needs to know about a client construction before it moves or memoizes it,
 * and the file-wide state of one run. The plans themselves are in rewrite-plans.ts and the getter,
 * loop and handler plans beside it.
 */

/** A site's plan; `sharedGetter` names the module-level getter an earlier site of the file added and this one calls. */
export type ClientRewrite = SitePlan & { readonly sharedGetter?: string };

/** File-wide facts and the names this run has already taken, shared by every finding of a file. */
export class ClientRewriteContext {
  readonly eol: '\n' | '\r\n';
  readonly semi: string;
  readonly indentUnit: string;
  readonly typed: boolean;
  /** The file is written in ES5: what is added must be too (var, no shorthand properties, no ??=). */
  readonly es5: boolean;
  readonly moduleScope: Scope;
  private readonly taken = new Set<string>();
  /** Module-level getters created so far, by the construction text they return (whitespace folded). */
  readonly sharedGetters = new Map<string, string>();

  constructor(readonly ctx: AnalysisContext) {
    const style = styleOf(ctx);
    this.eol = style.eol;
    this.semi = style.semi;
    this.es5 = style.es5;
    this.indentUnit = /^(\t| +)\S/m.exec(ctx.text)?.[1] ?? '  ';
    this.typed = /\.[cm]?tsx?$/.test(ctx.filename);
    this.moduleScope = moduleScopeOf(ctx.scopeManager);
  }

  /** `base`, else `base2`, `base3`…: the first name no scope of the file declares or reads as a global. */
  freshName(base: string, isFree: (name: string) => boolean = (name) => !usedAnywhere(this.ctx, name)): string {
    for (let i = 1; ; i++) {
      const name = i === 1 ? base : `${base}${i}`;
      if (!this.taken.has(name) && isFree(name)) {
        this.taken.add(name);
        return name;
      }
    }
  }

  /** A name for a new module-level binding: free at module scope and not read anywhere as a global. */
  freshModuleName(base: string): string {
    const globalScope = this.ctx.scopeManager.globalScope;
    return this.freshName(
      base,
      (name) =>
        !this.moduleScope.set.has(name) &&
        !globalScope?.set.has(name) &&
        !(globalScope?.through.some((r) => r.identifier.name === name) ?? false),
    );
  }

  /** Whether some function, block or class scope of the file (not the module's) declares `name`. */
  declaredInNestedScope(name: string): boolean {
    const globalScope = this.ctx.scopeManager.globalScope;
    return this.ctx.scopeManager.scopes.some(
      (scope) => scope !== this.moduleScope && scope !== globalScope && scope.set.has(name),
    );
  }

  text(node: TSESTree.Node): string {
    return this.ctx.text.slice(node.range[0], node.range[1]);
  }
}

/** `S3Client` → `s3Client`, `mysql.createPool` → `pool`, `https.Agent` → `agent`, `knex.knex` → `knexInstance`; a declared name wins. */
export function baseNameFor(finding: ClientFinding): string {
  const declared = finding.declarator?.id.type === 'Identifier' ? finding.declarator.id.name : undefined;
  if (declared) return declared;
  const chain = calleeChain(finding.node.callee);
  const last = chain[chain.length - 1] ?? 'client';
  const stripped = last.replace(/^(create|from)(?=[A-Z])/, '');
  if (/^(create|extend|from\w*|connect|default|knex)$/.test(stripped) && chain.length > 1)
    return `${lowerFirst(chain[chain.length - 2]!)}Instance`;
  return lowerFirst(stripped) || 'client';
}

const lowerFirst = (s: string): string =>
  /^[A-Z0-9]+$/.test(s) ? s.toLowerCase() : s.charAt(0).toLowerCase() + s.slice(1);
export const upperFirst = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);

function calleeChain(node: TSESTree.Node): string[] {
  if (node.type === 'Identifier') return [node.name];
  if (node.type === 'MemberExpression' && !node.computed && node.property.type === 'Identifier')
    return [...calleeChain(node.object), node.property.name];
  return [];
}

/**
 * The type annotation for a variable or field that holds this client, or undefined when the
 * callee is not a plain name or member chain. A class imported by name is its own instance type;
 * type arguments (`new PrismaClient<Options>()`) are kept.
 */
export function clientTypeText(rc: ClientRewriteContext, finding: ClientFinding): string | undefined {
  const { callee, typeArguments } = finding.node;
  if (calleeChain(callee).length === 0) return undefined;
  const text = rc.text(callee) + (typeArguments ? rc.text(typeArguments) : '');
  if (finding.kind !== 'constructor') return `ReturnType<typeof ${text}>`;
  if (callee.type === 'Identifier') {
    const def = resolveIdentifier(rc.ctx, callee)?.defs[0];
    if (
      def?.type === 'ImportBinding' &&
      (def.node.type === 'ImportSpecifier' || def.node.type === 'ImportDefaultSpecifier')
    )
      return text;
  }
  return `InstanceType<typeof ${text}>`;
}

/** Every reference made inside `node` (including nested functions), with what it resolves to. */
export function referencesIn(
  ctx: AnalysisContext,
  node: TSESTree.Node,
): { identifier: TSESTree.Identifier | TSESTree.JSXIdentifier; variable: Variable | null }[] {
  const out: { identifier: TSESTree.Identifier | TSESTree.JSXIdentifier; variable: Variable | null }[] = [];
  const visit = (scope: Scope): void => {
    for (const ref of scope.references) {
      if (within(node, ref.identifier)) out.push({ identifier: ref.identifier, variable: ref.resolved });
    }
    for (const child of scope.childScopes) {
      if (child.block.range[1] > node.range[0] && child.block.range[0] < node.range[1]) visit(child);
    }
  };
  visit(ctx.getScope(node));
  return out;
}

/** Why an expression cannot be evaluated elsewhere than where it is: `this`, `await`, `yield`. */
export function contextBoundPart(node: TSESTree.Node, allowThis: boolean, allowAwait: boolean): string | undefined {
  let found: string | undefined;
  forEachDescendant(node, (n) => {
    if (found) return false;
    if (isFunctionNode(n) && n.type !== 'ArrowFunctionExpression') return false;
    if (n.type === 'ThisExpression' && !allowThis) found = '`this`';
    else if (n.type === 'AwaitExpression' && !allowAwait) found = '`await`';
    else if (n.type === 'YieldExpression') found = '`yield`';
    return undefined;
  });
  return found;
}

/**
 * A call among a construction's arguments whose result may differ from one evaluation to the
 * next (a local `getToken()`, `nextEndpoint()`, `Math.random()`): evaluating it once instead of
 * every time would change what the client is built with. Calls of a package's exports
 * (`fromEnv()`, `config.get('db')`, `readFileSync(ca)`), pure globals and string methods are
 * taken as giving the same value; code inside callbacks is not evaluated at construction.
 */
export function varyingCallIn(
  ctx: AnalysisContext,
  construction: TSESTree.NewExpression | TSESTree.CallExpression,
): string | undefined {
  let found: string | undefined;
  const check = (root: TSESTree.Node): void =>
    forEachDescendant(root, (n) => {
      if (found || isFunctionNode(n)) return false;
      if (n.type === 'CallExpression' && !isStableCall(ctx, n)) found = shortText(ctx, n, 60);
      return undefined;
    });
  for (const argument of construction.arguments) {
    if (argument.type === 'CallExpression' && !isStableCall(ctx, argument)) return shortText(ctx, argument, 60);
    check(argument);
  }
  return found;
}

function isStableCall(ctx: AnalysisContext, call: TSESTree.CallExpression): boolean {
  const callee = call.callee;
  // The request's context (AsyncLocalStorage, @fastify/request-context…) differs per call even through a package's export.
  if (isRequestContextCall(ctx, call)) return false;
  if (requireSource(call) !== undefined) return true;
  if (callee.type === 'Identifier' && PURE_GLOBALS.has(callee.name) && isGlobalReference(ctx, callee, callee.name))
    return true;
  if (callee.type === 'MemberExpression') {
    const method = staticPropertyName(callee);
    const owner = callee.object;
    if (owner.type === 'Identifier' && isGlobalReference(ctx, owner, owner.name)) {
      const methods = PURE_NAMESPACES.get(owner.name);
      if (methods === 'all' ? method !== 'random' : methods?.has(method ?? '')) return true;
    }
    if (method !== undefined && PURE_METHODS.has(method) && !(owner.type === 'ThisExpression')) return true;
  }
  const imported = resolveImportedValue(ctx, callee);
  return imported !== undefined && !/^[./]/.test(imported.source);
}

/**
 * A call on the client made where it is built (`await client.connect()`, `redis.on('error', …)`,
 * `s3.middlewareStack.add(…)`) that sets it up rather than uses it: once the client is shared,
 * that code would run again on the one instance with every iteration or request. The client is
 * followed through the variable it is declared in and through `holder`, a variable it is assigned to.
 */
export function setUpCallOn(
  ctx: AnalysisContext,
  finding: ClientFinding,
  region: TSESTree.Node,
  holder?: Variable,
): string | undefined {
  const uses: TSESTree.Node[] = [finding.node];
  const id = finding.declarator?.id;
  const holders = [id?.type === 'Identifier' ? resolveIdentifier(ctx, id) : undefined, holder];
  for (const variable of holders) {
    for (const ref of variable?.references ?? [])
      if (ref.isRead() && within(region, ref.identifier)) uses.push(ref.identifier);
  }
  for (const use of uses) {
    const call = setUpCallAt(use);
    if (call) return shortText(ctx, call, 60);
  }
  return undefined;
}

function setUpCallAt(use: TSESTree.Node): TSESTree.CallExpression | undefined {
  let value: TSESTree.Node = use;
  while (value.parent && (isValueWrapper(value.parent) || value.parent.type === 'AwaitExpression'))
    value = value.parent;
  const member = value.parent;
  if (member?.type !== 'MemberExpression' || member.object !== value) return undefined;
  let name = staticPropertyName(member);
  let callee: TSESTree.Node = member;
  // client.middlewareStack.add(…) / .use(…): AWS SDK v3 middleware.
  if (name === 'middlewareStack' && member.parent?.type === 'MemberExpression' && member.parent.object === member) {
    callee = member.parent;
    name = /^(add|use|addRelativeTo)$/.test(staticPropertyName(member.parent) ?? '') ? 'use' : undefined;
  }
  const call = callee.parent;
  if (name === undefined || call?.type !== 'CallExpression' || call.callee !== callee || !SET_UP_METHODS.has(name))
    return undefined;
  // pool.connect((err, client, release) => …): a checkout from a pool, not a set-up.
  const first = call.arguments[0];
  if (name === 'connect' && first && isFunctionNode(first) && first.params.length >= 2) return undefined;
  return resultDiscarded(call) ? call : undefined;
}

/** `x.connect();`, `await x.connect();`, `void x.on(…)`, `x.connect().then(…)`: nothing keeps what the call returns. */
function resultDiscarded(call: TSESTree.CallExpression): boolean {
  let current: TSESTree.Node = call;
  while (current.parent && (current.parent.type === 'AwaitExpression' || isValueWrapper(current.parent)))
    current = current.parent;
  const parent = current.parent;
  if (parent?.type === 'ExpressionStatement') return true;
  if (parent?.type === 'UnaryExpression' && parent.operator === 'void') return true;
  return (
    parent?.type === 'MemberExpression' &&
    parent.object === current &&
    /^(then|catch|finally)$/.test(staticPropertyName(parent) ?? '')
  );
}

/**
 * What code in `region` writes to: variables (`x = …`, `x++`) and the roots of member chains
 * (`opts.region = r` writes `opts`, `this.region = r` writes `this`). A construction that reads
 * any of them may see a different value each time through.
 */
export function writesIn(
  ctx: AnalysisContext,
  region: TSESTree.Node,
): { readonly variables: Set<Variable>; readonly thisWritten: boolean } {
  const variables = new Set<Variable>();
  let thisWritten = false;
  const record = (target: TSESTree.Node): void => {
    let root = target;
    while (root.type === 'MemberExpression' || isValueWrapper(root))
      root = root.type === 'MemberExpression' ? root.object : root.expression;
    if (root.type === 'ThisExpression') thisWritten = true;
    else if (root.type === 'Identifier') {
      const variable = resolveIdentifier(ctx, root);
      if (variable) variables.add(variable);
    }
  };
  forEachDescendant(region, (n) => {
    if (n.type === 'AssignmentExpression') record(n.left);
    else if (n.type === 'UpdateExpression') record(n.argument);
    else if (n.type === 'UnaryExpression' && n.operator === 'delete') record(n.argument);
    return undefined;
  });
  return { variables, thisWritten };
}

/**
 * A close of `holder` (by its text: `this._client`, `pool`) somewhere in the file, when nothing
 * in the file resets the holder to null or undefined: once the holder is filled with `??=`, that
 * close would end the one kept client for every later use.
 */
export function closeWithoutReset(ctx: AnalysisContext, holder: string): string | undefined {
  const compact = (node: TSESTree.Node): string => ctx.text.slice(node.range[0], node.range[1]).replace(/\s+/g, '');
  let close: TSESTree.Node | undefined;
  let reset = false;
  forEachDescendant(ctx.ast, (n) => {
    if (n.type === 'AssignmentExpression' && compact(n.left) === holder && isNullish(n.right)) reset = true;
    if (
      !close &&
      n.type === 'CallExpression' &&
      n.callee.type === 'MemberExpression' &&
      CLOSE_METHODS.has(staticPropertyName(n.callee) ?? '')
    ) {
      if (compact(unwrapChain(n.callee.object)) === holder) close = n;
    }
    return undefined;
  });
  return close && !reset ? shortText(ctx, close, 60) : undefined;
}

function isNullish(node: TSESTree.Node): boolean {
  return isNullOrUndefined(node) || (node.type === 'UnaryExpression' && node.operator === 'void');
}

function unwrapChain(node: TSESTree.Node): TSESTree.Node {
  let current = node;
  while (isValueWrapper(current)) current = current.expression;
  return current;
}

/** Start of a statement or member including the comments right above it, so inserted code goes above those. */
export function startWithLeadingComments(ctx: AnalysisContext, node: TSESTree.Node): number {
  let start = node.range[0];
  const comments = ctx.ast.comments ?? [];
  for (let i = comments.length - 1; i >= 0; i--) {
    const comment = comments[i]!;
    if (comment.range[1] > start) continue;
    if (
      !/^\s*$/.test(ctx.text.slice(comment.range[1], start)) ||
      /\n[ \t]*\r?\n/.test(ctx.text.slice(comment.range[1], start))
    )
      break;
    start = comment.range[0];
  }
  return indentStart(ctx.text, start);
}

/** The start of the line `offset` is on, when only indentation precedes it; else `offset`. */
function indentStart(text: string, offset: number): number {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  return /^[ \t]*$/.test(text.slice(lineStart, offset)) ? lineStart : offset;
}

/** `text` re-indented from `from` (the indentation of its first line) to `to`. */
export function reindent(text: string, from: string, to: string): string {
  return text
    .split('\n')
    .map((line, i) => (i === 0 ? line : line.startsWith(from) ? to + line.slice(from.length) : line))
    .join('\n');
}

/** The top-level statement that contains `node`. */
export function topLevelStatementOf(node: TSESTree.Node): TSESTree.Node {
  let statement = node;
  while (statement.parent && statement.parent.type !== 'Program') statement = statement.parent;
  return statement;
}
