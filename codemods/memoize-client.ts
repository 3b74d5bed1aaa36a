import { runDetector } from '../src/analysis/parse.js';
import { mentionsClientPackage } from '../src/catalogue/clients.js';
import { collectSitePlans, defineCodemod } from '../src/codemod-kit/define-codemod.js';
import { createClientConstructionDetector, DEFAULT_CLIENT_OPTIONS } from '../src/detectors/client-construction.js';
import { ClientRewriteContext } from '../src/detectors/client-rewrite.js';
import { planClientRewrite } from '../src/detectors/client-rewrite-plans.js';

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
    // Clients closed in the same iteration or call are reported only with reportClosed, and sharing one would break the close.
    const findings = runDetector(ctx, createClientConstructionDetector, DEFAULT_CLIENT_OPTIONS).filter(
      (finding) => !finding.closed && reportedBy(`no-client-in-${finding.placement.kind}`, finding.node),
    );
    const rc = new ClientRewriteContext(ctx);
    return collectSitePlans(
      findings,
      (finding) => `${finding.client} in ${finding.placement.where}`,
      (finding) => planClientRewrite(rc, finding),
    );
  },
});

export default codemod.transform;
export const parser = 'tsx';
