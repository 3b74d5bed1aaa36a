import { DEFAULT_MAX_ENTRIES } from '../src/knowledge/caches.js';
import { analysisContextOf, createRule, listenersFor } from '../src/rule-kit/create-rule.js';
import { createUnboundedCacheDetector } from '../src/families/caches/unbounded-cache.js';
import type { CollectionFinding, MemoizerFinding } from '../src/families/caches/findings.js';
import { boundedCacheRewrites, rewriteSuggestion } from '../src/rule-kit/site-rewrites.js';

export type Options = [
  {
    typeAware: boolean;
    reportEscaping: boolean;
    instanceFields: boolean;
    reportRegistries: boolean;
    reportUnknownKeys: boolean;
    onlyRequestKeys: boolean;
    boundedCaches: string[];
  },
];
export type MessageIds =
  | 'unboundedCache'
  | 'unboundedCacheStalledRemoval'
  | 'unboundedBuffer'
  | 'unboundedBufferStalledRemoval'
  | 'unboundedMemoize'
  | 'unboundedMemoizeLongMaxAge'
  | 'useLruCache'
  | 'addMemoizeeMax';

const defaults: Options[0] = {
  typeAware: false,
  reportEscaping: false,
  instanceFields: false,
  reportRegistries: false,
  reportUnknownKeys: false,
  onlyRequestKeys: false,
  boundedCaches: [],
};

export default createRule<Options, MessageIds>({
  name: 'no-unbounded-cache',
  meta: {
    type: 'problem',
    docs: {
      description: 'Disallow long-lived Maps, Sets, dictionaries, arrays and memoizers that only ever grow',
      recommended: false,
      typeAware: true,
      family: 'caches',
    },
    hasSuggestions: true,
    messages: {
      unboundedCache:
        '{{what}} {{lives}} and gains an entry per new key {{where}}, but nothing ever deletes, clears or caps its entries, so it only grows. Use a bounded cache instead, such as LRUCache from lru-cache with a max.',
      unboundedCacheStalledRemoval:
        '{{what}} {{lives}} and gains an entry per new key {{where}}, but {{removal}}: removal does not keep pace with the writes, so it only grows. Delete each entry when its work completes, sweep it on a timer, or use a bounded cache such as LRUCache from lru-cache with a max.',
      unboundedBuffer:
        'Array `{{name}}` {{lives}} and gets items added {{where}}, but nothing ever removes them or caps its length, so it only grows. Drop the oldest items once it passes a limit (e.g. shift() when its length exceeds N), or use a ring buffer.',
      unboundedBufferStalledRemoval:
        'Array `{{name}}` {{lives}} and gets items added {{where}}, but {{removal}}: removal does not keep pace with the pushes, so it only grows. Drop the oldest items once it passes a limit (e.g. shift() when its length exceeds N), or use a ring buffer.',
      unboundedMemoize:
        '{{what}} keeps one result per distinct argument for the life of the process and never evicts any, so it grows with every new input. {{remedy}}',
      unboundedMemoizeLongMaxAge:
        '{{what}} keeps one result per distinct argument until its maxAge ({{maxAge}}, an hour or more) runs out, so every distinct call made in that span stays: it grows with the variety of its input. {{remedy}}',
      useLruCache: `Replace it with LRUCache from lru-cache (max ${DEFAULT_MAX_ENTRIES} entries; the least recently used are evicted first), as the bounded-cache codemod does.`,
      addMemoizeeMax: `Pass { max: ${DEFAULT_MAX_ENTRIES} } to memoizee, so it evicts the least recently used results, as the bounded-cache codemod does.`,
    },
    schema: [
      {
        type: 'object',
        additionalProperties: false,
        properties: {
          typeAware: {
            type: 'boolean',
            description:
              'Use type information to recognise keys of a finite type (a union of literals, an enum, a boolean) wherever they come from. Needs parserOptions.projectService.',
          },
          reportEscaping: {
            type: 'boolean',
            description:
              'Also report collections that are exported or handed to code outside this file, which might evict their entries.',
          },
          instanceFields: {
            type: 'boolean',
            description:
              'Also report instance fields (`this.cache = new Map()` as a class field): they live as long as their instance, which for a singleton service is the process.',
          },
          reportRegistries: {
            type: 'boolean',
            description:
              'Also report registries whose size is set by callers in other files that usually run once: a constructor that registers each new instance (`instances.add(this)`, `options[this.id] = …`) and a factory that hands out a function or an object of functions per key (a logger per namespace).',
          },
          reportUnknownKeys: {
            type: 'boolean',
            description:
              "Also report growth under keys that neither name data (`url`, `userId`, `sessionToken`, `prompt`…) nor are written in code this file shows to run again and again (a request handler, an interval, a loop): names, types, labels and paths are usually the program's own vocabulary.",
          },
          onlyRequestKeys: {
            type: 'boolean',
            description:
              "Report only growth under keys the project index (settings.leakproof.projectIndex) traces to request input: a handler's params, query, body, headers or cookies, a message or job payload, socket data, a Lambda event. Memoizers and buffers are left alone, and without the index nothing is reported.",
          },
          boundedCaches: {
            type: 'array',
            items: { type: 'string', minLength: 1 },
            uniqueItems: true,
            description:
              'Modules whose exports are bounded caches, on top of lru-cache, quick-lru, mnemonist and the like: a lodash memoizer given one of them (`memoize.Cache = X`, `fn.cache = new X()`) is bounded.',
          },
        },
      },
    ],
    defaultOptions: [defaults],
  },
  defaultOptions: [defaults],
  create(context, [options]) {
    const ctx = analysisContextOf(context, options);
    const detector = createUnboundedCacheDetector(ctx, options);
    // The codemod's --all-keys is this rule's reportUnknownKeys: with it, the codemod handles the same sites.
    const rewriteOf = boundedCacheRewrites(ctx, { allKeys: options.reportUnknownKeys });
    return listenersFor(detector, (finding) => {
      if (finding.type === 'memoizer') {
        context.report({
          node: finding.node,
          messageId: finding.longMaxAge ? 'unboundedMemoizeLongMaxAge' : 'unboundedMemoize',
          data: memoizerData(finding),
          suggest: rewriteSuggestion(rewriteOf(finding.node), 'addMemoizeeMax'),
        });
        return;
      }
      const lives = lifetimeOf(finding);
      const removal = finding.pair
        ? `\`${finding.pair.close}()\` ends what \`${finding.pair.open}()\` opens and removes nothing from it`
        : finding.stalledRemoval;
      if (finding.kind === 'array') {
        context.report({
          node: finding.node,
          ...(removal
            ? {
                messageId: 'unboundedBufferStalledRemoval',
                data: { name: finding.name, lives, where: finding.where, removal },
              }
            : { messageId: 'unboundedBuffer', data: { name: finding.name, lives, where: finding.where } }),
        });
        return;
      }
      const what = describeCollection(finding);
      context.report({
        node: finding.node,
        ...(removal
          ? {
              messageId: 'unboundedCacheStalledRemoval',
              data: { what, lives, where: finding.where, removal },
            }
          : { messageId: 'unboundedCache', data: { what, lives, where: finding.where } }),
        suggest: rewriteSuggestion(rewriteOf(finding.node), 'useLruCache'),
      });
    });
  },
});

/** "Map `promptCache`", "object `counts` (used as a dictionary)". */
function describeCollection(finding: CollectionFinding): string {
  return finding.kind === 'object'
    ? `Object \`${finding.name}\`, used as a dictionary,`
    : `${finding.kind} \`${finding.name}\``;
}

function lifetimeOf(finding: CollectionFinding): string {
  const { holder } = finding;
  if (holder.kind === 'instance-field' && holder.longLived)
    return `lives as long as the process (a field of ${holder.longLived})`;
  if (holder.kind === 'instance-field' && finding.pair)
    return `lives as long as each ${holder.className ? `\`${holder.className}\`` : 'class'} instance, across every \`${finding.pair.open}()\``;
  if (holder.kind === 'instance-field')
    return `lives as long as each ${holder.className ? `\`${holder.className}\`` : 'class'} instance (a singleton lives as long as the process)`;
  if (holder.kind === 'function-property')
    return `lives as long as the process (a property of the module's function \`${holder.owner.name}\`)`;
  return 'lives as long as the process';
}

function memoizerData(finding: MemoizerFinding): Record<string, string> {
  const subject = finding.name ? `\`${finding.name}\`` : 'This memoized function';
  if (finding.library === 'lodash') {
    return {
      what: `${subject}, memoized with lodash's memoize,`,
      remedy:
        'Give it a bounded cache (`fn.cache = new LRUCache({ max })`) or use a memoizer with a size limit, such as memoizee with { max }.',
    };
  }
  return {
    what: `${subject}, memoized with memoizee without a max option,`,
    remedy: finding.longMaxAge ? 'Pass { max: N } as well.' : 'Pass { max: N } (and maxAge if results go stale).',
    ...(finding.longMaxAge ? { maxAge: finding.longMaxAge } : {}),
  };
}
