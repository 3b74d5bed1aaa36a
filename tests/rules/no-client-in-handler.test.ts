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
      // A helper that keeps the one client it builds: memoized.
      {
        code: `import { createClient } from '@supabase/supabase-js';
let admin;
const getAdmin = () => (admin ??= createClient(process.env.SUPABASE_URL, process.env.SUPABASE_KEY));
export const requireAuth = async (req, res, next) => {
  req.user = (await getAdmin().auth.getUser(req.headers.authorization)).data.user;
  next();
};`,
      },
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
  transporter ??= createTransport({ host: process.env.SMTP_HOST, pool: true });
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
      // Issue 21's shapes, their safe twins. A Nitro hook that runs once, and a client the plugin builds once.
      {
        code: `import TelemetryClient from 'applicationinsights/out/Library/NodeClient.js';
export default defineNitroPlugin((nitroApp) => {
  const client = new TelemetryClient(process.env.AI_CONNECTION);
  nitroApp.hooks.hook('close', async () => {
    const last = new TelemetryClient(process.env.AI_CONNECTION);
    last.flush();
  });
  nitroApp.hooks.hook('request', (event) => {
    event.context.telemetry = client;
  });
});`,
      },
      // An HTTP-shaped function that fills a module-level client once.
      {
        code: `import { createClient } from 'redis';
let redis;
export default async function attachRedis(req, res, next) {
  redis ??= createClient({ url: process.env.REDIS_URL });
  req.redis = redis;
  next();
}`,
        exemptBy: 'memoized',
      },
      // Two parameters that are not a request and a response.
      {
        code: `import nodemailer from 'nodemailer';
export function buildMailer(config, logger) {
  const transport = nodemailer.createTransport(config);
  logger.info('mailer ready');
  transport.sendMail({ to: config.admin, text: 'up' });
}`,
      },
      // Closed in a catch as well as after the work: closed whatever happens.
      {
        code: `import { MongoClient } from 'mongodb';
app.get('/lookup/:id', async (req, res) => {
  const client = new MongoClient(process.env.MONGO_URL);
  try {
    await client.connect();
    const doc = await client.db('app').collection('items').findOne({ _id: req.params.id });
    await client.close();
    res.json(doc);
  } catch (error) {
    await client.close();
    res.status(500).end();
  }
});`,
      },
      // A browser per request, closed in finally: a deliberate short-lived use (churn, reportClosed only).
      {
        code: `import { chromium } from 'playwright';
app.get('/render', async (req, res) => {
  const browser = await chromium.launch();
  try {
    const page = await browser.newPage();
    await page.goto(req.query.url);
    res.send(await page.pdf());
  } finally {
    await browser.close();
  }
});`,
      },
      // A \`then\` callback's parameter is the module only when the promise is import()'s.
      {
        code: `import express from 'express';
const app = express();
app.get('/health', (req, res) => {
  loadPlugins().then(({ Pool }) => new Pool().query('select 1'));
  res.end();
});`,
      },
      // A client built only to presign an upload URL: signing sends nothing and opens no socket.
      {
        code: `import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
app.post('/uploads', async (req, res) => {
  const url = await getSignedUrl(
    new S3Client({ region: 'eu-west-1' }),
    new PutObjectCommand({ Bucket: 'files', Key: req.body.name }),
    { expiresIn: 600 },
  );
  res.json({ url });
});`,
        exemptBy: 'only-presigns',
      },
      {
        code: `import { S3Client } from '@aws-sdk/client-s3';
import { createPresignedPost } from '@aws-sdk/s3-presigned-post';
app.post('/forms', async (req, res) => {
  const signer = new S3Client({ region: 'eu-west-1' });
  res.json(await createPresignedPost(signer, { Bucket: 'files', Key: req.body.name }));
});`,
        exemptBy: 'only-presigns',
      },
    ],
    createClientConstructionDetector,
    detectorOptions,
  ),
  invalid: [
    // Presigns with the client, and also sends through it: its sockets stay open.
    {
      code: `import { HeadObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
app.post('/uploads', async (req, res) => {
  const s3 = new S3Client({ region: 'eu-west-1' });
  await s3.send(new HeadObjectCommand({ Bucket: 'files', Key: req.body.name }));
  res.json({ url: await getSignedUrl(s3, new PutObjectCommand({ Bucket: 'files', Key: req.body.name })) });
});`,
      errors: [
        {
          messageId: 'clientInHandler',
          line: 4,
          data: { client: 'S3Client', where: 'the POST route handler' },
          suggestions: codemodSuggestion,
        },
      ],
    },
    // Express route methods return the router, so a chained `.post()` registers on the router the
    // chain starts from, here a class field whose paths come from a helper (evolution-api, set 27).
    {
      code: `import { Router } from 'express';
import Redis from 'ioredis';
export class MetaRouter {
  router = Router();
  constructor() {
    this.router
      .get(this.routerPath('webhook/meta'), (req, res) => res.send(req.query.challenge))
      .post(this.routerPath('webhook/meta'), async (req, res) => {
        const redis = new Redis(process.env.REDIS_URL);
        res.json(await redis.get(req.body.id));
      });
  }
}`,
      errors: [
        {
          messageId: 'clientInHandler',
          line: 9,
          data: { client: 'Redis', where: 'the POST route handler' },
          suggestions: codemodSuggestion,
        },
      ],
    },
    // mongodb 1.x-3.x: \`new Db(name, new Server(host, port))\` per request; the Server belongs to the Db.
    {
      code: `const express = require('express');
const mongo = require('mongodb');
const app = express();
app.get('/db', function (req, res) {
  const db = new mongo.Db('admin', new mongo.Server(process.env.DB_HOST, 27017));
  db.open(function (err, opened) {
    opened.admin().listDatabases(function (e, list) {
      res.send(list);
    });
  });
});`,
      errors: [
        {
          messageId: 'clientInHandler',
          line: 5,
          data: { client: 'mongo.Db', where: 'the GET route handler' },
          suggestions: codemodSuggestion,
        },
      ],
    },
    // drizzle handed a connection string builds a pg pool of its own, per request here.
    {
      code: `import express from 'express';
import { drizzle } from 'drizzle-orm/node-postgres';
const app = express();
app.get('/orgs/:org/users', async (req, res) => {
  const db = drizzle(\`\${process.env.DATABASE_URL}/\${req.params.org}\`);
  res.json(await db.execute('select 1'));
});`,
      errors: [
        {
          messageId: 'clientInHandler',
          line: 5,
          data: { client: 'drizzle()', where: 'the GET route handler' },
          suggestions: [],
        },
      ],
    },
    // A Nitro plugin's request hook runs per request.
    {
      code: `import TelemetryClient from 'applicationinsights/out/Library/NodeClient.js';
export default defineNitroPlugin((nitroApp) => {
  nitroApp.hooks.hook('request', async (event) => {
    const client = new TelemetryClient(process.env.AI_CONNECTION);
    event.context.telemetry = client;
  });
});`,
      errors: [
        {
          messageId: 'clientInHandler',
          line: 4,
          data: { client: 'TelemetryClient', where: "the Nitro request hook for 'request'" },
          suggestions: codemodSuggestion,
        },
      ],
    },
    // Middleware written as (req, res, next) for a router in another file: per request.
    {
      code: `import { createClient } from 'redis';
export default async (req, res, next) => {
  const redis = createClient({ url: process.env.REDIS_URL });
  redis.on('error', console.error);
  await redis.connect();
  req.redis = redis;
  next();
};`,
      errors: [
        {
          messageId: 'clientInHandler',
          line: 3,
          data: { client: 'createClient()', where: 'an HTTP handler `(req, res, next)`' },
          suggestions: [],
        },
      ],
    },
    // A helper of this file that only HTTP handlers call: it builds a client per request and hands it back.
    {
      code: `import { createClient } from '@supabase/supabase-js';
const getAdmin = () => {
  if (!process.env.SUPABASE_URL) return null;
  return createClient(process.env.SUPABASE_URL, process.env.SUPABASE_KEY);
};
export const requireAuth = async (req, res, next) => {
  const admin = getAdmin();
  req.user = (await admin.auth.getUser(req.headers.authorization)).data.user;
  next();
};
export function listUsers(req, res) {
  getAdmin().auth.admin.listUsers().then((users) => res.json(users));
}`,
      errors: [
        {
          messageId: 'clientInHandler',
          line: 4,
          data: {
            client: 'createClient()',
            where: 'function `getAdmin` (only called from HTTP handlers `(req, res)` of this file)',
          },
          suggestions: [],
        },
      ],
    },
    // Its twins, reported where the handler calls them: a helper start-up code calls too, and an
    // exported one (other files may call it once): the handler's call builds a client per request.
    ...[
      `const getAdmin = () => createClient(process.env.SUPABASE_URL, process.env.SUPABASE_KEY);
getAdmin().auth.admin.listUsers();`,
      `export const getAdmin = () => createClient(process.env.SUPABASE_URL, process.env.SUPABASE_KEY);`,
    ].map((helper) => ({
      code: `import { createClient } from '@supabase/supabase-js';
${helper}
export const requireAuth = async (req, res, next) => {
  req.user = (await getAdmin().auth.getUser(req.headers.authorization)).data.user;
  next();
};`,
      errors: [
        {
          messageId: 'clientInHandler' as const,
          line: helper.split('\n').length + 3,
          data: { client: 'getAdmin()', where: 'an HTTP handler `(req, res, next)`' },
          suggestions: [] as const,
        },
      ],
    })),
    // A controller whose client is built in a step of its own: the step runs once per request too.
    {
      code: `const nodemailer = require('nodemailer');
exports.forgot = function (req, res, next) {
  async.waterfall([
    function (done) {
      done(null, req.body.email);
    },
    function (email, done) {
      const transport = nodemailer.createTransport(config.mailer);
      transport.sendMail({ to: email }, done);
    },
  ], next);
};`,
      errors: [
        {
          messageId: 'clientInHandler',
          line: 8,
          data: { client: 'nodemailer.createTransport()', where: 'an HTTP handler `(req, res, next)`' },
          suggestions: codemodSuggestion,
        },
      ],
    },
    // Closed only when the lookup succeeds: every failed lookup leaves a client open.
    {
      code: `import { MongoClient } from 'mongodb';
app.get('/lookup/:id', async (req, res) => {
  try {
    const client = new MongoClient(process.env.MONGO_URL);
    await client.connect();
    const doc = await client.db('app').collection('items').findOne({ _id: req.params.id });
    await client.close();
    res.json(doc);
  } catch (error) {
    res.status(500).end();
  }
});`,
      errors: [
        {
          messageId: 'clientOpenOnFailure',
          line: 4,
          data: { client: 'MongoClient', where: 'the GET route handler' },
          suggestions: [],
        },
      ],
    },
    // A browser launched per request and closed only on success.
    {
      code: `import puppeteer from 'puppeteer';
app.get('/shot', async (req, res) => {
  const browser = await puppeteer.launch();
  const page = await browser.newPage();
  await page.goto(req.query.url);
  res.send(await page.screenshot());
  await browser.close();
});`,
      errors: [
        {
          messageId: 'clientOpenOnFailure',
          line: 3,
          data: { client: 'puppeteer.launch()', where: 'the GET route handler' },
          suggestions: [],
        },
      ],
    },
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
  const transporter = createTransport({ host: process.env.SMTP_HOST, pool: true });
  await transporter.sendMail(req.body);
  res.end();
});
app.post('/mail/copy', async (req, res) => {
  const nodemailer = await import('nodemailer');
  await nodemailer.createTransport({ host: process.env.SMTP_HOST, pool: true }).sendMail(req.body);
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
    // The namespace import() resolves to, taken by a \`then\` callback: its parameter binds the package.
    {
      code: `import express from 'express';
const app = express();
app.get('/health', (req, res) => {
  import('pg')
    .then(({ Pool }) => new Pool().query('select 1'))
    .then(() => res.end('ok'));
});`,
      errors: [
        {
          messageId: 'clientInHandler',
          data: { client: 'Pool', where: 'the GET route handler' },
          line: 5,
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
      // Set 26: route handlers built by a wrapper (inbox-zero's withAuth, next-auth's auth(), middy).
      code: `import { PrismaClient } from '@prisma/client';
import { withAuth } from '@/utils/middleware';
export const GET = withAuth('users', async (request) => {
  const prisma = new PrismaClient();
  return Response.json(await prisma.user.findMany());
});`,
      filename: 'app/api/users/route.ts',
      errors: [
        {
          messageId: 'clientInHandler',
          line: 4,
          column: 18,
          data: { client: 'PrismaClient', where: 'the Next.js GET route handler' },
          suggestions: codemodSuggestion,
        },
      ],
    },
    {
      // The wrapped function passed by name, under a default export of pages/api.
      code: `import Redis from 'ioredis';
async function handler(req, res) {
  const redis = new Redis(process.env.REDIS_URL);
  res.json(await redis.get(req.query.key));
}
export default withSentry(withAuth(handler));`,
      filename: 'src/pages/api/cache.ts',
      errors: [
        {
          messageId: 'clientInHandler',
          line: 3,
          column: 17,
          data: { client: 'Redis', where: 'the Next.js API route handler' },
          suggestions: codemodSuggestion,
        },
      ],
    },
    {
      code: `import { Worker } from 'bullmq';
import { Client } from '@elastic/elasticsearch';
new Worker('jobs', async (job) => {
  const search = new Client({ node: process.env.ES_URL });
  await search.index(job.data.doc);
});`,
      errors: [
        {
          messageId: 'clientInHandler',
          line: 4,
          column: 18,
          data: { client: 'Client', where: 'the bullmq Worker processor' },
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
      code: `import Redis from 'ioredis';
consumer.run({ eachMessage: async ({ message }) => { await new Redis(url).lpush('events', message.value); } });`,
      errors: [
        {
          messageId: 'clientInHandler',
          line: 2,
          column: 60,
          data: { client: 'Redis', where: 'the kafkajs eachMessage callback' },
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
