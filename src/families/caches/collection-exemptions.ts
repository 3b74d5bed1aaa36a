import type { TSESTree } from '@typescript-eslint/utils';
import type { AnalysisContext } from '../../core/context.js';
import type { ExemptionTable } from '../../core/exemptions.js';
import {
  calleeName,
  declaredVariableOf,
  enclosingFunction,
  hasOwnNode,
  isExported,
  isFunctionNode,
  type FunctionNode,
} from '../../core/ast.js';
import { isProcessExitCall, isProcessMethod, unwrapExpression } from '../../core/imports.js';
import { EXIT_EVENTS } from '../../knowledge/events.js';
import { WARNING_CALLS } from '../../knowledge/caches.js';
import { hasFiniteCheckerType } from './finite-checker-types.js';
import { isFiniteTypeNode } from './keys.js';
import { isSchemaTypeNode } from './entry-values.js';
import { isMembershipTest, isSizeGuard, keyVariableOf, storedValue } from './growth.js';
import type { RemovalPace } from './removal-pace.js';
import type { OpenClosePair } from './open-close-pairs.js';
import type { Candidate, References } from './collection-sites.js';
import type { CollectionKind, UnboundedCacheOptions } from './findings.js';
import type { CollectionUse } from './uses.js';

/** A long-lived collection being judged, with what this file does with it (read when first asked for). */
export interface JudgedCollection {
  readonly ctx: AnalysisContext;
  readonly options: UnboundedCacheOptions;
  readonly candidate: Candidate;
  readonly references: References;
  /** Uses through its own name, and `x.field` uses through objects that may be it. */
  readonly uses: readonly CollectionUse[];
  readonly foreignUses: readonly CollectionUse[];
  /** The uses that add entries, and the rest. */
  readonly growing: readonly CollectionUse[];
  readonly others: readonly CollectionUse[];
  /** Whether its removals (deletes, clears, resets) keep pace with the growing writes. */
  readonly removals: RemovalPace;
  /** Growing writes in the opening half of a pair whose closing half forgets the entry, with the pair. */
  readonly pairedWrites: ReadonlyMap<CollectionUse, OpenClosePair>;
}

/**
 * Reasons a long-lived collection is not a leak whatever its writes are, in the order they are
 * checked (the first that applies names the exemption). What is cheap and needs no uses goes first.
 */
export const COLLECTION_EXEMPTIONS: ExemptionTable<JudgedCollection> = [
  {
    name: 'finite-key-type',
    reason:
      'a Map, Set or dictionary whose written key type takes a fixed few values (`new Map<Color, X>()`, `Record<"a" | "b", X>`; with the project index, also one another file declares: `Map<Plan[\'size\'], X>`) holds at most one entry per value.',
    applies: ({ ctx, options, candidate }) =>
      candidate.keyType !== undefined &&
      candidate.kind !== 'array' &&
      isFiniteKeyType(ctx, candidate.keyType, options.typeAware),
  },
  {
    name: 'preseeded-table',
    reason:
      'a dictionary declared with literal entries (`{ onClick: [] }`, `new Map([["en-US", en]])`) is a table over vocabulary the author knows, filled in as the rest are met.',
    applies: ({ candidate }) => isPreseededTable(candidate.kind, candidate.collection),
  },
  {
    name: 'schema-types',
    reason:
      'a dictionary of GraphQL schema parts (`Record<string, GraphQLNamedType>`) holds one entry per type the schema defines.',
    applies: ({ ctx, candidate }) => candidate.valueType !== undefined && isSchemaTypeNode(ctx, candidate.valueType),
  },
  {
    name: 'exported',
    reason:
      'a collection other files can reach (exported, or a public field of an exported class) may be evicted there; see `reportEscaping`.',
    applies: ({ options, references }) => references.exported && !options.reportEscaping,
  },
  {
    name: 'bounded-by-eviction',
    reason:
      'a removal keeps pace with the writes: the same key deleted when its work completes, a sweep, a clear or reset where the program runs. A removal only tests, a failure, a read of an expired entry or nothing at all reaches does not count.',
    applies: ({ removals }) => removals.keepsPace,
  },
  {
    name: 'size-capped',
    reason: 'its size or length decides what runs (`if (cache.size > 500) …`), so its writes are capped.',
    applies: ({ candidate, uses, foreignUses }) =>
      [...uses, ...foreignUses].some((use) => isSizeGuard(candidate.kind, use)),
  },
  {
    name: 'handed-on',
    reason:
      'it is passed, returned, stored elsewhere or exported, and the code that gets it may evict; see `reportEscaping`.',
    applies: ({ options, uses, foreignUses, pairedWrites }) =>
      !options.reportEscaping &&
      [...uses, ...foreignUses].some(
        (use) =>
          (use.op === 'escape' || use.op === 'export') &&
          // A getter shows it to readers; when its own closing half forgets the entry, they are not where it leaves.
          !(pairedWrites.size > 0 && returnedByGetter(use)),
      ),
  },
  {
    name: 'exit-hooks',
    reason:
      'hooks kept for the end of the process: it is read only where the process exits or handles an exit signal, so a cap would lose them.',
    applies: ({ ctx, others }) => isExitHookList(ctx, others),
  },
  {
    name: 'warning-record',
    reason:
      'a record of which warnings were printed (added to where a warning is printed, otherwise only asked whether a key is in it) holds one entry per distinct warning.',
    applies: ({ ctx, candidate, growing, others }) => isWarningRecord(ctx, candidate.kind, growing, others),
  },
];

/**
 * `{ onClick: [...] }` or `new Map([['en-US', en]])`: a dictionary declared with entries and
 * extended later is a table over a vocabulary the author knows (event names, locales), listed in
 * part up front and filled in as the rest are met. Data keys (URLs, ids, tokens) cannot be listed
 * in advance. Arrays are buffers, not tables, and stay judged by their writes.
 */
function isPreseededTable(kind: CollectionKind, collection: TSESTree.Expression): boolean {
  if (kind === 'object') {
    return (
      collection.type === 'ObjectExpression' &&
      collection.properties.length > 0 &&
      collection.properties.every((prop) => prop.type === 'Property' && !prop.computed)
    );
  }
  if ((kind !== 'Map' && kind !== 'Set') || collection.type !== 'NewExpression') return false;
  const entries = collection.arguments[0] ? unwrapExpression(collection.arguments[0]) : undefined;
  if (entries?.type !== 'ArrayExpression' || entries.elements.length === 0) return false;
  return entries.elements.every((element) => {
    const entry = element ? unwrapExpression(element) : undefined;
    const listedKey = kind === 'Map' ? (entry?.type === 'ArrayExpression' ? entry.elements[0] : undefined) : entry;
    return (
      listedKey?.type === 'Literal' || (listedKey?.type === 'TemplateLiteral' && listedKey.expressions.length === 0)
    );
  });
}

/**
 * A Set, list or object of flags that only records which warnings were printed: every entry is
 * added (`add(k)`, `push(k)`, `[k] = true`) in a function that prints a warning, and every other
 * use asks whether a key is in it. It holds one entry per distinct warning, named by code or
 * configuration (a deprecated option, a missing component, a protocol opcode). When this file
 * shows the callers of a local warning helper, their arguments decide instead: the key is then
 * a parameter the finite-key rules judge call by call (`warnOnce(url)` per request still grows).
 */
function isWarningRecord(
  ctx: AnalysisContext,
  kind: CollectionKind,
  growing: readonly CollectionUse[],
  others: readonly CollectionUse[],
): boolean {
  if (kind === 'Map' || growing.length === 0 || others.length === 0) return false;
  const flagKey = (use: CollectionUse): TSESTree.Node | undefined => {
    if (use.op === 'call')
      return (use.method === 'add' || use.method === 'push') && use.node.arguments.length === 1
        ? use.node.arguments[0]
        : undefined;
    const value = storedValue(use);
    return use.op === 'write' && value !== undefined && unwrapExpression(value).type === 'Literal'
      ? use.key
      : undefined;
  };
  const printsWarning = (use: CollectionUse): boolean => {
    const fn = enclosingFunction(use.node);
    return (
      fn !== undefined &&
      hasOwnNode(fn.body, (node) => {
        if (node.type !== 'CallExpression') return false;
        const name = calleeName(node.callee);
        return name !== undefined && WARNING_CALLS.has(name);
      })
    );
  };
  const fromVisibleCallers = (key: TSESTree.Node): boolean => {
    const def = keyVariableOf(ctx, key)?.defs[0];
    if (def?.type !== 'Parameter' || !isFunctionNode(def.node)) return false;
    const helper = declaredVariableOf(ctx, def.node);
    return helper !== undefined && !isExported(helper);
  };
  return (
    growing.every((use) => {
      const key = flagKey(use);
      return key !== undefined && printsWarning(use) && !fromVisibleCallers(key);
    }) && others.every((use) => isMembershipTest(use))
  );
}

/**
 * Hooks kept for the end of the process: every other use of the collection is in a function that
 * ends the process (`process.exit(…)` in its own body) or handles an exit signal
 * (`process.on('SIGTERM', …)`). Its entries are meant to live until exit: a cap would lose them.
 */
function isExitHookList(ctx: AnalysisContext, readers: readonly CollectionUse[]): boolean {
  return (
    readers.length > 0 &&
    readers.every((use) => {
      for (let fn = enclosingFunction(use.ref); fn; fn = enclosingFunction(fn)) {
        if (endsProcess(ctx, fn) || isExitHandler(ctx, fn)) return true;
      }
      return false;
    })
  );
}

/** `process.on('SIGTERM', fn)`, `process.once('exit', fn)`. */
function isExitHandler(ctx: AnalysisContext, fn: FunctionNode): boolean {
  const call = fn.parent;
  if (call?.type !== 'CallExpression' || call.arguments[1] !== fn) return false;
  const callee = unwrapExpression(call.callee);
  const event = call.arguments[0];
  return (
    callee.type === 'MemberExpression' &&
    ['on', 'once', 'prependListener', 'prependOnceListener'].some((method) => isProcessMethod(ctx, callee, method)) &&
    event?.type === 'Literal' &&
    typeof event.value === 'string' &&
    EXIT_EVENTS.has(event.value)
  );
}

/** A function whose own body (not a nested function) calls `process.exit`. */
function endsProcess(ctx: AnalysisContext, fn: FunctionNode): boolean {
  return hasOwnNode(fn.body, (node) => isProcessExitCall(ctx, node));
}

/** A written key type is finite syntactically, or (type-aware) by the checker. */
function isFiniteKeyType(ctx: AnalysisContext, keyType: TSESTree.TypeNode, typeAware: boolean): boolean {
  if (isFiniteTypeNode(ctx, keyType, 0)) return true;
  return hasFiniteCheckerType(ctx, keyType, typeAware);
}

/** `get sessions() { return this.#sessions; }`: the use is what a getter returns. */
function returnedByGetter(use: CollectionUse): boolean {
  if (use.node.type !== 'ReturnStatement') return false;
  const fn = enclosingFunction(use.node);
  return fn?.parent?.type === 'MethodDefinition' && fn.parent.kind === 'get';
}
