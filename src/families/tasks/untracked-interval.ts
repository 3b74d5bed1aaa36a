import type { TSESTree } from '@typescript-eslint/utils';
import type { Variable } from '../../core/context.js';
import type { DetectorFactory } from '../../core/detector.js';
import { exemptionOf, type SparedSite } from '../../core/exemptions.js';
import { staticPropertyName } from '../../core/imports.js';
import { enclosingFunction, shortText, type FunctionNode } from '../../core/ast.js';
import { fixedIterationCount, repetitionOf } from '../../frequency/repetition.js';
import { calleeName, thisMemberName, type ThisOwner } from '../../core/ast.js';
import { describeFunction } from '../../frequency/describe-function.js';
import { singleCreation } from '../../frequency/run-context.js';
import { frequencyModelOf, crossFileReason } from '../../frequency/frequency-of.js';
import { isTimersFunction, outermostWrapperOf, unwrapExpression } from '../../core/imports.js';
import { TIMER_CLEARING_FUNCTIONS } from '../../knowledge/timers.js';
import { memberNamesOf } from '../../core/loop-element.js';
import { intervalExemptions, type IntervalSite } from './interval-exemptions.js';
import { isRacedTimeout } from './race-timeout.js';
import { createHandleTracker, type Destination } from './interval-handle.js';
import { repetitionEvidenceOf, type RepetitionEvidence } from './interval-repetition.js';

export interface UntrackedIntervalOptions {
  /** Also report module-level intervals that nothing clears or unref()s: they keep the process alive. */
  readonly reportModuleLevel: boolean;
  /**
   * Also report intervals where nothing shows the code runs again and again (an exported
   * function or a class whose callers are elsewhere): off by default, such code mostly runs once.
   */
  readonly reportUnknownCallers?: boolean;
}

/** Where an interval's handle is kept, when it is kept somewhere that nothing clears. */
export type IntervalHolder =
  | { readonly kind: 'local'; readonly name: string; readonly variable: Variable }
  | { readonly kind: 'variable'; readonly name: string; readonly variable: Variable }
  | { readonly kind: 'field'; readonly name: string; readonly owner: ThisOwner }
  /** `ws.heartbeat`, or `this.timer` in an old-style constructor function: no class owns it. */
  | { readonly kind: 'property'; readonly name: string; readonly object: string };

interface FindingBase {
  /** The setInterval call. */
  readonly node: TSESTree.CallExpression;
}

export type IntervalFinding =
  | (FindingBase & {
      /** The handle is thrown away: nothing can ever stop the interval. */
      readonly kind: 'discarded';
      readonly fn: FunctionNode | undefined;
      readonly where: string;
      /** The statement whose value is the handle (maybe through `.unref()`); undefined inside a larger expression. */
      readonly statement: TSESTree.ExpressionStatement | undefined;
      /** The `void` operator that discards it, when there is one. */
      readonly voidOperator: TSESTree.UnaryExpression | undefined;
    })
  | (FindingBase & {
      /** The handle is kept where nothing clears, returns or passes it on. */
      readonly kind: 'neverCleared';
      readonly fn: FunctionNode | undefined;
      readonly where: string;
      readonly holder: IntervalHolder;
    })
  | (FindingBase & {
      /** Module-level, never cleared and not unref()'d (reportModuleLevel). */
      readonly kind: 'keepsProcessAlive';
    })
  | (FindingBase & {
      /** A setTimeout raced against a promise (race-timeout.ts) that nothing clears when the promise wins. */
      readonly kind: 'raceTimeout';
      readonly fn: FunctionNode | undefined;
      readonly where: string;
      /** The delay as written. */
      readonly delay: string;
    });

/**
 * setInterval calls inside functions, methods and constructors whose handle is discarded or kept
 * where nothing ever clears it. A handle that is cleared (clearInterval, `close()`,
 * `[Symbol.dispose]()`, `using`), returned, passed to a function or stored somewhere this file
 * cannot follow counts as tracked. Intervals that run once (module level, `main()`) are left to
 * the reportModuleLevel option, which reports those never cleared nor unref()'d.
 */
export const createUntrackedIntervalDetector: DetectorFactory<UntrackedIntervalOptions, IntervalFinding> = (
  ctx,
  options,
) => {
  const frequency = frequencyModelOf(ctx);
  const candidates: TSESTree.CallExpression[] = [];
  /** Property names passed to clearInterval anywhere (`clearInterval(poller.timer)`): such fields count as cleared. */
  const clearedPropertyNames = new Set<string>();

  const visitors = {
    CallExpression(node: TSESTree.CallExpression) {
      const name = calleeName(node.callee);
      if (name === 'setInterval' || name === 'setTimeout') {
        candidates.push(node);
      } else if (name !== undefined && TIMER_CLEARING_FUNCTIONS.includes(name)) {
        const arg = node.arguments[0];
        if (arg?.type === 'MemberExpression')
          for (const property of memberNamesOf(ctx, arg)) clearedPropertyNames.add(property);
      }
    },
  };
  const { destinationOf, isHandled } = createHandleTracker(ctx, clearedPropertyNames);

  /**
   * Inside loops that each run a fixed number of times (`for (let i = 0; i < CLIENTS; i++)`,
   * `for (const q of ['mail', 'sms'])`) reached from code that runs once: a fixed set of intervals
   * started at load, the same as writing each one out at module level.
   */
  const runsFixedTimesOnce = (node: TSESTree.Node): boolean => {
    let current = node;
    for (let repetition = repetitionOf(current); repetition; repetition = repetitionOf(current)) {
      if (repetition.kind !== 'loop' || fixedIterationCount(ctx, repetition.node) === undefined) return false;
      current = repetition.node;
    }
    return current !== node && frequency.runsOnce(current);
  };

  /**
   * `if (this.sweeper) return; this.sweeper = setInterval(…)` in a method of a class built once
   * (a single `new` in this file that runs once, the class not exported): the guard starts at most
   * one interval per instance, and there is one instance, so one interval for the process.
   */
  const startsOncePerSingleton = (node: TSESTree.CallExpression, destination: Destination): boolean => {
    const fn = enclosingFunction(node);
    const method = fn?.parent;
    if (
      destination.kind !== 'field' ||
      !fn ||
      method?.type !== 'MethodDefinition' ||
      method.static ||
      fn.body?.type !== 'BlockStatement'
    )
      return false;
    const creation = singleCreation(ctx, method.parent.parent);
    if (!creation || !frequency.runsOnce(creation)) return false;
    return fn.body.body.some((statement) => {
      if (statement.type !== 'IfStatement' || statement.range[1] > node.range[0]) return false;
      const exits =
        statement.consequent.type === 'ReturnStatement' ||
        (statement.consequent.type === 'BlockStatement' &&
          statement.consequent.body.some((inner) => inner.type === 'ReturnStatement'));
      let test = unwrapExpression(statement.test);
      if (test.type === 'BinaryExpression' && (test.operator === '!==' || test.operator === '!='))
        test = unwrapExpression(test.left);
      return exits && thisMemberName(test) === destination.name;
    });
  };

  /** `t.unref()` anywhere on the variable that holds a module-level handle. */
  const isUnrefedLater = (variable: Variable): boolean =>
    variable.references.some((ref) => {
      const member = ref.identifier.parent;
      return (
        member?.type === 'MemberExpression' &&
        member.object === ref.identifier &&
        staticPropertyName(member) === 'unref' &&
        member.parent?.type === 'CallExpression'
      );
    });

  const spared: SparedSite[] = [];
  const finish = (): IntervalFinding[] => {
    const findings: IntervalFinding[] = [];
    for (const node of candidates) {
      const timer = isTimersFunction(ctx, node.callee, 'setInterval')
        ? 'interval'
        : isTimersFunction(ctx, node.callee, 'setTimeout') && isRacedTimeout(ctx, node)
          ? 'raceTimeout'
          : undefined;
      if (!timer) continue;
      let destination: Destination | undefined;
      let once: boolean | undefined;
      let evidence: { readonly found: RepetitionEvidence | undefined } | undefined;
      const repetition = (): RepetitionEvidence | undefined =>
        (evidence ??= { found: repetitionEvidenceOf(ctx, node, enclosingFunction(node)) }).found;
      const site: IntervalSite = {
        ctx,
        node,
        timer,
        reportModuleLevel: options.reportModuleLevel,
        reportUnknownCallers: options.reportUnknownCallers ?? false,
        shownToRepeat: () => repetition() !== undefined,
        handled: () => isHandled((destination ??= destinationOf(node))),
        unrefed: () => {
          destination ??= destinationOf(node);
          return chainedUnref(node) || (destination.kind === 'variable' && isUnrefedLater(destination.variable));
        },
        runsOnce: () =>
          (once ??=
            frequency.runsOnce(node) ||
            runsFixedTimesOnce(node) ||
            startsOncePerSingleton(node, (destination ??= destinationOf(node)))),
      };
      const exemption = exemptionOf(intervalExemptions, site);
      if (exemption) {
        spared.push({ node, exemption: exemption.name });
        continue;
      }
      destination ??= destinationOf(node);
      // A raced timeout is named by the function that makes the promise, not the promise's executor.
      const executor = timer === 'raceTimeout' ? enclosingFunction(node) : undefined;
      const fn = (executor && enclosingFunction(executor)) ?? executor ?? enclosingFunction(node);
      // The evidence of repetition, when it says more than the place does (a teardown, a `new` that repeats).
      const shown = timer === 'interval' ? repetition() : undefined;
      const where =
        (shown?.where ??
          (fn ? describeFunction(ctx, fn) : repetitionOf(node) ? 'a loop' : 'a class field initializer')) +
        crossFileReason(ctx, node) +
        (shown?.because ?? '');
      if (timer === 'raceTimeout') {
        const delay = node.arguments[1];
        findings.push({ kind: 'raceTimeout', node, fn, where, delay: delay ? shortText(ctx, delay) : '0' });
        continue;
      }
      if (site.runsOnce()) {
        findings.push({ kind: 'keepsProcessAlive', node });
        continue;
      }
      if (destination.kind === 'discarded') {
        findings.push({
          kind: 'discarded',
          node,
          fn,
          where,
          statement: destination.statement,
          voidOperator: destination.voidOperator,
        });
      } else if (destination.kind === 'variable') {
        const { variable, declarator } = destination;
        const local = declarator !== undefined && fn !== undefined && variable.scope.block === fn;
        const holder: IntervalHolder = { kind: local ? 'local' : 'variable', name: variable.name, variable };
        findings.push({ kind: 'neverCleared', node, fn, where, holder });
      } else if (destination.kind === 'property') {
        findings.push({
          kind: 'neverCleared',
          node,
          fn,
          where,
          holder: { kind: 'property', name: destination.name, object: destination.object },
        });
      } else if (destination.kind === 'field') {
        findings.push({
          kind: 'neverCleared',
          node,
          fn,
          where,
          holder: { kind: 'field', name: destination.name, owner: destination.owner },
        });
      }
    }
    return findings;
  };

  return { visitors, finish, spared: () => spared };
};

/** `setInterval(…).unref()`, possibly behind type wrappers. */
function chainedUnref(call: TSESTree.CallExpression): boolean {
  const current = outermostWrapperOf(call);
  const member = current.parent;
  return member?.type === 'MemberExpression' && member.object === current && staticPropertyName(member) === 'unref';
}

/** How a message names the place a handle is kept: "local `t`", "`timer`", "`this.timer`". */
export function holderLabel(holder: IntervalHolder): string {
  if (holder.kind === 'local') return `local \`${holder.name}\``;
  if (holder.kind === 'field') return `\`this.${holder.name}\``;
  if (holder.kind === 'property') return `\`${holder.object}.${holder.name}\``;
  return `\`${holder.name}\``;
}
