import type { InvalidTestCase } from '@typescript-eslint/rule-tester';
import { Linter } from 'eslint';
import { describe, expect, it } from 'vitest';
import rule, { type MessageIds, type Options } from '../../rules/no-listener-leak.js';
import plugin from '../../src/index.js';
import { ruleTester } from '../helpers/rule-tester.js';

/**
 * Listeners whose only evidence of running again and again is the shape of the function they are
 * added in (exported, a constructor, a method): reported with reportUnknownCallers, not by default
 * (a file cannot tell a class built per connection from a singleton, nor a CLI command from a
 * function called per request elsewhere).
 */
const unknownCallerCases: InvalidTestCase<MessageIds, Options>[] = [
  {
    code: `export class Connection {\n  constructor() {\n    process.on('exit', () => this.close());\n  }\n}`,
    errors: [
      { messageId: 'listenerLeak', data: { method: 'on', event: "'exit'", target: '`process`', targetText: 'process', where: 'the constructor of class `Connection`' } },
    ],
  },
  {
    code: `import { ipcRenderer } from 'electron';\nexport function request(id) {\n  ipcRenderer.on('reply', (event, msg) => resolve(id, msg));\n}`,
    errors: [
      {
        messageId: 'listenerLeak',
        data: { method: 'on', event: "'reply'", target: "`ipcRenderer` (imported from 'electron')", targetText: 'ipcRenderer', where: 'function `request`' },
      },
    ],
  },
  {
    code: `const bus = new EventEmitter();\nexport class Widget {\n  attach() {\n    bus.addListener('update', () => this.render());\n  }\n}`,
    errors: [
      {
        messageId: 'listenerLeak',
        data: { method: 'addListener', event: "'update'", target: '`bus` (a module-level object)', targetText: 'bus', where: 'method `attach` of class `Widget`' },
      },
    ],
  },
  {
    code: `const server = http.createServer(handle);\nexport function trackConnections(counter) {\n  server.on('connection', () => counter.inc()).on('close', () => counter.reset());\n}`,
    errors: [
      { messageId: 'listenerLeak', data: { method: 'on', event: "'close'", target: '`server` (a module-level object)', targetText: 'server', where: 'function `trackConnections`' } },
      { messageId: 'listenerLeak', data: { method: 'on', event: "'connection'", target: '`server` (a module-level object)', targetText: 'server', where: 'function `trackConnections`' } },
    ],
  },
  {
    // A removal with another function does not match.
    code: `export function run(job) {\n  process.on('SIGINT', () => job.cancel());\n  return job.done.finally(() => process.off('SIGINT', () => job.cancel()));\n}`,
    errors: [{ messageId: 'listenerLeak', data: { method: 'on', event: "'SIGINT'", target: '`process`', targetText: 'process', where: 'function `run`' } }],
  },
  {
    // Removal of another event does not match either.
    code: `export function run(job) {\n  const onAbort = () => job.cancel();\n  process.on('SIGINT', onAbort);\n  return job.done.finally(() => process.off('SIGTERM', onAbort));\n}`,
    errors: [{ messageId: 'listenerLeak', data: { method: 'on', event: "'SIGINT'", target: '`process`', targetText: 'process', where: 'function `run`' } }],
  },
  {
    // The same removal on another emitter does not match.
    code: `import { a, b } from './buses';\nexport function run(counter) {\n  const onTick = () => counter.inc();\n  a.on('tick', onTick);\n  b.off('tick', onTick);\n}`,
    errors: [{ messageId: 'listenerLeak', data: { method: 'on', event: "'tick'", target: "`a` (imported from './buses')", targetText: 'a', where: 'function `run`' } }],
  },
  {
    // A stable function added to an EventEmitter still piles up.
    code: `function onExit() { flush(); }\nexport function track() {\n  process.on('exit', onExit);\n}`,
    errors: [{ messageId: 'listenerLeak', data: { method: 'on', event: "'exit'", target: '`process`', targetText: 'process', where: 'function `track`' } }],
  },
  {
    code: `export class Tooltip {\n  show() {\n    document.body.addEventListener('click', () => this.hide());\n  }\n}`,
    errors: [
      {
        messageId: 'eventTargetListenerLeak',
        data: { method: 'addEventListener', event: "'click'", target: '`document.body`', targetText: 'document.body', where: 'method `show` of class `Tooltip`' },
      },
    ],
  },
  {
    // The member the removal passes holds another function.
    code: `export function onPointerDown(event) {\n  const drag = { x: event.clientX };\n  const onMove = () => follow(drag);\n  const onUp = () => window.removeEventListener('pointermove', drag.onUp);\n  window.addEventListener('pointermove', onMove);\n  drag.onMove = onMove;\n  drag.onUp = onUp;\n}`,
    errors: [{ messageId: 'eventTargetListenerLeak', data: { method: 'addEventListener', event: "'pointermove'", target: '`window`', targetText: 'window', where: 'function `onPointerDown`' } }],
  },
  {
    // Removed from another target: `window` does not hold a listener added to `document`.
    code: `export class Session {\n  onMove = () => this.touch();\n  watchIdle() {\n    document.addEventListener('pointermove', this.onMove);\n  }\n  stop() {\n    window.removeEventListener('pointermove', this.onMove);\n  }\n}`,
    errors: [
      {
        messageId: 'eventTargetListenerLeak',
        data: { method: 'addEventListener', event: "'pointermove'", target: '`document`', targetText: 'document', where: 'method `watchIdle` of class `Session`' },
      },
    ],
  },
  {
    // A new closure around the caller's function is added on every call.
    code: `export function watch(onChange) {\n  process.on('message', (m) => onChange(m));\n}`,
    errors: [{ messageId: 'listenerLeak', data: { method: 'on', event: "'message'", target: '`process`', targetText: 'process', where: 'function `watch`' } }],
  },
  {
    // Two instances, or an exported class: not a singleton.
    code: `class Preferences {\n  constructor() {\n    window.addEventListener('storage', (e) => this.reload(e));\n  }\n}\nexport const user = new Preferences();\nexport const team = new Preferences();`,
    errors: [
      {
        messageId: 'eventTargetListenerLeak',
        data: { method: 'addEventListener', event: "'storage'", target: '`window`', targetText: 'window', where: 'the constructor of class `Preferences`' },
      },
    ],
  },
  {
    code: `export class Preferences {\n  constructor() {\n    window.addEventListener('storage', (e) => this.reload(e));\n  }\n}\nexport default new Preferences();`,
    errors: [
      {
        messageId: 'eventTargetListenerLeak',
        data: { method: 'addEventListener', event: "'storage'", target: '`window`', targetText: 'window', where: 'the constructor of class `Preferences`' },
      },
    ],
  },
  {
    code: `export function watch(signal) {\n  process.on('message', (m) => handle(m), { signal });\n}`,
    errors: [{ messageId: 'signalIgnored', data: { method: 'on', event: "'message'", target: '`process`', targetText: 'process', where: 'function `watch`' } }],
  },
];

ruleTester.run('no-listener-leak', rule, {
  valid: [
    // One listener per element of a list, in code that runs once (module load) or whose repetition
    // the file cannot show (a constructor): a bounded number, not one more per run (held-out false
    // positives in a notification SDK's caches and a framework's router benchmarks).
    `for (const name of names) {\n  process.stdout.on('drain', () => flush(name));\n}`,
    `import findMyWay from 'find-my-way';\nimport { routes, handler } from './routes';\nconst router = findMyWay();\nfor (const route of routes) {\n  router.on(route.method, route.path, handler);\n}`,
    `const UPDATE_EVENTS = ['read', 'archive'];\nexport class NotificationsCache {\n  #emitter;\n  constructor({ emitter }) {\n    this.#emitter = emitter;\n    UPDATE_EVENTS.forEach((event) => {\n      this.#emitter.on(event, this.handle);\n    });\n  }\n  handle = () => {};\n}`,
    // A termination signal's handler runs as the process shuts down (held-out false positives in a
    // process manager's example apps).
    `import http from 'node:http';\nconst server = http.createServer();\nprocess.on('SIGINT', () => {\n  server.on('close', () => process.exit(0));\n  server.close();\n});`,
    // The same pass with a named function: `forEach(subscribe)` at module load runs it once per element.
    `const TOPICS = ['created', 'deleted'];\nfunction subscribe(topic) {\n  process.on(topic, () => flush(topic));\n}\nTOPICS.forEach(subscribe);`,
    // Without reportUnknownCallers: nothing in the file shows these run more than once.
    ...unknownCallerCases.map((c) => c.code),
    // Two property steps below a module-level binding need not be the same object over time: socket.io
    // replaces its engine on every reconnection, so one listener per engine does not pile up.
    `import { socket } from './socket';\nsocket.on('connect', () => {\n  socket.io.engine.on('upgrade', (transport) => log(transport));\n});`,
    // Test files: the process ends with the run (with reportUnknownCallers too).
    { code: `for (const t of cases) {\n  process.on('exit', () => t.done());\n}`, filename: 'tests/exit.test.ts' },
    { code: `export function startServer() {\n  process.on('SIGTERM', () => server.close());\n}\nexport function restart() {\n  process.on('SIGINT', () => server.close());\n}`, filename: 'test/harness.ts', options: [{ reportUnknownCallers: true }] },
    // A listener on an event that fires once, registered once.
    `import { app, ipcMain } from 'electron';\napp.on('ready', () => {\n  ipcMain.on('open-file', (event, path) => open(path));\n});`,
    // An instance's listeners on its own emitters live and die with it, even with reportUnknownCallers.
    { code: `export class Job extends EventEmitter {\n  constructor() {\n    super();\n    this.on('done', () => this.cleanup());\n    this.queue.on('drain', () => this.emit('done'));\n  }\n}`, options: [{ reportUnknownCallers: true }] },
    // A function of this file called only from start-up code.
    `function bindKeys() {\n  window.addEventListener('keydown', (e) => handle(e));\n}\nexport function init() {\n  bindKeys();\n}`,
    // Start-up routines run once per process (from real code: a server's start() and configureListeners()).
    `export async function start() {\n  process.on('unhandledRejection', (error) => log(error));\n}`,
    `function onExit() { flush(); }\nexport function init() {\n  process.on('exit', onExit);\n}`,
    `function configureListeners(server) {\n  process.on('SIGTERM', () => server.close());\n}\nexport { configureListeners };`,
    // Module level: added once.
    `process.on('SIGTERM', shutdown);`,
    `window.addEventListener('resize', onResize);`,
    // Functions that run once: main() called once, listen callback, module IIFE.
    `async function main() {\n  process.on('SIGINT', () => process.exit(0));\n}\nmain();`,
    `server.listen(3000, () => {\n  process.on('SIGTERM', () => server.close());\n});`,
    // once() and { once: true }.
    `export function connect() {\n  process.once('exit', () => cleanup());\n}`,
    `export function wait() {\n  window.addEventListener('load', () => start(), { once: true });\n}`,
    `const options = { once: true };\nexport function wait() {\n  document.addEventListener('DOMContentLoaded', () => start(), options);\n}`,
    // { signal } on addEventListener.
    `export function track(controller) {\n  window.addEventListener('scroll', () => save(), { signal: controller.signal });\n}`,
    `export function track(signal) {\n  document.addEventListener('keydown', (e) => handle(e), { passive: true, signal });\n}`,
    // events.on/once with a signal are static helpers, not listeners on the events module.
    `import events from 'node:events';\nexport async function* lines(emitter, signal) {\n  yield* events.on(emitter, 'line', { signal });\n}`,
    // Listeners on request-local objects.
    `app.get('/stream', (req, res) => {\n  req.on('close', () => res.end());\n  res.on('finish', () => log(req));\n});`,
    `export function fetchAll(url) {\n  const request = https.get(url);\n  request.on('response', (r) => r.pipe(out));\n}`,
    // Sockets a constructor creates live and die with the instance.
    `import net from 'node:net';\nexport class Client {\n  constructor() {\n    this.socket = net.connect(6379);\n    this.socket.on('data', (chunk) => this.onData(chunk));\n  }\n}`,
    // A module-level holder created again in the same function.
    `let ws;\nexport function connect(url) {\n  ws = new WebSocket(url);\n  ws.addEventListener('message', (e) => handle(e));\n}`,
    // Parameters are not known to be long-lived.
    `export function attach(emitter) {\n  emitter.on('data', (d) => handle(d));\n}`,
    // A matching removal with the same event and function binding.
    `export function run(job) {\n  const onAbort = () => job.cancel();\n  process.on('SIGINT', onAbort);\n  return job.done.finally(() => process.off('SIGINT', onAbort));\n}`,
    `export class View {\n  mount() { window.addEventListener('resize', this.onResize); }\n  unmount() { window.removeEventListener('resize', this.onResize); }\n}`,
    // Removed on completion, from inside the listener itself.
    `export function whenReady(cb) {\n  function onReady() {\n    bus.removeListener('ready', onReady);\n    cb();\n  }\n  bus.on('ready', onReady);\n}\nimport bus from './bus';`,
    // removeAllListeners for the event, or for everything.
    `const emitter = new EventEmitter();\nexport function listen(fn) {\n  emitter.on('tick', (t) => fn(t));\n}\nexport function reset() {\n  emitter.removeAllListeners('tick');\n}`,
    `const emitter = new EventEmitter();\nexport function listen(fn) {\n  emitter.on('tick', (t) => fn(t));\n}\nexport function reset() {\n  emitter.removeAllListeners();\n}`,
    // React: the effect's cleanup removes it.
    `function Menu() {\n  useEffect(() => {\n    const onKey = (e) => close(e);\n    document.addEventListener('keydown', onKey);\n    return () => document.removeEventListener('keydown', onKey);\n  }, []);\n}`,
    `function Menu() {\n  useEffect(() => {\n    const controller = new AbortController();\n    window.addEventListener('resize', () => measure(), { signal: controller.signal });\n    return () => controller.abort();\n  }, []);\n}`,
    `import { ipcRenderer } from 'electron';\nexport function request(id, resolve) {\n  const onReply = (event, msg) => {\n    ipcRenderer.removeListener('reply', onReply);\n    resolve(id, msg);\n  };\n  ipcRenderer.on('reply', onReply);\n}`,
    // APIs whose on() returns the unsubscribe function.
    `import { emitter } from './events';\nexport function subscribe(fn) {\n  const unbind = emitter.on('tick', fn);\n  return unbind;\n}`,
    `import { store } from './store';\nfunction Counter() {\n  useEffect(() => store.on('change', render), []);\n}`,
    // EventTarget ignores the same function added twice.
    `function onResize() { layout(); }\nexport function init() {\n  window.addEventListener('resize', onResize);\n}`,
    // Options this file cannot see get the benefit of the doubt.
    `export function watch(options) {\n  window.addEventListener('scroll', () => save(), options);\n}`,
    // A helper that takes the target first is not an emitter's own method.
    `const util = require('./util');\nexport function connect(socket) {\n  util.addListener(socket, 'error', (err) => destroy(socket, err));\n}`,
    // A router's on(method, path, handler) is not a listener.
    `const router = new FindMyWay();\nfor (const { method, url } of routes) {\n  router.on(method, url, () => true);\n}`,
    // The events module and its EventEmitter class are not emitters themselves.
    `import { EventEmitter } from 'node:events';\nexport function f(e) {\n  EventEmitter.on(e, 'x');\n}`,
    // The function is kept in a member and a removal elsewhere passes that member: a drag's move/up
    // listeners are stored on the drag's state and the up handler removes them (real code: drawing apps).
    {
      code: `export class Canvas {\n  handlePointerDown(event) {\n    const drag = { x: event.clientX, listeners: {} };\n    const onMove = this.makeMoveHandler(drag);\n    const onUp = this.makeUpHandler(drag);\n    window.addEventListener(Events.MOVE, onMove);\n    window.addEventListener(Events.UP, onUp);\n    drag.listeners.move = onMove;\n    drag.listeners.up = onUp;\n  }\n  makeUpHandler(drag) {\n    return () => {\n      window.removeEventListener(Events.MOVE, drag.listeners.move!);\n      window.removeEventListener(Events.UP, drag.listeners.up!);\n    };\n  }\n}\nimport { Events } from './events';`,
      filename: 'file.ts',
    },
    `export function makeToolbar() {\n  const onUp = (drag) => () => {\n    window.removeEventListener('pointermove', drag.onMove);\n  };\n  return (event) => {\n    const drag = { x: event.clientX };\n    const onMove = () => follow(drag);\n    window.addEventListener('pointermove', onMove);\n    drag.onMove = onMove;\n    window.addEventListener('pointerup', onUp(drag), { once: true });\n  };\n}`,
    // The same function removed with an event computed the same way (the same call, or each name of
    // the same list): real code in a React provider and an idle hook.
    // The effect returns early once a flag it sets is on (state or ref): its body runs once per
    // component, not on every re-run (held-out false positive in a docs site's scroll manager).
    `function useScrollRestore(el) {\n  const [restored, setRestored] = useState(false);\n  useEffect(() => {\n    if (!el || restored) return;\n    setRestored(true);\n    window.addEventListener('beforeunload', () => save(el.scrollTop));\n  }, [el, restored]);\n}`,
    `function useOnce() {\n  const started = useRef(false);\n  useEffect(() => {\n    if (started.current) {\n      return;\n    }\n    started.current = true;\n    window.addEventListener('online', sync);\n  });\n}`,
    `function Presence() {\n  useEffect(() => {\n    const onVisible = () => reconnect();\n    document.addEventListener(visibilityEventName(), onVisible);\n    return () => document.removeEventListener(visibilityEventName(), onVisible);\n  }, []);\n}`,
    `export function useActivity(events) {\n  useEffect(() => {\n    const onActivity = () => touch();\n    events.forEach((name) => window.addEventListener(name, onActivity));\n    return () => events.forEach((name) => window.removeEventListener(name, onActivity));\n  }, [events]);\n}`,
    // A registration helper: the listener is the caller's function, so whether listeners pile up is
    // the caller's doing (real code: a CLI's exit-signal helper and its --help hook).
    `export const onTermination = (handler) => {\n  for (const signal of ['SIGINT', 'SIGTERM', 'exit']) process.on(signal, handler);\n};`,
    `import cli from './cli';\nexport default function run({ onHelp, start }) {\n  if (onHelp) cli.on('--help', onHelp);\n  start(cli.parse(process.argv));\n}`,
    // A start-up routine handed to a call that runs once (real code: a CLI's `runner({ start })`).
    `import cluster from 'node:cluster';\nimport launch from './launch';\nlaunch({\n  name: 'api',\n  start(options) {\n    if (options.workers) {\n      cluster.on('exit', () => cluster.fork());\n    }\n  },\n});`,
    `import cluster from 'node:cluster';\nimport launch from './launch';\nlaunch({ start: function (options) {\n  cluster.on('exit', () => cluster.fork());\n} });`,
    // A class instantiated once, at module level, in its own file, and not exported itself: a singleton.
    `class Preferences {\n  constructor() {\n    window.addEventListener('storage', (e) => this.reload(e));\n  }\n}\nexport default new Preferences();`,
    `class Registry {\n  constructor() {\n    process.on('exit', () => this.flush());\n  }\n}\nexport const registry = new Registry();`,
    // A function handed to a browser page runs in that page: its listeners end with the page.
    `app.get('/shot', async (req, res) => {\n  await page.evaluate(() => {\n    window.addEventListener('resize', () => document.body.classList.add('resized'));\n  });\n  res.end(await page.screenshot());\n});`,
  ],
  invalid: [
    // Its twin adds the listener in Node, once per request.
    {
      code: `app.get('/shot', async (req, res) => {\n  window.addEventListener('resize', () => document.body.classList.add('resized'));\n  res.end(await page.screenshot());\n});`,
      errors: [{ messageId: 'eventTargetListenerLeak' }],
    },
    // A guard the effect never sets does not make it run once.
    {
      code: `function useScrollRestore(el) {\n  const [restored, setRestored] = useState(false);\n  useEffect(() => {\n    if (!el || restored) return;\n    window.addEventListener('beforeunload', () => save(el.scrollTop));\n  }, [el, restored]);\n}`,
      errors: [{ messageId: 'effectListenerLeak' }],
    },
    {
      code: `app.get('/report', (req, res) => {\n  process.on('unhandledRejection', (e) => res.status(500).end());\n});`,
      errors: [{ messageId: 'listenerLeak', data: { method: 'on', event: "'unhandledRejection'", target: '`process`', targetText: 'process', where: 'the GET route handler' } }],
    },
    {
      // A loop that runs until stopped adds one more on every pass.
      code: `while (running) {\n  await nextBatch();\n  process.stdout.on('drain', () => flush());\n}`,
      errors: [{ messageId: 'listenerLeak', data: { method: 'on', event: "'drain'", target: '`process.stdout`', targetText: 'process.stdout', where: 'a loop' } }],
    },
    {
      // SIGHUP asks for a reload, again and again.
      code: `import http from 'node:http';\nconst server = http.createServer();\nprocess.on('SIGHUP', () => {\n  server.on('close', () => server.listen(8080));\n  server.close();\n});`,
      errors: [{ messageId: 'listenerLeak' }],
    },
    {
      // The named-function pass inside a request handler: the handler repeats.
      code: `function subscribe(topic) {\n  process.on(topic, () => flush(topic));\n}\napp.post('/watch', (req, res) => {\n  req.body.topics.forEach(subscribe);\n  res.end();\n});`,
      errors: [{ messageId: 'listenerLeak', data: { method: 'on', event: 'topic', target: '`process`', targetText: 'process', where: 'function `subscribe`' } }],
    },
    {
      // A pass over a list inside a request handler: the handler repeats.
      code: `app.post('/watch', (req, res) => {\n  for (const name of req.body.names) process.on(name, () => flush(name));\n  res.end();\n});`,
      errors: [{ messageId: 'listenerLeak', data: { method: 'on', event: 'name', target: '`process`', targetText: 'process', where: 'the POST route handler' } }],
    },
    {
      code: `function Menu() {\n  useEffect(() => {\n    document.addEventListener('keydown', (e) => close(e));\n  }, []);\n}`,
      errors: [
        { messageId: 'effectListenerLeak', data: { hook: 'useEffect', event: "'keydown'", target: '`document`', targetText: 'document', removal: 'removeEventListener' } },
      ],
    },
    {
      // The cleanup removes another listener.
      code: `function Menu() {\n  React.useLayoutEffect(() => {\n    const onKey = (e) => close(e);\n    const onResize = () => measure();\n    window.addEventListener('keydown', onKey);\n    window.addEventListener('resize', onResize);\n    return () => window.removeEventListener('keydown', onKey);\n  }, []);\n}`,
      errors: [
        { messageId: 'effectListenerLeak', data: { hook: 'useLayoutEffect', event: "'resize'", target: '`window`', targetText: 'window', removal: 'removeEventListener' }, line: 6 },
      ],
    },
    {
      // In an effect even a module-level function needs its cleanup.
      code: `function onResize() {}\nfunction Layout() {\n  useEffect(() => {\n    window.addEventListener('resize', onResize);\n  }, []);\n}`,
      errors: [{ messageId: 'effectListenerLeak', data: { hook: 'useEffect', event: "'resize'", target: '`window`', targetText: 'window', removal: 'removeEventListener' } }],
    },
    {
      // The same computed event, another function.
      code: `export function follow(names) {\n  const onEvent = () => touch();\n  names.forEach((name) => window.addEventListener(name, () => touch()));\n  return () => names.forEach((name) => window.removeEventListener(name, onEvent));\n}`,
      options: [{ reportUnknownCallers: true }],
      errors: [{ messageId: 'eventTargetListenerLeak', data: { method: 'addEventListener', event: 'name', target: '`window`', targetText: 'window', where: 'a callback passed to `forEach`' } }],
    },
    {
      // The caller's function added in an effect: every mount adds it again.
      code: `export function useHotkey(handler) {\n  useEffect(() => {\n    window.addEventListener('keydown', handler);\n  }, [handler]);\n}`,
      errors: [{ messageId: 'effectListenerLeak', data: { hook: 'useEffect', event: "'keydown'", target: '`window`', targetText: 'window', removal: 'removeEventListener' } }],
    },
    {
      // A start-up routine handed to a call in a request handler runs per request.
      code: `import cluster from 'node:cluster';\napp.post('/scale', (req, res) => {\n  pool.launch({ start() {\n    cluster.on('exit', () => cluster.fork());\n  } });\n});`,
      errors: [{ messageId: 'listenerLeak', data: { method: 'on', event: "'exit'", target: "`cluster` (imported from 'cluster')", targetText: 'cluster', where: 'method `start`' } }],
    },
    {
      // Per element of an iteration, in a function whose callers are elsewhere: on request.
      code: `export function watchAll(names) {\n  names.forEach((name) => process.on(name, () => flush(name)));\n}`,
      options: [{ reportUnknownCallers: true }],
      errors: [{ messageId: 'listenerLeak', data: { method: 'on', event: 'name', target: '`process`', targetText: 'process', where: 'a callback passed to `forEach`' } }],
    },
    {
      // In the callback of another listener: every 'connect' adds one more.
      code: `import { socket } from './socket';\nsocket.on('connect', () => {\n  window.addEventListener('online', () => socket.emit('hello'));\n});`,
      errors: [{ messageId: 'eventTargetListenerLeak', data: { method: 'addEventListener', event: "'online'", target: '`window`', targetText: 'window', where: 'a callback passed to `on`' } }],
    },
    {
      // Every tick of an interval.
      code: `setInterval(() => {\n  process.on('warning', (w) => log(w));\n}, 1000);`,
      errors: [{ messageId: 'listenerLeak', data: { method: 'on', event: "'warning'", target: '`process`', targetText: 'process', where: 'a callback passed to `setInterval`' } }],
    },
    {
      // A class component's mount, with no removal in componentWillUnmount.
      code: `class Chat extends React.Component {\n  componentDidMount() {\n    window.addEventListener('resize', () => this.measure());\n  }\n}`,
      errors: [
        { messageId: 'eventTargetListenerLeak', data: { method: 'addEventListener', event: "'resize'", target: '`window`', targetText: 'window', where: 'method `componentDidMount` of class `Chat`' } },
      ],
    },
    {
      // A function of this file called only from a request handler.
      code: `function watchShutdown(res) {\n  process.on('SIGTERM', () => res.end());\n}\napp.get('/events', (req, res) => {\n  watchShutdown(res);\n});`,
      errors: [{ messageId: 'listenerLeak', data: { method: 'on', event: "'SIGTERM'", target: '`process`', targetText: 'process', where: 'function `watchShutdown`' } }],
    },
    {
      // A method called through this only from a request handler.
      code: `export class Server {\n  start() {\n    this.app.get('/events', (req, res) => this.watch(res));\n  }\n  watch(res) {\n    process.on('exit', () => res.end());\n  }\n}`,
      errors: [{ messageId: 'listenerLeak', data: { method: 'on', event: "'exit'", target: '`process`', targetText: 'process', where: 'method `watch` of class `Server`' } }],
    },
    {
      // An instance's emitter, per connection.
      code: `export class Hub {\n  constructor(server) {\n    server.on('connection', (socket) => {\n      this.bus.on('tick', () => socket.send('tick'));\n    });\n  }\n}`,
      errors: [{ messageId: 'listenerLeak', data: { method: 'on', event: "'tick'", target: '`this.bus`', targetText: 'this.bus', where: "the 'connection' event callback" } }],
    },
    {
      // A removal of another function, in a handler.
      code: `app.post('/jobs', (req, res) => {\n  process.on('SIGINT', () => req.job.cancel());\n  res.on('finish', () => process.off('SIGINT', () => req.job.cancel()));\n});`,
      errors: [{ messageId: 'listenerLeak', data: { method: 'on', event: "'SIGINT'", target: '`process`', targetText: 'process', where: 'the POST route handler' } }],
    },
    ...unknownCallerCases.map((c) => ({ ...c, options: [{ reportUnknownCallers: true }] as Options })),
  ],
});

/** The effect message for a listener on `window` that no cleanup removes. */
const windowEffectLeak = (event: string, line?: number): InvalidTestCase<MessageIds, Options>['errors'][number] => ({
  messageId: 'effectListenerLeak',
  data: { hook: 'useEffect', event, target: '`window`', targetText: 'window', removal: 'removeEventListener' },
  ...(line === undefined ? {} : { line }),
});

// A removal matches an add when both act on the same thing: the same target, the same event (a
// literal, or each element of the same list whatever the loop calls it), the same function, and
// for EventTarget the same capture flag.
ruleTester.run('no-listener-leak: which removal matches an add', rule, {
  valid: [
    // The capture flag written as a boolean on both sides.
    `function Dropdown() {
  useEffect(() => {
    const onFocusIn = (event) => track(event.target);
    document.addEventListener('focusin', onFocusIn, true);
    return () => document.removeEventListener('focusin', onFocusIn, true);
  }, []);
}
`,
    // \`true\` and \`{ capture: true }\` are the same flag.
    `function Dropdown() {
  useEffect(() => {
    const onFocusIn = (event) => track(event.target);
    window.addEventListener('focusin', onFocusIn, true);
    return () => window.removeEventListener('focusin', onFocusIn, { capture: true });
  }, []);
}
`,
    // No flag, \`false\` and \`{ capture: false }\` all mean the bubbling phase; passive does not
    // take part in removal.
    `function Feed() {
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
    // One options object passed to both calls.
    `const listenOptions = { capture: true, passive: true };

function Canvas() {
  useEffect(() => {
    const onPointer = (event) => draw(event);
    window.addEventListener('pointerdown', onPointer, listenOptions);
    return () => window.removeEventListener('pointerdown', onPointer, listenOptions);
  }, []);
}
`,
    // The flag read from a constant object on one side, written out on the other.
    `const phases = { capture: true };

function Canvas() {
  useEffect(() => {
    const onPointer = (event) => draw(event);
    window.addEventListener('pointerdown', onPointer, { capture: phases.capture });
    return () => window.removeEventListener('pointerdown', onPointer, true);
  }, []);
}
`,
    // A removal whose flag this file cannot read is given the benefit of the doubt.
    `export function useKeys(useCapture) {
  useEffect(() => {
    const onKey = (event) => press(event.key);
    window.addEventListener('keydown', onKey, true);
    return () => window.removeEventListener('keydown', onKey, useCapture);
  }, [useCapture]);
}
`,

    // Once, and a { signal } (a computed 'signal' key is still the signal), remove the listener
    // by construction whatever else the options say.
    `function Banner() {
  useEffect(() => {
    const controller = new AbortController();
    window.addEventListener('resize', () => fit(), { ['signal']: controller.signal, capture: true });
    window.addEventListener('load', () => fit(), { once: true, capture: true });
    return () => controller.abort();
  }, []);
}
`,
    // The same list walked by forEach, the loop variable named differently.
    `const ACTIVITY = ['pointermove', 'keydown', 'wheel'];

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
    // for...of with const on one side and let on the other.
    `const ACTIVITY = ['pointermove', 'keydown', 'wheel'];

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
    // Added in a forEach, removed in a for...of over the same list.
    `function IdleTimer({ events }) {
  useEffect(() => {
    const onActivity = () => resetTimer();
    events.forEach((name) => window.addEventListener(name, onActivity));
    return () => {
      for (const type of events) window.removeEventListener(type, onActivity);
    };
  }, [events]);
}
`,
    // Pairs of event and handler: each handler is read from the same place in the same element.
    `function Shortcuts() {
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
    // Pairs from a call over the same object: Object.entries(handlers) on both sides.
    `function Shortcuts({ handlers }) {
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
    {
      // A registration helper over the caller's list: each handler is the caller's function,
      // even when exported functions are judged.
      code: `export function onShutdown(handlers) {
  handlers.forEach((handler) => process.on('SIGTERM', handler));
}
`,
      options: [{ reportUnknownCallers: true }],
    },
    // An emitter's off takes no capture flag: a third argument there is not one.
    `import { EventEmitter } from 'node:events';

const bus = new EventEmitter();

app.post('/watch', (req, res) => {
  const onUpdate = (value) => res.write(String(value));
  bus.on('update', onUpdate);
  res.on('close', () => bus.off('update', onUpdate, true));
});
`,
  ],
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
      errors: [windowEffectLeak("'focusin'")],
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
      errors: [windowEffectLeak("'focusin'")],
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
      errors: [windowEffectLeak("'focusin'")],
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
      errors: [windowEffectLeak("'pointerdown'")],
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
          data: { method: 'addEventListener', event: 'name', target: '`window`', targetText: 'window', where: 'a callback passed to `forEach`' },
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
      errors: [{ messageId: 'effectListenerLeak', data: { hook: 'useEffect', event: 'event', target: '`document`', targetText: 'document', removal: 'removeEventListener' } }],
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
      errors: [{ messageId: 'effectListenerLeak', data: { hook: 'useEffect', event: 'event', target: '`document`', targetText: 'document', removal: 'removeEventListener' } }],
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
          data: { method: 'addEventListener', event: 'event', target: '`document`', targetText: 'document', where: 'a callback passed to `forEach`' },
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
      errors: [{ messageId: 'listenerLeak', data: { method: 'on', event: 'type', target: '`process`', targetText: 'process', where: 'the POST route handler' } }],
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

describe('no-listener-leak options', () => {
  it('refuses unknown options', () => {
    const linter = new Linter();
    expect(() =>
      linter.verify('x();', [{ plugins: { leakproof: plugin as never }, rules: { 'leakproof/no-listener-leak': ['error', { targets: ['bus'] }] } }]),
    ).toThrow(/no-listener-leak/);
  });
});
