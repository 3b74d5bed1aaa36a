import { readFileSync, statSync } from 'node:fs';
import { BINARY_FILE, isBinary, walkSourceFiles } from '../core/source-files.js';
import { STAMP_SETTLE_MS, stampOf } from './stamp.js';
import { cachedSourceFiles } from './walk-cache.js';
import { sourceHash, type CachedFile } from './cache.js';
import { extractFacts } from './extract.js';
import type { FileFacts } from './facts.js';

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
  /** Whether the file list came from the listing kept on disk (walk-cache.ts) rather than a walk of the tree. */
  listedFromCache: boolean;
}

/**
 * Every source file of the project at `root` (the walk `leakproof check` lints), with its facts:
 * from `previous` (keyed by the path relative to the root) when its stamp or content hash is the
 * same, else parsed. `newStamps`: some file has a stamp `previous` did not record. `listing`: where
 * the file list is kept between runs and its key (walk-cache.ts), if anywhere.
 */
export function readProjectFiles(
  root: string,
  previous: ReadonlyMap<string, CachedFile>,
  relativeOf: (file: string) => string,
  listing?: { readonly file: string; readonly key: string },
): { files: ReadFile[]; stats: ReadStats; newStamps: boolean } {
  const listed = listing
    ? cachedSourceFiles(root, listing.file, listing.key)
    : { files: walkSourceFiles(root).files, fromCache: false };
  const stats: ReadStats = { parsed: [], fromCache: 0, read: 0, parseErrors: [], listedFromCache: listed.fromCache };
  const kept: ReadFile[] = [];
  let newStamps = false;
  const settled = Date.now() - STAMP_SETTLE_MS;
  for (const file of listed.files) {
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
