import { analysisContextOf, createRule, listenersFor } from '../src/rule-kit/create-rule.js';
import {
  createListenerLeakDetector,
  isDefiniteListenerLeak,
  mismatchRemedy,
  mismatchText,
  type ListenerFinding,
} from '../src/families/tasks/listener-leak.js';
import { REPORT_OPTION_SCHEMA, type ReportScope } from '../src/rule-kit/report-scope.js';

export type Options = [{ reportUnknownCallers: boolean; report?: ReportScope }];
export type MessageIds =
  | 'listenerLeak'
  | 'onceListenerLeak'
  | 'exitHookLeak'
  | 'eventTargetListenerLeak'
  | 'effectListenerLeak'
  | 'signalIgnored'
  | 'callerSignalListener'
  | 'perInstanceListener'
  | 'freshFunctionRemoval'
  | 'mismatchedRemoval';

export default createRule<Options, MessageIds>({
  name: 'no-listener-leak',
  meta: {
    type: 'problem',
    docs: {
      description:
        'Disallow adding listeners to long-lived targets in code that runs repeatedly without ever removing them',
      recommended: false,
      family: 'tasks',
    },
    messages: {
      listenerLeak:
        '{{method}} adds a {{event}} listener to {{target}} in {{where}}, which runs again and again, and nothing removes it: every run adds another listener, which keeps its closure alive as long as {{targetText}} lives. Keep the function and call {{targetText}}.off({{event}}, fn) when done, or use once(); EventEmitter has no { signal } option, but events.on/once and events.addAbortListener take one.',
      onceListenerLeak:
        '{{method}} adds a {{event}} listener to {{target}} in {{where}}, which runs again and again, and nothing removes it: a once() listener stays until its event comes, which may be never or only when {{targetText}} ends (an error on a socket that serves request after request, the process exiting, a shared server closing), so every run adds another that keeps its closure alive. Keep the function and call {{targetText}}.off({{event}}, fn) when the work is done.',
      exitHookLeak:
        '{{method}}() adds an exit handler to {{target}} in {{where}}, which runs again and again, and nothing removes it: every run adds another, which keeps its closure alive until the process exits. Keep the function {{method}}() returns and call it when the work is done, or register one handler at start-up.',
      eventTargetListenerLeak:
        '{{method}} adds a {{event}} listener to {{target}} in {{where}}, which runs again and again, and nothing removes it: every run adds another listener, which keeps its closure alive as long as {{targetText}} lives. Keep the function and call {{targetText}}.removeEventListener({{event}}, fn) when done, or pass { once: true } or { signal }.',
      effectListenerLeak:
        'This {{hook}} callback adds a {{event}} listener to {{target}} and no cleanup removes it: every mount and every re-run adds another listener, which keeps the component alive after it unmounts. Return a cleanup that calls {{targetText}}.{{removal}}({{event}}, theSameFunction), or pass { signal } and abort it in the cleanup.',
      signalIgnored:
        '{{method}} has no { signal } option: an EventEmitter ignores it, so this {{event}} listener added to {{target}} in {{where}} is never removed. Use events.on/once(emitter, name, { signal }) or events.addAbortListener, or keep the function and call {{targetText}}.off({{event}}, fn) when done.',
      callerSignalListener:
        "addEventListener adds an 'abort' listener to {{target}} in {{where}}, and nothing removes it when the call ends: a caller often keeps one signal for many calls (a server's, a session's), which aborts once or never, so every call leaves a listener that keeps its closure alive as long as the signal lives ({ once: true } removes it only if the signal aborts). Keep the function and call {{targetText}}.removeEventListener('abort', fn) in a finally, or use events.addAbortListener and dispose what it returns.",
      freshFunctionRemoval:
        '{{method}} adds a {{event}} listener to {{target}} in {{where}}, which runs again and again, and the removal at line {{removalLine}} is handed a new function ({{made}} makes one every time), so it removes nothing: every run leaves another listener, which keeps its closure alive as long as {{targetText}} lives. Create the function once (in the constructor or as a class field) and hand that same function to both calls.',
      mismatchedRemoval:
        '{{method}} adds a {{event}} listener to {{target}} in {{where}}, which runs again and again, and the removal at line {{removalLine}} {{mismatch}}, so it removes nothing: every run leaves another listener, which keeps its closure alive as long as {{targetText}} lives. Hand the removal {{remedy}}.',
      perInstanceListener:
        '{{method}} adds a {{event}} listener to {{target}} in {{where}}, and {{teardown}}() does not remove it: instances that can be ended are made again and again (per connection, per transaction), and each leaves its listener on the process, keeping its closure and the instance alive. Keep the function and call process.off({{event}}, fn) in {{teardown}}(), or register one handler at start-up for every instance.',
    },
    schema: [
      {
        type: 'object',
        additionalProperties: false,
        properties: {
          report: REPORT_OPTION_SCHEMA,
          reportUnknownCallers: {
            type: 'boolean',
            description:
              'Also report listeners added in functions this file cannot tell run once or again and again: exported functions, constructors and methods whose callers are in other files. Off by default: singletons and start-up code have the same shape as the real leaks.',
          },
        },
      },
    ],
    defaultOptions: [{ reportUnknownCallers: false, report: 'all' }],
  },
  defaultOptions: [{ reportUnknownCallers: false, report: 'all' }],
  create(context, [options]) {
    const detector = createListenerLeakDetector(analysisContextOf(context, { typeAware: false }), {
      reportUnknownCallers: options.reportUnknownCallers,
    });
    return listenersFor(detector, (finding) => {
      if (options.report === 'definite' && !isDefiniteListenerLeak(finding)) return;
      context.report({ node: finding.node, messageId: messageIdOf(finding), data: messageData(finding) });
    });
  },
});

function messageIdOf(finding: ListenerFinding): MessageIds {
  if (isDefiniteListenerLeak(finding))
    return finding.brokenRemoval!.why === 'fresh' ? 'freshFunctionRemoval' : 'mismatchedRemoval';
  if (finding.kind === 'signalIgnored') return 'signalIgnored';
  if (finding.kind === 'callerSignal') return 'callerSignalListener';
  if (finding.kind === 'perInstance') return 'perInstanceListener';
  if (finding.kind === 'effect') return 'effectListenerLeak';
  if (finding.kind === 'repeatedOnce') return 'onceListenerLeak';
  if (finding.kind === 'exitHook') return 'exitHookLeak';
  return finding.method === 'addEventListener' ? 'eventTargetListenerLeak' : 'listenerLeak';
}

function messageData(finding: ListenerFinding): Record<string, string> {
  const { method, event, target, targetText, where, hook, teardown, brokenRemoval } = finding;
  const removal = method === 'addEventListener' ? 'removeEventListener' : 'off';
  return {
    method,
    event,
    target,
    targetText,
    where,
    hook: hook ?? '',
    removal,
    teardown: teardown ?? '',
    removalLine: String(brokenRemoval?.line ?? ''),
    made: brokenRemoval?.why === 'fresh' ? brokenRemoval.made : '',
    mismatch: brokenRemoval && brokenRemoval.why !== 'fresh' ? mismatchText(finding, brokenRemoval) : '',
    remedy: brokenRemoval && brokenRemoval.why !== 'fresh' ? mismatchRemedy(finding, brokenRemoval) : '',
  };
}
