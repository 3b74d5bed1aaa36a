import type { TSESTree } from '@typescript-eslint/utils';
import { isModuleLevelScope, resolveIdentifier, type Variable } from '../../core/context.js';
import type { DetectorFactory } from '../../core/detector.js';
import { exemptionOf, type SparedSite } from '../../core/exemptions.js';
import {
  exportNameOf,
  normalizeModule,
  requireSource,
  resolveImportedValue,
  staticPropertyName,
  unwrapExpression,
} from '../../core/imports.js';
import {
  enclosingFunction,
  isFunctionNode,
  shortText,
  thisMemberName,
  thisOwnerOf,
  type FunctionNode,
} from '../../core/ast.js';
import { fileRoleOf } from '../../core/file-role.js';
import { repetitionOf } from '../../frequency/repetition.js';
import { describeFunction, effectHookOf } from '../../frequency/describe-function.js';
import {
  ABORT_EVENT,
  END_OF_LIFE_EVENTS,
  EVENTS_MODULE,
  EXIT_HOOK_REGISTRATIONS,
  LISTENER_ADD_METHODS,
  HTTP_MESSAGE_PARAMS,
  LISTENER_ONCE_METHODS,
  LISTENER_REMOVE_METHODS,
  MESSAGE_SOCKET_MEMBERS,
  SOCKET_HANDOVER_EVENT,
} from '../../knowledge/events.js';
import { LONG_LIVED_GLOBALS } from '../../knowledge/globals.js';
import { listenerExemptions, type ListenerSite, type LongLivedTarget } from './listener-exemptions.js';
import { crossFileReason, projectPerEventArgument } from '../../frequency/frequency-of.js';
import { captureOf, hasSignalProperty } from './listener-options.js';
import { isCallerSignal, plainParameterPosition } from './caller-signal.js';
import { inheritedTeardownOf, instanceTeardownOf } from './instance-teardown.js';
import { listenerAddOf } from './listener-pairing.js';
import {
  keysOf,
  receiverOf,
  removalEventMatcher,
  removalMatcher,
  removalOf,
  addedListenerOf,
  type AddedListener,
  type Removal,
} from './listener-keys.js';

export interface ListenerLeakOptions {
  /**
   * Also report listeners added where this file cannot tell whether the code runs once or again
   * and again: exported functions, constructors and methods whose callers are in other files.
   */
  readonly reportUnknownCallers?: boolean;
}

/**
 * Property steps below a global or a module-level binding that still name the same object over
 * time: `process.stdout`, `document.body`. Deeper (`socket.io.engine`) may be replaced (socket.io
 * makes a new engine per connection), so one listener per object does not pile up.
 */
const MAX_TARGET_DEPTH = 1;
/** The key of the global `process`. */
const PROCESS_KEY = 'g:process';

/**
 * A removal written for a listener that can never remove it. `fresh`: handed a new function, as the
 * add is (`this.onKey.bind(this)` twice; `made` says what makes it). `target`: the same function
 * and event taken off another page-wide target (`document`, not `window`). `capture`: the same
 * target, event and function with the other capture flag. `event`: the same target and function
 * for another event named by a literal, no add of which this removal could be for.
 */
export type BrokenRemoval =
  | { readonly line: number; readonly why: 'fresh'; readonly made: string }
  | { readonly line: number; readonly why: 'target'; readonly removedFrom: string }
  | { readonly line: number; readonly why: 'capture'; readonly removalCapture: boolean }
  | { readonly line: number; readonly why: 'event'; readonly removedEvent: string };

/**
 * The page-wide targets a listener is often added to one of and removed from another of
 * (listener-keys.ts keys: `window`, `self` and `globalThis` are one object).
 */
const PAGE_TARGET_KEYS: ReadonlySet<string> = new Set([
  'g:globalThis',
  'g:document',
  'g:document.body',
  'g:document.documentElement',
]);

export interface ListenerFinding {
  /** The call that adds the listener. */
  readonly node: TSESTree.CallExpression;
  readonly kind: 'repeated' | 'repeatedOnce' | 'exitHook' | 'effect' | 'signalIgnored' | 'callerSignal' | 'perInstance';
  /** For 'perInstance': the method that ends an instance and leaves the listener (`disconnect`). */
  readonly teardown?: string;
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
  /**
   * A removal written for this listener that cannot remove it (brokenRemovalOf): its line, and
   * what is wrong with it.
   */
  readonly brokenRemoval?: BrokenRemoval;
}

/**
 * Listeners added, in code this file shows to run again and again (repeatedRunOf: loops, handlers,
 * other listeners' callbacks, effects, class component lifecycle methods, functions used only from
 * there), to targets that outlive it and stay the same object: process, the global object,
 * document, module-level emitters and servers, imported singletons (directly or one property
 * down), and in a class `this` or `this.member`. With `reportUnknownCallers`, also in code the
 * file cannot tell runs once (exported functions, constructors, methods), except on `this`. The
 * first exemption of `listenerExemptions` that applies spares a call (test files, removals in the
 * file, `{ once: true }`/`{ signal }`, a kept unsubscribe function…). EventEmitter's `on` has no
 * `{ signal }` option: passing one is reported as such.
 */
export const createListenerLeakDetector: DetectorFactory<ListenerLeakOptions, ListenerFinding> = (ctx, options) => {
  const additions: TSESTree.CallExpression[] = [];
  const removalCalls: TSESTree.CallExpression[] = [];

  /** `onExit(fn)` of signal-exit and its kin, with the package it comes from. */
  const exitHooks: { call: TSESTree.CallExpression; source: string }[] = [];

  const visitors = {
    CallExpression(node: TSESTree.CallExpression) {
      const callee = unwrapExpression(node.callee);
      if (callee.type === 'Identifier' || (callee.type === 'MemberExpression' && callee.object.type === 'Identifier')) {
        const source = exitHookSource(callee);
        if (source !== undefined) exitHooks.push({ call: node, source });
      }
      if (callee.type !== 'MemberExpression') return;
      const method = staticPropertyName(callee);
      if (method === undefined) return;
      if (LISTENER_ADD_METHODS.has(method) || LISTENER_ONCE_METHODS.has(method)) additions.push(node);
      else if (LISTENER_REMOVE_METHODS.has(method)) removalCalls.push(node);
    },
  };

  /** The package when `callee` is one of EXIT_HOOK_REGISTRATIONS' exports (through its import or require). */
  const exitHookSource = (callee: TSESTree.Node): string | undefined => {
    const value = resolveImportedValue(ctx, callee);
    if (!value) return undefined;
    const name = exportNameOf(value);
    const entry = EXIT_HOOK_REGISTRATIONS.find((e) => e.package === value.source);
    return entry && name !== undefined && entry.exports.includes(name) ? entry.package : undefined;
  };

  const { keyOf, idOf } = keysOf(ctx);

  const longLivedTarget = (expression: TSESTree.Node, depth: number): LongLivedTarget | undefined => {
    const node = receiverOf(expression);
    const socket = messageSocketOf(node);
    if (socket !== undefined)
      return {
        key: socket.key,
        origin: 'kept alive across requests',
        variable: undefined,
        messageSocket: true,
        messageHandler: socket.handler,
      };
    if (node.type === 'MemberExpression') {
      const name = staticPropertyName(node);
      if (name === undefined || depth >= MAX_TARGET_DEPTH) return undefined;
      const base = longLivedTarget(node.object, depth + 1);
      if (base?.thisMember !== undefined)
        return { key: `${base.key}.${name}`, origin: undefined, variable: undefined, thisMember: name };
      return base ? { key: `${base.key}.${name}`, origin: base.origin, variable: base.variable } : undefined;
    }
    if (node.type === 'ThisExpression') {
      const key = thisOwnerOf(node)?.body.type === 'ClassBody' ? keyOf(node) : undefined;
      return key === undefined ? undefined : { key, origin: undefined, variable: undefined, thisMember: '' };
    }
    if (node.type !== 'Identifier') return undefined;
    const variable = resolveIdentifier(ctx, node);
    if (!variable || variable.defs.length === 0) {
      return LONG_LIVED_GLOBALS.has(node.name)
        ? { key: keyOf(node)!, origin: undefined, variable: undefined }
        : undefined;
    }
    if (variable.defs.length !== 1) return undefined;
    const def = variable.defs[0]!;
    if (def.type === 'ImportBinding') {
      if (def.node.type === 'ImportNamespaceSpecifier' || def.node.type === 'TSImportEqualsDeclaration')
        return undefined;
      const source = normalizeModule((def.node.parent as TSESTree.ImportDeclaration).source.value);
      return source === EVENTS_MODULE
        ? undefined
        : { key: `v${idOf(variable)}`, origin: `imported from '${source}'`, variable };
    }
    if (def.type === 'Parameter') return sharedParameterTarget(node, variable);
    if (def.type !== 'Variable' || !isModuleLevelScope(variable.scope)) return undefined;
    // `const { ipcMain } = require('electron')`, `const ipc = require('electron').ipcMain`: one
    // export of a module, as `import { ipcMain } from 'electron'` is.
    const exported = moduleExportOf(def.node, node);
    if (exported !== undefined)
      return exported.source === EVENTS_MODULE
        ? undefined
        : { key: `v${idOf(variable)}`, origin: `${exported.how} from '${exported.source}'`, variable };
    if (def.node.id.type !== 'Identifier') return undefined;
    const init = def.node.init
      ? unwrapExpression(def.node.init.type === 'AwaitExpression' ? def.node.init.argument : def.node.init)
      : undefined;
    if (init?.type === 'CallExpression') {
      const required = requireSource(init);
      if (required === EVENTS_MODULE) return undefined;
      if (required !== undefined) return { key: `v${idOf(variable)}`, origin: `required from '${required}'`, variable };
    }
    // A module-level object made by `new X()` or a factory call, or a module `let` assigned later.
    if (
      init === undefined
        ? def.node.parent.kind === 'const'
        : init.type !== 'NewExpression' && init.type !== 'CallExpression'
    )
      return undefined;
    return { key: `v${idOf(variable)}`, origin: 'a module-level object', variable };
  };

  /**
   * A constructor's parameter, never assigned again, that every `new` of its class in the project
   * hands one of its module's own objects (`new Forwarder(bus)`, the project index's per-event
   * tracer): one object shared by every instance, which outlives them.
   */
  const sharedParameterTarget = (node: TSESTree.Identifier, variable: Variable): LongLivedTarget | undefined => {
    const position = plainParameterPosition(ctx, node);
    const ctor = position?.fn;
    if (
      ctor?.type !== 'FunctionExpression' ||
      ctor.parent.type !== 'MethodDefinition' ||
      ctor.parent.kind !== 'constructor'
    )
      return undefined;
    if (variable.references.some((ref) => ref.isWrite())) return undefined;
    return projectPerEventArgument(ctx, ctor.body, position!.index)?.shared === true
      ? {
          key: `v${idOf(variable)}`,
          origin: "a module's object every `new` of the class hands in",
          variable: undefined,
        }
      : undefined;
  };

  /**
   * The module and export a module-level binding takes from a module loaded there, by destructuring
   * or by one property (`const { ipcMain } = require('electron')`, `const ipc =
   * require('electron').ipcMain`, `const { bus } = await import('./bus')`). Undefined for a whole
   * module (`const bus = require('./bus')`, read below) and for anything deeper or reassigned.
   */
  const moduleExportOf = (
    declarator: TSESTree.VariableDeclarator,
    name: TSESTree.Identifier,
  ): { source: string; how: 'required' | 'imported' } | undefined => {
    if (!declarator.init) return undefined;
    const init = unwrapExpression(declarator.init);
    if (declarator.id.type === 'Identifier' && init.type !== 'MemberExpression') return undefined;
    const value = resolveImportedValue(ctx, name);
    if (value?.path.length !== 1) return undefined;
    return { source: value.source, how: init.type === 'AwaitExpression' ? 'imported' : 'required' };
  };

  /**
   * An HTTP message's socket: `req.socket`, `res.connection` on a parameter named like a request or
   * response (with the function that takes it: the handler), or the parameter of a `'socket'`
   * event's callback (`request.once('socket', (socket) => …)`), which an agent may hand over from
   * its pool of kept-alive sockets. Its key, and the handler when there is one.
   */
  const messageSocketOf = (node: TSESTree.Node): { key: string; handler?: FunctionNode } | undefined => {
    if (node.type === 'MemberExpression') {
      const object = unwrapExpression(node.object);
      const name = staticPropertyName(node);
      if (name === undefined || !MESSAGE_SOCKET_MEMBERS.has(name) || object.type !== 'Identifier') return undefined;
      const def = HTTP_MESSAGE_PARAMS.test(object.name) ? resolveIdentifier(ctx, object)?.defs[0] : undefined;
      const key = def?.type === 'Parameter' ? keyOf(node) : undefined;
      return key === undefined ? undefined : { key, handler: def!.node as FunctionNode };
    }
    if (node.type !== 'Identifier') return undefined;
    const def = resolveIdentifier(ctx, node)?.defs[0];
    const fn = def?.type === 'Parameter' ? def.node : undefined;
    if (!fn || !isFunctionNode(fn) || fn.params[0] !== def!.name) return undefined;
    const event = listenerAddOf(fn)?.arguments[0];
    const key = event?.type === 'Literal' && event.value === SOCKET_HANDOVER_EVENT ? keyOf(node) : undefined;
    return key === undefined ? undefined : { key };
  };

  /** `'exit'`, `"close"`: an event named by a string that fires only as the target's life ends (END_OF_LIFE_EVENTS). */
  const isEndOfLifeEvent = (event: TSESTree.Node): boolean => {
    const key = keyOf(event);
    return key !== undefined && key.startsWith('"') && END_OF_LIFE_EVENTS.has(JSON.parse(key) as string);
  };

  /** `signal.addEventListener('abort', …)` on the caller's AbortSignal (see caller-signal.ts). */
  const callerSignalTarget = (
    callee: TSESTree.MemberExpression,
    method: string,
    event: TSESTree.Node,
  ): LongLivedTarget | undefined => {
    if (method !== 'addEventListener' || keyOf(event) !== JSON.stringify(ABORT_EVENT)) return undefined;
    const receiver = receiverOf(callee.object);
    const key = isCallerSignal(ctx, receiver) ? keyOf(receiver) : undefined;
    return key === undefined
      ? undefined
      : { key, origin: "the caller's AbortSignal", variable: undefined, callerSignal: true };
  };

  let removals: Removal[] | undefined;
  const removalsInFile = (): Removal[] => (removals ??= removalCalls.map((call) => removalOf(ctx, call)));

  /** A removal of this listener anywhere in the file (removalMatcher). */
  const hasMatchingRemoval = (
    target: string,
    event: TSESTree.Node,
    listener: TSESTree.Node,
    capture: boolean | undefined,
  ): boolean => removalsInFile().some(removalMatcher(ctx, { target, event, listener, capture }));

  /**
   * An abort listener kept with the pending call and removed from wherever the signal is kept
   * then (`pending.signal.removeEventListener('abort', pending.onAbort)`): a removal of 'abort'
   * anywhere in the file naming the same function, by variable or member name.
   */
  const abortRemovedByName = (listener: TSESTree.Node): boolean => {
    const node = unwrapExpression(listener);
    const abort = JSON.stringify(ABORT_EVENT);
    // `this.onAbort`: the instance's one function, removed from wherever the waiter's signal is kept.
    if (thisMemberName(node) !== undefined) {
      const key = keyOf(node);
      return (
        key !== undefined && removalsInFile().some((removal) => removal.event === abort && removal.listener === key)
      );
    }
    if (node.type !== 'Identifier') return false;
    return removalsInFile().some(
      (removal) =>
        removal.event === abort && (removal.listenerName === node.name || removal.listenerMember === node.name),
    );
  };

  /**
   * A removal written for this listener that cannot remove it (BrokenRemoval). Asked only for a
   * finding, so no removal in the file removes it (the removed-in-file exemption did not apply). A
   * mismatch counts only where no other add in the file is what the removal is for.
   */
  const brokenRemovalOf = (added: AddedListener & { call: TSESTree.CallExpression }): BrokenRemoval | undefined => {
    const { target, event, listener, capture } = added;
    const sameEvent = removalEventMatcher(ctx, event);
    const removalsNow = removalsInFile();
    const lineOf = (i: number): number => removalCalls[i]!.loc.start.line;
    if (freshFunctionMaker(listener) !== undefined) {
      const index = removalsNow.findIndex(
        (removal, i) =>
          removal.target === target &&
          removal.removes === 'listener' &&
          sameEvent(removal) &&
          freshFunctionMaker(removalCalls[i]!.arguments[1]) !== undefined,
      );
      return index < 0
        ? undefined
        : { line: lineOf(index), why: 'fresh', made: freshFunctionMaker(removalCalls[index]!.arguments[1])! };
    }
    const listenerKey = keyOf(listener);
    if (listenerKey === undefined) return undefined;
    const eventKey = keyOf(event);
    // Another add in the file this removal does remove: it is that one's, not a mistake for this one.
    const addedElsewhere = (removal: Removal): boolean =>
      additions.some((add) => {
        const other = add === added.call ? undefined : addedListenerOf(ctx, add);
        return other !== undefined && removalMatcher(ctx, other)(removal);
      });
    for (const [i, removal] of removalsNow.entries()) {
      if (removal.removes !== 'listener' || removal.listener !== listenerKey || addedElsewhere(removal)) continue;
      if (removal.target !== target) {
        if (PAGE_TARGET_KEYS.has(target) && PAGE_TARGET_KEYS.has(removal.target ?? '') && sameEvent(removal)) {
          const callee = unwrapExpression(removalCalls[i]!.callee) as TSESTree.MemberExpression;
          return { line: lineOf(i), why: 'target', removedFrom: shortText(ctx, callee.object) };
        }
      } else if (sameEvent(removal)) {
        if (capture !== undefined && removal.capture !== undefined && capture !== removal.capture)
          return { line: lineOf(i), why: 'capture', removalCapture: removal.capture };
      } else if (isStringKey(eventKey) && isStringKey(removal.event)) {
        return { line: lineOf(i), why: 'event', removedEvent: removal.eventText! };
      }
    }
    return undefined;
  };

  const spared: SparedSite[] = [];
  /** Judges one addition against the exemptions; the finding when none spares it. */
  const judge = (
    site: Omit<ListenerSite, 'ctx' | 'reportUnknownCallers' | 'fn' | 'hook'>,
    describe: {
      kind: ListenerFinding['kind'];
      targetText: string;
      event: string;
      teardown?: string;
      /** Asked only once no exemption spares the add (brokenRemovalOf). */
      brokenRemoval?: () => BrokenRemoval | undefined;
    },
  ): ListenerFinding | undefined => {
    const { call, method, target } = site;
    const fn = enclosingFunction(call);
    const hook = fn ? effectHookOf(fn) : undefined;
    const full: ListenerSite = {
      ...site,
      ctx,
      reportUnknownCallers: options.reportUnknownCallers ?? false,
      fn,
      hook,
    };
    const exemption = exemptionOf(listenerExemptions, full);
    if (exemption) {
      spared.push({ node: call, exemption: exemption.name });
      return undefined;
    }
    const { targetText } = describe;
    const brokenRemoval = describe.brokenRemoval?.();
    return {
      node: call,
      // An effect's cleanup removes an emitter's listener; signalIgnored and exitHook keep their own remedy.
      kind: hook && (describe.kind === 'repeated' || describe.kind === 'repeatedOnce') ? 'effect' : describe.kind,
      method,
      target: target.origin ? `\`${targetText}\` (${target.origin})` : `\`${targetText}\``,
      targetText,
      event: describe.event,
      teardown: describe.teardown,
      where:
        (fn ? describeFunction(ctx, fn) : repetitionOf(call) ? 'a loop' : 'code that runs repeatedly') +
        crossFileReason(ctx, call, { instances: true }),
      hook,
      ...(brokenRemoval ? { brokenRemoval } : {}),
    };
  };

  const finish = (): ListenerFinding[] => {
    const findings: ListenerFinding[] = [];
    if (additions.length === 0 && exitHooks.length === 0) return findings;
    const isTestFile = fileRoleOf(ctx) === 'test';
    for (const call of additions) {
      const [event, listener, third] = call.arguments;
      if (!event || !listener || event.type === 'SpreadElement' || listener.type === 'SpreadElement') continue;
      // `util.addListener(socket, 'data', fn)` (a helper taking the target first),
      // `router.on('GET', '/path', handler)` (a router) and `focus.on(element, false)` (a flag where
      // the listener goes): not an emitter's own method.
      if (isLiteralValue(listener) || call.arguments.slice(2).some((arg) => isFunctionNode(arg))) continue;
      const callee = unwrapExpression(call.callee) as TSESTree.MemberExpression;
      const method = staticPropertyName(callee)!;
      const target = callerSignalTarget(callee, method, event) ?? longLivedTarget(callee.object, 0);
      if (!target) continue;
      // A once() listener goes with its event: it piles up only where the event may never come,
      // as a socket's 'error' on a socket that serves request after request, or an event that
      // ends the target's life (the process's 'exit', a shared server's 'close').
      const once = LISTENER_ONCE_METHODS.has(method);
      if (once && !target.messageSocket && !isEndOfLifeEvent(event)) continue;
      const capture = method === 'addEventListener' ? captureOf(ctx, third) : undefined;
      const removedInFile = (): boolean =>
        hasMatchingRemoval(target.key, event, listener, capture) ||
        (target.callerSignal === true && abortRemovedByName(listener));
      const signalIgnored = method !== 'addEventListener' && third !== undefined && hasSignalProperty(ctx, third);
      // A process listener added by the constructor of instances made to be ended (see instance-teardown.ts),
      // their teardown their class's own or, with the index, a superclass's.
      const constructor = target.key === PROCESS_KEY && !once ? enclosingFunction(call) : undefined;
      const instanceTeardown = constructor
        ? (instanceTeardownOf(ctx, constructor) ?? inheritedTeardownOf(ctx, constructor))
        : undefined;
      const finding = judge(
        { isTestFile, call, method, listener, third, target, removedInFile, instanceTeardown },
        {
          teardown: instanceTeardown,
          kind: signalIgnored
            ? 'signalIgnored'
            : target.callerSignal
              ? 'callerSignal'
              : once
                ? 'repeatedOnce'
                : instanceTeardown !== undefined
                  ? 'perInstance'
                  : 'repeated',
          targetText: shortText(ctx, receiverOf(callee.object)),
          event: shortText(ctx, event),
          brokenRemoval: () => brokenRemovalOf({ call, target: target.key, event, listener, capture }),
        },
      );
      if (finding) findings.push(finding);
    }
    // onExit(fn): a process exit handler; only the function it returns removes it.
    for (const { call, source } of exitHooks) {
      const [listener, third] = call.arguments;
      if (!listener || listener.type === 'SpreadElement') continue;
      const finding = judge(
        {
          isTestFile,
          call,
          method: shortText(ctx, call.callee),
          listener,
          third,
          target: { key: PROCESS_KEY, origin: `through '${source}'`, variable: undefined },
          removedInFile: () => false,
        },
        { kind: 'exitHook', targetText: 'process', event: "'exit'" },
      );
      if (finding) findings.push(finding);
    }
    return findings;
  };

  return { visitors, finish, spared: () => spared };
};

/** What to do about a leaking listener, for messages and the codemod's report: EventEmitter has no { signal }. */
export function listenerRemedy(finding: ListenerFinding): string {
  const broken = finding.brokenRemoval;
  if (broken && isDefiniteListenerLeak(finding)) {
    if (broken.why !== 'fresh') return `hand the removal at line ${broken.line} ${mismatchRemedy(finding, broken)}`;
    return 'create the function once (in the constructor or as a class field) and hand that same function to both the add and the removal';
  }
  if (finding.kind === 'perInstance')
    return `keep the function and call process.off(${finding.event}, fn) in ${finding.teardown}(), or register one handler at start-up for every instance`;
  if (finding.kind === 'callerSignal')
    return `keep the function and call ${finding.targetText}.removeEventListener('abort', fn) when the call ends (in a finally), or use events.addAbortListener and dispose what it returns; { once: true } removes it only if the signal aborts`;
  if (finding.kind === 'exitHook')
    return `keep the function ${finding.method}() returns and call it when the work is done, or register one handler at start-up`;
  if (finding.kind === 'repeatedOnce')
    return `keep the function and call ${finding.targetText}.off(${finding.event}, fn) when the work is done`;
  if (finding.method === 'addEventListener') {
    return `keep the function and call ${finding.targetText}.removeEventListener(${finding.event}, fn) when done, or pass { once: true } or { signal }`;
  }
  return `keep the function and call ${finding.targetText}.off(${finding.event}, fn) when done, or use once(); EventEmitter has no { signal } option, but events.on/once and events.addAbortListener take one`;
}

/**
 * A leak wrong wherever the code runs: a removal was written for the listener and cannot remove it
 * (BrokenRemoval). The rule's `report: 'definite'` reports only these.
 */
export function isDefiniteListenerLeak(finding: ListenerFinding): boolean {
  return finding.brokenRemoval !== undefined && (finding.kind === 'repeated' || finding.kind === 'effect');
}

/** What is wrong with a mismatched removal, for the message: "takes it off `document`, not `window`". */
export function mismatchText(finding: ListenerFinding, broken: Exclude<BrokenRemoval, { why: 'fresh' }>): string {
  if (broken.why === 'target')
    return `takes it off \`${broken.removedFrom}\`, not \`${finding.targetText}\` where it was added`;
  if (broken.why === 'capture')
    return `is given capture ${broken.removalCapture}, but the listener was added with capture ${!broken.removalCapture}`;
  return `removes it for ${broken.removedEvent}, but it was added for ${finding.event}`;
}

/** How to mend a mismatched removal: what to hand it. */
export function mismatchRemedy(finding: ListenerFinding, broken: Exclude<BrokenRemoval, { why: 'fresh' }>): string {
  if (broken.why === 'target') return `the target the listener was added to, \`${finding.targetText}\``;
  if (broken.why === 'capture') return `the capture flag the listener was added with (${!broken.removalCapture})`;
  return `the event the listener was added for, ${finding.event}`;
}

/** A key naming a string or number written as a literal (listener-keys.ts writes them as JSON). */
function isStringKey(key: string | undefined): boolean {
  return key !== undefined && (key.startsWith('"') || /^-?\d/.test(key));
}

/**
 * What makes a new function object each time this expression runs (`bind()`, an arrow function,
 * a function expression), or undefined when it reads one that exists.
 */
function freshFunctionMaker(node: TSESTree.Node | undefined): string | undefined {
  const value = node && node.type !== 'SpreadElement' ? unwrapExpression(node) : undefined;
  if (value?.type === 'ArrowFunctionExpression') return 'an arrow function';
  if (value?.type === 'FunctionExpression') return 'a function expression';
  if (value?.type === 'CallExpression' && value.callee.type === 'MemberExpression')
    return staticPropertyName(value.callee) === 'bind' ? '`bind()`' : undefined;
  return undefined;
}

/** A value written in place (a string, number, boolean, null): never a listener function. */
function isLiteralValue(node: TSESTree.Node): boolean {
  return node.type === 'Literal' || node.type === 'TemplateLiteral';
}
