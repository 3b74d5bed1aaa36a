/**
 * A problem with what the user asked for (flags, paths, options, their ESLint config): exit code 2.
 * One line, except where the cause has several (ESLint's config validation), which are all printed.
 */
export class UsageError extends Error {
  override name = 'UsageError';
}

export const EXIT_OK = 0;
/** check: findings; migrate: files that failed. */
export const EXIT_FINDINGS = 1;
export const EXIT_USAGE = 2;
/** An internal error: a bug in leakproof (or, with `check --config`, in another plugin's rule). */
export const EXIT_INTERNAL = 3;
