import { DEFAULT_MAX_ENTRIES, LRU_CACHE_MODULE } from '../src/knowledge/caches.js';
import { defineCodemod } from '../src/codemod-kit/define-codemod.js';
import { toCodemodPlan } from '../src/codemod-kit/site-plans.js';
import { cacheFindingsToRewrite, planBoundedCaches, siteLabel } from '../src/families/caches/bounded-cache-rewrite.js';

export interface Options {
  readonly max: number;
  readonly ttl: number | undefined;
  readonly cacheImport: string;
  readonly allKeys: boolean;
}

/**
 * Rewrites what no-unbounded-cache reports (with its default options, or with reportUnknownKeys
 * under --all-keys): Maps, Sets and dictionary
 * objects become LRUCache instances with a max (and a ttl when asked), their uses are carried
 * over (`add(x)` → `set(x, true)`, `c[k] = v` → `c.set(k, v)`, `k in c` → `c.has(k)`…), and
 * memoizee calls get a max. Sites it cannot carry over faithfully are left untouched with a reason.
 */
export const codemod = defineCodemod<Options>({
  name: 'bounded-cache',
  rules: ['no-unbounded-cache'],
  options: [
    {
      flag: 'max',
      type: 'positive-integer',
      description: 'Entries each cache keeps before it evicts the least recently used',
      default: DEFAULT_MAX_ENTRIES,
    },
    {
      flag: 'ttl',
      type: 'positive-integer',
      description: 'Milliseconds an entry stays fresh (lru-cache ttl, memoizee maxAge); off unless given',
    },
    {
      flag: 'cache-import',
      type: 'module-specifier',
      description: 'Module to import LRUCache from',
      default: LRU_CACHE_MODULE,
    },
    {
      flag: 'all-keys',
      type: 'switch',
      description:
        'Also rewrite what no-unbounded-cache reports with reportUnknownKeys: growth under keys that do not name data, in code not shown to repeat',
      default: false,
    },
  ],
  // Every reportable site has one of these: a Map or Set, a memoizer, or a computed-key write, push or Object.* on a dictionary.
  mightApply: (source) =>
    /\bnew\s+(?:Map|Set)\b|memoize|Object\.(?:create|assign|defineProperty)|Reflect\.set|\.(?:push|unshift)\s*\(|\][ \t]*(?:[-+*/%&|^]|\*\*|<<|>>>?|&&|\|\||\?\?)?=(?!=)|\]\s*(?:\+\+|--)|(?:\+\+|--)\s*[\w$.]+\[/.test(
      source,
    ),
  plan(ctx, options, reportedBy) {
    const findings = cacheFindingsToRewrite(ctx, options.allKeys, reportedBy);
    return toCodemodPlan(
      planBoundedCaches(ctx, findings, { max: options.max, ttl: options.ttl, cacheModule: options.cacheImport }),
      siteLabel,
    );
  },
});

export default codemod.transform;
export const parser = 'tsx';
