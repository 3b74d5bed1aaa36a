import type { AnalysisContext } from '../src/core/context.js';
import { walkProgram } from '../src/core/walk.js';
import { defineCodemod, type ReportedBy } from '../src/codemod-kit/define-codemod.js';
import { styleOf } from '../src/codemod-kit/layout.js';
import { toCodemodPlan, type FilePlan, type PlanStep } from '../src/codemod-kit/site-plans.js';
import { createFloatingTaskDetector, type FloatingTaskFinding } from '../src/families/tasks/floating-task.js';
import { planFloatingTasks, type TaskSite, type TrackTasksOptions } from '../src/families/tasks/floating-task-rewrite.js';
import { planIntervalRewrites } from '../src/families/tasks/interval-rewrite.js';
import { createListenerLeakDetector, listenerRemedy, type ListenerFinding } from '../src/families/tasks/listener-leak.js';
import { createUntrackedIntervalDetector, type IntervalFinding } from '../src/families/tasks/untracked-interval.js';

export type { TaskSite, TrackTasksOptions } from '../src/families/tasks/floating-task-rewrite.js';

/**
 * Rewrites what no-untracked-interval and no-floating-task report: an interval is cleared in the
 * teardown that ends its owner's life, a floating task is passed to track(). Listeners
 * (no-listener-leak) are always left with the remedy, as no rewrite of one is safe.
 */
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
    return toCodemodPlan(planTaskFile(ctx, options, taskFindingsToRewrite(ctx, reportedBy)), (site) => site.what);
  },
});

export interface TaskFindings {
  readonly intervals: IntervalFinding[];
  readonly listeners: ListenerFinding[];
  readonly floating: FloatingTaskFinding[];
}

/** What the task rules report with their default options (and the run's config and suppressions allow), from one walk over the file. */
export function taskFindingsToRewrite(ctx: AnalysisContext, reportedBy: ReportedBy): TaskFindings {
  const intervals = createUntrackedIntervalDetector(ctx, { reportModuleLevel: false });
  const listeners = createListenerLeakDetector(ctx, {});
  const floating = createFloatingTaskDetector(ctx, { typeAware: false });
  walkProgram(ctx.ast, [intervals.visitors, listeners.visitors, floating.visitors]);
  return {
    intervals: intervals.finish().filter((f) => reportedBy('no-untracked-interval', f.node)),
    listeners: listeners.finish().filter((f) => reportedBy('no-listener-leak', f.node)),
    floating: floating.finish().filter((f) => reportedBy('no-floating-task', f.node)),
  };
}

/**
 * The track-tasks plan of a file, site by site: each interval's handle, then one clear per owner
 * for all the intervals it stops (those intervals go together), then the task registry every
 * tracked task needs and each task's track(…).
 */
export function planTaskFile(ctx: AnalysisContext, options: TrackTasksOptions, findings: TaskFindings): FilePlan<TaskSite> {
  const style = styleOf(ctx);
  const steps: PlanStep<TaskSite>[] = [];
  const left: { finding: TaskSite; reason: string }[] = [];

  const sites = new Map<IntervalFinding, TaskSite>(
    findings.intervals.map((finding) => [finding, { node: finding.node, what: `setInterval in ${finding.kind === 'keepsProcessAlive' ? 'module scope' : finding.where}` }]),
  );
  const { plans, clears } = planIntervalRewrites(ctx, style, findings.intervals);
  for (const finding of findings.intervals) {
    const plan = plans.get(finding)!;
    if (plan.ok) steps.push({ kind: 'site', finding: sites.get(finding)!, edits: plan.edits });
    else left.push({ finding: sites.get(finding)!, reason: plan.reason });
  }
  for (const clear of clears) steps.push({ kind: 'together', sites: clear.findings.map((finding) => sites.get(finding)!), edits: [clear.edit] });

  for (const finding of findings.listeners) {
    left.push({
      finding: { node: finding.node, what: `${finding.event} listener on ${finding.targetText} in ${finding.where}` },
      reason: `no automatic rewrite of a listener is safe: ${listenerRemedy(finding)}`,
    });
  }

  const tasks = planFloatingTasks(ctx, style, findings.floating, options);
  return { steps: [...steps, ...tasks.steps], left: [...left, ...tasks.left] };
}

export default codemod.transform;
export const parser = 'tsx';
