import { describe, expect, it } from 'vitest';
import { buildGraph } from '../../src/project/call-graph.js';
import { extractFacts } from '../../src/project/extract.js';

const entriesOf = (code: string, file = 'src/app.ts') =>
  extractFacts(file, code).entries.map((e) => [e.description, e.kind, e.repeatKind ?? null]);

describe('function names in evidence', () => {
  it('names functions by declaration, variable, method, property, export and module.exports', () => {
    const facts = extractFacts(
      'src/a.js',
      `
        function declared() {}
        const assigned = () => {};
        class Service { run() {} }
        const handlers = { onClose() {} };
        export default function () {}
        module.exports = function () {};
        exports.named = function () {};
      `,
    );
    expect(facts.functions.map((fn) => fn.name)).toEqual([
      'declared',
      'assigned',
      'Service.run',
      'onClose',
      'default export',
      'module.exports',
      'named',
    ]);
  });
});

describe('registrations', () => {
  it('sees through wrappers around a route handler (`asyncHandler(async (req, res) => …)`)', () => {
    expect(
      entriesOf(`
        router.get('/users/:id', asyncHandler(async (req, res) => {
          res.json(await load(req.params.id));
        }));
      `),
    ).toEqual([['GET /users/:id handler', 'repeats', 'request']]);
  });

  it("leaves a client's error-first completion callback alone (`api.get(url, (err, data) => …)`)", () => {
    expect(entriesOf(`api.get('/users', (err, data) => console.log(err, data));`)).toEqual([]);
  });

  it('reads fastify/hapi route options, kafkajs eachMessage and server factories', () => {
    expect(
      entriesOf(`
        server.route({ method: 'POST', path: '/orders', handler: createOrder });
        consumer.run({ eachMessage: async ({ message }) => handle(message) });
        http.createServer((req, res) => res.end());
        program.command('sync').action(async () => sync());
      `),
    ).toEqual([
      ['POST /orders handler', 'repeats', 'request'],
      ['kafkajs eachMessage callback', 'repeats', 'message'],
      ['createServer request handler', 'repeats', 'request'],
      ['CLI command action', 'once', null],
    ]);
  });

  it("reads a Nitro plugin's per-request hooks, and only those", () => {
    expect(
      entriesOf(`
export default defineNitroPlugin((nitroApp) => {
  nitroApp.hooks.hook('request', onRequest);
  nitroApp.hooks.hook('afterResponse', (event) => event);
  nitroApp.hooks.hook('close', shutDown);
});`),
    ).toEqual([
      ["Nitro request hook for 'request'", 'repeats', 'request'],
      ["Nitro request hook for 'afterResponse'", 'repeats', 'request'],
    ]);
  });

  it('reads route-module exports by path: Next.js, Remix, SvelteKit', () => {
    expect(
      entriesOf('export async function POST(request) { return new Response(); }', 'app/api/orders/route.ts'),
    ).toEqual([['Next.js POST route handler', 'repeats', 'request']]);
    expect(entriesOf('export async function loader() { return null; }', 'app/routes/orders.tsx')).toEqual([
      ['Remix loader route handler', 'repeats', 'request'],
    ]);
    expect(entriesOf('export const GET = async () => new Response();', 'src/routes/api/+server.ts')).toEqual([
      ['SvelteKit GET route handler', 'repeats', 'request'],
    ]);
    expect(entriesOf('export async function POST(request) { return new Response(); }', 'src/lib/orders.ts')).toEqual(
      [],
    );
  });
});

describe('route and Lambda exports a wrapper builds (set 26: a Next.js GET wrapped in withAuth)', () => {
  it('takes the function the wrapper hands on as the handler', () => {
    expect(
      entriesOf(
        "export const GET = withAuth('email-stream', async (request) => new Response());",
        'app/api/email-stream/route.ts',
      ),
    ).toEqual([['Next.js GET route handler', 'repeats', 'request']]);
    expect(entriesOf('export const handler = middy(async (event) => event).use(cors());', 'src/lambda.ts')).toEqual([
      ['AWS Lambda handler', 'repeats', 'request'],
    ]);
    expect(
      entriesOf(
        'async function handler(req, res) { res.end(); }\nexport default withSentry(withAuth(handler));',
        'pages/api/x.ts',
      ),
    ).toEqual([['Next.js API default route handler', 'repeats', 'request']]);
  });

  it('names the wrapped function as the entry; a wrapper given no function stays unknown, and outside a route module nothing', () => {
    const facts = extractFacts(
      'app/api/x/route.ts',
      'export const POST = withAuth({ role: "admin" }, async function post(request) {});',
    );
    expect(facts.entries[0]!.target).toEqual({ k: 'fn', i: facts.functions.findIndex((fn) => fn.name === 'post') });
    expect(extractFacts('app/api/x/route.ts', 'export const GET = withAuth(options);').entries[0]!.target).toEqual({
      k: 'unknown',
    });
    expect(entriesOf('export const GET = withAuth(async (request) => new Response());', 'src/lib/auth.ts')).toEqual([]);
  });
});

describe('offsets', () => {
  it('counts offsets without the BOM, as ESLint does', () => {
    const code = 'function f() {}\n';
    expect(extractFacts('a.js', `\uFEFF${code}`).functions[0]).toMatchObject({
      start: 0,
      end: code.indexOf('}') + 1,
      line: 1,
    });
  });

  it('keeps what it can of a file that does not parse, and says why', () => {
    const facts = extractFacts('a.ts', 'function ok() {}\nconst = ;\n');
    expect(facts.parseError).toBeDefined();
  });
});

describe('linking plain-object facts', () => {
  it("never takes Object.prototype's members for a class's methods (`new this.constructor()`, found in knex)", () => {
    const facts = [
      extractFacts(
        'src/query.js',
        `
          class Query {
            clone() { return new this.constructor(); }
            describe() { return this.valueOf() + this.members.toString(); }
          }
          new Query().clone();
        `,
      ),
    ];
    const graph = buildGraph(['src/query.js'], facts, () => undefined);
    const targets = graph.edges.flat().map((edge) => edge.to);
    expect(targets.every((to) => Number.isInteger(to) && to < graph.nodeCount)).toBe(true);
  });
});

describe('how an argument is written in evidence', () => {
  const whyOf = (argument: string): string | undefined => {
    const [call] = extractFacts('src/a.ts', `function save(x) {}\nsave(${argument});\n`).calls;
    const origin = call?.args?.[0];
    return origin && 'why' in origin ? origin.why : undefined;
  };

  it('shows the start of a long expression, its white space collapsed', () => {
    const entries = Array.from({ length: 40 }, (_, i) => `  key${i}: ${i},`).join('\n');
    expect(whyOf(`{\n${entries}\n}`)).toBe('the object { key0: 0, key1: 1, key2: 2, key3: 3, key4: 4…');
  });

  it('shows an expression whole when only white space makes it long', () => {
    expect(whyOf(`{${' '.repeat(300)}\n  id: 1, kind: 2 }`)).toBe('the object { id: 1, kind: 2 }');
  });
});

describe('instance field initializers', () => {
  const code = (ctor: string) => `
    function fill() { return []; }
    function load() { return {}; }
    class Base { constructor() {} }
    @Injectable()
    class Cache extends Base {
      private table = fill();
      static shared = load();
      ${ctor}
    }
  `;
  const callsOf = (facts: ReturnType<typeof extractFacts>) =>
    facts.calls
      .map((call) => [call.from < 0 ? 'module top level' : facts.functions[call.from]!.name, call.line])
      .sort((a, b) => Number(a[1]) - Number(b[1]));

  it('are called from the constructor the class writes; a static initializer stays at the module top level', () => {
    const facts = extractFacts('src/cache.ts', code('constructor() { super(); }'));
    // Line 9: `super()` constructs Base.
    expect(callsOf(facts)).toEqual([
      ['Cache constructor', 7],
      ['module top level', 8],
      ['Cache constructor', 9],
    ]);
    const ctor = facts.functions.find((fn) => fn.name === 'Cache constructor')!;
    expect(ctor.implicit).toBeUndefined();
    expect(ctor.initializers).toHaveLength(1);
  });

  it("are called from a constructor fact standing for the implicit one, which constructs the superclass and is the container's to build", () => {
    const facts = extractFacts('src/cache.ts', code(''));
    const ctor = facts.functions.findIndex((fn) => fn.name === 'Cache constructor');
    // At the class's line (its decorator's): it has no code of its own.
    expect(facts.functions[ctor]).toMatchObject({ implicit: true, line: 5 });
    expect(facts.classes.find((cls) => cls.name === 'Cache')!.ctor).toBe(ctor);
    expect(callsOf(facts)).toEqual([
      ['Cache constructor', 5],
      ['Cache constructor', 7],
      ['module top level', 8],
    ]);
    expect(facts.calls.find((call) => call.line === 5)).toMatchObject({ isNew: true, callee: { k: 'class' } });
    expect(entriesOf(code(''))).toEqual([['@Injectable() Cache', 'once', null]]);
  });

  it('add no constructor to a class whose fields hold only functions or nothing', () => {
    const facts = extractFacts('src/a.ts', 'class Handlers { onClose = () => {}; count: number; }');
    expect(facts.functions.map((fn) => fn.name)).toEqual(['Handlers.onClose']);
    expect(facts.classes[0]!.ctor).toBeUndefined();
  });
});

describe("a `new`'s arguments that are the module's own objects", () => {
  it('names imports and module-level objects made once, not locals, parameters, reassigned names or functions', () => {
    const facts = extractFacts(
      'src/a.js',
      `
        import { bus } from './bus.js';
        import { Relay, relay } from './relay.js';
        const { hub } = require('./hub');
        const emitter = new EventEmitter();
        let current = new EventEmitter();
        current = new EventEmitter();
        function handler() {}
        function connect(socket) {
          const local = new EventEmitter();
          new Relay(bus, hub, emitter, current, handler, socket, local);
          relay(bus, hub);
        }
      `,
    );
    const at = (line: number) => facts.calls.find((call) => call.line === line);
    expect(at(11)).toMatchObject({ isNew: true, moduleArgs: [0, 1, 2] });
    expect(at(12)).toMatchObject({ isNew: false });
    expect(at(12)?.moduleArgs).toBeUndefined();
  });
});
