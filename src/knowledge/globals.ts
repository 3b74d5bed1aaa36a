/** Global objects: the names the global object goes by, and the globals that live as long as the process or page. */

/** Names under which the global object itself is reachable. */
export const GLOBAL_OBJECT_NAMES: ReadonlySet<string> = new Set(['globalThis', 'window', 'global', 'self']);

/** Globals that live as long as the process or the page. */
export const LONG_LIVED_GLOBALS: ReadonlySet<string> = new Set([
  'process',
  'globalThis',
  'window',
  'document',
  'self',
  'global',
]);
