import type { TSESTree } from '@typescript-eslint/utils';
import { moduleScopeOf, type AnalysisContext, type Variable } from '../src/analysis/context.js';
import { isCommonJs } from '../src/analysis/parse.js';
import { handlerInfo, isFunctionNode, within, type FunctionNode } from '../src/analysis/repetition.js';
import { walkProgram } from '../src/analysis/walk.js';
import { defineCodemod, locationOf, type LeftSite, type RewrittenSite } from '../src/codemod-kit/define-codemod.js';
import { detectEol, indentAt, preferredQuote, usesSemicolons, type TextEdit } from '../src/codemod-kit/edits.js';
import { ensureNamedImport, lastRequireStatement, topInsertionOffset, usedAnywhere } from '../src/codemod-kit/imports.js';
import { createFloatingTaskDetector, TRACKER_NAME, type FloatingTaskFinding } from '../src/detectors/floating-task.js';
import { createListenerLeakDetector, listenerRemedy } from '../src/detectors/listener-leak.js';
import { calleeName, effectHookOf, forEachDescendant, thisOwnerOf, unwrapExpression } from '../src/detectors/task-context.js';
import { createUntrackedIntervalDetector, type IntervalFinding } from '../src/detectors/untracked-interval.js';

export interface TrackTasksOptions {
  /** Module whose named export `track(task)` registers background tasks; without it each file gets its own helper. */
  readonly trackerImport: string | undefined;
}

/** The set of pending tasks the per-file helper keeps; the helper's own name is TRACKER_NAME. */
const PENDING_TASKS = 'pendingTasks';
/** Methods that stop a class instance, in the order they are preferred as the place to clear an interval. */
const TEARDOWN_METHODS = ['stop', 'close', 'dispose', 'destroy'];
/** A parameter named like this in an HTTP handler is Node's request or response, an emitter with a 'close' event. */
const HTTP_EMITTER_PARAMS = /^(req|res)$/;
const HTTP_HANDLER = /route handler|middleware|request callback/;

const NEEDS_OWNER =
  'the interval needs an owner to stop it: there is no stop/close/dispose/destroy method, returned cleanup, effect cleanup or \'close\' event of the request or socket it serves to clear it in. unref() alone is no fix: it does not stop a per-call interval, which keeps running and keeps its closure alive. Keep the handle where whoever starts this can clear it';

interface Style {
  readonly eol: string;
  readonly semi: string;
  readonly quote: string;
  readonly unit: string;
  readonly typescript: boolean;
}

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

export const codemod = defineCodemod<TrackTasksOptions>({
  name: 'track-tasks',
  rules: ['no-floating-task', 'no-listener-leak', 'no-untracked-interval'],
  options: [
    {
      flag: 'tracker-import',
      type: 'module-specifier',
      description:
        "Module that exports track(task), the project's shared task registry (e.g. './lib/tasks'). Without it, each file that needs one gets a small module-level helper.",
    },
  ],
  // Every name a finding needs: the timers, the listener methods, the task sources of no-floating-task.
  mightApply: (source) => /setInterval|Listener|\.on\s*\(|\[\s*['"]on['"]|async|Promise|\.then\s*\(|fetch|promises|events|axios|undici|@aws-sdk|ioredis|['"]pg['"]/.test(source),
  plan(ctx, options, reportedBy) {
    const intervals = createUntrackedIntervalDetector(ctx, { reportModuleLevel: false });
    const listeners = createListenerLeakDetector(ctx, {});
    const floating = createFloatingTaskDetector(ctx, { typeAware: false });
    walkProgram(ctx.ast, [intervals.visitors, listeners.visitors, floating.visitors]);

    const style = styleOf(ctx);
    const edits: TextEdit[] = [];
    const rewritten: RewrittenSite[] = [];
    const left: LeftSite[] = [];
    const takenNames = new Set<string>();

    const clearsByOwner = new Map<TSESTree.Node, { teardown: Teardown; handles: string[] }>();
    for (const finding of intervals.finish().filter((f) => reportedBy('no-untracked-interval', f.node))) {
      const what = `setInterval in ${finding.kind === 'keepsProcessAlive' ? 'module scope' : finding.where}`;
      // Module-level intervals are only found with reportModuleLevel, which this codemod does not ask for.
      const plan = finding.kind === 'keepsProcessAlive' ? 'a module-level interval: call .unref() on it, or clear it on shutdown' : planInterval(ctx, style, finding, takenNames);
      if (typeof plan === 'string') {
        left.push({ ...locationOf(finding.node), what, reason: plan });
        continue;
      }
      edits.push(...plan.edits);
      const key = teardownAnchor(plan.teardown);
      const group = clearsByOwner.get(key) ?? { teardown: plan.teardown, handles: [] };
      group.handles.push(plan.handle);
      clearsByOwner.set(key, group);
      rewritten.push({ ...locationOf(finding.node), what });
    }
    for (const { teardown, handles } of clearsByOwner.values()) edits.push(clearEdit(ctx, style, teardown, handles));

    for (const finding of listeners.finish().filter((f) => reportedBy('no-listener-leak', f.node))) {
      left.push({
        ...locationOf(finding.node),
        what: `${finding.event} listener on ${finding.targetText} in ${finding.where}`,
        reason: `no automatic rewrite of a listener is safe: ${listenerRemedy(finding)}`,
      });
    }

    const tasks = planFloatingTasks(ctx, style, floating.finish().filter((f) => reportedBy('no-floating-task', f.node)), options);
    edits.push(...tasks.edits);
    rewritten.push(...tasks.rewritten);
    left.push(...tasks.left);
    return { edits, rewritten, left };
  },
});

export default codemod.transform;
export const parser = 'tsx';

function styleOf(ctx: AnalysisContext): Style {
  return {
    eol: detectEol(ctx.text),
    semi: usesSemicolons(ctx.text) ? ';' : '',
    quote: preferredQuote(ctx.text, ctx.ast.tokens),
    unit: indentUnit(ctx.text),
    typescript: /\.[cm]?tsx?$/.test(ctx.filename),
  };
}

/** The file's indentation step: a tab, or the smallest run of leading spaces (2 when nothing is indented). */
function indentUnit(text: string): string {
  let smallest = Infinity;
  for (const match of text.matchAll(/^([ \t]+)\S/gm)) {
    const indent = match[1]!;
    if (indent.startsWith('\t')) return '\t';
    if (indent.length >= 2) smallest = Math.min(smallest, indent.length);
  }
  return ' '.repeat(Number.isFinite(smallest) ? smallest : 2);
}

// ---------------------------------------------------------------------------------------------
// Intervals

function planInterval(ctx: AnalysisContext, style: Style, finding: Exclude<IntervalFinding, { kind: 'keepsProcessAlive' }>, takenNames: Set<string>): IntervalRewrite | string {
  if (finding.kind === 'discarded' && !finding.statement) {
    return 'the handle is dropped inside a larger expression: start the interval in a statement of its own and keep its handle where a teardown can clear it';
  }
  const preferredName = handleName(finding.node);

  // A class with a teardown method owns intervals its methods start.
  const owner = thisOwnerOf(finding.node);
  const classBody = owner && owner.body.type === 'ClassBody' && !owner.isStatic ? owner.body : undefined;
  const teardownMethod = classBody ? teardownMethodOf(classBody) : undefined;
  if (classBody && teardownMethod) {
    const teardown: Teardown = { kind: 'block', block: teardownMethod };
    if (finding.kind === 'discarded') {
      const field = uniqueName(ctx.text.slice(classBody.range[0], classBody.range[1]), preferredName, takenNames);
      const edits = [holdHandle(ctx, finding, `this.${field} = `)];
      if (style.typescript) edits.push(linesAtStart(ctx, style, classBody, [`private ${field}?: ReturnType<typeof setInterval>;`]));
      return { edits, handle: `this.${field}`, teardown };
    }
    if (finding.holder.kind === 'field') return { edits: [], handle: `this.${finding.holder.name}`, teardown };
    if (finding.holder.kind === 'variable' && visibleAt(finding.holder.variable, teardownMethod)) return { edits: [], handle: finding.holder.name, teardown };
  }
  // A class teardown that cannot reach the handle is a better lead than "no owner".
  const noOwner =
    classBody && teardownMethod && finding.kind === 'neverCleared'
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
  if (holder.kind !== 'field' && visibleAt(holder.variable, teardownAnchor(teardown))) return { edits: [], handle: holder.name, teardown };
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

/** The first teardown method of a class (stop, close, dispose, destroy) with a body to add to. */
function teardownMethodOf(body: TSESTree.ClassBody): TSESTree.BlockStatement | undefined {
  for (const name of TEARDOWN_METHODS) {
    for (const member of body.body) {
      if (member.type !== 'MethodDefinition' || member.static || member.kind !== 'method' || member.computed) continue;
      if (member.key.type === 'Identifier' && member.key.name === name && member.value.body) return member.value.body;
    }
  }
  return undefined;
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
  if (laterReturns.length === 1 && last && laterReturns[0] === last && last.type === 'ReturnStatement' && last.argument) {
    const returned = unwrapExpression(last.argument);
    const cleanup = isFunctionNode(returned) ? returned : returned.type === 'ObjectExpression' ? teardownPropertyOf(returned) : undefined;
    if (cleanup) return functionBodyTeardown(ctx, cleanup);
    if (effectHookOf(fn)) return 'the effect returns its cleanup by name: add clearInterval for this interval to that cleanup';
  }
  if (laterReturns.length === 0 && effectHookOf(fn)) return { kind: 'newCleanup', body };
  if (laterReturns.length > 0) return undefined;
  return servedEmitterTeardown(ctx, fn, interval, start);
}

function teardownPropertyOf(object: TSESTree.ObjectExpression): FunctionNode | undefined {
  for (const name of TEARDOWN_METHODS) {
    for (const property of object.properties) {
      if (property.type !== 'Property' || property.computed || property.key.type !== 'Identifier' || property.key.name !== name) continue;
      if (isFunctionNode(property.value)) return property.value;
    }
  }
  return undefined;
}

function functionBodyTeardown(ctx: AnalysisContext, fn: FunctionNode): Teardown | string {
  if (fn.body.type === 'BlockStatement') return { kind: 'block', block: fn.body };
  // `() => controller.abort()` becomes `() => { clearInterval(id); controller.abort(); }`.
  const arrowEnd = ctx.text.slice(fn.range[0], fn.body.range[0]).trimEnd();
  if (fn.type === 'ArrowFunctionExpression' && arrowEnd.endsWith('=>') && unwrapExpression(fn.body).type === 'CallExpression') return { kind: 'arrowBody', fn };
  return 'the cleanup is an expression the codemod cannot add a statement to: add clearInterval for this interval to it';
}

/** The 'close' event of the request, response or socket whose parameter the interval's callback uses. */
function servedEmitterTeardown(ctx: AnalysisContext, fn: FunctionNode, interval: TSESTree.CallExpression, start: TSESTree.Statement | undefined): Teardown | undefined {
  const callback = interval.arguments[0];
  if (!callback || !start || fn.body.type !== 'BlockStatement') return undefined;
  const handler = handlerInfo(ctx, fn);
  const httpHandler = HTTP_HANDLER.test(handler?.description ?? '');
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
      return member?.type === 'MemberExpression' && member.object === ref.identifier && ['on', 'once', 'addListener'].includes(calleeName(member) ?? '') && member.parent?.type === 'CallExpression';
    });
    // An emitter the function listens on is the socket it serves only when the function is run per
    // connection, request or message; a queue or bus handed to a start() function may never emit 'close'.
    if ((listensAlready && handler) || (httpHandler && HTTP_EMITTER_PARAMS.test(param.name))) return { kind: 'closeEvent', emitter: param.name, statement: start };
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

/** Return statements of a function body, not of functions nested in it. */
function ownReturns(body: TSESTree.BlockStatement): TSESTree.ReturnStatement[] {
  const found: TSESTree.ReturnStatement[] = [];
  forEachDescendant(body, (node) => {
    if (node.type === 'ReturnStatement') found.push(node);
    return !isFunctionNode(node) && node.type !== 'ClassBody';
  });
  return found;
}

/** The statement an expression belongs to. */
function statementOf(node: TSESTree.Node): TSESTree.Statement | undefined {
  for (let current: TSESTree.Node | undefined = node; current; current = current.parent) {
    if (current.parent?.type === 'BlockStatement' || current.parent?.type === 'Program') return current as TSESTree.Statement;
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
    const only = body.type === 'BlockStatement' ? (body.body.length === 1 && body.body[0]!.type === 'ExpressionStatement' ? body.body[0]!.expression : undefined) : body;
    target = only && unwrapExpression(only).type === 'CallExpression' ? (unwrapExpression(only) as TSESTree.CallExpression).callee : undefined;
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
function holdHandle(ctx: AnalysisContext, finding: Extract<IntervalFinding, { kind: 'discarded' }>, holder: string): TextEdit {
  if (finding.voidOperator) return { start: finding.voidOperator.range[0], end: operandStart(ctx, finding.voidOperator), text: holder };
  const start = finding.statement!.expression.range[0];
  return { start, end: start, text: holder };
}

/** Where the operand of `void` starts (after the keyword and any space; parentheses are the operand's). */
function operandStart(ctx: AnalysisContext, voidOperator: TSESTree.UnaryExpression): number {
  const afterKeyword = voidOperator.range[0] + 'void'.length;
  return afterKeyword + /^\s*/.exec(ctx.text.slice(afterKeyword, voidOperator.range[1]))![0].length;
}

function clearEdit(ctx: AnalysisContext, style: Style, teardown: Teardown, handles: string[]): TextEdit {
  const clears = handles.map((handle) => `clearInterval(${handle})`);
  switch (teardown.kind) {
    case 'block':
      return linesAtStart(ctx, style, teardown.block, clears.map((c) => `${c}${style.semi}`));
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
      return linesAfter(ctx, style, teardown.statement, [`${teardown.emitter}.on(${q}close${q}, () => ${cleanup})${style.semi}`]);
    }
  }
}

/** New lines at the start of a braced body (`{` … `}`), indented like its first member. */
function linesAtStart(ctx: AnalysisContext, style: Style, braced: TSESTree.BlockStatement | TSESTree.ClassBody, lines: string[]): TextEdit {
  const { text } = ctx;
  const open = braced.range[0];
  const close = braced.range[1] - 1;
  const lineBreak = text.indexOf('\n', open);
  if (lineBreak === -1 || lineBreak > close) {
    // `{ … }` on one line stays on one line; statements in it keep their semicolons.
    const oneLine = lines.map((l) => (l.endsWith(';') || l.endsWith('}') ? l : `${l};`)).join(' ');
    return text.slice(open + 1, close).trim() === '' ? { start: open + 1, end: close, text: ` ${oneLine} ` } : { start: open + 1, end: open + 1, text: ` ${oneLine}` };
  }
  const first = braced.body[0];
  const indent = first && text.lastIndexOf('\n', first.range[0]) > open ? indentAt(text, first.range[0]) : indentAt(text, open) + style.unit;
  return { start: lineBreak + 1, end: lineBreak + 1, text: lines.map((l) => `${indent}${l}${style.eol}`).join('') };
}

/**
 * New lines after a statement (at the end of its line, after any comment there), or at the end of
 * a block's body; on one line when the statement shares its line with the closing brace.
 */
function linesAfter(ctx: AnalysisContext, style: Style, node: TSESTree.Statement | TSESTree.BlockStatement, lines: string[]): TextEdit {
  const { text } = ctx;
  const inBlock = node.type === 'BlockStatement';
  const last = inBlock ? node.body[node.body.length - 1] : node;
  const from = last ? last.range[1] : node.range[0] + 1;
  const limit = inBlock ? node.range[1] - 1 : (node.parent?.range[1] ?? text.length);
  const lineBreak = text.indexOf('\n', from);
  const indent = last ? indentAt(text, last.range[0]) : indentAt(text, node.range[0]) + style.unit;
  if (lineBreak === -1 || lineBreak > limit) {
    const oneLine = lines.map((l) => (l.endsWith(';') ? l : `${l};`)).join(' ');
    return { start: from, end: from, text: ` ${oneLine}` };
  }
  const at = text[lineBreak - 1] === '\r' ? lineBreak - 1 : lineBreak;
  return { start: at, end: at, text: lines.map((l) => `${style.eol}${indent}${l}`).join('') };
}

// ---------------------------------------------------------------------------------------------
// Floating tasks

function planFloatingTasks(
  ctx: AnalysisContext,
  style: Style,
  findings: FloatingTaskFinding[],
  options: TrackTasksOptions,
): { edits: TextEdit[]; rewritten: RewrittenSite[]; left: LeftSite[] } {
  const edits: TextEdit[] = [];
  const rewritten: RewrittenSite[] = [];
  const left: LeftSite[] = [];
  const wrappable = findings.filter((f): f is Exclude<FloatingTaskFinding, { kind: 'asyncForEach' }> => f.kind !== 'asyncForEach' && !(f.kind === 'discarded' && f.unreturnedInto));
  for (const finding of findings) {
    if (finding.kind === 'discarded' && finding.unreturnedInto) {
      // Tracking it would leave the combinator waiting for nothing; returning it changes when the caller goes on.
      left.push({
        ...locationOf(finding.node),
        what: finding.task,
        reason: `the map callback does not return this task although the map's result goes to ${finding.unreturnedInto}: return it from the callback (the rule's suggestion does); the caller then waits for it and sees its failure, a change the codemod leaves to you`,
      });
    } else if (finding.kind === 'asyncForEach') {
      left.push({
        ...locationOf(finding.node),
        what: 'async forEach callback',
        reason:
          'forEach drops the promise each async callback returns, and the codemod does not restructure loops: use for...of with await, await Promise.all(items.map(…)), or call track(…) on the task inside the callback',
      });
    }
  }
  if (wrappable.length === 0) return { edits, rewritten, left };

  const registry = taskRegistry(ctx, style, options);
  if (!registry.ok) {
    for (const finding of wrappable) left.push({ ...locationOf(finding.node), what: finding.task, reason: registry.reason });
    return { edits, rewritten, left };
  }
  edits.push(...registry.edits);
  const track = registry.local;
  for (const finding of wrappable) {
    const { node } = finding;
    const array = finding.kind === 'discarded' && finding.array;
    const open = array ? `${track}(Promise.all(` : `${track}(`;
    const close = array ? '))' : ')';
    if (finding.kind === 'discarded' && finding.voidOperator) {
      // `void task()` becomes `track(task())`; the operand's own text (parentheses, comments) stays.
      const operator = finding.voidOperator;
      edits.push({ start: operator.range[0], end: operandStart(ctx, operator), text: open }, { start: operator.range[1], end: operator.range[1], text: close });
    } else {
      edits.push({ start: node.range[0], end: node.range[0], text: open }, { start: node.range[1], end: node.range[1], text: close });
    }
    rewritten.push({ ...locationOf(node), what: finding.task });
  }
  return { edits, rewritten, left };
}

type Registry = { readonly ok: true; readonly local: string; readonly edits: TextEdit[] } | { readonly ok: false; readonly reason: string };

/** track() from --tracker-import, the helper an earlier run added, or a new helper after the imports. */
function taskRegistry(ctx: AnalysisContext, style: Style, options: TrackTasksOptions): Registry {
  if (options.trackerImport) {
    const imported = ensureNamedImport(ctx, options.trackerImport, TRACKER_NAME);
    return imported.ok ? imported : { ok: false, reason: `${imported.reason}; import the registry's track under another name by hand, or rename what is there` };
  }
  const moduleScope = moduleScopeOf(ctx.scopeManager);
  const existing = moduleScope.set.get(TRACKER_NAME);
  if (existing?.defs[0]?.type === 'FunctionName' && moduleScope.set.has(PENDING_TASKS)) return { ok: true, local: TRACKER_NAME, edits: [] };
  for (const name of [TRACKER_NAME, PENDING_TASKS]) {
    if (usedAnywhere(ctx, name)) {
      return { ok: false, reason: `the name ${name} is already used in this file, so the task helper cannot be added: pass --tracker-import <module> to use a shared registry's track` };
    }
  }
  const helper = trackerHelper(style);
  const imports = ctx.ast.body.filter((s) => s.type === 'ImportDeclaration');
  const anchor = isCommonJs(ctx) ? lastRequireStatement(ctx) : imports[imports.length - 1];
  if (anchor) return { ok: true, local: TRACKER_NAME, edits: [{ start: anchor.range[1], end: anchor.range[1], text: `${style.eol}${style.eol}${helper}` }] };
  const offset = topInsertionOffset(ctx);
  return { ok: true, local: TRACKER_NAME, edits: [{ start: offset, end: offset, text: `${helper}${style.eol}${style.eol}` }] };
}

/** The per-file task registry: a Set of pending tasks and track(), typed in TypeScript files. */
function trackerHelper(style: Style): string {
  const { semi, quote: q, unit, typescript: ts } = style;
  const lines = [
    '// Background tasks started in this file, each kept until it settles; a failure is logged instead',
    '// of becoming an unhandled rejection. On shutdown: await Promise.all(pendingTasks).',
    `const ${PENDING_TASKS} = new Set${ts ? '<Promise<void>>' : ''}()${semi}`,
    `function ${TRACKER_NAME}(task${ts ? ': PromiseLike<unknown>' : ''})${ts ? ': void' : ''} {`,
    `${unit}const settled${ts ? ': Promise<void>' : ''} = Promise.resolve(task).then(`,
    `${unit}${unit}() => {`,
    `${unit}${unit}${unit}${PENDING_TASKS}.delete(settled)${semi}`,
    `${unit}${unit}},`,
    `${unit}${unit}(error${ts ? ': unknown' : ''}) => {`,
    `${unit}${unit}${unit}${PENDING_TASKS}.delete(settled)${semi}`,
    `${unit}${unit}${unit}console.error(${q}Background task failed:${q}, error)${semi}`,
    `${unit}${unit}},`,
    `${unit})${semi}`,
    `${unit}${PENDING_TASKS}.add(settled)${semi}`,
    '}',
  ];
  return lines.join(style.eol);
}
