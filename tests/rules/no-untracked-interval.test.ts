import { Linter } from 'eslint';
import { describe, expect, it } from 'vitest';
import rule from '../../rules/no-untracked-interval.js';
import plugin from '../../src/index.js';
import { codemodSuggestion, ruleTester } from '../helpers/rule-tester.js';

/** Poller (below) as the track-tasks codemod leaves it. */
const poller = `export class Poller {
  start() {
    this.pollInterval = setInterval(() => this.poll(), 1000);
    this.flushInterval = setInterval(() => this.flush(), 5000);
  }

  stop() {
    clearInterval(this.pollInterval);
    clearInterval(this.flushInterval);
    this.running = false;
  }
}
`;

ruleTester.run('no-untracked-interval', rule, {
  valid: [
    // Start-up routines run once per process (from real code: a service's exported init()).
    `let timer;\nexport function start() {\n  timer = setInterval(poll, 1000);\n}`,
    `export default function init(app, server) {\n  setInterval(() => server.getConnections(log), 5000);\n  return app;\n}`,
    `export async function start(id: number) {\n  setInterval(checkUpdates, 24 * 3600 * 1000).unref();\n}`,
    `const configureHousekeeping = () => {\n  setInterval(sweep, 60_000);\n};\nexport { configureHousekeeping };`,
    // Module level: runs once, allowed by default.
    `setInterval(() => flush(), 1000);`,
    // Module level with unref(), even when module-level intervals are reported.
    { code: `setInterval(() => flush(), 1000).unref();`, options: [{ reportModuleLevel: true }] },
    { code: `const metrics = setInterval(() => flush(), 1000);\nmetrics.unref();`, options: [{ reportModuleLevel: true }] },
    // Module level and cleared on shutdown.
    {
      code: `const metrics = setInterval(() => flush(), 1000);\nprocess.on('SIGTERM', () => clearInterval(metrics));`,
      options: [{ reportModuleLevel: true }],
    },
    // A module-level loop that runs a fixed number of times: a fixed set of intervals at load,
    // like writing each out (from real code: one heartbeat per demo client, three clients).
    `const CLIENTS_COUNT = 3;\nfor (let i = 0; i < CLIENTS_COUNT; i++) {\n  const socket = connect(i);\n  setInterval(() => socket.emit('hello'), 2000);\n}`,
    `for (const queue of ['mail', 'thumbnails']) {\n  setInterval(() => report(queue), 10_000);\n}`,
    // A function called once from module level runs once.
    `async function main() {\n  await connect();\n  setInterval(report, 5000);\n}\nmain().catch(console.error);`,
    `server.listen(3000, () => {\n  setInterval(sweep, 60_000);\n});`,
    // The callback of a start-up call (connect, start, init…) made at load runs once (held-out
    // false positives in a process manager's example apps).
    `const pm2 = require('pm2');\npm2.connect(function () {\n  setInterval(function () {\n    pm2.restart('echo', () => {});\n  }, 2000);\n});`,
    `const pm2 = require('pm2');\npm2.connect(() => {\n  pm2.start('echo.js', () => {\n    setInterval(() => pm2.restart('echo', () => {}), 2000);\n  });\n});`,
    // A start-up routine assigned to a module-level object's property (a terminal dashboard's init).
    `const Dashboard = {};\nDashboard.init = function () {\n  setInterval(() => Dashboard.render(), 300);\n  return this;\n};\nmodule.exports = Dashboard;`,
    // A command's entry point, named cli like main (held-out false positive in a load-test tool).
    `export function cli(main) {\n  const started = Date.now();\n  setInterval(() => render(Date.now() - started), 1000);\n  return main();\n}`,
    // A lifecycle hook of the object a configuration file exports runs once per process (held-out
    // false positive in a microservice framework's docker example config).
    {
      code: `module.exports = {\n  nodeID: 'client',\n  started(broker) {\n    broker.waitForServices('worker').then(() => {\n      setInterval(() => broker.call('worker.ping'), 1000);\n    });\n  },\n};`,
      filename: 'examples/docker/moleculer.config.js',
    },
    {
      code: `export default defineConfig({\n  ready() {\n    setInterval(report, 5000);\n  },\n});`,
      filename: 'tool.config.ts',
    },
    `const io = require('@pm2/io');\nio.initModule({ widget: {} }, (err, conf) => {\n  setInterval(() => report(conf), 300);\n});`,
    `(() => {\n  setInterval(sweep, 60_000);\n})();`,
    // Handle kept in a field that stop() clears.
    `class Poller {\n  start() {\n    this.timer = setInterval(() => this.poll(), 1000);\n  }\n  stop() {\n    clearInterval(this.timer);\n  }\n}`,
    // The same with a private field, and with a field initializer.
    `class Poller {\n  #timer;\n  start() { this.#timer = setInterval(() => this.poll(), 1000); }\n  stop() { clearInterval(this.#timer); }\n}`,
    `class Heartbeat {\n  timer = setInterval(() => this.beat(), 1000);\n  close() { clearInterval(this.timer); }\n}`,
    // Cleared through a local copy, through Timeout#close() and through disposal.
    `class Poller {\n  start() { this.timer = setInterval(poll, 1000); }\n  stop() { const t = this.timer; clearInterval(t); }\n}`,
    `class Poller {\n  start() { this.timer = setInterval(poll, 1000); }\n  stop() { this.timer.close(); }\n}`,
    `class Poller {\n  start() { this.timer = setInterval(poll, 1000); }\n  [Symbol.dispose]() { this.timer[Symbol.dispose](); }\n}`,
    // Cleared from outside the class, through an instance.
    `class Poller {\n  start() { this.timer = setInterval(poll, 1000); }\n}\nexport function shutdown(poller) { clearInterval(poller.timer); }`,
    // Returned handles.
    `export function every(ms, fn) {\n  return setInterval(fn, ms);\n}`,
    `export function startPolling() {\n  const timer = setInterval(poll, 1000);\n  return timer;\n}`,
    `export function startPolling() {\n  const timer = setInterval(poll, 1000);\n  return () => clearInterval(timer);\n}`,
    `export function startPolling() {\n  const timer = setInterval(poll, 1000);\n  return { stop: () => clearInterval(timer) };\n}`,
    // Passed on to something that owns it.
    `export function watch(registry) {\n  registry.add(setInterval(poll, 1000));\n}`,
    `export function watch(timers) {\n  const timer = setInterval(poll, 1000);\n  timers.push(timer);\n}`,
    // Stored where the module clears it.
    `let timer;\nexport function start() {\n  timer = setInterval(poll, 1000);\n}\nexport function stop() {\n  clearInterval(timer);\n}`,
    // Exported holder: whoever imports it may clear it.
    `export let timer;\nexport function start() {\n  timer = setInterval(poll, 1000);\n}`,
    // Cleared from inside its own callback.
    `export function waitFor(check) {\n  return new Promise((resolve) => {\n    const timer = setInterval(() => {\n      if (check()) { clearInterval(timer); resolve(); }\n    }, 100);\n  });\n}`,
    // using disposes it at the end of the block.
    `export async function run() {\n  using timer = setInterval(tick, 1000);\n  await work();\n}`,
    // React effect whose cleanup clears it.
    `function Clock() {\n  useEffect(() => {\n    const id = setInterval(tick, 1000);\n    return () => clearInterval(id);\n  }, []);\n}`,
    // A keep-alive cleared when the response closes.
    `app.get('/events', (req, res) => {\n  const keepAlive = setInterval(() => res.write(':\\n\\n'), 15_000);\n  res.on('close', () => clearInterval(keepAlive));\n});`,
    // Stored on some other object: this file cannot tell who clears it.
    `export function attach(state) {\n  state.timer = setInterval(poll, 1000);\n}`,
    // Not the global setInterval.
    `export function f(setInterval) {\n  setInterval(poll, 1000);\n}`,
    `import { setInterval } from 'node:timers/promises';\nexport async function f() {\n  for await (const _ of setInterval(1000)) poll();\n}`,
    // A plain function's \`this\` is its caller's business.
    `export function start() {\n  this.timer = setInterval(poll, 1000);\n}`,
    // setTimeout is not an interval.
    `export function later() {\n  setTimeout(poll, 1000);\n}`,
    // A start-once guard on the handle's field in a class built once (held-out false positive in
    // a feature-flag server's job store): one interval for the process.
    `class JobStore {\n  jobs = new Map();\n  sweeper = null;\n  add(job) {\n    this.jobs.set(job.id, job);\n    this.ensureSweeper();\n  }\n  ensureSweeper() {\n    if (this.sweeper) return;\n    this.sweeper = setInterval(() => this.sweep(), 60_000);\n    this.sweeper.unref();\n  }\n  sweep() {}\n}\nexport const jobStore = new JobStore();`,
    // A branch taken only when the command line names a flag runs once per command: a CLI's watch
    // mode refreshes until the user quits (held-out false positive in a process manager's listing).
    `
      export function list(client, opts) {
        client.request('status', (err, rows) => {
          if (opts.rawArgs.indexOf('--watch') > -1) {
            const show = () => client.request('status', (e, latest) => render(latest));
            show();
            setInterval(show, 1000);
            return;
          }
          render(rows);
        });
      }
    `,
    `export function tail(file) {\n  if (process.argv.includes('--follow')) setInterval(() => printNew(file), 500);\n}`,
    // A function handed to a browser page runs in that page (held-out false positive in a WhatsApp
    // automation library that silences page errors on every new document).
    `export async function preparePage(page) {\n  await page.evaluateOnNewDocument(() => {\n    setInterval(() => {\n      window.onerror = console.error;\n    }, 500);\n  });\n}`,
    // In a test or a one-shot script an unref()'d interval cannot hold the run open (held-out false
    // positive in an Ethereum library's provider tests).
    {
      code: `function createProvider(handle) {\n  let blockNumber = 1;\n  const ticker = setInterval(() => { blockNumber++; }, 100);\n  if (ticker.unref) { ticker.unref(); }\n  return new FakeProvider(handle, () => blockNumber);\n}\nexport { createProvider };`,
      filename: 'src.ts/_tests/test-providers-jsonrpc.ts',
    },
    {
      code: `export function watch(file) {\n  setInterval(() => report(file), 1000).unref();\n}`,
      filename: 'scripts/watch-size.js',
    },
    // A page fires DOMContentLoaded and load once (held-out false positive in a mail gateway's
    // admin pages, which refresh relative times on a timer for the life of the page).
    `document.addEventListener('DOMContentLoaded', () => {\n  const update = () => renderRelativeTimes();\n  update();\n  setInterval(update, 15_000);\n});`,
    `window.addEventListener('load', function () {\n  setInterval(pollStatus, 5000);\n});`,
    // A method of the module's one instance, reached only through calls that run once (held-out
    // false positive in the same gateway's worker thread: a heartbeat to the main thread).
    `class ConnectionHandler {\n  async init() {\n    await this.connect();\n    this.startHeartbeat();\n  }\n  startHeartbeat() {\n    setInterval(() => parentPort.postMessage({ cmd: 'heartbeat' }), 10_000).unref();\n  }\n  async connect() {}\n}\nlet handler = new ConnectionHandler();\nasync function main() {\n  await handler.init();\n}\nmain();`,
    // A handler of a termination signal runs on the way out, once (held-out false positive in an
    // SDK's test fixture that keeps its process alive while it shuts down slowly).
    `import process from 'node:process';\nconst server = await start();\nconst keepAlive = setInterval(() => {}, 60_000);\nconst shutDownSlowly = async (signal) => {\n  await server.log(\`received \${signal}\`);\n  clearInterval(keepAlive);\n  setInterval(() => {}, 30_000);\n};\nprocess.on('SIGINT', shutDownSlowly);\nprocess.on('SIGTERM', shutDownSlowly);`,
    `process.on('SIGTERM', () => {\n  setInterval(() => logger.info('draining'), 1000);\n  server.close(() => process.exit(0));\n});`,
  ],
  invalid: [
    // The suggestion is the track-tasks codemod's rewrite: keep the handle, clear it in the class's
    // teardown. Both intervals are cleared by one edit of stop(), so either suggestion rewrites both.
    {
      filename: 'poller.js',
      code: `export class Poller {
  start() {
    setInterval(() => this.poll(), 1000);
    setInterval(() => this.flush(), 5000);
  }

  stop() {
    this.running = false;
  }
}
`,
      errors: [
        { messageId: 'discardedInterval', line: 3, suggestions: [{ messageId: 'clearInTeardown', output: poller }] },
        { messageId: 'discardedInterval', line: 4, suggestions: [{ messageId: 'clearInTeardown', output: poller }] },
      ],
    },
    // Twins: a reload signal (SIGHUP) can come again and again, and so can a message.
    {
      code: `process.on('SIGHUP', () => {\n  setInterval(() => reloadConfig(), 1000);\n});`,
      errors: [{ messageId: 'discardedInterval' }],
    },
    {
      code: `const onSignal = () => {\n  setInterval(() => logger.info('draining'), 1000);\n};\nprocess.on('SIGTERM', onSignal);\nworker.on('message', onSignal);`,
      errors: [{ messageId: 'discardedInterval' }],
    },
    // Twins: the interval is not unref()'d in the test, or is unref()'d in long-running source, or
    // is started in Node when a page loads.
    {
      code: `function createProvider(handle) {\n  let blockNumber = 1;\n  const ticker = setInterval(() => { blockNumber++; }, 100);\n  return new FakeProvider(handle, () => blockNumber);\n}\nexport { createProvider };`,
      filename: 'src.ts/_tests/test-providers-jsonrpc.ts',
      errors: [{ messageId: 'intervalNeverCleared' }],
    },
    {
      code: `export function watch(file) {\n  setInterval(() => report(file), 1000).unref();\n}`,
      filename: 'src/watch-size.js',
      errors: [{ messageId: 'discardedInterval' }],
    },
    {
      code: `export async function preparePage(page) {\n  page.on('load', () => {\n    setInterval(() => page.evaluate(() => window.scrollBy(0, 10)), 500);\n  });\n}`,
      errors: [{ messageId: 'discardedInterval' }],
    },
    // Twins: a load listener added per call, and a button's click listener.
    {
      code: `export function mount() {\n  window.addEventListener('load', () => {\n    setInterval(pollStatus, 5000);\n  });\n}`,
      errors: [{ messageId: 'discardedInterval' }],
    },
    {
      code: `document.getElementById('refresh').addEventListener('click', () => {\n  setInterval(pollStatus, 5000);\n});`,
      errors: [{ messageId: 'discardedInterval' }],
    },
    // Twins of the singleton's heartbeat: its method also runs per message, the instance is handed
    // on (so callers elsewhere may start it again), or the class is built per connection.
    {
      code: `class ConnectionHandler {\n  async init() {\n    this.startHeartbeat();\n  }\n  startHeartbeat() {\n    setInterval(() => parentPort.postMessage({ cmd: 'heartbeat' }), 10_000).unref();\n  }\n}\nconst handler = new ConnectionHandler();\nhandler.init();\nparentPort.on('message', () => handler.startHeartbeat());`,
      errors: [{ messageId: 'discardedInterval' }],
    },
    {
      code: `class ConnectionHandler {\n  init() {\n    this.startHeartbeat();\n  }\n  startHeartbeat() {\n    setInterval(() => parentPort.postMessage({ cmd: 'heartbeat' }), 10_000).unref();\n  }\n}\nconst handler = new ConnectionHandler();\nhandler.init();\nregister(handler);`,
      errors: [{ messageId: 'discardedInterval' }],
    },
    {
      code: `class ConnectionHandler {\n  init() {\n    this.startHeartbeat();\n  }\n  startHeartbeat() {\n    setInterval(() => parentPort.postMessage({ cmd: 'heartbeat' }), 10_000).unref();\n  }\n}\nserver.on('connection', () => new ConnectionHandler().init());`,
      errors: [{ messageId: 'discardedInterval' }],
    },
    // The twins of a configuration file's hook: the same object as a service module, and a hook
    // that runs per request.
    {
      code: `module.exports = {\n  name: 'emitter',\n  started() {\n    setInterval(() => this.broker.emit('tick'), 1000);\n  },\n};`,
      filename: 'services/emitter.service.js',
      errors: [{ messageId: 'discardedInterval' }],
    },
    {
      code: `module.exports = {\n  onRequest(req) {\n    setInterval(() => req.log('still here'), 1000);\n  },\n};`,
      filename: 'server.config.js',
      errors: [{ messageId: 'discardedInterval' }],
    },
    // The twins: a flag that is not a command-line flag, a branch the interval is not in, and a
    // flagged branch that registers a handler (which runs per request).
    {
      code: `export function tail(req, file) {\n  if (req.query.follow) setInterval(() => printNew(file), 500);\n}`,
      errors: [{ messageId: 'discardedInterval' }],
    },
    {
      code: `export function tail(file) {\n  if (process.argv.includes('--follow')) printNew(file);\n  else setInterval(() => printNew(file), 500);\n}`,
      errors: [{ messageId: 'discardedInterval' }],
    },
    {
      code: `export function serve(app) {\n  if (process.argv.includes('--live')) {\n    app.get('/feed', (req, res) => {\n      setInterval(() => res.write('.'), 500);\n    });\n  }\n}`,
      errors: [{ messageId: 'discardedInterval', suggestions: codemodSuggestion }],
    },
    // The twins: the class is built per call, the guard checks another field, or the class is
    // exported (callers elsewhere may build many).
    {
      code: `class JobStore {\n  sweeper = null;\n  ensureSweeper() {\n    if (this.sweeper) return;\n    this.sweeper = setInterval(() => this.sweep(), 60_000);\n  }\n  sweep() {}\n}\nexport function storeFor() {\n  return new JobStore();\n}`,
      errors: [{ messageId: 'intervalNeverCleared' }],
    },
    {
      code: `class JobStore {\n  sweeper = null;\n  ensureSweeper() {\n    if (this.started) return;\n    this.sweeper = setInterval(() => this.sweep(), 60_000);\n  }\n  sweep() {}\n}\nexport const jobStore = new JobStore();`,
      errors: [{ messageId: 'intervalNeverCleared' }],
    },
    {
      code: `export class JobStore {\n  sweeper = null;\n  ensureSweeper() {\n    if (this.sweeper) return;\n    this.sweeper = setInterval(() => this.sweep(), 60_000);\n  }\n  sweep() {}\n}\nexport const jobStore = new JobStore();`,
      errors: [{ messageId: 'intervalNeverCleared' }],
    },
    // Any other property, or a start-up name assigned inside a function (per call of it).
    {
      code: `const Dashboard = {};\nDashboard.refresh = function () {\n  setInterval(() => Dashboard.render(), 300);\n};\nmodule.exports = Dashboard;`,
      errors: [{ messageId: 'discardedInterval', data: { where: 'function `refresh`' } }],
    },
    {
      code: `export function mount(widget) {\n  widget.init = function () {\n    setInterval(() => widget.render(), 300);\n  };\n}`,
      errors: [{ messageId: 'discardedInterval' }],
    },
    // A start-up call made per request, and a 'connect' event (which fires on every reconnect).
    {
      code: `app.get('/watch', (req, res) => {\n  db.connect(() => {\n    setInterval(() => poll(req.query.id), 1000);\n  });\n  res.end();\n});`,
      errors: [{ messageId: 'discardedInterval' }],
    },
    {
      code: `socket.on('connect', () => {\n  setInterval(() => socket.emit('ping'), 1000);\n});`,
      errors: [{ messageId: 'discardedInterval' }],
    },
    // A loop whose count the code does not fix, or a fixed loop inside code that runs again and again.
    {
      code: `for (let i = 0; i < clients.length; i++) {\n  setInterval(() => clients[i].ping(), 2000);\n}`,
      errors: [{ messageId: 'discardedInterval' }],
    },
    {
      code: `export function connectAll() {\n  for (let i = 0; i < 3; i++) {\n    setInterval(() => ping(i), 2000);\n  }\n}`,
      errors: [{ messageId: 'discardedInterval' }],
    },
    {
      // A method named start runs once per instance: not a start-up routine.
      code: `export class Poller {\n  start() {\n    setInterval(() => this.poll(), 1000);\n  }\n  poll() {}\n}`,
      errors: [{ messageId: 'discardedInterval' }],
    },
    {
      code: `export function startJob(id: number) {\n  setInterval(() => beat(id), 1000);\n}`,
      errors: [{ messageId: 'discardedInterval' }],
    },
    {
      code: `class Poller {\n  start() {\n    setInterval(() => this.poll(), 1000);\n  }\n}`,
      errors: [{ messageId: 'discardedInterval', data: { where: 'method `start` of class `Poller`' }, line: 3 }],
    },
    {
      code: `export function connect(socket) {\n  setInterval(() => socket.ping(), 30_000).unref();\n}`,
      errors: [{ messageId: 'discardedInterval', data: { where: 'function `connect`' } }],
    },
    {
      code: `export function connect(socket) {\n  void setInterval(() => socket.ping(), 30_000);\n}`,
      errors: [{ messageId: 'discardedInterval', data: { where: 'function `connect`' } }],
    },
    {
      code: `class Cache {\n  constructor() {\n    globalThis.setInterval(() => this.sweep(), 60_000);\n  }\n}`,
      errors: [{ messageId: 'discardedInterval', data: { where: 'the constructor of class `Cache`' } }],
    },
    {
      code: `import { setInterval as every } from 'node:timers';\nimport timers from 'timers';\nexport function a() { timers.setInterval(poll, 10); }`,
      errors: [{ messageId: 'discardedInterval', data: { where: 'function `a`' } }],
    },
    {
      // A local that is never cleared, returned or passed on is no better than no handle.
      code: `export function startPolling() {\n  const timer = setInterval(poll, 1000);\n  timer.unref();\n  console.log('polling');\n}`,
      errors: [{ messageId: 'intervalNeverCleared', data: { where: 'function `startPolling`', holder: 'local `timer`' } }],
    },
    {
      // A field that no method clears.
      code: `class Poller {\n  start() {\n    this.timer = setInterval(() => this.poll(), 1000);\n  }\n  stop() {\n    this.running = false;\n  }\n}`,
      errors: [{ messageId: 'intervalNeverCleared', data: { where: 'method `start` of class `Poller`', holder: '`this.timer`' }, suggestions: codemodSuggestion }],
    },
    {
      // Another class's method clearing its own field does not count.
      code: `class A {\n  start() { this.#timer = setInterval(poll, 1000); }\n  #timer;\n}\nclass B {\n  #timer;\n  stop() { this.#timer = null; }\n}`,
      errors: [{ messageId: 'intervalNeverCleared', data: { where: 'method `start` of class `A`', holder: '`this.#timer`' } }],
    },
    {
      code: `let timer;\nexport function schedule() {\n  timer = setInterval(poll, 1000);\n}`,
      errors: [{ messageId: 'intervalNeverCleared', data: { where: 'function `schedule`', holder: '`timer`' } }],
    },
    {
      code: `function Clock() {\n  useEffect(() => {\n    setInterval(tick, 1000);\n  }, []);\n}`,
      errors: [{ messageId: 'discardedInterval', data: { where: 'a useEffect callback' }, suggestions: codemodSuggestion }],
    },
    {
      code: `app.get('/events', (req, res) => {\n  setInterval(() => res.write(':\\n\\n'), 15_000);\n});`,
      errors: [{ messageId: 'discardedInterval', data: { where: 'the GET route handler' }, suggestions: codemodSuggestion }],
    },
    {
      code: `class Heartbeat {\n  timer = setInterval(() => this.beat(), 1000);\n}`,
      errors: [{ messageId: 'intervalNeverCleared', data: { where: 'a class field initializer', holder: '`this.timer`' } }],
    },
    {
      code: `for (const server of servers) {\n  setInterval(() => server.ping(), 1000);\n}`,
      errors: [{ messageId: 'discardedInterval', data: { where: 'a loop' } }],
    },
    {
      code: `class Ticker {\n  start = () => {\n    setInterval(() => this.tick(), 1000);\n  };\n}`,
      errors: [{ messageId: 'discardedInterval', data: { where: 'method `start` of class `Ticker`' } }],
    },
    {
      // Called twice: it does not run once.
      code: `function start() {\n  setInterval(poll, 1000);\n}\nstart();\nstart();`,
      errors: [{ messageId: 'discardedInterval', data: { where: 'function `start`' } }],
    },
    {
      code: `setInterval(() => flush(), 1000);`,
      options: [{ reportModuleLevel: true }],
      errors: [
        {
          messageId: 'intervalKeepsProcessAlive',
          suggestions: [{ messageId: 'addUnref', output: `setInterval(() => flush(), 1000).unref();` }],
        },
      ],
    },
    {
      code: `const metrics = setInterval(() => flush(), 1000);`,
      options: [{ reportModuleLevel: true }],
      errors: [
        {
          messageId: 'intervalKeepsProcessAlive',
          suggestions: [{ messageId: 'addUnref', output: `const metrics = setInterval(() => flush(), 1000).unref();` }],
        },
      ],
    },
  ],
});

describe('no-untracked-interval options', () => {
  it('refuses an unknown option, naming it', () => {
    const linter = new Linter();
    expect(() =>
      linter.verify('setInterval(f, 1);', [{ plugins: { leakproof: plugin as never }, rules: { 'leakproof/no-untracked-interval': ['error', { reportModuleLevl: true }] } }]),
    ).toThrow(/reportModuleLevl/);
  });
});
