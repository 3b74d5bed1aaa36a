import type { TSESTree } from '@typescript-eslint/utils';
import type { AnalysisContext, Variable } from '../../core/context.js';
import { handlerInfo } from '../../frequency/handlers.js';
import { isFunctionNode, within, type FunctionNode } from '../../core/ast.js';
import type { SitePlan } from '../../codemod-kit/define-codemod.js';
import type { TextEdit } from '../../codemod-kit/edits.js';
import { linesAfter, linesAtStart, operandStart, type Style } from '../../codemod-kit/layout.js';
import { calleeName, ownReturns, thisOwnerOf } from '../../core/ast.js';
import { effectHookOf } from '../../frequency/describe-function.js';
import { unwrapExpression } from '../../core/imports.js';
import { HTTP_EMITTER_PARAMS } from '../../knowledge/events.js';
import { TEARDOWN_METHODS } from '../../knowledge/lifecycle.js';
import { classTeardownFor } from './teardown-evidence.js';
import type { IntervalFinding } from './untracked-interval.js';

/*
 * How an interval no-untracked-interval reports gets cleared, as text edits over the original
 * source: its handle is kept where an owner can reach it, and clearInterval goes into the owner's
 * teardown (a class's teardown method, a returned or effect cleanup, the 'close' event of the
 * request or socket it serves). Where the evidence does not say the teardown ends the interval's
 * life, the site gets a reason instead and no edit. The track-tasks codemod applies these plans.
 */

const NEEDS_OWNER =
  "the interval needs an owner to stop it: there is no stop/close/dispose/destroy method, returned cleanup, effect cleanup or 'close' event of the request or socket it serves to clear it in. unref() alone is no fix: it does not stop a per-call interval, which keeps running and keeps its closure alive. Keep the handle where whoever starts this can clear it";

/** Where the clearInterval calls for one owner go. */
type Teardown =
  /** Statements added at the start of an existing block: a teardown method, a cleanup function, a 'close' listener. */
  | { readonly kind: 'block'; readonly block: TSESTree.BlockStatement }
  /** A cleanup arrow with an expression body, turned into a block. */
  | { readonly kind: 'arrowBody'; readonly fn: TSESTree.ArrowFunctionExpression }
  /** An effect without a cleanup: one is returned at the end of its body. */
  | { readonly kind: 'newCleanup'; readonly body: TSESTree.BlockStatement }
  /** A 'close' listener added on the request or socket right after the statement that starts the interval. */
  | { readonly kind: 'closeEvent'; readonly emitter: string; readonly statement: TSESTree.Statement };

interface IntervalRewrite {
  readonly edits: TextEdit[];
  /** The expression to pass to clearInterval: `this.pollInterval`, `timer`. */
  readonly handle: string;
  readonly teardown: Teardown;
}

/**
 * The plan of every reported interval, and the clearInterval edits, one per teardown however many
 * intervals it clears (those intervals are rewritten together). `takenNames` collects the names new
 * handles take, so two do not collide.
 */
/**
 * A raced timeout is left alone: clearing it belongs after the race, and where the race's result
 * goes (awaited, returned, chained) decides where that is.
 */
const RACE_TIMEOUT_REMEDY =
  'a timeout raced against a promise: keep its handle and clearTimeout it once the race settles (in a finally)';

export function planIntervalRewrites(
  ctx: AnalysisContext,
  style: Style,
  findings: readonly IntervalFinding[],
): { plans: Map<IntervalFinding, SitePlan>; clears: { edit: TextEdit; findings: IntervalFinding[] }[] } {
  const plans = new Map<IntervalFinding, SitePlan>();
  const takenNames = new Set<string>();
  const clearsByOwner = new Map<
    TSESTree.Node,
    { teardown: Teardown; handles: string[]; findings: IntervalFinding[] }
  >();
  for (const finding of findings) {
    // Module-level intervals are only found with reportModuleLevel, which the codemod does not ask for.
    const plan =
      finding.kind === 'keepsProcessAlive'
        ? 'a module-level interval: call .unref() on it, or clear it on shutdown'
        : finding.kind === 'raceTimeout'
          ? RACE_TIMEOUT_REMEDY
          : planInterval(ctx, style, finding, takenNames);
    if (typeof plan === 'string') {
      plans.set(finding, { ok: false, reason: plan });
      continue;
    }
    plans.set(finding, { ok: true, edits: plan.edits });
    const key = teardownAnchor(plan.teardown);
    const group = clearsByOwner.get(key) ?? { teardown: plan.teardown, handles: [], findings: [] };
    group.handles.push(plan.handle);
    group.findings.push(finding);
    clearsByOwner.set(key, group);
  }
  const clears = [...clearsByOwner.values()].map(({ teardown, handles, findings: cleared }) => ({
    edit: clearEdit(ctx, style, teardown, handles),
    findings: cleared,
  }));
  return { plans, clears };
}

function planInterval(
  ctx: AnalysisContext,
  style: Style,
  finding: Exclude<IntervalFinding, { kind: 'keepsProcessAlive' | 'raceTimeout' }>,
  takenNames: Set<string>,
): IntervalRewrite | string {
  if (finding.kind === 'discarded' && !finding.statement) {
    return 'the handle is dropped inside a larger expression: start the interval in a statement of its own and keep its handle where a teardown can clear it';
  }
  if (finding.kind === 'neverCleared' && finding.holder.kind === 'property') {
    const { object, name } = finding.holder;
    return `the handle is kept in ${object}.${name}, and no class owns ${object}: clearInterval(${object}.${name}) where ${object}'s life ends (its 'close' event, its teardown)`;
  }
  const preferredName = handleName(finding.node);

  // A class with a teardown method owns intervals its methods start.
  const owner = thisOwnerOf(finding.node);
  const classBody = owner && owner.body.type === 'ClassBody' && !owner.isStatic ? owner.body : undefined;
  const classTeardown = classBody ? classTeardownFor(classBody, finding.node) : undefined;
  const teardownMethod = typeof classTeardown === 'object' ? classTeardown.block : undefined;
  if (classBody && teardownMethod) {
    const teardown: Teardown = { kind: 'block', block: teardownMethod };
    if (finding.kind === 'discarded') {
      const field = uniqueName(ctx.text.slice(classBody.range[0], classBody.range[1]), preferredName, takenNames);
      const edits = [holdHandle(ctx, finding, `this.${field} = `)];
      if (style.typescript)
        edits.push(linesAtStart(ctx, style, classBody, [`private ${field}?: ReturnType<typeof setInterval>;`]));
      return { edits, handle: `this.${field}`, teardown };
    }
    if (finding.holder.kind === 'field') return { edits: [], handle: `this.${finding.holder.name}`, teardown };
    if (finding.holder.kind === 'variable' && visibleAt(finding.holder.variable, teardownMethod))
      return { edits: [], handle: finding.holder.name, teardown };
  }
  // A class teardown that cannot reach the handle, or that does not end the object's life, is a better lead than "no owner".
  const noOwner =
    typeof classTeardown === 'string'
      ? classTeardown
      : classBody && teardownMethod && finding.kind === 'neverCleared'
        ? `the handle is kept in ${finding.holder.name}, which the class's teardown method cannot reach: keep it in a field (this.${finding.holder.name} = …) and clear it there`
        : NEEDS_OWNER;

  // Otherwise the function it starts in may own it: an effect, a returned cleanup, a 'close' event.
  const fn = finding.fn;
  if (!fn || fn.body.type !== 'BlockStatement') return noOwner;
  const startStatement = finding.kind === 'discarded' ? finding.statement! : statementOf(finding.node);
  const teardown = functionTeardown(ctx, fn, fn.body, startStatement, finding.node);
  if (typeof teardown === 'string') return teardown;
  if (!teardown) return noOwner;
  if (teardown.kind !== 'closeEvent' && startStatement?.parent !== fn.body) {
    return 'the interval starts inside a nested block, where its cleanup cannot see the handle: keep the handle in a variable of the function and clear it in the cleanup';
  }
  if (finding.kind === 'discarded') {
    const name = uniqueName(ctx.text, preferredName, takenNames);
    return { edits: [holdHandle(ctx, finding, `const ${name} = `)], handle: name, teardown };
  }
  const { holder } = finding;
  if (holder.kind !== 'field' && holder.kind !== 'property' && visibleAt(holder.variable, teardownAnchor(teardown)))
    return { edits: [], handle: holder.name, teardown };
  return `the handle is kept in ${holder.kind === 'field' ? `this.${holder.name}` : holder.name}, which the cleanup cannot reach: keep it where the cleanup can clear it`;
}

/** The node a teardown's clears go into (or after): one edit per anchor, whatever the number of intervals. */
function teardownAnchor(teardown: Teardown): TSESTree.Node {
  switch (teardown.kind) {
    case 'block':
      return teardown.block;
    case 'arrowBody':
      return teardown.fn;
    case 'newCleanup':
      return teardown.body;
    case 'closeEvent':
      return teardown.statement;
  }
}

/**
 * Where a function that starts an interval can clear it: the cleanup it returns last (a function,
 * or an object with a stop/close/dispose/destroy method), a new cleanup for an effect that has
 * none, or the 'close' event of the request, response or socket the function serves.
 */
function functionTeardown(
  ctx: AnalysisContext,
  fn: FunctionNode,
  body: TSESTree.BlockStatement,
  start: TSESTree.Statement | undefined,
  interval: TSESTree.CallExpression,
): Teardown | string | undefined {
  const startEnd = start?.range[1] ?? interval.range[1];
  const laterReturns = ownReturns(body).filter((r) => r.range[0] >= startEnd);
  const last = body.body[body.body.length - 1];
  if (
    laterReturns.length === 1 &&
    last &&
    laterReturns[0] === last &&
    last.type === 'ReturnStatement' &&
    last.argument
  ) {
    const returned = unwrapExpression(last.argument);
    const cleanup = isFunctionNode(returned)
      ? returned
      : returned.type === 'ObjectExpression'
        ? teardownPropertyOf(returned)
        : undefined;
    if (cleanup) return functionBodyTeardown(ctx, cleanup);
    if (effectHookOf(fn))
      return 'the effect returns its cleanup by name: add clearInterval for this interval to that cleanup';
  }
  if (laterReturns.length === 0 && effectHookOf(fn)) return { kind: 'newCleanup', body };
  if (laterReturns.length > 0) return undefined;
  return servedEmitterTeardown(ctx, fn, interval, start);
}

function teardownPropertyOf(object: TSESTree.ObjectExpression): FunctionNode | undefined {
  for (const name of TEARDOWN_METHODS) {
    for (const property of object.properties) {
      if (
        property.type !== 'Property' ||
        property.computed ||
        property.key.type !== 'Identifier' ||
        property.key.name !== name
      )
        continue;
      if (isFunctionNode(property.value)) return property.value;
    }
  }
  return undefined;
}

function functionBodyTeardown(ctx: AnalysisContext, fn: FunctionNode): Teardown | string {
  if (fn.body.type === 'BlockStatement') return { kind: 'block', block: fn.body };
  // `() => controller.abort()` becomes `() => { clearInterval(id); controller.abort(); }`.
  const arrowEnd = ctx.text.slice(fn.range[0], fn.body.range[0]).trimEnd();
  if (
    fn.type === 'ArrowFunctionExpression' &&
    arrowEnd.endsWith('=>') &&
    unwrapExpression(fn.body).type === 'CallExpression'
  )
    return { kind: 'arrowBody', fn };
  return 'the cleanup is an expression the codemod cannot add a statement to: add clearInterval for this interval to it';
}

/** The 'close' event of the request, response or socket whose parameter the interval's callback uses. */
function servedEmitterTeardown(
  ctx: AnalysisContext,
  fn: FunctionNode,
  interval: TSESTree.CallExpression,
  start: TSESTree.Statement | undefined,
): Teardown | undefined {
  const callback = interval.arguments[0];
  if (!callback || !start || fn.body.type !== 'BlockStatement') return undefined;
  const handler = handlerInfo(ctx, fn);
  const httpHandler = handler?.nodeHttp === true;
  for (const param of fn.params) {
    if (param.type !== 'Identifier') continue;
    const variable = ctx.getScope(fn).set.get(param.name);
    if (!variable || !variable.references.some((ref) => within(callback, ref.identifier))) continue;
    // An existing 'close'/'end' listener on it in this function takes the clear.
    for (const statement of fn.body.body) {
      const listener = closeListenerOn(statement, variable);
      if (listener) {
        const teardown = functionBodyTeardown(ctx, listener);
        if (typeof teardown !== 'string') return teardown;
      }
    }
    const listensAlready = variable.references.some((ref) => {
      const member = ref.identifier.parent;
      return (
        member?.type === 'MemberExpression' &&
        member.object === ref.identifier &&
        ['on', 'once', 'addListener'].includes(calleeName(member) ?? '') &&
        member.parent?.type === 'CallExpression'
      );
    });
    // An emitter the function listens on is the socket it serves only when the function is run per
    // connection, request or message; a queue or bus handed to a start() function may never emit 'close'.
    if ((listensAlready && handler) || (httpHandler && HTTP_EMITTER_PARAMS.test(param.name)))
      return { kind: 'closeEvent', emitter: param.name, statement: start };
  }
  return undefined;
}

/** `param.on('close' | 'end', fn)` as a statement: the listener function. */
function closeListenerOn(statement: TSESTree.Statement, param: Variable): FunctionNode | undefined {
  if (statement.type !== 'ExpressionStatement') return undefined;
  const call = unwrapExpression(statement.expression);
  if (call.type !== 'CallExpression' || call.callee.type !== 'MemberExpression') return undefined;
  const receiver = call.callee.object;
  if (receiver.type !== 'Identifier' || !param.references.some((ref) => ref.identifier === receiver)) return undefined;
  if (!['on', 'once', 'addListener'].includes(calleeName(call.callee) ?? '')) return undefined;
  const [event, listener] = call.arguments;
  if (event?.type !== 'Literal' || (event.value !== 'close' && event.value !== 'end')) return undefined;
  return listener && isFunctionNode(listener) ? listener : undefined;
}

/** The statement an expression belongs to. */
function statementOf(node: TSESTree.Node): TSESTree.Statement | undefined {
  for (let current: TSESTree.Node | undefined = node; current; current = current.parent) {
    if (current.parent?.type === 'BlockStatement' || current.parent?.type === 'Program')
      return current as TSESTree.Statement;
  }
  return undefined;
}

function visibleAt(variable: Variable, node: TSESTree.Node): boolean {
  return within(variable.scope.block, node);
}

/** A name for the handle from what the interval calls (`poll` gives `pollInterval`), else `interval`. */
function handleName(interval: TSESTree.CallExpression): string {
  const callback = interval.arguments[0] ? unwrapExpression(interval.arguments[0]) : undefined;
  let target: TSESTree.Node | undefined = callback;
  if (callback && isFunctionNode(callback)) {
    const body = callback.body;
    const only =
      body.type === 'BlockStatement'
        ? body.body.length === 1 && body.body[0]!.type === 'ExpressionStatement'
          ? body.body[0]!.expression
          : undefined
        : body;
    target =
      only && unwrapExpression(only).type === 'CallExpression'
        ? (unwrapExpression(only) as TSESTree.CallExpression).callee
        : undefined;
  }
  const name = target ? calleeName(target)?.replace(/^#/, '') : undefined;
  return name && /^[A-Za-z_$][\w$]*$/.test(name) ? `${name}Interval` : 'interval';
}

/** `preferred`, or `preferred2`, `preferred3`… when the text already uses it. */
function uniqueName(text: string, preferred: string, taken: Set<string>): string {
  for (let n = 1; ; n++) {
    const name = n === 1 ? preferred : `${preferred}${n}`;
    if (!taken.has(name) && !new RegExp(`(?<![\\w$])${name.replace(/\$/g, '\\$')}(?![\\w$])`).test(text)) {
      taken.add(name);
      return name;
    }
  }
}

/** Keeps the handle: `holder` goes where the statement's value starts, or replaces `void`. */
function holdHandle(
  ctx: AnalysisContext,
  finding: Extract<IntervalFinding, { kind: 'discarded' }>,
  holder: string,
): TextEdit {
  if (finding.voidOperator)
    return { start: finding.voidOperator.range[0], end: operandStart(ctx, finding.voidOperator), text: holder };
  const start = finding.statement!.expression.range[0];
  return { start, end: start, text: holder };
}

function clearEdit(ctx: AnalysisContext, style: Style, teardown: Teardown, handles: string[]): TextEdit {
  const clears = handles.map((handle) => `clearInterval(${handle})`);
  switch (teardown.kind) {
    case 'block':
      return linesAtStart(
        ctx,
        style,
        teardown.block,
        clears.map((c) => `${c}${style.semi}`),
      );
    case 'arrowBody': {
      const body = teardown.fn.body;
      const text = ctx.text.slice(body.range[0], body.range[1]);
      return { start: body.range[0], end: body.range[1], text: `{ ${clears.map((c) => `${c}; `).join('')}${text}; }` };
    }
    case 'newCleanup': {
      const cleanup = clears.length === 1 ? clears[0]! : `{ ${clears.map((c) => `${c};`).join(' ')} }`;
      return linesAfter(ctx, style, teardown.body, [`return () => ${cleanup}${style.semi}`]);
    }
    case 'closeEvent': {
      const cleanup = clears.length === 1 ? clears[0]! : `{ ${clears.map((c) => `${c};`).join(' ')} }`;
      const q = style.quote;
      return linesAfter(ctx, style, teardown.statement, [
        `${teardown.emitter}.on(${q}close${q}, () => ${cleanup})${style.semi}`,
      ]);
    }
  }
}
