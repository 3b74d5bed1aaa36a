import type { ReportedBy } from '../../codemod-kit/define-codemod.js';
import type { AnalysisContext } from '../../core/context.js';
import { isCommonJs, runDetector } from '../../core/parse.js';
import type { TextEdit } from '../../codemod-kit/edits.js';
import { ensureNamedImport } from '../../codemod-kit/imports.js';
import type { FilePlan, PlanStep } from '../../codemod-kit/site-plans.js';
import { LRU_CACHE_EXPORT } from '../../knowledge/caches.js';
import { mustKeepEveryEntry } from './completeness.js';
import { unwrapExpression } from '../../core/imports.js';
import { createUnboundedCacheDetector } from './unbounded-cache.js';
import { DEFAULT_UNBOUNDED_CACHE_OPTIONS, type CollectionFinding, type MemoizerFinding } from './findings.js';
import { CachePlanWriter, type RewriteSettings } from './cache-plan-writer.js';
import { insertLastArgument, line, snippet } from './cache-rewrite-text.js';
import { staleDictionaryDirectives } from './stale-directives-rewrite.js';

/*
 * How one reported site becomes a bounded cache, as text edits over the original source: a
 * Map/Set/dictionary becomes an LRUCache (declaration, type and every use, written by
 * CachePlanWriter in cache-plan-writer.ts), a memoizee call gets a max. Anything that would not
 * behave or type-check the same gives a reason instead, and then no edit at all is made for that
 * site. The bounded-cache codemod applies these plans; the rule offers the same plan as a suggestion.
 */

export type RewritePlan =
  { readonly ok: true; readonly edits: TextEdit[] } | { readonly ok: false; readonly reason: string };

const fail = (reason: string): RewritePlan => ({ ok: false, reason });

/** "Map promptCache", "memoize getUser": how reports and summaries name a site. */
export function siteLabel(finding: CollectionFinding | MemoizerFinding): string {
  if (finding.type === 'memoizer')
    return `${finding.library === 'lodash' ? 'lodash memoize' : 'memoizee'} ${finding.name ?? '(anonymous)'}`;
  return `${finding.kind === 'array' ? 'array' : finding.kind} ${finding.name}`;
}

export interface ImportedPlans<F> {
  readonly plans: Map<F, RewritePlan>;
  /** Edits that add the LRUCache import, when any plan needs it. */
  readonly importEdits: TextEdit[];
}

/**
 * Plans every collection finding against one import of LRUCache from `cacheModule`: the import is
 * added once, and a CommonJS require that would land below a declaration using it (which would
 * throw at load) turns that site into a reason instead.
 */
export function planCollectionRewrites<F extends CollectionFinding>(
  ctx: AnalysisContext,
  findings: readonly F[],
  cacheModule: string,
  settings: Omit<RewriteSettings, 'cacheClass'>,
): ImportedPlans<F> {
  const plans = new Map<F, RewritePlan>();
  if (findings.length === 0) return { plans, importEdits: [] };
  const imported = ensureNamedImport(ctx, cacheModule, LRU_CACHE_EXPORT);
  if (!imported.ok) {
    for (const finding of findings) plans.set(finding, fail(`cannot import LRUCache: ${imported.reason}`));
    return { plans, importEdits: [] };
  }
  const requireAt = isCommonJs(ctx) ? imported.edits[0]?.start : undefined;
  let needed = false;
  for (const finding of findings) {
    let plan = planCollectionRewrite(ctx, finding, { ...settings, cacheClass: imported.local });
    if (plan.ok && requireAt !== undefined && requireAt > finding.initializer.range[0]) {
      plan = fail(
        `the require() of ${cacheModule} would come after this declaration; move the requires above it and run again`,
      );
    }
    needed ||= plan.ok;
    plans.set(finding, plan);
  }
  return { plans, importEdits: needed ? imported.edits : [] };
}

/** The findings bounded-cache handles: what no-unbounded-cache reports with its default options (and reportUnknownKeys under --all-keys). */
export function cacheFindingsToRewrite(
  ctx: AnalysisContext,
  allKeys: boolean,
  reportedBy: ReportedBy,
): (CollectionFinding | MemoizerFinding)[] {
  return runDetector(ctx, createUnboundedCacheDetector, {
    ...DEFAULT_UNBOUNDED_CACHE_OPTIONS,
    reportUnknownKeys: allKeys,
  }).filter((finding) => reportedBy('no-unbounded-cache', finding.node));
}

export interface BoundedCacheSettings extends Omit<RewriteSettings, 'cacheClass'> {
  /** The module LRUCache is imported from. */
  readonly cacheModule: string;
}

/**
 * The bounded-cache plan of a file, site by site: the one LRUCache import every rewritten
 * collection needs, then each site's edits. The codemod applies it whole; no-unbounded-cache
 * offers each site's share as a suggestion.
 */
export function planBoundedCaches(
  ctx: AnalysisContext,
  findings: readonly (CollectionFinding | MemoizerFinding)[],
  settings: BoundedCacheSettings,
): FilePlan<CollectionFinding | MemoizerFinding> {
  const collections = findings.filter((finding): finding is CollectionFinding => finding.type === 'collection');
  const { plans, importEdits } = planCollectionRewrites(ctx, collections, settings.cacheModule, settings);
  const steps: PlanStep<CollectionFinding | MemoizerFinding>[] = [
    { kind: 'prerequisite', sites: collections.filter((c) => plans.get(c)!.ok), edits: importEdits },
  ];
  const left: { finding: CollectionFinding | MemoizerFinding; reason: string }[] = [];
  for (const finding of findings) {
    const plan = finding.type === 'collection' ? plans.get(finding)! : planMemoizerRewrite(ctx, finding, settings);
    if (plan.ok) steps.push({ kind: 'site', finding, edits: plan.edits });
    else left.push({ finding, reason: plan.reason });
  }
  return { steps, left };
}

/** The edits that turn one collection into an LRUCache, or why not. */
export function planCollectionRewrite(
  ctx: AnalysisContext,
  finding: CollectionFinding,
  settings: RewriteSettings,
): RewritePlan {
  if (finding.kind === 'array') {
    return fail(
      'an array used as a buffer has no LRUCache form: cap its length where it grows (e.g. shift() once it is longer than a limit) or use a ring buffer',
    );
  }
  if (finding.holder.kind === 'global') {
    return fail(
      `it lives on globalThis, where other modules (and any \`declare global\` type) expect a ${finding.kind === 'object' ? 'plain object' : finding.kind}: switch it to LRUCache by hand`,
    );
  }
  if (finding.pair) {
    return fail(
      `its entries are what \`${finding.pair.open}()\` opens, live until \`${finding.pair.close}()\`: an LRUCache would drop live ones. Delete each entry in \`${finding.pair.close}()\``,
    );
  }
  const complete = mustKeepEveryEntry(ctx, finding);
  if (complete) return fail(complete);
  const foreign = finding.foreignUses[0];
  if (foreign)
    return fail(
      `\`${snippet(ctx, foreign.ref)}\` at line ${line(foreign.ref)} may be this field reached through another object; rewrite by hand`,
    );
  const writer = new CachePlanWriter(ctx, settings);
  const declaration = writer.declaration(finding);
  if (declaration) return fail(declaration);
  for (const use of finding.uses) {
    const problem = writer.use(finding, use);
    if (problem) return fail(problem);
  }
  return { ok: true, edits: [...writer.edits, ...staleDictionaryDirectives(ctx, finding)] };
}

/** memoizee without max gets `{ max }` (and maxAge from ttl); lodash's memoize has no option for it. */
export function planMemoizerRewrite(
  ctx: AnalysisContext,
  finding: MemoizerFinding,
  settings: Omit<RewriteSettings, 'cacheClass'>,
): RewritePlan {
  if (finding.library === 'lodash') {
    return fail(
      "lodash's memoize has no size option: give the memoized function a bounded cache (`fn.cache = new LRUCache({ max })`) or switch to memoizee with { max }",
    );
  }
  const limits = `max: ${settings.max}${settings.ttl !== undefined ? `, maxAge: ${settings.ttl}` : ''}`;
  const call = finding.node;
  const options = call.arguments[1];
  if (!options) return { ok: true, edits: [insertLastArgument(ctx, call, `{ ${limits} }`)] };
  const object = unwrapExpression(options);
  if (object.type !== 'ObjectExpression')
    return fail(`its options come from \`${snippet(ctx, options)}\`: add max there`);
  const last = object.properties[object.properties.length - 1];
  if (!last) return { ok: true, edits: [{ start: object.range[0], end: object.range[1], text: `{ ${limits} }` }] };
  return { ok: true, edits: [{ start: last.range[1], end: last.range[1], text: `, ${limits}` }] };
}
