import type { Stats } from 'node:fs';

/**
 * A file whose modification time, status change time and size are what they were when it was
 * hashed is not read again (ESLint's `--cache-strategy metadata` and git's index do the same),
 * provided it had changed at least this long before it was read: an edit within the file
 * system's time granularity of the read could otherwise keep the stamp (git's "racy" case).
 * The same holds for the folders whose listing the index keeps (walk-cache.ts).
 */
export const STAMP_SETTLE_MS = 2000;

/**
 * What says a file is as it was: its times and size. The change time is there because a write
 * always moves it, while the modification time can be set back (`touch -d`, a tool that restores
 * times, a copy with `cp -p`): an edit that keeps the size and restores the time is still seen.
 * Undefined while the file has not settled (see STAMP_SETTLE_MS): it is then read every time.
 */
export function stampOf(status: Stats, settled: number): string | undefined {
  return Math.max(status.mtimeMs, status.ctimeMs) < settled
    ? `${status.mtimeMs}:${status.ctimeMs}:${status.size}`
    : undefined;
}
