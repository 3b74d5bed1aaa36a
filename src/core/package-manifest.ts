import { existsSync, readFileSync } from 'node:fs';
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
 * The nearest package.json above `file` (its folder included), read once per folder and process:
 * every file of a package asks, and each asks up the same folders.
 */
export function packageAround(file: string): PackageAround | undefined {
  return packageOfDir(dirname(resolve(file)));
}

const packages = new Map<string, PackageAround | undefined>();

function packageOfDir(dir: string): PackageAround | undefined {
  if (packages.has(dir)) return packages.get(dir);
  let found: PackageAround | undefined;
  const manifest = readPackageJson(dir);
  if (manifest !== undefined) found = packageOf(dir, manifest);
  else if (dirname(dir) !== dir) found = packageOfDir(dirname(dir));
  packages.set(dir, found);
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
