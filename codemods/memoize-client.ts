import { runDetector } from '../src/analysis/parse.js';
import { defineCodemod, locationOf, type LeftSite, type RewrittenSite } from '../src/codemod-kit/define-codemod.js';
import type { TextEdit } from '../src/codemod-kit/edits.js';
import { createClientConstructionDetector, DEFAULT_CLIENT_OPTIONS } from '../src/detectors/client-construction.js';
import { ClientRewriteContext } from '../src/detectors/client-rewrite.js';
import { planClientRewrite } from '../src/detectors/client-rewrite-plans.js';

export type Options = Record<string, never>;

/**
 * Rewrites what no-client-in-getter, no-client-in-loop and no-client-in-handler report (with their
 * default options): a getter keeps its client in a private field filled once with ??=; a client
 * built per iteration is hoisted before the loop when nothing it is built from changes between
 * iterations; a client built per request becomes one lazily created module-level instance when it
 * is built from module-level values only. Everything else is left with a reason.
 */
export const codemod = defineCodemod<Options>({
  name: 'memoize-client',
  options: [],
  // Every client is built with `new`, or by a call on an imported name (createPool, axios.create, knex(…)).
  mightApply: (source) => /\bnew\s|\b(?:import|require)\b/.test(source),
  plan(ctx) {
    const findings = runDetector(ctx, createClientConstructionDetector, DEFAULT_CLIENT_OPTIONS).filter((finding) => !finding.closed);
    const rc = new ClientRewriteContext(ctx);
    const edits: TextEdit[] = [];
    const rewritten: RewrittenSite[] = [];
    const left: LeftSite[] = [];
    for (const finding of findings) {
      const plan = planClientRewrite(rc, finding);
      const site = { ...locationOf(finding.node), what: `${finding.client} in ${finding.placement.where}` };
      if (plan.ok) {
        edits.push(...plan.edits);
        rewritten.push(site);
      } else {
        left.push({ ...site, reason: plan.reason });
      }
    }
    return { edits, rewritten, left };
  },
});

export default codemod.transform;
export const parser = 'tsx';
