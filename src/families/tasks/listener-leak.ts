import type { TSESTree } from '@typescript-eslint/utils';
import { isModuleLevelScope, resolveIdentifier, type AnalysisContext, type Variable } from '../../core/context.js';
import type { DetectorFactory } from '../../core/detector.js';
import { normalizeModule, requireSource, staticPropertyName } from '../../core/imports.js';
import { enclosingFunction, isFunctionNode, type FunctionNode } from '../../core/ast.js';
import { repetitionOf } from '../../frequency/repetition.js';
import { fileRoleOf } from '../../core/file-role.js';
import { loopElementOf } from '../../core/loop-element.js';
import { describeFunction, effectHookOf, repeatedRunOf, runsInBrowserPage, runsOnce } from '../../frequency/run-context.js';
import { forEachDescendant, propertyKeyName, shortText, thisMemberName, thisOwnerOf } from '../../core/ast.js';
import { outermostWrapperOf, unwrapExpression } from '../../core/imports.js';
import { LISTENER_ADD_METHODS, LISTENER_REMOVE_METHODS } from '../../knowledge/events.js';
import { GLOBAL_OBJECT_NAMES, LONG_LIVED_GLOBALS } from '../../knowledge/globals.js';

export interface ListenerLeakOptions {
  /**
   * Also report listeners added where this file cannot tell whether the code runs once or again
   * and again: exported functions, constructors and methods whose callers are in other files.
   */
  readonly reportUnknownCallers?: boolean;
}

/** Methods that return the emitter, so `a.on(…).on(…)` adds both listeners to `a`. */
const CHAINING_METHODS = new Set([...LISTENER_ADD_METHODS, 'once', 'prependOnceListener', 'setMaxListeners']);
/** A module whose `on`/`once` are static helpers taking the emitter as an argument, not an emitter. */
const EVENTS_MODULE = 'events';
/**
 * Property steps below a global or a module-level binding that still name the same object over
 * time: `process.stdout`, `document.body`. Deeper (`socket.io.engine`) may be replaced (socket.io
 * makes a new engine per connection), so one listener per object does not pile up.
 */
const MAX_TARGET_DEPTH = 1;
/** How keys of loop elements start: `each(v3)[1]`. */
const EACH = 'each(';

export interface ListenerFinding {
  /** The call that adds the listener. */
  readonly node: TSESTree.CallExpression;
  readonly kind: 'repeated' | 'effect' | 'signalIgnored';
  readonly method: string;
  /** How the message names the target: `process`, `bus` (a module-level object), `ipcRenderer` (imported from 'electron'). */
  readonly target: string;
  /** The target as code, for the remedy: `process`, `bus`, `process.stdout`. */
  readonly targetText: string;
  /** The event, as written (`'exit'`, `Events.CLOSE`). */
  readonly event: string;
  /** The function the listener is added in, or "a loop". */
  readonly where: string;
  /** For effects: useEffect, useLayoutEffect… */
  readonly hook: string | undefined;
}

interface LongLivedTarget {
  readonly key: string;
  /** Why it lives long, for the message: "imported from 'electron'", "a module-level object"; undefined for globals. */
  readonly origin: string | undefined;
  /** The module-level variable that holds it, when one does. */
  readonly variable: Variable | undefined;
  /** `this` or `this.member` in a class: lives with the instance, which may be short-lived itself. */
  readonly thisMember?: string;
}

interface Removal {
  readonly target: string | undefined;
  readonly event: string | undefined;
  /** The event as written, for events no key names (`nameOf(kind)`, a callback's parameter). */
  readonly eventText: string | undefined;
  readonly listener: string | undefined;
  /** `state.handlers.onMove`: the member the function is read from (`onMove`). */
  readonly listenerMember: string | undefined;
  /** removeAllListeners(): every listener; removeAllListeners(event): every listener of the event; else one listener. */
  readonly removes: 'all' | 'event' | 'listener';
  /** removeEventListener's capture flag; undefined when this file cannot tell (or for an emitter's `off`). */
  readonly capture: boolean | undefined;
}

/**
 * Listeners added, in code this file shows to run again and again (repeatedRunOf: loops, handlers,
 * other listeners' callbacks, effects, class component lifecycle methods, functions used only from
 * there), to targets that outlive it and stay the same object: process, the global object,
 * document, module-level emitters and servers, imported singletons (directly or one property
 * down), and in a class `this` or `this.member`. With `reportUnknownCallers`, also in code the
 * file cannot tell runs once (exported functions, constructors, methods), except on `this`. Test
 * files are never reported: the process ends with the run. Not reported
 * when a removal with the same target, event, function and capture flag (matched by binding, or
 * by list element) exists in the file, for `{ once: true }` and `{ signal }` on addEventListener, when the call's result (an
 * unsubscribe function in some libraries) is kept, when the target is created in the same function,
 * or when addEventListener gets the same module-level function each time (EventTarget ignores
 * duplicates). EventEmitter's `on` has no `{ signal }` option: passing one is reported as such.
 */
export const createListenerLeakDetector: DetectorFactory<ListenerLeakOptions, ListenerFinding> = (ctx, options) => {
  const additions: TSESTree.CallExpression[] = [];
  const removalCalls: TSESTree.CallExpression[] = [];

  const visitors = {
    CallExpression(node: TSESTree.CallExpression) {
      const callee = unwrapExpression(node.callee);
      if (callee.type !== 'MemberExpression') return;
      const method = staticPropertyName(callee);
      if (method === undefined) return;
      if (LISTENER_ADD_METHODS.has(method)) additions.push(node);
      else if (LISTENER_REMOVE_METHODS.has(method)) removalCalls.push(node);
    },
  };

  const ids = new Map<object, number>();
  const idOf = (thing: object): number => {
    let id = ids.get(thing);
    if (id === undefined) {
      id = ids.size;
      ids.set(thing, id);
    }
    return id;
  };

  /** A key naming what an expression denotes, equal for equal bindings: `v3`, `v3.stdin`, `g:process`, `"exit"`. */
  const keyOf = (expression: TSESTree.Node): string | undefined => {
    const node = receiverOf(expression);
    switch (node.type) {
      case 'Literal':
        return typeof node.value === 'string' || typeof node.value === 'number' ? JSON.stringify(node.value) : undefined;
      case 'TemplateLiteral':
        return node.expressions.length === 0 ? JSON.stringify(node.quasis[0]!.value.cooked) : undefined;
      case 'Identifier': {
        const variable = resolveIdentifier(ctx, node);
        if (variable && variable.defs.length > 0) return elementKeyOf(variable) ?? `v${idOf(variable)}`;
        return GLOBAL_OBJECT_NAMES.has(node.name) ? 'g:globalThis' : `g:${node.name}`;
      }
      case 'ThisExpression': {
        const owner = thisOwnerOf(node);
        return owner ? `this${idOf(owner.body)}${owner.isStatic ? 's' : ''}` : undefined;
      }
      case 'MemberExpression': {
        const name = staticPropertyName(node);
        const base = name === undefined ? undefined : keyOf(node.object);
        return base === undefined ? undefined : `${base}.${name}`;
      }
      default:
        return undefined;
    }
  };

  /**
   * `each(v3)`, `each(v3)[1]`: a loop binding named by the list it walks and the part of each
   * element it holds, so `for (const evt of events)` and `events.forEach((event) => …)` agree.
   */
  const elementKeyOf = (variable: Variable): string | undefined => {
    const element = loopElementOf(variable);
    // `for (const x of x)` names itself: no key rather than endless recursion.
    if (!element || listsBeingKeyed.has(variable)) return undefined;
    listsBeingKeyed.add(variable);
    const list = keyOf(element.list) ?? callKeyOf(element.list);
    listsBeingKeyed.delete(variable);
    return list === undefined ? undefined : `${EACH}${list})${element.path}`;
  };
  const listsBeingKeyed = new Set<Variable>();

  /** `Object.entries(handlers)`: a call named by the bindings it reads, for lists a call returns. */
  const callKeyOf = (expression: TSESTree.Node): string | undefined => {
    const node = unwrapExpression(expression);
    if (node.type !== 'CallExpression') return undefined;
    const parts = [node.callee, ...node.arguments].map((part) => keyOf(part));
    return parts.every((part) => part !== undefined) ? `${parts[0]}(${parts.slice(1).join(',')})` : undefined;
  };

  const longLivedTarget = (expression: TSESTree.Node, depth: number): LongLivedTarget | undefined => {
    const node = receiverOf(expression);
    if (node.type === 'MemberExpression') {
      const name = staticPropertyName(node);
      if (name === undefined || depth >= MAX_TARGET_DEPTH) return undefined;
      const base = longLivedTarget(node.object, depth + 1);
      if (base?.thisMember !== undefined) return { key: `${base.key}.${name}`, origin: undefined, variable: undefined, thisMember: name };
      return base ? { key: `${base.key}.${name}`, origin: base.origin, variable: base.variable } : undefined;
    }
    if (node.type === 'ThisExpression') {
      const key = thisOwnerOf(node)?.body.type === 'ClassBody' ? keyOf(node) : undefined;
      return key === undefined ? undefined : { key, origin: undefined, variable: undefined, thisMember: '' };
    }
    if (node.type !== 'Identifier') return undefined;
    const variable = resolveIdentifier(ctx, node);
    if (!variable || variable.defs.length === 0) {
      return LONG_LIVED_GLOBALS.has(node.name) ? { key: keyOf(node)!, origin: undefined, variable: undefined } : undefined;
    }
    if (variable.defs.length !== 1) return undefined;
    const def = variable.defs[0]!;
    if (def.type === 'ImportBinding') {
      if (def.node.type === 'ImportNamespaceSpecifier' || def.node.type === 'TSImportEqualsDeclaration') return undefined;
      const source = normalizeModule((def.node.parent as TSESTree.ImportDeclaration).source.value);
      return source === EVENTS_MODULE ? undefined : { key: `v${idOf(variable)}`, origin: `imported from '${source}'`, variable };
    }
    if (def.type !== 'Variable' || !isModuleLevelScope(variable.scope) || def.node.id.type !== 'Identifier') return undefined;
    const init = def.node.init ? unwrapExpression(def.node.init.type === 'AwaitExpression' ? def.node.init.argument : def.node.init) : undefined;
    if (init?.type === 'CallExpression') {
      const required = requireSource(init);
      if (required === EVENTS_MODULE) return undefined;
      if (required !== undefined) return { key: `v${idOf(variable)}`, origin: `required from '${required}'`, variable };
    }
    // A module-level object made by `new X()` or a factory call, or a module `let` assigned later.
    if (init === undefined ? def.node.parent.kind === 'const' : init.type !== 'NewExpression' && init.type !== 'CallExpression') return undefined;
    return { key: `v${idOf(variable)}`, origin: 'a module-level object', variable };
  };

  let removals: Removal[] | undefined;
  const removalsInFile = (): Removal[] =>
    (removals ??= removalCalls.map((call) => {
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
        listener: listener ? keyOf(listener) : undefined,
        listenerMember: member?.type === 'MemberExpression' ? staticPropertyName(member) : undefined,
        removes: !removeAll ? 'listener' : event ? 'event' : 'all',
      };
    }));

  /**
   * A removal of this listener: same target; same event (by binding, each element of the same
   * list whatever the loop calls it, or written the same way when no binding names it:
   * `eventName()` twice); same function, by binding (a handler read from each element of the same
   * list included) or through a member it was stored in (`drag.onUp = onUp` … `off(…, s.onUp)`);
   * and for removeEventListener the same capture flag (`true` and `{ capture: true }` alike), when
   * both flags can be read.
   */
  const hasMatchingRemoval = (target: string, event: TSESTree.Node, listener: TSESTree.Node, capture: boolean | undefined): boolean => {
    const eventKey = keyOf(event);
    const eventText = shortText(ctx, event, Infinity);
    const listenerKey = keyOf(listener);
    const sameEvent = (removal: Removal): boolean => {
      if (eventKey !== undefined && removal.event === eventKey) return true;
      // Loop elements are the same event only over the same list: the names loops give them say nothing.
      if (eventKey?.startsWith(EACH) || removal.event?.startsWith(EACH)) return false;
      return removal.eventText === eventText;
    };
    let members: Set<string> | undefined;
    return removalsInFile().some((removal) => {
      if (removal.target !== target) return false;
      if (removal.removes === 'all') return true;
      if (!sameEvent(removal)) return false;
      if (removal.removes === 'event') return true;
      if (capture !== undefined && removal.capture !== undefined && capture !== removal.capture) return false;
      if (listenerKey !== undefined && removal.listener === listenerKey) return true;
      if (removal.listenerMember === undefined) return false;
      members ??= membersHolding(listener);
      return members.has(removal.listenerMember);
    });
  };

  /** The members a local function is also stored in: `state.onUp = onUp` gives `onUp`. */
  const membersHolding = (listener: TSESTree.Node): Set<string> => {
    const names = new Set<string>();
    const node = unwrapExpression(listener);
    const variable = node.type === 'Identifier' ? resolveIdentifier(ctx, node) : undefined;
    for (const ref of variable?.references ?? []) {
      const assignment = ref.identifier.parent;
      if (assignment?.type !== 'AssignmentExpression' || assignment.right !== ref.identifier || assignment.left.type !== 'MemberExpression') continue;
      const name = staticPropertyName(assignment.left);
      if (name !== undefined) names.add(name);
    }
    return names;
  };

  /**
   * A registration helper: the listener is the caller's own function, taken as a parameter and
   * added as is, so whether listeners pile up is decided by the caller. Not in a React effect,
   * which adds it again on every mount.
   */
  const isCallersListener = (listener: TSESTree.Node, call: TSESTree.CallExpression): boolean => {
    const node = unwrapExpression(listener);
    if (node.type !== 'Identifier') return false;
    const variable = resolveIdentifier(ctx, node);
    const def = variable?.defs.length === 1 ? variable.defs[0] : undefined;
    if (def?.type !== 'Parameter') return false;
    // `list.forEach((handler) => …)`: each element of the list, the caller's only when the list is.
    const element = loopElementOf(variable!);
    if (element) return element.list.type === 'Identifier' && isCallersListener(element.list, call);
    for (let fn = enclosingFunction(call); fn; fn = fn === def.node ? undefined : enclosingFunction(fn)) {
      if (effectHookOf(fn)) return false;
    }
    return true;
  };

  /** The same module-level function object every time: EventTarget ignores the duplicates. */
  const isStableFunction = (listener: TSESTree.Node): boolean => {
    const node = unwrapExpression(listener);
    if (node.type !== 'Identifier') return false;
    const variable = resolveIdentifier(ctx, node);
    if (!variable || variable.defs.length !== 1 || !isModuleLevelScope(variable.scope)) return false;
    const def = variable.defs[0]!;
    return def.type === 'FunctionName' || (def.type === 'Variable' && def.node.parent.kind === 'const');
  };

  /** A module `let` (re)assigned in the function that adds the listener: created there, lives with it. */
  const createdInSameFunction = (variable: Variable, call: TSESTree.CallExpression): boolean => {
    const fn = enclosingFunction(call);
    return fn !== undefined && variable.references.some((ref) => ref.isWrite() && enclosingFunction(ref.identifier) === fn);
  };

  /** `this.socket = new Socket()` in the function that adds the listener to `this.socket`: created there, lives with it. */
  const thisMemberCreatedInSameFunction = (name: string, call: TSESTree.CallExpression): boolean => {
    const fn = enclosingFunction(call);
    if (!fn || name === '') return false;
    let created = false;
    forEachDescendant(fn.body, (node) => {
      if (created) return false;
      if (node.type === 'AssignmentExpression' && thisMemberName(node.left) === name) created = true;
    });
    return created;
  };

  const finish = (): ListenerFinding[] => {
    const findings: ListenerFinding[] = [];
    // A test process ends with the run: its listeners go with it.
    if (additions.length === 0 || fileRoleOf(ctx) === 'test') return findings;
    for (const call of additions) {
      const [event, listener, third] = call.arguments;
      if (!event || !listener || event.type === 'SpreadElement' || listener.type === 'SpreadElement' || runsInBrowserPage(call)) continue;
      // `util.addListener(socket, 'data', fn)` (a helper taking the target first) and
      // `router.on('GET', '/path', handler)` (a router): not an emitter's own method.
      if (isStringLiteral(listener) || call.arguments.slice(2).some((arg) => isFunctionNode(arg))) continue;
      const callee = unwrapExpression(call.callee) as TSESTree.MemberExpression;
      const method = staticPropertyName(callee)!;
      const signalIgnored = method !== 'addEventListener' && third !== undefined && hasSignalProperty(ctx, third);
      if (method === 'addEventListener' && eventTargetOptions(ctx, third) !== 'none') continue;
      if (resultIsKept(call)) continue;
      const target = longLivedTarget(callee.object, 0);
      if (!target || runsOnce(ctx, call)) continue;
      if (target.variable && createdInSameFunction(target.variable, call)) continue;
      if (target.thisMember !== undefined && thisMemberCreatedInSameFunction(target.thisMember, call)) continue;
      const fn = enclosingFunction(call);
      const hook = fn ? effectHookOf(fn) : undefined;
      // Evidence in this file that the add runs again and again; without it, only on request, and
      // never for the instance's own emitters (an instance's listeners on itself live and die with it).
      if (!hook && !repeatedRunOf(ctx, call) && (!options.reportUnknownCallers || target.thisMember !== undefined)) continue;
      if (hook && fn && effectRunsOnceByGuard(ctx, fn, call)) continue;
      if (method === 'addEventListener' && !hook && isStableFunction(listener)) continue;
      if (isCallersListener(listener, call)) continue;
      if (hasMatchingRemoval(target.key, event, listener, method === 'addEventListener' ? captureOf(ctx, third) : undefined)) continue;
      const targetText = shortText(ctx, receiverOf(callee.object));
      findings.push({
        node: call,
        kind: signalIgnored ? 'signalIgnored' : hook ? 'effect' : 'repeated',
        method,
        target: target.origin ? `\`${targetText}\` (${target.origin})` : `\`${targetText}\``,
        targetText,
        event: shortText(ctx, event),
        where: fn ? describeFunction(ctx, fn) : repetitionOf(call) ? 'a loop' : 'code that runs repeatedly',
        hook,
      });
    }
    return findings;
  };

  return { visitors, finish };
};

/** Looks through type wrappers and chained `.on(…)` calls to the object listeners are added to. */
function receiverOf(expression: TSESTree.Node): TSESTree.Node {
  let node = unwrapExpression(expression);
  while (node.type === 'CallExpression') {
    const callee = unwrapExpression(node.callee);
    if (callee.type !== 'MemberExpression' || !CHAINING_METHODS.has(staticPropertyName(callee) ?? '')) break;
    node = unwrapExpression(callee.object);
  }
  return node;
}

/** The call's value is stored, returned, or returned from an effect: some libraries' on() returns the unsubscribe function. */
function resultIsKept(call: TSESTree.CallExpression): boolean {
  const current = outermostWrapperOf(call);
  const parent = current.parent;
  if (!parent) return false;
  if (parent.type === 'VariableDeclarator' || parent.type === 'ReturnStatement') return true;
  if (parent.type === 'AssignmentExpression') return parent.right === current;
  return parent.type === 'ArrowFunctionExpression' && parent.body === current && effectHookOf(parent) !== undefined;
}

/**
 * What addEventListener's third argument does: 'removes' for `{ once: true }` or `{ signal }`,
 * 'none' for nothing or a capture flag, 'unknown' for options this file cannot see (given the
 * benefit of the doubt).
 */
function eventTargetOptions(ctx: AnalysisContext, node: TSESTree.Node | undefined): 'removes' | 'none' | 'unknown' {
  if (!node) return 'none';
  const options = constantObject(ctx, node);
  if (!options) {
    const value = unwrapExpression(node);
    return value.type === 'Literal' && typeof value.value === 'boolean' ? 'none' : 'unknown';
  }
  for (const property of options.properties) {
    if (property.type === 'SpreadElement') return 'unknown';
    const name = propertyKeyName(property);
    if (name === 'signal') return 'removes';
    if (name === 'once') {
      const value = unwrapExpression(property.value);
      if (value.type !== 'Literal') return 'unknown';
      if (value.value === true) return 'removes';
    }
  }
  return 'none';
}

/**
 * The capture flag of addEventListener's or removeEventListener's third argument: nothing is
 * false, then `true`/`false` or `{ capture }` (also through a const object, `options.capture`
 * included). Undefined when this file cannot tell: a removal with an unknown flag is given the
 * benefit of the doubt. Passive, once and signal do not take part in matching a removal.
 */
function captureOf(ctx: AnalysisContext, node: TSESTree.Node | undefined): boolean | undefined {
  if (!node) return false;
  const value = unwrapExpression(node);
  if (value.type === 'Literal') return typeof value.value === 'boolean' ? value.value : undefined;
  const options = constantObject(ctx, value);
  if (!options) return undefined;
  const capture = propertyOf(options, 'capture');
  return capture === 'unknown' ? undefined : capture === undefined ? false : booleanOf(ctx, capture);
}

/** `true`, `false`, or `options.capture` where `options` is a const object literal holding one. */
function booleanOf(ctx: AnalysisContext, node: TSESTree.Node): boolean | undefined {
  const value = unwrapExpression(node);
  if (value.type === 'Literal') return typeof value.value === 'boolean' ? value.value : undefined;
  if (value.type !== 'MemberExpression') return undefined;
  const name = staticPropertyName(value);
  const holder = name === undefined ? undefined : constantObject(ctx, value.object);
  const inner = holder ? propertyOf(holder, name!) : undefined;
  return inner === undefined || inner === 'unknown' || unwrapExpression(inner).type === 'MemberExpression' ? undefined : booleanOf(ctx, inner);
}

/** The value of an object literal's property, undefined when it has none, 'unknown' when a spread may hold it. */
function propertyOf(object: TSESTree.ObjectExpression, name: string): TSESTree.Node | 'unknown' | undefined {
  let found: TSESTree.Node | 'unknown' | undefined;
  for (const property of object.properties) {
    if (property.type === 'SpreadElement') found = 'unknown';
    else if (propertyKeyName(property) === name) found = property.value;
  }
  return found;
}

function hasSignalProperty(ctx: AnalysisContext, node: TSESTree.Node): boolean {
  const options = constantObject(ctx, node);
  return options?.properties.some((p) => p.type === 'Property' && !p.computed && p.key.type === 'Identifier' && p.key.name === 'signal') ?? false;
}

/** An object literal, directly or through a const that holds one. */
function constantObject(ctx: AnalysisContext, node: TSESTree.Node): TSESTree.ObjectExpression | undefined {
  const value = unwrapExpression(node);
  if (value.type === 'ObjectExpression') return value;
  if (value.type !== 'Identifier') return undefined;
  const variable = resolveIdentifier(ctx, value);
  const def = variable?.defs.length === 1 ? variable.defs[0] : undefined;
  if (def?.type !== 'Variable' || def.node.parent.kind !== 'const' || !def.node.init) return undefined;
  const init = unwrapExpression(def.node.init);
  return init.type === 'ObjectExpression' ? init : undefined;
}

/** What to do about a leaking listener, for messages and the codemod's report: EventEmitter has no { signal }. */
export function listenerRemedy(finding: ListenerFinding): string {
  if (finding.method === 'addEventListener') {
    return `keep the function and call ${finding.targetText}.removeEventListener(${finding.event}, fn) when done, or pass { once: true } or { signal }`;
  }
  return `keep the function and call ${finding.targetText}.off(${finding.event}, fn) when done, or use once(); EventEmitter has no { signal } option, but events.on/once and events.addAbortListener take one`;
}

function isStringLiteral(node: TSESTree.Node): boolean {
  return (node.type === 'Literal' && typeof node.value === 'string') || node.type === 'TemplateLiteral';
}

/**
 * `if (done) return; setDone(true); …` or `if (ref.current) return; ref.current = true; …` at the top
 * of an effect: the flag is set on the first run, so what follows runs once per component however
 * often the effect re-runs.
 */
function effectRunsOnceByGuard(ctx: AnalysisContext, effect: FunctionNode, call: TSESTree.Node): boolean {
  if (effect.body.type !== 'BlockStatement') return false;
  const statements = effect.body.body;
  const guardIndex = statements.findIndex((statement) => statement.type === 'IfStatement' && returnsOnly(statement.consequent) && !statement.alternate);
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
      if (flag.type === 'MemberExpression' && expression.type === 'AssignmentExpression' && expression.operator === '=' && isTrue(expression.right)) {
        return ctx.text.slice(...expression.left.range) === ctx.text.slice(...flag.range);
      }
      // setDone(true), where `const [done, setDone] = useState(…)`
      if (flag.type === 'Identifier' && expression.type === 'CallExpression' && expression.callee.type === 'Identifier' && expression.arguments.length === 1 && isTrue(expression.arguments[0]!)) {
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
  const isUseState = init?.type === 'CallExpression' && /^(React\.)?useState$/.test(ctx.text.slice(...init.callee.range));
  return isUseState && state?.type === 'Identifier' && state.name === flag.name && setter?.type === 'Identifier' ? setter.name : undefined;
}

