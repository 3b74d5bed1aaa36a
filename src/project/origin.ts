import { FUNCTION_TYPES, propertyName, unwrap, type AstNode } from './ast.js';
import type { Origin, ParamRef } from './facts.js';
import { CONFIGURATION_WORDS, IMPORTED_CONSTANT_WORDS } from '../knowledge/key-words.js';

// Names that say an imported value is configuration or a constant rather than data: `config.ttl`,
// `SETTINGS`, `appConfig`, `Status.Active` (the words are src/knowledge/key-words.ts's).
const CONFIG_NAME = new RegExp(`(${[...IMPORTED_CONSTANT_WORDS].join('|')})s?$`, 'i');
const FIELD_CONFIG_NAME = new RegExp(`(${[...CONFIGURATION_WORDS].join('|')})s?$`, 'i');
const CONSTANT_NAME = /^[A-Z][A-Z0-9_]*$/;
const PASCAL_NAME = /^[A-Z][a-zA-Z0-9]*$/;

/** A name's binding as the extractor knows it (see extract.ts). */
export interface OriginBinding {
  readonly scope: number;
  readonly node?: AstNode;
  readonly value?: { readonly k: string; readonly source?: string; readonly name?: string };
  readonly member?: string;
  readonly param?: ParamRef;
  /** `for (const x of list)`: the value iterated. */
  readonly iterates?: AstNode;
  /** `for (let i = 0; i < n; i++)`: the bound the counter runs to. */
  readonly counter?: AstNode;
  readonly reassigned?: boolean;
}

/** How much of an expression's text `written` collapses first (it shows 45 characters). */
const WRITTEN_PREFIX = 256;

/** Deepest chain of names and sub-expressions followed for one value. */
const MAX_DEPTH = 24;

const finite = (why: string): Origin => ({ o: 'finite', why });
const unknown = (why: string): Origin => ({ o: 'unknown', why });

/**
 * Combines the origins of a value's parts (`${a}:${b}`, `a + b`, `f(a, b)`): any part derived from
 * parameters makes the whole derived from them (a request-derived part makes the key vary per
 * request); else any unknown part makes it unknown; else it is finite.
 */
export function combine(parts: readonly Origin[], whyFinite: string): Origin {
  const params = parts.flatMap((p) => (p.o === 'params' ? p.ps : []));
  if (params.length > 0) return { o: 'params', ps: params.slice(0, 8) };
  const open = parts.find((p) => p.o === 'unknown');
  return open ?? finite(parts.length === 1 ? (parts[0] as { why: string }).why : whyFinite);
}

/**
 * Where a value comes from within one file: literals, enums, `process.env`, constant lists and
 * configuration are finite; parameters are followed across files later; simple transformations
 * (templates, concatenation, `String(x)`, `x.trim()`, `hash(x)`) keep their inputs' origin.
 */
export class OriginReader {
  constructor(
    private readonly text: string,
    private readonly lookup: (name: string, scope: number) => OriginBinding | undefined,
  ) {}

  private written(node: AstNode): string {
    // Only the start is shown: collapse a prefix (a whole function's text is no key), and the
    // rest only when that prefix was mostly white space.
    const prefix = this.text.slice(node.start, Math.min(node.end, node.start + WRITTEN_PREFIX)).replace(/\s+/g, ' ');
    const source =
      prefix.length > 48 || node.end - node.start <= WRITTEN_PREFIX
        ? prefix
        : this.text.slice(node.start, node.end).replace(/\s+/g, ' ');
    return source.length > 48 ? `${source.slice(0, 45)}…` : source;
  }

  originOf(expression: AstNode, scope: number, depth = 0): Origin {
    if (depth > MAX_DEPTH) return unknown('too many steps to follow');
    const node = unwrap(expression);
    const next = (child: AstNode, childScope = scope): Origin => this.originOf(child, childScope, depth + 1);
    if (FUNCTION_TYPES.has(node.type)) return finite('a function');
    switch (node.type) {
      case 'Literal':
        return finite(`the literal ${this.written(node)}`);
      case 'TemplateLiteral':
        return combine(
          (node.expressions as AstNode[]).map((e) => next(e)),
          `the template ${this.written(node)} of finite parts`,
        );
      case 'Identifier':
        return this.identifier(node, scope, depth);
      case 'MemberExpression':
        return this.member(node, scope, depth);
      case 'CallExpression':
      case 'NewExpression':
        return this.call(node, scope, depth);
      case 'BinaryExpression':
      case 'LogicalExpression':
        return combine(
          [next(node.left as AstNode), next(node.right as AstNode)],
          `${this.written(node)}, of finite parts`,
        );
      case 'ConditionalExpression':
        return combine(
          [next(node.consequent as AstNode), next(node.alternate as AstNode)],
          `${this.written(node)}, of finite parts`,
        );
      case 'UnaryExpression':
      case 'AwaitExpression':
      case 'SpreadElement':
        return next(node.argument as AstNode);
      case 'ArrayExpression': {
        const elements = combine(
          (node.elements as (AstNode | null)[]).filter((e): e is AstNode => e !== null).map((e) => next(e)),
          '',
        );
        return elements.o === 'finite' ? finite(`the constant list ${this.written(node)}`) : elements;
      }
      case 'ObjectExpression':
        return combine(
          (node.properties as AstNode[]).map((p) =>
            next(p.type === 'Property' ? (p.value as AstNode) : (p.argument as AstNode)),
          ),
          `the object ${this.written(node)}`,
        );
      case 'TSEnumDeclaration':
        return finite(`a member of the enum ${node.id.name as string}`);
      case 'ClassDeclaration':
      case 'ClassExpression':
        return finite('a class');
      default:
        return unknown(`${this.written(node)} (${node.type})`);
    }
  }

  private identifier(node: AstNode, scope: number, depth: number): Origin {
    const name = node.name as string;
    if (name === 'undefined' || name === '__dirname' || name === '__filename') return finite(name);
    const binding = this.lookup(name, scope);
    if (!binding) return unknown(`the global ${name}`);
    if (binding.param) return { o: 'params', ps: [binding.param] };
    if (binding.iterates) return this.originOf(binding.iterates, binding.scope, depth + 1);
    if (binding.value) return importedOrigin(name, binding.value.source ?? '?');
    if (binding.counter && binding.node && !binding.reassigned)
      return this.counter(name, binding.node, binding.counter, binding.scope, depth);
    if (binding.reassigned) return unknown(`${name}, assigned again after its declaration`);
    if (binding.node) {
      const of = this.originOf(binding.node, binding.scope, depth + 1);
      // `const { id } = req.params`: the path goes on to the member.
      return of.o === 'params' && binding.member !== undefined
        ? { o: 'params', ps: of.ps.map((p) => ({ ...p, path: `${p.path}.${binding.member!}` })) }
        : of;
    }
    return unknown(`${name}, declared without a value`);
  }

  /**
   * A loop counter takes the values between its two ends. Counted from a fixed end (`0`, a
   * constant), it is as wide as the other: derived from parameters when that end is (request
   * input there keeps it reported; anything else spares it, see provenance.ts), else finite,
   * whatever that end is: a key by position holds no more entries than the longest pass, however
   * often the loop runs. Counted from a moving end (`this.height`, a parameter), its values move
   * with that end, between two values this reading cannot compare: unknown, as any counter was
   * before this reading (set 31: pages redrawn from a requested page up to a last page the page
   * count caps were taken for a request key).
   */
  private counter(name: string, init: AstNode, bound: AstNode, scope: number, depth: number): Origin {
    const start = this.originOf(init, scope, depth + 1);
    const end = this.originOf(bound, scope, depth + 1);
    const what = `\`${name}\`, a loop counter from ${this.written(init)} to ${this.written(bound)}`;
    if (start.o !== 'finite' && end.o !== 'finite') return unknown(`${what}, counted from an end that moves`);
    const extent = start.o === 'finite' ? end : start;
    if (extent.o === 'params') return { o: 'params', ps: extent.ps.map((p) => ({ ...p, counter: what })) };
    return finite(what);
  }

  private member(node: AstNode, scope: number, depth: number): Origin {
    const object = unwrap(node.object as AstNode);
    if (
      object.type === 'MemberExpression' &&
      propertyName(object) === 'env' &&
      unwrap(object.object as AstNode).type === 'Identifier' &&
      unwrap(object.object as AstNode).name === 'process'
    ) {
      return finite(`configuration (${this.written(node)})`);
    }
    if (object.type === 'ThisExpression') {
      // `this.config.region`, `this._settings`: the instance's configuration, set when it was built.
      const field = node.computed ? undefined : propertyName(node);
      return field !== undefined && FIELD_CONFIG_NAME.test(field)
        ? finite(`configuration (${this.written(node)})`)
        : unknown(`${this.written(node)}, a field`);
    }
    const of = this.originOf(object, scope, depth + 1);
    const property = node.computed ? this.originOf(node.property as AstNode, scope, depth + 1) : undefined;
    if (of.o === 'params') return { o: 'params', ps: of.ps.map((p) => ({ ...p, path: this.written(node) })) };
    if (property?.o === 'params') return property;
    if (of.o === 'finite' && property?.o !== 'unknown')
      return finite(of.why.startsWith('the ') ? `${this.written(node)}, from ${of.why}` : of.why);
    return of.o === 'unknown' ? unknown(`${this.written(node)}`) : (property ?? of);
  }

  private call(node: AstNode, scope: number, depth: number): Origin {
    const callee = unwrap(node.callee as AstNode);
    const args = (node.arguments as AstNode[]).map((a) => this.originOf(a, scope, depth + 1));
    // A method's receiver is an input too (`key.trim()`, `parts.join(':')`); a function's name is not.
    const receiver =
      callee.type === 'MemberExpression' && !isNamespace(unwrap(callee.object as AstNode), scope, this.lookup)
        ? this.originOf(callee.object as AstNode, scope, depth + 1)
        : undefined;
    const parts = receiver ? [receiver, ...args] : args;
    // `randomUUID()`, `Date.now()`: a value from nowhere the program controls.
    if (parts.length === 0) return unknown(`the result of ${this.written(node)}`);
    return combine(parts, `${this.written(node)}, computed from finite values`);
  }
}

/** A global or imported module object (`JSON`, `path`, `crypto`) used as a namespace, not a value. */
function isNamespace(node: AstNode, scope: number, lookup: OriginReader['lookup']): boolean {
  if (node.type !== 'Identifier') return false;
  const binding = lookup(node.name as string, scope);
  if (!binding) return /^[A-Z]/.test(node.name as string) || node.name === 'crypto' || node.name === 'path';
  return binding.value?.k === 'import' && (binding.value.name === '*' || binding.value.name === 'default');
}

/** An imported value: finite when its name says configuration or a constant, else unknown. */
function importedOrigin(name: string, source: string): Origin {
  if (CONSTANT_NAME.test(name) || CONFIG_NAME.test(name))
    return finite(`the imported configuration ${name} (from '${source}')`);
  // `Status.Active`: a capitalised import used as a value is an enum or a class's static.
  if (PASCAL_NAME.test(name)) return finite(`the imported ${name} (from '${source}')`);
  return unknown(`the imported ${name} (from '${source}')`);
}
