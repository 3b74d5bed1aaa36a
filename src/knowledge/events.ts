/** Event and listener names: the methods that add and remove listeners, and events that fire once or at exit. */

/** Calls that add a listener: the callback runs on every event. */
export const LISTENER_ADD_METHODS: ReadonlySet<string> = new Set([
  'on',
  'addListener',
  'prependListener',
  'addEventListener',
]);

/**
 * Calls that add a listener that goes after its first event. On a target that outlives the code
 * adding it, an event that rarely comes (a socket's 'error') leaves one behind per run.
 */
export const LISTENER_ONCE_METHODS: ReadonlySet<string> = new Set(['once', 'prependOnceListener']);

/** Calls that remove a listener (`removeAllListeners` removes every one). */
export const LISTENER_REMOVE_METHODS: ReadonlySet<string> = new Set([
  'off',
  'removeListener',
  'removeEventListener',
  'removeAllListeners',
]);

/**
 * Events an emitter fires about its own listeners, with the name of the event each listener was
 * added for or removed from as their first argument: names the program's own code listens for.
 */
export const LISTENER_BOOKKEEPING_EVENTS: ReadonlySet<string> = new Set(['newListener', 'removeListener']);

/** Signals that tell a process to end. A reload signal (SIGHUP, SIGUSR2) can come again and again. */
export const TERMINATION_SIGNALS: ReadonlySet<string> = new Set(['SIGINT', 'SIGTERM', 'SIGQUIT']);

/**
 * Events of `process` whose handler runs once per process, on the way out: 'exit', and the
 * termination signals (their handler shuts the process down). A handler registered for one of
 * them is start-up-like for the project index (runs once), whatever code it calls. Not
 * 'beforeExit', which fires again when its handler schedules more work, nor SIGHUP (a reload).
 */
export const PROCESS_END_EVENTS: ReadonlySet<string> = new Set(['exit', ...TERMINATION_SIGNALS]);

/** Signals and events a process gets when it is about to end. */
export const EXIT_EVENTS: ReadonlySet<string> = new Set([
  'exit',
  'beforeExit',
  'SIGINT',
  'SIGTERM',
  'SIGHUP',
  'SIGQUIT',
  'SIGBREAK',
]);

/** Events that fire once per emitter: a callback on one of them repeats only as often as its registration. */
export const ONCE_EVENTS: ReadonlySet<string> = new Set([
  'ready',
  'load',
  'DOMContentLoaded',
  'exit',
  'beforeExit',
  'close',
  'end',
  'finish',
  'open',
  'listening',
  // Electron's app fires it once per process, before 'ready' (where a macOS app adds its 'open-url' handler).
  'will-finish-launching',
  // Termination signals: their handler runs as the process shuts down (SIGHUP, a reload, repeats).
  ...TERMINATION_SIGNALS,
  'SIGBREAK',
]);

/**
 * Messages a client sends once, to open its session on a connection it has just made: a listener
 * on that connection's own object (`this.socket = socket` in a 'connection' callback), added in the
 * callback of one of these on the same object, is added once per connection and goes with it. Kept
 * to the names labelled code shows (set 28: leon's socket server adds its per-client listeners on
 * the client's 'init'); a name a client may send again ('login' after a logout, 'join' per room)
 * would let per-message listeners through.
 */
export const HANDSHAKE_EVENTS: ReadonlySet<string> = new Set(['init']);

/**
 * Observable streams (RxJS and its kin), whose `subscribe(fn)` runs `fn` per value: the classes
 * that make or declare one, and the operator chain that derives one (`source$.pipe(…)`).
 */
export const OBSERVABLE_TYPES: ReadonlySet<string> = new Set([
  'Observable',
  'Subject',
  'BehaviorSubject',
  'ReplaySubject',
  'AsyncSubject',
]);
export const OBSERVABLE_OPERATOR_CHAIN = 'pipe';

/**
 * A stream named for the end (or the start) of its owner, which fires once per owner:
 * `closed$`, `destroyed$`, `willDestroy$`, `eof$`, `ready$`.
 */
export const ONCE_STREAM =
  /^(?:will|did|on|is)?(?:close|destroy|dispose|end|eof|exit|finish|terminate|shutdown|ready|load)(?:d|ed)?\$?$/i;

/**
 * Events that fire once on what a call of the method returns, by method: `app.listen(port).on('error',
 * cb)` hears that the server could not start listening (the port is taken), once per server, so
 * what the callback adds is added once (a studied chat server's SIGINT relays).
 */
export const ONCE_EVENTS_ON_RESULT_OF: ReadonlyMap<string, ReadonlySet<string>> = new Map([
  ['listen', new Set(['error'])],
]);

/**
 * Events an emitter fires when its life ends, or on a failure that may never come: a once()
 * listener for one, added again and again to a target that outlives the code adding it, waits
 * that long, so they pile up (a process's 'exit', a shared server's 'close', a pooled client's
 * 'error'). Events that come in the normal course ('ready', 'drain', a reply) take theirs away.
 */
export const END_OF_LIFE_EVENTS: ReadonlySet<string> = new Set([...EXIT_EVENTS, 'close', 'end', 'finish', 'error']);

/** Events a page fires once, when it has loaded. */
export const PAGE_LOAD_EVENTS: ReadonlySet<string> = new Set(['DOMContentLoaded', 'load']);

/** `document.readyState`: code that tests it adds a page-load listener only while the page is loading. */
export const READY_STATE_PROPERTY = 'readyState';

/** Methods that return the emitter, so `a.on(…).on(…)` adds both listeners to `a`. */
export const LISTENER_CHAINING_METHODS: ReadonlySet<string> = new Set([
  ...LISTENER_ADD_METHODS,
  'once',
  'prependOnceListener',
  'setMaxListeners',
]);

/** Node's events module: its `on`/`once` are static helpers taking the emitter as an argument, not an emitter. */
export const EVENTS_MODULE = 'events';

/** A parameter named like this in an HTTP handler is Node's request or response, an emitter with a 'close' event. */
export const HTTP_EMITTER_PARAMS = /^(req|res)$/;

/**
 * The socket behind an HTTP message: `req.socket` / `res.connection` of a request or response
 * parameter (named like one of these), and the socket a client request's `'socket'` event hands
 * over. Keep-alive serves many requests on one socket, and an agent hands a pooled socket to
 * request after request, so a listener added to it per request piles up on the socket.
 */
export const HTTP_MESSAGE_PARAMS = /^(req|res|request|response)$/;
export const MESSAGE_SOCKET_MEMBERS: ReadonlySet<string> = new Set(['socket', 'connection']);
export const SOCKET_HANDOVER_EVENT = 'socket';

/**
 * The content type of a server-sent event stream: a response sent with it stays open until the
 * client leaves, so its socket serves that one response and ends with it (keep-alive cannot hand
 * it to another request), and listeners the handler adds to it go with the socket.
 */
export const EVENT_STREAM_CONTENT_TYPE = 'text/event-stream';
/** The header that names a response's content type, in lower case. */
export const CONTENT_TYPE_HEADER = 'content-type';

/**
 * Helpers that register a handler to run when the process exits, as `process.on('exit')` does:
 * each call adds one more, kept until the process ends, and only the function the helper returns
 * removes it. Called per request or per instance they pile up like any process listener.
 */
export const EXIT_HOOK_REGISTRATIONS: readonly { readonly package: string; readonly exports: readonly string[] }[] = [
  // signal-exit 4 exports onExit; 3 and earlier export the function itself.
  { package: 'signal-exit', exports: ['onExit', 'default'] },
  { package: 'exit-hook', exports: ['default', 'asyncExitHook'] },
  { package: 'async-exit-hook', exports: ['default'] },
];

/**
 * An AbortSignal the caller hands in: a parameter (or an options parameter's property) named like
 * this. Callers often keep one signal for a whole server, session or batch, which aborts once or
 * never; an 'abort' listener added per call and not removed when the call ends stays on it, with
 * its closure, for as long as the caller keeps the signal.
 */
export const CALLER_SIGNAL_NAME = /^(signal|[a-z]\w*Signal)$/;
export const ABORT_EVENT = 'abort';

/**
 * A call whose name says it hands back an AbortSignal (`signalWithTimeout(signal, ms)`,
 * `getAbortSignal()`): its result, handed to a function that takes a signal, is followed into the
 * helper to see whether it makes the signal per call.
 */
export const SIGNAL_HELPER_NAME = /signal/i;

/**
 * React hooks that return the same function on every render (react-use, @restart/hooks,
 * ahooks, React's experimental useEffectEvent and the like): addEventListener given it again, with
 * the same flags, is a no-op, since an EventTarget holds one entry per type, function and capture.
 */
export const STABLE_CALLBACK_HOOKS: ReadonlySet<string> = new Set([
  'useEventCallback',
  'useEvent',
  'useEffectEvent',
  'useStableCallback',
  'useLatestCallback',
  'useMemoizedFn',
  'usePersistFn',
  'useCallbackRef',
]);

/** Memo hooks whose result stays the same function while their dependency list is empty (`useCallback(fn, [])`). */
export const DEPENDENCY_MEMO_HOOKS: ReadonlySet<string> = new Set(['useCallback']);
