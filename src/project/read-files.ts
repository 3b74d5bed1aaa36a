import { readFileSync, statSync, type Stats } from 'node:fs';
import { BINARY_FILE, isBinary, walkSourceFiles } from '../core/source-files.js';
import { sourceHash, type CachedFile } from './cache.js';
import { extractFacts } from './extract.js';
import type { FileFacts } from './facts.js';

/**
 * A file whose modification time, status change time and size are what they were when it was
 * hashed is not read again (ESLint's `--cache-strategy metadata` and git's index do the same),
 * provided it had changed at least this long before it was read: an edit within the file
 * system's time granularity of the read could otherwise keep the stamp (git's "racy" case).
 */
const STAMP_SETTLE_MS = 2000;

/**
 * What says a file is as it was: its times and size. The change time is there because a write
 * always moves it, while the modification time can be set back (`touch -d`, a tool that restores
 * times, a copy with `cp -p`): an edit that keeps the size and restores the time is still seen.
 * Undefined while the file has not settled (see STAMP_SETTLE_MS): it is then read every time.
 */
function stampOf(status: Stats, settled: number): string | undefined {
  return Math.max(status.mtimeMs, status.ctimeMs) < settled
    ? `${status.mtimeMs}:${status.ctimeMs}:${status.size}`
    : undefined;
}

/** One source file as read: its content hash, facts, and stamp if it had settled. */
export interface ReadFile {
  readonly file: string;
  readonly hash: string;
  readonly facts: FileFacts;
  readonly stamp: string | undefined;
}

/** What reading the project's files did. */
export interface ReadStats {
  /** Files parsed (relative to the root); the rest came from `previous`. */
  readonly parsed: string[];
  fromCache: number;
  /** Files read and hashed; the rest were trusted by their stamp. */
  read: number;
  readonly parseErrors: { readonly file: string; readonly message: string }[];
}

/**
 * Every source file of the project at `root` (the walk `leakproof check` lints), with its facts:
 * from `previous` (keyed by the path relative to the root) when its stamp or content hash is the
 * same, else parsed. `newStamps`: some file has a stamp `previous` did not record.
 */
export function readProjectFiles(
  root: string,
  previous: ReadonlyMap<string, CachedFile>,
  relativeOf: (file: string) => string,
): { files: ReadFile[]; stats: ReadStats; newStamps: boolean } {
  const stats: ReadStats = { parsed: [], fromCache: 0, read: 0, parseErrors: [] };
  const kept: ReadFile[] = [];
  let newStamps = false;
  const settled = Date.now() - STAMP_SETTLE_MS;
  for (const file of walkSourceFiles(root).files) {
    const cached = previous.get(relativeOf(file));
    const status = statSync(file);
    // Changed long enough before it was read: the same times and size mean the same content.
    const stamp = stampOf(status, settled);
    if (cached && stamp !== undefined && cached.stamp === stamp) {
      stats.fromCache++;
      if (cached.facts.parseError) stats.parseErrors.push({ file, message: cached.facts.parseError });
      kept.push({ file, hash: cached.hash, facts: cached.facts, stamp });
      continue;
    }
    stats.read++;
    if (stamp !== undefined) newStamps = true;
    const bytes = readFileSync(file);
    if (isBinary(bytes, file)) {
      stats.parseErrors.push({ file, message: BINARY_FILE });
      continue;
    }
    const text = bytes.toString('utf8');
    const hash = sourceHash(text);
    let facts = cached?.hash === hash ? cached.facts : undefined;
    if (facts) stats.fromCache++;
    else {
      facts = extractFacts(file, text);
      stats.parsed.push(relativeOf(file));
    }
    if (facts.parseError) stats.parseErrors.push({ file, message: facts.parseError });
    kept.push({ file, hash, facts, stamp });
  }
  return { files: kept, stats, newStamps };
}
