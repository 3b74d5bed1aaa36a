import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { packageJson } from '../package-info.js';
import { FACTS_VERSION, type FileFacts } from './facts.js';

/** Cached facts of one file, valid while its content hashes the same. */
export interface CachedFile {
  readonly hash: string;
  readonly facts: FileFacts;
  /** `mtimeMs:size` of the file when it was hashed, if trusted for skipping the read next time. */
  readonly stamp?: string;
}

interface CacheContent {
  readonly key: string;
  readonly files: Record<string, CachedFile>;
}

export const contentHash = (text: string): string => createHash('sha1').update(text).digest('base64url');

/**
 * What makes cached facts reusable: the plugin's version (its catalogue and extractor), the facts'
 * schema version and the options that shape extraction. Anything else changing means re-parsing.
 */
export function cacheKey(options: Record<string, unknown>): string {
  return contentHash(JSON.stringify([packageJson.version, FACTS_VERSION, options]));
}

/**
 * The project index's disk cache: one JSON file per project root and key, under
 * `node_modules/.cache/leakproof/` (the find-cache-dir convention other tools follow) or the
 * configured folder. Facts are keyed by path relative to the root and checked by content hash,
 * so a changed file is re-parsed and the rest are reused.
 */
export class IndexCache {
  readonly file: string;

  constructor(
    dir: string,
    root: string,
    private readonly key: string,
  ) {
    this.file = join(dir, `project-index-${contentHash(root).slice(0, 10)}.json`);
  }

  /** The cached files, or an empty map when there is no cache, it is unreadable, or it was written with another key. */
  load(): Map<string, CachedFile> {
    try {
      const content = JSON.parse(readFileSync(this.file, 'utf8')) as CacheContent;
      return content.key === this.key ? new Map(Object.entries(content.files)) : new Map();
    } catch {
      return new Map();
    }
  }

  /** Writes atomically (a temporary file renamed into place), so a concurrent reader sees the old or the new cache, never half of one. */
  save(files: ReadonlyMap<string, CachedFile>): void {
    mkdirSync(join(this.file, '..'), { recursive: true });
    const temporary = `${this.file}.${process.pid}.tmp`;
    writeFileSync(
      temporary,
      JSON.stringify({ key: this.key, files: Object.fromEntries(files) } satisfies CacheContent),
    );
    renameSync(temporary, this.file);
  }
}
