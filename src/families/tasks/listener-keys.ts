import type { TSESTree } from '@typescript-eslint/utils';
import { isReassigned, resolveIdentifier, type AnalysisContext, type Variable } from '../../core/context.js';
import { shortText, thisOwnerOf } from '../../core/ast.js';
import { staticPropertyName, unwrapExpression } from '../../core/imports.js';
import { loopElementOf } from '../../core/loop-element.js';
import { LISTENER_CHAINING_METHODS } from '../../knowledge/events.js';
import { GLOBAL_OBJECT_NAMES } from '../../knowledge/globals.js';
import { captureOf } from './listener-options.js';

/*
 * What a listener's add and a removal name, as keys equal for equal bindings, and the one answer
 * to "does this removal remove that listener?", which both the detector (a removal anywhere in the
 * file) and the pairing of a self-ending handler (its removal of itself) ask.
 */

/** How keys of loop elements start: `each(v3)[1]`. */
export const EACH = 'each(';

/** A key naming what an expression denotes, equal for equal bindings: `v3`, `v3.stdin`, `g:process`, `"exit"`. */
export type KeyOf = (expression: TSESTree.Node) => string | undefined;

const keyers = new WeakMap<TSESTree.Program, { keyOf: KeyOf; idOf: (thing: object) => number }>();

/** The file's one keyer, so keys made for the detector and for the pairing agree (keyed by the parsed program). */
export function keysOf(ctx: AnalysisContext): { keyOf: KeyOf; idOf: (thing: object) => number } {
  let keyer = keyers.get(ctx.ast);
  if (!keyer) {
    keyer = createKeyer(ctx);
    keyers.set(ctx.ast, keyer);
  }
  return keyer;
}

function createKeyer(ctx: AnalysisContext): { keyOf: KeyOf; idOf: (thing: object) => number } {
  const ids = new Map<object, number>();
  const idOf = (thing: object): number => {
    let id = ids.get(thing);
    if (id === undefined) {
      id = ids.size;
      ids.set(thing, id);
    }
    return id;
  };

  const keyOf: KeyOf = (expression) => {
    const node = receiverOf(expression);
    switch (node.type) {
      case 'Literal':
        return typeof node.value === 'string' || typeof node.value === 'number'
          ? JSON.stringify(node.value)
          : undefined;
      case 'TemplateLiteral':
        return node.expressions.length === 0 ? JSON.stringify(node.quasis[0]!.value.cooked) : undefined;
      case 'Identifier': {
        const variable = resolveIdentifier(ctx, node);
        if (variable && variable.defs.length > 0)
          return elementKeyOf(variable) ?? aliasKeyOf(variable) ?? `v${idOf(variable)}`;
        return GLOBAL_OBJECT_NAMES.has(node.name) ? 'g:globalThis' : `g:${node.name}`;
      }
      case 'ThisExpression': {
        const owner = thisOwnerOf(node);
        return owner ? `this${idOf(owner.body)}${owner.isStatic ? 's' : ''}` : undefined;
      }
      case 'MemberExpression': {
        const name = staticPropertyName(node);
        if (name === undefined) return entryKeyOf(node);
        const base = keyOf(node.object);
        return base === undefined ? undefined : `${base}.${name}`;
      }
      default:
        return undefined;
    }
  };

  // `for (const x of x)`, `const fn = map[fn]` name themselves: no key rather than endless recursion.
  const variablesBeingKeyed = new Set<Variable>();
  const keyedOnce = (variable: Variable, key: () => string | undefined): string | undefined => {
    if (variablesBeingKeyed.has(variable)) return undefined;
    variablesBeingKeyed.add(variable);
    try {
      return key();
    } finally {
      variablesBeingKeyed.delete(variable);
    }
  };

  /**
   * `each(v3)`, `each(v3)[1]`: a loop binding named by the list it walks and the part of each
   * element it holds, so `for (const evt of events)` and `events.forEach((event) => …)` agree;
   * `each(in v3)`: each key of `for (const name in map)`, a walk of its own.
   */
  const elementKeyOf = (variable: Variable): string | undefined => {
    const element = loopElementOf(variable);
    if (!element) return undefined;
    const list = keyedOnce(variable, () => keyOf(element.list) ?? callKeyOf(element.list));
    if (list === undefined) return undefined;
    return element.walks === 'keys' ? `${EACH}in ${list})` : `${EACH}${list})${element.path}`;
  };

  /**
   * `v3[each(g:Object.keys(v3))]`: the entry of a map read by each key a loop walks
   * (`this.handlers[name]` in `Object.keys(this.handlers).forEach((name) => …)`), so two loops over
   * the same keys read the same entries. Only a loop's key: any other computed key names nothing.
   */
  const entryKeyOf = (member: TSESTree.MemberExpression): string | undefined => {
    const property = member.computed ? keyOf(member.property) : undefined;
    const map = property?.startsWith(EACH) ? keyOf(member.object) : undefined;
    return map === undefined ? undefined : `${map}[${property}]`;
  };

  /** `const callback = this.handlers[name]`, never reassigned: keyed as the entry it holds (entryKeyOf). */
  const aliasKeyOf = (variable: Variable): string | undefined => {
    const def = variable.defs.length === 1 ? variable.defs[0] : undefined;
    if (def?.type !== 'Variable' || def.node.id.type !== 'Identifier' || !def.node.init) return undefined;
    if (isReassigned(variable)) return undefined;
    const init = unwrapExpression(def.node.init);
    return init.type === 'MemberExpression' && staticPropertyName(init) === undefined
      ? keyedOnce(variable, () => entryKeyOf(init))
      : undefined;
  };

  /** `Object.entries(handlers)`: a call named by the bindings it reads, for lists a call returns. */
  const callKeyOf = (expression: TSESTree.Node): string | undefined => {
    const node = unwrapExpression(expression);
    if (node.type !== 'CallExpression') return undefined;
    const parts = [node.callee, ...node.arguments].map((part) => keyOf(part));
    return parts.every((part) => part !== undefined) ? `${parts[0]}(${parts.slice(1).join(',')})` : undefined;
  };

  return { keyOf, idOf };
}

/** Looks through type wrappers and chained `.on(…)` calls to the object listeners are added to. */
export function receiverOf(expression: TSESTree.Node): TSESTree.Node {
  let node = unwrapExpression(expression);
  while (node.type === 'CallExpression') {
    const callee = unwrapExpression(node.callee);
    if (callee.type !== 'MemberExpression' || !LISTENER_CHAINING_METHODS.has(staticPropertyName(callee) ?? '')) break;
    node = unwrapExpression(callee.object);
  }
  return node;
}

/** A call that removes listeners, as the matcher reads it. */
export interface Removal {
  readonly target: string | undefined;
  readonly event: string | undefined;
  /** The event as written, for events no key names (`nameOf(kind)`, a callback's parameter). */
  readonly eventText: string | undefined;
  /** The events a const naming the event may hold (`type === 'mouseup' ? 'mousemove' : 'touchmove'`). */
  readonly eventChoices: string[] | undefined;
  readonly listener: string | undefined;
  /** `state.handlers.onMove`: the member the function is read from (`onMove`). */
  readonly listenerMember: string | undefined;
  /** `onAbort`: the name of the variable the function is read from. */
  readonly listenerName: string | undefined;
  /** removeAllListeners(): every listener; removeAllListeners(event): every listener of the event; else one listener. */
  readonly removes: 'all' | 'event' | 'listener';
  /** removeEventListener's capture flag; undefined when this file cannot tell (or for an emitter's `off`). */
  readonly capture: boolean | undefined;
}

/** What a removal call (`target.off(event, listener)`, `removeAllListeners(…)`…) removes. */
export function removalOf(ctx: AnalysisContext, call: TSESTree.CallExpression): Removal {
  const { keyOf } = keysOf(ctx);
  const callee = unwrapExpression(call.callee) as TSESTree.MemberExpression;
  const [event, listener, options] = call.arguments;
  const method = staticPropertyName(callee);
  const removeAll = method === 'removeAllListeners';
  const member = listener ? unwrapExpression(listener) : undefined;
  return {
    capture: method === 'removeEventListener' ? captureOf(ctx, options) : undefined,
    target: keyOf(callee.object),
    event: event ? keyOf(event) : undefined,
    eventText: event ? shortText(ctx, event, Infinity) : undefined,
    eventChoices: event ? eventChoicesOf(ctx, event) : undefined,
    listener: listener ? keyOf(listener) : undefined,
    listenerMember: member?.type === 'MemberExpression' ? staticPropertyName(member) : undefined,
    listenerName: member?.type === 'Identifier' ? member.name : undefined,
    removes: !removeAll ? 'listener' : event ? 'event' : 'all',
  };
}

/** A listener as added: the target's key, the event and function as written, and the capture flag (addEventListener). */
export interface AddedListener {
  readonly target: string;
  readonly event: TSESTree.Node;
  readonly listener: TSESTree.Node;
  readonly capture: boolean | undefined;
}

/**
 * An add call (`target.on(event, fn)`, `addEventListener(event, fn, options)`) as removalMatcher
 * reads it; undefined when its target has no key or an argument is missing.
 */
export function addedListenerOf(ctx: AnalysisContext, add: TSESTree.CallExpression): AddedListener | undefined {
  const [event, listener, options] = add.arguments;
  const callee = unwrapExpression(add.callee);
  if (!event || !listener || callee.type !== 'MemberExpression') return undefined;
  const target = keysOf(ctx).keyOf(callee.object);
  if (target === undefined) return undefined;
  const capture = staticPropertyName(callee) === 'addEventListener' ? captureOf(ctx, options) : undefined;
  return { target, event, listener, capture };
}

/**
 * Whether a removal removes this listener: same target; same event (by binding, each element of
 * the same list whatever the loop calls it, one of the names a const picks from, or written the
 * same way when no binding names it: `eventName()` twice); same function, by binding (a handler
 * read from each element of the same list included) or through a member it was stored in
 * (`drag.onUp = onUp` … `off(…, s.onUp)`); and for removeEventListener the same capture flag
 * (`true` and `{ capture: true }` alike), when both flags can be read.
 */
export function removalMatcher(ctx: AnalysisContext, added: AddedListener): (removal: Removal) => boolean {
  const { keyOf } = keysOf(ctx);
  const listenerKey = keyOf(added.listener);
  const sameEvent = removalEventMatcher(ctx, added.event);
  let members: Set<string> | undefined;
  return (removal) => {
    if (removal.target !== added.target) return false;
    if (removal.removes === 'all') return true;
    if (!sameEvent(removal)) return false;
    if (removal.removes === 'event') return true;
    if (added.capture !== undefined && removal.capture !== undefined && added.capture !== removal.capture) return false;
    if (listenerKey !== undefined && removal.listener === listenerKey) return true;
    if (removal.listenerMember === undefined) return false;
    members ??= membersHolding(ctx, added.listener);
    return members.has(removal.listenerMember);
  };
}

/**
 * Whether a removal names the same event as `event` (removalMatcher): by binding, each element of
 * the same list whatever the loop calls it, one of the names a const picks from, or written the
 * same way when no binding names it.
 */
export function removalEventMatcher(ctx: AnalysisContext, event: TSESTree.Node): (removal: Removal) => boolean {
  const eventKey = keysOf(ctx).keyOf(event);
  const eventText = shortText(ctx, event, Infinity);
  return (removal) => {
    if (eventKey !== undefined && (removal.event === eventKey || removal.eventChoices?.includes(eventKey))) return true;
    // Loop elements are the same event only over the same list: the names loops give them say nothing.
    if (eventKey?.startsWith(EACH) || removal.event?.startsWith(EACH)) return false;
    return removal.eventText === eventText;
  };
}

/** The members a local function is also stored in: `state.onUp = onUp` gives `onUp`. */
function membersHolding(ctx: AnalysisContext, listener: TSESTree.Node): Set<string> {
  const names = new Set<string>();
  const node = unwrapExpression(listener);
  const variable = node.type === 'Identifier' ? resolveIdentifier(ctx, node) : undefined;
  for (const ref of variable?.references ?? []) {
    const assignment = ref.identifier.parent;
    if (
      assignment?.type !== 'AssignmentExpression' ||
      assignment.right !== ref.identifier ||
      assignment.left.type !== 'MemberExpression'
    )
      continue;
    const name = staticPropertyName(assignment.left);
    if (name !== undefined) names.add(name);
  }
  return names;
}

/**
 * The events a name may hold when a const picks one of a few string literals:
 * `const type = e.type === 'mouseup' ? 'mousemove' : 'touchmove'` gives `"mousemove"`, `"touchmove"`
 * (as JSON, the way event keys are written). Undefined for anything else.
 */
export function eventChoicesOf(ctx: AnalysisContext, event: TSESTree.Node): string[] | undefined {
  const node = unwrapExpression(event);
  if (node.type !== 'Identifier') return undefined;
  const def = resolveIdentifier(ctx, node)?.defs[0];
  if (def?.type !== 'Variable' || def.node.parent.kind !== 'const' || !def.node.init) return undefined;
  const choices: string[] = [];
  const collect = (value: TSESTree.Node): boolean => {
    const choice = unwrapExpression(value);
    if (choice.type === 'ConditionalExpression') return collect(choice.consequent) && collect(choice.alternate);
    if (choice.type !== 'Literal' || typeof choice.value !== 'string') return false;
    choices.push(JSON.stringify(choice.value));
    return true;
  };
  return collect(def.node.init) && choices.length > 1 ? choices : undefined;
}
