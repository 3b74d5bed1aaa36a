import { collectSitePlans, defineCodemod, locationOf } from '../src/codemod-kit/define-codemod.js';
import { styleOf } from '../src/codemod-kit/layout.js';
import { walkProgram } from '../src/analysis/walk.js';
import { createFloatingTaskDetector } from '../src/detectors/floating-task.js';
import { planFloatingTasks, type TrackTasksOptions } from '../src/detectors/floating-task-rewrite.js';
import { planIntervalRewrites } from '../src/detectors/interval-rewrite.js';
import { createListenerLeakDetector, listenerRemedy } from '../src/detectors/listener-leak.js';
import { createUntrackedIntervalDetector } from '../src/detectors/untracked-interval.js';

export type { TrackTasksOptions } from '../src/detectors/floating-task-rewrite.js';

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
    const intervals = createUntrackedIntervalDetector(ctx, { reportModuleLevel: false });
    const listeners = createListenerLeakDetector(ctx, {});
    const floating = createFloatingTaskDetector(ctx, { typeAware: false });
    walkProgram(ctx.ast, [intervals.visitors, listeners.visitors, floating.visitors]);

    const style = styleOf(ctx);
    const intervalFindings = intervals.finish().filter((f) => reportedBy('no-untracked-interval', f.node));
    const { plans, clearEdits } = planIntervalRewrites(ctx, style, intervalFindings);
    const { edits, rewritten, left } = collectSitePlans(
      intervalFindings,
      (finding) => `setInterval in ${finding.kind === 'keepsProcessAlive' ? 'module scope' : finding.where}`,
      (finding) => plans.get(finding)!,
      clearEdits,
    );

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
