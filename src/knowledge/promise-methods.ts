/**
 * Method names no-floating-task reasons about when it tells a task, a batch or a stream source
 * from other calls without types.
 */

/** Statics of the global Promise that return a promise (`resolve` only wraps one that exists). */
export const PROMISE_STATICS: ReadonlySet<string> = new Set(['all', 'allSettled', 'race', 'any', 'resolve', 'reject']);

/** Promise combinators that wait for every task of an array (or the first to settle). */
export const PROMISE_COMBINATORS: ReadonlySet<string> = new Set(['all', 'allSettled', 'any', 'race']);

/** Methods that run a batch (ioredis pipeline and multi, transactions, p-queue) and settle every command queued on it. */
export const BATCH_RUNNERS: ReadonlySet<string> = new Set(['exec', 'commit', 'onIdle']);

/** Array methods whose result holds what the callback returns: a discarded result of these drops every task. */
export const COLLECTING_METHODS: ReadonlySet<string> = new Set(['map', 'flatMap']);

/** Methods of an underlying source of `new ReadableStream(…)` that produce what the reader consumes. */
export const STREAM_PRODUCER_METHODS: readonly string[] = ['start', 'pull'];

/**
 * An emitter's dispatch (`emitter.emit(event, …)`): Node's EventEmitter and socket.io run or queue
 * the listeners and hand back a boolean or the emitter, so awaiting one waits for nothing. Only
 * emitting `'error'` throws by design (when nothing listens); `emitAsync` and the like are not
 * this.
 */
export const EMIT_METHODS: ReadonlySet<string> = new Set(['emit']);

/** The event an emitter's dispatch throws for when nothing listens. */
export const ERROR_EVENT = 'error';

/**
 * Methods that hand back an async iterable of an emitter's events which ends when the emitter
 * closes and never rejects: socketcluster's `socket.listener('connect')` (set 31: a cloud region's
 * consumer loops). `for await` over one can fail only in its own body.
 */
export const ENDING_EVENT_STREAM_METHODS: ReadonlySet<string> = new Set(['listener']);
