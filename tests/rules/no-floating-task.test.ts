import { Linter } from 'eslint';
import { describe, expect, it } from 'vitest';
import rule, { type Options } from '../../rules/no-floating-task.js';
import plugin from '../../src/index.js';
import { createFloatingTaskDetector, type FloatingTaskOptions } from '../../src/families/tasks/floating-task.js';
import { checkExemptions } from '../helpers/exemptions.js';
import { codemodSuggestion, ruleTester, typedRuleTester } from '../helpers/rule-tester.js';

const sendEmail = `async function sendEmail(user) {
  await mailer.send(user.email);
}
`;

/** A file that has a track() helper already, and a task to track. */
const trackedSendEmail = `const pendingTasks = new Set();
function track(task) {
  const settled = Promise.resolve(task).then(() => pendingTasks.delete(settled));
  pendingTasks.add(settled);
}
async function sendEmail(to) {
  await mailer.send(to);
}
`;

/** The detector's options for the rule's, as the rule passes them. */
const toDetectorOptions = (options: Options | undefined): FloatingTaskOptions => ({
  typeAware: options?.[0]?.typeAware ?? false,
  reportHandled: options?.[0]?.reportHandled ?? false,
});

/**
 * Tasks whose failure is handled: a short task that cannot reject unhandled, as typescript-eslint's
 * no-floating-promises treats it (held-out false positives: per-shard consumers and per-item
 * deletes with a logging catch). Valid by default, each reported with `reportHandled` (with no
 * suggestion: the codemod has no counterpart for the option).
 */
/** One task per room, each catching its own failure. */
const LEAVE_ROOMS = `export function leaveRooms(rooms, user) {
  rooms.map(async (room) => {
    try {
      await kick(room, user);
    } catch (error) {
      log.warn(error);
    }
  });
}`;

/** One subscription per topic, each catching and logging its own failure. */
const SUBSCRIBE_TOPICS = `export function subscribeAll(client, topics) {
  topics.forEach(async (topic) => {
    try {
      await client.subscribe(topic);
    } catch (error) {
      logger.error(error);
    }
  });
}`;

/**
 * A task whose only wait outside its try is a call of a function here that catches its own
 * failures (set 24: a queue's drain awaiting a concurrency lookup that catches its errors): it
 * cannot reject either. NOTIFY_ALL's twins below: the lookup's catch throws again, or it awaits a
 * call nothing here can follow.
 */
const NOTIFY_ALL = `async function download(url) {
  try {
    return await fetch(url);
  } catch (error) {
    log(error);
  }
}
async function notify(user) {
  await download(user.avatar);
  try {
    await mailer.send(user.email);
  } catch (error) {
    log(error);
  }
}
export function notifyAll(users) {
  for (const user of users) notify(user);
}`;

/** Two functions that wait for each other, each catching the rest of its failures: neither can reject. */
const RUN_JOBS = `async function retry(job, attempt) {
  if (attempt > 3) return;
  await runJob(job, attempt);
}
async function runJob(job, attempt) {
  try {
    await job.run();
  } catch (error) {
    log(error);
    await retry(job, attempt + 1);
  }
}
export function runAll(jobs) {
  for (const job of jobs) runJob(job, 0);
}`;

/**
 * A promise whose executor takes no `reject` and throws nothing of its own can only resolve
 * (studied set: a home-automation hub's reverse connections yield with `await new Promise((resolve)
 * => process.nextTick(resolve))`, and its per-worker check sleeps in a finally; set 25: an upload
 * queue wraps each upload in a promise that only resolves). RESOLVE_ONLY_TWINS below take `reject`
 * or throw in the executor.
 */
const PROBE_WORKERS = `function sleep(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
async function probe(worker) {
  try {
    await worker.check();
  } catch (error) {
    log(error);
  } finally {
    await sleep(1000);
    worker.terminate();
  }
}
export function probeAll(workers) {
  for (const worker of workers) probe(worker);
}`;

const UPLOAD_QUEUE = `export function processQueue(queue) {
  while (queue.length > 0) {
    const file = queue.shift();
    new Promise((resolve) => {
      upload(file)
        .catch((error) => log(error))
        .finally(() => resolve());
    });
  }
}`;

/**
 * Values that follow calls through a chain or a combinator (set 26 and studied sets): a dropped
 * `.then(fn)` on a cleanup that catches its own failure (an SDK's connector supervisor), a
 * `.finally(fn)` awaited on a fetch that does (a dashboard's search store), `Promise.all` over a
 * `const` of map callbacks that each catch (an auth service's subscriber updates) or over a
 * `const` callback whose promise can only resolve (a stream buffer's pipe writes). CHAIN_TWINS
 * below: the `.then` callback throws, the fetch's catch throws again, one callback leaves an
 * await outside its try, the pipe write takes `reject`.
 */
const RESTART_ON_EXIT = `class Supervisor {
  async runCleanup(entry) {
    try {
      await this.cleanup(entry.id);
    } catch (error) {
      log(error);
    }
  }
  onExit(entries) {
    for (const entry of entries) {
      void this.runCleanup(entry).then(() => {
        if (this.disposed) return;
        this.scheduleRestart(entry);
      });
    }
  }
}`;

const SEARCH_STORE = `class SearchStore {
  fetchSessions = async (params) => {
    try {
      this.list = await api.getSessions(params);
    } catch (error) {
      console.error(error);
    }
  };
  async search(params) {
    this.busy = true;
    await this.fetchSessions(params).finally(() => {
      this.busy = false;
    });
  }
  onFilters(filters) {
    for (const filter of filters) void this.search(filter);
  }
}`;

const UPDATE_SUBSCRIBERS = `class AuthService {
  async sendStatus() {
    const promises = Array.from(this.subscribers).map(async (subscriber) => {
      try {
        await subscriber.send(this.state);
      } catch (error) {
        this.subscribers.delete(subscriber);
      }
    });
    await Promise.all(promises);
  }
  onTokens(tokens) {
    for (const token of tokens) this.sendStatus();
  }
}`;

const PIPE_WRITES = `class StreamBuf {
  async pipeChunk(chunk) {
    const write = (pipe) => new Promise((resolve) => pipe.write(chunk, () => resolve()));
    await Promise.all(this.pipes.map(write));
  }
  flush() {
    while (this.buffers.length) this.pipeChunk(this.buffers.shift());
  }
}`;

/**
 * A catch that hands the failure to the callback passed in (set 26: a file storage's upload
 * validation returns multer's `cb(err)`): the failure is the caller's. Its twin hands it to a
 * function that is no parameter, whose own promise may reject.
 */
const VALIDATE_UPLOADS = `export function validateAll(files, cb) {
  const validate = async (file) => {
    try {
      await scan(file);
    } catch (err) {
      file.stream.destroy();
      return cb(err);
    }
  };
  for (const file of files) validate(file);
}`;

/**
 * An early `return Promise.resolve()` beside an await inside try/catch (set 30: a chat bot's
 * per-viewer watch-time update, dropped once per online viewer): a promise resolved with nothing
 * cannot reject. ACCRUE_ALL's twin resolves with a value that may itself be a rejecting promise.
 */
const ACCRUE_ALL = `class WatchTime {
  async accrue(viewer) {
    if (viewer.minutes < 1) {
      return Promise.resolve();
    }
    try {
      await db.update(viewer.id, viewer.minutes);
    } catch (error) {
      log(error);
    }
  }
  accrueAll(viewers) {
    for (const viewer of viewers) this.accrue(viewer);
  }
}`;

// Set 31: a lookup that catches its failure and hands back null, and a caller that tests its result first.
const REBUILD_ALL = `async function findApp(name: string) {
  try {
    return await cluster.get(name);
  } catch (error) {
    return null;
  }
}
async function rebuild(name: string) {
  const app = await findApp(name);
  if (!app) return;
  console.log(app.spec.image);
}
export function rebuildAll(names: string[]) {
  for (const name of names) rebuild(name);
}`;

/** Per item of a deleted tag, an update with saving and syncing off; the vaults are saved after. */
const TAG_UPDATE = `export class App {
  async updateItem(item, upd, save = true, sync = true) {
    const vault = this.vaultOf(item);
    vault.items.update({ ...item, ...upd });
    if (save) {
      await this.saveVault(vault);
      if (sync) {
        await this.syncVault(vault);
      }
    }
  }
  async saveVault(vault) {
    await storage.save(vault);
  }
  async syncVault(vault) {
    await api.sync(vault);
  }
  async deleteTag(tag) {
    for (const item of this.items) {
      const tags = item.tags.filter((t) => t !== tag);
      this.updateItem(item, { tags }, false, false);
    }
    await Promise.all(this.vaults.map((vault) => this.saveVault(vault)));
  }
}`;

const HANDLED_TASKS: { code: string; filename?: string; line: number; column: number }[] = [
  { code: REBUILD_ALL, filename: 'src/rebuild.ts', line: 14, column: 29 },
  // Set 31: returns a variable typed as a string, which holds no promise.
  {
    code: `async function regionOf(team: string): Promise<string> {
  let region: string = 'default-' + team;
  try {
    region = (await teams.get(team)).region;
  } catch (error) {
    console.error(error);
  }
  return region;
}
export function warm(names: string[]) {
  for (const name of names) regionOf(name);
}`,
    filename: 'src/regions.ts',
    line: 11,
    column: 29,
  },
  // Through a call: notify() awaits download() outside its try, and download() catches its own failures.
  { code: NOTIFY_ALL, line: 17, column: 29 },
  // The only unguarded wait is a sleep whose promise can only resolve.
  { code: PROBE_WORKERS, line: 15, column: 33 },
  // Yielding inline with a promise that can only resolve, after a try that returns on failure.
  {
    code: `async function attach(socket) {
  try {
    await handshake(socket);
  } catch (error) {
    return;
  }
  await new Promise((resolve) => process.nextTick(resolve));
  socket.pipe(local);
}
export function fill(sockets) {
  for (const socket of sockets) attach(socket);
}`,
    line: 11,
    column: 33,
  },
  // A dropped promise that can only resolve, per queued upload.
  { code: UPLOAD_QUEUE, line: 4, column: 5 },
  // A cycle: runJob() awaits retry() in its catch, which awaits runJob() again.
  { code: RUN_JOBS, line: 14, column: 27 },
  // A chain on a call that cannot reject, with a callback written here that cannot either.
  { code: RESTART_ON_EXIT, line: 11, column: 12 },
  { code: SEARCH_STORE, line: 16, column: 40 },
  // Promise.all over tasks that each cannot reject, named by a const.
  { code: UPDATE_SUBSCRIBERS, line: 13, column: 33 },
  { code: PIPE_WRITES, line: 7, column: 33 },
  // A catch that returns the callback passed in, given the caught error.
  { code: VALIDATE_UPLOADS, line: 10, column: 29 },
  // A method that is not async returns a call of one that catches its own failures (set 16: a rate limiter's allow()).
  {
    code: `export class Limiter {
  allow(key: string): Promise<boolean> {
    return this.checkLimit(key);
  }
  async checkLimit(key: string): Promise<boolean> {
    try {
      return (await redis.incr(key)) < 100;
    } catch (error) {
      return true;
    }
  }
  allowAll(keys: string[]) {
    for (const key of keys) this.allow(key);
  }
}`,
    filename: 'src/limiter.ts',
    line: 13,
    column: 29,
  },
  // An early return of a promise resolved with nothing.
  { code: ACCRUE_ALL, line: 13, column: 35 },
  // A method of the class that catches its own failures (set 16: an upload manager's per-file upload).
  {
    code: `class UploadManager {
  async executeUpload(task) {
    try {
      await upload(task.file);
    } catch (error) {
      task.onError(error);
    }
  }
  uploadAll(tasks) {
    for (const task of tasks) this.executeUpload(task);
  }
}`,
    line: 10,
    column: 31,
  },
  {
    code: `class StdioTransport {
  async record(chunk) {
    await this.store.save(chunk);
  }
  start() {
    this.child.stdout.on('data', (chunk) => {
      this.received += chunk.length;
      this.record(chunk).catch(() => {});
    });
  }
}`,
    line: 8,
    column: 7,
  },
  {
    code: `import { createServer } from 'node:http';
async function handle(req, res) { res.end(await answer(req)); }
createServer((req, res) => {
  if (!validHost(req, res)) log(req);
  void (async () => {
    await handle(req, res);
  })().catch(() => res.end());
}).listen(3000);`,
    line: 5,
    column: 8,
  },
  {
    code: `async function postData(req, res) {
  try {
    await store.save(req.params.id, req.body);
  } catch (error) {
    log(error);
  }
}
app.post('/data/:id', (req, res) => {
  postData(req, res);
  res.json('accepted');
});`,
    line: 9,
    column: 3,
  },
  {
    code: `class Batcher {
  async send(payload) {
    return this.transport.send(payload);
  }
  flush() {
    for (const batch of this.batches) {
      (async () => {
        try {
          const result = await this.send(batch.map((p) => p.payload));
          for (const { resolve } of batch) resolve(result);
        } catch (error) {
          console.error(error);
        }
      })();
    }
  }
}`,
    line: 7,
    column: 7,
  },
  {
    code: `import http from 'node:http';
async function notifyOwner(req) { await fetch(owner, { method: 'POST', body: req.url }); }
export const server = http.createServer((req, res) => {
  notifyOwner(req).catch(() => {});
  res.end('ok');
});`,
    line: 4,
    column: 3,
  },
  // The same tasks gathered by Promise.all and dropped, per user in a loop.
  {
    code: `export async function disconnectAll(users) {
  for (const user of users) {
    Promise.all(
      user.rooms.map(async (room) => {
        try {
          await kick(room, user);
        } catch (error) {
          log.warn(error);
        }
      }),
    );
    await user.kill();
  }
}`,
    line: 3,
    column: 5,
  },
  // Set 18: an HMI server's notifier awaits each send with its own logging catch.
  {
    code: `class Notifier {
  async notify(alarm) {
    if (alarm.url) await post(alarm.url).then(markSent).catch(log);
  }
  check(alarms) {
    for (const alarm of alarms) this.notify(alarm);
  }
}`,
    line: 6,
    column: 33,
  },
  {
    code: `import express from 'express';
const app = express();
app.get('/export/:id', (req, res, next) => {
  audit(req);
  (async () => {
    res.send(await render(req.params.id));
  })().catch((err) => next(err));
});`,
    line: 5,
    column: 3,
  },
];

/** A route that drops a rejecting promise on every request. */
const APP_THAT_REJECTS = `module.exports = (app) => {
  app.get('/throw-unhandledRejection', function () {
    this.body = 'foo';
    new Promise((resolve, reject) => {
      reject(new Error('foo reject error'));
    });
  });
};`;

ruleTester.run('no-floating-task', rule, {
  valid: checkExemptions(
    [
      // Typed clients whose promise is awaited, or which are given a callback; and a type that
      // is not a catalogue client, or a local class that shares a catalogue name.
      {
        code: `import Redis from 'ioredis';
export function touch(redis: Redis, id: string) {
  app.get('/t', async () => {
    await redis.expire(id, 3600);
    redis.expire(id, 60, (error) => error && log(error));
  });
}`,
      },
      {
        code: `import { CacheService } from './cache';
export function touch(cache: CacheService, id: string) {
  app.get('/t', () => {
    cache.expire(id, 3600);
  });
}`,
      },
      {
        code: `class Topic { publish(data) { queue.push(data); } }
function topicFor(name: string): Topic { return new Topic(); }
app.post('/e', (req) => {
  topicFor(req.body.name).publish(req.body);
});`,
      },
      // Top level and module-level calls are not per item or per request.
      {
        code: `async function main() {}
void main();`,
      },
      {
        code: `async function main() {}
main();`,
      },
      {
        code: `${sendEmail}sendEmail(admin);`,
      },
      // Awaited tasks in loops.
      {
        code: `${sendEmail}export async function notifyAll(users) {
  for (const user of users) {
    await sendEmail(user);
  }
}`,
      },
      // Tasks collected into an array passed to Promise.all.
      {
        code: `${sendEmail}export async function notifyAll(users) {
  const sending = [];
  for (const user of users) sending.push(sendEmail(user));
  await Promise.all(sending);
}`,
      },
      {
        code: `${sendEmail}export async function notifyAll(users) {
  await Promise.allSettled(users.map((user) => sendEmail(user)));
}`,
      },
      {
        code: `${sendEmail}export function notifyAll(users) {
  return Promise.all(users.map(sendEmail));
}`,
      },
      // Returned or kept.
      {
        code: `${sendEmail}app.post('/signup', (req, res) => {
  return sendEmail(req.body);
});`,
      },
      {
        code: `import axios from 'axios';
export const handler = async (event) => {
  await axios.post(hook, event);
  return { statusCode: 202 };
};`,
      },
      {
        code: `import { S3Client, PutObjectCommand } from '@aws-sdk/client-s3';
const s3 = new S3Client({});
app.put('/files/:id', async (req, res) => {
  await s3.send(new PutObjectCommand({ Bucket: 'b', Key: req.params.id }));
  res.end();
});`,
      },
      // Handed to a task registry.
      {
        code: `import { track } from './lib/tasks';
${sendEmail}app.post('/signup', (req, res) => {
  track(sendEmail(req.body));
  res.sendStatus(202);
});`,
      },
      {
        code: `const pendingTasks = new Set();
function track(task) {
  const settled = Promise.resolve(task).then(() => { pendingTasks.delete(settled); });
  pendingTasks.add(settled);
}
${sendEmail}for (const user of users) track(sendEmail(user));`,
      },
      // Not known to return a promise without types.
      {
        code: `export function flushAll(queues) {
  for (const queue of queues) queue.flush();
}`,
      },
      {
        code: `function log(line) {
  console.log(line);
}
for (const line of lines) log(line);`,
      },
      // Outside loops, iteration callbacks and handlers.
      {
        code: `${sendEmail}export function welcome(user) {
  sendEmail(user);
}`,
      },
      // A function merely defined inside a loop is not known to run there.
      {
        code: `${sendEmail}for (const user of users) {
  button.onclick = () => { sendEmail(user); };
}`,
      },
      // A shadowed fetch is not the global one.
      {
        code: `export function poll(urls, fetch) {
  for (const url of urls) fetch(url);
}`,
      },
      // Callback style: the method returns nothing.
      {
        code: `import { Pool } from 'pg';
const pool = new Pool();
for (const row of rows) pool.query('insert', [row], (err) => log(err));`,
      },
      // Both outcomes handed to callbacks that carry the work on: the callback style of waiting.
      {
        code: `async function check(v) { await validator.check(v); }
export function validateAll(values, done) {
  let pending = values.length;
  for (const v of values) check(v).then(() => --pending || done(), done);
}`,
      },
      {
        code: `async function subscribe(c) { await broker.subscribe(c); }
export function resubscribe(channels, done) {
  for (const c of channels) subscribe(c).then(done).catch(() => log(c));
}`,
      },
      // A then() on something not known to be a task (a Cypress chain) needs types to tell.
      {
        code: `items.forEach((item) => {
  cy.get(item).then((el) => check(el));
});`,
      },
      // forEach with a callback that returns nothing.
      {
        code: `items.forEach((item) => { console.log(item); });`,
      },
      // Commands queued on a batch (pipeline, multi, transaction) that is executed and awaited after
      // the loop: the batch settles every queued command, so nothing is left running.
      {
        code: `class Store {
  async queueInsert(batch, row) {
    batch.hset(row.key, row);
  }
  async insertAll(client, rows) {
    const batch = client.pipeline();
    for (const row of rows) {
      this.queueInsert(batch, row);
    }
    return await batch.exec();
  }
}`,
      },
      {
        code: `async function stage(tx, row) { await tx.insert(row); }
export async function importRows(db, rows) {
  const tx = db.transaction();
  rows.forEach((row) => { stage(tx, row); });
  await tx.commit();
}`,
        exemptBy: 'settled-by-batch',
      },
      // A pass over items already known, at start-up: once per process, not per item of incoming
      // work (held-out false positives in a home-automation hub's device providers and a chat
      // server's socket writer). Module-level code runs once.
      {
        code: `${sendEmail}for (const admin of config.admins) sendEmail(admin);`,
        exemptBy: 'start-up-pass',
      },
      // A provider's constructor over the devices it stored, when no caller shows it built again and
      // again (the host builds a plugin's default export once).
      {
        code: `import sdk from '@scrypted/sdk';
const { deviceManager } = sdk;
export default class SwitchProvider {
  devices = new Map();
  constructor() {
    for (const id of deviceManager.getNativeIds()) {
      if (id) this.getDevice(id);
    }
  }
  async getDevice(id) {
    await this.load(id);
  }
}`,
        exemptBy: 'start-up-pass',
      },
      // The same from a once-firing callback of the constructor.
      {
        code: `export class AutoEnabler {
  constructor(system) {
    process.nextTick(() => {
      for (const id of Object.keys(registry.state())) this.maybeEnable(id);
    });
  }
  async maybeEnable(id) {
    await registry.enable(id);
  }
}`,
        exemptBy: 'start-up-pass',
      },
      // A set-up method (`start…`) whose driver's 'ready' event fires once: over the nodes it knows.
      {
        code: `export class ControllerProvider {
  startDriver() {
    const driver = new Driver(this.port);
    driver.once('driver ready', () => {
      driver.controller.nodes.forEach((node) => {
        this.rebuild(node);
      });
    });
  }
  async rebuild(node) {
    await node.refresh();
  }
}`,
        exemptBy: 'start-up-pass',
      },
      // `init()` connecting to each socket already in the folder, a callback returning its task.
      {
        code: `import fs from 'node:fs';
export class SocketWriter {
  async init() {
    const files = fs.readdirSync(this.socketPath);
    files.forEach((file) => this.connect(file));
  }
  async connect(file) {
    await this.open(file);
  }
}`,
        exemptBy: 'start-up-pass',
      },
      // An async callback that never awaits and returns nothing runs to its end inside forEach or
      // map: no task is left pending (held-out false positives in a forum's page loader and routes).
      {
        code: `export function addTags(head, tags) {
  tags.forEach(async (tag) => {
    const el = document.createElement('meta');
    el.setAttribute('name', tag.name);
    head.appendChild(el);
  });
}`,
      },
      {
        code: `export function mountAll(router, mounts) {
  Object.keys(mounts).map(async (mount) => {
    if (!mounts[mount]) return;
    router.use(mount, mounts[mount]);
  });
}`,
      },
      // The completion callback of a client call (error first) is not a route handler.
      {
        code: `async function createTooltip(el, data) { await renderTooltip(el, data); }
export function load(api, path, el) {
  api.get(path, {}, function (err, data) {
    if (err) return;
    createTooltip(el, data);
  });
}`,
      },
      // Flow control: the handler pauses its source and the task resumes it when done, so tasks run
      // one at a time however fast the source emits.
      {
        code: `async function removeKeys(keys) { await redis.del(keys); }
stream.on('data', (keys) => {
  stream.pause();
  void removeKeys(keys).then(() => {
    stream.resume();
  });
});`,
        exemptBy: 'resumes-paused-source',
      },
      {
        code: `async function upload(chunk) { await store.put(chunk); }
export function pump(source) {
  source.on('data', (chunk) => {
    source.pause();
    upload(chunk).finally(() => source.resume());
  });
}`,
        exemptBy: 'resumes-paused-source',
      },
      // An async IIFE that is the whole body of a listener: the listener written async (held-out
      // false positive in an auth service's script-runner worker).
      {
        code: `import { parentPort } from 'node:worker_threads';
async function run(request) { await execute(request); }
parentPort.on('message', (request) => {
  void (async () => {
    try {
      await run(request);
    } catch {
      parentPort.postMessage({ ok: false });
    }
  })();
});`,
        exemptBy: 'whole-handler-body',
      },
      // The same IIFE as a whole route handler with its failure handed to next() (held-out false
      // positives in a collaborative editor's export and import routes).
      {
        code: `import express from 'express';
const app = express();
app.get('/export/:id', (req, res, next) => {
  (async () => {
    const file = await render(req.params.id);
    res.send(file);
  })().catch((err) => next(err));
});`,
        exemptBy: 'whole-handler-body',
      },
      // The same with the work in an async function the handler calls, or defines first (held-out
      // false positives in a coding agent's test servers).
      {
        code: `import http from 'node:http';
export class TestServer {
  async handle(req, res) { res.end(await answer(req)); }
  start() {
    this.server = http.createServer((req, res) => {
      this.handle(req, res).catch((err) => res.end(String(err)));
    });
  }
}`,
        exemptBy: 'whole-handler-body',
      },
      {
        code: `import http from 'node:http';
export const server = http.createServer((req, res) => {
  const handle = async () => {
    res.end(await answer(req));
  };
  handle().catch(() => res.end());
});`,
        exemptBy: 'whole-handler-body',
      },
      // Handlers attached to a promise that exists already start no work: suppressing a rejection
      // while a value waits in a buffer, and handing it back on purpose (held-out false positives in
      // a stream utility's batching).
      {
        code: `export function* batch(values) {
  const held = [];
  try {
    for (const v of values) {
      Promise.resolve(v).catch(() => {});
      held.push(v);
    }
    yield* held;
  } finally {
    for (const v of held) Promise.resolve(v).then(() => {});
  }
}`,
      },
      // Work queued on a p-queue passed in an options object and drained after the loop (held-out
      // false positive in a translation CLI).
      {
        code: `import PQueue from 'p-queue';
async function translateFile({ file, queue }) {
  await queue.add(() => translate(file));
}
export async function translateAll(files, queue = new PQueue({ concurrency: 10 })) {
  for (const file of files) {
    void translateFile({ file, queue });
  }
  return queue.onIdle();
}`,
        exemptBy: 'settled-by-batch',
      },
      // An async function that never awaits has done its work when the call returns (held-out
      // false positive in a query runner that only arms a timer).
      {
        code: `class Runner {
  async onQueryFinish() {
    if (this.stopped) return;
    this.timer ??= setTimeout(() => this.refresh(), 1000);
  }
  async run(queries) {
    for (const query of queries) {
      await query.execute();
      this.onQueryFinish();
    }
  }
}`,
      },
      // A task followed by a break, return or throw that leaves the loop starts once per run of the
      // loop, not per iteration (held-out false positives in a front-end framework's hydration on
      // visibility, and in an AI SDK that drains both ends of a stream before throwing its error).
      {
        code: `async function hydrate() { await load(); }
export function onVisible(root) {
  const io = new IntersectionObserver((entries) => {
    for (const entry of entries) {
      if (!entry.isIntersecting) continue;
      io.disconnect();
      hydrate();
      break;
    }
  });
  io.observe(root);
}`,
      },
      {
        code: `async function drain(reader) {
  try {
    while (!(await reader.read()).done) {}
  } catch {}
}
export async function firstChunk(reader) {
  while (true) {
    const { value } = await reader.read();
    if (value.error) {
      drain(reader).catch(() => {});
      throw new Error(value.error);
    }
    if (value.ok) return value;
  }
}`,
      },
      // A stream's producer, started in its start() and stopped by its cancel(): it lives as long as
      // the response it feeds (held-out false positives in an AI SDK's streaming workflow route).
      {
        code: `export async function POST(req: Request) {
  const reader = (await start(req)).getReader();
  let closed = false;
  const stream = new ReadableStream({
    start(controller) {
      controller.enqueue('[');
      void (async () => {
        try {
          while (!closed) {
            const { done, value } = await reader.read();
            if (done) break;
            controller.enqueue(value);
          }
          controller.close();
        } catch (error) {
          controller.error(error);
        }
      })();
    },
    cancel() {
      closed = true;
    },
  });
  return new Response(stream);
}`,
        filename: 'app/api/workflow/route.ts',
        exemptBy: 'stream-producer',
      },
      // A teardown with its failure handled ends what it is called on, once (held-out false
      // positives in an MCP client's stdio transport and a coding agent's hub server); so does a
      // handler that does nothing attached to a promise that exists, however it is written.
      {
        code: `class StdioTransport {
  async close() {
    await this.child.kill();
  }
  start() {
    this.child.stdout.on('data', (chunk) => {
      try {
        this.read(chunk);
      } catch (error) {
        this.onerror(error);
        this.close().catch(() => {});
      }
    });
  }
}`,
        exemptBy: 'handled-teardown',
      },
      {
        code: `import http from 'node:http';
async function closeServer() { await new Promise((r) => server.close(r)); }
export const server = http.createServer((req, res) => {
  res.end('ok');
  queueMicrotask(() => {
    void Promise.resolve(onShutdown?.()).catch(() => undefined);
    closeServer().catch(() => undefined);
  });
});`,
        exemptBy: 'handled-teardown',
      },
      // The handler written async after an early-return guard (held-out false positive in an MCP
      // example server's host check).
      {
        code: `import { createServer } from 'node:http';
async function handle(req, res) { res.end(await answer(req)); }
createServer((req, res) => {
  if (!validHost(req, res)) return;
  void (async () => {
    await handle(req, res);
  })().catch(() => {
    if (!res.headersSent) res.writeHead(500).end();
  });
}).listen(3000);`,
        exemptBy: 'whole-handler-body',
      },
      // A counted loop starting workers that run until stopped is a pool started once, not a task
      // per item (held-out false positives in a queue transport's pollers and a feed reader).
      {
        code: `class Poller {
  start(queueUrl, concurrency) {
    const abort = new AbortController();
    this.abort = abort;
    for (let i = 0; i < concurrency; i++) {
      void this.poll(queueUrl, abort.signal);
    }
  }

  async poll(queueUrl, signal) {
    while (!signal.aborted) {
      const messages = await this.sqs.receive(queueUrl);
      await this.handle(messages);
    }
  }
}`,
        exemptBy: 'worker-pool',
      },
      {
        code: `class FeedReader {
  constructor(config) {
    for (let worker = 0; worker < config.pollConcurrency; worker++) {
      void this.pollFeeds(worker);
    }
  }

  async pollFeeds(worker) {
    const url = this.queue.pop();
    if (url) await this.pollFeed(url);
    this.timeouts[worker] = setTimeout(() => {
      if (this.shouldRun) void this.pollFeeds(worker);
    }, this.interval);
  }
}`,
        exemptBy: 'worker-pool',
      },
      // A function handed to a browser page runs in that page, not in the Node process.
      {
        code: `app.get('/warm', async (req, res) => {
  await page.evaluate(() => {
    for (const link of document.querySelectorAll('a')) fetch(link.href);
  });
  res.end();
});`,
        exemptBy: 'browser-page',
      },
      // Returning a literal leaves nothing running either (held-out false positive in a mail
      // gateway's base client, whose connection check is an async stub that returns true).
      {
        code: `class BaseClient {
  async checkConnection() {
    return true;
  }
  async send(message) {
    for (const attachment of message.attachments) {
      this.checkConnection();
      attachment.content = await this.download(attachment.reference);
    }
  }
}`,
      },
      // An event emitter's emit tells the listeners; what they start is theirs. Some emitters' emit is
      // async only to look up subscribers (held-out false positive in a blockchain SDK's provider,
      // which emits a debug event per gateway URL it tries).
      {
        code: `class Provider {
  async emit(event, ...args) {
    const listeners = await this.lookup(event);
    for (const listener of listeners) listener(...args);
  }
  async fetchFirst(urls) {
    for (const url of urls) {
      this.emit('debug', { url });
      const response = await fetch(url);
      if (response.ok) return response;
    }
  }
}`,
      },
      // A task that hands its failure to the deferred promises it settles is tracked by whoever awaits
      // them (held-out false positive in the same SDK's batch dispatcher, one task per batch).
      {
        code: `class Batcher {
  async send(payload) {
    return this.transport.send(payload);
  }
  flush() {
    for (const batch of this.batches) {
      (async () => {
        try {
          const result = await this.send(batch.map((p) => p.payload));
          for (const { resolve } of batch) resolve(result);
        } catch (error) {
          for (const { reject } of batch) reject(error);
        }
      })();
    }
  }
}`,
        exemptBy: 'settles-deferreds',
      },
      // A forEach whose result is awaited or returned is not Array.prototype.forEach (which returns
      // nothing): it is an async iterator that awaits each callback (held-out false positives in a
      // crawler's dataset, whose map and reduce are built on its own forEach).
      {
        code: `class Dataset {
  async forEach(iteratee) {
    for (const item of await this.items()) await iteratee(item);
  }
  async map(iteratee) {
    const result = [];
    await this.forEach(async (item) => {
      result.push(await iteratee(item));
    });
    return result;
  }
}`,
        exemptBy: 'own-async-foreach',
      },
      // Set 18: an HMI server's per-topic subscriptions, each catching and logging its failure.
      {
        code: SUBSCRIBE_TOPICS,
        exemptBy: 'callback-catches-failure',
      },
      {
        code: `export function installAll(plugins) {
  plugins.forEach(async (plugin) => {
    if (plugin.enabled) {
      await install(plugin).then(() => events.emit(plugin.name)).catch((err) => logger.error(err));
    }
  });
}`,
        exemptBy: 'callback-catches-failure',
      },
      // The callback passed by name, declared in the same function: each attempt catches its own
      // failure (set 22: a database driver trying each address of localhost).
      {
        code: `export function connectToAny(addresses, connect) {
  return new Promise((resolve, reject) => {
    let failed = 0;
    addresses.forEach(attempt);
    async function attempt(address) {
      try {
        resolve(await connect(address));
      } catch (e) {
        failed++;
        if (failed === addresses.length) reject(e);
      }
    }
  });
}`,
        exemptBy: 'callback-catches-failure',
      },
      {
        code: `export async function saveAll(dataset) {
  await dataset.forEach(async (item) => {
    await save(item);
  });
}`,
        exemptBy: 'own-async-foreach',
      },
      // The whole route handler is one call of an async function that answers the request and
      // catches its own failure: the handler written async (held-out false positive in a marine
      // data server's application-data routes).
      {
        code: `async function postData(req, res) {
  if (!req.params.id) {
    res.status(400).send('missing id');
    return;
  }
  try {
    await store.save(req.params.id, req.body);
    res.json('ok');
  } catch (error) {
    res.status(500).send(error.message);
  }
}
app.post('/data/:id', (req, res) => {
  postData(req, res);
});`,
        exemptBy: 'whole-handler-body',
      },
      // A test file runs and exits: a dropped task there is a test bug, not a leak of a long-running
      // process (held-out false positive: a test server's request callback in a *.test.ts file).
      {
        code: `import { createServer } from 'node:http';
async function handleRequest(req, res) { res.end(await answer(req)); }
beforeEach(() => {
  server = createServer((req, res) => {
    void handleRequest(req, res);
  });
});`,
        filename: 'src/auth.test.ts',
        exemptBy: 'test-file',
      },
      {
        code: `import { it } from 'vitest';
async function save(row) { await db.insert(row); }
it('saves every row', () => {
  rows.forEach(async (row) => {
    await save(row);
  });
});`,
        filename: 'tests/rows.ts',
        exemptBy: 'test-file',
      },
      // A fixture folder inside a test tree holds a sample app the suite starts and stops (set 28:
      // a web framework's app that rejects on purpose, for its unhandledRejection logging test).
      {
        code: APP_THAT_REJECTS,
        filename: 'test/fixtures/apps/app-throw/app/router.js',
        exemptBy: 'test-file',
      },
      // A one-shot script runs and exits: no long-running process keeps what it drops (held-out
      // false positive: a load script firing one sign-up request per generated user).
      {
        code: `async function main() {
  for (let i = 0; i < count; i++) {
    fetch(\`\${endpoint}/signup\`, { method: 'POST', body: JSON.stringify({ name: \`user\${i}\` }) });
  }
}
main();`,
        filename: 'scripts/load/signups.js',
        exemptBy: 'one-shot-script',
      },
      {
        code: `#!/usr/bin/env node
async function copy(file) { await storage.upload(file); }
files.forEach(async (file) => {
  await copy(file);
});`,
        filename: 'tools/copy-all.js',
        exemptBy: 'one-shot-script',
      },
      // Set 34: a store's method handed to the window's before-unload registration runs once, as
      // the window closes, not per call of a long-lived service.
      {
        code: `class DraftStore {
  constructor() {
    AppEnv.onBeforeUnload(this._onBeforeUnload);
    window.addEventListener('beforeunload', this.flush.bind(this));
  }
  _onBeforeUnload = (ready) => {
    Promise.all(this.saves()).then(() => ready());
  };
  flush() {
    this.saves();
  }
  async saves() {
    return [];
  }
}
export default new DraftStore();`,
      },
      // Set 34: a dashboard's filters load the entries they need once, behind a not-loaded guard
      // (on the field, or on the value handed in under the field's name).
      {
        code: `export class EntitiesPage {
  filter(filters, entries) {
    Object.entries(filters).forEach(([key, value]) => {
      if (key === 'config_entry') {
        if (!entries) {
          this._loadConfigEntries();
          return;
        }
      } else if (!this._subEntries) {
        this._loadSubEntries(value);
      }
    });
  }
  async _loadConfigEntries() {
    this._entries = await fetchEntries();
  }
  async _loadSubEntries(id) {
    this._subEntries = await fetchSubEntries(id);
  }
}`,
        exemptBy: 'lazy-load-guard',
      },
      ...HANDLED_TASKS.map(({ code, filename }) => ({ code, filename, exemptBy: 'failure-handled' })),
      // A call that turns the callee's waiting off: with save and sync \`false\`, updateItem() only
      // updates memory (set 35: a password manager's per-item tag update, the vaults saved after).
      { code: TAG_UPDATE, exemptBy: 'failure-handled' },
      // Set 18: a chat bridge's per-room kicks, one task per room, each catching its failure.
      { code: LEAVE_ROOMS, exemptBy: 'failure-handled' },
      // flatMap collects the callbacks' promises just as map does.
      { code: LEAVE_ROOMS.replace('rooms.map', 'rooms.flatMap'), exemptBy: 'failure-handled' },
      {
        code: `export class Indexer {
  async index(doc) { await search.put(doc); }
  run(docs) {
    for (const doc of docs) this.index(doc).catch(console.error);
  }
}`,
        exemptBy: 'failure-handled',
      },
    ],
    createFloatingTaskDetector,
    toDetectorOptions,
  ),
  invalid: [
    // The twin of a before-unload handler: handed to another registration, a method of the
    // module's one store runs whenever that fires.
    {
      code: `class DraftStore {
  constructor() {
    AppEnv.onDraftChange(this._onChange);
  }
  _onChange = (ready) => {
    Promise.all(this.saves()).then(() => ready());
  };
  async saves() {
    return [];
  }
}
export default new DraftStore();`,
      errors: [{ messageId: 'floatingTask', line: 6, suggestions: codemodSuggestion }],
    },
    // The twin of the tag update: with saving on, each item's update saves and syncs its vault.
    {
      code: TAG_UPDATE.replace('{ tags }, false, false', '{ tags }, true, false'),
      errors: [{ messageId: 'floatingTask', line: 21 }],
    },
    // The twin of a lazy load: a guard on something else lets every element start the load.
    {
      code: `export class EntitiesPage {
  filter(filters) {
    Object.entries(filters).forEach(([key, value]) => {
      if (!this._ready) {
        this._loadSubEntries(value);
      }
    });
  }
  async _loadSubEntries(id) {
    this._subEntries = await fetchSubEntries(id);
  }
}`,
      errors: [{ messageId: 'floatingTask', line: 5, suggestions: codemodSuggestion }],
    },
    // A fixture folder outside a test tree is a sample project of its own, judged by the path inside it.
    {
      code: APP_THAT_REJECTS,
      filename: 'src/fixtures/app-throw/app/router.js',
      errors: [{ messageId: 'floatingTask', line: 4, suggestions: codemodSuggestion }],
    },
    // A pass in start-up code that still runs per item of incoming work: per response of an mDNS
    // listener registered in the constructor, over a constructor's parameter, in a class this file
    // builds per request, in a loop that runs until stopped, over arriving items, per settings change.
    {
      code: `export class CastProvider {
  constructor(mdns) {
    mdns.on('response', (response) => {
      for (const answer of response.answers) this.onDiscover(answer);
    });
  }
  async onDiscover(answer) {
    await this.register(answer.name);
  }
}`,
      errors: [
        {
          messageId: 'floatingTask',
          line: 4,
          column: 46,
          data: {
            task: '`this.onDiscover(…)`',
            context: 'on every iteration of a for...of loop',
            failure: 'a failure goes unhandled',
          },
          suggestions: codemodSuggestion,
        },
      ],
    },
    {
      code: `export class Hub {
  constructor(devices) {
    for (const device of devices) this.attach(device);
  }
  async attach(device) {
    await device.connect();
  }
}`,
      errors: [{ messageId: 'floatingTask', line: 3, column: 35, suggestions: codemodSuggestion }],
    },
    {
      code: `class Session {
  constructor() {
    for (const hook of HOOKS) this.run(hook);
  }
  async run(hook) {
    await hook.start();
  }
}
app.post('/session', (req, res) => {
  res.json(new Session());
});`,
      errors: [{ messageId: 'floatingTask', line: 3, column: 31, suggestions: codemodSuggestion }],
    },
    {
      code: `export class Outbox {
  init() {
    while (this.queue.length) this.send(this.queue.shift());
  }
  async send(mail) {
    await smtp.send(mail);
  }
}`,
      errors: [{ messageId: 'floatingTask', line: 3, column: 31, suggestions: codemodSuggestion }],
    },
    {
      code: `export class Consumer {
  async start() {
    for await (const message of this.subscription) this.handle(message);
  }
  async handle(message) {
    await store.save(message);
  }
}`,
      errors: [{ messageId: 'floatingTask', line: 3, column: 52 }],
    },
    {
      code: `export class Provider {
  async putSetting(key, value) {
    for (const id of this.deviceIds) this.refresh(id);
  }
  async refresh(id) {
    await api.refresh(id);
  }
}`,
      errors: [{ messageId: 'floatingTask', line: 3, column: 38 }],
    },
    // Twins of the worker pool: a counted loop over a list starts a task per item, and a counted
    // loop starting a function that does one piece of work and ends starts N tasks.
    {
      code: `class Importer {
  start(jobs) {
    for (let i = 0; i < jobs.length; i++) {
      void this.run(jobs[i]);
    }
  }

  async run(job) {
    while (job.pending) await job.step();
  }
}`,
      errors: [{ messageId: 'floatingTask', line: 4, suggestions: codemodSuggestion }],
    },
    {
      code: `class Notifier {
  broadcast(message, copies) {
    for (let i = 0; i < copies; i++) {
      void this.send(message);
    }
  }

  async send(message) {
    await this.transport.post(message);
  }
}`,
      errors: [{ messageId: 'floatingTask', line: 4, suggestions: codemodSuggestion }],
    },
    // A client known by its declared type: a same-file method declared to return a Pub/Sub Topic,
    // whose publish is left running in a service method.
    {
      code: `import { Injectable } from '@nestjs/common';
import { PubSub, Topic } from '@google-cloud/pubsub';
@Injectable()
export class EventsPublisher {
  private readonly pubsub = new PubSub();
  async emit(name: string, payload: object): Promise<void> {
    const data = Buffer.from(JSON.stringify(payload));
    this.topic(name).publishMessage({ data });
  }
  private topic(name: string): Topic {
    return this.pubsub.topic(name);
  }
}`,
      errors: [
        {
          messageId: 'floatingTask',
          line: 8,
          data: {
            task: '`this.topic(name).publishMessage(…)`',
            context:
              'in method `emit` of class `EventsPublisher` (a method of `EventsPublisher`, kept as a singleton by NestJS, called again and again)',
            failure: 'a failure goes unhandled',
          },
        },
      ],
    },
    // An injected client: a constructor's parameter property typed as ioredis's Redis, and a
    // typed parameter.
    {
      code: `import Redis from 'ioredis';
export class Sessions {
  constructor(private readonly redis: Redis) {}
  register(app) {
    app.post('/touch', (req, res) => {
      this.redis.expire(req.body.id, 3600);
      res.end();
    });
  }
}`,
      errors: [
        {
          messageId: 'floatingTask',
          line: 6,
          data: {
            task: '`this.redis.expire(…)`',
            context: 'in the POST route handler',
            failure: 'a failure goes unhandled',
          },
          suggestions: codemodSuggestion,
        },
      ],
    },
    {
      code: `import Redis from 'ioredis';
export function touchRoute(app, redis: Redis) {
  app.get('/t/:id', (req) => {
    redis.expire(req.params.id, 3600);
  });
}`,
      errors: [
        {
          messageId: 'floatingTask',
          line: 4,
          data: { task: '`redis.expire(…)`', context: 'in the GET route handler', failure: 'a failure goes unhandled' },
          suggestions: codemodSuggestion,
        },
      ],
    },
    // A declared async function the file assigns again still names the function a call most
    // likely runs (core's functionBoundTo with evenIfReassigned): the dropped call is a task.
    {
      code: `async function deliver(mail) {
  await smtp.send(mail);
}
if (process.env.DRY_RUN) deliver = async (mail) => log(mail);
app.post('/mail', (req, res) => {
  deliver(req.body);
  res.end();
});`,
      errors: [
        {
          messageId: 'floatingTask',
          line: 6,
          data: { task: '`deliver(…)`', context: 'in the POST route handler', failure: 'a failure goes unhandled' },
          suggestions: codemodSuggestion,
        },
      ],
    },
    // The one-shot script's twin: the same loop in a module of the long-running service.
    {
      code: `export async function inviteAll(count) {
  for (let i = 0; i < count; i++) {
    fetch(\`\${endpoint}/signup\`, { method: 'POST', body: JSON.stringify({ name: \`user\${i}\` }) });
  }
}`,
      filename: 'src/load/signups.js',
      errors: [{ messageId: 'floatingTask', line: 3 }],
    },
    // With reportHandled the message says how the failure is handled: by the chain's catch (a
    // finally after it too), or by the function called.
    {
      code: `async function index(doc) { await search.put(doc); }
async function safeIndex(doc) {
  try {
    await search.put(doc);
  } catch (error) {
    log(error);
  }
}
export function run(docs) {
  for (const doc of docs) index(doc).catch(log).finally(done);
  for (const doc of docs) safeIndex(doc);
}`,
      options: [{ typeAware: false, reportHandled: true }],
      errors: [
        {
          messageId: 'floatingTask',
          line: 10,
          data: {
            task: '`index(doc).catch(log).finally(…)`',
            context: 'on every iteration of a for...of loop',
            failure: 'its catch only reports a failure',
          },
        },
        {
          messageId: 'floatingTask',
          line: 11,
          data: {
            task: '`safeIndex(…)`',
            context: 'on every iteration of a for...of loop',
            failure: 'it catches its own failure',
          },
        },
      ],
    },
    // The per-topic subscriptions' twins: a catch that throws again, an await outside the try,
    // and the handled callback itself with reportHandled.
    {
      code: `export function subscribeAll(client, topics) {
  topics.forEach(async (topic) => {
    try {
      await client.subscribe(topic);
    } catch (error) {
      throw new Error(\`cannot subscribe to \${topic}\`, { cause: error });
    }
  });
}`,
      errors: [{ messageId: 'asyncForEach', line: 2 }],
    },
    {
      code: `export function installAll(plugins) {
  plugins.forEach(async (plugin) => {
    await install(plugin);
    events.emit(plugin.name);
  });
}`,
      errors: [{ messageId: 'asyncForEach', line: 2 }],
    },
    {
      code: SUBSCRIBE_TOPICS,
      options: [{ typeAware: false, reportHandled: true }],
      errors: [{ messageId: 'asyncForEach', line: 2 }],
    },
    // The callback passed by name is judged like one written inline: this one lets its failure out.
    {
      code: `export function installAll(plugins) {
  plugins.forEach(installOne);
  async function installOne(plugin) {
    await install(plugin);
    events.emit(plugin.name);
  }
}`,
      errors: [{ messageId: 'asyncForEach', line: 2 }],
    },
    // The per-room kicks' twins: the kick awaited outside any try, and the handled kicks with reportHandled.
    {
      code: `export function leaveRooms(rooms, user) {
  rooms.map(async (room) => {
    await kick(room, user);
  });
}`,
      errors: [{ messageId: 'floatingTasks', line: 2, column: 3, suggestions: codemodSuggestion }],
    },
    {
      code: LEAVE_ROOMS,
      options: [{ typeAware: false, reportHandled: true }],
      errors: [{ messageId: 'floatingTasks', line: 2, column: 3 }],
    },
    {
      code: `export function leaveRooms(rooms, user) {
  rooms.flatMap(async (room) => {
    await kick(room, user);
  });
}`,
      errors: [{ messageId: 'floatingTasks', line: 2, column: 3, suggestions: codemodSuggestion }],
    },
    // The upload manager's twin: the method awaits outside its try, so its task can still reject.
    {
      code: `class UploadManager {
  async executeUpload(task) {
    const url = await sign(task.file);
    try {
      await upload(url, task.file);
    } catch (error) {
      task.onError(error);
    }
  }
  uploadAll(tasks) {
    for (const task of tasks) this.executeUpload(task);
  }
}`,
      errors: [{ messageId: 'floatingTask', line: 11, column: 31, suggestions: codemodSuggestion }],
    },
    ...HANDLED_TASKS.map(({ code, filename, line, column }) => ({
      code,
      filename,
      options: [{ typeAware: false, reportHandled: true }] as Options,
      errors: [{ messageId: 'floatingTask' as const, line, column }],
    })),
    // REBUILD_ALL's twin: it reads the lookup's result before testing it, and a failed lookup's null fails it.
    {
      code: REBUILD_ALL.replace('  if (!app) return;\n', ''),
      filename: 'src/rebuild.ts',
      errors: [{ messageId: 'floatingTask', line: 13, suggestions: codemodSuggestion }],
    },
    // NOTIFY_ALL's twins: download()'s catch throws again, or notify() also awaits a call nothing here follows.
    {
      code: NOTIFY_ALL.replace(
        'log(error);\n  }\n}\nasync function notify',
        'throw error;\n  }\n}\nasync function notify',
      ),
      errors: [{ messageId: 'floatingTask', line: 17, suggestions: codemodSuggestion }],
    },
    {
      code: NOTIFY_ALL.replace('await download(user.avatar);', 'await download(user.avatar);\n  await cache.flush();'),
      errors: [{ messageId: 'floatingTask', line: 18, suggestions: codemodSuggestion }],
    },
    // ACCRUE_ALL's twin: resolved with what the viewer holds, which may be a promise that rejects.
    {
      code: ACCRUE_ALL.replace('return Promise.resolve();', 'return Promise.resolve(viewer.pending);'),
      errors: [{ messageId: 'floatingTask', line: 13, suggestions: codemodSuggestion }],
    },
    // RESOLVE_ONLY_TWINS: the sleep's executor takes reject, or the upload wrapper throws in its executor.
    {
      code: PROBE_WORKERS.replace('(resolve) => setTimeout', '(resolve, reject) => setTimeout'),
      errors: [{ messageId: 'floatingTask', line: 15, suggestions: codemodSuggestion }],
    },
    {
      code: UPLOAD_QUEUE.replace(
        'new Promise((resolve) => {',
        "new Promise((resolve) => {\n      if (!file.size) throw new Error('empty file');",
      ),
      errors: [{ messageId: 'floatingTask', line: 4, suggestions: codemodSuggestion }],
    },
    // CHAIN_TWINS: each chain or combinator has a step that can reject.
    {
      code: RESTART_ON_EXIT.replace('if (this.disposed) return;', "if (this.disposed) throw new Error('disposed');"),
      errors: [{ messageId: 'floatingTask', line: 11, suggestions: codemodSuggestion }],
    },
    {
      code: SEARCH_STORE.replace('console.error(error);', 'console.error(error);\n      throw error;'),
      errors: [{ messageId: 'floatingTask', line: 17, suggestions: codemodSuggestion }],
    },
    {
      code: UPDATE_SUBSCRIBERS.replace(
        'try {\n        await subscriber.send',
        'await subscriber.ready;\n      try {\n        await subscriber.send',
      ),
      errors: [{ messageId: 'floatingTask', line: 14, suggestions: codemodSuggestion }],
    },
    {
      code: PIPE_WRITES.replace('new Promise((resolve) =>', 'new Promise((resolve, reject) =>'),
      errors: [{ messageId: 'floatingTask', line: 7, suggestions: codemodSuggestion }],
    },
    // VALIDATE_UPLOADS's twin: the catch returns a call of a function that is no parameter.
    {
      code: VALIDATE_UPLOADS.replace('return cb(err);', 'return report(err);'),
      errors: [{ messageId: 'floatingTask', line: 10, suggestions: codemodSuggestion }],
    },
    // RUN_JOBS's twin: the retry gives up by throwing, so the cycle can reject.
    {
      code: RUN_JOBS.replace('if (attempt > 3) return;', "if (attempt > 3) throw new Error('gave up');"),
      errors: [{ messageId: 'floatingTask', line: 14, suggestions: codemodSuggestion }],
    },
    // The test-file case's twin: the same request callback in a source file.
    {
      code: `import { createServer } from 'node:http';
async function handleRequest(req, res) { res.end(await answer(req)); }
export function start() {
  server = createServer((req, res) => {
    void handleRequest(req, res);
  });
}`,
      filename: 'src/auth.ts',
      errors: [{ messageId: 'floatingTask', line: 5, column: 10, suggestions: codemodSuggestion }],
    },
    // The suggestion is the track-tasks codemod's rewrite: the task goes into track(…), and the
    // file gets the helper after its imports when it has none.
    {
      filename: 'notify.ts',
      code: `import { mailer } from './mailer';

async function sendEmail(to: string) {
  await mailer.send(to);
}

export function notifyAll(users: { email: string }[]) {
  for (const user of users) sendEmail(user.email);
}
`,
      errors: [
        {
          messageId: 'floatingTask',
          line: 8,
          column: 29,
          suggestions: [
            {
              messageId: 'trackTask',
              data: { task: '`sendEmail(…)`' },
              output: `import { mailer } from './mailer';

// Background tasks started in this file, each kept until it settles; a failure is logged instead
// of becoming an unhandled rejection. On shutdown: await Promise.all(pendingTasks).
const pendingTasks = new Set<Promise<void>>();
function track(task: PromiseLike<unknown>): void {
  const settled: Promise<void> = Promise.resolve(task).then(
    () => {
      pendingTasks.delete(settled);
    },
    (error: unknown) => {
      pendingTasks.delete(settled);
      console.error('Background task failed:', error);
    },
  );
  pendingTasks.add(settled);
}

async function sendEmail(to: string) {
  await mailer.send(to);
}

export function notifyAll(users: { email: string }[]) {
  for (const user of users) track(sendEmail(user.email));
}
`,
            },
          ],
        },
      ],
    },
    // With the helper there already (an earlier suggestion or codemod run added it), only the
    // call is wrapped; `void task()` gives up its void.
    {
      filename: 'notify.js',
      code: `${trackedSendEmail}app.post('/signup', (req, res) => {
  void sendEmail(req.body.email);
  res.sendStatus(202);
});
`,
      errors: [
        {
          messageId: 'floatingTask',
          line: 10,
          column: 8,
          suggestions: [
            {
              messageId: 'trackTask',
              data: { task: '`sendEmail(…)`' },
              output: `${trackedSendEmail}app.post('/signup', (req, res) => {
  track(sendEmail(req.body.email));
  res.sendStatus(202);
});
`,
            },
          ],
        },
      ],
    },
    // Twins of the exit after the task: the break is conditional, a continue can skip it, or it
    // leaves only a switch.
    {
      code: `async function hydrate(entry) { await load(entry); }
export function onVisible(entries) {
  for (const entry of entries) {
    hydrate(entry);
    if (entry.last) break;
  }
}`,
      errors: [{ messageId: 'floatingTask', line: 4, column: 5, suggestions: codemodSuggestion }],
    },
    {
      code: `async function hydrate(entry) { await load(entry); }
export function onVisible(entries) {
  for (const entry of entries) {
    hydrate(entry);
    if (!entry.last) continue;
    break;
  }
}`,
      errors: [{ messageId: 'floatingTask', line: 4, column: 5, suggestions: codemodSuggestion }],
    },
    {
      code: `async function hydrate(entry) { await load(entry); }
export function onVisible(entries) {
  for (const entry of entries) {
    switch (entry.kind) {
      case 'island':
        hydrate(entry);
        break;
    }
  }
}`,
      errors: [{ messageId: 'floatingTask', line: 6, column: 9, suggestions: codemodSuggestion }],
    },
    {
      code: `async function hydrate(entry) { await load(entry); }
export function onVisible(entries) {
  for (const entry of entries) {
    switch (entry.kind) {
      case 'island': {
        hydrate(entry);
        break;
      }
    }
  }
}`,
      errors: [{ messageId: 'floatingTask', line: 6, column: 9, suggestions: codemodSuggestion }],
    },
    // Twins of the stream's producer: a source with no cancel(), and a task started in the
    // handler beside the stream.
    {
      code: `export async function POST(req: Request) {
  const reader = (await start(req)).getReader();
  const stream = new ReadableStream({
    start(controller) {
      controller.enqueue('[');
      void (async () => {
        for (;;) {
          const { done, value } = await reader.read();
          if (done) return controller.close();
          controller.enqueue(value);
        }
      })();
    },
  });
  return new Response(stream);
}`,
      filename: 'app/api/workflow/route.ts',
      errors: [{ messageId: 'floatingTask', line: 6, column: 12, suggestions: codemodSuggestion }],
    },
    {
      code: `export async function POST(req: Request) {
  const stream = new ReadableStream({
    start(controller) { controller.close(); },
    cancel() {},
  });
  await record(req);
  void (async () => {
    await audit(req);
  })();
  return new Response(stream);
}`,
      filename: 'app/api/workflow/route.ts',
      errors: [{ messageId: 'floatingTask', line: 7, column: 8, suggestions: codemodSuggestion }],
    },
    // Twins: the teardown's failure is not handled, the call handled is not a teardown, the
    // statement before the async body does work.
    {
      code: `class StdioTransport {
  async close() {
    await this.child.kill();
  }
  start() {
    this.child.stdout.on('data', (chunk) => {
      if (!this.read(chunk)) this.close();
    });
  }
}`,
      errors: [{ messageId: 'floatingTask', line: 7, column: 30, suggestions: codemodSuggestion }],
    },
    // Its twin fetches from Node, once per link.
    {
      code: `app.get('/warm', async (req, res) => {
  const links = await page.$$eval('a', (as) => as.map((a) => a.href));
  for (const link of links) fetch(link);
  res.end();
});`,
      errors: [{ messageId: 'floatingTask', line: 3, column: 29, suggestions: codemodSuggestion }],
    },
    // Twins: a forEach whose result is thrown away, and an async handler function that awaits
    // outside its try, or does other work beside the call.
    {
      code: `class Dataset {
  async forEach(iteratee) {
    for (const item of await this.items()) await iteratee(item);
  }
  async map(iteratee) {
    const result = [];
    this.items().forEach(async (item) => {
      result.push(await iteratee(item));
    });
    return result;
  }
}`,
      errors: [{ messageId: 'asyncForEach', line: 7, column: 26 }],
    },
    {
      code: `async function postData(req, res) {
  const body = await parse(req);
  try {
    await store.save(req.params.id, body);
    res.json('ok');
  } catch (error) {
    res.status(500).send(error.message);
  }
}
app.post('/data/:id', (req, res) => {
  postData(req, res);
});`,
      errors: [{ messageId: 'floatingTask', line: 11, column: 3, suggestions: codemodSuggestion }],
    },
    // Twins: the same loop calling a method that is not emit, and a batch task whose catch only logs.
    // In an async method whose caller can await it the fix is to await the task: no suggestion
    // (the codemod leaves such a site with that reason; fixture track-tasks/left-async-method-loop).
    {
      code: `class Provider {
  async record(event, ...args) {
    const listeners = await this.lookup(event);
    for (const listener of listeners) listener(...args);
  }
  async fetchFirst(urls) {
    for (const url of urls) {
      this.record('debug', { url });
      const response = await fetch(url);
      if (response.ok) return response;
    }
  }
}`,
      errors: [{ messageId: 'floatingTask', line: 8, column: 7, suggestions: [] }],
    },
    // Its twin returns what it computes, which may be a promise still running (no suggestion: async method).
    {
      code: `class BaseClient {
  async checkConnection() {
    return this.pool.ping();
  }
  async send(message) {
    for (const attachment of message.attachments) {
      this.checkConnection();
      attachment.content = await this.download(attachment.reference);
    }
  }
}`,
      errors: [{ messageId: 'floatingTask', line: 7, column: 7, suggestions: [] }],
    },
    // The twins: the IIFE shares the listener with other work (it is a task beside the handler's),
    // runs once per element, or the queue is never drained.
    {
      code: `async function run(request) { await execute(request); }
port.on('message', (request) => {
  log(request);
  void (async () => {
    await run(request);
  })();
});`,
      errors: [{ messageId: 'floatingTask', line: 4, column: 8, suggestions: codemodSuggestion }],
    },
    {
      code: `async function run(request) { await execute(request); }
port.on('message', (requests) => {
  for (const request of requests) {
    (async () => {
      await run(request);
    })();
  }
});`,
      errors: [{ messageId: 'floatingTask', line: 4, column: 5, suggestions: codemodSuggestion }],
    },
    {
      code: `async function translateFile({ file, queue }) {
  await queue.add(() => translate(file));
}
export function translateAll(files, queue) {
  for (const file of files) {
    void translateFile({ file, queue });
  }
}`,
      errors: [{ messageId: 'floatingTask', line: 6, column: 10, suggestions: codemodSuggestion }],
    },
    // Twins: a catch that is not the whole handler, and a resolved promise whose handler does work.

    {
      code: `async function flush(v) { await store.put(v); }
export function defer(values) {
  for (const v of values) Promise.resolve(v).then((x) => flush(x));
}`,
      errors: [{ messageId: 'floatingTask', line: 3, column: 27, suggestions: codemodSuggestion }],
    },
    // The same callbacks once they wait for something, or hand a task back.
    {
      code: `export function addTags(head, tags) {
  tags.forEach(async (tag) => {
    const el = await render(tag);
    head.appendChild(el);
  });
}`,
      errors: [{ messageId: 'asyncForEach', line: 2, column: 16 }],
    },
    {
      code: `export function saveAll(items) {
  items.forEach(async (item) => {
    return fetch('/save', { method: 'POST', body: item });
  });
}`,
      errors: [{ messageId: 'asyncForEach', line: 2, column: 17 }],
    },
    {
      code: `export function saveAll(items) {
  items.map(async (item) => fetch('/save', { method: 'POST', body: item }));
}`,
      errors: [{ messageId: 'floatingTasks', line: 2, column: 3, suggestions: codemodSuggestion }],
    },
    // Express error middleware takes the error first too, and runs per request.
    {
      code: `async function report(err) { await tracker.send(err); }
app.use((err, req, res, next) => {
  report(err);
  res.status(500).end();
});`,
      errors: [
        {
          messageId: 'floatingTask',
          line: 3,
          column: 3,
          data: { task: '\`report(…)\`', context: 'in the middleware', failure: 'a failure goes unhandled' },
          suggestions: codemodSuggestion,
        },
      ],
    },
    // A map callback that forgets to return its task: Promise.all gets undefined for each element
    // and waits for nothing (held-out true positive in a monitoring app's SMS provider).
    {
      code: `import axios from 'axios';
export async function notify(numbers, body) {
  const requests = numbers.map((number) => {
    axios.post('/sms', { number, body });
  });
  await Promise.all(requests);
}`,
      errors: [
        {
          messageId: 'unreturnedTask',
          data: { task: '`axios.post(…)`', collector: '`Promise.all`' },
          line: 4,
          suggestions: [
            {
              messageId: 'returnTask',
              output: `import axios from 'axios';
export async function notify(numbers, body) {
  const requests = numbers.map((number) => {
    return axios.post('/sms', { number, body });
  });
  await Promise.all(requests);
}`,
            },
          ],
        },
      ],
    },
    {
      code: `${sendEmail}export async function notifyAll(users) {
  await Promise.allSettled(users.map(function (user) {
    if (!user.email) return;
    sendEmail(user);
  }));
}`,
      errors: [
        {
          messageId: 'unreturnedTask',
          line: 7,
          column: 5,
          data: { task: '`sendEmail(…)`', collector: '`Promise.allSettled`' },
          suggestions: [
            {
              messageId: 'returnTask',
              output: `${sendEmail}export async function notifyAll(users) {
  await Promise.allSettled(users.map(function (user) {
    if (!user.email) return;
    return sendEmail(user);
  }));
}`,
            },
          ],
        },
      ],
    },
    // Not the last statement, a callback that returns something else, or a result nobody collects:
    // returning the task is not the whole fix, so the general message.
    {
      code: `${sendEmail}export async function notifyAll(users) {
  await Promise.all(users.map((user) => {
    sendEmail(user);
    log(user);
  }));
}`,
      errors: [{ messageId: 'floatingTask', line: 6, column: 5, suggestions: codemodSuggestion }],
    },
    {
      code: `${sendEmail}export async function notifyAll(users) {
  await Promise.all(users.map((user) => {
    if (user.vip) return notifyVip(user);
    sendEmail(user);
  }));
}`,
      errors: [{ messageId: 'floatingTask', line: 7, column: 5, suggestions: codemodSuggestion }],
    },
    {
      code: `${sendEmail}export function notifyAll(users) {
  const sent = users.map((user) => {
    sendEmail(user);
  });
  return sent.length;
}`,
      errors: [{ messageId: 'floatingTask', line: 6, column: 5, suggestions: codemodSuggestion }],
    },
    // The batch is executed before the loop ends (or never awaited): the queued calls are not
    // settled by it (no suggestion: inside an async function, awaiting is the fix).
    {
      code: `async function stage(tx, row) { await tx.insert(row); }
export async function importRows(db, rows) {
  const tx = db.transaction();
  await tx.commit();
  for (const row of rows) stage(tx, row);
}`,
      errors: [{ messageId: 'floatingTask', line: 5, column: 27, suggestions: [] }],
    },
    // Resuming a different source than the one paused is no flow control.
    {
      code: `async function upload(chunk) { await store.put(chunk); }
export function pump(source, other) {
  source.on('data', (chunk) => {
    source.pause();
    upload(chunk).then(() => other.resume());
  });
}`,
      errors: [{ messageId: 'floatingTask', line: 5, column: 5, suggestions: codemodSuggestion }],
    },
    {
      code: `${sendEmail}export function notifyAll(users) {
  for (const user of users) {
    sendEmail(user);
  }
}`,
      errors: [
        {
          messageId: 'floatingTask',
          data: {
            task: '`sendEmail(…)`',
            context: 'on every iteration of a for...of loop',
            failure: 'a failure goes unhandled',
          },
          line: 6,
          suggestions: codemodSuggestion,
        },
      ],
    },
    {
      // void does not handle anything.
      code: `${sendEmail}export function notifyAll(users) {
  for (let i = 0; i < users.length; i++) void sendEmail(users[i]);
}`,
      errors: [
        {
          messageId: 'floatingTask',
          line: 5,
          column: 47,
          data: {
            task: '`sendEmail(…)`',
            context: 'on every iteration of a for loop',
            failure: 'a failure goes unhandled',
          },
          suggestions: codemodSuggestion,
        },
      ],
    },
    {
      code: `const sendEmail = async (user) => mailer.send(user);
app.post('/signup', (req, res) => {
  sendEmail(req.body);
  res.sendStatus(202);
});`,
      errors: [
        {
          messageId: 'floatingTask',
          line: 3,
          column: 3,
          data: { task: '`sendEmail(…)`', context: 'in the POST route handler', failure: 'a failure goes unhandled' },
          suggestions: codemodSuggestion,
        },
      ],
    },
    {
      code: `function save(row: Row): Promise<void> {
  return db.insert(row);
}
export function saveAll(rows: Row[]) {
  return rows.map((row) => {
    save(row);
    return row.id;
  });
}`,
      errors: [
        {
          messageId: 'floatingTask',
          line: 6,
          column: 5,
          data: {
            task: '`save(…)`',
            context: 'once per element in a map callback',
            failure: 'a failure goes unhandled',
          },
          suggestions: codemodSuggestion,
        },
      ],
    },
    {
      code: `export class Indexer {
  async index(doc) { await search.put(doc); }
  run(docs) {
    for (const doc of docs) this.index(doc).catch(console.error);
  }
}`,
      options: [{ typeAware: false, reportHandled: true }],
      errors: [
        {
          messageId: 'floatingTask',
          line: 4,
          column: 29,
          data: {
            task: '`this.index(doc).catch(…)`',
            context: 'on every iteration of a for...of loop',
            failure: 'its catch only reports a failure',
          },
        },
      ],
    },
    {
      code: `class Indexer {
  async index(doc) { await search.put(doc); }
}
const indexer = new Indexer();
while (queue.length) indexer.index(queue.shift());`,
      errors: [
        {
          messageId: 'floatingTask',
          line: 5,
          column: 22,
          data: {
            task: '`indexer.index(…)`',
            context: 'on every iteration of a while loop',
            failure: 'a failure goes unhandled',
          },
          suggestions: codemodSuggestion,
        },
      ],
    },
    {
      code: `const api = {
  async save(x) { await db.put(x); },
};
export function saveAll(xs) {
  for (const x of xs) api.save(x);
}`,
      errors: [
        {
          messageId: 'floatingTask',
          line: 5,
          column: 23,
          data: {
            task: '`api.save(…)`',
            context: 'on every iteration of a for...of loop',
            failure: 'a failure goes unhandled',
          },
          suggestions: codemodSuggestion,
        },
      ],
    },
    {
      code: `export function prefetch(urls) {
  for (const url of urls) fetch(url).then((r) => r.json());
}`,
      errors: [
        {
          messageId: 'floatingTask',
          line: 2,
          column: 27,
          data: {
            task: '`fetch(url).then(…)`',
            context: 'on every iteration of a for...of loop',
            failure: 'a failure goes unhandled',
          },
          suggestions: codemodSuggestion,
        },
      ],
    },
    {
      code: `import { writeFile } from 'node:fs/promises';
import fs from 'fs';
export function writeAll(files) {
  for (const [name, body] of files) {
    writeFile(name, body);
    fs.promises.appendFile('log', name);
  }
}`,
      errors: [
        {
          messageId: 'floatingTask',
          line: 5,
          column: 5,
          data: {
            task: '`writeFile(…)`',
            context: 'on every iteration of a for...of loop',
            failure: 'a failure goes unhandled',
          },
          suggestions: codemodSuggestion,
        },
        {
          messageId: 'floatingTask',
          line: 6,
          column: 5,
          data: {
            task: '`fs.promises.appendFile(…)`',
            context: 'on every iteration of a for...of loop',
            failure: 'a failure goes unhandled',
          },
          suggestions: codemodSuggestion,
        },
      ],
    },
    {
      code: `import axios from 'axios';
export const handler = async (event) => {
  axios.post(hook, event);
  return { statusCode: 202 };
};`,
      errors: [
        {
          messageId: 'floatingTask',
          line: 3,
          column: 3,
          data: { task: '`axios.post(…)`', context: 'in the AWS Lambda handler', failure: 'a failure goes unhandled' },
          suggestions: codemodSuggestion,
        },
      ],
    },
    {
      code: `import { S3Client, PutObjectCommand } from '@aws-sdk/client-s3';
const s3 = new S3Client({});
app.put('/files/:id', (req, res) => {
  s3.send(new PutObjectCommand({ Bucket: 'b', Key: req.params.id }));
  res.end();
});`,
      errors: [
        {
          messageId: 'floatingTask',
          line: 4,
          column: 3,
          data: { task: '`s3.send(…)`', context: 'in the PUT route handler', failure: 'a failure goes unhandled' },
          suggestions: codemodSuggestion,
        },
      ],
    },
    {
      code: `import Redis from 'ioredis';
const redis = new Redis();
socket.on('message', (msg) => {
  redis.publish('chat', msg);
});`,
      errors: [
        {
          messageId: 'floatingTask',
          line: 4,
          column: 3,
          data: {
            task: '`redis.publish(…)`',
            context: "in the 'message' event callback",
            failure: 'a failure goes unhandled',
          },
          suggestions: codemodSuggestion,
        },
      ],
    },
    {
      code: `export function runAll(jobs) {
  for (const job of jobs) {
    new Promise((resolve, reject) => job.run(resolve, reject));
    (async () => { await job.report(); })();
    Promise.all(job.parts);
  }
}`,
      errors: [
        {
          messageId: 'floatingTask',
          line: 3,
          column: 5,
          data: {
            task: '`new Promise(…)`',
            context: 'on every iteration of a for...of loop',
            failure: 'a failure goes unhandled',
          },
          suggestions: codemodSuggestion,
        },
        {
          messageId: 'floatingTask',
          line: 4,
          column: 5,
          data: {
            task: 'an async IIFE',
            context: 'on every iteration of a for...of loop',
            failure: 'a failure goes unhandled',
          },
          suggestions: codemodSuggestion,
        },
        {
          messageId: 'floatingTask',
          line: 5,
          column: 5,
          data: {
            task: '`Promise.all(…)`',
            context: 'on every iteration of a for...of loop',
            failure: 'a failure goes unhandled',
          },
          suggestions: codemodSuggestion,
        },
      ],
    },
    {
      // A local function named track is not a task registry.
      code: `${sendEmail}export function f(users) {
  const track = async (p) => { await p; };
  for (const u of users) track(sendEmail(u));
}`,
      errors: [
        {
          messageId: 'floatingTask',
          line: 6,
          column: 26,
          data: {
            task: '`track(…)`',
            context: 'on every iteration of a for...of loop',
            failure: 'a failure goes unhandled',
          },
        },
      ],
    },
    {
      code: `${sendEmail}export function notifyAll(users) {
  users.forEach(async (user) => {
    await sendEmail(user);
  });
}`,
      errors: [{ messageId: 'asyncForEach', line: 5 }],
    },
    {
      code: `${sendEmail}export function notifyAll(users) {
  users.forEach(sendEmail);
}`,
      errors: [{ messageId: 'asyncForEach', line: 5, column: 17 }],
    },
    {
      code: `${sendEmail}export function notifyAll(users) {
  users.forEach((user) => sendEmail(user));
}`,
      errors: [
        {
          messageId: 'floatingTask',
          line: 5,
          column: 27,
          data: {
            task: '`sendEmail(…)`',
            context: 'once per element in a forEach callback',
            failure: 'a failure goes unhandled',
          },
          suggestions: codemodSuggestion,
        },
      ],
    },
    {
      code: `${sendEmail}users.map(async (user) => sendEmail(user));`,
      errors: [
        {
          messageId: 'floatingTasks',
          line: 4,
          column: 1,
          data: { task: '`users.map(…)`' },
          suggestions: codemodSuggestion,
        },
      ],
    },
  ],
});

// file.ts is in the fixture project and also matched by allowDefaultProject, which the project
// service refuses; a name outside the project goes through the default project instead. Relative
// to the typed tester's root, its cwd: an absolute path would be judged from `/`, inside tests/.
const typedFile = 'tasks.ts';

typedRuleTester.run('no-floating-task (typeAware)', rule, {
  valid: [
    {
      code: `declare function save(x: number): Promise<void>;
export async function f(xs: number[]) {
  for (const x of xs) await save(x);
}`,
      options: [{ typeAware: true }],
      filename: typedFile,
    },
    {
      code: `declare function log(x: number): void;
export function f(xs: number[]) {
  for (const x of xs) log(x);
}`,
      options: [{ typeAware: true }],
      filename: typedFile,
    },
    {
      // A registry whose track returns the promise is still a registry.
      code: `declare function save(x: number): Promise<void>;
declare function track<T>(task: Promise<T>): Promise<T>;
export function f(xs: number[]) {
  for (const x of xs) track(save(x));
}
export {};`,
      options: [{ typeAware: true }],
      filename: typedFile,
    },
  ],
  invalid: [
    {
      code: `import type { Store } from './store';
declare const store: { put(x: number): PromiseLike<void> };
export function f(xs: number[]) {
  for (const x of xs) store.put(x);
}`,
      options: [{ typeAware: true }],
      filename: typedFile,
      errors: [
        {
          messageId: 'floatingTask',
          data: {
            task: '`store.put(…)`',
            context: 'on every iteration of a for...of loop',
            failure: 'a failure goes unhandled',
          },
        },
      ],
    },
    {
      code: `declare function saveAll(x: number[]): Promise<void>[];
export function f(xss: number[][]) {
  for (const xs of xss) saveAll(xs);
}`,
      options: [{ typeAware: true }],
      filename: typedFile,
      errors: [
        {
          messageId: 'floatingTask',
          data: {
            task: '`saveAll(…)`',
            context: 'on every iteration of a for...of loop',
            failure: 'a failure goes unhandled',
          },
        },
      ],
    },
  ],
});

describe('no-floating-task options', () => {
  it('refuses an unknown option, naming it', () => {
    const linter = new Linter();
    expect(() =>
      linter.verify('x();', [
        {
          plugins: { leakproof: plugin as never },
          rules: { 'leakproof/no-floating-task': ['error', { typeaware: true }] },
        },
      ]),
    ).toThrow(/typeaware/);
  });

  it('says how to get type information when typeAware is on without it', () => {
    const linter = new Linter();
    expect(() =>
      linter.verify('for (const x of xs) f(x);', [
        {
          plugins: { leakproof: plugin as never },
          rules: { 'leakproof/no-floating-task': ['error', { typeAware: true }] },
        },
      ]),
    ).toThrow(/typeAware option needs type information/);
  });
});

/*
 * `report: 'definite'` (the recommended config's choice): only a task dropped by an array method,
 * wrong wherever the code runs. A task dropped per request, message or loop iteration is left to
 * `all`: whether it piles up depends on how often that code runs.
 */
const definite: Options = [{ typeAware: false, report: 'definite' }];
const RETURNED = `${sendEmail}export async function notifyAll(users) {
  await Promise.all(users.map((user) => {
    return sendEmail(user);
  }));
}`;

ruleTester.run("no-floating-task: report 'definite'", rule, {
  valid: [
    {
      code: `${sendEmail}app.post('/signup', (req, res) => {
  sendEmail(req.body);
  res.sendStatus(202);
});`,
      options: definite,
    },
    {
      code: `${sendEmail}export function notifyAll(users) {
  for (const user of users) sendEmail(user);
}`,
      options: definite,
    },
    {
      // Test files and one-shot scripts stay exempt, as with 'all'.
      code: `${sendEmail}process.argv.slice(2).forEach(async (to) => {
  await sendEmail(to);
});
process.exit(0);`,
      filename: 'scripts/send.ts',
      options: definite,
    },
  ],
  invalid: [
    {
      code: `${sendEmail}export function notifyAll(users) {
  users.forEach(async (user) => {
    await sendEmail(user);
  });
}`,
      options: definite,
      errors: [{ messageId: 'asyncForEach', line: 5 }],
    },
    {
      code: `${sendEmail}export function notifyAll(users) {
  users.forEach((user) => sendEmail(user));
}`,
      options: definite,
      errors: [{ messageId: 'floatingTask', line: 5, suggestions: codemodSuggestion }],
    },
    {
      code: `${sendEmail}export function notifyAll(users) {
  users.map(async (user) => {
    await sendEmail(user);
  });
}`,
      options: definite,
      errors: [{ messageId: 'floatingTasks', line: 5, suggestions: codemodSuggestion }],
    },
    {
      code: `${sendEmail}export async function notifyAll(users) {
  await Promise.all(users.map((user) => {
    sendEmail(user);
  }));
}`,
      options: definite,
      errors: [{ messageId: 'unreturnedTask', line: 6, suggestions: [{ messageId: 'returnTask', output: RETURNED }] }],
    },
  ],
});
