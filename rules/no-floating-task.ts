import { analysisContextOf, createRule, listenersFor } from '../src/create-rule.js';
import { createFloatingTaskDetector } from '../src/detectors/floating-task.js';

export type Options = [{ typeAware: boolean }];
export type MessageIds = 'floatingTask' | 'floatingTasks' | 'asyncForEach';

export default createRule<Options, MessageIds>({
  name: 'no-floating-task',
  meta: {
    type: 'problem',
    docs: {
      description: 'Disallow starting a task per item or per request and throwing its promise away',
      recommended: true,
      typeAware: true,
      family: 'tasks',
    },
    messages: {
      floatingTask:
        '{{task}} starts a task {{context}} and throws its promise away: nothing awaits it or can wait for it on shutdown, a failure goes unhandled, and what it references stays alive until it settles. Track it (track(…) from a task registry), await it, or collect the promises and await Promise.all.',
      floatingTasks:
        '{{task}} starts a task for every element and throws the promises away: nothing awaits them or can wait for them on shutdown, and failures go unhandled. Await Promise.all({{task}}), or track it (track(Promise.all(…)) with a task registry).',
      asyncForEach:
        'forEach throws away the promise this callback returns, so every element starts a task that nothing awaits or tracks and whose failure goes unhandled. Use for...of with await, await Promise.all(items.map(…)), or track the task inside the callback.',
    },
    schema: [
      {
        type: 'object',
        additionalProperties: false,
        properties: {
          typeAware: {
            type: 'boolean',
            description:
              'Use type information: any discarded thenable counts as a task, not only calls to async functions declared in the file, new Promise and the catalogue of async APIs. Needs parserOptions.projectService (or project).',
          },
        },
      },
    ],
    defaultOptions: [{ typeAware: false }],
  },
  defaultOptions: [{ typeAware: false }],
  create(context, [options]) {
    const detector = createFloatingTaskDetector(analysisContextOf(context, options), options);
    return listenersFor(detector, (finding) => {
      if (finding.kind === 'asyncForEach') {
        context.report({ node: finding.node, messageId: 'asyncForEach' });
      } else if (finding.kind === 'discarded' && finding.array) {
        context.report({ node: finding.node, messageId: 'floatingTasks', data: { task: finding.task } });
      } else {
        context.report({ node: finding.node, messageId: 'floatingTask', data: { task: finding.task, context: finding.context } });
      }
    });
  },
});
