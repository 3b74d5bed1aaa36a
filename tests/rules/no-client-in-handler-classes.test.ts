import rule from '../../rules/no-client-in-handler.js';
import { createClientConstructionDetector } from '../../src/families/clients/construction.js';
import { checkExemptions } from '../helpers/exemptions.js';
import { detectorOptions } from '../helpers/client-rules.js';
import { codemodSuggestion, ruleTester } from '../helpers/rule-tester.js';

/*
 * Clients built by classes and services: how long the instance lives decides. A service built once
 * (a NestJS singleton, a class built at module level or at start-up) builds its client once, in its
 * constructor, a field initializer or a start-up hook (valid); a class a route builds per request,
 * or a singleton's method a controller calls per request, builds one per request (invalid).
 */

ruleTester.run('no-client-in-handler (classes and services)', rule, {
  valid: checkExemptions(
    [
      // A long-lived service's clients built where it starts, once: in its constructor or the
      // framework's start-up hook, or filled once by a method.
      {
        code: `import { Injectable } from '@nestjs/common';
import { createTransport } from 'nodemailer';
@Injectable()
export class MailService {
  onModuleInit() {
    this.transporter = createTransport({ host: process.env.SMTP_HOST, pool: true });
  }
  async send(to, html) {
    await this.transporter.sendMail({ to, html });
  }
}`,
      },
      {
        code: `import { Injectable } from '@nestjs/common';
import { createTransport } from 'nodemailer';
@Injectable()
export class MailService {
  transporter() {
    return (this.cached ??= createTransport({ host: process.env.SMTP_HOST, pool: true }));
  }
}`,
        exemptBy: 'memoized',
      },
      // A factory method hands its client to the caller, who keeps or closes it.
      {
        code: `import { Injectable } from '@nestjs/common';
import { ClientProxyFactory, Transport } from '@nestjs/microservices';
@Injectable()
export class ClientsService {
  createClient(url) {
    return ClientProxyFactory.create({ transport: Transport.GRPC, options: { url } });
  }
}`,
        exemptBy: 'returned-by-service',
      },
      // A request-scoped provider and a plain class: nothing says they live long.
      {
        code: `import { Injectable, Scope } from '@nestjs/common';
import { createTransport } from 'nodemailer';
@Injectable({ scope: Scope.REQUEST })
export class RequestMailer {
  async send(to, html) {
    const transporter = createTransport({ host: process.env.SMTP_HOST, pool: true });
    await transporter.sendMail({ to, html });
  }
}`,
      },
      {
        code: `import { MongoClient } from 'mongodb';
export class Resolver {
  async lookup(code) {
    const client = new MongoClient(process.env.MONGO_URL);
    await client.connect();
    return client.db('links').collection('codes').findOne({ code });
  }
}`,
      },
      // A service class built once at module level: its constructor's pool is the process's one pool.
      {
        code: `import express from 'express';
import { Pool } from 'pg';
class OrdersRepo {
  constructor() {
    this.pool = new Pool({ connectionString: process.env.DATABASE_URL });
  }
}
const repo = new OrdersRepo();
const app = express();
app.get('/orders', async (req, res) => res.json(await repo.pool.query('select 1')));`,
      },
      // Built per request, but the class closes its own pool: the instance owns the client's life (churn at most).
      {
        code: `import express from 'express';
import { Pool } from 'pg';
class Session {
  constructor() {
    this.pool = new Pool();
  }
  async close() {
    await this.pool.end();
  }
}
const app = express();
app.get('/report', async (req, res) => {
  const session = new Session();
  res.json(await session.pool.query('select 1'));
  await session.close();
});`,
      },
      // An exported class nothing in this file builds: how often is unknown here.
      {
        code: `import Redis from 'ioredis';
export class CacheService {
  constructor() {
    this.redis = new Redis(process.env.REDIS_URL);
  }
}`,
      },
      // A field initializer runs with every \`new\`, like the constructor: a class built once at
      // start-up builds its client once.
      {
        code: `import express from 'express';
import Redis from 'ioredis';
class SessionStore {
  redis = new Redis(process.env.REDIS_URL);
}
const sessions = new SessionStore();
const app = express();
app.get('/me', async (req, res) => res.json(await sessions.redis.get(req.query.id)));`,
      },
      // Built per request, but the class closes the field's client itself: churn at most.
      {
        code: `import express from 'express';
import { Pool } from 'pg';
class Report {
  pool = new Pool();
  async close() {
    await this.pool.end();
  }
}
const app = express();
app.get('/report', async (req, res) => {
  const report = new Report();
  res.json(await report.pool.query('select 1'));
  await report.close();
});`,
      },
    ],
    createClientConstructionDetector,
    detectorOptions,
  ),
  invalid: [
    // A NestJS service is one instance for the whole application, and its methods are what
    // controllers call per request: a transport built in send() is built per email.
    {
      code: `import { Injectable } from '@nestjs/common';
import { createTransport } from 'nodemailer';
@Injectable()
export class MailService {
  async send(to, subject, html) {
    const transporter = createTransport({ host: process.env.SMTP_HOST, port: 587, pool: true });
    await transporter.sendMail({ from: 'noreply@example.com', to, subject, html });
  }
}`,
      errors: [
        {
          messageId: 'clientInHandler',
          line: 6,
          data: {
            client: 'createTransport()',
            where:
              'method `send` of class `MailService` (a method of `MailService`, kept as a singleton by NestJS, called again and again)',
          },
          suggestions: codemodSuggestion,
        },
      ],
    },
    // The module's one repository: each lookup opens a MongoClient and never closes it.
    {
      code: `import { MongoClient } from 'mongodb';
class Resolver {
  async lookup(code) {
    const client = new MongoClient(process.env.MONGO_URL);
    await client.connect();
    return client.db('links').collection('codes').findOne({ code });
  }
}
export default new Resolver();`,
      errors: [
        {
          messageId: 'clientInHandler',
          line: 4,
          data: {
            client: 'MongoClient',
            where:
              "method `lookup` of class `Resolver` (a method of the module's one `Resolver` instance, called again and again)",
          },
        },
      ],
    },
    // A repository class a route builds per request: its constructor runs per request.
    {
      code: `import express from 'express';
import { Pool } from 'pg';
class OrdersRepo {
  constructor() {
    this.pool = new Pool({ connectionString: process.env.DATABASE_URL });
  }
}
const app = express();
app.get('/orders', async (req, res) => {
  const repo = new OrdersRepo();
  res.json(await repo.pool.query('select * from orders'));
});`,
      errors: [
        {
          messageId: 'clientInHandler',
          line: 5,
          data: { client: 'Pool', where: 'the constructor of class `OrdersRepo` (built in the GET route handler)' },
          suggestions: codemodSuggestion,
        },
      ],
    },
    // A field initializer runs with every \`new\`: a class a route builds per request builds its client per request.
    {
      code: `import express from 'express';
import Redis from 'ioredis';
class RateLimiter {
  redis = new Redis(process.env.REDIS_URL);
  hit(key) {
    return this.redis.incr(key);
  }
}
const app = express();
app.post('/login', async (req, res) => {
  await new RateLimiter().hit(req.ip);
  res.end();
});`,
      errors: [
        {
          messageId: 'clientInHandler',
          line: 4,
          data: {
            client: 'Redis',
            where: 'a field initializer of class `RateLimiter` (built in the POST route handler)',
          },
          suggestions: codemodSuggestion,
        },
      ],
    },
    // An old-style constructor function a route builds with \`new\` per request.
    {
      code: `const express = require('express');
const redis = require('redis');
function Datastore(root) {
  this.root = root;
  this.client = redis.createClient(process.env.REDIS_URL);
}
Datastore.prototype.get = function (key) {
  return this.client.get(this.root + '/' + key);
};
const app = express();
app.get('/ds/:root/:key', async (req, res) => {
  const store = new Datastore(req.params.root);
  res.json(await store.get(req.params.key));
});`,
      errors: [
        {
          messageId: 'clientInHandler',
          line: 5,
          data: {
            client: 'redis.createClient()',
            where: 'constructor function `Datastore` (built in the GET route handler)',
          },
          suggestions: codemodSuggestion,
        },
      ],
    },
  ],
});
