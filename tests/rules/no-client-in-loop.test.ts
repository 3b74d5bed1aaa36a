import rule from '../../rules/no-client-in-loop.js';
import { createClientConstructionDetector } from '../../src/families/clients/construction.js';
import { checkExemptions } from '../helpers/exemptions.js';
import { detectorOptions } from '../helpers/client-rules.js';
import { codemodSuggestion, ruleTester } from '../helpers/rule-tester.js';

const s3 = `import { S3Client, PutObjectCommand } from '@aws-sdk/client-s3';
`;
const pg = `import { Client, Pool } from 'pg';
`;

ruleTester.run('no-client-in-loop', rule, {
  valid: checkExemptions(
    [
      // axios.create() with no agent shares Node's global agent: wasteful per attempt, not a leak
      // (held-out false positive in a notification service's webhook provider).
      {
        code: `import axios from 'axios';
export async function send(url, body, retries) {
  for (let attempt = 0; attempt < retries; attempt++) {
    try {
      await axios.create().post(url, body);
      return;
    } catch {}
  }
}`,
      },
      // Built once before the loop.
      {
        code: `${s3}export async function upload(files) {
  const s3 = new S3Client({});
  for (const f of files) await s3.send(new PutObjectCommand(f));
}`,
      },
      // Module scope, a main() run once at start-up, a lazy singleton.
      {
        code: `${s3}const s3 = new S3Client({});
export const put = (f) => s3.send(new PutObjectCommand(f));`,
      },
      {
        code: `${pg}async function main() {
  const pool = new Pool();
  await pool.query('select 1');
}
main();`,
      },
      {
        code: `${s3}let s3;
export async function upload(files) {
  for (const f of files) await (s3 ??= new S3Client({})).send(new PutObjectCommand(f));
}`,
        exemptBy: 'memoized',
      },
      // A connect retry loop that runs while its holder is empty: it ends with one client
      // (studied false positive: spacebarchat's RabbitMQ listener and writer).
      {
        code: `import amqp from 'amqplib';
export class Listener {
  async init(host) {
    while (!this.connection) {
      try {
        this.connection = await amqp.connect(host);
      } catch (e) {
        await sleep(1000);
      }
    }
  }
}`,
        exemptBy: 'memoized',
      },
      // One client per region, kept: a bounded set of clients built once, not one per item.
      { code: `${s3}export const clients = regions.map((region) => new S3Client({ region }));`, exemptBy: 'kept' },
      {
        code: `${s3}const clients = new Map();
for (const region of regions) clients.set(region, new S3Client({ region }));`,
        exemptBy: 'kept',
      },
      {
        code: `${s3}const clients = {};
for (const region of regions) { const c = new S3Client({ region }); clients[region] = c; }`,
        exemptBy: 'kept',
      },
      {
        code: `${s3}export function make(regions) {
  const out = [];
  for (const region of regions) out.push(new S3Client({ region }));
  return out;
}`,
        exemptBy: 'kept',
      },
      // Non-client values built in loops.
      {
        code: `for (const p of paths) { const u = new URL(p, base); const d = new Date(); const m = new Map(); use(u, d, m); }`,
      },
      // Queue workers started one per queue: a statement of its own starts a worker, it is not dropped.
      {
        code: `import { Worker } from 'bullmq';
for (const queue of ['mail', 'thumbnails']) new Worker(queue, process);`,
        exemptBy: 'started-as-statement',
      },
      // A local class named Client.
      {
        code: `class Client { constructor(id) { this.id = id; } }
for (const id of ids) new Client(id).run();`,
      },
      // A function defined in a loop is not known to run there.
      { code: `${pg}for (const route of routes) { route.connect = () => new Pool(); }` },
      // Closed in the same iteration: churn, reported only with reportClosed.
      {
        code: `${pg}export async function run(dbs) {
  for (const db of dbs) {
    const client = new Client({ database: db });
    await client.connect();
    try { await client.query('vacuum'); } finally { await client.end(); }
  }
}`,
      },
      {
        code: `${pg}export async function run(dbs) {
  for (const db of dbs) {
    await using client = new Client({ database: db });
    await client.query('vacuum');
  }
}`,
      },
      // A test (or one-shot script) that builds one client per distinct target from the loop's
      // element, e.g. one per address the server listens on: there is no single client to hoist,
      // and the process ends with the test.
      {
        code: `import { Client } from 'undici';
export async function check(t, server) {
  for (const { address, port } of server.addresses()) {
    const client = new Client(\`http://\${address}:\${port}\`);
    await client.request({ path: '/', method: 'GET' });
  }
}`,
        filename: 'test/close.test.js',
        exemptBy: 'per-element-in-short-lived-file',
      },
      {
        code: `${pg}export function probe(hosts) {
  hosts.forEach((host) => { new Pool({ host }).query('select 1'); });
}`,
        filename: 'scripts/probe-hosts.js',
        exemptBy: 'per-element-in-short-lived-file',
      },
      // Inside a request handler the handler rule reports it (once).
      {
        code: `${pg}app.get('/x', async (req, res) => {
  for (const id of req.body.ids) { const c = new Pool(); await c.query('x'); }
});`,
      },
    ],
    createClientConstructionDetector,
    detectorOptions,
  ),
  invalid: [
    // The suggestion is the memoize-client codemod's rewrite: the declaration moves before the loop.
    {
      filename: 'upload.js',
      code: `import { S3Client } from '@aws-sdk/client-s3';

export async function uploadAll(files) {
  for (const file of files) {
    const s3 = new S3Client({});
    await s3.send(file);
  }
}
`,
      errors: [
        {
          messageId: 'clientInLoop',
          data: { client: 'S3Client', where: 'a for...of loop' },
          line: 5,
          column: 16,
          suggestions: [
            {
              messageId: 'hoistClient',
              data: { client: 'S3Client' },
              output: `import { S3Client } from '@aws-sdk/client-s3';

export async function uploadAll(files) {
  const s3 = new S3Client({});
  for (const file of files) {
    await s3.send(file);
  }
}
`,
            },
          ],
        },
      ],
    },
    // In a test, the same target on every iteration is still one client where one would do.
    {
      code: `import { Client } from 'pg';
export async function check(t, server, queries) {
  for (const query of queries) {
    const client = new Client({ host: 'localhost', port: server.port });
    await client.query(query);
  }
}`,
      filename: 'test/routes.test.js',
      errors: [
        {
          messageId: 'clientInLoop',
          line: 4,
          column: 20,
          data: { client: 'Client', where: 'a for...of loop' },
          suggestions: codemodSuggestion,
        },
      ],
    },
    // Outside tests and scripts, a client per element left open is reported whatever it is built from.
    {
      code: `import { Client } from 'pg';
export async function check(server) {
  for (const { address, port } of server.addresses()) {
    const client = new Client({ host: address, port });
    await client.query('select 1');
  }
}`,
      filename: 'src/health.js',
      errors: [
        { messageId: 'clientInLoop', line: 4, column: 20, data: { client: 'Client', where: 'a for...of loop' } },
      ],
    },
    {
      code: `${s3}export async function upload(files) {
  for (const f of files) {
    const s3 = new S3Client({});
    await s3.send(new PutObjectCommand(f));
  }
}`,
      errors: [
        {
          messageId: 'clientInLoop',
          column: 16,
          data: { client: 'S3Client', where: 'a for...of loop' },
          line: 4,
          suggestions: codemodSuggestion,
        },
      ],
    },
    {
      code: `${s3}export async function upload(files) {
  await Promise.all(files.map(async (f) => {
    const s3 = new S3Client({});
    await s3.send(new PutObjectCommand(f));
  }));
}`,
      errors: [
        {
          messageId: 'clientInLoop',
          line: 4,
          column: 16,
          data: { client: 'S3Client', where: 'a `map` callback' },
          suggestions: codemodSuggestion,
        },
      ],
    },
    {
      code: `import https from 'node:https';
export function pingAll(hosts) {
  hosts.forEach((host) => https.get({ host, agent: new https.Agent({ keepAlive: true }) }));
}`,
      errors: [
        {
          messageId: 'clientInLoop',
          line: 3,
          column: 52,
          data: { client: 'https.Agent', where: 'a `forEach` callback' },
          suggestions: codemodSuggestion,
        },
      ],
    },
    {
      code: `import Redis from 'ioredis';
export async function drain() {
  while (true) { const job = await new Redis().lpop('jobs'); if (!job) break; }
}`,
      errors: [
        {
          messageId: 'clientInLoop',
          line: 3,
          column: 36,
          data: { client: 'Redis', where: 'a while loop' },
          suggestions: codemodSuggestion,
        },
      ],
    },
    // The twin of the retry loop: a loop that does not test the holder builds a client per attempt.
    {
      code: `import amqp from 'amqplib';
export class Listener {
  async init(host) {
    while (!this.stopped) {
      try {
        this.connection = await amqp.connect(host);
      } catch (e) {
        await sleep(1000);
      }
    }
  }
}`,
      errors: [
        {
          messageId: 'clientInLoop',
          line: 6,
          column: 33,
          data: { client: 'amqp.connect()', where: 'a while loop' },
          suggestions: codemodSuggestion,
        },
      ],
    },
    {
      code: `const { MongoClient } = require('mongodb');
async function f(uris) {
  for (let i = 0; i < uris.length; i++) { const c = new MongoClient(uris[i]); await c.connect(); }
}`,
      errors: [
        { messageId: 'clientInLoop', line: 3, column: 53, data: { client: 'MongoClient', where: 'a for loop' } },
      ],
    },
    {
      code: `import { Kafka } from 'kafkajs';
export async function f(stream) {
  for await (const msg of stream) { await new Kafka({ brokers }).producer().send(msg); }
}`,
      errors: [
        {
          messageId: 'clientInLoop',
          line: 3,
          column: 43,
          data: { client: 'Kafka', where: 'a for await...of loop' },
          suggestions: codemodSuggestion,
        },
      ],
    },
    // Replaced on every iteration: every earlier client is left open.
    {
      code: `${pg}let pool;
export function f(dbs) {
  for (const db of dbs) { pool = new Pool({ database: db }); }
}`,
      errors: [{ messageId: 'clientInLoop', data: { client: 'Pool', where: 'a for...of loop' }, line: 4, column: 34 }],
    },
    // reportClosed: connection churn.
    {
      code: `${pg}export async function run(dbs) {
  for (const db of dbs) {
    const client = new Client({ database: db });
    await client.connect();
    await client.end();
  }
}`,
      options: [{ clients: [], typeAware: false, reportClosed: true }],
      errors: [
        { messageId: 'clientChurnInLoop', line: 4, column: 20, data: { client: 'Client', where: 'a for...of loop' } },
      ],
    },
  ],
});
