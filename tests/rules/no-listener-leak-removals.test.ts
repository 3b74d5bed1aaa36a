import type { InvalidTestCase } from '@typescript-eslint/rule-tester';
import rule, { type MessageIds, type Options } from '../../rules/no-listener-leak.js';
import { createListenerLeakDetector, type ListenerLeakOptions } from '../../src/families/tasks/listener-leak.js';
import { checkExemptions } from '../helpers/exemptions.js';
import { ruleTester } from '../helpers/rule-tester.js';

/** The detector's options for the rule's, as the rule passes them. */
const detectorOptions = (options: Options | undefined): ListenerLeakOptions => ({
  reportUnknownCallers: options?.[0]?.reportUnknownCallers ?? false,
});

/** The effect message for a listener on `window` that no cleanup removes. */
const windowEffectLeak = (event: string, line?: number): InvalidTestCase<MessageIds, Options>['errors'][number] => ({
  messageId: 'effectListenerLeak',
  data: { hook: 'useEffect', event, target: '`window`', targetText: 'window', removal: 'removeEventListener' },
  ...(line === undefined ? {} : { line }),
});

/** An effect's removal of a window listener with the other capture flag: it can never remove it. */
const windowCaptureMismatch = (
  event: string,
  removalCapture: boolean,
  removalLine = 5,
): InvalidTestCase<MessageIds, Options>['errors'][number] => ({
  messageId: 'mismatchedRemoval',
  data: {
    method: 'addEventListener',
    event,
    target: '`window`',
    targetText: 'window',
    where: 'a useEffect callback',
    removalLine: String(removalLine),
    mismatch: `is given capture ${removalCapture}, but the listener was added with capture ${!removalCapture}`,
    remedy: `the capture flag the listener was added with (${!removalCapture})`,
  },
});

// A removal matches an add when both act on the same thing: the same target, the same event (a
// literal, or each element of the same list whatever the loop calls it), the same function, and
// for EventTarget the same capture flag.
ruleTester.run('no-listener-leak: which removal matches an add', rule, {
  valid: checkExemptions(
    [
      // The capture flag written as a boolean on both sides.
      {
        code: `function Dropdown() {
  useEffect(() => {
    const onFocusIn = (event) => track(event.target);
    document.addEventListener('focusin', onFocusIn, true);
    return () => document.removeEventListener('focusin', onFocusIn, true);
  }, []);
}
`,
        exemptBy: 'removed-in-file',
      },
      // \`true\` and \`{ capture: true }\` are the same flag.
      {
        code: `function Dropdown() {
  useEffect(() => {
    const onFocusIn = (event) => track(event.target);
    window.addEventListener('focusin', onFocusIn, true);
    return () => window.removeEventListener('focusin', onFocusIn, { capture: true });
  }, []);
}
`,
        exemptBy: 'removed-in-file',
      },
      // No flag, \`false\` and \`{ capture: false }\` all mean the bubbling phase; passive does not
      // take part in removal.
      {
        code: `function Feed() {
  useEffect(() => {
    const onScroll = () => loadMore();
    const onWheel = () => loadMore();
    window.addEventListener('scroll', onScroll, { passive: true });
    window.addEventListener('wheel', onWheel, false);
    return () => {
      window.removeEventListener('scroll', onScroll);
      window.removeEventListener('wheel', onWheel, { capture: false });
    };
  }, []);
}
`,
        exemptBy: 'removed-in-file',
      },
      // One options object passed to both calls.
      {
        code: `const listenOptions = { capture: true, passive: true };

function Canvas() {
  useEffect(() => {
    const onPointer = (event) => draw(event);
    window.addEventListener('pointerdown', onPointer, listenOptions);
    return () => window.removeEventListener('pointerdown', onPointer, listenOptions);
  }, []);
}
`,
        exemptBy: 'removed-in-file',
      },
      // The flag read from a constant object on one side, written out on the other.
      {
        code: `const phases = { capture: true };

function Canvas() {
  useEffect(() => {
    const onPointer = (event) => draw(event);
    window.addEventListener('pointerdown', onPointer, { capture: phases.capture });
    return () => window.removeEventListener('pointerdown', onPointer, true);
  }, []);
}
`,
        exemptBy: 'removed-in-file',
      },
      // A removal whose flag this file cannot read is given the benefit of the doubt.
      {
        code: `export function useKeys(useCapture) {
  useEffect(() => {
    const onKey = (event) => press(event.key);
    window.addEventListener('keydown', onKey, true);
    return () => window.removeEventListener('keydown', onKey, useCapture);
  }, [useCapture]);
}
`,
        exemptBy: 'removed-in-file',
      },

      // Once, and a { signal } (a computed 'signal' key is still the signal), remove the listener
      // by construction whatever else the options say.
      {
        code: `function Banner() {
  useEffect(() => {
    const controller = new AbortController();
    window.addEventListener('resize', () => fit(), { ['signal']: controller.signal, capture: true });
    window.addEventListener('load', () => fit(), { once: true, capture: true });
    return () => controller.abort();
  }, []);
}
`,
        exemptBy: 'removes-itself',
      },
      // The same list walked by forEach, the loop variable named differently.
      {
        code: `const ACTIVITY = ['pointermove', 'keydown', 'wheel'];

function IdleTimer() {
  useEffect(() => {
    const onActivity = () => resetTimer();
    ACTIVITY.forEach((name) => window.addEventListener(name, onActivity));
    return () => {
      ACTIVITY.forEach((type) => window.removeEventListener(type, onActivity));
    };
  }, []);
}
`,
        exemptBy: 'removed-in-file',
      },
      // for...of with const on one side and let on the other.
      {
        code: `const ACTIVITY = ['pointermove', 'keydown', 'wheel'];

function IdleTimer() {
  useEffect(() => {
    const onActivity = () => resetTimer();
    for (const name of ACTIVITY) {
      window.addEventListener(name, onActivity);
    }
    return () => {
      for (let type of ACTIVITY) {
        window.removeEventListener(type, onActivity);
      }
    };
  }, []);
}
`,
        exemptBy: 'removed-in-file',
      },
      // Added in a forEach, removed in a for...of over the same list.
      {
        code: `function IdleTimer({ events }) {
  useEffect(() => {
    const onActivity = () => resetTimer();
    events.forEach((name) => window.addEventListener(name, onActivity));
    return () => {
      for (const type of events) window.removeEventListener(type, onActivity);
    };
  }, [events]);
}
`,
        exemptBy: 'removed-in-file',
      },
      // Pairs of event and handler: each handler is read from the same place in the same element.
      {
        code: `function Shortcuts() {
  useEffect(() => {
    const bindings = [
      ['keydown', (event) => press(event.key)],
      ['keyup', (event) => release(event.key)],
    ];
    for (const [event, handler] of bindings) {
      document.addEventListener(event, handler);
    }
    return () => {
      for (const [type, listener] of bindings) {
        document.removeEventListener(type, listener);
      }
    };
  }, []);
}
`,
        exemptBy: 'removed-in-file',
      },
      // Pairs from a call over the same object: Object.entries(handlers) on both sides.
      {
        code: `function Shortcuts({ handlers }) {
  useEffect(() => {
    for (const [event, handler] of Object.entries(handlers)) {
      document.addEventListener(event, handler);
    }
    return () => {
      Object.entries(handlers).forEach(([type, fn]) => document.removeEventListener(type, fn));
    };
  }, [handlers]);
}
`,
        exemptBy: 'removed-in-file',
      },
      {
        // A registration helper over the caller's list: each handler is the caller's function,
        // even when exported functions are judged.
        code: `export function onShutdown(handlers) {
  handlers.forEach((handler) => process.on('SIGTERM', handler));
}
`,
        options: [{ reportUnknownCallers: true }],
        exemptBy: 'callers-listener',
      },
      // An emitter's off takes no capture flag: a third argument there is not one.
      {
        code: `import { EventEmitter } from 'node:events';

const bus = new EventEmitter();

app.post('/watch', (req, res) => {
  const onUpdate = (value) => res.write(String(value));
  bus.on('update', onUpdate);
  res.on('close', () => bus.off('update', onUpdate, true));
});
`,
        exemptBy: 'removed-in-file',
      },
    ],
    createListenerLeakDetector,
    detectorOptions,
  ),
  invalid: [
    {
      // Added for the capture phase, removed from the bubbling phase: still there.
      code: `function Dropdown() {
  useEffect(() => {
    const onFocusIn = (event) => track(event.target);
    window.addEventListener('focusin', onFocusIn, true);
    return () => window.removeEventListener('focusin', onFocusIn);
  }, []);
}
`,
      errors: [windowCaptureMismatch("'focusin'", false)],
    },
    {
      // \`{ capture: true }\` against \`false\`.
      code: `function Dropdown() {
  useEffect(() => {
    const onFocusIn = (event) => track(event.target);
    window.addEventListener('focusin', onFocusIn, { capture: true, passive: true });
    return () => window.removeEventListener('focusin', onFocusIn, false);
  }, []);
}
`,
      errors: [windowCaptureMismatch("'focusin'", false)],
    },
    {
      // Added for bubbling, removed from the capture phase.
      code: `function Dropdown() {
  useEffect(() => {
    const onFocusIn = (event) => track(event.target);
    window.addEventListener('focusin', onFocusIn);
    return () => window.removeEventListener('focusin', onFocusIn, { capture: true });
  }, []);
}
`,
      errors: [windowCaptureMismatch("'focusin'", true)],
    },
    {
      // The options object sets capture; the removal does not.
      code: `const listenOptions = { capture: true };

function Canvas() {
  useEffect(() => {
    const onPointer = (event) => draw(event);
    window.addEventListener('pointerdown', onPointer, listenOptions);
    return () => window.removeEventListener('pointerdown', onPointer);
  }, []);
}
`,
      errors: [windowCaptureMismatch("'pointerdown'", false, 7)],
    },
    {
      // One function added for both phases, removed from one: the capture listener stays.
      code: `function Canvas() {
  useEffect(() => {
    const onPointer = (event) => draw(event);
    window.addEventListener('pointerdown', onPointer, true);
    window.addEventListener('pointerdown', onPointer);
    return () => window.removeEventListener('pointerdown', onPointer);
  }, []);
}
`,
      errors: [windowEffectLeak("'pointerdown'", 4)],
    },
    {
      // Two lists whose loops happen to use the same name: the cleanup walks the other list.
      code: `const POINTER_EVENTS = ['pointerdown', 'pointerup'];
const KEY_EVENTS = ['keydown', 'keyup'];

function IdleTimer() {
  useEffect(() => {
    const onActivity = () => resetTimer();
    POINTER_EVENTS.forEach((name) => window.addEventListener(name, onActivity));
    return () => KEY_EVENTS.forEach((name) => window.removeEventListener(name, onActivity));
  }, []);
}
`,
      errors: [
        {
          messageId: 'eventTargetListenerLeak',
          line: 7,
          column: 38,
          data: {
            method: 'addEventListener',
            event: 'name',
            target: '`window`',
            targetText: 'window',
            where: 'a callback passed to `forEach`',
          },
        },
      ],
    },
    {
      // The same with for...of.
      code: `const POINTER_EVENTS = ['pointerdown', 'pointerup'];
const KEY_EVENTS = ['keydown', 'keyup'];

function IdleTimer() {
  useEffect(() => {
    const onActivity = () => resetTimer();
    for (const name of POINTER_EVENTS) window.addEventListener(name, onActivity);
    return () => {
      for (const name of KEY_EVENTS) window.removeEventListener(name, onActivity);
    };
  }, []);
}
`,
      errors: [windowEffectLeak('name')],
    },
    {
      // The same list, but the cleanup removes another function.
      code: `const ACTIVITY = ['pointermove', 'keydown'];

function IdleTimer() {
  useEffect(() => {
    const onActivity = () => resetTimer();
    const onOther = () => resetTimer();
    for (const name of ACTIVITY) window.addEventListener(name, onActivity);
    return () => {
      for (const type of ACTIVITY) window.removeEventListener(type, onOther);
    };
  }, []);
}
`,
      errors: [windowEffectLeak('name')],
    },
    {
      // Pairs walked from two lists: the handlers removed are not the ones added.
      code: `function Shortcuts({ editorKeys, viewerKeys }) {
  useEffect(() => {
    for (const [event, handler] of editorKeys) document.addEventListener(event, handler);
    return () => {
      for (const [event, handler] of viewerKeys) document.removeEventListener(event, handler);
    };
  }, [editorKeys, viewerKeys]);
}
`,
      errors: [
        {
          messageId: 'effectListenerLeak',
          line: 3,
          column: 48,
          data: {
            hook: 'useEffect',
            event: 'event',
            target: '`document`',
            targetText: 'document',
            removal: 'removeEventListener',
          },
        },
      ],
    },
    {
      // Pairs from calls over two objects.
      code: `function Shortcuts({ editorKeys, viewerKeys }) {
  useEffect(() => {
    for (const [event, handler] of Object.entries(editorKeys)) {
      document.addEventListener(event, handler);
    }
    return () => {
      for (const [event, handler] of Object.entries(viewerKeys)) {
        document.removeEventListener(event, handler);
      }
    };
  }, [editorKeys, viewerKeys]);
}
`,
      errors: [
        {
          messageId: 'effectListenerLeak',
          line: 4,
          column: 7,
          data: {
            hook: 'useEffect',
            event: 'event',
            target: '`document`',
            targetText: 'document',
            removal: 'removeEventListener',
          },
        },
      ],
    },
    {
      // Handlers taken from each element of the component's own list, in an effect with no
      // cleanup: not the caller's functions, so not a registration helper.
      code: `function Shortcuts({ handlers }) {
  useEffect(() => {
    Object.entries(handlers).forEach(([event, handler]) => document.addEventListener(event, handler));
  }, [handlers]);
}
`,
      errors: [
        {
          messageId: 'eventTargetListenerLeak',
          line: 3,
          column: 60,
          data: {
            method: 'addEventListener',
            event: 'event',
            target: '`document`',
            targetText: 'document',
            where: 'a callback passed to `forEach`',
          },
        },
      ],
    },
    {
      // A loop over itself (a TDZ error at run time) names no list: no match, and no endless recursion.
      code: `const onActivity = () => resetTimer();
app.post('/activity', (req, res) => {
  for (const type of type) process.on(type, onActivity);
  for (const type of type) process.off(type, onActivity);
  res.end();
});
`,
      errors: [
        {
          messageId: 'listenerLeak',
          line: 3,
          column: 28,
          data: {
            method: 'on',
            event: 'type',
            target: '`process`',
            targetText: 'process',
            where: 'the POST route handler',
          },
        },
      ],
    },
    {
      // The loop rewrites its variable before adding: the event is no longer the list's element.
      code: `const ACTIVITY = ['pointermove', 'keydown'];

function IdleTimer() {
  useEffect(() => {
    const onActivity = () => resetTimer();
    for (let name of ACTIVITY) {
      name = 'on' + name;
      window.addEventListener(name, onActivity);
    }
    return () => {
      for (const type of ACTIVITY) window.removeEventListener(type, onActivity);
    };
  }, []);
}
`,
      errors: [windowEffectLeak('name')],
    },
  ],
});
