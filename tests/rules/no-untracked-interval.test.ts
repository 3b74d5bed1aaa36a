import { fileURLToPath } from 'node:url';
import { Linter } from 'eslint';
import { describe, expect, it } from 'vitest';
import rule, { type Options } from '../../rules/no-untracked-interval.js';
import plugin from '../../src/index.js';
import {
  createUntrackedIntervalDetector,
  type UntrackedIntervalOptions,
} from '../../src/families/tasks/untracked-interval.js';
import { checkExemptions } from '../helpers/exemptions.js';
import { codemodSuggestion, ruleTester } from '../helpers/rule-tester.js';

/** A file in one of tests/fixtures/packages: only its package.json is read, to tell a library from an application. */
const inPackage = (name: string, file: string): string =>
  fileURLToPath(new URL(`../fixtures/packages/${name}/${file}`, import.meta.url));

/** The detector's options for the rule's, as the rule passes them. */
const detectorOptions = (options: Options | undefined): UntrackedIntervalOptions => ({
  reportModuleLevel: options?.[0]?.reportModuleLevel ?? false,
  reportUnknownCallers: options?.[0]?.reportUnknownCallers ?? false,
});

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

/** Two intervals started per start(), and `stop` as the body of stop(). */
const housekeeper = (stop: string): string => `export class Housekeeper {
  async start() {
    await this.stop();
    this._trashInterval = setInterval(() => this.deleteTrash(), 60_000);
    this._metricsInterval = setInterval(() => this.logMetrics(), 60_000);
  }
  async stop() {
    ${stop}
  }
}`;

/** A `for…in` over a list of the members' names: it walks the indexes. */
const byIndex = `for (const name in ['_trashInterval', '_metricsInterval']) clearInterval(this[name]);`;

/** A class whose init() starts a heartbeat: how often that runs depends on how the class is used. */
const connectionHandler = `class ConnectionHandler {
  init() {
    this.startHeartbeat();
  }
  startHeartbeat() {
    setInterval(() => parentPort.postMessage({ cmd: 'heartbeat' }), 10_000).unref();
  }
}
`;

/** A first-time flag lowered when the client first connects: one interval per process. */
const firstConnectGuard = `let firstConnect = true;
const client = connect(url);
client.on('connect', () => {
  if (firstConnect) {
    firstConnect = false;
    setInterval(() => client.publish('beat', '1'), 1000);
  }
});`;

ruleTester.run('no-untracked-interval', rule, {
  valid: checkExemptions(
    [
      // A root singleton's method named like a teardown ends one of its things (a tab), not the
      // service, which the app builds once (set 34: a terminal's app service).
      {
        code: `import { Injectable } from '@angular/core';
@Injectable({ providedIn: 'root' })
export class AppService {
  constructor() {
    setInterval(() => this.tick(), 1000);
  }
  closeTab(tab) {
    this.tabs = this.tabs.filter((t) => t !== tab);
  }
  tick() {}
}`,
        exemptBy: 'not-shown-repeated',
      },
      // Code that runs only while the module loads runs once per process, a pass over a list there
      // and a helper called twice from there included (frequency merge: these were reported before).
      {
        code: `for (let i = 0; i < clients.length; i++) {
  setInterval(() => clients[i].ping(), 2000);
}`,
        exemptBy: 'runs-once',
      },
      {
        code: `for (const server of servers) {
  setInterval(() => server.ping(), 1000);
}`,
        exemptBy: 'runs-once',
      },
      {
        code: `function start() {
  setInterval(poll, 1000);
}
start();
start();`,
        exemptBy: 'runs-once',
      },
      // Behind a once-guard on a module-level flag, code runs once per process however often its
      // function is called (held-out false positive: a shutdown poll in a cluster primary).
      {
        code: `let didGracefulExit = false;
export function gracefulExit() {
  if (didGracefulExit) return;
  didGracefulExit = true;
  setInterval(maybeExit, 1000);
}`,
        exemptBy: 'runs-once',
      },
      // The flag raised at the function's end, after the awaits: once a run has finished, every
      // later one returns (set 38: a bot's listeners registered when all shards are first ready).
      {
        code: `let ready = false;
export async function onAllShardsReady(client) {
  if (ready) return;
  await client.loadCommands();
  setInterval(refreshPresence, 60_000);
  ready = true;
}`,
        exemptBy: 'runs-once',
      },
      {
        code: `let started = false;
export function startHeartbeat() {
  if (!started) {
    started = true;
    setInterval(beat, 1000);
  }
}`,
        exemptBy: 'runs-once',
      },
      // The once-guard anywhere between the function and the interval, its test a conjunction
      // (set 36: a benchmark CLI's rate logger, started once when the last connection subscribes).
      {
        code: `let isLogged = false;
let connected = 0;
export function watch(client, count) {
  client.on('connect', () => {
    connected += 1;
    try {
      if (connected === count && !isLogged) {
        report();
        isLogged = true;
        setInterval(logRate, 1000);
      }
    } catch (error) {
      process.exit(1);
    }
  });
}`,
        exemptBy: 'runs-once',
      },
      // A first-time flag, only ever lowered: code behind it runs once per flag, here once per
      // connection the module opens at start-up.
      {
        code: firstConnectGuard,
        exemptBy: 'runs-once',
      },
      // A first-time flag per connection, lowered by the connection's 'reconnect' listener (set 36:
      // a benchmark CLI publishes on one interval per simulated connection): once per flag, so as
      // often as the function that makes the flags, here once.
      {
        code: `async function main(count) {
  const isNew = Array(count).fill(true);
  for (let i = 1; i <= count; i++) {
    const client = connect(i);
    client.on('connect', () => {
      if (isNew[i - 1]) {
        setInterval(() => client.publish('t', 'm'), 1000);
      } else {
        log('reconnected');
      }
    });
    client.on('reconnect', () => {
      isNew[i - 1] = false;
    });
  }
}
main(10);`,
        exemptBy: 'runs-once',
      },
      // Start-up routines run once per process (from real code: a service's exported init()).
      {
        code: `let timer;
export function start() {
  timer = setInterval(poll, 1000);
}`,
        exemptBy: 'runs-once',
      },
      {
        code: `export default function init(app, server) {
  setInterval(() => server.getConnections(log), 5000);
  return app;
}`,
        exemptBy: 'runs-once',
      },
      {
        code: `export async function start(id: number) {
  setInterval(checkUpdates, 24 * 3600 * 1000).unref();
}`,
        exemptBy: 'runs-once',
      },
      {
        code: `const configureHousekeeping = () => {
  setInterval(sweep, 60_000);
};
export { configureHousekeeping };`,
        exemptBy: 'runs-once',
      },
      // Module level: runs once, allowed by default.
      {
        code: `setInterval(() => flush(), 1000);`,
        exemptBy: 'runs-once',
      },
      // Module level with unref(), even when module-level intervals are reported.
      {
        code: `setInterval(() => flush(), 1000).unref();`,
        options: [{ reportModuleLevel: true }],
        exemptBy: 'runs-once-unrefed',
      },
      {
        code: `const metrics = setInterval(() => flush(), 1000);
metrics.unref();`,
        options: [{ reportModuleLevel: true }],
        exemptBy: 'runs-once-unrefed',
      },
      // Module level and cleared on shutdown.
      {
        code: `const metrics = setInterval(() => flush(), 1000);
process.on('SIGTERM', () => clearInterval(metrics));`,
        options: [{ reportModuleLevel: true }],
        exemptBy: 'handle-tracked',
      },
      // A module-level loop that runs a fixed number of times: a fixed set of intervals at load,
      // like writing each out (from real code: one heartbeat per demo client, three clients).
      {
        code: `const CLIENTS_COUNT = 3;
for (let i = 0; i < CLIENTS_COUNT; i++) {
  const socket = connect(i);
  setInterval(() => socket.emit('hello'), 2000);
}`,
        exemptBy: 'runs-once',
      },
      {
        code: `for (const queue of ['mail', 'thumbnails']) {
  setInterval(() => report(queue), 10_000);
}`,
        exemptBy: 'runs-once',
      },
      // A function called once from module level runs once.
      {
        code: `async function main() {
  await connect();
  setInterval(report, 5000);
}
main().catch(console.error);`,
        exemptBy: 'runs-once',
      },
      {
        code: `server.listen(3000, () => {
  setInterval(sweep, 60_000);
});`,
        exemptBy: 'runs-once',
      },
      // The callback of a start-up call (connect, start, init…) made at load runs once (held-out
      // false positives in a process manager's example apps).
      {
        code: `const pm2 = require('pm2');
pm2.connect(function () {
  setInterval(function () {
    pm2.restart('echo', () => {});
  }, 2000);
});`,
        exemptBy: 'runs-once',
      },
      {
        code: `const pm2 = require('pm2');
pm2.connect(() => {
  pm2.start('echo.js', () => {
    setInterval(() => pm2.restart('echo', () => {}), 2000);
  });
});`,
        exemptBy: 'runs-once',
      },
      // A start-up routine assigned to a module-level object's property (a terminal dashboard's init).
      {
        code: `const Dashboard = {};
Dashboard.init = function () {
  setInterval(() => Dashboard.render(), 300);
  return this;
};
module.exports = Dashboard;`,
        exemptBy: 'runs-once',
      },
      // A command's entry point, named cli like main (held-out false positive in a load-test tool).
      {
        code: `export function cli(main) {
  const started = Date.now();
  setInterval(() => render(Date.now() - started), 1000);
  return main();
}`,
        exemptBy: 'runs-once',
      },
      // A lifecycle hook of the object a configuration file exports runs once per process (held-out
      // false positive in a microservice framework's docker example config).
      {
        code: `module.exports = {
  nodeID: 'client',
  started(broker) {
    broker.waitForServices('worker').then(() => {
      setInterval(() => broker.call('worker.ping'), 1000);
    });
  },
};`,
        filename: 'examples/docker/moleculer.config.js',
        exemptBy: 'runs-once',
      },
      {
        code: `export default defineConfig({
  ready() {
    setInterval(report, 5000);
  },
});`,
        filename: 'tool.config.ts',
        exemptBy: 'runs-once',
      },
      {
        code: `const io = require('@pm2/io');
io.initModule({ widget: {} }, (err, conf) => {
  setInterval(() => report(conf), 300);
});`,
        exemptBy: 'runs-once',
      },
      {
        code: `(() => {
  setInterval(sweep, 60_000);
})();`,
        exemptBy: 'runs-once',
      },
      // Handle kept in a field that stop() clears.
      {
        code: `class Poller {
  start() {
    this.timer = setInterval(() => this.poll(), 1000);
  }
  stop() {
    clearInterval(this.timer);
  }
}`,
        exemptBy: 'handle-tracked',
      },
      // Cleared through a list of the members' names (`this[name]`).
      {
        code: housekeeper(
          `for (const name of ['_trashInterval', '_metricsInterval'] as const) clearInterval(this[name]);`,
        ),
        exemptBy: 'handle-tracked',
      },
      // The same with a private field, and with a field initializer.
      {
        code: `class Poller {
  #timer;
  start() { this.#timer = setInterval(() => this.poll(), 1000); }
  stop() { clearInterval(this.#timer); }
}`,
        exemptBy: 'handle-tracked',
      },
      {
        code: `class Heartbeat {
  timer = setInterval(() => this.beat(), 1000);
  close() { clearInterval(this.timer); }
}`,
        exemptBy: 'handle-tracked',
      },
      // Cleared through a local copy, through Timeout#close() and through disposal.
      {
        code: `class Poller {
  start() { this.timer = setInterval(poll, 1000); }
  stop() { const t = this.timer; clearInterval(t); }
}`,
        exemptBy: 'handle-tracked',
      },
      {
        code: `class Poller {
  start() { this.timer = setInterval(poll, 1000); }
  stop() { this.timer.close(); }
}`,
        exemptBy: 'handle-tracked',
      },
      {
        code: `class Poller {
  start() { this.timer = setInterval(poll, 1000); }
  [Symbol.dispose]() { this.timer[Symbol.dispose](); }
}`,
        exemptBy: 'handle-tracked',
      },
      // Cleared from outside the class, through an instance.
      {
        code: `class Poller {
  start() { this.timer = setInterval(poll, 1000); }
}
export function shutdown(poller) { clearInterval(poller.timer); }`,
        exemptBy: 'handle-tracked',
      },
      // Returned handles.
      {
        code: `export function every(ms, fn) {
  return setInterval(fn, ms);
}`,
        exemptBy: 'handle-tracked',
      },
      {
        code: `export function startPolling() {
  const timer = setInterval(poll, 1000);
  return timer;
}`,
        exemptBy: 'handle-tracked',
      },
      {
        code: `export function startPolling() {
  const timer = setInterval(poll, 1000);
  return () => clearInterval(timer);
}`,
        exemptBy: 'handle-tracked',
      },
      {
        code: `export function startPolling() {
  const timer = setInterval(poll, 1000);
  return { stop: () => clearInterval(timer) };
}`,
        exemptBy: 'handle-tracked',
      },
      // Passed on to something that owns it.
      {
        code: `export function watch(registry) {
  registry.add(setInterval(poll, 1000));
}`,
        exemptBy: 'handle-tracked',
      },
      {
        code: `export function watch(timers) {
  const timer = setInterval(poll, 1000);
  timers.push(timer);
}`,
        exemptBy: 'handle-tracked',
      },
      // Stored where the module clears it.
      {
        code: `let timer;
export function start() {
  timer = setInterval(poll, 1000);
}
export function stop() {
  clearInterval(timer);
}`,
        exemptBy: 'handle-tracked',
      },
      // Exported holder: whoever imports it may clear it.
      {
        code: `export let timer;
export function start() {
  timer = setInterval(poll, 1000);
}`,
        exemptBy: 'handle-tracked',
      },
      // Cleared from inside its own callback.
      {
        code: `export function waitFor(check) {
  return new Promise((resolve) => {
    const timer = setInterval(() => {
      if (check()) { clearInterval(timer); resolve(); }
    }, 100);
  });
}`,
        exemptBy: 'handle-tracked',
      },
      // using disposes it at the end of the block.
      {
        code: `export async function run() {
  using timer = setInterval(tick, 1000);
  await work();
}`,
        exemptBy: 'handle-tracked',
      },
      // React effect whose cleanup clears it.
      {
        code: `function Clock() {
  useEffect(() => {
    const id = setInterval(tick, 1000);
    return () => clearInterval(id);
  }, []);
}`,
        exemptBy: 'handle-tracked',
      },
      // A keep-alive cleared when the response closes.
      {
        code: `app.get('/events', (req, res) => {
  const keepAlive = setInterval(() => res.write(':\\n\\n'), 15_000);
  res.on('close', () => clearInterval(keepAlive));
});`,
        exemptBy: 'handle-tracked',
      },
      // Stored on some other object: this file cannot tell who clears it.
      {
        code: `export function attach(state) {
  state.timer = setInterval(poll, 1000);
}`,
        exemptBy: 'handle-tracked',
      },
      // Not the global setInterval.
      {
        code: `export function f(setInterval) {
  setInterval(poll, 1000);
}`,
      },
      {
        code: `import { setInterval } from 'node:timers/promises';
export async function f() {
  for await (const _ of setInterval(1000)) poll();
}`,
      },
      // A plain function's \`this\` is its caller's business.
      {
        code: `export function start() {
  this.timer = setInterval(poll, 1000);
}`,
        exemptBy: 'handle-tracked',
      },
      // setTimeout is not an interval.
      {
        code: `export function later() {
  setTimeout(poll, 1000);
}`,
      },
      // A start-once guard on the handle's field in a class built once (held-out false positive in
      // a feature-flag server's job store): one interval for the process.
      {
        code: `class JobStore {
  jobs = new Map();
  sweeper = null;
  add(job) {
    this.jobs.set(job.id, job);
    this.ensureSweeper();
  }
  ensureSweeper() {
    if (this.sweeper) return;
    this.sweeper = setInterval(() => this.sweep(), 60_000);
    this.sweeper.unref();
  }
  sweep() {}
}
export const jobStore = new JobStore();`,
        exemptBy: 'runs-once',
      },
      // A branch taken only when the command line names a flag runs once per command: a CLI's watch
      // mode refreshes until the user quits (held-out false positive in a process manager's listing).
      {
        code: `
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
        exemptBy: 'runs-once',
      },
      {
        code: `export function tail(file) {
  if (process.argv.includes('--follow')) setInterval(() => printNew(file), 500);
}`,
        exemptBy: 'runs-once',
      },
      // A function handed to a browser page runs in that page (held-out false positive in a WhatsApp
      // automation library that silences page errors on every new document).
      {
        code: `export async function preparePage(page) {
  await page.evaluateOnNewDocument(() => {
    setInterval(() => {
      window.onerror = console.error;
    }, 500);
  });
}`,
        exemptBy: 'browser-page',
      },
      // In a test or a one-shot script an unref()'d interval cannot hold the run open (held-out false
      // positive in an Ethereum library's provider tests).
      {
        code: `function createProvider(handle) {
  let blockNumber = 1;
  const ticker = setInterval(() => { blockNumber++; }, 100);
  if (ticker.unref) { ticker.unref(); }
  return new FakeProvider(handle, () => blockNumber);
}
export { createProvider };`,
        filename: 'src.ts/_tests/test-providers-jsonrpc.ts',
        exemptBy: 'unref-in-short-lived-file',
      },
      {
        code: `export function watch(file) {
  setInterval(() => report(file), 1000).unref();
}`,
        filename: 'scripts/watch-size.js',
        exemptBy: 'unref-in-short-lived-file',
      },
      // A page fires DOMContentLoaded and load once (held-out false positive in a mail gateway's
      // admin pages, which refresh relative times on a timer for the life of the page).
      {
        code: `document.addEventListener('DOMContentLoaded', () => {
  const update = () => renderRelativeTimes();
  update();
  setInterval(update, 15_000);
});`,
        exemptBy: 'runs-once',
      },
      {
        code: `window.addEventListener('load', function () {
  setInterval(pollStatus, 5000);
});`,
        exemptBy: 'runs-once',
      },
      // A method of the module's one instance, reached only through calls that run once (held-out
      // false positive in the same gateway's worker thread: a heartbeat to the main thread).
      {
        code: `class ConnectionHandler {
  async init() {
    await this.connect();
    this.startHeartbeat();
  }
  startHeartbeat() {
    setInterval(() => parentPort.postMessage({ cmd: 'heartbeat' }), 10_000).unref();
  }
  async connect() {}
}
let handler = new ConnectionHandler();
async function main() {
  await handler.init();
}
main();`,
        exemptBy: 'runs-once',
      },
      // A handler of a termination signal runs on the way out, once (held-out false positive in an
      // SDK's test fixture that keeps its process alive while it shuts down slowly).
      {
        code: `import process from 'node:process';
const server = await start();
const keepAlive = setInterval(() => {}, 60_000);
const shutDownSlowly = async (signal) => {
  await server.log(\`received \${signal}\`);
  clearInterval(keepAlive);
  setInterval(() => {}, 30_000);
};
process.on('SIGINT', shutDownSlowly);
process.on('SIGTERM', shutDownSlowly);`,
        exemptBy: 'handle-tracked',
      },
      {
        code: `process.on('SIGTERM', () => {
  setInterval(() => logger.info('draining'), 1000);
  server.close(() => process.exit(0));
});`,
        exemptBy: 'runs-once',
      },
      // The safe twin of koa-websocket's per-connection ping below: the handle is cleared when the socket closes.
      {
        code: `import Koa from 'koa';
import websockify from 'koa-websocket';
const app = websockify(new Koa());
app.ws.use(async (ctx) => {
  const ping = setInterval(() => ctx.websocket.send('ping'), 30_000);
  ctx.websocket.on('close', () => clearInterval(ping));
});`,
        exemptBy: 'handle-tracked',
      },
    ],
    createUntrackedIntervalDetector,
    detectorOptions,
  ),
  invalid: [
    // koa-websocket runs `app.ws.use` middleware once per websocket connection: a ping interval
    // started there and never cleared outlives every closed connection (batch 2 of the recall set).
    {
      code: `import Koa from 'koa';
import websockify from 'koa-websocket';
const app = websockify(new Koa());
app.ws.use(async (ctx) => {
  setInterval(() => ctx.websocket.send('ping'), 30_000);
});`,
      errors: [{ messageId: 'discardedInterval', line: 5 }],
    },
    // The once-guard's twins: a flag declared inside the function is new on every call, and a
    // guard that never sets its flag lets every call through.
    {
      code: `export function gracefulExit() {
  let didGracefulExit = false;
  if (didGracefulExit) return;
  didGracefulExit = true;
  setInterval(maybeExit, 1000);
}`,
      options: [{ reportUnknownCallers: true }],
      errors: [{ messageId: 'discardedInterval', line: 5 }],
    },
    // A flag raised at the end only on some paths lets the other runs through.
    {
      code: `let ready = false;
export async function onAllShardsReady(client) {
  if (ready) return;
  await client.loadCommands();
  setInterval(refreshPresence, 60_000);
  if (client.isReady()) ready = true;
}`,
      options: [{ reportUnknownCallers: true }],
      errors: [{ messageId: 'discardedInterval', line: 5 }],
    },
    {
      code: `let didGracefulExit = false;
export function gracefulExit() {
  if (didGracefulExit) return;
  setInterval(maybeExit, 1000);
}`,
      options: [{ reportUnknownCallers: true }],
      errors: [{ messageId: 'discardedInterval', line: 4 }],
    },
    // The first-time flags' twins: a conjunction whose flag is never raised, a flag raised again
    // on 'close' (each reconnect starts another interval), a flag array whose flags are raised again.
    {
      code: `let isLogged = false;
const client = connect(url);
client.on('connect', () => {
  if (ready && !isLogged) {
    setInterval(logRate, 1000);
  }
});`,
      errors: [{ messageId: 'discardedInterval', line: 5 }],
    },
    {
      code: `${firstConnectGuard}
client.on('close', () => {
  firstConnect = true;
});`,
      errors: [{ messageId: 'discardedInterval', line: 6 }],
    },
    {
      code: `const isNew = Array(10).fill(true);
for (let i = 0; i < 10; i++) {
  const client = connect(i);
  client.on('connect', () => {
    if (isNew[i]) setInterval(() => client.publish('t', 'm'), 1000);
  });
  client.on('reconnect', () => {
    isNew.fill(true);
  });
}`,
      errors: [{ messageId: 'discardedInterval', line: 5 }],
    },
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
      code: `process.on('SIGHUP', () => {
  setInterval(() => reloadConfig(), 1000);
});`,
      errors: [{ messageId: 'discardedInterval', data: { where: 'a callback passed to `on`' }, line: 2, column: 3 }],
    },
    {
      code: `const onSignal = () => {
  setInterval(() => logger.info('draining'), 1000);
};
process.on('SIGTERM', onSignal);
worker.on('message', onSignal);`,
      // Registered by name as a message callback: the message names that registration.
      errors: [{ messageId: 'discardedInterval', data: { where: "the 'message' event callback" }, line: 2, column: 3 }],
    },
    // Twins: the interval is not unref()'d in the test, or is unref()'d in long-running source, or
    // is started in Node when a page loads.
    {
      code: `function createProvider(handle) {
  let blockNumber = 1;
  const ticker = setInterval(() => { blockNumber++; }, 100);
  return new FakeProvider(handle, () => blockNumber);
}
export { createProvider };`,
      options: [{ reportUnknownCallers: true }],
      filename: 'src.ts/_tests/test-providers-jsonrpc.ts',
      errors: [
        {
          messageId: 'intervalNeverCleared',
          data: { where: 'function `createProvider`', holder: 'local `ticker`' },
          line: 3,
          column: 18,
        },
      ],
    },
    {
      code: `export function watch(file) {
  setInterval(() => report(file), 1000).unref();
}`,
      options: [{ reportUnknownCallers: true }],
      filename: 'src/watch-size.js',
      errors: [{ messageId: 'discardedInterval', data: { where: 'function `watch`' }, line: 2, column: 3 }],
    },
    {
      code: `export async function preparePage(page) {
  page.on('load', () => {
    setInterval(() => page.evaluate(() => window.scrollBy(0, 10)), 500);
  });
}`,
      options: [{ reportUnknownCallers: true }],
      errors: [{ messageId: 'discardedInterval', data: { where: 'a callback passed to `on`' }, line: 3, column: 5 }],
    },
    // Twins: a load listener added per call, and a button's click listener.
    {
      code: `export function mount() {
  window.addEventListener('load', () => {
    setInterval(pollStatus, 5000);
  });
}`,
      options: [{ reportUnknownCallers: true }],
      errors: [
        {
          messageId: 'discardedInterval',
          data: { where: 'a callback passed to `addEventListener`' },
          line: 3,
          column: 5,
        },
      ],
    },
    {
      code: `document.getElementById('refresh').addEventListener('click', () => {
  setInterval(pollStatus, 5000);
});`,
      errors: [
        {
          messageId: 'discardedInterval',
          data: { where: 'a callback passed to `addEventListener`' },
          line: 2,
          column: 3,
        },
      ],
    },
    // Twins of the singleton's heartbeat: its method also runs per message, the instance is handed
    // on (so callers elsewhere may start it again), or the class is built per connection.
    {
      code: `class ConnectionHandler {
  async init() {
    this.startHeartbeat();
  }
  startHeartbeat() {
    setInterval(() => parentPort.postMessage({ cmd: 'heartbeat' }), 10_000).unref();
  }
}
const handler = new ConnectionHandler();
handler.init();
parentPort.on('message', () => handler.startHeartbeat());`,
      options: [{ reportUnknownCallers: true }],
      errors: [
        {
          messageId: 'discardedInterval',
          data: { where: 'method `startHeartbeat` of class `ConnectionHandler`' },
          line: 6,
          column: 5,
        },
      ],
    },
    {
      code: `${connectionHandler}const handler = new ConnectionHandler();
handler.init();
register(handler);`,
      options: [{ reportUnknownCallers: true }],
      errors: [{ messageId: 'discardedInterval', line: 6, column: 5 }],
    },
    {
      code: `${connectionHandler}server.on('connection', () => new ConnectionHandler().init());`,
      errors: [{ messageId: 'discardedInterval', line: 6, column: 5 }],
    },
    // The twins of a configuration file's hook: the same object as a service module, and a hook
    // that runs per request.
    {
      code: `module.exports = {
  name: 'emitter',
  started() {
    setInterval(() => this.broker.emit('tick'), 1000);
  },
};`,
      options: [{ reportUnknownCallers: true }],
      filename: 'services/emitter.service.js',
      errors: [{ messageId: 'discardedInterval', data: { where: 'method `started`' }, line: 4, column: 5 }],
    },
    {
      code: `module.exports = {
  onRequest(req) {
    setInterval(() => req.log('still here'), 1000);
  },
};`,
      options: [{ reportUnknownCallers: true }],
      filename: 'server.config.js',
      errors: [{ messageId: 'discardedInterval', data: { where: 'method `onRequest`' }, line: 3, column: 5 }],
    },
    // The twins: a flag that is not a command-line flag, a branch the interval is not in, and a
    // flagged branch that registers a handler (which runs per request).
    {
      code: `export function tail(req, file) {
  if (req.query.follow) setInterval(() => printNew(file), 500);
}`,
      options: [{ reportUnknownCallers: true }],
      errors: [{ messageId: 'discardedInterval', data: { where: 'function `tail`' }, line: 2, column: 25 }],
    },
    {
      code: `export function tail(file) {
  if (process.argv.includes('--follow')) printNew(file);
  else setInterval(() => printNew(file), 500);
}`,
      options: [{ reportUnknownCallers: true }],
      errors: [{ messageId: 'discardedInterval', data: { where: 'function `tail`' }, line: 3, column: 8 }],
    },
    {
      code: `export function serve(app) {
  if (process.argv.includes('--live')) {
    app.get('/feed', (req, res) => {
      setInterval(() => res.write('.'), 500);
    });
  }
}`,
      errors: [
        {
          messageId: 'discardedInterval',
          data: { where: 'the GET route handler' },
          line: 4,
          column: 7,
          suggestions: codemodSuggestion,
        },
      ],
    },
    // The twins: the class is built per call, the guard checks another field, or the class is
    // exported (callers elsewhere may build many).
    {
      code: `class JobStore {
  sweeper = null;
  ensureSweeper() {
    if (this.sweeper) return;
    this.sweeper = setInterval(() => this.sweep(), 60_000);
  }
  sweep() {}
}
export function storeFor() {
  return new JobStore();
}`,
      options: [{ reportUnknownCallers: true }],
      errors: [
        {
          messageId: 'intervalNeverCleared',
          data: { where: 'method `ensureSweeper` of class `JobStore`', holder: '`this.sweeper`' },
          line: 5,
          column: 20,
        },
      ],
    },
    // for…in walks a list's indexes, not its names: neither member is cleared.
    {
      code: housekeeper(byIndex),
      errors: [4, 5].map((line) => ({
        messageId: 'intervalNeverCleared' as const,
        line,
        suggestions: [
          {
            messageId: 'clearInTeardown' as const,
            output: housekeeper(
              `clearInterval(this._trashInterval);\n    clearInterval(this._metricsInterval);\n    ${byIndex}`,
            ),
          },
        ],
      })),
    },
    // A list of names that leaves one out clears only the others.
    {
      code: housekeeper(`for (const name of ['_trashInterval'] as const) clearInterval(this[name]);`),
      errors: [
        {
          messageId: 'intervalNeverCleared',
          line: 5,
          suggestions: [
            {
              messageId: 'clearInTeardown',
              output: housekeeper(
                `clearInterval(this._metricsInterval);\n    for (const name of ['_trashInterval'] as const) clearInterval(this[name]);`,
              ),
            },
          ],
        },
      ],
    },
    {
      code: `class JobStore {
  sweeper = null;
  ensureSweeper() {
    if (this.started) return;
    this.sweeper = setInterval(() => this.sweep(), 60_000);
  }
  sweep() {}
}
export const jobStore = new JobStore();`,
      errors: [
        {
          messageId: 'intervalNeverCleared',
          data: {
            where:
              "method `ensureSweeper` of class `JobStore` (a method of the module's one `JobStore` instance, called again and again)",
            holder: '`this.sweeper`',
          },
          line: 5,
          column: 20,
        },
      ],
    },
    {
      code: `export class JobStore {
  sweeper = null;
  ensureSweeper() {
    if (this.sweeper) return;
    this.sweeper = setInterval(() => this.sweep(), 60_000);
  }
  sweep() {}
}
export const jobStore = new JobStore();`,
      options: [{ reportUnknownCallers: true }],
      errors: [
        {
          messageId: 'intervalNeverCleared',
          data: { where: 'method `ensureSweeper` of class `JobStore`', holder: '`this.sweeper`' },
          line: 5,
          column: 20,
        },
      ],
    },
    // Any other property, or a start-up name assigned inside a function (per call of it).
    {
      code: `const Dashboard = {};
Dashboard.refresh = function () {
  setInterval(() => Dashboard.render(), 300);
};
module.exports = Dashboard;`,
      options: [{ reportUnknownCallers: true }],
      errors: [{ messageId: 'discardedInterval', line: 3, column: 3, data: { where: 'function `refresh`' } }],
    },
    {
      code: `export function mount(widget) {
  widget.init = function () {
    setInterval(() => widget.render(), 300);
  };
}`,
      options: [{ reportUnknownCallers: true }],
      errors: [{ messageId: 'discardedInterval', data: { where: 'function `init`' }, line: 3, column: 5 }],
    },
    // A start-up call made per request, and a 'connect' event (which fires on every reconnect).
    {
      code: `app.get('/watch', (req, res) => {
  db.connect(() => {
    setInterval(() => poll(req.query.id), 1000);
  });
  res.end();
});`,
      errors: [
        { messageId: 'discardedInterval', data: { where: 'a callback passed to `connect`' }, line: 3, column: 5 },
      ],
    },
    {
      code: `socket.on('connect', () => {
  setInterval(() => socket.emit('ping'), 1000);
});`,
      errors: [{ messageId: 'discardedInterval', data: { where: 'a callback passed to `on`' }, line: 2, column: 3 }],
    },
    // A loop whose count the code does not fix, or a fixed loop inside code that runs again and again.
    {
      code: `export function pingAll(clients) {
  for (let i = 0; i < clients.length; i++) {
    setInterval(() => clients[i].ping(), 2000);
  }
}`,
      options: [{ reportUnknownCallers: true }],
      errors: [{ messageId: 'discardedInterval', data: { where: 'function `pingAll`' }, line: 3, column: 5 }],
    },
    {
      code: `export function connectAll() {
  for (let i = 0; i < 3; i++) {
    setInterval(() => ping(i), 2000);
  }
}`,
      options: [{ reportUnknownCallers: true }],
      errors: [{ messageId: 'discardedInterval', data: { where: 'function `connectAll`' }, line: 3, column: 5 }],
    },
    {
      // A method named start runs once per instance: not a start-up routine.
      code: `export class Poller {
  start() {
    setInterval(() => this.poll(), 1000);
  }
  poll() {}
}`,
      options: [{ reportUnknownCallers: true }],
      errors: [
        { messageId: 'discardedInterval', data: { where: 'method `start` of class `Poller`' }, line: 3, column: 5 },
      ],
    },
    {
      code: `export function startJob(id: number) {
  setInterval(() => beat(id), 1000);
}`,
      options: [{ reportUnknownCallers: true }],
      errors: [{ messageId: 'discardedInterval', data: { where: 'function `startJob`' }, line: 2, column: 3 }],
    },
    {
      code: `class Poller {
  start() {
    setInterval(() => this.poll(), 1000);
  }
}`,
      options: [{ reportUnknownCallers: true }],
      errors: [{ messageId: 'discardedInterval', data: { where: 'method `start` of class `Poller`' }, line: 3 }],
    },
    {
      code: `export function connect(socket) {
  setInterval(() => socket.ping(), 30_000).unref();
}`,
      options: [{ reportUnknownCallers: true }],
      errors: [{ messageId: 'discardedInterval', line: 2, column: 3, data: { where: 'function `connect`' } }],
    },
    {
      code: `export function connect(socket) {
  void setInterval(() => socket.ping(), 30_000);
}`,
      options: [{ reportUnknownCallers: true }],
      errors: [{ messageId: 'discardedInterval', line: 2, column: 8, data: { where: 'function `connect`' } }],
    },
    {
      code: `class Cache {
  constructor() {
    globalThis.setInterval(() => this.sweep(), 60_000);
  }
}`,
      options: [{ reportUnknownCallers: true }],
      errors: [
        { messageId: 'discardedInterval', line: 3, column: 5, data: { where: 'the constructor of class `Cache`' } },
      ],
    },
    {
      code: `import { setInterval as every } from 'node:timers';
import timers from 'timers';
export function a() { timers.setInterval(poll, 10); }`,
      options: [{ reportUnknownCallers: true }],
      errors: [{ messageId: 'discardedInterval', line: 3, column: 23, data: { where: 'function `a`' } }],
    },
    {
      // A local that is never cleared, returned or passed on is no better than no handle.
      code: `export function startPolling() {
  const timer = setInterval(poll, 1000);
  timer.unref();
  console.log('polling');
}`,
      options: [{ reportUnknownCallers: true }],
      errors: [
        {
          messageId: 'intervalNeverCleared',
          line: 2,
          column: 17,
          data: { where: 'function `startPolling`', holder: 'local `timer`' },
        },
      ],
    },
    {
      // A field that no method clears.
      code: `class Poller {
  start() {
    this.timer = setInterval(() => this.poll(), 1000);
  }
  stop() {
    this.running = false;
  }
}`,
      errors: [
        {
          messageId: 'intervalNeverCleared',
          line: 3,
          column: 18,
          data: {
            where:
              'method `start` of class `Poller` (instances of `Poller` are ended by `stop()`, which leaves this interval running)',
            holder: '`this.timer`',
          },
          suggestions: codemodSuggestion,
        },
      ],
    },
    {
      // Another class's method clearing its own field does not count.
      code: `class A {
  start() { this.#timer = setInterval(poll, 1000); }
  #timer;
}
class B {
  #timer;
  stop() { this.#timer = null; }
}`,
      options: [{ reportUnknownCallers: true }],
      errors: [
        {
          messageId: 'intervalNeverCleared',
          line: 2,
          column: 27,
          data: { where: 'method `start` of class `A`', holder: '`this.#timer`' },
        },
      ],
    },
    {
      code: `let timer;
export function schedule() {
  timer = setInterval(poll, 1000);
}`,
      options: [{ reportUnknownCallers: true }],
      errors: [
        {
          messageId: 'intervalNeverCleared',
          line: 3,
          column: 11,
          data: { where: 'function `schedule`', holder: '`timer`' },
        },
      ],
    },
    {
      code: `function Clock() {
  useEffect(() => {
    setInterval(tick, 1000);
  }, []);
}`,
      errors: [
        {
          messageId: 'discardedInterval',
          line: 3,
          column: 5,
          data: { where: 'a useEffect callback' },
          suggestions: codemodSuggestion,
        },
      ],
    },
    {
      code: `app.get('/events', (req, res) => {
  setInterval(() => res.write(':\\n\\n'), 15_000);
});`,
      errors: [
        {
          messageId: 'discardedInterval',
          line: 2,
          column: 3,
          data: { where: 'the GET route handler' },
          suggestions: codemodSuggestion,
        },
      ],
    },
    {
      code: `class Heartbeat {
  timer = setInterval(() => this.beat(), 1000);
}`,
      options: [{ reportUnknownCallers: true }],
      errors: [
        {
          messageId: 'intervalNeverCleared',
          line: 2,
          column: 11,
          data: { where: 'a class field initializer', holder: '`this.timer`' },
        },
      ],
    },
    {
      code: `export function watch(servers) {
  for (const server of servers) {
    setInterval(() => server.ping(), 1000);
  }
}`,
      options: [{ reportUnknownCallers: true }],
      errors: [{ messageId: 'discardedInterval', line: 3, column: 5, data: { where: 'function `watch`' } }],
    },
    {
      code: `class Ticker {
  start = () => {
    setInterval(() => this.tick(), 1000);
  };
}`,
      options: [{ reportUnknownCallers: true }],
      errors: [
        { messageId: 'discardedInterval', line: 3, column: 5, data: { where: 'method `start` of class `Ticker`' } },
      ],
    },
    {
      // Called twice, and not only at load: it does not run once.
      code: `function start() {
  setInterval(poll, 1000);
}
start();
export function restart() {
  start();
}`,
      options: [{ reportUnknownCallers: true }],
      errors: [{ messageId: 'discardedInterval', line: 2, column: 3, data: { where: 'function `start`' } }],
    },
    {
      code: `setInterval(() => flush(), 1000);`,
      options: [{ reportModuleLevel: true }],
      errors: [
        {
          messageId: 'intervalKeepsProcessAlive',
          line: 1,
          column: 1,
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
          line: 1,
          column: 17,
          suggestions: [{ messageId: 'addUnref', output: `const metrics = setInterval(() => flush(), 1000).unref();` }],
        },
      ],
    },
  ],
});

/** The report on a timeout raced in `where`, with a delay of `delay`. */
// By default an interval is reported only where something shows that the code starting it runs
// again and again; where nothing does (the callers are in another file, or nowhere), it is left
// alone. These are the run-once shapes of held-out sets 20 and 21, and the shapes that do show
// repetition.
ruleTester.run('no-untracked-interval: only code shown to repeat', rule, {
  valid: checkExemptions(
    [
      // A server's one rate limiter: `init()` runs at start-up, called from another file.
      {
        code: `class LoginLimiter {
  constructor(limit) {
    this.limit = limit;
    this.window = {};
  }

  init() {
    this.resetTimer = setInterval(() => {
      this.window = {};
    }, 1000);
  }
}

module.exports = LoginLimiter;`,
        exemptBy: 'not-shown-repeated',
      },
      // A worker's start-up helper, exported for its `main` in another file.
      {
        code: `export const reportMemory = (everyMs: number) => {
  setInterval(() => {
    console.log(process.memoryUsage().rss);
  }, everyMs);
};`,
        exemptBy: 'not-shown-repeated',
      },
      // The websocket server is created once; so are the housekeeping intervals beside it.
      {
        code: `module.exports.create = (config) => {
  const server = new WebSocketServer({ port: config.port });
  setInterval(() => logStats(server), 60_000);
  setInterval(() => dropIdle(server), 10_000);
  return server;
};`,
        exemptBy: 'not-shown-repeated',
      },
      // A lazily built singleton: the class is not exported, and its one instance is made on first use.
      {
        code: `class TokenStore {
  constructor() {
    setInterval(async () => {
      this.token = await fetchToken();
    }, 3_500_000).unref();
  }
}

let store;
export function tokenStore() {
  if (!store) store = new TokenStore();
  return store;
}`,
        exemptBy: 'not-shown-repeated',
      },
      // An adapter binds its websocket server once, when the app starts.
      {
        code: `export class WebChatAdapter {
  bindSocketServer(httpServer) {
    this.wss = new WebSocket.Server({ server: httpServer });
    setInterval(() => {
      for (const client of this.wss.clients) client.ping();
    }, 30_000);
  }
}`,
        exemptBy: 'not-shown-repeated',
      },
      // A server whose stop() exits the process: one per process, not made to be ended and made again.
      {
        code: `class ManagementAgent {
  stop() {
    this.wss.close(() => process.exit(0));
  }

  startServer() {
    this.wss = new WebSocketServer({ port: 8010 });
    setInterval(() => this.dropBrokenConnections(), 15_000);
  }

  dropBrokenConnections() {}
}

module.exports = ManagementAgent;`,
        exemptBy: 'not-shown-repeated',
      },
      // A runtime whose killPlugin(id) ends one of its plugins, and whose exit() ends the process.
      {
        code: `export class PluginRuntime {
  constructor() {
    setInterval(() => this.purgeLogs(), 3_600_000);
  }

  killPlugin(pluginId: string) {
    this.plugins.get(pluginId)?.kill();
  }

  exit() {
    for (const id of this.plugins.keys()) this.killPlugin(id);
    process.exit();
  }

  purgeLogs() {}
}`,
        exemptBy: 'not-shown-repeated',
      },
      // disconnect(connectionId) ends one of the protocol's connections, not the protocol, which is
      // built once with the server; it has no method that stops it, and it is not exported.
      {
        code: `class WebSocketProtocol {
  constructor() {
    this.now = Date.now();
    this.clock = setInterval(() => {
      this.now = Date.now();
    }, 1000);
  }

  disconnect(connectionId, message = null) {
    this.sockets.get(connectionId)?.end(message);
  }
}

module.exports = WebSocketProtocol;`,
        exemptBy: 'not-shown-repeated',
      },
      // A host's plugin (its package.json has the host's field): the host builds the class its main
      // file exports once per plugin process (set 22: a home-automation host's plugins).
      {
        code: `export default class CameraProvider {
  constructor() {
    setInterval(() => this.refreshDevices(), 60_000);
  }

  refreshDevices() {}
}`,
        filename: inPackage('camera-plugin', 'src/main.ts'),
        exemptBy: 'not-shown-repeated',
      },
      // An application's package names no entry: nothing outside the project imports its classes.
      {
        code: `export class UsersCore {
  constructor() {
    setInterval(() => this.expireInvites(), 3_600_000);
  }

  expireInvites() {}
}`,
        filename: inPackage('no-entry-app', 'src/users.ts'),
        exemptBy: 'not-shown-repeated',
      },
      // An application whose package.json `main` names its Gruntfile (set 31): a build script, no entry.
      {
        code: `export class NullMarketFeed {
  constructor() {
    setInterval(() => this.emitQuote(), 1_000);
  }

  emitQuote() {}
}`,
        filename: inPackage('grunt-main-app', 'src/gateways/null-feed.ts'),
        exemptBy: 'not-shown-repeated',
      },
      // A private package: its users are the project's own files, which show how often they build it.
      {
        code: `class CloudHandler {
  constructor() {
    this.poll = setInterval(() => this.fetchAgents(), 5_000);
  }

  fetchAgents() {}
}

module.exports = { CloudHandler };`,
        filename: inPackage('private-app', 'lib/cloud-handler.js'),
        exemptBy: 'not-shown-repeated',
      },
      // A service's background runner, started once with the other services.
      {
        code: `export default class JobRunner {
  async runInBackground() {
    await this.loadSchedule();
    setInterval(() => this.runDue(), 1000);
  }

  async loadSchedule() {}

  async runDue() {}
}`,
        exemptBy: 'not-shown-repeated',
      },
      // A factory whose object has no teardown: nothing shows it is made more than once.
      {
        code: `function makeBus(options) {
  const bus = new EventBus();
  bus.name = options.name;
  setInterval(() => bus.emit('tick'), 1000);
  return bus;
}

module.exports = makeBus;`,
        exemptBy: 'not-shown-repeated',
      },
      // Once per browser page: a pad's lag check, started when the page's editor is ready.
      {
        code: `export function watchLag(pad, showWarning) {
  setInterval(() => {
    if (pad.lag() > 30_000) showWarning();
  }, 3000);
}`,
        exemptBy: 'not-shown-repeated',
      },
    ],
    createUntrackedIntervalDetector,
    detectorOptions,
  ),
  invalid: [
    // A per-request route handler starts it: each request adds one.
    {
      code: `app.post('/jobs', (req, res) => {
  setInterval(() => poll(req.body.id), 5000);
  res.sendStatus(202);
});`,
      errors: [
        {
          messageId: 'discardedInterval',
          data: { where: 'the POST route handler' },
          line: 2,
          suggestions: codemodSuggestion,
        },
      ],
    },
    // Provided per component (no `providedIn: 'root'`), a service with a teardown is made again and again.
    {
      code: `import { Injectable } from '@angular/core';
@Injectable()
export class TabService {
  constructor() {
    setInterval(() => this.tick(), 1000);
  }
  close() {
    this.closed = true;
  }
  tick() {}
}`,
      errors: [{ messageId: 'discardedInterval', line: 5, suggestions: codemodSuggestion }],
    },
    // The class has a teardown that leaves the interval running: instances are made to be ended, and made again.
    {
      code: `export class FeedReader {
  open() {
    setInterval(() => this.refresh(), 60_000);
  }

  close() {
    this.closed = true;
  }

  refresh() {}
}`,
      errors: [
        {
          messageId: 'discardedInterval',
          data: {
            where:
              'method `open` of class `FeedReader` (instances of `FeedReader` are ended by `close()`, which leaves this interval running)',
          },
          line: 3,
          suggestions: codemodSuggestion,
        },
      ],
    },
    // A `new` of the class runs per connection.
    {
      code: `class Session {
  constructor(socket) {
    this.socket = socket;
    this.keepAlive = setInterval(() => socket.ping(), 30_000);
  }
}

server.on('connection', (socket) => {
  new Session(socket);
});`,
      errors: [
        {
          messageId: 'intervalNeverCleared',
          data: {
            where:
              "the constructor of class `Session` (`Session` is built again and again: its `new` on line 9: the 'connection' event callback)",
            holder: '`this.keepAlive`',
          },
          line: 4,
        },
      ],
    },
    // A library's class (its package.json names a `main`): its users build as many as they like,
    // and nothing can stop the interval.
    {
      code: `export class MetricsBuffer {
  constructor(flush) {
    setInterval(() => flush(this.drain()), 10_000);
  }

  drain() {
    return [];
  }
}`,
      filename: inPackage('stats-library', 'src/metrics-buffer.ts'),
      errors: [
        {
          messageId: 'discardedInterval',
          data: {
            where:
              'the constructor of class `MetricsBuffer` (`MetricsBuffer` is exported by the library `stats-library`: its users build as many as they like, and it has no method to stop this interval)',
          },
          line: 3,
        },
      ],
    },
    // The same, exported by CommonJS in an object of exports, in a package whose entry is the
    // index.js Node loads when package.json names none.
    {
      code: `class StatsClient {
  constructor() {
    this.flushTimer = setInterval(() => this.flush(), 10_000);
  }

  flush() {}
}

module.exports = { StatsClient };`,
      filename: inPackage('index-library', 'src/stats-client.js'),
      errors: [
        {
          messageId: 'intervalNeverCleared',
          data: {
            where:
              'the constructor of class `StatsClient` (`StatsClient` is exported by the library `index-library`: its users build as many as they like, and it has no method to stop this interval)',
            holder: '`this.flushTimer`',
          },
          line: 3,
        },
      ],
    },
    // No package.json says what the file is part of: an exported class is taken for a library's.
    {
      code: `export class Sampler {
  constructor() {
    setInterval(() => this.refresh(), 60_000);
  }

  refresh() {}
}`,
      filename: '/sampler.ts',
      errors: [
        {
          messageId: 'discardedInterval',
          data: {
            where:
              'the constructor of class `Sampler` (`Sampler` is exported: its users build as many as they like, and it has no method to stop this interval)',
          },
          line: 3,
        },
      ],
    },
    // A factory that gives the object it returns a `close()`: made to be closed, so made again;
    // the dropped handle outlives every closed instance.
    {
      code: `function makeBus(options) {
  const bus = new EventBus();
  bus.close = () => bus.removeAllListeners();

  if (options.stats) {
    setInterval(() => bus.emit('stats', collectStats()), options.stats.interval);
  }

  return bus;
}

module.exports = makeBus;`,
      errors: [
        {
          messageId: 'discardedInterval',
          data: {
            where:
              'function `makeBus` (it returns `bus` with `close()` to stop what it started, which leaves this interval running)',
          },
          line: 6,
        },
      ],
    },
    // reportUnknownCallers restores the older behaviour: code nothing shows repeating is reported too.
    {
      code: `export const reportMemory = (everyMs: number) => {
  setInterval(() => {
    console.log(process.memoryUsage().rss);
  }, everyMs);
};`,
      options: [{ reportUnknownCallers: true }],
      errors: [{ messageId: 'discardedInterval', data: { where: 'function `reportMemory`' }, line: 2 }],
    },
    {
      code: `class LoginLimiter {
  init() {
    this.resetTimer = setInterval(() => {
      this.window = {};
    }, 1000);
  }
}

module.exports = LoginLimiter;`,
      options: [{ reportUnknownCallers: true }],
      errors: [
        {
          messageId: 'intervalNeverCleared',
          data: { where: 'method `init` of class `LoginLimiter`', holder: '`this.resetTimer`' },
          line: 3,
        },
      ],
    },
  ],
});

const raceError = (line: number, where: string, delay: string) => ({
  messageId: 'raceTimeoutNeverCleared' as const,
  line,
  data: { where, delay },
});

/*
 * A timeout raced against a promise: when the work wins, nothing stops the timer, which runs for
 * its whole delay holding its closure, once per call.
 */
ruleTester.run('no-untracked-interval: timeouts raced against a promise', rule, {
  valid: checkExemptions(
    [
      // Cleared once the race settles, whichever side wins.
      {
        code: `export async function withDeadline(work, ms) {
  let timer;
  const deadline = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error('deadline passed')), ms);
  });
  try {
    return await Promise.race([work, deadline]);
  } finally {
    clearTimeout(timer);
  }
}`,
        exemptBy: 'handle-tracked',
      },
      // A wait of a few seconds, or of the caller's choosing, is bounded: gone before it piles up.
      {
        code: `const GRACE = 2;
export function exitOrGiveUp(child) {
  return Promise.race([once(child, 'exit'), new Promise((resolve) => setTimeout(resolve, GRACE * 1000))]);
}`,
        exemptBy: 'timeout-not-shown-long',
      },
      {
        code: `export function withTimeout(promise, ms) {
  return Promise.race([promise, new Promise((_, reject) => setTimeout(() => reject(new Error('timeout')), ms))]);
}`,
        exemptBy: 'timeout-not-shown-long',
      },
      // A test run ends, and its timers with it.
      {
        code: `import { it } from 'vitest';
it('answers in time', async () => {
  await Promise.race([client.ping(), new Promise((_, reject) => setTimeout(reject, 2 * 3_600_000))]);
});`,
        filename: 'ping.test.ts',
        exemptBy: 'timeout-in-short-lived-file',
      },
      // Raced once, at start-up.
      {
        code: `await Promise.race([db.connect(), new Promise((_, reject) => setTimeout(reject, 2 * 3_600_000))]);`,
        exemptBy: 'runs-once',
      },
      // A deadline of minutes is a bounded wait: what it holds goes after the delay, whatever the load.
      {
        code: `const SCRAPE_TIMEOUT = 10 * 60 * 1000;
export async function scrape(page) {
  return Promise.race([page.content(), new Promise((_, reject) => setTimeout(reject, SCRAPE_TIMEOUT))]);
}`,
        exemptBy: 'timeout-not-shown-long',
      },
      // A timeout nobody races is a delay, not a deadline.
      {
        code: `export function later(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}`,
      },
    ],
    createUntrackedIntervalDetector,
    detectorOptions,
  ),
  invalid: [
    // The executor's timer is thrown away: every request that answers in time leaves one running
    // for two hours, holding the URL and the request's closure.
    {
      code: `export async function fetchWithDeadline(url) {
  return Promise.race([
    fetch(url),
    new Promise((_, reject) => setTimeout(() => reject(new Error('timed out: ' + url)), 7_200_000)),
  ]);
}`,
      errors: [raceError(4, 'function `fetchWithDeadline`', '7_200_000')],
    },
    // Through a helper of this file that makes the deadline.
    {
      code: `const JOB_DEADLINE_MS = 6 * 3_600_000;
function deadline() {
  return new Promise((_, reject) => {
    setTimeout(() => reject(new Error('deadline')), JOB_DEADLINE_MS);
  });
}
export class Queue {
  async run(job) {
    return Promise.race([job.execute(), deadline()]);
  }
}`,
      errors: [raceError(4, 'function `deadline`', 'JOB_DEADLINE_MS')],
    },
    // Kept in a variable that nothing clears, through a const.
    {
      code: `export async function query(sql) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(reject, 3_600_000);
  });
  return Promise.race([pool.query(sql), timeout]);
}`,
      errors: [raceError(4, 'function `query`', '3_600_000')],
    },
  ],
});

/*
 * Handles kept on an object no class owns: `this` in an old-style constructor function, and the
 * connection a per-connection handler is given. Judged by the property's name across the file.
 */
ruleTester.run('no-untracked-interval: handles on objects no class owns', rule, {
  valid: checkExemptions(
    [
      // The prototype's close() clears it.
      {
        code: `function Heartbeat(socket) {
  this.socket = socket;
  this.timer = setInterval(() => socket.write('ping'), 30_000);
}
Heartbeat.prototype.close = function () {
  clearInterval(this.timer);
  this.socket.end();
};
module.exports = Heartbeat;`,
        exemptBy: 'handle-tracked',
      },
      // Cleared when the connection closes.
      {
        code: `wss.on('connection', (ws) => {
  ws.pingTimer = setInterval(() => ws.ping(), 30_000);
  ws.on('close', () => clearInterval(ws.pingTimer));
});`,
        exemptBy: 'handle-tracked',
      },
      // Handed on to a helper that stops it.
      {
        code: `wss.on('connection', (ws) => {
  ws.pingTimer = setInterval(() => ws.ping(), 30_000);
  ws.on('close', () => stopTimer(ws.pingTimer));
});`,
        exemptBy: 'handle-tracked',
      },
    ],
    createUntrackedIntervalDetector,
    detectorOptions,
  ),
  invalid: [
    // One interval per instance, and nothing on the prototype stops it.
    {
      code: `function Heartbeat(socket) {
  this.socket = socket;
  this.timer = setInterval(() => socket.write('ping'), 30_000);
}
Heartbeat.prototype.close = function () {
  this.socket.end();
};
module.exports = Heartbeat;`,
      errors: [
        {
          messageId: 'intervalNeverCleared',
          line: 3,
          data: {
            where: 'function `Heartbeat` (its instances are ended by `close()`, which leaves this interval running)',
            holder: '`this.timer`',
          },
        },
      ],
    },
    {
      code: `function Pool() {}
Pool.prototype.watch = function () {
  this.reaper = setInterval(() => this.reap(), 60_000);
};
module.exports = Pool;`,
      options: [{ reportUnknownCallers: true }],
      errors: [
        {
          messageId: 'intervalNeverCleared',
          line: 3,
          data: { where: 'function `watch`', holder: '`this.reaper`' },
        },
      ],
    },
    // Per connection, kept on the connection, never cleared when it closes.
    {
      code: `wss.on('connection', (ws) => {
  ws.pingTimer = setInterval(() => ws.ping(), 30_000);
  ws.on('message', (data) => handle(ws, data));
});`,
      errors: [
        {
          messageId: 'intervalNeverCleared',
          line: 2,
          data: { where: "the 'connection' event callback", holder: '`ws.pingTimer`' },
        },
      ],
    },
  ],
});

describe('no-untracked-interval options', () => {
  it('refuses an unknown option, naming it', () => {
    const linter = new Linter();
    expect(() =>
      linter.verify('setInterval(f, 1);', [
        {
          plugins: { leakproof: plugin as never },
          rules: { 'leakproof/no-untracked-interval': ['error', { reportModuleLevl: true }] },
        },
      ]),
    ).toThrow(/reportModuleLevl/);
  });
});
