import type { RepeatKind } from '../knowledge/entry-points.js';
import { RESPONSE_PARAMETER_NAMES } from '../knowledge/request-context.js';
import { CallerTrace } from './caller-trace.js';
import type { Origin, ParamRef } from './facts.js';

/**
 * Entry points whose parameters carry outside input: a request, a message or job payload, a
 * socket's data ('message', 'data': MESSAGE_EVENTS). Not any event: an in-process emitter's
 * 'testEnd' or 'change' carries what the program emitted itself (set 18: a tracer's test-runner
 * hooks keyed by test file were taken for request-keyed caches).
 */
const INPUT_KINDS: ReadonlySet<RepeatKind> = new Set(['request', 'message', 'job']);
/** How many calls outward a parameter is followed, and how many callers of one function are read. */
const MAX_DEPTH = 8;
const MAX_CALLERS = 32;

/** Where a cache key comes from, with the chain of reasons (the key's own expression first). */
export interface KeyProvenance {
  /** `request`: from outside input (a handler's request, a message, a job, socket data, a Lambda event); `finite`: literals, enums, configuration, constant lists. */
  readonly kind: 'request' | 'finite' | 'unknown';
  /** For `request`: the kind of entry point the input arrives through. */
  readonly inputKind?: RepeatKind;
  readonly evidence: string[];
}

/** `none`: a path that adds nothing (a recursive call back into the function being followed). */
type Trace = KeyProvenance | { readonly kind: 'none'; readonly evidence: string[] };

/**
 * Follows a key's origin outward through the call graph: a parameter of a handler is request
 * input; a parameter of a helper is whatever its callers pass (any request-derived caller makes
 * it request-derived, then any unknown one unknown; all finite, finite); a parameter nobody in the
 * project passes (a library's API) is unknown.
 */
export class ProvenanceTracer extends CallerTrace {
  of(file: number, origin: Origin): KeyProvenance {
    const trace = this.fromOrigin(file, origin, 0, new Set());
    return trace.kind === 'none' ? { kind: 'unknown', evidence: ['the key comes only from a recursive call'] } : trace;
  }

  private fromOrigin(file: number, origin: Origin, depth: number, seen: Set<string>): Trace {
    if (origin.o !== 'params') return { kind: origin.o, evidence: [origin.why] };
    return strongest(origin.ps.map((param) => this.fromParam(file, param, depth, seen)));
  }

  /**
   * A loop counter bounded by a parameter (`for (let i = 0; i < n; i++)`) is as wide as its
   * bound: request input there keeps it a request key; any other bound, finite or unknown, spares
   * it, since the counter's values repeat on every pass rather than grow with each call.
   */
  private fromParam(file: number, param: ParamRef, depth: number, seen: Set<string>): Trace {
    const trace = this.fromCallers(file, param, depth, seen);
    if (param.counter === undefined || trace.kind === 'none') return trace;
    if (trace.kind === 'request') return { ...trace, evidence: [param.counter, ...trace.evidence] };
    return {
      kind: 'finite',
      evidence: [
        `${param.counter}: it takes no more values than its bound, which is not request input`,
        ...trace.evidence,
      ],
    };
  }

  private fromCallers(file: number, param: ParamRef, depth: number, seen: Set<string>): Trace {
    const node = this.graph.base[file]! + 1 + param.fn;
    const key = `${node}:${param.i}`;
    if (seen.has(key)) return { kind: 'none', evidence: [] };
    const fn = this.facts[file]!.functions[param.fn]!;
    const what = `\`${param.path}\` comes from parameter ${param.i + 1} of`;
    const entry = this.entries.get(node);
    if (entry) {
      const evidence = [`${what} the ${entry.description} (${this.at(entry.file, entry.line)})`];
      if (entry.repeatKind === 'request' && readsResponse(param))
        return { kind: 'unknown', evidence: [`${evidence[0]!}, its response: state the program set, not input`] };
      const state = programStateRead(param, entry.programState);
      if (state !== undefined)
        return { kind: 'unknown', evidence: [`${evidence[0]!}, its \`${state}\`: state the program set, not input`] };
      return entry.kind === 'repeats' && entry.repeatKind && INPUT_KINDS.has(entry.repeatKind)
        ? { kind: 'request', inputKind: entry.repeatKind, evidence }
        : { kind: 'unknown', evidence: [`${evidence[0]!}, whose arguments are not outside input`] };
    }
    if (param.i === 0 && fn.elements) {
      const inner = this.fromOrigin(file, fn.elements, depth + 1, seen);
      return {
        ...inner,
        evidence: [
          `\`${param.path}\` is each element iterated by ${fn.name === 'anonymous function' ? 'a callback' : `${fn.name}()`} (${this.at(file, fn.line)})`,
          ...inner.evidence,
        ],
      };
    }
    if (depth >= MAX_DEPTH)
      return {
        kind: 'unknown',
        evidence: [`${what} ${fn.name}(), more than ${MAX_DEPTH} calls from where the key is used`],
      };
    // A test's calls say nothing of what production passes.
    const all = this.callersOf(node);
    const callers = all.filter((edge) => !this.graph.testFiles[edge.file]);
    if (callers.length === 0)
      return {
        kind: 'unknown',
        evidence: [
          `${what} ${fn.name}() (${this.at(file, fn.line)}), which nothing in the project calls${all.length > 0 ? ' outside tests' : ''}`,
        ],
      };
    const inner = new Set(seen).add(key);
    const traces = callers.slice(0, MAX_CALLERS).map((edge): Trace => {
      const head = `${what} ${fn.name}() (${this.at(file, fn.line)}), called at ${this.at(edge.file, edge.line)}`;
      const argument = edge.call === undefined ? undefined : this.facts[edge.file]!.calls[edge.call]?.args?.[param.i];
      if (!argument)
        return {
          kind: 'unknown',
          evidence: [`${head} ${edge.kind === 'callback' ? 'as a callback' : 'with a value of unknown origin'}`],
        };
      const trace = this.fromOrigin(edge.file, argument, depth + 1, inner);
      return { ...trace, evidence: [head, ...trace.evidence] };
    });
    return strongest(traces);
  }
}

/** `res.locals.plan.size`: a read of a request handler's response object, after its first parameter. */
function readsResponse(param: ParamRef): boolean {
  const root = /^[A-Za-z_$][\w$]*/.exec(param.path)?.[0];
  return param.i > 0 && root !== undefined && RESPONSE_PARAMETER_NAMES.has(root);
}

/**
 * `context.DB_URL` in a Remix loader (`{ context }` destructured, or `args.context.DB_URL`): the
 * field of the handler's argument the program sets itself, when the path reads one; else undefined.
 */
function programStateRead(param: ParamRef, fields: readonly string[] | undefined): string | undefined {
  if (!fields || param.i !== 0) return undefined;
  const [first, second] = param.path.split('.');
  return [first, second].find((name): name is string => name !== undefined && fields.includes(name));
}

/** Request-derived wins, then unknown, then finite; paths that add nothing are dropped. */
function strongest(traces: readonly Trace[]): Trace {
  const real = traces.filter((t): t is KeyProvenance => t.kind !== 'none');
  return (
    real.find((t) => t.kind === 'request') ??
    real.find((t) => t.kind === 'unknown') ??
    real[0] ?? { kind: 'none', evidence: [] }
  );
}
