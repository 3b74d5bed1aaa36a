import type { TSESTree } from '@typescript-eslint/utils';
import { describe, expect, it } from 'vitest';
import { parseForAnalysis } from '../../src/core/parse.js';
import { enclosingHandler } from '../../src/frequency/handlers.js';
import { fixedIterationCount, isLoop, loopLabel, repetitionOf } from '../../src/frequency/repetition.js';
import { forEachDescendant } from '../../src/core/ast.js';

/** The first `new Marker()` in `code`. */
function marker(code: string, filename = 'file.ts') {
  const ctx = parseForAnalysis(code, filename);
  let found: TSESTree.NewExpression | undefined;
  forEachDescendant(ctx.ast, (node) => {
    if (!found && node.type === 'NewExpression' && node.callee.type === 'Identifier' && node.callee.name === 'Marker')
      found = node;
  });
  return { ctx, node: found! };
}

describe('loopLabel', () => {
  it.each([
    ['for (;;) {}', 'for loop'],
    ['for (const k in o) {}', 'for...in loop'],
    ['for (const x of xs) {}', 'for...of loop'],
    ['async function f() { for await (const x of xs) {} }', 'for await...of loop'],
    ['while (x) {}', 'while loop'],
    ['do {} while (x);', 'do...while loop'],
  ])('%s is a %s', (code, label) => {
    const ctx = parseForAnalysis(code, 'file.ts');
    let loop: TSESTree.Node | undefined;
    forEachDescendant(ctx.ast, (node) => {
      if (!loop && isLoop(node)) loop = node;
    });
    expect(loopLabel(loop as Parameters<typeof loopLabel>[0])).toBe(label);
  });
});

describe('repetitionOf', () => {
  it('finds the loop whose body runs the code, through an IIFE but not through a plain function', () => {
    expect(repetitionOf(marker('for (const x of xs) { new Marker(); }').node)?.kind).toBe('loop');
    expect(repetitionOf(marker('for (const x of xs) { (() => new Marker())(); }').node)?.kind).toBe('loop');
    expect(repetitionOf(marker('for (const x of xs) { handlers.push(() => new Marker()); }').node)).toBeUndefined();
    // A for-of loop's iterable is evaluated once.
    expect(repetitionOf(marker('for (const x of new Marker()) {}').node)).toBeUndefined();
  });

  it('names the iteration method of a callback', () => {
    expect(repetitionOf(marker('Promise.all(xs.map(async (x) => new Marker()));').node)).toMatchObject({
      kind: 'iteration-callback',
      method: 'map',
    });
  });
});

describe('enclosingHandler', () => {
  it.each([
    [`app.get('/x', (req, res) => { new Marker(); });`, 'file.ts', 'GET route handler'],
    [`export const handler = async () => { new Marker(); };`, 'file.ts', 'AWS Lambda handler'],
    [`export async function POST() { new Marker(); }`, 'app/api/route.ts', 'Next.js POST route handler'],
    [
      `import http from 'node:http';\nhttp.createServer(() => { new Marker(); });`,
      'file.ts',
      'http.createServer request callback',
    ],
  ])('%s runs per request (%s)', (code, filename, description) => {
    const { ctx, node } = marker(code, filename);
    expect(enclosingHandler(ctx, node)?.description).toBe(description);
  });

  it.each([
    [`app.get('/x', (req, res) => { new Marker(); });`, 'file.ts', true],
    [`router.use((req, res, next) => { new Marker(); });`, 'file.ts', true],
    [`import http from 'node:http';\nhttp.createServer(() => { new Marker(); });`, 'file.ts', true],
    [`export default function handler(req, res) { new Marker(); }`, 'src/pages/api/users.ts', true],
    [`export async function POST(req) { new Marker(); }`, 'app/api/route.ts', false],
    [`fastify.route({ method: 'GET', url: '/x', handler(req, reply) { new Marker(); } });`, 'file.ts', false],
    [`export default { async fetch(request) { new Marker(); } };`, 'file.ts', false],
  ])('%s (%s) is given Node request and response emitters: %s', (code, filename, nodeHttp) => {
    const { ctx, node } = marker(code, filename);
    expect(enclosingHandler(ctx, node)?.nodeHttp).toBe(nodeHttp);
  });

  it("takes `use` on a sub-app a router holds in a property for middleware: koa-websocket's `app.ws.use(fn)`", () => {
    const ws = marker(`app.ws.use(async (ctx) => { new Marker(); });`);
    expect(enclosingHandler(ws.ctx, ws.node)?.description).toBe('middleware');
    const owned = marker(`this.app.ws.use(async (ctx) => { new Marker(); });`);
    expect(enclosingHandler(owned.ctx, owned.node)?.description).toBe('middleware');
    // Only `use`, only one property deep, and only on an owner named like a router.
    for (const code of [
      `app.ws.get((ctx) => { new Marker(); });`,
      `api.interceptors.request.use((config) => { new Marker(); return config; });`,
      `cache.store.use((entry) => { new Marker(); });`,
    ]) {
      const other = marker(code);
      expect(enclosingHandler(other.ctx, other.node), code).toBeUndefined();
    }
  });

  it('is undefined for code that runs once or for exports that are not handlers', () => {
    const once = marker(`async function main() { new Marker(); }\nmain();`);
    expect(enclosingHandler(once.ctx, once.node)).toBeUndefined();
    const route = marker(`export async function POST() { new Marker(); }`, 'src/post.ts');
    expect(enclosingHandler(route.ctx, route.node)).toBeUndefined();
  });
});

describe('enclosingHandler: fetch handlers of Workers, Bun and Deno', () => {
  it.each([
    [`export default { async fetch(request) { new Marker(); } };`, 'fetch handler'],
    [
      `export default { fetch: async (request, env) => { new Marker(); } } satisfies Record<string, unknown>;`,
      'fetch handler',
    ],
    [`Bun.serve({ port: 3000, fetch(req) { new Marker(); return new Response('ok'); } });`, 'Bun.serve fetch handler'],
    [`Deno.serve((req) => { new Marker(); return new Response('ok'); });`, 'Deno.serve request handler'],
    [
      `Deno.serve({ port: 8000 }, (req) => { new Marker(); return new Response('ok'); });`,
      'Deno.serve request handler',
    ],
  ])('%s runs per request (%s)', (code, description) => {
    const { ctx, node } = marker(code);
    expect(enclosingHandler(ctx, node)?.description).toBe(description);
  });

  it('is undefined for a fetch that is not the module default, or a serve that is not the runtime global', () => {
    for (const code of [
      `export const api = { fetch(url) { new Marker(); } };`,
      `const client = { fetch() { new Marker(); } };\nexport default client;`,
      `import { Deno } from '../analysis/shim.js';\nDeno.serve((req) => { new Marker(); });`,
    ]) {
      const { ctx, node } = marker(code);
      expect(enclosingHandler(ctx, node), code).toBeUndefined();
    }
  });
});

describe('fixedIterationCount', () => {
  const countOf = (code: string) => {
    const { ctx, node } = marker(code);
    const repetition = repetitionOf(node);
    return repetition?.kind === 'loop' ? fixedIterationCount(ctx, repetition.node) : 'no loop';
  };

  it.each([
    ['for (let i = 0; i < 3; i++) new Marker();', 3],
    ['const COUNT = 4;\nfor (let i = 0; i < COUNT; i++) new Marker();', 4],
    ['for (let i = 1; i <= 2; i += 1) new Marker();', 2],
    ['for (const queue of ["mail", "thumbnails"]) new Marker(queue);', 2],
  ])('%s runs %i times', (code, count) => {
    expect(countOf(code)).toBe(count);
  });

  it.each([
    ['for (let i = 0; i < items.length; i++) new Marker();'],
    ['let count = 3;\nfor (let i = 0; i < count; i++) new Marker();'],
    ['for (let i = 0; i < 3; i++) { new Marker(); i--; }'],
    ['for (let i = 0; i < 3; i += 2) new Marker();'],
    ['for (const x of [...items]) new Marker(x);'],
    ['for (const x of items) new Marker(x);'],
    ['while (true) new Marker();'],
  ])('%s has no fixed count', (code) => {
    expect(countOf(code)).toBeUndefined();
  });
});
