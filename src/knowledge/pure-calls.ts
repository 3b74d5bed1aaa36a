/**
 * Calls that give the same value for the same arguments: evaluating one once instead of every
 * time (memoize-client hoisting a client's arguments) cannot change what it returns.
 */

/** Global functions: `Number(process.env.PORT)`. */
export const PURE_GLOBALS: ReadonlySet<string> = new Set([
  'Number',
  'String',
  'Boolean',
  'BigInt',
  'parseInt',
  'parseFloat',
  'encodeURIComponent',
  'decodeURIComponent',
  'Symbol',
]);

/** Global namespaces and which of their methods (or `all`): `JSON.parse(…)`, `Object.assign(…)`. */
export const PURE_NAMESPACES: ReadonlyMap<string, ReadonlySet<string> | 'all'> = new Map<
  string,
  ReadonlySet<string> | 'all'
>([
  ['JSON', 'all'],
  ['Object', new Set(['assign', 'freeze', 'fromEntries', 'entries', 'keys', 'values'])],
  ['Array', new Set(['from', 'of', 'isArray'])],
  ['Buffer', new Set(['from'])],
  ['Math', 'all'],
]);

/** String and array methods: `process.env.HOSTS.split(',')`. */
export const PURE_METHODS: ReadonlySet<string> = new Set([
  'split',
  'trim',
  'trimStart',
  'trimEnd',
  'toLowerCase',
  'toUpperCase',
  'replace',
  'replaceAll',
  'slice',
  'substring',
  'join',
  'concat',
  'includes',
  'startsWith',
  'endsWith',
  'toString',
  'map',
  'filter',
  'at',
  'padStart',
  'padEnd',
]);
