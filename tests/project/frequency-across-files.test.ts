import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ProjectIndex, describeFrequency, type Frequency } from '../../src/project/index.js';

const fixture = (name: string): string => fileURLToPath(new URL(`../fixtures/projects/${name}`, import.meta.url));

/** How often the code just after `snippet` in `file` runs, by the index of `project`. */
function frequencyAfter(project: string, file: string, snippet: string): Frequency & { text: string } {
  const root = fixture(project);
  const path = `${root}/${file}`;
  const source = readFileSync(path, 'utf8');
  const offset = source.indexOf(snippet);
  if (offset < 0) throw new Error(`${snippet} is not in ${file}`);
  const index = indexes.get(root) ?? ProjectIndex.build(root, { cache: false });
  indexes.set(root, index);
  const frequency = index.frequencyOf(path, offset + snippet.length);
  return { ...frequency, text: describeFrequency(frequency, root) };
}
const indexes = new Map<string, ProjectIndex>();

describe('socket servers and DOM message events', () => {
  it("runs `net.createServer(fn)`'s callback per connection, an event, not per request", () => {
    const result = frequencyAfter(
      'index-helper-handlers',
      'src/lib/greeting.ts',
      'export function greetPeer(socket: Socket): void {',
    );
    expect(result).toMatchObject({ kind: 'repeats', repeatKind: 'event' });
    expect(result.text).toBe('runs per event: called from the net.createServer connection handler (src/relay.ts:5)');
  });

  it("runs a DOM `addEventListener('message', fn)` callback per event, not per message", () => {
    const result = frequencyAfter(
      'index-helper-handlers',
      'src/lib/channels.ts',
      'export function openChannel(channel: string): void {',
    );
    expect(result).toMatchObject({ kind: 'repeats', repeatKind: 'event' });
  });
});

describe('a helper in another file than the route that calls it', () => {
  it('runs per request when a route registered in another file reaches it', () => {
    const result = frequencyAfter('index-express', 'src/lib/clients.ts', 'export function makeClient() {');
    expect(result).toMatchObject({ kind: 'repeats', repeatKind: 'request' });
    expect(result.text).toBe(
      'runs per request: called from the POST /orders handler (src/routes/orders.ts:5) through createOrder() → OrdersService.create()',
    );
  });

  it('runs once when only start-up code calls it', () => {
    const result = frequencyAfter('index-express', 'src/lib/config.ts', 'function readSettings() {');
    expect(result).toMatchObject({ kind: 'once' });
    expect(result.text).toBe(
      'runs once: called from the start-up function bootstrap() (src/main.ts:5) through loadConfig()',
    );
  });

  it('runs per request when both start-up code and a route call it: the route wins', () => {
    const result = frequencyAfter('index-express', 'src/lib/format.ts', 'export function formatMoney(cents: number) {');
    expect(result).toMatchObject({ kind: 'repeats', repeatKind: 'request' });
    expect(result.evidence.map((e) => e.description)).toEqual(['POST /orders handler', 'calls formatMoney()']);
  });

  it('follows a module singleton (`export const orders = new OrdersService()`) and `this.` calls', () => {
    expect(frequencyAfter('index-express', 'src/services/orders.ts', 'validate(input) {').text).toBe(
      'runs per request: called from the POST /orders handler (src/routes/orders.ts:5) through createOrder() → OrdersService.create()',
    );
    expect(frequencyAfter('index-express', 'src/services/orders.ts', 'async list() {')).toMatchObject({
      kind: 'repeats',
      repeatKind: 'request',
    });
  });

  it('treats a listen callback as start-up', () => {
    expect(frequencyAfter('index-express', 'src/main.ts', 'function announce(port: number) {').text).toBe(
      'runs once: called from the listen callback (src/main.ts:9)',
    );
  });

  it('answers load for code at module level', () => {
    expect(frequencyAfter('index-express', 'src/services/orders.ts', 'export const orders = ')).toMatchObject({
      kind: 'load',
    });
  });
});

describe('a named handler registered in another file', () => {
  it('is the entry point itself, with the registration as its evidence', () => {
    const result = frequencyAfter(
      'index-express',
      'src/handlers/orders.ts',
      'export async function listOrders(req, res) {',
    );
    expect(result.text).toBe('runs per request: called from the GET /orders handler (src/routes/orders.ts:6)');
  });
});

describe('a re-export chain', () => {
  it('follows `export *` and `export { a as b } from` to the function registered under another name', () => {
    expect(
      frequencyAfter('index-reexport', 'src/lib/upload.ts', 'export async function handleUpload(ctx) {').text,
    ).toBe('runs per request: called from the POST /upload handler (src/server.ts:6)');
    expect(frequencyAfter('index-reexport', 'src/lib/store.ts', 'export async function storeFile(body) {').text).toBe(
      'runs per request: called from the POST /upload handler (src/server.ts:6) through handleUpload()',
    );
  });
});

describe('a CommonJS project', () => {
  it('follows require(), module.exports = function, exports.x = and module.exports = { … }', () => {
    expect(frequencyAfter('index-commonjs', 'lib/util.js', 'function loadItems(query) {').text).toBe(
      'runs per request: called from the GET /items handler (lib/routes.js:4) through list()',
    );
  });

  it('finds a function only the listen callback calls to run once', () => {
    expect(frequencyAfter('index-commonjs', 'lib/util.js', 'function warmUp() {')).toMatchObject({ kind: 'once' });
  });
});

describe('a CommonJS module called through what require() returns', () => {
  it("links `require('./x')()` to the function `module.exports =` assigns (without that edge: unknown, no callers)", () => {
    expect(frequencyAfter('index-commonjs-calls', 'lib/record.js', 'function record(query) {').text).toBe(
      'runs per request: called from the GET /items handler (server.js:7)',
    );
  });

  it("links `require('./x').fn()` to the function `exports.fn =` assigns (linked before that edge too)", () => {
    expect(frequencyAfter('index-commonjs-calls', 'lib/lookup.js', 'function lookUp(id) {').text).toBe(
      'runs per request: called from the GET /items handler (server.js:7)',
    );
  });

  it("links `const x = require('./x'); x()`, through a module whose `module.exports` is another's", () => {
    expect(frequencyAfter('index-commonjs-calls', 'lib/audit-impl.js', 'function audit(query) {').text).toBe(
      'runs per request: called from the GET /items handler (server.js:7)',
    );
  });

  it('takes a handler registered as what require() returns, directly or through a registration helper', () => {
    expect(frequencyAfter('index-commonjs-calls', 'lib/create-item.js', 'function createItem(req, res) {').text).toBe(
      'runs per request: called from the POST /items handler (server.js:15)',
    );
    expect(frequencyAfter('index-commonjs-calls', 'lib/delete-item.js', 'function deleteItem(req, res) {').text).toBe(
      'runs per request: called from the DELETE route handler (through onDelete()) (server.js:19)',
    );
  });
});

describe('an explicit super(…) call', () => {
  it("links a subclass constructor's super(…) to the superclass constructor (without that edge: per instance, as nothing called it)", () => {
    expect(
      frequencyAfter('index-super-calls', 'src/lib/base-reader.ts', 'constructor(protected readonly id: string) {')
        .text,
    ).toBe('runs per request: called from the GET /orders/:id handler (src/main.ts:5) through new OrderReader()');
  });
});

describe('a TypeScript `paths` alias', () => {
  it('resolves `@lib/users` through tsconfig paths to the helper a Next.js route handler calls', () => {
    expect(
      frequencyAfter('index-paths', 'src/lib/users.ts', 'export async function findUser(id: string | null) {').text,
    ).toBe('runs per request: called from the Next.js GET route handler (src/app/users/route.ts:3) through GET()');
  });
});

describe("a JavaScript project's jsconfig.json `paths`", () => {
  it('resolves `@lib/users` through jsconfig paths as through tsconfig paths', () => {
    expect(frequencyAfter('index-jsconfig', 'src/lib/users.js', 'export async function findUser(id) {').text).toBe(
      'runs per request: called from the Next.js GET route handler (src/app/users/route.js:3) through GET()',
    );
  });
});

describe('a workspace package', () => {
  it('resolves `@acme/core` to the package source even when its main points to an unbuilt dist/', () => {
    expect(
      frequencyAfter('index-workspace', 'packages/core/src/db.ts', 'export function connect(url: string) {').text,
    ).toBe('runs per request: called from the GET /health handler (packages/api/src/server.ts:5)');
  });
});

describe('a cycle', () => {
  it('ends where each function is reached the first time, and keeps start-up as the answer', () => {
    expect(frequencyAfter('index-cycle', 'src/pong.ts', 'export function pong(n: number) {').text).toBe(
      'runs once: called from the module top level (src/main.ts:3) through ping()',
    );
  });

  it('answers unknown for functions reached only from each other', () => {
    const result = frequencyAfter('index-cycle', 'src/pong.ts', 'function left(n: number) {');
    expect(result.kind).toBe('unknown');
    expect(result.text).toMatch(/^how often it runs is unknown: left: reached only through a cycle/);
  });
});

describe('a library with no callers', () => {
  it('answers unknown for its public API and names the function nothing calls', () => {
    const result = frequencyAfter('index-library', 'src/index.js', 'function createLookup(load) {');
    expect(result.kind).toBe('unknown');
    expect(result.text).toBe(
      'how often it runs is unknown: createLookup() has no callers in the project (src/index.js:3)',
    );
  });

  it('carries unknown down to what the public API calls', () => {
    expect(frequencyAfter('index-library', 'src/memoise.js', 'const cache = new Map();').text).toBe(
      'how often it runs is unknown: createLookup() has no callers in the project (src/index.js:3)',
    );
  });

  it('is unknown in an application too when an export has no callers', () => {
    expect(frequencyAfter('index-express', 'src/lib/legacy.ts', 'function normalise(row) {')).toMatchObject({
      kind: 'unknown',
    });
  });
});

describe('queues, events, timers, loops and NestJS', () => {
  it('knows a bullmq Worker processor runs per job', () => {
    expect(frequencyAfter('index-runners', 'src/tasks.ts', 'export async function sendEmail(job) {').text).toBe(
      'runs per job: called from the bullmq Worker processor (src/worker.ts:5)',
    );
  });

  it('knows a Bull queue processor passed by name runs per job', () => {
    expect(frequencyAfter('index-runners', 'src/tasks.ts', 'export async function resizeImage(job) {').text).toBe(
      'runs per job: called from the queue processor (src/images.ts:5)',
    );
  });

  it('knows an event listener runs per event and an interval callback per tick', () => {
    expect(frequencyAfter('index-runners', 'src/tasks.ts', 'export function onOrderPlaced(order) {')).toMatchObject({
      kind: 'repeats',
      repeatKind: 'event',
    });
    expect(frequencyAfter('index-runners', 'src/tasks.ts', 'export async function refreshRates() {')).toMatchObject({
      kind: 'repeats',
      repeatKind: 'timer',
    });
  });

  it("does not count a listener on an event that fires once (`'ready'`) as repeating", () => {
    // As often as its registration: the index leaves it to the file's own judgement.
    expect(frequencyAfter('index-runners', 'src/tasks.ts', 'export function openWindows() {').kind).not.toBe('repeats');
  });

  it("does not count a server's 'error' right after listen(…) as repeating, but its 'clientError'", () => {
    expect(frequencyAfter('index-runners', 'src/tasks.ts', 'export function relaySignals() {').kind).not.toBe(
      'repeats',
    );
    expect(frequencyAfter('index-runners', 'src/tasks.ts', 'export function logClientError() {')).toMatchObject({
      kind: 'repeats',
      repeatKind: 'event',
    });
  });

  it('knows a call in a pass over a list in start-up code runs once (once per element of a fixed set)', () => {
    expect(frequencyAfter('index-runners', 'src/tasks.ts', 'export function connectTenant(name: string) {').text).toBe(
      'runs once: called from the module top level (src/worker.ts:13)',
    );
  });

  it('follows a NestJS route method to the injected service (constructor parameter type)', () => {
    expect(frequencyAfter('index-runners', 'src/orders.controller.ts', 'place(dto) {').text).toBe(
      'runs per request: called from the @Post() OrdersController.create (src/orders.controller.ts:22)',
    );
  });

  it('treats an @Injectable() provider constructor as start-up, and what it calls as once', () => {
    expect(frequencyAfter('index-runners', 'src/orders.controller.ts', 'prepare() {').text).toBe(
      'runs once: called from the @Injectable() OrdersService (src/orders.controller.ts:5) through new OrdersService()',
    );
  });

  it("treats a singleton's NestJS lifecycle hook as start-up, and the injected service it calls as once", () => {
    expect(
      frequencyAfter('index-nest-services', 'src/icons/icons.service.ts', 'async refresh(file: Buffer) {').text,
    ).toBe('runs once: called from the NestJS lifecycle hook IconsWarmup.onModuleInit (src/icons/icons.warmup.ts:8)');
  });

  it('treats the constructor of a request-scoped provider (`scope: Scope.REQUEST`) as per request', () => {
    expect(frequencyAfter('index-nest-services', 'src/audit/audit.service.ts', 'stamp() {').text).toBe(
      'runs per request: called from the @Injectable() RequestAudit (src/audit/audit.service.ts:16) through new RequestAudit()',
    );
  });

  it('takes no lifecycle hook of a request-scoped provider for start-up: NestJS calls none there', () => {
    expect(frequencyAfter('index-nest-services', 'src/audit/audit.service.ts', 'open() {').kind).toBe('unknown');
  });
});

describe('a cluster worker started by a message from the primary', () => {
  it("treats `process.on('message')` under a `cluster.isPrimary` branch as start-up, not per message", () => {
    const result = frequencyAfter(
      'index-cluster',
      'src/server.ts',
      'export async function startServer(first: boolean) {',
    );
    expect(result).toMatchObject({ kind: 'once' });
    expect(result.text).toBe(
      "runs once: called from the cluster worker's start-up 'message' handler (src/start.ts:10)",
    );
  });

  it("keeps a forked worker pool's `process.on('message')` per message when nothing says cluster", () => {
    const result = frequencyAfter('index-cluster', 'src/resize.ts', 'export async function resize(path: string) {');
    expect(result).toMatchObject({ kind: 'repeats', repeatKind: 'message' });
    expect(result.text).toBe("runs per message: called from the 'message' event handler (src/pool-child.ts:4)");
  });
});

describe('class field initializers', () => {
  it('run as often as the class is built: per request for a class a route builds', () => {
    expect(frequencyAfter('index-field-initializers', 'src/lib/reader.ts', 'private table = ').text).toBe(
      'runs per request: called from the GET /items/:id handler (src/main.ts:10)',
    );
  });

  it('make what they call run per request too, through the constructor, not once from the module top level', () => {
    expect(
      frequencyAfter('index-field-initializers', 'src/lib/overlay.ts', 'constructor(private readonly base: string) {')
        .text,
    ).toBe('runs per request: called from the GET /items/:id handler (src/main.ts:10) through new Reader()');
  });

  it('run once for the same class built once at start-up', () => {
    expect(frequencyAfter('index-field-initializers', 'src/lib/catalog.ts', 'private names = ').text).toBe(
      'runs once: called from the module top level (src/main.ts:7)',
    );
  });

  it('stay at load for a static field initializer and a static block: they run when the class is defined', () => {
    expect(frequencyAfter('index-field-initializers', 'src/lib/defaults.ts', 'static shared = ')).toMatchObject({
      kind: 'load',
    });
    expect(frequencyAfter('index-field-initializers', 'src/lib/defaults.ts', "    process.on('warning'")).toMatchObject(
      { kind: 'load' },
    );
  });

  it("keep `new Derived()` reaching Base's constructor when Derived writes none but has a field initializer", () => {
    expect(frequencyAfter('index-field-initializers', 'src/lib/shapes.ts', 'this.sides = [];').text).toBe(
      'runs per request: called from the GET /items/:id handler (src/main.ts:10) through new Square()',
    );
    expect(frequencyAfter('index-field-initializers', 'src/lib/shapes.ts', 'readonly corners = ')).toMatchObject({
      kind: 'repeats',
      repeatKind: 'request',
    });
  });
});
