import { describe, expect, it } from 'vitest';
import { parseForAnalysis, runDetector } from '../../../src/core/parse.js';
import {
  createClientConstructionDetector,
  DEFAULT_CLIENT_OPTIONS,
} from '../../../src/families/clients/construction.js';
import type { ClientFinding } from '../../../src/families/clients/types.js';
import { CLIENT_EXEMPTIONS, clientExemptionsFor } from '../../../src/families/clients/exemptions.js';
import { sparedBy } from '../../helpers/exemptions.js';

const pg = `import { Pool, Client } from 'pg';\n`;

function findingsOf(code: string, filename = 'file.ts'): ClientFinding[] {
  return runDetector(parseForAnalysis(code, filename), createClientConstructionDetector, DEFAULT_CLIENT_OPTIONS);
}

/** "getter", "loop", "handler" or "closed handler"… for each finding, in source order. */
const summary = (code: string, filename?: string): string[] =>
  findingsOf(code, filename).map((f) => `${f.closed ? 'closed ' : ''}${f.placement.kind}: ${f.client}`);

describe('client-construction detector: placement', () => {
  it('finds getter, loop, iteration-callback and handler constructions, and nothing at module level', () => {
    const code = `${pg}const shared = new Pool();
export class Repo { get pool() { return new Pool(); } }
export function each(ids) { for (const id of ids) new Client().query(id); }
export function all(ids) { return Promise.all(ids.map(async (id) => { const c = new Client(); await c.query(id); })); }
app.get('/x', async () => { const p = new Pool(); await p.query('x'); });`;
    expect(summary(code)).toEqual(['getter: Pool', 'loop: Client', 'loop: Client', 'handler: Pool']);
  });

  it('says where: the getter and its class, the kind of loop, the handler and a loop inside it', () => {
    const code = `${pg}export class Repo { static get pool() { return new Pool(); } }
export function f(ids) { do { new Client().query(1); } while (ids.length); }
router.post('/batch', async (req) => { for (const id of req.body) { await new Pool().query(id); } });`;
    expect(findingsOf(code).map((f) => f.placement.where)).toEqual([
      'static getter `pool` of class `Repo`',
      'a do...while loop',
      'the POST route handler (inside a for...of loop)',
    ]);
  });

  it('gives a getter precedence over a handler around it, and a handler over a loop inside it', () => {
    const code = `${pg}app.get('/x', (req, res) => {\n  const o = { get pool() { return new Pool(); } };\n  for (const i of req.body) new Client().query(i);\n});`;
    expect(summary(code)).toEqual(['getter: Pool', 'handler: Client']);
  });
});

describe('client-construction detector: what becomes of the client', () => {
  it.each([
    ['memoized with ??=', `let p;\napp.get('/x', () => { p ??= new Pool(); });`],
    ['memoized behind a guard', `let p;\napp.get('/x', () => { if (!p) p = new Pool(); });`],
    ['kept in a Map', `const m = new Map();\nfor (const db of dbs) m.set(db, new Pool({ database: db }));`],
    ['kept under a computed key', `const m = {};\nfor (const db of dbs) { const p = new Pool(); m[db] = p; }`],
    ['returned from a map callback', `export const pools = dbs.map((db) => new Pool({ database: db }));`],
    [
      'wrapped by another client',
      `import { DynamoDBClient } from '@aws-sdk/client-dynamodb';\nimport { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';\nexport const f = (ids) => ids.map(() => DynamoDBDocumentClient.from(new DynamoDBClient({})));`,
    ],
  ])('is not a finding when %s', (_, body) => {
    expect(findingsOf(`${pg}${body}`)).toEqual([]);
  });

  it.each([
    [
      'end() in finally',
      `for (const d of dbs) { const c = new Client(); try { await c.query('x'); } finally { await c.end(); } }`,
    ],
    ['await using', `for (const d of dbs) { await using c = new Client(); await c.query('x'); }`],
    ['a direct close', `for (const d of dbs) { await new Pool().end(); }`],
  ])('marks a client closed in the same iteration: %s', (_, body) => {
    const [finding] = findingsOf(`${pg}export async function f(dbs) { ${body} }`);
    expect(finding?.closed).toBe(true);
  });

  it('records the declarator that holds the client and whether it is awaited', () => {
    const [finding] = findingsOf(
      `import mysql from 'mysql2/promise';\nexport const handler = async () => { const db = await mysql.createConnection({}); return db.query('x'); };`,
    );
    expect(finding?.declarator?.id).toMatchObject({ name: 'db' });
    expect(finding?.awaited).toBe(true);
    expect(finding?.kind).toBe('factory');
  });
});

describe('client-construction detector: spared sites', () => {
  it('records each spared construction with the first exemption that applies, in source order', () => {
    const code = `import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { Worker } from 'bullmq';
${pg}
export class Repo {
  get docs() {
    return (this.#docs ??= DynamoDBDocumentClient.from(new DynamoDBClient({})));
  }
}
const pools = new Map();
for (const db of dbs) pools.set(db, new Pool({ database: db }));
for (const queue of queues) new Worker(queue, process);
app.get('/x', () => new Pool().query('x'));
`;
    expect(sparedBy(createClientConstructionDetector, DEFAULT_CLIENT_OPTIONS, code)).toEqual([
      'memoized',
      'owned-by-client',
      'kept',
      'started-as-statement',
    ]);
  });

  it('spares a client built from the loop element only in a test or script', () => {
    const code = `import { Client } from 'pg';
export async function check(server) {
  for (const { address, port } of server.addresses()) {
    await new Client({ host: address, port }).query('select 1');
  }
}
`;
    expect(sparedBy(createClientConstructionDetector, DEFAULT_CLIENT_OPTIONS, code, 'test/server.test.js')).toEqual([
      'per-element-in-short-lived-file',
    ]);
    expect(sparedBy(createClientConstructionDetector, DEFAULT_CLIENT_OPTIONS, code, 'src/health.js')).toEqual([]);
  });

  it('lists only the exemptions that can spare each rule, in table order', () => {
    expect(clientExemptionsFor('getter').map((e) => e.name)).toEqual([
      'memoized',
      'owned-by-client',
      'kept',
      'closes-when-idle',
      'only-presigns',
      'shares-transport',
      'closes-after-use',
    ]);
    expect(clientExemptionsFor('loop').map((e) => e.name)).toEqual(
      CLIENT_EXEMPTIONS.map((e) => e.name).filter((name) => name !== 'returned-by-service'),
    );
    expect(clientExemptionsFor('handler').map((e) => e.name)).toEqual([
      'memoized',
      'owned-by-client',
      'kept',
      'returned-by-service',
      'closes-when-idle',
      'only-presigns',
      'shares-transport',
      'closes-after-use',
    ]);
  });
});
