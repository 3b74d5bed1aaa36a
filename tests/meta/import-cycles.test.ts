// No import cycles in src/, rules/ and codemods/, type-only imports included: the module graph is
// the project index's own (extractFacts for the imports, ModuleResolver to resolve them), so the
// test also exercises them on a real tree.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { extractFacts } from '../../src/project/extract.js';
import { ModuleResolver } from '../../src/project/module-graph.js';
import { writeTree } from '../helpers/write-tree.js';

const root = fileURLToPath(new URL('../..', import.meta.url));

/** Each file's imports (static, type-only, re-exports, require and dynamic import) among `files`, resolved. */
function importGraph(base: string, files: readonly string[]): Map<string, string[]> {
  const absolute = new Set(files.map((file) => resolve(base, file)));
  const resolver = new ModuleResolver(base, (path) => absolute.has(path));
  const graph = new Map<string, string[]>();
  for (const file of files) {
    const path = resolve(base, file);
    const targets = extractFacts(path, readFileSync(path, 'utf8')).imports.map((fact) =>
      resolver.resolve(path, fact.source),
    );
    const inside = targets
      .filter((target): target is string => target !== undefined)
      .map((target) => relative(base, target).split('\\').join('/'));
    graph.set(file, [...new Set(inside)].sort());
  }
  return graph;
}

/**
 * One cycle per strongly connected component of `graph` (Tarjan), written from its first file in
 * sorted order and following the smallest next file, so a cycle reads the same on every run.
 */
function findCycles(graph: ReadonlyMap<string, readonly string[]>): string[] {
  const order = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const components: string[][] = [];
  const visit = (file: string): void => {
    order.set(file, order.size);
    low.set(file, order.get(file)!);
    stack.push(file);
    onStack.add(file);
    for (const next of graph.get(file) ?? []) {
      if (!order.has(next)) {
        visit(next);
        low.set(file, Math.min(low.get(file)!, low.get(next)!));
      } else if (onStack.has(next)) low.set(file, Math.min(low.get(file)!, order.get(next)!));
    }
    if (low.get(file) !== order.get(file)) return;
    const component: string[] = [];
    let member: string;
    do {
      member = stack.pop()!;
      onStack.delete(member);
      component.push(member);
    } while (member !== file);
    if (component.length > 1 || graph.get(file)?.includes(file)) components.push(component.sort());
  };
  for (const file of [...graph.keys()].sort()) if (!order.has(file)) visit(file);
  return components.map((component) => cycleThrough(graph, new Set(component), component[0]!)).sort();
}

/** A shortest path from `start` back to itself inside `component` (breadth first), as `a -> b -> a`. */
function cycleThrough(
  graph: ReadonlyMap<string, readonly string[]>,
  component: ReadonlySet<string>,
  start: string,
): string {
  const cameFrom = new Map<string, string>();
  const queue = [start];
  while (queue.length > 0) {
    const file = queue.shift()!;
    for (const next of graph.get(file) ?? []) {
      if (!component.has(next) || cameFrom.has(next)) continue;
      cameFrom.set(next, file);
      if (next === start) {
        const path = [start];
        for (let at = cameFrom.get(start)!; at !== start; at = cameFrom.get(at)!) path.unshift(at);
        return [start, ...path].join(' -> ');
      }
      queue.push(next);
    }
  }
  throw new Error(`no cycle through ${start}`);
}

describe('import cycles', () => {
  const files = execFileSync('git', ['ls-files', 'src', 'rules', 'codemods'], { cwd: root, encoding: 'utf8' })
    .split('\n')
    .filter((file) => /\.[cm]?tsx?$/.test(file) && !file.endsWith('.d.ts'));
  const cycles = findCycles(importGraph(root, files));

  it('has none in src/, rules/ and codemods/', () => {
    expect(files.length).toBeGreaterThan(50);
    expect(cycles).toEqual([]);
  });

  it('names each cycle, a type-only one included, by its files in import order', () => {
    const dir = mkdtempSync(join(tmpdir(), 'leakproof-cycles-'));
    writeTree(dir, {
      'package.json': '{ "name": "cycles", "type": "module" }',
      'a.ts': "import { b } from './b.js';\nexport const a = () => b;",
      'b.ts': "import type { C } from './c.js';\nexport const b = 1;\nexport type B = C;",
      'c.ts': "export type { B as C } from './b.js';",
      'd.ts': "import { a } from './a.js';\nexport const d = a;",
      'e.ts': "const self = await import('./e.js');\nexport default self;",
    });
    const graph = importGraph(dir, ['a.ts', 'b.ts', 'c.ts', 'd.ts', 'e.ts']);
    expect(findCycles(graph)).toEqual(['b.ts -> c.ts -> b.ts', 'e.ts -> e.ts']);
  });

  it('writes a cycle from its first file in sorted order, along the smallest next file', () => {
    const graph = new Map([
      ['z.ts', ['m.ts']],
      ['m.ts', ['a.ts', 'k.ts']],
      ['k.ts', ['z.ts']],
      ['a.ts', ['m.ts']],
    ]);
    expect(findCycles(graph)).toEqual(['a.ts -> m.ts -> a.ts']);
  });
});
