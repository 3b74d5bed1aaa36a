import type { TSESTree } from '@typescript-eslint/utils';
import type { AnalysisContext } from '../../core/context.js';
import { projectKeyProvenance } from '../../frequency/frequency-of.js';
import type { KeyProvenance } from '../../project/provenance.js';

/* Where a cache key's value comes from across files, as the project index traces it (provenance.ts). */

/**
 * Where a cache key's value comes from, across files, when the project index is on (undefined
 * without it): request input, finite values, or unknown, with the chain of reasons.
 */
export function keyOriginOf(ctx: AnalysisContext, key: TSESTree.Node): KeyProvenance | undefined {
  return projectKeyProvenance(ctx, key);
}

/** True when the project index traces `key` to request input (a handler's request, a message, a job, socket data). */
export function isRequestKey(ctx: AnalysisContext, key: TSESTree.Node | undefined): boolean {
  return key !== undefined && keyOriginOf(ctx, key)?.kind === 'request';
}

/**
 * What a message adds after naming where an entry is added, when the project index traced its key
 * to request input: ", keyed by request input: `id` comes from parameter 1 of getOrder() (…)". Empty otherwise.
 */
export function requestKeyReason(ctx: AnalysisContext, key: TSESTree.Node | undefined): string {
  const origin = key === undefined ? undefined : keyOriginOf(ctx, key);
  return origin?.kind === 'request' ? `, keyed by request input (${origin.evidence.join('; ')})` : '';
}
