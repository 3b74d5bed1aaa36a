import type { TSESTree } from '@typescript-eslint/utils';
import { ONCE_EVENTS_ON_RESULT_OF } from '../knowledge/events.js';
import { staticPropertyName, unwrapExpression } from './imports.js';

/**
 * `app.listen(port).on('error', …)`: whether `event` fires once on what the call `receiver` returns
 * (ONCE_EVENTS_ON_RESULT_OF). Written against ESTree alone, so the rules read ESLint's nodes and
 * the project index oxc-parser's with one answer.
 */
export function firesOnceOnCallResult(receiver: TSESTree.Node, event: string): boolean {
  const call = unwrapExpression(receiver);
  if (call.type !== 'CallExpression') return false;
  const callee = unwrapExpression(call.callee);
  const method = callee.type === 'MemberExpression' ? staticPropertyName(callee) : undefined;
  return method !== undefined && ONCE_EVENTS_ON_RESULT_OF.get(method)?.has(event) === true;
}
