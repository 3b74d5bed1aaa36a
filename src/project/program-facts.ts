import { FUNCTION_TYPES, propertyName, receiverName, unwrap, type AstNode } from './ast.js';
import type { EntryFact, ProgramFact } from './facts.js';

/**
 * `process.exit()` as a top-level statement, or at the end of a `.then`/`.finally` callback of a
 * top-level promise chain (`main().finally(() => process.exit(0))`): the program ends when its
 * work is done. The index's reading of src/core/file-role.ts's exitsWhenDone, over oxc's AST.
 */
export function exitsWhenDone(program: AstNode): boolean {
  return (program.body as AstNode[]).some((statement) => {
    if (statement.type !== 'ExpressionStatement') return false;
    let expression = unwrap(statement.expression as AstNode);
    if (expression.type === 'UnaryExpression' && expression.operator === 'void')
      expression = unwrap(expression.argument as AstNode);
    if (expression.type === 'AwaitExpression') expression = unwrap(expression.argument as AstNode);
    if (isProcessExit(expression)) return true;
    while (expression.type === 'CallExpression' && unwrap(expression.callee as AstNode).type === 'MemberExpression') {
      const callee = unwrap(expression.callee as AstNode);
      const method = propertyName(callee);
      const handler = (expression.arguments as AstNode[])[0];
      if ((method === 'then' || method === 'finally') && handler && endsWithExit(unwrap(handler))) return true;
      expression = unwrap(callee.object as AstNode);
    }
    return false;
  });
}

function endsWithExit(handler: AstNode): boolean {
  if (!FUNCTION_TYPES.has(handler.type)) return false;
  const body = handler.body as AstNode;
  if (body.type !== 'BlockStatement') return isProcessExit(unwrap(body));
  const last = (body.body as AstNode[]).at(-1);
  return last?.type === 'ExpressionStatement' && isProcessExit(unwrap(last.expression as AstNode));
}

function isProcessExit(node: AstNode): boolean {
  if (node.type !== 'CallExpression') return false;
  const callee = unwrap(node.callee as AstNode);
  return callee.type === 'MemberExpression' && receiverName(callee) === 'process' && propertyName(callee) === 'exit';
}

/** Sets `fact` on `program` facts only when something was seen (most files: nothing, and no field). */
export function withProgramFact(fact: ProgramFact): ProgramFact | undefined {
  return fact.shebang || fact.exits || fact.serves ? fact : undefined;
}

/** What a registration runs that only a process that stays up serves: requests and jobs (queue workers). */
const SERVED_UNITS: ReadonlySet<string | undefined> = new Set(['request', 'job']);

/**
 * `program` with where the file starts serving taken from its first request or job handler
 * registration when no call of it starts serving. In the program fact, which a warm run reads
 * with each file's head, lifetime.ts finds the files that serve without parsing every file's
 * entries (the lazy rest of its facts: 10.8 MB of JSON on joplin, two thirds of its lifetimes' cost).
 */
export function withServedEntry(
  program: ProgramFact | undefined,
  entries: readonly EntryFact[],
): ProgramFact | undefined {
  if (program?.serves) return program;
  const entry = entries.find((e) => e.kind === 'repeats' && SERVED_UNITS.has(e.repeatKind));
  return entry ? { ...program, serves: { line: entry.line, what: entry.description } } : program;
}
