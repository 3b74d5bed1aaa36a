import { existsSync } from 'node:fs';
import { dirname, join, relative, resolve as resolvePath } from 'node:path';
import { globSync } from 'tinyglobby';
import { isInside } from '../core/paths.js';
import { SOURCE_EXTENSIONS } from '../core/source-files.js';
import { oxcResolver } from './native.js';
import { readManifest, workspaceGlobs } from './root.js';
import { buildFolders } from './tsconfig.js';

type OxcResolverFactory = InstanceType<ReturnType<typeof oxcResolver>['ResolverFactory']>;

/** What every resolver here shares; the tsconfig option is set per resolver. */
const RESOLVER_OPTIONS = {
  extensions: [...SOURCE_EXTENSIONS, '.json', '.d.ts'],
  extensionAlias: {
    '.js': ['.ts', '.tsx', '.js', '.jsx'],
    '.mjs': ['.mts', '.mjs'],
    '.cjs': ['.cts', '.cjs'],
    '.jsx': ['.tsx', '.jsx'],
  },
  conditionNames: ['source', 'development', 'node', 'import', 'require', 'default'],
  mainFields: ['source', 'module', 'main'],
  builtinModules: true,
};

/**
 * Resolves import specifiers to files of the project with oxc-resolver: relative paths, package
 * `exports`/`main`, TypeScript `paths` and `baseUrl` (each file's nearest tsconfig.json, found
 * by the resolver, or failing it the nearest jsconfig.json), `.js` written for a `.ts` source. Workspace packages resolve through
 * node_modules symlinks when installed; when not (or when their entry is a build output the
 * project does not lint), through the workspace globs to the package's source.
 */
export class ModuleResolver {
  private readonly resolver = new (oxcResolver().ResolverFactory)({ ...RESOLVER_OPTIONS, tsconfig: 'auto' });
  /** One resolver per jsconfig.json in use: oxc-resolver finds tsconfig.json files by itself, not jsconfig.json. */
  private readonly jsconfigResolvers = new Map<string, OxcResolverFactory>();
  /** The jsconfig.json that governs each folder (the nearest config above it, when that is a jsconfig). */
  private readonly jsconfigs = new Map<string, string | undefined>();
  private readonly workspaces: Map<string, string>;

  constructor(
    private readonly root: string,
    private readonly isProjectFile: (path: string) => boolean,
  ) {
    this.workspaces = workspacePackages(root);
  }

  /** Answers by folder and specifier: resolution depends on nothing else (the tsconfig is found from the folder). */
  private readonly memo = new Map<string, string | undefined>();

  /** The project file `specifier` names when imported from `file`, else undefined (a dependency, a builtin, missing). */
  resolve(file: string, specifier: string): string | undefined {
    const key = `${dirname(file)}\0${specifier}`;
    if (this.memo.has(key)) return this.memo.get(key);
    const path =
      this.projectFile(this.resolver.resolveFileSync(file, specifier).path) ??
      this.resolveByJsconfig(file, specifier) ??
      this.resolveWorkspace(specifier) ??
      this.resolveBuildOutput(file, specifier);
    this.memo.set(key, path);
    return path;
  }

  private projectFile(path: string | undefined): string | undefined {
    return path && this.isProjectFile(path) ? path : undefined;
  }

  /** A JavaScript project's `paths` and `baseUrl` in jsconfig.json, which editors read as TypeScript reads tsconfig.json. */
  private resolveByJsconfig(file: string, specifier: string): string | undefined {
    if (specifier.startsWith('.')) return undefined;
    const jsconfig = this.jsconfigOf(dirname(file));
    if (!jsconfig) return undefined;
    let resolver = this.jsconfigResolvers.get(jsconfig);
    if (!resolver) {
      resolver = new (oxcResolver().ResolverFactory)({ ...RESOLVER_OPTIONS, tsconfig: { configFile: jsconfig } });
      this.jsconfigResolvers.set(jsconfig, resolver);
    }
    return this.projectFile(resolver.resolveFileSync(file, specifier).path);
  }

  /** The jsconfig.json nearest above `dir` within the root, unless a tsconfig.json is nearer (TypeScript's own wins). */
  private jsconfigOf(dir: string): string | undefined {
    if (this.jsconfigs.has(dir)) return this.jsconfigs.get(dir);
    let found: string | undefined;
    if (existsSync(join(dir, 'tsconfig.json'))) found = undefined;
    else if (existsSync(join(dir, 'jsconfig.json'))) found = join(dir, 'jsconfig.json');
    else if (dir !== this.root && dirname(dir) !== dir) found = this.jsconfigOf(dirname(dir));
    this.jsconfigs.set(dir, found);
    return found;
  }

  /** Each folder's tsconfig.json build layout, when it has one with an `outDir`. */
  private readonly layouts = new Map<string, BuildLayout | undefined>();

  /**
   * `require('./lib/main')` from a JavaScript entry (`app.js`, `bin/cli.js`) where lib/ is the
   * outDir of a tsconfig.json: the build output is not in the project, the source it is built
   * from is (set 18: a chat bridge's start-up, run from app.js through its compiled lib/).
   */
  private resolveBuildOutput(file: string, specifier: string): string | undefined {
    if (!specifier.startsWith('.')) return undefined;
    const target = resolvePath(dirname(file), specifier);
    for (let dir = dirname(target); isInside(dir, this.root); dir = dirname(dir)) {
      const layout = this.layoutOf(dir);
      if (layout && isInside(target, layout.outDir) && !isInside(layout.rootDir, layout.outDir))
        return this.projectFile(
          this.resolver.resolveFileSync(file, join(layout.rootDir, relative(layout.outDir, target))).path,
        );
      if (dir === this.root) break;
    }
    return undefined;
  }

  private layoutOf(dir: string): BuildLayout | undefined {
    if (!this.layouts.has(dir)) this.layouts.set(dir, readBuildLayout(dir));
    return this.layouts.get(dir);
  }

  private resolveWorkspace(specifier: string): string | undefined {
    const match = /^((?:@[^/]+\/)?[^/]+)(?:\/(.*))?$/.exec(specifier);
    const dir = match ? this.workspaces.get(match[1]!) : undefined;
    if (!dir) return undefined;
    const subpath = match![2];
    const candidates = subpath ? [`./${subpath}`, `./src/${subpath}`] : ['.', './src/index', './index', './lib/index'];
    for (const candidate of candidates) {
      const result = this.resolver.sync(dir, candidate);
      if (result.path && this.isProjectFile(result.path)) return result.path;
    }
    return undefined;
  }
}

/** Where `tsc` writes (`outDir`) what it compiles from (`rootDir`; `src` when unset and present). */
interface BuildLayout {
  readonly outDir: string;
  readonly rootDir: string;
}

function readBuildLayout(dir: string): BuildLayout | undefined {
  const { outDir, rootDir } = buildFolders(join(dir, 'tsconfig.json'));
  if (outDir === undefined) return undefined;
  return { outDir, rootDir: rootDir ?? (existsSync(join(dir, 'src')) ? join(dir, 'src') : dir) };
}

/** Workspace package names to their folders. */
function workspacePackages(root: string): Map<string, string> {
  const packages = new Map<string, string>();
  const globs = workspaceGlobs(root);
  if (globs.length === 0) return packages;
  const dirs = globSync(
    globs.map((glob) => glob.replace(/\/$/, '')),
    { cwd: root, onlyDirectories: true, absolute: true, ignore: ['**/node_modules/**'] },
  );
  for (const dir of dirs) {
    const clean = dir.replace(/[\\/]$/, '');
    if (!existsSync(join(clean, 'package.json'))) continue;
    const name = readManifest(clean)?.name;
    if (name && !packages.has(name)) packages.set(name, clean);
  }
  return packages;
}
