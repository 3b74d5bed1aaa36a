import type { TSESTree } from '@typescript-eslint/utils';
import { describe, expect, it } from 'vitest';
import { parseForAnalysis } from '../../src/core/parse.js';
import { walkProgram } from '../../src/core/walk.js';
import { hasOwnNode, someDescendant } from '../../src/core/ast.js';

describe('parseForAnalysis', () => {
  it('reuses the last parse while the text and file are the same (codemods run in sequence on one text)', () => {
    const first = parseForAnalysis('const a = 1;', 'a.ts');
    expect(parseForAnalysis('const a = 1;', 'a.ts')).toBe(first);
    const changed = parseForAnalysis('const a = 2;', 'a.ts');
    expect(changed).not.toBe(first);
    expect(changed.text).toBe('const a = 2;');
    expect(parseForAnalysis('const a = 2;', 'b.ts')).not.toBe(changed);
  });
});

describe('walkProgram', () => {
  it('calls enter and exit listeners in source order, with every parent set before the first listener', () => {
    const { ast } = parseForAnalysis('f(a);\ng(b);', 'walk.ts');
    const events: string[] = [];
    let parentsSeen = 0;
    walkProgram(ast, [
      {
        Program: () => {
          const lastArgument = ((ast.body[1] as TSESTree.ExpressionStatement).expression as TSESTree.CallExpression)
            .arguments[0]!;
          parentsSeen += lastArgument.parent?.type === 'CallExpression' ? 1 : 0;
        },
        CallExpression: (node) =>
          events.push(`enter ${((node as TSESTree.CallExpression).callee as TSESTree.Identifier).name}`),
      },
      {
        'CallExpression:exit': (node) =>
          events.push(`exit ${((node as TSESTree.CallExpression).callee as TSESTree.Identifier).name}`),
        Identifier: (node) => events.push(`id ${(node as TSESTree.Identifier).name}`),
      },
    ]);
    expect(parentsSeen).toBe(1);
    expect(events).toEqual(['enter f', 'id f', 'id a', 'exit f', 'enter g', 'id g', 'id b', 'exit g']);
  });
});

describe('someDescendant', () => {
  const { ast } = parseForAnalysis('function outer() { a(); function inner() { b(); } }', 'some.ts');
  const outer = ast.body[0] as TSESTree.FunctionDeclaration;
  const calls = (name: string) => (node: TSESTree.Node) =>
    node.type === 'CallExpression' && (node.callee as TSESTree.Identifier).name === name;

  it('finds a node anywhere below the root, and never the root itself', () => {
    expect(someDescendant(outer, calls('b'))).toBe(true);
    expect(someDescendant(outer, calls('c'))).toBe(false);
    expect(someDescendant(outer, (node) => node === outer)).toBe(false);
  });

  it('neither tests nor enters the nodes it is told to skip (hasOwnNode skips nested functions)', () => {
    const skipInner = (node: TSESTree.Node) => node.type === 'FunctionDeclaration';
    expect(someDescendant(outer, calls('b'), skipInner)).toBe(false);
    expect(someDescendant(outer, (node) => node.type === 'FunctionDeclaration', skipInner)).toBe(false);
    expect(hasOwnNode(outer.body, calls('a'))).toBe(true);
    expect(hasOwnNode(outer.body, calls('b'))).toBe(false);
  });
});
