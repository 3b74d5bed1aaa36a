/** Why a rule got no project index for a file. `disabled` is the user's choice and is never warned about. */
export const FALLBACK_REASONS = [
  'disabled',
  'no-file',
  'no-root',
  'outside-index',
  'build-failed',
  'parse-failed',
] as const;
export type FallbackReason = (typeof FALLBACK_REASONS)[number];

/** The warning's code, for `--disable-warning=LEAKPROOF_NO_PROJECT_INDEX` (Node 21.3+) or a `process.on('warning')` filter. */
export const NO_PROJECT_INDEX = 'LEAKPROOF_NO_PROJECT_INDEX';

const said = new Set<FallbackReason>();

/**
 * Says once per process and kind of reason (not per file) that rules fell back to file-local
 * judgement: `eslint .` over a folder with no package.json would otherwise print one line per
 * file. Kinds stay apart because each needs its own fix (add a package.json, un-ignore a file,
 * fix a syntax error). A process warning goes to stderr under ESLint, the CLI and editors' output
 * channels alike, and never into the lint results. ESLint's --concurrency workers are threads that
 * share nothing but the process: each says it once (two lines with --concurrency 2).
 */
export function warnOnce(reason: FallbackReason, detail: string): void {
  if (reason === 'disabled' || said.has(reason)) return;
  said.add(reason);
  process.emitWarning(
    `${detail}. Leakproof rules use file-local judgement of how often code runs here (said once per run; under ESLint's --concurrency, once per worker thread)`,
    {
      type: 'LeakproofWarning',
      code: NO_PROJECT_INDEX,
    },
  );
}

/** Forgets which warnings were said (tests). */
export function forgetWarnings(): void {
  said.clear();
}
