/** Timer names: the functions that stop a timer. */

/** Functions that stop a timer given its handle (Node's clearTimeout clears an interval too). */
export const TIMER_CLEARING_FUNCTIONS: readonly string[] = ['clearInterval', 'clearTimeout'];
