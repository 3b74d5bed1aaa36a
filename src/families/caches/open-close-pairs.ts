import type { TSESTree } from '@typescript-eslint/utils';
import { enclosingFunction, keyName, methodsOf, within, type FunctionNode } from '../../core/ast.js';
import { OPENING_CALLBACKS, OPENING_METHOD_VERBS } from '../../knowledge/caches.js';

/*
 * A lifecycle pair: the opening half (`subscribe()`, a server's `onConnect` callback) adds an entry
 * for what it opens, and the closing half beside it (`unsubscribe()`, `onClose`) is where that entry
 * should leave. The pair itself shows that the object holding the collection outlives many openings,
 * whoever builds it and however often, so a collection its opening half fills and nothing empties
 * grows with every subscription or session, not with the number of objects.
 */

export interface OpenClosePair {
  /** `subscribe`, `onConnect`. */
  readonly open: string;
  /** `unsubscribe`, `onClose`. */
  readonly close: string;
  /** The closing half's function. */
  readonly closing: FunctionNode;
}

/**
 * The pair whose opening half `node` runs in: an enclosing method of a class or object literal, or
 * an options object's callback, named as an opening whose closing name is a sibling function.
 */
export function openingHalfOf(node: TSESTree.Node): OpenClosePair | undefined {
  for (let fn = enclosingFunction(node); fn; fn = enclosingFunction(fn)) {
    const member = fn.parent;
    if (
      !(member?.type === 'MethodDefinition' && member.kind === 'method') &&
      !(member?.type === 'PropertyDefinition' && !member.static) &&
      !(member?.type === 'Property' && member.kind === 'init' && member.parent.type === 'ObjectExpression')
    )
      continue;
    const holder = member.parent;
    if (member.value !== fn || holder.type === 'ObjectPattern') continue;
    const open = keyName(member.key, member.computed);
    if (open === undefined) continue;
    const siblings = methodsOf(holder, member.type === 'MethodDefinition' && member.static);
    for (const close of closingNamesOf(open)) {
      const closing = siblings.get(close);
      if (closing) return { open, close, closing };
    }
  }
  return undefined;
}

/** `subscribe` → `unsubscribe`; `addClient` → `removeClient`, `deleteClient`; `onConnect` → `onClose`…. */
function closingNamesOf(open: string): string[] {
  const callbacks = OPENING_CALLBACKS.get(open);
  if (callbacks) return [...callbacks];
  // `#addSession` → `#removeSession`: a private method's closing half is private too.
  const [, hash = '', verb, rest = ''] = /^(#?)([a-z]+)(.*)$/.exec(open) ?? [];
  if (verb === undefined || (rest !== '' && !/^[A-Z_]/.test(rest))) return [];
  return (OPENING_METHOD_VERBS.get(verb) ?? []).map((close) => hash + close + rest);
}

/** Whether `node` lies in the closing half of `pair`. */
export function inClosingHalf(pair: OpenClosePair, node: TSESTree.Node): boolean {
  return within(pair.closing, node);
}
