// The benchmark corpus: hand-written sources of pinned npm packages (devDependencies), so it
// installs reproducibly from the lockfile. Compiled or bundled output is left out on purpose:
// generated code is not what people lint.
import { readFileSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { globSync } from 'tinyglobby';

export const repoRoot = resolve(fileURLToPath(new URL('..', import.meta.url)));

/** Package folders (under node_modules) whose sources the corpus holds. */
export const CORPUS_SOURCES = ['undici/lib', 'mongoose/lib', 'knex/lib', 'fastify/lib', 'rxjs/src', '@trpc/server/src'];

const PATTERN = '**/*.{js,mjs,cjs,ts,mts,cts,jsx,tsx}';
const IGNORE = ['**/*.d.ts', '**/*.d.mts', '**/*.d.cts', '**/*.min.js', '**/node_modules/**'];
export const SOURCE_NAME = /\.[cm]?[jt]sx?$/;

/**
 * The JS/TS files under `root`, absolute and sorted, except those `ignore` matches. tinyglobby also
 * returns every file under a folder whose name matches the pattern (`packages/discord.js/`), so
 * each path's own name is checked.
 */
export function sourceFilesUnder(root, ignore = IGNORE) {
  return globSync(PATTERN, { cwd: root, absolute: true, ignore })
    .filter((path) => SOURCE_NAME.test(path))
    .sort();
}

/**
 * Reads the corpus into memory: `[{ path, relativePath, text }]`, sorted by path. `dir` replaces
 * the default corpus (tests use a tiny one).
 */
export function loadCorpus(dir) {
  const roots = dir ? [resolve(dir)] : CORPUS_SOURCES.map((source) => resolve(repoRoot, 'node_modules', source));
  const files = [];
  for (const root of roots) {
    for (const path of sourceFilesUnder(root)) {
      // ESLint ignores node_modules/ by default, so files are linted under a virtual corpus/ path.
      const relativePath = relative(repoRoot, path).replace(/^node_modules\//, 'corpus/');
      files.push({ path, relativePath, text: readFileSync(path, 'utf8') });
    }
  }
  if (files.length === 0) throw new Error(`bench: no source files found under ${roots.join(', ')} (run npm ci)`);
  return files.sort((a, b) => a.path.localeCompare(b.path));
}

export const countLines = (files) => files.reduce((sum, file) => sum + file.text.split('\n').length, 0);

export const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

/** `--name value` and `--name=value` from argv. */
export function flag(argv, name, fallback) {
  const index = argv.findIndex((arg) => arg === `--${name}` || arg.startsWith(`--${name}=`));
  if (index === -1) return fallback;
  const arg = argv[index];
  return arg.includes('=') ? arg.slice(arg.indexOf('=') + 1) : argv[index + 1];
}
