import type { TSESTree } from '@typescript-eslint/utils';
import { findVariable, resolveIdentifier, scopeOf, type AnalysisContext, type Variable } from '../../core/context.js';
import type { DetectorFactory } from '../../core/detector.js';
import { isShortLivedFile } from '../../core/file-role.js';
import { isExportOf, isGlobalReference, isProcessExitCall, isProcessMethod, normalizeModule, requireSource, resolveImportedValue, exportNameOf, staticPropertyName, type ImportedValue } from '../../core/imports.js';
import { enclosingFunction, isFunctionNode, within, type FunctionNode } from '../../core/ast.js';
import { iterationCallOf } from '../../frequency/repetition.js';
import { BOUNDED_CACHE_MODULES, MEMOIZEE_BOUNDING_OPTIONS, MEMOIZER_MODULES, WEAK_COLLECTIONS, type MemoizerLibrary } from '../../knowledge/caches.js';
import { areFiniteParameters, fixedBinding, hasOnlyKnownProperties, isFiniteKey, isFiniteType, isFiniteTypeNode, sourceText } from './keys.js';
import { classifyUse, type CollectionUse } from './uses.js';
import { isClientConstruction } from '../clients/construction.js';
import { calleeName, classVariablesOf, propertyKeyName, containsIdentifier, declaredVariableOf, forEachDescendant, functionName, hasOwnNode, isExported, thisOwnerOf } from '../../core/ast.js';
import { repeatedRunOf, describeFunction, runsWhileConstructing } from '../../frequency/run-context.js';
import { unwrapExpression } from '../../core/imports.js';
import { EXIT_EVENTS } from '../../knowledge/events.js';
import { TEST_HOOKS } from '../../knowledge/test-frameworks.js';

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
  /** Modules whose exports are bounded caches, on top of the catalogue's. */
  readonly boundedCaches: readonly string[];
}

export const DEFAULT_UNBOUNDED_CACHE_OPTIONS: UnboundedCacheOptions = { typeAware: false, reportEscaping: false, instanceFields: false, reportRegistries: false, reportUnknownKeys: false, boundedCaches: [] };

export type CollectionKind = 'Map' | 'Set' | 'object' | 'array';

/** Where a long-lived collection is held. */
export type CollectionHolder =
  | { readonly kind: 'variable'; readonly variable: Variable; readonly declarator: TSESTree.VariableDeclarator }
  | { readonly kind: 'static-field' | 'instance-field'; readonly field: TSESTree.PropertyDefinition; readonly className: string | undefined }
  | { readonly kind: 'global'; readonly assignment: TSESTree.AssignmentExpression; readonly property: string };

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
}

export interface MemoizerFinding {
  readonly type: 'memoizer';
  /** The memoize call. */
  readonly node: TSESTree.CallExpression;
  readonly library: MemoizerLibrary;
  /** The name the memoized function is bound to, if any. */
  readonly name: string | undefined;
}

export type UnboundedCacheFinding = CollectionFinding | MemoizerFinding;

/**
 * Functions named like these add entries once per plugin, route or command, not once per request;
 * a `__`-prefixed name (`__setCache`) marks, by convention, a hook for tests, not production code.
 */
const REGISTRATION_NAME = /^(?:register|define|declare|install)(?:[A-Z0-9_$]|$)|^use$|^__[A-Za-z]/;
const MAX_LOAD_DEPTH = 6;

/**
 * Long-lived collections (module scope, static fields, globalThis; instance fields on request)
 * that code running again and again adds entries to under keys that are not a fixed few, while
 * nothing in the module ever deletes, clears, caps, reassigns or size-checks them; plus lodash
 * and memoizee memoizers created at module load with no bound. Collections handed to other code
 * are left alone unless `reportEscaping`: that code may evict them.
 */
export const createUnboundedCacheDetector: DetectorFactory<UnboundedCacheOptions, UnboundedCacheFinding> = (ctx, options) => {
  const memoizeCalls: { call: TSESTree.CallExpression; library: MemoizerLibrary }[] = [];
  let imports: Map<string, string> | undefined;
  const loadTime = new LoadTimeAnalysis(ctx);
  const members = new MemberIndex(ctx.ast);

  return {
    visitors: {
      CallExpression(node) {
        const callee = unwrapExpression(node.callee);
        // Cheap: a memoizer is a name imported from a memoizer module, or a `.memoize` property.
        if (callee.type === 'Identifier') {
          imports ??= topLevelImports(ctx.ast);
          const source = imports.get(callee.name);
          if (source === undefined || !MEMOIZER_MODULES.has(source)) return;
        } else if (callee.type !== 'MemberExpression' || staticPropertyName(callee) !== 'memoize') {
          return;
        }
        const library = memoizerLibrary(ctx, callee);
        if (library) memoizeCalls.push({ call: node, library });
      },
    },
    finish() {
      // A test or a one-shot script ends when its work is done: what it collects goes with it.
      if (isShortLivedFile(ctx)) return [];
      const findings: UnboundedCacheFinding[] = [];
      for (const candidate of collectionCandidates(ctx, options)) {
        const finding = judgeCollection(ctx, options, loadTime, members, candidate);
        if (finding) findings.push(finding);
      }
      for (const { call, library } of memoizeCalls) {
        const finding = judgeMemoizer(ctx, options, loadTime, members, call, library);
        if (finding) findings.push(finding);
      }
      return findings.sort((a, b) => a.node.range[0] - b.node.range[0]);
    },
  };
};

// ---------------------------------------------------------------------------------------------
// Candidates

interface Candidate extends CollectionSite {
  /** Type arguments or annotation naming the key type, when written. */
  readonly keyType: TSESTree.TypeNode | undefined;
  /** Likewise the value type of a map or dictionary. */
  readonly valueType: TSESTree.TypeNode | undefined;
}

/** The collection kind an initializer creates, or undefined. */
function collectionKindOf(ctx: AnalysisContext, expression: TSESTree.Expression): CollectionKind | undefined {
  switch (expression.type) {
    case 'NewExpression': {
      const callee = expression.callee;
      if (callee.type !== 'Identifier' || (callee.name !== 'Map' && callee.name !== 'Set')) return undefined;
      return isGlobalReference(ctx, callee, callee.name) ? callee.name : undefined;
    }
    case 'ObjectExpression':
      // An object with methods or accessors is an API, not a dictionary.
      return expression.properties.every((prop) => prop.type === 'SpreadElement' || (prop.kind === 'init' && !prop.method && !isFunctionNode(prop.value))) ? 'object' : undefined;
    case 'CallExpression': {
      const callee = expression.callee;
      const arg = expression.arguments[0];
      const isObjectCreate =
        callee.type === 'MemberExpression' && staticPropertyName(callee) === 'create' && callee.object.type === 'Identifier' && callee.object.name === 'Object' && isGlobalReference(ctx, callee.object, 'Object');
      return isObjectCreate && expression.arguments.length === 1 && arg?.type === 'Literal' && arg.value === null ? 'object' : undefined;
    }
    case 'ArrayExpression':
      return 'array';
    default:
      return undefined;
  }
}

interface WrittenTypes {
  readonly key?: TSESTree.TypeNode | undefined;
  readonly value?: TSESTree.TypeNode | undefined;
}

/** The key and value types written on the collection: `new Map<K, V>`, `Set<K>`, `Record<K, V>`, `{ [k: K]: V }`. */
function writtenTypes(collection: TSESTree.Expression, annotations: readonly (TSESTree.TypeNode | undefined)[]): WrittenTypes {
  if (collection.type === 'NewExpression' && collection.typeArguments) return { key: collection.typeArguments.params[0], value: collection.typeArguments.params[1] };
  for (const annotation of annotations) {
    if (!annotation) continue;
    if (annotation.type === 'TSTypeReference' && annotation.typeArguments && annotation.typeName.type === 'Identifier' && ['Map', 'Set', 'Record', 'ReadonlyMap', 'ReadonlySet'].includes(annotation.typeName.name)) {
      return { key: annotation.typeArguments.params[0], value: annotation.typeArguments.params[1] };
    }
    if (annotation.type === 'TSTypeLiteral' && annotation.members.length === 1 && annotation.members[0]!.type === 'TSIndexSignature') {
      const signature = annotation.members[0]!;
      const parameter = signature.parameters[0];
      return { key: parameter?.type === 'Identifier' ? parameter.typeAnnotation?.typeAnnotation : undefined, value: signature.typeAnnotation?.typeAnnotation };
    }
    if (annotation.type === 'TSMappedType') return { key: annotation.constraint, value: annotation.typeAnnotation };
  }
  return {};
}

/** Types asserted on an initializer: `x as T`, `x satisfies T`, `<T>x`. */
export function assertedTypes(initializer: TSESTree.Expression): TSESTree.TypeNode[] {
  const types: TSESTree.TypeNode[] = [];
  for (let current: TSESTree.Node = initializer; ; current = current.expression) {
    if (current.type === 'TSAsExpression' || current.type === 'TSSatisfiesExpression' || current.type === 'TSTypeAssertion') types.push(current.typeAnnotation);
    else if (current.type !== 'TSNonNullExpression') break;
  }
  return types;
}

function makeCandidate(
  ctx: AnalysisContext,
  node: TSESTree.Node,
  name: string,
  holder: CollectionHolder,
  initializer: TSESTree.Expression,
  annotation: TSESTree.TypeNode | undefined,
): Candidate | undefined {
  const collection = unwrapExpression(initializer) as TSESTree.Expression;
  const kind = collectionKindOf(ctx, collection);
  if (!kind) return undefined;
  const types = writtenTypes(collection, [annotation, ...assertedTypes(initializer)]);
  return { node, kind, name, holder, initializer, collection, keyType: types.key, valueType: types.value };
}

function siteOf({ node, kind, name, holder, initializer, collection }: Candidate): CollectionSite {
  return { node, kind, name, holder, initializer, collection };
}

/** Module-level declarations, static (and, on request, instance) fields of module-level classes, and globalThis slots. */
function collectionCandidates(ctx: AnalysisContext, options: UnboundedCacheOptions): Candidate[] {
  const candidates: Candidate[] = [];
  const addClass = (cls: TSESTree.ClassDeclaration | TSESTree.ClassExpression, className: string | undefined): void => {
    for (const member of cls.body.body) {
      if (member.type !== 'PropertyDefinition' || !member.value || member.declare) continue;
      if (!member.static && !options.instanceFields) continue;
      const fieldName = propertyKeyName(member);
      if (fieldName === undefined) continue;
      const holder: CollectionHolder = { kind: member.static ? 'static-field' : 'instance-field', field: member, className };
      const label = member.static ? `${className ?? '(class)'}.${fieldName}` : `this.${fieldName}`;
      const candidate = makeCandidate(ctx, member.key, label, holder, member.value, member.typeAnnotation?.typeAnnotation);
      if (candidate) candidates.push(candidate);
    }
  };

  for (const statement of ctx.ast.body) {
    const declaration =
      statement.type === 'ExportNamedDeclaration' || statement.type === 'ExportDefaultDeclaration' ? statement.declaration : statement;
    if (!declaration) continue;
    if (declaration.type === 'VariableDeclaration') {
      for (const declarator of declaration.declarations) {
        if (declarator.id.type !== 'Identifier' || !declarator.init) continue;
        if (declarator.init.type === 'ClassExpression') {
          addClass(declarator.init, declarator.id.name);
          continue;
        }
        const variable = ctx.scopeManager.getDeclaredVariables(declarator)[0];
        if (!variable) continue;
        const holder: CollectionHolder = { kind: 'variable', variable, declarator };
        const candidate = makeCandidate(ctx, declarator.id, declarator.id.name, holder, declarator.init, declarator.id.typeAnnotation?.typeAnnotation);
        if (candidate) candidates.push(candidate);
      }
    } else if (declaration.type === 'ClassDeclaration') {
      addClass(declaration, declaration.id?.name);
    } else if (declaration.type === 'ExpressionStatement' && declaration.expression.type === 'AssignmentExpression') {
      const assignment = declaration.expression;
      const property = globalSlotName(ctx, assignment.left);
      if (property === undefined || !['=', '??=', '||='].includes(assignment.operator)) continue;
      const holder: CollectionHolder = { kind: 'global', assignment, property };
      const candidate = makeCandidate(ctx, assignment.left, `globalThis.${property}`, holder, assignment.right, undefined);
      if (candidate) candidates.push(candidate);
    }
  }
  return candidates;
}

/** `globalThis.x` / `global.x` (the real globals): 'x'. */
function globalSlotName(ctx: AnalysisContext, node: TSESTree.Node): string | undefined {
  if (node.type !== 'MemberExpression') return undefined;
  const object = node.object;
  if (object.type !== 'Identifier' || (object.name !== 'globalThis' && object.name !== 'global')) return undefined;
  if (!isGlobalReference(ctx, object, object.name)) return undefined;
  return staticPropertyName(node);
}

// ---------------------------------------------------------------------------------------------
// References

interface References {
  /** Expressions that are this collection for certain. */
  readonly own: TSESTree.Node[];
  /** `x.cache` through an object that might be this class or instance: counted for eviction and escape only. */
  readonly foreign: TSESTree.Node[];
  /** The holder itself is visible outside the file (exported binding, public field of an exported class). */
  readonly exported: boolean;
}

function referencesOf(ctx: AnalysisContext, members: MemberIndex, candidate: Candidate): References {
  const { holder } = candidate;
  if (holder.kind === 'variable') {
    const own = holder.variable.references.filter((ref) => ref.identifier !== holder.declarator.id && ref.isValueReference).map((ref) => ref.identifier);
    return { own, foreign: [], exported: isExported(holder.variable) };
  }
  if (holder.kind === 'global') {
    const own: TSESTree.Node[] = [];
    const through = ctx.scopeManager.globalScope?.through ?? [];
    const globals = ctx.scopeManager.globalScope?.set;
    const identifiers = [...through.map((ref) => ref.identifier), ...['globalThis', 'global'].flatMap((name) => globals?.get(name)?.references.map((ref) => ref.identifier) ?? [])];
    for (const identifier of identifiers) {
      const member = identifier.parent;
      if (member?.type === 'MemberExpression' && member.object === identifier && member !== holder.assignment.left && globalSlotName(ctx, member) === holder.property) own.push(member);
    }
    return { own, foreign: [], exported: false };
  }
  return fieldReferences(ctx, members, holder);
}

/** `this.f` in the matching (static or instance) members, `Class.f` for statics; any other `x.f` is foreign. */
function fieldReferences(ctx: AnalysisContext, members: MemberIndex, holder: Extract<CollectionHolder, { kind: 'static-field' | 'instance-field' }>): References {
  const { field } = holder;
  const body = field.parent as TSESTree.ClassBody;
  const cls = body.parent;
  const isStatic = holder.kind === 'static-field';
  const fieldName = propertyKeyName(field)!;
  const classVariables = classVariablesOf(ctx, cls);
  const own: TSESTree.Node[] = [];
  const foreign: TSESTree.Node[] = [];
  let classEscapes = false;
  for (const variable of classVariables) {
    for (const ref of variable.references) {
      const parent = ref.identifier.parent;
      if (ref.init || !ref.isValueReference) continue;
      if (parent?.type === 'MemberExpression' && parent.object === ref.identifier) continue;
      if (parent?.type === 'NewExpression' && parent.callee === ref.identifier) continue;
      classEscapes = true;
    }
  }
  for (const node of members.named(fieldName)) {
    const object = unwrapExpression(node.object);
    if (object.type === 'ThisExpression') {
      const owner = thisOwnerOf(node);
      if (owner && owner.body === body && owner.isStatic === isStatic) own.push(node);
      else foreign.push(node);
    } else if (isStatic && object.type === 'Identifier' && classVariables.some((variable) => variable.references.some((ref) => ref.identifier === object))) {
      own.push(node);
    } else {
      foreign.push(node);
    }
  }
  const privateField = field.key.type === 'PrivateIdentifier' || field.accessibility === 'private';
  const classExported = classVariables.some((variable) => isExported(variable)) || cls.parent?.type === 'ExportDefaultDeclaration' || cls.parent?.type === 'ExportNamedDeclaration';
  return { own, foreign, exported: !privateField && (classExported || classEscapes) };
}

// ---------------------------------------------------------------------------------------------
// Judging a collection

/** Operations that add an entry, by kind, with the key they add under (undefined: always a new entry). */
function growthKey(kind: CollectionKind, use: CollectionUse): { grows: boolean; key?: TSESTree.Node; keys?: TSESTree.Node } {
  switch (use.op) {
    case 'call':
      if (kind === 'Map' && use.method === 'set') return { grows: true, key: use.node.arguments[0] };
      if (kind === 'Set' && use.method === 'add') return { grows: true, key: use.node.arguments[0] };
      if (kind === 'array' && (use.method === 'push' || use.method === 'unshift')) return { grows: use.node.arguments.length > 0 };
      return { grows: false };
    case 'write':
    case 'update':
      // Index writes into an array update slots in place; only push/unshift make a buffer grow.
      return kind === 'object' && use.key ? { grows: true, key: use.key } : { grows: false };
    case 'builtin':
      if (kind !== 'object' || use.argument !== 0) return { grows: false };
      if (use.name === 'Object.assign') return { grows: use.node.arguments.length > 1, keys: use.node.arguments[1] };
      if (use.name === 'Reflect.set' || use.name === 'Object.defineProperty') return { grows: true, key: use.node.arguments[1] };
      return { grows: false };
    default:
      return { grows: false };
  }
}

/** Operations that remove entries or cap growth: any one of them anywhere counts as eviction. */
function shrinks(kind: CollectionKind, use: CollectionUse): boolean {
  switch (use.op) {
    case 'call':
      if (kind === 'Map' || kind === 'Set') return use.method === 'delete' || use.method === 'clear';
      if (kind === 'array') return use.method === 'pop' || use.method === 'shift' || use.method === 'splice';
      return false;
    case 'write':
      return kind === 'array' && use.property === 'length';
    case 'delete':
    case 'reassign':
      return true;
    case 'builtin':
      return use.name === 'Reflect.deleteProperty' && use.argument === 0;
    default:
      return false;
  }
}

/** `c.size`, `c.length` or `Object.keys(c).length` compared in a condition: the writes are capped. */
function isSizeGuard(kind: CollectionKind, use: CollectionUse): boolean {
  let measure: TSESTree.Node | undefined;
  if (use.op === 'read' && use.property === (kind === 'Map' || kind === 'Set' ? 'size' : 'length')) measure = use.node;
  if (use.op === 'builtin' && ['Object.keys', 'Object.values', 'Object.entries'].includes(use.name)) {
    const member = use.node.parent;
    if (member?.type === 'MemberExpression' && member.object === use.node && staticPropertyName(member) === 'length') measure = member;
  }
  const comparison = measure?.parent;
  if (comparison?.type !== 'BinaryExpression') return false;
  const other = comparison.left === measure ? comparison.right : comparison.left;
  const relational = ['<', '<=', '>', '>='].includes(comparison.operator);
  const equality = ['===', '==', '!==', '!='].includes(comparison.operator) && !(other.type === 'Literal' && other.value === 0);
  if (!relational && !equality) return false;
  // Only a condition that decides what runs: if/?:/&&/|| tests, not a for loop's bound.
  let condition: TSESTree.Node = comparison;
  while (condition.parent?.type === 'LogicalExpression' || (condition.parent?.type === 'UnaryExpression' && condition.parent.operator === '!')) condition = condition.parent;
  const holder = condition.parent;
  return (
    (holder?.type === 'IfStatement' && holder.test === condition) ||
    (holder?.type === 'ConditionalExpression' && holder.test === condition) ||
    (holder?.type === 'WhileStatement' && holder.test === condition) ||
    comparison.parent?.type === 'LogicalExpression'
  );
}

function judgeCollection(ctx: AnalysisContext, options: UnboundedCacheOptions, loadTime: LoadTimeAnalysis, members: MemberIndex, candidate: Candidate): CollectionFinding | undefined {
  const { kind } = candidate;
  // `new Map<Color, X>()`: at most one entry per enum member.
  if (candidate.keyType && kind !== 'array' && isFiniteKeyType(ctx, candidate.keyType, options.typeAware)) return undefined;
  if (isPreseededTable(kind, candidate.collection)) return undefined;
  if (candidate.valueType && isSchemaTypeNode(ctx, candidate.valueType)) return undefined;
  const references = referencesOf(ctx, members, candidate);
  if (references.exported && !options.reportEscaping) return undefined;

  const uses = references.own.map((ref) => classifyUse(ctx, ref));
  const foreignUses = references.foreign.map((ref) => classifyUse(ctx, ref));
  let growth: CollectionUse | undefined;
  for (const use of [...uses, ...foreignUses]) {
    if (shrinks(kind, use) || isSizeGuard(kind, use)) return undefined;
    if ((use.op === 'escape' || use.op === 'export') && !options.reportEscaping) return undefined;
  }
  const growing = uses.filter((use) => growthKey(kind, use).grows);
  const others = uses.filter((use) => !growing.includes(use));
  if (isExitHookList(ctx, others)) return undefined;
  if (isWarningRecord(ctx, kind, growing, others)) return undefined;
  const creating = growing.filter((use) => !changesExistingEntry(use));
  const patternKeys = new Set(
    growing.flatMap((use) => {
      const { key } = growthKey(kind, use);
      return key && storesOnly(ctx, use, holdsCompiledPattern(ctx)) ? [sourceText(ctx, key)] : [];
    }),
  );
  for (const use of creating.length > 0 ? creating : growing) {
    const { key, keys } = growthKey(kind, use);
    if (loadTime.runsOnlyAtLoad(use.node) || loadTime.insideRegistration(use.node)) continue;
    if (key && isFiniteKey(ctx, key, options.typeAware)) continue;
    if (storesCompiledForm(ctx, use) || storesDefinition(ctx, use)) continue;
    if (key && patternKeys.has(sourceText(ctx, key))) continue;
    if (key && marksBuiltStructure(ctx, kind, use, key)) continue;
    if (key && isBuiltFromFixedTable(ctx, use, key)) continue;
    if (key && refusesDuplicates(ctx, use, key, others)) continue;
    if (key && isReadFromFixedFolder(ctx, use.node, key)) continue;
    if (key && isMemoizedLookup(ctx, use, key)) continue;
    if (key && isOwnKey(ctx, key, uses)) continue;
    if (storesClient(ctx, use)) continue;
    if (!options.reportRegistries && (registersInstance(ctx, use, key) || isHandedOutByFactory(ctx, use) || storesOwnInstance(ctx, use))) continue;
    if (keys && hasFiniteKeys(ctx, keys, options.typeAware)) continue;
    if (!options.reportUnknownKeys && !(key && isDataKey(key)) && !repeatedRunOf(ctx, use.node)) continue;
    if (!growth || use.node.range[0] < growth.node.range[0]) growth = use;
  }
  if (!growth) return undefined;
  return {
    type: 'collection',
    ...siteOf(candidate),
    uses,
    foreignUses,
    growth,
    where: describeWhere(ctx, growth.node),
  };
}

/**
 * Words that name data a program receives rather than vocabulary it declares: identifiers, web
 * addresses, credentials and sessions, network and mail addresses, users, and free text people
 * type (the prompt cache that started this project). One entry per such value means one per
 * request, user or document: unbounded.
 */
const DATA_WORDS = new Set(['id', 'ids', 'uuid', 'guid', 'url', 'urls', 'uri', 'href', 'link', 'token', 'session', 'sid', 'ip', 'address', 'email', 'user', 'username', 'prompt', 'query', 'question', 'message', 'text', 'input', 'hash', 'etag']);

/**
 * Things a program or its configuration declares, so an id of one names vocabulary, not data:
 * `providerId`, `modelIds`, `pluginId`, `localeId` (a few dozen LLM providers or installed plugins,
 * where a `userId` or `requestId` is one per user or request).
 */
const DECLARED_THINGS = new Set([
  'provider', 'model', 'plugin', 'module', 'package', 'locale', 'lang', 'language', 'region', 'mode', 'type', 'kind', 'theme', 'level', 'env', 'environment',
  'platform', 'feature', 'flag', 'setting', 'option', 'config', 'schema', 'column', 'metric', 'format', 'driver', 'adapter', 'strategy', 'command', 'route', 'category',
]);

/** `userId`, `session_token`, `URL`: a name one of whose words is a data word (`providerId` is not: see DECLARED_THINGS). */
function isDataName(name: string): boolean {
  const words = name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .toLowerCase()
    .split(/[\s_$-]+/);
  return words.some((word, index) => DATA_WORDS.has(word) && !((word === 'id' || word === 'ids') && DECLARED_THINGS.has(words[index - 1] ?? '')));
}

/**
 * A key that names data: `url`, `req.params.id`, `` `${user.email}:${scope}` ``, `normalizeUrl(raw)`;
 * `message.method` does not (a property read is named by the property).
 * Names, types, labels, paths and cache keys built from configuration are the program's own
 * vocabulary far more often. Only the key as written counts: `const key = getKey(dbUrl)` hides
 * a connection URL from configuration as often as a request's.
 */
function isDataKey(key: TSESTree.Node): boolean {
  // `message.method` is a method name: the property read is the key, its object only where it comes from.
  const isReadFrom = (node: TSESTree.Node): boolean => node.parent?.type === 'MemberExpression' && node.parent.object === node && !node.parent.computed;
  const namesData = (node: TSESTree.Node): boolean =>
    (node.type === 'Identifier' && !isReadFrom(node) && isDataName(node.name)) || (node.type === 'MemberExpression' && !node.computed && node.property.type === 'Identifier' && isDataName(node.property.name));
  return namesData(key) || hasOwnNode(key, namesData);
}

/**
 * `{ onClick: [...] }` or `new Map([['en-US', en]])`: a dictionary declared with entries and
 * extended later is a table over a vocabulary the author knows (event names, locales), listed in
 * part up front and filled in as the rest are met. Data keys (URLs, ids, tokens) cannot be listed
 * in advance. Arrays are buffers, not tables, and stay judged by their writes.
 */
function isPreseededTable(kind: CollectionKind, collection: TSESTree.Expression): boolean {
  if (kind === 'object') {
    return collection.type === 'ObjectExpression' && collection.properties.length > 0 && collection.properties.every((prop) => prop.type === 'Property' && !prop.computed);
  }
  if ((kind !== 'Map' && kind !== 'Set') || collection.type !== 'NewExpression') return false;
  const entries = collection.arguments[0] ? unwrapExpression(collection.arguments[0]) : undefined;
  if (entries?.type !== 'ArrayExpression' || entries.elements.length === 0) return false;
  return entries.elements.every((element) => {
    const entry = element ? unwrapExpression(element) : undefined;
    const listedKey = kind === 'Map' ? (entry?.type === 'ArrayExpression' ? entry.elements[0] : undefined) : entry;
    return listedKey?.type === 'Literal' || (listedKey?.type === 'TemplateLiteral' && listedKey.expressions.length === 0);
  });
}

/** Calls that print a warning: `console.warn`, `process.emitWarning`, `logger.warn`, `deprecate(…)`. */
const WARNING_CALLS = new Set(['warn', 'warning', 'emitWarning', 'deprecate']);

/**
 * A Set, list or object of flags that only records which warnings were printed: every entry is
 * added (`add(k)`, `push(k)`, `[k] = true`) in a function that prints a warning, and every other
 * use asks whether a key is in it. It holds one entry per distinct warning, named by code or
 * configuration (a deprecated option, a missing component, a protocol opcode). When this file
 * shows the callers of a local warning helper, their arguments decide instead: the key is then
 * a parameter the finite-key rules judge call by call (`warnOnce(url)` per request still grows).
 */
function isWarningRecord(ctx: AnalysisContext, kind: CollectionKind, growing: readonly CollectionUse[], others: readonly CollectionUse[]): boolean {
  if (kind === 'Map' || growing.length === 0 || others.length === 0) return false;
  const flagKey = (use: CollectionUse): TSESTree.Node | undefined => {
    if (use.op === 'call') return (use.method === 'add' || use.method === 'push') && use.node.arguments.length === 1 ? use.node.arguments[0] : undefined;
    const value = storedValue(use);
    return use.op === 'write' && value !== undefined && unwrapExpression(value).type === 'Literal' ? use.key : undefined;
  };
  const printsWarning = (use: CollectionUse): boolean => {
    const fn = enclosingFunction(use.node);
    return (
      fn !== undefined &&
      hasOwnNode(fn.body, (node) => {
        if (node.type !== 'CallExpression') return false;
        const callee = unwrapExpression(node.callee);
        const name = callee.type === 'Identifier' ? callee.name : callee.type === 'MemberExpression' ? staticPropertyName(callee) : undefined;
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

/** `c.has(k)`, `list.includes(k)`, `c[k]` read, `k in c`, `Object.hasOwn(c, k)`: asks whether a key is in the collection. */
function isMembershipTest(use: CollectionUse): boolean {
  switch (use.op) {
    case 'call':
      return use.method === 'has' || use.method === 'includes' || use.method === 'indexOf';
    case 'read':
      return use.key !== undefined;
    case 'in':
      return true;
    case 'builtin':
      return ['Object.hasOwn', 'Object.prototype.hasOwnProperty.call', 'Reflect.has'].includes(use.name);
    default:
      return false;
  }
}

/**
 * An entry compiled from code's own vocabulary: `new Intl.NumberFormat(locale, options)` (Intl
 * rejects malformed locale tags and unknown time zones before the entry is stored, and the options
 * come from code) or `new RegExp(pattern)` (patterns are route paths, globs and event names that
 * code and configuration declare; compiling whatever a request sends would be a hole of its own),
 * and compiled scripts, `new vm.Script(code)`, `vm.compileFunction(code)`, `new Function(code)`
 * (the same hole: the code compiled is code the program ships or an administrator saves).
 * One entry per locale, zone, style, pattern or script the program uses.
 */
function storesCompiledForm(ctx: AnalysisContext, use: CollectionUse): boolean {
  return storesOnly(ctx, use, (node) => isCompiledForm(ctx, node));
}

function isCompiledForm(ctx: AnalysisContext, node: TSESTree.Node): boolean {
  const inner = unwrapExpression(node);
  if (inner.type !== 'NewExpression' && inner.type !== 'CallExpression') return false;
  const callee = unwrapExpression(inner.callee);
  if (isCompiledScript(ctx, inner, callee)) return true;
  if (callee.type === 'Identifier') return isGlobalReference(ctx, callee, 'RegExp');
  if (inner.type !== 'NewExpression' || callee.type !== 'MemberExpression') return false;
  const owner = callee.object;
  return isGlobalReference(ctx, owner, 'Intl');
}

/** `new vm.Script(code)`, `vm.compileFunction(code)`, `new Function(code)`. */
function isCompiledScript(ctx: AnalysisContext, call: TSESTree.NewExpression | TSESTree.CallExpression, callee: TSESTree.Node): boolean {
  if (call.type === 'NewExpression' && isGlobalReference(ctx, callee, 'Function')) return true;
  const value = resolveImportedValue(ctx, callee);
  const fromVm = (source: string) => normalizeModule(source) === 'vm';
  return call.type === 'NewExpression' ? isExportOf(value, fromVm, 'Script') : isExportOf(value, fromVm, 'compileFunction');
}

/**
 * A value that carries a compiled pattern: `new RegExp(p)`, or a tuple or record holding one
 * (`[label, name, new RegExp(p)]`), on either side of a condition. A table whose entries under a
 * key hold compiled patterns is keyed by patterns, so its other writes under that same key (a
 * marker that a segment needs no pattern) add nothing the patterns do not.
 */
function holdsCompiledPattern(ctx: AnalysisContext): (node: TSESTree.Node) => boolean {
  const holds = (node: TSESTree.Node): boolean => {
    const inner = unwrapExpression(node);
    if (inner.type === 'ConditionalExpression') return holds(inner.consequent) || holds(inner.alternate);
    if (inner.type === 'ArrayExpression') return inner.elements.some((element) => element !== null && element.type !== 'SpreadElement' && holds(element));
    if (inner.type === 'ObjectExpression') return inner.properties.some((prop) => prop.type === 'Property' && holds(prop.value));
    // `{ fn }` where every value `fn` is given is compiled (`let fn; try { fn = new vm.Script(code) } …`).
    if (inner.type === 'Identifier') {
      const writes = resolveIdentifier(ctx, inner)?.references.flatMap((ref) => (ref.isWrite() && ref.writeExpr ? [ref.writeExpr] : [])) ?? [];
      return writes.length > 0 && writes.every((write) => isCompiledForm(ctx, write));
    }
    return isCompiledForm(ctx, inner);
  };
  return holds;
}

/** graphql's classes and types for a schema's parts (`GraphQLObjectType`, `GraphQLNamedType`, `GraphQLList`), not its errors or values. */
const SCHEMA_PART = /^GraphQL\w*(?:Type|Schema|Directive|List|NonNull)$/;

/** A schema part imported from graphql, by the name it is exported under. */
function isSchemaPart(value: ImportedValue | undefined): boolean {
  const name = value?.source === 'graphql' ? exportNameOf(value) : undefined;
  return name !== undefined && SCHEMA_PART.test(name);
}

/** `Record<string, GraphQLNamedType>`: a value type that is a schema part imported from graphql. */
function isSchemaTypeNode(ctx: AnalysisContext, node: TSESTree.TypeNode): boolean {
  return node.type === 'TSTypeReference' && node.typeName.type === 'Identifier' && isSchemaPart(resolveImportedValue(ctx, node.typeName));
}

/**
 * An entry that is a definition: a class made at run time (`generated[name] = class {}`) or a
 * GraphQL schema type (`new GraphQLObjectType(…)`). Definitions are made while a program
 * assembles itself (a schema is built once and its type names are unique), one per name the
 * program or its configuration declares; defining classes or schema types per request would be
 * a bug of its own.
 */
function storesDefinition(ctx: AnalysisContext, use: CollectionUse): boolean {
  return storesOnly(ctx, use, (node) => {
    const inner = unwrapExpression(node);
    if (inner.type === 'ClassExpression') return true;
    return inner.type === 'NewExpression' && isSchemaPart(resolveImportedValue(ctx, inner.callee));
  });
}

/**
 * `c[k]++`, `c[k] -= n`: arithmetic on an entry that must exist already (on a missing key it stores
 * NaN or "undefined…"). When another write creates the entries, that write is the one judged.
 */
function changesExistingEntry(use: CollectionUse): boolean {
  if (use.op !== 'update') return false;
  return use.node.type === 'UpdateExpression' || !['??=', '||=', '&&='].includes(use.node.operator);
}

/** Methods that build database indexes. */
const INDEX_BUILDERS = new Set(['createIndex', 'createIndexes', 'ensureIndex', 'ensureIndexes']);

/**
 * A once-marker for structure the process builds outside itself: `if (!made.has(dir)) { await
 * mkdir(dir); made.add(dir); }`, or `if (indexed.has(name)) return; indexed.add(name);` before
 * building database indexes. One entry per directory created or collection indexed, and those are
 * as many as the program's output tree or schema has, not as many as its requests.
 */
function marksBuiltStructure(ctx: AnalysisContext, kind: CollectionKind, use: CollectionUse, key: TSESTree.Node): boolean {
  if (kind !== 'Set') return false;
  const fn = enclosingFunction(use.node);
  if (!fn) return false;
  const keyText = sourceText(ctx, key);
  return hasOwnNode(fn.body, (node) => {
    if (node.type !== 'CallExpression') return false;
    const callee = unwrapExpression(node.callee);
    const name = calleeName(callee);
    if (name === 'mkdir' || name === 'mkdirSync') return node.arguments[0] !== undefined && sourceText(ctx, node.arguments[0]) === keyText;
    return callee.type === 'MemberExpression' && name !== undefined && INDEX_BUILDERS.has(name);
  });
}

/**
 * Whether every value a write can store passes `test`: the value itself, or every value assigned
 * to the local variable it names, an initial read of the cached entry aside (`let dtf =
 * cache[key]; if (!dtf) { dtf = new Intl.DateTimeFormat(…); cache[key] = dtf; }`).
 */
function storesOnly(ctx: AnalysisContext, use: CollectionUse, test: (value: TSESTree.Node) => boolean): boolean {
  const value = storedValue(use);
  if (!value) return false;
  const variable = keyVariableOf(ctx, value);
  if (!variable) return test(value);
  if (variable.defs.length !== 1 || variable.defs[0]!.type !== 'Variable') return false;
  const isCachedEntry = (node: TSESTree.Node): boolean => {
    const inner = unwrapExpression(node);
    return inner.type === 'MemberExpression' || (inner.type === 'CallExpression' && inner.callee.type === 'MemberExpression' && staticPropertyName(inner.callee) === 'get');
  };
  const sources = variable.references.flatMap((ref) => (ref.isWrite() && ref.writeExpr && !(ref.init && isCachedEntry(ref.writeExpr)) ? [ref.writeExpr] : []));
  return sources.length > 0 && sources.every(test);
}

/**
 * `const adapter = adapters[type](); instances.set(type, adapter)`: the entry is built by calling
 * (or `new`-ing) the key's entry in a fixed table, a module-level `const` object literal or an
 * import. A key the table lacks throws (calling `undefined`) before the entry is stored, so there
 * is at most one entry per entry of the table.
 */
function isBuiltFromFixedTable(ctx: AnalysisContext, use: CollectionUse, key: TSESTree.Node): boolean {
  return storesOnly(ctx, use, (node) => {
    const call = unwrapExpression(node);
    if (call.type !== 'CallExpression' && call.type !== 'NewExpression') return false;
    const callee = unwrapExpression(call.callee);
    if (callee.type !== 'MemberExpression' || !callee.computed || sourceText(ctx, callee.property) !== sourceText(ctx, key)) return false;
    const table = unwrapExpression(callee.object);
    const variable = table.type === 'Identifier' ? fixedBinding(ctx, table) : undefined;
    const def = variable?.defs[0];
    if (def?.type === 'ImportBinding') return true;
    return def?.type === 'Variable' && def.node.init !== null && unwrapExpression(def.node.init).type === 'ObjectExpression';
  });
}

/**
 * The write comes after `if (c.has(key)) throw …` (or `key in c`, `Object.hasOwn(c, key)`, `c[key]`)
 * in the same function: registering a name twice is an error, so entries are registrations, one
 * per name the program defines, not a cache filled per request.
 */
function refusesDuplicates(ctx: AnalysisContext, use: CollectionUse, key: TSESTree.Node, others: readonly CollectionUse[]): boolean {
  const fn = enclosingFunction(use.node);
  if (!fn) return false;
  const keyText = sourceText(ctx, key);
  const mentionsKey = (test: TSESTree.Node): boolean => {
    let found = sourceText(ctx, test) === keyText;
    forEachDescendant(test, (node) => {
      if (found) return false;
      found = sourceText(ctx, node) === keyText;
      return;
    });
    return found;
  };
  return others.some((check) => {
    if (!isMembershipTest(check) || enclosingFunction(check.node) !== fn) return false;
    let statement: TSESTree.Node | undefined = check.node;
    while (statement && statement.type !== 'IfStatement' && statement !== fn) statement = statement.parent;
    if (statement?.type !== 'IfStatement' || !within(statement.test, check.node) || statement.range[1] > use.node.range[0]) return false;
    if (!statement.parent || !within(statement.parent, use.node)) return false;
    const body = statement.consequent;
    const throws = body.type === 'ThrowStatement' || (body.type === 'BlockStatement' && body.body.some((inner) => inner.type === 'ThrowStatement'));
    return throws && mentionsKey(statement.test);
  });
}

/**
 * `clients.set(key, new S3Client(…))`, `clients[key] = createPool(…)`: one client per distinct
 * configuration, the shape the clients rules recommend (and count as kept). The family that
 * applies is "clients built per call", not "caches that only grow".
 */
function storesClient(ctx: AnalysisContext, use: CollectionUse): boolean {
  // `clients[key] ??= new Pool()` fills a missing entry only; `+=` and the like are not a store.
  if (use.op === 'update' && !(use.node.type === 'AssignmentExpression' && (use.node.operator === '??=' || use.node.operator === '||='))) return false;
  const value = storedValue(use);
  return value !== undefined && isClientHandle(ctx, value);
}

/**
 * An instance registry: a write, in code that runs only while an instance is built (a constructor,
 * a method only it calls, a function only ever called with `new`), that stores the instance or keys
 * by it (`live.add(this)`, `instances.push(this)`, `options[this.id] = …`). One entry per instance:
 * whether instances are made per request or once per definition is up to callers elsewhere.
 */
function registersInstance(ctx: AnalysisContext, use: CollectionUse, key: TSESTree.Node | undefined): boolean {
  const fn = enclosingFunction(use.node);
  if (!fn || !runsWhileConstructing(ctx, fn)) return false;
  const isInstance = (node: TSESTree.Node | undefined): boolean => {
    if (!node) return false;
    const inner = unwrapExpression(node);
    if (inner.type === 'ThisExpression') return true;
    if (inner.type === 'MemberExpression') return unwrapExpression(inner.object).type === 'ThisExpression';
    // `constructor(private label: string)`: a parameter property is `this.label` by declaration.
    const name = keyVariableOf(ctx, inner)?.defs[0]?.name;
    return name?.parent?.type === 'TSParameterProperty' || (name?.parent?.type === 'AssignmentPattern' && name.parent.parent?.type === 'TSParameterProperty');
  };
  const stored = use.op === 'call' && (use.method === 'push' || use.method === 'unshift' || use.method === 'add') ? use.node.arguments : [storedValue(use)];
  return isInstance(key) || stored.some((value) => value !== undefined && unwrapExpression(value).type === 'ThisExpression');
}

/**
 * A factory: the write is in a function that returns a function or class it defines, or an object
 * of such functions (`return (...args) => loggers[name](...args)`, `return { get }`, `class Model
 * {…} return Model`). Callers keep what it hands out, typically one per name they choose at load
 * (`const debug = createDebug('app:db')`, `export const Users = makeModel({ table: 'users' })`).
 */
function isHandedOutByFactory(ctx: AnalysisContext, use: CollectionUse): boolean {
  const fn = enclosingFunction(use.node);
  if (!fn) return false;
  // A function it defines: inline, or a const or declaration in its body (`const get = async () => …; return { get }`).
  const isOwnFunction = (node: TSESTree.Node): boolean => {
    const inner = unwrapExpression(node);
    if (isFunctionNode(inner) || inner.type === 'ClassExpression') return true;
    const def = inner.type === 'Identifier' ? resolveIdentifier(ctx, inner)?.defs[0] : undefined;
    if (!def || !within(fn.body, def.node)) return false;
    if (def.type === 'FunctionName' || def.type === 'ClassName') return true;
    return def.type === 'Variable' && def.node.parent.kind === 'const' && def.node.init !== null && isFunctionNode(unwrapExpression(def.node.init));
  };
  const handsOut = (value: TSESTree.Node): boolean => {
    const inner = unwrapExpression(value);
    if (inner.type === 'ObjectExpression') return inner.properties.length > 0 && inner.properties.every((prop) => prop.type === 'Property' && isOwnFunction(prop.value));
    return isOwnFunction(inner);
  };
  if (fn.type === 'ArrowFunctionExpression' && fn.expression) return false;
  let returnsHandle = false;
  let returnsOther = false;
  forEachDescendant(fn.body, (node) => {
    if (isFunctionNode(node)) return false;
    if (node.type === 'ReturnStatement') {
      if (node.argument && handsOut(node.argument)) returnsHandle = true;
      else returnsOther = true;
    }
    return;
  });
  return returnsHandle && !returnsOther;
}

/**
 * `static new(file) { …; const instance = new LogManager(file); instances.set(file, instance); }`:
 * a static method that keeps one instance of its own class per key (a multiton). Like a factory,
 * it holds one entry per key its callers in other files choose, usually a few fixed names.
 */
function storesOwnInstance(ctx: AnalysisContext, use: CollectionUse): boolean {
  const fn = enclosingFunction(use.node);
  const method = fn?.parent;
  if (method?.type !== 'MethodDefinition' || !method.static) return false;
  const cls = method.parent.parent;
  const isOwnConstruction = (node: TSESTree.Node): boolean => {
    const inner = unwrapExpression(node);
    if (inner.type !== 'NewExpression') return false;
    const callee = unwrapExpression(inner.callee);
    return callee.type === 'ThisExpression' || (callee.type === 'Identifier' && cls.id?.name === callee.name && resolveIdentifier(ctx, callee)?.defs[0]?.node === cls);
  };
  return storesOnly(ctx, use, isOwnConstruction);
}

/**
 * A key taken from the collection's own keys replaces an entry and adds none: the parameter of an
 * iteration callback over `Object.keys(c)` or `c.keys()`, or the variable of `for (k in c)` or
 * `for (k of Object.keys(c))`, never reassigned.
 */
function isOwnKey(ctx: AnalysisContext, key: TSESTree.Node, uses: readonly CollectionUse[]): boolean {
  const variable = keyVariableOf(ctx, key);
  const def = variable?.defs.length === 1 ? variable.defs[0] : undefined;
  if (!variable || !def || variable.references.some((ref) => ref.isWrite() && !ref.init)) return false;
  const refs = new Set(uses.map((use) => use.ref));
  const isOwnKeys = (node: TSESTree.Node): boolean => {
    const call = unwrapExpression(node);
    if (call.type !== 'CallExpression') return false;
    const callee = unwrapExpression(call.callee);
    if (callee.type !== 'MemberExpression') return false;
    if (staticPropertyName(callee) !== 'keys') return false;
    if (call.arguments.length === 0) return refs.has(callee.object);
    const receiver = unwrapExpression(callee.object);
    return isGlobalReference(ctx, receiver, 'Object') && call.arguments[0] !== undefined && refs.has(call.arguments[0]);
  };
  if (def.type === 'Parameter') {
    const call = isFunctionNode(def.node) && def.node.params[0] === def.name ? iterationCallOf(def.node) : undefined;
    return call !== undefined && isOwnKeys((call.callee as TSESTree.MemberExpression).object);
  }
  if (def.type !== 'Variable') return false;
  const loop = def.node.parent.parent;
  if (loop?.type === 'ForInStatement' && loop.left === def.node.parent) return refs.has(loop.right);
  return loop?.type === 'ForOfStatement' && loop.left === def.node.parent && isOwnKeys(loop.right);
}

/** The value a write stores: `m.set(k, value)`, `o[k] = value`, `o[k] ??= value`. */
function storedValue(use: CollectionUse): TSESTree.Node | undefined {
  if (use.op === 'call') return use.method === 'set' ? use.node.arguments[1] : undefined;
  if (use.op === 'write') return use.node.right;
  if (use.op === 'update') return use.node.type === 'AssignmentExpression' ? use.node.right : undefined;
  return undefined;
}

/** The variable a key that is a plain name refers to: `cache.set(name, …)` gives `name`'s binding. */
function keyVariableOf(ctx: AnalysisContext, key: TSESTree.Node): Variable | undefined {
  const keyId = unwrapExpression(key);
  return keyId.type === 'Identifier' ? resolveIdentifier(ctx, keyId) : undefined;
}

/** Methods that hand out a client scoped to one container, database or table of the client they are called on. */
const SUB_CLIENT_METHOD = /^get\w*Client$/;

/**
 * A client built here (`new S3Client(…)`), or a sub-client a client built here hands out:
 * `service.getContainerClient(name)` where `service` is a const holding a catalogue client.
 */
function isClientHandle(ctx: AnalysisContext, value: TSESTree.Node): boolean {
  if (isClientConstruction(ctx, value)) return true;
  const call = unwrapExpression(value);
  if (call.type !== 'CallExpression') return false;
  const callee = unwrapExpression(call.callee);
  if (callee.type !== 'MemberExpression' || !SUB_CLIENT_METHOD.test(staticPropertyName(callee) ?? '')) return false;
  const owner = unwrapExpression(callee.object);
  if (owner.type !== 'Identifier') return isClientHandle(ctx, owner);
  const def = resolveIdentifier(ctx, owner)?.defs[0];
  return def?.type === 'Variable' && def.node.parent.kind === 'const' && def.node.init !== null && isClientHandle(ctx, def.node.init);
}

/** `Object.assign(c, { a: 1 })` adds fixed keys; `Object.assign(c, other)` adds whatever `other` has. */
function hasFiniteKeys(ctx: AnalysisContext, source: TSESTree.Node, typeAware: boolean): boolean {
  const object = unwrapExpression(source);
  if (object.type === 'ObjectExpression') return object.properties.every((prop) => prop.type === 'Property' && (!prop.computed || isFiniteKey(ctx, prop.key, typeAware)));
  return typeAware && ctx.types !== undefined && hasOnlyKnownProperties(ctx.types.program.getTypeChecker(), ctx.types.getTypeAtLocation(source));
}


/**
 * Hooks kept for the end of the process: every other use of the collection is in a function that
 * ends the process (`process.exit(…)` in its own body) or handles an exit signal
 * (`process.on('SIGTERM', …)`). Its entries are meant to live until exit: a cap would lose them.
 */
function isExitHookList(ctx: AnalysisContext, readers: readonly CollectionUse[]): boolean {
  return readers.length > 0 && readers.every((use) => {
    for (let fn = enclosingFunction(use.ref); fn; fn = enclosingFunction(fn)) {
      if (endsProcess(ctx, fn) || isExitHandler(ctx, fn)) return true;
    }
    return false;
  });
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

/** Array methods that return the element their callback accepted. */
const FIND_METHODS = new Set(['find', 'findLast']);

/**
 * A memoized lookup into another collection: the write sits under `if (found)` where `found` is
 * a const from `list.find(cb)` whose callback compares an element with the key (`=== key`), and
 * the value stored is built from `found`. A cached lookup is only right while `list` stays the
 * same, so it holds at most one entry per element that can match: a bounded index, not a cache
 * that grows with traffic.
 */
function isMemoizedLookup(ctx: AnalysisContext, use: CollectionUse, key: TSESTree.Node): boolean {
  const write = use.node;
  const keyVariable = keyVariableOf(ctx, key);
  const fn = enclosingFunction(write);
  const value = storedValue(use);
  if (!keyVariable || !fn || !value) return false;
  const isKey = (node: TSESTree.Node): boolean => {
    const inner = unwrapExpression(node);
    return inner.type === 'Identifier' && resolveIdentifier(ctx, inner) === keyVariable;
  };
  for (let node: TSESTree.Node | undefined = write; node && node !== fn; node = node.parent) {
    const guard: TSESTree.Node | undefined = node.parent;
    if (guard?.type !== 'IfStatement' || guard.consequent !== node) continue;
    const test = unwrapExpression(guard.test);
    if (test.type !== 'Identifier') continue;
    const found = resolveIdentifier(ctx, test);
    const def = found?.defs.length === 1 ? found.defs[0] : undefined;
    if (def?.type !== 'Variable' || def.node.parent.kind !== 'const' || !def.node.init || enclosingFunction(def.node) !== fn) continue;
    const lookup = unwrapExpression(def.node.init);
    if (lookup.type !== 'CallExpression' || lookup.callee.type !== 'MemberExpression' || !FIND_METHODS.has(staticPropertyName(lookup.callee) ?? '')) continue;
    const callback = lookup.arguments[0];
    if (!callback || !isFunctionNode(callback)) continue;
    let comparesKey = false;
    forEachDescendant(callback, (n) => {
      if (comparesKey) return false;
      if (n.type === 'BinaryExpression' && (n.operator === '===' || n.operator === '==') && (isKey(n.left) || isKey(n.right))) comparesKey = true;
      return;
    });
    if (comparesKey && containsIdentifier(value, (id) => resolveIdentifier(ctx, id) === found)) return true;
  }
  return false;
}

/**
 * The entry is added after `readFileSync(join(DIR, …key…))` (or an awaited `fs.promises.readFile`)
 * read a file from a fixed folder (a module const, `__dirname`, a configured folder such as
 * `config.get('views')`) in the same function, or in a function of this file that it calls with
 * the key, outside any try: a missing file throws first, so there is at most one entry per file
 * in that folder.
 */
function isReadFromFixedFolder(ctx: AnalysisContext, write: TSESTree.Node, key: TSESTree.Node): boolean {
  const fn = enclosingFunction(write);
  const keyVariable = keyVariableOf(ctx, key);
  return fn !== undefined && keyVariable !== undefined && readsFileNamedBy(ctx, fn, keyVariable, write, 0);
}

/** Whether `fn`'s own body, before `until` (or anywhere), reads a file named by `variable` as above. */
function readsFileNamedBy(ctx: AnalysisContext, fn: FunctionNode, variable: Variable, until: TSESTree.Node | undefined, depth: number): boolean {
  let found = false;
  forEachDescendant(fn.body, (node) => {
    if (found || isFunctionNode(node) || (until && node.range[0] >= until.range[0])) return false;
    // A read in a try whose catch goes on to the write would add entries for missing files too.
    if (node.type === 'TryStatement' && node.handler && !(until && within(node.block, until))) return false;
    if (node.type !== 'CallExpression') return;
    if (isFileRead(ctx, node.callee)) {
      const path = node.arguments[0] ? unwrapExpression(node.arguments[0]) : undefined;
      found = path?.type === 'CallExpression' && isPathInFixedFolder(ctx, path, variable);
      return;
    }
    // One step into a helper of this file: `const page = await loadPage(name)`.
    const helper = depth === 0 ? localFunctionOf(ctx, node.callee) : undefined;
    const index = node.arguments.findIndex((arg) => arg.type === 'Identifier' && resolveIdentifier(ctx, arg) === variable);
    const param = helper && index >= 0 ? helper.params[index] : undefined;
    const paramVariable = param?.type === 'Identifier' ? findVariable(scopeOf(ctx.scopeManager, helper!), param.name) : undefined;
    if (paramVariable && !paramVariable.references.some((ref) => ref.isWrite() && !ref.init)) found = readsFileNamedBy(ctx, helper!, paramVariable, undefined, depth + 1);
    return;
  });
  return found;
}

/** `readFileSync` or the promise `readFile` of node:fs (`fs.promises.readFile`, `fs/promises`). */
function isFileRead(ctx: AnalysisContext, callee: TSESTree.Node): boolean {
  const value = resolveImportedValue(ctx, callee);
  if (!value) return false;
  const path = (value.path[0] === 'default' ? value.path.slice(1) : value.path).join('.');
  if (value.source === 'fs') return path === 'readFileSync' || path === 'promises.readFile';
  return value.source === 'fs/promises' && path === 'readFile';
}

/** The function a callee names when it is declared in this file and never reassigned. */
function localFunctionOf(ctx: AnalysisContext, callee: TSESTree.Node): FunctionNode | undefined {
  const inner = unwrapExpression(callee);
  const variable = inner.type === 'Identifier' ? resolveIdentifier(ctx, inner) : undefined;
  const def = variable?.defs.length === 1 ? variable.defs[0] : undefined;
  if (!def || variable!.references.some((ref) => ref.isWrite() && !ref.init)) return undefined;
  if (def.type === 'FunctionName' && def.node.type === 'FunctionDeclaration') return def.node;
  const init = def.type === 'Variable' && def.node.parent.kind === 'const' && def.node.init ? unwrapExpression(def.node.init) : undefined;
  return init && isFunctionNode(init) ? init : undefined;
}

/**
 * `join(DIR, key)`, `resolve(__dirname, 'sql', \`${key}.sql\`)`, `resolve(config.get('views'), key)`:
 * a fixed or configured folder, then the key and literals.
 */
function isPathInFixedFolder(ctx: AnalysisContext, call: TSESTree.CallExpression, keyVariable: Variable): boolean {
  const joiner = resolveImportedValue(ctx, call.callee);
  if (!isExportOf(joiner, ['path'], 'join') && !isExportOf(joiner, ['path'], 'resolve')) return false;
  const [folder, ...parts] = call.arguments.map((arg) => unwrapExpression(arg));
  if (!folder || parts.length === 0 || !isFixedFolder(ctx, folder)) return false;
  const isKey = (node: TSESTree.Node): boolean => node.type === 'Identifier' && resolveIdentifier(ctx, node) === keyVariable;
  const isPart = (node: TSESTree.Node): boolean =>
    isKey(node) || (node.type === 'Literal' && typeof node.value === 'string') || (node.type === 'TemplateLiteral' && node.expressions.every(isPart));
  return parts.some((part) => isKey(part) || (part.type === 'TemplateLiteral' && part.expressions.some(isKey))) && parts.every(isPart);
}

/** `__dirname`, a module-level const, or a settings lookup with literal arguments (`config.get('views')`, `process.cwd()`). */
function isFixedFolder(ctx: AnalysisContext, folder: TSESTree.Node): boolean {
  if (folder.type === 'CallExpression') {
    const callee = unwrapExpression(folder.callee);
    return callee.type === 'MemberExpression' && !callee.computed && folder.arguments.every((arg) => arg.type === 'Literal' && typeof arg.value === 'string');
  }
  if (folder.type !== 'Identifier') return false;
  if (isGlobalReference(ctx, folder, '__dirname')) return true;
  const def = resolveIdentifier(ctx, folder)?.defs[0];
  return def?.type === 'Variable' && def.node.parent.kind === 'const' && def.node.parent.parent.type === 'Program';
}

/** A written key type is finite syntactically, or (type-aware) by the checker. */
function isFiniteKeyType(ctx: AnalysisContext, keyType: TSESTree.TypeNode, typeAware: boolean): boolean {
  if (isFiniteTypeNode(ctx, keyType, 0)) return true;
  return typeAware && ctx.types !== undefined && isFiniteType(ctx.types.getTypeAtLocation(keyType));
}

function describeWhere(ctx: AnalysisContext, node: TSESTree.Node): string {
  const fn = enclosingFunction(node);
  const line = `at line ${node.loc.start.line}`;
  return fn ? `${line} in ${describeFunction(ctx, fn)}` : line;
}

// ---------------------------------------------------------------------------------------------
// Code that only runs while the module loads

/**
 * Whether code runs only while the module is being loaded: top-level code, static initializers,
 * immediately invoked functions and iteration callbacks reached from there, and functions whose
 * every use is a call from there (`function add(x) {…} add(a); add(b);`). Writes there fill a
 * table once; they do not grow it over the life of the process.
 */
class LoadTimeAnalysis {
  private readonly functions = new Map<FunctionNode, boolean>();
  private readonly inProgress = new Set<FunctionNode>();

  constructor(private readonly ctx: AnalysisContext) {}

  runsOnlyAtLoad(node: TSESTree.Node, depth = 0): boolean {
    if (depth > MAX_LOAD_DEPTH) return false;
    for (let child = node, current = node.parent; current; child = current, current = current.parent) {
      if (current.type === 'PropertyDefinition' && current.value === child && !current.static) return false;
      // A list walked at load is finite; `while` and `for await` may run for the life of the process.
      if ((current.type === 'WhileStatement' || current.type === 'DoWhileStatement') && current.body === child) return false;
      if (current.type === 'ForOfStatement' && current.await && current.body === child) return false;
      if (isFunctionNode(current)) return this.functionRunsOnlyAtLoad(current, depth + 1);
    }
    return true;
  }

  /** Inside a function named like a registration (`registerRoute`, `defineCommand`, `use`), or a decorator a decorator factory returns. */
  insideRegistration(node: TSESTree.Node): boolean {
    for (let fn = enclosingFunction(node); fn; fn = enclosingFunction(fn)) {
      const name = functionName(fn);
      if (name !== undefined && REGISTRATION_NAME.test(name)) return true;
      if (isDecoratorFromFactory(fn)) return true;
    }
    return false;
  }

  private functionRunsOnlyAtLoad(fn: FunctionNode, depth: number): boolean {
    const known = this.functions.get(fn);
    if (known !== undefined) return known;
    // A function that (indirectly) calls itself runs at load if its outside callers do.
    if (this.inProgress.has(fn)) return true;
    this.inProgress.add(fn);
    const result = this.decide(fn, depth);
    this.inProgress.delete(fn);
    this.functions.set(fn, result);
    return result;
  }

  private decide(fn: FunctionNode, depth: number): boolean {
    const parent = fn.parent;
    if (parent?.type === 'CallExpression' && parent.callee === fn) return this.runsOnlyAtLoad(parent, depth);
    const iteration = iterationCallOf(fn);
    if (iteration) return this.runsOnlyAtLoad(iteration, depth);
    // describe/it/beforeEach callbacks run a fixed number of times: once per test at most.
    if (parent?.type === 'CallExpression' && parent.arguments.includes(fn as TSESTree.CallExpressionArgument) && isTestHook(this.ctx, parent.callee)) {
      return this.runsOnlyAtLoad(parent, depth);
    }
    const variable = declaredVariableOf(this.ctx, fn);
    if (!variable || isExported(variable)) return false;
    const uses = variable.references.filter((ref) => ref.identifier !== (fn as { id?: TSESTree.Node | null }).id && !ref.init && ref.isValueReference);
    return uses.every((ref) => {
      const call = ref.identifier.parent;
      return call?.type === 'CallExpression' && call.callee === ref.identifier && this.runsOnlyAtLoad(call, depth);
    });
  }
}

/**
 * `export function EntityId(options) { return (target, property) => {…} }`: a decorator factory,
 * named in PascalCase as TypeScript decorators are, returning a member decorator (two or three
 * parameters: target, name, descriptor). The decorator runs once per decorated member while the
 * classes are defined, so what it registers is one entry per class or member, not per request.
 */
function isDecoratorFromFactory(fn: FunctionNode): boolean {
  if (fn.params.length < 2 || fn.params.length > 3) return false;
  const holder = fn.parent;
  const factory = holder?.type === 'ReturnStatement' ? enclosingFunction(holder) : holder?.type === 'ArrowFunctionExpression' && holder.body === fn ? holder : undefined;
  const name = factory ? functionName(factory) : undefined;
  return name !== undefined && /^[A-Z][a-z]/.test(name);
}


/** `it`, `test.only`, `describe.each(table)`, `beforeEach`…: the test framework's globals (or vitest's imports), not shadowed by the file. */
function isTestHook(ctx: AnalysisContext, callee: TSESTree.Node): boolean {
  let root = unwrapExpression(callee);
  while (root.type === 'MemberExpression' || root.type === 'CallExpression') root = unwrapExpression(root.type === 'MemberExpression' ? root.object : root.callee);
  if (root.type !== 'Identifier' || !TEST_HOOKS.has(root.name)) return false;
  if (isGlobalReference(ctx, root, root.name)) return true;
  const imported = resolveImportedValue(ctx, root);
  return imported !== undefined && ['vitest', '@jest/globals', 'node:test', 'test', 'mocha'].includes(imported.source);
}

// ---------------------------------------------------------------------------------------------
// Memoizers

/** Local names bound by top-level imports and requires, with the module each comes from (no `.js`). */
function topLevelImports(ast: TSESTree.Program): Map<string, string> {
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
    } else if (statement.type === 'TSImportEqualsDeclaration' && statement.moduleReference.type === 'TSExternalModuleReference') {
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
  if (target.type === 'Identifier' && WEAK_COLLECTIONS.has(target.name) && isGlobalReference(ctx, target, target.name)) return true;
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
  while (outer.parent && (outer.parent.type === 'TSAsExpression' || outer.parent.type === 'TSSatisfiesExpression' || outer.parent.type === 'TSNonNullExpression')) outer = outer.parent;
  const parent = outer.parent;
  if (parent?.type === 'VariableDeclarator' && parent.id.type === 'Identifier') return { name: parent.id.name, variable: parent.id };
  if ((parent?.type === 'Property' || parent?.type === 'PropertyDefinition') && parent.value === outer) {
    return { name: propertyKeyName(parent) };
  }
  if (parent?.type === 'AssignmentExpression' && parent.left.type === 'MemberExpression') return { name: staticPropertyName(parent.left) };
  return { name: undefined };
}

function judgeMemoizer(
  ctx: AnalysisContext,
  options: UnboundedCacheOptions,
  loadTime: LoadTimeAnalysis,
  members: MemberIndex,
  call: TSESTree.CallExpression,
  library: MemoizerLibrary,
): MemoizerFinding | undefined {
  const instanceField = isInstanceFieldValue(call);
  if (!(instanceField ? options.instanceFields : loadTime.runsOnlyAtLoad(call))) return undefined;
  const [fnArg, second] = call.arguments;
  if (!fnArg) return undefined;

  let keyParams = memoizedParameters(ctx, fnArg);
  if (library === 'memoizee') {
    if (second) {
      const settings = objectLiteral(ctx, second);
      if (!settings || settings.properties.some((prop) => prop.type !== 'Property' || prop.computed)) return undefined;
      const named = (name: string) => settings.properties.find((prop) => prop.type === 'Property' && propertyKeyName(prop) === name);
      if ([...MEMOIZEE_BOUNDING_OPTIONS].some((name) => named(name))) return undefined;
      // A normalizer makes its own keys; `length: n` keys by the first n arguments.
      if (named('normalizer')) keyParams = undefined;
      const length = named('length');
      if (length?.type === 'Property' && length.value.type === 'Literal' && typeof length.value.value === 'number') keyParams = keyParams?.slice(0, length.value.value);
    }
  } else {
    // lodash keys by the resolver's result when there is one, else by the first argument.
    keyParams = second ? memoizedParameters(ctx, second) : keyParams?.slice(0, 1);
    if (lodashCacheIsBounded(ctx, options, members, call)) return undefined;
  }
  if (keyParams && areFiniteParameters(ctx, keyParams, options.typeAware)) return undefined;
  // As for collections: by default only a memoizer keyed by data (`memoize((url) => …)`).
  if (!options.reportUnknownKeys && !keyParams?.some((param) => isDataKey(param))) return undefined;
  return { type: 'memoizer', node: call, library, name: boundName(call).name };
}

function isInstanceFieldValue(call: TSESTree.CallExpression): boolean {
  for (let child: TSESTree.Node = call, current: TSESTree.Node | undefined = call.parent; current; child = current, current = current.parent) {
    if (isFunctionNode(current)) return false;
    if (current.type === 'PropertyDefinition' && current.value === child) return !current.static;
  }
  return false;
}

/** The parameters of a memoized function written inline or declared in this file. */
function memoizedParameters(ctx: AnalysisContext, node: TSESTree.Node): TSESTree.Parameter[] | undefined {
  const target = unwrapExpression(node);
  if (isFunctionNode(target)) return target.params.some((param) => param.type === 'RestElement') ? undefined : target.params;
  if (target.type !== 'Identifier') return undefined;
  const def = resolveIdentifier(ctx, target)?.defs[0];
  if (def?.node.type === 'FunctionDeclaration') return memoizedParameters(ctx, def.node);
  if (def?.type === 'Variable' && def.node.parent.kind === 'const' && def.node.init && isFunctionNode(def.node.init)) return memoizedParameters(ctx, def.node.init);
  return undefined;
}

function objectLiteral(ctx: AnalysisContext, node: TSESTree.Node): TSESTree.ObjectExpression | undefined {
  const target = unwrapExpression(node);
  if (target.type === 'ObjectExpression') return target;
  if (target.type !== 'Identifier') return undefined;
  const def = resolveIdentifier(ctx, target)?.defs[0];
  if (def?.type === 'Variable' && def.node.parent.kind === 'const' && def.node.init) {
    const init = unwrapExpression(def.node.init);
    return init.type === 'ObjectExpression' ? init : undefined;
  }
  return undefined;
}

/**
 * lodash's memoize is bounded when this file gives it a bounded cache: `memoize.Cache = WeakMap`
 * (or a bounded cache class), `memoized.cache = new LRUCache(…)`, or evicts from it
 * (`memoized.cache.clear()` / `.delete(…)`).
 */
function lodashCacheIsBounded(ctx: AnalysisContext, options: UnboundedCacheOptions, members: MemberIndex, call: TSESTree.CallExpression): boolean {
  const memoizeFn = unwrapExpression(call.callee);
  const { variable } = boundName(call);
  const memoizedVariable = variable ? resolveIdentifier(ctx, variable) : undefined;
  const isMemoized = (node: TSESTree.Node): boolean => {
    const target = unwrapExpression(node);
    return target.type === 'Identifier' && memoizedVariable !== undefined && memoizedVariable.references.some((ref) => ref.identifier === target);
  };
  const isMemoizeFunction = (node: TSESTree.Node): boolean => {
    const target = unwrapExpression(node);
    if (target.type === 'Identifier' && memoizeFn.type === 'Identifier') return target.name === memoizeFn.name;
    return memoizerLibrary(ctx, target) === 'lodash';
  };
  const givenBoundedClass = members.named('Cache').some((node) => {
    const parent = node.parent;
    return parent?.type === 'AssignmentExpression' && parent.left === node && isMemoizeFunction(node.object) && isBoundedCacheClass(ctx, options, parent.right);
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
      return parent?.type === 'MemberExpression' && parent.object === node && ['clear', 'delete'].includes(staticPropertyName(parent) ?? '');
    })
  );
}

/**
 * Member expressions by property name (`a.cache`, `this.#cache`, `a['cache']`), indexed in one
 * walk the first time a candidate needs them: most files have no candidate and never pay for it.
 */
class MemberIndex {
  private byName: Map<string, TSESTree.MemberExpression[]> | undefined;

  constructor(private readonly ast: TSESTree.Program) {}

  named(name: string): readonly TSESTree.MemberExpression[] {
    if (!this.byName) {
      const byName = new Map<string, TSESTree.MemberExpression[]>();
      forEachDescendant(this.ast, (node) => {
        if (node.type !== 'MemberExpression') return;
        const property = staticPropertyName(node);
        if (property === undefined) return;
        const list = byName.get(property);
        if (list) list.push(node);
        else byName.set(property, [node]);
      });
      this.byName = byName;
    }
    return this.byName.get(name) ?? [];
  }
}
