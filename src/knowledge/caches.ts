/**
 * Data for no-unbounded-cache and bounded-cache: which imports are caches that bound themselves,
 * which memoizers keep every result, and what the codemod rewrites to. Module names are given
 * without `node:` and without a `.js` suffix (imports.ts normalizes the former, `memoizerOf` the latter).
 */

/**
 * Modules whose exports are bounded caches, and which exports (`*`: all of them). lodash's
 * `memoize.Cache = X` or `memoized.cache = new X(…)` with one of these makes a lodash memoizer
 * bounded; users add their own modules through the rule's `boundedCaches` option.
 */
export const BOUNDED_CACHE_MODULES: ReadonlyMap<string, ReadonlySet<string> | '*'> = new Map<
  string,
  ReadonlySet<string> | '*'
>([
  ['lru-cache', '*'],
  ['quick-lru', '*'],
  ['tiny-lru', '*'],
  ['lru_map', '*'],
  ['hashlru', '*'],
  ['flru', '*'],
  ['@isaacs/ttlcache', '*'],
  ['mnemonist', new Set(['LRUCache', 'LRUMap', 'LRUCacheWithDelete', 'LRUMapWithDelete'])],
  ['mnemonist/lru-cache', '*'],
  ['mnemonist/lru-map', '*'],
  ['mnemonist/lru-cache-with-delete', '*'],
  ['mnemonist/lru-map-with-delete', '*'],
]);

/** Globals that hold their entries weakly: never a leak by growth. */
export const WEAK_COLLECTIONS: ReadonlySet<string> = new Set(['WeakMap', 'WeakSet', 'WeakRef', 'FinalizationRegistry']);

/** The memoizer libraries the rule knows; `library` is how messages name them. */
export type MemoizerLibrary = 'lodash' | 'memoizee';

/**
 * Where memoizers come from: module → the export path that is the memoize function (`[]` for the
 * module itself). lodash's memoize never evicts; memoizee evicts only with `max` (or expires with a short `maxAge`).
 */
export const MEMOIZER_MODULES: ReadonlyMap<string, { readonly library: MemoizerLibrary; readonly exportName: string }> =
  new Map([
    ['lodash', { library: 'lodash', exportName: 'memoize' }],
    ['lodash-es', { library: 'lodash', exportName: 'memoize' }],
    ['lodash/fp', { library: 'lodash', exportName: 'memoize' }],
    ['lodash/memoize', { library: 'lodash', exportName: 'default' }],
    ['lodash-es/memoize', { library: 'lodash', exportName: 'default' }],
    ['lodash.memoize', { library: 'lodash', exportName: 'default' }],
    ['memoizee', { library: 'memoizee', exportName: 'default' }],
  ]);

/** memoizee's option that caps its entries. */
export const MEMOIZEE_MAX_OPTION = 'max';
/**
 * memoizee's option that deletes each entry on a timer, that many ms after it was made: a bound on
 * its own only when short (under LONG_TIMER_DELAY_MS), since it keeps every distinct call made
 * within that time (a 12-hour `maxAge` on a scraper's options held them all).
 */
export const MEMOIZEE_MAX_AGE_OPTION = 'maxAge';

/** What the codemod and the rule's suggestion rewrite to. lru-cache 11 throws without max/maxSize/ttl. */
export const LRU_CACHE_MODULE = 'lru-cache';
export const LRU_CACHE_EXPORT = 'LRUCache';
export const DEFAULT_MAX_ENTRIES = 1000;

/*
 * Names no-unbounded-cache reads when it decides whether a write grows a collection for good.
 */

/**
 * Functions named like these add entries once per plugin, route or command, not once per request;
 * a `__`-prefixed name (`__setCache`) marks, by convention, a hook for tests, not production code.
 */
export const REGISTRATION_NAME = /^(?:register|define|declare|install)(?:[A-Z0-9_$]|$)|^use$|^__[A-Za-z]/;

/** Test modules whose `it`/`describe`… imports run their callbacks a fixed number of times (`test` is node:test). */
export const TEST_HOOK_MODULES: readonly string[] = ['vitest', '@jest/globals', 'node:test', 'test', 'mocha'];

/** Calls that print a warning: `console.warn`, `process.emitWarning`, `logger.warn`, `deprecate(…)`. */
export const WARNING_CALLS: ReadonlySet<string> = new Set(['warn', 'warning', 'emitWarning', 'deprecate']);

/** Methods that build database indexes. */
export const INDEX_BUILDERS: ReadonlySet<string> = new Set([
  'createIndex',
  'createIndexes',
  'ensureIndex',
  'ensureIndexes',
]);

/** graphql's classes and types for a schema's parts (`GraphQLObjectType`, `GraphQLNamedType`, `GraphQLList`), not its errors or values. */
/**
 * Calls that load code or a stylesheet into the program: `loadJS(url)`, `loadModule(url)`,
 * `loadCSS(href)`, `loadScript(src)`, `importScript(url)`, `injectStylesheet(href)`; and `import(url)`.
 */
export const CODE_LOAD_CALL =
  /^(?:load|import|inject|add)(?:JS|Js|Script|Module|CSS|Css|Style|Stylesheet|StyleSheet)s?$/;

export const SCHEMA_PART = /^GraphQL\w*(?:Type|Schema|Directive|List|NonNull)$/;

/** Methods that hand out a client scoped to one container, database or table of the client they are called on. */
export const SUB_CLIENT_METHOD = /^get\w*Client$/;

/** Array methods that return the element their callback accepted. */
export const FIND_METHODS: ReadonlySet<string> = new Set(['find', 'findLast']);

/**
 * String methods whose result depends only on the string and the arguments; `toString`, also a
 * number's (`n.toString(16)`).
 */
export const PURE_STRING_METHODS: ReadonlySet<string> = new Set([
  'toString',
  'replace',
  'replaceAll',
  'toLowerCase',
  'toUpperCase',
  'trim',
  'trimStart',
  'trimEnd',
  'slice',
  'substring',
  'padStart',
  'padEnd',
  'normalize',
  'charAt',
  'at',
  'concat',
]);

/*
 * Names and words no-unbounded-cache reads when it decides whether a removal keeps pace with the
 * writes: a removal only tests reach, or only a failure reaches, or only a read of an expired entry
 * reaches, leaves every other entry in place.
 */

/**
 * Functions named as hooks for tests (`__reset`, `resetForTests`, `clearCacheForTesting`,
 * `resetTestOnly`): production code does not call them, so what they remove is never removed.
 */
export const TEST_HOOK_NAME = /^__[A-Za-z]|(?:For|In)(?:Unit)?Test(?:s|ing)?$|TestOnly$|_FOR_TESTS?$/;

/** A comment before a function saying it is there for tests ("Clear all caches (useful for testing)"). */
export const TEST_HOOK_COMMENT =
  /\b(?:for|in|during|by|from|between)\s+(?:unit\s+|the\s+)?tests?\b|\btesting\b|\btest[- ]only\b/i;

/** Events that announce a failure: a removal only in their listener runs only when something fails. */
export const FAILURE_EVENTS: ReadonlySet<string> = new Set(['error', 'failed', 'failure', 'abort']);

/** Names of a callback's failure argument: the branch `if (err) …` runs only when something failed. */
export const FAILURE_ARGUMENT = /^(?:err|error|er|e|ex|exception|failure)$/;

/** Functions named as failure handlers (`onError`, `handleRequestFailure`): they run only when something fails. */
export const FAILURE_HANDLER_NAME = /^(?:on|handle)\w*(?:Error|Failure|Fail|Failed)$/;

/** Words in a condition that compare an entry's age: a removal under one drops an expired entry. */
export const EXPIRY_WORD = /expir|ttl|stale|maxAge|cachedAt|createdAt|storedAt|timestamp/i;

/** Calls that read the clock: a condition comparing their result decides by age. */
export const CLOCK_CALLS: ReadonlySet<string> = new Set(['Date.now', 'performance.now', 'process.hrtime']);

/*
 * Opening and closing halves of a lifecycle that no-unbounded-cache reads: an entry added where
 * something opens (a subscription, a watch, a connection a server accepts) is meant to leave where
 * it closes. When the closing half exists beside the opening one and removes nothing, every
 * opening leaves an entry behind for as long as the object lives (real leaks: a pub/sub engine's
 * subscription map, an MCP server's session list).
 */

/**
 * Method verbs that open one of many things an object keeps for a while, with the verbs of the
 * method that ends it (`subscribe` / `unsubscribe`, `addClient` / `removeClient`). `connect` and
 * `open` are left out as methods: a client connects once per instance.
 */
export const OPENING_METHOD_VERBS: ReadonlyMap<string, readonly string[]> = new Map([
  ['subscribe', ['unsubscribe']],
  ['watch', ['unwatch']],
  ['track', ['untrack']],
  ['attach', ['detach']],
  ['join', ['leave']],
  ['acquire', ['release']],
  ['add', ['remove', 'delete']],
]);

/**
 * Callbacks a server calls once per connection or session it accepts (`onConnect`), with the
 * callbacks it calls when one ends (`onClose`), as options objects pass them side by side.
 */
export const OPENING_CALLBACKS: ReadonlyMap<string, readonly string[]> = new Map([
  ['onConnect', ['onDisconnect', 'onClose', 'onEnd']],
  ['onConnection', ['onDisconnect', 'onClose', 'onEnd']],
  ['onOpen', ['onClose', 'onEnd']],
  ['onSession', ['onSessionEnd', 'onSessionClose', 'onClose']],
  ['onSubscribe', ['onUnsubscribe']],
]);

/**
 * Array methods whose result holds only elements of the array they are called on: an element of
 * `config.servers.filter(…)` is one of the configured servers.
 */
export const SUBSET_METHODS: ReadonlySet<string> = new Set([
  'filter',
  'slice',
  'sort',
  'toSorted',
  'reverse',
  'toReversed',
]);

/**
 * Collection helpers (lodash and its kin) whose result holds only elements of their first
 * argument: an element of `uniqWith(settings.sonarr, same)` is one of the configured servers
 * (held-out false positive in a media server's download tracker, keyed by configured server id).
 */
export const SUBSET_FUNCTIONS: ReadonlySet<string> = new Set([
  'uniq',
  'uniqBy',
  'uniqWith',
  'sortBy',
  'orderBy',
  'filter',
  'reject',
  'compact',
  'take',
  'without',
]);
