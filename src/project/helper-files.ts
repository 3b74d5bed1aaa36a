import { HELPER_GLOBALS, type HelperGlobal } from '../knowledge/entry-points.js';

/** The helper module a call through a registry (`sails.helpers.a.b.with`) names, and the names after it (`['with']`). */
export interface HelperModule {
  readonly file: number;
  readonly helpers: HelperGlobal;
  readonly rest: readonly string[];
}

/** The helper module `path` names under registry `registry` (`sails.helpers`), seen from project file `file`. */
export type HelperModuleOf = (file: number, registry: string, path: readonly string[]) => HelperModule | undefined;

const SOURCE = /\.[cm]?[jt]s$/;

/** A file or folder name as Sails names its helper: `create-many` is `createMany` (lodash's camelCase, for these names). */
function camelCase(name: string): string {
  const words = name.split(/[-_\s.]+/).filter((word) => word !== '');
  return words.map((word, i) => (i === 0 ? word[0]!.toLowerCase() : word[0]!.toUpperCase()) + word.slice(1)).join('');
}

/**
 * Finds helper modules by their path under each registry's folder (HELPER_GLOBALS): the app whose
 * folder holds the calling file wins (a repository may hold a Sails app in `server/`). Built on
 * first use, from the project's files relative to its root.
 */
export function helperModules(relativeFiles: readonly string[]): HelperModuleOf {
  const tables = new Map<HelperGlobal, Map<string, number>>();
  const tableOf = (helpers: HelperGlobal): Map<string, number> => {
    let table = tables.get(helpers);
    if (table) return table;
    table = new Map();
    const folder = `${helpers.folder}/`;
    relativeFiles.forEach((path, file) => {
      const at = path.startsWith(folder) ? 0 : path.indexOf(`/${folder}`) + 1;
      if (at === 0 && !path.startsWith(folder)) return;
      const name = path.slice(at + folder.length);
      if (!SOURCE.test(name) || name.endsWith('.d.ts')) return;
      const dotted = name.replace(SOURCE, '').split('/').map(camelCase).join('.');
      table.set(`${path.slice(0, at)}\0${dotted}`, file);
    });
    tables.set(helpers, table);
    return table;
  };
  return (file, registry, path) => {
    const helpers = HELPER_GLOBALS.find((entry) => `${entry.global}.${entry.property}` === registry);
    const from = relativeFiles[file];
    if (!helpers || from === undefined) return undefined;
    const table = tableOf(helpers);
    // The calling file's folders, nearest first, each a possible app root.
    const roots = [''];
    for (let at = from.indexOf('/'); at >= 0; at = from.indexOf('/', at + 1)) roots.unshift(from.slice(0, at + 1));
    for (const root of roots) {
      for (let length = path.length; length > 0; length--) {
        const found = table.get(`${root}\0${path.slice(0, length).join('.')}`);
        if (found !== undefined) return { file: found, helpers, rest: path.slice(length) };
      }
    }
    return undefined;
  };
}
