import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { LinkedCalls } from './call-graph.js';
import type { EncodedPropagation } from './frequency.js';
import type { PackageTargets } from './lifetime.js';
import { writeAtomically } from './cache.js';
import { extendedConfigFiles } from './tsconfig.js';

/**
 * What linking found, kept beside the facts cache so a warm run neither resolves every import
 * again nor links every call: each file's import specifiers and the file each names, the files
 * package.json files name as `bin` targets and entries, and the linked calls. Two keys guard it:
 * - `key` (the resolutions and package targets): the plugin and facts versions, the project's
 *   file list, and the times and size of every file the resolver reads, every package.json in
 *   or above a project folder among them (see resolverInputs);
 * - `graphKey` (the linked calls, and the frequency propagated over them at a depth): `key` and
 *   every file's content hash.
 * A file whose content changed keeps its resolutions (they depend on the specifier and where the
 * file is, not on its content); its new specifiers are resolved and the calls are linked again.
 */
export interface CachedLinks {
  readonly key: string;
  /** Per file (in the order of the file list the key covers): specifier to file index, -1 for none. */
  readonly resolved: readonly Record<string, number>[];
  readonly graphKey: string;
  readonly calls: LinkedCalls;
  /** The files that are package `bin` targets and entries (lifetime.ts packageTargetsOf), valid under `key`. */
  readonly targets?: PackageTargets;
  /** What propagating frequency over the calls found (frequency.ts), valid under `graphKey` at call depth `depth`. */
  readonly frequency?: EncodedPropagation & { readonly depth: number };
}

export class LinkCache {
  constructor(readonly file: string) {}

  /** The links written under `key`, or undefined (none, unreadable, another key). */
  load(key: string): CachedLinks | undefined {
    try {
      const links = JSON.parse(readFileSync(this.file, 'utf8')) as CachedLinks;
      return links.key === key ? links : undefined;
    } catch {
      return undefined;
    }
  }

  save(links: CachedLinks): void {
    writeAtomically(this.file, JSON.stringify(links));
  }
}

/** The files oxc-resolver reads in a folder (and the folders above it): manifests and the tsconfig it finds with `tsconfig: 'auto'`. */
const FOLDER_INPUTS = ['package.json', 'tsconfig.json', 'jsconfig.json'];
/** At the root: workspaces, and what changes when dependencies (workspace links among them) are installed. */
const ROOT_INPUTS = [
  'pnpm-workspace.yaml',
  'package-lock.json',
  'npm-shrinkwrap.json',
  'yarn.lock',
  'pnpm-lock.yaml',
  'bun.lock',
  'bun.lockb',
  'node_modules',
  'node_modules/.package-lock.json',
  'node_modules/.modules.yaml',
  'node_modules/.yarn-state.yml',
];

/**
 * A digest of what module resolution depends on besides the specifier: the project's files (a
 * new `./foo.ts` can take over `./foo` from `./foo/index.ts`) and the times (modification, change) and size of every
 * package.json, tsconfig.json and jsconfig.json in a folder holding a project file or above one,
 * of every file a tsconfig reaches through `extends` (a path or a package, at any depth), and of
 * the lockfiles, node_modules and its `@scope` folders at the root (an install). `references` are
 * not followed.
 */
export function resolverInputs(root: string, relativeFiles: readonly string[]): string {
  const hash = createHash('sha1');
  hash.update(relativeFiles.join('\0'));
  /** Whether the file exists (a missing one is part of the digest too: creating it changes resolution). */
  const stamp = (path: string): boolean => {
    const status = statSync(path, { throwIfNoEntry: false });
    hash.update(status ? `\0${path}\0${status.mtimeMs}:${status.ctimeMs}:${status.size}` : `\0${path}\0-`);
    return status !== undefined;
  };
  const folders = new Set<string>();
  for (const file of relativeFiles) {
    for (let dir = dirname(join(root, file)); !folders.has(dir); dir = dirname(dir)) {
      folders.add(dir);
      if (dirname(dir) === dir) break;
    }
  }
  for (const dir of folders) {
    for (const name of FOLDER_INPUTS) {
      const path = join(dir, name);
      if (stamp(path) && name !== 'package.json') for (const extended of extendedConfigFiles(path)) stamp(extended);
    }
  }
  for (const name of ROOT_INPUTS) stamp(join(root, name));
  for (const scope of scopesIn(join(root, 'node_modules'))) stamp(join(root, 'node_modules', scope));
  return hash.digest('base64url');
}

function scopesIn(dir: string): string[] {
  try {
    return readdirSync(dir).filter((name) => name.startsWith('@'));
  } catch {
    return [];
  }
}
