import { relative } from 'node:path';
import type { Edge, EntrySeed, ProjectGraph } from './call-graph.js';
import { lineAt, type FileFacts } from './facts.js';

/**
 * What a tracer that follows a value outward through the callers needs: the entry point a
 * function is (if any, outside tests), the calls into it, and `path:line` for evidence. Key
 * provenance (provenance.ts) and signal freshness (fresh-signal.ts) both walk this way.
 */
export abstract class CallerTrace {
  /** The entry point each function is, outside tests (a repeating registration wins over a once one). */
  protected readonly entries: ReadonlyMap<number, EntrySeed>;

  constructor(
    protected readonly graph: ProjectGraph,
    protected readonly facts: readonly FileFacts[],
    protected readonly files: readonly string[],
    protected readonly cwd: string,
  ) {
    this.entries = entriesOf(graph);
  }

  protected at(file: number, line: number): string {
    return `${relative(this.cwd, this.files[file]!).split('\\').join('/')}:${line}`;
  }

  /** The file and function index of `node`, a function of the linked graph; undefined for a file's top level. */
  protected functionOf(node: number): { file: number; fn: number } | undefined {
    // The last file whose first node is at or before `node`: the same search as a line's start.
    const file = lineAt(this.graph.base, node) - 1;
    const fn = node - this.graph.base[file]! - 1;
    return fn >= 0 ? { file, fn } : undefined;
  }

  /** The calls into `node` (a function of the linked graph), from every file. */
  protected callersOf(node: number): Edge[] {
    let incoming = incomingEdges.get(this.graph);
    if (!incoming) {
      incoming = Array.from({ length: this.graph.nodeCount }, () => []);
      for (const edges of this.graph.edges) for (const edge of edges) incoming[edge.to]!.push(edge);
      incomingEdges.set(this.graph, incoming);
    }
    return incoming[node]!;
  }
}

/** Each linked graph's callers, by callee: built once per graph, since a rule asks about every key of a file. */
const incomingEdges = new WeakMap<ProjectGraph, Edge[][]>();

/** Each linked graph's entry points by function node: built once per graph, as a tracer is made per question. */
const entryPoints = new WeakMap<ProjectGraph, Map<number, EntrySeed>>();

function entriesOf(graph: ProjectGraph): ReadonlyMap<number, EntrySeed> {
  let entries = entryPoints.get(graph);
  if (!entries) {
    entries = new Map();
    for (const entry of graph.entries)
      if (!graph.testFiles[entry.file] && (!entries.has(entry.node) || entry.kind === 'repeats'))
        entries.set(entry.node, entry);
    entryPoints.set(graph, entries);
  }
  return entries;
}
