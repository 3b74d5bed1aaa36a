import { existsSync, statSync } from 'node:fs';
import { extname, relative, resolve } from 'node:path';
import { UsageError } from './errors.js';
import { isTestPath } from '../core/file-role.js';
import {
  COMPONENT_EXTENSIONS,
  countByReason,
  SOURCE_EXTENSIONS,
  walkSourceFiles,
  type SkipCounts,
  type SkipReason,
  type SourceFiles,
} from '../core/source-files.js';

/** Each reason as it follows a count in a summary (`3 ignored by .gitignore`). */
const SKIP_REASONS: Record<SkipReason, string> = {
  gitignored: 'ignored by .gitignore',
  'build-output': 'in build output folders (dist, build, out, coverage… at a package root, or untracked)',
  'dot-path': 'in dot folders or dotfiles',
  generated: 'generated (*.min.js, *.chunk.js, *.bundle.js, *.d.ts)',
  vendored: 'vendored (vendor/, third_party/…, or a folder with its own licence file and no package.json)',
  component: '.vue/.svelte (their script blocks need their own parser)',
  test: 'test files (--include-tests takes them)',
};

/** `3 ignored by .gitignore, 1 minified or declaration files`; empty when nothing was skipped. */
export function describeSkipped(skipped: SkipCounts): string {
  return (Object.keys(SKIP_REASONS) as SkipReason[])
    .filter((reason) => skipped[reason])
    .map((reason) => `${skipped[reason]} ${SKIP_REASONS[reason]}`)
    .join(', ');
}

export const countSkipped = (skipped: SkipCounts): number => Object.values(skipped).reduce((sum, n) => sum + n, 0);

/**
 * The source files under `paths`. A directory is searched recursively: not node_modules or .git,
 * and not what git ignores (or, outside git, what .gitignore files under it ignore), build output,
 * dot folders and dotfiles, minified and declaration files, vendored code, nor .vue/.svelte components, nor
 * with `skipTests` test files (by path, as the rules' test role judges them); the files left out
 * are counted by reason. A file named directly is taken as it is (if it is a
 * JS/TS source). A path that does not exist, or a directory in which nothing is left, is a
 * UsageError: a run over no file must not look like a clean one.
 */
export function findSourceFiles(paths: readonly string[], cwd: string, { skipTests = false } = {}): SourceFiles {
  const files = new Set<string>();
  const skippedFiles = new Map<string, SkipReason>();
  for (const path of paths) {
    const absolute = resolve(cwd, path);
    if (!existsSync(absolute)) throw new UsageError(`no such file or directory: ${path}`);
    if (statSync(absolute).isFile()) {
      if (COMPONENT_EXTENSIONS.includes(extname(absolute)))
        throw new UsageError(
          `${path}: .vue and .svelte components are not supported (their script blocks need their own parser)`,
        );
      if (!SOURCE_EXTENSIONS.includes(extname(absolute)))
        throw new UsageError(`not a JavaScript or TypeScript file: ${path}`);
      files.add(absolute);
      continue;
    }
    const found = walkSourceFiles(absolute, skipTests ? (file) => isTestPath(file, cwd) : () => false);
    if (found.files.length === 0) {
      const skippedCount = countSkipped(found.skipped);
      const why = skippedCount
        ? `: ${skippedCount} skipped, ${describeSkipped(found.skipped)}; a file named directly is always taken`
        : '';
      throw new UsageError(`no JavaScript or TypeScript files found in ${path}${why}`);
    }
    for (const file of found.files) files.add(file);
    for (const { file, reason } of found.skippedFiles) skippedFiles.set(file, reason);
  }
  const skipped = [...skippedFiles]
    .map(([file, reason]) => ({ file, reason }))
    .sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
  return { files: [...files].sort(), skipped: countByReason(skipped), skippedFiles: skipped };
}

/** `i/n` (1-based): the files whose index in the sorted list is i-1 modulo n. */
export function parseShard(value: string): { index: number; count: number } {
  const match = /^(\d+)\/(\d+)$/.exec(value);
  const index = match ? Number(match[1]) : NaN;
  const count = match ? Number(match[2]) : NaN;
  if (!match || count < 1 || index < 1 || index > count)
    throw new UsageError(`--shard must look like i/n with 1 <= i <= n, got ${JSON.stringify(value)}`);
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
