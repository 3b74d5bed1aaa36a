import { dirname, relative } from 'node:path';
import {
  ACTION_REASON,
  BIN_REASON,
  EXITS_REASON,
  SHEBANG_REASON,
  scriptPathReason,
  type ProcessLifetime,
} from '../core/file-role.js';
import { isBinTarget, packageAround, type PackageAround } from '../core/package-manifest.js';
import { ACTION_MODULES } from '../knowledge/process-lifetime.js';
import type { ProjectGraph } from './call-graph.js';
import type { FileFacts } from './facts.js';

/** What a root of the module graph is: a program that ends with its work, one that may not, or a test. */
type RootKind = { readonly kind: 'short' | 'long'; readonly reason: string } | { readonly kind: 'test' };

/**
 * Whether every process that loads a file ends with its work (issue 20's process roots), for the
 * whole project at once. A root is a file nothing imports, or a package's `main`/`exports` entry
 * (its consumers are outside the project and may be servers, unless the package is private).
 * A root is short-lived when its own form says so (a `#!` line, a scripts or code-generation
 * folder, a package.json `bin`, GitHub's actions toolkit, a top level that exits when done) and
 * nothing it imports, however deep, starts serving (`listen`, `createServer`, a NestJS
 * bootstrap, a top-level interval, a route or queue-worker registration): a CLI whose `serve`
 * command listens is a server. Tests are neither: a file only tests reach keeps its own
 * judgement (its real callers may be outside the graph: a framework loading it by convention).
 * A file is short-lived when a short-lived root reaches it and no other root does but tests.
 */
export class LifetimeTable {
  private answers: ProcessLifetime[] | undefined;

  constructor(
    private readonly graph: ProjectGraph,
    private readonly facts: readonly FileFacts[],
    private readonly files: readonly string[],
    private readonly root: string,
    /** The files that are `bin` targets and package entries (packageTargetsOf), asked when first needed. */
    private readonly targets: () => PackageTargets,
  ) {}

  of(file: number): ProcessLifetime {
    this.answers ??= this.compute();
    return this.answers[file]!;
  }

  private compute(): ProcessLifetime[] {
    const count = this.files.length;
    const importers: number[][] = this.files.map(() => []);
    this.graph.imports.forEach((edges, from) => {
      for (const edge of edges) if (edge.to !== from) importers[edge.to]!.push(from);
    });
    const targets = this.targets();
    const bins = new Set(targets.bins);
    const entries = new Set(targets.entries);
    const server = this.serverBelow(importers);

    const rootReason: string[] = new Array(count);
    const longSeeds: number[] = [];
    const shortSeeds: number[] = [];
    for (let file = 0; file < count; file++) {
      if (!entries.has(file) && importers[file]!.length > 0) continue;
      const root = this.rootKind(file, entries, bins, server);
      if (root.kind === 'test') continue;
      (root.kind === 'long' ? longSeeds : shortSeeds).push(file);
      rootReason[file] = root.reason;
    }
    // Which root reached each file first, breadth first: long-running roots, then short-lived ones.
    const reachedBy = new Int32Array(count).fill(-1);
    const claim = (seed: number) => (file: number) => {
      if (reachedBy[file]! >= 0) return false;
      reachedBy[file] = seed;
      return true;
    };
    for (const seed of longSeeds) this.spread([seed], claim(seed));
    const longReached = reachedBy.slice();
    for (const seed of shortSeeds) this.spread([seed], claim(seed));
    return this.files.map((_, file) => {
      const root = reachedBy[file]!;
      if (root < 0) return { shortLived: false, reason: 'no program of the project loads it (only tests, or a cycle)' };
      const where = root === file ? 'it is' : `${this.path(root)} loads it:`;
      if (longReached[file]! >= 0) return { shortLived: false, reason: `${where} ${rootReason[root]}` };
      return { shortLived: true, reason: `${where} a program that ends with its work (${rootReason[root]})` };
    });
  }

  private path(file: number): string {
    return relative(this.root, this.files[file]!).split('\\').join('/');
  }

  /** Down the imports from `seeds`, breadth first; `visit` returns false to stop at a file (seen, or not to cross). */
  private spread(seeds: readonly number[], visit: (file: number) => boolean): void {
    const queue = seeds.filter((seed) => visit(seed));
    for (let head = 0; head < queue.length; head++)
      for (const edge of this.graph.imports[queue[head]!]!) if (visit(edge.to)) queue.push(edge.to);
  }

  private rootKind(
    file: number,
    entries: ReadonlySet<number>,
    bins: ReadonlySet<number>,
    server: readonly (string | undefined)[],
  ): RootKind {
    if (entries.has(file)) return { kind: 'long', reason: "a package's entry, whose users may be servers" };
    if (this.graph.testFiles[file]) return { kind: 'test' };
    const facts = this.facts[file]!;
    const reason =
      scriptPathReason(this.files[file]!, this.root) ??
      (facts.imports.some((fact) => ACTION_MODULES.has(fact.source)) ? ACTION_REASON : undefined) ??
      (facts.program?.exits ? EXITS_REASON : undefined) ??
      (facts.program?.shebang ? SHEBANG_REASON : undefined) ??
      (bins.has(file) ? BIN_REASON : undefined);
    if (reason === undefined) return { kind: 'long', reason: 'a module no one-shot sign marks, which may be a server' };
    const serves = server[file];
    if (serves !== undefined) return { kind: 'long', reason: `${reason}, but it starts serving: ${serves}` };
    return { kind: 'short', reason };
  }

  /**
   * For each file that starts serving, itself or through anything it imports (up the importers
   * from each server), where: `lib/app.js:5 (.listen())`.
   */
  private serverBelow(importers: readonly number[][]): (string | undefined)[] {
    const server: (string | undefined)[] = new Array(this.files.length);
    const queue: number[] = [];
    this.facts.forEach((facts, file) => {
      if (this.graph.testFiles[file]) return;
      // A serving call, else a request or job handler's registration (program-facts.ts withServedEntry).
      const serves = facts.program?.serves;
      if (serves) {
        server[file] = `${this.path(file)}:${serves.line} (${serves.what})`;
        queue.push(file);
      }
    });
    for (let head = 0; head < queue.length; head++)
      for (const importer of importers[queue[head]!]!)
        if (server[importer] === undefined) {
          server[importer] = server[queue[head]!];
          queue.push(importer);
        }
    return server;
  }
}

/** The files (their indexes) that are `bin` targets, and those a (published) package gives its consumers. */
export interface PackageTargets {
  readonly bins: readonly number[];
  readonly entries: readonly number[];
}

/**
 * The package targets of the project's files: read from every package.json in or above a folder
 * of the project, each target mapped to a project file by `fileOfTarget` (a build output to its
 * source). The same inputs as the links' resolutions (link-cache.ts resolverInputs), so the links
 * file keeps the answer under the same key: reading every package.json again was most of a warm
 * run's first lifetime (joplin: 40-50 of 55-60 ms of CPU).
 */
export function packageTargetsOf(
  files: readonly string[],
  /** The project file a package.json target names (a build output mapped to its source), if any. */
  fileOfTarget: (pkg: PackageAround, target: string) => number | undefined,
): PackageTargets {
  const bins = new Set<number>();
  const entries = new Set<number>();
  const seen = new Set<string>();
  // Once per folder: packageAround stats each folder up to the nearest package.json on every call.
  const byFolder = new Map<string, PackageAround | undefined>();
  const packageOf = (file: string): PackageAround | undefined => {
    const dir = dirname(file);
    if (!byFolder.has(dir)) byFolder.set(dir, packageAround(file));
    return byFolder.get(dir);
  };
  for (const file of files) {
    const pkg = packageOf(file);
    if (!pkg || seen.has(pkg.dir)) continue;
    seen.add(pkg.dir);
    for (const bin of pkg.bins) {
      const target = fileOfTarget(pkg, bin);
      if (target !== undefined) bins.add(target);
    }
    if (pkg.private) continue;
    for (const entry of pkg.entries) {
      const target = fileOfTarget(pkg, entry);
      if (target !== undefined) entries.add(target);
    }
  }
  // A bin target written without its extension is matched by name too.
  files.forEach((file, i) => {
    const pkg = packageOf(file);
    if (pkg && pkg.bins.length > 0 && isBinTarget(pkg, file)) bins.add(i);
  });
  return { bins: [...bins].sort((a, b) => a - b), entries: [...entries].sort((a, b) => a - b) };
}
