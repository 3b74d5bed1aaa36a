import { Linter } from 'eslint';
import { describe, expect, it } from 'vitest';
import rule from '../../rules/no-floating-task.js';
import plugin from '../../src/index.js';
import { join } from 'node:path';
import { codemodSuggestion, ruleTester, typedFixturesRoot, typedRuleTester } from '../helpers/rule-tester.js';

const sendEmail = `async function sendEmail(user) {\n  await mailer.send(user.email);\n}\n`;

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

ruleTester.run('no-floating-task', rule, {
  valid: [
    // Top level and module-level calls are not per item or per request.
    `async function main() {}\nvoid main();`,
    `async function main() {}\nmain();`,
    `${sendEmail}sendEmail(admin);`,
    // Awaited tasks in loops.
    `${sendEmail}export async function notifyAll(users) {\n  for (const user of users) {\n    await sendEmail(user);\n  }\n}`,
    // Tasks collected into an array passed to Promise.all.
    `${sendEmail}export async function notifyAll(users) {\n  const sending = [];\n  for (const user of users) sending.push(sendEmail(user));\n  await Promise.all(sending);\n}`,
    `${sendEmail}export async function notifyAll(users) {\n  await Promise.allSettled(users.map((user) => sendEmail(user)));\n}`,
    `${sendEmail}export function notifyAll(users) {\n  return Promise.all(users.map(sendEmail));\n}`,
    // Returned or kept.
    `${sendEmail}app.post('/signup', (req, res) => {\n  return sendEmail(req.body);\n});`,
    `import axios from 'axios';\nexport const handler = async (event) => {\n  await axios.post(hook, event);\n  return { statusCode: 202 };\n};`,
    `import { S3Client, PutObjectCommand } from '@aws-sdk/client-s3';\nconst s3 = new S3Client({});\napp.put('/files/:id', async (req, res) => {\n  await s3.send(new PutObjectCommand({ Bucket: 'b', Key: req.params.id }));\n  res.end();\n});`,
    // Handed to a task registry.
    `import { track } from './lib/tasks';\n${sendEmail}app.post('/signup', (req, res) => {\n  track(sendEmail(req.body));\n  res.sendStatus(202);\n});`,
    `const pendingTasks = new Set();\nfunction track(task) {\n  const settled = Promise.resolve(task).then(() => { pendingTasks.delete(settled); });\n  pendingTasks.add(settled);\n}\n${sendEmail}for (const user of users) track(sendEmail(user));`,
    // Not known to return a promise without types.
    `export function flushAll(queues) {\n  for (const queue of queues) queue.flush();\n}`,
    `function log(line) {\n  console.log(line);\n}\nfor (const line of lines) log(line);`,
    // Outside loops, iteration callbacks and handlers.
    `${sendEmail}export function welcome(user) {\n  sendEmail(user);\n}`,
    // A function merely defined inside a loop is not known to run there.
    `${sendEmail}for (const user of users) {\n  button.onclick = () => { sendEmail(user); };\n}`,
    // A shadowed fetch is not the global one.
    `export function poll(urls, fetch) {\n  for (const url of urls) fetch(url);\n}`,
    // Callback style: the method returns nothing.
    `import { Pool } from 'pg';\nconst pool = new Pool();\nfor (const row of rows) pool.query('insert', [row], (err) => log(err));`,
    // Both outcomes handed to callbacks that carry the work on: the callback style of waiting.
    `async function check(v) { await validator.check(v); }\nexport function validateAll(values, done) {\n  let pending = values.length;\n  for (const v of values) check(v).then(() => --pending || done(), done);\n}`,
    `async function subscribe(c) { await broker.subscribe(c); }\nexport function resubscribe(channels, done) {\n  for (const c of channels) subscribe(c).then(done).catch(() => log(c));\n}`,
    // A then() on something not known to be a task (a Cypress chain) needs types to tell.
    `items.forEach((item) => {\n  cy.get(item).then((el) => check(el));\n});`,
    // forEach with a callback that returns nothing.
    `items.forEach((item) => { console.log(item); });`,
    // Commands queued on a batch (pipeline, multi, transaction) that is executed and awaited after
    // the loop: the batch settles every queued command, so nothing is left running.
    `class Store {\n  async queueInsert(batch, row) {\n    batch.hset(row.key, row);\n  }\n  async insertAll(client, rows) {\n    const batch = client.pipeline();\n    for (const row of rows) {\n      this.queueInsert(batch, row);\n    }\n    return await batch.exec();\n  }\n}`,
    `async function stage(tx, row) { await tx.insert(row); }\nexport async function importRows(db, rows) {\n  const tx = db.transaction();\n  rows.forEach((row) => { stage(tx, row); });\n  await tx.commit();\n}`,
    // An async callback that never awaits and returns nothing runs to its end inside forEach or
    // map: no task is left pending (held-out false positives in a forum's page loader and routes).
    `export function addTags(head, tags) {\n  tags.forEach(async (tag) => {\n    const el = document.createElement('meta');\n    el.setAttribute('name', tag.name);\n    head.appendChild(el);\n  });\n}`,
    `export function mountAll(router, mounts) {\n  Object.keys(mounts).map(async (mount) => {\n    if (!mounts[mount]) return;\n    router.use(mount, mounts[mount]);\n  });\n}`,
    // The completion callback of a client call (error first) is not a route handler.
    `async function createTooltip(el, data) { await renderTooltip(el, data); }\nexport function load(api, path, el) {\n  api.get(path, {}, function (err, data) {\n    if (err) return;\n    createTooltip(el, data);\n  });\n}`,
    // Flow control: the handler pauses its source and the task resumes it when done, so tasks run
    // one at a time however fast the source emits.
    `async function removeKeys(keys) { await redis.del(keys); }\nstream.on('data', (keys) => {\n  stream.pause();\n  void removeKeys(keys).then(() => {\n    stream.resume();\n  });\n});`,
    `async function upload(chunk) { await store.put(chunk); }\nexport function pump(source) {\n  source.on('data', (chunk) => {\n    source.pause();\n    upload(chunk).finally(() => source.resume());\n  });\n}`,
    // An async IIFE that is the whole body of a listener: the listener written async (held-out
    // false positive in an auth service's script-runner worker).
    `import { parentPort } from 'node:worker_threads';\nasync function run(request) { await execute(request); }\nparentPort.on('message', (request) => {\n  void (async () => {\n    try {\n      await run(request);\n    } catch {\n      parentPort.postMessage({ ok: false });\n    }\n  })();\n});`,
    // The same IIFE as a whole route handler with its failure handed to next() (held-out false
    // positives in a collaborative editor's export and import routes).
    `import express from 'express';\nconst app = express();\napp.get('/export/:id', (req, res, next) => {\n  (async () => {\n    const file = await render(req.params.id);\n    res.send(file);\n  })().catch((err) => next(err));\n});`,
    // The same with the work in an async function the handler calls, or defines first (held-out
    // false positives in a coding agent's test servers).
    `import http from 'node:http';\nexport class TestServer {\n  async handle(req, res) { res.end(await answer(req)); }\n  start() {\n    this.server = http.createServer((req, res) => {\n      this.handle(req, res).catch((err) => res.end(String(err)));\n    });\n  }\n}`,
    `import http from 'node:http';\nexport const server = http.createServer((req, res) => {\n  const handle = async () => {\n    res.end(await answer(req));\n  };\n  handle().catch(() => res.end());\n});`,
    // Handlers attached to a promise that exists already start no work: suppressing a rejection
    // while a value waits in a buffer, and handing it back on purpose (held-out false positives in
    // a stream utility's batching).
    `export function* batch(values) {\n  const held = [];\n  try {\n    for (const v of values) {\n      Promise.resolve(v).catch(() => {});\n      held.push(v);\n    }\n    yield* held;\n  } finally {\n    for (const v of held) Promise.resolve(v).then(() => {});\n  }\n}`,
    // Work queued on a p-queue passed in an options object and drained after the loop (held-out
    // false positive in a translation CLI).
    `import PQueue from 'p-queue';\nasync function translateFile({ file, queue }) {\n  await queue.add(() => translate(file));\n}\nexport async function translateAll(files, queue = new PQueue({ concurrency: 10 })) {\n  for (const file of files) {\n    void translateFile({ file, queue });\n  }\n  return queue.onIdle();\n}`,
    // An async function that never awaits has done its work when the call returns (held-out
    // false positive in a query runner that only arms a timer).
    `class Runner {\n  async onQueryFinish() {\n    if (this.stopped) return;\n    this.timer ??= setTimeout(() => this.refresh(), 1000);\n  }\n  async run(queries) {\n    for (const query of queries) {\n      await query.execute();\n      this.onQueryFinish();\n    }\n  }\n}`,
    // A task followed by a break, return or throw that leaves the loop starts once per run of the
    // loop, not per iteration (held-out false positives in a front-end framework's hydration on
    // visibility, and in an AI SDK that drains both ends of a stream before throwing its error).
    `async function hydrate() { await load(); }\nexport function onVisible(root) {\n  const io = new IntersectionObserver((entries) => {\n    for (const entry of entries) {\n      if (!entry.isIntersecting) continue;\n      io.disconnect();\n      hydrate();\n      break;\n    }\n  });\n  io.observe(root);\n}`,
    `async function drain(reader) {\n  try {\n    while (!(await reader.read()).done) {}\n  } catch {}\n}\nexport async function firstChunk(reader) {\n  while (true) {\n    const { value } = await reader.read();\n    if (value.error) {\n      drain(reader).catch(() => {});\n      throw new Error(value.error);\n    }\n    if (value.ok) return value;\n  }\n}`,
    // A stream's producer, started in its start() and stopped by its cancel(): it lives as long as
    // the response it feeds (held-out false positives in an AI SDK's streaming workflow route).
    {
      code: `export async function POST(req: Request) {\n  const reader = (await start(req)).getReader();\n  let closed = false;\n  const stream = new ReadableStream({\n    start(controller) {\n      controller.enqueue('[');\n      void (async () => {\n        try {\n          while (!closed) {\n            const { done, value } = await reader.read();\n            if (done) break;\n            controller.enqueue(value);\n          }\n          controller.close();\n        } catch (error) {\n          controller.error(error);\n        }\n      })();\n    },\n    cancel() {\n      closed = true;\n    },\n  });\n  return new Response(stream);\n}`,
      filename: 'app/api/workflow/route.ts',
    },
    // A teardown with its failure handled ends what it is called on, once (held-out false
    // positives in an MCP client's stdio transport and a coding agent's hub server); so does a
    // handler that does nothing attached to a promise that exists, however it is written.
    `class StdioTransport {\n  async close() {\n    await this.child.kill();\n  }\n  start() {\n    this.child.stdout.on('data', (chunk) => {\n      try {\n        this.read(chunk);\n      } catch (error) {\n        this.onerror(error);\n        this.close().catch(() => {});\n      }\n    });\n  }\n}`,
    `import http from 'node:http';\nasync function closeServer() { await new Promise((r) => server.close(r)); }\nexport const server = http.createServer((req, res) => {\n  res.end('ok');\n  queueMicrotask(() => {\n    void Promise.resolve(onShutdown?.()).catch(() => undefined);\n    closeServer().catch(() => undefined);\n  });\n});`,
    // The handler written async after an early-return guard (held-out false positive in an MCP
    // example server's host check).
    `import { createServer } from 'node:http';\nasync function handle(req, res) { res.end(await answer(req)); }\ncreateServer((req, res) => {\n  if (!validHost(req, res)) return;\n  void (async () => {\n    await handle(req, res);\n  })().catch(() => {\n    if (!res.headersSent) res.writeHead(500).end();\n  });\n}).listen(3000);`,
    // A function handed to a browser page runs in that page, not in the Node process.
    `app.get('/warm', async (req, res) => {\n  await page.evaluate(() => {\n    for (const link of document.querySelectorAll('a')) fetch(link.href);\n  });\n  res.end();\n});`,
    // Returning a literal leaves nothing running either (held-out false positive in a mail
    // gateway's base client, whose connection check is an async stub that returns true).
    `class BaseClient {\n  async checkConnection() {\n    return true;\n  }\n  async send(message) {\n    for (const attachment of message.attachments) {\n      this.checkConnection();\n      attachment.content = await this.download(attachment.reference);\n    }\n  }\n}`,
    // An event emitter's emit tells the listeners; what they start is theirs. Some emitters' emit is
    // async only to look up subscribers (held-out false positive in a blockchain SDK's provider,
    // which emits a debug event per gateway URL it tries).
    `class Provider {\n  async emit(event, ...args) {\n    const listeners = await this.lookup(event);\n    for (const listener of listeners) listener(...args);\n  }\n  async fetchFirst(urls) {\n    for (const url of urls) {\n      this.emit('debug', { url });\n      const response = await fetch(url);\n      if (response.ok) return response;\n    }\n  }\n}`,
    // A task that hands its failure to the deferred promises it settles is tracked by whoever awaits
    // them (held-out false positive in the same SDK's batch dispatcher, one task per batch).
    `class Batcher {\n  async send(payload) {\n    return this.transport.send(payload);\n  }\n  flush() {\n    for (const batch of this.batches) {\n      (async () => {\n        try {\n          const result = await this.send(batch.map((p) => p.payload));\n          for (const { resolve } of batch) resolve(result);\n        } catch (error) {\n          for (const { reject } of batch) reject(error);\n        }\n      })();\n    }\n  }\n}`,
    // A forEach whose result is awaited or returned is not Array.prototype.forEach (which returns
    // nothing): it is an async iterator that awaits each callback (held-out false positives in a
    // crawler's dataset, whose map and reduce are built on its own forEach).
    `class Dataset {\n  async forEach(iteratee) {\n    for (const item of await this.items()) await iteratee(item);\n  }\n  async map(iteratee) {\n    const result = [];\n    await this.forEach(async (item) => {\n      result.push(await iteratee(item));\n    });\n    return result;\n  }\n}`,
    `export async function saveAll(dataset) {\n  await dataset.forEach(async (item) => {\n    await save(item);\n  });\n}`,
    // The whole route handler is one call of an async function that answers the request and
    // catches its own failure: the handler written async (held-out false positive in a marine
    // data server's application-data routes).
    `async function postData(req, res) {\n  if (!req.params.id) {\n    res.status(400).send('missing id');\n    return;\n  }\n  try {\n    await store.save(req.params.id, req.body);\n    res.json('ok');\n  } catch (error) {\n    res.status(500).send(error.message);\n  }\n}\napp.post('/data/:id', (req, res) => {\n  postData(req, res);\n});`,
  ],
  invalid: [
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
      code: `async function hydrate(entry) { await load(entry); }\nexport function onVisible(entries) {\n  for (const entry of entries) {\n    hydrate(entry);\n    if (entry.last) break;\n  }\n}`,
      errors: [{ messageId: 'floatingTask', suggestions: codemodSuggestion }],
    },
    {
      code: `async function hydrate(entry) { await load(entry); }\nexport function onVisible(entries) {\n  for (const entry of entries) {\n    hydrate(entry);\n    if (!entry.last) continue;\n    break;\n  }\n}`,
      errors: [{ messageId: 'floatingTask', suggestions: codemodSuggestion }],
    },
    {
      code: `async function hydrate(entry) { await load(entry); }\nexport function onVisible(entries) {\n  for (const entry of entries) {\n    switch (entry.kind) {\n      case 'island':\n        hydrate(entry);\n        break;\n    }\n  }\n}`,
      errors: [{ messageId: 'floatingTask', suggestions: codemodSuggestion }],
    },
    {
      code: `async function hydrate(entry) { await load(entry); }\nexport function onVisible(entries) {\n  for (const entry of entries) {\n    switch (entry.kind) {\n      case 'island': {\n        hydrate(entry);\n        break;\n      }\n    }\n  }\n}`,
      errors: [{ messageId: 'floatingTask', suggestions: codemodSuggestion }],
    },
    // Twins of the stream's producer: a source with no cancel(), and a task started in the
    // handler beside the stream.
    {
      code: `export async function POST(req: Request) {\n  const reader = (await start(req)).getReader();\n  const stream = new ReadableStream({\n    start(controller) {\n      controller.enqueue('[');\n      void (async () => {\n        for (;;) {\n          const { done, value } = await reader.read();\n          if (done) return controller.close();\n          controller.enqueue(value);\n        }\n      })();\n    },\n  });\n  return new Response(stream);\n}`,
      filename: 'app/api/workflow/route.ts',
      errors: [{ messageId: 'floatingTask', suggestions: codemodSuggestion }],
    },
    {
      code: `export async function POST(req: Request) {\n  const stream = new ReadableStream({\n    start(controller) { controller.close(); },\n    cancel() {},\n  });\n  await record(req);\n  void (async () => {\n    await audit(req);\n  })();\n  return new Response(stream);\n}`,
      filename: 'app/api/workflow/route.ts',
      errors: [{ messageId: 'floatingTask', suggestions: codemodSuggestion }],
    },
    // Twins: the teardown's failure is not handled, the call handled is not a teardown, the
    // statement before the async body does work.
    {
      code: `class StdioTransport {\n  async close() {\n    await this.child.kill();\n  }\n  start() {\n    this.child.stdout.on('data', (chunk) => {\n      if (!this.read(chunk)) this.close();\n    });\n  }\n}`,
      errors: [{ messageId: 'floatingTask', suggestions: codemodSuggestion }],
    },
    {
      code: `class StdioTransport {\n  async record(chunk) {\n    await this.store.save(chunk);\n  }\n  start() {\n    this.child.stdout.on('data', (chunk) => {\n      this.received += chunk.length;\n      this.record(chunk).catch(() => {});\n    });\n  }\n}`,
      errors: [{ messageId: 'floatingTask', suggestions: codemodSuggestion }],
    },
    {
      code: `import { createServer } from 'node:http';\nasync function handle(req, res) { res.end(await answer(req)); }\ncreateServer((req, res) => {\n  if (!validHost(req, res)) log(req);\n  void (async () => {\n    await handle(req, res);\n  })().catch(() => res.end());\n}).listen(3000);`,
      errors: [{ messageId: 'floatingTask', suggestions: codemodSuggestion }],
    },
    // Its twin fetches from Node, once per link.
    {
      code: `app.get('/warm', async (req, res) => {\n  const links = await page.$$eval('a', (as) => as.map((a) => a.href));\n  for (const link of links) fetch(link);\n  res.end();\n});`,
      errors: [{ messageId: 'floatingTask', suggestions: codemodSuggestion }],
    },
    // Twins: a forEach whose result is thrown away, and an async handler function that awaits
    // outside its try, or does other work beside the call.
    {
      code: `class Dataset {\n  async forEach(iteratee) {\n    for (const item of await this.items()) await iteratee(item);\n  }\n  async map(iteratee) {\n    const result = [];\n    this.items().forEach(async (item) => {\n      result.push(await iteratee(item));\n    });\n    return result;\n  }\n}`,
      errors: [{ messageId: 'asyncForEach' }],
    },
    {
      code: `async function postData(req, res) {\n  const body = await parse(req);\n  try {\n    await store.save(req.params.id, body);\n    res.json('ok');\n  } catch (error) {\n    res.status(500).send(error.message);\n  }\n}\napp.post('/data/:id', (req, res) => {\n  postData(req, res);\n});`,
      errors: [{ messageId: 'floatingTask', suggestions: codemodSuggestion }],
    },
    {
      code: `async function postData(req, res) {\n  try {\n    await store.save(req.params.id, req.body);\n  } catch (error) {\n    log(error);\n  }\n}\napp.post('/data/:id', (req, res) => {\n  postData(req, res);\n  res.json('accepted');\n});`,
      errors: [{ messageId: 'floatingTask', suggestions: codemodSuggestion }],
    },
    // Twins: the same loop calling a method that is not emit, and a batch task whose catch only logs.
    {
      code: `class Provider {\n  async record(event, ...args) {\n    const listeners = await this.lookup(event);\n    for (const listener of listeners) listener(...args);\n  }\n  async fetchFirst(urls) {\n    for (const url of urls) {\n      this.record('debug', { url });\n      const response = await fetch(url);\n      if (response.ok) return response;\n    }\n  }\n}`,
      errors: [{ messageId: 'floatingTask', suggestions: codemodSuggestion }],
    },
    {
      code: `class Batcher {\n  async send(payload) {\n    return this.transport.send(payload);\n  }\n  flush() {\n    for (const batch of this.batches) {\n      (async () => {\n        try {\n          const result = await this.send(batch.map((p) => p.payload));\n          for (const { resolve } of batch) resolve(result);\n        } catch (error) {\n          console.error(error);\n        }\n      })();\n    }\n  }\n}`,
      errors: [{ messageId: 'floatingTask', suggestions: codemodSuggestion }],
    },
    // Its twin returns what it computes, which may be a promise still running.
    {
      code: `class BaseClient {\n  async checkConnection() {\n    return this.pool.ping();\n  }\n  async send(message) {\n    for (const attachment of message.attachments) {\n      this.checkConnection();\n      attachment.content = await this.download(attachment.reference);\n    }\n  }\n}`,
      errors: [{ messageId: 'floatingTask', suggestions: codemodSuggestion }],
    },
    // The twins: the IIFE shares the listener with other work (it is a task beside the handler's),
    // runs once per element, or the queue is never drained.
    {
      code: `async function run(request) { await execute(request); }\nport.on('message', (request) => {\n  log(request);\n  void (async () => {\n    await run(request);\n  })();\n});`,
      errors: [{ messageId: 'floatingTask', suggestions: codemodSuggestion }],
    },
    {
      code: `async function run(request) { await execute(request); }\nport.on('message', (requests) => {\n  for (const request of requests) {\n    (async () => {\n      await run(request);\n    })();\n  }\n});`,
      errors: [{ messageId: 'floatingTask', suggestions: codemodSuggestion }],
    },
    {
      code: `async function translateFile({ file, queue }) {\n  await queue.add(() => translate(file));\n}\nexport function translateAll(files, queue) {\n  for (const file of files) {\n    void translateFile({ file, queue });\n  }\n}`,
      errors: [{ messageId: 'floatingTask', suggestions: codemodSuggestion }],
    },
    // Twins: a catch that is not the whole handler, and a resolved promise whose handler does work.
    {
      code: `import http from 'node:http';\nasync function notifyOwner(req) { await fetch(owner, { method: 'POST', body: req.url }); }\nexport const server = http.createServer((req, res) => {\n  notifyOwner(req).catch(() => {});\n  res.end('ok');\n});`,
      errors: [{ messageId: 'floatingTask', suggestions: codemodSuggestion }],
    },

    {
      code: `import express from 'express';\nconst app = express();\napp.get('/export/:id', (req, res, next) => {\n  audit(req);\n  (async () => {\n    res.send(await render(req.params.id));\n  })().catch((err) => next(err));\n});`,
      errors: [{ messageId: 'floatingTask', suggestions: codemodSuggestion }],
    },
    {
      code: `async function flush(v) { await store.put(v); }\nexport function defer(values) {\n  for (const v of values) Promise.resolve(v).then((x) => flush(x));\n}`,
      errors: [{ messageId: 'floatingTask', suggestions: codemodSuggestion }],
    },
    // The same callbacks once they wait for something, or hand a task back.
    {
      code: `export function addTags(head, tags) {\n  tags.forEach(async (tag) => {\n    const el = await render(tag);\n    head.appendChild(el);\n  });\n}`,
      errors: [{ messageId: 'asyncForEach' }],
    },
    {
      code: `export function saveAll(items) {\n  items.forEach(async (item) => {\n    return fetch('/save', { method: 'POST', body: item });\n  });\n}`,
      errors: [{ messageId: 'asyncForEach' }],
    },
    {
      code: `export function saveAll(items) {\n  items.map(async (item) => fetch('/save', { method: 'POST', body: item }));\n}`,
      errors: [{ messageId: 'floatingTasks', suggestions: codemodSuggestion }],
    },
    // Express error middleware takes the error first too, and runs per request.
    {
      code: `async function report(err) { await tracker.send(err); }\napp.use((err, req, res, next) => {\n  report(err);\n  res.status(500).end();\n});`,
      errors: [{ messageId: 'floatingTask', data: { task: '\`report(…)\`', context: 'in the middleware', failure: 'a failure goes unhandled' }, suggestions: codemodSuggestion }],
    },
    // A map callback that forgets to return its task: Promise.all gets undefined for each element
    // and waits for nothing (held-out true positive in a monitoring app's SMS provider).
    {
      code: `import axios from 'axios';\nexport async function notify(numbers, body) {\n  const requests = numbers.map((number) => {\n    axios.post('/sms', { number, body });\n  });\n  await Promise.all(requests);\n}`,
      errors: [
        {
          messageId: 'unreturnedTask',
          data: { task: '`axios.post(…)`', collector: '`Promise.all`' },
          line: 4,
          suggestions: [
            {
              messageId: 'returnTask',
              output: `import axios from 'axios';\nexport async function notify(numbers, body) {\n  const requests = numbers.map((number) => {\n    return axios.post('/sms', { number, body });\n  });\n  await Promise.all(requests);\n}`,
            },
          ],
        },
      ],
    },
    {
      code: `${sendEmail}export async function notifyAll(users) {\n  await Promise.allSettled(users.map(function (user) {\n    if (!user.email) return;\n    sendEmail(user);\n  }));\n}`,
      errors: [
        {
          messageId: 'unreturnedTask',
          data: { task: '`sendEmail(…)`', collector: '`Promise.allSettled`' },
          suggestions: [{ messageId: 'returnTask', output: `${sendEmail}export async function notifyAll(users) {\n  await Promise.allSettled(users.map(function (user) {\n    if (!user.email) return;\n    return sendEmail(user);\n  }));\n}` }],
        },
      ],
    },
    // Not the last statement, a callback that returns something else, or a result nobody collects:
    // returning the task is not the whole fix, so the general message.
    {
      code: `${sendEmail}export async function notifyAll(users) {\n  await Promise.all(users.map((user) => {\n    sendEmail(user);\n    log(user);\n  }));\n}`,
      errors: [{ messageId: 'floatingTask', suggestions: codemodSuggestion }],
    },
    {
      code: `${sendEmail}export async function notifyAll(users) {\n  await Promise.all(users.map((user) => {\n    if (user.vip) return notifyVip(user);\n    sendEmail(user);\n  }));\n}`,
      errors: [{ messageId: 'floatingTask', suggestions: codemodSuggestion }],
    },
    {
      code: `${sendEmail}export function notifyAll(users) {\n  const sent = users.map((user) => {\n    sendEmail(user);\n  });\n  return sent.length;\n}`,
      errors: [{ messageId: 'floatingTask', suggestions: codemodSuggestion }],
    },
    // The batch is executed before the loop ends (or never awaited): the queued calls are not
    // settled by it.
    {
      code: `async function stage(tx, row) { await tx.insert(row); }\nexport async function importRows(db, rows) {\n  const tx = db.transaction();\n  await tx.commit();\n  for (const row of rows) stage(tx, row);\n}`,
      errors: [{ messageId: 'floatingTask', suggestions: codemodSuggestion }],
    },
    // Resuming a different source than the one paused is no flow control.
    {
      code: `async function upload(chunk) { await store.put(chunk); }\nexport function pump(source, other) {\n  source.on('data', (chunk) => {\n    source.pause();\n    upload(chunk).then(() => other.resume());\n  });\n}`,
      errors: [{ messageId: 'floatingTask', suggestions: codemodSuggestion }],
    },
    {
      code: `${sendEmail}export function notifyAll(users) {\n  for (const user of users) {\n    sendEmail(user);\n  }\n}`,
      errors: [{ messageId: 'floatingTask', data: { task: '`sendEmail(…)`', context: 'on every iteration of a for...of loop', failure: 'a failure goes unhandled' }, line: 6, suggestions: codemodSuggestion }],
    },
    {
      // void does not handle anything.
      code: `${sendEmail}export function notifyAll(users) {\n  for (let i = 0; i < users.length; i++) void sendEmail(users[i]);\n}`,
      errors: [{ messageId: 'floatingTask', data: { task: '`sendEmail(…)`', context: 'on every iteration of a for loop', failure: 'a failure goes unhandled' }, suggestions: codemodSuggestion }],
    },
    {
      code: `const sendEmail = async (user) => mailer.send(user);\napp.post('/signup', (req, res) => {\n  sendEmail(req.body);\n  res.sendStatus(202);\n});`,
      errors: [{ messageId: 'floatingTask', data: { task: '`sendEmail(…)`', context: 'in the POST route handler', failure: 'a failure goes unhandled' }, suggestions: codemodSuggestion }],
    },
    {
      code: `function save(row: Row): Promise<void> {\n  return db.insert(row);\n}\nrows.map((row) => {\n  save(row);\n  return row.id;\n});`,
      errors: [{ messageId: 'floatingTask', data: { task: '`save(…)`', context: 'once per element in a map callback', failure: 'a failure goes unhandled' }, suggestions: codemodSuggestion }],
    },
    {
      code: `export class Indexer {\n  async index(doc) { await search.put(doc); }\n  run(docs) {\n    for (const doc of docs) this.index(doc).catch(console.error);\n  }\n}`,
      errors: [{ messageId: 'floatingTask', data: { task: '`this.index(doc).catch(…)`', context: 'on every iteration of a for...of loop', failure: 'its catch only reports a failure' }, suggestions: codemodSuggestion }],
    },
    {
      code: `class Indexer {\n  async index(doc) { await search.put(doc); }\n}\nconst indexer = new Indexer();\nwhile (queue.length) indexer.index(queue.shift());`,
      errors: [{ messageId: 'floatingTask', data: { task: '`indexer.index(…)`', context: 'on every iteration of a while loop', failure: 'a failure goes unhandled' }, suggestions: codemodSuggestion }],
    },
    {
      code: `const api = {\n  async save(x) { await db.put(x); },\n};\nfor (const x of xs) api.save(x);`,
      errors: [{ messageId: 'floatingTask', data: { task: '`api.save(…)`', context: 'on every iteration of a for...of loop', failure: 'a failure goes unhandled' }, suggestions: codemodSuggestion }],
    },
    {
      code: `for (const url of urls) fetch(url).then((r) => r.json());`,
      errors: [{ messageId: 'floatingTask', data: { task: '`fetch(url).then(…)`', context: 'on every iteration of a for...of loop', failure: 'a failure goes unhandled' }, suggestions: codemodSuggestion }],
    },
    {
      code: `import { writeFile } from 'node:fs/promises';\nimport fs from 'fs';\nfor (const [name, body] of files) {\n  writeFile(name, body);\n  fs.promises.appendFile('log', name);\n}`,
      errors: [
        { messageId: 'floatingTask', data: { task: '`writeFile(…)`', context: 'on every iteration of a for...of loop', failure: 'a failure goes unhandled' }, suggestions: codemodSuggestion },
        { messageId: 'floatingTask', data: { task: '`fs.promises.appendFile(…)`', context: 'on every iteration of a for...of loop', failure: 'a failure goes unhandled' }, suggestions: codemodSuggestion },
      ],
    },
    {
      code: `import axios from 'axios';\nexport const handler = async (event) => {\n  axios.post(hook, event);\n  return { statusCode: 202 };\n};`,
      errors: [{ messageId: 'floatingTask', data: { task: '`axios.post(…)`', context: 'in the AWS Lambda handler', failure: 'a failure goes unhandled' }, suggestions: codemodSuggestion }],
    },
    {
      code: `import { S3Client, PutObjectCommand } from '@aws-sdk/client-s3';\nconst s3 = new S3Client({});\napp.put('/files/:id', (req, res) => {\n  s3.send(new PutObjectCommand({ Bucket: 'b', Key: req.params.id }));\n  res.end();\n});`,
      errors: [{ messageId: 'floatingTask', data: { task: '`s3.send(…)`', context: 'in the PUT route handler', failure: 'a failure goes unhandled' }, suggestions: codemodSuggestion }],
    },
    {
      code: `import Redis from 'ioredis';\nconst redis = new Redis();\nsocket.on('message', (msg) => {\n  redis.publish('chat', msg);\n});`,
      errors: [{ messageId: 'floatingTask', data: { task: '`redis.publish(…)`', context: "in the 'message' event callback", failure: 'a failure goes unhandled' }, suggestions: codemodSuggestion }],
    },
    {
      code: `for (const job of jobs) {\n  new Promise((resolve) => job.run(resolve));\n  (async () => { await job.report(); })();\n  Promise.all(job.parts);\n}`,
      errors: [
        { messageId: 'floatingTask', data: { task: '`new Promise(…)`', context: 'on every iteration of a for...of loop', failure: 'a failure goes unhandled' }, suggestions: codemodSuggestion },
        { messageId: 'floatingTask', data: { task: 'an async IIFE', context: 'on every iteration of a for...of loop', failure: 'a failure goes unhandled' }, suggestions: codemodSuggestion },
        { messageId: 'floatingTask', data: { task: '`Promise.all(…)`', context: 'on every iteration of a for...of loop', failure: 'a failure goes unhandled' }, suggestions: codemodSuggestion },
      ],
    },
    {
      // A local function named track is not a task registry.
      code: `${sendEmail}export function f(users) {\n  const track = async (p) => { await p; };\n  for (const u of users) track(sendEmail(u));\n}`,
      errors: [{ messageId: 'floatingTask', data: { task: '`track(…)`', context: 'on every iteration of a for...of loop', failure: 'a failure goes unhandled' } }],
    },
    {
      code: `${sendEmail}users.forEach(async (user) => {\n  await sendEmail(user);\n});`,
      errors: [{ messageId: 'asyncForEach', line: 4 }],
    },
    {
      code: `${sendEmail}users.forEach(sendEmail);`,
      errors: [{ messageId: 'asyncForEach' }],
    },
    {
      code: `${sendEmail}users.forEach((user) => sendEmail(user));`,
      errors: [{ messageId: 'floatingTask', data: { task: '`sendEmail(…)`', context: 'once per element in a forEach callback', failure: 'a failure goes unhandled' }, suggestions: codemodSuggestion }],
    },
    {
      code: `${sendEmail}users.map(async (user) => sendEmail(user));`,
      errors: [{ messageId: 'floatingTasks', data: { task: '`users.map(…)`' }, suggestions: codemodSuggestion }],
    },
  ],
});

// file.ts is in the fixture project and also matched by allowDefaultProject, which the project
// service refuses; a name outside the project goes through the default project instead.
const typedFile = join(typedFixturesRoot, 'tasks.ts');

typedRuleTester.run('no-floating-task (typeAware)', rule, {
  valid: [
    {
      code: `declare function save(x: number): Promise<void>;\nexport async function f(xs: number[]) {\n  for (const x of xs) await save(x);\n}`,
      options: [{ typeAware: true }],
      filename: typedFile,
    },
    {
      code: `declare function log(x: number): void;\nexport function f(xs: number[]) {\n  for (const x of xs) log(x);\n}`,
      options: [{ typeAware: true }],
      filename: typedFile,
    },
    {
      // A registry whose track returns the promise is still a registry.
      code: `declare function save(x: number): Promise<void>;\ndeclare function track<T>(task: Promise<T>): Promise<T>;\nexport function f(xs: number[]) {\n  for (const x of xs) track(save(x));\n}\nexport {};`,
      options: [{ typeAware: true }],
      filename: typedFile,
    },
  ],
  invalid: [
    {
      code: `import type { Store } from './store';\ndeclare const store: { put(x: number): PromiseLike<void> };\nexport function f(xs: number[]) {\n  for (const x of xs) store.put(x);\n}`,
      options: [{ typeAware: true }],
      filename: typedFile,
      errors: [{ messageId: 'floatingTask', data: { task: '`store.put(…)`', context: 'on every iteration of a for...of loop', failure: 'a failure goes unhandled' } }],
    },
    {
      code: `declare function saveAll(x: number[]): Promise<void>[];\nexport function f(xss: number[][]) {\n  for (const xs of xss) saveAll(xs);\n}`,
      options: [{ typeAware: true }],
      filename: typedFile,
      errors: [{ messageId: 'floatingTask', data: { task: '`saveAll(…)`', context: 'on every iteration of a for...of loop', failure: 'a failure goes unhandled' } }],
    },
  ],
});

describe('no-floating-task options', () => {
  it('refuses an unknown option, naming it', () => {
    const linter = new Linter();
    expect(() =>
      linter.verify('x();', [{ plugins: { leakproof: plugin as never }, rules: { 'leakproof/no-floating-task': ['error', { typeaware: true }] } }]),
    ).toThrow(/typeaware/);
  });

  it('says how to get type information when typeAware is on without it', () => {
    const linter = new Linter();
    expect(() =>
      linter.verify('for (const x of xs) f(x);', [{ plugins: { leakproof: plugin as never }, rules: { 'leakproof/no-floating-task': ['error', { typeAware: true }] } }]),
    ).toThrow(/typeAware option needs type information/);
  });
});
