/**
 * Data for no-client-in-getter, no-client-in-loop, no-client-in-handler and memoize-client: the
 * constructors and factories known to own connections, sockets, agents or pools. An entry matches
 * only through the import, require, `await import()` or `import().then(({ X }) => …)` that brings the name in (imports.ts), so a
 * local class that merely shares a name is never a client. Module names are given without `node:`.
 *
 * To add a client, append an entry: its package and which exports build a client with `new`
 * (constructors), with a call (factories) or with a static method (staticFactories). The rules'
 * docs list the packages (documented-lists.ts); tests/knowledge/clients.test.ts shows what matches. Matching an import against these entries is
 * src/families/clients/catalogue-match.ts.
 */
/** How a client comes into being: `new X()`, `x()`, or a static method `X.from(...)`. */
export type ClientKind = 'constructor' | 'factory' | 'static-factory';

export interface ClientEntry {
  /** The module, or a pattern over module names (`/^@aws-sdk\/client-/`). */
  readonly package: string | RegExp;
  /** How the docs name a pattern package (`@aws-sdk/client-*`): give one whenever `package` is a RegExp. */
  readonly label?: string;
  /** `new X(...)` for these exports. */
  readonly constructors?: readonly (string | RegExp)[];
  /** `x(...)` (also `mod.x(...)`, `require('m')(...)` for `default`) for these exports. */
  readonly factories?: readonly (string | RegExp)[];
  /** `X.method(...)` for these exports and methods. */
  readonly staticFactories?: readonly { readonly export: string | RegExp; readonly methods: readonly string[] }[];
  /**
   * `x(...)` for these exports only when handed a connection string (a string or template literal)
   * or an options object with a `connection` key: `drizzle(url)` opens a pool of its own, while
   * `drizzle(pool)` or `drizzle({ client })` wraps the caller's.
   */
  readonly connectionFactories?: readonly string[];
  /** Also match a name one namespace below the module (`v1.FooServiceClient` from @google-cloud/*). */
  readonly nested?: boolean;
  /**
   * `new X()` where X names the package's service, ignoring case and dashes: the aggregated client
   * of AWS SDK v3 (`S3` from @aws-sdk/client-s3, `SecretsManager` from …/client-secrets-manager).
   */
  readonly serviceNamedConstructor?: RegExp;
  /**
   * Its connections close by themselves once idle: one dropped per call holds its sockets for
   * seconds, not for the life of the process, so the rules leave it alone unless an options object
   * sets one of `options` to something they cannot read as a short idle time (CLOSES_WHEN_IDLE_MAX_MS).
   */
  readonly closesWhenIdle?: { readonly after: string; readonly options: readonly string[] };
  /**
   * One built per call holds no connection of its own once the call is done, so the rules leave it
   * alone (exemptions `shares-transport` and `closes-after-use`). The docs list these with their
   * evidence (documented-lists.ts).
   */
  readonly transport?: OwnsNoTransport;
}

/**
 * Why a client built per call keeps nothing open after it: it sends through a transport its package
 * keeps once per process (`shared`), or its connection closes after each use unless a boolean
 * option asks to keep it (`closes-after-use`: node's `http.Agent` without `keepAlive`, a nodemailer
 * transport without `pool`).
 */
export type OwnsNoTransport =
  | {
      readonly kind: 'shared';
      /** What every instance sends through, for the docs. */
      readonly through: string;
      /** Where the library says so: a URL or a file at a version. */
      readonly evidence: string;
    }
  | {
      readonly kind: 'closes-after-use';
      /** The boolean option that keeps connections open once set to anything but `false`. */
      readonly unless: string;
      /** When its connection closes, for the docs. */
      readonly closes: string;
      readonly evidence: string;
    };

/** The longest idle time, set as a number literal in a `closesWhenIdle` option, still taken for "closes by itself". */
export const CLOSES_WHEN_IDLE_MAX_MS = 60_000;

/** What the rules' `clients` option accepts: `Name` matches `new Name()` and `Name()`, `Name.method` a static factory. */
export interface UserClientEntry {
  readonly package: string;
  readonly exports: readonly string[];
}

/** aws-sdk v2 exports helpers next to its service classes (reached as `AWS.Config`…): these are not services. */
export const AWS_V2_NON_SERVICES =
  /^(?:Config|Credentials|\w+Credentials|CredentialProviderChain|Endpoint|HttpRequest|HttpResponse|Request|Response|Service|SequentialExecutor|EventListeners|MetadataService|ParamValidator|Signers|Protocol|XML|JSON|Model|util|config|events)$/;

/** Playwright's browser types, each launching (or connecting to) a browser process. */
const PLAYWRIGHT_BROWSERS: ClientEntry['staticFactories'] = [
  {
    export: /^(?:chromium|firefox|webkit)$/,
    methods: ['launch', 'launchPersistentContext', 'connect', 'connectOverCDP'],
  },
];

/** node's Agent keeps no free sockets unless keepAlive is set. */
const NODE_AGENT_TRANSPORT: OwnsNoTransport = {
  kind: 'closes-after-use',
  unless: 'keepAlive',
  closes: 'when each response ends',
  evidence:
    'https://nodejs.org/api/http.html#new-agentoptions: keepAlive "Keep sockets around even when there are no outstanding requests", default false',
};

/** aws-sdk v2 services: each request goes out through one agent the SDK builds once per process. */
const AWS_SDK_V2_TRANSPORT: OwnsNoTransport = {
  kind: 'shared',
  through: "the SDK's one module-level agent (AWS.NodeHttpClient), unless httpOptions.agent gives one",
  evidence: 'aws-sdk@2.1692.0 lib/http/node.js: getAgent() builds AWS.NodeHttpClient.sslAgent once per process',
};

/** Azure Storage clients since 12.0.2 (2020.01) send through one cached default HTTP client. */
const AZURE_STORAGE_TRANSPORT: OwnsNoTransport = {
  kind: 'shared',
  through: 'one default HTTP client per process (getCachedDefaultHttpClient), since 12.0.2',
  evidence:
    'Azure/azure-sdk-for-js sdk/storage/storage-blob/CHANGELOG.md 12.0.2 (2020.01, PR #6657): "Service clients now share a single http client instance by default"; the same release for queue, file-share and file-datalake',
};

export const CLIENT_CATALOGUE: readonly ClientEntry[] = [
  // AWS SDK v3
  {
    package: /^@aws-sdk\/client-/,
    label: '@aws-sdk/client-*',
    constructors: [/^\w+Client$/],
    serviceNamedConstructor: /^@aws-sdk\/client-(.+)$/,
  },
  { package: '@aws-sdk/lib-dynamodb', staticFactories: [{ export: 'DynamoDBDocumentClient', methods: ['from'] }] },
  // AWS SDK v2: new AWS.S3(), new S3() from 'aws-sdk/clients/s3'
  { package: 'aws-sdk', constructors: [/^[A-Z]\w*$/], transport: AWS_SDK_V2_TRANSPORT },
  {
    package: /^aws-sdk\/clients\//,
    label: 'aws-sdk/clients/*',
    constructors: ['default'],
    transport: AWS_SDK_V2_TRANSPORT,
  },
  // Google Cloud: handwritten and generated clients. Storage talks JSON over HTTP through
  // teeny-request, whose agents are one module-level pool; the others own gRPC channels.
  {
    package: '@google-cloud/storage',
    constructors: ['Storage'],
    transport: {
      kind: 'shared',
      through: "teeny-request's module-level agent pool (Node's global agent by default)",
      evidence:
        'googleapis/nodejs-storage src/nodejs-common/util.ts sends with teeny-request; googleapis/teeny-request src/agents.ts keeps its agents in one module-level Map',
    },
  },
  {
    package: /^@google-cloud\//,
    label: '@google-cloud/*',
    constructors: [
      'Storage',
      'Firestore',
      'PubSub',
      'BigQuery',
      'Spanner',
      'Datastore',
      'Bigtable',
      'Logging',
      /^\w+Client$/,
    ],
    nested: true,
  },
  // Azure. Storage clients share one HTTP client; other *Client classes may own connections (AMQP…).
  {
    package: /^@azure\/storage-(?:blob|queue|file-share|file-datalake)$/,
    label: '@azure/storage-{blob,queue,file-share,file-datalake}',
    constructors: [/^\w+Client$/],
    staticFactories: [{ export: /^\w+Client$/, methods: ['fromConnectionString'] }],
    transport: AZURE_STORAGE_TRANSPORT,
  },
  {
    package: /^@azure\//,
    label: '@azure/*',
    constructors: [/^\w+Client$/],
    staticFactories: [{ export: /^\w+Client$/, methods: ['fromConnectionString'] }],
  },
  // Databases
  { package: 'pg', constructors: ['Pool', 'Client'] },
  { package: 'pg-pool', constructors: ['default'] },
  { package: 'mysql', factories: ['createPool', 'createConnection', 'createPoolCluster'] },
  { package: 'mysql2', factories: ['createPool', 'createConnection', 'createPoolCluster'] },
  { package: 'mysql2/promise', factories: ['createPool', 'createConnection', 'createPoolCluster'] },
  {
    package: 'mongodb',
    // `Db`, `Server`, `ReplSet` and `Mongos` are the driver 1.x-3.x way in: `new Db(name, new Server(host, port)).open()`.
    constructors: ['MongoClient', 'Db', 'Server', 'ReplSet', 'Mongos'],
    staticFactories: [{ export: 'MongoClient', methods: ['connect'] }],
  },
  { package: 'mongoose', factories: ['createConnection'] },
  { package: 'ioredis', constructors: ['default', 'Redis', 'Cluster'] },
  { package: 'redis', factories: ['createClient', 'createCluster'] },
  { package: '@prisma/client', constructors: ['PrismaClient'] },
  { package: 'knex', factories: ['default', 'knex'] },
  { package: 'sequelize', constructors: ['Sequelize', 'default'] },
  { package: 'typeorm', constructors: ['DataSource'] },
  { package: '@elastic/elasticsearch', constructors: ['Client'] },
  { package: '@opensearch-project/opensearch', constructors: ['Client'] },
  // porsager's postgres: `postgres(url)` opens a pool of its own.
  { package: 'postgres', factories: ['default'] },
  { package: '@neondatabase/serverless', constructors: ['Pool', 'Client'] },
  { package: '@redis/client', factories: ['createClient', 'createCluster'] },
  { package: 'mssql', constructors: ['ConnectionPool'] },
  { package: 'cassandra-driver', constructors: ['Client'] },
  { package: 'neo4j-driver', factories: ['driver'] },
  // Drizzle ORM's drivers: given a URL or `{ connection }`, `drizzle()` builds the driver's pool itself.
  {
    package: /^drizzle-orm\/(?:node-postgres|postgres-js|mysql2)$/,
    label: 'drizzle-orm/{node-postgres,postgres-js,mysql2}',
    connectionFactories: ['drizzle'],
  },
  // Messaging and queues
  { package: 'kafkajs', constructors: ['Kafka'] },
  { package: 'amqplib', factories: ['connect'] },
  { package: 'amqplib/callback_api', factories: ['connect'] },
  { package: 'bullmq', constructors: ['Queue', 'Worker', 'QueueEvents'] },
  // Bull 3: each Queue opens its own Redis connections.
  { package: 'bull', constructors: ['default'], factories: ['default'] },
  { package: 'mqtt', factories: ['connect', 'connectAsync'] },
  { package: 'nats', factories: ['connect'] },
  // A NestJS microservice client (gRPC, TCP, Redis, NATS…) owns its transport's connection.
  { package: '@nestjs/microservices', staticFactories: [{ export: 'ClientProxyFactory', methods: ['create'] }] },
  // API SDKs. Supabase's client starts its own token-refresh timer and realtime socket. The SDKs in
  // SHARED_TRANSPORT_CLIENTS below are not here.
  { package: '@supabase/supabase-js', factories: ['createClient'] },
  // A transport without `pool` opens an SMTP connection for each message and closes it once sent.
  {
    package: 'nodemailer',
    factories: ['createTransport'],
    transport: {
      kind: 'closes-after-use',
      unless: 'pool',
      closes: 'after each message is sent',
      evidence:
        'https://nodemailer.com/smtp/pooled; @types/nodemailer lib/smtp-pool: "set to true to use pooled connections (defaults to false) instead of creating a new connection for every email"',
    },
  },
  // Azure Application Insights: each TelemetryClient batches telemetry on its own timer and sender.
  // Older code imports the class from its file inside the package.
  { package: 'applicationinsights', constructors: ['TelemetryClient'] },
  {
    package: /^applicationinsights\/out\/Library\/NodeClient(?:\.js)?$/,
    label: 'applicationinsights/out/Library/NodeClient',
    constructors: ['default'],
  },
  // gRPC: a client or channel owns an HTTP/2 connection and the timers that keep it alive.
  { package: '@grpc/grpc-js', constructors: ['Client', 'Channel'] },
  { package: 'grpc', constructors: ['Client'] },
  // Headless browsers: each launch starts a browser process with its own memory and sockets.
  { package: /^puppeteer(?:-core)?$/, label: 'puppeteer(-core)', factories: ['launch', 'connect'] },
  {
    package: /^playwright(?:-core|-chromium|-firefox|-webkit)?$/,
    label: 'playwright(-*)',
    staticFactories: PLAYWRIGHT_BROWSERS,
  },
  { package: '@playwright/test', staticFactories: PLAYWRIGHT_BROWSERS },
  // HTTP agents and pools (see SHARED_TRANSPORT_CLIENTS for axios.create() and got.extend()).
  // undici closes a socket idle for `keepAliveTimeout` (4 s by default, docs/api/Client.md), unlike
  // node's http.Agent with keepAlive, which keeps free sockets until the agent is destroyed.
  {
    package: 'undici',
    constructors: ['Agent', 'Pool', 'Client', 'BalancedPool', 'ProxyAgent'],
    closesWhenIdle: {
      after: 'keepAliveTimeout, 4 s by default (a server hint may stretch it up to keepAliveMaxTimeout)',
      options: ['keepAliveTimeout', 'keepAliveMaxTimeout'],
    },
  },
  { package: 'http', constructors: ['Agent'], transport: NODE_AGENT_TRANSPORT },
  { package: 'https', constructors: ['Agent'], transport: NODE_AGENT_TRANSPORT },
];

/**
 * SDK clients that are not in the catalogue, and why: each instance sends through a transport the
 * package (or Node) keeps once per process, so a client built per request holds no socket, pool or
 * timer of its own and is collected with the request. Wasteful, not a leak. An agent built for one
 * (`httpAgent: new https.Agent()`) is still reported where it is built. The docs list these.
 */
export const SHARED_TRANSPORT_CLIENTS: readonly {
  readonly package: string;
  readonly builds: string;
  /** Where its requests go out: what it shares instead of owning. */
  readonly transport: string;
}[] = [
  { package: 'openai', builds: 'new OpenAI()', transport: 'a module-level keep-alive agent (v4), global fetch (v5+)' },
  { package: '@anthropic-ai/sdk', builds: 'new Anthropic()', transport: 'a module-level keep-alive agent' },
  { package: 'stripe', builds: 'new Stripe()', transport: 'a module-level keep-alive agent' },
  { package: '@slack/web-api', builds: 'new WebClient()', transport: "Node's global agent, through axios" },
  { package: 'axios', builds: 'axios.create()', transport: "Node's global agent unless given one" },
  { package: 'got', builds: 'got.extend()', transport: "Node's global agent unless given one" },
];

/**
 * Functions that take a client only to sign with it: they read its configuration and credentials
 * to build a presigned URL or form and send nothing, so the client opens no socket, pool or timer.
 * A client built only to be handed to one is garbage once the URL exists (set 32: an upload route
 * presigning with a fresh S3 client). `clientArgument` is the client's position. Confirmed from
 * each package's docs: `getSignedUrl(client, command, options)` and `createPresignedPost(client,
 * params)`, which reads `client.config` only.
 */
export const PRESIGNERS: readonly {
  readonly package: string;
  readonly exports: readonly string[];
  readonly clientArgument: number;
}[] = [
  { package: '@aws-sdk/s3-request-presigner', exports: ['getSignedUrl'], clientArgument: 0 },
  { package: '@aws-sdk/s3-presigned-post', exports: ['createPresignedPost'], clientArgument: 0 },
];

/** Methods that end a client's life: calling one in the same iteration or request makes it churn, not leak. */
export const CLOSE_METHODS: ReadonlySet<string> = new Set([
  'close',
  'destroy',
  'end',
  'disconnect',
  'quit',
  'shutdown',
  'terminate',
  '$disconnect',
]);

/**
 * Calls that set a client up rather than use it: on one shared client they must run once, so a
 * site that makes them per iteration or per request is not memoized by the codemod. `connect`
 * with a callback taking the connection (pg Pool's checkout) is a use, not a set-up.
 */
export const SET_UP_METHODS: ReadonlySet<string> = new Set([
  'connect',
  '$connect',
  'on',
  'once',
  'addListener',
  'prependListener',
  'prependOnceListener',
  '$on',
  'use',
  '$use',
  'setMaxListeners',
  'login',
  'auth',
  'authenticate',
  'init',
  'initialize',
  'start',
  'listen',
  'subscribe',
]);

/** What a type must have (any one of) for type-aware mode to treat a constructed value as a client. */
export const DISPOSABLE_MEMBERS: readonly string[] = ['close', 'destroy', 'end', 'disconnect', 'quit', 'shutdown'];

/** What a stored client may be put into (`clients.push(c)`, `pools.set(k, c)`): kept, not dropped. */
export const STORE_METHODS: ReadonlySet<string> = new Set([
  'push',
  'unshift',
  'set',
  'add',
  'splice',
  'concat',
  'register',
]);
