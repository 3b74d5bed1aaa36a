import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, isAbsolute, join, resolve as resolvePath } from 'node:path';
import { parseJsonc } from '../core/jsonc.js';

/** How far `extends` is followed: real chains are one or two deep; a cycle stops here too. */
const MAX_EXTENDS_DEPTH = 5;

/** What the index reads of a tsconfig file: the files it extends and its build folders. */
interface TsconfigFile {
  /** The files its `extends` names (a path or a package, one or a list), in order; those that resolve. */
  readonly extends: readonly string[];
  /** `outDir` and `rootDir`, resolved against this file's folder. */
  readonly outDir?: string;
  readonly rootDir?: string;
}

function readTsconfig(path: string): TsconfigFile | undefined {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
  const config = parseJsonc(text) as
    { extends?: unknown; compilerOptions?: { outDir?: unknown; rootDir?: unknown } } | undefined;
  if (!config) return undefined;
  const dir = dirname(path);
  const names = Array.isArray(config.extends) ? config.extends : [config.extends];
  const { outDir, rootDir } = config.compilerOptions ?? {};
  return {
    extends: names.flatMap((name) => (typeof name === 'string' ? (extendedConfigPath(dir, name) ?? []) : [])),
    outDir: typeof outDir === 'string' ? resolvePath(dir, outDir) : undefined,
    rootDir: typeof rootDir === 'string' ? resolvePath(dir, rootDir) : undefined,
  };
}

/**
 * `outDir` and `rootDir` of a tsconfig file, following `extends` (later and nearer files win, as
 * tsc has it): a shared `tsconfig.base.json` often holds them.
 */
export function buildFolders(path: string, depth = 0): { outDir?: string; rootDir?: string } {
  const config = depth <= MAX_EXTENDS_DEPTH && existsSync(path) ? readTsconfig(path) : undefined;
  if (!config) return {};
  const inherited = config.extends.map((base) => buildFolders(base, depth + 1));
  return Object.assign({}, ...inherited, withoutUndefined({ outDir: config.outDir, rootDir: config.rootDir })) as {
    outDir?: string;
    rootDir?: string;
  };
}

/** Every file a tsconfig reaches through `extends`, at any depth (not the file itself): what its options depend on. */
export function extendedConfigFiles(path: string): string[] {
  const found: string[] = [];
  const visit = (file: string, depth: number): void => {
    if (depth > MAX_EXTENDS_DEPTH) return;
    for (const base of (existsSync(file) && readTsconfig(file)?.extends) || []) {
      if (found.includes(base)) continue;
      found.push(base);
      visit(base, depth + 1);
    }
  };
  visit(path, 0);
  return found;
}

/** Where an `extends` entry points: a relative path (`.json` optional) or a package's config file. */
function extendedConfigPath(from: string, specifier: string): string | undefined {
  if (specifier.startsWith('.') || isAbsolute(specifier)) {
    const path = resolvePath(from, specifier);
    return existsSync(path) || path.endsWith('.json') ? path : `${path}.json`;
  }
  const require = createRequire(join(from, 'package.json'));
  for (const candidate of [specifier, `${specifier}/tsconfig.json`]) {
    try {
      return require.resolve(candidate);
    } catch {
      // not this form: try the next
    }
  }
  return undefined;
}

function withoutUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
