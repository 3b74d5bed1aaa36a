import type { TSESTree } from '@typescript-eslint/utils';
import { resolveIdentifier, type AnalysisContext } from '../../core/context.js';
import {
  isGlobalReference,
  normalizeModule,
  requireSource,
  resolveImportedValue,
  exportNameOf,
  staticPropertyName,
  unwrapExpression,
} from '../../core/imports.js';
import { forEachDescendant, isFunctionNode, objectLiteralOf, propertyKeyName, shortText } from '../../core/ast.js';
import type { ExemptionTable } from '../../core/exemptions.js';
import {
  BOUNDED_CACHE_MODULES,
  MEMOIZEE_MAX_AGE_OPTION,
  MEMOIZEE_MAX_OPTION,
  MEMOIZER_MODULES,
  WEAK_COLLECTIONS,
  type MemoizerLibrary,
} from '../../knowledge/caches.js';
import { areFiniteParameters } from './keys.js';
import { isLongDelay } from '../tasks/race-timeout.js';
import { isDataKey } from './data-keys.js';
import type { FrequencyModel } from '../../frequency/frequency-of.js';
import type { MemberIndex } from './member-index.js';
import type { MemoizerFinding, UnboundedCacheOptions } from './findings.js';

// ---------------------------------------------------------------------------------------------
// Memoizers: lodash's and memoizee's, created at load

/** Local names bound by top-level imports and requires, with the module each comes from (no `.js`). */
export function topLevelImports(ast: TSESTree.Program): Map<string, string> {
  const sources = new Map<string, string>();
  for (const statement of ast.body) {
    if (statement.type === 'ImportDeclaration') {
      for (const spec of statement.specifiers) sources.set(spec.local.name, withoutJsSuffix(statement.source.value));
    } else if (statement.type === 'VariableDeclaration') {
      for (const declarator of statement.declarations) {
        let init = declarator.init ? unwrapExpression(declarator.init) : undefined;
        while (init?.type === 'MemberExpression') init = unwrapExpression(init.object);
        const source = init?.type === 'CallExpression' ? requireSource(init) : undefined;
        if (source === undefined) continue;
        // Every identifier in the pattern (keys too): a superset is fine for a pre-filter.
        if (declarator.id.type === 'Identifier') sources.set(declarator.id.name, withoutJsSuffix(source));
        forEachDescendant(declarator.id, (node) => {
          if (node.type === 'Identifier') sources.set(node.name, withoutJsSuffix(source));
        });
      }
    } else if (
      statement.type === 'TSImportEqualsDeclaration' &&
      statement.moduleReference.type === 'TSExternalModuleReference'
    ) {
      const specifier = statement.moduleReference.expression;
      if (typeof specifier.value === 'string') sources.set(statement.id.name, withoutJsSuffix(specifier.value));
    }
  }
  return sources;
}

/** The memoizer library a callee is, after resolving its import. */
export function memoizerLibrary(ctx: AnalysisContext, callee: TSESTree.Node): MemoizerLibrary | undefined {
  const value = resolveImportedValue(ctx, callee);
  if (!value) return undefined;
  const entry = MEMOIZER_MODULES.get(withoutJsSuffix(value.source));
  if (!entry) return undefined;
  return exportNameOf(value) === entry.exportName ? entry.library : undefined;
}

function withoutJsSuffix(source: string): string {
  return normalizeModule(source).replace(/\.js$/, '');
}

/** True when `value` (a constructor reference) is a bounded cache class or a weak map. */
function isBoundedCacheClass(ctx: AnalysisContext, options: UnboundedCacheOptions, value: TSESTree.Node): boolean {
  const target = unwrapExpression(value);
  if (target.type === 'Identifier' && WEAK_COLLECTIONS.has(target.name) && isGlobalReference(ctx, target, target.name))
    return true;
  const imported = resolveImportedValue(ctx, target);
  if (!imported) return false;
  const source = withoutJsSuffix(imported.source);
  if (options.boundedCaches.some((module) => withoutJsSuffix(module) === source)) return true;
  const exports = BOUNDED_CACHE_MODULES.get(source);
  if (exports === undefined) return false;
  const name = exportNameOf(imported);
  return exports === '*' || (name !== undefined && exports.has(name));
}

/** The name the memoized function is bound to: `const f = memoize(…)`, `{ f: memoize(…) }`, `exports.f = memoize(…)`. */
function boundName(call: TSESTree.CallExpression): { name: string | undefined; variable?: TSESTree.Identifier } {
  let outer: TSESTree.Node = call;
  while (
    outer.parent &&
    (outer.parent.type === 'TSAsExpression' ||
      outer.parent.type === 'TSSatisfiesExpression' ||
      outer.parent.type === 'TSNonNullExpression')
  )
    outer = outer.parent;
  const parent = outer.parent;
  if (parent?.type === 'VariableDeclarator' && parent.id.type === 'Identifier')
    return { name: parent.id.name, variable: parent.id };
  if ((parent?.type === 'Property' || parent?.type === 'PropertyDefinition') && parent.value === outer) {
    return { name: propertyKeyName(parent) };
  }
  if (parent?.type === 'AssignmentExpression' && parent.left.type === 'MemberExpression')
    return { name: staticPropertyName(parent.left) };
  return { name: undefined };
}

/** A memoize call created where this rule judges it, with the parameters its cache is keyed by. */
export interface MemoizeCall {
  readonly ctx: AnalysisContext;
  readonly options: UnboundedCacheOptions;
  readonly members: MemberIndex;
  readonly call: TSESTree.CallExpression;
  readonly library: MemoizerLibrary;
  /** memoizee's options argument. */
  readonly settings: TSESTree.Node | undefined;
  /** The parameters the cache keys by, when this file shows them. */
  readonly keyParams: readonly TSESTree.Parameter[] | undefined;
}

/** memoizee's options as an object literal of plain properties, or undefined when this file cannot read them. */
function readableSettings(ctx: AnalysisContext, node: TSESTree.Node): TSESTree.ObjectExpression | undefined {
  const settings = objectLiteralOf(ctx, node);
  return settings && !settings.properties.some((prop) => prop.type !== 'Property' || prop.computed)
    ? settings
    : undefined;
}

function settingNamed(settings: TSESTree.ObjectExpression, name: string): TSESTree.ObjectLiteralElement | undefined {
  return settings.properties.find((prop) => prop.type === 'Property' && propertyKeyName(prop) === name);
}

/** Reasons a memoizer created at load is not a leak, in the order they are checked. */
export const MEMOIZER_EXEMPTIONS: ExemptionTable<MemoizeCall> = [
  {
    name: 'memoizer-options-unread',
    reason:
      'memoizee options this file cannot read (a variable from elsewhere, a spread, a computed name) may well set `max`.',
    applies: ({ ctx, library, settings }) =>
      library === 'memoizee' && settings !== undefined && !readableSettings(ctx, settings),
  },
  {
    name: 'memoizer-max',
    reason:
      'memoizee given `max` evicts its results, and given a `maxAge` under an hour (or one this file cannot read) drops each before many pile up; a `maxAge` of an hour or more alone keeps every distinct call that long.',
    applies: ({ ctx, library, settings }) => {
      const readable = library === 'memoizee' && settings ? readableSettings(ctx, settings) : undefined;
      if (readable === undefined) return false;
      if (settingNamed(readable, MEMOIZEE_MAX_OPTION)) return true;
      const maxAge = settingNamed(readable, MEMOIZEE_MAX_AGE_OPTION);
      return maxAge?.type === 'Property' && !isLongDelay(ctx, maxAge.value);
    },
  },
  {
    name: 'memoizer-bounded-cache',
    reason:
      "lodash's memoize given a bounded cache (`memoize.Cache = WeakMap`, `fn.cache = new LRUCache(…)`) or cleared (`fn.cache.clear()`).",
    applies: ({ ctx, options, members, call, library }) =>
      library === 'lodash' && lodashCacheIsBounded(ctx, options, members, call),
  },
  {
    name: 'memoizer-finite-arguments',
    reason:
      'a memoized function whose key parameters take a fixed few values (a literal union, an enum, a boolean, a locale) keeps at most that many results.',
    applies: ({ ctx, options, keyParams }) =>
      keyParams !== undefined && areFiniteParameters(ctx, keyParams, options.typeAware),
  },
  {
    name: 'memoizer-arguments-not-data',
    reason:
      'by default, a memoizer is reported only when a parameter it keys by names data (`url`, `userId`, `prompt`…); see `reportUnknownKeys`.',
    applies: ({ options, keyParams }) => !options.reportUnknownKeys && !keyParams?.some((param) => isDataKey(param)),
  },
  {
    name: 'memoizer-only-request-keys',
    reason: 'with `onlyRequestKeys`, memoizers are not reported: their arguments are not traced to request input.',
    applies: ({ options }) => options.onlyRequestKeys,
  },
];

/** A memoize call created once per process, at load or in start-up code (or, with `instanceFields`, as an instance field's value), ready to judge; undefined when it is not. */
export function memoizeCallOf(
  ctx: AnalysisContext,
  options: UnboundedCacheOptions,
  frequency: FrequencyModel,
  members: MemberIndex,
  call: TSESTree.CallExpression,
  library: MemoizerLibrary,
): MemoizeCall | undefined {
  const instanceField = isInstanceFieldValue(call);
  if (!(instanceField ? options.instanceFields : frequency.runsOnce(call))) return undefined;
  const [fnArg, second] = call.arguments;
  if (!fnArg) return undefined;
  let keyParams = memoizedParameters(ctx, fnArg);
  if (library === 'memoizee') {
    const settings = second ? readableSettings(ctx, second) : undefined;
    // A normalizer makes its own keys; `length: n` keys by the first n arguments.
    if (settings && settingNamed(settings, 'normalizer')) keyParams = undefined;
    const length = settings ? settingNamed(settings, 'length') : undefined;
    if (length?.type === 'Property' && length.value.type === 'Literal' && typeof length.value.value === 'number')
      keyParams = keyParams?.slice(0, length.value.value);
  } else {
    // lodash keys by the resolver's result when there is one, else by the first argument.
    keyParams = second ? memoizedParameters(ctx, second) : keyParams?.slice(0, 1);
  }
  return { ctx, options, members, call, library, settings: library === 'memoizee' ? second : undefined, keyParams };
}

/** The finding; a memoizee `maxAge` it names is a long one (a short one would have spared it). */
export function memoizerFinding({ ctx, call, library, settings }: MemoizeCall): MemoizerFinding {
  const readable = library === 'memoizee' && settings ? readableSettings(ctx, settings) : undefined;
  const maxAge = readable && settingNamed(readable, MEMOIZEE_MAX_AGE_OPTION);
  const longMaxAge = maxAge?.type === 'Property' ? shortText(ctx, maxAge.value) : undefined;
  return { type: 'memoizer', node: call, library, name: boundName(call).name, ...(longMaxAge ? { longMaxAge } : {}) };
}

function isInstanceFieldValue(call: TSESTree.CallExpression): boolean {
  for (
    let child: TSESTree.Node = call, current: TSESTree.Node | undefined = call.parent;
    current;
    child = current, current = current.parent
  ) {
    if (isFunctionNode(current)) return false;
    if (current.type === 'PropertyDefinition' && current.value === child) return !current.static;
  }
  return false;
}

/** The parameters of a memoized function written inline or declared in this file. */
function memoizedParameters(ctx: AnalysisContext, node: TSESTree.Node): TSESTree.Parameter[] | undefined {
  const target = unwrapExpression(node);
  if (isFunctionNode(target))
    return target.params.some((param) => param.type === 'RestElement') ? undefined : target.params;
  if (target.type !== 'Identifier') return undefined;
  const def = resolveIdentifier(ctx, target)?.defs[0];
  if (def?.node.type === 'FunctionDeclaration') return memoizedParameters(ctx, def.node);
  if (def?.type === 'Variable' && def.node.parent.kind === 'const' && def.node.init && isFunctionNode(def.node.init))
    return memoizedParameters(ctx, def.node.init);
  return undefined;
}

/**
 * lodash's memoize is bounded when this file gives it a bounded cache: `memoize.Cache = WeakMap`
 * (or a bounded cache class), `memoized.cache = new LRUCache(…)`, or evicts from it
 * (`memoized.cache.clear()` / `.delete(…)`).
 */
function lodashCacheIsBounded(
  ctx: AnalysisContext,
  options: UnboundedCacheOptions,
  members: MemberIndex,
  call: TSESTree.CallExpression,
): boolean {
  const memoizeFn = unwrapExpression(call.callee);
  const { variable } = boundName(call);
  const memoizedVariable = variable ? resolveIdentifier(ctx, variable) : undefined;
  const isMemoized = (node: TSESTree.Node): boolean => {
    const target = unwrapExpression(node);
    return (
      target.type === 'Identifier' &&
      memoizedVariable !== undefined &&
      memoizedVariable.references.some((ref) => ref.identifier === target)
    );
  };
  const isMemoizeFunction = (node: TSESTree.Node): boolean => {
    const target = unwrapExpression(node);
    if (target.type === 'Identifier' && memoizeFn.type === 'Identifier') return target.name === memoizeFn.name;
    return memoizerLibrary(ctx, target) === 'lodash';
  };
  const givenBoundedClass = members.named('Cache').some((node) => {
    const parent = node.parent;
    return (
      parent?.type === 'AssignmentExpression' &&
      parent.left === node &&
      isMemoizeFunction(node.object) &&
      isBoundedCacheClass(ctx, options, parent.right)
    );
  });
  return (
    givenBoundedClass ||
    members.named('cache').some((node) => {
      if (!isMemoized(node.object)) return false;
      const parent = node.parent;
      if (parent?.type === 'AssignmentExpression' && parent.left === node) {
        const value = unwrapExpression(parent.right);
        return value.type === 'NewExpression' && isBoundedCacheClass(ctx, options, value.callee);
      }
      return (
        parent?.type === 'MemberExpression' &&
        parent.object === node &&
        ['clear', 'delete'].includes(staticPropertyName(parent) ?? '')
      );
    })
  );
}
