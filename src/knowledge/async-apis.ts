/**
 * Calls known to return a promise, for no-floating-task without type information. Kept small on
 * purpose: every entry is an API whose promise-returning form is its only (or default) form, so a
 * discarded call to it is a task nobody tracks. With `typeAware` the rule asks the type checker
 * instead and needs none of this.
 */

/** Global functions that return a promise. */
export const ASYNC_GLOBALS: ReadonlySet<string> = new Set(['fetch']);

const FS_PROMISES = [
  'access',
  'appendFile',
  'chmod',
  'chown',
  'copyFile',
  'cp',
  'lchown',
  'link',
  'lstat',
  'lutimes',
  'mkdir',
  'mkdtemp',
  'open',
  'opendir',
  'readdir',
  'readFile',
  'readlink',
  'realpath',
  'rename',
  'rm',
  'rmdir',
  'stat',
  'statfs',
  'symlink',
  'truncate',
  'unlink',
  'utimes',
  'writeFile',
];
const DNS_PROMISES = [
  'lookup',
  'lookupService',
  'resolve',
  'resolve4',
  'resolve6',
  'resolveAny',
  'resolveCaa',
  'resolveCname',
  'resolveMx',
  'resolveNaptr',
  'resolveNs',
  'resolvePtr',
  'resolveSoa',
  'resolveSrv',
  'resolveTxt',
  'reverse',
];
const TIMERS_PROMISES = ['setTimeout', 'setImmediate', 'scheduler.wait', 'scheduler.yield'];
const STREAM_PROMISES = ['pipeline', 'finished'];
const below = (namespace: string, names: readonly string[]): string[] => names.map((name) => `${namespace}.${name}`);

/**
 * Module exports that return a promise when called, by module (without `node:`). A name is the
 * path below the module object: `promises.readFile` is `fs.promises.readFile`; `default` is the
 * default export itself (`axios(config)`).
 */
export const ASYNC_MODULE_FUNCTIONS: ReadonlyMap<string, ReadonlySet<string>> = new Map(
  Object.entries({
    'fs/promises': FS_PROMISES,
    fs: below('promises', FS_PROMISES),
    'dns/promises': DNS_PROMISES,
    dns: below('promises', DNS_PROMISES),
    'timers/promises': TIMERS_PROMISES,
    timers: below('promises', ['setTimeout', 'setImmediate']),
    'stream/promises': STREAM_PROMISES,
    stream: below('promises', STREAM_PROMISES),
    events: ['once'],
    undici: ['fetch', 'request'],
    'node-fetch': ['default'],
    axios: ['default', 'request', 'get', 'delete', 'head', 'options', 'post', 'put', 'patch'],
  }).map(([module, names]) => [module, new Set(names)]),
);

/**
 * Client classes whose methods return a promise, found when the receiver is `new Class(…)` from the
 * module or is declared with the class as its type (a typed parameter, field, variable or a
 * same-file function's return type).
 */
export interface AsyncClientMethods {
  /** How the docs name the client. */
  readonly label: string;
  /** The module the class is exported from (without `node:`). */
  readonly module: RegExp;
  /** The export name of the class (`default` for a default export). */
  readonly className: RegExp;
  readonly methods: ReadonlySet<string>;
  /** The methods also take a node-style callback last; with one, they return nothing. */
  readonly callbackStyle: boolean;
}

export const ASYNC_CLIENT_METHODS: readonly AsyncClientMethods[] = [
  // Google Cloud Pub/Sub: topic.publish() and its kin resolve to the message id, or reject.
  {
    label: '@google-cloud/pubsub Topic',
    module: /^@google-cloud\/pubsub$/,
    className: /^Topic$/,
    methods: new Set(['publish', 'publishMessage', 'publishJSON']),
    callbackStyle: true,
  },
  // AWS SDK v3: client.send(command).
  {
    label: 'AWS SDK v3 clients (@aws-sdk/client-*)',
    module: /^@aws-sdk\/(client|lib)-[\w-]+$/,
    className: /Client$/,
    methods: new Set(['send']),
    callbackStyle: true,
  },
  // node-postgres: pool.query(), client.query(), connect(), end().
  {
    label: 'pg Pool and Client',
    module: /^pg$/,
    className: /^(Pool|Client)$/,
    methods: new Set(['query', 'connect', 'end']),
    callbackStyle: true,
  },
  // ioredis: the everyday commands.
  {
    label: 'ioredis Redis and Cluster',
    module: /^ioredis$/,
    className: /^(default|Redis|Cluster)$/,
    methods: new Set([
      'get',
      'set',
      'setex',
      'del',
      'exists',
      'expire',
      'incr',
      'incrby',
      'decr',
      'mget',
      'mset',
      'hget',
      'hset',
      'hgetall',
      'hdel',
      'hincrby',
      'lpush',
      'rpush',
      'lpop',
      'rpop',
      'sadd',
      'srem',
      'zadd',
      'zrem',
      'publish',
      'xadd',
      'eval',
      'evalsha',
    ]),
    callbackStyle: true,
  },
];
