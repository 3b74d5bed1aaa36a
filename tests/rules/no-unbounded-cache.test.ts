import tsParser from '@typescript-eslint/parser';
import type { InvalidTestCase } from '@typescript-eslint/rule-tester';
import { Linter } from 'eslint';
import { describe, expect, it } from 'vitest';
import rule, { type MessageIds, type Options } from '../../rules/no-unbounded-cache.js';
import plugin from '../../src/index.js';
import { lintWith } from '../helpers/lint.js';
import { checkExemptions, type ExemptCase } from '../helpers/exemptions.js';
import { createUnboundedCacheDetector } from '../../src/families/caches/unbounded-cache.js';
import { DEFAULT_UNBOUNDED_CACHE_OPTIONS, type UnboundedCacheOptions } from '../../src/families/caches/findings.js';
import { codemodSuggestion, ruleTester } from '../helpers/rule-tester.js';

const defaultOptions: Options[0] = {
  typeAware: false,
  reportEscaping: false,
  instanceFields: false,
  reportRegistries: false,
  reportUnknownKeys: false,
  onlyRequestKeys: false,
  boundedCaches: [],
};

/**
 * Most cases below are about what bounds a collection or what counts as growth, whatever its keys
 * are called, so they run with reportUnknownKeys (valid ones in both modes). The default mode's
 * own gate, keys that name data or code shown to repeat, has its own suite further down.
 */
function withUnknownKeys<T extends { readonly options?: Readonly<Options> }>(test: T): T {
  return { ...test, options: [{ ...defaultOptions, ...test.options?.[0], reportUnknownKeys: true }] };
}
const lodashRemedy =
  'Give it a bounded cache (`fn.cache = new LRUCache({ max })`) or use a memoizer with a size limit, such as memoizee with { max }.';
const memoizeeRemedy = 'Pass { max: N } (and maxAge if results go stale).';

/**
 * Registries whose size is set by callers in other files that usually run once: a constructor that
 * registers the instance (one entry per instance) and a factory that hands out a function or an
 * object of functions per key (a logger per namespace). Reported with reportRegistries only
 * (held-out false positives in a commerce framework's workflow orchestrator, a monitoring app's
 * cache middleware, a web framework's debug loggers and a CMS's request caches).
 */
const registryCases: InvalidTestCase<MessageIds, Options>[] = [
  {
    code: `const workflowOptions: Record<string, object> = {};\nexport class Orchestrator {\n  constructor(private id: string, private options: object) {\n    this.parseOptions();\n  }\n  private parseOptions() {\n    workflowOptions[this.id] = { ...this.options };\n  }\n}`,
    errors: [
      {
        messageId: 'unboundedCache',
        data: {
          what: 'Object `workflowOptions`, used as a dictionary,',
          lives: 'lives as long as the process',
          where: 'at line 7 in method `parseOptions` of class `Orchestrator`',
        },
      },
    ],
  },
  {
    code: `const instances = [];\nfunction ApiCache() {\n  instances.push(this);\n  this.id = instances.length;\n  this.newInstance = () => new ApiCache();\n}\nmodule.exports = new ApiCache();`,
    errors: [
      {
        messageId: 'unboundedBuffer',
        line: 1,
        column: 7,
        data: { name: 'instances', lives: 'lives as long as the process', where: 'at line 3 in function `ApiCache`' },
      },
    ],
  },
  {
    code: `const live = new Set();\nexport class Session {\n  constructor(socket) {\n    this.socket = socket;\n    live.add(this);\n  }\n}`,
    errors: [
      {
        messageId: 'unboundedCache',
        line: 1,
        column: 7,
        data: {
          what: 'Set `live`',
          lives: 'lives as long as the process',
          where: 'at line 5 in the constructor of class `Session`',
        },
      },
    ],
  },
  {
    code: `type Debug = (...args: unknown[]) => void;\nconst debuggers: Record<string, Debug> = {};\nlet init: (name: string) => Debug = () => () => {};\nexport function createDebug(name: string): Debug {\n  if (!debuggers[name]) debuggers[name] = init(name);\n  return (...args) => debuggers[name]!(...args);\n}`,
    errors: [
      {
        messageId: 'unboundedCache',
        line: 2,
        column: 7,
        data: {
          what: 'Object `debuggers`, used as a dictionary,',
          lives: 'lives as long as the process',
          where: 'at line 5 in function `createDebug`',
        },
      },
    ],
  },
  {
    code: `import { cache } from 'react';\nconst containers: Record<string, () => { value: unknown }> = {};\nexport function selectiveCache(namespace: string) {\n  containers[namespace] ??= cache(() => ({ value: null }));\n  const get = async (factory: () => Promise<unknown>) => (containers[namespace]!().value ??= factory());\n  return { get };\n}`,
    errors: [
      {
        messageId: 'unboundedCache',
        line: 2,
        column: 7,
        data: {
          what: 'Object `containers`, used as a dictionary,',
          lives: 'lives as long as the process',
          where: 'at line 4 in function `selectiveCache`',
        },
      },
    ],
  },
  // A class factory: each call defines a class, so it runs once per model the program declares
  // (held-out false positive in a feature-flag server's model factory).
  {
    code: `const auditedTables = new Set<string>();\nexport const makeModel = (definition: { table: string; audited?: boolean }) => {\n  if (definition.audited) auditedTables.add(definition.table);\n  class Model {\n    static table = definition.table;\n  }\n  return Model;\n};`,
    // Only reportRegistries reports it; the bounded-cache codemod does not, so there is no suggestion.
    errors: [
      {
        messageId: 'unboundedCache',
        suggestions: [],
        data: {
          what: 'Set `auditedTables`',
          lives: 'lives as long as the process',
          where: 'at line 3 in function `makeModel`',
        },
      },
    ],
  },
  // A multiton: a static method keeping one instance of its own class per key (held-out false
  // positive in an API client's desktop log managers), and per-label state a constructor keeps
  // under a parameter property, which is \`this.label\` by declaration (a commerce server's queues).
  {
    code: `export class LogManager {\n  private static instances: Record<string, LogManager> = {};\n  private constructor(private file: string) {}\n  static for(file: string): LogManager {\n    if (LogManager.instances[file]) return LogManager.instances[file];\n    const instance = new LogManager(file);\n    LogManager.instances[file] = instance;\n    return instance;\n  }\n}`,
    errors: [
      {
        messageId: 'unboundedCache',
        line: 2,
        column: 18,
        data: {
          what: 'Object `LogManager.instances`, used as a dictionary,',
          lives: 'lives as long as the process',
          where: 'at line 7 in method `for` of class `LogManager`',
        },
      },
    ],
  },
  {
    code: `export class Queue {\n  private static waiting: { [label: string]: Array<() => void> } = {};\n  constructor(private label: string = 'default') {\n    if (!Queue.waiting[label]) Queue.waiting[label] = [];\n  }\n  get size() { return Queue.waiting[this.label]!.length; }\n}`,
    errors: [
      {
        messageId: 'unboundedCache',
        line: 2,
        column: 18,
        data: {
          what: 'Object `Queue.waiting`, used as a dictionary,',
          lives: 'lives as long as the process',
          where: 'at line 4 in the constructor of class `Queue`',
        },
      },
    ],
  },
];

const validCases: ExemptCase<Options>[] = [
  // ── exemptBy: short-lived-file ──
  // A GitHub Action runs once per workflow step (held-out false positive in a chat SDK's docs upload).
  {
    code: `
        import { getInput } from '@actions/core';
        const failed: string[] = [];
        export async function upload(name: string) {
          try {
            await put(getInput('bucket'), name);
          } catch {
            failed.push(name);
          }
        }
      `,
    exemptBy: 'short-lived-file',
  },
  // Test files: hooks and tests run a fixed number of times.
  {
    code: `
        import { afterEach, describe, it } from 'vitest';
        const created: string[] = [];
        const byName = new Map<string, number>();
        afterEach(() => { byName.set(String(created.length), 1); });
        describe('users', () => {
          it('creates', () => { created.push(String(Math.random())); });
          it.each([1, 2])('numbers %i', (n) => { created.push(String(n)); });
        });
      `,
    filename: 'users.test.ts',
    exemptBy: 'short-lived-file',
  },
  // Tests, test helpers and one-shot scripts: the process ends when their work is done.
  {
    code: `
        const pending = [];
        const attempts = {};
        export class ProgressReporter {
          started(spec) { pending.push(spec.id); attempts[spec.id] = (attempts[spec.id] ?? 0) + 1; }
        }
      `,
    filename: 'spec/support/progress-reporter.js',
    exemptBy: 'short-lived-file',
  },
  {
    code: `
        const skipped = [];
        export async function collect(lines) {
          lines.forEach((line) => { if (line.startsWith('wip')) skipped.push(line); });
          console.log(skipped.join('\\n'));
        }
      `,
    filename: 'scripts/release-notes.js',
    exemptBy: 'short-lived-file',
  },
  // A program whose top level ends by closing the server it opened ran once (held-out false
  // positive in an SDK's docs harness, which subscribes once and checks the answer).
  {
    code: `
        const subscriptions = new Set();
        const server = new McpServer({ name: 'catalog' });
        server.setRequestHandler('resources/subscribe', async (request) => {
          subscriptions.add(request.params.uri);
          return {};
        });
        await server.connect(transport);
        await client.subscribeResource({ uri: 'demo://config' });
        await server.close();
      `,
    filename: 'examples/guides/low-level-server.examples.ts',
    exemptBy: 'short-lived-file',
  },
  // A test-support package keeps the servers it started for one test run (held-out false
  // positives in a database client's test utilities); a benchmark runs once and exits.
  {
    code: `
        const RUNNING_SERVERS = new Map();
        export async function spawnServer(args) {
          if (!RUNNING_SERVERS.has(args)) RUNNING_SERVERS.set(args, startDocker(args));
          return RUNNING_SERVERS.get(args);
        }
      `,
    filename: 'packages/test-utils/lib/dockers.ts',
    exemptBy: 'short-lived-file',
  },
  {
    code: `
        const samples = [];
        export function record(ms) {
          samples.push(ms);
        }
      `,
    filename: 'benchmarks/routers/src/runner.mts',
    exemptBy: 'short-lived-file',
  },
  // Instrumentation that hooks a test runner runs inside the test run, which exits when its suite
  // ends (held-out false positives in a tracer's cucumber and playwright instrumentation).
  {
    code: `
        const retriesByScenario = new Map();
        const failedScenarios = new Set();

        addHook({ name: '@cucumber/cucumber', versions: ['>=7.0.0'] }, (cucumber) => {
          cucumber.Runtime.prototype.runTestCase = function (scenario) {
            retriesByScenario.set(scenario.id, (retriesByScenario.get(scenario.id) ?? 0) + 1);
            failedScenarios.add(scenario.id);
          };
          return cucumber;
        });
      `,
    filename: 'packages/instrumentations/src/cucumber.js',
    exemptBy: 'short-lived-file',
  },

  // ── exemptBy: finite-key-type ──
  // Finite keys: enum- and literal-keyed collections, literal keys, finite parameters and loop variables.
  {
    code: `
      enum Region { Eu = 'eu', Us = 'us' }
      type Mode = 'light' | 'dark';
      const SIZES = ['s', 'm', 'l'] as const;
      const FLAGS = { beta: 'beta', legacy: 'legacy' } as const;
      type Flag = keyof typeof FLAGS;
      const byRegion = new Map<Region, string>();
      const byMode: Record<Mode, number> = { light: 0, dark: 0 };
      const bySize = new Map<(typeof SIZES)[number], number>();
      const byFlag = new Map<string, boolean>();
      const byBool = new Set<boolean>();
      const byType = new Map<string, number>();
      const keyed = new Map<string, number>();
      export function record(region: Region, mode: Mode, size: (typeof SIZES)[number], flag: Flag, value: unknown, on: boolean) {
        byRegion.set(region, 'x');
        byMode[mode] += 1;
        bySize.set(size, 1);
        byFlag.set(flag, true);
        byFlag.set(FLAGS.beta, true);
        byBool.add(on);
        byBool.add(!value);
        byType.set(typeof value, 1);
        keyed.set('config', 1);
        keyed.set(\`static\`, 2);
        for (const k of ['a', 'b']) keyed.set(k, 3);
        keyed.set(Region.Eu, 4);
        keyed.set(mode === 'dark' ? 'night' : 'day', 5);
      }
    `,
    exemptBy: 'finite-key-type',
  },

  // ── exemptBy: preseeded-table ──
  // The parameter of an iteration callback over a literal list takes its elements in turn, like
  // a for…of variable (held-out false positive in a forum's flag filters).
  {
    code: `
        const selected = new Map([['cids', []]]);
        export function init(data) {
          ['assignee', 'targetUid', 'reporterId'].forEach((filter) => {
            selected.set(filter, data.selected[filter]);
            onSelect((users) => selected.set(filter, users));
          });
        }
      `,
    exemptBy: 'preseeded-table',
  },
  {
    code: `
        const limits = { api: 10 };
        app.post('/reset', (req, res) => {
          for (const name in limits) limits[name] = req.body.limit;
          res.end();
        });
      `,
    exemptBy: 'preseeded-table',
  },
  // Constant lookup tables: never written after load.
  {
    code: `
      const STATUS = { ok: 200, notFound: 404 };
      const MIME = new Map([['json', 'application/json'], ['html', 'text/html']]);
      export function describe(kind: string, name: keyof typeof STATUS) {
        return \`\${MIME.get(kind)} \${STATUS[name]}\`;
      }
    `,
    exemptBy: 'preseeded-table',
  },
  // Tables declared with some entries of a known vocabulary and filled in as the rest are met
  // (held-out false positives in a JSX renderer's event names and an app's locale files).
  {
    code: `
      const eventNames: Record<string, string> = { onClick: 'click' };
      const messages = new Map([['en', { hello: 'Hello' }]]);
      export function eventNameOf(prop: string) {
        if (!eventNames[prop]) eventNames[prop] = prop.slice(2).toLowerCase();
        return eventNames[prop];
      }
      export async function messagesFor(tag: string) {
        if (!messages.has(tag)) messages.set(tag, await import(\`./messages/\${tag}.js\`));
        return messages.get(tag);
      }
    `,
    exemptBy: 'preseeded-table',
  },

  // ── exemptBy: schema-types ──
  // Definitions, not data: GraphQL schema types (a schema is built once and type names are unique
  // in it) and classes made at run time (held-out false positives in a CMS's GraphQL operators and
  // a commerce framework's per-plugin API modules).
  {
    code: `
      import type { GraphQLNamedType } from 'graphql';
      const namedTypes: Record<string, GraphQLNamedType> = {};
      export function uniqueType(type: GraphQLNamedType) {
        if (namedTypes[type.name]) return namedTypes[type.name];
        namedTypes[type.name] = type;
        return type;
      }
    `,
    exemptBy: 'schema-types',
  },

  // ── exemptBy: exported ──
  // Exported, or handed to code this file cannot see: that code may evict.
  {
    code: `
      import { createStore, track } from './store';
      export const registry = new Map<string, number>();
      const shared = new Map<string, number>();
      const passed = new Map<string, number>();
      const returned = new Set<string>();
      const aliased = new Map<string, number>();
      export default shared;
      export const store = createStore(passed);
      export function all() { return returned; }
      const alias = aliased;
      export function put(key: string) {
        registry.set(key, 1);
        shared.set(key, 1);
        passed.set(key, 1);
        returned.add(key);
        alias.set(key, 1);
        track(key);
      }
    `,
    exemptBy: 'exported',
  },

  // ── exemptBy: bounded-by-eviction ──
  // Eviction anywhere in the module: delete, clear, shift, splice, length = 0, Reflect.deleteProperty.
  {
    code: `
      const byKey = new Map<string, number>();
      const seen = new Set<string>();
      const recent: string[] = [];
      const trail: string[] = [];
      const older: string[] = [];
      const hits: Record<string, number> = {};
      const misses: Record<string, number> = {};
      export function note(key: string) {
        byKey.set(key, 1);
        if (byKey.size > 100) byKey.delete(byKey.keys().next().value!);
        seen.add(key);
        recent.push(key);
        if (recent.length > 50) recent.shift();
        trail.push(key);
        older.unshift(key);
        hits[key] = 1;
        misses[key] = 1;
      }
      export function reset() {
        seen.clear();
        trail.length = 0;
        older.splice(10);
        delete hits.x;
        Reflect.deleteProperty(misses, 'x');
      }
    `,
    exemptBy: 'bounded-by-eviction',
  },
  // Pending-request maps deleted on completion.
  {
    code: `
      const inFlight = new Map<string, Promise<Response>>();
      export function load(url: string) {
        let request = inFlight.get(url);
        if (!request) {
          request = fetch(url).finally(() => inFlight.delete(url));
          inFlight.set(url, request);
        }
        return request;
      }
    `,
    exemptBy: 'bounded-by-eviction',
  },
  // Reset periodically by reassignment.
  {
    code: `
      let window = new Map<string, number>();
      setInterval(() => { window = new Map(); }, 60_000);
      export function count(ip: string) { window.set(ip, (window.get(ip) ?? 0) + 1); }
    `,
    exemptBy: 'bounded-by-eviction',
  },
  // Cleared by a reset function.
  {
    code: `
      const cache = new Map<string, string>();
      export function get(key: string) { cache.set(key, key); return cache.get(key); }
      export function resetCache() { cache.clear(); }
    `,
    exemptBy: 'bounded-by-eviction',
  },
  // Instance fields are not reported by default; static fields that are cleared are fine.
  {
    code: `
      export class Service {
        private cache = new Map<string, number>();
        static #seen = new Set<string>();
        get(key: string) { this.cache.set(key, 1); Service.#seen.add(key); }
        static reset() { this.#seen.clear(); }
      }
    `,
    exemptBy: 'bounded-by-eviction',
  },
  // globalThis slots that are reset.
  {
    code: `
      globalThis.__renderCache = new Map();
      export function render(key, html) { globalThis.__renderCache.set(key, html); }
      export function flush() { globalThis.__renderCache = new Map(); }
    `,
    exemptBy: 'bounded-by-eviction',
  },

  // ── exemptBy: size-capped ──
  // Size guards cap the writes.
  {
    code: `
      const MAX = 500;
      const capped = new Map<string, number>();
      const early = new Map<string, number>();
      const dict: Record<string, number> = {};
      export function put(key: string, value: number) {
        if (capped.size < MAX) capped.set(key, value);
        if (early.size >= MAX) return;
        early.set(key, value);
        if (Object.keys(dict).length > MAX) return;
        dict[key] = value;
      }
    `,
    exemptBy: 'size-capped',
  },

  // ── exemptBy: handed-on ──
  {
    code: `
        const cache = new Map();
        function get(key) { cache.set(key, key); return cache.get(key); }
        module.exports = { get, cache };
      `,
    filename: 'cache.cjs',
    exemptBy: 'handed-on',
  },

  // ── exemptBy: exit-hooks ──
  // Hooks kept until the process exits: their only reader runs them and ends the process.
  {
    code: `
      const beforeExit: (() => Promise<void>)[] = [];
      const onSignal = new Set<() => void>();
      async function shutdown(code?: number) {
        try {
          await Promise.all(beforeExit.map((hook) => hook()));
        } finally {
          process.exit(code);
        }
      }
      export function whenExiting(hook: () => Promise<void>) { beforeExit.push(hook); }
      export function whenSignalled(hook: () => void) { onSignal.add(hook); }
      process.on('SIGTERM', () => { for (const hook of onSignal) hook(); void shutdown(0); });
    `,
    exemptBy: 'exit-hooks',
  },
  {
    code: `
      import process from 'node:process';
      const cleanups: Array<() => void> = [];
      export function atExit(cleanup: () => void) { cleanups.push(cleanup); }
      process.once('exit', () => cleanups.forEach((cleanup) => cleanup()));
    `,
    exemptBy: 'exit-hooks',
  },

  // ── exemptBy: warning-record ──
  // Records of which warnings were printed, named by configuration or code (held-out false
  // positives in a gateway client's rate-limit handler, a service framework's deprecations and
  // a dashboard's missing-component warning).
  {
    code: `
      const process = require('node:process');
      const warnedFor = new Set();
      const deprecated = [];
      module.exports = (client, { d: data }) => {
        if (!warnedFor.has(data.opcode)) {
          process.emitWarning(\`rate limited on opcode \${data.opcode}\`);
          warnedFor.add(data.opcode);
        }
      };
      module.exports.deprecate = function (prop, message) {
        if (deprecated.indexOf(prop) === -1) {
          console.warn(\`DeprecationWarning: \${message}\`);
          deprecated.push(prop);
        }
      };
    `,
    exemptBy: 'warning-record',
  },
  {
    code: `
      const warned: Record<string, boolean> = {};
      export function FieldInput(props: { component?: string }) {
        const id = props.component;
        if (id && !warned[id]) {
          warned[id] = true;
          console.warn(\`component \${id} not found\`);
        }
        return null;
      }
    `,
    exemptBy: 'warning-record',
  },

  // ── exemptBy: runs-once ──
  // Registries filled while the module loads: top level, loops, forEach, helpers only called from there.
  {
    code: `
      import { a, b, plugins } from './plugins';
      const routes = new Map();
      routes.set('/a', a);
      for (const plugin of plugins) routes.set(plugin.path, plugin);
      plugins.forEach((plugin) => routes.set(plugin.name, plugin));
      function add(plugin) { routes.set(plugin.id, plugin); }
      add(a);
      add(b);
      (() => { for (const p of plugins) routes.set(p.alias, p); })();
      export function route(path) { return routes.get(path); }
    `,
    exemptBy: 'runs-once',
  },

  // ── exemptBy: registration ──
  // Registration functions add one entry per plugin, command or route, not per request.
  {
    code: `
      const commands = new Map<string, () => void>();
      const middlewares = [];
      export function registerCommand(name: string, run: () => void) { commands.set(name, run); }
      export function defineTask(name: string, run: () => void) { commands.set(name, run); }
      export function use(fn: () => void) { middlewares.push(fn); }
      export function run(name: string) { commands.get(name)?.(); middlewares.forEach((fn) => fn()); }
    `,
    exemptBy: 'registration',
  },
  // A registration named for a thing the program declares, keyed by its own \`id\` parameter: one
  // entry per plugin defined (set 35: a music player's default config per plugin).
  {
    code: `
      const defaultPluginConfig: Record<string, unknown> = {};
      export const definePluginConfig = (id: string, defaultValue: unknown) => {
        defaultPluginConfig[id] = defaultValue;
        return defaultValue;
      };
    `,
    exemptBy: 'registration',
  },
  // Keyed by a class (its name, a static read through \`.constructor\`): one entry per class the
  // program defines, e.g. registries that member decorators fill once per decorated member.
  {
    code: `
      abstract class Entity { static kind = 'entity'; }
      const columns = new Map<string, (string | symbol)[]>();
      export const Column = (target: Entity, member: string | symbol) => {
        const owner = target.constructor.name;
        columns.set(owner, [...(columns.get(owner) ?? []), member]);
      };
      const links = new Map<string, Map<string, object>>();
      export function Link(options: object) {
        return function (target: Entity, member: string) {
          const kind = (target.constructor as typeof Entity).kind;
          queueMicrotask(() => {
            const forKind = links.get(kind) ?? new Map<string, object>();
            forKind.set(member, options);
            links.set(kind, forKind);
          });
        };
      }
      export const columnsOf = (name: string) => columns.get(name);
      export const linksOf = (kind: string) => links.get(kind);
    `,
    exemptBy: 'registration',
  },
  // Written only through a \`__\`-prefixed hook: by convention for tests, not production code.
  {
    code: `
      const preloaded = new Map<string, Record<string, unknown>>();
      export function __preloadFolder(suffix: string, modules: Record<string, unknown>): void {
        preloaded.set(suffix, modules);
      }
      export function loadFolder(dir: string) {
        for (const [suffix, modules] of preloaded) if (dir.endsWith(suffix)) return modules;
        return undefined;
      }
    `,
    exemptBy: 'registration',
  },
  // Registries of a member decorator a decorator factory returns: one entry per decorated class
  // (held-out false positives in a commerce server's entity decorators).
  {
    code: `
      const moneyColumns = new Map<object, string[]>();
      export function Money() {
        return (entity: object, property: string) => {
          moneyColumns.set(entity, [...(moneyColumns.get(entity) ?? []), property]);
        };
      }
      export const IdColumn = () => function (target: object, property: string, descriptor?: PropertyDescriptor) {
        moneyColumns.set(target, [property]);
      };
      export const moneyColumnsOf = (entity: object) => moneyColumns.get(entity);
    `,
    exemptBy: 'registration',
  },

  // ── exemptBy: finite-keys ──
  // A field of an element of a configured list: one key per configured server, refreshed on a
  // timer (held-out false positive in a media server's download tracker).
  {
    code: `
      const queueByServer = new Map();

      async function refreshQueues() {
        const settings = getSettings();
        const servers = uniqWith(settings.sonarr, sameHost);
        await Promise.all(
          servers.map(async (server) => {
            queueByServer.set(server.id, await fetchQueue(server.url));
          }),
        );
      }

      setInterval(refreshQueues, 60_000);
    `,
    exemptBy: 'finite-keys',
  },
  {
    code: `
      const healthByHost = new Map();

      setInterval(() => {
        for (const host of config.hosts.filter((candidate) => candidate.enabled)) {
          healthByHost.set(host.name, ping(host));
        }
      }, 10_000);
    `,
    exemptBy: 'finite-keys',
  },
  // An emitter's own listener registry keyed by the event name its addEventListener() takes: one
  // entry per event the program listens for (set 35: a password manager's home-made EventEmitter).
  {
    code: `
      type Listener = (e: { type: string }) => void;
      export class EventEmitter {
        private _listeners = new Map<string, Set<Listener>>();
        addEventListener(eventName: string, listener: Listener) {
          if (!this._listeners.has(eventName)) this._listeners.set(eventName, new Set<Listener>());
          this._listeners.get(eventName)!.add(listener);
        }
        removeEventListener(eventName: string, listener: Listener) {
          this._listeners.get(eventName)?.delete(listener);
        }
      }
    `,
    options: [{ ...defaultOptions, instanceFields: true }],
    exemptBy: 'finite-keys',
  },
  // A get-or-create helper only this file calls, always with a literal name.
  {
    code: `
      const counters = new Map<string, { n: number }>();
      function counter(name: string) {
        let found = counters.get(name);
        if (!found) { found = { n: 0 }; counters.set(name, found); }
        return found;
      }
      export function onRequest() { counter('requests').n++; }
      export function onError() { counter('errors').n++; }
    `,
    exemptBy: 'finite-keys',
  },
  // Objects with methods are APIs, not dictionaries; constant-key writes do not grow.
  {
    code: `
      const api = { get(key: string) { return key; }, set: (k: string, v: string) => k + v };
      const state: { ready?: boolean; count?: number } = {};
      export function update(key: string) {
        (api as any)[key] = 1;
        state.ready = true;
        state['count'] = 1;
      }
    `,
    exemptBy: 'finite-keys',
  },
  {
    // The same writes in a start-up routine (init): the frequency model says once, which
    // spares them first.
    code: `
      const api = { get(key: string) { return key; }, set: (k: string, v: string) => k + v };
      const state: { ready?: boolean; count?: number } = {};
      export function init(key: string) {
        (api as any)[key] = 1;
        state.ready = true;
        state['count'] = 1;
      }
    `,
    exemptBy: 'runs-once',
  },
  // Keys typed \`keyof typeof\` the object itself: one per property written, computed names included.
  {
    code: `
      import { SLOTS } from './slots';
      const stamps = { [SLOTS.draft]: -1, [SLOTS.assets]: -1 };
      type Slot = keyof typeof stamps;
      export function touch(slot: Slot) { stamps[slot] = Date.now(); }
      export function stampOf(slot: Slot) { return stamps[slot]; }
      export function resetAll() { for (const slot of Object.keys(stamps) as Slot[]) stamps[slot] = -1; }
    `,
    exemptBy: 'finite-keys',
  },
  // Keys checked against a fixed list (the values of an imported enum, a module constant) first.
  {
    code: `
      import { Cadence } from './schedule';
      const LANGUAGES = ['en', 'fr', 'de'];
      const seenCadences = new Set<Cadence>();
      const greeted = new Set<string>();
      export function onTick(raw: string, language: string) {
        const cadence = Object.values(Cadence).includes(raw as Cadence) ? (raw as Cadence) : Cadence.Daily;
        seenCadences.add(cadence);
        greeted.add(LANGUAGES.includes(language) ? language : 'en');
        return seenCadences.has(Cadence.Hourly);
      }
    `,
    exemptBy: 'finite-keys',
  },
  // Keys typed as the keys of an imported table, and string methods of a finite key.
  {
    code: `
      import { dictionaries } from './i18n';
      const joiners = new Map<string, string>();
      export function joinerFor(language?: keyof typeof dictionaries | null) {
        const tag = language ? language.replace('_', '-').toLowerCase() : 'en-us';
        let joiner = joiners.get(tag);
        if (joiner === undefined) {
          joiner = new Intl.ListFormat(tag).format(['', '']);
          joiners.set(tag, joiner);
        }
        return joiner;
      }
    `,
    exemptBy: 'finite-keys',
  },
  // Keys from a standard list: locales and languages, time zones, currencies, countries, alone
  // or combined with other finite parts (held-out false positives in an analytics app's locale
  // hooks and a forum's search dictionaries).
  {
    code: `
      const countryNames = new Map<string, Record<string, string>>();
      const dictionaries: Record<string, string[]> = {};
      const rates = new Map<string, number>();
      const offsets = {};
      export async function countryNamesFor(locale: string) {
        let names = countryNames.get(locale);
        if (!names) {
          names = await fetchNames(locale);
          countryNames.set(locale, names);
        }
        return names;
      }
      export async function dictionaryFor(language: string) {
        dictionaries[language] ??= await buildDictionary(language);
        return dictionaries[language];
      }
      export function rememberRate(order: { currencyCode: string; rate: number }) { rates.set(order.currencyCode, order.rate); }
      const buckets = new Map<string, object>();
      export function bucketFor(region: string) {
        if (!buckets.has(region)) buckets.set(region, makeBucket(region));
        return buckets.get(region);
      }
      export function offsetOf(timeZone: string, long: boolean) {
        const key = timeZone + '|' + (long ? 'long' : 'short');
        offsets[key] = offsets[key] || computeOffset(timeZone, long);
        return offsets[key];
      }
    `,
    exemptBy: 'finite-keys',
  },
  // Keys parsed from a constant string: a table the program ships (held-out false positive in a
  // bot framework's Windows-to-IANA time-zone maps).
  {
    code: `
      export class ZoneNames {
        private static readonly toWindows = new Map<string, string>();
        private static readonly separator = ';';
        private static readonly table = 'W. Europe Standard Time,001,Europe/Berlin;Tokyo Standard Time,001,Asia/Tokyo Asia/Seoul';
        static windowsName(ianaId: string) {
          this.load();
          return this.toWindows.get(ianaId);
        }
        private static load() {
          for (const row of this.table.split(this.separator)) {
            const cells = row.split(',');
            const windowsId = cells[0];
            for (const ianaId of cells[2].split(' ')) {
              if (!this.toWindows.has(ianaId)) this.toWindows.set(ianaId, windowsId);
            }
          }
        }
      }
    `,
    exemptBy: 'finite-keys',
  },
  // A key drawn from a range of literals: at most a thousand entries (held-out false positive in a
  // development environment's lock ids).
  {
    code: `
      const usedLockIds = new Set<number>();
      export const uniqueLockId = () => {
        let lockId: number;
        do {
          lockId = 1000 + Math.ceil(1000 * Math.random());
        } while (usedLockIds.has(lockId));
        usedLockIds.add(lockId);
        return lockId;
      };
    `,
    exemptBy: 'finite-keys',
  },
  {
    code: `
      const rolled: Record<number, number> = {};
      export function roll() {
        const face = Math.floor(Math.random() * 6) + 1;
        rolled[face] = (rolled[face] ?? 0) + 1;
      }
    `,
    exemptBy: 'finite-keys',
  },

  // A URL's scheme and a flag: a few agents in all (set 33: a dashboard's proxy agents).
  {
    code: `
      import http from 'node:http';
      import https from 'node:https';
      const agentCache = new Map();
      function getAgent(protocol, disableIpv6) {
        const cacheKey = \`\${protocol}:\${disableIpv6 ? 'ipv4' : 'auto'}\`;
        const cached = agentCache.get(cacheKey);
        if (cached) return cached;
        const agent = protocol === 'https:' ? new https.Agent({ keepAlive: true }) : new http.Agent({ keepAlive: true });
        agentCache.set(cacheKey, agent);
        return agent;
      }
      export const proxy = (url, disableIpv6) => fetch(url, { agent: getAgent(new URL(url).protocol, disableIpv6) });
    `,
    exemptBy: 'finite-keys',
  },

  // ── exemptBy: code-load ──
  // A load-once guard: one promise per script, module or stylesheet URL the app is configured to
  // load, which stays loaded anyway (set 34: a dashboard's resources and custom panels).
  {
    code: `
      import { loadCSS, loadJS } from './load-resource';
      const CSS_CACHE: Record<string, Promise<unknown>> = {};
      const JS_CACHE = {};
      const MODULES = new Map();
      export const loadResource = (url: string) => {
        if (url.endsWith('.css')) {
          if (url in CSS_CACHE) return CSS_CACHE[url];
          const loadTask = loadCSS(url);
          CSS_CACHE[url] = loadTask;
          return loadTask;
        }
        if (!(url in JS_CACHE)) JS_CACHE[url] = loadJS(url);
        return JS_CACHE[url];
      };
      export const loadPanel = (url: string) => {
        if (!MODULES.has(url)) MODULES.set(url, import(url));
        return MODULES.get(url);
      };
    `,
    exemptBy: 'code-load',
  },

  // ── exemptBy: compiled-form ──
  // Intl formatters: Intl rejects malformed tags and unknown zones before an entry is stored
  // (held-out false positive in a monitoring app's vendored date plugin).
  {
    code: `
      let formatters = {};
      function formatterFor(zone, options) {
        const style = options.style || 'short';
        const key = zone + '|' + style;
        let formatter = formatters[key];
        if (!formatter) {
          formatter = new Intl.DateTimeFormat('en-US', { timeZone: zone, timeZoneName: style });
          formatters[key] = formatter;
        }
        return formatter;
      }
      const numberFormats = new Map();
      export const formatNumber = (value, options) => {
        const key = JSON.stringify(options);
        if (!numberFormats.has(key)) numberFormats.set(key, new Intl.NumberFormat(undefined, options));
        return numberFormats.get(key).format(value);
      };
      export const zoneName = (date, zone, options) => formatterFor(zone, options).format(date);
    `,
    exemptBy: 'compiled-form',
  },
  // Compiled patterns: one per wildcard pattern that code declares (held-out false positive in a
  // service framework's event matcher).
  {
    code: `
      const compiled = new Map();
      export function matches(text, pattern) {
        let regex = compiled.get(pattern);
        if (regex == null) {
          regex = new RegExp('^' + pattern.replace(/\\*/g, '[^.]*') + '$');
          compiled.set(pattern, regex);
        }
        return regex.test(text);
      }
      const routes = {};
      export const routeRegex = (path) => (routes[path] ??= RegExp(path.replace(/:\\w+/g, '([^/]+)')));
    `,
    exemptBy: 'compiled-form',
  },
  {
    code: `
      import { compileFunction } from 'vm';
      const filters: Record<string, Function> = {};
      const formulas = new Map<string, Function>();
      export function filterFor(source: string) {
        return (filters[source] ??= compileFunction(source, ['payload']));
      }
      export function formulaFor(text: string) {
        if (!formulas.has(text)) formulas.set(text, new Function('row', text));
        return formulas.get(text)!;
      }
    `,
    exemptBy: 'compiled-form',
  },

  // ── exemptBy: definition ──
  {
    code: `
      import { GraphQLObjectType, GraphQLString } from 'graphql';
      const outputTypes = new Map();
      export function outputTypeFor(entity) {
        if (!outputTypes.has(entity.name)) outputTypes.set(entity.name, new GraphQLObjectType({ name: entity.name, fields: { id: { type: GraphQLString } } }));
        return outputTypes.get(entity.name);
      }
    `,
    exemptBy: 'definition',
  },
  {
    code: `
      const generated: Record<string, new () => object> = {};
      export function moduleClassesFor(plugins: { name: string }[]) {
        return plugins.map((plugin) => {
          const name = \`\${plugin.name}Generated\`;
          generated[name] = class {};
          return generated[name];
        });
      }
    `,
    exemptBy: 'definition',
  },

  // ── exemptBy: pattern-keyed ──
  // Compiled scripts, keyed by their code or its hash, failures included: one per script the
  // program runs (held-out false positive in a mail gateway's webhook filters).
  {
    code: `
      import crypto from 'node:crypto';
      import vm from 'node:vm';
      const fnCache = new Map();
      export function compiled(code) {
        const fnHash = crypto.createHash('sha256').update(code).digest('hex');
        if (fnCache.has(fnHash)) return fnCache.get(fnHash);
        let fn;
        try {
          fn = new vm.Script(code);
          fnCache.set(fnHash, { fn });
          return { fn };
        } catch (err) {
          fnCache.set(fnHash, { err });
          throw err;
        }
      }
    `,
    exemptBy: 'pattern-keyed',
  },
  // A table of compiled patterns: the same key holds either a compiled pattern or a marker that
  // the segment needs none (held-out false positive in a web framework's route labels).
  {
    code: `
      type Matcher = [string, RegExp | true];
      const matchers: Record<string, Matcher> = {};
      export function matcherFor(segment: string, next?: string): Matcher {
        const key = \`\${segment}#\${next}\`;
        if (!matchers[key]) {
          const typed = /^:(\\w+)\\{(.+)\\}$/.exec(segment);
          if (typed) matchers[key] = next ? [key, new RegExp(\`^\${typed[2]}(?=/\${next})\`)] : [segment, new RegExp(\`^\${typed[2]}$\`)];
          else matchers[key] = [segment, true];
        }
        return matchers[key];
      }
    `,
    exemptBy: 'pattern-keyed',
  },

  // ── exemptBy: built-structure-marker ──
  // Once-markers for structure the process builds outside itself: a directory it created, the
  // indexes of a database collection (held-out false positives in a static-site generator and a
  // feature-flag server's models). There is one entry per directory or collection, and those
  // are as many as the program's output tree or schema has.
  {
    code: `
      import { mkdir, writeFile } from 'node:fs/promises';
      import { dirname } from 'node:path';
      const madeDirs = new Set<string>();
      export async function writeOutput(file: string, body: string) {
        const dir = dirname(file);
        if (!madeDirs.has(dir)) {
          await mkdir(dir, { recursive: true });
          madeDirs.add(dir);
        }
        await writeFile(file, body);
      }
    `,
    exemptBy: 'built-structure-marker',
  },
  {
    code: `
      const indexed = new Set<string>();
      export class Repository {
        constructor(private db: { collection(name: string): { createIndex(spec: object, options?: object): Promise<string> } }, private model: { collection: string }) {}
        async ensureIndexes() {
          if (indexed.has(this.model.collection)) return;
          indexed.add(this.model.collection);
          await this.db.collection(this.model.collection).createIndex({ org: 1, id: 1 }, { unique: true });
        }
      }
    `,
    exemptBy: 'built-structure-marker',
  },

  // ── exemptBy: fixed-table-entry ──
  // Entries built by calling the key's entry in a fixed table: an unknown key throws first
  // (held-out false positive in a feature-flag server's publish adapters).
  {
    code: `
      import { exporters } from './exporters';
      type Kind = string;
      const adapterFactories = { feature: () => ({ kind: 'feature' }), experiment: () => ({ kind: 'experiment' }) };
      const adapters = new Map<Kind, { kind: string }>();
      const writers = {};
      export function adapterFor(kind: Kind) {
        const cached = adapters.get(kind);
        if (cached) return cached;
        const adapter = adapterFactories[kind]();
        adapters.set(kind, adapter);
        return adapter;
      }
      export function writerFor(format: string) {
        return (writers[format] ??= new exporters[format]());
      }
    `,
    exemptBy: 'fixed-table-entry',
  },

  // ── exemptBy: refuses-duplicates ──
  // A registry that refuses a second registration under a name (held-out false positive in a
  // forum's cache tracker).
  {
    code: `
      const registered = Object.create(null);
      const handlers = new Map();
      exports.addCache = function (name, cache) {
        if (Object.hasOwn(registered, name)) {
          throw new Error(\`a cache named \${name} exists already\`);
        }
        registered[name] = cache;
      };
      exports.onCommand = (command, handler) => {
        if (handlers.has(command)) throw new Error(\`\${command} has a handler\`);
        handlers.set(command, handler);
      };
      exports.run = (command, args) => handlers.get(command)(args);
    `,
    exemptBy: 'refuses-duplicates',
  },

  // ── exemptBy: file-in-fixed-folder ──
  // Files read from a folder fixed at load: a missing file throws before the entry is added, so
  // there is at most one entry per file shipped there.
  {
    code: `
      import { readFileSync } from 'node:fs';
      import * as fs from 'fs';
      import { join, resolve } from 'node:path';
      const QUERIES = join(__dirname, 'queries');
      const queries = new Map<string, string>();
      const templates = new Map<string, string>();
      export function query(file: string) {
        let text = queries.get(file);
        if (text === undefined) {
          text = readFileSync(join(QUERIES, file), 'utf8');
          queries.set(file, text);
        }
        return text;
      }
      export function template(name: string) {
        const cached = templates.get(name);
        if (cached !== undefined) return cached;
        const html = fs.readFileSync(resolve(__dirname, 'templates', \`\${name}.html\`), 'utf8');
        templates.set(name, html);
        return html;
      }
    `,
    exemptBy: 'file-in-fixed-folder',
  },
  // Entries built from a file that a helper in this file reads from a configured folder, with
  // no try around the read: a missing file throws before the entry is stored (held-out false
  // positive in a forum's admin search).
  {
    code: `
      import fs from 'node:fs';
      import path from 'node:path';
      import config from './config';
      const pages: Record<string, { title: string; body: string }> = {};
      async function loadPage(name: string) {
        const body = await fs.promises.readFile(path.resolve(config.get('pagesDir'), \`\${name}.md\`), 'utf8');
        return { title: name, body };
      }
      export async function page(name: string) {
        if (pages[name]) return pages[name];
        const loaded = await loadPage(name);
        pages[name] = loaded;
        return loaded;
      }
    `,
    exemptBy: 'file-in-fixed-folder',
  },

  // ── exemptBy: memoized-lookup ──
  // A memoized lookup into another collection: an entry only for a key that matched one of its
  // elements, and the entry is that element (held-out false positive in a commerce framework).
  {
    code: `
      const aliasCache = new Map();
      export function configFor(name: string, configs: { aliases: string[] }[]) {
        if (aliasCache.has(name)) return aliasCache.get(name);
        const config = configs.find((candidate) => candidate.aliases.some((alias) => alias === name));
        if (config) {
          aliasCache.set(name, { config });
        }
        return config;
      }
    `,
    exemptBy: 'memoized-lookup',
  },
  // The comparison can be the callback's whole body.
  {
    code: `
        const byId = new Map();
        export function userFor(id, users) {
          const user = users.find((candidate) => candidate.id === id);
          if (user) byId.set(id, user);
          return user;
        }
      `,
    exemptBy: 'memoized-lookup',
  },

  // ── exemptBy: own-keys ──
  // Keys taken from the collection's own keys replace entries and add none (a web framework's
  // debug loggers, re-created when the debug backend changes).
  {
    code: `
        type Debug = (...args: unknown[]) => void;
        const debuggers: Record<string, Debug> = {};
        export function setDebug(make: (name: string) => Debug) {
          Object.keys(debuggers).forEach((name) => {
            debuggers[name] = make(name);
          });
        }
        export function createDebug(name: string): Debug {
          if (!debuggers[name]) debuggers[name] = () => {};
          return (...args) => debuggers[name]!(...args);
        }
      `,
    exemptBy: 'own-keys',
  },
  {
    code: `
        const seen = new Map<string, number>();
        setInterval(() => {
          for (const key of seen.keys()) seen.set(key, 0);
        }, 1000);
      `,
    exemptBy: 'own-keys',
  },

  // ── exemptBy: client-per-config ──
  // A registry of clients, one per configured bucket: the clients family's recommended shape
  // (held-out false positives in a CMS's storage adapters).
  {
    code: `
        import { Storage } from '@google-cloud/storage';
        const storageClients = new Map();
        export function storageFor(options) {
          const key = options.cacheKey || \`gcs:\${options.bucket}\`;
          if (!storageClients.has(key)) storageClients.set(key, new Storage(options.config));
          return storageClients.get(key);
        }
      `,
    exemptBy: 'client-per-config',
  },
  {
    code: `
        import { S3 } from '@aws-sdk/client-s3';
        const s3Clients = new Map();
        export const clientFor = (options) => {
          if (!s3Clients.has(options.bucket)) s3Clients.set(options.bucket, new S3(options.config));
          return s3Clients.get(options.bucket);
        };
      `,
    exemptBy: 'client-per-config',
  },
  // A sub-client handed out by a client built here: still one client per configuration.
  {
    code: `
        import { BlobServiceClient } from '@azure/storage-blob';
        const containers = new Map();
        export function containerFor(options) {
          const key = options.cacheKey || \`azure:\${options.container}\`;
          if (containers.has(key)) return containers.get(key);
          const service = BlobServiceClient.fromConnectionString(options.connectionString);
          containers.set(key, service.getContainerClient(options.container));
          return containers.get(key);
        }
      `,
    exemptBy: 'client-per-config',
  },
  {
    code: `
        import { Pool } from 'pg';
        const pools = {};
        export function poolFor(tenant) {
          return (pools[tenant.database] ??= new Pool({ database: tenant.database }));
        }
      `,
    exemptBy: 'client-per-config',
  },

  // ── exemptBy: instance-registry ──
  // Arithmetic on an entry (`c[k]++`, `c[k] -= 1`) needs the entry to exist already (on a missing
  // key it stores NaN), so the write that creates entries is the one judged; here a constructor
  // creates them under a parameter property (held-out false positive in a commerce server's queues).
  {
    code: `
      export class Limiter {
        private static active: { [name: string]: number } = {};
        constructor(private name: string) {
          if (Limiter.active[name] === undefined) Limiter.active[name] = 0;
        }
        enter() { Limiter.active[this.name]++; }
        leave() { Limiter.active[this.name] -= 1; }
      }
    `,
    exemptBy: 'instance-registry',
  },

  // ── exemptBy: memoizer-max ──
  // Memoizers: created per call, with no parameters, bounded, with finite keys, or given a bounded cache.
  {
    code: `
      import memoize from 'lodash/memoize';
      import memoizee from 'memoizee';
      import { LRUCache } from 'lru-cache';
      enum Env { Dev, Prod }
      export function makeLookup() { return memoize((id: string) => ({ id })); }
      export const config = memoize(() => ({ loaded: Date.now() }));
      export const byEnv = memoize((env: Env) => String(env));
      export const capped = memoizee((id: string) => ({ id }), { max: 100 });
      export const expiring = memoizee((id: string) => ({ id }), { maxAge: 60_000 });
      const TTL = 1000 * 60 * 30;
      export const halfHour = memoizee((id: string) => ({ id }), { maxAge: TTL });
      export const configured = memoizee((id: string) => ({ id }), { maxAge: settings.ttl });
      export const cappedDaily = memoizee((id: string) => ({ id }), { maxAge: 24 * 60 * 60_000, max: 500 });
      export const bounded = memoize((id: string) => ({ id }));
      bounded.cache = new LRUCache({ max: 100 });
      export const cleared = memoize((id: string) => ({ id }));
      setInterval(() => cleared.cache.clear?.(), 60_000);
    `,
    exemptBy: 'memoizer-max',
  },

  // ── exemptBy: memoizer-bounded-cache ──
  {
    code: `
      import _ from 'lodash';
      _.memoize.Cache = WeakMap;
      export const byObject = _.memoize((o: object) => Object.keys(o));
    `,
    exemptBy: 'memoizer-bounded-cache',
  },
  {
    code: `
        import memoize from 'lodash/memoize';
        import { BoundedCache } from './bounded-cache';
        memoize.Cache = BoundedCache;
        export const parse = memoize((raw: string) => JSON.parse(raw));
      `,
    options: [{ ...defaultOptions, boundedCaches: ['./bounded-cache'] }],
    exemptBy: 'memoizer-bounded-cache',
  },

  // ── exemptBy: memoizer-finite-arguments ──
  {
    code: `
      import memoize from 'lodash/memoize';
      export const collatorFor = memoize((locale: string) => ({ compare: (a: string, b: string) => a.localeCompare(b, locale) }));
    `,
    exemptBy: 'memoizer-finite-arguments',
  },

  // ── exemptBy: instance-registry, factory-handout or multiton (each case is in registryCases) ──
  // Without reportRegistries: registries filled by constructors and factories.
  ...registryCases.map((c) => ({ code: c.code })),

  // ── No exemption: nothing here is a long-lived collection that grows ──
  // Weak collections and bounded caches.
  {
    code: `
      import { LRUCache } from 'lru-cache';
      import QuickLRU from 'quick-lru';
      const meta = new WeakMap<object, string>();
      const visited = new WeakSet<object>();
      const answers = new LRUCache<string, string>({ max: 100 });
      const tokens = new QuickLRU<string, string>({ maxSize: 100 });
      export function remember(owner: object, key: string) {
        meta.set(owner, key);
        visited.add(owner);
        answers.set(key, key);
        tokens.set(key, key);
      }
    `,
  },
  // Locals live as long as the call.
  {
    code: `
      export function unique(items: string[]) {
        const seen = new Set<string>();
        const out: string[] = [];
        for (const item of items) if (!seen.has(item)) { seen.add(item); out.push(item); }
        return out;
      }
    `,
  },
  // A Map that is not the global Map.
  {
    code: `
      import { Map } from 'immutable';
      const settings = new Map<string, number>();
      export function with_(key: string) { return settings.set(key, 1); }
    `,
  },
  // A memoize that is not lodash's or memoizee.
  {
    code: `
      import { memoize } from './my-memo';
      export const f = memoize((id: string) => id);
    `,
  },
];
const invalidCases: InvalidTestCase<MessageIds, Options>[] = [
  // The twin of an agent per scheme: one per host is one per address a request names.
  {
    code: `
const agentCache = new Map();
export function getAgent(host, disableIpv6) {
  const cacheKey = \`\${host}:\${disableIpv6 ? 'ipv4' : 'auto'}\`;
  if (!agentCache.has(cacheKey)) agentCache.set(cacheKey, { host });
  return agentCache.get(cacheKey);
}
`,
    errors: [{ messageId: 'unboundedCache', line: 2 }],
  },
  // The twin of a load-once guard: a promise per URL of fetched data, which is the data itself.
  {
    code: `
const DATA_CACHE: Record<string, Promise<unknown>> = {};
export const loadData = (url: string) => {
  if (!(url in DATA_CACHE)) DATA_CACHE[url] = fetch(url).then((r) => r.json());
  return DATA_CACHE[url];
};
`,
    errors: [{ messageId: 'unboundedCache', line: 2, suggestions: codemodSuggestion }],
  },
  // A module singleton (made once, at load) lives as long as the process, and so do its fields:
  // no instanceFields needed.
  {
    code: `
class Sessions {
  #bySession = new Map<string, object>();
  open(sessionId: string, session: object) { this.#bySession.set(sessionId, session); }
}
const sessions = new Sessions();
app.post('/login', (req, res) => {
  sessions.open(req.body.sessionId, req.body);
  res.end();
});
`,
    errors: [
      {
        messageId: 'unboundedCache',
        line: 3,
        data: {
          what: 'Map \`this.#bySession\`',
          lives: "lives as long as the process (a field of the module's one \`Sessions\` instance)",
          where: 'at line 4 in method \`open\` of class \`Sessions\`',
        },
        suggestions: codemodSuggestion,
      },
    ],
  },
  // Twin of the program that closes when done: this one closes one server and goes on serving.
  {
    code: `const subscriptions = new Set<string>();\nconst server = new McpServer({ name: 'catalog' });\nserver.setRequestHandler('resources/subscribe', async (request) => {\n  subscriptions.add(request.params.uri);\n  return {};\n});\nawait server.connect(transport);\nawait server.close();\nhttp.createServer(handle).listen(3000);`,
    filename: 'src/server.ts',
    errors: [
      {
        messageId: 'unboundedCache',
        suggestions: [
          {
            messageId: 'useLruCache',
            output: `import { LRUCache } from 'lru-cache';\n\nconst subscriptions = new LRUCache<string, true>({ max: 1000 });\nconst server = new McpServer({ name: 'catalog' });\nserver.setRequestHandler('resources/subscribe', async (request) => {\n  subscriptions.set(request.params.uri, true);\n  return {};\n});\nawait server.connect(transport);\nawait server.close();\nhttp.createServer(handle).listen(3000);`,
          },
        ],
        data: {
          what: 'Set `subscriptions`',
          lives: 'lives as long as the process',
          where: 'at line 4 in a callback passed to `setRequestHandler`',
        },
      },
    ],
  },
  // Twins of the configured list: elements of a list the request sends, or the database holds,
  // are data, whatever the list is called.
  {
    code: `
const itemsById = new Map();

app.post('/import', (req, res) => {
  for (const item of req.body.config.items) {
    itemsById.set(item.id, item);
  }
  res.end();
});
`,
    errors: [{ messageId: 'unboundedCache', line: 2 }],
  },
  {
    code: `
const queueByServer = new Map();

app.get('/queues', async (req, res) => {
  const servers = await db.servers.findMany({ where: { owner: req.user.id } });
  servers.map((server) => queueByServer.set(server.id, server.queue));
  res.json([...queueByServer.values()]);
});
`,
    errors: [{ messageId: 'unboundedCache', line: 2 }],
  },
  // Twin of the test-runner instrumentation: a hook on a web framework runs in the server, per request.
  {
    code: `
const sessionsByToken = new Map();

addHook({ name: 'express', versions: ['>=4'] }, (express) => {
  express.Router.handle = function (req) {
    sessionsByToken.set(req.headers.authorization, req.session);
  };
  return express;
});
`,
    filename: 'packages/instrumentations/src/express.js',
    errors: [{ messageId: 'unboundedCache', line: 2, suggestions: codemodSuggestion }],
  },
  // Twin of the constant table: the same parsing of a string a caller passes.
  {
    code: `export class ZoneNames {\n  private static readonly toWindows = new Map<string, string>();\n  static load(table: string) {\n    for (const row of table.split(';')) {\n      const cells = row.split(',');\n      for (const ianaId of cells[2].split(' ')) this.toWindows.set(ianaId, cells[0]);\n    }\n  }\n}`,
    errors: [
      {
        messageId: 'unboundedCache',
        suggestions: [
          {
            messageId: 'useLruCache',
            output: `import { LRUCache } from 'lru-cache';\n\nexport class ZoneNames {\n  private static readonly toWindows = new LRUCache<string, string>({ max: 1000 });\n  static load(table: string) {\n    for (const row of table.split(';')) {\n      const cells = row.split(',');\n      for (const ianaId of cells[2].split(' ')) this.toWindows.set(ianaId, cells[0]);\n    }\n  }\n}`,
          },
        ],
        data: {
          what: 'Map `ZoneNames.toWindows`',
          lives: 'lives as long as the process',
          where: 'at line 6 in method `load` of class `ZoneNames`',
        },
      },
    ],
  },
  // A draw from a range no literal bounds, or a variable also given a value from outside.
  {
    code: `const issued = new Set<number>();\nexport function issue() {\n  let ticket: number;\n  do {\n    ticket = Math.floor(Math.random() * Number.MAX_SAFE_INTEGER);\n  } while (issued.has(ticket));\n  issued.add(ticket);\n  return ticket;\n}`,
    // De-duplication (the loop draws until the ticket is new): a suggestion to evict would let a ticket repeat.
    errors: [
      {
        messageId: 'unboundedCache',
        suggestions: [],
        data: { what: 'Set `issued`', lives: 'lives as long as the process', where: 'at line 7 in function `issue`' },
      },
    ],
  },
  {
    code: `const seen = new Set<number>();\nexport function mark(input: number) {\n  let slot = Math.floor(Math.random() * 10);\n  if (input > 0) slot = input;\n  seen.add(slot);\n}`,
    errors: [
      {
        messageId: 'unboundedCache',
        suggestions: [
          {
            messageId: 'useLruCache',
            output: `import { LRUCache } from 'lru-cache';\n\nconst seen = new LRUCache<number, true>({ max: 1000 });\nexport function mark(input: number) {\n  let slot = Math.floor(Math.random() * 10);\n  if (input > 0) slot = input;\n  seen.set(slot, true);\n}`,
          },
        ],
        data: { what: 'Set `seen`', lives: 'lives as long as the process', where: 'at line 5 in function `mark`' },
      },
    ],
  },
  // Twins of the shapes above that do grow per key.
  {
    code: `const hits = {};\nexport function hit(ip) {\n  if (!hits[ip]) hits[ip] = 0;\n  hits[ip]++;\n}`,
    errors: [
      {
        messageId: 'unboundedCache',
        data: {
          what: 'Object `hits`, used as a dictionary,',
          lives: 'lives as long as the process',
          where: 'at line 3 in function `hit`',
        },
      },
    ],
  },
  {
    code: `const totals = {};\nexport function add(user, amount) {\n  totals[user] += amount;\n}`,
    errors: [
      {
        messageId: 'unboundedCache',
        line: 1,
        column: 7,
        data: {
          what: 'Object `totals`, used as a dictionary,',
          lives: 'lives as long as the process',
          where: 'at line 3 in function `add`',
        },
      },
    ],
  },
  {
    code: `import type { Response } from 'undici';\nconst responses: Record<string, Response> = {};\nexport function remember(url: string, response: Response) {\n  responses[url] = response;\n}`,
    errors: [
      {
        messageId: 'unboundedCache',
        suggestions: codemodSuggestion,
        data: {
          what: 'Object `responses`, used as a dictionary,',
          lives: 'lives as long as the process',
          where: 'at line 4 in function `remember`',
        },
      },
    ],
  },
  {
    code: `import { GraphQLError, type GraphQLFormattedError } from 'graphql';\nconst failures = new Map();\nconst formatted: Record<string, GraphQLFormattedError> = {};\nexport function fail(id: string) {\n  failures.set(id, new GraphQLError('failed'));\n  formatted[id] = { message: 'failed' };\n}`,
    errors: [
      {
        messageId: 'unboundedCache',
        line: 2,
        data: { what: 'Map `failures`', lives: 'lives as long as the process', where: 'at line 5 in function `fail`' },
      },
      {
        messageId: 'unboundedCache',
        line: 3,
        suggestions: codemodSuggestion,
        data: {
          what: 'Object `formatted`, used as a dictionary,',
          lives: 'lives as long as the process',
          where: 'at line 6 in function `fail`',
        },
      },
    ],
  },
  // Twin of the compiled scripts: the script's result, not the script, is kept per input.
  {
    code: `import vm from 'node:vm';\nconst results = new Map();\nexport function run(code, input) {\n  const fn = new vm.Script(code);\n  results.set(input, fn.runInNewContext({ input }));\n}`,
    errors: [
      {
        messageId: 'unboundedCache',
        line: 2,
        column: 7,
        data: { what: 'Map `results`', lives: 'lives as long as the process', where: 'at line 5 in function `run`' },
      },
    ],
  },
  {
    code: `const seen = {};\nexport function track(url, pattern) {\n  seen[pattern] = new RegExp(pattern);\n  seen[url] = true;\n}`,
    errors: [
      {
        messageId: 'unboundedCache',
        data: {
          what: 'Object `seen`, used as a dictionary,',
          lives: 'lives as long as the process',
          where: 'at line 4 in function `track`',
        },
      },
    ],
  },
  {
    code: `import { mkdir } from 'node:fs/promises';\nconst seenUsers = new Set();\nexport async function prepare(root, user) {\n  if (!seenUsers.has(user)) {\n    await mkdir(root, { recursive: true });\n    seenUsers.add(user);\n  }\n}`,
    errors: [
      {
        messageId: 'unboundedCache',
        line: 2,
        column: 7,
        data: {
          what: 'Set `seenUsers`',
          lives: 'lives as long as the process',
          where: 'at line 6 in function `prepare`',
        },
      },
    ],
  },
  {
    code: `const seen = new Set();\nexport function onMessage(message) {\n  if (seen.has(message.id)) return;\n  seen.add(message.id);\n  handle(message);\n}`,
    errors: [
      {
        messageId: 'unboundedCache',
        line: 1,
        column: 7,
        data: { what: 'Set `seen`', lives: 'lives as long as the process', where: 'at line 4 in function `onMessage`' },
      },
    ],
  },
  {
    code: `import fs from 'node:fs';\nimport path from 'node:path';\nconst pages = {};\nasync function loadPage(name) {\n  try {\n    return await fs.promises.readFile(path.resolve(process.cwd(), name), 'utf8');\n  } catch {\n    return '';\n  }\n}\nexport async function page(name) {\n  if (!pages[name]) pages[name] = await loadPage(name);\n  return pages[name];\n}`,
    errors: [
      {
        messageId: 'unboundedCache',
        line: 3,
        column: 7,
        data: {
          what: 'Object `pages`, used as a dictionary,',
          lives: 'lives as long as the process',
          where: 'at line 12 in function `page`',
        },
      },
    ],
  },
  {
    code: `import fs from 'node:fs';\nimport path from 'node:path';\nconst files = {};\nasync function load(dir, name) {\n  return fs.promises.readFile(path.join(dir, name), 'utf8');\n}\nexport async function read(dir, name) {\n  if (!files[name]) files[name] = await load(dir, name);\n  return files[name];\n}`,
    errors: [
      {
        messageId: 'unboundedCache',
        line: 3,
        column: 7,
        data: {
          what: 'Object `files`, used as a dictionary,',
          lives: 'lives as long as the process',
          where: 'at line 8 in function `read`',
        },
      },
    ],
  },
  // The twins of a fixed table: an entry read from it (not called: an unknown key stores
  // undefined), a table that is a parameter, and a call under another key.
  {
    code: `const factories = { a: () => 1 };\nconst made = new Map();\nexport function get(kind) {\n  if (!made.has(kind)) made.set(kind, factories[kind]);\n  return made.get(kind);\n}`,
    errors: [
      {
        messageId: 'unboundedCache',
        line: 2,
        column: 7,
        data: { what: 'Map `made`', lives: 'lives as long as the process', where: 'at line 4 in function `get`' },
      },
    ],
  },
  {
    code: `const made = new Map();\nexport function get(factories, kind) {\n  if (!made.has(kind)) made.set(kind, factories[kind]());\n  return made.get(kind);\n}`,
    errors: [
      {
        messageId: 'unboundedCache',
        line: 1,
        column: 7,
        data: { what: 'Map `made`', lives: 'lives as long as the process', where: 'at line 3 in function `get`' },
      },
    ],
  },
  {
    code: `const factories = { a: () => 1 };\nconst made = new Map();\nexport function get(kind, id) {\n  made.set(id, factories[kind]());\n}`,
    errors: [
      {
        messageId: 'unboundedCache',
        line: 2,
        column: 7,
        data: { what: 'Map `made`', lives: 'lives as long as the process', where: 'at line 4 in function `get`' },
      },
    ],
  },
  // The unsafe twins: a set of handled ids (no warning printed), a list a warning helper keeps
  // for each value it is given, a cache of match results (not patterns), and a handler (not a
  // member decorator) a lower-case factory returns.
  {
    code: `const handled = new Set();\nexport function onMessage(message) {\n  if (!handled.has(message.id)) {\n    handle(message);\n    handled.add(message.id);\n  }\n}`,
    errors: [
      {
        messageId: 'unboundedCache',
        line: 1,
        column: 7,
        data: {
          what: 'Set `handled`',
          lives: 'lives as long as the process',
          where: 'at line 5 in function `onMessage`',
        },
      },
    ],
  },
  {
    code: `const failed = new Set();\nexport function onFailure(job) {\n  if (!failed.has(job.id)) console.warn('job failed', job.id);\n  failed.add(job.id);\n  retry([...failed]);\n}`,
    errors: [
      {
        messageId: 'unboundedCache',
        line: 1,
        column: 7,
        data: {
          what: 'Set `failed`',
          lives: 'lives as long as the process',
          where: 'at line 4 in function `onFailure`',
        },
      },
    ],
  },
  {
    code: `const results = new Map();\nexport function matches(text, pattern) {\n  if (!results.has(text)) results.set(text, new RegExp(pattern).test(text));\n  return results.get(text);\n}`,
    errors: [
      {
        messageId: 'unboundedCache',
        line: 1,
        column: 7,
        data: {
          what: 'Map `results`',
          lives: 'lives as long as the process',
          where: 'at line 3 in function `matches`',
        },
      },
    ],
  },
  {
    code: `const hits = new Map();\nexport function counter() {\n  return (req, res) => {\n    hits.set(req.url, (hits.get(req.url) ?? 0) + 1);\n    res.end();\n  };\n}`,
    errors: [
      {
        messageId: 'unboundedCache',
        line: 1,
        column: 7,
        data: {
          what: 'Map `hits`',
          lives: 'lives as long as the process',
          where: 'at line 4 in an anonymous function',
        },
      },
    ],
  },
  // The unsafe twins of standard-list keys: a word that only ends like one, a key that also
  // holds data, a value computed from Intl (not the formatter), a seeded buffer or a table
  // seeded from data, a lookup that returns instead of throwing, a throw that checks another
  // key.
  {
    code: `const slangs = new Map();\nexport function remember(slang, meaning) { slangs.set(slang, meaning); }`,
    errors: [
      {
        messageId: 'unboundedCache',
        line: 1,
        column: 7,
        data: {
          what: 'Map `slangs`',
          lives: 'lives as long as the process',
          where: 'at line 2 in function `remember`',
        },
      },
    ],
  },
  {
    code: `const greetings = {};\nexport function greet(locale, userId) {\n  const key = \`\${locale}:\${userId}\`;\n  greetings[key] ??= \`hello \${userId}\`;\n  return greetings[key];\n}`,
    errors: [
      {
        messageId: 'unboundedCache',
        line: 1,
        column: 7,
        data: {
          what: 'Object `greetings`, used as a dictionary,',
          lives: 'lives as long as the process',
          where: 'at line 4 in function `greet`',
        },
      },
    ],
  },
  {
    code: `const formatted = new Map();\nexport function price(amount) {\n  if (!formatted.has(amount)) formatted.set(amount, new Intl.NumberFormat('en').format(amount));\n  return formatted.get(amount);\n}`,
    errors: [
      {
        messageId: 'unboundedCache',
        line: 1,
        column: 7,
        data: {
          what: 'Map `formatted`',
          lives: 'lives as long as the process',
          where: 'at line 3 in function `price`',
        },
      },
    ],
  },
  {
    code: `const log = ['booted'];\nexport function record(event) { log.push(event); }`,
    errors: [
      {
        messageId: 'unboundedBuffer',
        line: 1,
        column: 7,
        data: { name: 'log', lives: 'lives as long as the process', where: 'at line 2 in function `record`' },
      },
    ],
  },
  {
    code: `const sessions = new Map(Object.entries(defaults));\nexport function open(token, session) { sessions.set(token, session); }`,
    errors: [
      {
        messageId: 'unboundedCache',
        line: 1,
        column: 7,
        data: { what: 'Map `sessions`', lives: 'lives as long as the process', where: 'at line 2 in function `open`' },
      },
    ],
  },
  {
    code: `const pages = new Map();\nexport async function page(url) {\n  if (pages.has(url)) return pages.get(url);\n  const html = await fetchPage(url);\n  pages.set(url, html);\n  return html;\n}`,
    errors: [
      {
        messageId: 'unboundedCache',
        line: 1,
        column: 7,
        data: { what: 'Map `pages`', lives: 'lives as long as the process', where: 'at line 5 in function `page`' },
      },
    ],
  },
  {
    code: `const byId = new Map();\nexport function add(name, id, item) {\n  if (byId.has(name)) throw new Error('taken');\n  byId.set(id, item);\n}`,
    errors: [
      {
        messageId: 'unboundedCache',
        line: 1,
        column: 7,
        data: { what: 'Map `byId`', lives: 'lives as long as the process', where: 'at line 4 in function `add`' },
      },
    ],
  },
  ...registryCases.map((c) => ({ ...c, options: [{ ...defaultOptions, reportRegistries: true }] as Options })),
  // A callback over a list that is not literal, or whose parameter is not the element.
  {
    code: `const selected = new Map();\nexport function init(data) {\n  data.filters.forEach((filter) => {\n    selected.set(filter, data.selected[filter]);\n  });\n}`,
    errors: [
      {
        messageId: 'unboundedCache',
        line: 1,
        column: 7,
        data: {
          what: 'Map `selected`',
          lives: 'lives as long as the process',
          where: 'at line 4 in a callback passed to `forEach`',
        },
      },
    ],
  },
  {
    code: `const selected = new Map();\nexport function init(data) {\n  ['a', 'b'].forEach((name, index) => {\n    selected.set(data.ids[index], name);\n  });\n}`,
    errors: [
      {
        messageId: 'unboundedCache',
        line: 1,
        column: 7,
        data: {
          what: 'Map `selected`',
          lives: 'lives as long as the process',
          where: 'at line 4 in a callback passed to `forEach`',
        },
      },
    ],
  },
  // Keys of another object are new keys here.
  {
    code: `const settings = {};\napp.post('/settings', (req, res) => {\n  Object.keys(req.body).forEach((name) => {\n    settings[name] = req.body[name];\n  });\n  res.end();\n});`,
    errors: [
      {
        messageId: 'unboundedCache',
        line: 1,
        column: 7,
        data: {
          what: 'Object `settings`, used as a dictionary,',
          lives: 'lives as long as the process',
          where: 'at line 4 in a callback passed to `forEach`',
        },
      },
    ],
  },
  // Not a registry: a constructor that keys by its argument, a getter that hands out the entry
  // itself, and a write in the function a factory returns (it runs per call of that function).
  {
    code: `const sockets = {};
export class Channel {
  constructor(url) {
    sockets[url] = new WebSocket(url);
  }
}`,
    errors: [
      {
        messageId: 'unboundedCache',
        line: 1,
        column: 7,
        data: {
          what: 'Object `sockets`, used as a dictionary,',
          lives: 'lives as long as the process',
          where: 'at line 4 in the constructor of class `Channel`',
        },
      },
    ],
  },
  {
    code: `const loggers = {};
export function getLogger(name) {
  loggers[name] ??= makeLogger(name);
  return loggers[name];
}`,
    errors: [
      {
        messageId: 'unboundedCache',
        line: 1,
        column: 7,
        data: {
          what: 'Object `loggers`, used as a dictionary,',
          lives: 'lives as long as the process',
          where: 'at line 3 in function `getLogger`',
        },
      },
    ],
  },
  {
    code: `const seen = new Set();
export function makeRecorder() {
  return (id) => {
    seen.add(id);
  };
}`,
    errors: [
      {
        messageId: 'unboundedCache',
        line: 1,
        column: 7,
        data: {
          what: 'Set `seen`',
          lives: 'lives as long as the process',
          where: 'at line 4 in an anonymous function',
        },
      },
    ],
  },
  // The unsafe twins: a response (not a client) from a client, a value found elsewhere but
  // stored under a key that did not match it, and a write the match does not guard.
  {
    code: `import { BlobServiceClient } from '@azure/storage-blob';\nconst service = BlobServiceClient.fromConnectionString(process.env.AZ);\nconst blobs = new Map();\nexport async function read(name) {\n  if (!blobs.has(name)) blobs.set(name, await service.getContainerClient('c').getBlobClient(name).downloadToBuffer());\n  return blobs.get(name);\n}`,
    errors: [
      {
        messageId: 'unboundedCache',
        line: 3,
        column: 7,
        data: { what: 'Map `blobs`', lives: 'lives as long as the process', where: 'at line 5 in function `read`' },
      },
    ],
  },
  {
    code: `
        const aliasCache = new Map();
        export function configFor(name: string, request: string, configs: { aliases: string[] }[]) {
          const config = configs.find((candidate) => candidate.aliases.some((alias) => alias === name));
          if (config) aliasCache.set(request, { config });
          return config;
        }
      `,
    errors: [
      {
        messageId: 'unboundedCache',
        line: 2,
        column: 15,
        data: {
          what: 'Map `aliasCache`',
          lives: 'lives as long as the process',
          where: 'at line 5 in function `configFor`',
        },
      },
    ],
  },
  {
    code: `
        const aliasCache = new Map();
        export function configFor(name: string, configs: { aliases: string[] }[]) {
          const config = configs.find((candidate) => candidate.aliases.some((alias) => alias === name));
          aliasCache.set(name, { config });
          return config;
        }
      `,
    errors: [
      {
        messageId: 'unboundedCache',
        line: 2,
        column: 15,
        data: {
          what: 'Map `aliasCache`',
          lives: 'lives as long as the process',
          where: 'at line 5 in function `configFor`',
        },
      },
    ],
  },
  // Storing what a client returned is caching data, not keeping a client.
  {
    code: `import { S3Client, GetObjectCommand } from '@aws-sdk/client-s3';\nconst s3 = new S3Client({});\nconst objects = new Map();\nexport async function read(key) {\n  if (!objects.has(key)) objects.set(key, await s3.send(new GetObjectCommand({ Bucket: 'b', Key: key })));\n  return objects.get(key);\n}`,
    errors: [
      {
        messageId: 'unboundedCache',
        line: 3,
        column: 7,
        data: { what: 'Map `objects`', lives: 'lives as long as the process', where: 'at line 5 in function `read`' },
      },
    ],
  },
  {
    code: `
const answers = new Map<string, string>();
export function answer(prompt: string) {
  answers.set(prompt, prompt.toUpperCase());
}
`,
    errors: [
      {
        messageId: 'unboundedCache',
        line: 2,
        column: 7,
        data: { what: 'Map `answers`', lives: 'lives as long as the process', where: 'at line 4 in function `answer`' },
        suggestions: [
          {
            messageId: 'useLruCache',
            output: `import { LRUCache } from 'lru-cache';

const answers = new LRUCache<string, string>({ max: 1000 });
export function answer(prompt: string) {
  answers.set(prompt, prompt.toUpperCase());
}
`,
          },
        ],
      },
    ],
  },
  {
    code: `import { randomUUID } from 'node:crypto';
const seen = new Set<string>();
export function mark(id: string) {
  if (seen.has(id)) return false;
  seen.add(id);
  return randomUUID();
}
`,
    errors: [
      {
        messageId: 'unboundedCache',
        data: { what: 'Set `seen`', lives: 'lives as long as the process', where: 'at line 5 in function `mark`' },
        // A de-duplication set: no suggestion to evict (the codemod leaves it with its reason).
        suggestions: [],
      },
    ],
  },
  // A Map the codemod cannot carry over (iterated) is reported without a suggestion.
  {
    code: `
const recent = new Map<string, number>();
export function visit(page: string) {
  recent.set(page, Date.now());
  return [...recent.keys()];
}
`,
    errors: [
      {
        messageId: 'unboundedCache',
        data: { what: 'Map `recent`', lives: 'lives as long as the process', where: 'at line 4 in function `visit`' },
      },
    ],
  },
  // Dictionaries: computed writes, compound writes, ++, Object.assign, Object.create(null).
  {
    code: `
const hits: Record<string, number> = {};
const totals = Object.create(null);
const flags = {} as Record<string, boolean>;
const headers: Record<string, string> = {};
export function count(route: string, amount: number, extra: Record<string, string>) {
  hits[route] = (hits[route] ?? 0) + 1;
  totals[route] += amount;
  flags[\`\${route}:seen\`] = true;
  Object.assign(headers, extra);
}
`,
    errors: [
      {
        messageId: 'unboundedCache',
        line: 2,
        data: {
          what: 'Object `hits`, used as a dictionary,',
          lives: 'lives as long as the process',
          where: 'at line 7 in function `count`',
        },
        suggestions: codemodSuggestion,
      },
      {
        messageId: 'unboundedCache',
        line: 3,
        data: {
          what: 'Object `totals`, used as a dictionary,',
          lives: 'lives as long as the process',
          where: 'at line 8 in function `count`',
        },
      },
      {
        messageId: 'unboundedCache',
        line: 4,
        data: {
          what: 'Object `flags`, used as a dictionary,',
          lives: 'lives as long as the process',
          where: 'at line 9 in function `count`',
        },
        suggestions: codemodSuggestion,
      },
      {
        messageId: 'unboundedCache',
        line: 5,
        data: {
          what: 'Object `headers`, used as a dictionary,',
          lives: 'lives as long as the process',
          where: 'at line 10 in function `count`',
        },
      },
    ],
  },
  // Arrays used as buffers.
  {
    code: `
const events: string[] = [];
export function log(event: string) {
  for (let i = 0; i < events.length; i++) if (events[i] === event) return;
  if (events.length === 0) console.log('first');
  events.push(event);
}
`,
    errors: [
      {
        messageId: 'unboundedBuffer',
        line: 2,
        data: { name: 'events', lives: 'lives as long as the process', where: 'at line 6 in function `log`' },
      },
    ],
  },
  // Per-request growth names the handler.
  {
    code: `
import express from 'express';
const app = express();
let views = new Map();
app.get('/page/:id', (req, res) => {
  views.set(req.params.id, Date.now());
  res.end();
});
`,
    filename: 'server.js',
    errors: [
      {
        messageId: 'unboundedCache',
        data: {
          what: 'Map `views`',
          lives: 'lives as long as the process',
          where: 'at line 6 in the GET route handler',
        },
        suggestions: [
          {
            messageId: 'useLruCache',
            output: `
import express from 'express';
import { LRUCache } from 'lru-cache';
const app = express();
let views = new LRUCache({ max: 1000 });
app.get('/page/:id', (req, res) => {
  views.set(req.params.id, Date.now());
  res.end();
});
`,
          },
        ],
      },
    ],
  },
  // CommonJS: the suggestion requires lru-cache.
  {
    code: `const path = require('path');
const resolved = new Map();
function resolve(file) {
  resolved.set(file, path.resolve(file));
  return resolved.get(file);
}
module.exports = { resolve };
`,
    filename: 'resolve.cjs',
    errors: [
      {
        messageId: 'unboundedCache',
        suggestions: [
          {
            messageId: 'useLruCache',
            output: `const path = require('path');
const { LRUCache } = require('lru-cache');
const resolved = new LRUCache({ max: 1000 });
function resolve(file) {
  resolved.set(file, path.resolve(file));
  return resolved.get(file);
}
module.exports = { resolve };
`,
          },
        ],
        data: {
          what: 'Map `resolved`',
          lives: 'lives as long as the process',
          where: 'at line 4 in function `resolve`',
        },
      },
    ],
  },
  // Static fields, through this and the class name.
  {
    code: `
class Geocoder {
  static byAddress = new Map<string, number>();
  static locate(address: string) {
    return this.byAddress.get(address) ?? Geocoder.byAddress.set(address, address.length);
  }
}
export const locate = (a: string) => Geocoder.locate(a);
`,
    errors: [
      {
        messageId: 'unboundedCache',
        line: 3,
        data: {
          what: 'Map `Geocoder.byAddress`',
          lives: 'lives as long as the process',
          where: 'at line 5 in method `locate` of class `Geocoder`',
        },
        suggestions: [
          {
            messageId: 'useLruCache',
            output: `import { LRUCache } from 'lru-cache';

class Geocoder {
  static byAddress = new LRUCache<string, number>({ max: 1000 });
  static locate(address: string) {
    return this.byAddress.get(address) ?? Geocoder.byAddress.set(address, address.length);
  }
}
export const locate = (a: string) => Geocoder.locate(a);
`,
          },
        ],
      },
    ],
  },
  // globalThis slots.
  {
    code: `
globalThis.__renderCache ??= new Map();
export function render(key, html) { globalThis.__renderCache.set(key, html); }
`,
    filename: 'render.js',
    errors: [
      {
        messageId: 'unboundedCache',
        line: 2,
        data: {
          what: 'Map `globalThis.__renderCache`',
          lives: 'lives as long as the process',
          where: 'at line 3 in function `render`',
        },
      },
    ],
  },
  // A function that runs at load and later (exported) still grows the table.
  {
    code: `
const handlers = {};
export function on(name, fn) { handlers[name] = fn; }
on('ready', () => {});
`,
    filename: 'events.js',
    errors: [
      {
        messageId: 'unboundedCache',
        data: {
          what: 'Object `handlers`, used as a dictionary,',
          lives: 'lives as long as the process',
          where: 'at line 3 in function `on`',
        },
        suggestions: codemodSuggestion,
      },
    ],
  },
  // The same helper with one caller passing request data.
  {
    code: `
const warned = new Set<string>();
function warnOnce(code: string, message: string) {
  if (warned.has(code)) return;
  warned.add(code);
  console.warn(message);
}
export function deprecated(url: string) { warnOnce('DEP01', url); }
export function unknownRoute(url: string) { warnOnce(url, url); }
`,
    errors: [
      {
        messageId: 'unboundedCache',
        line: 2,
        data: {
          what: 'Set `warned`',
          lives: 'lives as long as the process',
          where: 'at line 5 in function `warnOnce`',
        },
        suggestions: [],
      },
    ],
  },
  // A worker's main() runs once, but its while / for await loops run for the life of the process.
  {
    code: `
const seen = new Set<string>();
const retries: Record<string, number> = {};
async function main(queue: AsyncIterable<{ id: string }>, poll: () => Promise<string>) {
  for await (const message of queue) seen.add(message.id);
  while (true) retries[await poll()] = 1;
}
void main(process.stdin as never, async () => 'x');
`,
    errors: [
      {
        messageId: 'unboundedCache',
        line: 2,
        data: { what: 'Set `seen`', lives: 'lives as long as the process', where: 'at line 5 in function `main`' },
        suggestions: [
          {
            messageId: 'useLruCache',
            output: `import { LRUCache } from 'lru-cache';

const seen = new LRUCache<string, true>({ max: 1000 });
const retries: Record<string, number> = {};
async function main(queue: AsyncIterable<{ id: string }>, poll: () => Promise<string>) {
  for await (const message of queue) seen.set(message.id, true);
  while (true) retries[await poll()] = 1;
}
void main(process.stdin as never, async () => 'x');
`,
          },
        ],
      },
      {
        messageId: 'unboundedCache',
        line: 3,
        data: {
          what: 'Object `retries`, used as a dictionary,',
          lives: 'lives as long as the process',
          where: 'at line 6 in function `main`',
        },
        suggestions: codemodSuggestion,
      },
    ],
  },
  // A type-only reference does not hand the collection on.
  {
    code: `
const cache = new Map<string, number>();
export type Cache = typeof cache;
export function put(key: string) { cache.set(key, 1); }
`,
    errors: [
      {
        messageId: 'unboundedCache',
        suggestions: [
          {
            messageId: 'useLruCache',
            output: `import { LRUCache } from 'lru-cache';

const cache = new LRUCache<string, number>({ max: 1000 });
export type Cache = typeof cache;
export function put(key: string) { cache.set(key, 1); }
`,
          },
        ],
        data: { what: 'Map `cache`', lives: 'lives as long as the process', where: 'at line 4 in function `put`' },
      },
    ],
  },
  // Options: instance fields and escaping collections on request.
  {
    code: `
export class PromptStore {
  private answers: Record<string, string> = {};
  remember(prompt: string, answer: string) { this.answers[prompt] = answer; }
}
`,
    options: [{ ...defaultOptions, instanceFields: true }],
    errors: [
      {
        messageId: 'unboundedCache',
        data: {
          what: 'Object `this.answers`, used as a dictionary,',
          lives: 'lives as long as each `PromptStore` instance (a singleton lives as long as the process)',
          where: 'at line 4 in method `remember` of class `PromptStore`',
        },
      },
    ],
  },
  {
    code: `
export const registry = new Map<string, number>();
export function put(key: string) { registry.set(key, 1); }
`,
    options: [{ ...defaultOptions, reportEscaping: true }],
    // The codemod leaves what other files may use as a Map: no suggestion either.
    errors: [{ messageId: 'unboundedCache', suggestions: [] }],
  },
  // Memoizers.
  // memoizee's suggestion is the bounded-cache codemod's: a max among its options. lodash's
  // memoize has no such option, so it gets none (the codemod leaves it too).
  {
    filename: 'lookup.js',
    code: `import memoizee from 'memoizee';

export const lookup = memoizee((url) => fetch(url), { promise: true });
`,
    errors: [
      {
        messageId: 'unboundedMemoize',
        suggestions: [
          {
            messageId: 'addMemoizeeMax',
            output: `import memoizee from 'memoizee';

export const lookup = memoizee((url) => fetch(url), { promise: true, max: 1000 });
`,
          },
        ],
        data: {
          what: '`lookup`, memoized with memoizee without a max option,',
          remedy: 'Pass { max: N } (and maxAge if results go stale).',
        },
      },
    ],
  },
  // A maxAge of an hour or more with no max: every distinct call made in that time stays.
  ...[
    ['search', '(url: string) => fetch(url)', 'HALF_DAY', ''],
    ['lookup', '(userId: string) => load(userId)', '60 * 60_000', ', primitive: true'],
  ].map(([name, fn, maxAge, more]) => {
    const options = `{ maxAge: ${maxAge}${more} }`;
    const code = `import memoizee from 'memoizee';
const HALF_DAY = 1000 * 60 * 60 * 12;
export const ${name} = memoizee(${fn}, OPTIONS);
`;
    return {
      code: code.replace('OPTIONS', options),
      errors: [
        {
          messageId: 'unboundedMemoizeLongMaxAge' as const,
          line: 3,
          data: {
            what: `\`${name}\`, memoized with memoizee without a max option,`,
            maxAge,
            remedy: 'Pass { max: N } as well.',
          },
          suggestions: [
            {
              messageId: 'addMemoizeeMax' as const,
              output: code.replace('OPTIONS', options.replace(' }', ', max: 1000 }')),
            },
          ],
        },
      ],
    };
  }),
  {
    code: `
import memoize from 'lodash/memoize';
import _ from 'lodash';
import { memoize as memo } from 'lodash-es';
import memoizee from 'memoizee';
const legacy = require('lodash.memoize');
export const parse = memoize((raw: string) => JSON.parse(raw));
export const api = { user: _.memoize((id: string) => ({ id })) };
export const slug = memo((title: string) => title.toLowerCase());
export const hash = memoizee((text: string) => text.length, { primitive: true });
export const old = legacy((id: string) => id);
export class Renderer {
  static render = memoizee((html: string) => html.trim());
}
`,
    errors: [
      {
        messageId: 'unboundedMemoize',
        line: 7,
        data: { what: "`parse`, memoized with lodash's memoize,", remedy: lodashRemedy },
      },
      {
        messageId: 'unboundedMemoize',
        line: 8,
        data: { what: "`user`, memoized with lodash's memoize,", remedy: lodashRemedy },
      },
      {
        messageId: 'unboundedMemoize',
        line: 9,
        data: { what: "`slug`, memoized with lodash's memoize,", remedy: lodashRemedy },
      },
      {
        messageId: 'unboundedMemoize',
        line: 10,
        data: { what: '`hash`, memoized with memoizee without a max option,', remedy: memoizeeRemedy },
        suggestions: codemodSuggestion,
      },
      {
        messageId: 'unboundedMemoize',
        line: 11,
        data: { what: "`old`, memoized with lodash's memoize,", remedy: lodashRemedy },
      },
      {
        messageId: 'unboundedMemoize',
        line: 13,
        data: { what: '`render`, memoized with memoizee without a max option,', remedy: memoizeeRemedy },
        suggestions: codemodSuggestion,
      },
    ],
  },
  // The twins of the shapes above that stay unbounded.
  {
    code: `
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
const bodies: Record<string, string> = {};
const owners: Record<string, number> = {};
const lowered: Record<string, string> = {};
const checked: Record<string, string> = {};
const prefix = String(Date.now());
const hits = { [\`\${prefix}-a\`]: 0 };
const finished: Array<() => void> = [];
const overrides: Record<string, string> = {};
export function upload(base: string, path: string) { bodies[path] = readFileSync(join(base, path), 'utf8'); }
export function own(item: { owner: { name: string } }) { owners[item.owner.name] = 1; }
export function lower(raw: string) { lowered[raw.toLowerCase()] = raw; }
export function check(raw: string, known: string[]) { checked[known.includes(raw) ? raw : 'none'] = raw; }
export function hit(key: keyof typeof hits) { hits[key] += 1; }
export function onDone(fn: () => void) { finished.push(fn); }
export function flush() { finished.forEach((fn) => fn()); }
export function __override(key: string, value: string) { overrides[key] = value; }
export function override(key: string, value: string) { overrides[key] = value; }
`,
    filename: 'src/support/store.ts',
    errors: [
      {
        messageId: 'unboundedCache',
        line: 4,
        data: {
          what: 'Object `bodies`, used as a dictionary,',
          lives: 'lives as long as the process',
          where: 'at line 12 in function `upload`',
        },
        suggestions: codemodSuggestion,
      },
      {
        messageId: 'unboundedCache',
        line: 5,
        data: {
          what: 'Object `owners`, used as a dictionary,',
          lives: 'lives as long as the process',
          where: 'at line 13 in function `own`',
        },
        suggestions: codemodSuggestion,
      },
      {
        messageId: 'unboundedCache',
        line: 6,
        data: {
          what: 'Object `lowered`, used as a dictionary,',
          lives: 'lives as long as the process',
          where: 'at line 14 in function `lower`',
        },
        suggestions: codemodSuggestion,
      },
      {
        messageId: 'unboundedCache',
        line: 7,
        data: {
          what: 'Object `checked`, used as a dictionary,',
          lives: 'lives as long as the process',
          where: 'at line 15 in function `check`',
        },
        suggestions: codemodSuggestion,
      },
      {
        messageId: 'unboundedCache',
        line: 9,
        data: {
          what: 'Object `hits`, used as a dictionary,',
          lives: 'lives as long as the process',
          where: 'at line 16 in function `hit`',
        },
      },
      {
        messageId: 'unboundedBuffer',
        line: 10,
        data: { name: 'finished', lives: 'lives as long as the process', where: 'at line 17 in function `onDone`' },
      },
      {
        messageId: 'unboundedCache',
        line: 11,
        data: {
          what: 'Object `overrides`, used as a dictionary,',
          lives: 'lives as long as the process',
          where: 'at line 20 in function `override`',
        },
        suggestions: codemodSuggestion,
      },
    ],
  },
];

/** The detector's options for a case, as the rule fills them in. */
const detectorOptions = (options: Readonly<Options> | undefined): UnboundedCacheOptions => ({
  ...DEFAULT_UNBOUNDED_CACHE_OPTIONS,
  ...options?.[0],
});
const valid = checkExemptions(validCases, createUnboundedCacheDetector, detectorOptions);

ruleTester.run('no-unbounded-cache', rule, {
  valid: [...valid, ...valid.map(withUnknownKeys)],
  invalid: invalidCases.map(withUnknownKeys),
});

/**
 * Valid in the default mode: growth under keys that do not name data, in code this file does not
 * show to repeat (they are reported with reportUnknownKeys).
 */
const defaultModeValid: ExemptCase<Options>[] = [
  // ── Instance fields of a module singleton (long-lived), and their safe twins ──
  // Made per request: each instance's Map goes with it.
  {
    code: `
class Visits {
  #seen = new Map<string, number>();
  note(url: string) { this.#seen.set(url, 1); }
}
app.get('/page', (req, res) => {
  new Visits().note(req.url);
  res.end();
});
`,
  },
  // The singleton is exported with a public field: other files may evict it.
  {
    code: `
class Store {
  entries = new Map<string, number>();
  put(url: string) { this.entries.set(url, 1); }
}
export const store = new Store();
`,
    exemptBy: 'exported',
  },
  // The singleton deletes each session when it ends.
  {
    code: `
class Sessions {
  #bySession = new Map<string, object>();
  open(sessionId: string, session: object) { this.#bySession.set(sessionId, session); }
  close(sessionId: string) { this.#bySession.delete(sessionId); }
}
export default new Sessions();
`,
    exemptBy: 'bounded-by-eviction',
  },
  // ── exemptBy: not-data-keyed ──
  // Held-out false positives in an IRC client's event bus (now spared as an emitter's event names) and plugin loader, an error-tracking
  // SDK's native-function lookup and route extraction, and a job queue dashboard's instances.
  {
    code: `
        const events = new Map();
        export class EventBus {
          on(type: string, handler: () => void) {
            if (events.has(type)) events.get(type).push(handler);
            else events.set(type, [handler]);
          }
        }
      `,
    exemptBy: 'finite-keys',
  },
  {
    code: `
        const plugins = new Map<string, { start(): void }>();
        export function loadPlugin(packageName: string) {
          plugins.set(packageName, require(packageName));
        }
      `,
    exemptBy: 'not-data-keyed',
  },
  {
    code: `
        const natives: Record<string, Function> = {};
        export function nativeOf(name: string) {
          return (natives[name] ??= (globalThis as any)[name].bind(globalThis));
        }
      `,
    exemptBy: 'not-data-keyed',
  },
  {
    code: `
        const routes = new Map<string, string | null>();
        export function routeFor(modules: Set<string>, pages: { file: string; path: string }[]) {
          const cacheKey = [...modules].sort().join('|');
          const page = pages.find((p) => modules.has(p.file));
          routes.set(cacheKey, page ? page.path : null);
        }
      `,
    exemptBy: 'not-data-keyed',
  },
  {
    code: `
        const boards = new Map<string, object>();
        export async function boardFor(dbUrl: string, schema: string) {
          const key = \`\${dbUrl}::\${schema}\`;
          if (!boards.has(key)) boards.set(key, await connect(dbUrl, schema));
          return boards.get(key);
        }
      `,
    exemptBy: 'not-data-keyed',
  },
  // Ids of things the program or its configuration declares (held-out false positives in an AI
  // agent's model catalogue: one entry per LLM provider, and per provider and mode).
  {
    code: `
        const sortedByProvider = new Map<string, object[]>();
        export function modelsFor(providerId: string) {
          const cached = sortedByProvider.get(providerId);
          if (cached) return cached;
          const sorted = [...catalogue[providerId]].sort(byRelease);
          sortedByProvider.set(providerId, sorted);
          return sorted;
        }
      `,
    exemptBy: 'not-data-keyed',
  },
  {
    code: `
        const remembered = new Map<string, object>();
        function memoryKey(providerId: string, mode: string) {
          return \`\${providerId}:\${mode}\`;
        }
        export function remember(providerId: string, mode: string, selection: object) {
          remembered.set(memoryKey(providerId, mode), selection);
        }
      `,
    exemptBy: 'not-data-keyed',
  },
  // A property read is named by its property, not by the object it is read from (held-out false
  // positive in an MCP docs harness counting requests per JSON-RPC method).
  {
    code: `
        const reached = new Map<string, number>();
        export function count(body: string) {
          const message = JSON.parse(body) as { method?: string };
          if (typeof message.method === 'string') reached.set(message.method, (reached.get(message.method) ?? 0) + 1);
        }
      `,
    exemptBy: 'not-data-keyed',
  },
  // A buffer pushed to from a function whose callers are elsewhere.
  {
    code: `
        const posted: string[] = [];
        export function addFile(pkg: string, file: string) {
          posted.push(pkg + '/' + file);
        }
      `,
    exemptBy: 'not-data-keyed',
  },

  // ── exemptBy: memoizer-arguments-not-data ──
  // A memoizer keyed by code's own strings (held-out false positives in an ORM's attribute-path parser).
  {
    code: `
        import memoize from 'lodash/memoize';
        function parseAttribute(code: string) {
          return code.split('.');
        }
        export const parseAttributeSyntax = memoize(parseAttribute);
      `,
    exemptBy: 'memoizer-arguments-not-data',
  },
];

/** A module-level timer map written under `entryKey(entry)` in `fn`, where `helper` defines `entryKey`: reported. */
function timerKeyedByHelper(helper: string, fn: string) {
  const lines = [
    'const timers = new Map<string, unknown>();',
    helper,
    `export function ${fn}(entry, delay: number) {`,
    '  timers.set(entryKey(entry), setTimeout(() => fire(entry), delay));',
    '}',
  ];
  const code = lines.join('\n');
  const line = code.split('\n').length - 1;
  return {
    code,
    errors: [
      {
        messageId: 'unboundedCache' as const,
        line: 1,
        column: 7,
        data: {
          what: 'Map `timers`',
          lives: 'lives as long as the process',
          where: `at line ${line} in function \`${fn}\``,
        },
      },
    ],
  };
}

/**
 * The default mode reports growth only under a key that names data (an id, URL, token, session,
 * address, user or typed text) or in code this file shows to run again and again (a request
 * handler, an interval, a loop). Keys named otherwise, in functions whose callers are elsewhere,
 * are reported with reportUnknownKeys: on the real-code run they were the program's own
 * vocabulary (event types, plugin names, template paths, config-built cache keys) far more often
 * than data.
 */
ruleTester.run('no-unbounded-cache (default: data keys or code that repeats)', rule, {
  valid: checkExemptions(defaultModeValid, createUnboundedCacheDetector, detectorOptions),
  invalid: [
    // Keys that name data.
    {
      code: `const pages = new Map<string, string>();\nexport async function page(url: string) {\n  if (!pages.has(url)) pages.set(url, await (await fetch(url)).text());\n  return pages.get(url);\n}`,
      errors: [
        {
          messageId: 'unboundedCache',
          suggestions: [
            {
              messageId: 'useLruCache',
              output: `import { LRUCache } from 'lru-cache';\n\nconst pages = new LRUCache<string, string>({ max: 1000 });\nexport async function page(url: string) {\n  if (!pages.has(url)) pages.set(url, await (await fetch(url)).text());\n  return pages.get(url);\n}`,
            },
          ],
          data: { what: 'Map `pages`', lives: 'lives as long as the process', where: 'at line 3 in function `page`' },
        },
      ],
    },
    {
      code: `const members: Record<string, object> = {};\nexport function remember(member: { id: string }) {\n  members[member.id] = member;\n}`,
      errors: [
        {
          messageId: 'unboundedCache',
          // A dictionary becomes an LRUCache too, its writes set() calls.
          suggestions: [
            {
              messageId: 'useLruCache',
              output: `import { LRUCache } from 'lru-cache';\n\nconst members: LRUCache<string, object> = new LRUCache({ max: 1000 });\nexport function remember(member: { id: string }) {\n  members.set(member.id, member);\n}`,
            },
          ],
          data: {
            what: 'Object `members`, used as a dictionary,',
            lives: 'lives as long as the process',
            where: 'at line 3 in function `remember`',
          },
        },
      ],
    },
    {
      code: `const grants = {};\nexport function grant(user, scope) {\n  grants[\`\${user.email}:\${scope}\`] = Date.now();\n}`,
      errors: [
        {
          messageId: 'unboundedCache',
          line: 1,
          column: 7,
          data: {
            what: 'Object `grants`, used as a dictionary,',
            lives: 'lives as long as the process',
            where: 'at line 3 in function `grant`',
          },
        },
      ],
    },
    {
      code: `const throttle = {};\nexport function renew(sessionToken) {\n  throttle[sessionToken] = setTimeout(() => {}, 1000);\n}`,
      errors: [
        {
          messageId: 'unboundedCache',
          line: 1,
          column: 7,
          data: {
            what: 'Object `throttle`, used as a dictionary,',
            lives: 'lives as long as the process',
            where: 'at line 3 in function `renew`',
          },
        },
      ],
    },
    {
      code: `const answers = new Map<string, string>();\nexport async function answer(prompt: string) {\n  if (!answers.has(prompt)) answers.set(prompt, await complete(prompt));\n  return answers.get(prompt)!;\n}`,
      errors: [
        {
          messageId: 'unboundedCache',
          suggestions: [
            {
              messageId: 'useLruCache',
              output: `import { LRUCache } from 'lru-cache';\n\nconst answers = new LRUCache<string, string>({ max: 1000 });\nexport async function answer(prompt: string) {\n  if (!answers.has(prompt)) answers.set(prompt, await complete(prompt));\n  return answers.get(prompt)!;\n}`,
            },
          ],
          data: {
            what: 'Map `answers`',
            lives: 'lives as long as the process',
            where: 'at line 3 in function `answer`',
          },
        },
      ],
    },
    {
      code: `const parsed = {};\nexport function parse(raw) {\n  parsed[normalizeUrl(raw)] = new URL(raw);\n}`,
      errors: [
        {
          messageId: 'unboundedCache',
          line: 1,
          column: 7,
          data: {
            what: 'Object `parsed`, used as a dictionary,',
            lives: 'lives as long as the process',
            where: 'at line 3 in function `parse`',
          },
        },
      ],
    },
    // The twin of the EventEmitter: the same registry filled by a method that is not a listener's
    // registration takes whatever its callers key it by.
    {
      code: `type Listener = (e: { type: string }) => void;
export class Waiters {
  private _waiters = new Map<string, Set<Listener>>();
  waitFor(eventName: string, listener: Listener) {
    if (!this._waiters.has(eventName)) this._waiters.set(eventName, new Set<Listener>());
    this._waiters.get(eventName)!.add(listener);
  }
}`,
      options: [{ ...defaultOptions, instanceFields: true, reportUnknownKeys: true }],
      errors: [{ messageId: 'unboundedCache', line: 3 }],
    },
    // The twin of definePluginConfig: a registration named for data keyed by its \`id\` is one per session.
    {
      code: `const sessions: Record<string, unknown> = {};
export const defineSession = (id: string, value: unknown) => {
  sessions[id] = value;
};`,
      errors: [{ messageId: 'unboundedCache', line: 1 }],
    },
    // A key a file-local helper builds names what the helper returns (a chat bot's timer maps: one
    // timer per mute and ban ever scheduled, keyed by \`muteToKey(mute)\`); in a registration too.
    timerKeyedByHelper(
      `function entryKey(entry: { account_id: string; user_id: string }) {\n  return \`\${entry.account_id}/\${entry.user_id}\`;\n}`,
      'schedule',
    ),
    timerKeyedByHelper('const entryKey = (entry) => `${entry.account_id}/${entry.user_id}`;', 'registerExpiring'),
    {
      code: `import memoize from 'lodash/memoize';\nexport const parseUrl = memoize((url: string) => new URL(url));`,
      errors: [
        {
          messageId: 'unboundedMemoize',
          line: 2,
          column: 25,
          data: {
            what: "`parseUrl`, memoized with lodash's memoize,",
            remedy:
              'Give it a bounded cache (`fn.cache = new LRUCache({ max })`) or use a memoizer with a size limit, such as memoizee with { max }.',
          },
        },
      ],
    },
    {
      code: `const cancels = new Map<string, () => void>();\nexport function track(requestId: string, cancel: () => void) {\n  cancels.set(requestId, cancel);\n}`,
      errors: [
        {
          messageId: 'unboundedCache',
          suggestions: [
            {
              messageId: 'useLruCache',
              output: `import { LRUCache } from 'lru-cache';\n\nconst cancels = new LRUCache<string, () => void>({ max: 1000 });\nexport function track(requestId: string, cancel: () => void) {\n  cancels.set(requestId, cancel);\n}`,
            },
          ],
          data: {
            what: 'Map `cancels`',
            lives: 'lives as long as the process',
            where: 'at line 3 in function `track`',
          },
        },
      ],
    },
    // Any key, in code this file shows to repeat: a route handler, an interval.
    {
      code: `import express from 'express';\nconst app = express();\nconst hits = {};\napp.get('/:name', (req, res) => {\n  hits[req.params.name] = (hits[req.params.name] || 0) + 1;\n  res.end();\n});`,
      errors: [
        {
          messageId: 'unboundedCache',
          data: {
            what: 'Object `hits`, used as a dictionary,',
            lives: 'lives as long as the process',
            where: 'at line 5 in the GET route handler',
          },
        },
      ],
    },
    {
      code: `const samples: number[] = [];\nsetInterval(() => {\n  samples.push(process.memoryUsage().rss);\n}, 1000);`,
      errors: [
        {
          messageId: 'unboundedBuffer',
          line: 1,
          column: 7,
          data: {
            name: 'samples',
            lives: 'lives as long as the process',
            where: 'at line 3 in a callback passed to `setInterval`',
          },
        },
      ],
    },
  ],
});

describe('no-unbounded-cache options', () => {
  const linter = new Linter();
  const config = (options: unknown): Linter.Config[] => [
    {
      files: ['**/*.ts'],
      plugins: { leakproof: plugin as never },
      languageOptions: { parser: tsParser as Linter.Parser },
      rules: { 'leakproof/no-unbounded-cache': ['error', options] },
    },
  ];

  it('refuses an unknown option, naming it', () => {
    expect(() => linter.verify('const a = 1;', config({ bogus: 1 }), 'file.ts')).toThrow(
      /Unexpected property "bogus"\. Expected properties: "typeAware", "reportEscaping", "instanceFields", "reportRegistries", "reportUnknownKeys", "onlyRequestKeys", "boundedCaches"/,
    );
  });

  it('refuses a wrongly typed option', () => {
    expect(() => linter.verify('const a = 1;', config({ boundedCaches: 'lru-cache' }), 'file.ts')).toThrow(
      /Value "lru-cache" should be array/,
    );
  });

  it('says what to do when typeAware is on without type information', () => {
    expect(() => lintWith('const a = new Map();', 'file.ts', { 'no-unbounded-cache': { typeAware: true } })).toThrow(
      /typeAware option needs type information/,
    );
  });

  it('declares its defaults in meta', () => {
    expect(rule.meta.defaultOptions).toEqual([defaultOptions]);
  });
});
