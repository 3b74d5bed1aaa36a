import type { TSESTree } from '@typescript-eslint/utils';
import type { AnalysisContext } from '../../core/context.js';
import { enclosingFunction } from '../../core/ast.js';
import { exemptionOf, type SparedSite } from '../../core/exemptions.js';
import { describeFunction } from '../../frequency/describe-function.js';
import { sourceText } from './key-expressions.js';
import { requestKeyReason } from './keys.js';
import { classifyUse, type CollectionUse } from './uses.js';
import { changesExistingEntry, growthKey, storesOnly } from './growth.js';
import { holdsCompiledPattern } from './entry-values.js';
import { referencesOf, siteOf, type Candidate, type References } from './collection-sites.js';
import { COLLECTION_EXEMPTIONS, type JudgedCollection } from './collection-exemptions.js';
import { WRITE_EXEMPTIONS, type GrowingWrite } from './write-exemptions.js';
import { crossFileReason, type FrequencyModel } from '../../frequency/frequency-of.js';
import type { MemberIndex } from './member-index.js';
import { removalPace, type RemovalPace } from './removal-pace.js';
import type { CollectionFinding, UnboundedCacheOptions } from './findings.js';

/**
 * The finding for a long-lived collection, or undefined when an exemption spares it: one of the
 * collection's own, or one for each of its growing writes (then `spare` hears each write's).
 */
export function judgeCollection(
  ctx: AnalysisContext,
  options: UnboundedCacheOptions,
  frequency: FrequencyModel,
  members: MemberIndex,
  candidate: Candidate,
  spare: (site: SparedSite) => void,
): CollectionFinding | undefined {
  const collection = judgedCollection(ctx, options, members, candidate);
  const exemption = exemptionOf(COLLECTION_EXEMPTIONS, collection);
  if (exemption) {
    spare({ node: candidate.node, exemption: exemption.name });
    return undefined;
  }
  const { kind } = candidate;
  const { uses, foreignUses, growing, others } = collection;
  const creating = growing.filter((use) => !changesExistingEntry(use));
  const patternKeys = new Set(
    growing.flatMap((use) => {
      const { key } = growthKey(kind, use);
      return key && storesOnly(ctx, use, holdsCompiledPattern(ctx)) ? [sourceText(ctx, key)] : [];
    }),
  );
  let growth: CollectionUse | undefined;
  const sparedWrites: SparedSite[] = [];
  for (const use of creating.length > 0 ? creating : growing) {
    const { key, keys } = growthKey(kind, use);
    const write: GrowingWrite = { ctx, options, frequency, kind, use, key, keys, uses, others, patternKeys };
    const writeExemption = exemptionOf(WRITE_EXEMPTIONS, write);
    if (writeExemption) {
      sparedWrites.push({ node: use.node, exemption: writeExemption.name });
      continue;
    }
    if (!growth || use.node.range[0] < growth.node.range[0]) growth = use;
  }
  if (!growth) {
    sparedWrites.forEach(spare);
    return undefined;
  }
  return {
    type: 'collection',
    ...siteOf(candidate),
    uses,
    foreignUses,
    growth,
    where: describeWhere(ctx, growth.node) + requestKeyReason(ctx, growthKey(kind, growth).key),
    ...(collection.removals.stalled ? { stalledRemoval: collection.removals.stalled.why } : {}),
  };
}

/** The subject the exemptions read; references and uses are found only when an exemption asks. */
function judgedCollection(
  ctx: AnalysisContext,
  options: UnboundedCacheOptions,
  members: MemberIndex,
  candidate: Candidate,
): JudgedCollection {
  let references: References | undefined;
  let uses: CollectionUse[] | undefined;
  let foreignUses: CollectionUse[] | undefined;
  let growing: CollectionUse[] | undefined;
  let others: CollectionUse[] | undefined;
  let removals: RemovalPace | undefined;
  const refs = (): References => (references ??= referencesOf(ctx, members, candidate));
  const own = (): CollectionUse[] => (uses ??= refs().own.map((ref) => classifyUse(ctx, ref)));
  const adding = (): CollectionUse[] => (growing ??= own().filter((use) => growthKey(candidate.kind, use).grows));
  return {
    ctx,
    options,
    candidate,
    get references() {
      return refs();
    },
    get uses() {
      return own();
    },
    get foreignUses() {
      return (foreignUses ??= refs().foreign.map((ref) => classifyUse(ctx, ref)));
    },
    get growing() {
      return adding();
    },
    get others() {
      return (others ??= own().filter((use) => !adding().includes(use)));
    },
    get removals() {
      // A lazily created collection's assignments create it: they are no resets.
      const lazy = candidate.holder.kind === 'variable' && candidate.holder.lazy === true;
      const shrinkable = [...own(), ...this.foreignUses].filter((use) => !(lazy && use.op === 'reassign'));
      return (removals ??= removalPace(ctx, candidate.kind, shrinkable, adding()));
    },
  };
}

function describeWhere(ctx: AnalysisContext, node: TSESTree.Node): string {
  const fn = enclosingFunction(node);
  const line = `at line ${node.loc.start.line}`;
  return (fn ? `${line} in ${describeFunction(ctx, fn)}` : line) + crossFileReason(ctx, node);
}
