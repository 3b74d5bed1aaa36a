import { GLOBAL_REGISTRIES, type GlobalRegistry } from '../knowledge/entry-points.js';
import { isNullOrUndefined, keyName, propertyName, staticString, unwrap, type AstNode } from './ast.js';
import { UNKNOWN, type Value } from './facts.js';
import type { Binding, Scopes, Where } from './scopes.js';

/** Assignments whose value is the assigned one, or what an earlier such assignment left. */
const ASSIGNING: ReadonlySet<string> = new Set(['=', '??=', '||=']);

/** Deepest chain of names followed for one value (`a = b`, `b = c.d`, …), against cycles. */
const MAX_VALUE_DEPTH = 24;

/**
 * What an expression of one file evaluates to (a function, a class, an instance, an import, a
 * member of one of those), once the whole file has been walked so every name is bound.
 */
export class ValueResolver {
  constructor(
    private readonly scopes: Scopes,
    /** The walk's functions and classes, by their node. */
    private readonly fnIndex: ReadonlyMap<AstNode, number>,
    private readonly classIndex: ReadonlyMap<AstNode, number>,
  ) {}

  /** `x: Service` or `x: ns.Service`: an instance of the declared type. */
  typeValue(typeName: AstNode, where: Where): Value {
    const of =
      typeName.type === 'Identifier'
        ? this.valueOf(typeName, where, 0)
        : typeName.type === 'TSQualifiedName'
          ? memberValue(this.typeValue(typeName.left as AstNode, where), typeName.right.name as string)
          : UNKNOWN;
    return of.k === 'unknown' ? UNKNOWN : { k: 'new', of };
  }

  valueOf(expression: AstNode, where: Where, depth: number): Value {
    if (depth > MAX_VALUE_DEPTH) return UNKNOWN;
    const node = unwrap(expression);
    const fn = this.fnIndex.get(node);
    if (fn !== undefined) return { k: 'fn', i: fn };
    const cls = this.classIndex.get(node);
    if (cls !== undefined) return { k: 'class', i: cls };
    switch (node.type) {
      case 'Identifier': {
        const binding = this.scopes.binding(node.name as string, where.scope);
        return binding ? this.bindingValue(binding, depth) : UNKNOWN;
      }
      case 'ThisExpression':
        return where.thisCls === undefined ? UNKNOWN : { k: 'new', of: { k: 'class', i: where.thisCls } };
      case 'MemberExpression': {
        const name = propertyName(node);
        if (name === undefined) return UNKNOWN;
        const registry = GLOBAL_REGISTRIES.find(
          (entry) => entry.property === name && this.isGlobal(node.object as AstNode, entry, where, depth),
        );
        if (registry) return { k: 'global', name: `${registry.global}.${registry.property}` };
        return memberValue(this.valueOf(node.object as AstNode, where, depth + 1), name);
      }
      // `this._api ??= new Api()` (a getter's lazy field): what is assigned; the holder only ever held that.
      case 'AssignmentExpression':
        return ASSIGNING.has(node.operator as string) ? this.valueOf(node.right as AstNode, where, depth + 1) : UNKNOWN;
      case 'NewExpression': {
        const of = this.valueOf(node.callee as AstNode, where, depth + 1);
        return of.k === 'unknown' ? UNKNOWN : { k: 'new', of };
      }
      case 'CallExpression': {
        const callee = unwrap(node.callee as AstNode);
        const source =
          callee.type === 'Identifier' && callee.name === 'require'
            ? staticString(node.arguments[0] as AstNode | undefined)
            : undefined;
        if (source !== undefined) return { k: 'import', source, name: '*' };
        // `Store.instance()`, `RedisClient.getInstance()`: what a static accessor returns, once
        // linking shows it is one (resolve.ts). Only a method called without arguments: wrappers
        // (`Sentry.wrapHandler(fn)`) stay unknown, as entry points read them.
        if (callee.type !== 'MemberExpression' || (node.arguments as AstNode[]).length > 0) return UNKNOWN;
        const of = this.valueOf(callee, where, depth + 1);
        return of.k === 'unknown' ? UNKNOWN : { k: 'call', of };
      }
      // `cond ? new Reporter(…) : null`: an optional part; where there is one, it is this value.
      case 'ConditionalExpression': {
        const [consequent, alternate] = [unwrap(node.consequent as AstNode), unwrap(node.alternate as AstNode)];
        if (isNullOrUndefined(alternate)) return this.valueOf(consequent, where, depth + 1);
        return isNullOrUndefined(consequent) ? this.valueOf(alternate, where, depth + 1) : UNKNOWN;
      }
      case 'ObjectExpression': {
        const members: Record<string, Value> = {};
        for (const property of node.properties as AstNode[]) {
          const key = property.type === 'Property' ? keyName(property) : undefined;
          if (key !== undefined) members[key] = this.valueOf(property.value as AstNode, where, depth + 1);
        }
        return { k: 'object', members };
      }
      default:
        return UNKNOWN;
    }
  }

  /**
   * `sails` as the framework sets it: the global (a name nothing binds), a parameter of that name
   * (a hook's `function (sails)`), `this.sails` outside a class, or `require('sails')`.
   */
  private isGlobal(expression: AstNode, registry: GlobalRegistry, where: Where, depth: number): boolean {
    const node = unwrap(expression);
    if (node.type === 'MemberExpression')
      return (
        unwrap(node.object as AstNode).type === 'ThisExpression' &&
        where.thisCls === undefined &&
        propertyName(node) === registry.global
      );
    if (node.type !== 'Identifier' || node.name !== registry.global) return false;
    const binding = this.scopes.binding(registry.global, where.scope);
    if (binding === undefined || binding.param !== undefined) return true;
    const value = this.valueOf(node, where, depth + 1);
    return value.k === 'import' && value.source === registry.module && value.name === '*';
  }

  /** A binding's value, evaluated once in the scope it was declared in (a binding met again while evaluating is unknown). */
  private bindingValue(binding: Binding, depth: number): Value {
    if (binding.evaluated) return binding.evaluated;
    if (binding.evaluating) return UNKNOWN;
    binding.evaluating = true;
    const where: Where = { fn: -1, scope: binding.scope, thisCls: binding.thisCls, loop: false };
    let value: Value = binding.value ?? (binding.node ? this.valueOf(binding.node, where, depth + 1) : UNKNOWN);
    if (binding.member !== undefined)
      value =
        value.k === 'import' && value.name === '*'
          ? { k: 'import', source: value.source, name: binding.member }
          : memberValue(value, binding.member);
    if ((value.k === 'unknown' || value.k === 'call') && binding.typeName)
      value = this.typeValue(binding.typeName, where);
    binding.evaluating = false;
    binding.evaluated = value;
    return value;
  }
}

function memberValue(of: Value, name: string): Value {
  return of.k === 'unknown' ? UNKNOWN : { k: 'member', of, name };
}
