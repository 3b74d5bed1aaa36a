import { existsSync, readFileSync, statSync } from 'node:fs';
import { formatterStyleFor } from '../codemod-kit/formatter-config.js';
import { dirname, extname, join, relative, sep } from 'node:path';
import {
  TRACKED_TASKS_MODULE,
  trackedTasksModule,
  type TrackedTasksFlavour,
} from '../families/tasks/tracked-tasks-module.js';
import type { TrackTasksOptions } from '../families/tasks/floating-task-rewrite.js';
import { isInside } from './files.js';
import { owningManifest } from './lru-dependency.js';

/*
 * track-tasks under `leakproof migrate`: instead of a helper in every file, each package (the
 * nearest package.json) gets one tracked-tasks module, created by migrate and imported by every
 * file that tracks a task. Where it goes is decided from the package alone, so every file (and
 * every later run) agrees: an existing tracked-tasks module in the chosen folder is used as it
 * is; otherwise src/lib/ when the package has a src/ folder, else the package root. The stock
 * jscodeshift transform cannot create files and keeps the per-file helper.
 */

/** Extensions an existing module may have, in the order they are looked for. */
const EXISTING_EXTENSIONS = ['.ts', '.mts', '.cts', '.js', '.mjs', '.cjs'];
const TYPESCRIPT_FILE = /\.[cm]?tsx?$/;

export interface SharedTracker {
  /** The package.json whose package the module serves. */
  readonly manifest: string;
  /** The module's path without extension. */
  readonly base: string;
  /** The module's file when it exists already. */
  readonly existing: string | undefined;
}

/** The shared tracker of the package that owns `file`; undefined outside any package. */
export function sharedTrackerFor(file: string): SharedTracker | undefined {
  const manifest = owningManifest(dirname(file));
  if (!manifest) return undefined;
  const root = dirname(manifest);
  const folder = isDirectory(join(root, 'src')) ? join(root, 'src', 'lib') : root;
  const base = join(folder, TRACKED_TASKS_MODULE);
  const existing = EXISTING_EXTENSIONS.map((ext) => `${base}${ext}`).find((path) => existsSync(path));
  return { manifest, base, existing };
}

/**
 * How `file` imports the module: relative, with the extension Node's ESM resolution needs (`.js`
 * for a TypeScript module: TypeScript maps it to the .ts file under every module resolution).
 */
export function trackerSpecifier(file: string, tracker: SharedTracker): string {
  const ext = tracker.existing
    ? ({ '.mts': '.mjs', '.cts': '.cjs', '.ts': '.js' }[extname(tracker.existing)] ?? extname(tracker.existing))
    : '.js';
  const path = relative(dirname(file), `${tracker.base}${ext}`).split(sep).join('/');
  return path.startsWith('.') ? path : `./${path}`;
}

/**
 * track-tasks' options for `file`: with no --tracker-import, the import of its package's shared
 * module. The file keeps the per-file helper outside any package, and when the module would have
 * to be created outside every path migrate was given (a folder migrated inside a bigger package,
 * such as an example): migrate never writes where it was not asked to.
 */
export function withSharedTracker(
  file: string,
  options: Readonly<Record<string, unknown>>,
  targetRoots: readonly string[],
): Record<string, unknown> {
  const mine = options['track-tasks'] as TrackTasksOptions | undefined;
  if (!mine || mine.trackerImport) return options;
  const tracker = sharedTrackerFor(file);
  if (!tracker) return options;
  if (!tracker.existing && !targetRoots.some((root) => isInside(`${tracker.base}.ts`, root))) return options;
  return { ...options, 'track-tasks': { ...mine, sharedTracker: trackerSpecifier(file, tracker) } };
}

/** A module to create: its path and text. */
export interface TrackerCreation {
  readonly file: string;
  readonly output: string;
}

/**
 * The modules to create after a run: one per package whose rewritten files import a tracker that
 * does not exist yet. TypeScript when the package has a tsconfig.json or a TypeScript file imports
 * it; otherwise JavaScript in the package's module system ("type": "module" or CommonJS).
 */
export function trackersToCreate(
  rewritten: readonly { readonly file: string; readonly output: string }[],
): TrackerCreation[] {
  const wanted = new Map<string, { tracker: SharedTracker; typescript: boolean; importer: string }>();
  for (const { file, output } of rewritten) {
    const tracker = sharedTrackerFor(file);
    if (!tracker || tracker.existing) continue;
    const specifier = trackerSpecifier(file, tracker);
    if (!output.includes(`'${specifier}'`) && !output.includes(`"${specifier}"`)) continue;
    const entry = wanted.get(tracker.base) ?? { tracker, typescript: false, importer: file };
    entry.typescript ||= TYPESCRIPT_FILE.test(file);
    wanted.set(tracker.base, entry);
  }
  return [...wanted.values()].map(({ tracker, typescript, importer }) => {
    const flavour = flavourOf(tracker.manifest, typescript);
    // The new module is printed as the package's formatter would print it, read from a file of the package.
    const formatter = formatterStyleFor(importer);
    const style = { quote: formatter?.quote ?? "'", semi: formatter?.semi ?? true } as const;
    return {
      file: `${tracker.base}${flavour === 'typescript' ? '.ts' : '.js'}`,
      output: trackedTasksModule(flavour, style),
    };
  });
}

function flavourOf(manifest: string, typescriptImporter: boolean): TrackedTasksFlavour {
  if (typescriptImporter || existsSync(join(dirname(manifest), 'tsconfig.json'))) return 'typescript';
  try {
    return (JSON.parse(readFileSync(manifest, 'utf8')) as { type?: unknown }).type === 'module' ? 'esm' : 'commonjs';
  } catch {
    return 'commonjs'; // CommonJS is Node's default
  }
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}
