import { getEnvironmentData, setEnvironmentData } from 'node:worker_threads';

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

/**
 * One slot per reason, set when it was said. ESLint's --concurrency workers are threads that share
 * nothing but what the main thread hands them: the main thread loads the config, and so this module,
 * before it starts them, so the memory made here reaches every worker through Node's environment
 * data (a SharedArrayBuffer is shared, not copied) and each reason is said once per run. Where a
 * worker finds none (a host that loads plugins only in its workers), it makes its own: once per thread.
 */
const SAID_KEY = 'eslint-plugin-leakproof:fallback-warnings-said';
const said = new Int32Array(sharedBuffer());

function sharedBuffer(): SharedArrayBuffer {
  const existing = getEnvironmentData(SAID_KEY);
  if (existing instanceof SharedArrayBuffer) return existing;
  const buffer = new SharedArrayBuffer(4 * FALLBACK_REASONS.length);
  setEnvironmentData(SAID_KEY, buffer);
  return buffer;
}

/**
 * Says once per process and kind of reason (not per file) that rules fell back to file-local
 * judgement: `eslint .` over a folder with no package.json would otherwise print one line per
 * file. Kinds stay apart because each needs its own fix (add a package.json, un-ignore a file,
 * fix a syntax error). A process warning goes to stderr under ESLint, the CLI and editors' output
 * channels alike, and never into the lint results.
 */
export function warnOnce(reason: FallbackReason, detail: string): void {
  // The first thread to set the slot says it.
  if (reason === 'disabled' || Atomics.compareExchange(said, FALLBACK_REASONS.indexOf(reason), 0, 1) !== 0) return;
  process.emitWarning(
    // A parser's own message may end in a full stop already.
    `${detail.replace(/\.+$/, '')}. Leakproof rules use file-local judgement of how often code runs here (said once per run)`,
    {
      type: 'LeakproofWarning',
      code: NO_PROJECT_INDEX,
    },
  );
}

/** Forgets which warnings were said (tests). */
export function forgetWarnings(): void {
  said.fill(0);
}
