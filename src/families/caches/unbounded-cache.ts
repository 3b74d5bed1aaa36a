import type { TSESTree } from '@typescript-eslint/utils';
import type { AnalysisContext } from '../../core/context.js';
import type { DetectorFactory } from '../../core/detector.js';
import type { Exemption, SparedSite } from '../../core/exemptions.js';
import { isShortLivedFile } from '../../core/file-role.js';
import { staticPropertyName, unwrapExpression } from '../../core/imports.js';
import { MEMOIZER_MODULES, type MemoizerLibrary } from '../../knowledge/caches.js';
import { collectionCandidates } from './collection-sites.js';
import { judgeCollection } from './judge-collection.js';
import { frequencyModelOf } from '../../frequency/frequency-of.js';
import { MemberIndex } from './member-index.js';
import { MEMOIZER_EXEMPTIONS, memoizeCallOf, memoizerFinding, memoizerLibrary, topLevelImports } from './memoizers.js';
import { exemptionOf } from '../../core/exemptions.js';
import type { UnboundedCacheFinding, UnboundedCacheOptions } from './findings.js';

/** The file-wide exemption, checked before any site: the first row of the rule's table. */
export const SHORT_LIVED_FILE: Exemption<AnalysisContext> = {
  name: 'short-lived-file',
  reason:
    'a test file or a one-shot script (with the project index, also a file only such programs load) ends when its work is done, and what it collects goes with it.',
  applies: (ctx) => isShortLivedFile(ctx),
};

/**
 * Long-lived collections (module scope, static fields, globalThis; instance fields on request)
 * that code running again and again adds entries to under keys that are not a fixed few, while
 * nothing in the module ever deletes, clears, caps, reassigns or size-checks them; plus lodash
 * and memoizee memoizers created at module load with no bound. Collections handed to other code
 * are left alone unless `reportEscaping`: that code may evict them.
 */
export const createUnboundedCacheDetector: DetectorFactory<UnboundedCacheOptions, UnboundedCacheFinding> = (
  ctx,
  options,
) => {
  const memoizeCalls: { call: TSESTree.CallExpression; library: MemoizerLibrary }[] = [];
  let imports: Map<string, string> | undefined;
  const frequency = frequencyModelOf(ctx);
  const members = new MemberIndex(ctx.ast);
  const spared: SparedSite[] = [];
  let shortLived = false;

  return {
    visitors: {
      CallExpression(node) {
        const callee = unwrapExpression(node.callee);
        // Cheap: a memoizer is a name imported from a memoizer module, or a `.memoize` property.
        if (callee.type === 'Identifier') {
          imports ??= topLevelImports(ctx.ast);
          const source = imports.get(callee.name);
          if (source === undefined || !MEMOIZER_MODULES.has(source)) return;
        } else if (callee.type !== 'MemberExpression' || staticPropertyName(callee) !== 'memoize') {
          return;
        }
        const library = memoizerLibrary(ctx, callee);
        if (library) memoizeCalls.push({ call: node, library });
      },
    },
    finish() {
      // The file alone first (cheap); the project index is asked only once there is a candidate.
      if (isShortLivedFile(ctx, { acrossFiles: false })) {
        shortLived = true;
        return [];
      }
      const candidates = collectionCandidates(ctx, options);
      if (candidates.length === 0 && memoizeCalls.length === 0) return [];
      if (SHORT_LIVED_FILE.applies(ctx)) {
        shortLived = true;
        return [];
      }
      const findings: UnboundedCacheFinding[] = [];
      const spare = (site: SparedSite): void => void spared.push(site);
      for (const candidate of candidates) {
        const finding = judgeCollection(ctx, options, frequency, members, candidate, spare);
        if (finding) findings.push(finding);
      }
      for (const { call, library } of memoizeCalls) {
        const memoizeCall = memoizeCallOf(ctx, options, frequency, members, call, library);
        if (!memoizeCall) continue;
        const exemption = exemptionOf(MEMOIZER_EXEMPTIONS, memoizeCall);
        if (exemption) spare({ node: call, exemption: exemption.name });
        else findings.push(memoizerFinding(memoizeCall));
      }
      return findings.sort((a, b) => a.node.range[0] - b.node.range[0]);
    },
    spared() {
      // Only tests ask: a short-lived file's sites are listed here rather than paid for in every lint.
      const sites = shortLived
        ? [
            ...collectionCandidates(ctx, options).map((candidate) => candidate.node),
            ...memoizeCalls.map(({ call }) => call),
          ].map((node) => ({ node, exemption: SHORT_LIVED_FILE.name }))
        : spared;
      return [...sites].sort((a, b) => a.node.range[0] - b.node.range[0]);
    },
  };
};
