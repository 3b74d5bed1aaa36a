import { describe, expect, it } from 'vitest';
import { forEachDescendant, isFunctionNode, type FunctionNode } from '../../src/core/ast.js';
import { parseForAnalysis } from '../../src/core/parse.js';
import { rejectingCalls } from '../../src/core/rejection-points.js';
import { mayReturnNothing } from '../../src/core/result-reads.js';

/** The first function in `code`, with the text of its source. */
function firstFunction(code: string): { fn: FunctionNode; text: (node: { range: [number, number] }) => string } {
  const ctx = parseForAnalysis(code, 'file.ts');
  let fn: FunctionNode | undefined;
  forEachDescendant(ctx.ast, (node) => {
    if (!fn && isFunctionNode(node)) fn = node;
  });
  return { fn: fn!, text: (node) => ctx.text.slice(...node.range) };
}

/** The calls of the first function whose awaited result it reads before testing it; undefined when it may reject anyway. */
function readCalls(code: string): string[] | undefined {
  const { fn, text } = firstFunction(code);
  const points = rejectingCalls(fn);
  return points && [...points.reads].map(text);
}

describe('returned variables that hold no promise', () => {
  it.each([
    [
      'async function f(id) { let region: string = "default-" + id; const teams = await list(); region = teams.first; return region; }',
    ],
    [
      'async function f() { let list = {} as TeamList; try { list = (await load()).body as TeamList; } catch (e) { log(e); } return list; }',
    ],
    ['async function f() { const names = []; for (const n of await load()) names.push(n); return names; }'],
    ['async function f() { if (a) { const out = await load(); return out; } const out = []; return out; }'],
  ])('settles unless its calls reject: %s', (code) => {
    expect(rejectingCalls(firstFunction(code).fn)).toBeDefined();
  });

  it.each([
    // Given a call's promise, or an untyped value that may be one.
    ['async function f() { let task = null; task = load(); return task; }'],
    ['async function f(source) { let value = source.pending; return value; }'],
    ['async function f() { const task: Promise<void> = load(); return task; }'],
    // A parameter of the same name may be what the return reads.
    ['async function f(task) { if (a) { const task = 1; } return task; }'],
  ])('may reject: %s', (code) => {
    expect(rejectingCalls(firstFunction(code).fn)).toBeUndefined();
  });
});

describe('awaited results read before they are tested', () => {
  it('names a call whose result is read, directly, through a copy or by iterating it', () => {
    expect(readCalls('async function f() { const app = await find(); log(app.spec); }')).toEqual(['find()']);
    expect(
      readCalls('async function f() { const found = await find(); const app = found as App; log(app.spec); }'),
    ).toEqual(['find()']);
    expect(readCalls('async function f() { const apps = await list(); for (const a of apps) log(a); }')).toEqual([
      'list()',
    ]);
  });

  it('leaves a result tested first, read optionally, or read inside a try that catches', () => {
    expect(readCalls('async function f() { const app = await find(); if (!app) return; log(app.spec); }')).toEqual([]);
    expect(readCalls('async function f() { const app = await find(); log(app?.spec); }')).toEqual([]);
    expect(
      readCalls('async function f() { const app = await find(); try { log(app.spec); } catch (e) { log(e); } }'),
    ).toEqual([]);
  });
});

describe('mayReturnNothing', () => {
  it.each([
    ['async function f() { try { return await find(); } catch (e) { return null; } }', true],
    ['async function f(ok) { if (ok) { return 1; } }', true],
    ['async function f() { return; }', true],
    ['async function f(ok) { if (ok) return 1; else return 2; }', false],
    ['async function f() { const out = []; return out; }', false],
    ['async function f() { try { return await find(); } catch (e) { throw e; } }', false],
  ])('%s: %s', (code, nothing) => {
    expect(mayReturnNothing(firstFunction(code).fn)).toBe(nothing);
  });
});
