import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { readPackageJson } from '../core/package-manifest.js';

/** A package.json's fields the index reads. */
export interface PackageManifest {
  readonly name?: string;
  readonly workspaces?: readonly string[] | { readonly packages?: readonly string[] };
}

export function readManifest(dir: string): PackageManifest | undefined {
  return readPackageJson(dir) as PackageManifest | undefined;
}

/** The workspace globs a root declares: package.json `workspaces` (npm, yarn, bun) or pnpm-workspace.yaml. */
export function workspaceGlobs(dir: string, hasManifest = true): string[] {
  const workspaces = hasManifest ? readManifest(dir)?.workspaces : undefined;
  const globs = Array.isArray(workspaces)
    ? [...workspaces]
    : [...((workspaces as { packages?: readonly string[] } | undefined)?.packages ?? [])];
  const pnpm = join(dir, 'pnpm-workspace.yaml');
  if (existsSync(pnpm)) {
    // The `packages:` list only: `  - 'packages/*'` lines until the next top-level key.
    let inPackages = false;
    for (const line of readFileSync(pnpm, 'utf8').split(/\r?\n/)) {
      if (/^\S/.test(line)) inPackages = /^packages\s*:/.test(line);
      const item = inPackages ? /^\s+-\s*['"]?([^'"#]+?)['"]?\s*(#.*)?$/.exec(line) : null;
      if (item) globs.push(item[1]!);
    }
  }
  return globs;
}

/**
 * The root of the project a file belongs to: the workspace root (package.json with `workspaces`,
 * pnpm-workspace.yaml) when the file is in a monorepo, else the nearest package.json, else the
 * repository (.git). The search stops at the repository's top: a project never spans two
 * repositories. Undefined when none of these is found (a stray file).
 */
export function findProjectRoot(file: string): string | undefined {
  const dir = dirname(resolve(file));
  if (!roots.has(dir)) roots.set(dir, searchRoot(dir));
  return roots.get(dir);
}

/**
 * The root found for each folder, per process: every rule asks for every file it lints, and the
 * search reads each package.json up the tree. A process that must see a package.json added since
 * (tests) calls forgetProjectRoots.
 */
const roots = new Map<string, string | undefined>();

export function forgetProjectRoots(): void {
  roots.clear();
  folderMarks.clear();
}

function searchRoot(start: string): string | undefined {
  let nearestPackage: string | undefined;
  for (let dir = start; ; dir = dirname(dir)) {
    const marks = marksOf(dir);
    if (marks.workspaces) return dir;
    if (marks.manifest) nearestPackage ??= dir;
    if (marks.git) return nearestPackage ?? dir;
    if (dirname(dir) === dir) return nearestPackage;
  }
}

/**
 * What makes a folder a root, read once per folder and process: the search from every folder of
 * a project passes the same folders above it, and reading each package.json again on every
 * search was a tenth of a warm lint's index time.
 */
const folderMarks = new Map<string, { manifest: boolean; workspaces: boolean; git: boolean }>();

function marksOf(dir: string): { manifest: boolean; workspaces: boolean; git: boolean } {
  let marks = folderMarks.get(dir);
  if (!marks) {
    const manifest = existsSync(join(dir, 'package.json'));
    marks = { manifest, workspaces: workspaceGlobs(dir, manifest).length > 0, git: existsSync(join(dir, '.git')) };
    folderMarks.set(dir, marks);
  }
  return marks;
}
