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
 * Other linters' rules that report a promise dropped as a statement: `track(task())` is no longer
 * one, so a disable comment for them on a site track-tasks wraps would become stale. ESLint ids
 * (typescript-eslint; oxlint reads the same comments under its own id) and Biome's rule path.
 */
export const FLOATING_PROMISE_RULES: readonly string[] = [
  '@typescript-eslint/no-floating-promises',
  'typescript/no-floating-promises',
  'typescript-eslint/no-floating-promises',
  'lint/nursery/noFloatingPromises',
];
