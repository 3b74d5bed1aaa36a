import type { TSESTree } from '@typescript-eslint/utils';
import { visitorKeys } from '@typescript-eslint/visitor-keys';
import { isReassigned, resolveIdentifier, type AnalysisContext, type Variable } from './context.js';
import { staticPropertyName, unwrapExpression } from './imports.js';

export { sameThisOwner, thisOwnerOf, type ThisOwner } from './this-owner.js';

export type FunctionNode =
  TSESTree.ArrowFunctionExpression | TSESTree.FunctionDeclaration | TSESTree.FunctionExpression;

export function isFunctionNode(node: TSESTree.Node): node is FunctionNode {
  return (
    node.type === 'ArrowFunctionExpression' || node.type === 'FunctionDeclaration' || node.type === 'FunctionExpression'
  );
}

/** A statement that always leaves the function: a return or throw, or a block ending in one. */
export function alwaysLeaves(statement: TSESTree.Statement): boolean {
  if (statement.type === 'ReturnStatement' || statement.type === 'ThrowStatement') return true;
  if (statement.type !== 'BlockStatement') return false;
  const last = statement.body.at(-1);
  return last !== undefined && alwaysLeaves(last);
}

/** Whether `inner` lies inside `outer` (or is it), by source range. */
export function within(outer: TSESTree.Node, inner: TSESTree.Node): boolean {
  return outer.range[0] <= inner.range[0] && inner.range[1] <= outer.range[1];
}

/** The nearest function that contains `node` (not `node` itself), or undefined at module level. */
export function enclosingFunction(node: TSESTree.Node): FunctionNode | undefined {
  for (let current = node.parent; current; current = current.parent) {
    if (isFunctionNode(current)) return current;
  }
  return undefined;
}

/** `null` or `undefined` as written (not unwrapped: callers unwrap where a cast may stand). */
export function isNullOrUndefined(node: TSESTree.Node): boolean {
  return (node.type === 'Literal' && node.value === null) || (node.type === 'Identifier' && node.name === 'undefined');
}

/** The property name a callee calls (`a.b.on` → 'on', `on` → 'on'), without scope work. */
export function calleeName(callee: TSESTree.Node): string | undefined {
  const target = unwrapExpression(callee);
  if (target.type === 'Identifier') return target.name;
  if (target.type === 'MemberExpression') return staticPropertyName(target);
  return undefined;
}

/** The name of a class, from its declaration or the variable a class expression is assigned to. */
export function className(body: TSESTree.ClassBody): string | undefined {
  const cls = body.parent;
  if (cls.id) return cls.id.name;
  const holder = cls.parent;
  if (holder?.type === 'VariableDeclarator' && holder.id.type === 'Identifier') return holder.id.name;
  return undefined;
}

/** The name of a property or field key: `a`, `'a'`, `#a`; undefined when computed from an expression. */
export function propertyKeyName(
  member: TSESTree.Property | TSESTree.PropertyDefinition | TSESTree.MethodDefinition,
): string | undefined {
  return keyName(member.key, member.computed);
}

export function keyName(key: TSESTree.Node, computed: boolean): string | undefined {
  if (computed) return key.type === 'Literal' && typeof key.value === 'string' ? key.value : undefined;
  if (key.type === 'Identifier') return key.name;
  if (key.type === 'PrivateIdentifier') return `#${key.name}`;
  if (key.type === 'Literal') return String(key.value);
  return undefined;
}

/**
 * The name a function is known by: its own, its variable's, its method's or its property's, or
 * the property it is assigned to (`Dashboard.init = function () {…}`; not `module.exports`).
 */
export function functionName(fn: FunctionNode): string | undefined {
  if (fn.id) return fn.id.name;
  const parent = fn.parent;
  if (parent?.type === 'VariableDeclarator' && parent.id.type === 'Identifier') return parent.id.name;
  if (parent?.type === 'AssignmentExpression' && parent.right === fn && parent.left.type === 'MemberExpression') {
    const name = staticPropertyName(parent.left);
    return name === 'exports' ? undefined : name;
  }
  if (
    (parent?.type === 'MethodDefinition' || parent?.type === 'PropertyDefinition' || parent?.type === 'Property') &&
    parent.value === fn
  ) {
    return keyName(parent.key, parent.computed);
  }
  return undefined;
}

/** The variables naming a class: the outer binding and the name inside its own body. */
export function classVariablesOf(
  ctx: AnalysisContext,
  cls: TSESTree.ClassDeclaration | TSESTree.ClassExpression,
): Variable[] {
  const variables = [...ctx.scopeManager.getDeclaredVariables(cls)];
  if (cls.parent?.type === 'VariableDeclarator') variables.push(...ctx.scopeManager.getDeclaredVariables(cls.parent));
  const inner = ctx.scopeManager.acquire(cls);
  const own = cls.id && inner ? inner.set.get(cls.id.name) : undefined;
  if (own && !variables.includes(own)) variables.push(own);
  return variables;
}

/** A class body's constructor, if it declares one. */
export function constructorOf(
  body: TSESTree.ClassBody,
): (TSESTree.MethodDefinition & { kind: 'constructor' }) | undefined {
  return body.body.find(
    (member): member is TSESTree.MethodDefinition & { kind: 'constructor' } =>
      member.type === 'MethodDefinition' && member.kind === 'constructor',
  );
}

/** The `new C(…)` sites of these bindings (a class's or a constructor function's) in this file, in order. */
export function newSitesOf(variables: readonly Variable[]): TSESTree.NewExpression[] {
  return variables.flatMap((variable) =>
    variable.references.flatMap(({ identifier }) =>
      identifier.parent?.type === 'NewExpression' && identifier.parent.callee === identifier ? [identifier.parent] : [],
    ),
  );
}

/** The name a function is bound to: `function f() {}`, or `var f = function () {}` / `const f = () => {}` (any kind). */
export function bindingIdOf(fn: FunctionNode): TSESTree.Identifier | undefined {
  if (fn.type === 'FunctionDeclaration') return fn.id ?? undefined;
  const parent = fn.parent;
  return parent?.type === 'VariableDeclarator' && parent.init === fn && parent.id.type === 'Identifier'
    ? parent.id
    : undefined;
}

/** The variable a function declaration or `const f = () => …` binds. */
export function declaredVariableOf(ctx: AnalysisContext, fn: FunctionNode): Variable | undefined {
  if (fn.type === 'FunctionDeclaration' && fn.id) return resolveIdentifier(ctx, fn.id);
  const parent = fn.parent;
  if (
    parent?.type === 'VariableDeclarator' &&
    parent.init === fn &&
    parent.id.type === 'Identifier' &&
    parent.parent.kind === 'const'
  ) {
    return resolveIdentifier(ctx, parent.id);
  }
  return undefined;
}

/** What else `functionBoundTo` may count as the function a name is bound to; each caller that needs more says so. */
export interface FunctionBindingOptions {
  /**
   * A function declaration whose name code assigns again still names it (`function load() {}` …
   * `load = wrap(load)`): the floating-task rule's best guess at what a call runs. Without it, a
   * reassigned name is bound to no one function.
   */
  readonly evenIfReassigned?: boolean;
  /** `declare function save(): Promise<void>`: a signature without a body counts too (its return type is what it tells). */
  readonly signatures?: boolean;
}

/**
 * The function a variable is bound to once and for all in this file: a function declaration (or a
 * named function expression's own name), or a `const` initialised with a function (through
 * parentheses and type assertions). A variable defined more than once, or (by default) written
 * again after its definition, is bound to none.
 */
export function functionBoundTo(
  variable: Variable | undefined,
  options: FunctionBindingOptions & { readonly signatures: true },
): FunctionNode | TSESTree.TSDeclareFunction | undefined;
export function functionBoundTo(
  variable: Variable | undefined,
  options?: FunctionBindingOptions,
): FunctionNode | undefined;
export function functionBoundTo(
  variable: Variable | undefined,
  options: FunctionBindingOptions = {},
): FunctionNode | TSESTree.TSDeclareFunction | undefined {
  const def = variable?.defs.length === 1 ? variable.defs[0] : undefined;
  if (!def) return undefined;
  if (!options.evenIfReassigned && isReassigned(variable!)) return undefined;
  if (def.type === 'FunctionName') {
    if (isFunctionNode(def.node)) return def.node;
    return options.signatures && def.node.type === 'TSDeclareFunction' ? def.node : undefined;
  }
  const value = constInitOf(variable);
  const init = value && unwrapExpression(value);
  return init && isFunctionNode(init) ? init : undefined;
}

/** The value of a variable declared once, by `const`, with an initializer (`const table = {…}`). */
export function constInitOf(variable: Variable | undefined): TSESTree.Expression | undefined {
  const def = variable?.defs.length === 1 ? variable.defs[0] : undefined;
  if (def?.type !== 'Variable' || def.node.parent.kind !== 'const') return undefined;
  return def.node.init ?? undefined;
}

/** The function an expression names (`load`, `(load as Loader)`) when it is an identifier bound to one: see functionBoundTo. */
export function functionNamedBy(
  ctx: AnalysisContext,
  node: TSESTree.Node,
  options: FunctionBindingOptions & { readonly signatures: true },
): FunctionNode | TSESTree.TSDeclareFunction | undefined;
export function functionNamedBy(
  ctx: AnalysisContext,
  node: TSESTree.Node,
  options?: FunctionBindingOptions,
): FunctionNode | undefined;
export function functionNamedBy(
  ctx: AnalysisContext,
  node: TSESTree.Node,
  options?: FunctionBindingOptions,
): FunctionNode | TSESTree.TSDeclareFunction | undefined {
  const name = unwrapExpression(node);
  return name.type === 'Identifier' ? functionBoundTo(resolveIdentifier(ctx, name), options) : undefined;
}

/**
 * The object literal `node` is (through parentheses and type assertions), or the one a variable it
 * names is declared with once and for all: a `const`, or with `evenUnwrittenLet` a `let` nothing
 * assigns again. Writes to its properties are not looked at.
 */
export function objectLiteralOf(
  ctx: AnalysisContext,
  node: TSESTree.Node,
  options: { readonly evenUnwrittenLet?: boolean } = {},
): TSESTree.ObjectExpression | undefined {
  const value = unwrapExpression(node);
  if (value.type === 'ObjectExpression') return value;
  if (value.type !== 'Identifier') return undefined;
  const variable = resolveIdentifier(ctx, value);
  const def = variable?.defs.length === 1 ? variable.defs[0] : undefined;
  if (def?.type !== 'Variable' || !def.node.init) return undefined;
  const kind = def.node.parent.kind;
  const fixed = kind === 'const' || (kind === 'let' && options.evenUnwrittenLet && !isReassigned(variable!));
  const init = unwrapExpression(def.node.init);
  return fixed && init.type === 'ObjectExpression' ? init : undefined;
}

/** Exported by its declaration, by `export { name }` or `export default name`, or via `module.exports`/`exports.x`. */
export function isExported(variable: Variable): boolean {
  for (const def of variable.defs) {
    let node: TSESTree.Node | undefined = def.node;
    for (let i = 0; node && i < 3; i++, node = node.parent) {
      if (node.type === 'ExportNamedDeclaration' || node.type === 'ExportDefaultDeclaration') return true;
    }
  }
  return variable.references.some((ref) => {
    const parent = ref.identifier.parent;
    if (parent?.type === 'ExportSpecifier' || parent?.type === 'ExportDefaultDeclaration') return true;
    if (parent?.type === 'AssignmentExpression' && parent.right === ref.identifier) {
      const left = parent.left;
      return left.type === 'MemberExpression' && /^(module|exports)$/.test(rootName(left) ?? '');
    }
    return false;
  });
}

/**
 * The calls of a function this file declares and does not export (`function f() {}`, `const f =
 * () => …`), when every use of its name is a call of it; undefined when it is exported or used any
 * other way (passed on, stored).
 */
export function localCallsOf(ctx: AnalysisContext, fn: FunctionNode): TSESTree.CallExpression[] | undefined {
  const variable = declaredVariableOf(ctx, fn);
  if (!variable || isExported(variable)) return undefined;
  const calls: TSESTree.CallExpression[] = [];
  for (const ref of variable.references) {
    if (ref.init || ref.identifier === (fn as { id?: TSESTree.Node | null }).id) continue;
    const parent = ref.identifier.parent;
    if (parent?.type !== 'CallExpression' || parent.callee !== ref.identifier) return undefined;
    calls.push(parent);
  }
  return calls;
}

function rootName(node: TSESTree.Node): string | undefined {
  let current = node;
  while (current.type === 'MemberExpression') current = current.object;
  return current.type === 'Identifier' ? current.name : undefined;
}

/** The methods of a class body or object literal, by name, with their functions. */
export function methodsOf(
  body: TSESTree.ClassBody | TSESTree.ObjectExpression,
  isStatic: boolean,
): Map<string, FunctionNode> {
  const methods = new Map<string, FunctionNode>();
  if (body.type === 'ClassBody') {
    for (const member of body.body) {
      if (member.type === 'StaticBlock' || member.static !== isStatic) continue;
      if (
        member.type === 'MethodDefinition' &&
        member.kind === 'method' &&
        member.value.type === 'FunctionExpression'
      ) {
        const name = keyName(member.key, member.computed);
        if (name !== undefined) methods.set(name, member.value);
      } else if (member.type === 'PropertyDefinition' && member.value && isFunctionNode(member.value)) {
        const name = keyName(member.key, member.computed);
        if (name !== undefined) methods.set(name, member.value);
      }
    }
  } else {
    for (const prop of body.properties) {
      if (prop.type === 'Property' && prop.kind === 'init' && isFunctionNode(prop.value)) {
        const name = keyName(prop.key, prop.computed);
        if (name !== undefined) methods.set(name, prop.value);
      }
    }
  }
  return methods;
}

/** Calls `visit` on every node below `root` (not `root` itself), depth first; `visit` returning false skips that node's children. */
export function forEachDescendant(root: TSESTree.Node, visit: (node: TSESTree.Node) => boolean | void): void {
  const stack: TSESTree.Node[] = [root];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (node !== root && visit(node) === false) continue;
    for (const key of visitorKeys[node.type] ?? []) {
      const child = (node as unknown as Record<string, unknown>)[key];
      if (Array.isArray(child)) {
        for (let i = child.length - 1; i >= 0; i--) if (isNode(child[i])) stack.push(child[i] as TSESTree.Node);
      } else if (isNode(child)) {
        stack.push(child);
      }
    }
  }
}

/**
 * Whether a node below `root` (not `root` itself) is one `test` accepts, stopping at the first;
 * nodes `skip` accepts are neither tested nor looked into.
 */
export function someDescendant(
  root: TSESTree.Node,
  test: (node: TSESTree.Node) => boolean,
  skip?: (node: TSESTree.Node) => boolean,
): boolean {
  let found = false;
  forEachDescendant(root, (node) => {
    if (found || skip?.(node)) return false;
    found = test(node);
    return;
  });
  return found;
}

/** Return statements of a function body, not of functions nested in it. */
export function ownReturns(body: TSESTree.BlockStatement): TSESTree.ReturnStatement[] {
  const found: TSESTree.ReturnStatement[] = [];
  forEachDescendant(body, (node) => {
    if (node.type === 'ReturnStatement') found.push(node);
    return !isFunctionNode(node) && node.type !== 'ClassBody';
  });
  return found;
}

/** What a function can return: its expression body, or the arguments of its own `return` statements. */
export function returnedExpressions(fn: FunctionNode): TSESTree.Expression[] {
  if (fn.body.type !== 'BlockStatement') return [fn.body];
  return ownReturns(fn.body).flatMap((statement) => (statement.argument ? [statement.argument] : []));
}

/** Whether `root` holds a node `test` accepts, outside the functions nested in it. */
export function hasOwnNode(root: TSESTree.Node, test: (node: TSESTree.Node) => boolean): boolean {
  return someDescendant(root, test, isFunctionNode);
}

/** Whether `root`, or a node inside it, is an identifier `test` accepts. */
export function containsIdentifier(root: TSESTree.Node, test: (identifier: TSESTree.Identifier) => boolean): boolean {
  if (root.type === 'Identifier' && test(root)) return true;
  return someDescendant(root, (node) => node.type === 'Identifier' && test(node));
}

/** A value of a node's child key that is itself a node (not an array, a literal's value, or null). */
export function isNode(value: unknown): value is TSESTree.Node {
  return typeof value === 'object' && value !== null && typeof (value as { type?: unknown }).type === 'string';
}

/** `this.name` / `this.#name`: the name, else undefined. */
export function thisMemberName(node: TSESTree.Node): string | undefined {
  const target = unwrapExpression(node);
  if (target.type !== 'MemberExpression' || unwrapExpression(target.object).type !== 'ThisExpression') return undefined;
  return staticPropertyName(target);
}

/** The source text of a short expression for a message, e.g. `process` or `this.socket`. */
export function shortText(ctx: AnalysisContext, node: TSESTree.Node, max = 40): string {
  const text = ctx.text.slice(node.range[0], node.range[1]).replace(/\s+/g, ' ');
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
