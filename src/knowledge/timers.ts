/** Timer names: the functions that stop a timer. */

/** Functions that stop a timer given its handle (Node's clearTimeout clears an interval too). */
export const TIMER_CLEARING_FUNCTIONS: readonly string[] = ['clearInterval', 'clearTimeout'];

/**
 * Promise combinators that settle with the first promise to settle: a timeout raced through one
 * keeps running after the work wins, unless the code clears it.
 */
export const PROMISE_RACE_METHODS: ReadonlySet<string> = new Set(['race', 'any']);

/**
 * From this delay (ms) a timer left running after its work is done holds its closure long enough
 * to pile up under load: a raced timeout is reported only when the file shows a delay this long
 * (on the studied codebases, raced timeouts of a few seconds or of a caller's choosing were
 * bounded waits, not leaks; on set 24, 2- and 10-minute deadlines per scrape run were too: each
 * lives for its delay, so what they hold is bounded by the runs of one delay).
 */
export const LONG_TIMER_DELAY_MS = 60 * 60_000;
