import { LISTENER_ADD_METHODS, LISTENER_REMOVE_METHODS } from './events.js';
import { TIMER_CLEARING_FUNCTIONS } from './timers.js';

/**
 * The knowledge lists the docs quote, by the name a docs marker uses
 * (`<!-- begin generated: list <name> -->`); scripts/docs-lists.mjs writes them out and
 * `npm run docs:check` fails when a page is stale.
 */
export const documentedLists: Readonly<Record<string, readonly string[]>> = {
  'listener-add-methods': [...LISTENER_ADD_METHODS],
  'listener-remove-methods': [...LISTENER_REMOVE_METHODS],
  'timer-clearing-functions': TIMER_CLEARING_FUNCTIONS,
};
