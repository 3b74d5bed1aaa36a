import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { IndexCache, cacheKey } from '../../src/project/cache.js';
import { extractFacts } from '../../src/project/extract.js';
import { ProjectIndex, forgetProjectIndexes } from '../../src/project/index.js';
import type { FileFacts } from '../../src/project/facts.js';
import { functionCountOf, functionsJson, headOf, lazyFacts, restJson } from '../../src/project/lazy-facts.js';
import { writeTree } from '../helpers/write-tree.js';

const fixture = (name: string): string => fileURLToPath(new URL(`../fixtures/projects/${name}`, import.meta.url));

/** A copy of a fixture project in a temporary folder, so its disk cache and edits stay out of the repository. */
function copyOf(name: string): string {
  const root = mkdtempSync(join(tmpdir(), 'leakproof-lazy-'));
  cpSync(fixture(name), root, { recursive: true });
  return root;
}

const cacheDirOf = (root: string): string => join(root, 'node_modules/.cache/leakproof');

/** Every field of `facts` (a spread would miss the rest, which lazy facts read through getters), undefined ones left out as toEqual does. */
function fieldsOf(facts: FileFacts): Record<string, unknown> {
  const fields: (keyof FileFacts)[] = [
    ...(['functions', 'classes', 'imports', 'program', 'parseError'] as const),
    ...([
      'calls',
      'entries',
      'exports',
      'starExports',
      'cjsExports',
      'cjsReturns',
      'finiteTypes',
      'methodCalls',
    ] as const),
  ];
  return Object.fromEntries(fields.flatMap((field) => (facts[field] === undefined ? [] : [[field, facts[field]]])));
}

/** Each cached file's facts, as a warm run reads them, beside what parsing the file now finds. */
function cachedAndFresh(root: string): { cached: unknown; fresh: unknown }[] {
  const cached = new IndexCache(cacheDirOf(root), root, cacheKey({})).load();
  expect(cached.size).toBeGreaterThan(0);
  return [...cached].map(([path, { facts }]) => ({
    cached: fieldsOf(facts),
    fresh: extractFacts(join(root, path), readFileSync(join(root, path), 'utf8')),
  }));
}

afterEach(() => forgetProjectIndexes());

describe("each file's facts in the disk cache", () => {
  it.each(['index-express', 'index-commonjs', 'index-reexport', 'index-keys', 'index-workspace', 'index-sails'])(
    'read back by a warm run are what the cold run found (%s)',
    (name) => {
      const root = copyOf(name);
      ProjectIndex.build(root);
      for (const { cached, fresh } of cachedAndFresh(root)) expect(cached).toEqual(fresh);
    },
  );

  it("survive a rewrite of the cache after one file changed, the others' read or not", () => {
    const root = copyOf('index-express');
    ProjectIndex.build(root);
    const routes = join(root, 'src/routes/orders.ts');
    writeFileSync(routes, readFileSync(routes, 'utf8').replace("  app.post('/orders', createOrder);\n", ''));
    // The warm build parses the changed file and writes the cache again, most files' calls never parsed.
    expect(ProjectIndex.build(root).stats.parsed).toEqual(['src/routes/orders.ts']);
    for (const { cached, fresh } of cachedAndFresh(root)) expect(cached).toEqual(fresh);
  });
});

describe('lazy facts', () => {
  const facts = extractFacts(
    '/project/src/jobs.ts',
    `
      import { queue } from './queue';
      export function start() {
        setInterval(() => queue.drain(), 1000);
      }
    `,
  );

  /** Lazy facts over `of`'s JSON, counting each part's reads. */
  function lazyOf(of: FileFacts, reads = { functions: 0, rest: 0 }): FileFacts {
    return lazyFacts(headOf(of), {
      functionCount: of.functions.length,
      functions: () => {
        reads.functions++;
        return functionsJson(of);
      },
      rest: () => {
        reads.rest++;
        return restJson(of);
      },
    });
  }

  it('give the head at once and parse the functions and the rest each on first use', () => {
    const reads = { functions: 0, rest: 0 };
    const lazy = lazyOf(facts, reads);
    // The module's interface is in the head: resolving a value through the module reads nothing more.
    expect(lazy.exports).toEqual(facts.exports);
    expect(lazy.starExports).toEqual(facts.starExports);
    expect(lazy.classes).toEqual(facts.classes);
    // The graph numbers its nodes by the count alone.
    expect(functionCountOf(lazy)).toBe(facts.functions.length);
    expect(reads).toEqual({ functions: 0, rest: 0 });
    expect(lazy.functions).toEqual(facts.functions);
    expect(lazy.functions).toBe(lazy.functions);
    expect(reads).toEqual({ functions: 1, rest: 0 });
    expect(lazy.calls).toEqual(facts.calls);
    expect(lazy.entries).toEqual(facts.entries);
    expect(reads).toEqual({ functions: 1, rest: 1 });
  });

  it('leave out a program fact and a parse error the head does not have, as a parse does', () => {
    const lazy = lazyOf(facts);
    expect('program' in lazy).toBe('program' in facts);
    expect('parseError' in lazy).toBe(false);
    const broken = extractFacts('/project/src/broken.ts', '#!/usr/bin/env node\nexport const = ;\n');
    const lazyBroken = lazyOf(broken);
    expect(lazyBroken.parseError).toBe(broken.parseError);
    expect(lazyBroken.program).toEqual(broken.program);
  });

  it('hand back the text they were read from, unparsed, when the cache is written again', () => {
    const text = restJson(facts);
    const functions = functionsJson(facts);
    const lazy = lazyFacts(headOf(facts), { functionCount: 1, functions: () => functions, rest: () => text });
    expect(restJson(lazy)).toBe(text);
    expect(functionsJson(lazy)).toBe(functions);
    // Once parsed, they are written from what they hold.
    expect(lazy.calls).toEqual(facts.calls);
    expect(lazy.functions).toEqual(facts.functions);
    expect(JSON.parse(restJson(lazy))).toEqual(JSON.parse(text));
    expect(JSON.parse(functionsJson(lazy))).toEqual(JSON.parse(functions));
  });
});

describe('answers from a warm cache', () => {
  it('trace a cache key through callers in other files as a cold build does', () => {
    const root = copyOf('index-keys');
    const orders = join(root, 'src/lib/orders.ts');
    const text = readFileSync(orders, 'utf8');
    const start = text.indexOf('key', text.indexOf('orders.set('));
    const cold = ProjectIndex.build(root).keyProvenanceOf(orders, [start, start + 3], root);
    expect(cold.kind).toBe('request');
    const warm = ProjectIndex.build(root);
    expect(warm.stats.parsed).toEqual([]);
    expect(warm.keyProvenanceOf(orders, [start, start + 3], root)).toEqual(cold);
  });

  it("give how often each function runs as a cold build does, without parsing any file's calls", () => {
    const root = copyOf('index-lazy-setup');
    const db = join(root, 'src/db.js');
    const { functions } = extractFacts(db, readFileSync(db, 'utf8'));
    const cold = ProjectIndex.build(root);
    const coldAnswers = functions.map((fn) => cold.frequencyOf(db, fn.start));
    // openAdmin is called only while its holder is empty: start-up, once; openReport per request.
    expect(coldAnswers.map((answer) => answer.kind)).toContain('once');
    expect(coldAnswers.map((answer) => answer.kind)).toContain('repeats');
    forgetProjectIndexes();
    const parse = vi.spyOn(JSON, 'parse');
    try {
      const warm = ProjectIndex.build(root);
      expect(functions.map((fn) => warm.frequencyOf(db, fn.start))).toEqual(coldAnswers);
      expect(warm.stats.linked?.callsFromCache).toBe(true);
      // A file's calls are the rest of its facts, a line of JSON of its own (lazy-facts.ts): none was read.
      const restsRead = parse.mock.calls.filter(([text]) => String(text).startsWith('{"calls"'));
      expect(restsRead).toEqual([]);
    } finally {
      parse.mockRestore();
    }
  });

  it("say which program loads a file, and that it serves, as a cold build does, without parsing any file's calls", () => {
    const root = mkdtempSync(join(tmpdir(), 'leakproof-lazy-'));
    // A CLI's bin that loads routes: it serves through a registration, with no call of its own that listens.
    writeTree(root, {
      'package.json': JSON.stringify({ name: 'tool', private: true, bin: { tool: 'bin/tool.js' } }),
      'bin/tool.js': "#!/usr/bin/env node\nmodule.exports = require('../lib/routes');\n",
      'lib/routes.js': [
        "const express = require('express');",
        "const { lookUp } = require('./cache');",
        'const router = express.Router();',
        "router.get('/items/:id', (req, res) => res.json(lookUp(req.params.id)));",
        'module.exports = router;',
        '',
      ].join('\n'),
      'lib/cache.js': 'const seen = new Map();\nexports.lookUp = (id) => seen.get(id);\n',
    });
    const cache = join(root, 'lib/cache.js');
    const cold = ProjectIndex.build(root).lifetimeOf(cache);
    expect(cold).toEqual({
      shortLived: false,
      reason: 'bin/tool.js loads it: a `#!` program, but it starts serving: lib/routes.js:4 (GET /items/:id handler)',
    });
    forgetProjectIndexes();
    const parse = vi.spyOn(JSON, 'parse');
    try {
      const warm = ProjectIndex.build(root);
      expect(warm.lifetimeOf(cache)).toEqual(cold);
      expect(parse.mock.calls.filter(([text]) => String(text).startsWith('{"calls"'))).toEqual([]);
    } finally {
      parse.mockRestore();
    }
  });
});

describe('functions kept apart from the head', () => {
  it("let a warm answer about one file parse the functions of the files on its chain, not every file's", () => {
    const root = copyOf('index-express');
    const clients = join(root, 'src/lib/clients.ts');
    const at = readFileSync(clients, 'utf8').indexOf('return');
    const cold = ProjectIndex.build(root).frequencyOf(clients, at);
    expect(cold.kind).toBe('repeats');
    forgetProjectIndexes();
    const parse = vi.spyOn(JSON, 'parse');
    try {
      const warm = ProjectIndex.build(root);
      expect(warm.frequencyOf(clients, at)).toEqual(cold);
      const parsed = parse.mock.calls.map(([text]) => String(text));
      // The chain (the POST /orders handler, the service's create, makeClient) names its functions ...
      expect(parsed.some((text) => text.includes('"makeClient"'))).toBe(true);
      // ... and src/lib/legacy.ts, which no chain of this answer passes, was never parsed past its head
      // (its export's name is in the head; its private helper's is only in its functions).
      expect(parsed.filter((text) => text.includes('"normalise"'))).toEqual([]);
    } finally {
      parse.mockRestore();
    }
  });
});

describe("a module's exports in the head of its cached facts", () => {
  /** A route that calls two factories: one through two `export *` hops, one a CommonJS module's `module.exports`. */
  function factoryProject(): { root: string; routes: string; pool: string; barrel: string } {
    const root = mkdtempSync(join(tmpdir(), 'leakproof-lazy-'));
    writeTree(root, {
      'package.json': JSON.stringify({ name: 'app', private: true, type: 'module' }),
      'src/db/pool.ts': "import { Pool } from 'pg';\nexport function makePool() {\n  return new Pool();\n}\n",
      'src/db/index.ts': "export * from './pool.js';\n",
      'src/index.ts': "export * from './db/index.js';\n",
      'src/legacy.cjs':
        "const { Client } = require('pg');\nmodule.exports = function connect() {\n  return new Client();\n};\n",
      'src/routes.ts': [
        "import { makePool, makeClient } from './index.js';",
        "import connect from './legacy.cjs';",
        'export function handler() {',
        '  makePool();',
        '  makeClient();',
        '  connect();',
        '}',
        '',
      ].join('\n'),
    });
    return {
      root,
      routes: join(root, 'src/routes.ts'),
      pool: join(root, 'src/db/pool.ts'),
      barrel: join(root, 'src/db/index.ts'),
    };
  }

  /** What the route's three calls build afresh, as `index` answers. */
  const builds = (index: ProjectIndex, routes: string) => ({
    makePool: index.freshBuildOf(routes, './index.js', ['makePool'], false),
    makeClient: index.freshBuildOf(routes, './index.js', ['makeClient'], false),
    connect: index.freshBuildOf(routes, './legacy.cjs', [], false),
  });

  /** `work`'s result, and the rests of cached facts (one JSON line per file, lazy-facts.ts) it parsed. */
  function restsParsedBy<T>(work: () => T): { result: T; rests: number } {
    const parse = vi.spyOn(JSON, 'parse');
    try {
      const result = work();
      return { result, rests: parse.mock.calls.filter(([text]) => String(text).startsWith('{"calls"')).length };
    } finally {
      parse.mockRestore();
    }
  }

  it("let a warm run follow imports through `export *` chains and `module.exports` without parsing any file's rest", () => {
    const { root, routes } = factoryProject();
    const cold = builds(ProjectIndex.build(root), routes);
    expect(cold.makePool?.through.map((step) => step.name)).toEqual(['makePool()']);
    expect(cold.makePool).toMatchObject({ source: 'pg', path: ['Pool'], isNew: true });
    expect(cold.connect).toMatchObject({ source: 'pg', path: ['Client'], isNew: true });
    expect(cold.makeClient).toBeUndefined();
    const warm = restsParsedBy(() => {
      const index = ProjectIndex.build(root);
      expect(index.stats.parsed).toEqual([]);
      return builds(index, routes);
    });
    expect(warm.result).toEqual(cold);
    expect(warm.rests).toBe(0);
  });

  it('see an export added to one file of a chain, and removed again, on the next warm run', () => {
    const { root, routes, pool } = factoryProject();
    ProjectIndex.build(root);
    const before = readFileSync(pool, 'utf8');
    writeFileSync(
      pool,
      `import { Client } from 'pg';\n${before}export function makeClient() {\n  return new Client();\n}\n`,
    );
    const added = ProjectIndex.build(root);
    expect(added.stats.parsed).toEqual(['src/db/pool.ts']);
    expect(builds(added, routes).makeClient).toMatchObject({ source: 'pg', path: ['Client'], isNew: true });
    // What the warm run wrote is what a build without the cache finds.
    expect(builds(ProjectIndex.build(root), routes)).toEqual(
      builds(ProjectIndex.build(root, { cache: false }), routes),
    );
    writeFileSync(pool, before);
    const removed = ProjectIndex.build(root);
    expect(removed.stats.parsed).toEqual(['src/db/pool.ts']);
    expect(builds(removed, routes).makeClient).toBeUndefined();
    expect(builds(removed, routes).makePool).toMatchObject({ source: 'pg', path: ['Pool'] });
  });

  it('see an `export *` dropped from the middle of a chain, and the cache written again', () => {
    const { root, routes, barrel } = factoryProject();
    ProjectIndex.build(root);
    writeFileSync(barrel, 'export const name = "db";\n');
    const changed = ProjectIndex.build(root);
    expect(changed.stats.parsed).toEqual(['src/db/index.ts']);
    expect(builds(changed, routes).makePool).toBeUndefined();
    // The next run reads the changed file's interface back from the cache.
    const warm = restsParsedBy(() => builds(ProjectIndex.build(root), routes));
    expect(warm.result).toEqual(builds(ProjectIndex.build(root, { cache: false }), routes));
    expect(warm.result.makePool).toBeUndefined();
    for (const { cached, fresh } of cachedAndFresh(root)) expect(cached).toEqual(fresh);
  });
});
