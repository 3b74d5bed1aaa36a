import { propertyName, unwrap, type AstNode } from './ast.js';
import type { CallFact, FileFacts, FunctionFact } from './facts.js';
import type { ValueResolver } from './resolve.js';
import type { Scopes, Where } from './scopes.js';

/*
 * A function handed to a call runs when that call runs it (`items.map(normalize)`, `then(fn)`).
 * When the call reaches a function of the project, that function shows whether it does: it calls
 * its parameter while it runs, or keeps it for later (stores it, registers it, wraps it in a
 * function something else runs). Only the first gives the handed function its caller's
 * frequency (studied: trilium's `apiRoute(GET, path, getSimilarNotes)` at start-up keeps the
 * handler for a route it registers through `router[method]`, yet the handler was taken to run
 * once, with the start-up code that hands it over).
 */

/** A hand-over met in the walk: the call it is handed to (by its callee node) and the position. */
export interface HandOver {
  readonly callee: AstNode;
  readonly arg: number;
}

/** What a walk notes of the functions it meets handed to calls. */
export class HandOverNotes {
  /** Inline callbacks that run with the code handing them over, and the call each is handed to. */
  readonly inline: { fn: number; to: HandOver }[] = [];
  /** Parameters handed by name to a call in their function's run, for extract.ts to resolve. */
  readonly params: { fn: number; i: number; to: HandOver }[] = [];
  /** Inline functions a registration keeps (`app.get(path, (req) => …)`): they run later, per request or event. */
  readonly registered = new Set<AstNode>();
  readonly registeredFns = new Set<number>();
}

/** What a walk records parameters that run while their function does in. */
export interface ParamRunNotes {
  readonly scopes: Scopes;
  readonly functions: readonly FunctionFact[];
  readonly handOvers: HandOverNotes;
}

/** An inline function handed to `call` that runs with the code handing it over (`run(() => …)`): which call, where. */
export function noteHandedFunction(notes: HandOverNotes, fn: number, node: AstNode, call: AstNode): void {
  const arg = (call.arguments as AstNode[]).indexOf(node);
  if (arg >= 0) notes.inline.push({ fn, to: { callee: unwrap(call.callee as AstNode), arg } });
}

/** The function (index) whose parameter `name` is, when a call at `where` runs it in that function's run. */
function paramRunningAt(
  notes: ParamRunNotes,
  name: string,
  where: Where,
): { readonly fn: number; readonly i: number } | undefined {
  const param = notes.scopes.binding(name, where.scope)?.param;
  if (!param || param.path !== name) return undefined;
  // Up through inline callbacks that run with their enclosing function (`then(() => fn())`).
  for (let fn = where.fn; fn !== param.fn; fn = notes.functions[fn]!.parent) {
    if (fn < 0 || !notes.functions[fn]!.inherits || notes.handOvers.registeredFns.has(fn)) return undefined;
  }
  return { fn: param.fn, i: param.i };
}

/** `fn()`, `fn.call(…)`, `fn.apply(…)` where `fn` is a parameter: it runs as often as its function. */
export function noteParamCall(notes: ParamRunNotes, callee: AstNode, where: Where): void {
  let target = callee;
  if (target.type === 'MemberExpression' && ['call', 'apply'].includes(propertyName(target) ?? ''))
    target = unwrap(target.object as AstNode);
  if (target.type !== 'Identifier') return;
  const param = paramRunningAt(notes, target.name as string, where);
  if (!param) return;
  const fact = notes.functions[param.fn]!;
  if (!fact.runsParams?.includes(param.i)) fact.runsParams = [...(fact.runsParams ?? []), param.i];
}

/** A parameter handed by name to a call (`helper(fn)`): whether it runs then is the receiving call's to say. */
export function noteParamHandOver(notes: ParamRunNotes, arg: AstNode, to: HandOver, where: Where): void {
  if (arg.type !== 'Identifier') return;
  const param = paramRunningAt(notes, arg.name as string, where);
  if (param) notes.handOvers.params.push({ ...param, to });
}

/** The facts' form of a hand-over: the receiving call's index in `calls` (when it is a fact) and the position. */
export function handedToOf(
  to: HandOver | undefined,
  callIndex: ReadonlyMap<AstNode, number>,
): { handedTo: [number, number] } | undefined {
  const call = to && callIndex.get(to.callee);
  return call === undefined ? undefined : { handedTo: [call, to!.arg] };
}

/**
 * After the walk: each inline callback's hand-over becomes a fact; a parameter handed to a call of
 * a known callee is followed at link time (`passesParams`), one handed to a call nothing can name
 * runs then, as any hand-over to outside code does.
 */
export function resolveHandOvers(notes: ParamRunNotes, callIndex: ReadonlyMap<AstNode, number>): void {
  for (const { fn, to } of notes.handOvers.inline) {
    const handed = handedToOf(to, callIndex);
    if (handed) notes.functions[fn]!.handedTo = handed.handedTo;
  }
  for (const { fn, i, to } of notes.handOvers.params) {
    const fact = notes.functions[fn]!;
    const call = callIndex.get(to.callee);
    if (call !== undefined) fact.passesParams = [...(fact.passesParams ?? []), [i, call, to.arg]];
    else if (!fact.runsParams?.includes(i)) fact.runsParams = [...(fact.runsParams ?? []), i];
  }
}

/** How many hand-overs through the project's own functions are followed before one is taken to run. */
const MAX_HAND_OVER_DEPTH = 4;

/**
 * Link time: whether a function handed to call `call` of `file` at position `arg` runs while that
 * call runs. A call that reaches no function of the project is taken to run it (a library's
 * `map`, `then`); one of the project's does when it calls that parameter or hands it on to a call
 * that does.
 */
export class HandedCallbacks {
  constructor(
    private readonly facts: readonly FileFacts[],
    private readonly resolver: ValueResolver,
  ) {}

  runsNow(file: number, call: number, arg: number, depth = 0): boolean {
    const fact: CallFact | undefined = this.facts[file]!.calls[call];
    if (!fact || fact.isNew || depth >= MAX_HAND_OVER_DEPTH) return true;
    const target = this.resolver.callee(file, fact.callee);
    if (target?.t !== 'fn') return true;
    const fn = this.facts[target.file]!.functions[target.i]!;
    if (fn.runsParams?.includes(arg)) return true;
    return (fn.passesParams ?? []).some(
      ([i, next, nextArg]) => i === arg && this.runsNow(target.file, next, nextArg, depth + 1),
    );
  }
}
