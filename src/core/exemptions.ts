import type { TSESTree } from '@typescript-eslint/utils';

/**
 * One reason a rule leaves a site alone. A family's exemptions are an ordered table, not a chain
 * of early returns: the first that applies spares the site, tests name it (`exemptBy`), and the
 * rule's docs list the table ("What it leaves alone" is generated from `name` and `reason`).
 */
export interface Exemption<Subject> {
  /** Stable kebab-case name, e.g. `finite-keys`: tests and `--debug` output refer to it. */
  readonly name: string;
  /** One line for the docs: why a site like this is not a leak. */
  readonly reason: string;
  readonly applies: (subject: Subject) => boolean;
}

export type ExemptionTable<Subject> = readonly Exemption<Subject>[];

/** The first exemption of `table` that applies to `subject`, in table order. */
export function exemptionOf<Subject>(table: ExemptionTable<Subject>, subject: Subject): Exemption<Subject> | undefined {
  return table.find((exemption) => exemption.applies(subject));
}

/** A site a detector considered and spared, with the exemption that spared it. */
export interface SparedSite {
  readonly node: TSESTree.Node;
  readonly exemption: string;
}

/** What a docs page shows of a table: names and reasons, in order. */
export interface ExemptionDoc {
  readonly name: string;
  readonly reason: string;
}

export function documentExemptions(table: ExemptionTable<never>): ExemptionDoc[] {
  return table.map(({ name, reason }) => ({ name, reason }));
}
