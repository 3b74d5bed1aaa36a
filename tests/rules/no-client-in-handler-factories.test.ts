import rule from '../../rules/no-client-in-handler.js';
import { createClientConstructionDetector } from '../../src/families/clients/construction.js';
import { checkExemptions } from '../helpers/exemptions.js';
import { detectorOptions } from '../helpers/client-rules.js';
import { codemodSuggestion, ruleTester } from '../helpers/rule-tester.js';

/*
 * Clients built by the app's own factories and helpers: a factory memoized inside, called once at
 * start-up, or filling a module variable once hands every caller one client (valid); a factory or
 * helper a route calls builds one per request, and is reported where the route calls it (invalid).
 */

ruleTester.run('no-client-in-handler (factories and helpers)', rule, {
  valid: checkExemptions(
    [
      // A helper that start-up code calls too: not every caller runs per request.
      {
        code: `import express from 'express';
import nodemailer from 'nodemailer';
const app = express();
async function sendEmail(to) {
  const transport = nodemailer.createTransport({ host: process.env.SMTP_HOST, pool: true });
  await transport.sendMail({ to });
}
app.post('/invite', async (req, res) => {
  await sendEmail(req.body.email);
  res.end();
});
sendEmail(process.env.ADMIN_EMAIL);`,
      },
      // A factory that start-up code calls once: its client is the process's one client.
      {
        code: `import express from 'express';
import { Pool } from 'pg';
function makePool() {
  return new Pool({ connectionString: process.env.DATABASE_URL });
}
const pool = makePool();
const app = express();
app.get('/users', async (req, res) => res.json(await pool.query('select 1')));`,
      },
      // The app's own factory, memoized inside: every caller gets the one pool.
      {
        code: `import express from 'express';
import knex from 'knex';
let db;
function connection() {
  return (db ??= knex({ client: 'pg', connection: process.env.DATABASE_URL }));
}
const app = express();
app.get('/teams', async (req, res) => res.json(await connection()('teams').select()));`,
      },
      // The factory called once, at start-up: the routes share what it built.
      {
        code: `import express from 'express';
import knex from 'knex';
function connection() {
  return knex({ client: 'pg', connection: process.env.DATABASE_URL });
}
const db = connection();
const app = express();
app.get('/teams', async (req, res) => res.json(await db('teams').select()));`,
      },
      // The factory's client kept in a module variable filled once, where a route calls it.
      {
        code: `import express from 'express';
import knex from 'knex';
function connection() {
  return knex({ client: 'pg', connection: process.env.DATABASE_URL });
}
await connection().migrate.latest();
let db;
const app = express();
app.get('/teams', async (req, res) => {
  db ??= connection();
  res.json(await db('teams').select());
});`,
        exemptBy: 'memoized',
      },
      // The own factory called from a method of the module's one instance: a guess at frequency
      // (a one-shot script's store calls it too), so only a handler's call counts.
      {
        code: `import { Firestore } from '@google-cloud/firestore';
function createStorage() {
  return new Firestore();
}
class BlobStore {
  async fetch(bucket, key) {
    const storage = createStorage();
    return storage.bucket(bucket).file(key).download();
  }
}
const store = new BlobStore();
export default store;
await createStorage().getBuckets();`,
      },
      // drizzle handed the app's pool wraps it: no connection of its own.
      {
        code: `import express from 'express';
import { Pool } from 'pg';
import { drizzle } from 'drizzle-orm/node-postgres';
const pool = new Pool({ connectionString: process.env.DATABASE_URL });
const app = express();
app.get('/users', async (req, res) => {
  const db = drizzle(pool);
  res.json(await db.execute('select 1'));
});`,
      },
    ],
    createClientConstructionDetector,
    detectorOptions,
  ),
  invalid: [
    // The app's own factory hands every caller a new pool; start-up calls it once, but a route
    // calls it per request: the call in the route is where a client is built per request.
    {
      code: `import express from 'express';
import knex from 'knex';
function connection() {
  return knex({ client: 'pg', connection: process.env.DATABASE_URL });
}
await connection().migrate.latest();
const app = express();
app.get('/teams/:id', async (req, res) => {
  const db = connection();
  res.json(await db('teams').where('id', req.params.id));
});`,
      errors: [
        {
          messageId: 'clientInHandler',
          line: 9,
          data: { client: 'connection()', where: 'the GET route handler' },
          suggestions: [],
        },
      ],
    },
    // A helper every caller of which is a route handler of this file.
    {
      code: `import express from 'express';
import nodemailer from 'nodemailer';
const app = express();
async function sendEmail(to) {
  const transport = nodemailer.createTransport({ host: process.env.SMTP_HOST, pool: true });
  await transport.sendMail({ to });
}
app.post('/invite', async (req, res) => {
  await sendEmail(req.body.email);
  res.end();
});`,
      errors: [
        {
          messageId: 'clientInHandler',
          line: 5,
          data: {
            client: 'nodemailer.createTransport()',
            where: 'function `sendEmail` (only called from the POST route handler)',
          },
          suggestions: codemodSuggestion,
        },
      ],
    },
    // A factory a route calls: each request gets a new client from it.
    {
      code: `import express from 'express';
import { createClient } from '@supabase/supabase-js';
const app = express();
function getSupabaseAdmin() {
  return createClient(process.env.SUPABASE_URL, process.env.SUPABASE_KEY);
}
app.get('/profile', async (req, res) => {
  const supabase = getSupabaseAdmin();
  res.json(await supabase.from('profiles').select());
});`,
      errors: [
        {
          messageId: 'clientInHandler',
          line: 5,
          data: {
            client: 'createClient()',
            where: 'function `getSupabaseAdmin` (only called from the GET route handler)',
          },
          suggestions: [],
        },
      ],
    },
  ],
});
