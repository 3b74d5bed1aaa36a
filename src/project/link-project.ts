import { join, relative } from 'node:path';
import type { PackageAround } from '../core/package-manifest.js';
import { buildGraph, encodeCalls, type ProjectGraph } from './call-graph.js';
import { contentHash, type IndexCache } from './cache.js';
import type { FileFacts } from './facts.js';
import { FrequencyTable, decodePropagation, encodePropagation } from './frequency.js';
import { registryModules } from './registry-files.js';
import { LifetimeTable, packageTargetsOf, type PackageTargets } from './lifetime.js';
import { LinkCache, resolverInputs } from './link-cache.js';
import { ModuleResolver } from './module-graph.js';
import { ValueResolver } from './resolve.js';

/** What linking the project's files gives every question: the graphs, and the tables over them. */
export interface Linked {
  readonly graph: ProjectGraph;
  readonly values: ValueResolver;
  readonly table: FrequencyTable;
  readonly lifetimes: LifetimeTable;
  /** The project file a specifier imported from a file names. */
  readonly moduleOf: (file: number, specifier: string) => number | undefined;
  /** The digest of what resolution and the package targets read besides the files (link-cache.ts resolverInputs). */
  readonly inputs: string;
}

/** The project as the index holds it when it links: files (absolute), their facts and content hashes. */
export interface LinkInput {
  readonly root: string;
  readonly files: string[];
  /** The same files relative to the root, `/`-separated. */
  readonly relativeFiles: readonly string[];
  readonly facts: FileFacts[];
  readonly hashes: readonly string[];
  readonly fileIndex: ReadonlyMap<string, number>;
  readonly maxDepth: number;
  /** The facts cache, beside which the links are kept; undefined with the disk cache off. */
  readonly cache: IndexCache | undefined;
}

export interface LinkOutcome {
  readonly linked: Linked;
  /**
   * How many imports were resolved (the rest came from the links file), whether the calls did,
   * whether the package targets did (else they are read from the package.json files when the
   * process lifetimes are first asked, or when the links are written), and whether the frequency
   * propagated over the graph did.
   */
  readonly stats: LinkStats;
  /** Why the links file could not be written, if it could not. */
  readonly cacheError?: string;
}

export interface LinkStats {
  readonly resolved: number;
  readonly callsFromCache: boolean;
  readonly targetsFromCache: boolean;
  readonly frequencyFromCache: boolean;
}

/**
 * Links the project: resolves every file's imports (oxc-resolver, or the links file when the
 * resolver's inputs kept their stamps), links every call (or takes them from the links file when
 * no file's content changed either), and writes back what it had to work out.
 */
export function linkProject(input: LinkInput): LinkOutcome {
  const { root, files, facts, fileIndex, cache } = input;
  const links = cache && new LinkCache(cache.linksFile);
  const inputs = resolverInputs(root, input.relativeFiles);
  const key = links && contentHash(`${cache.key}\0${inputs}`);
  const graphKey = key && contentHash(`${key}\0${input.hashes.join('\0')}`);
  const known = key === undefined ? undefined : links!.load(key);
  const memo = files.map(
    (_, i) => new Map<string, number>(known?.resolved[i] ? Object.entries(known.resolved[i]) : []),
  );
  let resolver: ModuleResolver | undefined;
  let resolutions = 0;
  const moduleOf = (file: number, specifier: string): number | undefined => {
    let to = memo[file]!.get(specifier);
    if (to === undefined) {
      resolutions++;
      resolver ??= new ModuleResolver(root, (path) => fileIndex.has(path));
      const path = resolver.resolve(files[file]!, specifier);
      to = path === undefined ? -1 : (fileIndex.get(path) ?? -1);
      memo[file]!.set(specifier, to);
    }
    return to < 0 ? undefined : to;
  };
  const calls = known && known.graphKey === graphKey ? known.calls : undefined;
  const values = new ValueResolver(facts, moduleOf, registryModules(input.relativeFiles));
  const graph = buildGraph(files, facts, moduleOf, root, calls, values);
  const fileOfTarget = (pkg: PackageAround, target: string): number | undefined => {
    const exact = fileIndex.get(target);
    if (exact !== undefined) return exact;
    // `main: "dist/index.js"` built from src/index.ts: the resolver maps a build output to its source.
    resolver ??= new ModuleResolver(root, (path) => fileIndex.has(path));
    const path = resolver.resolve(join(pkg.dir, 'package.json'), `./${relative(pkg.dir, target)}`);
    return path === undefined ? undefined : fileIndex.get(path);
  };
  // The package targets depend on what the resolutions' key covers (every package.json in or above a
  // project folder, the file list, the resolver's inputs): kept under that key, read again only when it changes.
  let targets: PackageTargets | undefined = known?.targets;
  // Propagation depends on the graph and the depth alone: kept with the calls, under the same key.
  const propagated = calls && known?.frequency?.depth === input.maxDepth ? known.frequency : undefined;
  const table = new FrequencyTable(graph, facts, files, input.maxDepth, propagated && decodePropagation(propagated));
  const stats: LinkStats = {
    resolved: resolutions,
    callsFromCache: calls !== undefined,
    targetsFromCache: targets !== undefined,
    frequencyFromCache: propagated !== undefined,
  };
  const targetsOf = (): PackageTargets => (targets ??= packageTargetsOf(files, fileOfTarget));
  let cacheError: string | undefined;
  if (links && (resolutions > 0 || !calls || !propagated)) {
    try {
      links.save({
        key: key!,
        resolved: memo.map((entries) => Object.fromEntries(entries)),
        graphKey: graphKey!,
        calls: encodeCalls(graph),
        targets: targetsOf(),
        frequency: { depth: input.maxDepth, ...encodePropagation(table.propagation) },
      });
    } catch (error) {
      cacheError = `cannot write ${links.file}: ${(error as Error).message}`;
    }
  }
  return {
    linked: {
      graph,
      values,
      moduleOf,
      inputs,
      table,
      lifetimes: new LifetimeTable(graph, facts, files, root, targetsOf),
    },
    stats,
    ...(cacheError ? { cacheError } : {}),
  };
}
