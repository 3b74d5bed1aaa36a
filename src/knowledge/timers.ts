/** Timer names: the functions that stop a timer. */

/** Functions that stop a timer given its handle (Node's clearTimeout clears an interval too). */
export const TIMER_CLEARING_FUNCTIONS: readonly string[] = ['clearInterval', 'clearTimeout'];

/**
 * Promise combinators that settle with the first promise to settle: a timeout raced through one
 * keeps running after the work wins, unless the code clears it.
 */
export const PROMISE_RACE_METHODS: ReadonlySet<string> = new Set(['race', 'any']);

/**
 * Below this delay (ms) a timer left running after its work is done is gone before it matters: a
 * per-call timer holds its closure for at most this long.
 */
export const SHORT_TIMER_DELAY_MS = 1000;
