import type { TSESTree } from '@typescript-eslint/utils';
import { describe, expect, it } from 'vitest';
import { moduleScopeOf } from '../../../src/core/context.js';
import { parseForAnalysis, runDetector } from '../../../src/core/parse.js';
import { isFiniteKey } from '../../../src/families/caches/keys.js';
import { classifyUse } from '../../../src/families/caches/uses.js';
import { exemptionDocs } from '../../../src/rule-kit/exemption-tables.js';
import { sparedBy } from '../../helpers/exemptions.js';
import { createUnboundedCacheDetector } from '../../../src/families/caches/unbounded-cache.js';
import { DEFAULT_UNBOUNDED_CACHE_OPTIONS, type CollectionFinding } from '../../../src/families/caches/findings.js';

/** What the one use of `c` in `statement` does, after `const c = new Map()`. */
function opOf(statement: string): string {
  const ctx = parseForAnalysis(
    `const c = new Map();\nexport function f(k: any, v: any, o: any) {\n  ${statement}\n}\n`,
    'file.ts',
  );
  const variable = moduleScopeOf(ctx.scopeManager).set.get('c')!;
  const uses = variable.references.filter((ref) => !ref.init).map((ref) => classifyUse(ctx, ref.identifier));
  expect(uses).toHaveLength(1);
  const use = uses[0]!;
  return 'method' in use && use.method ? `${use.op} ${use.method}` : 'name' in use ? `${use.op} ${use.name}` : use.op;
}

describe('classifyUse', () => {
  it.each([
    ['c.set(k, v);', 'call set'],
    ['c?.add(k);', 'call add'],
    ['c!.delete(k);', 'call delete'],
    ['return c.size;', 'read'],
    ['c[k] = v;', 'write'],
    ['c.name = v;', 'write'],
    ['c[k] += 1;', 'update'],
    ['c[k]++;', 'update'],
    ['delete c[k];', 'delete'],
    ['return k in c;', 'in'],
    ['return Object.keys(c).length;', 'builtin Object.keys'],
    ['Object.assign(c, o);', 'builtin Object.assign'],
    ['return JSON.stringify(c);', 'builtin JSON.stringify'],
    ['for (const x of c) o(x);', 'iterate'],
    ['return [...c];', 'iterate'],
    ['return new Map(c);', 'iterate'],
    ['return { ...c };', 'spread'],
    ['return c instanceof Map;', 'instanceof'],
    ['if (c) o();', 'inspect'],
    ['return typeof c;', 'inspect'],
    ['o(c);', 'escape'],
    ['return c;', 'escape'],
    ['o.cache = c;', 'escape'],
    ['return c || o;', 'escape'],
  ])('%s → %s', (statement, expected) => {
    expect(opOf(statement)).toBe(expected);
  });
});

/** Whether the key of the last `m.set(key, …)` is finite, in `code` (which declares `m`). */
function finite(code: string, typeAware = false): boolean {
  const ctx = parseForAnalysis(code, 'file.ts');
  const variable = moduleScopeOf(ctx.scopeManager).set.get('m')!;
  const set = variable.references
    .map((ref) => ref.identifier.parent?.parent)
    .filter((node): node is TSESTree.CallExpression => node?.type === 'CallExpression')
    .pop()!;
  return isFiniteKey(ctx, set.arguments[0]!, typeAware);
}

describe('isFiniteKey', () => {
  const m = 'const m = new Map();\n';
  it.each([
    [`${m}export function f() { m.set('config', 1); }`, true],
    [`${m}enum E { A, B }\nexport function f() { m.set(E.A, 1); }`, true],
    [`${m}const K = { a: 'a', b: 'b' };\nexport function f() { m.set(K.a, 1); }`, true],
    [`${m}type Mode = 'a' | 'b';\nexport function f(mode: Mode) { m.set(mode, 1); }`, true],
    [`${m}export function f(on: boolean) { m.set(on, 1); }`, true],
    [`${m}const L = ['x', 'y'] as const;\nexport function f(k: (typeof L)[number]) { m.set(k, 1); }`, true],
    [`${m}const O = { a: 1 };\nexport function f(k: keyof typeof O) { m.set(k, 1); }`, true],
    [`${m}export function f(v: unknown) { m.set(typeof v, 1); }`, true],
    [`${m}export function f() { for (const k of ['a', 'b']) m.set(k, 1); }`, true],
    [
      `${m}function g(name: string) { m.set(name, 1); }\nexport const a = () => g('a');\nexport const b = () => g('b');`,
      true,
    ],
    [`${m}function g(name: string) { m.set(name, 1); }\nexport const a = (x: string) => g(x);`, false],
    [`${m}export function f(name: string) { m.set(name, 1); }`, false],
    [`${m}export function f(id: number) { m.set(\`user:\${id}\`, 1); }`, false],
    [`${m}export function f(k: string) { let key = 'a'; key = k; m.set(key, 1); }`, false],
  ])('%s → %s', (code, expected) => {
    expect(finite(code)).toBe(expected);
  });
});

describe('createUnboundedCacheDetector', () => {
  it('hands the codemod the declaration, every use and the first growing write', () => {
    const ctx = parseForAnalysis(
      `const cache = new Map<string, number>();\nexport function f(id: string) {\n  if (cache.has(id)) return cache.get(id);\n  cache.set(id, 1);\n  cache.set(id + '!', 2);\n}\n`,
      'file.ts',
    );
    const [finding] = runDetector(
      ctx,
      createUnboundedCacheDetector,
      DEFAULT_UNBOUNDED_CACHE_OPTIONS,
    ) as CollectionFinding[];
    expect(finding).toMatchObject({
      type: 'collection',
      kind: 'Map',
      name: 'cache',
      holder: { kind: 'variable' },
      where: 'at line 4 in function `f`',
    });
    expect(finding!.uses.map((use) => use.op)).toEqual(['call', 'call', 'call', 'call']);
    expect(finding!.growth.node.loc.start.line).toBe(4);
  });

  it('reports each memoizer at its call, with the name it is bound to', () => {
    const ctx = parseForAnalysis(
      `import memoize from 'memoizee';\nexport const byId = memoize((id: string) => id);\nexport default memoize((url: string) => url);\n`,
      'file.ts',
    );
    const findings = runDetector(ctx, createUnboundedCacheDetector, DEFAULT_UNBOUNDED_CACHE_OPTIONS);
    expect(findings.map((finding) => [finding.type, finding.name, finding.node.loc.start.line])).toEqual([
      ['memoizer', 'byId', 2],
      ['memoizer', undefined, 3],
    ]);
  });
});

describe('the no-unbounded-cache exemption table', () => {
  const names = exemptionDocs['no-unbounded-cache']!.map((exemption) => exemption.name);

  it('names each exemption once, in kebab-case, file first', () => {
    expect(new Set(names).size).toBe(names.length);
    for (const name of names) expect(name).toMatch(/^[a-z]+(?:-[a-z]+)*$/);
    expect(names[0]).toBe('short-lived-file');
  });

  it('records the write exemption of every write when all are spared, and none when the collection is reported', () => {
    const spared = (code: string) => sparedBy(createUnboundedCacheDetector, DEFAULT_UNBOUNDED_CACHE_OPTIONS, code);
    expect(
      spared(`
        const seen = new Map<string, number>();
        seen.set('boot', 1);
        export function mark(kind: 'a' | 'b') {
          seen.set(kind, 2);
        }
      `),
    ).toEqual(['runs-once', 'finite-keys']);
    expect(
      spared(`
        const seen = new Map<string, number>();
        seen.set('boot', 1);
        export function mark(userId: string) {
          seen.set(userId, 2);
        }
      `),
    ).toEqual([]);
  });
});
