import type { TSESTree } from '@typescript-eslint/utils';
import { describe, expect, it } from 'vitest';
import { exportNameOf, isExportOf, isGlobalReference, resolveImportedValue } from '../../src/core/imports.js';
import { parseForAnalysis } from '../../src/core/parse.js';

/** The callee of the last `new X()` in the code, resolved. */
function resolveLastNew(code: string, filename = 'file.ts') {
  const ctx = parseForAnalysis(code, filename);
  let last: TSESTree.NewExpression | undefined;
  const visit = (node: TSESTree.Node): void => {
    if (node.type === 'NewExpression') last = node;
    for (const value of Object.values(node)) {
      if (value && typeof value === 'object' && value !== node.parent) {
        if (Array.isArray(value)) value.forEach((v) => v && typeof v.type === 'string' && visit(v));
        else if (typeof (value as TSESTree.Node).type === 'string' && (value as TSESTree.Node) !== node.parent)
          visit(value as TSESTree.Node);
      }
    }
  };
  visit(ctx.ast);
  return resolveImportedValue(ctx, last!.callee);
}

describe('resolveImportedValue', () => {
  it.each([
    ["import { Pool } from 'pg'; new Pool();", ['Pool']],
    ["import { Pool as PgPool } from 'pg'; new PgPool();", ['Pool']],
    ["import pg from 'pg'; new pg.Pool();", ['default', 'Pool']],
    ["import * as pg from 'pg'; new pg.Pool();", ['Pool']],
    ["const pg = require('pg'); new pg.Pool();", ['Pool']],
    ["const { Pool } = require('pg'); new Pool();", ['Pool']],
    ["const { Pool: P } = require('pg'); new P();", ['Pool']],
    ["const Pool = require('pg').Pool; new Pool();", ['Pool']],
    ["new (require('pg').Pool)();", ['Pool']],
    ["import pg = require('pg'); new pg.Pool();", ['Pool']],
  ])('%s', (code, path) => {
    expect(resolveLastNew(code)).toEqual({ source: 'pg', path });
  });

  it('drops the node: prefix', () => {
    expect(resolveLastNew("import https from 'node:https'; new https.Agent();")).toEqual({
      source: 'https',
      path: ['default', 'Agent'],
    });
  });

  it('does not resolve a local class that shares a name', () => {
    expect(resolveLastNew('class Pool {} new Pool();')).toBeUndefined();
  });

  it('does not resolve a shadowing parameter', () => {
    expect(resolveLastNew("import { Pool } from 'pg'; function f(Pool: any) { return new Pool(); }")).toBeUndefined();
  });

  it('does not follow a let that is reassigned', () => {
    expect(resolveLastNew("import { Pool } from 'pg'; let P = Pool; P = class {} as any; new P();")).toBeUndefined();
  });
});

describe('export names', () => {
  it('folds CommonJS and ESM interop', () => {
    expect(exportNameOf({ source: 'pg', path: ['default', 'Pool'] })).toBe('Pool');
    expect(exportNameOf({ source: 'openai', path: [] })).toBe('default');
    expect(exportNameOf({ source: 'openai', path: ['default'] })).toBe('default');
    expect(exportNameOf({ source: 'x', path: ['a', 'b'] })).toBeUndefined();
    expect(isExportOf({ source: 'pg', path: ['Pool'] }, ['pg'], 'Pool')).toBe(true);
    expect(isExportOf({ source: 'pg', path: ['Pool'] }, (s) => s.startsWith('@aws-sdk/'), 'Pool')).toBe(false);
  });
});

describe('isGlobalReference', () => {
  it('tells a real global from a shadowed one', () => {
    const ctx = parseForAnalysis('setInterval(f, 1); function g(setInterval: any) { setInterval(f, 1); }', 'file.ts');
    const statement = ctx.ast.body[0] as TSESTree.ExpressionStatement;
    const call = statement.expression as TSESTree.CallExpression;
    expect(isGlobalReference(ctx, call.callee, 'setInterval')).toBe(true);
    const fn = ctx.ast.body[1] as TSESTree.FunctionDeclaration;
    const inner = ((fn.body.body[0] as TSESTree.ExpressionStatement).expression as TSESTree.CallExpression).callee;
    expect(isGlobalReference(ctx, inner, 'setInterval')).toBe(false);
  });
});
