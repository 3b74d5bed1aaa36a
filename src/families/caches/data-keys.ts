import type { TSESTree } from '@typescript-eslint/utils';
import type { AnalysisContext } from '../../core/context.js';
import { functionNamedBy, hasOwnNode, returnedExpressions } from '../../core/ast.js';
import { DATA_WORDS, DECLARED_THING_OBJECTS, DECLARED_THINGS } from '../../knowledge/key-words.js';
import { wordsOf } from '../../core/words.js';

/** `userId`, `session_token`, `URL`: a name one of whose words is a data word (`providerId` is not: see DECLARED_THINGS). */
function isDataName(name: string): boolean {
  const words = wordsOf(name);
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
 * a connection URL from configuration as often as a request's. Given `ctx`, a call of a helper this
 * file binds once (`muteToKey(mute)`) names data when what the helper returns does
 * (`` `${mute.guild_id}/${mute.user_id}` ``): a key computed by a helper is the key it builds.
 */
export function isDataKey(key: TSESTree.Node, ctx?: AnalysisContext, depth = 0): boolean {
  // `message.method` is a method name: the property read is the key, its object only where it comes from.
  // A property's name (`.id`) is judged with what it is read from, as the member below.
  const isReadFrom = (node: TSESTree.Node): boolean =>
    node.parent?.type === 'MemberExpression' && !node.parent.computed;
  const namesData = (node: TSESTree.Node): boolean =>
    (node.type === 'Identifier' && !isReadFrom(node) && isDataName(node.name)) ||
    (node.type === 'MemberExpression' &&
      !node.computed &&
      node.property.type === 'Identifier' &&
      isDataName(node.property.name) &&
      !isIdOfDeclaredThing(node));
  if (namesData(key) || hasOwnNode(key, namesData)) return true;
  if (ctx === undefined || depth >= MAX_HELPER_DEPTH) return false;
  const isDataHelperCall = (node: TSESTree.Node): boolean => {
    if (node.type !== 'CallExpression') return false;
    const helper = functionNamedBy(ctx, node.callee);
    return helper !== undefined && returnedExpressions(helper).some((value) => isDataKey(value, ctx, depth + 1));
  };
  return isDataHelperCall(key) || hasOwnNode(key, isDataHelperCall);
}

/** How many helpers deep a key built by helpers (`keyOf(entry)` returning `scopedKey(entry)`) is followed. */
const MAX_HELPER_DEPTH = 3;

/**
 * `provider.id`, `Plugin.id`, `this.adapter.ids`: the id of a thing the program declares, named by
 * what it is read from, as `providerId` is by its first word.
 */
function isIdOfDeclaredThing(node: TSESTree.MemberExpression): boolean {
  const property = node.property.type === 'Identifier' ? node.property.name.toLowerCase() : '';
  if (property !== 'id' && property !== 'ids') return false;
  const object = node.object;
  const name =
    object.type === 'Identifier'
      ? object.name
      : object.type === 'MemberExpression' && object.property.type === 'Identifier'
        ? object.property.name
        : undefined;
  const last = name === undefined ? undefined : wordsOf(name).at(-1);
  return last !== undefined && DECLARED_THING_OBJECTS.has(last);
}
