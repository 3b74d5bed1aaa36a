import type { TSESTree } from '@typescript-eslint/utils';
import { isModuleLevelScope, resolveIdentifier, type AnalysisContext, type Variable } from '../../core/context.js';
import {
  enclosingFunction,
  isFunctionNode,
  someDescendant,
  thisMemberName,
  type FunctionNode,
} from '../../core/ast.js';
import type { ExemptionTable } from '../../core/exemptions.js';
import { outermostWrapperOf, unwrapExpression } from '../../core/imports.js';
import { loopElementOf } from '../../core/loop-element.js';
import { effectHookOf } from '../../frequency/describe-function.js';
import { runsInBrowserPage } from '../../frequency/run-context.js';
import { frequencyModelOf, projectPerEventArgument, projectSignalFreshness } from '../../frequency/frequency-of.js';
import type { PerEventArgument } from '../../project/per-event-args.js';
import { handlerInfo } from '../../frequency/handlers.js';
import { callerSignalParameter, type CallerSignalParameter } from './caller-signal.js';
import { callWaitsForAbort } from './abort-wait.js';
import { signalFreshAtEveryLocalCall } from './local-fresh-signal.js';
import { addedOncePerConnectionObject } from './connection-object.js';
import { isInstanceLifecycleMethod, runsOncePerInstance } from '../../frequency/instance-lifecycle.js';
import { effectRunsOnceByGuard } from './effect-guard.js';
import { respondsWithEventStream } from './event-stream.js';
import { constructorParameterOf, hostFunction, instanceOwnsMember, memberHandedIn } from './owned-target.js';
import { keysOf, receiverOf } from './listener-keys.js';
import { eventTargetOptions, hasSignalProperty } from './listener-options.js';
import { addedOnlyUntilPageLoad, isStableHookCallback, runsOncePerSelfEndingListener } from './listener-pairing.js';

/** What a listener is added to, when it outlives the code that adds it. */
export interface LongLivedTarget {
  readonly key: string;
  /** Why it lives long, for the message: "imported from 'electron'", "a module-level object"; undefined for globals. */
  readonly origin: string | undefined;
  /** The module-level variable that holds it, when one does. */
  readonly variable: Variable | undefined;
  /** `this` or `this.member` in a class: lives with the instance, which may be short-lived itself. */
  readonly thisMember?: string;
  /**
   * The socket of an HTTP request or response (kept alive across requests): code that reaches it
   * runs per request, whatever the file shows of its callers.
   */
  readonly messageSocket?: boolean;
  /** For a request's socket: the handler whose request or response parameter it is read from. */
  readonly messageHandler?: FunctionNode;
  /**
   * The AbortSignal the caller handed in, an 'abort' listener added to it: the function is an
   * operation run per call, and the caller decides how long the signal lives.
   */
  readonly callerSignal?: boolean;
}

/** A listener added to a long-lived target, as the exemptions see it. */
export interface ListenerSite {
  readonly ctx: AnalysisContext;
  readonly isTestFile: boolean;
  readonly reportUnknownCallers: boolean;
  /** The call that adds the listener, its method and arguments. */
  readonly call: TSESTree.CallExpression;
  readonly method: string;
  readonly listener: TSESTree.Node;
  readonly third: TSESTree.Node | undefined;
  readonly target: LongLivedTarget;
  /** The function the call is in, and the React effect hook that function is the callback of. */
  readonly fn: FunctionNode | undefined;
  readonly hook: string | undefined;
  /**
   * For a `process` listener added by a constructor: the method that ends its instances
   * (`disconnect`), which says instances are made again and again (instance-teardown.ts).
   */
  readonly instanceTeardown?: string;
  /** Whether the file removes this listener again (same target, event, function and capture flag). */
  readonly removedInFile: () => boolean;
}

/**
 * Why a listener added to a long-lived target is not a leak, in the order the detector asks. The
 * first that applies spares the call.
 */
export const listenerExemptions: ExemptionTable<ListenerSite> = [
  {
    name: 'test-file',
    reason: 'In a test file: the process ends with the run, and its listeners go with it.',
    applies: (site) => site.isTestFile,
  },
  {
    name: 'browser-page',
    reason: 'Code that runs in a browser page: the page is the process, and it ends when the user leaves.',
    applies: (site) => runsInBrowserPage(site.call),
  },
  {
    name: 'removes-itself',
    reason:
      "addEventListener with `{ once: true }` or `{ signal }` (or options this file cannot read): the listener goes when it fires or the signal aborts. On the caller's AbortSignal only `{ signal }` counts: an abort that never comes never fires a once listener.",
    applies: (site) => {
      if (site.method !== 'addEventListener') return false;
      const options = eventTargetOptions(site.ctx, site.third);
      if (site.target.callerSignal)
        return options === 'unknown' || (site.third !== undefined && hasSignalProperty(site.ctx, site.third));
      return options !== 'none';
    },
  },
  {
    name: 'call-waits-for-abort',
    reason:
      "An 'abort' listener on the caller's AbortSignal that is the only thing settling the promise the call awaits or returns (`await new Promise((resolve) => signal.addEventListener('abort', () => resolve()))`): the call ends only when the signal aborts, so the listener lives as long as the call. A promise a timer or the work settles too, or one raced against another, ends the call first and is reported.",
    applies: (site) => site.target.callerSignal === true && callWaitsForAbort(site.ctx, site.call, site.listener),
  },
  {
    name: 'request-own-signal',
    reason:
      "An 'abort' listener on the `signal` of the request a request handler is given (a Next.js route handler's or fetch handler's `request.signal`, also inside a stream it builds), or of a parameter typed as the fetch API's `Request`: that signal is the request's own and goes with it.",
    applies: (site) => site.target.callerSignal === true && isHandlersOwnRequestSignal(site),
  },
  {
    name: 'fresh-signal-per-call',
    reason:
      "An 'abort' listener on the caller's AbortSignal, in a function this file declares and does not export whose every call here hands it a signal made for that call, or, with the project index, where every caller in the project makes that signal per call (`new AbortController()` in the calling function, or a controller variable it makes anew before the call, `AbortSignal.timeout(ms)`, a request handler's own `request.signal`, what a signal helper that makes one per call returns, or its own such signal handed on), so the listener goes with the signal when the call's caller is done. A function nothing in the project calls (a library's public API) is still reported.",
    applies: (site) => site.target.callerSignal === true && signalIsFreshPerCall(site),
  },
  {
    name: 'unsubscribe-kept',
    reason:
      "The call's value is stored, returned (also from an effect) or handed on (an argument of a call, an element of an array): some libraries' `on()` returns the function that removes the listener, and DOM builders (grainjs `dom.on()`) take it as a child of the element they build and dispose it with that element.",
    applies: (site) => resultIsKept(site.call),
  },
  {
    name: 'runs-once',
    reason:
      'Added in code that runs once: module level (or a pass over a list there), a start-up routine, a function called only from there; with the project index, also the constructor of a class built only once (by start-up code in another file).',
    applies: (site) => frequencyModelOf(site.ctx).runsOnceCountingInstances(site.call),
  },
  {
    name: 'instance-signal',
    reason:
      "An 'abort' listener on the AbortSignal a constructor is given (or a method only the constructor calls), when nothing shows the class is built again and again (a `new` of it in a handler or loop of this file, or, with the project index, callers that repeat): the signal ends the instance, like the shutdown signal of the owner that builds it once. Reported with `reportUnknownCallers`.",
    applies: (site) =>
      site.target.callerSignal === true &&
      !site.reportUnknownCallers &&
      frequencyModelOf(site.ctx).perInstanceNotShownRepeated(site.call),
  },
  {
    name: 'event-stream-socket',
    reason:
      "A request's socket in a handler that answers with a server-sent event stream (`Content-Type: text/event-stream`): the stream holds the socket until the client leaves, so the socket is this request's own and its listeners go with it.",
    applies: (site) => site.target.messageHandler !== undefined && respondsWithEventStream(site.target.messageHandler),
  },
  {
    name: 'target-created-here',
    reason:
      "The target is created in the same function (a module `let` assigned there, `this.socket = new Socket()`, `window.socket = io(url)` before the listener), or in the function that builds the `new Promise` whose executor adds the listener: the listener lives and dies with it. Not a member set from a constructor parameter that, with the project index, every `new` of the class hands one of its module's own objects (`new Relay(bus)`, `bus` a module-level emitter): that object outlives every instance.",
    applies: (site) =>
      (site.target.variable !== undefined && createdInSameFunction(site.target.variable, site.call)) ||
      (site.target.thisMember !== undefined &&
        thisMemberCreatedInSameFunction(site.target.thisMember, site.call) &&
        !memberIsSharedObject(site)) ||
      memberCreatedBefore(site),
  },
  {
    name: 'connection-own-object',
    reason:
      "The target is a field or module variable the function around it has just set to its own parameter (`this.socket = socket` in a 'connection' callback), and the listener is added in a callback of a listener on that same object that runs once per object (`once()`, 'ready', 'open', a client's handshake 'init'): once per connection, on the connection's own object, and it goes with it. Added per message on it ('message', 'data') it piles up and is reported, and so is a constructor's parameter that every `new` hands a module's own object (see 'target-created-here').",
    applies: (site) =>
      (site.target.variable !== undefined || (site.target.thisMember !== undefined && site.target.thisMember !== '')) &&
      addedOncePerConnectionObject(site.ctx, site.call, site.target.key) &&
      !memberIsSharedObject(site),
  },
  {
    name: 'not-shown-repeated',
    reason:
      "Nothing in this file shows the code runs again and again (a loop, a handler, an effect, a function only called from there, a request's socket, the caller's AbortSignal, a `process` listener added by the constructor of instances a `close()`/`disconnect()`… ends), nor, with the project index, its callers or (for a constructor) the code that builds its class; with `reportUnknownCallers`, only listeners on the instance itself (`this`, `this.member`) are spared.",
    applies: (site) =>
      !site.hook &&
      !site.target.messageSocket &&
      !site.target.callerSignal &&
      site.instanceTeardown === undefined &&
      !frequencyModelOf(site.ctx).repeats(site.call) &&
      !frequencyModelOf(site.ctx).repeatsAcrossFiles(site.call) &&
      (!site.reportUnknownCallers || site.target.thisMember !== undefined),
  },
  {
    name: 'instance-lifecycle',
    reason:
      'With the project index, which says the code repeats (or its class is built again and again): the listener is on the instance itself (`this`) or a member it owns (its class ends it, builds it with `new` or gets it for itself) or that is not handed in, added in its constructor or a set-up or teardown method (`init…`, `enable…`, `connect…`, `clear…`): once per instance, and it goes with the instance. A member handed in through a parameter (a shared server) and never ended by the class is not spared.',
    applies: (site) =>
      site.target.thisMember !== undefined &&
      (frequencyModelOf(site.ctx).of(site.call).crossFile === true ||
        frequencyModelOf(site.ctx).repeatsAcrossFiles(site.call) !== undefined) &&
      isInstanceLifecycleMethod(hostFunction(site.fn)) &&
      (site.target.thisMember === '' ||
        instanceOwnsMember(hostFunction(site.fn), site.target.thisMember) ||
        !memberHandedIn(site.ctx, hostFunction(site.fn), site.target.thisMember)),
  },
  {
    name: 'owned-target-set-up',
    reason:
      'The listener is on a member the instance owns (its class ends it, `this.socket.destroy()` or `.end()`, or builds it with `new`), added by a method only its set-up methods call (`init()` calls `this.setListeners()`), also in the executor of a promise or the subscriber of an observable such a method builds: once per instance, on a target that lives no longer than the instance. A member it only keeps, such as a shared server, is not owned.',
    applies: (site) =>
      site.target.thisMember !== undefined &&
      site.target.thisMember !== '' &&
      runsOncePerInstance(hostFunction(site.fn)) &&
      instanceOwnsMember(hostFunction(site.fn), site.target.thisMember),
  },
  {
    name: 'event-object-handed-in',
    reason:
      "With the project index: the listener is on a member set only from a constructor parameter (`this.socket = socket`), added in the constructor or a method only it calls, and every `new` of the class in the project is handed there a handler's own parameter (`io.on('connection', (socket) => new Adapter(socket))`): one set of listeners per event object, which goes with it. The same class also built with a shared emitter, or a method other code calls again, is reported.",
    applies: (site) =>
      site.target.thisMember !== undefined &&
      site.target.thisMember !== '' &&
      runsOncePerInstance(site.fn) &&
      memberIsEventObject(site, site.target.thisMember),
  },
  {
    name: 'effect-runs-once',
    reason:
      'In an effect guarded by a flag it sets first (`if (done) return; setDone(true)`): what follows runs once per component.',
    applies: (site) =>
      site.hook !== undefined && site.fn !== undefined && effectRunsOnceByGuard(site.ctx, site.fn, site.call),
  },
  {
    name: 'same-function-each-time',
    reason:
      'addEventListener given the same function object each time, one declared at module level or by code that runs once (a module-level IIFE): an EventTarget ignores the duplicates.',
    applies: (site) => site.method === 'addEventListener' && !site.hook && isStableFunction(site.ctx, site.listener),
  },
  {
    name: 'stable-hook-callback',
    reason:
      'addEventListener given a function React keeps the same across renders (`useEventCallback`, `useCallback(fn, [])`…), outside an effect: added again it is a no-op, as an EventTarget holds one entry per event, function and capture flag.',
    applies: (site) =>
      site.method === 'addEventListener' && !site.hook && isStableHookCallback(site.ctx, site.listener),
  },
  {
    name: 'in-self-ending-listener',
    reason:
      "Added by a listener that removes itself as it runs (`removeEventListener(type, itself)` as a statement of its body, before the addition or after it with no `return`, `throw` or `await` between) or was added with `once`, whose own registration is not shown to repeat: it runs once per registration, not per event (a handshake's 'ready' message). Not for a request's socket or the caller's AbortSignal, which say the code runs per request whatever encloses it.",
    applies: (site) =>
      !site.target.messageSocket && !site.target.callerSignal && runsOncePerSelfEndingListener(site.ctx, site.call),
  },
  {
    name: 'until-page-load',
    reason:
      "A page-load listener (`'load'`, `'DOMContentLoaded'`) on `window` or `document`, added only on a branch of a `document.readyState` test: only while the page loads, and the event fires once.",
    applies: (site) => addedOnlyUntilPageLoad(site.ctx, site.call),
  },
  {
    name: 'callers-listener',
    reason:
      "A registration helper: the listener is the caller's function, taken as a parameter, so the caller decides whether listeners pile up (not in an effect).",
    applies: (site) => isCallersListener(site.ctx, site.listener, site.call),
  },
  {
    name: 'removed-in-file',
    reason:
      'The file removes it: the same target, event and function (by binding, list element, entry of the same map read by each key of the same loop, or a member it is stored in) and, for removeEventListener, the same capture flag.',
    applies: (site) => site.removedInFile(),
  },
];

/** The parameter the listener's target, the caller's signal, is read from (callerSignalParameter). */
function signalParameterOf(site: ListenerSite): CallerSignalParameter | undefined {
  const callee = unwrapExpression(site.call.callee);
  return callee.type === 'MemberExpression' ? callerSignalParameter(site.ctx, receiverOf(callee.object)) : undefined;
}

/** `request.signal` where `request` is a parameter of a function this file shows to be a request handler. */
function isHandlersOwnRequestSignal(site: ListenerSite): boolean {
  const where = signalParameterOf(site);
  const fn = where?.param.parent;
  if (where?.member !== 'signal' || fn === undefined || !isFunctionNode(fn)) return false;
  return handlerInfo(site.ctx, fn)?.per === 'request' || isFetchRequestParameter(site.ctx, where.param);
}

/**
 * A parameter typed as the fetch API's global `Request` (no local or imported type of that name):
 * one object per HTTP request, so its `signal` goes with it (set 28: a polling transport's
 * `onPollRequest(req: Request)`).
 */
function isFetchRequestParameter(ctx: AnalysisContext, param: TSESTree.Parameter): boolean {
  const annotation = param.type === 'Identifier' ? param.typeAnnotation?.typeAnnotation : undefined;
  if (annotation?.type !== 'TSTypeReference' || annotation.typeName.type !== 'Identifier') return false;
  const typeName = annotation.typeName;
  return typeName.name === 'Request' && !resolveIdentifier(ctx, typeName)?.defs.length;
}

/** The caller's signal, which every caller in the project makes per call (the project index; fresh-signal.ts). */
function signalIsFreshPerCall(site: ListenerSite): boolean {
  const where = signalParameterOf(site);
  if (where === undefined) return false;
  return (
    signalFreshAtEveryLocalCall(site.ctx, where) ||
    projectSignalFreshness(site.ctx, where.param, where.index, where.member)?.fresh === true
  );
}

/** `this.<member>` is a constructor parameter that every `new` of the class hands a handler's own parameter. */
function memberIsEventObject(site: ListenerSite, member: string): boolean {
  return constructorArgumentOf(site, member)?.perEvent === true;
}

/** `this.bus = bus` from a constructor parameter that every `new` in the project hands a module's own object (see 'target-created-here'). */
function memberIsSharedObject(site: ListenerSite): boolean {
  const member = site.target.thisMember;
  return member !== undefined && member !== '' && constructorArgumentOf(site, member)?.shared === true;
}

/** What every `new` in the project hands the constructor parameter `this.<member>` is set from (project index only). */
function constructorArgumentOf(site: ListenerSite, member: string): PerEventArgument | undefined {
  const parameter = constructorParameterOf(site.ctx, site.fn, member);
  return parameter && projectPerEventArgument(site.ctx, parameter.ctor.body, parameter.index);
}

/** The call's value is stored, returned (also from an effect), or handed to a call or an array: see 'unsubscribe-kept'. */
function resultIsKept(call: TSESTree.CallExpression): boolean {
  const current = outermostWrapperOf(call);
  const parent = current.parent;
  if (!parent) return false;
  if (parent.type === 'VariableDeclarator' || parent.type === 'ReturnStatement') return true;
  if (parent.type === 'AssignmentExpression') return parent.right === current;
  // Handed on: whoever takes the value (a disposables list, a DOM builder) decides when it goes.
  if (parent.type === 'ArrayExpression') return true;
  if (parent.type === 'CallExpression' || parent.type === 'NewExpression')
    return parent.arguments.includes(current as TSESTree.CallExpressionArgument);
  if (parent.type !== 'ArrowFunctionExpression' || parent.body !== current) return false;
  // An arrow's value is returned as `return` would: to an effect, or to the callers of a named arrow.
  const holder = parent.parent;
  return (
    effectHookOf(parent) !== undefined ||
    (holder?.type === 'VariableDeclarator' && holder.init === parent) ||
    ((holder?.type === 'Property' || holder?.type === 'PropertyDefinition') && holder.value === parent)
  );
}

/**
 * A registration helper: the listener is the caller's own function, taken as a parameter and
 * added as is, so whether listeners pile up is decided by the caller. Not in a React effect,
 * which adds it again on every mount.
 */
function isCallersListener(ctx: AnalysisContext, listener: TSESTree.Node, call: TSESTree.CallExpression): boolean {
  const node = unwrapExpression(listener);
  if (node.type !== 'Identifier') return false;
  const variable = resolveIdentifier(ctx, node);
  const def = variable?.defs.length === 1 ? variable.defs[0] : undefined;
  if (def?.type !== 'Parameter') return false;
  // `list.forEach((handler) => …)`: each element of the list, the caller's only when the list is.
  const element = loopElementOf(variable!);
  if (element) return element.list.type === 'Identifier' && isCallersListener(ctx, element.list, call);
  for (let fn = enclosingFunction(call); fn; fn = fn === def.node ? undefined : enclosingFunction(fn)) {
    if (effectHookOf(fn)) return false;
  }
  return true;
}

/**
 * The same function object every time: one declared at module level, or by code that runs once
 * (a module-level IIFE, a start-up routine; set 33: sitespeed.io's navbar script declares its
 * `resizeNavbar` in an IIFE). EventTarget ignores the duplicates.
 */
function isStableFunction(ctx: AnalysisContext, listener: TSESTree.Node): boolean {
  const node = unwrapExpression(listener);
  if (node.type !== 'Identifier') return false;
  const variable = resolveIdentifier(ctx, node);
  if (!variable || variable.defs.length !== 1) return false;
  const def = variable.defs[0]!;
  const fixed = def.type === 'FunctionName' || (def.type === 'Variable' && def.node.parent.kind === 'const');
  return fixed && (isModuleLevelScope(variable.scope) || frequencyModelOf(ctx).runsOnce(def.node));
}

/** A module `let` (re)assigned in the function that adds the listener: created there, lives with it. */
function createdInSameFunction(variable: Variable, call: TSESTree.CallExpression): boolean {
  const fn = hostFunction(enclosingFunction(call));
  return (
    fn !== undefined &&
    variable.references.some((ref) => ref.isWrite() && hostFunction(enclosingFunction(ref.identifier)) === fn)
  );
}

/**
 * `window.socket = io(url)` (any property path) earlier in the function that then adds the
 * listener to `window.socket`: the listener is on the object just made, and goes with it.
 */
function memberCreatedBefore(site: ListenerSite): boolean {
  const fn = enclosingFunction(site.call);
  if (!fn) return false;
  const { keyOf } = keysOf(site.ctx);
  return someDescendant(fn.body, (node) => {
    if (node.type !== 'AssignmentExpression' || node.operator !== '=' || node.range[1] > site.call.range[0])
      return false;
    const holder = unwrapExpression(node.left);
    if (holder.type !== 'MemberExpression' || enclosingFunction(node) !== fn || keyOf(holder) !== site.target.key)
      return false;
    const value = unwrapExpression(node.right);
    const made = value.type === 'AwaitExpression' ? unwrapExpression(value.argument) : value;
    return made.type === 'NewExpression' || made.type === 'CallExpression';
  });
}

/**
 * `this.socket = new Socket()` in the function that adds the listener to `this.socket` (or builds
 * the promise whose executor adds it): created there, lives with it.
 */
function thisMemberCreatedInSameFunction(name: string, call: TSESTree.CallExpression): boolean {
  const fn = hostFunction(enclosingFunction(call));
  if (!fn || name === '') return false;
  return someDescendant(fn.body, (node) => node.type === 'AssignmentExpression' && thisMemberName(node.left) === name);
}
