import { SINGLETON_DECORATORS } from '../knowledge/entry-points.js';
import { FUNCTION_TYPES, decoratorName, keyName, unwrap, type AstNode } from './ast.js';
import { decoratorEntry, lifecycleHookEntry, singletonEntry, type RecordedEntry } from './class-entries.js';
import { NEST_LIFECYCLE_HOOKS } from '../knowledge/lifecycle.js';
import type { ClassFact, FunctionFact } from './facts.js';
import type { PendingValue, RecordedCall, Scopes, Where } from './scopes.js';

/** A field of a class the walk meets (`this.x = …`, a class field, a constructor parameter property). */
export interface RecordedField {
  cls: number;
  name: string;
  pending?: PendingValue;
  typeName?: AstNode;
  where: Where;
  /** A class field's initializer (`client = new Redis()`): it runs as the constructor does. */
  initializer?: boolean;
  /** A getter's function: the field is what its one `return` hands back (`get api() { return (this._api ??= new Api()) }`). */
  getter?: number;
}

/** What of the file walk (file-walk.ts) a class's walk records into and goes on with. */
export interface ClassWalker {
  readonly classes: ClassFact[];
  readonly functions: FunctionFact[];
  readonly fields: RecordedField[];
  readonly calls: RecordedCall[];
  readonly entries: RecordedEntry[];
  readonly scopes: Scopes;
  readonly classIndex: Map<AstNode, number>;
  readonly superClasses: { cls: number; pending: PendingValue }[];
  lineOf(node: AstNode): number;
  visit(node: AstNode, where: Where, parent: AstNode): void;
  visitChildren(node: AstNode, where: Where): void;
  visitFunction(node: AstNode, where: Where, parent: AstNode, name?: string, thisCls?: number): number;
}

/**
 * A class as the file walk meets it: its fact (methods, statics, fields by name), its methods
 * and function-valued fields as functions, the entries its decorators make, and its instance
 * field initializers visited as part of its constructor (written or implicit).
 */
export function visitClass(walk: ClassWalker, node: AstNode, where: Where, parent: AstNode): number {
  const index = walk.classes.length;
  const name =
    (node.id?.name as string | undefined) ??
    (parent.type === 'VariableDeclarator' && parent.id.type === 'Identifier'
      ? (parent.id.name as string)
      : 'anonymous class');
  const fact: ClassFact = { name, line: walk.lineOf(node), methods: {}, statics: {}, fields: {} };
  walk.classes.push(fact);
  walk.classIndex.set(node, index);
  if (node.type === 'ClassDeclaration' && node.id)
    walk.scopes.declare(where.scope, node.id.name as string, { node, thisCls: where.thisCls });
  if (node.superClass) walk.superClasses.push({ cls: index, pending: { where, node: node.superClass as AstNode } });
  const singleton = (node.decorators as AstNode[] | undefined)?.find((d) =>
    SINGLETON_DECORATORS.has(decoratorName(d) ?? ''),
  );
  const inClass: Where = { ...where, thisCls: index };
  /** Instance field initializers, visited once the constructor they run in is known. */
  const initializers: { value: AstNode; member: AstNode }[] = [];
  for (const member of node.body.body as AstNode[]) {
    const key = keyName(member);
    const value = member.value as AstNode | null;
    if (member.type === 'MethodDefinition' && value) {
      const label = `${name}.${key ?? 'method'}`;
      const fn = walk.visitFunction(
        value,
        inClass,
        member,
        member.kind === 'constructor' ? `${name} constructor` : label,
        member.static ? undefined : index,
      );
      if (member.kind === 'constructor') fact.ctor = fn;
      else if (key !== undefined) (member.static ? fact.statics : fact.methods)[key] = fn;
      if (member.kind === 'get' && !member.static && key !== undefined)
        walk.fields.push({ cls: index, name: key, getter: fn, where: inClass });
      for (const decorator of (member.decorators as AstNode[] | undefined) ?? [])
        decoratorEntry(walk, decorator, fn, label, inClass);
      if (member.kind === 'constructor' && singleton) singletonEntry(walk, singleton, value, name, where, member);
      else if (singleton && !member.static && NEST_LIFECYCLE_HOOKS.has(key ?? ''))
        lifecycleHookEntry(walk, singleton, fn, label, inClass, member);
    } else if ((member.type === 'PropertyDefinition' || member.type === 'AccessorProperty') && key !== undefined) {
      if (value && FUNCTION_TYPES.has(unwrap(value).type)) {
        const fn = walk.visitFunction(
          unwrap(value),
          inClass,
          member,
          `${name}.${key}`,
          member.static ? undefined : index,
        );
        (member.static ? fact.statics : fact.methods)[key] = fn;
        for (const decorator of (member.decorators as AstNode[] | undefined) ?? [])
          decoratorEntry(walk, decorator, fn, `${name}.${key}`, inClass);
        continue;
      }
      const annotation = member.typeAnnotation?.typeAnnotation as AstNode | undefined;
      if (!member.static) {
        walk.fields.push({
          cls: index,
          name: key,
          pending: value ? { where: inClass, node: value } : undefined,
          typeName: annotation?.type === 'TSTypeReference' ? (annotation.typeName as AstNode) : undefined,
          where: inClass,
          initializer: true,
        });
      }
      if (value && member.static) walk.visit(value, inClass, member);
      else if (value) initializers.push({ value, member });
    } else {
      // Static blocks (and static field initializers above) run once, when the class is defined.
      walk.visitChildren(member, inClass);
    }
  }
  if (initializers.length > 0) {
    // Instance field initializers run on each construction, as part of the constructor: what
    // they call is called by it, not by the code that defines the class.
    const ctor = fact.ctor ?? implicitConstructor(walk, node, fact, where, singleton);
    const atConstruction: Where = { ...inClass, fn: ctor, loop: false };
    walk.functions[ctor]!.initializers = initializers.map(({ value }) => [value.start, value.end]);
    for (const { value, member } of initializers) walk.visit(value, atConstruction, member);
  }
  return index;
}

/**
 * The constructor of a class with field initializers and none written: a fact with an empty
 * range that runs them and, in a derived class, calls the superclass's constructor as the
 * implicit `super(...args)` does, so `new Derived()` still reaches Base's constructor.
 */
function implicitConstructor(
  walk: ClassWalker,
  node: AstNode,
  fact: ClassFact,
  where: Where,
  singleton: AstNode | undefined,
): number {
  const index = walk.functions.length;
  walk.functions.push({
    name: `${fact.name} constructor`,
    start: node.start,
    end: node.start,
    line: fact.line,
    parent: where.fn,
    implicit: true,
  });
  fact.ctor = index;
  const inside: Where = { ...where, fn: index, loop: false };
  if (node.superClass)
    walk.calls.push({ where: inside, callee: node.superClass as AstNode, isNew: true, line: fact.line });
  if (singleton) singletonEntry(walk, singleton, index, fact.name, where, node);
  return index;
}
