import type { CodemodPlan, LeftSite, RewrittenSite } from './define-codemod.js';
import { locationOf } from './define-codemod.js';
import type { TextEdit } from './edits.js';

/*
 * A codemod's plan for one file, kept site by site, so that the codemod applies all of it and a
 * rule offers each reported site's share of it as an ESLint suggestion: the same edits, from the
 * same planning function.
 */

interface Sited {
  readonly node: { loc: { start: { line: number; column: number } } };
}

/**
 * One step of a file's plan, in the order the codemod applies the edits (insertions at one offset
 * keep that order):
 * - `site`: the edits that rewrite one reported site;
 * - `prerequisite`: edits that some sites need and whose text does not depend on which of them are
 *   rewritten (an import, a helper at the top of the file): each of their suggestions carries it,
 *   and once it is in the file the planner finds it there and adds it no more;
 * - `together`: edits written for several sites at once (one teardown that clears all of a class's
 *   intervals), or a helper that one site adds and others call (one shared client getter): these
 *   sites cannot be rewritten apart, so each one's suggestion rewrites them all.
 */
export type PlanStep<F> =
  | { readonly kind: 'site'; readonly finding: F; readonly edits: readonly TextEdit[] }
  | { readonly kind: 'prerequisite' | 'together'; readonly sites: readonly F[]; readonly edits: readonly TextEdit[] };

export interface FilePlan<F> {
  readonly steps: readonly PlanStep<F>[];
  /** Sites the planner leaves, with a reason a user can act on, in the order they were found. */
  readonly left: readonly { readonly finding: F; readonly reason: string }[];
}

/** The codemod's view of a file plan: all edits in order, and the sites rewritten and left. */
export function toCodemodPlan<F extends Sited>(plan: FilePlan<F>, what: (finding: F) => string): CodemodPlan {
  const site = (finding: F): RewrittenSite => ({ ...locationOf(finding.node), what: what(finding) });
  return {
    edits: plan.steps.flatMap((step) => step.edits),
    rewritten: plan.steps.flatMap((step) => (step.kind === 'site' ? [site(step.finding)] : [])),
    left: plan.left.map(({ finding, reason }): LeftSite => ({ ...site(finding), reason })),
  };
}

/** What rewrites one reported site on its own: edits in the codemod's order, and how many sites they rewrite. */
export interface SiteRewrite {
  readonly edits: readonly TextEdit[];
  /** The reported sites these edits rewrite: 1, or more when the site shares a `together` step. */
  readonly sites: number;
}

/**
 * Each rewritten site's own rewrite: its edits, the prerequisites it needs and, for sites bound
 * together, every edit of the whole group. Applied alone, it leaves a file where that site is
 * rewritten exactly as the codemod would; applied one after the other, they give the codemod's output.
 */
export function siteRewrites<F>(plan: FilePlan<F>): Map<F, SiteRewrite> {
  // Union-find over sites that `together` steps bind.
  const group = new Map<F, F>();
  const root = (f: F): F => {
    let r = f;
    while (group.get(r) !== r) r = group.get(r)!;
    return r;
  };
  for (const step of plan.steps) if (step.kind === 'site') group.set(step.finding, step.finding);
  for (const step of plan.steps) {
    if (step.kind !== 'together') continue;
    const [first, ...rest] = step.sites.filter((f) => group.has(f));
    for (const other of rest) group.set(root(other), root(first!));
  }

  const result = new Map<F, SiteRewrite>();
  for (const f of group.keys()) {
    const members = new Set([...group.keys()].filter((g) => root(g) === root(f)));
    const needed = (step: PlanStep<F>): boolean =>
      step.kind === 'site' ? members.has(step.finding) : step.sites.some((s) => members.has(s));
    result.set(f, { edits: plan.steps.filter(needed).flatMap((step) => step.edits), sites: members.size });
  }
  return result;
}
