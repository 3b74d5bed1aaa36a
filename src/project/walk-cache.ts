import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, sep } from 'node:path';
import { walkWithInputs } from '../core/source-files.js';
import { writeAtomically } from './cache.js';
import { STAMP_SETTLE_MS, stampOf } from './stamp.js';

/**
 * The project's file list (walkSourceFiles) kept on disk beside the facts cache, so a warm run
 * stats the project's folders instead of crawling them: a folder's times move whenever an entry
 * is added, removed or renamed in it, as git's untracked cache relies on. Valid while
 * - every folder crawled has the same times and size (a new file, a new package.json, a LICENSE);
 * - every file the walk read has too (.gitignore files; the code of folders that may be vendored
 *   copies, whose imports decide whether they are);
 * - no folder from the root up holds a `.git` or a `package.json` that it did not (git's view
 *   would apply; build output is judged by package roots), and GIT_DIR and GIT_WORK_TREE are unset.
 * Only kept outside git: git's view (tracked files, ignore rules of .git/info/exclude and the
 * global excludes file, the index) has inputs of its own, read by one `git ls-files` anyway. Nor
 * where a folder holds a symbolic link (holdsSymlink).
 * A folder or file changed within STAMP_SETTLE_MS of the walk is not trusted: nothing is kept.
 */
interface CachedWalk {
  readonly key: string;
  readonly root: string;
  /** The root and the folders above it: whether each holds a `.git`, and a `package.json`. */
  readonly above: readonly [dir: string, git: boolean, manifest: boolean][];
  /** Folders (relative, '' for the root) and files read, with their stamps. */
  readonly stamps: readonly [path: string, stamp: string][];
  /** The source files, relative to the root. */
  readonly files: readonly string[];
}

/** The root and every folder above it, innermost first. */
function foldersFrom(root: string): string[] {
  const folders = [root];
  for (let dir = join(root, '..'); dir !== folders.at(-1); dir = join(dir, '..')) folders.push(dir);
  return folders;
}

const exists = (path: string): boolean => statSync(path, { throwIfNoEntry: false }) !== undefined;

/** Whether git would be asked about the tree at all: any `.git` at or above the root, or git's location variables set. */
const gitMayApply = (above: readonly CachedWalk['above'][number][]): boolean =>
  process.env.GIT_DIR !== undefined || process.env.GIT_WORK_TREE !== undefined || above.some(([, git]) => git);

function aboveOf(root: string): CachedWalk['above'] {
  return foldersFrom(root).map((dir) => [dir, exists(join(dir, '.git')), exists(join(dir, 'package.json'))]);
}

/**
 * Whether a crawled folder holds a symbolic link: the crawl follows links to folders without
 * listing them as folders, so a file added behind one would move no time the listing keeps.
 * Such a tree is walked every time.
 */
function holdsSymlink(root: string, folders: readonly string[]): boolean {
  return folders.some((folder) => {
    try {
      return readdirSync(join(root, folder), { withFileTypes: true }).some((entry) => entry.isSymbolicLink());
    } catch {
      return true;
    }
  });
}

function currentStamp(path: string): string | undefined {
  const status = statSync(path, { throwIfNoEntry: false });
  return status && stampOf(status, Number.POSITIVE_INFINITY);
}

/**
 * The source files of the project at `root` (absolute paths, as walkSourceFiles gives them), from
 * `file` when it is still valid under `key` (see CachedWalk), else walked and written there.
 */
export function cachedSourceFiles(
  root: string,
  file: string,
  key: string,
): { readonly files: string[]; readonly fromCache: boolean } {
  const cached = load(file, key, root);
  if (cached) {
    // The walk's relative paths are normal already: path.join's normalising of each costs more than the rest of a warm listing.
    const prefix = root.endsWith(sep) ? root : `${root}${sep}`;
    return { files: cached.files.map((path) => prefix + path), fromCache: true };
  }
  const settled = Date.now() - STAMP_SETTLE_MS;
  const above = aboveOf(root);
  const { found, inputs } = walkWithInputs(root);
  if (!inputs.git && !gitMayApply(above) && !holdsSymlink(root, inputs.folders)) {
    const stamps: [string, string][] = [];
    for (const path of [...inputs.folders, ...inputs.read]) {
      const status = statSync(join(root, path), { throwIfNoEntry: false });
      const stamp = status && stampOf(status, settled);
      // Changed while (or just before) it was crawled: the listing may not be what the stamp says.
      if (stamp === undefined) return { files: found.files, fromCache: false };
      stamps.push([path, stamp]);
    }
    const cut = root.endsWith(sep) ? root.length : root.length + 1;
    const walk: CachedWalk = { key, root, above, stamps, files: found.files.map((path) => path.slice(cut)) };
    try {
      writeAtomically(file, JSON.stringify(walk));
    } catch {
      // The facts cache reports an unwritable folder; the listing is only a shortcut.
    }
  }
  return { files: found.files, fromCache: false };
}

function load(file: string, key: string, root: string): CachedWalk | undefined {
  let walk: CachedWalk;
  try {
    walk = JSON.parse(readFileSync(file, 'utf8')) as CachedWalk;
  } catch {
    return undefined;
  }
  if (walk.key !== key || walk.root !== root) return undefined;
  const above = aboveOf(root);
  if (gitMayApply(above) || JSON.stringify(above) !== JSON.stringify(walk.above)) return undefined;
  for (const [path, stamp] of walk.stamps) if (currentStamp(join(root, path)) !== stamp) return undefined;
  return walk;
}
