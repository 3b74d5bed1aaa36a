import rule, { type Options } from '../../rules/no-listener-leak.js';
import { createListenerLeakDetector, type ListenerLeakOptions } from '../../src/families/tasks/listener-leak.js';
import { checkExemptions } from '../helpers/exemptions.js';
import { ruleTester } from '../helpers/rule-tester.js';

/** The detector's options for the rule's, as the rule passes them. */
const detectorOptions = (options: Options | undefined): ListenerLeakOptions => ({
  reportUnknownCallers: options?.[0]?.reportUnknownCallers ?? false,
});

/** Report listeners in code whose callers this file cannot see (as the project index would say they repeat). */
const unknownCallers: Options = [{ reportUnknownCallers: true }];

/** The message for an addEventListener nothing removes. */
const leak = (line: number, event: string, target: string, where: string) => ({
  messageId: 'eventTargetListenerLeak' as const,
  line,
  data: { method: 'addEventListener', event, target: `\`${target}\``, targetText: target, where },
});

/** The message for a listener on `window` that an effect adds and no cleanup removes. */
const effectLeak = (line: number, event: string) => ({
  messageId: 'effectListenerLeak' as const,
  line,
  data: { hook: 'useEffect', event, target: '`window`', targetText: 'window', removal: 'removeEventListener' },
});

// How a listener's add pairs with what ends it: a drag's move listener removed by the up handler
// the same press adds (the event named through a const), a React callback that stays the same
// function (adding it again is a no-op), and a handshake handler that removes itself before it
// opens the channel (it runs once per registration, not per message).
ruleTester.run('no-listener-leak: pairing adds with what ends them', rule, {
  valid: checkExemptions(
    [
      // The up handler removes the move listener under a name that picks the event.
      {
        code: `const slider = document.getElementById('slider');

slider.addEventListener('pointerdown', (down) => {
  const onMove = (move) => follow(down, move);
  const onUp = (up) => {
    const moveType = up.type === 'mouseup' ? 'mousemove' : 'touchmove';
    document.removeEventListener(moveType, onMove);
  };
  document.addEventListener('mouseup', onUp, { once: true });
  document.addEventListener('mousemove', onMove);
});
`,
        exemptBy: 'removed-in-file',
      },
      // A function useEventCallback keeps the same across renders, added on each press: the
      // document holds it once.
      {
        code: `export function useSwipe(onSwipe) {
  const onMove = useEventCallback((event) => onSwipe(event.clientX));
  const onPress = useEventCallback(() => {
    document.addEventListener('mousemove', onMove);
  });
  return { onPress };
}
`,
        options: unknownCallers,
        exemptBy: 'stable-hook-callback',
      },
      // useCallback with no dependencies is the same function every render too.
      {
        code: `export function useResizeHandle(onResize) {
  const onDrag = useCallback((event) => onResize(event.clientY), []);
  const onGrab = () => {
    window.addEventListener('pointermove', onDrag);
  };
  return onGrab;
}
`,
        options: unknownCallers,
        exemptBy: 'stable-hook-callback',
      },
      // An embed handshake: the ready handler removes itself before it opens the message channel.
      {
        code: `export function embed(frame) {
  const whenReady = function (event) {
    if (event.source !== frame.contentWindow) return;
    window.removeEventListener('message', whenReady);
    window.addEventListener('message', (message) => {
      if (message.source === frame.contentWindow) relay(message.data);
    });
  };
  window.addEventListener('message', whenReady);
}
`,
        options: unknownCallers,
        exemptBy: 'in-self-ending-listener',
      },
      // The channel is opened by a helper only the self-removing handler calls.
      {
        code: `function openChannel(frame) {
  window.addEventListener('message', (message) => {
    if (message.source === frame.contentWindow) relay(message.data);
  });
}

export function embed(frame) {
  var onReady = function (event) {
    if (event.data !== 'READY') return;
    window.removeEventListener('message', onReady);
    openChannel(frame);
  };
  window.addEventListener('message', onReady);
}
`,
        options: unknownCallers,
        exemptBy: 'in-self-ending-listener',
      },
      // A guard that swaps itself for a no-op on the first error: it adds, then removes itself,
      // with nothing between that could leave the run, so it adds once per registration.
      {
        code: `export function guardStdio(onBrokenPipe) {
  const ignore = () => {};
  const onStdioError = () => {
    process.stdout.on('error', ignore);
    process.stdout.off('error', onStdioError);
    process.stderr.on('error', ignore);
    process.stderr.off('error', onStdioError);
    onBrokenPipe();
  };
  process.stdout.on('error', onStdioError);
  process.stderr.on('error', onStdioError);
  return () => {
    process.stdout.off('error', onStdioError);
    process.stderr.off('error', onStdioError);
  };
}
`,
        options: unknownCallers,
        exemptBy: 'in-self-ending-listener',
      },
      // A handler added with { once: true } runs once per registration.
      {
        code: `export function connectWorker(worker) {
  worker.addEventListener(
    'message',
    () => {
      window.addEventListener('message', (event) => worker.postMessage(event.data));
    },
    { once: true },
  );
}
`,
        options: unknownCallers,
        exemptBy: 'in-self-ending-listener',
      },
      // Added only while the page is still loading: 'load' fires once, and then the branch is not taken.
      {
        code: `export function ChatWidget() {
  useEffect(() => {
    const injectScript = () => document.body.appendChild(widgetScript());
    if (document.readyState === 'complete') {
      injectScript();
    } else {
      window.addEventListener('load', injectScript);
    }
  }, []);
}
`,
        exemptBy: 'until-page-load',
      },
    ],
    createListenerLeakDetector,
    detectorOptions,
  ),
  invalid: [
    {
      // No readyState test: after the page has loaded, each mount adds a listener that never fires.
      code: `export function ChatWidget() {
  useEffect(() => {
    const injectScript = () => document.body.appendChild(widgetScript());
    window.addEventListener('load', injectScript);
  }, []);
}
`,
      errors: [effectLeak(4, "'load'")],
    },
    {
      // The readyState test guards another event: 'resize' keeps firing, and each mount adds one.
      code: `export function ChatWidget() {
  useEffect(() => {
    const onResize = () => layout();
    if (document.readyState === 'complete') {
      window.addEventListener('resize', onResize);
    }
  }, []);
}
`,
      errors: [effectLeak(5, "'resize'")],
    },
    {
      // The up handler removes the touch listener only: the mouse move listener stays, and the
      // removal names the wrong event.
      code: `const slider = document.getElementById('slider');

slider.addEventListener('pointerdown', (down) => {
  const onMove = (move) => follow(down, move);
  const onUp = () => {
    document.removeEventListener('touchmove', onMove);
  };
  document.addEventListener('mouseup', onUp, { once: true });
  document.addEventListener('mousemove', onMove);
});
`,
      errors: [
        {
          messageId: 'mismatchedRemoval',
          line: 9,
          data: {
            method: 'addEventListener',
            event: "'mousemove'",
            target: '`document`',
            targetText: 'document',
            where: 'a callback passed to `addEventListener`',
            removalLine: '6',
            mismatch: "removes it for 'touchmove', but it was added for 'mousemove'",
            remedy: "the event the listener was added for, 'mousemove'",
          },
        },
      ],
    },
    {
      // The picked name covers the move events, but the up handler removes another function.
      code: `const slider = document.getElementById('slider');

slider.addEventListener('pointerdown', (down) => {
  const onMove = (move) => follow(down, move);
  const onUp = (up) => {
    const moveType = up.type === 'mouseup' ? 'mousemove' : 'touchmove';
    document.removeEventListener(moveType, (move) => follow(down, move));
  };
  document.addEventListener('mouseup', onUp, { once: true });
  document.addEventListener('mousemove', onMove);
});
`,
      errors: [leak(10, "'mousemove'", 'document', 'a callback passed to `addEventListener`')],
    },
    {
      // A fresh arrow on every press: each one is a new entry on window.
      code: `export function useSwipe(onSwipe) {
  const onPress = useEventCallback(() => {
    window.addEventListener('mousemove', (event) => onSwipe(event.clientX));
  });
  return { onPress };
}
`,
      options: unknownCallers,
      errors: [leak(3, "'mousemove'", 'window', 'a callback passed to `useEventCallback`')],
    },
    {
      // useCallback with dependencies makes a new function whenever they change.
      code: `export function useResizeHandle(onResize, axis) {
  const onDrag = useCallback((event) => onResize(event[axis]), [axis]);
  const onGrab = () => {
    window.addEventListener('pointermove', onDrag);
  };
  return onGrab;
}
`,
      options: unknownCallers,
      errors: [leak(4, "'pointermove'", 'window', 'function `onGrab`')],
    },
    {
      // The handler removes itself only on one path: every other message opens another channel.
      code: `export function embed(frame) {
  const whenReady = function (event) {
    if (event.data === 'DONE') {
      window.removeEventListener('message', whenReady);
    }
    window.addEventListener('message', (message) => relay(message.data));
  };
  window.addEventListener('message', whenReady);
}
`,
      options: unknownCallers,
      errors: [leak(6, "'message'", 'window', 'function `whenReady`')],
    },
    {
      // The removal comes after a return that may skip it: the handler may stay, and add again.
      code: `export function embed(frame) {
  const whenReady = function (event) {
    window.addEventListener('message', (message) => relay(message.data));
    if (event.data !== 'READY') return;
    window.removeEventListener('message', whenReady);
  };
  window.addEventListener('message', whenReady);
}
`,
      options: unknownCallers,
      errors: [leak(3, "'message'", 'window', 'function `whenReady`')],
    },
    {
      // An await before the removal lets the next message run the handler again first.
      code: `export function embed(frame) {
  const whenReady = async function () {
    window.addEventListener('message', (message) => relay(message.data));
    await frame.ready;
    window.removeEventListener('message', whenReady);
  };
  window.addEventListener('message', whenReady);
}
`,
      options: unknownCallers,
      errors: [leak(3, "'message'", 'window', 'function `whenReady`')],
    },
    {
      // It removes a different handler: it stays, and runs per message.
      code: `export function embed(frame, onStart) {
  const whenReady = function () {
    window.removeEventListener('message', onStart);
    window.addEventListener('message', (message) => relay(message.data));
  };
  window.addEventListener('message', whenReady);
}
`,
      options: unknownCallers,
      errors: [
        leak(4, "'message'", 'window', 'function `whenReady`'),
        leak(6, "'message'", 'window', 'function `embed`'),
      ],
    },
    {
      // A self-removing handler registered per connection still opens a channel per connection.
      code: `const wss = new WebSocketServer({ port: 8080 });

wss.on('connection', (socket) => {
  const whenReady = () => {
    process.removeListener('message', whenReady);
    process.on('message', (message) => socket.send(message));
  };
  process.on('message', whenReady);
});
`,
      errors: [{ messageId: 'listenerLeak', line: 6 }],
    },
  ],
});
