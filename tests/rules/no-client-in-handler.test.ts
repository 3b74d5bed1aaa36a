import rule from '../../rules/no-client-in-handler.js';
import { codemodSuggestion, ruleTester } from '../helpers/rule-tester.js';

const pg = `import { Pool } from 'pg';\n`;

/** Two handlers building the same pool, as the memoize-client codemod leaves them: one shared getter. */
const sharedPool = `import express from 'express';
import { Pool } from 'pg';

const app = express();
let pool;
function getPool() {
  return (pool ??= new Pool({ connectionString: process.env.DATABASE_URL }));
}

app.get('/users', async (req, res) => {
  res.json(await getPool().query('select * from users'));
});
app.get('/health', async (req, res) => {
  res.json(await getPool().query('select 1'));
});
`;

ruleTester.run('no-client-in-handler', rule, {
  valid: [
    // Module scope, and a lazy singleton the handler fills once.
    `${pg}const pool = new Pool();\napp.get('/users', async (req, res) => res.json(await pool.query('select 1')));`,
    `${pg}let pool;\napp.get('/users', async (req, res) => {\n  pool ??= new Pool();\n  res.json(await pool.query('select 1'));\n});`,
    `${pg}let pool;\nconst getPool = () => (pool ??= new Pool());\napp.get('/users', async (req, res) => res.json(await getPool().query('select 1')));`,
    `import { S3Client } from '@aws-sdk/client-s3';\nconst s3 = new S3Client({});\nexport const handler = async (event) => s3.send(event.command);`,
    // Built in a constructor or a start-up main().
    `${pg}export class Repo { constructor() { this.pool = new Pool(); } }`,
    `${pg}async function main() {\n  const pool = new Pool();\n  app.get('/x', (req, res) => pool.query('x'));\n}\nmain();`,
    // Per-tenant pools kept in a map (the caches rules judge whether that map is bounded).
    `${pg}const pools = new Map();\napp.get('/t/:id', (req, res) => {\n  if (!pools.has(req.params.id)) pools.set(req.params.id, new Pool({ database: req.params.id }));\n});`,
    // Closed before the handler returns: churn, reported only with reportClosed.
    `import { Client } from 'pg';\napp.post('/migrate', async (req, res) => {\n  const client = new Client();\n  await client.connect();\n  try { await client.query('x'); } finally { await client.end(); }\n});`,
    // Not a handler: a plain exported function, an event that is not a message.
    `${pg}export function makePool() { return new Pool(); }`,
    `${pg}process.on('SIGTERM', () => { new Pool().end(); });`,
    // A local class named Pool.
    `class Pool {}\napp.get('/x', (req, res) => { new Pool(); });`,
  ],
  invalid: [
    // The suggestion is the memoize-client codemod's rewrite: one lazily built module-level pool.
    // Both handlers build the same pool and the codemod gives them one getter, so either
    // suggestion rewrites both: neither half stands alone.
    {
      filename: 'app.js',
      code: `import express from 'express';
import { Pool } from 'pg';

const app = express();
app.get('/users', async (req, res) => {
  res.json(await new Pool({ connectionString: process.env.DATABASE_URL }).query('select * from users'));
});
app.get('/health', async (req, res) => {
  res.json(await new Pool({ connectionString: process.env.DATABASE_URL }).query('select 1'));
});
`,
      errors: [
        { messageId: 'clientInHandler', line: 6, suggestions: [{ messageId: 'shareClient', output: sharedPool }] },
        { messageId: 'clientInHandler', line: 9, suggestions: [{ messageId: 'shareClient', output: sharedPool }] },
      ],
    },
    {
      code: `${pg}app.get('/users', async (req, res) => {\n  const pool = new Pool();\n  res.json(await pool.query('select 1'));\n});`,
      errors: [{ messageId: 'clientInHandler', data: { client: 'Pool', where: 'the GET route handler' }, line: 3, suggestions: codemodSuggestion }],
    },
    {
      code: `import { S3Client } from '@aws-sdk/client-s3';\nexport const handler = async (event) => {\n  const s3 = new S3Client({});\n  return s3.send(event.command);\n};`,
      errors: [{ messageId: 'clientInHandler', data: { client: 'S3Client', where: 'the AWS Lambda handler' }, suggestions: codemodSuggestion }],
    },
    {
      code: `import http from 'node:http';\nimport { createClient } from 'redis';\nhttp.createServer(async (req, res) => {\n  const redis = createClient();\n  await redis.connect();\n  res.end(await redis.get('k'));\n});`,
      errors: [{ messageId: 'clientInHandler', data: { client: 'createClient()', where: 'the http.createServer request callback' } }],
    },
    {
      code: `import { PrismaClient } from '@prisma/client';\nexport async function GET(request) {\n  const prisma = new PrismaClient();\n  return Response.json(await prisma.user.findMany());\n}`,
      filename: 'app/api/users/route.ts',
      errors: [{ messageId: 'clientInHandler', data: { client: 'PrismaClient', where: 'the Next.js GET route handler' }, suggestions: codemodSuggestion }],
    },
    {
      code: `import { Worker } from 'bullmq';\nimport OpenAI from 'openai';\nnew Worker('jobs', async (job) => {\n  const openai = new OpenAI();\n  await openai.responses.create(job.data);\n});`,
      errors: [{ messageId: 'clientInHandler', data: { client: 'OpenAI', where: 'the bullmq Worker processor' }, suggestions: codemodSuggestion }],
    },
    {
      code: `${pg}fastify.route({ method: 'GET', url: '/', handler: async () => new Pool().query('x') });`,
      errors: [{ messageId: 'clientInHandler', data: { client: 'Pool', where: 'the route handler' }, suggestions: codemodSuggestion }],
    },
    {
      code: `import Stripe from 'stripe';\nconsumer.run({ eachMessage: async ({ message }) => { await new Stripe(key).charges.create(JSON.parse(message.value)); } });`,
      errors: [{ messageId: 'clientInHandler', data: { client: 'Stripe', where: 'the kafkajs eachMessage callback' }, suggestions: codemodSuggestion }],
    },
    // A loop inside a handler: reported once, by this rule.
    {
      code: `${pg}router.post('/batch', async (req, res) => {\n  for (const id of req.body.ids) { const c = new Pool(); await c.query('x', [id]); }\n});`,
      errors: [{ messageId: 'clientInHandler', data: { client: 'Pool', where: 'the POST route handler (inside a for...of loop)' }, suggestions: codemodSuggestion }],
    },
    // Assigned to a module variable without a guard: each request replaces (and leaks) the last one.
    {
      code: `${pg}let pool;\napp.use((req, res, next) => { pool = new Pool(); next(); });`,
      errors: [{ messageId: 'clientInHandler', data: { client: 'Pool', where: 'the middleware' }, suggestions: codemodSuggestion }],
    },
    {
      code: `import { Client } from 'pg';\napp.post('/migrate', async (req, res) => {\n  const client = new Client();\n  await client.connect();\n  await client.end();\n});`,
      options: [{ clients: [], typeAware: false, reportClosed: true }],
      errors: [{ messageId: 'clientChurnInHandler', data: { client: 'Client', where: 'the POST route handler' } }],
    },
  ],
});
