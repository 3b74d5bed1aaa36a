import { readFileSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import { IndexCache, cacheKey, sourceHash, whileLocked, type CachedFile } from './cache.js';
import { extractFacts, probeFile, type ProbedFile } from './extract.js';
import type { FileFacts, Value } from './facts.js';
import type { RepeatKind } from '../knowledge/entry-points.js';
import { freshBuildOf, type FreshBuild } from './fresh-builds.js';
import { settledFunctionOf, type SettledCall } from './settles.js';
import { importedFiniteType } from './finite-types.js';
import type { Frequency } from './frequency.js';
import type { ProcessLifetime } from '../core/file-role.js';
import { linkProject, type Linked, type LinkStats } from './link-project.js';
import { resolverInputs } from './link-cache.js';
import { readProjectFiles } from './read-files.js';
import { FreshSignalTracer, type SignalFreshness } from './fresh-signal.js';
import { PerEventArgumentTracer, type PerEventArgument } from './per-event-args.js';
import { ProvenanceTracer, type KeyProvenance } from './provenance.js';
import { findProjectRoot, forgetProjectRoots } from './root.js';

export { describeFrequency } from './describe.js';
export type { Evidence, Frequency, FrequencyKind } from './frequency.js';

export interface ProjectIndexOptions {
  /** Keep the index's facts on disk between runs (default true). */
  readonly cache?: boolean;
  /** Where the disk cache lives (default `<root>/node_modules/.cache/leakproof`). */
  readonly cacheDir?: string;
  /** How many calls deep frequency is followed from an entry point (default 32). */
  readonly maxDepth?: number;
}

export interface IndexStats {
  readonly files: number;
  /** Files parsed by this build or update (relative to the root); the rest came from the cache. */
  readonly parsed: string[];
  fromCache: number;
  /** Files read and hashed; the rest were trusted by modification time and size. */
  read: number;
  /** Files whose syntax oxc-parser rejected (their facts are partial). */
  readonly parseErrors: { readonly file: string; readonly message: string }[];
  /** Whether the file list came from the disk cache (walk-cache.ts: outside git, no folder changed) rather than a walk. */
  listedFromCache?: boolean;
  /** Why the disk cache could not be written, if it could not (the index still works). */
  cacheError?: string;
  /**
   * Set once the files are linked: how many imports the resolver resolved (the rest came from the
   * disk cache), whether the calls were linked again or came from the cache (no file changed),
   * whether the package targets (`bin` and entry files) came from the cache, and whether the
   * frequency propagated over the calls did.
   */
  linked?: LinkStats;
}

/** Where code that a position lies in is, and how to ask a node the caller holds. */
export type Position = number | Range | { readonly range: Range };
/** A node's `range`: start and end offsets in the text, as ESLint gives them. */
export type Range = readonly [number, number];

/**
 * The project index: every source file of a project parsed once (oxc-parser), its module graph
 * (oxc-resolver) and call graph, and how often each function runs, propagated from the entry
 * points of src/knowledge/entry-points.ts. Built once per root and process (projectIndexFor) and
 * cached on disk by file content; linking and propagation are redone after any file changes.
 */
export class ProjectIndex {
  private files: string[] = [];
  private facts: FileFacts[] = [];
  private hashes: string[] = [];
  /** Each file's times and size when its hash was taken, if it had settled (see stampOf). */
  private stamps: (string | undefined)[] = [];
  private fileIndex = new Map<string, number>();
  private linked: Linked | undefined;
  /** Texts handed over by update() (unsaved editor buffers), which differ from the disk. */
  private readonly texts = new Map<number, string>();
  /** The last file probed for key provenance, while its content stays the same. */
  private probed: { file: number; hash: string; probe: ProbedFile } | undefined;
  private readonly cache: IndexCache | undefined;
  private readonly maxDepth: number;
  stats: IndexStats = { files: 0, parsed: [], fromCache: 0, read: 0, parseErrors: [] };

  private constructor(
    readonly root: string,
    options: ProjectIndexOptions,
  ) {
    this.maxDepth = options.maxDepth ?? 32;
    this.cache =
      options.cache === false
        ? undefined
        : new IndexCache(options.cacheDir ?? join(root, 'node_modules', '.cache', 'leakproof'), root, cacheKey({}));
  }

  static build(root: string, options: ProjectIndexOptions = {}): ProjectIndex {
    const index = new ProjectIndex(resolve(root), options);
    const { cache } = index;
    if (cache) whileLocked(cache, () => index.load(cache.load()));
    else index.load(new Map());
    return index;
  }

  /** Re-reads the project from disk: new, removed and changed files; unchanged ones keep their facts. */
  refresh(): void {
    this.load(new Map(this.files.map((file, i) => [this.relative(file), this.cached(i)])));
  }

  private cached(i: number): CachedFile {
    const stamp = this.stamps[i];
    return { hash: this.hashes[i]!, facts: this.facts[i]!, ...(stamp ? { stamp } : {}) };
  }

  private load(previous: ReadonlyMap<string, CachedFile>): void {
    const {
      files: kept,
      stats,
      newStamps,
    } = readProjectFiles(
      this.root,
      previous,
      (file) => this.relative(file),
      this.cache && { file: this.cache.walkFile, key: this.cache.key },
    );
    // Nothing changed (a refresh in a long-lived process): the links and propagation stay.
    const same =
      kept.length === this.files.length && kept.every((k, i) => k.file === this.files[i] && k.hash === this.hashes[i]);
    this.files = kept.map((k) => k.file);
    this.facts = kept.map((k) => k.facts);
    this.hashes = kept.map((k) => k.hash);
    this.stamps = kept.map((k) => k.stamp);
    this.fileIndex = new Map(this.files.map((file, i) => [file, i]));
    this.texts.clear();
    // A package.json or tsconfig changed with no source file (an editor's refresh): resolutions and package targets may differ.
    if (
      !same ||
      (this.linked &&
        this.linked.inputs !==
          resolverInputs(
            this.root,
            this.files.map((f) => this.relative(f)),
          ))
    )
      this.linked = undefined;
    this.stats = { ...stats, files: kept.length };
    if (stats.parsed.length > 0 || newStamps || previous.size !== kept.length) this.save();
  }

  private save(): void {
    if (!this.cache) return;
    try {
      this.cache.save(new Map(this.files.map((file, i) => [this.relative(file), this.cached(i)])));
    } catch (error) {
      this.stats.cacheError = `cannot write ${this.cache.file}: ${(error as Error).message}`;
    }
  }

  private relative(file: string): string {
    // The walk's files lie under the root: cutting the prefix is what path.relative would do, without its cost per file.
    const path =
      file.startsWith(this.root) && file[this.root.length] === sep
        ? file.slice(this.root.length + 1)
        : relative(this.root, file);
    return sep === '/' ? path : path.split(sep).join('/');
  }

  /** Whether the index holds `file` (a source file of the project that `leakproof check` would lint). */
  has(file: string): boolean {
    return this.fileIndex.has(resolve(file));
  }

  get fileCount(): number {
    return this.files.length;
  }

  /**
   * Takes the text a linter or editor holds for `file` (maybe unsaved): when it differs from what
   * the index read, only that file is re-parsed, and links are recomputed on the next question.
   * Memory only: an editor calls this on every keystroke, and the next run re-parses the one file
   * whose content no longer matches the disk cache anyway. Returns whether anything changed.
   */
  update(file: string, text: string): boolean {
    const i = this.fileIndex.get(resolve(file));
    const hash = sourceHash(text);
    if (i === undefined || this.hashes[i] === hash) return false;
    this.facts[i] = extractFacts(this.files[i]!, text);
    this.hashes[i] = hash;
    // The text is not the disk's any more: the next load must read the file.
    this.stamps[i] = undefined;
    this.texts.set(i, text);
    this.stats = { ...this.stats, parsed: [...this.stats.parsed, this.relative(this.files[i]!)] };
    this.linked = undefined;
    return true;
  }

  private link(): Linked {
    if (!this.linked) {
      const outcome = linkProject({
        root: this.root,
        files: this.files,
        relativeFiles: this.files.map((file) => this.relative(file)),
        facts: this.facts,
        hashes: this.hashes,
        fileIndex: this.fileIndex,
        maxDepth: this.maxDepth,
        cache: this.cache,
      });
      this.stats.linked = outcome.stats;
      if (outcome.cacheError) this.stats.cacheError = outcome.cacheError;
      this.linked = outcome.linked;
    }
    return this.linked;
  }

  /**
   * The innermost function of `file` containing `at` (an offset or a node's range), as an index into
   * its facts; -1 at module level. An instance field initializer counts as inside its constructor.
   */
  private functionAt(file: number, at: Position): number {
    const offset = typeof at === 'number' ? at : 'range' in at ? at.range[0] : at[0];
    let best = -1;
    let bestStart = -1;
    const consider = (i: number, start: number, end: number): void => {
      if (start <= offset && offset < end && start >= bestStart) {
        best = i;
        bestStart = start;
      }
    };
    this.facts[file]!.functions.forEach((fn, i) => {
      consider(i, fn.start, fn.end);
      // An instance field initializer runs as part of its class's constructor (a static one stays where the class is).
      for (const [start, end] of fn.initializers ?? []) consider(i, start, end);
    });
    return best;
  }

  /**
   * How often the code at `at` in `file` runs, with the evidence. `text`, when given, is the
   * text the caller holds for the file (ESLint's `sourceCode.text`), so offsets match even when
   * the file on disk differs. A file the index does not hold is `unknown`.
   */
  frequencyOf(file: string, at: Position, text?: string): Frequency {
    if (text !== undefined) this.update(file, text);
    const i = this.fileIndex.get(resolve(file));
    if (i === undefined)
      return {
        kind: 'unknown',
        evidence: [{ file, line: 1, description: `${file} is not part of the project at ${this.root}` }],
      };
    return this.link().table.of(i, this.functionAt(i, at));
  }

  /**
   * Whether every process that loads `file` ends with its work (a CLI's lib, a code generator's
   * helper), and why: see lifetime.ts. Long-running for a file the index does not hold.
   */
  lifetimeOf(file: string): ProcessLifetime {
    const i = this.fileIndex.get(resolve(file));
    if (i === undefined) return { shortLived: false, reason: `${file} is not part of the project at ${this.root}` };
    return this.link().lifetimes.of(i);
  }

  /** The parser's error for `file` when its facts are partial; undefined when it parsed or is not in the index. */
  parseErrorOf(file: string): string | undefined {
    const i = this.fileIndex.get(resolve(file));
    return i === undefined ? undefined : this.facts[i]!.parseError;
  }

  /**
   * Where the value of the expression at `at` (a node's range, exactly) comes from: request
   * input, finite values, or unknown, followed across files through the callers of the functions
   * whose parameters it comes from. Paths in the evidence are relative to `cwd`.
   */
  keyProvenanceOf(
    file: string,
    at: Range | { readonly range: Range },
    cwd = process.cwd(),
    text?: string,
  ): KeyProvenance {
    if (text !== undefined) this.update(file, text);
    const i = this.fileIndex.get(resolve(file));
    if (i === undefined) return { kind: 'unknown', evidence: [`${file} is not part of the project at ${this.root}`] };
    const [start, end] = 'range' in at ? at.range : at;
    const origin = this.probe(i).originAt(start, end);
    if (!origin) return { kind: 'unknown', evidence: [`no expression of ${file} spans ${start}-${end}`] };
    const { graph } = this.link();
    return new ProvenanceTracer(graph, this.facts, this.files, cwd).of(i, origin);
  }

  /**
   * Whether the AbortSignal the function at `at` takes as parameter `param` (or as that
   * parameter's `signal` property) is made per call by every caller in the project (fresh-signal.ts).
   * Not fresh for a function nobody in the project calls (a library's public API).
   */
  signalFreshnessOf(
    file: string,
    at: Position,
    param: number,
    member: string | undefined,
    cwd = process.cwd(),
    text?: string,
  ): SignalFreshness {
    if (text !== undefined) this.update(file, text);
    const i = this.fileIndex.get(resolve(file));
    if (i === undefined) return { fresh: false, evidence: [`${file} is not part of the project at ${this.root}`] };
    const fn = this.functionAt(i, at);
    if (fn < 0) return { fresh: false, evidence: ['not in a function'] };
    return new FreshSignalTracer(this.link().graph, this.facts, this.files, cwd).of(i, fn, param, member);
  }

  /**
   * Whether every `new` in the project of the class whose constructor lies at `at` hands it, as
   * parameter `param`, the own parameter of a handler that runs again and again: the event's own
   * object (per-event-args.ts). Not for a class nothing in the project builds.
   */
  perEventArgumentOf(file: string, at: Position, param: number, cwd = process.cwd()): PerEventArgument {
    const i = this.fileIndex.get(resolve(file));
    if (i === undefined) return { perEvent: false, evidence: [`${file} is not part of the project at ${this.root}`] };
    const fn = this.functionAt(i, at);
    if (fn < 0) return { perEvent: false, evidence: ['not in a function'] };
    return new PerEventArgumentTracer(this.link().graph, this.facts, this.files, cwd).of(i, fn, param);
  }

  /**
   * Why the type `name` (its property `member`, for `Plan['size']`) that `file` imports from
   * `source` takes a fixed few values, and where it is declared (relative to `cwd`): "the enum
   * Sender, declared in src/types.ts". Undefined when it does not, or the index cannot tell.
   */
  finiteTypeOf(file: string, source: string, name: string, member?: string, cwd = process.cwd()): string | undefined {
    const i = this.fileIndex.get(resolve(file));
    if (i === undefined) return undefined;
    const linked = this.link();
    const found = importedFiniteType(this.facts, linked.values, linked.moduleOf, i, source, name, member);
    return found && `${found.why}, declared in ${relative(cwd, this.files[found.file]!).split(sep).join('/')}`;
  }

  /** The file re-parsed with every expression's scope kept (one file at a time: a rule asks about several keys of the file it lints). */
  private probe(i: number): ProbedFile {
    if (this.probed?.file !== i || this.probed.hash !== this.hashes[i]) {
      const text = this.texts.get(i) ?? readFileSync(this.files[i]!, 'utf8');
      // The disk moved on since the index read it: take the new text, so the probe's functions match the index's.
      if (sourceHash(text) !== this.hashes[i]) this.update(this.files[i]!, text);
      this.probed = { file: i, hash: this.hashes[i]!, probe: probeFile(this.files[i]!, text) };
    }
    return this.probed.probe;
  }

  /**
   * What calling `path` of module `source` (as `file` imports it; `isNew` for `new`) builds afresh
   * from a library, through the project's own factories and classes: `getDb()` in src/db.ts whose
   * every call returns `new Pool(…)`. Undefined when it is not such a factory, or `file` is not held.
   */
  freshBuildOf(file: string, source: string, path: readonly string[], isNew: boolean): FreshBuildAnswer | undefined {
    const i = this.fileIndex.get(resolve(file));
    if (i === undefined) return undefined;
    // A module called itself (`require('./db')()`) is its default export, or what `module.exports` holds.
    const names = path.length === 0 ? ['default'] : path;
    const value = names.reduce<Value>((of, name) => ({ k: 'member', of, name }), { k: 'import', source, name: '*' });
    const { values, table } = this.link();
    const build = freshBuildOf(this.facts, values, i, value, isNew);
    if (!build) return undefined;
    const [first] = build.through;
    const runs = first?.fn === undefined ? undefined : table.of(first.file, first.fn);
    return {
      source: build.source,
      path: build.path,
      isNew: build.isNew,
      through: build.through.map((step) => ({ file: this.files[step.file]!, line: step.line, name: step.name })),
      ...(runs?.kind === 'repeats' && runs.repeatKind ? { factoryRepeats: runs.repeatKind } : {}),
    };
  }

  /**
   * The project function the call at `at` in `file` runs, when calling it cannot reject (settles.ts):
   * `sendMail()` in src/mail.ts that catches its own failures. Undefined when it may, or the callee
   * cannot be followed.
   */
  settledCallOf(file: string, at: Position): SettledCall | undefined {
    const i = this.fileIndex.get(resolve(file));
    if (i === undefined || typeof at === 'number') return undefined;
    const [start, end] = 'range' in at ? at.range : at;
    const callee = this.probe(i).calleeAt(start, end);
    if (callee === undefined || callee.k === 'unknown') return undefined;
    const target = settledFunctionOf(this.facts, this.link().values, i, callee);
    if (!target || !('file' in target)) return undefined;
    const fn = this.facts[target.file]!.functions[target.i]!;
    return {
      name: `${fn.name}()`,
      file: this.files[target.file]!,
      line: fn.line,
      direct: fn.settles?.length === 0,
      returnsNothing: fn.returnsNothing === true,
    };
  }

  /**
   * The methods the class whose constructor is the function at `at` inherits from its superclasses
   * in the project (nearest first; a name its own class or a nearer superclass has is left out):
   * `close` of `ClusterAdapterWithHeartbeat` in another package, for a subclass that adds a listener.
   * Empty when `at` is not in a class constructor, or its superclasses are outside the project.
   */
  inheritedMethodsOf(file: string, at: Position): InheritedMethod[] {
    const i = this.fileIndex.get(resolve(file));
    if (i === undefined) return [];
    const fn = this.functionAt(i, at);
    const cls = fn < 0 ? -1 : this.facts[i]!.classes.findIndex((fact) => fact.ctor === fn);
    if (cls < 0) return [];
    return this.link()
      .values.inheritedMethodsOf({ file: i, i: cls })
      .map((method) => ({
        name: method.name,
        className: this.facts[method.cls.file]!.classes[method.cls.i]!.name,
        file: this.files[method.cls.file]!,
        line: this.facts[method.cls.file]!.functions[method.fn]!.line,
      }));
  }

  /** The project files `file` imports, re-exports, requires or imports dynamically. */
  importsOf(file: string): { file: string; kind: string; line: number }[] {
    const i = this.fileIndex.get(resolve(file));
    if (i === undefined) return [];
    return this.link().graph.imports[i]!.map((edge) => ({
      file: this.files[edge.to]!,
      kind: edge.kind,
      line: edge.line,
    }));
  }

  /** The project files that import `file`. */
  importersOf(file: string): string[] {
    const i = this.fileIndex.get(resolve(file));
    if (i === undefined) return [];
    const { imports } = this.link().graph;
    return this.files.filter((_, j) => imports[j]!.some((edge) => edge.to === i));
  }
}

/** A method a class inherits from a superclass declared in the project. */
export interface InheritedMethod {
  readonly name: string;
  /** The superclass that declares it. */
  readonly className: string;
  readonly file: string;
  readonly line: number;
}

/** A FreshBuild with each factory's file as an absolute path. */
export type FreshBuildAnswer = Omit<FreshBuild, 'through'> & {
  readonly through: readonly { readonly file: string; readonly line: number; readonly name: string }[];
  /**
   * The factory itself repeats per request, message, … as the index sees from all its callers: the
   * rules report the construction inside it then (a helper a handler calls), not each call of it.
   */
  readonly factoryRepeats?: RepeatKind;
};

/** One index per project root and options, per process: shared by every rule and every file linted. */
const indexes = new Map<string, ProjectIndex>();

/**
 * The index of the project `file` belongs to, built on first use. Undefined when the file has
 * no project root (no package.json, workspace or repository above it) or is not one of the
 * project's source files (ignored, generated, or not JS/TS): callers fall back to file-local judgement.
 */
export function projectIndexFor(file: string, options: ProjectIndexOptions = {}): ProjectIndex | undefined {
  const root = findProjectRoot(file);
  if (root === undefined) return undefined;
  const key = `${root}\0${JSON.stringify(options)}`;
  let index = indexes.get(key);
  if (!index) {
    index = ProjectIndex.build(root, options);
    indexes.set(key, index);
  }
  return index.has(file) ? index : undefined;
}

/** How often the code at `at` in `file` runs, across the whole project; `unknown` without a project index. */
export function frequencyOf(
  file: string,
  at: Position,
  options: ProjectIndexOptions & { readonly text?: string } = {},
): Frequency {
  const { text, ...indexOptions } = options;
  const index = projectIndexFor(file, indexOptions);
  if (!index)
    return {
      kind: 'unknown',
      evidence: [
        {
          file,
          line: 1,
          description: 'no project index: the file is outside every project root or not one of its source files',
        },
      ],
    };
  return index.frequencyOf(file, at, text);
}

/** Drops every in-memory index (tests; a long-lived process that wants a fresh start). */
export function forgetProjectIndexes(): void {
  indexes.clear();
  forgetProjectRoots();
}
