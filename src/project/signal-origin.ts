import { CALLER_SIGNAL_NAME, SIGNAL_HELPER_NAME } from '../knowledge/events.js';
import { keyName, propertyName, unwrap, type AstNode } from './ast.js';
import type { SignalArg, SignalSource } from './facts.js';
import type { Binding, Where } from './scopes.js';

/** Deepest chain of `const` names followed for one signal. */
const MAX_STEPS = 8;

/**
 * The AbortSignal one call argument carries, as far as this file tells (facts.ts `SignalArg`):
 * read for every call, kept only where something is known, so that the 'abort' listener a callee
 * adds to its caller's signal can be judged by where every caller's signal comes from.
 */
export class SignalReader {
  constructor(
    private readonly lookup: (name: string, scope: number) => Binding | undefined,
    /** The parameter pattern `i` of function `fn` of this file (a plain name, or a destructuring). */
    private readonly paramPattern: (fn: number, i: number) => AstNode | undefined,
    /** The index in the file's `calls` of the call whose (unwrapped) callee is `callee`, when it has one. */
    private readonly callIndexOf: (callee: AstNode) => number | undefined = () => undefined,
  ) {}

  /** Why `returned` (what a `return` hands back) is an AbortSignal made anew each time it runs; undefined when it is not shown to be. */
  freshReturn(returned: AstNode, where: Where): string | undefined {
    const source = this.sourceOf(returned, where, 0);
    return source?.s === 'fresh' ? source.why : undefined;
  }

  argumentOf(arg: AstNode, where: Where): SignalArg | null {
    const node = unwrap(arg);
    const self = namesSignal(node) ? this.sourceOf(node, where, 0) : undefined;
    const property = this.signalPropertyOf(node, where);
    return self || property ? { ...(self ? { self } : {}), ...property } : null;
  }

  /**
   * `{ signal: controller.signal }` or `{ abortSignal: … }` (a property named as a signal; `signal`
   * first), or a parameter handed on whole (`helper(url, options)`): whichever the callee reads.
   */
  private signalPropertyOf(node: AstNode, where: Where): Omit<SignalArg, 'self'> | undefined {
    if (node.type === 'ObjectExpression') {
      const named = (node.properties as AstNode[]).filter(
        (p) => p.type === 'Property' && !p.computed && isSignalName(keyName(p)),
      );
      const property = named.find((p) => keyName(p) === 'signal') ?? named[0];
      const signal = property && this.sourceOf(property.value as AstNode, where, 0);
      const key = property && keyName(property);
      return signal && { signal, ...(key === 'signal' ? {} : { key }) };
    }
    if (node.type !== 'Identifier') return undefined;
    const param = this.plainParam(node, where);
    return param && { signal: { s: 'param', fn: param.fn, i: param.i, member: 'signal' }, whole: true };
  }

  /** Where the signal `expression` comes from: made here, a parameter (or its `signal`), or unknown. */
  private sourceOf(expression: AstNode, where: Where, steps: number): SignalSource | undefined {
    const node = unwrap(expression);
    if (steps > MAX_STEPS) return undefined;
    if (node.type === 'CallExpression' && this.isAbortSignalFactory(node, where))
      return { s: 'fresh', why: `AbortSignal.${propertyName(node.callee as AstNode)!}()` };
    if (node.type === 'CallExpression' && namesSignalHelper(node)) {
      // `signalWithTimeout(signal, ms)`: what the helper returns, judged where it is (fresh-signal.ts).
      const call = this.callIndexOf(unwrap(node.callee as AstNode));
      return call === undefined ? undefined : { s: 'returned', call };
    }
    const member = node.type === 'MemberExpression' && !node.computed ? propertyName(node) : undefined;
    if (member !== undefined && isSignalName(member)) {
      const object = unwrap(node.object as AstNode);
      if (object.type !== 'Identifier') return undefined;
      const param = this.plainParam(object, where);
      if (param) return { s: 'param', fn: param.fn, i: param.i, member };
      // An AbortController's own property is `signal`.
      return member === 'signal' && this.isControllerMadeHere(object, where)
        ? { s: 'fresh', why: `a new AbortController (${object.name as string})` }
        : undefined;
    }
    if (node.type !== 'Identifier') return undefined;
    const binding = this.lookup(node.name as string, where.scope);
    if (!binding || binding.reassigned) return undefined;
    if (binding.param) {
      const pattern = this.paramPattern(binding.param.fn, binding.param.i);
      if (pattern?.type === 'Identifier') return { s: 'param', fn: binding.param.fn, i: binding.param.i };
      // `({ signal }) => …`, `({ abortSignal }) => …`: that property of the parameter.
      const member = destructuredSignal(pattern, node.name as string);
      return member === undefined ? undefined : { s: 'param', fn: binding.param.fn, i: binding.param.i, member };
    }
    if (!binding.node) return undefined;
    const at: Where = { ...where, scope: binding.scope };
    // `const { signal } = options`: the `signal` of what it is taken from.
    if (binding.member !== undefined && isSignalName(binding.member))
      return this.memberSignal(binding.node, binding.member, at, steps + 1);
    return binding.member === undefined ? this.sourceOf(binding.node, at, steps + 1) : undefined;
  }

  private memberSignal(object: AstNode, member: string, where: Where, steps: number): SignalSource | undefined {
    const node = unwrap(object);
    if (node.type !== 'Identifier') return undefined;
    const param = this.plainParam(node, where);
    if (param) return { s: 'param', fn: param.fn, i: param.i, member };
    return member === 'signal' && this.isControllerMadeHere(node, where) && steps <= MAX_STEPS
      ? { s: 'fresh', why: `a new AbortController (${node.name as string})` }
      : undefined;
  }

  /** A name bound to a parameter declared as a plain name (not destructured), with its function and position. */
  private plainParam(node: AstNode, where: Where): { fn: number; i: number } | undefined {
    const binding = this.lookup(node.name as string, where.scope);
    if (!binding?.param || binding.reassigned) return undefined;
    const pattern = this.paramPattern(binding.param.fn, binding.param.i);
    return pattern?.type === 'Identifier' ? { fn: binding.param.fn, i: binding.param.i } : undefined;
  }

  /**
   * `const controller = new AbortController()` in the function the call is in, outside any loop
   * that runs until stopped: each run of that function makes its own, so a signal handed on dies
   * with it. One made in an outer function or at module level is shared by every call.
   */
  private isControllerMadeHere(node: AstNode, where: Where): boolean {
    const binding = this.lookup(node.name as string, where.scope);
    if (!binding || binding.member !== undefined || where.loop) return false;
    if (binding.reassigned) return this.isControllerRemadeHere(binding, node, where);
    if (!binding.node || binding.scope !== where.scope) return false;
    return this.isNewController(binding.node, binding.scope);
  }

  /**
   * `abortController = new AbortController()` in the function the call is in, before it and
   * outside any loop, where every value the name ever holds is a new AbortController (set 36: a
   * player's `let abortController` in an effect, made anew by each `start()` that hands its signal
   * on and aborted by the effect's cleanup): each run of that function hands on its own.
   */
  private isControllerRemadeHere(binding: Binding, node: AstNode, where: Where): boolean {
    const assignments = binding.assignments ?? [];
    if (binding.node && !this.isNewController(binding.node, binding.scope)) return false;
    if (!assignments.every((a) => a.value !== undefined && this.isNewController(a.value, binding.scope))) return false;
    return assignments.some((a) => a.fn === where.fn && !a.loop && a.start < node.start);
  }

  /** `new AbortController()`, the global one (no local name of that name where the binding is). */
  private isNewController(value: AstNode, scope: number): boolean {
    const init = unwrap(value);
    const callee = init.type === 'NewExpression' ? unwrap(init.callee as AstNode) : undefined;
    return callee?.type === 'Identifier' && callee.name === 'AbortController' && !this.lookup('AbortController', scope);
  }

  /** `AbortSignal.timeout(ms)`, `AbortSignal.any([...])`: a new signal each call (the global, not a local name). */
  private isAbortSignalFactory(node: AstNode, where: Where): boolean {
    const callee = unwrap(node.callee as AstNode);
    if (callee.type !== 'MemberExpression' || callee.computed) return false;
    const object = unwrap(callee.object as AstNode);
    const method = propertyName(callee);
    return (
      object.type === 'Identifier' &&
      object.name === 'AbortSignal' &&
      !this.lookup('AbortSignal', where.scope) &&
      (method === 'timeout' || method === 'any')
    );
  }
}

/** An argument written as a signal: `signal`, `controller.signal`, `AbortSignal.timeout(…)`. */
function namesSignal(node: AstNode): boolean {
  if (node.type === 'Identifier') return CALLER_SIGNAL_NAME.test(node.name as string);
  if (node.type === 'MemberExpression') return !node.computed && isSignalName(propertyName(node));
  if (node.type === 'CallExpression') {
    const callee = unwrap(node.callee as AstNode);
    return (
      (callee.type === 'MemberExpression' && unwrap(callee.object as AstNode).name === 'AbortSignal') ||
      namesSignalHelper(node)
    );
  }
  return false;
}

/** A call named as a signal helper (`signalWithTimeout(…)`, `this.getAbortSignal()`): SIGNAL_HELPER_NAME. */
function namesSignalHelper(node: AstNode): boolean {
  const callee = unwrap(node.callee as AstNode);
  const name =
    callee.type === 'Identifier'
      ? (callee.name as string)
      : callee.type === 'MemberExpression' && !callee.computed
        ? propertyName(callee)
        : undefined;
  return name !== undefined && SIGNAL_HELPER_NAME.test(name);
}

/** A property name a caller's signal goes by: `signal`, `abortSignal`, `cancelSignal` (CALLER_SIGNAL_NAME). */
function isSignalName(name: string | undefined): name is string {
  return name !== undefined && CALLER_SIGNAL_NAME.test(name);
}

/**
 * The property, named as a signal, that `{ signal }`, `{ signal: s }` or `{ abortSignal }` (with or
 * without a default) binds to `local` in a parameter's pattern.
 */
function destructuredSignal(pattern: AstNode | undefined, local: string): string | undefined {
  let node = pattern;
  if (node?.type === 'AssignmentPattern') node = node.left as AstNode;
  if (node?.type !== 'ObjectPattern') return undefined;
  const property = (node.properties as AstNode[]).find((p) => {
    if (p.type !== 'Property' || p.computed || !isSignalName(keyName(p))) return false;
    const value = p.value.type === 'AssignmentPattern' ? (p.value.left as AstNode) : (p.value as AstNode);
    return value.type === 'Identifier' && value.name === local;
  });
  return property && keyName(property);
}
