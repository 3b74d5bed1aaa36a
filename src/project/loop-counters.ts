import { unwrap, type AstNode } from './ast.js';

/** `for (let i = 0; i < workers; i++)`: the counter's name, the far end it runs to, and the update that steps it. */
export interface CountedLoop {
  readonly name: string;
  readonly init: AstNode;
  readonly bound: AstNode;
  readonly update: AstNode;
}

const UPWARD = new Set(['<', '<=']);
const DOWNWARD = new Set(['>', '>=']);
const MIRRORED: Readonly<Record<string, string>> = { '<': '>', '<=': '>=', '>': '<', '>=': '<=' };

/**
 * A `for` loop that counts one declared variable from its initial value towards a bound and only
 * its update steps it (`i++`, `i -= 1`): the counter takes the values between the two ends, so a
 * key made of it is no wider than they are. Undefined for any other shape (a test that is not one
 * comparison with the counter, a step by a non-literal, a counter stepping away from its bound).
 */
export function countedLoopOf(loop: AstNode): CountedLoop | undefined {
  if (loop.type !== 'ForStatement') return undefined;
  const init = loop.init as AstNode | null;
  if (init?.type !== 'VariableDeclaration' || (init.declarations as AstNode[]).length !== 1) return undefined;
  const declarator = (init.declarations as AstNode[])[0]!;
  if (declarator.id.type !== 'Identifier' || !declarator.init) return undefined;
  const name = declarator.id.name as string;
  const step = stepOf(loop.update as AstNode | null, name);
  const test = loop.test ? unwrap(loop.test as AstNode) : undefined;
  if (step === undefined || test?.type !== 'BinaryExpression') return undefined;
  const left = unwrap(test.left as AstNode);
  const right = unwrap(test.right as AstNode);
  const onLeft = isName(left, name);
  if (onLeft === isName(right, name)) return undefined;
  const operator = onLeft ? (test.operator as string) : MIRRORED[test.operator as string];
  if (operator === undefined || !(step > 0 ? UPWARD : DOWNWARD).has(operator)) return undefined;
  return { name, init: declarator.init as AstNode, bound: onLeft ? right : left, update: loop.update as AstNode };
}

/** +1 or -1 for `i++`, `--i`, `i += 2`, `i -= 1` (a positive literal step); undefined otherwise. */
function stepOf(update: AstNode | null, name: string): number | undefined {
  if (!update) return undefined;
  if (update.type === 'UpdateExpression')
    return isName(unwrap(update.argument as AstNode), name) ? (update.operator === '++' ? 1 : -1) : undefined;
  if (update.type !== 'AssignmentExpression' || !isName(unwrap(update.left as AstNode), name)) return undefined;
  const by = unwrap(update.right as AstNode);
  if (by.type !== 'Literal' || typeof by.value !== 'number' || !(by.value > 0)) return undefined;
  return update.operator === '+=' ? 1 : update.operator === '-=' ? -1 : undefined;
}

function isName(node: AstNode, name: string): boolean {
  return node.type === 'Identifier' && node.name === name;
}
