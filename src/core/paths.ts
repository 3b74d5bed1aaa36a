import { dirname, isAbsolute, relative, sep } from 'node:path';

/** `path` is `folder` or lies under it (a sibling named `..x` does not count as outside). */
export function isInside(path: string, folder: string): boolean {
  const rel = relative(folder, path);
  return rel === '' || (rel !== '..' && !rel.startsWith(`..${sep}`) && !isAbsolute(rel));
}

/** The deepest folder holding every one of `folders` (at least one). */
export function commonFolder(folders: readonly string[]): string {
  return folders.reduce((common, folder) => {
    while (!isInside(folder, common)) common = dirname(common);
    return common;
  });
}
