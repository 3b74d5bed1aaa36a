import type { TSESTree } from '@typescript-eslint/utils';
import { enclosingFunction } from '../core/ast.js';
import type { AnalysisContext } from '../core/context.js';
import type { RepeatKind } from '../knowledge/entry-points.js';
import { describeFunction } from './describe-function.js';
import { frequencyModelOf } from './frequency-of.js';
import type { HandlerInfo } from './handlers.js';

interface IndexHandlerOptions {
  /** A function a component calls as it renders counts as per request (a server component renders per request, a browser one per update). */
  readonly renders?: boolean;
  /** Code that runs per instance counts where the index finds its class built per request, message or job. */
  readonly instances?: boolean;
}

/**
 * The function `node` runs in, when the project index says from other files that it runs per
 * request, message or job (a helper a route in another file calls, through any chain): judged as
 * that handler's body, and named with the index's chain ("function `sendEmail` (runs per request:
 * called from the POST /signup handler (src/routes.ts:12))"). Undefined for any other answer, or
 * one this file made.
 */
export function indexHandlerOf(
  ctx: AnalysisContext,
  node: TSESTree.Node,
  { renders = false, instances = false }: IndexHandlerOptions = {},
): HandlerInfo | undefined {
  const fn = enclosingFunction(node);
  const model = frequencyModelOf(ctx);
  const answer = instances ? model.repeatsAcrossFiles(node) : model.of(node);
  if (!fn || answer?.kind !== 'repeats' || !answer.crossFile) return undefined;
  const per: RepeatKind | 'callers' | undefined =
    renders && answer.repeatKind === 'render' ? 'request' : answer.repeatKind;
  if (per !== 'request' && per !== 'message' && per !== 'job') return undefined;
  return { fn, description: `${describeFunction(ctx, fn)} (${answer.evidence})`, nodeHttp: false, per };
}
