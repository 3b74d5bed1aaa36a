import type { TSESTree } from '@typescript-eslint/utils';
import { classVariablesOf, className, type FunctionNode } from '../../core/ast.js';
import type { AnalysisContext } from '../../core/context.js';
import { perUnitHandlerOf, type FrequencyModel } from '../../frequency/frequency-of.js';
import type { HandlerInfo } from '../../frequency/repetition.js';

/*
 * A client built in a constructor runs once per instance: a leak when the class itself is built
 * per request, message or job (a service or model class a handler news up), and not when it is
 * built once (a singleton made at start-up). Asked only for code the model answers 'per-instance'.
 */

/**
 * The handler that builds the class whose constructor `fn` is, per request, message or job: every
 * `new C()` of this file runs in one, or the project index says the constructor repeats per such
 * a unit (built in a handler in another file). Judged as that handler's body.
 */
export function perRequestInstanceOf(
  ctx: AnalysisContext,
  frequency: FrequencyModel,
  node: TSESTree.Node,
  fn: FunctionNode | undefined,
): HandlerInfo | undefined {
  const member = fn?.parent;
  if (!fn || member?.type !== 'MethodDefinition' || member.kind !== 'constructor') return undefined;
  if (frequency.of(node).kind !== 'per-instance') return undefined;
  const cls = member.parent.parent;
  const name = className(member.parent) ?? 'an anonymous class';
  const across = frequency.acrossFiles(node);
  if (across?.kind === 'repeats' && across.repeatKind && UNITS.has(across.repeatKind))
    return {
      fn,
      description: `the constructor of class \`${name}\` (${across.evidence})`,
      nodeHttp: false,
      per: across.repeatKind as HandlerInfo['per'],
    };
  const handlers = newSitesOf(ctx, cls).map((site) => handlerOfSite(frequency, site));
  const [first] = handlers;
  if (!first || handlers.some((h) => h === undefined)) return undefined;
  return {
    fn,
    description: `the constructor of class \`${name}\` (built in the ${first.description})`,
    nodeHttp: false,
    per: first.per,
  };
}

const UNITS: ReadonlySet<string> = new Set(['request', 'message', 'job']);

/** `new C(…)` sites of this file. */
function newSitesOf(ctx: AnalysisContext, cls: TSESTree.ClassDeclaration | TSESTree.ClassExpression): TSESTree.Node[] {
  return classVariablesOf(ctx, cls).flatMap((variable) =>
    variable.references.flatMap(({ identifier }) =>
      identifier.parent?.type === 'NewExpression' && identifier.parent.callee === identifier ? [identifier.parent] : [],
    ),
  );
}

/** The handler a `new C()` runs in: directly, or in a helper every caller of which is one. */
function handlerOfSite(frequency: FrequencyModel, site: TSESTree.Node): HandlerInfo | undefined {
  const direct = perUnitHandlerOf(frequency, site);
  if (direct) return direct;
  const answer = frequency.of(site);
  return answer.kind === 'repeats' && answer.repeatKind === 'callers' ? answer.handler : undefined;
}
