import { forEachNodeBelow, keyName, propertyName, unwrap, type AstNode } from './ast.js';
import type { FileWalk } from './file-walk.js';

/*
 * Static accessors of a class's own instance: `static getInstance() { if (!this.instance)
 * this.instance = new RedisClient(); return this.instance; }`, `static instance() { return
 * (this.instance_ ??= new Store()); }`. A call of one (`RedisClient.getInstance().getConnection()`,
 * or `export const redis = RedisClient.getInstance()` used in another file) reaches the instance's
 * methods, so the call graph can follow it (Value `call`, resolve.ts).
 */

/** Sets `returnsInstance` on each static method every `return` of which hands back an instance of its class. */
export function recordInstanceAccessors(walk: FileWalk): void {
  const returnsByFn = new Map<number, (AstNode | undefined)[]>();
  for (const { fn, node } of walk.returns) {
    const list = returnsByFn.get(fn) ?? [];
    list.push(node);
    returnsByFn.set(fn, list);
  }
  for (const [node, cls] of walk.classIndex) {
    const fact = walk.facts.classes[cls]!;
    const statics = Object.values(fact.statics);
    if (statics.length === 0) continue;
    const own = { name: fact.name, holders: instanceHolders(node, fact.name) };
    for (const fn of statics) {
      const returned = returnsByFn.get(fn);
      if (returned && returned.length > 0 && returned.every((r) => r !== undefined && isOwnInstance(r, own)))
        walk.facts.functions[fn]!.returnsInstance = cls;
    }
  }
}

interface OwnClass {
  readonly name: string;
  /** Static fields the class keeps its instance in: assigned `new Store()` or `new this()` in its body. */
  readonly holders: ReadonlySet<string>;
}

/** `new Store()` or `new this()`, a static holder of one, or an assignment or `??`/`||` that yields one. */
function isOwnInstance(expression: AstNode, own: OwnClass): boolean {
  const node = unwrap(expression);
  switch (node.type) {
    case 'NewExpression':
      return isOwnClass(node.callee as AstNode, own);
    case 'MemberExpression': {
      const name = propertyName(node);
      return name !== undefined && own.holders.has(name) && isOwnClass(node.object as AstNode, own);
    }
    case 'AssignmentExpression':
      return isOwnInstance(node.right as AstNode, own);
    case 'LogicalExpression':
      return (
        (node.operator === '??' || node.operator === '||') &&
        isOwnInstance(node.left as AstNode, own) &&
        isOwnInstance(node.right as AstNode, own)
      );
    case 'ConditionalExpression':
      return isOwnInstance(node.consequent as AstNode, own) && isOwnInstance(node.alternate as AstNode, own);
    default:
      return false;
  }
}

/** `this` in a static method, or the class's own name. */
function isOwnClass(expression: AstNode, own: { readonly name: string }): boolean {
  const node = unwrap(expression);
  return node.type === 'ThisExpression' || (node.type === 'Identifier' && node.name === own.name);
}

/** The static fields a class assigns a new instance of itself to, anywhere in its body, or initialises with one. */
function instanceHolders(cls: AstNode, name: string): Set<string> {
  const holders = new Set<string>();
  const isNewOwn = (value: AstNode | null | undefined): boolean => {
    const node = value ? unwrap(value) : undefined;
    return node?.type === 'NewExpression' && isOwnClass(node.callee as AstNode, { name });
  };
  forEachNodeBelow(cls.body as AstNode, (node) => {
    if (node.type === 'PropertyDefinition' && node.static && isNewOwn(node.value as AstNode | null)) {
      const key = keyName(node);
      if (key !== undefined) holders.add(key);
    }
    if (node.type === 'AssignmentExpression' && isNewOwn(node.right as AstNode)) {
      const left = unwrap(node.left as AstNode);
      const key = left.type === 'MemberExpression' ? propertyName(left) : undefined;
      if (key !== undefined && isOwnClass(left.object as AstNode, { name })) holders.add(key);
    }
  });
  return holders;
}
