import type { TSESTree } from '@typescript-eslint/utils';
import { findVariable, type AnalysisContext } from '../../core/context.js';
import { within } from '../../core/ast.js';
import type { TextEdit } from '../../codemod-kit/edits.js';
import { styleOf } from '../../codemod-kit/layout.js';
import { outermostValue, type CollectionUse } from './uses.js';
import { unwrapExpression } from '../../core/imports.js';
import { assertedTypes } from './collection-sites.js';
import type { CollectionFinding } from './findings.js';
import { hasComment, insertAfter, insertLastArgument, line, snippet, tokenAfter } from './cache-rewrite-text.js';

/*
 * The edits that turn one collection into an LRUCache: its initializer, its declared types and
 * each of its uses, or the reason one of them cannot be carried over.
 */

export interface RewriteSettings {
  /** Entries the cache keeps. */
  readonly max: number;
  /** Milliseconds an entry stays fresh, if set. */
  readonly ttl: number | undefined;
  /** The local name LRUCache is imported under. */
  readonly cacheClass: string;
}

interface TypeArguments {
  readonly key: TSESTree.TypeNode;
  readonly value: TSESTree.TypeNode | undefined;
}

const ITERATION_METHODS = new Set(['forEach', 'keys', 'values', 'entries']);
const MAP_METHODS = new Set(['get', 'set', 'has', 'delete', 'clear']);
const SET_METHODS = new Set(['has', 'delete', 'clear']);
const ORDER_REASON =
  'LRUCache iterates most recently used first where a Map, Set or object keeps insertion order; check the order does not matter, then switch it by hand';

/** Collects the edits of one collection, stopping at the first part that cannot be carried over. */
export class CachePlanWriter {
  readonly edits: TextEdit[] = [];
  private readonly typescript: boolean;
  private readonly quote: string;

  constructor(
    private readonly ctx: AnalysisContext,
    private readonly settings: RewriteSettings,
  ) {
    this.typescript = /\.[cm]?tsx?$/.test(ctx.filename);
    this.quote = styleOf(ctx).quote;
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
        : holder.kind === 'global' || holder.kind === 'function-property'
          ? undefined
          : holder.field?.typeAnnotation?.typeAnnotation;
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
      case 'reassign':
        if (finding.holder.kind === 'variable' && finding.holder.lazy)
          return `it is created where it is first needed (${at}); create it once where it is declared, then rewrite`;
      // falls through: any other assignment hands the binding a value other code made
      case 'escape':
      case 'export':
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
