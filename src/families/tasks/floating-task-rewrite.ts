import type { TSESTree } from '@typescript-eslint/utils';
import type { AnalysisContext } from '../../core/context.js';
import { moduleScopeOf } from '../../core/context.js';
import { isCommonJs } from '../../core/parse.js';
import { enclosingFunction, functionName } from '../../core/ast.js';
import { handlerInfo } from '../../frequency/handlers.js';
import type { FilePlan, PlanStep } from '../../codemod-kit/site-plans.js';
import type { TextEdit } from '../../codemod-kit/edits.js';
import {
  ensureNamedImport,
  importedName,
  insertStatement,
  lastRequireStatement,
  topInsertionOffset,
  usedAnywhere,
} from '../../codemod-kit/imports.js';
import { operandStart, type Style } from '../../codemod-kit/layout.js';
import { staleDirectiveEdits } from '../../codemod-kit/suppressions.js';
import { FLOATING_PROMISE_RULES } from '../../knowledge/other-linters.js';
import type { FloatingTaskFinding } from './floating-task.js';
import { TRACKER_NAME } from './task-recognition.js';
import { TRACKED_TASKS_SOURCE } from './tracked-tasks-module.js';

/*
 * How a task no-floating-task reports gets tracked, as text edits over the original source: the
 * task is passed to track(), the project's task registry, so its failure is handled and shutdown
 * can wait for it. Tasks whose tracking would change what callers wait for are left with a reason.
 * The track-tasks codemod applies these plans.
 */

/** A site track-tasks handles: the node the rule reports, and how summaries name it. */
export interface TaskSite {
  readonly node: TSESTree.Node;
  readonly what: string;
}

export interface TrackTasksOptions {
  /** Module whose named export `track(task)` registers background tasks; without it each file gets its own helper. */
  readonly trackerImport: string | undefined;
  /**
   * Set by `leakproof migrate` (not a flag): the specifier, relative to the file, of the package's
   * shared tracked-tasks module, imported where a file has no tracker of its own yet.
   */
  readonly sharedTracker?: string;
}

/** The set of pending tasks the per-file helper keeps; the helper's own name is TRACKER_NAME. */
const PENDING_TASKS = 'pendingTasks';
export function planFloatingTasks(
  ctx: AnalysisContext,
  style: Style,
  findings: readonly FloatingTaskFinding[],
  options: TrackTasksOptions,
): FilePlan<TaskSite> {
  const steps: PlanStep<TaskSite>[] = [];
  const left: { finding: TaskSite; reason: string }[] = [];
  const awaitable = new Map<FloatingTaskFinding, string>();
  for (const finding of findings) {
    const fn =
      finding.kind === 'discarded' && !finding.voidOperator ? awaitableAsyncFunction(ctx, finding.node) : undefined;
    if (fn) awaitable.set(finding, fn);
  }
  const wrappable = findings.filter(
    (f): f is Exclude<FloatingTaskFinding, { kind: 'asyncForEach' }> =>
      f.kind !== 'asyncForEach' && !(f.kind === 'discarded' && f.unreturnedInto) && !awaitable.has(f),
  );
  for (const finding of findings) {
    const inAsync = awaitable.get(finding);
    if (inAsync !== undefined && finding.kind === 'discarded') {
      // Tracking would turn the failure the caller should see into a log line, and the caller's await would still resolve.
      left.push({
        finding: { node: finding.node, what: finding.task },
        reason: `it is started inside ${inAsync}, whose caller can await it: await the tasks there (\`await Promise.all(…)\` over them, or \`await\` each) so the caller sees their failures and waits for them. Tracking would hide the failure from that caller, a choice the codemod leaves to you`,
      });
    } else if (finding.kind === 'discarded' && finding.unreturnedInto) {
      // Tracking it would leave the combinator waiting for nothing; returning it changes when the caller goes on.
      left.push({
        finding: { node: finding.node, what: finding.task },
        reason: `the map callback does not return this task although the map's result goes to ${finding.unreturnedInto}: return it from the callback (the rule's suggestion does); the caller then waits for it and sees its failure, a change the codemod leaves to you`,
      });
    } else if (finding.kind === 'asyncForEach') {
      left.push({
        finding: { node: finding.node, what: 'async forEach callback' },
        reason:
          'forEach drops the promise each async callback returns, and the codemod does not restructure loops: use for...of with await, await Promise.all(items.map(…)), or call track(…) on the task inside the callback',
      });
    }
  }
  if (wrappable.length === 0) return { steps, left };

  const sites = wrappable.map((finding) => ({ node: finding.node, what: finding.task }));
  const registry = taskRegistry(ctx, style, options);
  if (!registry.ok) {
    for (const site of sites) left.push({ finding: site, reason: registry.reason });
    return { steps, left };
  }
  steps.push({ kind: 'prerequisite', sites, edits: registry.edits });
  const track = registry.local;
  // The track() of the file's helper or of the package's tracked-tasks module returns nothing, so
  // other linters' floating-promise rules stop reporting the site and a comment disabling them there
  // would be stale; a --tracker-import track may return the promise, so its comments stay.
  const directivesDone = new Set<number>();
  wrappable.forEach((finding, index) => {
    const { node } = finding;
    const array = finding.kind === 'discarded' && finding.array;
    const open = array ? `${track}(Promise.all(` : `${track}(`;
    const close = array ? '))' : ')';
    // `void task()` becomes `track(task())`; the operand's own text (parentheses, comments) stays.
    const operator = finding.kind === 'discarded' ? finding.voidOperator : undefined;
    const edits: TextEdit[] = operator
      ? [
          { start: operator.range[0], end: operandStart(ctx, operator), text: open },
          { start: operator.range[1], end: operator.range[1], text: close },
        ]
      : [
          { start: node.range[0], end: node.range[0], text: open },
          { start: node.range[1], end: node.range[1], text: close },
        ];
    const line = node.loc.start.line;
    if (!options.trackerImport && !directivesDone.has(line)) {
      directivesDone.add(line);
      edits.push(...staleDirectiveEdits(ctx, line, FLOATING_PROMISE_RULES));
    }
    steps.push({ kind: 'site', finding: sites[index]!, edits });
  });
  return { steps, left };
}

/**
 * How the async function a task is started in is named (`async start()`), when its caller can await
 * it: its body runs the task directly (not in a callback) and it is called by code, not registered
 * as a callback or handler whose caller drops the promise (a route, a listener, a timer).
 */
function awaitableAsyncFunction(ctx: AnalysisContext, task: TSESTree.Node): string | undefined {
  const fn = enclosingFunction(task);
  if (!fn?.async) return undefined;
  const parent = fn.parent;
  const passedAsArgument =
    (parent?.type === 'CallExpression' || parent?.type === 'NewExpression') &&
    parent.arguments.includes(fn as TSESTree.CallExpressionArgument);
  if (passedAsArgument || handlerInfo(ctx, fn)) return undefined;
  const name = functionName(fn);
  return name === undefined ? 'an async function' : `async ${name}()`;
}

type Registry =
  | { readonly ok: true; readonly local: string; readonly edits: TextEdit[] }
  | { readonly ok: false; readonly reason: string };

/**
 * track() from --tracker-import; else the tracker the file already has (the helper an earlier run
 * added, or an import of a tracked-tasks module); else an import of the package's shared module
 * (migrate) or a new helper after the imports (the stock transform, which cannot create files).
 */
function taskRegistry(ctx: AnalysisContext, style: Style, options: TrackTasksOptions): Registry {
  if (options.trackerImport) return importedTracker(ctx, options.trackerImport);
  const own = existingTracker(ctx);
  if (own) return { ok: true, local: own, edits: [] };
  if (options.sharedTracker) return importedTracker(ctx, options.sharedTracker);
  for (const name of [TRACKER_NAME, PENDING_TASKS]) {
    if (usedAnywhere(ctx, name)) {
      return {
        ok: false,
        reason: `the name ${name} is already used in this file, so the task helper cannot be added: pass --tracker-import <module> to use a shared registry's track`,
      };
    }
  }
  const helper = trackerHelper(style);
  const imports = ctx.ast.body.filter((s) => s.type === 'ImportDeclaration');
  const anchor = isCommonJs(ctx) ? lastRequireStatement(ctx) : imports[imports.length - 1];
  // After the last import and a comment ending its line, with a blank line between.
  if (anchor)
    return { ok: true, local: TRACKER_NAME, edits: [insertStatement(ctx, `${style.eol}${helper}`, style.eol, anchor)] };
  const offset = topInsertionOffset(ctx);
  return {
    ok: true,
    local: TRACKER_NAME,
    edits: [{ start: offset, end: offset, text: `${helper}${style.eol}${style.eol}` }],
  };
}

function importedTracker(ctx: AnalysisContext, source: string): Registry {
  const imported = ensureNamedImport(ctx, source, TRACKER_NAME);
  return imported.ok
    ? imported
    : {
        ok: false,
        reason: `${imported.reason}; import the registry's track under another name by hand, or rename what is there`,
      };
}

/** The local name of a tracker the file has: the per-file helper, or track imported from a tracked-tasks module. */
function existingTracker(ctx: AnalysisContext): string | undefined {
  const moduleScope = moduleScopeOf(ctx.scopeManager);
  const helper = moduleScope.set.get(TRACKER_NAME);
  if (helper?.defs[0]?.type === 'FunctionName' && moduleScope.set.has(PENDING_TASKS)) return TRACKER_NAME;
  return importedName(ctx, (source) => TRACKED_TASKS_SOURCE.test(source), TRACKER_NAME);
}

/** The per-file task registry: a Set of pending tasks and track(), typed in TypeScript files. */
function trackerHelper(style: Style): string {
  const { semi, quote: q, unit, typescript: ts, es5 } = style;
  // An ES5 file gets var and function expressions (Set and Promise are its runtime's, not syntax).
  const declare = es5 ? 'var' : 'const';
  const lines = [
    '// Background tasks started in this file, each kept until it settles; a failure is logged instead',
    '// of becoming an unhandled rejection. On shutdown: await Promise.all(pendingTasks).',
    `${declare} ${PENDING_TASKS} = new Set${ts ? '<Promise<void>>' : ''}()${semi}`,
    `function ${TRACKER_NAME}(task${ts ? ': PromiseLike<unknown>' : ''})${ts ? ': void' : ''} {`,
    `${unit}${declare} settled${ts ? ': Promise<void>' : ''} = Promise.resolve(task).then(`,
    `${unit}${unit}${es5 ? 'function () {' : '() => {'}`,
    `${unit}${unit}${unit}${PENDING_TASKS}.delete(settled)${semi}`,
    `${unit}${unit}},`,
    `${unit}${unit}${es5 ? 'function (error) {' : `(error${ts ? ': unknown' : ''}) => {`}`,
    `${unit}${unit}${unit}${PENDING_TASKS}.delete(settled)${semi}`,
    `${unit}${unit}${unit}console.error(${q}Background task failed:${q}, error)${semi}`,
    // A trailing comma in call arguments is ES2017.
    `${unit}${unit}}${es5 ? '' : ','}`,
    `${unit})${semi}`,
    `${unit}${PENDING_TASKS}.add(settled)${semi}`,
    '}',
  ];
  return lines.join(style.eol);
}
