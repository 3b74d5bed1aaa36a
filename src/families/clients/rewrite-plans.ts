import type { ReportedBy } from '../../codemod-kit/define-codemod.js';
import type { TSESTree } from '@typescript-eslint/utils';
import { findVariable, resolveIdentifier, type AnalysisContext, type Variable } from '../../core/context.js';
import { runDetector } from '../../core/parse.js';
import { enclosingFunction, isFunctionNode, within, type FunctionNode } from '../../core/ast.js';
import { isLoop, repetitionOf, type Repetition } from '../../frequency/repetition.js';
import { indentAt, type TextEdit } from '../../codemod-kit/edits.js';
import { usedAnywhere } from '../../codemod-kit/imports.js';
import type { FilePlan, PlanStep } from '../../codemod-kit/site-plans.js';
import { createClientConstructionDetector, DEFAULT_CLIENT_OPTIONS } from './construction.js';
import type { ClientFinding, Placement } from './types.js';
import { describeRepetition } from './placement.js';
import {
  baseNameFor,
  clientTypeText,
  closeWithoutReset,
  contextBoundPart,
  referencesIn,
  reindent,
  setUpCallOn,
  startWithLeadingComments,
  topLevelStatementOf,
  upperFirst,
  varyingCallIn,
  writesIn,
  ClientRewriteContext,
  type ClientRewrite,
} from './memoize-rewrite.js';
import { globalConfigChangeIn, mutatedModuleObjectIn, reassignedFieldIn } from './arguments.js';
import { outermostWrapperOf } from '../../core/imports.js';
import { shortText } from '../../core/ast.js';

/*
 * How memoize-client rewrites each finding of the client-construction detector:
 * getter → a private field (or, for an object built once at module level, a module variable)
 * filled once with ??=; loop → hoisted before the loop; handler → a module-level lazily created
 * instance. Each plan either gives text edits or a reason to leave the site.
 */

type GetterPlacement = Extract<Placement, { kind: 'getter' }>;
type LoopPlacement = Extract<Placement, { kind: 'loop' }>;
type HandlerPlacement = Extract<Placement, { kind: 'handler' }>;

/**
 * The findings memoize-client handles: those the client rules report with their default options.
 * Clients closed in the same iteration or call are reported only with reportClosed, and sharing one would break the close.
 */
export function clientFindingsToRewrite(ctx: AnalysisContext, reportedBy: ReportedBy): ClientFinding[] {
  return runDetector(ctx, createClientConstructionDetector, DEFAULT_CLIENT_OPTIONS).filter(
    (finding) => !finding.closed && reportedBy(`no-client-in-${finding.placement.kind}`, finding.node),
  );
}

/**
 * The memoize-client plan of a file, site by site, planned in order on one context (so names and
 * shared getters are the codemod's): a handler that calls a getter an earlier handler added is
 * bound to that handler, since neither rewrite stands without the other.
 */
export function planClientFile(ctx: AnalysisContext, findings: readonly ClientFinding[]): FilePlan<ClientFinding> {
  const rc = new ClientRewriteContext(ctx);
  const steps: PlanStep<ClientFinding>[] = [];
  const left: { finding: ClientFinding; reason: string }[] = [];
  const getterAddedBy = new Map<string, ClientFinding>();
  for (const finding of findings) {
    const plan = planClientRewrite(rc, finding);
    if (!plan.ok) {
      left.push({ finding, reason: plan.reason });
      continue;
    }
    steps.push({ kind: 'site', finding, edits: plan.edits });
    for (const getter of rc.sharedGetters.values()) if (!getterAddedBy.has(getter)) getterAddedBy.set(getter, finding);
    if (plan.sharedGetter)
      steps.push({ kind: 'together', sites: [getterAddedBy.get(plan.sharedGetter)!, finding], edits: [] });
  }
  return { steps, left };
}

/** Rewrites one finding, or says why it is left. */
export function planClientRewrite(rc: ClientRewriteContext, finding: ClientFinding): ClientRewrite {
  const { placement } = finding;
  if (placement.kind === 'getter') return planGetter(rc, finding, placement);
  if (placement.kind === 'loop') return planLoop(rc, finding, placement);
  return planHandler(rc, finding, placement);
}

const left = (reason: string): ClientRewrite => ({ ok: false, reason });

// ---------------------------------------------------------------------------------------------
// Getters

/**
 * `get client() { return new S3Client(…) }` → a `#client` field and `return (this.#client ??= new S3Client(…))`.
 * The construction's arguments stay in the getter, so they may go on using `this`.
 */
function planGetter(rc: ClientRewriteContext, finding: ClientFinding, placement: GetterPlacement): ClientRewrite {
  const assignment = plainAssignmentOf(finding.node);
  if (assignment) return planGetterAssignment(rc, assignment, placement);
  const extraUse = useBesidesReturn(rc, finding, placement.fn);
  if (extraUse) {
    return left(
      `the getter does more with the new client than return it (\`${extraUse}\`): on one kept client that would run again on every access; move that set-up to where the client is created, then keep it in a field`,
    );
  }
  const changing = changingGetterInput(rc, finding, placement);
  if (changing) return left(changing);
  const type = rc.typed ? clientTypeText(rc, finding) : undefined;
  if (rc.typed && !type)
    return left(
      'the client is built through an expression whose type this codemod cannot name: add a private field typed as the client and fill it with ??=',
    );
  const { member } = placement;
  return member.type === 'MethodDefinition'
    ? planClassGetter(rc, finding, placement, member, type)
    : planModuleObjectGetter(rc, finding, placement, member, type);
}

/**
 * What a getter's client is built from that changes after the first access: a field another
 * method assigns, a module-level object the file changes, a global SDK configuration the getter
 * changes. A kept client would go on with the first value.
 */
function changingGetterInput(
  rc: ClientRewriteContext,
  finding: ClientFinding,
  placement: GetterPlacement,
): string | undefined {
  const node = finding.node;
  const { member } = placement;
  if (member.type === 'MethodDefinition') {
    const reassigned = reassignedFieldIn(node, member.parent);
    if (reassigned) {
      return `the client's arguments read this.${reassigned.field}, which \`${shortText(rc.ctx, reassigned.at, 50)}\` at line ${reassigned.at.loc.start.line} assigns after construction: a kept client would go on with the old value. Rebuild the client where the field changes (drop the kept one there), or keep building it`;
    }
  }
  for (const { identifier, variable } of referencesIn(rc.ctx, node)) {
    if (variable?.scope !== rc.moduleScope) continue;
    const change = mutatedModuleObjectIn(rc.ctx, node, variable);
    if (change) return changedConfigReason(rc, identifier.name, change);
  }
  const configured = globalConfigChangeIn(rc.ctx, node, placement.fn);
  return configured ? globalConfigReason(configured, placement.where) : undefined;
}

function changedConfigReason(rc: ClientRewriteContext, name: string, change: TSESTree.Node): string {
  return `the client is built from \`${name}\`, which \`${shortText(rc.ctx, change, 50)}\` at line ${change.loc.start.line} changes after load (a reloaded configuration): a client built once would keep the old settings. Rebuild the shared client where the configuration changes, or keep building it per call`;
}

function globalConfigReason(change: string, where: string): string {
  return `${where} changes the SDK's global configuration (\`${change}\`) that the client's constructor reads, so its arguments alone do not say what it is built with: pass those settings to the constructor, then share the client by hand`;
}

function planClassGetter(
  rc: ClientRewriteContext,
  finding: ClientFinding,
  placement: GetterPlacement,
  member: TSESTree.MethodDefinition,
  type: string | undefined,
): ClientRewrite {
  if (!/^[A-Za-z_$][\w$]*$/.test(placement.name))
    return left(
      'the getter has a computed name, so there is no name for the field that keeps the client: add a private field by hand and fill it with ??=',
    );
  // `this.#x` in a static getter throws when read through a subclass; the class itself always has the field.
  let owner = 'this';
  if (member.static) {
    const cls = member.parent.parent;
    const className = cls.id?.name;
    if (!className || findVariable(rc.ctx.getScope(finding.node), className)?.defs[0]?.node !== cls) {
      return left(
        'a static getter of a class without a name of its own: add a static private field by hand and fill it with ??= through the class name',
      );
    }
    owner = className;
  }
  const classBody = member.parent;
  const privateNames = new Set(
    classBody.body.flatMap((m) => ('key' in m && m.key.type === 'PrivateIdentifier' ? [m.key.name] : [])),
  );
  let field = placement.name;
  for (let i = 2; privateNames.has(field); i++) field = `${placement.name}Instance${i === 2 ? '' : i}`;

  const indent = indentAt(rc.ctx.text, member.range[0]);
  const insertAt = startWithLeadingComments(rc.ctx, member);
  const declaration = `${indent}${member.static ? 'static ' : ''}#${field}${type ? `: ${type} | undefined` : ''};${rc.eol}`;
  return {
    ok: true,
    edits: [
      { start: insertAt, end: insertAt, text: declaration },
      {
        start: finding.node.range[0],
        end: finding.node.range[1],
        text: `(${owner}.#${field} ??= ${rc.text(finding.node)})`,
      },
    ],
  };
}

/**
 * An object-literal getter (or an Object.defineProperty `get`) on an object built once at module
 * level: a module variable next to it keeps the client. Built anywhere else, the object may exist
 * many times over, each wanting its own client, and there is no field to keep it in.
 */
function planModuleObjectGetter(
  rc: ClientRewriteContext,
  finding: ClientFinding,
  placement: GetterPlacement,
  member: TSESTree.Property,
  type: string | undefined,
): ClientRewrite {
  if (enclosingFunction(member) || repetitionOf(member)) {
    return left(
      'a getter outside a class, on an object that may be built many times over: there is no private field to keep the client in; make the object a class, or keep the client in a variable next to where the object is built',
    );
  }
  const holder = rc.freshModuleName(objectGetterHolderName(member, placement.name));
  const statement = topLevelStatementOf(member);
  const insertAt = startWithLeadingComments(rc.ctx, statement);
  return {
    ok: true,
    edits: [
      {
        start: insertAt,
        end: insertAt,
        text: `let ${holder}${type ? `: ${type} | undefined` : ''}${rc.semi}${rc.eol}`,
      },
      { start: finding.node.range[0], end: finding.node.range[1], text: `(${holder} ??= ${rc.text(finding.node)})` },
    ],
  };
}

/** `const db = { get pool() {…} }` → `dbPool`; otherwise the getter's own name. */
function objectGetterHolderName(member: TSESTree.Property, getterName: string): string {
  const name = /^[A-Za-z_$][\w$]*$/.test(getterName) ? getterName : 'client';
  const holder = member.parent.type === 'ObjectExpression' ? member.parent.parent : undefined;
  const objectName =
    holder?.type === 'VariableDeclarator' && holder.id.type === 'Identifier' ? holder.id.name : undefined;
  return objectName ? `${objectName}${upperFirst(name)}` : name;
}

/**
 * Anything the getter does with the new client other than returning it, directly or through a
 * local that is only returned: that code would run on the kept client at every access.
 */
function useBesidesReturn(rc: ClientRewriteContext, finding: ClientFinding, getter: FunctionNode): string | undefined {
  const returnedHere = (node: TSESTree.Node): boolean => {
    const value = outermostWrapperOf(node);
    const parent = value.parent;
    return (
      (parent?.type === 'ReturnStatement' && enclosingFunction(parent) === getter) ||
      (parent === getter && getter.body === value)
    );
  };
  if (returnedHere(finding.node)) return undefined;
  const { declarator } = finding;
  if (
    declarator?.init &&
    within(declarator.init, finding.node) &&
    declarator.id.type === 'Identifier' &&
    declarator.parent.kind === 'const'
  ) {
    const reads =
      rc.ctx
        .getScope(declarator)
        .set.get(declarator.id.name)
        ?.references.filter((ref) => !ref.init) ?? [];
    const other = reads.find((ref) => !returnedHere(ref.identifier));
    return other ? rc.text(statementAround(other.identifier)) : undefined;
  }
  return rc.text(statementAround(finding.node));
}

/**
 * `this._client = new X(); return this._client;` (or `return (this._client = new X())`): the getter
 * already has a holder and only forgets to test it, so `=` becomes `??=`. A getter that does more
 * with the holder is left: that code would run again on the kept client.
 */
function planGetterAssignment(
  rc: ClientRewriteContext,
  assignment: TSESTree.AssignmentExpression,
  placement: GetterPlacement,
): ClientRewrite {
  const holder = compact(rc.text(assignment.left));
  const body = placement.fn.body;
  const statements = body.type === 'BlockStatement' ? body.body : [];
  const onlyAssignsAndReturns = statements.every(
    (statement) =>
      (statement.type === 'ExpressionStatement' && statement.expression === assignment) ||
      (statement.type === 'ReturnStatement' &&
        statement.argument !== null &&
        (statement.argument === assignment || compact(rc.text(statement.argument)) === holder)),
  );
  if (!onlyAssignsAndReturns || !statements.some((statement) => statement.type === 'ReturnStatement')) {
    return left(
      `the getter replaces \`${holder}\` with a new client on every access and does more than return it: make the assignment \`??=\` by hand, and move what else it does with the client to where the client is created`,
    );
  }
  const close = closeWithoutReset(rc.ctx, holder);
  if (close) return left(closedHolderReason(holder, close));
  return { ok: true, edits: [memoizingOperator(rc, assignment)] };
}

const closedHolderReason = (holder: string, close: string): string =>
  `\`${close}\` closes the client kept in \`${holder}\`, and nothing resets \`${holder}\` afterwards: with \`??=\` every later use would get the closed client; set \`${holder} = undefined\` after closing it, then make the assignment \`??=\``;

/** `holder = <construction>` with a plain `=`, through value wrappers. */
function plainAssignmentOf(node: TSESTree.Node): TSESTree.AssignmentExpression | undefined {
  const value = outermostWrapperOf(node);
  const parent = value.parent;
  return parent?.type === 'AssignmentExpression' && parent.operator === '=' && parent.right === value
    ? parent
    : undefined;
}

/** The edit that turns an assignment's `=` into `??=`. */
function memoizingOperator(rc: ClientRewriteContext, assignment: TSESTree.AssignmentExpression): TextEdit {
  const operator = (rc.ctx.ast.tokens ?? []).find(
    (token) =>
      token.type === 'Punctuator' &&
      token.value === '=' &&
      token.range[0] >= assignment.left.range[1] &&
      token.range[1] <= assignment.right.range[0],
  );
  if (!operator) throw new Error(`memoize-client: no \`=\` token in ${rc.text(assignment)}`);
  return { start: operator.range[0], end: operator.range[1], text: '??=' };
}

const compact = (text: string): string => text.replace(/\s+/g, '');

function statementAround(node: TSESTree.Node): TSESTree.Node {
  let current = node;
  while (current.parent && !/Statement$|Declaration$/.test(current.parent.type)) current = current.parent;
  return current.parent ?? current;
}

// ---------------------------------------------------------------------------------------------
// Loops

interface HoistTarget {
  /** The statement the client goes before: the outermost loop (or the statement holding the outermost iteration call). */
  readonly anchor: TSESTree.Node;
  /** Everything that runs per iteration of that outermost loop. */
  readonly region: TSESTree.Node;
  /** The iteration callbacks between the construction and the anchor, innermost first. */
  readonly callbacks: FunctionNode[];
}

/**
 * Where a client built per iteration can go: before the outermost of the loops and iteration
 * callbacks around it (before an inner one it would still be built per outer iteration), or a
 * reason there is no such statement.
 */
function hoistTarget(placement: LoopPlacement): HoistTarget | string {
  const callbacks: FunctionNode[] = [];
  let repetition: Repetition | undefined = placement.repetition;
  let anchor: TSESTree.Node = repetition.node;
  let region: TSESTree.Node = repetition.node;
  while (repetition) {
    region = repetition.node;
    if (repetition.kind === 'iteration-callback') {
      const callback = repetition.node.arguments[0] as FunctionNode;
      callbacks.push(callback);
      region = callback;
    }
    anchor = repetition.node;
    while (anchor.parent && !isStatementList(anchor.parent)) {
      if (isFunctionNode(anchor.parent) && !callbacks.includes(anchor.parent)) {
        return `${placement.where} sits in an expression-bodied function, so there is no statement before it to hoist the client to: give the function a block body, or hoist it by hand`;
      }
      if (anchor.parent.type === 'IfStatement' || (isLoop(anchor.parent) && anchor.parent !== repetition.node)) {
        return `${placement.where} is the body of another statement without braces: add braces, or hoist the client by hand`;
      }
      anchor = anchor.parent;
    }
    repetition = repetitionOf(anchor);
  }
  return { anchor, region, callbacks };
}

const isStatementList = (node: TSESTree.Node): boolean =>
  node.type === 'BlockStatement' ||
  node.type === 'Program' ||
  node.type === 'SwitchCase' ||
  node.type === 'StaticBlock';

/** Loop: hoisted to just before the loop when nothing it is built from changes from one iteration to the next. */
function planLoop(rc: ClientRewriteContext, finding: ClientFinding, placement: LoopPlacement): ClientRewrite {
  const target = hoistTarget(placement);
  if (typeof target === 'string') return left(target);
  const { anchor, region, callbacks } = target;
  const node = finding.node;
  const movesAcrossFunction = callbacks.length > 0;
  const bound = contextBoundPart(
    node,
    callbacks.every((callback) => callback.type === 'ArrowFunctionExpression'),
    !movesAcrossFunction,
  );
  if (bound) return left(`its arguments use ${bound}, which cannot move out of ${placement.where}: hoist it by hand`);
  const writes = writesIn(rc.ctx, region);
  for (const { identifier, variable } of referencesIn(rc.ctx, node)) {
    if (variable && (declaredWithin(variable, region) || writes.variables.has(variable))) {
      return left(
        `the client's arguments use \`${identifier.name}\`, which changes on every iteration of ${describeRepetitionAround(region, identifier, variable, placement)}: build one client per distinct value before the loop (or keep a bounded cache of them), or pass \`${identifier.name}\` to the client's methods instead`,
      );
    }
  }
  if (writes.thisWritten && contextBoundPart(node, false, true))
    return left(
      `the client's arguments read \`this\`, which ${placement.where} assigns to: hoist it by hand if those values do not change`,
    );
  const varying = varyingCallIn(rc.ctx, node);
  if (varying)
    return left(
      `the client's arguments call \`${varying}\`, which may give a different value on each iteration: if it does not, hoist the client by hand`,
    );
  const configured = globalConfigChangeIn(rc.ctx, node, region);
  if (configured) return left(globalConfigReason(configured, placement.where));
  const setUp = setUpCallOn(rc.ctx, finding, region);
  if (setUp)
    return left(
      `every iteration calls \`${setUp}\`, which must run once on a shared client: hoist the client and that call before the loop by hand`,
    );
  const outer = enclosingFunction(anchor);
  if (finding.awaited && movesAcrossFunction && !(outer ? outer.async : true)) {
    return left(
      `it is awaited inside ${placement.where}, and the code around the loop is not async: create it before the loop by hand`,
    );
  }

  const indent = indentAt(rc.ctx.text, anchor.range[0]);
  const insertAt = startWithLeadingComments(rc.ctx, anchor);
  const declaration = movableDeclaration(rc, finding, callbacks[0]);
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
    return {
      ok: true,
      edits: [
        { start: insertAt, end: insertAt, text: lineEnd === -1 ? `${moved}${rc.eol}` : moved },
        { start, end, text: '' },
      ],
    };
  }
  const base = baseNameFor({ ...finding, declarator: undefined });
  // `let agent = new Agent()` keeps its own name and gets `sharedAgent`, not `agent2`.
  const name = rc.freshName(usedAnywhere(rc.ctx, base) ? `shared${upperFirst(base)}` : base);
  const value = reindent(rc.text(node), indentAt(rc.ctx.text, node.range[0]), indent);
  return {
    ok: true,
    edits: [
      { start: insertAt, end: insertAt, text: `${indent}const ${name} = ${value}${rc.semi}${rc.eol}` },
      replaceWithName(node, name),
    ],
  };
}

/** The construction replaced by `name`; `{ agent: new Agent() }` becomes `{ agent }` when the names match. */
function replaceWithName(node: TSESTree.Node, name: string): TextEdit {
  const property = node.parent;
  if (
    property?.type === 'Property' &&
    property.value === node &&
    !property.computed &&
    property.kind === 'init' &&
    property.key.type === 'Identifier' &&
    property.key.name === name
  ) {
    return { start: property.range[0], end: property.range[1], text: name };
  }
  return { start: node.range[0], end: node.range[1], text: name };
}

/**
 * `const s3 = new S3Client({})` alone on its lines in the loop body (or callback body): the whole
 * declaration can move, keeping its name, when no other scope in the file declares that name.
 */
function movableDeclaration(
  rc: ClientRewriteContext,
  finding: ClientFinding,
  callback: FunctionNode | undefined,
): TSESTree.VariableDeclaration | undefined {
  const declarator = finding.declarator;
  if (!declarator || declarator.id.type !== 'Identifier' || declarator.id.typeAnnotation) return undefined;
  const declaration = declarator.parent as TSESTree.VariableDeclaration;
  if (declaration.declarations.length !== 1 || declaration.kind === 'var') return undefined;
  if (!declaration.parent || declaration.parent.type !== 'BlockStatement') return undefined;
  if (callback && declaration.parent !== callback.body) return undefined;
  const name = declarator.id.name;
  // A `let` the loop reassigns must start each iteration from the client again: only its value can move.
  const reassigned =
    rc.ctx
      .getScope(declarator)
      .set.get(name)
      ?.references.some((ref) => ref.isWrite() && !ref.init) ?? true;
  if (reassigned) return undefined;
  const declaringScopes = rc.ctx.scopeManager.scopes.filter((s) => s.set.has(name)).length;
  const text = rc.ctx.text;
  const lineStart = text.lastIndexOf('\n', declaration.range[0] - 1) + 1;
  const lineEnd = text.indexOf('\n', declaration.range[1]);
  const aloneOnLines =
    /^[ \t]*$/.test(text.slice(lineStart, declaration.range[0])) &&
    /^[ \t]*\r?$/.test(text.slice(declaration.range[1], lineEnd === -1 ? text.length : lineEnd));
  return declaringScopes === 1 && aloneOnLines ? declaration : undefined;
}

/** The loop or callback in which `variable` takes a new value: where it is declared or assigned inside `region`. */
function describeRepetitionAround(
  region: TSESTree.Node,
  identifier: TSESTree.Node,
  variable: Variable,
  placement: LoopPlacement,
): string {
  const changes = [
    ...variable.defs.map((def) => def.name),
    ...variable.references.filter((ref) => ref.isWrite()).map((ref) => ref.identifier),
  ];
  const inside = changes.find((node) => within(region, node)) ?? identifier;
  const repetition = repetitionOf(inside);
  return repetition ? describeRepetition(repetition) : placement.where;
}

function declaredWithin(variable: Variable, region: TSESTree.Node): boolean {
  return variable.defs.some((def) => within(region, def.name));
}

// ---------------------------------------------------------------------------------------------
// Handlers

/** Handler: a module-level `let` and a `getX()` that fills it once, called in place of the construction. */
function planHandler(rc: ClientRewriteContext, finding: ClientFinding, placement: HandlerPlacement): ClientRewrite {
  const node = finding.node;
  if (finding.awaited) {
    return left(
      'it is opened asynchronously (awaited) in every call: open it once at start-up and share it, or memoize the connection promise by hand, dropping it when the connection fails',
    );
  }
  const bound = contextBoundPart(node, false, false);
  if (bound)
    return left(
      `its arguments use ${bound}, which only exists inside ${placement.where}: build the client from module-level configuration instead`,
    );
  const handlerFn = placement.handler.fn;
  for (const { identifier, variable } of referencesIn(rc.ctx, node)) {
    if (!variable || variable.defs.length === 0) continue; // a global such as process.env
    if (variable.scope === rc.moduleScope && isStableModuleBinding(variable)) {
      const change = mutatedModuleObjectIn(rc.ctx, node, variable);
      if (change) return left(changedConfigReason(rc, identifier.name, change));
      continue;
    }
    if (variable.scope === rc.moduleScope) {
      return left(
        `the client's arguments use \`${identifier.name}\`, a module-level variable that is reassigned: build the client from values that do not change, or move it to module scope by hand`,
      );
    }
    if (variable.defs.some((def) => within(handlerFn, def.name))) {
      return left(
        `the client's arguments use \`${identifier.name}\`, which only exists per call of ${placement.where}: build it from module-level configuration and pass per-request values to the client's methods, or keep a bounded cache of clients per tenant`,
      );
    }
    return left(
      `the client's arguments use \`${identifier.name}\`, which is declared around ${placement.where}, not at module scope: build the client once there, outside the handler, and use it inside`,
    );
  }
  const varying = varyingCallIn(rc.ctx, node);
  if (varying)
    return left(
      `the client's arguments call \`${varying}\`, which may give a different value on each call (a rotating token, a value of the request's context): if it does not, move the client to module scope by hand`,
    );
  const configured = globalConfigChangeIn(rc.ctx, node, handlerFn);
  if (configured) return left(globalConfigReason(configured, placement.where));
  const assignment = plainAssignmentOf(node);
  const holderVariable =
    assignment?.left.type === 'Identifier' ? resolveIdentifier(rc.ctx, assignment.left) : undefined;
  const moduleHolder = holderVariable?.scope === rc.moduleScope ? holderVariable : undefined;
  const setUp = setUpCallOn(rc.ctx, finding, handlerFn, moduleHolder);
  if (setUp)
    return left(
      `every call of ${placement.where} runs \`${setUp}\`, which must run once on a shared client: move the client and that call to module scope by hand`,
    );
  // `pool = new Pool()` into a module-level variable: that variable already is the shared holder.
  if (assignment && moduleHolder) {
    const close = closeWithoutReset(rc.ctx, moduleHolder.name);
    return close
      ? left(closedHolderReason(moduleHolder.name, close))
      : { ok: true, edits: [memoizingOperator(rc, assignment)] };
  }
  const type = rc.typed ? clientTypeText(rc, finding) : undefined;
  if (rc.typed && !type)
    return left(
      'the client is built through an expression whose type this codemod cannot name: move it to module scope by hand',
    );

  // Handlers that build the very same client share one instance.
  const value = reindent(rc.text(node), indentAt(rc.ctx.text, node.range[0]), rc.indentUnit);
  const key = value.replace(/\s+/g, ' ');
  const shared = rc.sharedGetters.get(key);
  if (shared)
    return {
      ok: true,
      edits: [{ start: node.range[0], end: node.range[1], text: `${shared}()` }],
      sharedGetter: shared,
    };
  // A handler that declares the name itself (`const pool = new Pool()`) would shadow a module-level
  // `pool` (no-shadow): the module-level holder is then `sharedPool`, its getter still `getPool`.
  const base = baseNameFor(finding);
  const shadowed = rc.declaredInNestedScope(base);
  const holder = rc.freshModuleName(shadowed ? `shared${upperFirst(base)}` : base);
  const getter = rc.freshName(`get${upperFirst(shadowed ? base : holder)}`);
  rc.sharedGetters.set(key, getter);

  const insertAt = startWithLeadingComments(rc.ctx, topLevelStatementOf(node));
  const { eol, semi, indentUnit } = rc;
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
