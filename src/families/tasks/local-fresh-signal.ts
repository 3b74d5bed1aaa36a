import type { TSESTree } from '@typescript-eslint/utils';
import { resolveIdentifier, type AnalysisContext, type Variable } from '../../core/context.js';
import { enclosingFunction, isFunctionNode, localCallsOf, propertyKeyName } from '../../core/ast.js';
import { isGlobalReference, staticPropertyName, unwrapExpression } from '../../core/imports.js';
import { repetitionOf } from '../../frequency/repetition.js';
import type { CallerSignalParameter } from './caller-signal.js';

/**
 * The file-local twin of the project index's fresh-signal reading (src/project/fresh-signal.ts),
 * for a function this file declares and does not export: every use of it is a call in this file
 * that hands it, as the parameter `where` names (itself or its `signal` property), the signal of
 * an AbortController the calling function makes before the call (`const c = new
 * AbortController()`, or a variable every value of which is a new one, assigned there: set 36's
 * player, whose `start()` remakes the effect's controller), or `AbortSignal.timeout(ms)`. Each
 * call's listener then goes with a signal made for that call.
 */
export function signalFreshAtEveryLocalCall(ctx: AnalysisContext, where: CallerSignalParameter): boolean {
  const fn = where.param.parent;
  if (fn === undefined || !isFunctionNode(fn)) return false;
  const calls = localCallsOf(ctx, fn);
  return (
    calls !== undefined &&
    calls.length > 0 &&
    calls.every((call) => {
      const argument = call.arguments[where.index];
      const signal = argument && signalHandedIn(argument, where.member);
      return signal !== undefined && isFreshSignal(ctx, signal, call);
    })
  );
}

/** The signal an argument hands in: itself, or (for a destructured or read `member`) that property of an object literal. */
function signalHandedIn(argument: TSESTree.Node, member: string | undefined): TSESTree.Node | undefined {
  if (member === undefined) return argument;
  const object = unwrapExpression(argument as TSESTree.Expression);
  if (object.type !== 'ObjectExpression') return undefined;
  const property = object.properties.find(
    (p): p is TSESTree.Property => p.type === 'Property' && propertyKeyName(p) === member,
  );
  return property?.value;
}

/** `AbortSignal.timeout(ms)`, or `controller.signal` of a controller the calling function makes before `call`. */
function isFreshSignal(ctx: AnalysisContext, node: TSESTree.Node, call: TSESTree.CallExpression): boolean {
  const signal = unwrapExpression(node as TSESTree.Expression);
  if (signal.type === 'CallExpression') {
    const callee = unwrapExpression(signal.callee);
    return (
      callee.type === 'MemberExpression' &&
      staticPropertyName(callee) === 'timeout' &&
      isGlobalReference(ctx, unwrapExpression(callee.object), 'AbortSignal')
    );
  }
  if (signal.type !== 'MemberExpression' || staticPropertyName(signal) !== 'signal') return false;
  const controller = unwrapExpression(signal.object);
  if (controller.type !== 'Identifier') return false;
  const variable = resolveIdentifier(ctx, controller);
  const caller = enclosingFunction(call);
  return (
    variable !== undefined && caller !== undefined && !repetitionOf(call) && madeBefore(ctx, variable, caller, call)
  );
}

/**
 * Every value `variable` holds is a new AbortController, and `caller` makes one for it (declares
 * it so, or assigns one) before `call`.
 */
function madeBefore(
  ctx: AnalysisContext,
  variable: Variable,
  caller: TSESTree.Node,
  call: TSESTree.CallExpression,
): boolean {
  const def = variable.defs.length === 1 ? variable.defs[0] : undefined;
  if (def?.type !== 'Variable') return false;
  const values: { readonly value: TSESTree.Node | null; readonly at: TSESTree.Node }[] = [];
  if (def.node.init) values.push({ value: def.node.init, at: def.node });
  for (const ref of variable.references) {
    if (ref.init || !ref.isWrite()) continue;
    const assignment = ref.identifier.parent;
    if (assignment?.type !== 'AssignmentExpression' || assignment.operator !== '=') return false;
    values.push({ value: assignment.right, at: assignment });
  }
  const isNew = (value: TSESTree.Node | null): boolean => {
    const made = value && unwrapExpression(value as TSESTree.Expression);
    return made?.type === 'NewExpression' && isGlobalReference(ctx, unwrapExpression(made.callee), 'AbortController');
  };
  return (
    values.length > 0 &&
    values.every(({ value }) => isNew(value)) &&
    values.some(({ at }) => enclosingFunction(at) === caller && at.range[1] <= call.range[0] && !repetitionOf(at))
  );
}
