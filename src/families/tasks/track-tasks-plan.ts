import type { AnalysisContext } from '../../core/context.js';
import { walkProgram } from '../../core/walk.js';
import type { ReportedBy } from '../../codemod-kit/define-codemod.js';
import { styleOf } from '../../codemod-kit/layout.js';
import type { FilePlan, PlanStep } from '../../codemod-kit/site-plans.js';
import { createFloatingTaskDetector, type FloatingTaskFinding } from './floating-task.js';
import { planFloatingTasks, type TaskSite, type TrackTasksOptions } from './floating-task-rewrite.js';
import { planIntervalRewrites } from './interval-rewrite.js';
import { createListenerLeakDetector, listenerRemedy, type ListenerFinding } from './listener-leak.js';
import { createUntrackedIntervalDetector, type IntervalFinding } from './untracked-interval.js';

/*
 * The track-tasks plan of a file, from what the three task rules report: the codemod applies it,
 * and the rules' suggestions (src/rule-kit/site-rewrites.ts) cut it site by site.
 */

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
export function planTaskFile(
  ctx: AnalysisContext,
  options: TrackTasksOptions,
  findings: TaskFindings,
): FilePlan<TaskSite> {
  const style = styleOf(ctx);
  const steps: PlanStep<TaskSite>[] = [];
  const left: { finding: TaskSite; reason: string }[] = [];

  const sites = new Map<IntervalFinding, TaskSite>(
    findings.intervals.map((finding) => [
      finding,
      {
        node: finding.node,
        what:
          finding.kind === 'keepsProcessAlive'
            ? 'setInterval in module scope'
            : `${finding.kind === 'raceTimeout' ? 'setTimeout raced' : 'setInterval'} in ${finding.where}`,
      },
    ]),
  );
  const { plans, clears } = planIntervalRewrites(ctx, style, findings.intervals);
  for (const finding of findings.intervals) {
    const plan = plans.get(finding)!;
    if (plan.ok) steps.push({ kind: 'site', finding: sites.get(finding)!, edits: plan.edits });
    else left.push({ finding: sites.get(finding)!, reason: plan.reason });
  }
  for (const clear of clears)
    steps.push({ kind: 'together', sites: clear.findings.map((finding) => sites.get(finding)!), edits: [clear.edit] });

  for (const finding of findings.listeners) {
    left.push({
      finding: { node: finding.node, what: `${finding.event} listener on ${finding.targetText} in ${finding.where}` },
      reason: `no automatic rewrite of a listener is safe: ${listenerRemedy(finding)}`,
    });
  }

  const tasks = planFloatingTasks(ctx, style, findings.floating, options);
  return { steps: [...steps, ...tasks.steps], left: [...left, ...tasks.left] };
}
