import type { ESLint } from 'eslint';
import { UsageError } from './errors.js';

/** The exports every version shares; `loadESLint` takes `useFlatConfig` from 8.57 to 9 (10 has only flat config). */
interface ESLintModule {
  loadESLint?: (options: { useFlatConfig: boolean }) => Promise<unknown>;
  ESLint?: { version?: string };
  Linter?: { version?: string };
}

/**
 * The flat-config ESLint class of the ESLint installed beside the plugin. ESLint 9 and 10 export it
 * as `ESLint`; ESLint 8.57's `ESLint` is the eslintrc class (which refuses flat options as
 * "Invalid Options"), and its `loadESLint` gives the flat one, as it does in 9 and 10.
 */
export async function loadFlatESLint(): Promise<typeof ESLint> {
  const imported = (await import('eslint')) as ESLintModule & { default?: ESLintModule };
  // ESLint 8 is CommonJS: its exports may arrive only as the default export.
  const eslint: ESLintModule = imported.loadESLint ? imported : (imported.default ?? imported);
  if (typeof eslint.loadESLint !== 'function') {
    const version = eslint.ESLint?.version ?? eslint.Linter?.version ?? 'of unknown version';
    throw new UsageError(
      `leakproof check needs ESLint 8.57 or later (this project has ESLint ${version}); update it: npm install --save-dev eslint@latest`,
    );
  }
  return (await eslint.loadESLint({ useFlatConfig: true })) as typeof ESLint;
}
