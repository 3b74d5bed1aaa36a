import type { TSESTree } from '@typescript-eslint/utils';
import { describe, expect, it } from 'vitest';
import { forEachDescendant, functionNamedBy, type FunctionBindingOptions } from '../../src/core/ast.js';
import { parseForAnalysis } from '../../src/core/parse.js';

/** What the argument of the last `use(…)` in `code` names: the bound function's first line, or undefined. */
function boundAtUse(code: string, options?: FunctionBindingOptions): string | undefined {
  const ctx = parseForAnalysis(code, 'file.ts');
  let argument: TSESTree.Node | undefined;
  forEachDescendant(ctx.ast, (node) => {
    if (node.type === 'CallExpression' && node.callee.type === 'Identifier' && node.callee.name === 'use')
      argument = node.arguments[0];
  });
  const fn = functionNamedBy(ctx, argument!, options);
  return fn && ctx.text.slice(...fn.range).split('\n')[0];
}

describe('functionNamedBy', () => {
  it.each([
    ['function load() {}\nuse(load);', 'function load() {}'],
    ['const load = async () => {};\nuse(load);', 'async () => {}'],
    ['const load = function () {};\nuse(load);', 'function () {}'],
    // Through parentheses and type assertions, on either side.
    ['const load = (() => 1) as () => number;\nuse((load as unknown));', '() => 1'],
    // A named function expression's own name, inside it.
    ['const outer = function again() { use(again); };', 'function again() { use(again); }'],
  ])('%s names a function bound once and for all', (code, expected) => {
    expect(boundAtUse(code)).toBe(expected);
  });

  it.each([
    // Bindings that may hold another function, or none.
    'let load = () => {};\nuse(load);',
    'var load = () => {};\nuse(load);',
    'const load = makeLoader();\nuse(load);',
    'function load(a: string): void;\nfunction load(a: unknown) {}\nuse(load);',
    // Not a name, or not one of this file.
    'use(() => {});',
    'use(loader.load);',
    'use(load);',
    'import { load } from "./load";\nuse(load);',
    'function f(load: () => void) { use(load); }',
  ])('%s names no function', (code) => {
    expect(boundAtUse(code)).toBeUndefined();
  });

  it('counts a reassigned declaration only when the caller says so (evenIfReassigned)', () => {
    const code = 'function load() {}\nload = wrap(load);\nuse(load);';
    expect(boundAtUse(code)).toBeUndefined();
    expect(boundAtUse(code, { evenIfReassigned: true })).toBe('function load() {}');
  });

  it('counts a `declare function` signature only when the caller says so (signatures)', () => {
    const code = 'declare function save(): Promise<void>;\nuse(save);';
    expect(boundAtUse(code)).toBeUndefined();
    expect(boundAtUse(code, { signatures: true })).toBe('declare function save(): Promise<void>;');
  });
});
