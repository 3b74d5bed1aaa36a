import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import type { AnalysisContext } from '../core/context.js';
import { DEFAULT_MAX_ENTRIES, LRU_CACHE_MODULE } from '../knowledge/caches.js';
import { unsuppressedIn } from '../codemod-kit/define-codemod.js';
import { siteRewrites, type FilePlan, type SiteRewrite } from '../codemod-kit/site-plans.js';
import { cacheFindingsToRewrite, planBoundedCaches } from '../families/caches/bounded-cache-rewrite.js';
import { clientFindingsToRewrite, planClientFile } from '../families/clients/rewrite-plans.js';
import { planTaskFile, taskFindingsToRewrite } from '../families/tasks/track-tasks-plan.js';

/*
 * The seam between the rules and the codemods: "how would the codemod rewrite the site of this
 * finding?". The answer is the codemod's own plan of the file, made by the same functions with
 * the codemod's default options, and cut site by site (see siteRewrites). A site the codemod
 * leaves, or does not handle at all (found only thanks to a rule option the codemod has no
 * counterpart for, such as typeAware or a user's client catalogue), has no rewrite.
 *
 * Sites under a disable comment for their rule are left out, as the codemod leaves them, so no
 * other site's suggestion takes their names or rewrites them with its group.
 *
 * Plans are made once per file and codemod setting, on the first question, and only for files
 * where a rule reports something.
 */

export type { SiteRewrite };

/** The rewrite of the reported node, if the codemod would make one. */
export type RewriteOf = (node: TSESTree.Node) => SiteRewrite | undefined;

const plansByFile = new WeakMap<object, Map<string, ReadonlyMap<TSESTree.Node, SiteRewrite>>>();

function rewritesOf(
  ctx: AnalysisContext,
  key: string,
  plan: (ctx: AnalysisContext) => FilePlan<{ readonly node: TSESTree.Node }>,
): RewriteOf {
  return (node) => {
    let byKey = plansByFile.get(ctx.ast);
    if (!byKey) plansByFile.set(ctx.ast, (byKey = new Map()));
    let rewrites = byKey.get(key);
    if (!rewrites) {
      // Codemods run without type information: so do their plans here, whatever the rule was given.
      const bySite = siteRewrites(plan({ ...ctx, types: undefined }));
      rewrites = new Map([...bySite].map(([site, rewrite]) => [site.node, rewrite]));
      byKey.set(key, rewrites);
    }
    return rewrites.get(node);
  };
}

/** bounded-cache with its defaults (max 1000, no ttl, lru-cache); `allKeys` is its --all-keys, the counterpart of reportUnknownKeys. */
export function boundedCacheRewrites(ctx: AnalysisContext, { allKeys }: { allKeys: boolean }): RewriteOf {
  return rewritesOf(ctx, `bounded-cache:${allKeys}`, (plain) =>
    planBoundedCaches(plain, cacheFindingsToRewrite(plain, allKeys, unsuppressedIn(plain)), {
      max: DEFAULT_MAX_ENTRIES,
      ttl: undefined,
      cacheModule: LRU_CACHE_MODULE,
    }),
  );
}

/** memoize-client (it has no options). */
export function memoizeClientRewrites(ctx: AnalysisContext): RewriteOf {
  return rewritesOf(ctx, 'memoize-client', (plain) =>
    planClientFile(plain, clientFindingsToRewrite(plain, unsuppressedIn(plain))),
  );
}

/** track-tasks with its defaults: a per-file track() helper, no --tracker-import. */
export function trackTasksRewrites(ctx: AnalysisContext): RewriteOf {
  return rewritesOf(ctx, 'track-tasks', (plain) =>
    planTaskFile(plain, { trackerImport: undefined }, taskFindingsToRewrite(plain, unsuppressedIn(plain))),
  );
}

/**
 * The suggestion that makes the codemod's rewrite of a reported site: all its edits (an import or
 * helper at the top, a teardown elsewhere) as one suggestion, which ESLint applies as a whole. None
 * when the codemod would leave the site. `together` in the message's data says when the same edit
 * rewrites other reported sites too (one teardown clearing several intervals, one shared client).
 */
export function rewriteSuggestion<MessageIds extends string>(
  rewrite: SiteRewrite | undefined,
  messageId: MessageIds,
  data: Record<string, string> = {},
): TSESLint.SuggestionReportDescriptor<MessageIds>[] | null {
  // null, not []: ESLint would keep an empty list, which tools read as "has suggestions".
  if (!rewrite || rewrite.edits.length === 0) return null;
  const others = rewrite.sites - 1;
  const together =
    others === 0
      ? ''
      : `; this also rewrites ${others === 1 ? 'the other reported site' : `the ${others} other reported sites`} that need${others === 1 ? 's' : ''} the same edit`;
  const { edits } = rewrite;
  return [
    {
      messageId,
      data: { ...data, together },
      fix: (fixer) => edits.map((edit) => fixer.replaceTextRange([edit.start, edit.end], edit.text)),
    },
  ];
}
