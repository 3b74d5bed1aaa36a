import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { globSync } from 'tinyglobby';
import { SOURCE_EXTENSIONS } from '../core/source-files.js';
import { oxcResolver } from './native.js';
import { readManifest, workspaceGlobs } from './root.js';

/**
 * Resolves import specifiers to files of the project with oxc-resolver: relative paths, package
 * `exports`/`main`, TypeScript `paths` and `baseUrl` (each file's nearest tsconfig.json, found
 * by the resolver), `.js` written for a `.ts` source. Workspace packages resolve through
 * node_modules symlinks when installed; when not (or when their entry is a build output the
 * project does not lint), through the workspace globs to the package's source.
 */
export class ModuleResolver {
  private readonly resolver = new (oxcResolver().ResolverFactory)({
    tsconfig: 'auto',
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
  });
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
    const result = this.resolver.resolveFileSync(file, specifier);
    const path = result.path && this.isProjectFile(result.path) ? result.path : this.resolveWorkspace(specifier);
    this.memo.set(key, path);
    return path;
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
