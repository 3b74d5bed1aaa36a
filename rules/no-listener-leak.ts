import { analysisContextOf, createRule, listenersFor } from '../src/create-rule.js';
import { createListenerLeakDetector, type ListenerFinding } from '../src/detectors/listener-leak.js';

export type Options = [];
export type MessageIds = 'listenerLeak' | 'eventTargetListenerLeak' | 'effectListenerLeak' | 'signalIgnored';

export default createRule<Options, MessageIds>({
  name: 'no-listener-leak',
  meta: {
    type: 'problem',
    docs: {
      description: 'Disallow adding listeners to long-lived targets in code that runs repeatedly without ever removing them',
      recommended: false,
      family: 'tasks',
    },
    messages: {
      listenerLeak:
        '{{method}} adds a {{event}} listener to {{target}} in {{where}}, which runs again and again, and nothing removes it: every run adds another listener, which keeps its closure alive as long as {{targetText}} lives. Keep the function and call {{targetText}}.off({{event}}, fn) when done, or use once(); EventEmitter has no { signal } option, but events.on/once and events.addAbortListener take one.',
      eventTargetListenerLeak:
        '{{method}} adds a {{event}} listener to {{target}} in {{where}}, which runs again and again, and nothing removes it: every run adds another listener, which keeps its closure alive as long as {{targetText}} lives. Keep the function and call {{targetText}}.removeEventListener({{event}}, fn) when done, or pass { once: true } or { signal }.',
      effectListenerLeak:
        'This {{hook}} callback adds a {{event}} listener to {{target}} and no cleanup removes it: every mount and every re-run adds another listener, which keeps the component alive after it unmounts. Return a cleanup that calls {{targetText}}.{{removal}}({{event}}, theSameFunction), or pass { signal } and abort it in the cleanup.',
      signalIgnored:
        '{{method}} has no { signal } option: an EventEmitter ignores it, so this {{event}} listener added to {{target}} in {{where}} is never removed. Use events.on/once(emitter, name, { signal }) or events.addAbortListener, or keep the function and call {{targetText}}.off({{event}}, fn) when done.',
    },
    schema: [],
    defaultOptions: [],
  },
  defaultOptions: [],
  create(context) {
    const detector = createListenerLeakDetector(analysisContextOf(context, { typeAware: false }), {});
    return listenersFor(detector, (finding) => {
      context.report({ node: finding.node, messageId: messageIdOf(finding), data: messageData(finding) });
    });
  },
});

function messageIdOf(finding: ListenerFinding): MessageIds {
  if (finding.kind === 'signalIgnored') return 'signalIgnored';
  if (finding.kind === 'effect') return 'effectListenerLeak';
  return finding.method === 'addEventListener' ? 'eventTargetListenerLeak' : 'listenerLeak';
}

function messageData(finding: ListenerFinding): Record<string, string> {
  const { method, event, target, targetText, where, hook } = finding;
  const removal = method === 'addEventListener' ? 'removeEventListener' : 'off';
  return { method, event, target, targetText, where, hook: hook ?? '', removal };
}
