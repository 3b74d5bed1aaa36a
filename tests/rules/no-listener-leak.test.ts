import type { InvalidTestCase } from '@typescript-eslint/rule-tester';
import { Linter } from 'eslint';
import { describe, expect, it } from 'vitest';
import rule, { type MessageIds, type Options } from '../../rules/no-listener-leak.js';
import plugin from '../../src/index.js';
import { createListenerLeakDetector, type ListenerLeakOptions } from '../../src/families/tasks/listener-leak.js';
import { checkExemptions } from '../helpers/exemptions.js';
import { ruleTester } from '../helpers/rule-tester.js';

/** The detector's options for the rule's, as the rule passes them. */
const detectorOptions = (options: Options | undefined): ListenerLeakOptions => ({
  reportUnknownCallers: options?.[0]?.reportUnknownCallers ?? false,
});

/**
 * Listeners whose only evidence of running again and again is the shape of the function they are
 * added in (exported, a constructor, a method): reported with reportUnknownCallers, not by default
 * (a file cannot tell a class built per connection from a singleton, nor a CLI command from a
 * function called per request elsewhere).
 */
const unknownCallerCases: InvalidTestCase<MessageIds, Options>[] = [
  {
    code: `export class Connection {
  constructor() {
    process.on('exit', () => this.close());
  }
}`,
    errors: [
      {
        messageId: 'listenerLeak',
        line: 3,
        column: 5,
        data: {
          method: 'on',
          event: "'exit'",
          target: '`process`',
          targetText: 'process',
          where: 'the constructor of class `Connection`',
        },
      },
    ],
  },
  {
    code: `import { ipcRenderer } from 'electron';
export function request(id) {
  ipcRenderer.on('reply', (event, msg) => resolve(id, msg));
}`,
    errors: [
      {
        messageId: 'listenerLeak',
        line: 3,
        column: 3,
        data: {
          method: 'on',
          event: "'reply'",
          target: "`ipcRenderer` (imported from 'electron')",
          targetText: 'ipcRenderer',
          where: 'function `request`',
        },
      },
    ],
  },
  {
    code: `const bus = new EventEmitter();
export class Widget {
  attach() {
    bus.addListener('update', () => this.render());
  }
}`,
    errors: [
      {
        messageId: 'listenerLeak',
        line: 4,
        column: 5,
        data: {
          method: 'addListener',
          event: "'update'",
          target: '`bus` (a module-level object)',
          targetText: 'bus',
          where: 'method `attach` of class `Widget`',
        },
      },
    ],
  },
  {
    code: `const server = http.createServer(handle);
export function trackConnections(counter) {
  server.on('connection', () => counter.inc()).on('close', () => counter.reset());
}`,
    errors: [
      {
        messageId: 'listenerLeak',
        line: 3,
        column: 3,
        data: {
          method: 'on',
          event: "'close'",
          target: '`server` (a module-level object)',
          targetText: 'server',
          where: 'function `trackConnections`',
        },
      },
      {
        messageId: 'listenerLeak',
        line: 3,
        column: 3,
        data: {
          method: 'on',
          event: "'connection'",
          target: '`server` (a module-level object)',
          targetText: 'server',
          where: 'function `trackConnections`',
        },
      },
    ],
  },
  {
    // A removal with another function does not match.
    code: `export function run(job) {
  process.on('SIGINT', () => job.cancel());
  return job.done.finally(() => process.off('SIGINT', () => job.cancel()));
}`,
    errors: [
      {
        messageId: 'freshFunctionRemoval',
        line: 2,
        column: 3,
        data: {
          method: 'on',
          event: "'SIGINT'",
          target: '`process`',
          targetText: 'process',
          where: 'function `run`',
          removalLine: '3',
          made: 'an arrow function',
        },
      },
    ],
  },
  {
    // Removal of another event does not match either: the removal names the wrong one.
    code: `export function run(job) {
  const onAbort = () => job.cancel();
  process.on('SIGINT', onAbort);
  return job.done.finally(() => process.off('SIGTERM', onAbort));
}`,
    errors: [
      {
        messageId: 'mismatchedRemoval',
        line: 3,
        column: 3,
        data: {
          method: 'on',
          event: "'SIGINT'",
          target: '`process`',
          targetText: 'process',
          where: 'function `run`',
          removalLine: '4',
          mismatch: "removes it for 'SIGTERM', but it was added for 'SIGINT'",
          remedy: "the event the listener was added for, 'SIGINT'",
        },
      },
    ],
  },
  {
    // The same removal on another emitter does not match.
    code: `import { a, b } from './buses';
export function run(counter) {
  const onTick = () => counter.inc();
  a.on('tick', onTick);
  b.off('tick', onTick);
}`,
    errors: [
      {
        messageId: 'listenerLeak',
        line: 4,
        column: 3,
        data: {
          method: 'on',
          event: "'tick'",
          target: "`a` (imported from './buses')",
          targetText: 'a',
          where: 'function `run`',
        },
      },
    ],
  },
  {
    // A stable function added to an EventEmitter still piles up.
    code: `function onExit() { flush(); }
export function track() {
  process.on('exit', onExit);
}`,
    errors: [
      {
        messageId: 'listenerLeak',
        line: 3,
        column: 3,
        data: { method: 'on', event: "'exit'", target: '`process`', targetText: 'process', where: 'function `track`' },
      },
    ],
  },
  {
    code: `export class Tooltip {
  show() {
    document.body.addEventListener('click', () => this.hide());
  }
}`,
    errors: [
      {
        messageId: 'eventTargetListenerLeak',
        line: 3,
        column: 5,
        data: {
          method: 'addEventListener',
          event: "'click'",
          target: '`document.body`',
          targetText: 'document.body',
          where: 'method `show` of class `Tooltip`',
        },
      },
    ],
  },
  {
    // The member the removal passes holds another function.
    code: `export function onPointerDown(event) {
  const drag = { x: event.clientX };
  const onMove = () => follow(drag);
  const onUp = () => window.removeEventListener('pointermove', drag.onUp);
  window.addEventListener('pointermove', onMove);
  drag.onMove = onMove;
  drag.onUp = onUp;
}`,
    errors: [
      {
        messageId: 'eventTargetListenerLeak',
        line: 5,
        column: 3,
        data: {
          method: 'addEventListener',
          event: "'pointermove'",
          target: '`window`',
          targetText: 'window',
          where: 'function `onPointerDown`',
        },
      },
    ],
  },
  {
    // Removed from another target: `window` does not hold a listener added to `document`.
    code: `export class Session {
  onMove = () => this.touch();
  watchIdle() {
    document.addEventListener('pointermove', this.onMove);
  }
  stop() {
    window.removeEventListener('pointermove', this.onMove);
  }
}`,
    errors: [
      {
        messageId: 'mismatchedRemoval',
        line: 4,
        column: 5,
        data: {
          method: 'addEventListener',
          event: "'pointermove'",
          target: '`document`',
          targetText: 'document',
          where: 'method `watchIdle` of class `Session`',
          removalLine: '7',
          mismatch: 'takes it off `window`, not `document` where it was added',
          remedy: 'the target the listener was added to, `document`',
        },
      },
    ],
  },
  {
    // A new closure around the caller's function is added on every call.
    code: `export function watch(onChange) {
  process.on('message', (m) => onChange(m));
}`,
    errors: [
      {
        messageId: 'listenerLeak',
        line: 2,
        column: 3,
        data: {
          method: 'on',
          event: "'message'",
          target: '`process`',
          targetText: 'process',
          where: 'function `watch`',
        },
      },
    ],
  },
  {
    // Two instances, or an exported class: not a singleton.
    code: `class Preferences {
  constructor() {
    window.addEventListener('storage', (e) => this.reload(e));
  }
}
export const user = new Preferences();
export const team = new Preferences();`,
    errors: [
      {
        messageId: 'eventTargetListenerLeak',
        line: 3,
        column: 5,
        data: {
          method: 'addEventListener',
          event: "'storage'",
          target: '`window`',
          targetText: 'window',
          where: 'the constructor of class `Preferences`',
        },
      },
    ],
  },
  {
    code: `export class Preferences {
  constructor() {
    window.addEventListener('storage', (e) => this.reload(e));
  }
}
export default new Preferences();`,
    errors: [
      {
        messageId: 'eventTargetListenerLeak',
        line: 3,
        column: 5,
        data: {
          method: 'addEventListener',
          event: "'storage'",
          target: '`window`',
          targetText: 'window',
          where: 'the constructor of class `Preferences`',
        },
      },
    ],
  },
  {
    code: `export function watch(signal) {
  process.on('message', (m) => handle(m), { signal });
}`,
    errors: [
      {
        messageId: 'signalIgnored',
        line: 2,
        column: 3,
        data: {
          method: 'on',
          event: "'message'",
          target: '`process`',
          targetText: 'process',
          where: 'function `watch`',
        },
      },
    ],
  },
];

ruleTester.run('no-listener-leak', rule, {
  valid: checkExemptions(
    [
      {
        // Bound once in the constructor, so the unmount removes the very function the mount added.
        code: `class Layout extends React.Component {
  constructor(props) {
    super(props);
    this.handleKeyDown = this.handleKeyDown.bind(this);
  }
  componentDidMount() {
    document.addEventListener('keydown', this.handleKeyDown, false);
  }
  componentWillUnmount() {
    document.removeEventListener('keydown', this.handleKeyDown, false);
  }
  handleKeyDown() {}
}`,
      },
      // One listener per element of a list, in code that runs once (module load) or whose repetition
      // the file cannot show (a constructor): a bounded number, not one more per run (held-out false
      // positives in a notification SDK's caches and a framework's router benchmarks).
      {
        // A pass over a list at load runs once per process (the frequency model says load).
        code: `for (const name of names) {
  process.stdout.on('drain', () => flush(name));
}`,
        exemptBy: 'runs-once',
      },
      {
        code: `export function watch(names) {
  for (const name of names) {
    process.stdout.on('drain', () => flush(name));
  }
}`,
        exemptBy: 'not-shown-repeated',
      },
      {
        code: `import findMyWay from 'find-my-way';
import { routes, handler } from './routes';
const router = findMyWay();
for (const route of routes) {
  router.on(route.method, route.path, handler);
}`,
        exemptBy: 'runs-once',
      },
      {
        code: `const UPDATE_EVENTS = ['read', 'archive'];
export class NotificationsCache {
  #emitter;
  constructor({ emitter }) {
    this.#emitter = emitter;
    UPDATE_EVENTS.forEach((event) => {
      this.#emitter.on(event, this.handle);
    });
  }
  handle = () => {};
}`,
        exemptBy: 'not-shown-repeated',
      },
      // A termination signal's handler runs as the process shuts down (held-out false positives in a
      // process manager's example apps).
      {
        code: `import http from 'node:http';
const server = http.createServer();
process.on('SIGINT', () => {
  server.on('close', () => process.exit(0));
  server.close();
});`,
        exemptBy: 'runs-once',
      },
      // The same pass with a named function: `forEach(subscribe)` at module load runs it once per element.
      {
        code: `const TOPICS = ['created', 'deleted'];
function subscribe(topic) {
  process.on(topic, () => flush(topic));
}
TOPICS.forEach(subscribe);`,
        exemptBy: 'not-shown-repeated',
      },
      // Without reportUnknownCallers: nothing in the file shows these run more than once.
      ...unknownCallerCases.map((c) => ({ code: c.code, exemptBy: 'not-shown-repeated' })),
      // Two property steps below a module-level binding need not be the same object over time: socket.io
      // replaces its engine on every reconnection, so one listener per engine does not pile up.
      {
        code: `import { socket } from './socket';
socket.on('connect', () => {
  socket.io.engine.on('upgrade', (transport) => log(transport));
});`,
        exemptBy: 'runs-once',
      },
      // Test files: the process ends with the run (with reportUnknownCallers too).
      {
        code: `for (const t of cases) {
  process.on('exit', () => t.done());
}`,
        filename: 'tests/exit.test.ts',
        exemptBy: 'test-file',
      },
      {
        code: `export function startServer() {
  process.on('SIGTERM', () => server.close());
}
export function restart() {
  process.on('SIGINT', () => server.close());
}`,
        filename: 'test/harness.ts',
        options: [{ reportUnknownCallers: true }],
        exemptBy: 'test-file',
      },
      // A listener on an event that fires once, registered once.
      {
        code: `import { app, ipcMain } from 'electron';
app.on('ready', () => {
  ipcMain.on('open-file', (event, path) => open(path));
});`,
        exemptBy: 'not-shown-repeated',
      },
      // Electron's 'will-finish-launching' fires once per process, before 'ready' (set 33: ferdium's
      // macOS protocol handler).
      {
        code: `import { app } from 'electron';
app.on('will-finish-launching', () => {
  app.on('open-url', (event, url) => handleDeepLink(url));
});`,
        exemptBy: 'not-shown-repeated',
      },
      // A server's 'error' right after listen(…) says it could not start listening: once per
      // server (studied: a chat server's SIGINT relays, inline and as a named function).
      {
        code: `app
  .listen(PORT, () => log('listening'))
  .on('error', () => {
    process.on('SIGINT', () => process.kill(process.pid, 'SIGINT'));
  });`,
        exemptBy: 'not-shown-repeated',
      },
      {
        code: `function catchSigTerms() {
  process.on('SIGINT', () => process.kill(process.pid, 'SIGINT'));
}
app.listen(PORT).on('error', catchSigTerms);`,
        exemptBy: 'not-shown-repeated',
      },
      // An instance's listeners on its own emitters live and die with it, even with reportUnknownCallers.
      {
        code: `export class Job extends EventEmitter {
  constructor() {
    super();
    this.on('done', () => this.cleanup());
    this.queue.on('drain', () => this.emit('done'));
  }
}`,
        options: [{ reportUnknownCallers: true }],
        exemptBy: 'not-shown-repeated',
      },
      // A function of this file called only from start-up code.
      {
        code: `function bindKeys() {
  window.addEventListener('keydown', (e) => handle(e));
}
export function init() {
  bindKeys();
}`,
        exemptBy: 'runs-once',
      },
      // Start-up routines run once per process (from real code: a server's start() and configureListeners()).
      {
        code: `export async function start() {
  process.on('unhandledRejection', (error) => log(error));
}`,
        exemptBy: 'runs-once',
      },
      {
        code: `function onExit() { flush(); }
export function init() {
  process.on('exit', onExit);
}`,
        exemptBy: 'runs-once',
      },
      {
        code: `function configureListeners(server) {
  process.on('SIGTERM', () => server.close());
}
export { configureListeners };`,
        exemptBy: 'runs-once',
      },
      // Module level: added once.
      {
        code: `process.on('SIGTERM', shutdown);`,
        exemptBy: 'runs-once',
      },
      {
        code: `window.addEventListener('resize', onResize);`,
        exemptBy: 'runs-once',
      },
      // Functions that run once: main() called once, listen callback, module IIFE.
      {
        code: `async function main() {
  process.on('SIGINT', () => process.exit(0));
}
main();`,
        exemptBy: 'runs-once',
      },
      {
        code: `server.listen(3000, () => {
  process.on('SIGTERM', () => server.close());
});`,
        exemptBy: 'runs-once',
      },
      // once() and { once: true }.
      {
        code: `export function connect() {
  process.once('exit', () => cleanup());
}`,
      },
      {
        code: `export function wait() {
  window.addEventListener('load', () => start(), { once: true });
}`,
        exemptBy: 'removes-itself',
      },
      {
        code: `const options = { once: true };
export function wait() {
  document.addEventListener('DOMContentLoaded', () => start(), options);
}`,
        exemptBy: 'removes-itself',
      },
      // { signal } on addEventListener.
      {
        code: `export function track(controller) {
  window.addEventListener('scroll', () => save(), { signal: controller.signal });
}`,
        exemptBy: 'removes-itself',
      },
      {
        code: `export function track(signal) {
  document.addEventListener('keydown', (e) => handle(e), { passive: true, signal });
}`,
        exemptBy: 'removes-itself',
      },
      // events.on/once with a signal are static helpers, not listeners on the events module.
      {
        code: `import events from 'node:events';
export async function* lines(emitter, signal) {
  yield* events.on(emitter, 'line', { signal });
}`,
      },
      // Listeners on request-local objects.
      {
        code: `app.get('/stream', (req, res) => {
  req.on('close', () => res.end());
  res.on('finish', () => log(req));
});`,
      },
      {
        code: `export function fetchAll(url) {
  const request = https.get(url);
  request.on('response', (r) => r.pipe(out));
}`,
      },
      // Sockets a constructor creates live and die with the instance.
      {
        code: `import net from 'node:net';
export class Client {
  constructor() {
    this.socket = net.connect(6379);
    this.socket.on('data', (chunk) => this.onData(chunk));
  }
}`,
        exemptBy: 'target-created-here',
      },
      // A socket built in the method whose promise's executor listens to it (set 34: an SSH
      // client's X11 channel socket): the executor runs as the method builds the promise.
      {
        code: `import net from 'node:net';
export class X11Socket {
  connect(spec) {
    this.socket = new net.Socket();
    return new Promise((resolve, reject) => {
      this.socket.on('connect', () => resolve(this.socket));
      this.socket.on('error', reject);
      this.socket.connect(spec);
    });
  }
}
app.get('/x11', (req) => new X11Socket().connect(req.query.spec));`,
        exemptBy: 'target-created-here',
      },
      {
        code: `import net from 'node:net';
let socket;
function draw(frame) {
  socket = new net.Socket();
  return new Promise((resolve) => {
    socket.on('drain', () => resolve(frame));
    socket.write(frame);
  });
}
app.post('/frame', (req) => draw(req.body));`,
        exemptBy: 'target-created-here',
      },
      // A socket made and stored on a global just before: its listeners go with it (puter's desktop).
      {
        code: `import { io } from 'socket.io-client';
app.get('/desktop', (req, res) => {
  window.socket = io('/', { auth: req.query.token });
  window.socket.on('item.added', (item) => render(item));
});`,
        exemptBy: 'target-created-here',
      },
      // A module-level holder created again in the same function.
      {
        code: `let ws;
export function connect(url) {
  ws = new WebSocket(url);
  ws.addEventListener('message', (e) => handle(e));
}`,
        exemptBy: 'target-created-here',
      },
      // A field set to the connection's socket, and listeners added to it on the client's 'init':
      // once per connection, on the connection's own socket (leon's socket server).
      {
        code: `export class SocketServer {
  async init() {
    io.on('connection', (socket) => {
      this.socket = socket;
      this.socket.on('init', (data) => {
        if (data === 'hotword-node') {
          this.socket?.on('hotword-detected', () => this.socket?.broadcast.emit('enable-record'));
        } else {
          this.socket?.on('utterance', async (utterance) => reply(await process(utterance)));
        }
      });
    });
  }
}`,
        exemptBy: 'connection-own-object',
      },
      // The same through a module variable, with the handshake heard on the parameter, and a
      // once() registration on it.
      {
        code: `let current;
wss.on('connection', (ws) => {
  current = ws;
  ws.on('init', () => {
    current.on('message', (data) => handle(data));
  });
  current.once('auth', () => {
    current.on('close', () => log('closed'));
  });
});`,
        exemptBy: 'connection-own-object',
      },
      // Parameters are not known to be long-lived.
      {
        code: `export function attach(emitter) {
  emitter.on('data', (d) => handle(d));
}`,
      },
      // A matching removal with the same event and function binding.
      {
        code: `export function run(job) {
  const onAbort = () => job.cancel();
  process.on('SIGINT', onAbort);
  return job.done.finally(() => process.off('SIGINT', onAbort));
}`,
        exemptBy: 'not-shown-repeated',
      },
      {
        code: `export class View {
  mount() { window.addEventListener('resize', this.onResize); }
  unmount() { window.removeEventListener('resize', this.onResize); }
}`,
        exemptBy: 'not-shown-repeated',
      },
      // Removed on completion, from inside the listener itself.
      {
        code: `export function whenReady(cb) {
  function onReady() {
    bus.removeListener('ready', onReady);
    cb();
  }
  bus.on('ready', onReady);
}
import bus from './bus';`,
        exemptBy: 'not-shown-repeated',
      },
      // removeAllListeners for the event, or for everything.
      {
        code: `const emitter = new EventEmitter();
export function listen(fn) {
  emitter.on('tick', (t) => fn(t));
}
export function reset() {
  emitter.removeAllListeners('tick');
}`,
        exemptBy: 'runs-once',
      },
      {
        code: `const emitter = new EventEmitter();
export function listen(fn) {
  emitter.on('tick', (t) => fn(t));
}
export function reset() {
  emitter.removeAllListeners();
}`,
        exemptBy: 'runs-once',
      },
      // React: the effect's cleanup removes it.
      {
        code: `function Menu() {
  useEffect(() => {
    const onKey = (e) => close(e);
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, []);
}`,
        exemptBy: 'removed-in-file',
      },
      {
        code: `function Menu() {
  useEffect(() => {
    const controller = new AbortController();
    window.addEventListener('resize', () => measure(), { signal: controller.signal });
    return () => controller.abort();
  }, []);
}`,
        exemptBy: 'removes-itself',
      },
      {
        code: `import { ipcRenderer } from 'electron';
export function request(id, resolve) {
  const onReply = (event, msg) => {
    ipcRenderer.removeListener('reply', onReply);
    resolve(id, msg);
  };
  ipcRenderer.on('reply', onReply);
}`,
        exemptBy: 'not-shown-repeated',
      },
      // APIs whose on() returns the unsubscribe function.
      {
        code: `import { emitter } from './events';
export function subscribe(fn) {
  const unbind = emitter.on('tick', fn);
  return unbind;
}`,
        exemptBy: 'unsubscribe-kept',
      },
      {
        code: `import { store } from './store';
function Counter() {
  useEffect(() => store.on('change', render), []);
}`,
        exemptBy: 'unsubscribe-kept',
      },
      // Handed on: a DOM builder takes the listener as a child of the element it builds (grainjs).
      {
        code: `import { dom } from 'grainjs';
export class Editor {
  openModal(ctl) {
    return cssButton('Close', dom.on('click', () => ctl.close()));
  }
}`,
        exemptBy: 'unsubscribe-kept',
      },
      {
        code: `import { dom } from 'grainjs';
export function buildDialog(ctl) {
  return [cssTitle('Logo'), dom.on('drop', (ev) => upload(ev, ctl))];
}`,
        exemptBy: 'unsubscribe-kept',
      },
      {
        code: `import { dom } from 'grainjs';
export function buildTabs(select) {
  const onClickSelect = (tab) => dom.on('click', () => select(tab));
  return tabs.map((tab) => cssTab(tab.label, onClickSelect(tab)));
}`,
        exemptBy: 'unsubscribe-kept',
      },
      {
        code: `import { bus } from './bus';
export class Widget {
  attach() {
    this.disposables.push(bus.on('change', () => this.render()));
  }
}`,
        exemptBy: 'unsubscribe-kept',
      },
      // A flag where the listener would go: a helper of another shape, not an emitter's on().
      {
        code: `import { centerFocus } from './scrollHelper';
app.get('/dialog', (req, res) => {
  const dlg = createDialog(req.query);
  centerFocus.on(dlg, false);
  res.end();
});`,
      },
      // EventTarget ignores the same function added twice.
      {
        code: `function onResize() { layout(); }
export function init() {
  window.addEventListener('resize', onResize);
}`,
        exemptBy: 'runs-once',
      },
      // The same function object each time also when declared by code that runs once, a
      // module-level IIFE (set 33: sitespeed.io's navbar script).
      {
        code: `(function () {
  var slider = document.querySelector('#navbar-resize');
  function resizeNavbar(event) { slider.style.width = event.pageX + 'px'; }
  function setupEventListeners() {
    window.addEventListener('touchmove', resizeNavbar);
  }
  slider.addEventListener('mousedown', setupEventListeners);
})();`,
        exemptBy: 'same-function-each-time',
      },
      // Options this file cannot see get the benefit of the doubt.
      {
        code: `export function watch(options) {
  window.addEventListener('scroll', () => save(), options);
}`,
        exemptBy: 'removes-itself',
      },
      // A helper that takes the target first is not an emitter's own method.
      {
        code: `const util = require('./util');
export function connect(socket) {
  util.addListener(socket, 'error', (err) => destroy(socket, err));
}`,
      },
      // A router's on(method, path, handler) is not a listener.
      {
        code: `const router = new FindMyWay();
for (const { method, url } of routes) {
  router.on(method, url, () => true);
}`,
      },
      // The events module and its EventEmitter class are not emitters themselves.
      {
        code: `import { EventEmitter } from 'node:events';
export function f(e) {
  EventEmitter.on(e, 'x');
}`,
      },
      // The function is kept in a member and a removal elsewhere passes that member: a drag's move/up
      // listeners are stored on the drag's state and the up handler removes them (real code: drawing apps).
      {
        code: `export class Canvas {
  handlePointerDown(event) {
    const drag = { x: event.clientX, listeners: {} };
    const onMove = this.makeMoveHandler(drag);
    const onUp = this.makeUpHandler(drag);
    window.addEventListener(Events.MOVE, onMove);
    window.addEventListener(Events.UP, onUp);
    drag.listeners.move = onMove;
    drag.listeners.up = onUp;
  }
  makeUpHandler(drag) {
    return () => {
      window.removeEventListener(Events.MOVE, drag.listeners.move!);
      window.removeEventListener(Events.UP, drag.listeners.up!);
    };
  }
}
import { Events } from './events';`,
        filename: 'file.ts',
        exemptBy: 'not-shown-repeated',
      },
      {
        code: `export function makeToolbar() {
  const onUp = (drag) => () => {
    window.removeEventListener('pointermove', drag.onMove);
  };
  return (event) => {
    const drag = { x: event.clientX };
    const onMove = () => follow(drag);
    window.addEventListener('pointermove', onMove);
    drag.onMove = onMove;
    window.addEventListener('pointerup', onUp(drag), { once: true });
  };
}`,
        exemptBy: 'not-shown-repeated',
      },
      // The same function removed with an event computed the same way (the same call, or each name of
      // the same list): real code in a React provider and an idle hook.
      // The effect returns early once a flag it sets is on (state or ref): its body runs once per
      // component, not on every re-run (held-out false positive in a docs site's scroll manager).
      {
        code: `function useScrollRestore(el) {
  const [restored, setRestored] = useState(false);
  useEffect(() => {
    if (!el || restored) return;
    setRestored(true);
    window.addEventListener('beforeunload', () => save(el.scrollTop));
  }, [el, restored]);
}`,
        exemptBy: 'effect-runs-once',
      },
      {
        code: `function useOnce() {
  const started = useRef(false);
  useEffect(() => {
    if (started.current) {
      return;
    }
    started.current = true;
    window.addEventListener('online', sync);
  });
}`,
        exemptBy: 'effect-runs-once',
      },
      {
        code: `function Presence() {
  useEffect(() => {
    const onVisible = () => reconnect();
    document.addEventListener(visibilityEventName(), onVisible);
    return () => document.removeEventListener(visibilityEventName(), onVisible);
  }, []);
}`,
        exemptBy: 'removed-in-file',
      },
      {
        code: `export function useActivity(events) {
  useEffect(() => {
    const onActivity = () => touch();
    events.forEach((name) => window.addEventListener(name, onActivity));
    return () => events.forEach((name) => window.removeEventListener(name, onActivity));
  }, [events]);
}`,
        exemptBy: 'removed-in-file',
      },
      // A registration helper: the listener is the caller's function, so whether listeners pile up is
      // the caller's doing (real code: a CLI's exit-signal helper and its --help hook).
      {
        code: `export const onTermination = (handler) => {
  for (const signal of ['SIGINT', 'SIGTERM', 'exit']) process.on(signal, handler);
};`,
        exemptBy: 'not-shown-repeated',
      },
      {
        code: `import cli from './cli';
export default function run({ onHelp, start }) {
  if (onHelp) cli.on('--help', onHelp);
  start(cli.parse(process.argv));
}`,
        exemptBy: 'not-shown-repeated',
      },
      // A start-up routine handed to a call that runs once (real code: a CLI's `runner({ start })`).
      {
        code: `import cluster from 'node:cluster';
import launch from './launch';
launch({
  name: 'api',
  start(options) {
    if (options.workers) {
      cluster.on('exit', () => cluster.fork());
    }
  },
});`,
        exemptBy: 'runs-once',
      },
      {
        code: `import cluster from 'node:cluster';
import launch from './launch';
launch({ start: function (options) {
  cluster.on('exit', () => cluster.fork());
} });`,
        exemptBy: 'runs-once',
      },
      // A class instantiated once, at module level, in its own file, and not exported itself: a singleton.
      {
        code: `class Preferences {
  constructor() {
    window.addEventListener('storage', (e) => this.reload(e));
  }
}
export default new Preferences();`,
        exemptBy: 'runs-once',
      },
      {
        code: `class Registry {
  constructor() {
    process.on('exit', () => this.flush());
  }
}
export const registry = new Registry();`,
        exemptBy: 'runs-once',
      },
      // A function handed to a browser page runs in that page: its listeners end with the page.
      {
        code: `app.get('/shot', async (req, res) => {
  await page.evaluate(() => {
    window.addEventListener('resize', () => document.body.classList.add('resized'));
  });
  res.end(await page.screenshot());
});`,
        exemptBy: 'browser-page',
      },
      // A server-sent event stream holds its socket until the client leaves: the socket is the
      // request's own, and what the handler adds to it goes with it.
      {
        code: `app.get('/updates', (req, res) => {
  res.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-cache' });
  const unsubscribe = feed.subscribe(req.user, (event) => send(res, event));
  const done = () => unsubscribe();
  req.connection.on('close', done);
  req.connection.on('error', done);
});`,
        exemptBy: 'event-stream-socket',
      },
      {
        code: `export function events(req, res) {
  res.setHeader('Content-Type', 'text/event-stream; charset=utf-8');
  const start = () => {
    req.socket.on('end', () => stopFeed(res));
  };
  loadBacklog(req, (err) => start());
}`,
        exemptBy: 'event-stream-socket',
      },
      // The request's socket, the listener removed when the work is done.
      {
        code: `export function stream(req, res, file) {
  const onError = (error) => file.destroy(error);
  req.socket.on('error', onError);
  file.on('close', () => req.socket.removeListener('error', onError));
  file.pipe(res);
}`,
        exemptBy: 'removed-in-file',
      },
      {
        code: `export function get(request) {
  request.once('socket', (socket) => {
    const onError = (error) => request.destroy(error);
    socket.once('error', onError);
    request.once('close', () => socket.off('error', onError));
  });
}`,
        exemptBy: 'removed-in-file',
      },
      // A server's connection socket is the connection's own: its listeners go with it.
      {
        code: `server.on('connection', (socket) => {
  socket.once('error', (error) => console.error(error));
  socket.on('timeout', () => socket.destroy());
});`,
      },
      // once() on another long-lived target: the event comes, and the listener goes with it.
      {
        code: `import { EventEmitter } from 'node:events';
const bus = new EventEmitter();
app.get('/wait', (req, res) => {
  bus.once('ready', () => res.end());
});`,
      },
      // once() for an event that ends a long-lived target, added once at start-up.
      {
        code: `import { EventEmitter } from 'node:events';
const hub = new EventEmitter();
export function start() {
  hub.once('close', () => console.log('hub closed'));
}
start();`,
        exemptBy: 'runs-once',
      },
      // The same once('close') per request, taken off again when the request ends.
      {
        code: `import { EventEmitter } from 'node:events';
const hub = new EventEmitter();
app.get('/watch', (req, res) => {
  const onClose = () => res.end();
  hub.once('close', onClose);
  res.on('finish', () => hub.off('close', onClose));
});`,
        exemptBy: 'removed-in-file',
      },
      // once() for a reply named after the call: that reply comes, and takes its listener away.
      {
        code: `import { EventEmitter } from 'node:events';
const replies = new EventEmitter();
app.post('/rpc', (req, res) => {
  replies.once(\`reply:\${req.body.id}\`, (reply) => res.json(reply));
});`,
      },
      // A socket a request handler creates is its own, not a kept-alive one.
      {
        code: `app.get('/probe', (req, res) => {
  const socket = net.connect(6379);
  socket.once('error', () => res.status(502).end());
});`,
      },
      // An exit hook registered once at start-up, and one whose remover the request keeps.
      {
        code: `import { onExit } from 'signal-exit';
onExit(() => console.log('bye'));`,
        exemptBy: 'runs-once',
      },
      {
        code: `import exitHook from 'exit-hook';
app.post('/jobs', (req, res) => {
  const remove = exitHook(() => fs.rmSync(req.body.tmp));
  res.on('finish', remove);
  res.end();
});`,
        exemptBy: 'unsubscribe-kept',
      },
      // One export of a module, destructured from require() or read off it, as an import's
      // binding: a listener added once at start-up, or removed again, is no leak.
      {
        code: `const { app, ipcMain } = require('electron');
app.on('ready', () => {
  ipcMain.on('open-file', (event, path) => open(path));
});`,
        exemptBy: 'not-shown-repeated',
      },
      {
        code: `const ipcMain = require('electron').ipcMain;
server.on('request', (req, res) => {
  const onSave = () => res.end();
  ipcMain.on('save', onSave);
  res.on('close', () => ipcMain.removeListener('save', onSave));
});`,
        exemptBy: 'removed-in-file',
      },
      // A local function that merely shares the name.
      {
        code: `function onExit(fn) { cleanups.push(fn); }
app.post('/jobs', (req, res) => {
  onExit(() => fs.rmSync(req.body.tmp));
  res.end();
});`,
      },
    ],
    createListenerLeakDetector,
    detectorOptions,
  ),
  invalid: [
    // The executor of a promise a per-request method builds, on a socket another method built once:
    // a listener per request on one socket.
    {
      code: `import net from 'node:net';
let socket;
function open() {
  socket = new net.Socket();
}
function draw(frame) {
  return new Promise((resolve) => {
    socket.on('drain', () => resolve(frame));
    socket.write(frame);
  });
}
open();
app.post('/frame', (req) => draw(req.body));`,
      errors: [{ messageId: 'listenerLeak', line: 8 }],
    },
    // `const { ipcMain } = require('electron')` is the same object as `import { ipcMain }`: a
    // listener added to it per window or per request stays with the main process.
    {
      code: `const { BrowserWindow, ipcMain } = require('electron');
server.on('request', (req, res) => {
  const win = new BrowserWindow({});
  ipcMain.on('save', (event, data) => win.webContents.send('saved', data));
});`,
      errors: [
        {
          messageId: 'listenerLeak',
          line: 4,
          data: {
            method: 'on',
            event: "'save'",
            target: "\`ipcMain\` (required from 'electron')",
            targetText: 'ipcMain',
            where: "the 'request' event callback",
          },
        },
      ],
    },
    {
      code: `const ipc = require('electron').ipcMain;
app.on('browser-window-created', (event, win) => {
  ipc.on('focus', () => win.focus());
});`,
      errors: [{ messageId: 'listenerLeak', line: 3 }],
    },
    {
      code: `const { bus } = await import('./bus.js');
app.get('/watch', (req, res) => {
  bus.on('change', () => res.write('changed'));
});`,
      errors: [
        {
          messageId: 'listenerLeak',
          line: 3,
          data: {
            method: 'on',
            event: "'change'",
            target: "\`bus\` (imported from './bus.js')",
            targetText: 'bus',
            where: 'the GET route handler',
          },
        },
      ],
    },
    // The listen-failure twins: the server's 'connection' fires per connection, and its
    // 'clientError' per bad request.
    {
      code: `app
  .listen(PORT, () => log('listening'))
  .on('connection', () => {
    process.on('SIGINT', () => process.kill(process.pid, 'SIGINT'));
  });`,
      errors: [{ messageId: 'listenerLeak', line: 4 }],
    },
    {
      code: `function catchSigTerms() {
  process.on('SIGINT', () => process.kill(process.pid, 'SIGINT'));
}
app.listen(PORT).on('clientError', catchSigTerms);`,
      errors: [{ messageId: 'listenerLeak', line: 2 }],
    },
    // signal-exit's onExit is process.on('exit') by another name: one more handler per request.
    {
      code: `import { onExit } from 'signal-exit';
app.post('/jobs', (req, res) => {
  onExit(() => fs.rmSync(req.body.tmp));
  res.end();
});`,
      errors: [
        {
          messageId: 'exitHookLeak',
          line: 3,
          data: {
            method: 'onExit',
            target: "\`process\` (through 'signal-exit')",
            where: 'the POST route handler',
          },
        },
      ],
    },
    // A listener per message on the connection's own socket piles up for the connection's life.
    {
      code: `export class SocketServer {
  start() {
    io.on('connection', (socket) => {
      this.socket = socket;
      this.socket.on('message', () => {
        this.socket.on('typing', () => broadcast('typing'));
      });
    });
  }
}`,
      errors: [{ messageId: 'listenerLeak', line: 6 }],
    },
    // A process-wide emitter in the connection's 'init' (leon's TCP bridge), and a field set
    // before any connection (a bridge handed to the constructor): every connection adds one more.
    {
      code: `import { TCP_CLIENT } from './core';
export class SocketServer {
  constructor(bridge) {
    this.bridge = bridge;
  }
  start() {
    io.on('connection', (socket) => {
      this.socket = socket;
      this.socket.on('init', () => {
        TCP_CLIENT.ee.on('connected', () => this.socket?.emit('ready'));
        this.bridge.on('connected', () => this.socket?.emit('ready'));
      });
    });
  }
}`,
      errors: [
        { messageId: 'listenerLeak', line: 10 },
        { messageId: 'listenerLeak', line: 11 },
      ],
    },
    // The field is set from a parameter of the function that adds the listener, but the 'init'
    // callback is another connection's: the handshake is heard on the server, not on that socket.
    {
      code: `export class SocketServer {
  start(server) {
    this.server = server;
    io.on('connection', (socket) => {
      socket.on('init', () => {
        this.server.on('request', () => count(socket));
      });
    });
  }
}`,
      errors: [{ messageId: 'listenerLeak', line: 6 }],
    },
    // The global's socket is made elsewhere, made after the listener, or only copied here: still reported.
    {
      code: `import { io } from 'socket.io-client';
app.get('/desktop', (req, res) => {
  window.socket.on('item.added', (item) => render(item));
  window.socket = io('/');
});`,
      errors: [{ messageId: 'listenerLeak', line: 3 }],
    },
    {
      code: `import { shared } from './socket';
app.get('/desktop', (req, res) => {
  window.socket = shared;
  window.socket.on('item.added', (item) => render(item));
});`,
      errors: [{ messageId: 'listenerLeak', line: 4 }],
    },
    // An iteration callback's value goes nowhere: forEach drops what the arrow returns.
    {
      code: `import { bus } from './bus';
app.get('/watch', (req, res) => {
  req.body.events.forEach((event) => bus.on(event, () => res.write(event)));
});`,
      errors: [{ messageId: 'listenerLeak', line: 3 }],
    },
    // A chained registration is not one handed on: on() returns the emitter, which keeps both.
    {
      code: `import { bus } from './bus';
app.get('/watch', (req, res) => {
  bus.on('change', () => res.write('c')).on('reset', () => res.write('r'));
});`,
      errors: [
        { messageId: 'listenerLeak', line: 3 },
        { messageId: 'listenerLeak', line: 3 },
      ],
    },
    // The socket behind a request is kept alive across requests: a listener per request piles up
    // on it, whatever the file shows of who calls the function.
    {
      code: `export function send(req, res, path) {
  const stream = fs.createReadStream(path);
  req.socket.on('error', (error) => stream.destroy(error));
  stream.pipe(res);
}`,
      errors: [
        {
          messageId: 'listenerLeak',
          line: 3,
          data: {
            method: 'on',
            event: "'error'",
            target: '`req.socket` (kept alive across requests)',
            targetText: 'req.socket',
            where: 'function `send`',
          },
        },
      ],
    },
    // Testing whether the client asks for an event stream is not answering with one: a plain
    // response leaves the socket to keep-alive.
    {
      code: `app.get('/feed', (req, res) => {
  if (req.headers.accept === 'text/event-stream') return res.status(406).end();
  req.socket.on('error', () => cleanup(req));
  res.json(latest());
});`,
      errors: [{ messageId: 'listenerLeak', line: 3 }],
    },
    // An agent hands a pooled socket to request after request; a once('error') waits on it for
    // an error that may never come.
    {
      code: `export function get(request) {
  request.once('socket', (socket) => {
    socket.once('error', (error) => request.destroy(error));
  });
}`,
      errors: [
        {
          messageId: 'onceListenerLeak',
          line: 3,
          data: {
            method: 'once',
            event: "'error'",
            target: '`socket` (kept alive across requests)',
            targetText: 'socket',
            where: 'a callback passed to `once`',
          },
        },
      ],
    },
    // once() for an event that comes only when a long-lived target ends: the process's exit, a
    // shared server's close. Each request adds one more, and none fires until then.
    {
      code: `app.post('/upload', (req, res) => {
  const tmp = writeTemp(req.body);
  process.once('exit', () => fs.rmSync(tmp));
  res.end();
});`,
      errors: [
        {
          messageId: 'onceListenerLeak',
          line: 3,
          data: {
            method: 'once',
            event: "'exit'",
            target: '`process`',
            targetText: 'process',
            where: 'the POST route handler',
          },
        },
      ],
    },
    {
      code: `import { createServer } from 'node:http';
const server = createServer();
server.on('request', (req, res) => {
  const job = queue.start(req.url);
  server.once('close', () => job.cancel());
  res.end();
});`,
      errors: [
        {
          messageId: 'onceListenerLeak',
          line: 5,
          data: {
            method: 'once',
            event: "'close'",
            target: '`server` (a module-level object)',
            targetText: 'server',
            where: "the 'request' event callback",
          },
        },
      ],
    },
    // A pooled client imported from another module: its 'error' may never come.
    {
      code: `import { pool } from './db.js';
app.get('/report', async (req, res) => {
  pool.once('error', (error) => res.status(500).end(error.message));
  res.json(await pool.query('select 1'));
});`,
      errors: [
        {
          messageId: 'onceListenerLeak',
          line: 3,
          data: {
            method: 'once',
            event: "'error'",
            target: "`pool` (imported from './db.js')",
            targetText: 'pool',
            where: 'the GET route handler',
          },
        },
      ],
    },
    // Its twin adds the listener in Node, once per request.
    {
      code: `app.get('/shot', async (req, res) => {
  window.addEventListener('resize', () => document.body.classList.add('resized'));
  res.end(await page.screenshot());
});`,
      errors: [
        {
          messageId: 'eventTargetListenerLeak',
          data: {
            method: 'addEventListener',
            event: "'resize'",
            target: '`window`',
            targetText: 'window',
            where: 'the GET route handler',
            removal: 'removeEventListener',
          },
          line: 2,
          column: 3,
        },
      ],
    },
    // A guard the effect never sets does not make it run once.
    {
      code: `function useScrollRestore(el) {
  const [restored, setRestored] = useState(false);
  useEffect(() => {
    if (!el || restored) return;
    window.addEventListener('beforeunload', () => save(el.scrollTop));
  }, [el, restored]);
}`,
      errors: [
        {
          messageId: 'effectListenerLeak',
          data: {
            method: 'addEventListener',
            event: "'beforeunload'",
            target: '`window`',
            targetText: 'window',
            where: 'a useEffect callback',
            hook: 'useEffect',
            removal: 'removeEventListener',
          },
          line: 5,
          column: 5,
        },
      ],
    },
    {
      code: `app.get('/report', (req, res) => {
  process.on('unhandledRejection', (e) => res.status(500).end());
});`,
      errors: [
        {
          messageId: 'listenerLeak',
          line: 2,
          column: 3,
          data: {
            method: 'on',
            event: "'unhandledRejection'",
            target: '`process`',
            targetText: 'process',
            where: 'the GET route handler',
          },
        },
      ],
    },
    {
      // A loop that runs until stopped adds one more on every pass.
      code: `while (running) {
  await nextBatch();
  process.stdout.on('drain', () => flush());
}`,
      errors: [
        {
          messageId: 'listenerLeak',
          line: 3,
          column: 3,
          data: {
            method: 'on',
            event: "'drain'",
            target: '`process.stdout`',
            targetText: 'process.stdout',
            where: 'a loop',
          },
        },
      ],
    },
    {
      // SIGHUP asks for a reload, again and again.
      code: `import http from 'node:http';
const server = http.createServer();
process.on('SIGHUP', () => {
  server.on('close', () => server.listen(8080));
  server.close();
});`,
      errors: [
        {
          messageId: 'listenerLeak',
          data: {
            method: 'on',
            event: "'close'",
            target: '`server` (a module-level object)',
            targetText: 'server',
            where: 'a callback passed to `on`',
            removal: 'off',
          },
          line: 4,
          column: 3,
        },
      ],
    },
    {
      // The named-function pass inside a request handler: the handler repeats.
      code: `function subscribe(topic) {
  process.on(topic, () => flush(topic));
}
app.post('/watch', (req, res) => {
  req.body.topics.forEach(subscribe);
  res.end();
});`,
      errors: [
        {
          messageId: 'listenerLeak',
          line: 2,
          column: 3,
          data: {
            method: 'on',
            event: 'topic',
            target: '`process`',
            targetText: 'process',
            where: 'function `subscribe`',
          },
        },
      ],
    },
    {
      // A pass over a list inside a request handler: the handler repeats.
      code: `app.post('/watch', (req, res) => {
  for (const name of req.body.names) process.on(name, () => flush(name));
  res.end();
});`,
      errors: [
        {
          messageId: 'listenerLeak',
          line: 2,
          column: 38,
          data: {
            method: 'on',
            event: 'name',
            target: '`process`',
            targetText: 'process',
            where: 'the POST route handler',
          },
        },
      ],
    },
    {
      code: `function Menu() {
  useEffect(() => {
    document.addEventListener('keydown', (e) => close(e));
  }, []);
}`,
      errors: [
        {
          messageId: 'effectListenerLeak',
          line: 3,
          column: 5,
          data: {
            hook: 'useEffect',
            event: "'keydown'",
            target: '`document`',
            targetText: 'document',
            removal: 'removeEventListener',
          },
        },
      ],
    },
    {
      // Declared anew on each click, the function is a new object each time: one more listener per click.
      code: `document.addEventListener('click', function () {
  function resizeNavbar(event) { layout(event.pageX); }
  function setupEventListeners() {
    window.addEventListener('touchmove', resizeNavbar);
  }
  setupEventListeners();
});`,
      errors: [{ messageId: 'eventTargetListenerLeak', line: 4 }],
    },
    {
      // The cleanup removes another listener.
      code: `function Menu() {
  React.useLayoutEffect(() => {
    const onKey = (e) => close(e);
    const onResize = () => measure();
    window.addEventListener('keydown', onKey);
    window.addEventListener('resize', onResize);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}`,
      errors: [
        {
          messageId: 'effectListenerLeak',
          data: {
            hook: 'useLayoutEffect',
            event: "'resize'",
            target: '`window`',
            targetText: 'window',
            removal: 'removeEventListener',
          },
          line: 6,
        },
      ],
    },
    {
      // In an effect even a module-level function needs its cleanup.
      code: `function onResize() {}
function Layout() {
  useEffect(() => {
    window.addEventListener('resize', onResize);
  }, []);
}`,
      errors: [
        {
          messageId: 'effectListenerLeak',
          line: 4,
          column: 5,
          data: {
            hook: 'useEffect',
            event: "'resize'",
            target: '`window`',
            targetText: 'window',
            removal: 'removeEventListener',
          },
        },
      ],
    },
    {
      // The same computed event, another function.
      code: `export function follow(names) {
  const onEvent = () => touch();
  names.forEach((name) => window.addEventListener(name, () => touch()));
  return () => names.forEach((name) => window.removeEventListener(name, onEvent));
}`,
      options: [{ reportUnknownCallers: true }],
      errors: [
        {
          messageId: 'eventTargetListenerLeak',
          line: 3,
          column: 27,
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
      // The caller's function added in an effect: every mount adds it again.
      code: `export function useHotkey(handler) {
  useEffect(() => {
    window.addEventListener('keydown', handler);
  }, [handler]);
}`,
      errors: [
        {
          messageId: 'effectListenerLeak',
          line: 3,
          column: 5,
          data: {
            hook: 'useEffect',
            event: "'keydown'",
            target: '`window`',
            targetText: 'window',
            removal: 'removeEventListener',
          },
        },
      ],
    },
    {
      // A start-up routine handed to a call in a request handler runs per request.
      code: `import cluster from 'node:cluster';
app.post('/scale', (req, res) => {
  pool.launch({ start() {
    cluster.on('exit', () => cluster.fork());
  } });
});`,
      errors: [
        {
          messageId: 'listenerLeak',
          line: 4,
          column: 5,
          data: {
            method: 'on',
            event: "'exit'",
            target: "`cluster` (imported from 'cluster')",
            targetText: 'cluster',
            where: 'method `start`',
          },
        },
      ],
    },
    {
      // Per element of an iteration, in a function whose callers are elsewhere: on request.
      code: `export function watchAll(names) {
  names.forEach((name) => process.on(name, () => flush(name)));
}`,
      options: [{ reportUnknownCallers: true }],
      errors: [
        {
          messageId: 'listenerLeak',
          line: 2,
          column: 27,
          data: {
            method: 'on',
            event: 'name',
            target: '`process`',
            targetText: 'process',
            where: 'a callback passed to `forEach`',
          },
        },
      ],
    },
    {
      // In the callback of another listener: every 'connect' adds one more.
      code: `import { socket } from './socket';
socket.on('connect', () => {
  window.addEventListener('online', () => socket.emit('hello'));
});`,
      errors: [
        {
          messageId: 'eventTargetListenerLeak',
          line: 3,
          column: 3,
          data: {
            method: 'addEventListener',
            event: "'online'",
            target: '`window`',
            targetText: 'window',
            where: 'a callback passed to `on`',
          },
        },
      ],
    },
    {
      // Every tick of an interval.
      code: `setInterval(() => {
  process.on('warning', (w) => log(w));
}, 1000);`,
      errors: [
        {
          messageId: 'listenerLeak',
          line: 2,
          column: 3,
          data: {
            method: 'on',
            event: "'warning'",
            target: '`process`',
            targetText: 'process',
            where: 'a callback passed to `setInterval`',
          },
        },
      ],
    },
    {
      // The unmount removes a fresh bind(), not the function the mount added: every mount leaves one.
      code: `class Layout extends React.Component {
  componentDidMount() {
    document.addEventListener('keydown', this.handleKeyDown.bind(this), false);
  }
  componentWillUnmount() {
    document.removeEventListener('keydown', this.handleKeyDown.bind(this), false);
  }
}`,
      errors: [
        {
          messageId: 'freshFunctionRemoval',
          line: 3,
          column: 5,
          data: {
            method: 'addEventListener',
            event: "'keydown'",
            target: '`document`',
            targetText: 'document',
            where: 'method `componentDidMount` of class `Layout`',
            removalLine: '6',
            made: '`bind()`',
          },
        },
      ],
    },
    {
      // The same with an arrow function on both sides.
      code: `class Chart extends React.Component {
  componentDidMount() {
    window.addEventListener('resize', () => this.measure());
  }
  componentWillUnmount() {
    window.removeEventListener('resize', () => this.measure());
  }
}`,
      errors: [
        {
          messageId: 'freshFunctionRemoval',
          line: 3,
          data: {
            method: 'addEventListener',
            event: "'resize'",
            target: '`window`',
            targetText: 'window',
            where: 'method `componentDidMount` of class `Chart`',
            removalLine: '6',
            made: 'an arrow function',
          },
        },
      ],
    },
    {
      // A class component's mount, with no removal in componentWillUnmount.
      code: `class Chat extends React.Component {
  componentDidMount() {
    window.addEventListener('resize', () => this.measure());
  }
}`,
      errors: [
        {
          messageId: 'eventTargetListenerLeak',
          line: 3,
          column: 5,
          data: {
            method: 'addEventListener',
            event: "'resize'",
            target: '`window`',
            targetText: 'window',
            where: 'method `componentDidMount` of class `Chat`',
          },
        },
      ],
    },
    {
      // A function of this file called only from a request handler.
      code: `function watchShutdown(res) {
  process.on('SIGTERM', () => res.end());
}
app.get('/events', (req, res) => {
  watchShutdown(res);
});`,
      errors: [
        {
          messageId: 'listenerLeak',
          line: 2,
          column: 3,
          data: {
            method: 'on',
            event: "'SIGTERM'",
            target: '`process`',
            targetText: 'process',
            where: 'function `watchShutdown`',
          },
        },
      ],
    },
    {
      // A method called through this only from a request handler.
      code: `export class Server {
  start() {
    this.app.get('/events', (req, res) => this.watch(res));
  }
  watch(res) {
    process.on('exit', () => res.end());
  }
}`,
      errors: [
        {
          messageId: 'listenerLeak',
          line: 6,
          column: 5,
          data: {
            method: 'on',
            event: "'exit'",
            target: '`process`',
            targetText: 'process',
            where: 'method `watch` of class `Server`',
          },
        },
      ],
    },
    {
      // An instance's emitter, per connection.
      code: `export class Hub {
  constructor(server) {
    server.on('connection', (socket) => {
      this.bus.on('tick', () => socket.send('tick'));
    });
  }
}`,
      errors: [
        {
          messageId: 'listenerLeak',
          line: 4,
          column: 7,
          data: {
            method: 'on',
            event: "'tick'",
            target: '`this.bus`',
            targetText: 'this.bus',
            where: "the 'connection' event callback",
          },
        },
      ],
    },
    {
      // A removal of another function, in a handler.
      code: `app.post('/jobs', (req, res) => {
  process.on('SIGINT', () => req.job.cancel());
  res.on('finish', () => process.off('SIGINT', () => req.job.cancel()));
});`,
      errors: [
        {
          messageId: 'freshFunctionRemoval',
          line: 2,
          column: 3,
          data: {
            method: 'on',
            event: "'SIGINT'",
            target: '`process`',
            targetText: 'process',
            where: 'the POST route handler',
            removalLine: '3',
            made: 'an arrow function',
          },
        },
      ],
    },
    ...unknownCallerCases.map((c) => ({ ...c, options: [{ reportUnknownCallers: true }] as Options })),
  ],
});

describe('no-listener-leak options', () => {
  it('refuses unknown options', () => {
    const linter = new Linter();
    expect(() =>
      linter.verify('x();', [
        {
          plugins: { leakproof: plugin as never },
          rules: { 'leakproof/no-listener-leak': ['error', { targets: ['bus'] }] },
        },
      ]),
    ).toThrow(/no-listener-leak/);
  });
});

/*
 * An 'abort' listener on the AbortSignal a caller hands in. A function that takes a signal is an
 * operation run per call, and callers often keep one signal for many calls (a server's shutdown
 * signal, a session's), which aborts once or never: each call leaves a listener behind.
 */
/** The report on the caller's `target` signal, at `line`, in `where`. */
/** A playback a file keeps to itself, started with the signal of a controller each start() remakes. */
const PLAYBACK = `async function startPlayback({ signal, url }) {
  const player = await open(url);
  signal.addEventListener('abort', () => player.close());
  await player.play();
}
export function usePlayback(url) {
  let abortController = new AbortController();
  const start = async () => {
    abortController = new AbortController();
    await startPlayback({ signal: abortController.signal, url });
  };
  start();
  return () => abortController.abort();
}`;

const callerSignalError = (line: number, target: string, where: string) => ({
  messageId: 'callerSignalListener' as const,
  line,
  data: { target: `\`${target}\` (the caller's AbortSignal)`, targetText: target, where },
});

ruleTester.run('no-listener-leak: the caller’s AbortSignal', rule, {
  valid: checkExemptions(
    [
      // Removed when the call ends, whichever way it ends.
      {
        code: `export async function fetchWithDeadline(url, init, ms) {
  const controller = new AbortController();
  const { signal } = init ?? {};
  const forward = () => controller.abort();
  signal?.addEventListener('abort', forward);
  try {
    return await fetch(url, { signal: controller.signal });
  } finally {
    signal?.removeEventListener('abort', forward);
  }
}`,
        exemptBy: 'removed-in-file',
      },
      // Tied to a signal of the call's own: aborting that one at the end removes the listener.
      {
        code: `export async function download(url, options) {
  const done = new AbortController();
  options.signal.addEventListener('abort', () => done.abort(), { signal: done.signal });
  try {
    return await fetch(url, { signal: done.signal });
  } finally {
    done.abort();
  }
}`,
        exemptBy: 'removes-itself',
      },
      // Kept with the pending request and removed from there when it settles.
      {
        code: `export class RpcClient {
  request(method, params, signal) {
    return new Promise((resolve, reject) => {
      const id = this.nextId++;
      const onAbort = () => reject(signal.reason);
      this.pending.set(id, { resolve, reject, signal, onAbort });
      signal?.addEventListener('abort', onAbort, { once: true });
      this.send({ id, method, params });
    });
  }
  settle(id, result) {
    const entry = this.pending.get(id);
    this.pending.delete(id);
    entry.signal?.removeEventListener('abort', entry.onAbort);
    entry.resolve(result);
  }
}`,
        exemptBy: 'removed-in-file',
      },
      // The instance's own handler, removed from each waiter's signal when the job ends (set 26:
      // libp2p's queue job).
      {
        code: `export class Job {
  recipients = [];
  onAbort = () => this.abortIfAllAborted();
  join(options) {
    const recipient = { signal: options?.signal };
    this.recipients.push(recipient);
    options?.signal?.addEventListener('abort', this.onAbort);
    return recipient;
  }
  cleanup() {
    for (const recipient of this.recipients) recipient.signal?.removeEventListener('abort', this.onAbort);
  }
  abortIfAllAborted() {}
}`,
        exemptBy: 'removed-in-file',
      },
      // A helper that adds the caller's own function: the caller decides.
      {
        code: `export function whenAborted(signal, onAbort) {
  signal.addEventListener('abort', onAbort);
}`,
        exemptBy: 'callers-listener',
      },
      // Start-up code gets the process's signal once.
      {
        code: `async function main(signal) {
  const server = await listen(8080);
  signal.addEventListener('abort', () => server.close());
}
main(shutdown.signal);`,
        exemptBy: 'runs-once',
      },
      // A signal the call makes itself lives and dies with the call.
      {
        code: `export async function withTimeout(work, ms) {
  const controller = new AbortController();
  controller.signal.addEventListener('abort', () => console.warn('timed out'));
  setTimeout(() => controller.abort(), ms).unref();
  return work(controller.signal);
}`,
      },
      // The call waits for the abort: only the listener settles the promise it awaits, so the
      // listener lives as long as the call.
      {
        code: `export async function streamStats(id, onMessage, signal) {
  if (signal.aborted) return;
  await new Promise((resolve) => {
    const interval = setInterval(() => onMessage(sample(id)), 1000);
    signal.addEventListener(
      'abort',
      () => {
        clearInterval(interval);
        resolve();
      },
      { once: true },
    );
  });
}`,
        exemptBy: 'call-waits-for-abort',
      },
      {
        code: `export function untilAborted(signal) {
  return new Promise((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort);
  });
}`,
        exemptBy: 'call-waits-for-abort',
      },
      // The signal of the request a route handler is given is that request's own (set 26:
      // inbox-zero's event stream, inside a wrapped Next.js GET).
      {
        code: `export const GET = withAuth('email-stream', async (request) => {
  const stream = new ReadableStream({
    start(controller) {
      const unsubscribe = feed.subscribe((event) => controller.enqueue(event));
      request.signal.addEventListener('abort', () => {
        unsubscribe();
        controller.close();
      });
    },
  });
  return new Response(stream);
});`,
        filename: 'app/api/email-stream/route.ts',
        exemptBy: 'request-own-signal',
      },
      // A parameter typed as the fetch API's Request is one HTTP request: its signal goes with it
      // (set 28: partykit's engine.io polling transport).
      {
        code: `export class Polling {
  async onPollRequest(req: Request): Promise<Response> {
    req.signal.addEventListener('abort', () => this.onError('poll connection closed prematurely'));
    return this.respond(await req.text());
  }
}`,
        exemptBy: 'request-own-signal',
      },
      // A constructor given its owner's signal (set 27: lodestar's archiver, built once per node):
      // the signal ends the instance, and nothing here shows instances are built again and again.
      {
        code: `export class Archiver {
  constructor(emitter, signal) {
    emitter.on('finalized', this.onFinalized);
    signal.addEventListener(
      'abort',
      () => emitter.off('finalized', this.onFinalized),
      { once: true },
    );
  }
  onFinalized = () => {};
}`,
        exemptBy: 'instance-signal',
      },
      // The same through a method only the constructor calls.
      {
        code: `export class Tracker {
  constructor({ signal }) {
    this.watch(signal);
  }
  watch(signal) {
    signal.addEventListener('abort', () => this.close(), { once: true });
  }
  close() {}
}`,
        exemptBy: 'instance-signal',
      },
      // A function this file keeps to itself, each of whose calls hands it a signal made for that
      // call (set 36: a player's controller, remade by start() before each playback, aborted on
      // cleanup; a request's own controller).
      {
        code: PLAYBACK,
        exemptBy: 'fresh-signal-per-call',
      },
      // Another event on a signal-named parameter is not an abort listener.
      {
        code: `export function watch(signal) {
  signal.addEventListener('change', () => refresh());
}`,
      },
    ],
    createListenerLeakDetector,
    detectorOptions,
  ),
  invalid: [
    // The twins of the player: exported, its callers are unknown; a controller only reset() remakes is shared.
    {
      code: PLAYBACK.replace('async function startPlayback', 'export async function startPlayback'),
      errors: [callerSignalError(3, 'signal', `function \`startPlayback\``)],
    },
    {
      code: PLAYBACK.replace('    abortController = new AbortController();\n', ''),
      errors: [callerSignalError(3, 'signal', `function \`startPlayback\``)],
    },
    // Taken from the caller's options: every request adds a listener holding its controller.
    {
      code: `export async function fetchWithDeadline(url, init, ms) {
  const controller = new AbortController();
  const { signal, ...rest } = init || {};
  if (signal) signal.addEventListener('abort', () => controller.abort());
  const timer = setTimeout(() => controller.abort(), ms);
  try {
    return await fetch(url, { ...rest, signal: controller.signal });
  } finally {
    clearTimeout(timer);
  }
}`,
      errors: [callerSignalError(4, 'signal', `function \`fetchWithDeadline\``)],
    },
    // { once: true } goes only when the signal aborts: a sleep that ends on time leaves it behind.
    {
      code: `export function sleep(ms, options) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    options.signal.addEventListener(
      'abort',
      () => {
        clearTimeout(timer);
        reject(options.signal.reason);
      },
      { once: true },
    );
  });
}`,
      errors: [callerSignalError(4, 'options.signal', `an anonymous function`)],
    },
    // The iteration settles the promise too: a loop that ends on its own leaves its listener.
    {
      code: `export function eachAsync(next, fn, options) {
  const signal = options.signal;
  return new Promise((resolve, reject) => {
    signal.addEventListener('abort', () => resolve(null), { once: true });
    drain(next, fn).then(resolve, reject);
  });
}`,
      errors: [callerSignalError(4, 'signal', `an anonymous function`)],
    },
    // Raced against the work: the call ends when the work does, and the listener stays.
    {
      code: `export async function readExecution(execution, abortSignal) {
  const aborted = new Promise((_, reject) => {
    abortSignal?.addEventListener('abort', () => reject(new Error('aborted')), { once: true });
  });
  return Promise.race([aborted, execution.read()]);
}`,
      errors: [callerSignalError(3, 'abortSignal', `an anonymous function`)],
    },
    // The same function outside a route module takes its caller's request, which may be kept.
    {
      code: `export const watchFeed = withAuth('email-stream', async (request) => {
  request.signal.addEventListener('abort', () => feed.close());
  return feed.open();
});`,
      filename: 'src/lib/feed.ts',
      errors: [callerSignalError(2, 'request.signal', `a callback passed to \`withAuth\``)],
    },
    // A type named Request that this file declares may be anything, kept as long as its caller likes.
    {
      code: `interface Request { signal: AbortSignal }
export class Polling {
  async onPollRequest(req: Request) {
    req.signal.addEventListener('abort', () => this.onError('closed'));
  }
}`,
      errors: [callerSignalError(4, 'req.signal', 'method `onPollRequest` of class `Polling`')],
    },
    // A constructor whose class this file builds per request, each with the process's one signal.
    {
      code: `const shutdown = new AbortController();
export class Session {
  constructor(signal) {
    signal.addEventListener('abort', () => this.end(), { once: true });
  }
  end() {}
}
app.post('/sessions', (req, res) => {
  new Session(shutdown.signal);
  res.end();
});`,
      errors: [callerSignalError(4, 'signal', 'the constructor of class `Session`')],
    },
    // Asked to report unknown callers: a constructor whose class is built elsewhere.
    {
      code: `export class Archiver {
  constructor(signal) {
    signal.addEventListener('abort', () => this.close(), { once: true });
  }
  close() {}
}`,
      options: [{ reportUnknownCallers: true }],
      errors: [callerSignalError(3, 'signal', 'the constructor of class `Archiver`')],
    },
    // The instance's handler added per call and removed only from another event: still on the signal.
    {
      code: `export class Job {
  onAbort = () => this.stop();
  join(options) {
    options?.signal?.addEventListener('abort', this.onAbort);
    return this.done;
  }
  cleanup(emitter) {
    emitter.removeEventListener('close', this.onAbort);
  }
  stop() {}
}`,
      errors: [callerSignalError(4, 'options?.signal', 'method `join` of class `Job`')],
    },
    // A method of a client: one listener per API call.
    {
      code: `export class Client {
  async request(path, { signal } = {}) {
    const socket = await this.pool.acquire();
    signal?.addEventListener('abort', () => socket.destroy());
    return socket.send(path);
  }
}`,
      errors: [callerSignalError(4, 'signal', `method \`request\` of class \`Client\``)],
    },
  ],
});

/*
 * A process listener added by the constructor of instances made to be ended: a class with a
 * close(), disconnect() or destroy() is made again and again over a process's life (per
 * connection, per transaction), and each instance leaves its listener on the process.
 */
ruleTester.run('no-listener-leak: process listeners per ended instance', rule, {
  valid: checkExemptions(
    [
      // The teardown removes it.
      {
        code: `export class Connection {
  constructor(socket) {
    this.socket = socket;
    this.onExit = () => this.socket.destroy();
    process.on('exit', this.onExit);
  }
  close() {
    process.off('exit', this.onExit);
    this.socket.end();
  }
}`,
        exemptBy: 'removed-in-file',
      },
      // Built once, at load: one listener for the process.
      {
        code: `class Store {
  constructor() {
    process.on('exit', () => this.flush());
  }
  flush() {}
  close() {
    this.flush();
  }
}
export const store = new Store();`,
        exemptBy: 'runs-once',
      },
      // Nothing here ends an instance: the file cannot tell how many are made.
      {
        code: `export class Reporter {
  constructor() {
    process.on('exit', () => this.flush());
  }
  flush() {}
}`,
        exemptBy: 'not-shown-repeated',
      },
    ],
    createListenerLeakDetector,
    detectorOptions,
  ),
  invalid: [
    // An old-style constructor: one manager per transaction, each leaving an exit listener.
    {
      code: `var Manager = function (config) {
  var self = this;
  this.pool = createPool(config);
  process.on('exit', function () {
    self.pool.drain();
  });
};
Manager.prototype.disconnect = function () {
  this.pool.drain();
};
module.exports = Manager;`,
      errors: [
        {
          messageId: 'perInstanceListener',
          line: 4,
          data: {
            method: 'on',
            event: "'exit'",
            target: '`process`',
            where: 'function `Manager`',
            teardown: 'disconnect',
          },
        },
      ],
    },
    {
      code: `export class Tunnel {
  constructor(port) {
    this.server = net.createServer().listen(port);
    process.on('SIGTERM', () => this.server.close());
  }
  close() {
    this.server.close();
  }
}`,
      errors: [
        {
          messageId: 'perInstanceListener',
          line: 4,
          data: {
            method: 'on',
            event: "'SIGTERM'",
            target: '`process`',
            where: 'the constructor of class `Tunnel`',
            teardown: 'close',
          },
        },
      ],
    },
  ],
});

/*
 * `report: 'definite'` (the recommended config's choice): only a listener whose removal was written
 * and cannot remove it, a leak wherever the code runs. Every other shape is left to `all`.
 */
const definite: Options = [{ reportUnknownCallers: false, report: 'definite' }];

ruleTester.run("no-listener-leak: report 'definite'", rule, {
  valid: [
    {
      // No removal at all: a leak only if the component mounts again and again, which one file cannot tell.
      code: `class Toolbar extends React.Component {
  componentDidMount() {
    document.addEventListener('keydown', this.onKey);
  }
}`,
      options: definite,
    },
    {
      // The removal matches: nothing is wrong.
      code: `class Toolbar extends React.Component {
  componentDidMount() {
    document.addEventListener('keydown', this.onKey);
  }
  componentWillUnmount() {
    document.removeEventListener('keydown', this.onKey);
  }
}`,
      options: definite,
    },
    {
      // The removal from \`document\` is for the add to \`document\`: the one on window simply has none.
      code: `class Toolbar extends React.Component {
  componentDidMount() {
    window.addEventListener('resize', this.onResize);
    document.addEventListener('resize', this.onResize);
  }
  componentWillUnmount() {
    document.removeEventListener('resize', this.onResize);
  }
}`,
      options: definite,
    },
    {
      // The 'mousemove' removal is for the 'mousemove' add; 'touchmove' has none, which is no mistaken removal.
      code: `export function drag(el, onMove) {
  el.ownerDocument.addEventListener('mousemove', onMove);
  el.ownerDocument.addEventListener('touchmove', onMove);
  return () => el.ownerDocument.removeEventListener('mousemove', onMove);
}
export function follow(onMove) {
  process.on('message', onMove);
  process.on('disconnect', onMove);
  return () => process.off('message', onMove);
}`,
      options: definite,
    },
    {
      // Another element is not a page-wide target: \`this.el\` and \`el\` may be the same object.
      code: `class Panel extends React.Component {
  componentDidMount() {
    const el = this.el;
    el.addEventListener('scroll', this.onScroll);
  }
  componentWillUnmount() {
    this.el.removeEventListener('scroll', this.onScroll);
  }
}`,
      options: definite,
    },
  ],
  invalid: [
    {
      code: `class Toolbar extends React.Component {
  componentDidMount() {
    document.addEventListener('keydown', this.onKey.bind(this));
  }
  componentWillUnmount() {
    document.removeEventListener('keydown', this.onKey.bind(this));
  }
}`,
      options: definite,
      errors: [{ messageId: 'freshFunctionRemoval', line: 3 }],
    },
    {
      // Added with capture, removed without: the capture flag is part of what removal matches.
      code: `class Menu extends React.Component {
  componentDidMount() {
    document.body.addEventListener('click', this.onClick, true);
  }
  componentWillUnmount() {
    document.body.removeEventListener('click', this.onClick);
  }
}`,
      options: definite,
      errors: [
        {
          messageId: 'mismatchedRemoval',
          line: 3,
          data: {
            method: 'addEventListener',
            event: "'click'",
            target: '`document.body`',
            targetText: 'document.body',
            where: 'method `componentDidMount` of class `Menu`',
            removalLine: '6',
            mismatch: 'is given capture false, but the listener was added with capture true',
            remedy: 'the capture flag the listener was added with (true)',
          },
        },
      ],
    },
    {
      // An effect whose cleanup takes the listener off \`document\` when it was added to \`window\`.
      code: `function useFocus(onFocus) {
  useEffect(() => {
    window.addEventListener('focus', onFocus);
    return () => document.removeEventListener('focus', onFocus);
  }, [onFocus]);
}`,
      options: definite,
      errors: [
        {
          messageId: 'mismatchedRemoval',
          line: 3,
          data: {
            method: 'addEventListener',
            event: "'focus'",
            target: '`window`',
            targetText: 'window',
            where: 'a useEffect callback',
            removalLine: '4',
            mismatch: 'takes it off `document`, not `window` where it was added',
            remedy: 'the target the listener was added to, `window`',
          },
        },
      ],
    },
    {
      // The cleanup removes the function from the other event the module's emitter has.
      code: `const bus = new EventEmitter();
function useState(onChange) {
  useEffect(() => {
    bus.on('change', onChange);
    return () => bus.off('state', onChange);
  }, [onChange]);
}`,
      options: definite,
      errors: [{ messageId: 'mismatchedRemoval', line: 4 }],
    },
  ],
});
