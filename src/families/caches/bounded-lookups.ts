import type { TSESTree } from '@typescript-eslint/utils';
import {
  findVariable,
  isModuleLevelScope,
  isReassigned,
  resolveIdentifier,
  scopeOf,
  type AnalysisContext,
  type Variable,
} from '../../core/context.js';
import {
  isExportOf,
  isGlobalReference,
  resolveImportedValue,
  staticPropertyName,
  unwrapExpression,
} from '../../core/imports.js';
import {
  containsIdentifier,
  enclosingFunction,
  functionNamedBy,
  isFunctionNode,
  someDescendant,
  within,
  type FunctionNode,
} from '../../core/ast.js';
import { iterationCallOf } from '../../frequency/repetition.js';
import { FIND_METHODS } from '../../knowledge/caches.js';
import { hasOnlyKnownProperties } from './finite-checker-types.js';
import { isFiniteKey } from './keys.js';
import { keyVariableOf, storedValue } from './growth.js';
import type { CollectionUse } from './uses.js';

/*
 * Keys that can only be as many as something fixed the write looks up first: the collection's
 * own keys, the elements of a list searched, the files of a folder, an object's declared properties.
 */

/**
 * A key taken from the collection's own keys replaces an entry and adds none: the parameter of an
 * iteration callback over `Object.keys(c)` or `c.keys()`, or the variable of `for (k in c)` or
 * `for (k of Object.keys(c))`, never reassigned.
 */
export function isOwnKey(ctx: AnalysisContext, key: TSESTree.Node, uses: readonly CollectionUse[]): boolean {
  const variable = keyVariableOf(ctx, key);
  const def = variable?.defs.length === 1 ? variable.defs[0] : undefined;
  if (!variable || !def || isReassigned(variable)) return false;
  const refs = new Set(uses.map((use) => use.ref));
  const isOwnKeys = (node: TSESTree.Node): boolean => {
    const call = unwrapExpression(node);
    if (call.type !== 'CallExpression') return false;
    const callee = unwrapExpression(call.callee);
    if (callee.type !== 'MemberExpression') return false;
    if (staticPropertyName(callee) !== 'keys') return false;
    if (call.arguments.length === 0) return refs.has(callee.object);
    const receiver = unwrapExpression(callee.object);
    return isGlobalReference(ctx, receiver, 'Object') && call.arguments[0] !== undefined && refs.has(call.arguments[0]);
  };
  if (def.type === 'Parameter') {
    const call = isFunctionNode(def.node) && def.node.params[0] === def.name ? iterationCallOf(def.node) : undefined;
    return call !== undefined && isOwnKeys((call.callee as TSESTree.MemberExpression).object);
  }
  if (def.type !== 'Variable') return false;
  const loop = def.node.parent.parent;
  if (loop?.type === 'ForInStatement' && loop.left === def.node.parent) return refs.has(loop.right);
  return loop?.type === 'ForOfStatement' && loop.left === def.node.parent && isOwnKeys(loop.right);
}

/**
 * A memoized lookup into another collection: the write sits under `if (found)` where `found` is
 * a const from `list.find(cb)` whose callback compares an element with the key (`=== key`), and
 * the value stored is built from `found`. A cached lookup is only right while `list` stays the
 * same, so it holds at most one entry per element that can match: a bounded index, not a cache
 * that grows with traffic.
 */
export function isMemoizedLookup(ctx: AnalysisContext, use: CollectionUse, key: TSESTree.Node): boolean {
  const write = use.node;
  const keyVariable = keyVariableOf(ctx, key);
  const fn = enclosingFunction(write);
  const value = storedValue(use);
  if (!keyVariable || !fn || !value) return false;
  const isKey = (node: TSESTree.Node): boolean => {
    const inner = unwrapExpression(node);
    return inner.type === 'Identifier' && resolveIdentifier(ctx, inner) === keyVariable;
  };
  for (let node: TSESTree.Node | undefined = write; node && node !== fn; node = node.parent) {
    const guard: TSESTree.Node | undefined = node.parent;
    if (guard?.type !== 'IfStatement' || guard.consequent !== node) continue;
    const test = unwrapExpression(guard.test);
    if (test.type !== 'Identifier') continue;
    const found = resolveIdentifier(ctx, test);
    const def = found?.defs.length === 1 ? found.defs[0] : undefined;
    if (
      def?.type !== 'Variable' ||
      def.node.parent.kind !== 'const' ||
      !def.node.init ||
      enclosingFunction(def.node) !== fn
    )
      continue;
    const lookup = unwrapExpression(def.node.init);
    if (
      lookup.type !== 'CallExpression' ||
      lookup.callee.type !== 'MemberExpression' ||
      !FIND_METHODS.has(staticPropertyName(lookup.callee) ?? '')
    )
      continue;
    const callback = lookup.arguments[0];
    if (!callback || !isFunctionNode(callback)) continue;
    const comparesKey = someDescendant(
      callback,
      (n) =>
        n.type === 'BinaryExpression' &&
        (n.operator === '===' || n.operator === '==') &&
        (isKey(n.left) || isKey(n.right)),
    );
    if (comparesKey && containsIdentifier(value, (id) => resolveIdentifier(ctx, id) === found)) return true;
  }
  return false;
}

/**
 * The entry is added after `readFileSync(join(DIR, …key…))` (or an awaited `fs.promises.readFile`)
 * read a file from a fixed folder (a module const, `__dirname`, a configured folder such as
 * `config.get('views')`) in the same function, or in a function of this file that it calls with
 * the key, outside any try: a missing file throws first, so there is at most one entry per file
 * in that folder.
 */
export function isReadFromFixedFolder(ctx: AnalysisContext, write: TSESTree.Node, key: TSESTree.Node): boolean {
  const fn = enclosingFunction(write);
  const keyVariable = keyVariableOf(ctx, key);
  return fn !== undefined && keyVariable !== undefined && readsFileNamedBy(ctx, fn, keyVariable, write, 0);
}

/** Whether `fn`'s own body, before `until` (or anywhere), reads a file named by `variable` as above. */
function readsFileNamedBy(
  ctx: AnalysisContext,
  fn: FunctionNode,
  variable: Variable,
  until: TSESTree.Node | undefined,
  depth: number,
): boolean {
  // Nested functions run at another time; a read in a try whose catch goes on to the write would
  // add entries for missing files too.
  const skip = (node: TSESTree.Node): boolean =>
    isFunctionNode(node) ||
    (until !== undefined && node.range[0] >= until.range[0]) ||
    (node.type === 'TryStatement' && node.handler !== null && !(until && within(node.block, until)));
  const readsFile = (node: TSESTree.Node): boolean => {
    if (node.type !== 'CallExpression') return false;
    if (isFileRead(ctx, node.callee)) {
      const path = node.arguments[0] ? unwrapExpression(node.arguments[0]) : undefined;
      return path?.type === 'CallExpression' && isPathInFixedFolder(ctx, path, variable);
    }
    // One step into a helper of this file: `const page = await loadPage(name)`.
    const helper = depth === 0 ? functionNamedBy(ctx, node.callee) : undefined;
    const index = node.arguments.findIndex(
      (arg) => arg.type === 'Identifier' && resolveIdentifier(ctx, arg) === variable,
    );
    const param = helper && index >= 0 ? helper.params[index] : undefined;
    const paramVariable =
      param?.type === 'Identifier' ? findVariable(scopeOf(ctx.scopeManager, helper!), param.name) : undefined;
    return (
      paramVariable !== undefined &&
      !isReassigned(paramVariable) &&
      readsFileNamedBy(ctx, helper!, paramVariable, undefined, depth + 1)
    );
  };
  return someDescendant(fn.body, readsFile, skip);
}

/** `readFileSync` or the promise `readFile` of node:fs (`fs.promises.readFile`, `fs/promises`). */
function isFileRead(ctx: AnalysisContext, callee: TSESTree.Node): boolean {
  const value = resolveImportedValue(ctx, callee);
  if (!value) return false;
  const path = (value.path[0] === 'default' ? value.path.slice(1) : value.path).join('.');
  if (value.source === 'fs') return path === 'readFileSync' || path === 'promises.readFile';
  return value.source === 'fs/promises' && path === 'readFile';
}

/**
 * `join(DIR, key)`, `resolve(__dirname, 'sql', \`${key}.sql\`)`, `resolve(config.get('views'), key)`:
 * a fixed or configured folder, then the key and literals.
 */
function isPathInFixedFolder(ctx: AnalysisContext, call: TSESTree.CallExpression, keyVariable: Variable): boolean {
  const joiner = resolveImportedValue(ctx, call.callee);
  if (!isExportOf(joiner, ['path'], 'join') && !isExportOf(joiner, ['path'], 'resolve')) return false;
  const [folder, ...parts] = call.arguments.map((arg) => unwrapExpression(arg));
  if (!folder || parts.length === 0 || !isFixedFolder(ctx, folder)) return false;
  const isKey = (node: TSESTree.Node): boolean =>
    node.type === 'Identifier' && resolveIdentifier(ctx, node) === keyVariable;
  const isPart = (node: TSESTree.Node): boolean =>
    isKey(node) ||
    (node.type === 'Literal' && typeof node.value === 'string') ||
    (node.type === 'TemplateLiteral' && node.expressions.every(isPart));
  return (
    parts.some((part) => isKey(part) || (part.type === 'TemplateLiteral' && part.expressions.some(isKey))) &&
    parts.every(isPart)
  );
}

/** `__dirname`, a module-level const, or a settings lookup with literal arguments (`config.get('views')`, `process.cwd()`). */
function isFixedFolder(ctx: AnalysisContext, folder: TSESTree.Node): boolean {
  if (folder.type === 'CallExpression') {
    const callee = unwrapExpression(folder.callee);
    return (
      callee.type === 'MemberExpression' &&
      !callee.computed &&
      folder.arguments.every((arg) => arg.type === 'Literal' && typeof arg.value === 'string')
    );
  }
  if (folder.type !== 'Identifier') return false;
  if (isGlobalReference(ctx, folder, '__dirname')) return true;
  const def = resolveIdentifier(ctx, folder)?.defs[0];
  return def?.type === 'Variable' && def.node.parent.kind === 'const' && def.node.parent.parent.type === 'Program';
}

/** `Object.assign(c, { a: 1 })` adds fixed keys; `Object.assign(c, other)` adds whatever `other` has. */
export function hasFiniteKeys(ctx: AnalysisContext, source: TSESTree.Node, typeAware: boolean): boolean {
  const object = unwrapExpression(source);
  if (object.type === 'ObjectExpression')
    return object.properties.every(
      (prop) => prop.type === 'Property' && (!prop.computed || isFiniteKey(ctx, prop.key, typeAware)),
    );
  return (
    typeAware &&
    ctx.types !== undefined &&
    hasOnlyKnownProperties(ctx.types.program.getTypeChecker(), ctx.types.getTypeAtLocation(source))
  );
}

/**
 * A pool that grows only when it runs out: the pushed value is a local first looked up in the
 * same array (`let f = pool.find((x) => x.reliable)`) and pushed only under `if (!f)` (or
 * `f == null`), where the lookup's callback reads nothing of the enclosing function's, so it
 * asks whether some element can still serve, not whether one is kept for this call's key (a
 * scalable filter's series, a worker pool). Elements are reused, so the array holds as many as
 * peak demand needed.
 */
export function isPoolExtension(ctx: AnalysisContext, use: CollectionUse, uses: readonly CollectionUse[]): boolean {
  if (use.op !== 'call' || (use.method !== 'push' && use.method !== 'unshift') || use.node.arguments.length !== 1)
    return false;
  const fn = enclosingFunction(use.node);
  const pushed = keyVariableOf(ctx, use.node.arguments[0]!);
  const def = pushed?.defs.length === 1 ? pushed.defs[0] : undefined;
  if (!fn || def?.type !== 'Variable' || !def.node.init || enclosingFunction(def.node) !== fn) return false;
  const lookup = unwrapExpression(def.node.init);
  const callee = lookup.type === 'CallExpression' ? lookup.callee : undefined;
  if (
    callee?.type !== 'MemberExpression' ||
    !FIND_METHODS.has(staticPropertyName(callee) ?? '') ||
    !uses.some((other) => other.ref === callee.object)
  )
    return false;
  const callback = (lookup as TSESTree.CallExpression).arguments[0];
  if (!callback || !isFunctionNode(callback) || readsOuterLocals(ctx, callback)) return false;
  return underMissingTest(ctx, use.node, fn, pushed!);
}

/** Whether `callback` reads a variable of a function around it (a parameter, a local): a keyed lookup. */
function readsOuterLocals(ctx: AnalysisContext, callback: FunctionNode): boolean {
  return someDescendant(callback, (node) => {
    if (node.type !== 'Identifier') return false;
    const variable = resolveIdentifier(ctx, node);
    return variable !== undefined && !isModuleLevelScope(variable.scope) && !within(callback, variable.scope.block);
  });
}

/** `node` lies, within `fn`, in the consequent of `if (!v)`, `if (v == null)` or `if (v === undefined)`. */
function underMissingTest(ctx: AnalysisContext, node: TSESTree.Node, fn: FunctionNode, v: Variable): boolean {
  const isV = (n: TSESTree.Node): boolean => {
    const inner = unwrapExpression(n);
    return inner.type === 'Identifier' && resolveIdentifier(ctx, inner) === v;
  };
  const isNothing = (n: TSESTree.Node): boolean =>
    (n.type === 'Literal' && n.value === null) || (n.type === 'Identifier' && n.name === 'undefined');
  for (let child: TSESTree.Node | undefined = node; child && child !== fn; child = child.parent) {
    const guard: TSESTree.Node | undefined = child.parent;
    if (guard?.type !== 'IfStatement' || guard.consequent !== child) continue;
    const test = unwrapExpression(guard.test);
    if (test.type === 'UnaryExpression' && test.operator === '!' && isV(test.argument)) return true;
    if (
      test.type === 'BinaryExpression' &&
      ['==', '==='].includes(test.operator) &&
      ((isV(test.left) && isNothing(test.right)) || (isV(test.right) && isNothing(test.left as TSESTree.Node)))
    )
      return true;
  }
  return false;
}
