import { Linter } from 'eslint';
import { describe, expect, it } from 'vitest';
import rule from '../../rules/no-client-in-getter.js';
import plugin from '../../src/index.js';
import { createClientConstructionDetector } from '../../src/families/clients/construction.js';
import { checkExemptions } from '../helpers/exemptions.js';
import { detectorOptions } from '../helpers/client-rules.js';
import { codemodSuggestion, ruleTester } from '../helpers/rule-tester.js';

const s3 = `import { S3Client } from '@aws-sdk/client-s3';
`;

ruleTester.run('no-client-in-getter', rule, {
  valid: checkExemptions(
    [
      // An axios instance with no agent of its own shares the global one: a config object, not a client.
      {
        code: `import axios from 'axios';
export class Api { get http() { return axios.create({ baseURL }); } }`,
      },
      // SDK clients that send through a transport their package keeps once per process: a new one per
      // read holds no socket of its own (aws-sdk v2, Azure Storage, Cloud Storage).
      {
        code: `import AWS from 'aws-sdk';
export class Store { get s3() { return new AWS.S3(); } }`,
        exemptBy: 'shares-transport',
      },
      {
        code: `import S3 from 'aws-sdk/clients/s3';
export class Store { get s3() { return new S3({ region: 'eu-west-1' }); } }`,
        exemptBy: 'shares-transport',
      },
      {
        code: `import { BlobServiceClient } from '@azure/storage-blob';
export class Blobs { get service() { return BlobServiceClient.fromConnectionString(conn); } }`,
        exemptBy: 'shares-transport',
      },
      {
        code: `import { QueueServiceClient } from '@azure/storage-queue';
export class Queues { get service() { return new QueueServiceClient(url, credential); } }`,
        exemptBy: 'shares-transport',
      },
      {
        code: `import { Storage } from '@google-cloud/storage';
export class Files { get storage() { return new Storage({ projectId }); } }`,
        exemptBy: 'shares-transport',
      },
      // Built once at module scope, or once per instance in the constructor.
      {
        code: `${s3}const client = new S3Client({});
export class Store { get client() { return client; } }`,
      },
      {
        code: `${s3}export class Store {
  #client;
  constructor() { this.#client = new S3Client({}); }
  get client() { return this.#client; }
}`,
      },
      // Memoized getters: ??=, ||=, a guard on the field, an early return, a closure variable.
      {
        code: `${s3}export class Store {
  #client;
  get client() { return (this.#client ??= new S3Client({})); }
}`,
        exemptBy: 'memoized',
      },
      {
        code: `${s3}export class Store {
  get client() { return this._client || (this._client = new S3Client({})); }
}`,
        exemptBy: 'memoized',
      },
      {
        code: `${s3}export class Store {
  get client() {
    if (!this._client) this._client = new S3Client({});
    return this._client;
  }
}`,
        exemptBy: 'memoized',
      },
      {
        code: `${s3}export class Store {
  get client() {
    if (this._client) return this._client;
    this._client = new S3Client({});
    return this._client;
  }
}`,
        exemptBy: 'memoized',
      },
      {
        code: `${s3}let shared;
export const store = { get client() { return (shared ??= new S3Client({})); } };`,
        exemptBy: 'memoized',
      },
      // Kept per key in a cache the getter reads first.
      {
        code: `${s3}export class Store {
  clients = new Map();
  get client() {
    let c = this.clients.get(this.region);
    if (!c) { c = new S3Client({ region: this.region }); this.clients.set(this.region, c); }
    return c;
  }
}`,
        exemptBy: 'memoized',
      },
      // A local class that merely shares the name is not a client.
      {
        code: `class S3Client {}
export class Store { get client() { return new S3Client(); } }`,
      },
      {
        code: `import { S3Client } from './fake-s3.js';
export class Store { get client() { return new S3Client(); } }`,
      },
      // Non-client values built in getters.
      {
        code: `export class Job { get startedAt() { return new Date(this.started); } get url() { return new URL(this.path, base); } }`,
      },
      // A type-only import has no value to build.
      {
        code: `import type { S3Client } from '@aws-sdk/client-s3';
declare const Make: new () => S3Client;
export class Store { get client() { return new Make(); } }`,
      },
      // A setter or a plain method is not a getter (the handler and loop rules look at their callers' shapes).
      { code: `${s3}export class Store { set region(r) { this.c = new S3Client({ region: r }); } }` },
      { code: `${s3}export class Store { makeClient() { return new S3Client({}); } }` },
    ],
    createClientConstructionDetector,
    detectorOptions,
  ),
  invalid: [
    // The suggestion is the memoize-client codemod's rewrite: a private field filled once.
    {
      filename: 'storage.js',
      code: `import { S3Client } from '@aws-sdk/client-s3';

export class Storage {
  get client() {
    return new S3Client({ region: 'eu-west-1' });
  }
}
`,
      errors: [
        {
          messageId: 'clientInGetter',
          data: { client: 'S3Client', where: 'getter `client` of class `Storage`' },
          line: 5,
          column: 12,
          suggestions: [
            {
              messageId: 'keepClient',
              data: { client: 'S3Client' },
              output: `import { S3Client } from '@aws-sdk/client-s3';

export class Storage {
  #client;
  get client() {
    return (this.#client ??= new S3Client({ region: 'eu-west-1' }));
  }
}
`,
            },
          ],
        },
      ],
    },
    // AWS SDK v3's aggregated client, named after the service.
    {
      code: `import { S3 } from '@aws-sdk/client-s3';
export class StorageWorker {
  get client() {
    return new S3({ region: 'us-east-1' });
  }
}`,
      errors: [
        {
          messageId: 'clientInGetter',
          column: 12,
          data: { client: 'S3', where: 'getter \`client\` of class \`StorageWorker\`' },
          line: 4,
          suggestions: codemodSuggestion,
        },
      ],
    },
    {
      code: `${s3}export class StorageWorker {
  get client() {
    return new S3Client({ region: 'us-east-1' });
  }
}`,
      errors: [
        {
          messageId: 'clientInGetter',
          column: 12,
          data: { client: 'S3Client', where: 'getter `client` of class `StorageWorker`' },
          line: 4,
          suggestions: codemodSuggestion,
        },
      ],
    },
    // Object literal getters, static getters, Object.defineProperty descriptors.
    {
      code: `import { Pool } from 'pg';
export const db = { get pool() { return new Pool(); } };`,
      errors: [
        {
          messageId: 'clientInGetter',
          line: 2,
          column: 41,
          data: { client: 'Pool', where: 'getter `pool` of an object literal' },
          suggestions: codemodSuggestion,
        },
      ],
    },
    {
      code: `import Redis from 'ioredis';
export class Cache { static get redis() { return new Redis(); } }`,
      errors: [
        {
          messageId: 'clientInGetter',
          line: 2,
          column: 50,
          data: { client: 'Redis', where: 'static getter `redis` of class `Cache`' },
          suggestions: codemodSuggestion,
        },
      ],
    },
    {
      code: `const { PrismaClient } = require('@prisma/client');
Object.defineProperty(exports, 'db', { get() { return new PrismaClient(); } });`,
      errors: [
        {
          messageId: 'clientInGetter',
          line: 2,
          column: 55,
          data: { client: 'PrismaClient', where: 'getter `db` defined with Object.defineProperty' },
          suggestions: codemodSuggestion,
        },
      ],
    },
    // Import shapes: namespace, default + member, renamed, require, inline require, node: prefix.
    {
      code: `import * as pg from 'pg';
export class Repo { get pool() { return new pg.Pool(); } }`,
      errors: [
        {
          messageId: 'clientInGetter',
          line: 2,
          column: 41,
          data: { client: 'pg.Pool', where: 'getter `pool` of class `Repo`' },
          suggestions: codemodSuggestion,
        },
      ],
    },
    {
      code: `import { S3Client as S3 } from '@aws-sdk/client-s3';
export class Store { get s3() { return new S3({}); } }`,
      errors: [
        {
          messageId: 'clientInGetter',
          line: 2,
          column: 40,
          data: { client: 'S3', where: 'getter `s3` of class `Store`' },
          suggestions: codemodSuggestion,
        },
      ],
    },
    {
      code: `export class Fetcher { get agent() { return new (require('node:https').Agent)({ keepAlive: true }); } }`,
      errors: [
        {
          messageId: 'clientInGetter',
          data: { client: "require('node:https').Agent", where: 'getter `agent` of class `Fetcher`' },
          line: 1,
          column: 45,
          suggestions: codemodSuggestion,
        },
      ],
    },
    {
      code: `const mysql = require('mysql2');
export class Repo { get db() { return mysql.createPool({}); } }`,
      errors: [
        {
          messageId: 'clientInGetter',
          line: 2,
          column: 39,
          data: { client: 'mysql.createPool()', where: 'getter `db` of class `Repo`' },
          suggestions: codemodSuggestion,
        },
      ],
    },
    {
      // The agent an axios instance is given holds the sockets: it is what is reported.
      code: `import https from 'node:https';
import axios from 'axios';
export class Api { get http() { return axios.create({ baseURL, httpsAgent: new https.Agent({ keepAlive: true }) }); } }`,
      errors: [
        {
          messageId: 'clientInGetter',
          line: 3,
          column: 76,
          data: { client: 'https.Agent', where: 'getter `http` of class `Api`' },
        },
      ],
    },
    // An Azure client outside Storage may own its connection (Service Bus keeps an AMQP link): reported.
    {
      code: `import { ServiceBusClient } from '@azure/service-bus';
export class Bus { get client() { return ServiceBusClient.fromConnectionString(conn); } }`,
      errors: [
        {
          messageId: 'clientInGetter',
          line: 2,
          column: 42,
          data: { client: 'ServiceBusClient.fromConnectionString()', where: 'getter `client` of class `Bus`' },
          suggestions: codemodSuggestion,
        },
      ],
    },
    // The document client owns the client it wraps: one report, at the outer factory.
    {
      code: `import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
export class Repo { get docs() { return DynamoDBDocumentClient.from(new DynamoDBClient({})); } }`,
      errors: [
        {
          messageId: 'clientInGetter',
          line: 3,
          column: 41,
          data: { client: 'DynamoDBDocumentClient.from()', where: 'getter `docs` of class `Repo`' },
          suggestions: codemodSuggestion,
        },
      ],
    },
    // Stored in a field on every access without a guard: still one client per read.
    {
      code: `${s3}export class Store { get client() { this._client = new S3Client({}); return this._client; } }`,
      errors: [
        {
          messageId: 'clientInGetter',
          data: { client: 'S3Client', where: 'getter `client` of class `Store`' },
          line: 2,
          column: 52,
          suggestions: codemodSuggestion,
        },
      ],
    },
    // The clients option adds a package's exports.
    {
      code: `import { Client } from 'my-sdk';
export class Api { get sdk() { return new Client(); } }`,
      options: [{ clients: [{ package: 'my-sdk', exports: ['Client'] }], typeAware: false }],
      errors: [
        {
          messageId: 'clientInGetter',
          line: 2,
          column: 39,
          data: { client: 'Client', where: 'getter `sdk` of class `Api`' },
        },
      ],
    },
  ],
});

describe('no-client-in-getter options', () => {
  it('refuses an unknown option, naming it', () => {
    const verify = () =>
      new Linter().verify(`export {};`, [
        {
          plugins: { leakproof: plugin as never },
          rules: { 'leakproof/no-client-in-getter': ['error', { bogus: 1 }] },
        },
      ]);
    expect(verify).toThrow(/bogus/);
  });

  it('refuses a clients entry without exports', () => {
    const verify = () =>
      new Linter().verify(`export {};`, [
        {
          plugins: { leakproof: plugin as never },
          rules: { 'leakproof/no-client-in-getter': ['error', { clients: [{ package: 'x' }] }] },
        },
      ]);
    expect(verify).toThrow(/exports/);
  });
});
