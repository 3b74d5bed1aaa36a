/**
 * The knowledge lists the docs quote, by the name a docs marker uses
 * (`<!-- begin generated: list <name> -->`); scripts/docs-lists.mjs writes them out and
 * `npm run docs:check` fails when a page is stale.
 */
export const documentedLists: Readonly<Record<string, readonly string[]>> = {};
