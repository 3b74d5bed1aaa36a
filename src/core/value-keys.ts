/**
 * Where TypeScript keeps types: nothing in a type calls, awaits, throws, declares or registers
 * anything, so the walks that look for those (the project index's file walk, a function's
 * rejection points) do not go down them.
 */
export const TYPE_KEYS: ReadonlySet<string> = new Set([
  'typeAnnotation',
  'returnType',
  'typeParameters',
  'typeArguments',
  'superTypeArguments',
  'implements',
]);

type KeyTable = Readonly<Record<string, readonly string[] | undefined>>;

const tables = new WeakMap<KeyTable, Map<string, readonly string[]>>();

/**
 * A node type's child keys in `table` (a parser's visitor keys) without TYPE_KEYS: worked out once
 * per table and type, not checked key by key on every node of every walk.
 */
export function valueKeysOf(table: KeyTable, type: string): readonly string[] {
  let byType = tables.get(table);
  if (!byType) tables.set(table, (byType = new Map()));
  let keys = byType.get(type);
  if (!keys) byType.set(type, (keys = (table[type] ?? []).filter((key) => !TYPE_KEYS.has(key))));
  return keys;
}
