import type { TSESTree } from '@typescript-eslint/utils';
import { hasOwnNode } from '../../core/ast.js';
import { DATA_WORDS, DECLARED_THINGS } from '../../knowledge/key-words.js';

/** `userId`, `session_token`, `URL`: a name one of whose words is a data word (`providerId` is not: see DECLARED_THINGS). */
function isDataName(name: string): boolean {
  const words = name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .toLowerCase()
    .split(/[\s_$-]+/);
  return words.some(
    (word, index) =>
      DATA_WORDS.has(word) && !((word === 'id' || word === 'ids') && DECLARED_THINGS.has(words[index - 1] ?? '')),
  );
}

/**
 * A key that names data: `url`, `req.params.id`, `` `${user.email}:${scope}` ``, `normalizeUrl(raw)`;
 * `message.method` does not (a property read is named by the property).
 * Names, types, labels, paths and cache keys built from configuration are the program's own
 * vocabulary far more often. Only the key as written counts: `const key = getKey(dbUrl)` hides
 * a connection URL from configuration as often as a request's.
 */
export function isDataKey(key: TSESTree.Node): boolean {
  // `message.method` is a method name: the property read is the key, its object only where it comes from.
  const isReadFrom = (node: TSESTree.Node): boolean =>
    node.parent?.type === 'MemberExpression' && node.parent.object === node && !node.parent.computed;
  const namesData = (node: TSESTree.Node): boolean =>
    (node.type === 'Identifier' && !isReadFrom(node) && isDataName(node.name)) ||
    (node.type === 'MemberExpression' &&
      !node.computed &&
      node.property.type === 'Identifier' &&
      isDataName(node.property.name));
  return namesData(key) || hasOwnNode(key, namesData);
}
