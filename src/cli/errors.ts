/** A problem with what the user asked for (flags, paths, options): one line, exit code 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}

export const EXIT_OK = 0;
/** check: findings; migrate: files that failed. */
export const EXIT_FINDINGS = 1;
export const EXIT_USAGE = 2;
