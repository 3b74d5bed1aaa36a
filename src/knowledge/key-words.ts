/*
 * Words in the names of cache keys and memoized parameters, read by no-unbounded-cache to tell
 * data a program receives (one entry per request: unbounded) from vocabulary it declares.
 */

/**
 * Words that name data a program receives rather than vocabulary it declares: identifiers, web
 * addresses, credentials and sessions, network and mail addresses, users, and free text people
 * type (the prompt cache that started this project). One entry per such value means one per
 * request, user or document: unbounded.
 */
export const DATA_WORDS: ReadonlySet<string> = new Set([
  'id',
  'ids',
  'uuid',
  'guid',
  'url',
  'urls',
  'uri',
  'href',
  'link',
  'token',
  'session',
  'sid',
  'ip',
  'address',
  'email',
  'user',
  'username',
  'prompt',
  'query',
  'question',
  'message',
  'text',
  'input',
  'hash',
  'etag',
]);

/**
 * Things a program or its configuration declares, so an id of one names vocabulary, not data:
 * `providerId`, `modelIds`, `pluginId`, `localeId` (a few dozen LLM providers or installed plugins,
 * where a `userId` or `requestId` is one per user or request).
 */
export const DECLARED_THINGS: ReadonlySet<string> = new Set([
  'provider',
  'model',
  'plugin',
  'module',
  'package',
  'locale',
  'lang',
  'language',
  'region',
  'mode',
  'type',
  'kind',
  'theme',
  'level',
  'env',
  'environment',
  'platform',
  'feature',
  'flag',
  'setting',
  'option',
  'config',
  'schema',
  'column',
  'metric',
  'format',
  'driver',
  'adapter',
  'strategy',
  'command',
  'route',
  'category',
]);

/**
 * DECLARED_THINGS whose objects' `id` is vocabulary too (`provider.id`, `Plugin.id`). Not `model`
 * or `category`: an ORM's `model.id` or a shop's `category.id` is a database record's id.
 */
export const DECLARED_THING_OBJECTS: ReadonlySet<string> = new Set(
  [...DECLARED_THINGS].filter((word) => word !== 'model' && word !== 'category'),
);

/**
 * Words that name a value from a standard list: a locale or language (BCP 47 tags, a few hundred
 * in use), an IANA time zone (about 600), an ISO 4217 currency (about 180), an ISO 3166 country
 * (about 250), a cloud region (a few dozen per provider) or a URL scheme. A cache keyed by one holds at most
 * that many entries.
 */
export const STANDARD_VOCABULARY: ReadonlySet<string> = new Set([
  'locale',
  'lang',
  'language',
  'lng',
  'timezone',
  'tz',
  'currency',
  'country',
  'region',
  // A URL scheme (`http:`, `https:`, `ws:`): the few a program speaks (set 33: an agent per scheme and address family).
  'protocol',
  'scheme',
]);

/** Words after the vocabulary word that still name the same value: `localeCode`, `languageTag`. */
export const VOCABULARY_FORMS: ReadonlySet<string> = new Set(['code', 'tag']);

/**
 * Words that name an object holding the program's configuration: `config.region`,
 * `this.settings.bucket`, `appConfig.redisUrl`, `process.env.REGION`. A static read of one is set
 * when the process starts (one client per configured bucket, region or URL), not per request.
 * `options` is not among them: a function's `options` are as often a caller's per-call input.
 */
export const CONFIGURATION_WORDS: ReadonlySet<string> = new Set([
  'config',
  'conf',
  'cfg',
  'configuration',
  'settings',
  'env',
  'environment',
]);

/**
 * Words after a configuration word that name what holds the configuration rather than data:
 * `this.configService.schedulerOptions.tasks`, `settingsProvider.buckets`. A dependency-injection
 * framework hands such a service to a class once, and it reads the same configuration for every
 * request (a commerce server's scheduled tasks, registered per configured task at bootstrap).
 */
export const CONFIGURATION_HOLDER_WORDS: ReadonlySet<string> = new Set(['service', 'provider']);

/**
 * Besides CONFIGURATION_WORDS, words that say an imported value is configuration or a constant
 * (`DEFAULTS`, `connectionOptions`, `StatusEnum`): an import is read the same for every request.
 */
export const IMPORTED_CONSTANT_WORDS: ReadonlySet<string> = new Set([
  ...CONFIGURATION_WORDS,
  'options',
  'opts',
  'constant',
  'constants',
  'defaults',
  'enum',
]);
