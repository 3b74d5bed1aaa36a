import type { Edge } from './call-graph.js';
import { CallerTrace } from './caller-trace.js';
import type { SignalArg, SignalSource } from './facts.js';

/** How many calls outward a signal is followed, and how many callers of one function are read. */
const MAX_DEPTH = 8;
const MAX_CALLERS = 32;

/** Whether an AbortSignal parameter is fresh at every call: made per call by every caller in the project. */
export interface SignalFreshness {
  readonly fresh: boolean;
  /** Why, for a message or a test: the first reason it is not fresh, or where the callers' signals come from. */
  readonly evidence: string[];
}

type Trace = SignalFreshness | { readonly fresh: 'none'; readonly evidence: string[] };

/**
 * Follows the AbortSignal a function takes (parameter `i`, or its property `member`, named as a signal) outward to
 * every caller in the project: fresh when each one makes it per call (`new AbortController()` in
 * the calling function, `AbortSignal.timeout(ms)`), hands on its own fresh signal, or is a request
 * handler passing the request's own `signal`. Anything else (a signal kept in a field, a module's
 * controller, a caller outside the project: a library's public function) is not shown fresh.
 */
export class FreshSignalTracer extends CallerTrace {
  of(file: number, fn: number, i: number, member: string | undefined): SignalFreshness {
    const trace = this.fromParam(file, { s: 'param', fn, i, ...(member ? { member } : {}) }, 0, new Set());
    return trace.fresh === 'none' ? { fresh: false, evidence: ['the signal comes only from a recursive call'] } : trace;
  }

  private fromParam(
    file: number,
    param: Extract<SignalSource, { s: 'param' }>,
    depth: number,
    seen: Set<string>,
  ): Trace {
    const node = this.graph.base[file]! + 1 + param.fn;
    const key = `${node}:${param.i}:${param.member ?? ''}`;
    if (seen.has(key)) return { fresh: 'none', evidence: [] };
    const fn = this.facts[file]!.functions[param.fn]!;
    const what = `${fn.name}() (${this.at(file, fn.line)})`;
    const entry = this.entries.get(node);
    if (entry) {
      // A request handler's `request.signal` (fetch's Request, Next.js, Hono): aborted or dropped with the request.
      const fresh = entry.kind === 'repeats' && entry.repeatKind === 'request' && param.member === 'signal';
      return {
        fresh,
        evidence: [
          fresh
            ? `${what} is the ${entry.description}: the signal is its request's own`
            : `${what} is the ${entry.description}, which is handed the signal`,
        ],
      };
    }
    if (depth >= MAX_DEPTH) return { fresh: false, evidence: [`more than ${MAX_DEPTH} calls out from ${what}`] };
    const callers = this.callersOf(node).filter((edge) => !this.graph.testFiles[edge.file]);
    if (callers.length === 0) return { fresh: false, evidence: [`nothing in the project calls ${what}`] };
    if (callers.length > MAX_CALLERS)
      return { fresh: false, evidence: [`${what} has more than ${MAX_CALLERS} callers`] };
    const inner = new Set(seen).add(key);
    const traces = callers.map((edge) => this.fromCall(edge, param, what, depth, inner));
    const stale = traces.find((t) => t.fresh === false);
    if (stale) return stale;
    const real = traces.filter((t): t is SignalFreshness => t.fresh === true);
    return real.length === 0
      ? { fresh: 'none', evidence: [] }
      : { fresh: true, evidence: real.flatMap((t) => t.evidence).slice(0, 4) };
  }

  /** The signal call `call` of `file` returns: fresh when the function it reaches returns one made per call. */
  private fromHelper(file: number, call: number, head: string): Trace {
    const from = this.graph.base[file]! + 1 + this.facts[file]!.calls[call]!.from;
    const to = this.graph.edges[from]?.find((edge) => edge.call === call && edge.kind === 'call')?.to;
    const helper = to === undefined ? undefined : this.functionOf(to);
    const fact = helper && this.facts[helper.file]!.functions[helper.fn]!;
    if (!helper || !fact) return { fresh: false, evidence: [`${head} with a signal a call returns, not linked`] };
    const what = `${fact.name}() (${this.at(helper.file, fact.line)})`;
    return fact.freshSignal === undefined
      ? { fresh: false, evidence: [`${head} with the signal ${what} returns, not shown made per call`] }
      : { fresh: true, evidence: [`${head} with the signal ${what} returns: ${fact.freshSignal}`] };
  }

  private fromCall(
    edge: Edge,
    param: Extract<SignalSource, { s: 'param' }>,
    what: string,
    depth: number,
    seen: Set<string>,
  ): Trace {
    const head = `${what} called at ${this.at(edge.file, edge.line)}`;
    const argument = edge.call === undefined ? undefined : this.facts[edge.file]!.calls[edge.call]?.signals?.[param.i];
    const source = param.member ? memberSource(argument, param.member) : argument?.self;
    if (!source)
      return {
        fresh: false,
        evidence: [`${head} ${edge.kind === 'callback' ? 'as a callback' : 'with a signal of unknown origin'}`],
      };
    if (source.s === 'fresh') return { fresh: true, evidence: [`${head} with ${source.why}`] };
    if (source.s === 'returned') return this.fromHelper(edge.file, source.call, head);
    const trace = this.fromParam(edge.file, source, depth + 1, seen);
    return trace.fresh === 'none' ? trace : { ...trace, evidence: [head, ...trace.evidence] };
  }
}

/**
 * The signal an argument carries as property `member` of the callee's parameter: the caller's own
 * parameter handed on whole carries its property of that name; an object literal, the property it
 * names as a signal, when that is `member`.
 */
function memberSource(argument: SignalArg | null | undefined, member: string): SignalSource | undefined {
  const signal = argument?.signal;
  if (!signal) return undefined;
  if (argument.whole && signal.s === 'param') return { ...signal, member };
  return (argument.key ?? 'signal') === member ? signal : undefined;
}
