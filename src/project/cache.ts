import { hash } from 'node:crypto';
import {
  closeSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  statSync,
  unlinkSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { join } from 'node:path';
import { threadId } from 'node:worker_threads';
import { packageJson } from '../package-info.js';
import { FACTS_VERSION, type FileFacts } from './facts.js';
import { functionCountOf, functionsJson, headOf, lazyFacts, restJson, type FactsHead } from './lazy-facts.js';

/** Cached facts of one file, valid while its content hashes the same. */
export interface CachedFile {
  readonly hash: string;
  readonly facts: FileFacts;
  /** `mtimeMs:ctimeMs:size` of the file when it was hashed, if trusted for skipping the read next time. */
  readonly stamp?: string;
}

/**
 * The cache file's first line: the key, then per file its path, hash, stamp (or null), the head
 * of its facts, how many functions it has and the length in bytes of its functions' and its rest's
 * JSON. Two lines per file follow, in the same order, its functions then its rest: a run parses the
 * first line, and a file's functions or rest only when something asks for them (lazy-facts.ts).
 */
interface CacheHeader {
  readonly key: string;
  readonly files: readonly [
    path: string,
    hash: string,
    stamp: string | null,
    head: FactsHead,
    functionCount: number,
    functionsBytes: number,
    restBytes: number,
  ][];
}

/** SHA-1, one shot: `crypto.hash` costs half of createHash's object per call, and a lint hashes every file's text. */
export const contentHash = (text: string): string => hash('sha1', text, 'base64url');

/**
 * A source file's hash as ESLint sees the file: without a leading byte order mark, which ESLint
 * strips from `sourceCode.text`. Hashed with it, a file saved with a BOM never matched the text a
 * rule hands over, so every lint re-parsed it and linked the whole project again.
 */
export const sourceHash = (text: string): string => contentHash(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);

/**
 * What makes cached facts reusable: the plugin's version (its catalogue and extractor), the facts'
 * schema version and the options that shape extraction. Anything else changing means re-parsing.
 */
export function cacheKey(options: Record<string, unknown>): string {
  return contentHash(JSON.stringify([packageJson.version, FACTS_VERSION, options]));
}

/**
 * The project index's disk cache: one file per project root and key, under
 * `node_modules/.cache/leakproof/` (the find-cache-dir convention other tools follow) or the
 * configured folder. Facts are keyed by path relative to the root and checked by content hash,
 * so a changed file is re-parsed and the rest are reused. Lines of JSON (see CacheHeader), so a
 * warm run parses each file's functions and heavier facts only when asked (lazy-facts.ts).
 */
export class IndexCache {
  readonly file: string;

  constructor(
    dir: string,
    root: string,
    readonly key: string,
  ) {
    this.file = join(dir, `project-index-${contentHash(root).slice(0, 10)}.json`);
  }

  /** The cached files, or an empty map when there is no cache, it is unreadable, or it was written with another key. */
  load(): Map<string, CachedFile> {
    try {
      const bytes = readFileSync(this.file);
      const newline = bytes.indexOf(10);
      if (newline < 0) return new Map();
      const header = JSON.parse(bytes.toString('utf8', 0, newline)) as CacheHeader;
      if (header.key !== this.key) return new Map();
      const files = new Map<string, CachedFile>();
      let offset = newline + 1;
      for (const [path, hash, stamp, head, functionCount, functionsBytes, restBytes] of header.files) {
        const functionsAt = offset;
        const restAt = functionsAt + functionsBytes + 1;
        offset = restAt + restBytes + 1;
        if (offset > bytes.length) return new Map();
        const facts = lazyFacts(head, {
          functionCount,
          functions: () => bytes.toString('utf8', functionsAt, functionsAt + functionsBytes),
          rest: () => bytes.toString('utf8', restAt, restAt + restBytes),
        });
        files.set(path, { hash, facts, ...(stamp !== null ? { stamp } : {}) });
      }
      return files;
    } catch {
      return new Map();
    }
  }

  /** Writes atomically (see writeAtomically). */
  save(files: ReadonlyMap<string, CachedFile>): void {
    const lines: string[] = [];
    const entries: CacheHeader['files'][number][] = [];
    for (const [path, { hash, facts, stamp }] of files) {
      const functions = functionsJson(facts);
      const rest = restJson(facts);
      lines.push(functions, rest);
      const sizes = [functionCountOf(facts), Buffer.byteLength(functions), Buffer.byteLength(rest)] as const;
      entries.push([path, hash, stamp ?? null, headOf(facts), ...sizes]);
    }
    const header: CacheHeader = { key: this.key, files: entries };
    writeAtomically(this.file, [JSON.stringify(header), ...lines]);
  }

  /** Where the project's file list is kept (walk-cache.ts). */
  get walkFile(): string {
    return this.file.replace(/\.json$/, '.walk.json');
  }

  /** Where the links found from these facts are kept (link-cache.ts). */
  get linksFile(): string {
    return this.file.replace(/\.json$/, '.links.json');
  }
}

/** Writes a temporary file and renames it into place, so a concurrent reader sees the old or the new content, never half of one. */
export function writeAtomically(file: string, text: string | readonly string[]): void {
  mkdirSync(join(file, '..'), { recursive: true });
  // ESLint's --concurrency workers are threads of one process: the pid alone would let two of them share a temporary file.
  const temporary = `${file}.${process.pid}-${threadId}.tmp`;
  if (typeof text === 'string') writeFileSync(temporary, text);
  else writeLines(temporary, text);
  renameSync(temporary, file);
}

/** Each string and a newline after it, written one by one: joined, a big cache would be held twice in memory at its peak. */
function writeLines(file: string, lines: readonly string[]): void {
  const fd = openSync(file, 'w');
  try {
    for (const line of lines) writeSync(fd, `${line}\n`);
  } finally {
    closeSync(fd);
  }
}

/** A lock older than this is taken to be left by a build that died without removing it. */
const STALE_LOCK_MS = 10 * 60_000;
const POLL_MS = 50;
const sleeper = new Int32Array(new SharedArrayBuffer(4));

/**
 * Runs `work` (a build that reads and writes this cache) as the only one at a time among the
 * processes and threads sharing the cache: under ESLint's `--concurrency`, the first worker to ask
 * builds and writes the cache while the others wait, then read what it wrote instead of parsing
 * every file again themselves. The lock is a file created exclusively beside the cache; one left by
 * a dead process, or older than STALE_LOCK_MS, is broken. Where the lock cannot be created at all
 * (a read-only folder), `work` runs unlocked: saving fails later and the index says so.
 */
export function whileLocked<T>(cache: IndexCache, work: () => T): T {
  const lock = `${cache.file}.lock`;
  for (;;) {
    let fd: number;
    try {
      mkdirSync(join(lock, '..'), { recursive: true });
      fd = openSync(lock, 'wx');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') return work();
      if (isStale(lock)) rmLock(lock);
      else Atomics.wait(sleeper, 0, 0, POLL_MS);
      continue;
    }
    try {
      writeSync(fd, `${process.pid}`);
      closeSync(fd);
      return work();
    } finally {
      rmLock(lock);
    }
  }
}

function isStale(lock: string): boolean {
  try {
    const owner = Number(readFileSync(lock, 'utf8'));
    if (Date.now() - statSync(lock).mtimeMs > STALE_LOCK_MS) return true;
    // The same pid is another thread of this process, alive while the process is.
    if (!owner || owner === process.pid) return false;
    process.kill(owner, 0);
    return false;
  } catch (error) {
    // ESRCH: the owner is gone; ENOENT: the lock went away meanwhile (taken again on the next turn).
    return (error as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

function rmLock(lock: string): void {
  try {
    unlinkSync(lock);
  } catch {
    // Already gone (broken as stale by another waiter).
  }
}
