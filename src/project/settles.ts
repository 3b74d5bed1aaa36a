import type { FileFacts, Value } from './facts.js';
import type { ValueResolver } from './resolve.js';

/** A project function whose promise cannot reject, as a rule's message names it. */
export interface SettledCall {
  /** `sendMail()`, `Mailer.send()`. */
  readonly name: string;
  /** Its file (relative to the cwd when answered to a rule) and line. */
  readonly file: string;
  readonly line: number;
  /** It catches every failure itself (no call it awaits or returns outside a try to follow). */
  readonly direct: boolean;
  /** It may hand back nothing (`return null`): a caller that reads its result untested may still fail. */
  readonly returnsNothing: boolean;
}

/** A library emitter's dispatch, which settles without a function of the project to name. */
interface SettledDispatch {
  readonly dispatch: true;
}
const SETTLED_DISPATCH: SettledDispatch = { dispatch: true };

/** Functions followed through the calls each awaits or returns, across files. */
const MAX_DEPTH = 4;

/**
 * The function `value` (as file `file` names it) is, when calling it cannot reject: its own
 * syntax settles (FunctionFact `settles`), and so does every callee it follows, resolved through
 * the module graph, instance fields and methods as the resolver resolves any value; a function
 * met again on the way adds no failure of its own. Undefined when it may reject, or a callee on
 * the way cannot be followed. A callee whose result the function reads before testing it
 * (`read`) must not hand back nothing either. An emitter dispatch (`emits`) that resolves to no
 * project function settles: a library's emitter hands back no promise.
 */
export function settledFunctionOf(
  facts: readonly FileFacts[],
  resolver: ValueResolver,
  file: number,
  value: Value,
  depth = 0,
  following: Set<string> = new Set(),
  read = false,
  emits = false,
): { readonly file: number; readonly i: number } | SettledDispatch | undefined {
  if (depth > MAX_DEPTH) return undefined;
  const target = resolver.resolve(file, value);
  if (target?.t !== 'fn') return emits ? SETTLED_DISPATCH : undefined;
  const fn = facts[target.file]!.functions[target.i]!;
  // A result read before it is tested fails its reader when the callee may hand back nothing.
  if (read && fn.returnsNothing) return undefined;
  const key = `${target.file}:${target.i}`;
  if (following.has(key)) return target;
  const callees = fn.settles;
  if (callees === undefined) return undefined;
  following.add(key);
  const settles = callees.every(
    (callee, j) =>
      settledFunctionOf(
        facts,
        resolver,
        target.file,
        callee,
        depth + 1,
        following,
        fn.settlesReads?.includes(j),
        fn.settlesEmits?.includes(j),
      ) !== undefined,
  );
  following.delete(key);
  return settles ? target : undefined;
}
