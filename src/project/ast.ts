import { valueKeysOf } from '../core/value-keys.js';
import { oxcParser } from './native.js';

/**
 * The oxc-parser AST (ESTree with TS-ESTree's TypeScript nodes), walked generically by the
 * extractor. A loose node type keeps the walker short; the few fields it reads are checked where read.
 */
export type AstNode = {
  readonly type: string;
  readonly start: number;
  readonly end: number;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- generic walk over oxc's ESTree nodes
  readonly [key: string]: any;
};

export const isNode = (value: unknown): value is AstNode => typeof (value as AstNode | null)?.type === 'string';

/**
 * Calls `visit` on every node below `root` (not `root` itself), depth first, by oxc's own visitor
 * keys without the type annotations, as the file walk goes (core/ast.ts walks typescript-estree's
 * trees by that parser's keys). `visit` returning false skips that node's children.
 */
export function forEachNodeBelow(root: AstNode, visit: (node: AstNode) => boolean | void): void {
  const keys = oxcParser().visitorKeys;
  const stack: AstNode[] = [root];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (node !== root && visit(node) === false) continue;
    const children = valueKeysOf(keys, node.type);
    for (let k = children.length - 1; k >= 0; k--) {
      const child = node[children[k]!] as unknown;
      if (Array.isArray(child)) {
        for (let i = child.length - 1; i >= 0; i--) if (isNode(child[i])) stack.push(child[i] as AstNode);
      } else if (isNode(child)) {
        stack.push(child);
      }
    }
  }
}

/** Whether a node below `root` is one `test` accepts; nodes `skip` accepts are neither tested nor looked into. */
export function someNodeBelow(
  root: AstNode,
  test: (node: AstNode) => boolean,
  skip?: (node: AstNode) => boolean,
): boolean {
  let found = false;
  forEachNodeBelow(root, (node) => {
    if (found || skip?.(node)) return false;
    if (test(node)) found = true;
    return !found;
  });
  return found;
}

export const FUNCTION_TYPES: ReadonlySet<string> = new Set([
  'FunctionDeclaration',
  'FunctionExpression',
  'ArrowFunctionExpression',
]);
export const LOOP_TYPES: ReadonlySet<string> = new Set([
  'ForStatement',
  'ForInStatement',
  'ForOfStatement',
  'WhileStatement',
  'DoWhileStatement',
]);

/** Wrappers that do not change which value an expression is: `x as T`, `x!`, `(x)`, `x satisfies T`, `a?.b`. */
export function unwrap(node: AstNode): AstNode {
  let current = node;
  while (
    current.type === 'TSAsExpression' ||
    current.type === 'TSNonNullExpression' ||
    current.type === 'TSSatisfiesExpression' ||
    current.type === 'TSTypeAssertion' ||
    current.type === 'ParenthesizedExpression' ||
    current.type === 'ChainExpression'
  ) {
    current = current.expression as AstNode;
  }
  return current;
}

/** The value an expression waits for: `await open()` is `open()` (and `await (await x)` is `x`). */
export function unwrapAwait(node: AstNode): AstNode {
  let current = unwrap(node);
  while (current.type === 'AwaitExpression') current = unwrap(current.argument as AstNode);
  return current;
}

/** `null` or `undefined` as written (oxc gives a regular expression literal a null `value` too: the raw text tells). */
export function isNullOrUndefined(node: AstNode): boolean {
  return (
    (node.type === 'Literal' && node.value === null && node.raw === 'null') ||
    (node.type === 'Identifier' && node.name === 'undefined')
  );
}

/** `a.b` and `a['b']`: the property name when it is static. */
export function propertyName(member: AstNode): string | undefined {
  const property = member.property as AstNode;
  if (!member.computed && (property.type === 'Identifier' || property.type === 'PrivateIdentifier'))
    return property.name as string;
  if (member.computed && property.type === 'Literal' && typeof property.value === 'string') return property.value;
  return undefined;
}

/** An object property's static key. */
export function keyName(property: AstNode): string | undefined {
  const key = property.key as AstNode | undefined;
  if (!key) return undefined;
  if (!property.computed && (key.type === 'Identifier' || key.type === 'PrivateIdentifier')) return key.name as string;
  if (key.type === 'Literal' && (typeof key.value === 'string' || typeof key.value === 'number'))
    return String(key.value);
  return undefined;
}

/** A string literal or a template literal without expressions. */
export function staticString(node: AstNode | undefined): string | undefined {
  if (!node) return undefined;
  if (node.type === 'Literal' && typeof node.value === 'string') return node.value;
  if (node.type === 'TemplateLiteral' && node.expressions.length === 0)
    return node.quasis[0]?.value.cooked ?? undefined;
  return undefined;
}

/** The called name: `f` of `f()`, `m` of `x.m()`. */
export function calleeName(callee: AstNode): string | undefined {
  const node = unwrap(callee);
  if (node.type === 'Identifier') return node.name as string;
  if (node.type === 'MemberExpression') return propertyName(node);
  return undefined;
}

/** The receiver's name in `x.m()` / `a.x.m()` / `x().m()`: `x`. */
export function receiverName(callee: AstNode): string | undefined {
  const node = unwrap(callee);
  if (node.type !== 'MemberExpression') return undefined;
  const object = unwrap(node.object as AstNode);
  if (object.type === 'Identifier') return object.name as string;
  if (object.type === 'MemberExpression') return propertyName(object);
  if (object.type === 'CallExpression') return calleeName(object.callee as AstNode);
  if (object.type === 'ThisExpression') return 'this';
  return undefined;
}

/** A decorator's name: `Get` of `@Get(':id')` and of `@Get`. */
export function decoratorName(decorator: AstNode): string | undefined {
  const expression = unwrap(decorator.expression as AstNode);
  const target = expression.type === 'CallExpression' ? unwrap(expression.callee as AstNode) : expression;
  if (target.type === 'Identifier') return target.name as string;
  if (target.type === 'MemberExpression') return propertyName(target);
  return undefined;
}
