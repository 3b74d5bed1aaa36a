import type { RepeatKind } from '../knowledge/entry-points.js';

/**
 * What one file contributes to the project index, extracted from its syntax alone so it can be
 * cached on disk by content hash and linked to the other files afterwards. Plain JSON: no AST
 * nodes, no absolute paths (imports are kept as written and resolved when linking).
 */
export interface FileFacts {
  readonly functions: FunctionFact[];
  readonly classes: ClassFact[];
  readonly calls: CallFact[];
  readonly entries: EntryFact[];
  /** ESM exports and `exports.x = …`, by exported name (`default` for the default export). */
  readonly exports: Record<string, Value>;
  /**
   * Exports a wrapper call builds (`export const GET = withAuth(async (req) => …)`), by name: the
   * function of this file the wrapper hands on (wrapped-function.ts). Only entries read them: a
   * route or Lambda export runs that function per call. Absent when none.
   */
  wrappedExports?: Record<string, number>;
  /** `export * from 'x'`: the specifiers, searched for names the file does not export itself. */
  readonly starExports: string[];
  /** `module.exports = …` / `export = …`: the value `require()` returns. */
  cjsExports?: Value;
  /**
   * The object `module.exports = function (…) { return {…} }` returns, when every `return` of it
   * hands back an object: a Sails hook's definition, which its framework builds by calling it.
   */
  cjsReturns?: Value;
  readonly imports: ImportFact[];
  /** What the file's own code says of the process that runs it (process roots, lifetime.ts); absent when nothing. */
  program?: ProgramFact;
  /**
   * Top-level types that admit a fixed few values (finite-types.ts), by name (`Plan.size` for a
   * property), with the words that say why; absent when none.
   */
  finiteTypes?: Record<string, string>;
  /** The parser's first error, when the file did not parse cleanly (its facts may be partial). */
  parseError?: string;
  /**
   * Calls of a method on a receiver this file cannot tell (`m.runBackgroundJobs()` on an element
   * of a record), by a distinctive name: linked by that name alone when one function of the
   * project defines it and nothing else calls it (method-calls.ts). Absent when none.
   */
  methodCalls?: MethodCallFact[];
}

/** A call of a method by name, on a receiver nothing resolves (FileFacts `methodCalls`). */
export interface MethodCallFact {
  /** The calling function's index, or -1 for module top level. */
  readonly from: number;
  readonly name: string;
  readonly line: number;
  /** Inside a loop of the calling function. */
  readonly loop: boolean;
}

/**
 * A value as far as syntax tells: a function or class of this file, an instance of a class, an
 * import, an object literal's members, a property of another value, a framework's registry of
 * entries (`sails.helpers`, named as GLOBAL_REGISTRIES writes it). Linking across files turns it into
 * a function or class of some file (see resolve.ts).
 */
export type Value =
  | { readonly k: 'fn'; readonly i: number }
  | { readonly k: 'class'; readonly i: number }
  | { readonly k: 'new'; readonly of: Value }
  | { readonly k: 'import'; readonly source: string; readonly name: string }
  | { readonly k: 'object'; readonly members: Record<string, Value> }
  | { readonly k: 'member'; readonly of: Value; readonly name: string }
  | { readonly k: 'global'; readonly name: string }
  /** What a call of `of` with no arguments returns (`Store.instance()`): known once `of` resolves to a static accessor (FunctionFact `returnsInstance`). */
  | { readonly k: 'call'; readonly of: Value }
  | { readonly k: 'unknown' };

export const UNKNOWN: Value = { k: 'unknown' };

export interface FunctionFact {
  /** How messages name it: `createOrder`, `OrdersService.create`, `anonymous function`. */
  readonly name: string;
  readonly start: number;
  readonly end: number;
  readonly line: number;
  /** The enclosing function's index, or -1 at module level. */
  readonly parent: number;
  /**
   * Passed inline (or by name) as a callback to a call that is not a registration: it runs when
   * the enclosing code runs (`promise.then(fn)`), once per element for iteration methods.
   */
  inherits?: 'callback' | 'iteration';
  /** Handed inline to a call (`run(() => …)`): that call's index in `calls` and the position; whether it runs then is linked (handed-callbacks.ts). */
  handedTo?: [number, number];
  /** Parameters (by position) it calls while it runs, itself or in a callback that runs with it: a function handed there runs as often as it does. */
  runsParams?: number[];
  /** Parameters it hands by name to a call of its own run: [parameter, that call's index in `calls`, position there]. */
  passesParams?: [number, number, number][];
  /** It contains JSX: with a capitalised name, a React component. */
  jsx?: boolean;
  /**
   * Every `return` hands back an AbortSignal made per call (`AbortSignal.any([…])`, a new
   * controller's `signal`): why, for evidence. A helper like `signalWithTimeout(signal, ms)`.
   */
  freshSignal?: string;
  /** An iteration callback (`keys.forEach((key) => …)`): where the elements its first parameter receives come from. */
  elements?: Origin;
  /** Every call hands back what this `new` or call has just built (builds.ts): a factory, unless that is memoized. */
  builds?: BuildFact;
  /**
   * A static method every `return` of which hands back an instance of its own class, kept in a
   * static field or made there (`static instance() { return (this.instance_ ??= new Store()); }`):
   * that class's index in this file (instance-accessors.ts).
   */
  returnsInstance?: number;
  /**
   * A constructor: the ranges of its class's instance field initializers (`private table = new Map()`),
   * which run on each construction as part of it (after `super()`) though they stand outside its body.
   */
  initializers?: [number, number][];
  /**
   * The constructor a class with field initializers does not write (empty range): it runs them and
   * calls the superclass's constructor as the implicit `super(...args)` does.
   */
  implicit?: true;
  /**
   * Its promise cannot reject by itself (rejection-points.ts: every await, throw and return outside
   * a catching try is handled there or a call): it cannot reject when none of these callees can (an
   * empty list: never). Absent when it may, or when one of those callees is unknown to syntax.
   */
  settles?: Value[];
  /** Of `settles`, the indexes of those whose awaited result it reads before testing it (result-reads.ts): they must hand back something. */
  settlesReads?: number[];
  /**
   * Of `settles`, the indexes of emitter dispatches (`socket.emit(msg, data)`, rejection-points.ts
   * isEmitterDispatch): one that resolves to no function of the project hands back no promise.
   */
  settlesEmits?: number[];
  /** It may hand back nothing (`return null`, or an end its body reaches): recorded beside `settles` only. */
  returnsNothing?: true;
  /**
   * Every path of its body ends the process (process-end.ts): `process.exit(…)`, or each of these
   * calls (indexes in `calls`), whose callees must end it too (an empty list: by its own syntax).
   * Absent when a path may go on. Such a function runs once, on the way out.
   */
  endsProcess?: number[];
}

/**
 * A construction whose result a function returns, or an instance keeps in a field it sets up, fresh
 * each time: `return new Pool(…)`, `const c = createClient(); …; return c`, `this.s3 = new S3Client()`
 * in a constructor. Which library export it is, and whether that is a client, the rules decide.
 */
export interface BuildFact {
  /** What is called or constructed. */
  readonly callee: Value;
  readonly isNew: boolean;
  readonly line: number;
  /** The instance field that keeps it (class facts only). */
  readonly field?: string;
}

/** A parameter of a function of the same file, and how the value is reached from it (`req.query.id`). */
export interface ParamRef {
  readonly fn: number;
  readonly i: number;
  /** The expression as written, for evidence. */
  readonly path: string;
  /** The value is a loop counter this parameter bounds (described, for evidence): only request input makes it unbounded. */
  readonly counter?: string;
}

/**
 * Where a value comes from, as far as one file tells: finite (literals, enums, configuration,
 * constant lists), derived from parameters of the file's functions (followed across files
 * through the call graph, see provenance.ts), or unknown. `why` names the source for evidence.
 */
export type Origin =
  | { readonly o: 'finite'; readonly why: string }
  | { readonly o: 'unknown'; readonly why: string }
  | { readonly o: 'params'; readonly ps: readonly ParamRef[] };

export interface ClassFact {
  readonly name: string;
  readonly line: number;
  readonly methods: Record<string, number>;
  readonly statics: Record<string, number>;
  ctor?: number;
  /** Instance fields whose value or declared type is known: `this.db = new Db()`, `private db: Db`. */
  readonly fields: Record<string, Value>;
  superClass?: Value;
  /** What each instance builds while it is set up (constructor or field initializer), fields its own methods close left out. */
  builds?: BuildFact[];
}

export interface CallFact {
  /** The calling function's index, or -1 for module top level. */
  readonly from: number;
  readonly callee: Value;
  readonly line: number;
  readonly isNew: boolean;
  /** Inside a loop of the calling function: runs once per iteration. */
  readonly loop: boolean;
  /**
   * Fills a holder while it is empty (`if (!db) db = open()`, `db ??= open()`), or opens an
   * Electron window on 'activate' only while none is open, in an app that quits with its last
   * window (desktop-windows.ts): runs once, whatever runs the caller.
   */
  lazy?: true;
  /**
   * Every path of the calling function after this call ends the process, provided the callee of
   * each of these calls (indexes in `calls`) does too (empty: by syntax alone): the call runs on
   * the way out, once (process-end.ts).
   */
  endsAfter?: number[];
  /** A function handed by name to another call (`items.map(normalize)`): that call's index in `calls` and the position. */
  readonly handedTo?: [number, number];
  /** Where each argument comes from; absent when none is known (all unknown). */
  args?: (Origin | null)[];
  /** The functions passed as arguments (inline or by name), by position; absent when none. */
  fnArgs?: (Value | null)[];
  /** The AbortSignal each argument carries (itself, or as its `signal` property), by position; absent when none. */
  signals?: (SignalArg | null)[];
  /**
   * The arguments that are a parameter of the calling function itself, handed on as it is (a plain
   * name, never assigned again): that parameter's position, by argument; absent when none. A
   * handler's own parameter is the event's own object (per-event-args.ts).
   */
  ownParams?: (number | null)[];
  /**
   * For a `new`: the positions of the arguments that are the module's own objects, the same one at
   * every call (a plain name bound once at module level to an import or to what a call or `new`
   * gives: `new Relay(bus)`); absent when none. A class handed one at every `new` keeps an emitter
   * shared by all its instances (per-event-args.ts).
   */
  moduleArgs?: number[];
}

/**
 * An AbortSignal handed to a call, as far as one file tells: `fresh`, made anew where the call is
 * made (`new AbortController()` in the calling function, `AbortSignal.timeout(ms)`), so it dies with
 * the calling code; or a parameter of the calling function (`signal`, `options.signal`), followed
 * through that function's own callers (fresh-signal.ts). `member` when it is a property of the
 * parameter named as a signal (`signal`, `abortSignal`: CALLER_SIGNAL_NAME), by that name. `self`
 * is the argument itself, `signal` its property named as a signal (`fetchJson(url, { signal:
 * controller.signal })`, `send(req, { abortSignal: controller.signal })`).
 */
export type SignalSource =
  | { readonly s: 'fresh'; readonly why: string }
  | { readonly s: 'param'; readonly fn: number; readonly i: number; readonly member?: string }
  /** What a call of this file (its index in `calls`) returns: fresh when the function it reaches has `freshSignal`. */
  | { readonly s: 'returned'; readonly call: number };

export interface SignalArg {
  readonly self?: SignalSource;
  readonly signal?: SignalSource;
  /** The property `signal` was read from, when not `signal` itself (`{ abortSignal: … }`). */
  readonly key?: string;
  /**
   * A parameter handed on whole (`helper(url, options)`): `signal` is that parameter, and whichever
   * signal property the callee reads of it is the caller's property of the same name.
   */
  readonly whole?: true;
}

/** A function the catalogue says is started by a framework, a timer, an event or start-up. */
export interface EntryFact {
  readonly target: Value;
  /** `repeats` with a repeatKind, or `once` (start-up, listen callbacks, CLI commands, singleton constructors). */
  readonly kind: 'repeats' | 'once';
  readonly repeatKind?: RepeatKind;
  /** Names the registration: `POST /orders handler`, `'message' event handler`, `bullmq Worker processor`. */
  readonly description: string;
  readonly line: number;
  /** Fields of the handler's argument the program sets itself (Remix's `context`): see RouteModule. */
  readonly programState?: readonly string[];
  /** A handler of the process's way out (`process.on('SIGTERM', fn)`): what only it reaches runs as the process ends. */
  readonly wayOut?: true;
  /**
   * The registered function is parameter `i` of function `fn` of this file: `function onInvoke(channel, fn)
   * { ipcMain.handle(channel, fn) }` makes `onInvoke` a registration itself (linked in call-graph.ts).
   */
  viaParam?: { readonly fn: number; readonly i: number };
}

/** A `#!` line, a top level that exits when done, a call that starts serving (src/knowledge/process-lifetime.ts). */
export interface ProgramFact {
  shebang?: true;
  exits?: true;
  /** The first call that starts serving, else the first request or job handler the file registers. */
  serves?: { readonly line: number; readonly what: string };
}

export interface ImportFact {
  readonly source: string;
  readonly kind: 'import' | 'reexport' | 'require' | 'dynamic';
  readonly line: number;
}

/** Bump when the shape or meaning of FileFacts, of the cache file (cache.ts) or of the links (call-graph.ts encodeCalls, frequency.ts encodePropagation) changes: cached facts and links of another version are ignored. */
export const FACTS_VERSION = 56;

/** 1-based line of `offset`, by binary search over the line starts. */
export function lineAt(lineStarts: readonly number[], offset: number): number {
  let low = 0;
  let high = lineStarts.length - 1;
  while (low < high) {
    const mid = (low + high + 1) >> 1;
    if (lineStarts[mid]! <= offset) low = mid;
    else high = mid - 1;
  }
  return low + 1;
}
