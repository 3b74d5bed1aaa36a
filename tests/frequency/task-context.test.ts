import type { TSESTree } from '@typescript-eslint/utils';
import { describe, expect, it } from 'vitest';
import { parseForAnalysis } from '../../src/core/parse.js';
import { enclosingFunction } from '../../src/core/ast.js';
import { describeFunction } from '../../src/frequency/describe-function.js';
import { repeatedRunOf } from '../../src/frequency/repeated-run.js';
import { runsOnce } from '../../src/frequency/runs-once.js';
import { forEachDescendant, thisOwnerOf } from '../../src/core/ast.js';

/** The context and every `mark()` call of a snippet, in source order. */
function marks(code: string, filename = 'file.ts') {
  const ctx = parseForAnalysis(code, filename);
  const found: TSESTree.CallExpression[] = [];
  forEachDescendant(ctx.ast, (node) => {
    if (node.type === 'CallExpression' && node.callee.type === 'Identifier' && node.callee.name === 'mark')
      found.push(node);
  });
  return { ctx, found };
}

describe('repeatedRunOf', () => {
  const kinds = (code: string) => {
    const { ctx, found } = marks(code);
    return found.map((node) => repeatedRunOf(ctx, node)?.kind);
  };

  it('open-ended loops, handlers, listener and interval callbacks, effects and lifecycle methods', () => {
    expect(
      kinds(
        `while (running()) mark();\nfor (;;) { mark(); }\napp.get('/a', (req, res) => { mark(); });\nsocket.on('connect', () => mark());\nsetInterval(() => mark(), 10);\nuseEffect(() => { mark(); }, []);\nclass A extends Component { componentDidMount() { mark(); } }`,
      ),
    ).toEqual(['loop', 'loop', 'handler', 'listener-callback', 'interval-callback', 'effect', 'lifecycle']);
  });

  it('a pass over a list (for…of, for…in, a bounded for, an iteration callback) repeats only as often as the code around it', () => {
    expect(
      kinds(
        `for (const x of xs) mark();\nxs.forEach(() => mark());\nfor (const k in o) mark();\nfor (let i = 0; i < n; i++) mark();`,
      ),
    ).toEqual([undefined, undefined, undefined, undefined]);
    expect(
      kinds(
        `export function f(xs) { xs.forEach(() => mark()); }\nclass C { constructor() { for (const e of EVENTS) mark(); } }`,
      ),
    ).toEqual([undefined, undefined]);
    expect(
      kinds(
        `app.get('/a', (req) => { req.items.forEach(() => mark()); });\nwhile (running()) { for (const x of xs) mark(); }`,
      ),
    ).toEqual(['handler', 'loop']);
  });

  it('a function that calls itself repeats as often as its outside callers (set 18: a schema walker never finished)', () => {
    // walk calls itself 25 times; asked call by call, down to the depth limit, that was 25^6 questions.
    const cases = Array.from({ length: 25 }, (_, i) => `    case ${i}: return walk(node.children[${i}]);`).join('\n');
    const walker = `function walk(node) {\n  mark();\n  switch (node.kind) {\n${cases}\n  }\n}`;
    expect(kinds(`${walker}\napp.post('/schema', (req, res) => { res.send(walk(req.body)); });`)).toEqual(['callers']);
    expect(kinds(`${walker}\nexport const parsed = walk(schema);`)).toEqual([undefined]);
  });

  it('answers a wide fan of callers once per function', () => {
    // step1 is called 12 times by step2, step2 12 times by step3, … up to a route handler.
    const steps = [1, 2, 3, 4, 5].map(
      (n) =>
        `function step${n}(x) {\n${n === 1 ? '  mark();' : Array.from({ length: 12 }, (_, i) => `  step${n - 1}(x + ${i});`).join('\n')}\n}`,
    );
    expect(kinds(`${steps.join('\n')}\napp.get('/fan', (req, res) => { step5(req.query.x); });`)).toEqual(['callers']);
  });

  it('a callback of a once-event repeats only as often as its registration', () => {
    expect(kinds(`app.on('ready', () => mark());\nwhile (running()) w.on('close', () => mark());`)).toEqual([
      undefined,
      'loop',
    ]);
  });

  it('a function of the file used only from repeating places repeats; with one use elsewhere, or none, the file cannot tell', () => {
    expect(kinds(`function f() { mark(); }\napp.get('/a', () => f());\nwhile (running()) f();`)).toEqual(['callers']);
    expect(kinds(`function f() { mark(); }\napp.get('/a', () => f());\nfor (const x of xs) f();`)).toEqual([undefined]);
    expect(kinds(`function f() { mark(); }\nemitter.on('tick', f);`)).toEqual(['callers']);
    expect(kinds(`function f() { mark(); }\napp.get('/a', () => f());\nf();`)).toEqual([undefined]);
    expect(kinds(`export function f() { mark(); }`)).toEqual([undefined]);
    expect(kinds(`function f() { mark(); }\nmodule.exports = f;`)).toEqual([undefined]);
  });

  it('a method called through this only from repeating places repeats; constructors and other methods cannot tell', () => {
    expect(kinds(`class S {\n  start() { this.app.get('/a', () => this.watch()); }\n  watch() { mark(); }\n}`)).toEqual(
      ['callers'],
    );
    expect(kinds(`class S {\n  start() { this.watch(); }\n  watch() { mark(); }\n}`)).toEqual([undefined]);
    expect(
      kinds(
        `class S {\n  constructor() { mark(); }\n  bind() { emitter.on('x', this.watch); }\n  watch() { mark(); }\n}`,
      ),
    ).toEqual([undefined, undefined]);
  });

  it('a callback handed to a call, or in an object handed to one, repeats as often as the call', () => {
    expect(
      kinds(
        `while (go()) load(x).then(() => mark());\nwhile (go()) launch({ start() { mark(); } });\nload().then(() => mark());`,
      ),
    ).toEqual(['loop', 'loop', undefined]);
  });

  it('recursion is bounded', () => {
    expect(kinds(`function f() { mark(); f(); }\nf();`)).toEqual([undefined]);
  });
});

describe('runsOnce', () => {
  const once = (code: string) => {
    const { ctx, found } = marks(code);
    return found.map((node) => runsOnce(ctx, node));
  };

  it('module-level code and module-level IIFEs run once; loops do not', () => {
    expect(
      once(`mark();\n(() => { mark(); })();\nfor (const x of xs) mark();\nwhile (go()) { (() => mark())(); }`),
    ).toEqual([true, true, false, false]);
  });

  it('a function called once from code that runs once runs once', () => {
    expect(once(`async function main() { mark(); }\nmain().catch(console.error);`)).toEqual([true]);
    expect(once(`const start = () => { mark(); };\nif (require.main === module) start();`)).toEqual([true]);
  });

  it('a function called twice, in a loop, exported or passed around may run again', () => {
    expect(once(`function f() { mark(); }\nf();\nf();`)).toEqual([false]);
    expect(once(`function f() { mark(); }\nfor (const x of xs) f();`)).toEqual([false]);
    expect(once(`export function f() { mark(); }\nf();`)).toEqual([false]);
    expect(once(`function f() { mark(); }\nmodule.exports = f;`)).toEqual([false]);
    expect(once(`function f() { mark(); }\nemitter.on('x', f);`)).toEqual([false]);
  });

  it('once-callbacks reached from code that runs once run once; other callbacks may run again', () => {
    expect(
      once(
        `server.listen(3000, () => { mark(); });\nload().then(() => { mark(); });\nsetTimeout(() => mark(), 10);\nnew Promise((resolve) => { mark(); resolve(); });`,
      ),
    ).toEqual([true, true, true, true]);
    expect(
      once(
        `app.get('/', () => { mark(); });\nemitter.on('x', () => mark());\nexport function f() { setTimeout(() => mark(), 10); }`,
      ),
    ).toEqual([false, false, false]);
  });

  it('a start-up routine handed in an object to a call that runs once runs once; elsewhere it may run again', () => {
    expect(
      once(
        `launch({ start(options) { mark(); } });\nrun({ main: () => { mark(); } });\nnew Program({ setup: function () { mark(); } });`,
      ),
    ).toEqual([true, true, true]);
    expect(
      once(
        `launch({ onRequest() { mark(); } });\napp.get('/', () => launch({ start() { mark(); } }));\nexport const config = { start() { mark(); } };\nfor (const x of xs) launch({ start() { mark(); } });`,
      ),
    ).toEqual([false, false, false, false]);
  });

  it('the constructor of a class instantiated once at module level in its own file, and not exported itself, runs once', () => {
    expect(once(`class Store { constructor() { mark(); } }\nexport default new Store();`)).toEqual([true]);
    expect(once(`const Store = class { constructor() { mark(); } };\nexport const store = new Store();`)).toEqual([
      true,
    ]);
    expect(
      once(`class Store { constructor() { mark(); } }\nexport const a = new Store();\nexport const b = new Store();`),
    ).toEqual([false]);
    expect(once(`export class Store { constructor() { mark(); } }\nexport default new Store();`)).toEqual([false]);
    expect(once(`class Store { constructor() { mark(); } }\nexport function make() { return new Store(); }`)).toEqual([
      false,
    ]);
    expect(
      once(`class Store { constructor() { mark(); } }\nclass Sub extends Store {}\nexport default new Store();`),
    ).toEqual([false]);
    expect(once(`class Store { constructor() { mark(); } m() { mark(); } }\nexport default new Store();`)).toEqual([
      true,
      false,
    ]);
  });

  it('methods, constructors and instance field initializers may run again', () => {
    expect(
      once(`class A {\n  x = mark();\n  static y = mark();\n  constructor() { mark(); }\n  m() { mark(); }\n}`),
    ).toEqual([false, true, false, false]);
  });
});

describe('thisOwnerOf', () => {
  it('finds the class or object literal `this` means, through arrow functions', () => {
    const { found } = marks(
      `class A {\n  m() { mark(this); const f = () => mark(this); function g() { mark(this); } }\n  static s() { mark(this); }\n  x = mark(this);\n}\nconst o = { m() { mark(this); } };\nfunction plain() { mark(this); }`,
    );
    const owners = found.map((node) => thisOwnerOf(node.arguments[0]!));
    const [method, arrow, inner, statik, field, literal, plain] = owners;
    expect(method?.body.type).toBe('ClassBody');
    expect(method?.isStatic).toBe(false);
    expect(arrow).toEqual(method);
    expect(inner).toBeUndefined();
    expect(statik?.body).toBe(method?.body);
    expect(statik?.isStatic).toBe(true);
    expect(field).toEqual(method);
    expect(literal?.body.type).toBe('ObjectExpression');
    expect(plain).toBeUndefined();
  });
});

describe('describeFunction', () => {
  it('names methods, constructors, functions, effects, handlers and callbacks the way messages do', () => {
    const { ctx, found } = marks(
      [
        'class Poller { constructor() { mark(); } start() { mark(); } }',
        'function connect() { mark(); }',
        'const load = async () => { mark(); };',
        'useEffect(() => { mark(); }, []);',
        "app.post('/orders', (req, res) => { mark(); });",
        'items.then(() => { mark(); });',
        'export default function () { mark(); }',
      ].join('\n'),
    );
    expect(found.map((node) => describeFunction(ctx, enclosingFunction(node)!))).toEqual([
      'the constructor of class `Poller`',
      'method `start` of class `Poller`',
      'function `connect`',
      'function `load`',
      'a useEffect callback',
      'the POST route handler',
      'a callback passed to `then`',
      'an anonymous function',
    ]);
  });
});
