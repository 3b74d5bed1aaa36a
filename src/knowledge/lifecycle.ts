/** Lifecycle names: what starts, stops, restarts or re-runs an object, a process or a component. */

/** Methods and functions that end what they are called on: `close`, `closeServer`, `destroy`, `stop`… */
export const TEARDOWN_NAME = /^(close|destroy|stop|disconnect|shutdown|terminate|dispose|quit|kill)([A-Z]\w*)?$/;

/**
 * A teardown's first parameter naming one member among many (`id`, `pluginId`, `connection_id`):
 * `killPlugin(pluginId)` ends one of the instance's things, not the instance.
 */
export const MEMBER_ID_PARAMETER = /^(id|\w+(Id|ID|_id))$/;

/** Words that name a method setting an instance up (`init`, `enableDebugger`, `connect`, `startDriver`, `bind`). */
export const INSTANCE_SETUP_WORDS = [
  'init',
  'initialize',
  'initialise',
  'setup',
  'setUp',
  'enable',
  'connect',
  'open',
  'attach',
  'start',
  'wire',
  'bind',
  'install',
];

/** Words that name a method taking an instance down (`clearTransport`, `close`, `detach`). */
const INSTANCE_TEARDOWN_WORDS = [
  'clear',
  'cleanup',
  'cleanUp',
  'teardown',
  'tearDown',
  'detach',
  'release',
  'close',
  'destroy',
  'dispose',
  'stop',
  'disconnect',
  'shutdown',
];

/** A method named by one of `words`, alone or followed by a capitalised part: `init`, `initStore`. */
const methodNamed = (words: readonly string[]): RegExp => new RegExp(`^(${words.join('|')})([A-Z]\\w*)?$`);

/**
 * Methods that set an instance up: each runs about once per instance, as it starts, so a pass over
 * what the instance already holds there is start-up work (no-floating-task).
 */
export const INSTANCE_SETUP_METHOD = methodNamed(INSTANCE_SETUP_WORDS);
/** A stream's or socket's own way to end, besides the teardown names: `socket.end()`. */
export const STREAM_END_METHOD = 'end';

/**
 * Methods that set an instance up or take it down (`init`, `enableDebugger`, `connect`,
 * `clearTransport`): each runs about once per instance, so what they attach to the instance itself
 * is attached once per instance, however often instances are made.
 */
export const INSTANCE_LIFECYCLE_METHOD = methodNamed([...INSTANCE_SETUP_WORDS, ...INSTANCE_TEARDOWN_WORDS]);

/**
 * The hooks NestJS calls once on each provider, controller and module it holds, as the application
 * starts or stops (never on request-scoped ones): the project index takes them for start-up code
 * of a singleton class (src/project/class-entries.ts).
 */
export const NEST_LIFECYCLE_HOOKS: ReadonlySet<string> = new Set([
  'onModuleInit',
  'onApplicationBootstrap',
  'onModuleDestroy',
  'beforeApplicationShutdown',
  'onApplicationShutdown',
]);

/**
 * Hooks a dependency-injection framework calls once per instance, as it starts or stops it
 * (NestJS, Angular): what runs there runs once for a singleton, not per call.
 */
export const FRAMEWORK_LIFECYCLE_HOOKS: ReadonlySet<string> = new Set([
  ...NEST_LIFECYCLE_HOOKS,
  'ngOnInit',
  'ngOnDestroy',
]);

/** Methods that stop a class instance, in the order they are preferred as the place to clear an interval. */
export const TEARDOWN_METHODS: readonly string[] = ['stop', 'close', 'dispose', 'destroy'];

/** Methods that start an instance again; with one, a teardown may be a pause. */
export const RESTART_METHODS: ReadonlySet<string> = new Set([
  'start',
  'resume',
  'restart',
  'reconnect',
  'connect',
  'open',
  'unpause',
  'listen',
  'play',
]);

/**
 * Names of start-up routines: a module-level function called one of these runs once per process
 * (`export default function init(app)`, `async function start()`, `configureListeners()`, a
 * command's entry point `export function cli(main)`). Real
 * code registers its process listeners and housekeeping intervals there; counting them as
 * repeated was most of both rules' false positives on real code. Methods are not covered: a
 * class's `start()` runs once per instance (a job, a connection), which is the leak.
 */
export const STARTUP_FUNCTION =
  /^(main|cli|start|startServer|startApp|startService|bootstrap|boot|launch|serve|listen|(init|initialize|initialise|setup|setUp|configure)([A-Z]\w*)?)$/;

/** Lifecycle hooks a tool calls once, when what it configures has started. */
export const LIFECYCLE_HOOK = /^(?:created|started|ready|onReady|onStart|onStarted)$/;

/** React class component lifecycle methods that run on every mount or update. */
export const REACT_LIFECYCLE_METHODS: ReadonlySet<string> = new Set([
  'componentDidMount',
  'componentDidUpdate',
  'UNSAFE_componentWillMount',
  'componentWillMount',
]);

/** React hooks whose callback runs after every mount and every re-run, and returns a cleanup. */
export const EFFECT_HOOKS: ReadonlySet<string> = new Set(['useEffect', 'useLayoutEffect', 'useInsertionEffect']);

/** Parameters of a teardown that do not select what it ends: a callback, options, a reason. */
export const NON_SELECTING_PARAM = /^(cb|callback|done|next|options|opts|signal|force|reason|err|error|code|timeout)$/i;

/**
 * Classes whose constructor runs the function it is given right away, in the code that builds
 * them: a `new Promise(executor)` runs the executor, a `new Observable(subscribe)` piped and
 * subscribed in place runs it at that subscription. What the function does, the code around the
 * `new` does.
 */
export const RUNS_CALLBACK_AT_CONSTRUCTION: ReadonlySet<string> = new Set(['Promise', 'Observable']);

/**
 * A registration of a callback for the end of a window or process, by its method name
 * (`AppEnv.onBeforeUnload(fn)`, `app.onWillQuit(fn)`, `onExit(fn)`) or, for `addEventListener` and
 * `on`, by the event (`'beforeunload'`, `'unload'`, Electron's `'will-quit'`, `'before-quit'`,
 * `'exit'`): the callback runs once, as it ends.
 */
export const END_REGISTRATION_METHOD = /^on(?:Before|Will)?(?:Unload|Exit|Quit|Shutdown)$/;
export const END_EVENTS: ReadonlySet<string> = new Set(['beforeunload', 'unload', 'will-quit', 'before-quit', 'exit']);
