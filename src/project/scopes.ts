import { keyName, type AstNode } from './ast.js';
import type { ParamRef, Value } from './facts.js';

/** A name bound in a scope, evaluated to a Value once the whole file has been walked. */
export interface Binding {
  /** A parameter (or a name destructured from one): where values come from, for key provenance. */
  readonly param?: ParamRef;
  /** `for (const x of list)` / `for (const k in object)`: the value iterated. */
  readonly iterates?: AstNode;
  readonly scope: number;
  readonly thisCls: number | undefined;
  /** The initialiser, a function or class node, or an import's value. */
  readonly node?: AstNode;
  readonly value?: Value;
  /** `const { a } = node`: the binding is member `a` of `node`. */
  readonly member?: string;
  /** `x: Service`: an instance of the declared type. */
  readonly typeName?: AstNode;
  evaluated?: Value;
  evaluating?: boolean;
  /** The counter of a counted `for` loop (`for (let i = 0; i < n; i++)`): the bound it runs to (`n`). */
  counter?: AstNode;
  /** Assigned again after its declaration (`i++`, `x = …`): its initialiser does not say what it holds. */
  reassigned?: boolean;
  /**
   * Each assignment after the declaration, in source order: what `x = value` assigns (undefined
   * for `x += …`, `x++`), in which function, whether in a loop, and where it starts.
   */
  assignments?: BindingAssignment[];
}

/** One assignment of a binding after its declaration (Binding.assignments). */
export interface BindingAssignment {
  readonly value: AstNode | undefined;
  readonly fn: number;
  readonly loop: boolean;
  readonly start: number;
}

interface Scope {
  readonly parent: number;
  readonly names: Map<string, Binding>;
}

/** Where the walk is: the function the code runs in, its scope, the class `this` is, whether inside a loop. */
export interface Where {
  readonly fn: number;
  readonly scope: number;
  readonly thisCls: number | undefined;
  readonly loop: boolean;
  /** Inside an `if (cluster.isPrimary)` branch (either side): cluster start-up code. */
  readonly clusterBranch?: boolean;
}

/** A call (or `new`) met in the walk, resolved after it; `handedTo`: a function handed by name to another call. */
export interface RecordedCall {
  readonly where: Where;
  readonly callee: AstNode;
  readonly isNew: boolean;
  readonly line: number;
  readonly args?: AstNode[];
  readonly handedTo?: { readonly callee: AstNode; readonly arg: number };
}

/** An expression whose value is resolved after the walk, in the place it was met. */
export interface PendingValue {
  readonly where: Where;
  readonly node: AstNode;
}

/** The scopes of one file, by index (0 is the module's), and the names bound in each. */
export class Scopes {
  private readonly scopes: Scope[] = [{ parent: -1, names: new Map() }];

  /** Binds `name` in `scope` unless already bound there: the first declaration wins. */
  declare(scope: number, name: string, binding: Omit<Binding, 'scope'> & { scope?: number }): void {
    const names = this.scopes[scope]!.names;
    if (!names.has(name)) names.set(name, { ...binding, scope: binding.scope ?? scope });
  }

  /** A new scope inside `parent`; its index. */
  open(parent: number): number {
    this.scopes.push({ parent, names: new Map() });
    return this.scopes.length - 1;
  }

  /** The binding `name` refers to from `fromScope`, looking outwards. */
  binding(name: string, fromScope: number): Binding | undefined {
    for (let scope = fromScope; scope >= 0; scope = this.scopes[scope]!.parent) {
      const binding = this.scopes[scope]!.names.get(name);
      if (binding) return binding;
    }
    return undefined;
  }

  /** Whether `scope` is `ancestor` or lies inside it. */
  isWithin(scope: number, ancestor: number): boolean {
    for (let current = scope; current >= 0; current = this.scopes[current]!.parent)
      if (current === ancestor) return true;
    return false;
  }

  isDeclared(name: string, where: Where): boolean {
    return this.binding(name, where.scope) !== undefined;
  }

  /** Binds every name in a pattern; `const { a } = init` binds `a` to member `a` of `init`. */
  declarePattern(
    pattern: AstNode | null | undefined,
    where: Where,
    init?: AstNode,
    param?: Omit<ParamRef, 'path'>,
  ): void {
    if (!pattern) return;
    if (pattern.type === 'Identifier') {
      const annotation = pattern.typeAnnotation?.typeAnnotation as AstNode | undefined;
      const typeName = annotation?.type === 'TSTypeReference' ? (annotation.typeName as AstNode) : undefined;
      const name = pattern.name as string;
      this.declare(
        where.scope,
        name,
        init
          ? { node: init, thisCls: where.thisCls }
          : { typeName, thisCls: where.thisCls, ...(param ? { param: { ...param, path: name } } : {}) },
      );
    } else if (pattern.type === 'ObjectPattern') {
      for (const property of pattern.properties as AstNode[]) {
        const key = property.type === 'Property' ? keyName(property) : undefined;
        const value = property.type === 'Property' ? (property.value as AstNode) : (property.argument as AstNode);
        if (init && key !== undefined && value.type === 'Identifier')
          this.declare(where.scope, value.name as string, { node: init, member: key, thisCls: where.thisCls });
        else this.declarePattern(value, where, undefined, param);
      }
    } else if (pattern.type === 'AssignmentPattern') {
      this.declarePattern(pattern.left as AstNode, where, undefined, param);
    } else if (pattern.type === 'ArrayPattern') {
      for (const element of pattern.elements as (AstNode | null)[])
        this.declarePattern(element, where, undefined, param);
    } else if (pattern.type === 'RestElement') {
      this.declarePattern(pattern.argument as AstNode, where, undefined, param);
    } else if (pattern.type === 'TSParameterProperty') {
      this.declarePattern(pattern.parameter as AstNode, where, undefined, param);
    }
  }
}
