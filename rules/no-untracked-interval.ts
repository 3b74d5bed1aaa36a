import { analysisContextOf, createRule, listenersFor } from '../src/rule-kit/create-rule.js';
import { createUntrackedIntervalDetector, holderLabel } from '../src/families/tasks/untracked-interval.js';
import { trackTasksRewrites, rewriteSuggestion } from '../src/rule-kit/site-rewrites.js';

export type Options = [{ reportModuleLevel?: boolean; reportUnknownCallers?: boolean }];
export type MessageIds =
  | 'discardedInterval'
  | 'intervalNeverCleared'
  | 'intervalKeepsProcessAlive'
  | 'raceTimeoutNeverCleared'
  | 'addUnref'
  | 'clearInTeardown';

export default createRule<Options, MessageIds>({
  name: 'no-untracked-interval',
  meta: {
    type: 'problem',
    docs: {
      description: 'Disallow setInterval in functions when nothing keeps its handle to stop it',
      recommended: false,
      family: 'tasks',
    },
    hasSuggestions: true,
    messages: {
      discardedInterval:
        'setInterval in {{where}} throws its handle away, so nothing can ever stop this interval: each call starts another one that runs forever and keeps its callback and everything it references alive. Keep the handle and clearInterval it in a teardown (a stop/close/dispose method, a returned cleanup); unref() does not stop it.',
      intervalNeverCleared:
        'setInterval in {{where}} keeps its handle in {{holder}}, but nothing clears, returns or passes it on, so this interval is never stopped and keeps its callback and everything it references alive. clearInterval it in a teardown (a stop/close/dispose method, a returned cleanup); unref() does not stop it.',
      intervalKeepsProcessAlive:
        'This module-level setInterval is never cleared nor unref()ed, so it keeps the process from exiting. Call .unref() on its handle, or clear it on shutdown.',
      raceTimeoutNeverCleared:
        'setTimeout in {{where}} is raced against a promise with a delay of {{delay}}, and nothing clears it when the promise wins: every call leaves a timer running for the whole delay, which keeps its callback and everything it references alive and holds the process open. Keep the handle and clearTimeout it once the race settles (in a finally).',
      addUnref: 'Call .unref() on the interval so it no longer keeps the process alive.',
      clearInTeardown:
        "Keep the interval's handle and clearInterval it where its owner stops (a stop/close/dispose/destroy method, a returned or effect cleanup, the request's 'close' event), as the track-tasks codemod does{{together}}.",
    },
    schema: [
      {
        type: 'object',
        additionalProperties: false,
        properties: {
          reportModuleLevel: {
            type: 'boolean',
            description:
              'Also report intervals that run once (module level, or a function only called once from there) when nothing clears them and they are not unref()ed: they keep the process alive.',
          },
          reportUnknownCallers: {
            type: 'boolean',
            description:
              'Also report intervals where nothing shows the code runs again and again: exported functions, constructors and methods whose callers are in other files (or nowhere). Off by default: start-up code and singletons have the same shape as the real leaks.',
          },
        },
      },
    ],
    defaultOptions: [{ reportModuleLevel: false, reportUnknownCallers: false }],
  },
  defaultOptions: [{ reportModuleLevel: false, reportUnknownCallers: false }],
  create(context, [options]) {
    const ctx = analysisContextOf(context, { typeAware: false });
    const detector = createUntrackedIntervalDetector(ctx, {
      reportModuleLevel: options.reportModuleLevel ?? false,
      reportUnknownCallers: options.reportUnknownCallers ?? false,
    });
    const rewriteOf = trackTasksRewrites(ctx);
    return listenersFor(detector, (finding) => {
      if (finding.kind === 'keepsProcessAlive') {
        context.report({
          node: finding.node,
          messageId: 'intervalKeepsProcessAlive',
          suggest: [{ messageId: 'addUnref', fix: (fixer) => fixer.insertTextAfter(finding.node, '.unref()') }],
        });
      } else if (finding.kind === 'raceTimeout') {
        context.report({
          node: finding.node,
          messageId: 'raceTimeoutNeverCleared',
          data: { where: finding.where, delay: finding.delay },
        });
      } else if (finding.kind === 'discarded') {
        context.report({
          node: finding.node,
          messageId: 'discardedInterval',
          data: { where: finding.where },
          suggest: rewriteSuggestion(rewriteOf(finding.node), 'clearInTeardown'),
        });
      } else {
        context.report({
          node: finding.node,
          messageId: 'intervalNeverCleared',
          data: { where: finding.where, holder: holderLabel(finding.holder) },
          suggest: rewriteSuggestion(rewriteOf(finding.node), 'clearInTeardown'),
        });
      }
    });
  },
});
