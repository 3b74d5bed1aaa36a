import { analysisContextOf, createRule, listenersFor } from '../src/rule-kit/create-rule.js';
import { createFloatingTaskDetector, isDefiniteFloatingTask } from '../src/families/tasks/floating-task.js';
import { REPORT_OPTION_SCHEMA, type ReportScope } from '../src/rule-kit/report-scope.js';
import { trackTasksRewrites, rewriteSuggestion } from '../src/rule-kit/site-rewrites.js';

export type Options = [{ typeAware: boolean; reportHandled?: boolean; report?: ReportScope }];
export type MessageIds =
  'floatingTask' | 'floatingTasks' | 'asyncForEach' | 'unreturnedTask' | 'returnTask' | 'trackTask';

export default createRule<Options, MessageIds>({
  name: 'no-floating-task',
  meta: {
    type: 'problem',
    docs: {
      description: 'Disallow starting a task per item or per request and throwing its promise away',
      recommended: false,
      typeAware: true,
      family: 'tasks',
    },
    hasSuggestions: true,
    messages: {
      floatingTask:
        '{{task}} starts a task {{context}} and throws its promise away: nothing awaits it or can wait for it on shutdown, {{failure}}, and what it references stays alive until it settles. Track it (track(…) from a task registry), await it, or collect the promises and await Promise.all.',
      floatingTasks:
        '{{task}} starts a task for every element and throws the promises away: nothing awaits them or can wait for them on shutdown, and failures go unhandled. Await Promise.all({{task}}), or track it (track(Promise.all(…)) with a task registry).',
      unreturnedTask:
        '{{task}} starts a task once per element in a map callback that does not return it, so {{collector}} gets undefined for that element and waits for nothing: the caller carries on before the task is done, and its failure goes unhandled. Return it from the callback.',
      returnTask: 'Return {{task}} from the callback, so {{collector}} waits for it.',
      trackTask:
        "Wrap {{task}} in track(…), this file's task registry (a small helper added after the imports when missing), which keeps it until it settles and logs its failure, as the track-tasks codemod does.",
      asyncForEach:
        'forEach throws away the promise this callback returns, so every element starts a task that nothing awaits or tracks and whose failure goes unhandled. Use for...of with await, await Promise.all(items.map(…)), or track the task inside the callback.',
    },
    schema: [
      {
        type: 'object',
        additionalProperties: false,
        properties: {
          report: REPORT_OPTION_SCHEMA,
          typeAware: {
            type: 'boolean',
            description:
              'Use type information: any discarded thenable counts as a task, not only calls to async functions declared in the file, new Promise and the catalogue of async APIs. Needs parserOptions.projectService (or project).',
          },
          reportHandled: {
            type: 'boolean',
            description:
              'Also report a task whose failure is handled (`task.catch(log)`, a call of a function or method here that catches its own failures): it cannot reject unhandled, but nothing waits for it to finish or can drain it on shutdown.',
          },
        },
      },
    ],
    defaultOptions: [{ typeAware: false, reportHandled: false, report: 'all' }],
  },
  defaultOptions: [{ typeAware: false, reportHandled: false, report: 'all' }],
  create(context, [options]) {
    const ctx = analysisContextOf(context, options);
    const detector = createFloatingTaskDetector(ctx, options);
    const rewriteOf = trackTasksRewrites(ctx);
    return listenersFor(detector, (finding) => {
      if (options.report === 'definite' && !isDefiniteFloatingTask(finding)) return;
      if (finding.kind === 'asyncForEach') {
        context.report({ node: finding.node, messageId: 'asyncForEach' });
      } else if (finding.kind === 'discarded' && finding.array) {
        const data = { task: finding.task };
        context.report({
          node: finding.node,
          messageId: 'floatingTasks',
          data,
          suggest: rewriteSuggestion(rewriteOf(finding.node), 'trackTask', data),
        });
      } else if (finding.kind === 'discarded' && finding.unreturnedInto && finding.statement) {
        const data = { task: finding.task, collector: `\`${finding.unreturnedInto}\`` };
        const statement = finding.statement;
        // A suggestion, not a fix: the caller will then wait for the task and see its failure.
        context.report({
          node: finding.node,
          messageId: 'unreturnedTask',
          data,
          suggest: [{ messageId: 'returnTask', data, fix: (fixer) => fixer.insertTextBefore(statement, 'return ') }],
        });
      } else {
        // With `reportHandled`, a task whose failure is handled is reported too: nothing waits for it to finish.
        const settledBy = finding.kind === 'discarded' ? finding.settledBy : undefined;
        const failure = settledBy
          ? `it cannot reject: \`${settledBy.name}\` (${settledBy.file}:${settledBy.line}) ${settledBy.direct ? 'catches its own failures' : 'waits only for calls that cannot reject'}`
          : FAILURE_TEXT[(finding.kind === 'discarded' && finding.failureHandling) || 'unhandled'];
        const data = { task: finding.task, context: finding.context, failure };
        context.report({
          node: finding.node,
          messageId: 'floatingTask',
          data,
          suggest: rewriteSuggestion(rewriteOf(finding.node), 'trackTask', data),
        });
      }
    });
  },
});

/** The message's words for what becomes of the task's failure. */
const FAILURE_TEXT = {
  unhandled: 'a failure goes unhandled',
  caught: 'its catch only reports a failure',
  'catches-own': 'it catches its own failure',
} as const;
