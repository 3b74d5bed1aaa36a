import type { TSESTree } from '@typescript-eslint/utils';
import type { AnalysisContext } from '../../core/context.js';
import type { ExemptionTable } from '../../core/exemptions.js';
import { sourceText } from './key-expressions.js';
import { isFiniteKey } from './keys.js';
import { isRequestKey, keyOriginOf } from './key-origin.js';
import { isDataKey } from './data-keys.js';
import { isCheckedAgainstTable } from './key-guards.js';
import {
  isBuiltFromFixedTable,
  storesClient,
  storesCodeLoad,
  storesCompiledForm,
  storesDefinition,
} from './entry-values.js';
import {
  insideRegistration,
  isHandedOutByFactory,
  marksBuiltStructure,
  refusesDuplicates,
  registersInstance,
  registersDeclaredThingById,
  registersOwnArgument,
  storesOwnInstance,
} from './registrations.js';
import {
  hasFiniteKeys,
  isMemoizedLookup,
  isOwnKey,
  isPoolExtension,
  isReadFromFixedFolder,
} from './bounded-lookups.js';
import type { FrequencyModel } from '../../frequency/frequency-of.js';
import type { CollectionKind, UnboundedCacheOptions } from './findings.js';
import type { CollectionUse } from './uses.js';
import type { OpenClosePair } from './open-close-pairs.js';

/** One write that adds an entry to a long-lived collection, with what the judgement of it reads. */
export interface GrowingWrite {
  readonly ctx: AnalysisContext;
  readonly options: UnboundedCacheOptions;
  readonly frequency: FrequencyModel;
  readonly kind: CollectionKind;
  readonly use: CollectionUse;
  /** The key it adds under (`set(k, …)`, `c[k] = …`), if one. */
  readonly key: TSESTree.Node | undefined;
  /** The object whose keys it adds (`Object.assign(c, keys)`), if one. */
  readonly keys: TSESTree.Node | undefined;
  /** Every use of the collection through its own name, and those that do not add entries. */
  readonly uses: readonly CollectionUse[];
  readonly others: readonly CollectionUse[];
  /** Keys (as written) under which some write stores a compiled pattern. */
  readonly patternKeys: ReadonlySet<string>;
  /** The pair whose opening half makes this write while its closing half forgets the entry, if one. */
  readonly pair: OpenClosePair | undefined;
}

/**
 * Reasons a write that adds entries does not make its collection grow without bound, in the order
 * they are checked. A collection whose every growing write is exempt is spared.
 */
export const WRITE_EXEMPTIONS: ExemptionTable<GrowingWrite> = [
  {
    name: 'runs-once',
    reason:
      'the write runs once per process: while the module loads (top-level code, a `for` loop, IIFE or `forEach` there, a helper only called from there, a test callback) or in start-up code (a start-up routine, a `listen` or `then` callback of it): it fills a table once. A `while` or `for await` loop is not once.',
    applies: ({ frequency, use }) => frequency.runsOnce(use.node),
  },
  {
    name: 'registration',
    reason:
      'the write is in a function named like a registration (`register…`, `define…`, `declare…`, `install…`, `use`), a `__`-prefixed test hook, or a member decorator a PascalCase decorator factory returns: one entry per plugin, route or member. Not when its key names data (a token or session registered is one per request), unless the function stores the object it is given under a key read only from it (`register(renderer) { m.set(renderer.id, renderer) }`) and that object is not named as data, or its name names a thing the program declares and the key is its own `id` parameter (`definePluginConfig(id, value)`).',
    applies: ({ ctx, use, key }) =>
      insideRegistration(use.node) &&
      (key === undefined ||
        !isDataKey(key, ctx) ||
        registersOwnArgument(ctx, use, key) ||
        registersDeclaredThingById(ctx, use, key)),
  },
  {
    name: 'finite-keys',
    reason:
      'the key takes a fixed few values: a literal, an enum member, a literal union, a locale or time zone, a piece of a constant table, a value checked against a fixed list, a key a branch narrows to one constant (`if (k === Sender.NoReply)`, `case Period.Daily:`, or past `if (k !== ROOT) throw …`), an element (or its field) of a configured list (`for (const s of config.servers) m.set(s.id, …)`), the event name a `newListener` listener is given or the `on`/`addEventListener(eventName, listener)` method of an emitter the program writes takes; with the project index, also a key declared with an enum or literal union another file declares (`senderId: Sender`).',
    applies: ({ ctx, options, key }) => key !== undefined && isFiniteKey(ctx, key, options.typeAware),
  },
  {
    name: 'finite-key-origin',
    reason:
      'with the project index on: the key comes only from finite or configured values, followed across files through the callers (literals, enums, configuration, constant lists, a parameter every caller passes one of those).',
    applies: ({ ctx, key }) => key !== undefined && keyOriginOf(ctx, key)?.kind === 'finite',
  },
  {
    name: 'compiled-form',
    reason:
      'the entry is compiled from the program’s own vocabulary: an `Intl` formatter, a `RegExp`, a `vm.Script`, a `new Function`.',
    applies: ({ ctx, use }) => storesCompiledForm(ctx, use),
  },
  {
    name: 'code-load',
    reason:
      'the entry is the load of code or a stylesheet into the program (`JS_CACHE[url] = loadJS(url)`, `loadModule`, `loadCSS`, `import(url)`): a load-once guard; what is loaded stays loaded whatever the cache holds, one entry per script or module the program is configured to load.',
    applies: ({ ctx, use }) => storesCodeLoad(ctx, use),
  },
  {
    name: 'definition',
    reason:
      'the entry is a definition made while the program assembles itself: a class made at run time or a GraphQL schema type.',
    applies: ({ ctx, use }) => storesDefinition(ctx, use),
  },
  {
    name: 'pattern-keyed',
    reason: 'another write stores a compiled pattern under the same key, so this one adds no key the patterns do not.',
    applies: ({ ctx, key, patternKeys }) => key !== undefined && patternKeys.has(sourceText(ctx, key)),
  },
  {
    name: 'built-structure-marker',
    reason:
      'a Set marking structure built outside the process (a directory `mkdir` made, a database index created): one entry per directory or collection.',
    applies: ({ ctx, kind, use, key }) => key !== undefined && marksBuiltStructure(ctx, kind, use, key),
  },
  {
    name: 'fixed-table-entry',
    reason:
      'the entry is built by calling the key’s entry in a fixed table (`adapters[type]()`): a key the table lacks throws before anything is stored.',
    applies: ({ ctx, use, key }) => key !== undefined && isBuiltFromFixedTable(ctx, use, key),
  },
  {
    name: 'key-checked-against-table',
    reason:
      'an earlier statement leaves unless another table has the key (`if (!FACTORIES[type]) throw …`, `const p = procs[id]; if (!p) return;`, `if (!KNOWN.has(k)) return;`, `if (!Object.hasOwn(APPS, k)) throw …`): one entry at most per key of that table, which is judged on its own.',
    applies: ({ ctx, use, key }) => key !== undefined && isCheckedAgainstTable(ctx, use, key),
  },
  {
    name: 'refuses-duplicates',
    reason:
      'the write follows `if (c.has(key)) throw …`: registering a name twice is an error, so entries are registrations.',
    applies: ({ ctx, use, key, others }) => key !== undefined && refusesDuplicates(ctx, use, key, others),
  },
  {
    name: 'file-in-fixed-folder',
    reason:
      'the entry is stored after reading a file named by the key from a fixed folder, outside any try: a missing file throws first, so one entry per file there.',
    applies: ({ ctx, use, key }) => key !== undefined && isReadFromFixedFolder(ctx, use.node, key),
  },
  {
    name: 'memoized-lookup',
    reason: 'the entry memoizes a `find` in another list by the key: at most one entry per element that can match.',
    applies: ({ ctx, use, key }) => key !== undefined && isMemoizedLookup(ctx, use, key),
  },
  {
    name: 'pool-extension',
    reason:
      'the array gets a new element only when a search of its own elements finds none that can serve (`let f = pool.find((x) => x.reliable); if (!f) { f = new F(); pool.push(f); }`): a pool that grows to peak demand and reuses its elements.',
    applies: ({ ctx, use, uses }) => isPoolExtension(ctx, use, uses),
  },
  {
    name: 'own-keys',
    reason:
      'the key is taken from the collection’s own keys (`for (k in c)`, `Object.keys(c).forEach(…)`): it replaces an entry and adds none.',
    applies: ({ ctx, key, uses }) => key !== undefined && isOwnKey(ctx, key, uses),
  },
  {
    name: 'client-per-config',
    reason:
      'the entry is a client (`new S3Client(…)`, a sub-client of one): one per configuration is what the clients rules recommend.',
    applies: ({ ctx, use }) => storesClient(ctx, use),
  },
  {
    name: 'instance-registry',
    reason:
      'a constructor registers its instance (`live.add(this)`, `options[this.id] = …`): callers elsewhere decide how many; see `reportRegistries`.',
    applies: ({ ctx, options, use, key }) => !options.reportRegistries && registersInstance(ctx, use, key),
  },
  {
    name: 'factory-handout',
    reason:
      'a factory keeps what it hands out, a function, class or object of functions per key (a logger per namespace); see `reportRegistries`.',
    applies: ({ ctx, options, use }) => !options.reportRegistries && isHandedOutByFactory(ctx, use),
  },
  {
    name: 'multiton',
    reason: 'a static method keeps one instance of its own class per key; see `reportRegistries`.',
    applies: ({ ctx, options, use }) => !options.reportRegistries && storesOwnInstance(ctx, use),
  },
  {
    name: 'fixed-properties',
    reason:
      '`Object.assign(c, { a: 1 })` adds the fixed keys it lists (with `typeAware`, those of an object type without an index signature).',
    applies: ({ ctx, options, keys }) => keys !== undefined && hasFiniteKeys(ctx, keys, options.typeAware),
  },
  {
    name: 'not-data-keyed',
    reason:
      'by default, a write is reported only when its key names data (`url`, `userId`, `token`…, or a call of a file-local helper returning such a key), this file shows it runs again and again (a handler, an interval, a loop, the opening half of a pair such as `subscribe()` beside `unsubscribe()`), or the project index traces its key to request input; a repetition seen only across files is not enough for other keys. See `reportUnknownKeys`.',
    applies: ({ ctx, frequency, options, use, key, pair }) => {
      // An opening half (`subscribe()` beside `unsubscribe()`) runs once per thing it opens.
      if (options.reportUnknownKeys || (key && isDataKey(key, ctx)) || pair) return false;
      const answer = frequency.of(use.node);
      if (answer.kind === 'repeats' && !answer.crossFile) return false;
      return !isRequestKey(ctx, key);
    },
  },
  {
    name: 'not-request-keyed',
    reason:
      'with `onlyRequestKeys`, only a write whose key the project index traces to request input is reported (none without the index).',
    applies: ({ ctx, options, key }) => options.onlyRequestKeys && !isRequestKey(ctx, key),
  },
];
