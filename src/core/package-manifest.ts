import { existsSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import {
  BIN_FIELD,
  BUILD_SCRIPT_FILES,
  DEFAULT_ENTRY_FILES,
  PACKAGE_ENTRY_FIELDS,
  PLUGIN_HOST_FIELDS,
} from '../knowledge/process-lifetime.js';

/** The package a file belongs to: its folder and the targets of its package.json, as absolute paths. */
export interface PackageAround {
  readonly dir: string;
  readonly name: string | undefined;
  readonly private: boolean;
  /** `bin` targets: each a program of its own. */
  readonly bins: readonly string[];
  /** `main`, `module` and the files of `exports`: what the package gives its consumers. */
  readonly entries: readonly string[];
  /** Whether it names an entry (`main`, `module`, `exports`; not only a build script) or has the index file Node loads without one. */
  readonly hasEntry: boolean;
  /** The field marking it a plugin of a host application (PLUGIN_HOST_FIELDS), if any. */
  readonly host: string | undefined;
}

/**
 * The nearest package.json above `file` (its folder included). Each folder's package.json is read
 * once per process while it keeps its times and size: every file of a package asks, each up the same
 * folders, so a lookup costs a stat per folder up to the nearest package.json; and a long-lived
 * process (an editor's language server) sees a package.json changed, added or removed meanwhile.
 */
export function packageAround(file: string): PackageAround | undefined {
  for (let dir = dirname(resolve(file)); ; dir = dirname(dir)) {
    const own = ownPackage(dir);
    if (own !== undefined || dirname(dir) === dir) return own;
  }
}

/** Per folder: its package.json's times and size (`-` when absent), and the package it makes, if any. */
const packages = new Map<string, { readonly stamp: string; readonly found: PackageAround | undefined }>();

/** The package `dir`'s own package.json makes: undefined when there is none or it is not a JSON object. */
function ownPackage(dir: string): PackageAround | undefined {
  const status = statSync(join(dir, 'package.json'), { throwIfNoEntry: false });
  const stamp = status ? `${status.mtimeMs}:${status.ctimeMs}:${status.size}` : '-';
  const known = packages.get(dir);
  if (known?.stamp === stamp) return known.found;
  const manifest = status ? readPackageJson(dir) : undefined;
  const found = manifest && packageOf(dir, manifest);
  packages.set(dir, { stamp, found });
  return found;
}

/** Drops what was read (tests that write package.json files). */
export function forgetPackages(): void {
  packages.clear();
}

/** The package.json in `dir`, parsed; undefined when there is none or it is not a JSON object. */
export function readPackageJson(dir: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
    return value !== null && typeof value === 'object' ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

function packageOf(dir: string, manifest: Record<string, unknown>): PackageAround {
  const targets = (value: unknown): string[] =>
    typeof value === 'string'
      ? [value]
      : value !== null && typeof value === 'object'
        ? Object.values(value).flatMap((inner) => targets(inner))
        : [];
  const paths = (value: unknown): string[] =>
    targets(value)
      .filter((target) => !target.includes('*'))
      .map((target) => join(dir, target));
  // `"main": "Gruntfile.js"` names a build script, not what a consumer imports.
  const isBuildScript = (target: string): boolean => BUILD_SCRIPT_FILES.includes(basename(target).toLowerCase());
  const named = PACKAGE_ENTRY_FIELDS.some((field) => {
    if (manifest[field] === undefined) return false;
    const files = targets(manifest[field]);
    return files.length === 0 || !files.every(isBuildScript);
  });
  return {
    dir,
    name: typeof manifest.name === 'string' ? manifest.name : undefined,
    private: manifest.private === true,
    bins: paths(manifest[BIN_FIELD]),
    entries: PACKAGE_ENTRY_FIELDS.flatMap((field) => paths(manifest[field])),
    hasEntry: named || DEFAULT_ENTRY_FILES.some((file) => existsSync(join(dir, file))),
    host: PLUGIN_HOST_FIELDS.find((field) => manifest[field] !== undefined),
  };
}

/**
 * Whether the package gives its code to users outside the project, who use it as they like: a
 * library. Not when it is private (its users are the project's own files), names no entry and has
 * no index file (nothing to import it by: an application, or a bundle a tool loads), or is a
 * host's plugin (PLUGIN_HOST_FIELDS: the host builds what it exports, once).
 */
export function isLibrary(pkg: PackageAround): boolean {
  return !pkg.private && pkg.host === undefined && pkg.hasEntry;
}

/** A path without its extension: a bin written `./bin/cli` names `bin/cli.js`. */
const withoutExtension = (path: string): string => path.replace(/\.[cm]?[jt]sx?$/, '');

/** Whether `file` is one of the package's `bin` targets (with or without its extension). */
export function isBinTarget(pkg: PackageAround, file: string): boolean {
  const path = withoutExtension(resolve(file));
  return pkg.bins.some((bin) => withoutExtension(bin) === path);
}
