import type { TSESTree } from '@typescript-eslint/utils';
import type { Variable } from '../../core/context.js';
import type { MemoizerLibrary } from '../../knowledge/caches.js';
import type { CollectionUse } from './uses.js';

/* What no-unbounded-cache finds and is configured with: shared by the detector, the rule and the codemod. */

export interface UnboundedCacheOptions {
  /** Ask the type checker whether keys are finite (the AnalysisContext must carry types). */
  readonly typeAware: boolean;
  /** Report collections that are exported or handed to code this file cannot see. */
  readonly reportEscaping: boolean;
  /** Report instance fields too (long-lived when their instance is, e.g. a singleton service). */
  readonly instanceFields: boolean;
  /** Report instance registries filled by constructors and entries handed out by factories. */
  readonly reportRegistries: boolean;
  readonly reportUnknownKeys: boolean;
  /** Report only writes whose key the project index traces to request input (nothing without the index). */
  readonly onlyRequestKeys: boolean;
  /** Modules whose exports are bounded caches, on top of the catalogue's. */
  readonly boundedCaches: readonly string[];
}

export const DEFAULT_UNBOUNDED_CACHE_OPTIONS: UnboundedCacheOptions = {
  typeAware: false,
  reportEscaping: false,
  instanceFields: false,
  reportRegistries: false,
  reportUnknownKeys: false,
  onlyRequestKeys: false,
  boundedCaches: [],
};

export type CollectionKind = 'Map' | 'Set' | 'object' | 'array';

/** Where a long-lived collection is held. */
export type CollectionHolder =
  | {
      readonly kind: 'variable';
      readonly variable: Variable;
      readonly declarator: TSESTree.VariableDeclarator;
      /** Declared empty and created on first use (`let cache; … cache ??= new Map()`): its assignments create, not reset. */
      readonly lazy?: boolean;
    }
  | {
      readonly kind: 'static-field' | 'instance-field';
      /**
       * The class field: `cache = new Map()`, or the declaration `private cache: Map<K, V>` of a
       * field the constructor creates (undefined when it has none, as in JavaScript).
       */
      readonly field: TSESTree.PropertyDefinition | undefined;
      /** `this.cache = new Map()` in the constructor, when that creates the field. */
      readonly assignment?: TSESTree.AssignmentExpression;
      readonly body: TSESTree.ClassBody;
      readonly fieldName: string;
      /** `#cache`, or declared `private`. */
      readonly privateField: boolean;
      readonly className: string | undefined;
      /**
       * Why the instance lives as long as the process, for an instance field that is reported by
       * default: "the module's one `Registry` instance", "`Sessions`, kept as a singleton by NestJS".
       */
      readonly longLived?: string;
      /**
       * Judged only for what an opening half fills (`subscribe()` beside `unsubscribe()`): an
       * instance field that neither `instanceFields` nor a long-lived owner brings in.
       */
      readonly pairOnly?: true;
    }
  | { readonly kind: 'global'; readonly assignment: TSESTree.AssignmentExpression; readonly property: string }
  | {
      /** A property of a module-level function, set at load: `lookup.cache = {}`. */
      readonly kind: 'function-property';
      readonly assignment: TSESTree.AssignmentExpression;
      readonly owner: Variable;
      readonly property: string;
    };

/** A long-lived collection as declared. */
export interface CollectionSite {
  /** Where the report goes: the declared name. */
  readonly node: TSESTree.Node;
  readonly kind: CollectionKind;
  /** `promptCache`, `PromptStore.cache`, `globalThis.__cache`, `this.cache`. */
  readonly name: string;
  readonly holder: CollectionHolder;
  /** The initializer as written (maybe `{} as Record<…>`), and with wrappers looked through. */
  readonly initializer: TSESTree.Expression;
  readonly collection: TSESTree.Expression;
}

export interface CollectionFinding extends CollectionSite {
  readonly type: 'collection';
  /** Every use of the collection this file makes through its own name. */
  readonly uses: readonly CollectionUse[];
  /** Uses of `x.field` through objects that may or may not be this class or instance. */
  readonly foreignUses: readonly CollectionUse[];
  /** The first write that adds an entry from code that runs again and again. */
  readonly growth: CollectionUse;
  /** "at line 14 in the POST route handler". */
  readonly where: string;
  /** When it has removals and none keeps pace: why ("its only delete() is in the catch clause at line 9"). */
  readonly stalledRemoval?: string;
  /** When the growth is in the opening half of a pair whose closing half removes nothing: the two names. */
  readonly pair?: { readonly open: string; readonly close: string };
}

export interface MemoizerFinding {
  readonly type: 'memoizer';
  /** The memoize call. */
  readonly node: TSESTree.CallExpression;
  readonly library: MemoizerLibrary;
  /** The name the memoized function is bound to, if any. */
  readonly name: string | undefined;
  /** memoizee's `maxAge` as written, when it is an hour or more and no `max` is given: the only bound, and a loose one. */
  readonly longMaxAge?: string;
}

export type UnboundedCacheFinding = CollectionFinding | MemoizerFinding;
