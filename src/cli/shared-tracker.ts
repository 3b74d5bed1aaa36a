import { existsSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, extname, join, relative, sep } from 'node:path';
import { globSync } from 'tinyglobby';
import { formatterStyleFor } from '../codemod-kit/formatter-config.js';
import { isTestPath } from '../core/file-role.js';
import {
  TRACKED_TASKS_MODULE,
  trackedTasksModule,
  type TrackedTasksFlavour,
} from '../families/tasks/tracked-tasks-module.js';
import type { TrackTasksOptions } from '../families/tasks/floating-task-rewrite.js';
import { BUILD_OUTPUT_DIRS } from '../core/source-files.js';
import { commonFolder, isInside } from '../core/paths.js';
import { owningManifest } from './lru-dependency.js';
import { relativeImportStyleOf, type ImportExtension } from './import-style.js';

/*
 * track-tasks under `leakproof migrate`: instead of a helper in every file, each package (the
 * nearest package.json) gets one tracked-tasks module, created by migrate and imported by every
 * file that tracks a task.
 * - An existing tracked-tasks module is used as it is: the nearest in a folder above the file (so
 *   a second run changes nothing), else the shallowest inside the paths given (one registry for
 *   a file added beside the folder that has it).
 * - Otherwise it is created as `<folder>/tracked-tasks.<ext>`, where <folder> is the deepest folder
 *   holding every file of the package that imports it in this run (within the path given on the
 *   command line that holds them): a tree that deploys one folder (audiobookshelf ships `server/`
 *   and a root index.js) ships the module with the code that needs it. The workers do not know the
 *   importers yet, so they import a provisional specifier that placeSharedTrackers() replaces
 *   once every file has run.
 * The stock jscodeshift transform cannot create files and keeps the per-file helper.
 */

/** Extensions a module may have, in the order an existing one is preferred. */
const MODULE_EXTENSIONS = ['.ts', '.mts', '.cts', '.js', '.mjs', '.cjs'];
const TYPESCRIPT_FILE = /\.[cm]?tsx?$/;
/** A fixture's module is a sample, not the package's registry (isTestPath reads a fixture folder outside a test tree by the path inside it). */
const FIXTURES = /(^|\/)_*fixtures?_*\//;
/** What the workers import until the module's place is known; never written. */
export const PROVISIONAL_TRACKER = `./<leakproof-${TRACKED_TASKS_MODULE}>`;

/**
 * The existing tracked-tasks modules of each package (by package.json) holding one of `files`,
 * found inside the paths given (`targetRoots`), shallowest first: not in node_modules, build
 * output at the package root (a compiled copy), test folders (a fixture's module is not the
 * service's) nor a nested package. A module in a folder above a file is found by the worker as it
 * reads the file (trackerFor), wherever it is.
 */
export function existingTrackersOf(files: readonly string[], targetRoots: readonly string[]): Record<string, string[]> {
  const result: Record<string, string[]> = {};
  for (const file of files) {
    const manifest = owningManifest(dirname(file));
    if (!manifest || manifest in result) continue;
    const root = dirname(manifest);
    const searched = targetRoots.flatMap((target) =>
      isInside(root, target) ? [root] : isInside(target, root) && isDirectory(target) ? [target] : [],
    );
    const found = [...new Set(searched)].flatMap((dir) => trackerModulesIn(dir, root));
    result[manifest] = [...new Set(found)].sort((a, b) => depthOf(a) - depthOf(b) || (a < b ? -1 : a > b ? 1 : 0));
  }
  return result;
}

const depthOf = (path: string): number => path.split(sep).length;

function trackerModulesIn(dir: string, packageRoot: string): string[] {
  const names = MODULE_EXTENSIONS.map((ext) => ext.slice(1)).join(',');
  return globSync(`**/${TRACKED_TASKS_MODULE}.{${names}}`, {
    cwd: dir,
    dot: true,
    absolute: true,
    ignore: ['**/node_modules/**', '**/.git/**'],
  })
    .map((path) => join(path))
    .filter((module) => {
      const folders = relative(packageRoot, dirname(module)).split(sep).filter(Boolean);
      if (folders.length && BUILD_OUTPUT_DIRS.has(folders[0]!)) return false;
      const path = folders.concat(basename(module)).join('/');
      if (isTestPath(path) || FIXTURES.test(path)) return false;
      return !folders.some((_, i) => existsSync(join(packageRoot, ...folders.slice(0, i + 1), 'package.json')));
    });
}

/**
 * The module `file` imports: one in the nearest folder above it, up to its package root (the
 * place migrate creates it, so a second run finds it); else the shallowest found in the paths given.
 */
function trackerFor(file: string, packageRoot: string, found: readonly string[]): string | undefined {
  for (let dir = dirname(file); isInside(dir, packageRoot); dir = dirname(dir)) {
    const here = MODULE_EXTENSIONS.map((ext) => join(dir, `${TRACKED_TASKS_MODULE}${ext}`)).find((path) =>
      existsSync(path),
    );
    if (here) return here;
    if (dir === packageRoot) break;
  }
  return found[0];
}

/** What migrate's workers need to choose each file's tracker (plain data, sent to worker threads). */
export interface TrackerRun {
  /** Absolute paths of the targets named on the command line: a module is created only under one of them. */
  readonly targetRoots: readonly string[];
  /** existingTrackersOf() the run's files. */
  readonly existingTrackers: Readonly<Record<string, readonly string[]>>;
}

/**
 * track-tasks' options for `file` (whose text is `text`): with no --tracker-import, the import of
 * its package's existing shared module, or the provisional one; outside any package, or outside
 * every path given, the per-file helper.
 */
export function withSharedTracker(
  file: string,
  text: string,
  options: Readonly<Record<string, unknown>>,
  run: TrackerRun,
): Record<string, unknown> {
  const mine = options['track-tasks'] as TrackTasksOptions | undefined;
  if (!mine || mine.trackerImport) return options;
  const manifest = owningManifest(dirname(file));
  if (!manifest) return options;
  const existing = trackerFor(file, dirname(manifest), run.existingTrackers[manifest] ?? []);
  let sharedTracker: string;
  if (existing) sharedTracker = trackerSpecifier(file, text, existing, manifest);
  else if (run.targetRoots.some((root) => isInside(file, root))) sharedTracker = PROVISIONAL_TRACKER;
  else return options;
  return { ...options, 'track-tasks': { ...mine, sharedTracker } };
}

/**
 * How `file` imports `module`: relative, with an extension only where the file's own relative
 * imports carry one (relativeImportStyleOf), or, when it has none, where the package needs one.
 */
function trackerSpecifier(file: string, text: string, module: string, manifest: string): string {
  const style = relativeImportStyleOf(text) ?? packageImportStyle(file, module, manifest);
  const moduleExt = extname(module);
  const ext: Record<ImportExtension, string> = {
    none: '',
    javascript: { '.mts': '.mjs', '.cts': '.cjs', '.ts': '.js' }[moduleExt] ?? moduleExt,
    source: moduleExt,
  };
  const base = module.slice(0, module.length - moduleExt.length);
  const path = relative(dirname(file), `${base}${ext[style]}`).split(sep).join('/');
  return path.startsWith('.') ? path : `./${path}`;
}

/**
 * With no relative import in the file to follow: a JavaScript module is named with its extension
 * (every resolver finds a file by its own name); a TypeScript module gets `.js` only where ES
 * module resolution requires an extension (an .mts file, "type": "module", or a tsconfig.json at
 * the package root asking for node16/nodenext), and none otherwise, as tsc, ts-jest, ts-node and
 * bundlers resolve CommonJS-style imports without one.
 */
function packageImportStyle(file: string, module: string, manifest: string): ImportExtension {
  if (!TYPESCRIPT_FILE.test(module)) return 'javascript';
  if (file.endsWith('.mts') || moduleType(manifest) === 'module') return 'javascript';
  const tsconfig = readText(join(dirname(manifest), 'tsconfig.json'));
  return tsconfig && /"module(?:Resolution)?"\s*:\s*"node(?:16|18|20|next)"/i.test(tsconfig) ? 'javascript' : 'none';
}

/** A module to create: its path and text. */
export interface TrackerCreation {
  readonly file: string;
  readonly output: string;
}

interface Rewritten {
  readonly file: string;
  readonly output: string;
  readonly original: string;
}

/**
 * Once every file has run: for each package (and path given) whose rewritten files import the
 * provisional tracker, the module to create, in the deepest folder holding all of them, and each
 * output with the provisional specifier replaced by its relative path. TypeScript when the package
 * has a tsconfig.json or a TypeScript file imports it; otherwise JavaScript in the package's module
 * system ("type": "module" or CommonJS).
 */
export function placeSharedTrackers<T extends Rewritten>(
  rewritten: readonly T[],
  targetRoots: readonly string[],
): { rewritten: T[]; creations: TrackerCreation[] } {
  const groups = new Map<string, { manifest: string; files: T[] }>();
  for (const outcome of rewritten) {
    if (!importsProvisional(outcome.output)) continue;
    const manifest = owningManifest(dirname(outcome.file))!;
    const root = targetRoots.find((target) => isInside(outcome.file, target))!;
    const key = `${manifest}\0${root}`;
    const group = groups.get(key) ?? { manifest, files: [] };
    group.files.push(outcome);
    groups.set(key, group);
  }
  const placed = new Map<string, T>();
  const creations: TrackerCreation[] = [];
  for (const { manifest, files } of groups.values()) {
    const folder = commonFolder(files.map((f) => dirname(f.file)));
    const flavour = flavourOf(
      manifest,
      files.some((f) => TYPESCRIPT_FILE.test(f.file)),
    );
    const module = join(folder, `${TRACKED_TASKS_MODULE}${flavour === 'typescript' ? '.ts' : '.js'}`);
    for (const outcome of files) {
      const specifier = trackerSpecifier(outcome.file, outcome.original, module, manifest);
      const output = outcome.output.replace(PROVISIONAL_QUOTED, (_, quote: string) => `${quote}${specifier}${quote}`);
      placed.set(outcome.file, { ...outcome, output });
    }
    // The new module is printed as the package's formatter would print it, read from a file of the package.
    const formatter = formatterStyleFor(files[0]!.file);
    const style = { quote: formatter?.quote ?? "'", semi: formatter?.semi ?? true } as const;
    creations.push({ file: module, output: trackedTasksModule(flavour, style) });
  }
  creations.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
  return { rewritten: rewritten.map((outcome) => placed.get(outcome.file) ?? outcome), creations };
}

const escaped = PROVISIONAL_TRACKER.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const PROVISIONAL_QUOTED = new RegExp(`(['"])${escaped}\\1`, 'g');
const importsProvisional = (output: string): boolean => new RegExp(PROVISIONAL_QUOTED.source).test(output);

function flavourOf(manifest: string, typescriptImporter: boolean): TrackedTasksFlavour {
  if (typescriptImporter || existsSync(join(dirname(manifest), 'tsconfig.json'))) return 'typescript';
  return moduleType(manifest) === 'module' ? 'esm' : 'commonjs'; // CommonJS is Node's default
}

function moduleType(manifest: string): unknown {
  try {
    return (JSON.parse(readText(manifest) ?? '{}') as { type?: unknown }).type;
  } catch {
    return undefined;
  }
}

function readText(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}
