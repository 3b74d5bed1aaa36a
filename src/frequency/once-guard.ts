import type { TSESTree } from '@typescript-eslint/utils';
import { isModuleLevelScope, resolveIdentifier, type AnalysisContext, type Variable } from '../core/context.js';
import { enclosingFunction, within, type FunctionNode } from '../core/ast.js';
import { staticPropertyName, unwrapExpression } from '../core/imports.js';

/**
 * The flag of a once-guard that `node` sits behind in `fn`: `if (done) return; done = true; …node…`
 * (the flag may be raised after the node, at the function's end), or `if (!started) { started =
 * true; …node… }`. Code behind such a guard runs at most once per
 * flag, so once per run of the scope that declares it (held-out false positive: a shutdown poll
 * started behind `if (didGracefulExit) return; didGracefulExit = true;`).
 *
 * The second shape may stand anywhere between `fn` and `node` (inside a `try` or another `if`),
 * and its test may be a conjunction that includes `!flag` (`if (done === total && !isLogged) {
 * isLogged = true; … }`). A first-time flag counts too (set 36: a benchmark CLI starts one publish
 * interval per simulated connection behind `if (isNewConn[i - 1])`, lowered by the connection's
 * 'reconnect' listener): `if (flag)` or `if (flags[k])` where the flag starts raised (`let flag =
 * true`, `const flags = Array(n).fill(true)`) and is only ever lowered (`flag = false`), wherever
 * that is. Code behind it runs while the flag is up, which this takes for once per flag (per
 * element of a flag array made in the same scope): a flag that is only ever lowered marks the
 * first time, and the lowering that ends it may well be in another callback.
 *
 * `module` when the flag is a module-level variable; otherwise the flag's declaration, which runs
 * as often as its scope does. Undefined when no such guard is there. Only a `let`/`var` declared
 * outside `fn` is a flag (a `const` array of first-time flags too): one declared inside is new on
 * every call.
 */
export function onceGuardOf(
  ctx: AnalysisContext,
  fn: FunctionNode,
  node: TSESTree.Node,
): { readonly module: true } | { readonly module: false; readonly declaration: TSESTree.Node } | undefined {
  if (fn.body.type !== 'BlockStatement') return undefined;
  const statements = fn.body.body;
  const at = statements.findIndex((statement) => within(statement, node));
  if (at < 0) return undefined;
  for (let i = 0; i < at; i++) {
    const statement = statements[i]!;
    if (statement.type !== 'IfStatement') continue;
    // `if (flag) return;` … `flag = true;` before the node, or after it at the function's end: once
    // a run has finished, every later one returns (set 38: a bot's listeners registered once, when
    // all shards are first ready, the flag raised after the awaits).
    const returned = flagTestedBy(statement.test, false);
    if (returned && !statement.alternate && endsInReturn(statement.consequent)) {
      const set = statements.slice(i + 1).some((later) => setsFlag(later, returned));
      if (set) return flagScope(ctx, fn, returned);
    }
  }
  // Each `if` between the node and `fn` whose consequent holds the node.
  for (let child: TSESTree.Node = node, current = node.parent; current && current !== fn;) {
    if (current.type === 'IfStatement' && current.consequent === child) {
      const guard = enteredGuard(ctx, fn, current, node) ?? firstTimeGuard(ctx, fn, current.test);
      if (guard) return guard;
    }
    child = current;
    current = current.parent;
  }
  return undefined;
}

/** `if (… && !flag && …) { …; flag = true; …node… }`: the flag raised before the node's statement. */
function enteredGuard(ctx: AnalysisContext, fn: FunctionNode, statement: TSESTree.IfStatement, node: TSESTree.Node) {
  if (statement.consequent.type !== 'BlockStatement') return undefined;
  const body = statement.consequent.body;
  const inside = body.findIndex((s) => within(s, node));
  for (const conjunct of conjunctsOf(statement.test)) {
    const entered = flagTestedBy(conjunct, true);
    if (entered && inside > 0 && body.slice(0, inside).some((s) => setsFlag(s, entered)))
      return flagScope(ctx, fn, entered);
  }
  return undefined;
}

/** `a && b && c`: each of a, b and c; any other test is its own one conjunct. */
function conjunctsOf(test: TSESTree.Expression): TSESTree.Expression[] {
  const expression = unwrapExpression(test);
  if (expression.type === 'LogicalExpression' && expression.operator === '&&')
    return [...conjunctsOf(expression.left), ...conjunctsOf(expression.right)];
  return [expression as TSESTree.Expression];
}

/**
 * `if (flag)` or `if (flags[k])` (or a conjunction that includes one) on a first-time flag: one
 * declared outside `fn`, raised at its declaration and only ever lowered after (onlyLowered).
 */
function firstTimeGuard(ctx: AnalysisContext, fn: FunctionNode, test: TSESTree.Expression) {
  for (const conjunct of conjunctsOf(test)) {
    const name =
      conjunct.type === 'MemberExpression' && conjunct.computed ? unwrapExpression(conjunct.object) : conjunct;
    if (name.type !== 'Identifier') continue;
    const variable = resolveIdentifier(ctx, name);
    const definition = variable?.defs.length === 1 ? variable.defs[0] : undefined;
    if (!variable || definition?.type !== 'Variable' || within(fn, definition.node)) continue;
    const init = definition.node.init;
    const array = name !== conjunct;
    if (!init || !(array ? isRaisedFlagArray(init) : isTruthyLiteral(init))) continue;
    if (!array && definition.parent.kind === 'const') continue;
    if (!onlyLowered(variable, array)) continue;
    return guardScope(variable, definition.node);
  }
  return undefined;
}

/** `Array(n).fill(true)`, `new Array(n).fill(true)`: n raised flags. */
function isRaisedFlagArray(init: TSESTree.Expression): boolean {
  const call = unwrapExpression(init);
  if (call.type !== 'CallExpression' || call.callee.type !== 'MemberExpression') return false;
  const made = unwrapExpression(call.callee.object);
  return (
    staticPropertyName(call.callee) === 'fill' &&
    call.arguments.length === 1 &&
    isTruthyLiteral(call.arguments[0]!) &&
    (made.type === 'CallExpression' || made.type === 'NewExpression') &&
    made.callee.type === 'Identifier' &&
    made.callee.name === 'Array'
  );
}

function isTruthyLiteral(node: TSESTree.Node): boolean {
  const expression = unwrapExpression(node as TSESTree.Expression);
  return expression.type === 'Literal' && Boolean(expression.value);
}

function isFalsyLiteral(node: TSESTree.Node): boolean {
  const expression = unwrapExpression(node as TSESTree.Expression);
  return expression.type === 'Literal' && !expression.value;
}

/** Methods that change an array in place: a flag array they touch may be raised again. */
const ARRAY_MUTATORS = new Set(['fill', 'push', 'unshift', 'splice', 'copyWithin', 'reverse', 'sort']);

/**
 * Every write after the declaration lowers the flag (`flag = false`; `flags[k] = false` for an
 * array, which is otherwise only read: no other write, no mutating method, never handed on), and
 * there is at least one.
 */
function onlyLowered(variable: Variable, array: boolean): boolean {
  let lowered = false;
  for (const reference of variable.references) {
    if (reference.init) continue;
    const use = reference.identifier;
    if (!array) {
      if (!reference.isWrite()) continue;
      const assignment = use.parent;
      if (
        assignment?.type !== 'AssignmentExpression' ||
        assignment.operator !== '=' ||
        !isFalsyLiteral(assignment.right)
      )
        return false;
      lowered = true;
      continue;
    }
    const member = use.parent;
    if (member?.type !== 'MemberExpression' || member.object !== use) return false;
    if (!member.computed) {
      const method = staticPropertyName(member);
      if (method === undefined || ARRAY_MUTATORS.has(method)) return false;
      continue;
    }
    const assignment = member.parent;
    if (assignment?.type === 'AssignmentExpression' && assignment.left === member) {
      if (assignment.operator !== '=' || !isFalsyLiteral(assignment.right)) return false;
      lowered = true;
    } else if (
      assignment?.type === 'UpdateExpression' ||
      (assignment?.type === 'UnaryExpression' && assignment.operator === 'delete')
    )
      return false;
  }
  return lowered;
}

/** The identifier a test reads: `flag` (negated: false) or `!flag` (negated: true). */
function flagTestedBy(test: TSESTree.Expression, negated: boolean): TSESTree.Identifier | undefined {
  let expression = unwrapExpression(test);
  if (negated) {
    if (expression.type !== 'UnaryExpression' || expression.operator !== '!') return undefined;
    expression = unwrapExpression(expression.argument);
  }
  return expression.type === 'Identifier' ? expression : undefined;
}

function endsInReturn(statement: TSESTree.Statement): boolean {
  if (statement.type === 'ReturnStatement') return true;
  return statement.type === 'BlockStatement' && statement.body.at(-1)?.type === 'ReturnStatement';
}

/** `flag = true;` (or any truthy literal) as a statement. */
function setsFlag(statement: TSESTree.Statement, flag: TSESTree.Identifier): boolean {
  if (statement.type !== 'ExpressionStatement') return false;
  const expression = statement.expression;
  return (
    expression.type === 'AssignmentExpression' &&
    expression.operator === '=' &&
    expression.left.type === 'Identifier' &&
    expression.left.name === flag.name &&
    expression.right.type === 'Literal' &&
    Boolean(expression.right.value)
  );
}

function flagScope(ctx: AnalysisContext, fn: FunctionNode, flag: TSESTree.Identifier) {
  const variable = resolveIdentifier(ctx, flag);
  const definition = variable?.defs[0];
  if (!variable || definition?.type !== 'Variable' || definition.parent.kind === 'const') return undefined;
  const declaration = definition.node;
  // Declared inside the guarded function: a new flag on every call.
  if (within(fn, declaration)) return undefined;
  return guardScope(variable, declaration);
}

/** A guard's answer for its flag: `module` for a module-level flag, else the flag's declaration. */
function guardScope(variable: Variable, declaration: TSESTree.Node) {
  if (isModuleLevelScope(variable.scope)) return { module: true } as const;
  return { module: false, declaration } as const;
}

/**
 * The once-guard (onceGuardOf) that `node` sits behind in its function or, through immediately
 * invoked functions, in the function around them: the first one found, innermost first.
 */
export function onceGuardAround(ctx: AnalysisContext, node: TSESTree.Node): ReturnType<typeof onceGuardOf> {
  for (let fn = enclosingFunction(node); fn; fn = enclosingFunction(fn.parent!)) {
    const guard = onceGuardOf(ctx, fn, node);
    if (guard) return guard;
    if (fn.parent?.type !== 'CallExpression' || fn.parent.callee !== fn) return undefined;
  }
  return undefined;
}
