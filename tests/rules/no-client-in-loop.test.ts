import rule from '../../rules/no-client-in-loop.js';
import { codemodSuggestion, ruleTester } from '../helpers/rule-tester.js';

const s3 = `import { S3Client, PutObjectCommand } from '@aws-sdk/client-s3';\n`;
const pg = `import { Client, Pool } from 'pg';\n`;

ruleTester.run('no-client-in-loop', rule, {
  valid: [
    // axios.create() with no agent shares Node's global agent: wasteful per attempt, not a leak
    // (held-out false positive in a notification service's webhook provider).
    `import axios from 'axios';\nexport async function send(url, body, retries) {\n  for (let attempt = 0; attempt < retries; attempt++) {\n    try {\n      await axios.create().post(url, body);\n      return;\n    } catch {}\n  }\n}`,
    // Built once before the loop.
    `${s3}export async function upload(files) {\n  const s3 = new S3Client({});\n  for (const f of files) await s3.send(new PutObjectCommand(f));\n}`,
    // Module scope, a main() run once at start-up, a lazy singleton.
    `${s3}const s3 = new S3Client({});\nexport const put = (f) => s3.send(new PutObjectCommand(f));`,
    `${pg}async function main() {\n  const pool = new Pool();\n  await pool.query('select 1');\n}\nmain();`,
    `${s3}let s3;\nexport async function upload(files) {\n  for (const f of files) await (s3 ??= new S3Client({})).send(new PutObjectCommand(f));\n}`,
    // One client per region, kept: a bounded set of clients built once, not one per item.
    `${s3}export const clients = regions.map((region) => new S3Client({ region }));`,
    `${s3}const clients = new Map();\nfor (const region of regions) clients.set(region, new S3Client({ region }));`,
    `${s3}const clients = {};\nfor (const region of regions) { const c = new S3Client({ region }); clients[region] = c; }`,
    `${s3}export function make(regions) {\n  const out = [];\n  for (const region of regions) out.push(new S3Client({ region }));\n  return out;\n}`,
    // Non-client values built in loops.
    `for (const p of paths) { const u = new URL(p, base); const d = new Date(); const m = new Map(); use(u, d, m); }`,
    // Queue workers started one per queue: a statement of its own starts a worker, it is not dropped.
    `import { Worker } from 'bullmq';\nfor (const queue of ['mail', 'thumbnails']) new Worker(queue, process);`,
    // A local class named Client.
    `class Client { constructor(id) { this.id = id; } }\nfor (const id of ids) new Client(id).run();`,
    // A function defined in a loop is not known to run there.
    `${pg}for (const route of routes) { route.connect = () => new Pool(); }`,
    // Closed in the same iteration: churn, reported only with reportClosed.
    `${pg}export async function run(dbs) {\n  for (const db of dbs) {\n    const client = new Client({ database: db });\n    await client.connect();\n    try { await client.query('vacuum'); } finally { await client.end(); }\n  }\n}`,
    `${pg}export async function run(dbs) {\n  for (const db of dbs) {\n    await using client = new Client({ database: db });\n    await client.query('vacuum');\n  }\n}`,
    // A test (or one-shot script) that builds one client per distinct target from the loop's
    // element, e.g. one per address the server listens on: there is no single client to hoist,
    // and the process ends with the test.
    { code: `import { Client } from 'undici';\nexport async function check(t, server) {\n  for (const { address, port } of server.addresses()) {\n    const client = new Client(\`http://\${address}:\${port}\`);\n    await client.request({ path: '/', method: 'GET' });\n  }\n}`, filename: 'test/close.test.js' },
    { code: `${pg}export function probe(hosts) {\n  hosts.forEach((host) => { new Pool({ host }).query('select 1'); });\n}`, filename: 'scripts/probe-hosts.js' },
    // Inside a request handler the handler rule reports it (once).
    `${pg}app.get('/x', async (req, res) => {\n  for (const id of req.body.ids) { const c = new Pool(); await c.query('x'); }\n});`,
  ],
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
      code: `import { Client } from 'undici';\nexport async function check(t, server, methods) {\n  for (const method of methods) {\n    const client = new Client(\`http://localhost:\${server.port}\`);\n    await client.request({ path: '/', method });\n  }\n}`,
      filename: 'test/routes.test.js',
      errors: [{ messageId: 'clientInLoop', data: { client: 'Client', where: 'a for...of loop' }, suggestions: codemodSuggestion }],
    },
    // Outside tests and scripts, a client per element left open is reported whatever it is built from.
    {
      code: `import { Client } from 'undici';\nexport async function check(server) {\n  for (const { address, port } of server.addresses()) {\n    const client = new Client(\`http://\${address}:\${port}\`);\n    await client.request({ path: '/', method: 'GET' });\n  }\n}`,
      filename: 'src/health.js',
      errors: [{ messageId: 'clientInLoop', data: { client: 'Client', where: 'a for...of loop' } }],
    },
    {
      code: `${s3}export async function upload(files) {\n  for (const f of files) {\n    const s3 = new S3Client({});\n    await s3.send(new PutObjectCommand(f));\n  }\n}`,
      errors: [{ messageId: 'clientInLoop', data: { client: 'S3Client', where: 'a for...of loop' }, line: 4, suggestions: codemodSuggestion }],
    },
    {
      code: `${s3}export async function upload(files) {\n  await Promise.all(files.map(async (f) => {\n    const s3 = new S3Client({});\n    await s3.send(new PutObjectCommand(f));\n  }));\n}`,
      errors: [{ messageId: 'clientInLoop', data: { client: 'S3Client', where: 'a `map` callback' }, suggestions: codemodSuggestion }],
    },
    {
      code: `import https from 'node:https';\nexport function pingAll(hosts) {\n  hosts.forEach((host) => https.get({ host, agent: new https.Agent({ keepAlive: true }) }));\n}`,
      errors: [{ messageId: 'clientInLoop', data: { client: 'https.Agent', where: 'a `forEach` callback' }, suggestions: codemodSuggestion }],
    },
    {
      code: `import Redis from 'ioredis';\nexport async function drain() {\n  while (true) { const job = await new Redis().lpop('jobs'); if (!job) break; }\n}`,
      errors: [{ messageId: 'clientInLoop', data: { client: 'Redis', where: 'a while loop' }, suggestions: codemodSuggestion }],
    },
    {
      code: `const { MongoClient } = require('mongodb');\nasync function f(uris) {\n  for (let i = 0; i < uris.length; i++) { const c = new MongoClient(uris[i]); await c.connect(); }\n}`,
      errors: [{ messageId: 'clientInLoop', data: { client: 'MongoClient', where: 'a for loop' } }],
    },
    {
      code: `import { Kafka } from 'kafkajs';\nexport async function f(stream) {\n  for await (const msg of stream) { await new Kafka({ brokers }).producer().send(msg); }\n}`,
      errors: [{ messageId: 'clientInLoop', data: { client: 'Kafka', where: 'a for await...of loop' }, suggestions: codemodSuggestion }],
    },
    // Replaced on every iteration: every earlier client is left open.
    {
      code: `${pg}let pool;\nexport function f(dbs) {\n  for (const db of dbs) { pool = new Pool({ database: db }); }\n}`,
      errors: [{ messageId: 'clientInLoop' }],
    },
    // reportClosed: connection churn.
    {
      code: `${pg}export async function run(dbs) {\n  for (const db of dbs) {\n    const client = new Client({ database: db });\n    await client.connect();\n    await client.end();\n  }\n}`,
      options: [{ clients: [], typeAware: false, reportClosed: true }],
      errors: [{ messageId: 'clientChurnInLoop', data: { client: 'Client', where: 'a for...of loop' } }],
    },
  ],
});
