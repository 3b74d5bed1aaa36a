import type { TSESTree } from '@typescript-eslint/utils';
import { describe, expect, it } from 'vitest';
import { resolveIdentifier } from '../../src/core/context.js';
import { loopElementOf } from '../../src/core/loop-element.js';
import { parseForAnalysis } from '../../src/core/parse.js';
import { forEachDescendant } from '../../src/core/ast.js';

/** Where the argument of the first `use(…)` in `code` reads from each element: `list path` (`list keys` for `for…in`), or undefined. */
function elementOfUse(code: string): string | undefined {
  const ctx = parseForAnalysis(code, 'file.ts');
  let argument: TSESTree.Identifier | undefined;
  forEachDescendant(ctx.ast, (node) => {
    if (!argument && node.type === 'CallExpression' && node.callee.type === 'Identifier' && node.callee.name === 'use')
      argument = node.arguments[0] as TSESTree.Identifier;
  });
  const element = loopElementOf(resolveIdentifier(ctx, argument!)!);
  const part = element?.walks === 'keys' ? 'keys' : element?.path;
  return element && `${ctx.text.slice(...element.list.range)} ${part}`.trim();
}

describe('loopElementOf', () => {
  it.each([
    ['for (const event of events) use(event);', 'events'],
    ['for (let event of events) use(event);', 'events'],
    ['events.forEach((event) => use(event));', 'events'],
    ['events.map(function (event) { return use(event); });', 'events'],
    ['for (const [event, handler] of pairs) use(handler);', 'pairs [1]'],
    ['pairs.forEach(([, handler]) => use(handler));', 'pairs [1]'],
    ['for (const { type, listener: fn } of bindings) use(fn);', 'bindings .listener'],
    ['for (const [type, { fn = noop }] of Object.entries(map)) use(fn);', 'Object.entries(map) [1].fn'],
    ['for (const name in handlers) use(name);', 'handlers keys'],
  ])('%s reads each element of %s', (code, expected) => {
    expect(elementOfUse(code)).toBe(expected);
  });

  it.each([
    // The body rewrites the binding: no longer the element.
    'for (let event of events) { event = prefix + event; use(event); }',
    // Asynchronous iteration, the index parameter, a rest element, other callbacks and plain bindings.
    'async function f() { for await (const event of events) use(event); }',
    'events.forEach((event, index) => use(index));',
    'for (const [first, ...rest] of lists) use(rest);',
    // A pattern taking a key apart (its characters) holds no key.
    'for (const [first] in handlers) use(first);',
    'events.some((event) => use(event));',
    'const event = events[0]; use(event);',
    'function on(event) { use(event); }',
  ])('%s is not an element', (code) => {
    expect(elementOfUse(code)).toBeUndefined();
  });
});
