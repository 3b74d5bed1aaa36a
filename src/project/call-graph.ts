import { isTestPath } from '../core/file-role.js';
import type { RepeatKind } from '../knowledge/entry-points.js';
import { TEST_MODULES } from '../knowledge/test-frameworks.js';
import type { EntryFact, FileFacts, ImportFact } from './facts.js';
import { ValueResolver } from './resolve.js';
import { HandedCallbacks } from './handed-callbacks.js';
import { callsEndTheProcess, endsTheProcess } from './process-end.js';
import { linkMethodCalls } from './method-calls.js';
import { functionCountOf } from './lazy-facts.js';

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
  /**
   * A call that fills an empty holder (CallFact `lazy`): its callee does not run as often as its
   * caller. Kept on the edge so propagation need not read every file's calls (a warm run's graph
   * comes from the links file, and the calls stay unparsed: lazy-facts.ts).
   */
  readonly lazy?: true;
  /**
   * A call on the way out of the process (process-end.ts): its callee ends the process on every
   * path, or every path after the call does. Its callee runs once, whatever runs the caller.
   */
  readonly final?: true;
}

export interface EntrySeed {
  readonly node: number;
  readonly kind: 'repeats' | 'once';
  readonly repeatKind?: RepeatKind;
  readonly file: number;
  readonly line: number;
  readonly description: string;
  /** Fields of the handler's argument the program sets itself (EntryFact's). */
  readonly programState?: readonly string[];
  /** A handler of the process's way out (EntryFact's). */
  readonly wayOut?: true;
}

/** An edge while it is made: its optional fields are assigned, not spread (a spread's object per call is garbage; 34,158 edges on joplin). */
type MutableEdge = { -readonly [K in keyof Edge]: Edge[K] };

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
  /** Test files (by path under the root, or a test framework imported): not entry points for production code. */
  readonly testFiles: readonly boolean[];
}

/**
 * Links every file's facts: resolves each import to a project file, then each call, `new`,
 * callback and registration to the function it reaches, across files.
 */
export function buildGraph(
  files: readonly string[],
  facts: readonly FileFacts[],
  /** The project file (its index) a specifier imported from a file names; memoised by the caller. */
  moduleOf: (file: number, specifier: string) => number | undefined,
  root?: string,
  /** The calls linked by an earlier build over the same facts and resolutions (see encodeCalls): not linked again. */
  known?: LinkedCalls,
  /** The caller's resolver over the same facts, so its export tables are built once for the graph and the rules. */
  resolver: ValueResolver = new ValueResolver(facts, moduleOf),
): ProjectGraph {
  const base: number[] = [];
  let nodeCount = 0;
  for (const fileFacts of facts) {
    base.push(nodeCount);
    // The count alone: a warm run's facts keep their functions unparsed until a question needs them (lazy-facts.ts).
    nodeCount += 1 + functionCountOf(fileFacts);
  }
  const nodeOf = (file: number, fn: number): number => base[file]! + 1 + fn;
  const edges: Edge[][] = Array.from({ length: nodeCount }, () => []);
  const callerCount = new Uint32Array(nodeCount);
  const entries: EntrySeed[] = [];
  const constructors = new Set<number>();
  const imports: ModuleEdge[][] = [];
  /** Registration wrappers: a function whose parameter `param` it registers (see wrapperEntries). */
  const wrappers = new Map<number, (EntryFact & { param: number })[]>();
  const linkedCalls: LinkedCall[] = [];
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
  });
  const testFiles = files.map(
    (file, i) => isTestPath(file, root) || facts[i]!.imports.some((fact) => TEST_MODULES.has(fact.source)),
  );
  if (known) {
    decodeEdges(known.edges, addEdge);
    return { base, nodeCount, edges, callerCount, entries: [...known.entries], constructors, imports, testFiles };
  }

  // A function handed to a call of the project's own runs with that call only if the callee runs it then.
  const handed = new HandedCallbacks(facts, resolver);
  const runsWhenHanded = (file: number, to: [number, number] | undefined): boolean =>
    to === undefined || handed.runsNow(file, to[0], to[1]);
  const ending = new Map<number, boolean>();
  const endsProcess = (file: number, fn: number): boolean => {
    const node = nodeOf(file, fn);
    let ends = ending.get(node);
    if (ends === undefined) ending.set(node, (ends = endsTheProcess(facts, resolver, file, fn)));
    return ends;
  };
  facts.forEach((fileFacts, file) => {
    fileFacts.functions.forEach((fn, i) => {
      if (fn.inherits && runsWhenHanded(file, fn.handedTo))
        addEdge(fn.parent < 0 ? base[file]! : nodeOf(file, fn.parent), {
          to: nodeOf(file, i),
          file,
          line: fn.line,
          loop: fn.inherits === 'iteration',
          kind: 'callback',
        });
    });
    for (const [callIndex, call] of fileFacts.calls.entries()) {
      let target = resolver.callee(file, call.callee);
      if (call.isNew && target?.t === 'class') target = resolver.constructorOf(target);
      if (target?.t !== 'fn') continue;
      if (call.fnArgs || call.args) linkedCalls.push({ file, call: callIndex, to: nodeOf(target.file, target.i) });
      if (!runsWhenHanded(file, call.handedTo)) continue;
      const from = call.from < 0 ? base[file]! : nodeOf(file, call.from);
      const final =
        !call.isNew &&
        (endsProcess(target.file, target.i) ||
          (call.endsAfter !== undefined && callsEndTheProcess(facts, resolver, file, call.endsAfter)));
      const edge: MutableEdge = {
        to: nodeOf(target.file, target.i),
        file,
        line: call.line,
        loop: call.loop,
        kind: call.isNew ? 'new' : 'call',
        call: callIndex,
      };
      if (call.lazy) edge.lazy = true;
      if (final) edge.final = true;
      addEdge(from, edge);
    }
    for (const entry of fileFacts.entries) {
      if (entry.viaParam) {
        const wrapper = nodeOf(file, entry.viaParam.fn);
        wrappers.set(wrapper, [...(wrappers.get(wrapper) ?? []), { ...entry, param: entry.viaParam.i }]);
        continue;
      }
      const target = resolver.callee(file, entry.target);
      if (target?.t !== 'fn') continue;
      entries.push({
        node: nodeOf(target.file, target.i),
        kind: entry.kind,
        ...(entry.repeatKind ? { repeatKind: entry.repeatKind } : {}),
        file,
        line: entry.line,
        description: entry.description,
        ...(entry.programState ? { programState: entry.programState } : {}),
        ...(entry.wayOut ? { wayOut: true as const } : {}),
      });
    }
  });
  linkMethodCalls(facts, testFiles, nodeOf, edges, addEdge, (file, fn) => (fn < 0 ? base[file]! : nodeOf(file, fn)));
  entries.push(...wrapperEntries(facts, base, resolver, wrappers, linkedCalls));
  return { base, nodeCount, edges, callerCount, entries, constructors, imports, testFiles };
}

/**
 * The part of a graph that costs to link (every call, `new`, callback and registration resolved
 * across files), as plain JSON for the disk cache: valid while every file's facts and every import's
 * resolution are the same (src/project/link-cache.ts keys it so). Edges are flat, six numbers each
 * (from, to, file, line, flags: kind, final, lazy and loop, call), in the order they were added, so propagation, which is
 * breadth first and keeps the first chain found, gives the same evidence from a cached graph.
 */
export interface LinkedCalls {
  readonly edges: readonly number[];
  readonly entries: readonly EntrySeed[];
}

const EDGE_KINDS: readonly Edge['kind'][] = ['call', 'new', 'callback'];

export function encodeCalls(graph: ProjectGraph): LinkedCalls {
  const edges: number[] = [];
  graph.edges.forEach((list, from) => {
    for (const edge of list)
      edges.push(
        from,
        edge.to,
        edge.file,
        edge.line,
        EDGE_KINDS.indexOf(edge.kind) * 8 + (edge.final ? 4 : 0) + (edge.lazy ? 2 : 0) + (edge.loop ? 1 : 0),
        edge.call ?? -1,
      );
  });
  return { edges, entries: graph.entries };
}

function decodeEdges(flat: readonly number[], addEdge: (from: number, edge: Edge) => void): void {
  for (let i = 0; i + 5 < flat.length; i += 6) {
    const flags = flat[i + 4]!;
    const call = flat[i + 5]!;
    // Optional fields assigned, not spread (as buildGraph does): the same object, in a third less time.
    const edge: MutableEdge = {
      to: flat[i + 1]!,
      file: flat[i + 2]!,
      line: flat[i + 3]!,
      loop: (flags & 1) === 1,
      kind: EDGE_KINDS[flags >> 3]!,
    };
    if (call >= 0) edge.call = call;
    if ((flags & 2) === 2) edge.lazy = true;
    if ((flags & 4) === 4) edge.final = true;
    addEdge(flat[i]!, edge);
  }
}

interface LinkedCall {
  readonly file: number;
  /** Its index in the file's calls. */
  readonly call: number;
  /** The node it calls. */
  readonly to: number;
}

/** How many wrappers deep a registration is followed (`onInvoke` wrapping `ipcMain.handle`, wrapped again). */
const MAX_WRAPPER_DEPTH = 3;

/**
 * A project's own registration helpers: `function onInvoke(channel, fn) { ipcMain.handle(channel, fn) }`
 * registers whatever its callers pass as `fn`, so each function passed there is an entry point of
 * the same kind. A caller that passes its own parameter on is a wrapper in turn.
 */
function wrapperEntries(
  facts: readonly FileFacts[],
  base: readonly number[],
  resolver: ValueResolver,
  wrappers: Map<number, (EntryFact & { param: number })[]>,
  calls: readonly LinkedCall[],
): EntrySeed[] {
  const found: EntrySeed[] = [];
  let current = wrappers;
  for (let depth = 0; depth < MAX_WRAPPER_DEPTH && current.size > 0; depth++) {
    const next = new Map<number, (EntryFact & { param: number })[]>();
    for (const linked of calls) {
      const registered = current.get(linked.to);
      if (!registered) continue;
      const call = facts[linked.file]!.calls[linked.call]!;
      for (const entry of registered) {
        const description = `${entry.description} (through ${nameOf(facts, base, linked.to)}())`;
        const passed = call.fnArgs?.[entry.param];
        const target = passed ? resolver.callee(linked.file, passed) : undefined;
        if (target?.t === 'fn') {
          found.push({
            node: base[target.file]! + 1 + target.i,
            kind: entry.kind,
            ...(entry.repeatKind ? { repeatKind: entry.repeatKind } : {}),
            file: linked.file,
            line: call.line,
            description,
          });
          continue;
        }
        // The caller passes its own parameter on: it is a wrapper too.
        const origin = call.args?.[entry.param];
        const param = origin?.o === 'params' && origin.ps.length === 1 ? origin.ps[0]! : undefined;
        if (param && call.from === param.fn && /^[\w$]+$/.test(param.path)) {
          const wrapper = base[linked.file]! + 1 + param.fn;
          next.set(wrapper, [...(next.get(wrapper) ?? []), { ...entry, description, param: param.i }]);
        }
      }
    }
    current = next;
  }
  return found;
}

function nameOf(facts: readonly FileFacts[], base: readonly number[], node: number): string {
  let file = 0;
  while (file + 1 < base.length && base[file + 1]! <= node) file++;
  return facts[file]!.functions[node - base[file]! - 1]?.name ?? 'module top level';
}
