import type { TSESTree } from '@typescript-eslint/utils';
import { keyName, someDescendant, type FunctionNode } from '../../core/ast.js';
import { CONTENT_TYPE_HEADER, EVENT_STREAM_CONTENT_TYPE } from '../../knowledge/events.js';

/**
 * Whether an HTTP handler answers with a server-sent event stream: somewhere in its body it names
 * the `text/event-stream` content type as a header's value (`res.writeHead(200, { 'Content-Type':
 * 'text/event-stream' })`) or a call's argument (`res.setHeader('Content-Type', …)`,
 * `res.type('text/event-stream')`). Such a response holds its socket until the client leaves, so
 * the socket is this request's own. A test of the request's `Accept` header is not an answer.
 */
export function respondsWithEventStream(handler: FunctionNode): boolean {
  return someDescendant(handler.body, (node) => isEventStreamType(node) && namesResponseType(node));
}

function isEventStreamType(node: TSESTree.Node): boolean {
  const text =
    node.type === 'Literal' && typeof node.value === 'string'
      ? node.value
      : node.type === 'TemplateLiteral' && node.expressions.length === 0
        ? node.quasis[0]!.value.cooked
        : undefined;
  return text?.toLowerCase().startsWith(EVENT_STREAM_CONTENT_TYPE) === true;
}

/** The value of a `Content-Type` property, or an argument of a call (a header setter). */
function namesResponseType(node: TSESTree.Node): boolean {
  const parent = node.parent;
  if (parent?.type === 'CallExpression') return parent.arguments.includes(node as TSESTree.CallExpressionArgument);
  if (parent?.type !== 'Property' || parent.value !== node) return false;
  return keyName(parent.key, parent.computed)?.toLowerCase() === CONTENT_TYPE_HEADER;
}
