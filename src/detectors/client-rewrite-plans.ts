import type { TSESTree } from '@typescript-eslint/utils';
import { moduleScopeOf, type Variable } from '../analysis/context.js';
import { enclosingFunction, isFunctionNode, type FunctionNode } from '../analysis/repetition.js';
import { indentAt } from '../codemod-kit/edits.js';
import type { ClientFinding, Placement } from './client-construction.js';
import { placementOf } from './client-placement.js';
import {
  baseNameFor,
  clientTypeText,
  contextBoundPart,
  referencesIn,
  reindent,
  startWithLeadingComments,
  upperFirst,
  type ClientRewrite,
  type ClientRewriteContext,
} from './client-rewrite.js';

/** Rewrites one finding, or says why it is left. */
export function planClientRewrite(rc: ClientRewriteContext, finding: ClientFinding): ClientRewrite {
  const { placement } = finding;
  if (placement.kind === 'getter') return planGetter(rc, finding, placement);
  if (placement.kind === 'loop') return planLoop(rc, finding, placement);
  return planHandler(rc, finding, placement);
}

const left = (reason: string): ClientRewrite => ({ ok: false, reason });

/** `get client() { return new S3Client(…) }` → a `#client` field and `return (this.#client ??= new S3Client(…))`. */
function planGetter(rc: ClientRewriteContext, finding: ClientFinding, placement: Extract<Placement, { kind: 'getter' }>): ClientRewrite {
  const member = placement.member;
  if (member.type !== 'MethodDefinition') {
    return left('a getter outside a class has no private field to keep the client in: build it once next to the object (a module-level `let` filled with ??=) and return that');
  }
  if (!/^[A-Za-z_$][\w$]*$/.test(placement.name)) return left('the getter has a computed name, so there is no name for the field that keeps the client: add a private field by hand and fill it with ??=');
  const type = rc.typed ? clientTypeText(rc, finding) : undefined;
  if (rc.typed && !type) return left('the client is built through an expression whose type this codemod cannot name: add a private field typed as the client and fill it with ??=');
  const classBody = member.parent;
  const privateNames = new Set(classBody.body.flatMap((m) => ('key' in m && m.key.type === 'PrivateIdentifier' ? [m.key.name] : [])));
  let field = placement.name;
  for (let i = 2; privateNames.has(field); i++) field = `${placement.name}Instance${i === 2 ? '' : i}`;

  const indent = indentAt(rc.ctx.text, member.range[0]);
  const insertAt = startWithLeadingComments(rc.ctx, member);
  const declaration = `${indent}${member.static ? 'static ' : ''}#${field}${type ? `: ${type} | undefined` : ''};${rc.eol}`;
  return {
    ok: true,
    edits: [
      { start: insertAt, end: insertAt, text: declaration },
      { start: finding.node.range[0], end: finding.node.range[1], text: `(this.#${field} ??= ${rc.text(finding.node)})` },
    ],
  };
}

/** The statement a hoisted client goes before, and the code that runs per iteration. */
function loopAnchor(placement: Extract<Placement, { kind: 'loop' }>): { anchor: TSESTree.Node; region: TSESTree.Node; callback: FunctionNode | undefined } | string {
  const { repetition } = placement;
  let region: TSESTree.Node = repetition.node;
  let callback: FunctionNode | undefined;
  if (repetition.kind === 'iteration-callback') {
    callback = repetition.node.arguments[0] as FunctionNode;
    region = callback;
  }
  let anchor: TSESTree.Node = repetition.node;
  while (anchor.parent && !isStatementList(anchor.parent)) {
    if (isFunctionNode(anchor.parent)) return `${placement.where} sits in an expression-bodied function, so there is no statement before it to hoist the client to: give the function a block body, or hoist it by hand`;
    if (anchor.parent.type === 'IfStatement' || (isLoopLike(anchor.parent) && anchor.parent !== repetition.node)) {
      return `${placement.where} is the body of another statement without braces: add braces, or hoist the client by hand`;
    }
    anchor = anchor.parent;
  }
  return { anchor, region, callback };
}

const isStatementList = (node: TSESTree.Node): boolean => node.type === 'BlockStatement' || node.type === 'Program' || node.type === 'SwitchCase' || node.type === 'StaticBlock';
const isLoopLike = (node: TSESTree.Node): boolean => /^(For|ForIn|ForOf|While|DoWhile)Statement$/.test(node.type);

const within = (outer: TSESTree.Node, inner: TSESTree.Node): boolean => outer.range[0] <= inner.range[0] && inner.range[1] <= outer.range[1];

/** Loop: hoisted to just before the loop when nothing it uses changes from one iteration to the next. */
function planLoop(rc: ClientRewriteContext, finding: ClientFinding, placement: Extract<Placement, { kind: 'loop' }>): ClientRewrite {
  const found = loopAnchor(placement);
  if (typeof found === 'string') return left(found);
  const { anchor, region, callback } = found;
  const node = finding.node;
  const movesAcrossFunction = callback !== undefined;
  const bound = contextBoundPart(node, !(callback && callback.type !== 'ArrowFunctionExpression'), !movesAcrossFunction);
  if (bound) return left(`its arguments use ${bound}, which cannot move out of ${placement.where}: hoist it by hand`);
  for (const { identifier, variable } of referencesIn(rc.ctx, node)) {
    if (variable && (declaredWithin(variable, region) || writtenWithin(variable, region))) {
      return left(`the client's arguments use \`${identifier.name}\`, which changes on every iteration of ${placement.where}: build one client per distinct value before the loop (or keep a bounded cache of them), or pass \`${identifier.name}\` to the client's methods instead`);
    }
  }
  if (placementOf(rc.ctx, anchor)) return left(`the loop it sits in is itself inside ${placementOf(rc.ctx, anchor)!.where}: hoist the client above the outermost loop by hand`);
  const awaitedMove = finding.awaited && movesAcrossFunction;
  const outer = enclosingFunction(anchor);
  if (awaitedMove && !(outer ? outer.async : true)) return left(`it is awaited inside ${placementOf(rc.ctx, node)?.where ?? placement.where}, and the code around the loop is not async: create it before the loop by hand`);

  const indent = indentAt(rc.ctx.text, anchor.range[0]);
  const insertAt = startWithLeadingComments(rc.ctx, anchor);
  const declaration = movableDeclaration(rc, finding, callback);
  if (declaration) {
    // The declaration moves with the comments right above it, whole lines at a time.
    const start = startWithLeadingComments(rc.ctx, declaration);
    const lineEnd = rc.ctx.text.indexOf('\n', declaration.range[1]);
    const end = lineEnd === -1 ? rc.ctx.text.length : lineEnd + 1;
    const from = indentAt(rc.ctx.text, declaration.range[0]);
    const moved = rc.ctx.text
      .slice(start, end)
      .split('\n')
      .map((line) => (line.startsWith(from) ? indent + line.slice(from.length) : line))
      .join('\n');
    return { ok: true, edits: [{ start: insertAt, end: insertAt, text: lineEnd === -1 ? `${moved}${rc.eol}` : moved }, { start, end, text: '' }] };
  }
  const name = rc.freshName(baseNameFor({ ...finding, declarator: undefined }));
  const value = reindent(rc.text(node), indentAt(rc.ctx.text, node.range[0]), indent);
  return {
    ok: true,
    edits: [
      { start: insertAt, end: insertAt, text: `${indent}const ${name} = ${value}${rc.semi}${rc.eol}` },
      { start: node.range[0], end: node.range[1], text: name },
    ],
  };
}

/**
 * `const s3 = new S3Client({})` alone on its lines in the loop body (or callback body): the whole
 * declaration can move, keeping its name, when no other scope in the file declares that name.
 */
function movableDeclaration(rc: ClientRewriteContext, finding: ClientFinding, callback: FunctionNode | undefined): TSESTree.VariableDeclaration | undefined {
  const declarator = finding.declarator;
  if (!declarator || declarator.id.type !== 'Identifier' || declarator.id.typeAnnotation) return undefined;
  const declaration = declarator.parent as TSESTree.VariableDeclaration;
  if (declaration.declarations.length !== 1 || declaration.kind === 'var') return undefined;
  if (!declaration.parent || declaration.parent.type !== 'BlockStatement') return undefined;
  if (callback && declaration.parent !== callback.body) return undefined;
  const name = declarator.id.name;
  const declaringScopes = rc.ctx.scopeManager.scopes.filter((s) => s.set.has(name)).length;
  const text = rc.ctx.text;
  const lineStart = text.lastIndexOf('\n', declaration.range[0] - 1) + 1;
  const lineEnd = text.indexOf('\n', declaration.range[1]);
  const aloneOnLines = /^[ \t]*$/.test(text.slice(lineStart, declaration.range[0])) && /^[ \t]*\r?$/.test(text.slice(declaration.range[1], lineEnd === -1 ? text.length : lineEnd));
  return declaringScopes === 1 && aloneOnLines ? declaration : undefined;
}

function declaredWithin(variable: Variable, region: TSESTree.Node): boolean {
  return variable.defs.some((def) => within(region, def.name));
}

function writtenWithin(variable: Variable, region: TSESTree.Node): boolean {
  return variable.references.some((ref) => ref.isWrite() && !ref.init && within(region, ref.identifier));
}

/** Handler: a module-level `let` and a `getX()` that fills it once, called in place of the construction. */
function planHandler(rc: ClientRewriteContext, finding: ClientFinding, placement: Extract<Placement, { kind: 'handler' }>): ClientRewrite {
  const node = finding.node;
  if (finding.awaited) {
    return left('it is opened asynchronously (awaited) in every call: open it once at start-up and share it, or memoize the connection promise by hand, dropping it when the connection fails');
  }
  const bound = contextBoundPart(node, false, false);
  if (bound) return left(`its arguments use ${bound}, which only exists inside ${placement.where}: build the client from module-level configuration instead`);
  const moduleScope = moduleScopeOf(rc.ctx.scopeManager);
  for (const { identifier, variable } of referencesIn(rc.ctx, node)) {
    if (!variable || variable.defs.length === 0) continue; // a global such as process.env
    if (variable.scope === moduleScope && isStableModuleBinding(variable)) continue;
    return left(
      `the client's arguments use \`${identifier.name}\`, which only exists per call of ${placement.where}: build it from module-level configuration and pass per-request values to the client's methods, or keep a bounded cache of clients per tenant`,
    );
  }
  const type = rc.typed ? clientTypeText(rc, finding) : undefined;
  if (rc.typed && !type) return left('the client is built through an expression whose type this codemod cannot name: move it to module scope by hand');

  // Handlers that build the very same client share one instance.
  const value = reindent(rc.text(node), indentAt(rc.ctx.text, node.range[0]), rc.indentUnit);
  const shared = rc.sharedGetters.get(value.replace(/\s+/g, ' '));
  if (shared) return { ok: true, edits: [{ start: node.range[0], end: node.range[1], text: `${shared}()` }] };
  const base = baseNameFor(finding);
  const isFreeAtModule = (name: string): boolean =>
    !moduleScope.set.has(name) && !(rc.ctx.scopeManager.globalScope?.through.some((r) => r.identifier.name === name) ?? false) && !rc.ctx.scopeManager.globalScope?.set.has(name);
  const holder = rc.freshName(base, isFreeAtModule);
  const getter = rc.freshName(`get${upperFirst(holder)}`);

  let statement: TSESTree.Node = node;
  while (statement.parent && statement.parent.type !== 'Program') statement = statement.parent;
  const insertAt = startWithLeadingComments(rc.ctx, statement);
  const { eol, semi, indentUnit } = rc;
  rc.sharedGetters.set(value.replace(/\s+/g, ' '), getter);
  const declaration =
    `let ${holder}${type ? `: ${type} | undefined` : ''}${semi}${eol}` +
    `function ${getter}() {${eol}${indentUnit}return (${holder} ??= ${value})${semi}${eol}}${eol}${eol}`;
  return {
    ok: true,
    edits: [
      { start: insertAt, end: insertAt, text: declaration },
      { start: node.range[0], end: node.range[1], text: `${getter}()` },
    ],
  };
}

/** An import, a function or class declaration, or a module-level variable nothing reassigns. */
function isStableModuleBinding(variable: Variable): boolean {
  return variable.defs.every((def) => {
    if (def.type === 'ImportBinding' || def.type === 'FunctionName' || def.type === 'ClassName') return true;
    if (def.type !== 'Variable') return false;
    return variable.references.every((ref) => !ref.isWrite() || ref.init);
  });
}
