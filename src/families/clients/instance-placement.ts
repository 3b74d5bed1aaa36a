import type { TSESTree } from '@typescript-eslint/utils';
import {
  classVariablesOf,
  className,
  constructorOf,
  declaredVariableOf,
  isFunctionNode,
  newSitesOf,
  type FunctionNode,
} from '../../core/ast.js';
import type { AnalysisContext, Variable } from '../../core/context.js';
import { perUnitHandlerOf, type FrequencyModel } from '../../frequency/frequency-of.js';
import type { HandlerInfo } from '../../frequency/handlers.js';
import { runsWhileConstructing } from '../../frequency/run-context.js';

/*
 * A client built while an instance is set up runs once per instance: a leak when the instance
 * itself is built per request, message or job (a service, model or wrapper a handler news up), and
 * not when it is built once (a singleton made at start-up). Three ways to set up an instance:
 * a class constructor, a class field initializer (`client = new Redis()`, which runs as the
 * constructor does), and an old-style constructor function (`function Store() { this.client = … }`
 * used with `new`).
 */

type ClassNode = TSESTree.ClassDeclaration | TSESTree.ClassExpression;

/** What sets an instance up around a construction, and how messages name it. */
interface InstanceSetUp {
  /** The `new` sites of this file that build such an instance. */
  readonly variables: readonly Variable[];
  /** The constructor's body, to ask the project index about (it knows a class by its constructor). */
  readonly constructorBody: TSESTree.Node | undefined;
  /** The function the construction is in, when it is one (constructor or constructor function). */
  readonly fn: FunctionNode | undefined;
  /** "the constructor of class `Store`", "a field initializer of class `Store`", "constructor function `Store`". */
  readonly description: string;
}

/**
 * The handler that builds the instance a construction is set up for, per request, message or job:
 * every `new` of this file runs in one, or the project index says the constructor repeats per
 * such a unit (built in a handler in another file). Judged as that handler's body.
 */
export function perRequestInstanceOf(
  ctx: AnalysisContext,
  frequency: FrequencyModel,
  node: TSESTree.Node,
  fn: FunctionNode | undefined,
): HandlerInfo | undefined {
  const setUp = instanceSetUpOf(ctx, frequency, node, fn);
  if (!setUp) return undefined;
  const across = setUp.constructorBody ? frequency.acrossFiles(setUp.constructorBody) : undefined;
  if (setUp.fn && across?.kind === 'repeats' && across.repeatKind && UNITS.has(across.repeatKind))
    return {
      fn: setUp.fn,
      description: `${setUp.description} (${across.evidence})`,
      nodeHttp: false,
      per: across.repeatKind as HandlerInfo['per'],
    };
  const handlers = newSitesOf(setUp.variables).map((site) => handlerOfSite(frequency, site));
  const [first] = handlers;
  if (!first || handlers.some((h) => h === undefined)) return undefined;
  return {
    // A field initializer has no function of its own: the handler that builds the instance stands for it.
    fn: setUp.fn ?? first.fn,
    description: `${setUp.description} (built in the ${first.description})`,
    nodeHttp: false,
    per: first.per,
  };
}

const UNITS: ReadonlySet<string> = new Set(['request', 'message', 'job']);

function instanceSetUpOf(
  ctx: AnalysisContext,
  frequency: FrequencyModel,
  node: TSESTree.Node,
  fn: FunctionNode | undefined,
): InstanceSetUp | undefined {
  const field = fieldInitializerOf(node);
  if (field) {
    const body = field.parent;
    const ctor = constructorOf(body)?.value;
    const ctorFn = ctor?.type === 'FunctionExpression' ? ctor : undefined;
    return {
      variables: classVariablesOf(ctx, body.parent),
      constructorBody: ctorFn?.body,
      fn: ctorFn,
      description: `a field initializer of class \`${className(body) ?? 'an anonymous class'}\``,
    };
  }
  if (!fn || frequency.of(node).kind !== 'per-instance') return undefined;
  const member = fn.parent;
  if (member?.type === 'MethodDefinition' && member.kind === 'constructor') {
    const cls: ClassNode = member.parent.parent;
    return {
      variables: classVariablesOf(ctx, cls),
      constructorBody: node,
      fn,
      description: `the constructor of class \`${className(member.parent) ?? 'an anonymous class'}\``,
    };
  }
  // `function Store(opts) { this.client = … }`, built with `new Store()`.
  if (fn.type === 'FunctionDeclaration' && fn.id && runsWhileConstructing(ctx, fn)) {
    const variable = declaredVariableOf(ctx, fn);
    return {
      variables: variable ? [variable] : [],
      constructorBody: node,
      fn,
      description: `constructor function \`${fn.id.name}\``,
    };
  }
  return undefined;
}

/** The instance field `node` initialises (`client = new Redis()` in a class body), with no function between. */
function fieldInitializerOf(node: TSESTree.Node): TSESTree.PropertyDefinition | undefined {
  let child: TSESTree.Node = node;
  for (let current = node.parent; current; child = current, current = current.parent) {
    if (isFunctionNode(current)) return undefined;
    if (current.type === 'PropertyDefinition')
      return current.value === child && !current.static && !current.computed ? current : undefined;
  }
  return undefined;
}

/** The handler a `new C()` runs in: directly, or in a helper every caller of which is one. */
function handlerOfSite(frequency: FrequencyModel, site: TSESTree.Node): HandlerInfo | undefined {
  const direct = perUnitHandlerOf(frequency, site);
  if (direct) return direct;
  const answer = frequency.of(site);
  return answer.kind === 'repeats' && answer.repeatKind === 'callers' ? answer.handler : undefined;
}
