import type { TSESTree } from '@typescript-eslint/utils';
import type { AnalysisContext } from '../../core/context.js';
import {
  calleeName,
  declaredVariableOf,
  enclosingFunction,
  forEachDescendant,
  functionName,
  type FunctionNode,
  hasOwnNode,
  isExported,
  isFunctionNode,
  isNullOrUndefined,
  within,
} from '../../core/ast.js';
import { staticPropertyName, unwrapExpression } from '../../core/imports.js';
import {
  CLOCK_CALLS,
  EXPIRY_WORD,
  FAILURE_ARGUMENT,
  FAILURE_EVENTS,
  FAILURE_HANDLER_NAME,
  TEST_HOOK_COMMENT,
  TEST_HOOK_NAME,
} from '../../knowledge/caches.js';
import { frequencyModelOf } from '../../frequency/frequency-of.js';
import { sourceText } from './key-expressions.js';
import { shrinks } from './growth.js';
import { builtinName, type CollectionUse } from './uses.js';
import type { CollectionKind } from './findings.js';

/*
 * Whether the removals of a long-lived collection keep pace with its writes. A removal on a path
 * that runs as the program works (the same key deleted when its work completes, a sweep, a clear
 * on a timer or per request, a reset a caller uses) bounds it. A removal only tests reach, only a
 * failure reaches, only a read of an expired entry reaches, or in a function nothing calls, leaves
 * every other entry where it is: real leaks had exactly these.
 */

/** A removal that does not keep pace, and why in words for the report. */
export interface StalledRemoval {
  readonly use: CollectionUse;
  /** "its only removal is in the catch clause at line 12". */
  readonly why: string;
}

export interface RemovalPace {
  /** It has any removal at all (a delete, clear, splice or reset), keeping pace or not. */
  readonly removes: boolean;
  /** Some removal runs on a path that keeps pace with the writes. */
  readonly keepsPace: boolean;
  /** When there are removals and none keeps pace: the first, with the reason. */
  readonly stalled: StalledRemoval | undefined;
}

/** Judges every removal among `uses` (its own and foreign uses) against the writes that grow it. */
export function removalPace(
  ctx: AnalysisContext,
  kind: CollectionKind,
  uses: readonly CollectionUse[],
  growing: readonly CollectionUse[],
): RemovalPace {
  let stalled: StalledRemoval | undefined;
  const removals = uses.filter((use) => shrinks(kind, use));
  // Entries dropped once expired are meant to go, not to last the process: a reset kept for tests
  // beside such a removal bounds nothing, however often the writes run.
  const expiring = removals.some((use) => expiredReadOf(ctx, use, uses) !== undefined);
  for (const use of removals) {
    const why = whyRemovalStalls(ctx, use, uses, growing, expiring);
    if (why === undefined) {
      const timeout = failingTimeoutLeaving(ctx, growing, removals);
      if (!timeout) return { removes: true, keepsPace: true, stalled: undefined };
      return {
        removes: true,
        keepsPace: false,
        stalled: {
          use,
          why: `its only ${removalLabel(use)} runs when the work succeeds, while the timeout at line ${timeout.loc.start.line} fails the work and leaves its entry`,
        },
      };
    }
    if (!stalled || use.node.range[0] < stalled.use.node.range[0]) stalled = { use, why };
  }
  return { removes: removals.length > 0, keepsPace: false, stalled };
}

/**
 * A pending entry whose timeout fails the work but leaves it: the function that adds the entry
 * starts a `setTimeout` whose callback makes an Error or rejects, and no removal runs there, in a
 * function of this file it calls, in a `finally`, or on a failure path. Every removal waits for
 * the work to succeed, so each timed-out entry stays.
 */
function failingTimeoutLeaving(
  ctx: AnalysisContext,
  growing: readonly CollectionUse[],
  removals: readonly CollectionUse[],
): TSESTree.CallExpression | undefined {
  if (removals.some((use) => inFinally(use.node) || failurePathOf(use.node) !== undefined)) return undefined;
  for (const write of growing) {
    const fn = enclosingFunction(write.node);
    if (!fn || removals.some((use) => within(fn, use.node))) continue;
    let found: TSESTree.CallExpression | undefined;
    forEachDescendant(fn.body, (node) => {
      if (found) return false;
      if (node.type !== 'CallExpression' || builtinName(ctx, node.callee) !== 'setTimeout') return;
      const callback = node.arguments[0];
      if (
        callback &&
        isFunctionNode(callback) &&
        !inExclusiveBranches(write.node, node) &&
        failsWithoutRemoving(callback, removals)
      )
        found = node;
      return;
    });
    if (found) return found;
  }
  return undefined;
}

/**
 * `a` and `b` lie in the two branches of one `if` or `? :`, which never both run: a timeout started
 * where the entry was already there (a waiter queued behind a held lock) cannot fail the work of
 * the branch that adds it (set 28: a process lock table whose holder deletes its entry on unlock).
 */
function inExclusiveBranches(a: TSESTree.Node, b: TSESTree.Node): boolean {
  for (let node: TSESTree.Node | undefined = a.parent; node; node = node.parent) {
    if (!within(node, b)) continue;
    if (node.type !== 'IfStatement' && node.type !== 'ConditionalExpression') return false;
    const { consequent, alternate } = node;
    if (!alternate) return false;
    return (within(consequent, a) && within(alternate, b)) || (within(alternate, a) && within(consequent, b));
  }
  return false;
}

/**
 * A timeout callback that makes an Error or calls `reject`, and removes nothing: neither itself nor
 * through a call, by name, to a function or method around a removal (`this.fail(id)`, `cleanup()`).
 */
function failsWithoutRemoving(callback: FunctionNode, removals: readonly CollectionUse[]): boolean {
  if (removals.some((use) => within(callback, use.node))) return false;
  const removers = new Set<string>();
  for (const use of removals) {
    for (let fn = enclosingFunction(use.node); fn; fn = enclosingFunction(fn)) {
      const name = functionName(fn);
      if (name !== undefined) removers.add(name);
    }
  }
  let fails = false;
  let removes = false;
  forEachDescendant(callback, (node) => {
    if (node.type === 'NewExpression' && node.callee.type === 'Identifier' && /Error$/.test(node.callee.name))
      fails = true;
    if (node.type !== 'CallExpression') return;
    const name = calleeName(node.callee);
    if (name === 'reject') fails = true;
    if (name !== undefined && removers.has(name)) removes = true;
  });
  return fails && !removes;
}

/** Inside a `finally` block or a `.finally()` callback: it runs however the work ends. */
function inFinally(node: TSESTree.Node): boolean {
  for (let child: TSESTree.Node = node; child.parent; child = child.parent) {
    const parent: TSESTree.Node = child.parent;
    if (parent.type === 'TryStatement' && parent.finalizer === child) return true;
    if (
      isFunctionNode(child) &&
      parent.type === 'CallExpression' &&
      parent.callee.type === 'MemberExpression' &&
      staticPropertyName(parent.callee) === 'finally'
    )
      return true;
  }
  return false;
}

function whyRemovalStalls(
  ctx: AnalysisContext,
  removal: CollectionUse,
  uses: readonly CollectionUse[],
  growing: readonly CollectionUse[],
  expiring: boolean,
): string | undefined {
  const what = removalLabel(removal);
  // A reset kept for tests marks state the author meant to last the process: reported only when
  // a write is shown to run again and again (per request, message, timer…), not on a data-like key
  // alone (FPs on real code: once-per-workspace telemetry markers cleared only by tests), unless
  // another removal drops expired entries (a recall case: command output cached with a TTL).
  const testHook = testHookAround(ctx, removal.node);
  const frequency = frequencyModelOf(ctx);
  if (testHook && (expiring || growing.some((write) => frequency.repeats(write.node))))
    return `its only ${what} is in \`${testHook}()\`, a hook for tests that production code does not call`;
  const failure = failurePathOf(removal.node);
  // A collection filled on failure and emptied on failure keeps pace with itself; an entry written
  // inside the try whose catch removes it is a result dropped when refreshing it fails, judged by its keys.
  if (
    failure &&
    !growing.every((write) => failurePathOf(write.node) !== undefined) &&
    !growing.some((write) => writtenInTryOf(removal.node, write.node))
  )
    return `its only ${what} is in ${failure}, which runs only when something fails`;
  const uncalled = uncalledFunctionAround(ctx, removal.node);
  if (uncalled) return `its only ${what} is in \`${uncalled}()\`, which nothing calls`;
  const expiredRead = expiredReadOf(ctx, removal, uses);
  if (expiredRead)
    return `its only ${what} drops an expired entry when the same key is read again (line ${expiredRead.loc.start.line}), so an entry never asked for again stays`;
  return undefined;
}

/** `write` is in the `try` block whose `catch` holds `removal`. */
function writtenInTryOf(removal: TSESTree.Node, write: TSESTree.Node): boolean {
  for (let child: TSESTree.Node = removal; child.parent; child = child.parent) {
    const parent: TSESTree.Node = child.parent;
    if (parent.type === 'CatchClause' && parent.parent.type === 'TryStatement')
      return within(parent.parent.block, write);
  }
  return false;
}

/** "delete", "clear()", "reset": how the message names a removal. */
function removalLabel(use: CollectionUse): string {
  if (use.op === 'call') return `${use.method ?? 'removal'}()`;
  if (use.op === 'reassign') return 'reset';
  return 'removal';
}

/** The name of a function around `node` that is a hook for tests, by its name or the comment before it. */
function testHookAround(ctx: AnalysisContext, node: TSESTree.Node): string | undefined {
  for (let fn = enclosingFunction(node); fn; fn = enclosingFunction(fn)) {
    const name = functionName(fn);
    if (name !== undefined && (TEST_HOOK_NAME.test(name) || TEST_HOOK_COMMENT.test(commentBefore(ctx, fn))))
      return name;
  }
  return undefined;
}

/** The comments right above a function's declaration (its statement, method or property), joined. */
function commentBefore(ctx: AnalysisContext, fn: FunctionNode): string {
  let holder: TSESTree.Node = fn;
  while (
    holder.parent &&
    (holder.parent.type === 'VariableDeclarator' ||
      holder.parent.type === 'VariableDeclaration' ||
      holder.parent.type === 'MethodDefinition' ||
      holder.parent.type === 'PropertyDefinition' ||
      holder.parent.type === 'Property' ||
      holder.parent.type === 'ExportNamedDeclaration' ||
      holder.parent.type === 'ExportDefaultDeclaration' ||
      (holder.parent.type === 'AssignmentExpression' && holder.parent.right === holder) ||
      (holder.parent.type === 'ExpressionStatement' && holder.type === 'AssignmentExpression'))
  )
    holder = holder.parent;
  const start = holder.range[0];
  const comments = (ctx.ast.comments ?? []).filter((comment) => comment.range[1] <= start);
  const last = comments[comments.length - 1];
  if (!last || ctx.text.slice(last.range[1], start).trim() !== '') return '';
  return last.value;
}

/**
 * Where `node` runs only when something fails: a catch clause, a `.catch()` callback or the second
 * callback of `.then()`, an 'error' listener, a function named as a failure handler, or the branch
 * `if (err) …` of a callback's failure argument. Undefined when it is not on such a path.
 */
export function failurePathOf(node: TSESTree.Node): string | undefined {
  for (let child: TSESTree.Node = node; child.parent; child = child.parent) {
    const parent: TSESTree.Node = child.parent;
    if (parent.type === 'CatchClause' && parent.body === child)
      return `the catch clause at line ${parent.loc.start.line}`;
    if (parent.type === 'IfStatement' && parent.consequent === child && isFailureTest(parent.test))
      return `the \`if (${failureTestName(parent.test)})\` branch at line ${parent.loc.start.line}`;
    if (isFunctionNode(child)) {
      const callback = failureCallbackOf(child);
      if (callback) return callback;
    }
  }
  return undefined;
}

function failureCallbackOf(fn: FunctionNode): string | undefined {
  const name = functionName(fn);
  if (name !== undefined && FAILURE_HANDLER_NAME.test(name)) return `\`${name}()\``;
  const call = fn.parent;
  if (call?.type !== 'CallExpression') return undefined;
  const callee = unwrapExpression(call.callee);
  if (callee.type !== 'MemberExpression') return undefined;
  const method = staticPropertyName(callee);
  const position = call.arguments.indexOf(fn as TSESTree.CallExpressionArgument);
  const line = call.loc.start.line;
  if (method === 'catch' && position === 0) return `the \`.catch()\` callback at line ${line}`;
  if (method === 'then' && position === 1) return `the failure callback of \`.then()\` at line ${line}`;
  const event = call.arguments[0];
  if (
    position === 1 &&
    ['on', 'once', 'addListener', 'addEventListener', 'prependListener', 'prependOnceListener'].includes(
      method ?? '',
    ) &&
    event?.type === 'Literal' &&
    typeof event.value === 'string' &&
    FAILURE_EVENTS.has(event.value)
  )
    return `the '${event.value}' listener at line ${line}`;
  return undefined;
}

/** `err`, `err != null`, `error !== undefined`: a test that a failure argument is set. */
function isFailureTest(test: TSESTree.Expression): boolean {
  return failureTestName(test) !== undefined;
}

function failureTestName(test: TSESTree.Expression): string | undefined {
  const inner = unwrapExpression(test);
  if (inner.type === 'Identifier') return FAILURE_ARGUMENT.test(inner.name) ? inner.name : undefined;
  if (inner.type === 'BinaryExpression' && (inner.operator === '!=' || inner.operator === '!==')) {
    const left = unwrapExpression(inner.left);
    const empty = isNullOrUndefined(unwrapExpression(inner.right));
    if (empty && left.type === 'Identifier' && FAILURE_ARGUMENT.test(left.name)) return `${left.name} != null`;
  }
  return undefined;
}

/** A module function around `node` (not exported) that nothing in the file calls or passes on. */
function uncalledFunctionAround(ctx: AnalysisContext, node: TSESTree.Node): string | undefined {
  for (let fn = enclosingFunction(node); fn; fn = enclosingFunction(fn)) {
    const variable = declaredVariableOf(ctx, fn);
    if (!variable || isExported(variable)) continue;
    if (variable.references.every((ref) => ref.init || within(fn, ref.identifier))) return variable.name;
  }
  return undefined;
}

/**
 * A per-key removal under a condition on the entry's age, in a function that reads the same key
 * from the collection: `const e = c.get(k); if (Date.now() - e.at > TTL) { c.delete(k) }`. It runs
 * only when that key is asked for again. Returns the read.
 */
function expiredReadOf(
  ctx: AnalysisContext,
  removal: CollectionUse,
  uses: readonly CollectionUse[],
): TSESTree.Node | undefined {
  const key = removedKey(removal);
  const fn = enclosingFunction(removal.node);
  if (!key || !fn) return undefined;
  if (!underAgeCondition(ctx, removal.node, fn) || walksCollection(ctx, removal, key, fn)) return undefined;
  const keyText = sourceText(ctx, key);
  return uses.find((use) => {
    if (use === removal || enclosingFunction(use.node) !== fn) return false;
    const read = readKey(use);
    return read !== undefined && sourceText(ctx, read) === keyText;
  })?.node;
}

/**
 * `for (const id in cache) if (expired(cache[id])) delete cache[id]`: the removed key is the loop's
 * own, over the collection itself (its keys or entries), so every expired entry goes, asked for or
 * not: a sweep (held-out set 37: a message broker's dedupe table swept each minute).
 */
function walksCollection(ctx: AnalysisContext, removal: CollectionUse, key: TSESTree.Node, fn: FunctionNode): boolean {
  if (key.type !== 'Identifier') return false;
  const collection = sourceText(ctx, removal.ref);
  for (let node = removal.node.parent; node && node !== fn; node = node.parent) {
    if (node.type !== 'ForInStatement' && node.type !== 'ForOfStatement') continue;
    if (!loopDeclares(node.left, key.name)) continue;
    const walked = (n: TSESTree.Node): boolean => sourceText(ctx, n) === collection;
    if (walked(node.right) || hasOwnNode(node.right, walked)) return true;
  }
  return false;
}

/** `const id` or `const [id, entry]` on a loop's left. */
function loopDeclares(left: TSESTree.ForInStatement['left'] | TSESTree.ForOfStatement['left'], name: string): boolean {
  if (left.type !== 'VariableDeclaration') return left.type === 'Identifier' && left.name === name;
  const id = left.declarations[0]?.id;
  if (id?.type === 'Identifier') return id.name === name;
  const first = id?.type === 'ArrayPattern' ? id.elements[0] : undefined;
  return first?.type === 'Identifier' && first.name === name;
}

function removedKey(use: CollectionUse): TSESTree.Node | undefined {
  if (use.op === 'call' && use.method === 'delete') return use.node.arguments[0];
  if (use.op === 'delete' && use.member.computed) return use.member.property;
  return undefined;
}

function readKey(use: CollectionUse): TSESTree.Node | undefined {
  if (use.op === 'call' && (use.method === 'get' || use.method === 'has')) return use.node.arguments[0];
  if (use.op === 'read') return use.key;
  return undefined;
}

/** Some condition between `node` and its function compares an age: the clock, or an expiry word. */
function underAgeCondition(ctx: AnalysisContext, node: TSESTree.Node, fn: FunctionNode): boolean {
  for (let child: TSESTree.Node = node; child.parent && child !== fn; child = child.parent) {
    const parent: TSESTree.Node = child.parent;
    const test =
      (parent.type === 'IfStatement' || parent.type === 'ConditionalExpression') && parent.test !== child
        ? parent.test
        : parent.type === 'LogicalExpression' && parent.right === child
          ? parent.left
          : undefined;
    if (test && comparesAge(ctx, test)) return true;
  }
  return false;
}

function comparesAge(ctx: AnalysisContext, test: TSESTree.Node): boolean {
  const readsAge = (node: TSESTree.Node): boolean => {
    if (node.type === 'Identifier') return EXPIRY_WORD.test(node.name);
    if (node.type === 'CallExpression') {
      const name = builtinName(ctx, node.callee);
      return name !== undefined && CLOCK_CALLS.has(name);
    }
    if (node.type === 'NewExpression')
      return node.callee.type === 'Identifier' && node.callee.name === 'Date' && node.arguments.length === 0;
    return false;
  };
  return readsAge(test) || hasOwnNode(test, readsAge);
}
