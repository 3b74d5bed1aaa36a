import type { TSESTree } from '@typescript-eslint/utils';
import { isModuleLevelScope, resolveIdentifier, type AnalysisContext } from '../../core/context.js';
import { alwaysLeaves, enclosingFunction } from '../../core/ast.js';
import { isGlobalReference, staticPropertyName, unwrapExpression } from '../../core/imports.js';
import { sourceText } from './key-expressions.js';
import type { CollectionUse } from './uses.js';

/*
 * A write that comes after a check refusing keys another table lacks:
 *
 *   if (!FACTORIES[type]) throw new Error(`unknown type ${type}`);
 *   const proc = procs[id]; if (!proc) return;
 *   if (!KNOWN_REGIONS.includes(region)) throw …
 *
 * Past the check the key is one of that table's keys, so the collection holds at most one entry
 * per key the table has; the table, when it is a collection itself, is judged on its own.
 */

/** True when, earlier in the write's function, a statement leaves unless `key` is in another table. */
export function isCheckedAgainstTable(ctx: AnalysisContext, use: CollectionUse, key: TSESTree.Node): boolean {
  const fn = enclosingFunction(use.node);
  if (!fn || fn.body.type !== 'BlockStatement') return false;
  const check: Check = { ctx, keyText: sourceText(ctx, key), collectionText: sourceText(ctx, use.ref) };
  for (let node: TSESTree.Node = use.node; node !== fn && node.parent; node = node.parent) {
    const block = node.parent;
    if (block.type !== 'BlockStatement' && block.type !== 'Program') continue;
    const earlier = block.body.slice(0, block.body.indexOf(node as TSESTree.Statement));
    if (earlier.some((statement, i) => leavesUnlessPresent(check, statement, earlier.slice(0, i)))) return true;
  }
  return false;
}

interface Check {
  readonly ctx: AnalysisContext;
  readonly keyText: string;
  readonly collectionText: string;
}

/** `if (<key missing>) throw …` or `… return`, with no else. */
function leavesUnlessPresent(check: Check, statement: TSESTree.Node, before: readonly TSESTree.Node[]): boolean {
  if (statement.type !== 'IfStatement' || statement.alternate) return false;
  return alwaysLeaves(statement.consequent) && testsMissing(check, statement.test, before);
}

/** A test that holds when the key is not in a table: one side of `||` is enough. */
function testsMissing(check: Check, test: TSESTree.Node, before: readonly TSESTree.Node[]): boolean {
  const node = unwrapExpression(test);
  if (node.type === 'LogicalExpression' && node.operator === '||')
    return testsMissing(check, node.left, before) || testsMissing(check, node.right, before);
  if (node.type === 'BinaryExpression' && (node.operator === '===' || node.operator === '==')) {
    const [value, other] = isNothing(node.right) ? [node.left, node.right] : [node.right, node.left];
    return isNothing(other) && looksUp(check, value, before);
  }
  if (node.type !== 'UnaryExpression' || node.operator !== '!') return false;
  const inner = unwrapExpression(node.argument);
  // `!(key in TABLE)`
  if (inner.type === 'BinaryExpression' && inner.operator === 'in')
    return sourceText(check.ctx, inner.left) === check.keyText && isTable(check, inner.right);
  return looksUp(check, inner, before) || isMembershipCall(check, inner);
}

/** `undefined`, `null`. */
function isNothing(node: TSESTree.Node): boolean {
  const inner = unwrapExpression(node);
  return (
    (inner.type === 'Identifier' && inner.name === 'undefined') || (inner.type === 'Literal' && inner.value === null)
  );
}

/** `TABLE[key]`, `TABLE.get(key)`, or a const an earlier statement set to one of them. */
function looksUp(check: Check, node: TSESTree.Node, before: readonly TSESTree.Node[]): boolean {
  const inner = unwrapExpression(node);
  if (inner.type === 'MemberExpression' && inner.computed)
    return sourceText(check.ctx, inner.property) === check.keyText && isTable(check, inner.object);
  if (inner.type === 'CallExpression') {
    const callee = unwrapExpression(inner.callee);
    return (
      callee.type === 'MemberExpression' &&
      staticPropertyName(callee) === 'get' &&
      inner.arguments.length === 1 &&
      sourceText(check.ctx, inner.arguments[0]!) === check.keyText &&
      isTable(check, callee.object)
    );
  }
  if (inner.type !== 'Identifier') return false;
  return before.some(
    (statement) =>
      statement.type === 'VariableDeclaration' &&
      statement.kind === 'const' &&
      statement.declarations.some(
        (declarator) =>
          declarator.id.type === 'Identifier' &&
          declarator.id.name === inner.name &&
          declarator.init !== null &&
          looksUp(check, declarator.init, []),
      ),
  );
}

/**
 * `TABLE.has(key)`, `LIST.includes(key)`, `TABLE.hasOwnProperty(key)`, `Object.hasOwn(TABLE, key)`
 * and `Object.prototype.hasOwnProperty.call(TABLE, key)` (set 28: a workflow server's app modules,
 * loaded once per key of a table built from the apps folder).
 */
function isMembershipCall(check: Check, node: TSESTree.Node): boolean {
  if (node.type !== 'CallExpression' || node.callee.type !== 'MemberExpression') return false;
  const [first, second] = node.arguments;
  const callee = unwrapExpression(node.callee) as TSESTree.MemberExpression;
  const method = staticPropertyName(callee) ?? '';
  const isKey = (argument: TSESTree.Node | undefined): boolean =>
    argument !== undefined && sourceText(check.ctx, argument) === check.keyText;
  if (node.arguments.length === 1 && ['has', 'includes', 'hasOwnProperty'].includes(method))
    return isKey(first) && isTable(check, callee.object);
  if (node.arguments.length !== 2 || !isKey(second)) return false;
  const owner = unwrapExpression(callee.object);
  const isOwnCheck =
    (method === 'hasOwn' && isGlobalReference(check.ctx, owner, 'Object')) ||
    (method === 'call' && owner.type === 'MemberExpression' && staticPropertyName(owner) === 'hasOwnProperty');
  return isOwnCheck && isTable(check, first!);
}

/**
 * Another table that outlives the call: a module-level binding or import, `this.field`, or a
 * static member chain of one (`CONFIG.handlers`). Not the collection itself, and not a local or
 * a parameter, which may hold whatever the caller passed.
 */
function isTable(check: Check, node: TSESTree.Node): boolean {
  let root = unwrapExpression(node);
  if (sourceText(check.ctx, root) === check.collectionText) return false;
  while (root.type === 'MemberExpression' && !root.computed) root = unwrapExpression(root.object);
  if (root.type === 'ThisExpression') return true;
  if (root.type !== 'Identifier') return false;
  const variable = resolveIdentifier(check.ctx, root);
  const def = variable?.defs.length === 1 ? variable.defs[0] : undefined;
  if (def?.type === 'ImportBinding') return true;
  return def?.type === 'Variable' && isModuleLevelScope(variable!.scope);
}
