import { mentionsClientPackage } from '../src/families/clients/catalogue-match.js';
import { defineCodemod } from '../src/codemod-kit/define-codemod.js';
import { toCodemodPlan } from '../src/codemod-kit/site-plans.js';
import { clientFindingsToRewrite, planClientFile } from '../src/families/clients/rewrite-plans.js';

export type Options = Record<string, never>;

/**
 * Rewrites what no-client-in-getter, no-client-in-loop and no-client-in-handler report (with their
 * default options): a getter keeps its client in a private field filled once with ??=; a client
 * built per iteration is hoisted before the outermost loop when nothing it is built from changes
 * between iterations; a client built per request becomes one lazily created module-level instance
 * when it is built from module-level values only. Everything else is left with a reason.
 */
export const codemod = defineCodemod<Options>({
  name: 'memoize-client',
  rules: ['no-client-in-getter', 'no-client-in-handler', 'no-client-in-loop'],
  options: [],
  // Without types, a client is only ever recognised through an import or require of its package.
  mightApply: (source) => mentionsClientPackage(source),
  plan(ctx, _options, reportedBy) {
    return toCodemodPlan(
      planClientFile(ctx, clientFindingsToRewrite(ctx, reportedBy)),
      (finding) => `${finding.client} in ${finding.placement.where}`,
    );
  },
});

export default codemod.transform;
export const parser = 'tsx';
