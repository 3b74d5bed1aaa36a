import type { TSESTree } from '@typescript-eslint/utils';
import { isFunctionNode, isNullOrUndefined, type FunctionNode } from './ast.js';
import { unwrapExpression } from './imports.js';
import { everyValueChild } from './value-children.js';

/*
 * What a function does with the values it holds, read from its own syntax (ESTree alone, no
 * `parent` links, as rejection-points.ts is, so the project index reads oxc-parser's nodes with it
 * too): which local variables cannot hold a promise, which awaited results it reads before testing
 * them, and whether it may hand back nothing.
 */

/**
 * What a function returns that cannot be a promise: nothing, a literal, `undefined`, an object or
 * array literal, a template (`return { ok: false }` ends an async function without a failure).
 */
export function isPlainValue(node: TSESTree.Node): boolean {
  return (
    node.type === 'Literal' ||
    node.type === 'TemplateLiteral' ||
    node.type === 'ObjectExpression' ||
    node.type === 'ArrayExpression' ||
    (node.type === 'Identifier' && node.name === 'undefined')
  );
}

/**
 * A value that is no promise: a literal, a template, an object or array, arithmetic or
 * concatenation, an awaited value, or one asserted to a type that names no promise (`res.body as
 * AppList`).
 */
function isSettledValue(node: TSESTree.Node): boolean {
  if ((node.type === 'TSAsExpression' || node.type === 'TSTypeAssertion') && typeNamesNoPromise(node.typeAnnotation))
    return true;
  const value = unwrapExpression(node);
  return isPlainValue(value) || value.type === 'BinaryExpression' || value.type === 'AwaitExpression';
}

/** A type annotation that names no promise (`string`, `IApp[]`), read by name as rejection-points.ts reads `Promise`. */
function annotatesNoPromise(id: TSESTree.Node): boolean {
  const annotation = (id as { typeAnnotation?: TSESTree.TSTypeAnnotation }).typeAnnotation?.typeAnnotation;
  return annotation !== undefined && typeNamesNoPromise(annotation);
}

/** A type that names no promise, nor `any` or `unknown`. */
function typeNamesNoPromise(annotation: TSESTree.TypeNode): boolean {
  if (['TSAnyKeyword', 'TSUnknownKeyword'].includes(annotation.type)) return false;
  let mentionsPromise = false;
  walk(annotation, (node) => {
    if (node.type === 'Identifier' && /^Promise(Like)?$/.test(node.name)) mentionsPromise = true;
    return true;
  });
  return !mentionsPromise;
}

/**
 * The variables declared once in a function's own body (not in the functions it defines) that can
 * never hold a promise: annotated with a type that names none (`let context: string`), or only ever
 * given settled values (`const list = [] as IApp[]`, `let name = 'missing-' + id`, `x = await
 * load()`). Returning one ends an async function without a failure (set 31: a pipeline lookup
 * that returns its `let context: string`). A name declared in several blocks counts when every
 * declaration does; one a parameter also has is left out.
 */
export function noPromiseVariablesOf(fn: FunctionNode): ReadonlySet<string> {
  const body = fn.body;
  if (!body) return new Set();
  // Per name: whether each declaration's annotation names no promise, and whether every value it is given is settled.
  const declared = new Map<string, { annotated: boolean; settled: boolean }>();
  const params = new Set<string>();
  for (const param of fn.params) walk(param, (node) => (node.type === 'Identifier' && params.add(node.name), true));
  const assigned: [string, TSESTree.AssignmentExpression][] = [];
  walk(body, (node) => {
    if (isFunctionNode(node)) return false;
    if (node.type === 'VariableDeclarator' && node.id.type === 'Identifier') {
      // Declared again in another block: every declaration must hold no promise.
      const earlier = declared.get(node.id.name) ?? { annotated: true, settled: true };
      declared.set(node.id.name, {
        annotated: earlier.annotated && annotatesNoPromise(node.id),
        settled: earlier.settled && (node.init === null || isSettledValue(node.init)),
      });
    }
    if (node.type === 'AssignmentExpression' && node.left.type === 'Identifier') assigned.push([node.left.name, node]);
    return true;
  });
  // `x += …` gives a string or a number; `x = v` (`x ??= v`…) may give v.
  for (const [name, assignment] of assigned) {
    const variable = declared.get(name);
    if (variable && LOGICAL_OR_PLAIN.has(assignment.operator) && !isSettledValue(assignment.right))
      variable.settled = false;
  }
  // A parameter of the same name is another variable, which the name may read outside the block that declares it.
  return new Set(
    [...declared].filter(([name, v]) => !params.has(name) && (v.annotated || v.settled)).map(([name]) => name),
  );
}

const LOGICAL_OR_PLAIN: ReadonlySet<string> = new Set(['=', '??=', '||=', '&&=']);

/**
 * Of the calls whose awaited results a function keeps in a variable (`const app = await getApp()`),
 * those whose result it reads before anything tests it: the first use of the variable (or of a
 * `const` copy of it, `const a = app as App`) reads a member of it (`app.spec`, not `app?.spec`) or
 * iterates it, outside a try that catches. A call that may hand back nothing then fails the function
 * (set 31: a build trigger that reads `app.spec` of a lookup that returns null on failure).
 */
export function resultsReadUntested(
  body: TSESTree.Node,
  awaited: ReadonlyMap<string, TSESTree.CallExpression>,
): ReadonlySet<TSESTree.CallExpression> {
  const holders = new Map(awaited);
  const firstUseReads = new Map<string, boolean>();
  const visit = (node: TSESTree.Node, parent: TSESTree.Node | undefined, guarded: boolean): void => {
    if (isFunctionNode(node)) return;
    if (node.type === 'VariableDeclarator' && node.id.type === 'Identifier' && node.init) {
      const copied = unwrapExpression(node.init);
      if (copied.type === 'Identifier' && holders.has(copied.name) && !firstUseReads.has(copied.name)) {
        firstUseReads.set(copied.name, false);
        holders.set(node.id.name, holders.get(copied.name)!);
        return;
      }
    }
    if (node.type === 'Identifier' && parent && holders.has(node.name) && !firstUseReads.has(node.name)) {
      if (!isDeclaredName(node, parent)) firstUseReads.set(node.name, !guarded && readsOrIterates(node, parent));
      return;
    }
    if (node.type === 'TryStatement') {
      visit(node.block, node, guarded || node.handler !== null);
      if (node.handler) visit(node.handler, node, guarded);
      if (node.finalizer) visit(node.finalizer, node, guarded);
      return;
    }
    for (const child of childrenOf(node)) visit(child, node, guarded);
  };
  visit(body, undefined, false);
  const read = new Set<TSESTree.CallExpression>();
  for (const [name, call] of holders) if (firstUseReads.get(name) === true) read.add(call);
  return read;
}

/** The declared name in `const x = …`, a property key or a member's property name: not a use of a variable. */
function isDeclaredName(node: TSESTree.Identifier, parent: TSESTree.Node): boolean {
  if (parent.type === 'VariableDeclarator') return parent.id === node;
  if (parent.type === 'MemberExpression') return parent.property === node && !parent.computed;
  if (parent.type === 'Property') return parent.key === node && !parent.computed && !parent.shorthand;
  return false;
}

/** `x.member` (not `x?.member`) or `for (… of x)`: a use that fails when `x` is null or undefined. */
function readsOrIterates(node: TSESTree.Identifier, parent: TSESTree.Node): boolean {
  if (parent.type === 'MemberExpression') return parent.object === node && !parent.optional;
  return parent.type === 'ForOfStatement' && parent.right === node;
}

/**
 * Whether a function may hand back nothing: a `return;`, `return null` or `return undefined` of
 * its own, or an end its body reaches without returning or throwing. An arrow's expression body is
 * its one value.
 */
export function mayReturnNothing(fn: FunctionNode): boolean {
  const body = fn.body;
  if (!body) return true;
  if (body.type !== 'BlockStatement') return isNothing(body);
  let nothing = false;
  walk(body, (node) => {
    if (isFunctionNode(node)) return false;
    if (node.type === 'ReturnStatement' && (!node.argument || isNothing(node.argument))) nothing = true;
    return !nothing;
  });
  return nothing || !leaves(body);
}

function isNothing(value: TSESTree.Node): boolean {
  return isNullOrUndefined(unwrapExpression(value));
}

/** Whether every path through `statement` returns or throws. */
function leaves(statement: TSESTree.Node): boolean {
  switch (statement.type) {
    case 'ReturnStatement':
    case 'ThrowStatement':
      return true;
    case 'BlockStatement':
      return statement.body.some(leaves);
    case 'IfStatement':
      return statement.alternate !== null && leaves(statement.consequent) && leaves(statement.alternate);
    case 'TryStatement':
      return (
        (statement.finalizer !== null && leaves(statement.finalizer)) ||
        (leaves(statement.block) && (statement.handler === null || leaves(statement.handler.body)))
      );
    default:
      return false;
  }
}

/** Each child node of `node`, in source order; types are not looked into. */
function childrenOf(node: TSESTree.Node): TSESTree.Node[] {
  const children: TSESTree.Node[] = [];
  everyValueChild(node, (child) => (children.push(child), true));
  return children;
}

/** Visits `node` and its descendants, depth first; `enter` returns false to skip a node's children. */
function walk(node: TSESTree.Node, enter: (node: TSESTree.Node) => boolean): void {
  if (!enter(node)) return;
  for (const child of childrenOf(node)) walk(child, enter);
}
