import { GLOBAL_REGISTRIES, type GlobalRegistry } from '../knowledge/entry-points.js';

/** The module a name in a global registry (`sails.helpers.a.b`, `sails.hooks.x`) is, and the names after it (`['with']`). */
export interface RegistryModule {
  readonly file: number;
  readonly registry: GlobalRegistry;
  readonly rest: readonly string[];
}

/** The module `path` names in the registry `registry` (`sails.helpers`), seen from project file `file`. */
export type RegistryModuleOf = (file: number, registry: string, path: readonly string[]) => RegistryModule | undefined;

const SOURCE = /\.[cm]?[jt]s$/;

/** A file or folder name as Sails names its helper: `create-many` is `createMany` (lodash's camelCase, for these names). */
function camelCase(name: string): string {
  const words = name.split(/[-_\s.]+/).filter((word) => word !== '');
  return words.map((word, i) => (i === 0 ? word[0]!.toLowerCase() : word[0]!.toUpperCase()) + word.slice(1)).join('');
}

/** The entry a path under the registry's folder names (`notifications.createMany`), if it names one. */
function entryName(registry: GlobalRegistry, name: string): string | undefined {
  if (!SOURCE.test(name) || name.endsWith('.d.ts')) return undefined;
  const segments = name.replace(SOURCE, '').split('/');
  if (registry.naming === 'camel-path') return segments.map(camelCase).join('.');
  // A hook is a file of the folder, or a folder of it with its index.js.
  if (segments.length === 1) return segments[0]!.toLowerCase();
  return segments.length === 2 && segments[1] === 'index' ? segments[0]!.toLowerCase() : undefined;
}

/**
 * Finds the modules of each global registry (GLOBAL_REGISTRIES) by their path under its folder:
 * the app whose folder holds the calling file wins (a repository may hold a Sails app in
 * `server/`). Built on first use, from the project's files relative to its root.
 */
export function registryModules(relativeFiles: readonly string[]): RegistryModuleOf {
  const tables = new Map<GlobalRegistry, Map<string, number>>();
  const tableOf = (registry: GlobalRegistry): Map<string, number> => {
    let table = tables.get(registry);
    if (table) return table;
    table = new Map();
    const folder = `${registry.folder}/`;
    relativeFiles.forEach((path, file) => {
      const at = path.startsWith(folder) ? 0 : path.indexOf(`/${folder}`) + 1;
      if (at === 0 && !path.startsWith(folder)) return;
      const name = entryName(registry, path.slice(at + folder.length));
      if (name !== undefined) table.set(`${path.slice(0, at)}\0${name}`, file);
    });
    tables.set(registry, table);
    return table;
  };
  return (file, name, path) => {
    const registry = GLOBAL_REGISTRIES.find((entry) => `${entry.global}.${entry.property}` === name);
    const from = relativeFiles[file];
    if (!registry || from === undefined) return undefined;
    const table = tableOf(registry);
    // The calling file's folders, nearest first, each a possible app root.
    const roots = [''];
    for (let at = from.indexOf('/'); at >= 0; at = from.indexOf('/', at + 1)) roots.unshift(from.slice(0, at + 1));
    for (const root of roots) {
      for (let length = path.length; length > 0; length--) {
        const found = table.get(`${root}\0${path.slice(0, length).join('.')}`);
        if (found !== undefined) return { file: found, registry, rest: path.slice(length) };
      }
    }
    return undefined;
  };
}
