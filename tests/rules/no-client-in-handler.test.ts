import rule from '../../rules/no-client-in-handler.js';
import { createClientConstructionDetector } from '../../src/families/clients/construction.js';
import { checkExemptions } from '../helpers/exemptions.js';
import { detectorOptions } from '../helpers/client-rules.js';
import { codemodSuggestion, ruleTester } from '../helpers/rule-tester.js';

const pg = `import { Pool } from 'pg';
`;

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
  valid: checkExemptions(
    [
      // The named handler's twin: a function passed by name to a call that is not a registration
      // of a route, message or request callback runs as often as that call decides, unknown here.
      {
        code: `import { S3Client } from '@aws-sdk/client-s3';
async function warmCache() {
  const s3 = new S3Client({ region: 'eu-west-1' });
  await s3.send(listCommand);
}
startup.register(warmCache);`,
      },
      // Module scope, and a lazy singleton the handler fills once.
      {
        code: `${pg}const pool = new Pool();
app.get('/users', async (req, res) => res.json(await pool.query('select 1')));`,
      },
      {
        code: `${pg}let pool;
app.get('/users', async (req, res) => {
  pool ??= new Pool();
  res.json(await pool.query('select 1'));
});`,
        exemptBy: 'memoized',
      },
      {
        code: `${pg}let pool;
const getPool = () => (pool ??= new Pool());
app.get('/users', async (req, res) => res.json(await getPool().query('select 1')));`,
      },
      {
        code: `import { S3Client } from '@aws-sdk/client-s3';
const s3 = new S3Client({});
export const handler = async (event) => s3.send(event.command);`,
      },
      // Built in a constructor or a start-up main().
      { code: `${pg}export class Repo { constructor() { this.pool = new Pool(); } }` },
      {
        code: `${pg}async function main() {
  const pool = new Pool();
  app.get('/x', (req, res) => pool.query('x'));
}
main();`,
      },
      // Per-tenant pools kept in a map (the caches rules judge whether that map is bounded).
      {
        code: `${pg}const pools = new Map();
app.get('/t/:id', (req, res) => {
  if (!pools.has(req.params.id)) pools.set(req.params.id, new Pool({ database: req.params.id }));
});`,
        exemptBy: 'kept',
      },
      // Closed before the handler returns: churn, reported only with reportClosed.
      {
        code: `import { Client } from 'pg';
app.post('/migrate', async (req, res) => {
  const client = new Client();
  await client.connect();
  try { await client.query('x'); } finally { await client.end(); }
});`,
      },
      // Not a handler: a plain exported function, an event that is not a message.
      { code: `${pg}export function makePool() { return new Pool(); }` },
      { code: `${pg}process.on('SIGTERM', () => { new Pool().end(); });` },
      // A local class named Pool.
      {
        code: `class Pool {}
app.get('/x', (req, res) => { new Pool(); });`,
      },
      // A client package loaded with import() when first needed, the client kept once built.
      {
        code: `import express from 'express';
const app = express();
let transporter;
app.post('/mail', async (req, res) => {
  const { createTransport } = await import('nodemailer');
  transporter ??= createTransport({ host: process.env.SMTP_HOST });
  await transporter.sendMail(req.body);
  res.end();
});`,
        exemptBy: 'memoized',
      },
      // import() of a package that is not a client: its factories build nothing to share.
      {
        code: `import express from 'express';
const app = express();
app.post('/render', async (req, res) => {
  const { createTemplate } = await import('./templates.js');
  res.send(createTemplate(req.body.name).render());
});`,
      },
    ],
    createClientConstructionDetector,
    detectorOptions,
  ),
  invalid: [
    // A function registered by name in the same file is a handler too (issue 20: six real leaks
    // had the route and the function side by side, `app.get('/x', handler)`).
    {
      code: `import express from 'express';
import { S3Client, GetObjectCommand } from '@aws-sdk/client-s3';
const app = express();
async function getFile(req, res) {
  const s3 = new S3Client({ region: 'eu-west-1' });
  res.send(await s3.send(new GetObjectCommand({ Bucket: 'files', Key: req.params.id })));
}
app.get('/files/:id', getFile);`,
      errors: [
        {
          messageId: 'clientInHandler',
          data: { client: 'S3Client', where: 'the GET route handler' },
          line: 5,
          suggestions: [
            {
              messageId: 'shareClient',
              output: `import express from 'express';
import { S3Client, GetObjectCommand } from '@aws-sdk/client-s3';
const app = express();
let sharedS3: S3Client | undefined;
function getS3() {
  return (sharedS3 ??= new S3Client({ region: 'eu-west-1' }));
}

async function getFile(req, res) {
  const s3 = getS3();
  res.send(await s3.send(new GetObjectCommand({ Bucket: 'files', Key: req.params.id })));
}
app.get('/files/:id', getFile);`,
            },
          ],
        },
      ],
    },
    // A client package loaded with import() in the handler: the import is cached, the client is not.
    {
      code: `import express from 'express';
const app = express();
app.post('/mail', async (req, res) => {
  const { createTransport } = await import('nodemailer');
  const transporter = createTransport({ host: process.env.SMTP_HOST });
  await transporter.sendMail(req.body);
  res.end();
});
app.post('/mail/copy', async (req, res) => {
  const nodemailer = await import('nodemailer');
  await nodemailer.createTransport({ host: process.env.SMTP_HOST }).sendMail(req.body);
  res.end();
});`,
      errors: [
        {
          messageId: 'clientInHandler',
          data: { client: 'createTransport()', where: 'the POST route handler' },
          line: 5,
          suggestions: [],
        },
        {
          messageId: 'clientInHandler',
          data: { client: 'nodemailer.createTransport()', where: 'the POST route handler' },
          line: 11,
          suggestions: [],
        },
      ],
    },
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
        {
          messageId: 'clientInHandler',
          data: { client: 'Pool', where: 'the GET route handler' },
          column: 18,
          line: 6,
          suggestions: [{ messageId: 'shareClient', output: sharedPool }],
        },
        {
          messageId: 'clientInHandler',
          data: { client: 'Pool', where: 'the GET route handler' },
          column: 18,
          line: 9,
          suggestions: [{ messageId: 'shareClient', output: sharedPool }],
        },
      ],
    },
    {
      code: `${pg}app.get('/users', async (req, res) => {
  const pool = new Pool();
  res.json(await pool.query('select 1'));
});`,
      errors: [
        {
          messageId: 'clientInHandler',
          column: 16,
          data: { client: 'Pool', where: 'the GET route handler' },
          line: 3,
          suggestions: codemodSuggestion,
        },
      ],
    },
    {
      code: `import { S3Client } from '@aws-sdk/client-s3';
export const handler = async (event) => {
  const s3 = new S3Client({});
  return s3.send(event.command);
};`,
      errors: [
        {
          messageId: 'clientInHandler',
          line: 3,
          column: 14,
          data: { client: 'S3Client', where: 'the AWS Lambda handler' },
          suggestions: codemodSuggestion,
        },
      ],
    },
    {
      code: `import http from 'node:http';
import { createClient } from 'redis';
http.createServer(async (req, res) => {
  const redis = createClient();
  await redis.connect();
  res.end(await redis.get('k'));
});`,
      errors: [
        {
          messageId: 'clientInHandler',
          line: 4,
          column: 17,
          data: { client: 'createClient()', where: 'the http.createServer request callback' },
        },
      ],
    },
    {
      code: `import { PrismaClient } from '@prisma/client';
export async function GET(request) {
  const prisma = new PrismaClient();
  return Response.json(await prisma.user.findMany());
}`,
      filename: 'app/api/users/route.ts',
      errors: [
        {
          messageId: 'clientInHandler',
          line: 3,
          column: 18,
          data: { client: 'PrismaClient', where: 'the Next.js GET route handler' },
          suggestions: codemodSuggestion,
        },
      ],
    },
    {
      code: `import { Worker } from 'bullmq';
import OpenAI from 'openai';
new Worker('jobs', async (job) => {
  const openai = new OpenAI();
  await openai.responses.create(job.data);
});`,
      errors: [
        {
          messageId: 'clientInHandler',
          line: 4,
          column: 18,
          data: { client: 'OpenAI', where: 'the bullmq Worker processor' },
          suggestions: codemodSuggestion,
        },
      ],
    },
    {
      code: `${pg}fastify.route({ method: 'GET', url: '/', handler: async () => new Pool().query('x') });`,
      errors: [
        {
          messageId: 'clientInHandler',
          line: 2,
          column: 63,
          data: { client: 'Pool', where: 'the route handler' },
          suggestions: codemodSuggestion,
        },
      ],
    },
    {
      code: `import Stripe from 'stripe';
consumer.run({ eachMessage: async ({ message }) => { await new Stripe(key).charges.create(JSON.parse(message.value)); } });`,
      errors: [
        {
          messageId: 'clientInHandler',
          line: 2,
          column: 60,
          data: { client: 'Stripe', where: 'the kafkajs eachMessage callback' },
          suggestions: codemodSuggestion,
        },
      ],
    },
    // A loop inside a handler: reported once, by this rule.
    {
      code: `${pg}router.post('/batch', async (req, res) => {
  for (const id of req.body.ids) { const c = new Pool(); await c.query('x', [id]); }
});`,
      errors: [
        {
          messageId: 'clientInHandler',
          line: 3,
          column: 46,
          data: { client: 'Pool', where: 'the POST route handler (inside a for...of loop)' },
          suggestions: codemodSuggestion,
        },
      ],
    },
    // Assigned to a module variable without a guard: each request replaces (and leaks) the last one.
    {
      code: `${pg}let pool;
app.use((req, res, next) => { pool = new Pool(); next(); });`,
      errors: [
        {
          messageId: 'clientInHandler',
          line: 3,
          column: 38,
          data: { client: 'Pool', where: 'the middleware' },
          suggestions: codemodSuggestion,
        },
      ],
    },
    {
      code: `import { Client } from 'pg';
app.post('/migrate', async (req, res) => {
  const client = new Client();
  await client.connect();
  await client.end();
});`,
      options: [{ clients: [], typeAware: false, reportClosed: true }],
      errors: [
        {
          messageId: 'clientChurnInHandler',
          line: 3,
          column: 18,
          data: { client: 'Client', where: 'the POST route handler' },
        },
      ],
    },
  ],
});
