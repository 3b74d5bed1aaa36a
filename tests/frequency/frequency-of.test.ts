import type { TSESTree } from '@typescript-eslint/utils';
import { describe, expect, it } from 'vitest';
import { forEachDescendant } from '../../src/core/ast.js';
import { parseForAnalysis } from '../../src/core/parse.js';
import {
  FrequencyModel,
  frequencyModelOf,
  perUnitHandlerOf,
  type RunFrequency,
} from '../../src/frequency/frequency-of.js';

/** The model's answer for each `mark()` call of a snippet, in source order. */
function frequencies(code: string, filename = 'file.ts'): Omit<RunFrequency, 'handler'>[] {
  const ctx = parseForAnalysis(code, filename);
  const model = frequencyModelOf(ctx);
  // The handler itself is checked on its own below; here, what a message would say.
  return markCalls(ctx.ast).map((node) => {
    const { handler: _handler, ...answer } = model.of(node);
    return answer;
  });
}

/** Every `mark()` call, in source order. */
function markCalls(program: TSESTree.Program): TSESTree.CallExpression[] {
  const found: TSESTree.CallExpression[] = [];
  forEachDescendant(program, (node) => {
    if (node.type === 'CallExpression' && node.callee.type === 'Identifier' && node.callee.name === 'mark')
      found.push(node);
  });
  return found;
}

/** The one `mark()` of a snippet. */
function frequencyOf(code: string, filename?: string): Omit<RunFrequency, 'handler'> {
  const [only, ...rest] = frequencies(code, filename);
  expect(rest).toEqual([]);
  return only!;
}

describe('frequencyModelOf: load', () => {
  it('module-level code', () => {
    expect(
      frequencyOf(`
      const table = new Map();
      mark();
    `),
    ).toEqual({ kind: 'load', evidence: 'module-level code' });
  });

  it('a pass over a list at module level, and a helper only called from there', () => {
    expect(
      frequencies(`
      for (const name of NAMES) {
        mark();
      }
      function add(name) {
        mark();
      }
      add('a');
      add('b');
    `),
    ).toEqual([
      { kind: 'load', evidence: 'module-level code' },
      { kind: 'load', evidence: 'only called while the module loads' },
    ]);
  });
});

describe('frequencyModelOf: once', () => {
  it('a start-up routine called once, and the callback of listen', () => {
    expect(
      frequencies(`
      export async function main() {
        mark();
      }
      server.listen(3000, () => {
        mark();
      });
    `),
    ).toEqual([
      { kind: 'once', evidence: 'runs once per process (start-up code or a callback of it)' },
      { kind: 'once', evidence: 'runs once per process (start-up code or a callback of it)' },
    ]);
  });
});

describe('frequencyModelOf: repeats', () => {
  it('request handlers, with the handler named in the evidence', () => {
    expect(
      frequencies(
        `
      app.post('/orders', (req, res) => {
        mark();
      });
      export async function GET(request) {
        mark();
      }
    `,
        'app/orders/route.ts',
      ),
    ).toEqual([
      { kind: 'repeats', repeatKind: 'request', evidence: 'the POST route handler' },
      { kind: 'repeats', repeatKind: 'request', evidence: 'the Next.js GET route handler' },
    ]);
  });

  it('message and job handlers', () => {
    expect(
      frequencies(`
      import { Worker } from 'bullmq';
      socket.on('message', (data) => {
        mark();
      });
      channel.consume('orders', (msg) => {
        mark();
      });
      new Worker('mail', async (job) => {
        mark();
      });
    `),
    ).toEqual([
      { kind: 'repeats', repeatKind: 'message', evidence: "the 'message' event callback" },
      { kind: 'repeats', repeatKind: 'message', evidence: 'the amqplib consume callback' },
      { kind: 'repeats', repeatKind: 'job', evidence: 'the bullmq Worker processor' },
    ]);
  });

  it('a loop that may run until stopped', () => {
    expect(
      frequencyOf(`
      while (running) {
        mark();
      }
    `),
    ).toEqual({ kind: 'repeats', repeatKind: 'iteration', evidence: 'a while loop that may run until stopped' });
  });

  it('timers, event listeners, React effects and lifecycle methods', () => {
    expect(
      frequencies(`
      setInterval(() => {
        mark();
      }, 1000);
      emitter.on('change', () => {
        mark();
      });
      useEffect(() => {
        mark();
      }, []);
      class Clock extends Component {
        componentDidUpdate() {
          mark();
        }
      }
    `),
    ).toEqual([
      { kind: 'repeats', repeatKind: 'timer', evidence: 'a setInterval callback' },
      { kind: 'repeats', repeatKind: 'event', evidence: 'an event listener callback' },
      { kind: 'repeats', repeatKind: 'render', evidence: 'a React effect' },
      { kind: 'repeats', repeatKind: 'render', evidence: 'a React class component lifecycle method' },
    ]);
  });

  it('a function only called from code that repeats', () => {
    expect(
      frequencyOf(`
      function refresh() {
        mark();
      }
      setInterval(() => refresh(), 1000);
    `),
    ).toEqual({ kind: 'repeats', repeatKind: 'callers', evidence: 'only called from code that runs again and again' });
  });

  it('a function only called from handlers names the first (still `callers`: only the client rules take it as a handler)', () => {
    const answer = frequencyOf(`
      function audit() {
        mark();
      }
      app.post('/orders', (req, res) => audit());
      app.delete('/orders/:id', (req, res) => audit());
    `);
    expect(answer).toEqual({
      kind: 'repeats',
      repeatKind: 'callers',
      evidence: 'only called from the POST route handler',
    });
  });

  it('a pass over a list in a handler repeats per request, not per element', () => {
    expect(
      frequencyOf(`
      app.get('/users', (req, res) => {
        for (const id of req.query.ids) {
          mark();
        }
      });
    `),
    ).toEqual({ kind: 'repeats', repeatKind: 'request', evidence: 'the GET route handler' });
  });
});

describe('perUnitHandlerOf', () => {
  it('the handler a request, message or job runs in; nothing for other repeats', () => {
    const ctx = parseForAnalysis(
      `
      app.get('/users', (req, res) => {
        mark();
      });
      setInterval(() => {
        mark();
      }, 1000);
    `,
      'file.ts',
    );
    const model = frequencyModelOf(ctx);
    const [inRoute, inTimer] = markCalls(ctx.ast);
    expect(perUnitHandlerOf(model, inRoute!)?.fn).toBe(
      (ctx.ast.body[0] as TSESTree.ExpressionStatement & { expression: TSESTree.CallExpression }).expression
        .arguments[1],
    );
    expect(perUnitHandlerOf(model, inTimer!)).toBeUndefined();
  });
});

describe('frequencyModelOf: per-instance and unknown', () => {
  it('a constructor, and a method only the constructor calls', () => {
    expect(
      frequencies(`
      export class Pool {
        constructor() {
          mark();
          this.connect();
        }
        connect() {
          mark();
        }
      }
    `),
    ).toEqual([
      { kind: 'per-instance', evidence: 'only runs while an instance is built' },
      { kind: 'per-instance', evidence: 'only runs while an instance is built' },
    ]);
  });

  it('an exported function, whose callers are in other files', () => {
    expect(
      frequencyOf(`
      export function lookup(id) {
        mark();
      }
    `),
    ).toEqual({ kind: 'unknown', evidence: 'nothing in this file shows how often it runs' });
  });
});

describe('frequencyModelOf', () => {
  it('decides load before once, and runsOnce covers both', () => {
    const ctx = parseForAnalysis(
      `
      export async function main() {}
      main();
    `,
      'file.ts',
    );
    const model = frequencyModelOf(ctx);
    const statement = ctx.ast.body[1]!;
    expect(model.of(statement).kind).toBe('load');
    expect(model.runsOnce(statement)).toBe(true);
    expect(model.repeats(statement)).toBe(false);
  });

  it('is one model per parsed file, shared by every detector', () => {
    const ctx = parseForAnalysis('mark();', 'file.ts');
    expect(frequencyModelOf(ctx)).toBe(frequencyModelOf({ ...ctx }));
    expect(frequencyModelOf(ctx)).not.toBe(frequencyModelOf(parseForAnalysis('mark(); mark();', 'file.ts')));
  });

  it('asks the project hook only where the file says unknown', () => {
    const ctx = parseForAnalysis(
      `
      mark();
      export function lookup() {
        mark();
      }
    `,
      'file.ts',
    );
    const [atLoad, inExport] = markCalls(ctx.ast);
    const asked: TSESTree.Node[] = [];
    const model = new FrequencyModel(ctx, (_, node) => {
      asked.push(node);
      return { kind: 'repeats', repeatKind: 'request', evidence: 'called from a route in routes.ts' };
    });
    expect(model.of(atLoad!).kind).toBe('load');
    expect(model.of(inExport!)).toEqual({
      kind: 'repeats',
      repeatKind: 'request',
      evidence: 'called from a route in routes.ts',
    });
    expect(asked).toEqual([inExport]);
  });

  it('answers for code behind a once-flag as for the declaration of its flag, which the project hook may decide', () => {
    const ctx = parseForAnalysis(
      `
      export function bench(client) {
        let first = true;
        client.on('connect', () => {
          if (first) {
            first = false;
            mark();
          }
        });
      }
    `,
      'file.ts',
    );
    const [guarded] = markCalls(ctx.ast);
    const asked: TSESTree.Node[] = [];
    const model = new FrequencyModel(ctx, (_, node) => {
      asked.push(node);
      return { kind: 'once', evidence: 'a commander action in cli.ts', crossFile: true };
    });
    expect(model.of(guarded!)).toEqual({
      kind: 'once',
      evidence: 'behind a once-flag, as often as its declaration: a commander action in cli.ts',
      crossFile: true,
    });
    expect(asked.map((node) => node.type)).toEqual(['VariableDeclarator']);
  });
});
