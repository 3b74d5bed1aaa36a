import type { ReportedBy } from '../../codemod-kit/define-codemod.js';
import type { AnalysisContext } from '../../core/context.js';
import { runDetector } from '../../core/parse.js';
import type { FilePlan, PlanStep } from '../../codemod-kit/site-plans.js';
import { createClientConstructionDetector, DEFAULT_CLIENT_OPTIONS } from './construction.js';
import type { ClientFinding } from './types.js';
import { ClientRewriteContext, type ClientRewrite } from './memoize-rewrite.js';
import { planGetter } from './getter-plan.js';
import { planLoop } from './loop-plan.js';
import { planHandler } from './handler-plan.js';

/*
 * How memoize-client rewrites each finding of the client-construction detector:
 * getter → a private field (or, for an object built once at module level, a module variable)
 * filled once with ??= (getter-plan.ts); loop → hoisted before the loop (loop-plan.ts); handler →
 * a module-level lazily created instance (handler-plan.ts). Each plan either gives text edits or a
 * reason to leave the site.
 */

/**
 * The findings memoize-client handles: those the client rules report with their default options.
 * Clients closed in the same iteration or call are reported only with reportClosed, and sharing one would break the close.
 */
export function clientFindingsToRewrite(ctx: AnalysisContext, reportedBy: ReportedBy): ClientFinding[] {
  return runDetector(ctx, createClientConstructionDetector, DEFAULT_CLIENT_OPTIONS).filter(
    (finding) => !finding.closed && reportedBy(`no-client-in-${finding.placement.kind}`, finding.node),
  );
}

/**
 * The memoize-client plan of a file, site by site, planned in order on one context (so names and
 * shared getters are the codemod's): a handler that calls a getter an earlier handler added is
 * bound to that handler, since neither rewrite stands without the other.
 */
export function planClientFile(ctx: AnalysisContext, findings: readonly ClientFinding[]): FilePlan<ClientFinding> {
  const rc = new ClientRewriteContext(ctx);
  const steps: PlanStep<ClientFinding>[] = [];
  const left: { finding: ClientFinding; reason: string }[] = [];
  const getterAddedBy = new Map<string, ClientFinding>();
  for (const finding of findings) {
    const plan = planClientRewrite(rc, finding);
    if (!plan.ok) {
      left.push({ finding, reason: plan.reason });
      continue;
    }
    steps.push({ kind: 'site', finding, edits: plan.edits });
    for (const getter of rc.sharedGetters.values()) if (!getterAddedBy.has(getter)) getterAddedBy.set(getter, finding);
    if (plan.sharedGetter)
      steps.push({ kind: 'together', sites: [getterAddedBy.get(plan.sharedGetter)!, finding], edits: [] });
  }
  return { steps, left };
}

/** Rewrites one finding, or says why it is left. */
export function planClientRewrite(rc: ClientRewriteContext, finding: ClientFinding): ClientRewrite {
  const { placement } = finding;
  if (finding.viaFactory && finding.viaFactoryAt)
    return {
      ok: false,
      reason: `\`${finding.client}\` is the project's own factory, which builds a new \`${finding.viaFactory}\` on every call (${finding.viaFactoryAt}): keep the client it builds once inside it (\`client ??= …\`) by hand, where it is built`,
    };
  if (finding.viaFactory)
    return {
      ok: false,
      reason: `\`${finding.client}\` is this file's own factory, which builds a new \`${finding.viaFactory}\` on every call: keep the client it builds once inside it (\`client ??= …\`) by hand, where it is built`,
    };
  // A client kept once needs `let` and `??=`, which a file linted as ES5 cannot parse; a hoist needs neither.
  if (rc.es5 && placement.kind !== 'loop')
    return {
      ok: false,
      reason:
        'the file is written in ES5 (var and functions only), and keeping one client needs let and ??=: keep it by hand in a var filled once (`client = client || new Client(…)`)',
    };
  if (placement.kind === 'getter') return planGetter(rc, finding, placement);
  if (placement.kind === 'loop') return planLoop(rc, finding, placement);
  return planHandler(rc, finding, placement);
}
