import { spawnSync } from 'node:child_process';

/**
 * What git knows about the files under a folder, as paths relative to it (`/`-separated): which
 * are tracked, and which it hides (ignored by .gitignore, .git/info/exclude or the global
 * excludes file, and never tracked). Files in nested repositories and submodules count as visible
 * and tracked: their own git tracks them.
 */
export interface GitView {
  isTracked(path: string): boolean;
  isIgnored(path: string): boolean;
}

/**
 * The view of the work tree holding `dir`; undefined when `dir` is in none (or git is missing), and
 * when `dir` is itself ignored or under node_modules: a folder named on the command line is taken
 * as it is, so only what lies inside it can be hidden, as outside git.
 */
export function gitViewOf(dir: string): GitView | undefined {
  const git = (...args: string[]): { status: number | null; stdout: string } =>
    spawnSync('git', args, { cwd: dir, encoding: 'utf8', maxBuffer: 1 << 30, stdio: ['ignore', 'pipe', 'ignore'] });
  const list = (...args: string[]): string[] | undefined => {
    const result = git(...args);
    return result.status === 0 ? result.stdout.split('\0').filter(Boolean) : undefined;
  };
  const where = git('rev-parse', '--is-inside-work-tree', '--show-prefix');
  const [inside, prefix = ''] = where.stdout.split('\n');
  if (where.status !== 0 || inside !== 'true') return undefined;
  if (`/${prefix}`.includes('/node_modules/') || git('check-ignore', '-q', '.').status === 0) return undefined;
  // `-s` shows the mode: 160000 marks a submodule, whose files this repository does not list.
  const staged = list('ls-files', '-z', '-s', '--cached');
  // Untracked and not ignored; node_modules is never searched, so git need not walk it either.
  const untracked = list('ls-files', '-z', '--others', '--exclude-standard', '--exclude=node_modules');
  if (!staged || !untracked) return undefined;
  const tracked = new Set<string>();
  const repositories: string[] = [];
  for (const entry of staged) {
    const [info, path] = entry.split('\t') as [string, string];
    if (info.startsWith('160000 ')) repositories.push(`${path}/`);
    else tracked.add(path);
  }
  const visible = new Set<string>();
  // An untracked folder listed whole (`nested/`) is a repository of its own.
  for (const path of untracked) {
    if (path.endsWith('/')) repositories.push(path);
    else visible.add(path);
  }
  const inRepository = (path: string): boolean => repositories.some((prefix) => path.startsWith(prefix));
  return {
    isTracked: (path) => tracked.has(path) || inRepository(path),
    isIgnored: (path) => !tracked.has(path) && !visible.has(path) && !inRepository(path),
  };
}
