import type { TSESTree } from '@typescript-eslint/utils';
import { resolveIdentifier, type AnalysisContext } from '../../core/context.js';
import type { FunctionNode } from '../../core/ast.js';

/**
 * `if (done) return; setDone(true); …` or `if (ref.current) return; ref.current = true; …` at the top
 * of an effect: the flag is set on the first run, so what follows runs once per component however
 * often the effect re-runs.
 */
export function effectRunsOnceByGuard(ctx: AnalysisContext, effect: FunctionNode, call: TSESTree.Node): boolean {
  if (effect.body.type !== 'BlockStatement') return false;
  const statements = effect.body.body;
  const guardIndex = statements.findIndex(
    (statement) => statement.type === 'IfStatement' && returnsOnly(statement.consequent) && !statement.alternate,
  );
  if (guardIndex === -1 || statements[guardIndex]!.range[1] > call.range[0]) return false;
  const test = (statements[guardIndex] as TSESTree.IfStatement).test;
  const flags: TSESTree.Node[] = [];
  const collect = (node: TSESTree.Node): void => {
    if (node.type === 'LogicalExpression' && node.operator === '||') {
      collect(node.left);
      collect(node.right);
    } else {
      flags.push(node);
    }
  };
  collect(test);
  const before = statements.slice(guardIndex + 1).filter((statement) => statement.range[1] <= call.range[0]);
  const setsOn = (flag: TSESTree.Node): boolean =>
    before.some((statement) => {
      if (statement.type !== 'ExpressionStatement') return false;
      const expression = statement.expression;
      // ref.current = true
      if (
        flag.type === 'MemberExpression' &&
        expression.type === 'AssignmentExpression' &&
        expression.operator === '=' &&
        isTrue(expression.right)
      ) {
        return ctx.text.slice(...expression.left.range) === ctx.text.slice(...flag.range);
      }
      // setDone(true), where `const [done, setDone] = useState(…)`
      if (
        flag.type === 'Identifier' &&
        expression.type === 'CallExpression' &&
        expression.callee.type === 'Identifier' &&
        expression.arguments.length === 1 &&
        isTrue(expression.arguments[0]!)
      ) {
        return setterOf(ctx, flag) === expression.callee.name;
      }
      return false;
    });
  return flags.some(setsOn);
}

function returnsOnly(node: TSESTree.Statement): boolean {
  if (node.type === 'ReturnStatement') return node.argument === null;
  return node.type === 'BlockStatement' && node.body.length === 1 && returnsOnly(node.body[0]!);
}

const isTrue = (node: TSESTree.Node): boolean => node.type === 'Literal' && node.value === true;

/** `setDone` for `done` when `const [done, setDone] = useState(…)`. */
function setterOf(ctx: AnalysisContext, flag: TSESTree.Identifier): string | undefined {
  const def = resolveIdentifier(ctx, flag)?.defs[0];
  if (def?.type !== 'Variable' || def.node.id.type !== 'ArrayPattern') return undefined;
  const [state, setter] = def.node.id.elements;
  const init = def.node.init;
  const isUseState =
    init?.type === 'CallExpression' && /^(React\.)?useState$/.test(ctx.text.slice(...init.callee.range));
  return isUseState && state?.type === 'Identifier' && state.name === flag.name && setter?.type === 'Identifier'
    ? setter.name
    : undefined;
}
