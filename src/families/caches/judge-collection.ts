import type { TSESTree } from '@typescript-eslint/utils';
import type { AnalysisContext } from '../../core/context.js';
import { enclosingFunction } from '../../core/ast.js';
import { exemptionOf, type SparedSite } from '../../core/exemptions.js';
import { describeFunction } from '../../frequency/describe-function.js';
import { sourceText } from './key-expressions.js';
import { requestKeyReason } from './key-origin.js';
import { classifyUse, type CollectionUse } from './uses.js';
import { changesExistingEntry, growthKey, shrinks, storesOnly } from './growth.js';
import { holdsCompiledPattern } from './entry-values.js';
import { referencesOf, siteOf, type Candidate, type References } from './collection-sites.js';
import { COLLECTION_EXEMPTIONS, type JudgedCollection } from './collection-exemptions.js';
import { WRITE_EXEMPTIONS, type GrowingWrite } from './write-exemptions.js';
import { crossFileReason, type FrequencyModel } from '../../frequency/frequency-of.js';
import type { MemberIndex } from './member-index.js';
import { removalPace, type RemovalPace } from './removal-pace.js';
import { inClosingHalf, openingHalfOf, type OpenClosePair } from './open-close-pairs.js';
import type { CollectionFinding, CollectionKind, UnboundedCacheOptions } from './findings.js';

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
  const pairOnly = candidate.holder.kind === 'instance-field' && candidate.holder.pairOnly === true;
  // Cheap first: a field judged only for a pair needs a write in an opening half and no removal at all.
  if (pairOnly && (collection.pairedWrites.size === 0 || collection.removals.removes)) return undefined;
  const exemption = exemptionOf(COLLECTION_EXEMPTIONS, collection);
  if (exemption) {
    spare({ node: candidate.node, exemption: exemption.name });
    return undefined;
  }
  const { kind } = candidate;
  const { uses, foreignUses, growing, others } = collection;
  const { pairedWrites } = collection;
  const creating = growing.filter((use) => !changesExistingEntry(use) && (!pairOnly || pairedWrites.has(use)));
  const patternKeys = new Set(
    growing.flatMap((use) => {
      const { key } = growthKey(kind, use);
      return key && storesOnly(ctx, use, holdsCompiledPattern(ctx)) ? [sourceText(ctx, key)] : [];
    }),
  );
  let growth: CollectionUse | undefined;
  const sparedWrites: SparedSite[] = [];
  const judged = creating.length > 0 ? creating : growing.filter((use) => !pairOnly || pairedWrites.has(use));
  for (const use of judged) {
    const { key, keys } = growthKey(kind, use);
    const pair = pairedWrites.get(use);
    const write: GrowingWrite = { ctx, options, frequency, kind, use, key, keys, uses, others, patternKeys, pair };
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
  const pair = pairedWrites.get(growth);
  return {
    type: 'collection',
    ...siteOf(candidate),
    uses,
    foreignUses,
    growth,
    where: describeWhere(ctx, growth.node) + requestKeyReason(ctx, growthKey(kind, growth).key),
    ...(collection.removals.stalled ? { stalledRemoval: collection.removals.stalled.why } : {}),
    ...(pair ? { pair: { open: pair.open, close: pair.close } } : {}),
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
  let paired: Map<CollectionUse, OpenClosePair> | undefined;
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
    get pairedWrites() {
      return (paired ??= pairedWritesOf(candidate.kind, adding(), [...own(), ...this.foreignUses]));
    },
    get removals() {
      // A lazily created collection's assignments create it: they are no resets.
      const lazy = candidate.holder.kind === 'variable' && candidate.holder.lazy === true;
      const shrinkable = [...own(), ...this.foreignUses].filter((use) => !(lazy && use.op === 'reassign'));
      return (removals ??= removalPace(ctx, candidate.kind, shrinkable, adding()));
    },
  };
}

/**
 * The growing writes made in the opening half of a pair (`subscribe()`) whose closing half
 * (`unsubscribe()`) neither removes from nor writes to the collection: it forgets the entry.
 */
function pairedWritesOf(
  kind: CollectionKind,
  growing: readonly CollectionUse[],
  uses: readonly CollectionUse[],
): Map<CollectionUse, OpenClosePair> {
  const paired = new Map<CollectionUse, OpenClosePair>();
  for (const use of growing) {
    const pair = openingHalfOf(use.node);
    if (pair && !uses.some((other) => inClosingHalf(pair, other.node) && changes(kind, other))) paired.set(use, pair);
  }
  return paired;
}

/** A use that changes the collection or hands it on: anything but a lookup, a membership test or an iteration. */
function changes(kind: CollectionKind, use: CollectionUse): boolean {
  if (shrinks(kind, use) || growthKey(kind, use).grows) return true;
  if (use.op === 'call') return !READING_METHODS.has(use.method ?? '');
  return use.op !== 'read' && use.op !== 'in' && use.op !== 'iterate' && use.op !== 'inspect' && use.op !== 'builtin';
}

const READING_METHODS: ReadonlySet<string> = new Set([
  'get',
  'has',
  'includes',
  'indexOf',
  'find',
  'findIndex',
  'some',
  'every',
  'forEach',
  'filter',
  'map',
  'keys',
  'values',
  'entries',
  'slice',
  'at',
  'join',
]);

function describeWhere(ctx: AnalysisContext, node: TSESTree.Node): string {
  const fn = enclosingFunction(node);
  const line = `at line ${node.loc.start.line}`;
  return (fn ? `${line} in ${describeFunction(ctx, fn)}` : line) + crossFileReason(ctx, node);
}
