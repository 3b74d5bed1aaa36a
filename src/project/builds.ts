import { unwrapAwait, type AstNode } from './ast.js';
import type { BuildFact } from './facts.js';
import type { FileWalk } from './file-walk.js';
import type { ValueResolver } from './values.js';

/*
 * Which functions hand every caller something they have just built, and what each instance of a
 * class builds while it is set up: the facts behind "getDb() in src/db.ts builds a new pg Pool
 * per call", read where a handler in another file calls it. A memoized factory is not one: it
 * returns a holder (`return db`, `return (db ??= new Pool())`), not the construction.
 */

/** Sets `builds` on the file's functions and classes, once the walk has bound every name. */
export function recordBuilds(walk: FileWalk, values: ValueResolver): void {
  const facts = walk.facts;
  const byFunction = new Map<number, (BuildFact | undefined)[]>();
  for (const { fn, node, where } of walk.returns) {
    if (!node) continue;
    const list = byFunction.get(fn) ?? [];
    list.push(freshBuild(walk, values, node, where, walk.fnScopes[fn]!));
    byFunction.set(fn, list);
  }
  for (const [fn, builds] of byFunction) {
    const [first] = builds;
    // Every return hands back the same kind of construction: one that sometimes returns a holder is a cache.
    if (first && builds.every((b) => b && sameCallee(b, first))) facts.functions[fn]!.builds = first;
  }
  const closed = new Set(walk.closedFields.map(({ cls, name }) => `${cls}\0${name}`));
  for (const field of walk.fields) {
    const cls = facts.classes[field.cls]!;
    const setUp = field.initializer || (cls.ctor !== undefined && field.where.fn === cls.ctor);
    if (!setUp || !field.pending || closed.has(`${field.cls}\0${field.name}`)) continue;
    const build = construction(walk, values, field.pending.node, field.pending.where);
    if (build) (cls.builds ??= []).push({ ...build, field: field.name });
  }
}

/** `new X()`, `x()`, `await x()`, or a local const of the function initialised with one. */
function freshBuild(
  walk: FileWalk,
  values: ValueResolver,
  node: AstNode,
  where: FileWalk['returns'][number]['where'],
  fnScope: number,
): BuildFact | undefined {
  const value = unwrapAwait(node);
  if (value.type !== 'Identifier') return construction(walk, values, value, where);
  const binding = walk.scopes.binding(value.name as string, where.scope);
  if (
    !binding?.node ||
    binding.reassigned ||
    binding.member !== undefined ||
    !walk.scopes.isWithin(binding.scope, fnScope)
  )
    return undefined;
  // A binding keeps no Where of its own: its initialiser is read in the scope it was declared in.
  return construction(walk, values, binding.node, { ...where, scope: binding.scope });
}

function construction(
  walk: FileWalk,
  values: ValueResolver,
  expression: AstNode,
  where: FileWalk['returns'][number]['where'],
): BuildFact | undefined {
  const node = unwrapAwait(expression);
  if (node.type !== 'NewExpression' && node.type !== 'CallExpression') return undefined;
  const callee = values.valueOf(node.callee as AstNode, where, 0);
  if (callee.k === 'unknown') return undefined;
  return { callee, isNew: node.type === 'NewExpression', line: walk.lineOf(node) };
}

const sameCallee = (a: BuildFact, b: BuildFact): boolean =>
  a.isNew === b.isNew && JSON.stringify(a.callee) === JSON.stringify(b.callee);
