import type { TSESTree } from '@typescript-eslint/utils';
import { isModuleLevelScope, resolveIdentifier, type AnalysisContext } from '../core/context.js';
import { within, type FunctionNode } from '../core/ast.js';
import { unwrapExpression } from '../core/imports.js';

/**
 * The flag of a once-guard that `node` sits behind in `fn`: `if (done) return; done = true; …node…`
 * or `if (!started) { started = true; …node… }`. Code behind such a guard runs at most once per
 * flag, so once per run of the scope that declares it (held-out false positive: a shutdown poll
 * started behind `if (didGracefulExit) return; didGracefulExit = true;`).
 *
 * `module` when the flag is a module-level variable; otherwise the flag's declaration, which runs
 * as often as its scope does. Undefined when no such guard is there. Only a `let`/`var` declared
 * outside `fn` is a flag: one declared inside is new on every call.
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
  for (let i = 0; i <= at; i++) {
    const statement = statements[i]!;
    if (statement.type !== 'IfStatement') continue;
    // `if (flag) return;` … `flag = true;` before the node.
    const returned = flagTestedBy(statement.test, false);
    if (returned && !statement.alternate && endsInReturn(statement.consequent) && i < at) {
      const set = statements.slice(i + 1, at).some((later) => setsFlag(later, returned));
      if (set) return flagScope(ctx, fn, returned);
    }
    // `if (!flag) { flag = true; … }` with the node inside.
    const entered = flagTestedBy(statement.test, true);
    if (entered && i === at && statement.consequent.type === 'BlockStatement') {
      const body = statement.consequent.body;
      const inside = body.findIndex((s) => within(s, node));
      if (inside > 0 && body.slice(0, inside).some((s) => setsFlag(s, entered))) return flagScope(ctx, fn, entered);
    }
  }
  return undefined;
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
  if (isModuleLevelScope(variable.scope)) return { module: true } as const;
  return { module: false, declaration } as const;
}
