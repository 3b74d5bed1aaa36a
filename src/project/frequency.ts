import { SERVING_REPEATS, type FrequencyKind, type RepeatKind } from '../knowledge/entry-points.js';
import type { Edge, ProjectGraph } from './call-graph.js';
import type { FileFacts } from './facts.js';

export type { FrequencyKind };

/** One step of the reason: the entry point or root first, then each call on the way. */
export interface Evidence {
  readonly file: string;
  readonly line: number;
  readonly description: string;
  /** For a call step: the function called. */
  readonly calls?: string;
  /** For an entry point: the function it starts. */
  readonly starts?: string;
}

/** How often code runs, and the chain of registrations and calls that says so. */
export interface Frequency {
  readonly kind: FrequencyKind;
  readonly repeatKind?: RepeatKind;
  readonly evidence: readonly Evidence[];
  /** Set on a `once` answer when only the way out of the process reaches the code: an exit handler, a call after which the process ends. */
  readonly wayOut?: true;
}

/**
 * Where propagation starts, three numbers per seed (kind, a, b), so that what propagation found can
 * be kept on disk and a seed's evidence (which reads the names of functions) is worded only for an
 * answer that needs it: a warm run's facts keep every file's functions unparsed until asked.
 * - ENTRY: entry `a` of the graph's entries (a registration, a handler of the way out);
 * - TOP: file `a`'s module top level;
 * - ONCE_CALL: edge `b` of node `a`, a call made once (lazy set-up, the way out of the process);
 * - ITERATION: edge `b` of node `a`, a loop that runs until stopped on the way from start-up;
 * - NO_CALLERS: node `a`, a function nothing in the project outside tests calls (per instance for a constructor).
 */
const ENTRY = 0;
const TOP = 1;
const ONCE_CALL = 2;
const ITERATION = 3;
const NO_CALLERS = 4;

/** Who reached each node first, breadth first: the shortest chain of calls from a seed (seed -1: none). */
interface Reach {
  readonly seed: Int32Array;
  readonly from: Int32Array;
  /** Whether calls made once passed it on (which edge reached a node is found again from `from`: viaOf). */
  readonly throughOnceCalls: boolean;
}

/** The order of the seed lists and reaches in PropagationData. */
const PASSES = ['repeat', 'once', 'iteration', 'unknown', 'perInstance'] as const;
type Pass = (typeof PASSES)[number];

/** What propagation found, a function of the graph and the depth alone: kept with the links (link-project.ts). */
export interface PropagationData {
  readonly seeds: Readonly<Record<Pass, Int32Array>>;
  readonly reaches: Readonly<Record<Pass, Reach>>;
}

/** PropagationData as text for the links file: the arrays' lengths, and their bytes in base64. */
export interface EncodedPropagation {
  readonly lengths: readonly number[];
  readonly data: string;
}

export function encodePropagation(propagation: PropagationData): EncodedPropagation {
  const arrays = PASSES.flatMap((pass) => [
    propagation.seeds[pass],
    propagation.reaches[pass].seed,
    propagation.reaches[pass].from,
  ]);
  const bytes = Buffer.concat(arrays.map((array) => Buffer.from(array.buffer, array.byteOffset, array.byteLength)));
  return { lengths: arrays.map((array) => array.length), data: bytes.toString('base64') };
}

export function decodePropagation(encoded: EncodedPropagation): PropagationData {
  const bytes = Buffer.from(encoded.data, 'base64');
  // A copy into a buffer of its own: an Int32Array needs an aligned offset, and a decoded string's may not be.
  const all = new Int32Array(new Uint8Array(bytes).buffer);
  let offset = 0;
  const arrays: Int32Array[] = [];
  for (const length of encoded.lengths) {
    arrays.push(all.subarray(offset, offset + length));
    offset += length;
  }
  const seeds = {} as Record<Pass, Int32Array>;
  const reaches = {} as Record<Pass, Reach>;
  PASSES.forEach((pass, i) => {
    seeds[pass] = arrays[3 * i]!;
    reaches[pass] = { seed: arrays[3 * i + 1]!, from: arrays[3 * i + 2]!, throughOnceCalls: pass === 'once' };
  });
  return { seeds, reaches };
}

/**
 * Propagates how often code runs from the entry points through the call graph, for the whole
 * project at once (so each question after is a lookup). Breadth first, at most `maxDepth` calls
 * deep, each node visited once per pass (cycles end there). Precedence when several chains reach
 * a function: repeats (from a repeating entry point: per request, message, job or render before
 * per event, tick or iteration) > repeats per iteration (a loop until stopped on the way
 * from start-up) > unknown (a caller with no callers in the project: outside code may call it
 * per request) > per-instance (from a constructor nobody in the project calls) > once.
 * `known`, what an earlier propagation over the same graph and depth found, is taken as it is.
 */
export class FrequencyTable {
  readonly propagation: PropagationData;
  private readonly repeat: Reach;
  private readonly repeatSeeds: Int32Array;
  private readonly once: Reach;
  private readonly onceSeeds: Int32Array;
  private readonly iteration: Reach;
  private readonly iterationSeeds: Int32Array;
  private readonly unknown: Reach;
  private readonly unknownSeeds: Int32Array;
  private readonly perInstance: Reach;
  private readonly perInstanceSeeds: Int32Array;
  private readonly nodeFile: Int32Array;
  /** What the once seeds other than the way out reach: made when first asked (onlyOnWayOut). */
  private startup: Reach | undefined;

  constructor(
    private readonly graph: ProjectGraph,
    private readonly facts: readonly FileFacts[],
    private readonly files: readonly string[],
    private readonly maxDepth: number,
    known?: PropagationData,
  ) {
    this.nodeFile = new Int32Array(graph.nodeCount);
    graph.base.forEach((start, file) => this.nodeFile.fill(file, start, graph.base[file + 1] ?? graph.nodeCount));
    this.propagation = known ?? this.propagate();
    const { seeds, reaches } = this.propagation;
    this.repeatSeeds = seeds.repeat;
    this.repeat = reaches.repeat;
    this.onceSeeds = seeds.once;
    this.once = reaches.once;
    this.iterationSeeds = seeds.iteration;
    this.iteration = reaches.iteration;
    this.unknownSeeds = seeds.unknown;
    this.unknown = reaches.unknown;
    this.perInstanceSeeds = seeds.perInstance;
    this.perInstance = reaches.perInstance;
  }

  private propagate(): PropagationData {
    const { graph } = this;
    // Test files start nothing in production: their registrations, top levels and calls are not seeds.
    const { testFiles } = graph;
    const entries: number[] = [];
    graph.entries.forEach((entry, i) => testFiles[entry.file] || entries.push(i));
    const isEntry = new Set(entries.map((i) => graph.entries[i]!.node));
    const productionCallers = new Uint32Array(graph.nodeCount);
    graph.edges.forEach((edges) => edges.forEach((edge) => testFiles[edge.file] || productionCallers[edge.to]!++));

    const repeatSeeds = Int32Array.from(
      entries.filter((i) => graph.entries[i]!.kind === 'repeats').flatMap((i) => [ENTRY, i, 0]),
    );
    // A function some chain reaches per request, message, job or render says so, however short a
    // chain from an event or timer is: the client rules count only those (7-days-to-die's queue
    // helper, called per 'memUpdate' event and per action).
    const repeat = this.reach(repeatSeeds, undefined, false, (i) =>
      SERVING_REPEATS.has(this.repeatKindOf(repeatSeeds, i)!),
    );

    const onceSeeds: number[] = [];
    for (const i of entries) if (graph.entries[i]!.kind === 'once') onceSeeds.push(ENTRY, i, 0);
    graph.base.forEach((_, file) => testFiles[file] || onceSeeds.push(TOP, file, 0));
    // Lazy set-up (`if (!db) db = open()`): the callee runs until the holder is filled, once. A
    // call on the way out (`await stopAll(); process.exit(0)`) runs once too.
    graph.edges.forEach((list, from) =>
      list.forEach((edge, i) => this.callsOnce(edge) && !testFiles[edge.file] && onceSeeds.push(ONCE_CALL, from, i)),
    );
    const onceList = Int32Array.from(onceSeeds);
    const once = this.reach(onceList, undefined, true);

    // A loop that runs until stopped on the way from start-up (while, for(;;), for await): the callee repeats.
    const iterationSeeds: number[] = [];
    for (let node = 0; node < graph.nodeCount; node++) {
      if (once.seed[node]! < 0 || repeat.seed[node]! >= 0) continue;
      graph.edges[node]!.forEach((edge, i) => {
        if (edge.loop && !this.callsOnce(edge) && repeat.seed[edge.to]! < 0) iterationSeeds.push(ITERATION, node, i);
      });
    }
    const iterationList = Int32Array.from(iterationSeeds);
    const iteration = this.reach(iterationList, (node) => repeat.seed[node]! < 0);

    const unknownSeeds: number[] = [];
    const perInstanceSeeds: number[] = [];
    graph.base.forEach((start, file) => {
      if (testFiles[file]) return;
      for (let node = start + 1; node < (graph.base[file + 1] ?? graph.nodeCount); node++) {
        if (productionCallers[node]! > 0 || isEntry.has(node)) continue;
        (graph.constructors.has(node) ? perInstanceSeeds : unknownSeeds).push(NO_CALLERS, node, 0);
      }
    });
    const unknownList = Int32Array.from(unknownSeeds);
    const perInstanceList = Int32Array.from(perInstanceSeeds);
    return {
      seeds: {
        repeat: repeatSeeds,
        once: onceList,
        iteration: iterationList,
        unknown: unknownList,
        perInstance: perInstanceList,
      },
      reaches: {
        repeat,
        once,
        iteration,
        unknown: this.reach(unknownList),
        perInstance: this.reach(perInstanceList),
      },
    };
  }

  /** The node seed `i` of `seeds` starts at. */
  private seedNode(seeds: Int32Array, i: number): number {
    const [kind, a, b] = [seeds[3 * i]!, seeds[3 * i + 1]!, seeds[3 * i + 2]!];
    if (kind === ENTRY) return this.graph.entries[a]!.node;
    if (kind === TOP) return this.graph.base[a]!;
    if (kind === ONCE_CALL || kind === ITERATION) return this.graph.edges[a]![b]!.to;
    return a;
  }

  private repeatKindOf(seeds: Int32Array, i: number): RepeatKind | undefined {
    const kind = seeds[3 * i]!;
    if (kind === ITERATION) return 'iteration';
    return kind === ENTRY ? this.graph.entries[seeds[3 * i + 1]!]!.repeatKind : undefined;
  }

  /** A once seed on the way out of the process: an exit handler, a call after which the process ends. */
  private onWayOut(seeds: Int32Array, i: number): boolean {
    const [kind, a, b] = [seeds[3 * i]!, seeds[3 * i + 1]!, seeds[3 * i + 2]!];
    if (kind === ENTRY) return this.graph.entries[a]!.wayOut === true;
    return kind === ONCE_CALL && this.graph.edges[a]![b]!.final === true;
  }

  /** The evidence a chain from seed `i` of `seeds` starts with (for an iteration seed, the once-chain to its loop first). */
  private seedEvidence(seeds: Int32Array, i: number): Evidence[] {
    const [kind, a, b] = [seeds[3 * i]!, seeds[3 * i + 1]!, seeds[3 * i + 2]!];
    const { graph, files } = this;
    switch (kind) {
      case ENTRY: {
        const entry = graph.entries[a]!;
        const starts = this.nameOf(entry.node);
        return [{ file: files[entry.file]!, line: entry.line, description: entry.description, starts }];
      }
      case TOP:
        return [{ file: files[a]!, line: 1, description: 'module top level' }];
      case ONCE_CALL: {
        const edge = graph.edges[a]![b]!;
        const description = edge.final
          ? 'shutdown path: the process ends after this call'
          : 'a lazy set-up call, made only while the value it fills is empty';
        return [{ file: files[edge.file]!, line: edge.line, description, starts: this.nameOf(edge.to) }];
      }
      case ITERATION:
        return [...this.chain(this.once, this.onceSeeds, a), this.step(graph.edges[a]![b]!)];
      default: {
        const file = this.nodeFile[a]!;
        const fn = this.facts[file]!.functions[a - graph.base[file]! - 1]!;
        const ctor = graph.constructors.has(a);
        const outsideTests = graph.callerCount[a]! > 0 ? ' outside tests' : '';
        const description = ctor ? fn.name : `${fn.name}() has no callers in the project${outsideTests}`;
        return [{ file: files[file]!, line: fn.line, description, starts: fn.name }];
      }
    }
  }

  /** How often function `fn` of `file` runs (-1: the module top level). */
  of(file: number, fn: number): Frequency {
    if (fn < 0)
      return { kind: 'load', evidence: [{ file: this.files[file]!, line: 1, description: 'module top level' }] };
    const node = this.graph.base[file]! + 1 + fn;
    if (this.repeat.seed[node]! >= 0) {
      return {
        kind: 'repeats',
        repeatKind: this.repeatKindOf(this.repeatSeeds, this.repeat.seed[node]!)!,
        evidence: this.chain(this.repeat, this.repeatSeeds, node),
      };
    }
    if (this.iteration.seed[node]! >= 0)
      return {
        kind: 'repeats',
        repeatKind: 'iteration',
        evidence: this.chain(this.iteration, this.iterationSeeds, node),
      };
    if (this.unknown.seed[node]! >= 0)
      return { kind: 'unknown', evidence: this.chain(this.unknown, this.unknownSeeds, node) };
    if (this.perInstance.seed[node]! >= 0)
      return { kind: 'per-instance', evidence: this.chain(this.perInstance, this.perInstanceSeeds, node) };
    if (this.once.seed[node]! >= 0)
      return {
        kind: 'once',
        evidence: this.chain(this.once, this.onceSeeds, node),
        ...(this.onlyOnWayOut(node) ? { wayOut: true as const } : {}),
      };
    const fact = this.facts[file]!.functions[fn]!;
    return {
      kind: 'unknown',
      evidence: [
        {
          file: this.files[file]!,
          line: fact.line,
          description: `${fact.name}: reached only through a cycle or more than ${this.maxDepth} calls deep`,
        },
      ],
    };
  }

  /**
   * Whether the once seeds that reach `node` are all on the way out (an exit handler, a call after
   * which the process ends): nothing at start-up reaches it. The reach of the other once seeds is
   * made on the first such question, which most projects never ask.
   */
  private onlyOnWayOut(node: number): boolean {
    const { onceSeeds } = this;
    if (!this.onWayOut(onceSeeds, this.once.seed[node]!)) return false;
    if (!this.startup) {
      const startupSeeds: number[] = [];
      for (let i = 0; 3 * i < onceSeeds.length; i++)
        if (!this.onWayOut(onceSeeds, i)) startupSeeds.push(...onceSeeds.subarray(3 * i, 3 * i + 3));
      this.startup = this.reach(Int32Array.from(startupSeeds), undefined, true);
    }
    return this.startup.seed[node]! < 0;
  }

  /**
   * A call that fills an empty holder (CallFact `lazy`), or one on the way out of the process (Edge
   * `final`): its callee does not run as often as its caller, but once.
   */
  private callsOnce(edge: Edge): boolean {
    return edge.lazy === true || edge.final === true;
  }

  /**
   * Breadth first from `seeds`; a call made once (lazy set-up, the way out) passes on only start-up
   * frequency (`throughOnceCalls`). The seeds `first` picks reach all they can before the others start.
   */
  private reach(
    seeds: Int32Array,
    allow: (node: number) => boolean = () => true,
    throughOnceCalls = false,
    first: (seed: number) => boolean = () => true,
  ): Reach {
    const { nodeCount, edges } = this.graph;
    const seed = new Int32Array(nodeCount).fill(-1);
    const from = new Int32Array(nodeCount).fill(-1);
    for (const tier of [true, false]) {
      let frontier: number[] = [];
      for (let index = 0; 3 * index < seeds.length; index++) {
        const node = this.seedNode(seeds, index);
        if (first(index) !== tier || seed[node]! >= 0 || !allow(node)) continue;
        seed[node] = index;
        frontier.push(node);
      }
      for (let depth = 0; depth < this.maxDepth && frontier.length > 0; depth++) {
        const next: number[] = [];
        for (const node of frontier) {
          for (const edge of edges[node]!) {
            if (seed[edge.to]! >= 0 || !allow(edge.to) || (!throughOnceCalls && this.callsOnce(edge))) continue;
            seed[edge.to] = seed[node]!;
            from[edge.to] = node;
            next.push(edge.to);
          }
        }
        frontier = next;
      }
    }
    return { seed, from, throughOnceCalls };
  }

  /**
   * The edge by which `reach` first came to `node`: the first of its predecessor's edges to `node`
   * that the pass could take (every edge to `node` meets the same `allow`, and edges are taken in order).
   */
  private viaOf(reach: Reach, node: number): Edge {
    const edges = this.graph.edges[reach.from[node]!]!;
    return edges.find((edge) => edge.to === node && (reach.throughOnceCalls || !this.callsOnce(edge)))!;
  }

  private chain(reach: Reach, seeds: Int32Array, node: number): Evidence[] {
    const steps: Evidence[] = [];
    for (let current = node; reach.from[current]! >= 0; current = reach.from[current]!)
      steps.unshift(this.step(this.viaOf(reach, current)));
    const evidence = [...this.seedEvidence(seeds, reach.seed[node]!), ...steps];
    // Start-up: the module top level is named at its first call rather than at line 1.
    const top = evidence.findIndex((e) => e.description === 'module top level');
    if (top >= 0 && evidence[top + 1]) evidence[top] = { ...evidence[top]!, line: evidence[top + 1]!.line };
    return evidence;
  }

  private nameOf(node: number): string {
    const file = this.nodeFile[node]!;
    return this.facts[file]!.functions[node - this.graph.base[file]! - 1]?.name ?? 'module top level';
  }

  private step(edge: Edge): Evidence {
    const name = this.nameOf(edge.to);
    const description =
      edge.kind === 'callback'
        ? `passes ${name} as a callback`
        : edge.kind === 'new'
          ? `constructs ${name.replace(/ constructor$/, '')}`
          : `calls ${name}()`;
    return { file: this.files[edge.file]!, line: edge.line, description, calls: name };
  }
}
