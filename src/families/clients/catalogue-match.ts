import { exportNameOf, type ImportedValue } from '../../core/imports.js';
import {
  AWS_V2_NON_SERVICES,
  CLIENT_CATALOGUE,
  type ClientEntry,
  type UserClientEntry,
} from '../../knowledge/clients.js';

/*
 * Matching an import or require against the client catalogue (src/knowledge/clients.ts): which
 * module is a client package, which of its exports builds a client, and how.
 */

/** Turns the rules' `clients` option into catalogue entries. */
export function userEntries(clients: readonly UserClientEntry[]): ClientEntry[] {
  return clients.map((client) => {
    const names = client.exports.filter((name) => !name.includes('.'));
    const statics = client.exports
      .filter((name) => name.includes('.'))
      .map((name) => {
        const [exportName, method] = name.split('.', 2) as [string, string];
        return { export: exportName, methods: [method] };
      });
    return { package: client.package, constructors: names, factories: names, staticFactories: statics };
  });
}

/** Whether module `source` (without `node:`) is one of the entries' packages. */
export function isClientPackage(entries: readonly ClientEntry[], source: string): boolean {
  return entries.some((entry) => matches(entry.package, source));
}

/**
 * Cheap text check for codemods: does any quoted module specifier in `text` name a catalogue
 * package? A file without one imports no client, so it has nothing to rewrite.
 */
export function mentionsClientPackage(text: string, entries: readonly ClientEntry[] = CLIENT_CATALOGUE): boolean {
  for (const match of text.matchAll(/['"`](?:node:)?(@?[\w.-]+(?:\/[\w.-]+)*)['"`]/g)) {
    if (isClientPackage(entries, match[1]!)) return true;
  }
  return false;
}

const matches = (pattern: string | RegExp, value: string): boolean =>
  typeof pattern === 'string' ? pattern === value : pattern.test(value);

function exportNamesFor(entry: ClientEntry, value: ImportedValue): string[] {
  if (!matches(entry.package, value.source)) return [];
  const names: string[] = [];
  const name = exportNameOf(value);
  if (name !== undefined) names.push(name);
  const path = value.path[0] === 'default' ? value.path.slice(1) : value.path;
  if (entry.nested && path.length === 2) names.push(path[1]!);
  // aws-sdk v2 services are reached as AWS.S3 on the default export or namespace.
  return typeof entry.package !== 'string' || entry.package !== 'aws-sdk'
    ? names
    : names.filter((n) => !AWS_V2_NON_SERVICES.test(n) && n !== 'default');
}

/** Whether `value` (what a `new` or call callee resolves to) is a catalogue client of this kind. */
export function isClientExport(
  entries: readonly ClientEntry[],
  value: ImportedValue,
  kind: 'constructor' | 'factory',
): boolean {
  return entries.some((entry) => {
    const patterns = kind === 'constructor' ? entry.constructors : entry.factories;
    const names = exportNamesFor(entry, value);
    if (patterns && names.some((name) => patterns.some((p) => matches(p, name)))) return true;
    const service =
      kind === 'constructor' ? entry.serviceNamedConstructor?.exec(value.source)?.[1]?.replaceAll('-', '') : undefined;
    return service !== undefined && names.some((name) => name.toLowerCase() === service);
  });
}

/**
 * The catalogue entry for what `callee` builds (`new callee()` when `isNew`, else `callee()` or a
 * static factory `X.method()`) among those `has` picks (entries that say their connections close
 * by themselves or that they own none: ClientEntry.closesWhenIdle, transport), if any.
 */
export function catalogueEntryOf(
  callee: ImportedValue,
  isNew: boolean,
  has: (entry: ClientEntry) => boolean,
): ClientEntry | undefined {
  const method = callee.path.at(-1);
  const owner: ImportedValue = { ...callee, path: callee.path.slice(0, -1) };
  return CLIENT_CATALOGUE.find(
    (entry) =>
      has(entry) &&
      (isClientExport([entry], callee, isNew ? 'constructor' : 'factory') ||
        (!isNew && method !== undefined && isClientStaticFactory([entry], owner, method))),
  );
}

/** Whether `value(...)` builds a client when handed a connection string (`drizzle(url)`; see ClientEntry.connectionFactories). */
export function isConnectionFactory(entries: readonly ClientEntry[], value: ImportedValue): boolean {
  return entries.some(
    (entry) =>
      !!entry.connectionFactories && exportNamesFor(entry, value).some((n) => entry.connectionFactories!.includes(n)),
  );
}

/** Whether `value.method(...)` is a catalogue static factory (`DynamoDBDocumentClient.from`). */
export function isClientStaticFactory(entries: readonly ClientEntry[], value: ImportedValue, method: string): boolean {
  return entries.some(
    (entry) =>
      !!entry.staticFactories &&
      exportNamesFor(entry, value).some((name) =>
        entry.staticFactories!.some((s) => s.methods.includes(method) && matches(s.export, name)),
      ),
  );
}
