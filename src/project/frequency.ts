import { SERVING_REPEATS, type FrequencyKind, type RepeatKind } from '../knowledge/entry-points.js';
import type { Edge, EntrySeed, ProjectGraph } from './call-graph.js';
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

interface Seed {
  readonly node: number;
  readonly evidence: Evidence;
  readonly repeatKind?: RepeatKind;
  /** For iteration seeds: the once-chain that leads to the loop. */
  readonly prefix?: readonly Evidence[];
  /** A once seed on the way out of the process: an exit handler, a call after which the process ends. */
  readonly wayOut?: true;
}

/** Who reached each node first, breadth first: the shortest chain of calls from a seed. */
interface Reach {
  readonly seed: Int32Array;
  readonly from: Int32Array;
  readonly via: (Edge | undefined)[];
}

/**
 * Propagates how often code runs from the entry points through the call graph, for the whole
 * project at once (so each question after is a lookup). Breadth first, at most `maxDepth` calls
 * deep, each node visited once per pass (cycles end there). Precedence when several chains reach
 * a function: repeats (from a repeating entry point: per request, message, job or render before
 * per event, tick or iteration) > repeats per iteration (a loop until stopped on the way
 * from start-up) > unknown (a caller with no callers in the project: outside code may call it
 * per request) > per-instance (from a constructor nobody in the project calls) > once.
 */
export class FrequencyTable {
  private readonly repeat: Reach;
  private readonly repeatSeeds: Seed[];
  private readonly once: Reach;
  private readonly onceSeeds: Seed[];
  private readonly iteration: Reach;
  private readonly iterationSeeds: Seed[];
  private readonly unknown: Reach;
  private readonly unknownSeeds: Seed[];
  private readonly perInstance: Reach;
  private readonly perInstanceSeeds: Seed[];
  private readonly nodeFile: Int32Array;
  /** What the once seeds other than the way out reach: made when first asked (onlyOnWayOut). */
  private startup: Reach | undefined;

  constructor(
    private readonly graph: ProjectGraph,
    private readonly facts: readonly FileFacts[],
    private readonly files: readonly string[],
    private readonly maxDepth: number,
  ) {
    this.nodeFile = new Int32Array(graph.nodeCount);
    graph.base.forEach((start, file) => this.nodeFile.fill(file, start, start + 1 + facts[file]!.functions.length));
    const entrySeed = (entry: EntrySeed): Seed => ({
      node: entry.node,
      evidence: {
        file: files[entry.file]!,
        line: entry.line,
        description: entry.description,
        starts: this.nameOf(entry.node),
      },
      ...(entry.repeatKind ? { repeatKind: entry.repeatKind } : {}),
    });
    // Test files start nothing in production: their registrations, top levels and calls are not seeds.
    const { testFiles } = graph;
    const entries = graph.entries.filter((e) => !testFiles[e.file]);
    const isEntry = new Set(entries.map((e) => e.node));
    const productionCallers = new Uint32Array(graph.nodeCount);
    graph.edges.forEach((edges) => edges.forEach((edge) => testFiles[edge.file] || productionCallers[edge.to]!++));

    this.repeatSeeds = entries.filter((e) => e.kind === 'repeats').map(entrySeed);
    // A function some chain reaches per request, message, job or render says so, however short a
    // chain from an event or timer is: the client rules count only those (7-days-to-die's queue
    // helper, called per 'memUpdate' event and per action).
    this.repeat = this.reach(this.repeatSeeds, undefined, false, (s) => SERVING_REPEATS.has(s.repeatKind!));

    this.onceSeeds = [
      ...entries
        .filter((e) => e.kind === 'once')
        .map((e) => (e.wayOut ? { ...entrySeed(e), wayOut: true as const } : entrySeed(e))),
      ...graph.base.flatMap((node, file) =>
        testFiles[file] ? [] : [{ node, evidence: { file: files[file]!, line: 1, description: 'module top level' } }],
      ),
      // Lazy set-up (`if (!db) db = open()`): the callee runs until the holder is filled, once. A
      // call on the way out (`await stopAll(); process.exit(0)`) runs once too.
      ...graph.edges.flatMap((list) =>
        list
          .filter((edge) => this.callsOnce(edge) && !testFiles[edge.file])
          .map((edge) => ({
            node: edge.to,
            evidence: {
              file: files[edge.file]!,
              line: edge.line,
              description: edge.final
                ? 'shutdown path: the process ends after this call'
                : 'a lazy set-up call, made only while the value it fills is empty',
              starts: this.nameOf(edge.to),
            },
            ...(edge.final ? { wayOut: true as const } : {}),
          })),
      ),
    ];
    this.once = this.reach(this.onceSeeds, undefined, true);

    // A loop that runs until stopped on the way from start-up (while, for(;;), for await): the callee repeats.
    this.iterationSeeds = [];
    for (let node = 0; node < graph.nodeCount; node++) {
      if (this.once.seed[node]! < 0 || this.repeat.seed[node]! >= 0) continue;
      for (const edge of graph.edges[node]!) {
        if (!edge.loop || this.callsOnce(edge) || this.repeat.seed[edge.to]! >= 0) continue;
        const prefix = this.chain(this.once, this.onceSeeds, node);
        this.iterationSeeds.push({ node: edge.to, repeatKind: 'iteration', prefix, evidence: this.step(edge) });
      }
    }
    this.iteration = this.reach(this.iterationSeeds, (node) => this.repeat.seed[node]! < 0);

    this.unknownSeeds = [];
    this.perInstanceSeeds = [];
    facts.forEach((fileFacts, file) =>
      fileFacts.functions.forEach((fn, i) => {
        const node = graph.base[file]! + 1 + i;
        if (testFiles[file] || productionCallers[node]! > 0 || isEntry.has(node)) return;
        const ctor = graph.constructors.has(node);
        const outsideTests = graph.callerCount[node]! > 0 ? ' outside tests' : '';
        const description = ctor ? fn.name : `${fn.name}() has no callers in the project${outsideTests}`;
        (ctor ? this.perInstanceSeeds : this.unknownSeeds).push({
          node,
          evidence: { file: files[file]!, line: fn.line, description, starts: fn.name },
        });
      }),
    );
    this.unknown = this.reach(this.unknownSeeds);
    this.perInstance = this.reach(this.perInstanceSeeds);
  }

  /** How often function `fn` of `file` runs (-1: the module top level). */
  of(file: number, fn: number): Frequency {
    if (fn < 0)
      return { kind: 'load', evidence: [{ file: this.files[file]!, line: 1, description: 'module top level' }] };
    const node = this.graph.base[file]! + 1 + fn;
    if (this.repeat.seed[node]! >= 0) {
      const seed = this.repeatSeeds[this.repeat.seed[node]!]!;
      return {
        kind: 'repeats',
        repeatKind: seed.repeatKind!,
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
    if (!this.onceSeeds[this.once.seed[node]!]?.wayOut) return false;
    this.startup ??= this.reach(
      this.onceSeeds.filter((seed) => !seed.wayOut),
      undefined,
      true,
    );
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
    seeds: readonly Seed[],
    allow: (node: number) => boolean = () => true,
    throughOnceCalls = false,
    first: (seed: Seed) => boolean = () => true,
  ): Reach {
    const { nodeCount, edges } = this.graph;
    const seed = new Int32Array(nodeCount).fill(-1);
    const from = new Int32Array(nodeCount).fill(-1);
    const via: (Edge | undefined)[] = new Array<Edge | undefined>(nodeCount);
    for (const tier of [true, false]) {
      let frontier: number[] = [];
      seeds.forEach((s, index) => {
        if (first(s) !== tier || seed[s.node]! >= 0 || !allow(s.node)) return;
        seed[s.node] = index;
        frontier.push(s.node);
      });
      for (let depth = 0; depth < this.maxDepth && frontier.length > 0; depth++) {
        const next: number[] = [];
        for (const node of frontier) {
          for (const edge of edges[node]!) {
            if (seed[edge.to]! >= 0 || !allow(edge.to) || (!throughOnceCalls && this.callsOnce(edge))) continue;
            seed[edge.to] = seed[node]!;
            from[edge.to] = node;
            via[edge.to] = edge;
            next.push(edge.to);
          }
        }
        frontier = next;
      }
    }
    return { seed, from, via };
  }

  private chain(reach: Reach, seeds: readonly Seed[], node: number): Evidence[] {
    const steps: Evidence[] = [];
    for (let current = node; reach.from[current]! >= 0; current = reach.from[current]!)
      steps.unshift(this.step(reach.via[current]!));
    const seed = seeds[reach.seed[node]!]!;
    const evidence = [...(seed.prefix ?? []), seed.evidence, ...steps];
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
