import rule from '../../rules/no-client-in-loop.js';
import { typedRuleTester } from '../helpers/rule-tester.js';

// A name only allowDefaultProject covers (file.ts is also in the fixture tsconfig, which the project service refuses).
// Relative to the typed tester's root, its cwd: an absolute path would be judged from `/`, inside tests/.
const filename = 'clients.ts';

// A connection class from no package in the catalogue: only its type says it must be closed.
const connection = `class Connection { constructor(readonly url: string) {} query(sql: string) { return sql; } close() {} }\n`;
const lease = `class Lease { shutdown(): Promise<void> { return Promise.resolve(); } }\n`;
// Stream-like: can be destroyed, but one per item is how streams work.
const stream = `class Chunked { pipe(to: unknown) { return to; } destroy() {} }\n`;

typedRuleTester.run('no-client-in-loop (typeAware)', rule, {
  valid: [
    {
      code: `${connection}export function f(urls: string[]) { for (const u of urls) new Connection(u).query('x'); }`,
      options: [{ clients: [], typeAware: false, reportClosed: false }],
      filename,
    },
    // Values without close/destroy/end/…: URL, Date, Map.
    {
      code: `export function f(ps: string[]) { for (const p of ps) { new URL(p, 'http://x'); new Date(); new Map(); } }`,
      options: [{ clients: [], typeAware: true, reportClosed: false }],
      filename,
    },
    {
      code: `${stream}export function f(xs: string[]) { for (const x of xs) new Chunked().pipe(x); }`,
      options: [{ clients: [], typeAware: true, reportClosed: false }],
      filename,
    },
    // Closed in the same iteration.
    {
      code: `${connection}export function f(urls: string[]) { for (const u of urls) { const c = new Connection(u); c.query('x'); c.close(); } }`,
      options: [{ clients: [], typeAware: true, reportClosed: false }],
      filename,
    },
  ],
  invalid: [
    {
      code: `${connection}export function f(urls: string[]) { for (const u of urls) new Connection(u).query('x'); }`,
      options: [{ clients: [], typeAware: true, reportClosed: false }],
      filename,
      errors: [{ messageId: 'clientInLoop', data: { client: 'Connection', where: 'a for...of loop' } }],
    },
    {
      code: `${lease}export function f(xs: string[]) { xs.forEach(() => { const l = new Lease(); void l; }); }`,
      options: [{ clients: [], typeAware: true, reportClosed: false }],
      filename,
      errors: [{ messageId: 'clientInLoop', data: { client: 'Lease', where: 'a `forEach` callback' } }],
    },
  ],
});
