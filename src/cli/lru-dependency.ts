import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/*
 * bounded-cache imports LRUCache from lru-cache; a file whose package does not depend on it does
 * not build (and an old lru-cache lying in node_modules makes the error confusing). migrate adds
 * the dependency to the package.json that owns the file, in a version that runs on the Node the
 * package declares, or refuses that package's rewrites with the command to run.
 */

/** lru-cache majors with the named LRUCache export, newest first, with the oldest Node each runs on. */
const LRU_CACHE_RELEASES = [
  // 11: "engines": { "node": "20 || >=22" }; 10: "14 || >=16.14".
  { range: '^11.0.0', major: 11, runsOn: (node: NodeVersion) => node.major >= 22 },
  {
    range: '^10.0.0',
    major: 10,
    runsOn: (node: NodeVersion) => node.major === 14 || node.major > 16 || (node.major === 16 && node.minor >= 14),
  },
];
/** The first lru-cache major that exports LRUCache by name. */
const FIRST_NAMED_EXPORT_MAJOR = 10;
const DEPENDENCY_FIELDS = ['dependencies', 'devDependencies', 'peerDependencies', 'optionalDependencies'] as const;

interface NodeVersion {
  readonly major: number;
  readonly minor: number;
}

export type DependencyPlan =
  | { readonly kind: 'listed' }
  | {
      readonly kind: 'add';
      readonly manifest: string;
      readonly original: string;
      readonly output: string;
      readonly range: string;
    }
  | { readonly kind: 'refuse'; readonly reason: string };

/** The package.json nearest above `dir`: the package that owns a file there. */
export function owningManifest(dir: string): string | undefined {
  for (let current = dir; ; current = dirname(current)) {
    const candidate = join(current, 'package.json');
    if (existsSync(candidate)) return candidate;
    if (dirname(current) === current) return undefined;
  }
}

/** What `manifest` needs so that `import { LRUCache } from '<packageName>'` builds. */
export function planLruDependency(manifest: string, packageName: string, shownAs: string): DependencyPlan {
  let original: string;
  let json: Record<string, unknown>;
  try {
    original = readFileSync(manifest, 'utf8');
    json = JSON.parse(original) as Record<string, unknown>;
  } catch (error) {
    return {
      kind: 'refuse',
      reason: `${shownAs} cannot be read (${error instanceof Error ? error.message.split('\n')[0] : String(error)}), so ${packageName} cannot be added to it: fix it and run npm install ${packageName}`,
    };
  }
  const listed = DEPENDENCY_FIELDS.map(
    (field) => (json[field] as Record<string, string> | undefined)?.[packageName],
  ).find((range) => range !== undefined);
  if (listed !== undefined) {
    const major = /^[\^~>=\s]*v?(\d+)/.exec(listed)?.[1];
    if (packageName === 'lru-cache' && major !== undefined && Number(major) < FIRST_NAMED_EXPORT_MAJOR) {
      return {
        kind: 'refuse',
        reason: `${shownAs} has lru-cache ${listed}, which has no LRUCache named export (it came in version ${FIRST_NAMED_EXPORT_MAJOR}): run npm install lru-cache@^${FIRST_NAMED_EXPORT_MAJOR} (or later) first`,
      };
    }
    return { kind: 'listed' };
  }
  const engines = (json.engines as Record<string, unknown> | undefined)?.node;
  const oldest = typeof engines === 'string' ? oldestNode(engines) : undefined;
  const release =
    packageName !== 'lru-cache' || oldest === undefined ? undefined : LRU_CACHE_RELEASES.find((r) => r.runsOn(oldest));
  if (packageName === 'lru-cache' && oldest !== undefined && !release) {
    return {
      kind: 'refuse',
      reason: `${shownAs} declares Node ${String(engines)}, older than any lru-cache with the LRUCache export supports (14, or 16.14 and later): raise engines.node, or bound these caches by hand`,
    };
  }
  // Without engines (or for another --cache-import package), the newest release: what npm install would pick.
  const range = release?.range ?? (packageName === 'lru-cache' ? LRU_CACHE_RELEASES[0]!.range : 'latest');
  if (range === 'latest')
    return { kind: 'refuse', reason: `${shownAs} does not list ${packageName}: run npm install ${packageName}` };
  const dependencies = { ...((json.dependencies as Record<string, string> | undefined) ?? {}), [packageName]: range };
  const sorted = Object.fromEntries(Object.entries(dependencies).sort(([a], [b]) => a.localeCompare(b)));
  const indent = /^([ \t]+)"/m.exec(original)?.[1] ?? '  ';
  const eol = original.includes('\r\n') ? '\r\n' : '\n';
  const text = JSON.stringify({ ...json, dependencies: sorted }, null, indent).replace(/\n/g, eol);
  return { kind: 'add', manifest, original, output: original.endsWith('\n') ? `${text}${eol}` : text, range };
}

/** The oldest Node a range admits, by its lowest lower bound (`^20.19.0 || >=22` → 20.19; `>=18` → 18.0). */
function oldestNode(range: string): NodeVersion | undefined {
  const bounds = range
    .split('||')
    .map((alternative) => /(?:^|[\s^~>=])v?(\d+)(?:\.(\d+|x|\*))?/.exec(alternative.trim()));
  const versions = bounds
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => ({ major: Number(m[1]), minor: /^\d+$/.test(m[2] ?? '') ? Number(m[2]) : 0 }));
  return versions.sort((a, b) => a.major - b.major || a.minor - b.minor)[0];
}
