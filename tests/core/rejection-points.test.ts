import { describe, expect, it } from 'vitest';
import { forEachDescendant, isFunctionNode, type FunctionNode } from '../../src/core/ast.js';
import { parseForAnalysis } from '../../src/core/parse.js';
import { elementsRejectingCalls, rejectingCalls, valueRejectingCalls } from '../../src/core/rejection-points.js';

/** The rejection points of the first function in `code`, as source text: calls, and hand-offs apart. */
function pointsOfFirstFunction(code: string): { calls: string[]; handOffs: string[] } | undefined {
  const ctx = parseForAnalysis(code, 'file.ts');
  let fn: FunctionNode | undefined;
  forEachDescendant(ctx.ast, (node) => {
    if (!fn && isFunctionNode(node)) fn = node;
  });
  const points = rejectingCalls(fn!);
  const text = (node: { range: [number, number] }): string => ctx.text.slice(...node.range);
  return points && { calls: points.calls.map(text), handOffs: [...points.handOffs].map(text) };
}

describe('rejectingCalls', () => {
  it('follows awaited and returned calls, and handles a try whose catch does not throw', () => {
    expect(pointsOfFirstFunction('async function f() { await save(); return load(); }')).toEqual({
      calls: ['save()', 'load()'],
      handOffs: [],
    });
    expect(pointsOfFirstFunction('async function f() { try { await save(); } catch (e) { log(e); } }')).toEqual({
      calls: [],
      handOffs: [],
    });
  });

  it('is undefined where the function may reject whatever its calls do', () => {
    expect(pointsOfFirstFunction('async function f() { throw new Error("x"); }')).toBeUndefined();
    expect(pointsOfFirstFunction('async function f() { await this.ready; }')).toBeUndefined();
  });

  it('names the calls a catch hands the caught failure to, with the function itself', () => {
    expect(
      pointsOfFirstFunction('async function f(cb) { try { await save(); } catch (err) { return cb(err); } }'),
    ).toEqual({ calls: ['cb(err)'], handOffs: ['cb(err)'] });
  });

  it('carries the hand-offs of a callback that a combinator runs', () => {
    const code =
      'async function f(items, done) { await Promise.all(items.map(async (item) => { try { await save(item); } catch (err) { return done(err); } })); }';
    expect(pointsOfFirstFunction(code)).toEqual({ calls: ['done(err)'], handOffs: ['done(err)'] });
  });
});

describe('valueRejectingCalls and elementsRejectingCalls', () => {
  /** The points of the first expression statement's value (`elements` reads it as `items.map(fn)`). */
  function pointsOfStatement(code: string, elements = false): { calls: string[]; handOffs: string[] } | undefined {
    const ctx = parseForAnalysis(code, 'file.ts');
    const statement = ctx.ast.body.find((node) => node.type === 'ExpressionStatement')!;
    const points = (elements ? elementsRejectingCalls : valueRejectingCalls)(statement.expression);
    const text = (node: { range: [number, number] }): string => ctx.text.slice(...node.range);
    return points && { calls: points.calls.map(text), handOffs: [...points.handOffs].map(text) };
  }

  it('reads a dropped value: a call, a handled chain, a then callback', () => {
    expect(pointsOfStatement('send();')).toEqual({ calls: ['send()'], handOffs: [] });
    expect(pointsOfStatement('send().catch(log);')).toEqual({ calls: [], handOffs: [] });
    expect(pointsOfStatement('send().then(() => notify());')).toEqual({ calls: ['notify()', 'send()'], handOffs: [] });
  });

  it('reads the tasks items.map(fn) makes, hand-offs included', () => {
    const code = 'items.map(async (item) => { try { await save(item); } catch (err) { return cb(err); } });';
    expect(pointsOfStatement(code, true)).toEqual({ calls: ['cb(err)'], handOffs: ['cb(err)'] });
  });
});
