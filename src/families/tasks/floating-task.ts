import type { TSESTree } from '@typescript-eslint/utils';
import { resolveIdentifier, type AnalysisContext } from '../../core/context.js';
import type { DetectorFactory } from '../../core/detector.js';
import { exemptionOf, type SparedSite } from '../../core/exemptions.js';
import { hasOwnNode, isFunctionNode, shortText } from '../../core/ast.js';
import { outermostWrapperOf, staticPropertyName, unwrapExpression } from '../../core/imports.js';
import { loopLabel, repetitionOf, type Repetition } from '../../frequency/repetition.js';
import { frequencyModelOf, perUnitHandlerOf } from '../../frequency/frequency-of.js';
import { serviceMethodOf } from '../../frequency/service-method.js';
import { indexHandlerOf } from '../../frequency/index-handler.js';
import { COLLECTING_METHODS } from '../../knowledge/promise-methods.js';
import {
  ASYNC_FOREACH_EXEMPTIONS,
  DISCARDED_TASK_EXEMPTIONS,
  SHORT_LIVED_FILE_EXEMPTIONS,
  statementOf,
} from './floating-task-exemptions.js';
import { failureHandling, promiseCombinatorOf, settledElsewhere } from './task-failure.js';
import type { SettledCall } from '../../project/settles.js';
import { createTaskRecognizer, returnsValue } from './task-recognition.js';

export interface FloatingTaskOptions {
  /** Ask the type checker whether a discarded value is a thenable (any promise-like), not only the known APIs. */
  readonly typeAware: boolean;
  /** Report a task whose failure is handled (`task.catch(log)`) too: nothing waits for it to finish. */
  readonly reportHandled?: boolean;
}

export type FloatingTaskFinding =
  | {
      /** A statement (or `void`) throws a task's promise away. */
      readonly kind: 'discarded';
      /** The task expression (inside `void`). */
      readonly node: TSESTree.CallExpression | TSESTree.NewExpression;
      readonly task: string;
      /** "on every iteration of a for...of loop", "in the POST route handler"… */
      readonly context: string;
      readonly voidOperator: TSESTree.UnaryExpression | undefined;
      /** The value is an array of tasks (`items.map(async …)`), not one task. */
      readonly array: boolean;
      /**
       * `Promise.all` when the task is the last statement of a map callback that returns nothing
       * else and the map's result goes to that combinator: the callback forgot to return it.
       */
      readonly unreturnedInto?: string;
      /** The statement that discards the task, when it is a plain expression statement. */
      readonly statement?: TSESTree.ExpressionStatement;
      /** Reported with `reportHandled` though its failure is handled: how (see failureHandling). */
      readonly failureHandling?: 'caught' | 'catches-own';
      /** With `failureHandling: 'catches-own'`: the function of another file that cannot reject, which the proof rests on. */
      readonly settledBy?: SettledCall;
    }
  | {
      /** `items.forEach((x) => save(x))`: the callback returns the task, and forEach drops it. */
      readonly kind: 'callbackResult';
      readonly node: TSESTree.CallExpression | TSESTree.NewExpression;
      readonly task: string;
      readonly context: string;
    }
  | {
      /** `items.forEach(async (x) => …)`: forEach drops the promise of every call. */
      readonly kind: 'asyncForEach';
      /** The callback. */
      readonly node: TSESTree.Node;
    };

/**
 * A task dropped by an array method, wrong wherever the code runs: forEach throws away what its
 * callback returns (`asyncForEach`, `callbackResult`), a `map(async …)` whose array of promises is
 * thrown away, a map callback that does not return its task into `Promise.all`. The rule's
 * `report: 'definite'` reports only these (a failure-handled one, reported only with
 * `reportHandled`, is not definite).
 */
export function isDefiniteFloatingTask(finding: FloatingTaskFinding): boolean {
  if (finding.kind !== 'discarded') return true;
  return (finding.array || finding.unreturnedInto !== undefined) && finding.failureHandling === undefined;
}

interface DiscardedCandidate {
  readonly expression: TSESTree.CallExpression | TSESTree.NewExpression;
  readonly voidOperator: TSESTree.UnaryExpression | undefined;
}

/**
 * Tasks started again and again and tracked by nobody: a promise-returning call whose result a
 * statement or `void` throws away inside a loop, an iteration callback or a per-request/message
 * handler, and async callbacks (or callbacks returning a task) given to forEach. Without types a
 * call is a task when it calls a function declared async (or annotated to return a Promise) in
 * this file, resolved by binding (also `this.method()` and methods of a class or object declared
 * here), `new Promise`, a Promise combinator, a `.then`/`.catch`/`.finally` chain on one of
 * those, an async IIFE, or an API from the catalogue; with `typeAware`, any thenable.
 * `track(task)` hands the task to a registry and is never reported.
 */
export const createFloatingTaskDetector: DetectorFactory<FloatingTaskOptions, FloatingTaskFinding> = (ctx, options) => {
  const discarded: DiscardedCandidate[] = [];
  const forEachCalls: TSESTree.CallExpression[] = [];

  const visitors = {
    ExpressionStatement(node: TSESTree.ExpressionStatement) {
      let expression = unwrapExpression(node.expression);
      let voidOperator: TSESTree.UnaryExpression | undefined;
      if (expression.type === 'UnaryExpression' && expression.operator === 'void') {
        voidOperator = expression;
        expression = unwrapExpression(expression.argument);
      }
      if (expression.type === 'CallExpression' || expression.type === 'NewExpression')
        discarded.push({ expression, voidOperator });
    },
    CallExpression(node: TSESTree.CallExpression) {
      const callee = unwrapExpression(node.callee);
      if (callee.type === 'MemberExpression' && staticPropertyName(callee) === 'forEach' && node.arguments.length > 0)
        forEachCalls.push(node);
    },
  };

  const tasks = createTaskRecognizer(ctx, options.typeAware);
  const spared: SparedSite[] = [];

  const frequency = frequencyModelOf(ctx);
  /**
   * Where the task repeats, for the message: per element of a loop or iteration callback, or per
   * request, message or job of a handler (as the frequency model says: in this file, or a helper
   * the project index finds a handler in another file runs). Undefined otherwise. A
   * loop is judged by its body, wherever it runs: each element's dropped task goes unhandled, at
   * load as much as per request.
   */
  const repeatedContext = (node: TSESTree.Node, repetition: Repetition | undefined): string | undefined => {
    if (repetition?.kind === 'loop') return `on every iteration of a ${loopLabel(repetition.node)}`;
    if (repetition) return `once per element in a ${repetition.method} callback`;
    const handler = perUnitHandlerOf(frequency, node);
    if (handler) return `in the ${handler.description}`;
    const service = serviceMethodOf(ctx, node) ?? indexHandlerOf(ctx, node, { instances: true });
    return service ? `in ${service.description}` : undefined;
  };

  const describeTask = (expression: TSESTree.CallExpression | TSESTree.NewExpression): string => {
    if (expression.type === 'NewExpression') return '`new Promise(…)`';
    const callee = unwrapExpression(expression.callee);
    if (isFunctionNode(callee)) return 'an async IIFE';
    return `\`${shortText(ctx, callee)}(…)\``;
  };

  // Most discarded calls are no task. Without types, recognising one is cheaper than asking the
  // frequency model where it runs; with types, the checker is the dearer question and goes last.
  const recogniseTaskFirst = !options.typeAware;

  const finish = (): FloatingTaskFinding[] => {
    const findings: FloatingTaskFinding[] = [];
    for (const { expression, voidOperator } of discarded) {
      if (tasks.isArrayOfTasks(expression)) {
        const shortLived = exemptionOf(SHORT_LIVED_FILE_EXEMPTIONS, { ctx });
        if (shortLived) {
          spared.push({ node: expression, exemption: shortLived.name });
          continue;
        }
        // `rooms.map(async (room) => { try { … } catch (e) { log(e) } })`: each task handles its failure.
        if (!options.reportHandled && failureHandling(ctx, tasks, expression)) {
          spared.push({ node: expression, exemption: 'failure-handled' });
          continue;
        }
        findings.push({
          kind: 'discarded',
          node: expression,
          task: describeTask(expression),
          context: 'for every element',
          voidOperator,
          array: true,
        });
        continue;
      }
      if (recogniseTaskFirst && !tasks.isTask(expression)) continue;
      const repetition = repetitionOf(expression);
      const context = repeatedContext(expression, repetition);
      if (context === undefined || (!recogniseTaskFirst && !tasks.isTask(expression))) continue;
      const exemption = exemptionOf(DISCARDED_TASK_EXEMPTIONS, {
        ctx,
        tasks,
        expression,
        repetition,
        reportHandled: options.reportHandled === true,
      });
      if (exemption) {
        spared.push({ node: expression, exemption: exemption.name });
        continue;
      }
      const statement = voidOperator ? undefined : statementOf(expression);
      const unreturnedInto = statement && unreturnedFromCollectedMap(ctx, statement);
      // Without reportHandled a handled task was spared above; with it, the message says how it is handled.
      const handling = options.reportHandled ? failureHandling(ctx, tasks, expression) : undefined;
      const settledBy = handling === 'catches-own' ? settledElsewhere(ctx, tasks, expression) : undefined;
      findings.push({
        kind: 'discarded',
        node: expression,
        task: describeTask(expression),
        context,
        voidOperator,
        array: false,
        ...(unreturnedInto && { unreturnedInto, statement }),
        ...(handling && { failureHandling: handling }),
        ...(settledBy && { settledBy }),
      });
    }
    for (const call of forEachCalls) {
      const callback = unwrapExpression(call.arguments[0]!);
      // The same reasons spare a callback that returns its task and an async one.
      const sparedForEach = (node: TSESTree.Node): boolean => {
        const exemption = exemptionOf(ASYNC_FOREACH_EXEMPTIONS, {
          ctx,
          tasks,
          call,
          reportHandled: options.reportHandled === true,
        });
        if (exemption) spared.push({ node, exemption: exemption.name });
        return exemption !== undefined;
      };
      if (
        isFunctionNode(callback) &&
        callback.type === 'ArrowFunctionExpression' &&
        callback.expression &&
        !callback.async
      ) {
        const body = unwrapExpression(callback.body);
        if (
          (body.type === 'CallExpression' || body.type === 'NewExpression') &&
          tasks.isTask(body) &&
          !sparedForEach(body)
        ) {
          findings.push({
            kind: 'callbackResult',
            node: body,
            task: describeTask(body),
            context: 'once per element in a forEach callback',
          });
        }
      } else if (tasks.callbackReturnsTask(callback) && !sparedForEach(callback)) {
        findings.push({ kind: 'asyncForEach', node: callback });
      }
    }
    return findings;
  };

  return { visitors, finish, spared: () => [...spared].sort((a, b) => a.node.range[0] - b.node.range[0]) };
};

/**
 * `xs.map((x) => { task(x); })` whose result goes to `Promise.all` (directly, or through a const
 * passed to it): the task is the callback's last statement and the callback returns nothing else,
 * so returning the task is the whole fix. The combinator's name (`Promise.all`), or undefined.
 */
function unreturnedFromCollectedMap(ctx: AnalysisContext, statement: TSESTree.ExpressionStatement): string | undefined {
  const block = statement.parent;
  const callback = block?.parent;
  if (
    block?.type !== 'BlockStatement' ||
    block.body[block.body.length - 1] !== statement ||
    !callback ||
    !isFunctionNode(callback) ||
    callback.body !== block
  )
    return undefined;
  const map = callback.parent;
  if (map?.type !== 'CallExpression' || map.arguments[0] !== callback) return undefined;
  const callee = unwrapExpression(map.callee);
  if (callee.type !== 'MemberExpression' || !COLLECTING_METHODS.has(staticPropertyName(callee) ?? '')) return undefined;
  if (hasOwnNode(block, returnsValue)) return undefined;
  const result = outermostWrapperOf(map);
  const combinatorOf = (argument: TSESTree.Node): string | undefined => {
    const call = argument.parent;
    if (call?.type !== 'CallExpression' || call.arguments[0] !== argument) return undefined;
    const method = promiseCombinatorOf(ctx, call);
    return method && `Promise.${method}`;
  };
  const direct = combinatorOf(result);
  if (direct) return direct;
  const declarator = result.parent;
  if (
    declarator?.type !== 'VariableDeclarator' ||
    declarator.init !== result ||
    declarator.id.type !== 'Identifier' ||
    declarator.parent.kind !== 'const'
  )
    return undefined;
  const variable = resolveIdentifier(ctx, declarator.id);
  for (const ref of variable?.references ?? []) {
    if (ref.init) continue;
    const use = outermostWrapperOf(ref.identifier);
    const combinator = combinatorOf(use);
    if (combinator) return combinator;
  }
  return undefined;
}
