import type { TSESTree } from '@typescript-eslint/utils';
import { resolveIdentifier, type Variable } from '../../core/context.js';
import type { DetectorFactory } from '../../core/detector.js';
import { exemptionOf, type SparedSite } from '../../core/exemptions.js';
import { staticPropertyName } from '../../core/imports.js';
import { enclosingFunction, isFunctionNode, shortText, type FunctionNode } from '../../core/ast.js';
import { fixedIterationCount, repetitionOf } from '../../frequency/repetition.js';
import {
  calleeName,
  forEachDescendant,
  isExported,
  sameThisOwner,
  thisMemberName,
  thisOwnerOf,
  type ThisOwner,
} from '../../core/ast.js';
import { describeFunction } from '../../frequency/describe-function.js';
import { singleCreation } from '../../frequency/run-context.js';
import { frequencyModelOf, crossFileReason } from '../../frequency/frequency-of.js';
import { isTimersFunction, isValueWrapper, outermostWrapperOf, unwrapExpression } from '../../core/imports.js';
import { TIMER_CLEARING_FUNCTIONS } from '../../knowledge/timers.js';
import { memberNamesOf } from '../../core/loop-element.js';
import { intervalExemptions, type IntervalSite } from './interval-exemptions.js';
import { isRacedTimeout } from './race-timeout.js';
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

/** What becomes of an interval handle, followed from the expression that produces it. */
type Destination =
  | { readonly kind: 'cleared' | 'escapes' | 'ignored' }
  | {
      readonly kind: 'discarded';
      readonly statement: TSESTree.ExpressionStatement | undefined;
      readonly voidOperator: TSESTree.UnaryExpression | undefined;
    }
  | {
      readonly kind: 'variable';
      readonly variable: Variable;
      readonly declarator: TSESTree.VariableDeclarator | undefined;
    }
  | { readonly kind: 'field'; readonly name: string; readonly owner: ThisOwner }
  | { readonly kind: 'property'; readonly name: string; readonly object: string };

const MAX_FOLLOW_DEPTH = 5;

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

  const thisReadsByOwner = new Map<TSESTree.Node, TSESTree.MemberExpression[]>();
  /** Every `this.x` read in a class body or object literal (scanned once per owner, only for candidates). */
  const thisReadsIn = (owner: ThisOwner): TSESTree.MemberExpression[] => {
    let reads = thisReadsByOwner.get(owner.body);
    if (!reads) {
      const found: TSESTree.MemberExpression[] = [];
      forEachDescendant(owner.body, (node) => {
        if (node.type === 'MemberExpression' && node.object.type === 'ThisExpression') found.push(node);
      });
      reads = found;
      thisReadsByOwner.set(owner.body, reads);
    }
    return reads;
  };

  /** Follows a value from `expr` outwards to where it ends up. */
  const destinationOf = (expr: TSESTree.Node): Destination => {
    let current = expr;
    for (;;) {
      const parent = current.parent;
      if (!parent) return { kind: 'ignored' };
      if (isValueWrapper(parent)) {
        current = parent;
        continue;
      }
      switch (parent.type) {
        case 'MemberExpression': {
          if (parent.object !== current) return { kind: 'ignored' };
          const call = parent.parent;
          if (call?.type !== 'CallExpression' || call.callee !== parent) return { kind: 'ignored' };
          const method = staticPropertyName(parent);
          // unref()/ref() return the timer itself: follow the call.
          if (method === 'unref' || method === 'ref') {
            current = call;
            continue;
          }
          // Timeout#close() clears it, and so does disposing it.
          if (method === 'close' || isSymbolDispose(parent)) return { kind: 'cleared' };
          return { kind: 'ignored' };
        }
        case 'CallExpression':
        case 'NewExpression':
          if (parent.callee === current) return { kind: 'ignored' };
          if (
            parent.type === 'CallExpression' &&
            TIMER_CLEARING_FUNCTIONS.some((name) => isTimersFunction(ctx, parent.callee, name))
          )
            return { kind: 'cleared' };
          return { kind: 'escapes' };
        case 'ExpressionStatement':
          return { kind: 'discarded', statement: parent, voidOperator: undefined };
        case 'ArrowFunctionExpression':
          // `new Promise((resolve) => setTimeout(resolve, ms))`: the executor's result is thrown away.
          return parent.body === current && isPromiseExecutor(parent)
            ? { kind: 'discarded', statement: undefined, voidOperator: undefined }
            : { kind: 'escapes' };
        case 'UnaryExpression':
          if (parent.operator !== 'void') return { kind: 'ignored' };
          return {
            kind: 'discarded',
            statement: parent.parent.type === 'ExpressionStatement' ? parent.parent : undefined,
            voidOperator: parent,
          };
        case 'SequenceExpression':
          if (parent.expressions[parent.expressions.length - 1] !== current)
            return { kind: 'discarded', statement: undefined, voidOperator: undefined };
          current = parent;
          continue;
        case 'ConditionalExpression':
          if (parent.test === current) return { kind: 'ignored' };
          current = parent;
          continue;
        case 'LogicalExpression':
          current = parent;
          continue;
        case 'VariableDeclarator': {
          if (parent.init !== current) return { kind: 'ignored' };
          // `using timer = setInterval(…)` disposes it at the end of the block.
          if (parent.parent.kind === 'using' || parent.parent.kind === 'await using') return { kind: 'cleared' };
          if (parent.id.type !== 'Identifier') return { kind: 'escapes' };
          const variable = resolveIdentifier(ctx, parent.id);
          return variable ? { kind: 'variable', variable, declarator: parent } : { kind: 'escapes' };
        }
        case 'AssignmentExpression': {
          if (parent.right !== current) return { kind: 'ignored' };
          const left = parent.left;
          const field = thisMemberName(left);
          if (field !== undefined) {
            const owner = thisOwnerOf(left);
            if (owner) return { kind: 'field', name: field, owner };
            return isOldStyleConstructorThis(left)
              ? propertyDestination(left as TSESTree.MemberExpression)
              : { kind: 'escapes' };
          }
          if (left.type === 'MemberExpression' && isPerUnitParameter(left.object)) return propertyDestination(left);
          if (left.type === 'Identifier') {
            const variable = resolveIdentifier(ctx, left);
            return variable && variable.defs.length > 0
              ? { kind: 'variable', variable, declarator: undefined }
              : { kind: 'escapes' };
          }
          return { kind: 'escapes' };
        }
        case 'PropertyDefinition': {
          if (parent.value !== current || parent.computed) return { kind: 'ignored' };
          const name =
            parent.key.type === 'Identifier'
              ? parent.key.name
              : parent.key.type === 'PrivateIdentifier'
                ? `#${parent.key.name}`
                : undefined;
          return name === undefined
            ? { kind: 'escapes' }
            : { kind: 'field', name, owner: { body: parent.parent, isStatic: parent.static } };
        }
        case 'IfStatement':
        case 'WhileStatement':
        case 'DoWhileStatement':
        case 'ForStatement':
        case 'BinaryExpression':
        case 'SwitchStatement':
        case 'SwitchCase':
        case 'TemplateLiteral':
          return { kind: 'ignored' };
        default:
          // Returned, yielded, awaited, exported, put in an object or array, spread…: it goes
          // somewhere this file cannot follow, so someone else may clear it.
          return { kind: 'escapes' };
      }
    }
  };

  /**
   * `ws.heartbeat = setInterval(…)` (a local or parameter's property), `this.timer = …` outside a
   * class (an old-style constructor function): judged by the property's name across the file.
   */
  const propertyDestination = (left: TSESTree.MemberExpression): Destination => {
    const name = staticPropertyName(left);
    return name === undefined ? { kind: 'escapes' } : { kind: 'property', name, object: shortText(ctx, left.object) };
  };

  /**
   * `ws` in `wss.on('connection', (ws) => { ws.timer = … })`: a parameter of a function that runs
   * per request, message or event, the object that unit brings (a connection, a socket). Other
   * objects (`state.timer` in an exported helper) may be cleared by code this file does not show.
   */
  const isPerUnitParameter = (object: TSESTree.Node): boolean => {
    const node = unwrapExpression(object);
    if (node.type !== 'Identifier') return false;
    const def = resolveIdentifier(ctx, node)?.defs[0];
    if (def?.type !== 'Parameter' || !isFunctionNode(def.node)) return false;
    return frequency.repeats(def.node.body);
  };

  let memberReads: Map<string, TSESTree.MemberExpression[]> | undefined;
  /** Every `x.name` read in the file, by name (scanned once, only for candidates kept in a property). */
  const memberReadsNamed = (name: string): TSESTree.MemberExpression[] => {
    if (!memberReads) {
      const found = new Map<string, TSESTree.MemberExpression[]>();
      forEachDescendant(ctx.ast, (node) => {
        if (node.type !== 'MemberExpression') return;
        if (node.parent?.type === 'AssignmentExpression' && node.parent.left === node) return;
        const property = staticPropertyName(node);
        if (property !== undefined) found.set(property, [...(found.get(property) ?? []), node]);
      });
      memberReads = found;
    }
    return memberReads.get(name) ?? [];
  };

  /** Whether anything clears, returns or hands on the handle a destination holds. */
  const isHandled = (destination: Destination, depth: number, seen: Set<unknown>): boolean => {
    switch (destination.kind) {
      case 'cleared':
      case 'escapes':
        return true;
      case 'ignored':
      case 'discarded':
        return false;
      case 'variable': {
        const { variable } = destination;
        if (seen.has(variable) || depth > MAX_FOLLOW_DEPTH) return true;
        seen.add(variable);
        if (isExported(variable)) return true;
        return variable.references.some(
          (ref) => ref.isRead() && isHandled(destinationOf(ref.identifier), depth + 1, seen),
        );
      }
      case 'property': {
        // Cleared under this name anywhere (`clearInterval(client.heartbeat)`), or read where it goes on.
        if (clearedPropertyNames.has(destination.name)) return true;
        const key = `.${destination.name}`;
        if (seen.has(key) || depth > MAX_FOLLOW_DEPTH) return true;
        seen.add(key);
        return memberReadsNamed(destination.name).some((read) => isHandled(destinationOf(read), depth + 1, seen));
      }
      case 'field': {
        if (clearedPropertyNames.has(destination.name)) return true;
        const ownerKey = destination.owner.body;
        if (seen.has(ownerKey) || depth > MAX_FOLLOW_DEPTH) return true;
        seen.add(ownerKey);
        return thisReadsIn(destination.owner).some((read) => {
          if (staticPropertyName(read) !== destination.name || !sameThisOwner(thisOwnerOf(read), destination.owner))
            return false;
          if (read.parent?.type === 'AssignmentExpression' && read.parent.left === read) return false;
          return isHandled(destinationOf(read), depth + 1, seen);
        });
      }
    }
  };

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
        handled: () => isHandled((destination ??= destinationOf(node)), 0, new Set()),
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

/**
 * `this.timer` in an old-style constructor function (`function Pool() { this.timer = … }`,
 * `var Pool = function () {…}`: named with a capital, as constructors are) or one of its
 * prototype's methods (`Pool.prototype.start = function () {…}`).
 */
function isOldStyleConstructorThis(member: TSESTree.Node): boolean {
  let fn = enclosingFunction(member);
  while (fn?.type === 'ArrowFunctionExpression') fn = enclosingFunction(fn);
  if (!fn) return false;
  const id =
    fn.type === 'FunctionDeclaration' || fn.id
      ? fn.id
      : fn.parent?.type === 'VariableDeclarator' && fn.parent.id.type === 'Identifier'
        ? fn.parent.id
        : undefined;
  if (id) return /^[A-Z]/.test(id.name);
  // `Pool.prototype.start = function () {…}`: a method of one.
  const assigned = fn.parent?.type === 'AssignmentExpression' ? fn.parent.left : undefined;
  return (
    assigned?.type === 'MemberExpression' &&
    assigned.object.type === 'MemberExpression' &&
    staticPropertyName(assigned.object) === 'prototype'
  );
}

/** The executor of `new Promise(…)`. */
function isPromiseExecutor(fn: TSESTree.ArrowFunctionExpression): boolean {
  const parent = fn.parent;
  return (
    parent?.type === 'NewExpression' &&
    parent.arguments[0] === fn &&
    parent.callee.type === 'Identifier' &&
    parent.callee.name === 'Promise'
  );
}

/** `setInterval(…).unref()`, possibly behind type wrappers. */
function chainedUnref(call: TSESTree.CallExpression): boolean {
  const current = outermostWrapperOf(call);
  const member = current.parent;
  return member?.type === 'MemberExpression' && member.object === current && staticPropertyName(member) === 'unref';
}

/** `x[Symbol.dispose]`. */
function isSymbolDispose(member: TSESTree.MemberExpression): boolean {
  const property = member.property;
  return (
    member.computed &&
    property.type === 'MemberExpression' &&
    property.object.type === 'Identifier' &&
    property.object.name === 'Symbol' &&
    staticPropertyName(property) === 'dispose'
  );
}

/** How a message names the place a handle is kept: "local `t`", "`timer`", "`this.timer`". */
export function holderLabel(holder: IntervalHolder): string {
  if (holder.kind === 'local') return `local \`${holder.name}\``;
  if (holder.kind === 'field') return `\`this.${holder.name}\``;
  if (holder.kind === 'property') return `\`${holder.object}.${holder.name}\``;
  return `\`${holder.name}\``;
}
