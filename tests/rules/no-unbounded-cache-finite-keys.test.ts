import rule, { type Options } from '../../rules/no-unbounded-cache.js';
import { checkExemptions, type ExemptCase } from '../helpers/exemptions.js';
import { createUnboundedCacheDetector } from '../../src/families/caches/unbounded-cache.js';
import { DEFAULT_UNBOUNDED_CACHE_OPTIONS, type UnboundedCacheOptions } from '../../src/families/caches/findings.js';
import { codemodSuggestion, ruleTester } from '../helpers/rule-tester.js';

/*
 * Collections whose keys are finite by construction, in the default mode: keys read from
 * configuration, keys a guard checks against another table, ids of things the program declares,
 * classes, and type parameters constrained to a few keys (held-out false positives: clients per
 * configured region or bucket, a process supervisor's timers per known instance, GIF providers and
 * tracing plugins keyed by their ids, decorator registries per class). Each is followed by its
 * twin keyed by request input, which is still reported.
 */

const detectorOptions = (options: Readonly<Options> | undefined): UnboundedCacheOptions => ({
  ...DEFAULT_UNBOUNDED_CACHE_OPTIONS,
  ...options?.[0],
});
const reportingUnknownKeys: Options = [
  { ...DEFAULT_UNBOUNDED_CACHE_OPTIONS, boundedCaches: [], reportUnknownKeys: true },
];

/** A debug hook added once per key its `event` listener is given, on a module's event bus. */
const emitterHook = (event: string): string => `
  import { EventEmitter } from 'node:events';
  export const bus = new EventEmitter();
  const collected: Record<string, boolean> = {};
  bus.on('${event}', function (name: string) {
    if (!collected[name]) {
      collected[name] = true;
      bus.on(name, () => console.log('emitted', name));
    }
  });
`;

const valid: ExemptCase<Options>[] = [
  // ── finite-keys: a static read of configuration ──
  // One job per configured task, registered in a singleton's bootstrap hook from the injected
  // configuration service, through a const and \`?? []\` (studied false positive in a commerce
  // server's scheduler).
  {
    code: `
      import { Injectable } from '@nestjs/common';
      @Injectable()
      export class SchedulerService {
        private readonly jobs = new Map<string, object>();
        constructor(private readonly configService: ConfigService) {}
        onApplicationBootstrap() {
          const scheduledTasks = this.configService.schedulerOptions.tasks ?? [];
          for (const task of scheduledTasks) {
            this.jobs.set(task.id, { task, job: schedule(task) });
          }
        }
      }
    `,
    exemptBy: 'finite-keys',
  },
  // One client per configured region, made in a route handler: the handler repeats, the key does not.
  {
    code: `
      import express from 'express';
      import config from './config';
      const app = express();
      const storages = new Map<string, Storage>();
      app.get('/files/:name', async (req, res) => {
        let storage = storages.get(config.storage.bucketUrl);
        if (!storage) {
          storage = openStorage(config.storage.bucketUrl);
          storages.set(config.storage.bucketUrl, storage);
        }
        res.send(await storage.read(req.params.name));
      });
    `,
    exemptBy: 'finite-keys',
  },
  // The configuration an instance was built with, and the environment.
  {
    code: `
      export class Mailer {
        private transports: Record<string, Transport> = {};
        constructor(private readonly settings: { smtpUrl: string }) {}
        async send(message: Mail) {
          this.transports[this.settings.smtpUrl] ??= connect(this.settings.smtpUrl);
          this.transports[process.env.FALLBACK_SMTP_URL!] ??= connect(process.env.FALLBACK_SMTP_URL!);
          await this.transports[this.settings.smtpUrl].send(message);
        }
      }
      export const mailer = new Mailer({ smtpUrl: 'smtp://localhost' });
    `,
    options: [{ ...DEFAULT_UNBOUNDED_CACHE_OPTIONS, boundedCaches: [], instanceFields: true, reportUnknownKeys: true }],
    exemptBy: 'finite-keys',
  },

  // ── finite-keys: classes ──
  // A registry per model class, filled as instances are saved.
  {
    code: `
      const schemas = new Map<Function, object>();
      export class Model {
        save() {
          if (!schemas.has(this.constructor)) schemas.set(this.constructor, describeModel(this.constructor));
          return persist(schemas.get(this.constructor), this);
        }
      }
    `,
    options: reportingUnknownKeys,
    exemptBy: 'finite-keys',
  },
  {
    code: `
      class Order {}
      class Invoice {}
      const counts = new Map<Function, number>();
      export function count(kind: 'order' | 'invoice') {
        const type = kind === 'order' ? Order : Invoice;
        counts.set(type, (counts.get(type) ?? 0) + 1);
      }
    `,
    options: reportingUnknownKeys,
    exemptBy: 'finite-keys',
  },

  // ── finite-keys: a type parameter constrained to a few keys ──
  {
    code: `
      interface NativeTimers { setTimeout: typeof setTimeout; setInterval: typeof setInterval }
      const natives: Partial<NativeTimers> = {};
      export function nativeOf<K extends keyof NativeTimers>(name: K): NativeTimers[K] {
        natives[name] ??= lookUpNative(name);
        return natives[name]!;
      }
    `,
    options: reportingUnknownKeys,
    exemptBy: 'finite-keys',
  },

  // ── key-checked-against-table ──
  // An unknown type throws before the store: one limiter per known plan at most.
  {
    code: `
      import express from 'express';
      const LIMITS = { free: 60, pro: 600 };
      const limiters = new Map<string, Limiter>();
      const app = express();
      app.use((req, res, next) => {
        const plan = req.header('x-plan') ?? 'free';
        if (!(plan in LIMITS)) throw new Error(\`unknown plan \${plan}\`);
        if (!limiters.has(plan)) limiters.set(plan, new Limiter(LIMITS[plan as keyof typeof LIMITS]));
        limiters.get(plan)!.take(req.ip, next);
      });
    `,
    exemptBy: 'key-checked-against-table',
  },
  // A timer per running process, looked up first: an id no process has returns early.
  {
    code: `
      const procs: Record<string, { kill(): void }> = {};
      const stopTimers: Record<string, NodeJS.Timeout> = {};
      export function stopProcess(id: string) {
        const proc = procs[id];
        if (!proc) {
          console.warn(\`no process \${id}\`);
          return;
        }
        stopTimers[id] = setTimeout(() => proc.kill(), 5000);
      }
      export function startProcess(id: string, proc: { kill(): void }) { procs[id] = proc; }
      export function forget(id: string) { delete procs[id]; }
    `,
    exemptBy: 'key-checked-against-table',
  },
  {
    code: `
      import { ALLOWED_ORIGINS } from './cors';
      const policies = new Map<string, Policy>();
      export function policyFor(originUrl: string) {
        if (!originUrl || !ALLOWED_ORIGINS.includes(originUrl)) return undefined;
        if (!policies.has(originUrl)) policies.set(originUrl, makePolicy(originUrl));
        return policies.get(originUrl);
      }
    `,
    exemptBy: 'key-checked-against-table',
  },

  // Own-property checks against a table built once from a folder (set 28: a workflow server's app
  // modules, loaded per GET /apps/:appKey but only for a key the apps folder has).
  {
    code: `
      import express from 'express';
      import { readdirSync } from 'node:fs';
      const appPaths = Object.fromEntries(readdirSync('./apps').map((name) => [name, \`./apps/\${name}/index.js\`]));
      const loadedApps = {};
      async function loadApp(appKey) {
        if (!Object.prototype.hasOwnProperty.call(appPaths, appKey)) throw new Error(\`no app \${appKey}\`);
        if (!loadedApps[appKey]) loadedApps[appKey] = (await import(appPaths[appKey])).default;
        return loadedApps[appKey];
      }
      const app = express();
      app.get('/apps/:appKey', async (req, res) => res.json(await loadApp(req.params.appKey)));
    `,
    exemptBy: 'key-checked-against-table',
  },
  {
    code: `
      import { HANDLERS } from './handlers';
      const bound = new Map<string, () => void>();
      export function handlerFor(name: string) {
        if (!Object.hasOwn(HANDLERS, name) || !HANDLERS.hasOwnProperty(name)) return undefined;
        if (!bound.has(name)) bound.set(name, HANDLERS[name].bind(null));
        return bound.get(name);
      }
    `,
    exemptBy: 'key-checked-against-table',
  },

  // ── not-data-keyed: the id of a thing the program declares ──
  // GIF providers loaded from a folder, tracing plugins keyed by their static id.
  {
    code: `
      const providers = new Map<string, Provider>();
      const pluginClasses: Record<string, unknown> = {};
      export function addProvider(provider: Provider) { providers.set(provider.id, provider); }
      export function enable(Plugin: { id: string }) { pluginClasses[Plugin.id] = Plugin; }
    `,
    exemptBy: 'not-data-keyed',
  },
  // ── finite-keys: the event name an emitter's 'newListener' event gives ──
  // One debug hook per event name some code listens for (set 25: a file watcher's event bus).
  {
    code: emitterHook('newListener'),
    exemptBy: 'finite-keys',
  },
];

ruleTester.run('no-unbounded-cache: keys finite by construction', rule, {
  valid: checkExemptions(valid, createUnboundedCacheDetector, detectorOptions),
  invalid: [
    // The same hook keyed by what each 'message' event carries: one per message, reported.
    {
      code: emitterHook('message'),
      errors: [{ messageId: 'unboundedCache', suggestions: codemodSuggestion }],
    },
    // The same loop over what another injected service returns, or over a list the request sends
    // with the same fallback: reported.
    {
      code: `
        import { Injectable } from '@nestjs/common';
        @Injectable()
        export class SchedulerService {
          private readonly jobs = new Map<string, object>();
          constructor(private readonly taskService: TaskService) {}
          async onApplicationBootstrap() {
            const tasks = (await this.taskService.findAll()) ?? [];
            for (const task of tasks) {
              this.jobs.set(task.id, { task, job: schedule(task) });
            }
          }
        }
      `,
      errors: [{ messageId: 'unboundedCache', suggestions: codemodSuggestion }],
    },
    {
      code: `
        import express from 'express';
        const app = express();
        const jobs = new Map<string, object>();
        app.post('/tasks', (req, res) => {
          const tasks = req.body.settings?.tasks ?? [];
          for (const task of tasks) jobs.set(task.id, { task });
          res.end();
        });
      `,
      errors: [{ messageId: 'unboundedCache', suggestions: codemodSuggestion }],
    },
    // Keyed by request input, the same route: reported.
    {
      code: `
        import express from 'express';
        const app = express();
        const storages = new Map<string, Storage>();
        app.get('/files/:name', async (req, res) => {
          const bucketUrl = String(req.query.bucket);
          if (!storages.has(bucketUrl)) storages.set(bucketUrl, openStorage(bucketUrl));
          res.send(await storages.get(bucketUrl)!.read(req.params.name));
        });
      `,
      errors: [{ messageId: 'unboundedCache', suggestions: codemodSuggestion }],
    },
    // A configuration object the request sends is no configuration: `req.body.config.url`.
    {
      code: `
        import express from 'express';
        const app = express();
        const hooks = new Map<string, Hook>();
        app.post('/hooks', (req, res) => {
          hooks.set(req.body.config.url, makeHook(req.body.config));
          res.end();
        });
      `,
      errors: [{ messageId: 'unboundedCache', suggestions: codemodSuggestion }],
    },
    // A guard that only warns lets every key through.
    {
      code: `
        import express from 'express';
        const LIMITS = { free: 60, pro: 600 };
        const limiters = new Map<string, Limiter>();
        const app = express();
        app.use((req, res, next) => {
          const plan = req.header('x-plan') ?? 'free';
          if (!(plan in LIMITS)) console.warn(\`unknown plan \${plan}\`);
          if (!limiters.has(plan)) limiters.set(plan, new Limiter(60));
          limiters.get(plan)!.take(req.ip, next);
        });
      `,
      errors: [{ messageId: 'unboundedCache', suggestions: codemodSuggestion }],
    },
    // An own-property check of the cache itself is a get-or-create, not a bound.
    {
      code: `
        import express from 'express';
        const loadedApps = {};
        const app = express();
        app.get('/apps/:appKey', async (req, res) => {
          const { appKey } = req.params;
          if (!Object.prototype.hasOwnProperty.call(loadedApps, appKey)) loadedApps[appKey] = await fetchApp(appKey);
          res.json(loadedApps[appKey]);
        });
      `,
      // No rewrite: an LRUCache has no own properties to check.
      errors: [{ messageId: 'unboundedCache', suggestions: [] }],
    },
    // Checking the collection itself is a get-or-create, not a bound.
    {
      code: `
        const stopTimers: Record<string, NodeJS.Timeout> = {};
        export function stopLater(id: string) {
          if (stopTimers[id] === undefined) return;
          stopTimers[id] = setTimeout(() => {}, 5000);
        }
        export function stopSoon(id: string) {
          const local: Record<string, boolean> = {};
          if (!local[id]) return;
          stopTimers[id] = setTimeout(() => {}, 10);
        }
      `,
      errors: [{ messageId: 'unboundedCache', suggestions: codemodSuggestion }],
    },
    // The id of a visitor is data, and so is a record's: an ORM model's, a shop category's.
    {
      code: `
        const visitors = new Map<string, Visitor>();
        const records = new Map<string, object>();
        export function remember(visitor: Visitor) { visitors.set(visitor.id, visitor); }
        export function keep(model: { id: string }, category: { id: string }) {
          records.set(model.id, model);
          records.set(category.id, category);
        }
      `,
      errors: [
        { messageId: 'unboundedCache', suggestions: codemodSuggestion },
        { messageId: 'unboundedCache', suggestions: codemodSuggestion },
      ],
    },
    // An instance per request as a key, not a class.
    {
      code: `
        const seen = new Map<object, number>();
        export class Job {
          run() { seen.set(this, Date.now()); }
        }
      `,
      options: reportingUnknownKeys,
      errors: [{ messageId: 'unboundedCache', suggestions: codemodSuggestion }],
    },
    // A type parameter constrained to any string.
    {
      code: `
        const natives: Record<string, unknown> = {};
        export function nativeOf<K extends string>(name: K) {
          natives[name] ??= lookUpNative(name);
          return natives[name];
        }
      `,
      options: reportingUnknownKeys,
      errors: [{ messageId: 'unboundedCache' }],
    },
  ],
});
