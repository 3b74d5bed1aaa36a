import type { TSESTree } from '@typescript-eslint/utils';
import {
  alwaysLeaves,
  enclosingFunction,
  type FunctionNode,
  isFunctionNode,
  isNullOrUndefined,
  thisOwnerOf,
  within,
} from '../core/ast.js';
import { resolveIdentifier, type AnalysisContext, type Variable } from '../core/context.js';
import { staticPropertyName, unwrapExpression } from '../core/imports.js';

/**
 * Code after a lazy singleton's guard: `if (x) return x; x = new Emitter(); x.on(…)`. The guard
 * returns early once `x` is set, and the function sets `x` (a variable outside it), so what
 * follows runs once per process however often the function is called. The guard is read only
 * in the statements that lead to `node` in its function (not in nested functions).
 */
export function isLazySingletonInit(ctx: AnalysisContext, node: TSESTree.Node): boolean {
  const fn = enclosingFunction(node);
  if (!fn || fn.body.type !== 'BlockStatement') return false;
  for (let child: TSESTree.Node = node; child.parent && child !== fn; child = child.parent) {
    const block = child.parent;
    if (block.type !== 'BlockStatement' && block.type !== 'Program') continue;
    const before = (block.body as TSESTree.Node[]).slice(0, (block.body as TSESTree.Node[]).indexOf(child));
    for (const statement of before) {
      const held = guardedVariable(ctx, statement, fn);
      if (held && assignsIn(fn, held)) return true;
    }
  }
  return false;
}

/** `if (x) return …` / `if (x) { …; return … }` / `if (x !== undefined) return`: the outer variable `x`. */
function guardedVariable(ctx: AnalysisContext, statement: TSESTree.Node, fn: FunctionNode): Variable | undefined {
  if (statement.type !== 'IfStatement' || statement.alternate || !alwaysLeaves(statement.consequent)) return undefined;
  let test = unwrapExpression(statement.test);
  if (test.type === 'BinaryExpression' && (test.operator === '!==' || test.operator === '!=')) {
    if (!isNullOrUndefined(unwrapExpression(test.right))) return undefined;
    test = unwrapExpression(test.left);
  }
  if (test.type !== 'Identifier') return undefined;
  const variable = resolveIdentifier(ctx, test);
  const declared = variable?.defs[0]?.node;
  // Declared outside the function: it outlives each call.
  return variable && declared && !within(fn, declared) ? variable : undefined;
}

/** `x = …` somewhere in `fn` itself (not in a function nested in it). */
function assignsIn(fn: FunctionNode, variable: Variable): boolean {
  return variable.references.some((reference) => {
    if (!reference.isWrite() || !reference.writeExpr) return false;
    let inner: TSESTree.Node | undefined = reference.identifier.parent;
    while (inner && !isFunctionNode(inner)) inner = inner.parent;
    return inner === fn;
  });
}

/**
 * `x ??= new C()`, `x ||= new C()`, or `x = new C()` as the branch of `if (!x)` / `if (x == null)`
 * / `if (x === undefined)`, where `x` outlives the function (a variable declared outside it, or
 * a static field: `C.instance`, `this.instance` in a static method): the first call creates it
 * and every later one finds it, so `creation` runs once per process.
 */
export function isLazyCreation(ctx: AnalysisContext, creation: TSESTree.Node): boolean {
  let assignment: TSESTree.Node | undefined = creation.parent;
  while (assignment && (assignment.type === 'TSAsExpression' || assignment.type === 'TSNonNullExpression'))
    assignment = assignment.parent;
  if (assignment?.type !== 'AssignmentExpression' || unwrapExpression(assignment.right) !== creation) return false;
  return createsOnlyWhenEmpty(assignment) && outlivesItsFunction(ctx, assignment.left);
}

/**
 * `x ??= …`, `x ||= …`, or `x = …` as the branch of `if (!x)` / `if (x == null)` / `if (x === undefined)`
 * (the statement itself, or one of the branch's block). `keyOf` compares targets other than `x`, `C.instance`.
 */
export function createsOnlyWhenEmpty(
  assignment: TSESTree.AssignmentExpression,
  keyOf?: (node: TSESTree.Node) => string | undefined,
): boolean {
  if (assignment.operator === '??=' || assignment.operator === '||=') return true;
  if (assignment.operator !== '=') return false;
  let statement: TSESTree.Node | undefined = assignment.parent;
  if (statement?.type === 'ExpressionStatement') statement = statement.parent;
  if (statement?.type === 'BlockStatement') statement = statement.parent;
  if (statement?.type !== 'IfStatement') return false;
  const test = unwrapExpression(statement.test);
  const target = assignment.left;
  const same = (a: TSESTree.Node): boolean => {
    const key = keyOf?.(a);
    return key !== undefined ? key === keyOf!(target) : sameTarget(a, target);
  };
  if (test.type === 'UnaryExpression' && test.operator === '!') return same(unwrapExpression(test.argument));
  if (test.type !== 'BinaryExpression' || !['==', '==='].includes(test.operator)) return false;
  return isNullOrUndefined(unwrapExpression(test.right)) && same(unwrapExpression(test.left));
}

/** `x` and `x`, or `C.instance` and `C.instance` (`this.instance` and `this.instance`). */
function sameTarget(a: TSESTree.Node, b: TSESTree.Node): boolean {
  if (a.type === 'Identifier' || b.type === 'Identifier')
    return a.type === 'Identifier' && b.type === 'Identifier' && a.name === b.name;
  if (a.type === 'ThisExpression' || b.type === 'ThisExpression') return a.type === b.type;
  if (a.type !== 'MemberExpression' || b.type !== 'MemberExpression') return false;
  const name = staticPropertyName(a);
  return (
    name !== undefined &&
    name === staticPropertyName(b) &&
    sameTarget(unwrapExpression(a.object), unwrapExpression(b.object))
  );
}

/** A variable declared outside the function the assignment is in, or a static field (not an instance's). */
function outlivesItsFunction(ctx: AnalysisContext, target: TSESTree.Node): boolean {
  const fn = enclosingFunction(target);
  if (target.type === 'Identifier') {
    const declared = resolveIdentifier(ctx, target)?.defs[0]?.node;
    return declared !== undefined && (!fn || !within(fn, declared));
  }
  if (target.type !== 'MemberExpression') return false;
  const object = unwrapExpression(target.object);
  if (object.type === 'ThisExpression') return thisOwnerOf(object)?.isStatic === true;
  if (object.type !== 'Identifier') return false;
  // `Store.instance`: the class itself, or a module-level object holding the one instance.
  const scope = resolveIdentifier(ctx, object)?.scope.type;
  return scope === 'module' || scope === 'global' || scope === 'class';
}

/**
 * A memo per key: `creation` fills an entry of a holder that outlives the function, under a name's
 * key, only while that entry is empty: `if (!monitors[port]) { const m = new Monitor(port);
 * monitors[port] = m }`, `monitors[port] ??= new Monitor(port)`. What is built for one key is
 * built once and reused; how many keys there are is the holder's growth, which no-unbounded-cache
 * judges (set 32: httptoolkit's network monitor per proxy port).
 */
export function isKeyedLazyCreation(ctx: AnalysisContext, creation: TSESTree.Node): boolean {
  let value: TSESTree.Node = creation;
  while (value.parent && (WRAPPERS.has(value.parent.type) || value.parent.type === 'AwaitExpression'))
    value = value.parent;
  const parent = value.parent;
  if (parent?.type === 'AssignmentExpression' && parent.right === value)
    return keyedEntry(ctx, parent.left) !== undefined && createsOnlyWhenEmpty(parent, keyedEntry.bind(null, ctx));
  // `const m = new Monitor(port)` in the branch, then `monitors[port] = m` in the same branch.
  if (parent?.type !== 'VariableDeclarator' || parent.id.type !== 'Identifier' || parent.init !== value) return false;
  const declaration = parent.parent;
  if (declaration.kind !== 'const') return false;
  const local = resolveIdentifier(ctx, parent.id);
  return (
    local?.references.some((reference) => {
      const fill = reference.identifier.parent;
      return (
        fill?.type === 'AssignmentExpression' &&
        fill.right === reference.identifier &&
        fill.parent.type === 'ExpressionStatement' &&
        fill.parent.parent === declaration.parent &&
        keyedEntry(ctx, fill.left) !== undefined &&
        createsOnlyWhenEmpty(fill, keyedEntry.bind(null, ctx))
      );
    }) ?? false
  );
}

const WRAPPERS: ReadonlySet<string> = new Set(['TSAsExpression', 'TSNonNullExpression', 'TSSatisfiesExpression']);

/** `holder[key]` with `key` a name, `holder` a variable declared outside the function or `this.x`: as a comparable key. */
function keyedEntry(ctx: AnalysisContext, node: TSESTree.Node): string | undefined {
  const entry = unwrapExpression(node as TSESTree.Expression);
  if (entry.type !== 'MemberExpression' || !entry.computed || entry.property.type !== 'Identifier') return undefined;
  const holder = unwrapExpression(entry.object);
  const key = entry.property.name;
  if (holder.type === 'MemberExpression' && unwrapExpression(holder.object).type === 'ThisExpression') {
    const name = staticPropertyName(holder);
    return name === undefined ? undefined : `this.${name}[${key}]`;
  }
  return holder.type === 'Identifier' && outlivesItsFunction(ctx, holder) ? `${holder.name}[${key}]` : undefined;
}
