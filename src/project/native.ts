import { createRequire } from 'node:module';
import type * as OxcParser from 'oxc-parser';
import type * as OxcResolver from 'oxc-resolver';

const require = createRequire(import.meta.url);
let parser: typeof OxcParser | undefined;
let resolver: typeof OxcResolver | undefined;

// oxc-parser and oxc-resolver are loaded on first use rather than imported: the plugin must load
// (and every rule keep its file-local judgement) where they are not installed. They are optional
// peer dependencies while the index is opt-in (docs/project-index.md, "How the parser ships"). Both are ES modules; Node's require of
// ES modules is on by default in every version package.json's engines allows.
export const oxcParser = (): typeof OxcParser => (parser ??= require('oxc-parser') as typeof OxcParser);
export const oxcResolver = (): typeof OxcResolver => (resolver ??= require('oxc-resolver') as typeof OxcResolver);

let rawTransfer: boolean | undefined;

/**
 * Whether oxc-parser can hand its AST over through shared memory (Node.js 22 and later, 64-bit
 * little-endian) rather than as JSON for `JSON.parse`: the same AST at about half the cost of
 * parsing and deserialising, which is most of what building the index costs (bench/README.md).
 */
export const oxcRawTransfer = (): boolean => (rawTransfer ??= oxcParser().rawTransferSupported());

/** Why the project index cannot be built here (a native package missing or not loadable), or undefined. */
export function missingIndexDependency(): string | undefined {
  try {
    oxcParser();
    oxcResolver();
    return undefined;
  } catch (error) {
    const reason = (error as Error).message.split('\n')[0]!;
    return `oxc-parser and oxc-resolver are needed for the project index (${reason}): install them beside the plugin, npm i -D oxc-parser oxc-resolver`;
  }
}
