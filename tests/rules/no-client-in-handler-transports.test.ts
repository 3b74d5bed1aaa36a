import rule from '../../rules/no-client-in-handler.js';
import { createClientConstructionDetector } from '../../src/families/clients/construction.js';
import { checkExemptions } from '../helpers/exemptions.js';
import { detectorOptions } from '../helpers/client-rules.js';
import { codemodSuggestion, ruleTester } from '../helpers/rule-tester.js';

/*
 * Clients by what they hold per request: node's agents without keepAlive, SDK clients that send
 * through a transport their package keeps once per process, non-pooled nodemailer transports and
 * undici agents close or hold nothing for long (valid); AWS SDK v3 clients, pooled transports,
 * agents whose options cannot be read or that keep idle sockets long are reported (invalid).
 */

ruleTester.run('no-client-in-handler (transports)', rule, {
  valid: checkExemptions(
    [
      // node's Agent without keepAlive closes its socket when each response ends: one per request
      // holds nothing afterwards (erxes's outgoing webhooks, set 27; jsreport's client).
      {
        code: `import express from 'express';
import https from 'node:https';
import axios from 'axios';
const app = express();
app.post('/hooks/:id/continue', async (req, res) => {
  const httpsAgent = new https.Agent({ rejectUnauthorized: false, keepAlive: false });
  res.json((await axios.post(req.body.url, req.body.payload, { httpsAgent })).data);
});`,
      },
      {
        code: `import express from 'express';
import https from 'node:https';
const app = express();
app.post('/fetch', async (req, res) => {
  const agentOptions = { rejectUnauthorized: false };
  res.json(await (await fetch(req.body.url, { agent: new https.Agent(agentOptions) })).json());
});`,
        exemptBy: 'closes-after-use',
      },
      {
        code: `import express from 'express';
import http from 'node:http';
const app = express();
app.get('/proxy', (req, res) => {
  http.get(req.query.url, { agent: new http.Agent() }, (upstream) => upstream.pipe(res));
});`,
      },
      // SDK clients that send through a transport their package keeps once per process: one per
      // request holds no socket of its own (erxes's file reads, set 27).
      {
        code: `import express from 'express';
import * as AWS from 'aws-sdk';
const app = express();
const createAWS = async () => new AWS.S3({ accessKeyId: process.env.KEY, secretAccessKey: process.env.SECRET });
app.get('/read-file', async (req, res) => {
  const s3 = await createAWS();
  res.send((await s3.getObject({ Bucket: 'files', Key: req.query.key }).promise()).Body);
});`,
        exemptBy: 'shares-transport',
      },
      {
        code: `import express from 'express';
const app = express();
app.get('/read-file', async (req, res) => {
  const { BlobServiceClient } = require('@azure/storage-blob');
  const container = BlobServiceClient.fromConnectionString(process.env.AZURE).getContainerClient('files');
  res.send(await container.getBlobClient(req.query.key).downloadToBuffer());
});`,
        exemptBy: 'shares-transport',
      },
      {
        code: `import express from 'express';
import { Storage } from '@google-cloud/storage';
const app = express();
app.get('/read-file', async (req, res) => {
  const storage = new Storage({ projectId: process.env.GCP_PROJECT });
  res.send(await storage.bucket('files').file(req.query.key).download());
});`,
        exemptBy: 'shares-transport',
      },
      // A nodemailer transport without \`pool\` opens a connection per message and closes it once sent
      // (jellyseerr, dokploy; tiledesk's options in a variable, and its transport built by a method
      // that send() calls, set 27).
      {
        code: `import express from 'express';
import nodemailer from 'nodemailer';
const app = express();
app.post('/notify', async (req, res) => {
  const transport = nodemailer.createTransport({ host: process.env.SMTP_HOST, port: 587, pool: false });
  await transport.sendMail({ to: req.body.to, text: req.body.text });
  res.end();
});`,
        exemptBy: 'closes-after-use',
      },
      {
        code: `const express = require('express');
const nodemailer = require('nodemailer');
class EmailService {
  getTransport(config) {
    let transport = { host: config.host, port: config.port, auth: { user: config.user, pass: config.pass } };
    console.debug('transport', transport);
    return nodemailer.createTransport(transport);
  }
  send(mail) {
    this.getTransport(mail.config).sendMail(mail.options, () => {});
  }
}
const emails = new EmailService();
const app = express();
app.post('/send', (req, res) => {
  emails.send(req.body);
  res.end();
});`,
        exemptBy: 'closes-after-use',
      },
      // Options in a variable that the retry changes under another key (`tls`), never `pool`
      // (set 33: hackathon-starter's sendMail and its self-signed-certificate retry).
      {
        code: `import express from 'express';
import nodemailer from 'nodemailer';
const app = express();
app.post('/contact', async (req, res) => {
  const transportConfig = { host: process.env.SMTP_HOST, port: 465, secure: true };
  let transporter = nodemailer.createTransport(transportConfig);
  try {
    await transporter.sendMail(req.body);
  } catch {
    transportConfig.tls = transportConfig.tls || {};
    transportConfig.tls.rejectUnauthorized = false;
    transporter = nodemailer.createTransport(transportConfig);
    await transporter.sendMail(req.body);
  }
  res.end();
});`,
        exemptBy: 'closes-after-use',
      },
      // An OpenAI-style SDK client sends through one keep-alive agent its package keeps per
      // process: one built per request holds nothing of its own and goes with the request.
      {
        code: `import express from 'express';
import OpenAI from 'openai';
import Anthropic from '@anthropic-ai/sdk';
import Stripe from 'stripe';
const app = express();
app.post('/chat', async (req, res) => {
  const openai = new OpenAI({ apiKey: req.body.key });
  const anthropic = new Anthropic();
  const stripe = new Stripe(process.env.STRIPE_KEY);
  res.json(await openai.responses.create(req.body.prompt));
});`,
      },
      // undici closes a socket idle for keepAliveTimeout (4 s by default): an agent per request that
      // pins the address this request resolved holds its socket for seconds, not for the process.
      {
        code: `import express from 'express';
import { Agent } from 'undici';
const app = express();
app.post('/preview', async (req, res) => {
  const dispatcher = new Agent({ connect: { lookup: pinnedLookup(req.body.url) } });
  res.json(await (await fetch(req.body.url, { dispatcher })).json());
});`,
        exemptBy: 'closes-when-idle',
      },
      // The same for an agent kept in a field of a wrapper a route builds per request.
      {
        code: `import express from 'express';
import { Agent } from 'undici';
class Collector {
  agent = new Agent({ headersTimeout: 15 * 60_000, keepAliveTimeout: 10_000 });
  send(body) {
    return fetch(process.env.COLLECTOR_URL, { method: 'POST', body, dispatcher: this.agent });
  }
}
const app = express();
app.post('/upload', async (req, res) => {
  res.json(await new Collector().send(req.body));
});`,
        exemptBy: 'closes-when-idle',
      },
    ],
    createClientConstructionDetector,
    detectorOptions,
  ),
  invalid: [
    // AWS SDK v3 clients build their own request handler and keep-alive agent: reported.
    {
      code: `import express from 'express';
import { S3Client, GetObjectCommand } from '@aws-sdk/client-s3';
const app = express();
app.get('/read-file', async (req, res) => {
  const s3 = new S3Client({ region: process.env.AWS_REGION });
  res.send(await s3.send(new GetObjectCommand({ Bucket: 'files', Key: req.query.key })));
});`,
      errors: [
        {
          messageId: 'clientInHandler',
          line: 5,
          data: { client: 'S3Client', where: 'the GET route handler' },
          suggestions: codemodSuggestion,
        },
      ],
    },
    // A pooled nodemailer transport keeps its connections until closed, and options set after the
    // literal may ask for a pool: reported.
    {
      code: `import express from 'express';
import nodemailer from 'nodemailer';
const app = express();
app.post('/notify', async (req, res) => {
  const transport = nodemailer.createTransport({ host: process.env.SMTP_HOST, pool: true });
  await transport.sendMail({ to: req.body.to, text: req.body.text });
  res.end();
});`,
      errors: [
        {
          messageId: 'clientInHandler',
          line: 5,
          data: { client: 'nodemailer.createTransport()', where: 'the POST route handler' },
          suggestions: codemodSuggestion,
        },
      ],
    },
    {
      code: `import express from 'express';
import nodemailer from 'nodemailer';
const app = express();
app.post('/notify', async (req, res) => {
  const options = { host: process.env.SMTP_HOST };
  options.pool = req.body.bulk;
  const transport = nodemailer.createTransport(options);
  await transport.sendMail({ to: req.body.to, text: req.body.text });
  res.end();
});`,
      errors: [
        {
          messageId: 'clientInHandler',
          line: 7,
          data: { client: 'nodemailer.createTransport()', where: 'the POST route handler' },
        },
      ],
    },
    // Options merged into with Object.assign may get `pool` from what is merged.
    {
      code: `import express from 'express';
import nodemailer from 'nodemailer';
const app = express();
app.post('/notify', async (req, res) => {
  const options = { host: process.env.SMTP_HOST };
  Object.assign(options, req.body.smtp);
  const transport = nodemailer.createTransport(options);
  await transport.sendMail({ to: req.body.to, text: req.body.text });
  res.end();
});`,
      errors: [
        {
          messageId: 'clientInHandler',
          line: 7,
          data: { client: 'nodemailer.createTransport()', where: 'the POST route handler' },
        },
      ],
    },
    // The same write through a type assertion: the options still change after they are declared.
    {
      code: `import express from 'express';
import nodemailer from 'nodemailer';
const app = express();
app.post('/notify', async (req, res) => {
  const options = { host: process.env.SMTP_HOST };
  (options as { pool?: boolean }).pool = req.body.bulk;
  const transport = nodemailer.createTransport(options);
  await transport.sendMail({ to: req.body.to, text: req.body.text });
  res.end();
});`,
      errors: [
        {
          messageId: 'clientInHandler',
          line: 7,
          data: { client: 'nodemailer.createTransport()', where: 'the POST route handler' },
        },
      ],
    },
    // An Agent whose options the rule cannot read may keep its sockets alive: reported.
    {
      code: `import express from 'express';
import https from 'node:https';
const app = express();
const agentOptions = { keepAlive: true };
app.post('/fetch', async (req, res) => {
  const agent = new https.Agent(agentOptions);
  res.json(await (await fetch(req.body.url, { agent })).json());
});`,
      errors: [
        {
          messageId: 'clientInHandler',
          line: 6,
          data: { client: 'https.Agent', where: 'the POST route handler' },
          suggestions: codemodSuggestion,
        },
      ],
    },
    // An undici agent told to keep idle sockets for ten minutes keeps each request's socket that long.
    {
      code: `import express from 'express';
import { Agent } from 'undici';
const app = express();
app.post('/preview', async (req, res) => {
  const dispatcher = new Agent({ keepAliveTimeout: 10 * 60_000 });
  res.json(await (await fetch(req.body.url, { dispatcher })).json());
});`,
      errors: [
        {
          messageId: 'clientInHandler',
          line: 5,
          data: { client: 'Agent', where: 'the POST route handler' },
          suggestions: codemodSuggestion,
        },
      ],
    },
    // Given an agent of its own, though, each request's client leaves that agent's sockets open:
    // the agent is what is reported.
    {
      code: `import express from 'express';
import https from 'node:https';
import OpenAI from 'openai';
const app = express();
app.post('/chat', async (req, res) => {
  const openai = new OpenAI({ httpAgent: new https.Agent({ keepAlive: true }) });
  res.json(await openai.responses.create(req.body.prompt));
});`,
      errors: [
        {
          messageId: 'clientInHandler',
          line: 6,
          column: 42,
          data: { client: 'https.Agent', where: 'the POST route handler' },
          suggestions: codemodSuggestion,
        },
      ],
    },
  ],
});
