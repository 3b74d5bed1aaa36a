import type { ReportedBy } from '../../codemod-kit/define-codemod.js';
import type { TSESTree } from '@typescript-eslint/utils';
import type { AnalysisContext } from '../../core/context.js';
import { findVariable } from '../../core/context.js';
import { isCommonJs, runDetector } from '../../core/parse.js';
import { within } from '../../core/ast.js';
import { preferredQuote, type TextEdit } from '../../codemod-kit/edits.js';
import { ensureNamedImport } from '../../codemod-kit/imports.js';
import type { FilePlan, PlanStep } from '../../codemod-kit/site-plans.js';
import { LRU_CACHE_EXPORT } from '../../knowledge/caches.js';
import { mustKeepEveryEntry } from './completeness.js';
import { outermostValue, type CollectionUse } from './uses.js';
import { shortText } from '../../core/ast.js';
import { unwrapExpression } from '../../core/imports.js';
import { createUnboundedCacheDetector } from './unbounded-cache.js';
import { assertedTypes } from './collection-sites.js';
import { DEFAULT_UNBOUNDED_CACHE_OPTIONS, type CollectionFinding, type MemoizerFinding } from './findings.js';

/*
 * How one reported site becomes a bounded cache, as text edits over the original source: a
 * Map/Set/dictionary becomes an LRUCache (declaration, type and every use), a memoizee call gets a
 * max. Anything that would not behave or type-check the same gives a reason instead, and then no
 * edit at all is made for that site. The bounded-cache codemod applies these plans; the rule
 * offers the same plan as a suggestion.
 */

export interface RewriteSettings {
  /** Entries the cache keeps. */
  readonly max: number;
  /** Milliseconds an entry stays fresh, if set. */
  readonly ttl: number | undefined;
  /** The local name LRUCache is imported under. */
  readonly cacheClass: string;
}

export type RewritePlan =
  { readonly ok: true; readonly edits: TextEdit[] } | { readonly ok: false; readonly reason: string };

const fail = (reason: string): RewritePlan => ({ ok: false, reason });

/** "Map promptCache", "memoize getUser": how reports and summaries name a site. */
export function siteLabel(finding: CollectionFinding | MemoizerFinding): string {
  if (finding.type === 'memoizer')
    return `${finding.library === 'lodash' ? 'lodash memoize' : 'memoizee'} ${finding.name ?? '(anonymous)'}`;
  return `${finding.kind === 'array' ? 'array' : finding.kind} ${finding.name}`;
}

export interface ImportedPlans<F> {
  readonly plans: Map<F, RewritePlan>;
  /** Edits that add the LRUCache import, when any plan needs it. */
  readonly importEdits: TextEdit[];
}

/**
 * Plans every collection finding against one import of LRUCache from `cacheModule`: the import is
 * added once, and a CommonJS require that would land below a declaration using it (which would
 * throw at load) turns that site into a reason instead.
 */
export function planCollectionRewrites<F extends CollectionFinding>(
  ctx: AnalysisContext,
  findings: readonly F[],
  cacheModule: string,
  settings: Omit<RewriteSettings, 'cacheClass'>,
): ImportedPlans<F> {
  const plans = new Map<F, RewritePlan>();
  if (findings.length === 0) return { plans, importEdits: [] };
  const imported = ensureNamedImport(ctx, cacheModule, LRU_CACHE_EXPORT);
  if (!imported.ok) {
    for (const finding of findings) plans.set(finding, fail(`cannot import LRUCache: ${imported.reason}`));
    return { plans, importEdits: [] };
  }
  const requireAt = isCommonJs(ctx) ? imported.edits[0]?.start : undefined;
  let needed = false;
  for (const finding of findings) {
    let plan = planCollectionRewrite(ctx, finding, { ...settings, cacheClass: imported.local });
    if (plan.ok && requireAt !== undefined && requireAt > finding.initializer.range[0]) {
      plan = fail(
        `the require() of ${cacheModule} would come after this declaration; move the requires above it and run again`,
      );
    }
    needed ||= plan.ok;
    plans.set(finding, plan);
  }
  return { plans, importEdits: needed ? imported.edits : [] };
}

/** The findings bounded-cache handles: what no-unbounded-cache reports with its default options (and reportUnknownKeys under --all-keys). */
export function cacheFindingsToRewrite(
  ctx: AnalysisContext,
  allKeys: boolean,
  reportedBy: ReportedBy,
): (CollectionFinding | MemoizerFinding)[] {
  return runDetector(ctx, createUnboundedCacheDetector, {
    ...DEFAULT_UNBOUNDED_CACHE_OPTIONS,
    reportUnknownKeys: allKeys,
  }).filter((finding) => reportedBy('no-unbounded-cache', finding.node));
}

export interface BoundedCacheSettings extends Omit<RewriteSettings, 'cacheClass'> {
  /** The module LRUCache is imported from. */
  readonly cacheModule: string;
}

/**
 * The bounded-cache plan of a file, site by site: the one LRUCache import every rewritten
 * collection needs, then each site's edits. The codemod applies it whole; no-unbounded-cache
 * offers each site's share as a suggestion.
 */
export function planBoundedCaches(
  ctx: AnalysisContext,
  findings: readonly (CollectionFinding | MemoizerFinding)[],
  settings: BoundedCacheSettings,
): FilePlan<CollectionFinding | MemoizerFinding> {
  const collections = findings.filter((finding): finding is CollectionFinding => finding.type === 'collection');
  const { plans, importEdits } = planCollectionRewrites(ctx, collections, settings.cacheModule, settings);
  const steps: PlanStep<CollectionFinding | MemoizerFinding>[] = [
    { kind: 'prerequisite', sites: collections.filter((c) => plans.get(c)!.ok), edits: importEdits },
  ];
  const left: { finding: CollectionFinding | MemoizerFinding; reason: string }[] = [];
  for (const finding of findings) {
    const plan = finding.type === 'collection' ? plans.get(finding)! : planMemoizerRewrite(ctx, finding, settings);
    if (plan.ok) steps.push({ kind: 'site', finding, edits: plan.edits });
    else left.push({ finding, reason: plan.reason });
  }
  return { steps, left };
}

/** The edits that turn one collection into an LRUCache, or why not. */
export function planCollectionRewrite(
  ctx: AnalysisContext,
  finding: CollectionFinding,
  settings: RewriteSettings,
): RewritePlan {
  if (finding.kind === 'array') {
    return fail(
      'an array used as a buffer has no LRUCache form: cap its length where it grows (e.g. shift() once it is longer than a limit) or use a ring buffer',
    );
  }
  if (finding.holder.kind === 'global') {
    return fail(
      `it lives on globalThis, where other modules (and any \`declare global\` type) expect a ${finding.kind === 'object' ? 'plain object' : finding.kind}: switch it to LRUCache by hand`,
    );
  }
  const complete = mustKeepEveryEntry(ctx, finding);
  if (complete) return fail(complete);
  const foreign = finding.foreignUses[0];
  if (foreign)
    return fail(
      `\`${snippet(ctx, foreign.ref)}\` at line ${line(foreign.ref)} may be this field reached through another object; rewrite by hand`,
    );
  const writer = new PlanWriter(ctx, settings);
  const declaration = writer.declaration(finding);
  if (declaration) return fail(declaration);
  for (const use of finding.uses) {
    const problem = writer.use(finding, use);
    if (problem) return fail(problem);
  }
  return { ok: true, edits: writer.edits };
}

/** memoizee without max gets `{ max }` (and maxAge from ttl); lodash's memoize has no option for it. */
export function planMemoizerRewrite(
  ctx: AnalysisContext,
  finding: MemoizerFinding,
  settings: Omit<RewriteSettings, 'cacheClass'>,
): RewritePlan {
  if (finding.library === 'lodash') {
    return fail(
      "lodash's memoize has no size option: give the memoized function a bounded cache (`fn.cache = new LRUCache({ max })`) or switch to memoizee with { max }",
    );
  }
  const limits = `max: ${settings.max}${settings.ttl !== undefined ? `, maxAge: ${settings.ttl}` : ''}`;
  const call = finding.node;
  const options = call.arguments[1];
  if (!options) return { ok: true, edits: [insertLastArgument(ctx, call, `{ ${limits} }`)] };
  const object = unwrapExpression(options);
  if (object.type !== 'ObjectExpression')
    return fail(`its options come from \`${snippet(ctx, options)}\`: add max there`);
  const last = object.properties[object.properties.length - 1];
  if (!last) return { ok: true, edits: [{ start: object.range[0], end: object.range[1], text: `{ ${limits} }` }] };
  return { ok: true, edits: [{ start: last.range[1], end: last.range[1], text: `, ${limits}` }] };
}

// ---------------------------------------------------------------------------------------------

interface TypeArguments {
  readonly key: TSESTree.TypeNode;
  readonly value: TSESTree.TypeNode | undefined;
}

const ITERATION_METHODS = new Set(['forEach', 'keys', 'values', 'entries']);
const MAP_METHODS = new Set(['get', 'set', 'has', 'delete', 'clear']);
const SET_METHODS = new Set(['has', 'delete', 'clear']);
const ORDER_REASON =
  'LRUCache iterates most recently used first where a Map, Set or object keeps insertion order; check the order does not matter, then switch it by hand';

class PlanWriter {
  readonly edits: TextEdit[] = [];
  private readonly typescript: boolean;
  private readonly quote: string;

  constructor(
    private readonly ctx: AnalysisContext,
    private readonly settings: RewriteSettings,
  ) {
    this.typescript = /\.[cm]?tsx?$/.test(ctx.filename);
    this.quote = preferredQuote(ctx.text, ctx.ast.tokens);
  }

  private get optionsText(): string {
    return `{ max: ${this.settings.max}${this.settings.ttl !== undefined ? `, ttl: ${this.settings.ttl}` : ''} }`;
  }

  private text(node: TSESTree.Node): string {
    return this.ctx.text.slice(node.range[0], node.range[1]);
  }

  private replace(node: { range: readonly [number, number] } | readonly [number, number], text: string): void {
    const [start, end] = 'range' in node ? node.range : node;
    this.edits.push({ start, end, text });
  }

  /** Rewrites the initializer and the declared types; returns a reason to stop, if any. */
  declaration(finding: CollectionFinding): string | undefined {
    const { holder, collection, initializer } = finding;
    const annotation =
      holder.kind === 'variable'
        ? holder.declarator.id.typeAnnotation?.typeAnnotation
        : holder.kind === 'global'
          ? undefined
          : holder.field.typeAnnotation?.typeAnnotation;
    const declaredTypes = [annotation, ...assertedTypes(initializer)].filter(
      (type): type is TSESTree.TypeNode => type !== undefined,
    );

    let typeArguments: TypeArguments | undefined;
    if (collection.type === 'NewExpression' && collection.typeArguments) {
      const [key, value] = collection.typeArguments.params;
      typeArguments = { key: key!, value };
    }
    for (const declared of declaredTypes) {
      const found = this.retype(finding, declared);
      if (typeof found === 'string') return found;
      typeArguments ??= found;
    }
    if (this.typescript && !typeArguments) {
      return `its key and value types are not written down: declare them (e.g. \`new Map<string, Result>()\` or \`Record<string, Result>\`) and run again`;
    }
    if (typeArguments) {
      const nullable = [typeArguments.key, typeArguments.value].find((type) => type && this.allowsNullish(type, 0));
      if (nullable)
        return `its ${nullable === typeArguments.key ? 'key' : 'value'} type \`${this.text(nullable)}\` admits undefined or null, which LRUCache cannot store (set(k, undefined) deletes k): narrow the type first`;
    }

    if (finding.kind === 'Map' || finding.kind === 'Set') {
      const call = collection as TSESTree.NewExpression;
      if (call.arguments.length > 0)
        return `it is created with initial entries, and LRUCache's constructor takes only options: add them with set() after creating it`;
      this.replace(call.callee, this.settings.cacheClass);
      if (finding.kind === 'Set' && call.typeArguments)
        this.edits.push(insertAfter(call.typeArguments.params[0]!, ', true'));
      const open = tokenAfter(this.ctx, (call.typeArguments ?? call.callee).range[1]);
      if (open?.value === '(' && open.range[0] < call.range[1])
        this.replace([open.range[0], call.range[1]], `(${this.optionsText})`);
      else this.edits.push({ start: call.range[1], end: call.range[1], text: `(${this.optionsText})` });
      return undefined;
    }
    // A dictionary object: the whole initializer (with any `as` type) becomes the new cache.
    if (collection.type === 'ObjectExpression' && collection.properties.length > 0) {
      return `it is created with entries, and LRUCache's constructor takes only options: add them with set() after creating it`;
    }
    // With an annotation (now LRUCache<K, V>) TypeScript infers the type arguments from it; types asserted inside the replaced initializer move onto `new`.
    const explicit =
      this.typescript && typeArguments && !annotation
        ? `<${this.text(typeArguments.key)}, ${this.text(typeArguments.value!)}>`
        : '';
    this.replace(initializer, `new ${this.settings.cacheClass}${explicit}(${this.optionsText})`);
    return undefined;
  }

  /**
   * Rewrites one declared type (annotation or `as`) to LRUCache and returns its key and value
   * types; a type that is not a Map, Set or dictionary type gives a reason. Assertions inside the
   * initializer of a dictionary are replaced with it, so only annotations are edited there.
   */
  private retype(finding: CollectionFinding, declared: TSESTree.TypeNode): TypeArguments | string {
    const editable = !(finding.kind === 'object' && within(finding.initializer, declared));
    const wrong = `it is declared as \`${this.text(declared)}\`, which an LRUCache is not: change the declared type by hand`;
    if (declared.type === 'TSTypeReference' && declared.typeName.type === 'Identifier' && declared.typeArguments) {
      const [key, value] = declared.typeArguments.params;
      const name = declared.typeName.name;
      const expected = finding.kind === 'Map' ? 'Map' : finding.kind === 'Set' ? 'Set' : 'Record';
      if (name !== expected || !key || (finding.kind !== 'Set' && !value)) return wrong;
      if (editable) {
        this.replace(declared.typeName, this.settings.cacheClass);
        if (finding.kind === 'Set') this.edits.push(insertAfter(key, ', true'));
      }
      return { key, value: finding.kind === 'Set' ? undefined : value };
    }
    if (finding.kind === 'object' && declared.type === 'TSTypeLiteral' && declared.members.length === 1) {
      const signature = declared.members[0]!;
      const parameter = signature.type === 'TSIndexSignature' ? signature.parameters[0] : undefined;
      const key = parameter?.type === 'Identifier' ? parameter.typeAnnotation?.typeAnnotation : undefined;
      const value = signature.type === 'TSIndexSignature' ? signature.typeAnnotation?.typeAnnotation : undefined;
      if (!key || !value) return wrong;
      if (editable) this.replace(declared, `${this.settings.cacheClass}<${this.text(key)}, ${this.text(value)}>`);
      return { key, value };
    }
    return wrong;
  }

  /** A type that admits undefined or null (or anything, like unknown or any), following local aliases. */
  private allowsNullish(type: TSESTree.TypeNode, depth: number): boolean {
    switch (type.type) {
      case 'TSUndefinedKeyword':
      case 'TSNullKeyword':
      case 'TSVoidKeyword':
      case 'TSUnknownKeyword':
      case 'TSAnyKeyword':
        return true;
      case 'TSUnionType':
        return type.types.some((member) => this.allowsNullish(member, depth + 1));
      case 'TSTypeReference': {
        if (type.typeName.type !== 'Identifier' || depth > 4) return false;
        const variable = findVariable(this.ctx.getScope(type), type.typeName.name);
        const alias = variable?.defs.find((def) => def.node.type === 'TSTypeAliasDeclaration')?.node as
          TSESTree.TSTypeAliasDeclaration | undefined;
        // A type parameter may be instantiated with undefined.
        if (variable?.defs.some((def) => def.node.type === 'TSTypeParameter')) return true;
        return alias ? this.allowsNullish(alias.typeAnnotation, depth + 1) : false;
      }
      default:
        return false;
    }
  }

  /** Rewrites one use; returns a reason to stop, if any. */
  use(finding: CollectionFinding, use: CollectionUse): string | undefined {
    const at = `\`${snippet(this.ctx, use.node)}\` at line ${line(use.node)}`;
    const unknown = `${at} is a use the codemod does not know how to carry over to LRUCache; rewrite by hand`;
    const asserted = assertionAround(use.ref);
    if (asserted)
      return `\`${snippet(this.ctx, asserted)}\` at line ${line(asserted)} asserts a type an LRUCache does not have; rewrite by hand`;
    switch (use.op) {
      case 'inspect':
        return undefined;
      case 'iterate':
        return `it is iterated (${at}): ${ORDER_REASON}`;
      case 'spread':
        return `it is spread (${at}), which copies an object's entries but not an LRUCache's; rewrite by hand`;
      case 'instanceof':
        return `${at} checks instanceof, and LRUCache is not a Map or Set; rewrite the check by hand`;
      case 'escape':
      case 'export':
      case 'reassign':
        return `it is handed to other code (${at}), which may expect a ${finding.kind === 'object' ? 'plain object' : finding.kind}; rewrite by hand`;
      case 'builtin':
        return this.builtin(finding, use, at);
      case 'call':
        return this.call(finding, use, at, unknown);
      case 'read':
        return finding.kind === 'object'
          ? this.objectRead(use, at, unknown)
          : use.property === 'size' && !use.key
            ? undefined
            : unknown;
      case 'write':
        return finding.kind === 'object' ? this.objectWrite(use, at, unknown) : unknown;
      case 'update':
        return finding.kind === 'object'
          ? `${at} is a compound assignment: rewrite it as get() and set() by hand`
          : unknown;
      case 'in':
        if (finding.kind !== 'object') return unknown;
        this.replace(use.node, `${this.text(outermostValue(use.ref))}.has(${this.text(use.key)})`);
        return undefined;
      default:
        return unknown;
    }
  }

  private call(
    finding: CollectionFinding,
    use: Extract<CollectionUse, { op: 'call' }>,
    at: string,
    unknown: string,
  ): string | undefined {
    const method = use.method;
    if (method !== undefined && ITERATION_METHODS.has(method) && finding.kind !== 'object')
      return `it is iterated (${at}): ${ORDER_REASON}`;
    if (finding.kind === 'Map') {
      if (!method || !MAP_METHODS.has(method)) return unknown;
      if (method === 'set' && isNullishValue(use.node.arguments[1]))
        return `${at} stores ${snippet(this.ctx, use.node.arguments[1]!)}, which LRUCache cannot hold (set(k, undefined) deletes k)`;
      return undefined;
    }
    if (finding.kind === 'Set') {
      if (method === 'add') {
        if (use.node.arguments.length !== 1 || use.node.arguments[0]!.type === 'SpreadElement') return unknown;
        if (isNullishValue(use.node.arguments[0]))
          return `${at} adds ${snippet(this.ctx, use.node.arguments[0]!)}, which LRUCache cannot hold as a key`;
        this.replace(use.member.property, 'set');
        this.edits.push(insertLastArgument(this.ctx, use.node, 'true'));
        return undefined;
      }
      return method && SET_METHODS.has(method) ? undefined : unknown;
    }
    // An object's own methods: only hasOwnProperty has a cache equivalent.
    if (
      method === 'hasOwnProperty' &&
      !use.member.computed &&
      !use.member.optional &&
      use.node.arguments.length === 1
    ) {
      this.replace(use.member.property, 'has');
      return undefined;
    }
    return unknown;
  }

  private builtin(
    finding: CollectionFinding,
    use: Extract<CollectionUse, { op: 'builtin' }>,
    at: string,
  ): string | undefined {
    const { name, node } = use;
    if (name.startsWith('console.')) return undefined;
    if (name === 'JSON.stringify')
      return `it is serialized (${at}), and JSON.stringify of an LRUCache does not list its entries; rewrite by hand`;
    if (finding.kind !== 'object')
      return name === 'Array.from'
        ? `it is iterated (${at}): ${ORDER_REASON}`
        : `${at} is a use the codemod does not know how to carry over to LRUCache; rewrite by hand`;
    const key = node.arguments[1];
    if (
      (name === 'Object.hasOwn' || name === 'Object.prototype.hasOwnProperty.call') &&
      use.argument === 0 &&
      key &&
      node.arguments.length === 2
    ) {
      this.replace(node, `${this.text(outermostValue(use.ref))}.has(${this.text(key)})`);
      return undefined;
    }
    // Object.keys(c).length is a count, left before any use is rewritten (cache-completeness).
    if (name === 'Object.keys' || name === 'Object.values' || name === 'Object.entries')
      return `its entries are listed (${at}): ${ORDER_REASON}`;
    if (name === 'Object.assign') return `${at} copies several entries in at once: add them with set() by hand`;
    return `${at} is a use the codemod does not know how to carry over to LRUCache; rewrite by hand`;
  }

  /** `c[k]` → `c.get(k)`, `c.name` → `c.get('name')`; in TypeScript with `!` where the value was not tested for undefined. */
  private objectRead(use: Extract<CollectionUse, { op: 'read' }>, at: string, unknown: string): string | undefined {
    const member = use.node;
    if (member.optional) return unknown;
    const assert = this.typescript && !isTestedForAbsence(member) ? '!' : '';
    if (use.key) {
      if (isNumericKey(use.key)) return numericKeyReason(at);
      const open = tokenAfter(this.ctx, member.object.range[1]);
      if (open?.value !== '[') return unknown;
      this.replace(open.range, '.get(');
      this.replace([member.range[1] - 1, member.range[1]], `)${assert}`);
      return undefined;
    }
    if (use.property === undefined) return unknown;
    this.replace([member.object.range[1], member.range[1]], `.get(${this.quote}${use.property}${this.quote})${assert}`);
    return undefined;
  }

  /** `c[k] = v;` → `c.set(k, v);` (only as a statement: set() returns the cache, not v). */
  private objectWrite(use: Extract<CollectionUse, { op: 'write' }>, at: string, unknown: string): string | undefined {
    const { node, member } = use;
    if (node.parent?.type !== 'ExpressionStatement')
      return `the value of ${at} is used, and set() returns the cache instead: rewrite by hand`;
    if (member.optional) return unknown;
    if (isNullishValue(node.right))
      return `${at} stores ${snippet(this.ctx, node.right)}, which LRUCache cannot hold (set(k, undefined) deletes k)`;
    const equals = tokenAfter(this.ctx, member.range[1]);
    if (equals?.value !== '=' || hasComment(this.ctx, member.range[1], equals.range[0])) return unknown;
    if (use.key) {
      if (isNumericKey(use.key)) return numericKeyReason(at);
      const open = tokenAfter(this.ctx, member.object.range[1]);
      if (open?.value !== '[') return unknown;
      this.replace(open.range, '.set(');
      this.replace([member.range[1] - 1, equals.range[1]], ',');
    } else {
      if (use.property === undefined) return unknown;
      this.replace([member.object.range[1], equals.range[1]], `.set(${this.quote}${use.property}${this.quote},`);
    }
    this.edits.push({ start: node.range[1], end: node.range[1], text: ')' });
    return undefined;
  }
}

/** `c as Map<…>`, `<Set<…>>c`, `c satisfies …` around a use (`c!` is harmless). */
function assertionAround(ref: TSESTree.Node): TSESTree.Node | undefined {
  let found: TSESTree.Node | undefined;
  for (let current = ref.parent; current && current !== outermostValue(ref).parent; current = current.parent) {
    if (
      current.type === 'TSAsExpression' ||
      current.type === 'TSTypeAssertion' ||
      current.type === 'TSSatisfiesExpression'
    )
      found = current;
  }
  return found;
}

/** `c[k]` whose absence the code checks: `if (c[k])`, `c[k] ?? d`, `!c[k]`, `c[k] === undefined`. */
function isTestedForAbsence(member: TSESTree.MemberExpression): boolean {
  const value = outermostValue(member);
  const parent = value.parent;
  if (!parent) return false;
  switch (parent.type) {
    case 'IfStatement':
    case 'ConditionalExpression':
    case 'WhileStatement':
      return parent.test === value;
    case 'LogicalExpression':
      return parent.left === value;
    case 'UnaryExpression':
      return parent.operator === '!' || parent.operator === 'typeof';
    case 'BinaryExpression':
      return ['===', '!==', '==', '!='].includes(parent.operator);
    default:
      return false;
  }
}

function isNullishValue(node: TSESTree.Node | undefined): boolean {
  if (!node) return true;
  const value = unwrapExpression(node);
  return (
    (value.type === 'Identifier' && value.name === 'undefined') ||
    (value.type === 'Literal' && value.value === null && !('regex' in value && value.regex)) ||
    (value.type === 'UnaryExpression' && value.operator === 'void') ||
    node.type === 'ChainExpression'
  );
}

const numericKeyReason = (at: string): string =>
  `${at} uses a number as a key, which an object turns into a string and an LRUCache does not; rewrite by hand`;

function isNumericKey(node: TSESTree.Node): boolean {
  return node.type === 'Literal' && typeof node.value === 'number';
}

function insertAfter(node: TSESTree.Node, text: string): TextEdit {
  return { start: node.range[1], end: node.range[1], text };
}

/** Adds an argument right after a call's last one (after its trailing comma, if any), so line breaks stay put. */
function insertLastArgument(
  ctx: AnalysisContext,
  call: TSESTree.CallExpression | TSESTree.NewExpression,
  argument: string,
): TextEdit {
  const last = tokenBefore(ctx, call.range[1] - 1)!;
  const text = last.value === '(' ? argument : last.value === ',' ? ` ${argument},` : `, ${argument}`;
  return { start: last.range[1], end: last.range[1], text };
}

/** The first token that starts at or after `offset`. */
function tokenAfter(ctx: AnalysisContext, offset: number): TSESTree.Token | undefined {
  const tokens = ctx.ast.tokens ?? [];
  return tokens[firstIndex(tokens, (token) => token.range[0] >= offset)];
}

/** The last token that ends at or before `offset`. */
function tokenBefore(ctx: AnalysisContext, offset: number): TSESTree.Token | undefined {
  const tokens = ctx.ast.tokens ?? [];
  return tokens[firstIndex(tokens, (token) => token.range[1] > offset) - 1];
}

/** Binary search over tokens in source order: the first index where `past` holds (tokens.length if none). */
function firstIndex(tokens: readonly TSESTree.Token[], past: (token: TSESTree.Token) => boolean): number {
  let low = 0;
  let high = tokens.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (past(tokens[mid]!)) high = mid;
    else low = mid + 1;
  }
  return low;
}

function hasComment(ctx: AnalysisContext, start: number, end: number): boolean {
  return (ctx.ast.comments ?? []).some((comment) => comment.range[0] >= start && comment.range[1] <= end);
}

function snippet(ctx: AnalysisContext, node: TSESTree.Node): string {
  return shortText(ctx, node, 50);
}

function line(node: TSESTree.Node): number {
  return node.loc.start.line;
}
