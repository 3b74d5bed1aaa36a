import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, extname, join, posix } from 'node:path';
import ignore from 'ignore';
import { globSync } from 'tinyglobby';
import { gitViewOf } from './git-view.js';
import { hasNulInCode } from './syntax-check.js';

// The source files of a folder, as `leakproof check` lints them and the project index reads them:
// one walk for both (git's view, build output, generated files), so the index holds exactly the
// files the CLI would lint.

export const SOURCE_EXTENSIONS = ['.ts', '.tsx', '.mts', '.cts', '.js', '.jsx', '.mjs', '.cjs'];

/**
 * A "source" file is binary (an image or archive misnamed) when it holds NUL bytes and is not UTF-8,
 * or holds one where code is. A NUL byte inside a comment or a string is valid source, as some
 * generated files have: one such byte must not keep a whole file from being linted or migrated.
 */
export function isBinary(bytes: Uint8Array, filename: string): boolean {
  if (!bytes.includes(0)) return false;
  const text = decodeUtf8(bytes);
  return text === undefined || hasNulInCode(text, filename);
}
export const BINARY_FILE = 'binary file (NUL bytes outside comments and strings)';

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** The text of UTF-8 bytes, BOM kept; undefined when they are not valid UTF-8. */
export function decodeUtf8(bytes: Uint8Array): string | undefined {
  try {
    return utf8.decode(bytes);
  } catch {
    return undefined;
  }
}

/**
 * Folders build tools write to. Skipped at a package's root (where tools put them), or anywhere
 * when git does not track them; elsewhere a folder of that name is source (`src/commands/build/`).
 */
export const BUILD_OUTPUT_DIRS = new Set([
  'dist',
  'build',
  'out',
  'coverage',
  '.next',
  '.nuxt',
  '.output',
  '.turbo',
  '.cache',
]);

/**
 * Copies of other projects' code kept in the repository (audiobookshelf's `server/libs/watcher/`,
 * a compiled copy of a library with its LICENSE): a rewrite there is one the upstream project
 * never sees and a reviewer would not take, and a finding there is not the team's to fix. A folder
 * is vendored when it has one of these names (or a release's name, VERSIONED_COPY), or when, below the folder searched and not itself a
 * package (no package.json), it carries its own licence file; and in both cases only when no file in
 * it imports from outside it by a relative path: a copy is self-contained, and a folder of the
 * project's own code can carry such a name (supertokens' `recipe/thirdparty/`, set 26). `libs/`
 * alone is not enough: Nx workspaces keep their own libraries there.
 */
const VENDORED_DIRS = new Set(['vendor', 'vendored', 'third_party', 'third-party', 'thirdparty']);
/**
 * A folder named for a release of another project, its name and a full version (`pdfjs-4.3.136/`,
 * `jquery-3.7.1/`, `monaco@0.45.0/`): a copy of that release kept as it shipped (set 34: a mail
 * client's pdf.js viewer). A project names its own folders for what they hold, not for a version
 * number; and, as for the names above, only a self-contained one counts.
 */
const VERSIONED_COPY = /^[a-z][\w.]*?[-@_]v?\d+\.\d+\.\d+(?:[-+.][\w.]+)?$/i;

/** A release's folder name (VERSIONED_COPY). */
export const isVersionedCopyName = (name: string): boolean => VERSIONED_COPY.test(name);

/** Whether a folder's name alone says it is a vendored copy (the copy must also be self-contained). */
function isVendoredFolderName(name: string): boolean {
  return VENDORED_DIRS.has(name) || isVersionedCopyName(name);
}
const LICENCE_FILE = /^(?:licen[cs]e|copying)(?:[.-][\w.-]+)?$/i;

/** Single-file components: their <script> blocks would need vue-eslint-parser or svelte-eslint-parser. */
export const COMPONENT_EXTENSIONS = ['.vue', '.svelte'];

/**
 * Minified bundles, bundlers' chunks (`vendors-….chunk.js`, `main.bundle.js`: set 35 linted a
 * web app's built chunk kept as a test fixture) and declaration files are not code anyone edits.
 */
function isGeneratedFile(path: string): boolean {
  return /\.(min|chunk|bundle)\.[cm]?js$/.test(path) || /\.d\.[cm]?ts$/.test(path);
}

/** Why a file under a searched folder was left out; node_modules and .git are not searched at all. */
export type SkipReason = 'gitignored' | 'build-output' | 'dot-path' | 'generated' | 'vendored' | 'component' | 'test';

export type SkipCounts = Partial<Record<SkipReason, number>>;

export interface SourceFiles {
  /** Absolute paths, sorted, without duplicates. */
  files: string[];
  skipped: SkipCounts;
  /** The files counted in `skipped`, sorted, each with its reason (a shard counts its own slice of them). */
  skippedFiles: SkippedFile[];
}

export interface SkippedFile {
  readonly file: string;
  readonly reason: SkipReason;
}

/** The counts by reason of a list of skipped files. */
export function countByReason(files: readonly SkippedFile[]): SkipCounts {
  const counts: SkipCounts = {};
  for (const { reason } of files) counts[reason] = (counts[reason] ?? 0) + 1;
  return counts;
}

/**
 * The source files under the folder `root`, searched recursively: not node_modules or .git, and not
 * what git ignores (or, outside git, what .gitignore files under it ignore), build output, dot
 * folders and dotfiles, minified and declaration files, vendored copies of other projects,
 * .vue/.svelte components, nor the files
 * `isSkippedTest` calls tests; the files left out are listed with their reason.
 */
export function walkSourceFiles(root: string, isSkippedTest: (file: string) => boolean = () => false): SourceFiles {
  return walkWithInputs(root, isSkippedTest).found;
}

/**
 * What a walk outside git read besides the listing of the folders: with the folders' own times,
 * these decide its result (see src/project/walk-cache.ts). Inside git, `git` is true and the rest
 * is not complete (git's view has inputs of its own).
 */
export interface WalkInputs {
  readonly git: boolean;
  /** Every folder crawled, relative to the root and `/`-separated, the root as ''. */
  readonly folders: readonly string[];
  /** The files whose content the walk read (.gitignore files, the code of folders that may be vendored copies), relative. */
  readonly read: readonly string[];
}

/** walkSourceFiles, and what it read to decide (WalkInputs). */
export function walkWithInputs(
  root: string,
  isSkippedTest: (file: string) => boolean = () => false,
): { found: SourceFiles; inputs: WalkInputs } {
  const git = gitViewOf(root);
  const extensions = new Set([...SOURCE_EXTENSIONS, ...COMPONENT_EXTENSIONS]);
  // One crawl of every folder for the sources, the .gitignore files outside git, and the folders
  // themselves (whose times a cached listing is checked by): a pattern ending in `/` lists every
  // entry, folders with a trailing `/`.
  const crawled = globSync('**/', {
    cwd: root,
    dot: true,
    onlyFiles: false,
    ignore: ['**/node_modules/**', '**/.git/**'],
  });
  const folders = [''];
  const candidates: string[] = [];
  const gitignores: string[] = [];
  for (const path of crawled) {
    if (path.endsWith('/')) folders.push(path.slice(0, -1));
    else if (extensions.has(extname(path))) candidates.push(path);
    else if (!git && isGitignoreFile(path)) gitignores.push(path);
  }
  const read = [...gitignores];
  const isIgnored = git ? git.isIgnored : gitignoreMatcher(root, gitignores);
  const isUntracked = (path: string): boolean => git !== undefined && !git.isTracked(path);
  const isPackageRoot = packageRoots(root, git !== undefined);
  const vendored = new Map<string, boolean>();
  /** `folder`: the folder's path below `root`, `/`-separated. */
  const isVendored = (folder: string, name: string): boolean => {
    let found = vendored.get(folder);
    if (found === undefined) {
      const dir = join(root, folder);
      found =
        (isVendoredFolderName(name) || (licenceFileIn(dir) && !isPackageRoot(dir))) &&
        !importsFromOutside(root, folder, candidates, read);
      vendored.set(folder, found);
    }
    return found;
  };
  const files: string[] = [];
  const skippedFiles: SkippedFile[] = [];
  for (const path of candidates.sort()) {
    const reason = skipReason(path);
    if (reason) skippedFiles.push({ file: join(root, path), reason });
    else files.push(join(root, path));
  }
  return {
    found: { files, skipped: countByReason(skippedFiles), skippedFiles },
    inputs: { git: git !== undefined, folders, read },
  };

  function skipReason(path: string): SkipReason | undefined {
    if (isIgnored(path)) return 'gitignored';
    const segments = path.split('/');
    const folders = segments.slice(0, -1);
    const inBuildOutput = folders.some(
      (name, i) =>
        BUILD_OUTPUT_DIRS.has(name) && (isUntracked(path) || isPackageRoot(join(root, ...folders.slice(0, i)))),
    );
    if (inBuildOutput) return 'build-output';
    if (segments.some((name) => name.startsWith('.'))) return 'dot-path';
    if (isGeneratedFile(path)) return 'generated';
    if (folders.some((name, i) => isVendored(folders.slice(0, i + 1).join('/'), name))) return 'vendored';
    if (COMPONENT_EXTENSIONS.includes(extname(path))) return 'component';
    if (isSkippedTest(join(root, path))) return 'test';
    return undefined;
  }
}

/**
 * Whether a folder is the root of a package, where build tools write their output: it holds a
 * package.json or is the top of a git work tree. A folder searched outside git with no package.json
 * at or above it stands for the root itself.
 */
function packageRoots(root: string, inGit: boolean): (dir: string) => boolean {
  const cache = new Map<string, boolean>();
  const isMarked = (dir: string): boolean => {
    let marked = cache.get(dir);
    if (marked === undefined)
      cache.set(dir, (marked = existsSync(join(dir, 'package.json')) || existsSync(join(dir, '.git'))));
    return marked;
  };
  const rootStandsIn = !inGit && !ancestorsOf(root).some(isMarked);
  return (dir) => isMarked(dir) || (rootStandsIn && dir === root);
}

/** A LICENSE file: not a folder so named, nor a source file (a web app's `about/license/license-page.ts`). */
function licenceFileIn(dir: string): boolean {
  try {
    return readdirSync(dir, { withFileTypes: true }).some(
      (entry) => entry.isFile() && LICENCE_FILE.test(entry.name) && !SOURCE_EXTENSIONS.includes(extname(entry.name)),
    );
  } catch {
    return false;
  }
}

/** A relative module specifier in an import, an export … from, a require() or an import(). */
const RELATIVE_SPECIFIER = /(?:\bfrom\s*|\bimport\s*\(\s*|\brequire\s*\(\s*|^\s*import\s*)(['"])(\.\.?\/[^'"\n]*)\1/gm;

/**
 * Whether code in `folder` (below `root`, among the walk's `candidates`) imports the project's own
 * files from outside it. A vendored copy is self-contained; a folder of the project's own code that
 * happens to carry such a name (supertokens' `recipe/thirdparty/`, a marketplace's `vendor/`
 * module) reaches into its neighbours. The first escaping import settles it, so a real copy is
 * read once and whole. Each file read is added to `read`.
 */
function importsFromOutside(root: string, folder: string, candidates: readonly string[], read: string[]): boolean {
  const prefix = `${folder}/`;
  for (const path of candidates) {
    if (!path.startsWith(prefix) || !SOURCE_EXTENSIONS.includes(extname(path))) continue;
    // As a glob of the folder without dot files would: nothing under a dot folder below it.
    if (
      path
        .slice(prefix.length)
        .split('/')
        .some((segment) => segment.startsWith('.'))
    )
      continue;
    let text: string;
    read.push(path);
    try {
      text = readFileSync(join(root, path), 'utf8');
    } catch {
      continue;
    }
    for (const match of text.matchAll(RELATIVE_SPECIFIER)) {
      const target = posix.normalize(posix.join(posix.dirname(path), match[2]!));
      if (target !== folder && !target.startsWith(prefix)) return true;
    }
  }
  return false;
}

const ancestorsOf = (dir: string): string[] => (dirname(dir) === dir ? [dir] : [dir, ...ancestorsOf(dirname(dir))]);

const isGitignoreFile = (path: string): boolean => path === '.gitignore' || path.endsWith('/.gitignore');

/** Outside git: whether the .gitignore files `gitignores` (relative to `root`) ignore a path (relative, `/`-separated). */
function gitignoreMatcher(root: string, gitignores: readonly string[]): (path: string) => boolean {
  const rules = gitignores.map((file) => ({
    base: posix.dirname(file),
    matcher: ignore().add(readFileSync(join(root, file), 'utf8')),
  }));
  return (path) =>
    rules.some(({ base, matcher }) =>
      base === '.'
        ? matcher.ignores(path)
        : path.startsWith(`${base}/`) && matcher.ignores(path.slice(base.length + 1)),
    );
}
