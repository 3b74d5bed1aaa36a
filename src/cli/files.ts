import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, extname, relative, resolve, sep } from 'node:path';
import ignore, { type Ignore } from 'ignore';
import { globSync } from 'tinyglobby';
import { UsageError } from './errors.js';

export const SOURCE_EXTENSIONS = ['.ts', '.tsx', '.mts', '.cts', '.js', '.jsx', '.mjs', '.cjs'];

/** Text never holds NUL bytes; a "source" file that does is binary (an image or archive misnamed). */
export const isBinary = (bytes: Uint8Array): boolean => bytes.includes(0);
export const BINARY_FILE = 'binary file (contains NUL bytes)';

/** Folders that hold dependencies or build output, never hand-written code. */
const SKIPPED_DIRS = ['node_modules', 'dist', 'build', 'out', 'coverage', '.next', '.nuxt', '.output', '.git', '.turbo', '.cache'];

/** Minified bundles and declaration files are not code anyone edits. */
export function isSkippedFile(path: string): boolean {
  return /\.min\.[cm]?js$/.test(path) || /\.d\.[cm]?ts$/.test(path);
}

/**
 * The source files under `paths`, sorted and de-duplicated. A directory is searched recursively,
 * honouring .gitignore files inside it and skipping dependency and build folders; a file named
 * directly is taken as it is (if it is a JS/TS source). A path that does not exist is a UsageError.
 */
export function collectSourceFiles(paths: readonly string[], cwd: string): string[] {
  const files = new Set<string>();
  for (const path of paths) {
    const absolute = resolve(cwd, path);
    if (!existsSync(absolute)) throw new UsageError(`no such file or directory: ${path}`);
    const stats = statSync(absolute);
    if (stats.isFile()) {
      if (!SOURCE_EXTENSIONS.includes(extname(absolute))) throw new UsageError(`not a JavaScript or TypeScript file: ${path}`);
      files.add(absolute);
      continue;
    }
    for (const file of walkDirectory(absolute)) files.add(file);
  }
  return [...files].sort();
}

function walkDirectory(root: string): string[] {
  const ignoreDirs = SKIPPED_DIRS.map((dir) => `**/${dir}/**`);
  const gitignores = globSync('**/.gitignore', { cwd: root, absolute: true, dot: true, ignore: ignoreDirs });
  const rules: { base: string; matcher: Ignore }[] = gitignores.map((file) => ({
    base: dirname(file),
    matcher: ignore().add(readFileSync(file, 'utf8')),
  }));
  const candidates = globSync(`**/*.{${SOURCE_EXTENSIONS.map((e) => e.slice(1)).join(',')}}`, { cwd: root, absolute: true, ignore: ignoreDirs });
  return candidates.filter((file) => {
    // tinyglobby also returns every file under a folder whose name matches (`packages/discord.js/`).
    if (!SOURCE_EXTENSIONS.includes(extname(file)) || isSkippedFile(file)) return false;
    for (const { base, matcher } of rules) {
      if (!file.startsWith(base + sep)) continue;
      if (matcher.ignores(relative(base, file).split(sep).join('/'))) return false;
    }
    return true;
  });
}

/** `i/n` (1-based): the files whose index in the sorted list is i-1 modulo n. */
export function parseShard(value: string): { index: number; count: number } {
  const match = /^(\d+)\/(\d+)$/.exec(value);
  const index = match ? Number(match[1]) : NaN;
  const count = match ? Number(match[2]) : NaN;
  if (!match || count < 1 || index < 1 || index > count) throw new UsageError(`--shard must look like i/n with 1 <= i <= n, got ${JSON.stringify(value)}`);
  return { index, count };
}

export function selectShard<T>(files: readonly T[], shard: { index: number; count: number } | undefined): T[] {
  if (!shard) return [...files];
  return files.filter((_, i) => i % shard.count === shard.index - 1);
}

export const displayPath = (file: string, cwd: string): string => {
  const rel = relative(cwd, file);
  return rel.startsWith('..') ? file : rel;
};

