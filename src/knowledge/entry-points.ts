import { SINGLETON_PROVIDERS } from './singletons.js';

/**
 * Where code starts running, and how often: the registrations, exports and decorators that make a
 * function an entry point. Read by the file-local handler model (src/frequency/handlers.ts: the first
 * five lists) and by the project index (src/project/), which follows calls from these entry points
 * across files to answer "how often does this run?". Data only: the matching lives in the readers.
 */

/** How often a repeating entry point runs: once per request, message, job, tick, event, render. */
export type RepeatKind = 'request' | 'message' | 'job' | 'iteration' | 'timer' | 'event' | 'render';

/**
 * What a program serves outside callers by: a function reached per request, message, job or render
 * as well as per event or timer tick is said to run per request (the client rules count only
 * these), whichever chain of calls is shorter.
 */
export const SERVING_REPEATS: ReadonlySet<RepeatKind> = new Set(['request', 'message', 'job', 'render']);

/** How often code runs: only while its module loads, once per process, once per instance built, again and again, or not known. */
export type FrequencyKind = 'load' | 'once' | 'per-instance' | 'repeats' | 'unknown';

/**
 * Router methods of Express, Koa (koa-router), Fastify, Hono, Restify (`del`) and the like:
 * `app.get('/x', fn)` runs `fn` per request. `on` is Hono's and Fastify's generic form; the
 * file-local model excludes it from route registrations because `x.on(event, fn)` is mostly an
 * event listener.
 */
export const HTTP_METHODS: ReadonlySet<string> = new Set([
  'get',
  'post',
  'put',
  'patch',
  'delete',
  'del',
  'head',
  'options',
  'all',
  'use',
  'any',
  'on',
]);

/**
 * Router methods that return what they are called on, so registrations chain: Express's
 * `router.get(path, a).post(path, b)` and `router.route('/x').get(a).put(b)`, koa-router's and
 * Hono's the same. A chained call registers on the receiver the chain starts from.
 */
export const CHAINED_ROUTE_METHODS: ReadonlySet<string> = new Set([...HTTP_METHODS, 'route']);

/**
 * The first parameter of an error-first callback: `api.get(url, (err, data) => …)` is a client's
 * completion callback, not a route handler (error middleware takes four parameters).
 */
export const ERROR_PARAM = /^(err|error|e|er|ex)$/;

/** Receivers named like a router or server, which make `x.get(fn)` a route even without a path. */
export const ROUTER_RECEIVER =
  /^(app|api|router|routes?|server|fastify|hono|koa|express|r|srv|instance|v\d+|admin|web)$/i;

/** HTTP-method exports of route modules (Next.js app router, SvelteKit +server, Medusa, Astro endpoints). */
export const NEXT_ROUTE_EXPORTS: ReadonlySet<string> = new Set([
  'GET',
  'POST',
  'PUT',
  'PATCH',
  'DELETE',
  'HEAD',
  'OPTIONS',
]);

/**
 * Apps whose `use(fn)` installs a plugin once, as the app starts, rather than a middleware run per
 * request, by the module and the exports that build one: choo's `app.use(store)` calls the store
 * once with `(state, emitter, app)` before the first render (choo's README, "app.use(callback)";
 * set 33: send's stores), Vue's `createApp(root).use(plugin)` calls the plugin's `install` once
 * (vuejs.org/guide/reusability/plugins). A CommonJS `require('choo')` is the module itself (`*`).
 */
export const PLUGIN_APP_FACTORIES: readonly { readonly module: string; readonly exports: readonly string[] }[] = [
  { module: 'choo', exports: ['default', '*'] },
  { module: 'vue', exports: ['createApp', 'createSSRApp'] },
];

/** Events that fire once per incoming request, message or connection, not once per process. */
export const MESSAGE_EVENTS: ReadonlySet<string> = new Set(['message', 'data', 'request', 'connection', 'upgrade']);

/**
 * Route modules: a framework calls these exports of files whose path matches, once per request.
 * Each framework's convention is in its docs; the path pattern is what tells its route files apart.
 */
export interface RouteModule {
  readonly framework: string;
  readonly path: RegExp;
  readonly exports: ReadonlySet<string>;
  /**
   * Fields of the handler's argument that the program sets itself, not the client: Remix's
   * `context` is what the server's getLoadContext returns (a configured database URL), SvelteKit's
   * `locals` what its hooks set. A key read from them is the program's state, not request input.
   */
  readonly programState?: ReadonlySet<string>;
}

export const ROUTE_MODULES: readonly RouteModule[] = [
  { framework: 'Next.js', path: /(^|[\\/])route\.[cm]?[jt]sx?$/, exports: NEXT_ROUTE_EXPORTS },
  { framework: 'Next.js API', path: /(^|[\\/])pages[\\/]api[\\/]/, exports: new Set(['default']) },
  {
    framework: 'Remix',
    path: /(^|[\\/])app[\\/]routes[\\/]/,
    exports: new Set(['loader', 'action']),
    programState: new Set(['context']),
  },
  {
    framework: 'SvelteKit',
    path: /(^|[\\/])\+server\.[jt]s$/,
    exports: NEXT_ROUTE_EXPORTS,
    programState: new Set(['locals']),
  },
  {
    framework: 'SvelteKit',
    path: /(^|[\\/])\+(page|layout)\.server\.[jt]s$/,
    exports: new Set(['load', 'actions']),
    programState: new Set(['locals']),
  },
];

/**
 * Modules whose exported functions a framework runs per request, found by path. Sails.js loads
 * `api/controllers/**` as actions (routes in config/routes.js, blueprints): an actions2 module
 * (`module.exports = { inputs, exits, fn }`) runs `fn`, a classic controller (`module.exports = {
 * find(req, res) {…} }`) each function it exports. A bare `module.exports = function (req, res)`
 * is not taken for one: other frameworks' controller files export a factory that way.
 */
export interface ActionModule {
  readonly framework: string;
  readonly path: RegExp;
  /** The member that is the action when the module exports it; else every exported function is one. */
  readonly actionMember: string;
}

export const ACTION_MODULES: readonly ActionModule[] = [
  { framework: 'Sails', path: /(^|[\\/])api[\\/]controllers[\\/]/, actionMember: 'fn' },
];

/**
 * A framework's global registries, each entry a file under a folder of the app, reached through the
 * global. Sails.js loads `api/helpers/notifications/create-many.js` (`module.exports = { inputs,
 * exits, fn }`) as `sails.helpers.notifications.createMany`, camel-cased from the path, and a call
 * of it or of its `.with({…})` runs its `fn` (docs: sailsjs.com, "Helpers"); it loads
 * `api/hooks/discordNotifications/index.js` (`module.exports = function (sails) { return {
 * initialize, sendNotification } }`) as `sails.hooks.discordnotifications`, the object that
 * function returns (docs: "Hooks": a user hook's identity is its name, lower-cased). `sails` is the
 * global, a hook's parameter `sails`, `this.sails` or `require('sails')`.
 */
export interface GlobalRegistry {
  readonly framework: string;
  /** The global, `sails`; also a parameter of that name and `this.sails`. */
  readonly global: string;
  /** The package whose `require()` returns the same object. */
  readonly module: string;
  /** Its property holding the registry: `helpers`, `hooks`. */
  readonly property: string;
  /** The registry's folder, beside which the app's other folders stand (its root holds `api/`). */
  readonly folder: string;
  /**
   * How a file's path under the folder names its entry: each segment camel-cased
   * (`notifications/create-many.js` is `notifications.createMany`), or the name of a folder holding
   * `index.js` (or of a file) lower-cased (`discordNotifications/index.js` is `discordnotifications`).
   */
  readonly naming: 'camel-path' | 'lowercase-name';
  /**
   * What an entry is: a member of `module.exports` that runs when the entry is called (`fn`), also
   * through `callForms` (`.with({…})`); or the object `module.exports` returns when the framework
   * calls it, whose methods are called by name.
   */
  readonly holds: { readonly member: string; readonly callForms: ReadonlySet<string> } | 'returned-object';
}

export const GLOBAL_REGISTRIES: readonly GlobalRegistry[] = [
  {
    framework: 'Sails',
    global: 'sails',
    module: 'sails',
    property: 'helpers',
    folder: 'api/helpers',
    naming: 'camel-path',
    holds: { member: 'fn', callForms: new Set(['with']) },
  },
  {
    framework: 'Sails',
    global: 'sails',
    module: 'sails',
    property: 'hooks',
    folder: 'api/hooks',
    naming: 'lowercase-name',
    holds: 'returned-object',
  },
];

/**
 * The first two parameters of a function written as an HTTP handler: `(req, res)`, `(req, res,
 * next)`, fastify's `(request, reply)`. Express controllers and middleware are exported this way
 * for a router elsewhere to register; the client rules take such a function to run per request
 * when nothing else says how often it runs.
 */
export const REQUEST_HANDLER_PARAMETERS = { request: /^(req|request)$/, response: /^(res|response|reply)$/ } as const;

/** `export const handler = …` / `exports.handler = …`: the AWS Lambda convention, run per event. */
export const LAMBDA_HANDLER_EXPORT = 'handler';

/** `x.route({ method, path, handler })` (Fastify, Hapi) and `x.get(path, { handler })`: the option holding the handler. */
export const ROUTE_OPTION_KEY = 'handler';

/**
 * Callbacks passed in an options object to a consumer's start method, run per message:
 * kafkajs `consumer.run({ eachMessage })`, sqs-consumer `Consumer.create({ handleMessage })`,
 * NATS `nc.subscribe(subject, { callback })`.
 */
export interface OptionCallback {
  readonly method: string;
  readonly keys: ReadonlySet<string>;
  readonly repeatKind: RepeatKind;
  readonly library: string;
}

export const OPTION_CALLBACKS: readonly OptionCallback[] = [
  { method: 'run', keys: new Set(['eachMessage', 'eachBatch']), repeatKind: 'message', library: 'kafkajs' },
  {
    method: 'create',
    keys: new Set(['handleMessage', 'handleMessageBatch']),
    repeatKind: 'message',
    library: 'sqs-consumer',
  },
  { method: 'subscribe', keys: new Set(['callback']), repeatKind: 'message', library: 'NATS' },
];

/**
 * Methods whose function argument runs per message or job: amqplib `channel.consume(queue, fn)`,
 * Bull `queue.process(fn)`, NATS and Redis `subscribe(subject, fn)`, Bee-Queue and Agenda. The
 * function may be written in place or named (`queue.process(2, notifProcessor)`), not a call.
 */
export interface CallbackMethod {
  readonly method: string;
  readonly repeatKind: RepeatKind;
  readonly description: string;
}

export const CONSUMER_METHODS: readonly CallbackMethod[] = [
  { method: 'consume', repeatKind: 'message', description: 'amqplib consume callback' },
  { method: 'process', repeatKind: 'job', description: 'queue processor' },
  { method: 'subscribe', repeatKind: 'message', description: 'subscription callback' },
  { method: 'define', repeatKind: 'job', description: 'Agenda job' },
];

/**
 * Methods of a known object whose function argument runs per call from outside: Electron's
 * `ipcMain.handle(channel, fn)` answers each `ipcRenderer.invoke` from a window, a request; a
 * Nitro (Nuxt server) plugin's `nitroApp.hooks.hook('request', fn)` runs `fn` for every request.
 * Read by the project index (src/project/registrations.ts); the entries marked `fileLocal` by the
 * file-local handler model too (src/frequency/handlers.ts).
 */
export interface ReceiverMethod {
  /** The receiver's name: `ipcMain` of `ipcMain.handle`, `hooks` of `nitroApp.hooks.hook`. */
  readonly receiver: string;
  readonly method: string;
  readonly argument: number;
  readonly repeatKind: RepeatKind;
  readonly description: string;
  /** When set, the first argument must be one of these names (the hook or channel). */
  readonly channels?: ReadonlySet<string>;
  /** Also a handler for the file-local model (without the project index). */
  readonly fileLocal?: boolean;
}

export const RECEIVER_METHODS: readonly ReceiverMethod[] = [
  { receiver: 'ipcMain', method: 'handle', argument: 1, repeatKind: 'request', description: 'ipcMain.handle handler' },
  {
    receiver: 'hooks',
    method: 'hook',
    argument: 1,
    repeatKind: 'request',
    description: 'Nitro request hook',
    channels: new Set(['request', 'beforeResponse', 'afterResponse']),
    fileLocal: true,
  },
];

/**
 * tRPC procedures: `publicProcedure.input(schema).query(fn)`, `.mutation(fn)`, `.subscription(fn)`
 * run `fn` per call from a client, a request (set 25: an app server's event stream subscription).
 * The builder chain must start at a procedure (`publicProcedure`, `t.procedure`): `.query(fn)` on
 * anything else (a database client) is not one.
 */
export const PROCEDURE_METHODS: ReadonlySet<string> = new Set(['query', 'mutation', 'subscription']);
export const PROCEDURE_BUILDER = /^(procedure|\w+Procedure)$/;

/**
 * Classes constructed with a function that then runs repeatedly: bullmq `new Worker(name, fn)`
 * per job, cron `new CronJob(expression, fn)` per tick. The function is the argument at `argument`.
 */
export interface ConstructedRunner {
  readonly className: string;
  readonly argument: number;
  readonly repeatKind: RepeatKind;
  readonly description: string;
}

export const CONSTRUCTED_RUNNERS: readonly ConstructedRunner[] = [
  { className: 'Worker', argument: 1, repeatKind: 'job', description: 'bullmq Worker processor' },
  { className: 'CronJob', argument: 1, repeatKind: 'timer', description: 'cron job' },
];

/** Functions whose callback runs on every tick of a timer: `setInterval(fn)`, node-cron `cron.schedule(expr, fn)`. */
export const TIMER_REGISTRATIONS: readonly { readonly callee: string; readonly argument: number }[] = [
  { callee: 'setInterval', argument: 0 },
  { callee: 'schedule', argument: 1 },
  { callee: 'scheduleJob', argument: 1 },
];

/** Server constructors whose callback runs per request: `http.createServer(fn)`, `Deno.serve(fn)`. */
export const SERVER_FACTORIES: ReadonlySet<string> = new Set(['createServer', 'createSecureServer', 'serve']);

/**
 * Modules whose `createServer(fn)` makes a socket server: `net.createServer(fn)` and
 * `tls.createServer(fn)` run `fn` per connection (an event), not per HTTP request.
 */
export const SOCKET_SERVER_MODULES: ReadonlySet<string> = new Set(['net', 'tls']);

/**
 * Start-up: callbacks that run once per process. `server.listen(port, fn)` runs `fn` when the
 * server is up; commander `.action(fn)` and yargs `.command(…, handler)` run once per command run.
 */
export const ONCE_CALLBACK_METHODS: ReadonlySet<string> = new Set(['listen', 'action']);

/**
 * Methods that keep a callback to run later, perhaps again and again (`Template.card.onCreated(fn)`,
 * `tracker.autorun(fn)`, `bus.subscribe(fn)`, `hooks.register(fn)`), when they are not a known
 * registration: such a callback does not run when the code that hands it over runs, so the index
 * does not give it that code's frequency (held-out: a Blaze template's per-instance interval taken
 * for start-up code). What calls it, and how often, stays unknown.
 */
export const RUNS_LATER_METHOD = /^(on[A-Z_$]|on$|add[A-Z]|subscribe|register|hook|watch|observe|autorun|handle)/;

/**
 * A yargs command module: an object (`export const serve = { command: 'serve', describe, builder,
 * handler }`) or a module exporting those names. yargs runs its `handler` once per command run, so
 * what it starts runs once per process. A `describe`, `desc` or `builder` beside `command` and
 * `handler` tells it from a chat bot's `{ command: '/start', handler }`, which runs per message.
 */
export const CLI_COMMAND_MODULE = {
  command: 'command',
  handler: 'handler',
  alongside: ['describe', 'desc', 'builder'],
} as const;

/** Functions that by convention start a program, run once when nothing in the project calls them. */
export const STARTUP_FUNCTIONS: ReadonlySet<string> = new Set(['main', 'bootstrap']);

/**
 * NestJS (and type-graphql) method decorators: the decorated method runs per request, message,
 * job, tick or event. Providers (`@Injectable()`, `@Controller()`) are singletons unless given a
 * request scope, so their constructors run once.
 */
export const DECORATOR_ENTRIES: ReadonlyMap<string, RepeatKind> = new Map([
  ...[
    'Get',
    'Post',
    'Put',
    'Patch',
    'Delete',
    'Head',
    'Options',
    'All',
    'Query',
    'Mutation',
    'Subscription',
    'ResolveField',
    'FieldResolver',
  ].map((name) => [name, 'request'] as const),
  ...['MessagePattern', 'EventPattern', 'SubscribeMessage', 'Consumer'].map((name) => [name, 'message'] as const),
  ...['Process', 'Processor'].map((name) => [name, 'job'] as const),
  ...['Cron', 'Interval'].map((name) => [name, 'timer'] as const),
  ['OnEvent', 'event'],
]);

/**
 * Class decorators of singleton providers: their constructor runs once per process. NestJS's, by
 * name (the project index matches decorators by name); src/knowledge/singletons.ts is the list.
 */
export const SINGLETON_DECORATORS: ReadonlySet<string> = new Set(
  SINGLETON_PROVIDERS.filter((provider) => provider.label === 'NestJS').flatMap((provider) => provider.decorators),
);

/** Callbacks whose function runs once per element of a collection. */
export const ITERATION_METHODS: ReadonlySet<string> = new Set([
  'map',
  'forEach',
  'flatMap',
  'reduce',
  'reduceRight',
  'filter',
  'some',
  'every',
  'find',
  'findIndex',
  'findLast',
  'findLastIndex',
]);
