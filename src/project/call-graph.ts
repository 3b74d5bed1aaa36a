import type { RepeatKind } from '../knowledge/entry-points.js';
import type { FileFacts, ImportFact } from './facts.js';
import { ValueResolver } from './resolve.js';

/** A call (or `new`, or a callback hand-over) from one node of the graph to another. */
export interface Edge {
  readonly to: number;
  /** The file and line of the call site. */
  readonly file: number;
  readonly line: number;
  /** Runs once per iteration of a loop or iteration callback in the caller. */
  readonly loop: boolean;
  readonly kind: 'call' | 'new' | 'callback';
  /** For a call or `new`: its index in the calling file's facts (whose `args` say where the arguments come from). */
  readonly call?: number;
}

export interface EntrySeed {
  readonly node: number;
  readonly kind: 'repeats' | 'once';
  readonly repeatKind?: RepeatKind;
  readonly file: number;
  readonly line: number;
  readonly description: string;
}

export interface ModuleEdge {
  readonly to: number;
  readonly kind: ImportFact['kind'];
  readonly line: number;
}

/**
 * The project's module graph and call graph. Nodes are numbered per file: `base[file]` is the
 * file's module top level, `base[file] + 1 + i` its function i.
 */
export interface ProjectGraph {
  readonly base: readonly number[];
  readonly nodeCount: number;
  readonly edges: readonly Edge[][];
  readonly callerCount: Uint32Array;
  readonly entries: readonly EntrySeed[];
  readonly constructors: ReadonlySet<number>;
  readonly imports: readonly ModuleEdge[][];
}

/**
 * Links every file's facts: resolves each import to a project file, then each call, `new`,
 * callback and registration to the function it reaches, across files.
 */
export function buildGraph(
  files: readonly string[],
  facts: readonly FileFacts[],
  resolveImport: (file: string, specifier: string) => number | undefined,
): ProjectGraph {
  const moduleMemo = files.map(() => new Map<string, number | undefined>());
  const moduleOf = (file: number, source: string): number | undefined => {
    const memo = moduleMemo[file]!;
    if (!memo.has(source)) memo.set(source, resolveImport(files[file]!, source));
    return memo.get(source);
  };
  const resolver = new ValueResolver(facts, moduleOf);
  const base: number[] = [];
  let nodeCount = 0;
  for (const fileFacts of facts) {
    base.push(nodeCount);
    nodeCount += 1 + fileFacts.functions.length;
  }
  const nodeOf = (file: number, fn: number): number => base[file]! + 1 + fn;
  const edges: Edge[][] = Array.from({ length: nodeCount }, () => []);
  const callerCount = new Uint32Array(nodeCount);
  const entries: EntrySeed[] = [];
  const constructors = new Set<number>();
  const imports: ModuleEdge[][] = [];
  const addEdge = (from: number, edge: Edge): void => {
    edges[from]!.push(edge);
    callerCount[edge.to]!++;
  };

  facts.forEach((fileFacts, file) => {
    imports.push(
      fileFacts.imports.flatMap((fact) => {
        const to = moduleOf(file, fact.source);
        return to === undefined ? [] : [{ to, kind: fact.kind, line: fact.line }];
      }),
    );
    fileFacts.classes.forEach((cls) => cls.ctor !== undefined && constructors.add(nodeOf(file, cls.ctor)));
    fileFacts.functions.forEach((fn, i) => {
      if (fn.inherits)
        addEdge(fn.parent < 0 ? base[file]! : nodeOf(file, fn.parent), {
          to: nodeOf(file, i),
          file,
          line: fn.line,
          loop: fn.inherits === 'iteration',
          kind: 'callback',
        });
    });
    for (const [callIndex, call] of fileFacts.calls.entries()) {
      let target = resolver.resolve(file, call.callee);
      if (call.isNew && target?.t === 'class') target = resolver.constructorOf(target);
      if (target?.t !== 'fn') continue;
      const from = call.from < 0 ? base[file]! : nodeOf(file, call.from);
      addEdge(from, {
        to: nodeOf(target.file, target.i),
        file,
        line: call.line,
        loop: call.loop,
        kind: call.isNew ? 'new' : 'call',
        call: callIndex,
      });
    }
    for (const entry of fileFacts.entries) {
      const target = resolver.resolve(file, entry.target);
      if (target?.t !== 'fn') continue;
      entries.push({
        node: nodeOf(target.file, target.i),
        kind: entry.kind,
        ...(entry.repeatKind ? { repeatKind: entry.repeatKind } : {}),
        file,
        line: entry.line,
        description: entry.description,
      });
    }
  });
  return { base, nodeCount, edges, callerCount, entries, constructors, imports };
}
