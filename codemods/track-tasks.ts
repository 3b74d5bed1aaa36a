import { defineCodemod } from '../src/codemod-kit/define-codemod.js';
import { toCodemodPlan } from '../src/codemod-kit/site-plans.js';
import type { TrackTasksOptions } from '../src/families/tasks/floating-task-rewrite.js';
import { planTaskFile, taskFindingsToRewrite } from '../src/families/tasks/track-tasks-plan.js';

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
        "Module that exports track(task), the project's shared task registry (e.g. './lib/tasks'). Without it, `leakproof migrate` creates one tracked-tasks module per package and imports track from it; the jscodeshift transform, which cannot create files, adds a small helper to each file that needs one.",
    },
  ],
  // Every name a finding needs: the timers, the listener methods, the task sources of no-floating-task.
  mightApply: (source) =>
    /setInterval|Listener|\.on\s*\(|\[\s*['"]on['"]|async|Promise|\.then\s*\(|fetch|promises|events|axios|undici|@aws-sdk|ioredis|['"]pg['"]/.test(
      source,
    ),
  plan(ctx, options, reportedBy) {
    return toCodemodPlan(planTaskFile(ctx, options, taskFindingsToRewrite(ctx, reportedBy)), (site) => site.what);
  },
});

export default codemod.transform;
export const parser = 'tsx';
