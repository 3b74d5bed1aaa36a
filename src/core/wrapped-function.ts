import type { TSESTree } from '@typescript-eslint/utils';
import { isFunctionNode } from './ast.js';
import { unwrapExpression } from './imports.js';

/*
 * Route and Lambda exports are often built by a wrapper (`export const GET = withAuth('x', async
 * (req) => …)`, `export const handler = middy(fn).use(…)`): the framework calls the export per
 * request, and the export calls the function it wraps. Written against ESTree alone, so the rules
 * read ESLint's nodes and the project index oxc-parser's with one answer.
 */

const MAX_DEPTH = 4;

/**
 * The functions a wrapper call may hand on, most likely first: the inline functions among its
 * arguments (the last first, `withAuth(options, fn)`), then names passed (`withAuth(handler)`), then
 * those of a wrapper call nested as an argument (`withA(withB(fn))`) or chained on (`middy(fn).use(x)`).
 * Empty for anything but a call.
 */
export function wrappedFunctionCandidates(node: TSESTree.Node, depth = 0): TSESTree.Node[] {
  const call = unwrapExpression(node);
  if (call.type !== 'CallExpression' || depth >= MAX_DEPTH) return [];
  const args = [...call.arguments].reverse();
  const nested: TSESTree.Node[] = args.filter((arg) => arg.type === 'CallExpression');
  const callee = unwrapExpression(call.callee);
  if (callee.type === 'MemberExpression') nested.push(callee.object);
  return [
    ...args.filter(isFunctionNode),
    ...args.filter((arg) => arg.type === 'Identifier'),
    ...nested.flatMap((inner) => wrappedFunctionCandidates(inner, depth + 1)),
  ];
}
