import type { TSESTree } from '@typescript-eslint/utils';
import {
  classVariablesOf,
  containsIdentifier,
  declaredVariableOf,
  enclosingFunction,
  keyName,
  newSitesOf,
  within,
  type FunctionNode,
} from '../core/ast.js';
import { resolveIdentifier, type AnalysisContext } from '../core/context.js';
import { INSTANCE_SETUP_METHOD } from '../knowledge/lifecycle.js';
import { frequencyModelOf } from './frequency-of.js';
import { constructorAcrossFiles, longLivedInstancesOf } from './instance-lifecycle.js';
import type { Repetition } from './repetition.js';
import { runsWhileConstructing } from './run-context.js';
import { onceCallbackHost } from './runs-once.js';

/** Why a pass over a list is start-up work, for a test or a message. */
export interface StartupPass {
  readonly evidence: string;
}

/** How many local declarations an iterated value is followed through to what it is built from. */
const MAX_VALUE_DEPTH = 4;

type ClassNode = TSESTree.ClassDeclaration | TSESTree.ClassExpression;

/**
 * A pass over a list (`for…of`, `for…in`, a bounded `for`, `list.forEach(cb)`) that runs at
 * start-up over items already known, not per item of incoming work:
 * - the frequency model says the pass itself runs once per process (load, start-up code); or
 * - it runs as an instance is set up (its constructor, a method only the constructor calls, a
 *   method named like a set-up routine, `init`, `startDriver`, `bind`: INSTANCE_SETUP_METHOD, or
 *   a once-firing callback of those: `process.nextTick`, `driver.once('ready', …)`, `new
 *   Promise`), over what the instance or the module holds rather than over the set-up's
 *   parameters, and nothing shows the class is built again and again (the project index, or a
 *   `new` in this file that repeats). When no caller builds the class (a plugin's default export
 *   the host builds), how often it is built is unknown, and such a pass counts as start-up work.
 * Undefined otherwise: loops that may run until stopped, `for await` over arriving items, passes
 * the model says repeat, passes over a parameter (a response's records, an event's payload).
 */
export function startupPassOf(ctx: AnalysisContext, repetition: Repetition): StartupPass | undefined {
  const pass = repetition.node;
  const iterated = iteratedValueOf(repetition);
  if (!iterated) return undefined;
  const model = frequencyModelOf(ctx);
  const answer = model.of(pass);
  if (answer.kind === 'load' || answer.kind === 'once') return { evidence: answer.evidence };
  if (answer.kind === 'repeats') return undefined;
  const setUp = setUpFunctionOf(ctx, pass);
  if (!setUp) return undefined;
  if (builtAgainAndAgain(ctx, setUp.fn) || readsParameters(ctx, iterated, setUp.fn)) return undefined;
  const cls = classOf(setUp.fn);
  const lived = cls && longLivedInstancesOf(ctx, cls);
  return { evidence: lived ? `${setUp.description} of ${lived.evidence}` : setUp.description };
}

/**
 * What a pass over a list iterates: the list of `for…of`/`for…in`, the bound of `for (…; i < n; …)`,
 * the receiver of `list.forEach(cb)`. Undefined for loops that may run until stopped (`while`,
 * `for (;;)`) and `for await`, whose items arrive while it runs.
 */
function iteratedValueOf(repetition: Repetition): TSESTree.Node | undefined {
  if (repetition.kind === 'iteration-callback') {
    const { callee } = repetition.node;
    return callee.type === 'MemberExpression' ? callee.object : undefined;
  }
  const { node } = repetition;
  if (node.type === 'ForOfStatement') return node.await ? undefined : node.right;
  if (node.type === 'ForInStatement') return node.right;
  if (node.type === 'ForStatement') return node.test ?? undefined;
  return undefined;
}

/**
 * The function that sets an instance up and runs the pass, looking outwards through immediately
 * invoked functions and once-firing callbacks: a constructor, a method only the constructor
 * calls, a method named like a set-up routine, or an ES5 constructor function.
 */
function setUpFunctionOf(
  ctx: AnalysisContext,
  pass: TSESTree.Node,
): { readonly fn: FunctionNode; readonly description: string } | undefined {
  let fn = enclosingFunction(pass);
  for (let hops = 0; fn && hops < 8; hops++) {
    const call = fn.parent;
    if (call?.type === 'CallExpression' && call.callee === fn) {
      fn = enclosingFunction(call);
      continue;
    }
    const host = onceCallbackHost(ctx, fn);
    if (host) {
      fn = enclosingFunction(host);
      continue;
    }
    const method = fn.parent;
    if (method?.type === 'MethodDefinition' && method.value === fn && !method.static) {
      if (method.kind === 'constructor') return { fn, description: 'runs as an instance is built' };
      const name = keyName(method.key, method.computed);
      if (name !== undefined && INSTANCE_SETUP_METHOD.test(name))
        return { fn, description: `runs as an instance is set up, in \`${name}()\`` };
    }
    if (runsWhileConstructing(ctx, fn)) return { fn, description: 'runs as an instance is built' };
    return undefined;
  }
  return undefined;
}

function classOf(fn: FunctionNode): ClassNode | undefined {
  const method = fn.parent;
  return method?.type === 'MethodDefinition' ? method.parent.parent : undefined;
}

/**
 * The instances are built again and again: the project index says the constructor runs again
 * and again, or a `new` in this file does (made per request, per message, in a loop). `setUp` is
 * a class's method or an ES5 constructor function.
 */
function builtAgainAndAgain(ctx: AnalysisContext, setUp: FunctionNode): boolean {
  const model = frequencyModelOf(ctx);
  const cls = classOf(setUp);
  const across = cls ? constructorAcrossFiles(ctx, cls) : setUp.body ? model.acrossFiles(setUp.body) : undefined;
  if (across?.kind === 'repeats') return true;
  const variables = cls ? classVariablesOf(ctx, cls) : [declaredVariableOf(ctx, setUp)].filter((v) => v !== undefined);
  return newSitesOf(variables).some((creation) => model.repeats(creation));
}

/**
 * The iterated value reads a parameter of the set-up function or of a function inside it (the
 * items were handed in: a response's records, an event's payload), directly or through local
 * declarations made from one (`const files = readdirSync(dir)` with `dir` a parameter).
 */
function readsParameters(ctx: AnalysisContext, value: TSESTree.Node, setUp: FunctionNode, depth = 0): boolean {
  if (depth > MAX_VALUE_DEPTH) return true;
  return containsIdentifier(value, (identifier) => {
    if (identifier.name === 'arguments') return true;
    const variable = resolveIdentifier(ctx, identifier);
    // Declared in the set-up function or a function inside it (its parameters included).
    if (!variable || !within(setUp, variable.scope.block)) return false;
    return variable.defs.some(
      (def) =>
        def.type === 'Parameter' ||
        (def.node.type === 'VariableDeclarator' &&
          def.node.init !== null &&
          readsParameters(ctx, def.node.init, setUp, depth + 1)),
    );
  });
}
