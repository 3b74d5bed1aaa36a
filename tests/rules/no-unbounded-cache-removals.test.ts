import rule, { type Options } from '../../rules/no-unbounded-cache.js';
import { checkExemptions, type ExemptCase } from '../helpers/exemptions.js';
import { createUnboundedCacheDetector } from '../../src/families/caches/unbounded-cache.js';
import { DEFAULT_UNBOUNDED_CACHE_OPTIONS } from '../../src/families/caches/findings.js';
import { codemodSuggestion, ruleTester } from '../helpers/rule-tester.js';

/*
 * A removal bounds a collection only when it keeps pace with the writes. Real leaks had removals
 * that never run as the program works: a clear only tests call, a delete only a failure reaches, a
 * delete of an expired entry only when its key is read again, a delete in a function nothing calls.
 * Each invalid case below has its safe twin among the valid ones. Default options throughout: the
 * keys name data (`url`, `sessionId`, `query`), so the default mode judges them.
 */

const detectorOptions = (options: Options | undefined) => ({ ...DEFAULT_UNBOUNDED_CACHE_OPTIONS, ...options?.[0] });

/** Requests in flight by URL, deleted when one fails and, if `onSuccess`, when it succeeds. */
const requestsDeleted = ({ onSuccess }: { onSuccess: boolean }): string => `
  const inFlight = new Map<string, Promise<Response>>();
  export async function load(url: string) {
    const request = fetch(url);
    inFlight.set(url, request);
    try {
      ${onSuccess ? 'const response = await request; inFlight.delete(url); return response;' : 'return await request;'}
    } catch (error) {
      inFlight.delete(url);
      throw error;
    }
  }
`;

/** Answers kept with the time they were stored; an expired one is dropped when its key is read again. */
const expiringAnswers = `
  const TTL = 60_000;
  const answers = new Map<string, { value: string; storedAt: number }>();
  export function lookUp(query: string) {
    const hit = answers.get(query);
    if (hit && Date.now() - hit.storedAt > TTL) {
      answers.delete(query);
      return undefined;
    }
    return hit?.value;
  }
  export function remember(query: string, value: string) {
    answers.set(query, { value, storedAt: Date.now() });
  }
`;

/** A clear of `answers` whose comment says it is for tests. */
const answersClearedForTests = `
  /** Clear all caches (useful for testing) */
  export function clearAnswers() {
    answers.clear();
  }
`;

/** Sockets by client, each removed when the socket emits `event`. */
const socketsRemovedOn = (event: string): string => `
  const clients = new Map<string, import('node:net').Socket>();
  export function track(clientId: string, socket: import('node:net').Socket) {
    clients.set(clientId, socket);
    socket.on('${event}', () => clients.delete(clientId));
  }
`;

/** Rendered pages by URL for each message, cleared by an exported function whose comment is `comment`. */
const renderedClearedBy = (comment: string): string => `
  const rendered = new Map<string, string>();
  export function render(url: string) {
    rendered.set(url, url.toUpperCase());
    return rendered.get(url);
  }
  /** ${comment} */
  export function clearRendered() {
    rendered.clear();
  }
  process.on('message', (url: string) => render(url));
`;

/** Visited URLs added per request, and a local helper that forgets one. */
const visits = `
  import express from 'express';
  const app = express();
  const seen = new Set<string>();
  function forget(url: string) {
    seen.delete(url);
  }
  app.get('/visit', (req, res) => {
    seen.add(String(req.query.url));
    res.end();
  });
`;

const valid: ExemptCase<Options>[] = [
  // A timer sweeps every expired entry: the loop walks the dictionary itself (set 37's dedupe table).
  {
    code: `
      const TTL = 300_000;
      const processed: Record<string, { at: number }> = {};
      setInterval(() => {
        const now = Date.now();
        for (const messageId in processed) {
          if (now - processed[messageId].at > TTL) delete processed[messageId];
        }
      }, 60_000);
      export function seen(messageId: string) {
        if (processed[messageId]) return true;
        processed[messageId] = { at: Date.now() };
        return false;
      }
    `,
    exemptBy: 'bounded-by-eviction',
  },
  // The same sweep over a Map's entries.
  {
    code: `
      const TTL = 60_000;
      const answers = new Map<string, { value: string; storedAt: number }>();
      setInterval(() => {
        for (const [query, hit] of answers.entries()) {
          if (Date.now() - answers.get(query)!.storedAt > TTL) answers.delete(query);
        }
      }, 10_000);
      export function remember(query: string, value: string) {
        answers.set(query, { value, storedAt: Date.now() });
      }
    `,
    exemptBy: 'bounded-by-eviction',
  },
  // The same key deleted when its work completes, on success and on timeout alike.
  {
    code: `
      const pending = new Map<number, { resolve: (answer: string) => void }>();
      let nextId = 0;
      export function ask(worker: Worker, question: string) {
        const requestId = nextId++;
        return new Promise<string>((resolve, reject) => {
          setTimeout(() => {
            pending.delete(requestId);
            reject(new Error('timed out'));
          }, 5000);
          pending.set(requestId, { resolve });
          worker.postMessage({ requestId, question });
        });
      }
    `,
    exemptBy: 'bounded-by-eviction',
  },
  // Deleted on failure and on success: the success path keeps pace.
  {
    code: requestsDeleted({ onSuccess: true }),
    exemptBy: 'bounded-by-eviction',
  },
  // Filled on failure and emptied on failure: the removal runs as often as the write.
  {
    code: `
      const failing = new Set<string>();
      export async function probe(url: string) {
        try {
          await fetch(url);
        } catch (error) {
          failing.add(url);
          if (failing.size === 0) failing.delete(url);
          setTimeout(() => failing.delete(url), 60_000).unref();
        }
      }
    `,
    exemptBy: 'bounded-by-eviction',
  },
  // A result refreshed in a try and dropped when refreshing fails: the catch invalidates a key the
  // try writes, so its keys decide (an FP on a desktop API client's per-workspace sync cache).
  {
    code: `
      declare function fetchNames(accountId: string): Promise<string[]>;
      const latestByAccount: Record<string, string[]> = {};
      export async function refresh(accountId: string) {
        try {
          const names = await fetchNames(accountId);
          latestByAccount[accountId] = names;
          return names;
        } catch {
          delete latestByAccount[accountId];
          return [];
        }
      }
    `,
    exemptBy: 'bounded-by-eviction',
  },
  // Created lazily, and each session deleted when it closes: the lazy creation is no reset, the close is.
  {
    code: `
      let sessions: Map<string, object> | undefined;
      export function open(sessionId: string, session: object) {
        sessions ??= new Map();
        sessions.set(sessionId, session);
      }
      export function onClose(sessionId: string) {
        sessions?.delete(sessionId);
      }
    `,
    exemptBy: 'bounded-by-eviction',
  },
  // A socket's entry removed when it closes, which every socket does.
  {
    code: socketsRemovedOn('close'),
    exemptBy: 'bounded-by-eviction',
  },
  // Expired entries swept on a timer, whatever is read.
  {
    code: `${expiringAnswers}
      setInterval(() => {
        for (const [query, hit] of answers) if (Date.now() - hit.storedAt > TTL) answers.delete(query);
      }, TTL).unref();
    `,
    exemptBy: 'bounded-by-eviction',
  },
  // Expired entries swept on a timer, beside a clear kept for tests: the sweep keeps pace.
  {
    code: `${expiringAnswers}${answersClearedForTests}
      setInterval(() => {
        for (const [query, hit] of answers) if (Date.now() - hit.storedAt > TTL) answers.delete(query);
      }, TTL).unref();
    `,
    exemptBy: 'bounded-by-eviction',
  },
  // A clear in a function other files may call, documented for a reason other than tests.
  {
    code: renderedClearedBy('Empties the cache when the templates change on disk.'),
    exemptBy: 'bounded-by-eviction',
  },
  // A delete in a helper that a handler of this file calls.
  {
    code: `${visits}
      app.get('/leave', (req, res) => {
        forget(String(req.query.url));
        res.end();
      });
    `,
    exemptBy: 'bounded-by-eviction',
  },
  // The timeout fails the work and removes its entry through a method that deletes it.
  {
    code: `
      const waiting = new Map<number, (answer: string) => void>();
      let counter = 0;
      class Answers {
        settle(requestId: number) {
          waiting.delete(requestId);
        }
        ask(question: string) {
          const requestId = counter++;
          return new Promise<string>((resolve, reject) => {
            waiting.set(requestId, resolve);
            setTimeout(() => {
              this.settle(requestId);
              reject(new Error('no answer to ' + question));
            }, 5000);
          });
        }
      }
      export default new Answers();
    `,
    exemptBy: 'bounded-by-eviction',
  },
  // A lock table: the holder's entry is deleted on unlock; the timeout belongs to a waiter queued
  // behind a held lock, in the other branch, and cannot strand the entry the holder added (set 28).
  {
    code: `
      const LOCKS: Record<string, { queue: Array<() => void> }> = {};
      export class Lock {
        holding = false;
        constructor(private readonly id: string) {}
        acquire(timeout: number) {
          return new Promise<void>((resolve, reject) => {
            if (LOCKS[this.id]) {
              const take = () => { this.holding = true; resolve(); };
              setTimeout(() => reject(new Error('lock timed out ' + this.id)), timeout);
              LOCKS[this.id].queue.push(take);
            } else {
              LOCKS[this.id] = { queue: [] };
              this.holding = true;
              resolve();
            }
          });
        }
        unlock() {
          if (!this.holding) return;
          this.holding = false;
          const next = LOCKS[this.id].queue.shift();
          if (next) next();
          else delete LOCKS[this.id];
        }
      }
    `,
    exemptBy: 'bounded-by-eviction',
  },
  // A reset kept for tests, on writes this file does not show to repeat: state meant to last the
  // process, one entry per workspace opened (an FP on an agent SDK's telemetry markers).
  {
    code: `
      const announced = new Set<string>();
      export function announceWorkspace(workspaceHash: string) {
        if (announced.has(workspaceHash)) return;
        announced.add(workspaceHash);
        console.log('workspace opened', workspaceHash);
      }
      export function resetAnnouncedForTests() {
        announced.clear();
      }
    `,
    exemptBy: 'bounded-by-eviction',
  },
  // The caller's finally removes the entry however the wait ends, timeout included.
  {
    code: `
      const waiting = new Map<string, (reply: string) => void>();
      function send(messageId: string) {
        return new Promise<string>((resolve, reject) => {
          waiting.set(messageId, resolve);
          setTimeout(() => reject(new Error('no reply')), 10_000);
        });
      }
      export async function request(messageId: string) {
        try {
          return await send(messageId);
        } finally {
          waiting.delete(messageId);
        }
      }
    `,
    exemptBy: 'bounded-by-eviction',
  },
];

ruleTester.run('no-unbounded-cache: removals that do not keep pace', rule, {
  valid: checkExemptions(valid, createUnboundedCacheDetector, detectorOptions),
  invalid: [
    // A clear only tests call, by its name.
    {
      code: `
        const sessions = new Map<string, object>();
        function openSession(sessionId: string, session: object) {
          sessions.set(sessionId, session);
        }
        process.on('message', (message: { sessionId: string }) => openSession(message.sessionId, message));
        export function resetSessionsForTests() {
          sessions.clear();
        }
      `,
      errors: [
        {
          messageId: 'unboundedCacheStalledRemoval',
          data: {
            what: 'Map `sessions`',
            lives: 'lives as long as the process',
            where: 'at line 4 in function `openSession`',
            removal:
              'its only clear() is in `resetSessionsForTests()`, a hook for tests that production code does not call',
          },
          suggestions: codemodSuggestion,
        },
      ],
    },
    // A clear only tests call, by the comment above it.
    {
      code: renderedClearedBy('Empties the cache between tests.'),
      errors: [
        {
          messageId: 'unboundedCacheStalledRemoval',
          data: {
            what: 'Map `rendered`',
            lives: 'lives as long as the process',
            where: 'at line 4 in function `render`',
            removal: 'its only clear() is in `clearRendered()`, a hook for tests that production code does not call',
          },
          suggestions: codemodSuggestion,
        },
      ],
    },
    // Removed only when the request fails: every success stays.
    {
      code: requestsDeleted({ onSuccess: false }),
      errors: [
        {
          messageId: 'unboundedCacheStalledRemoval',
          data: {
            what: 'Map `inFlight`',
            lives: 'lives as long as the process',
            where: 'at line 5 in function `load`',
            removal: 'its only delete() is in the catch clause at line 8, which runs only when something fails',
          },
          suggestions: codemodSuggestion,
        },
      ],
    },
    // Removed only in the failure branch of a callback.
    {
      code: `
        const jobs: Record<string, { start(done: (err?: Error) => void): void }> = {};
        export function run(jobId: string, work: { start(done: (err?: Error) => void): void }) {
          jobs[jobId] = work;
          work.start((err) => {
            if (err) {
              delete jobs[jobId];
              return;
            }
            console.log('finished', jobId);
          });
        }
      `,
      errors: [
        {
          messageId: 'unboundedCacheStalledRemoval',
          data: {
            what: 'Object `jobs`, used as a dictionary,',
            lives: 'lives as long as the process',
            where: 'at line 4 in function `run`',
            removal: 'its only removal is in the `if (err)` branch at line 6, which runs only when something fails',
          },
        },
      ],
    },
    // Removed only when the socket errors, not when it closes.
    {
      code: socketsRemovedOn('error'),
      errors: [
        {
          messageId: 'unboundedCacheStalledRemoval',
          data: {
            what: 'Map `clients`',
            lives: 'lives as long as the process',
            where: 'at line 4 in function `track`',
            removal: "its only delete() is in the 'error' listener at line 5, which runs only when something fails",
          },
          suggestions: codemodSuggestion,
        },
      ],
    },
    // A loop over the keys asked for is no sweep: each expired entry still waits for its key.
    {
      code: `
        const TTL = 60_000;
        const answers = new Map<string, { value: string; storedAt: number }>();
        export function lookUpAll(queries: string[]) {
          for (const query of queries) {
            const hit = answers.get(query);
            if (hit && Date.now() - hit.storedAt > TTL) answers.delete(query);
          }
        }
        export function remember(query: string, value: string) {
          answers.set(query, { value, storedAt: Date.now() });
        }
      `,
      errors: [
        {
          messageId: 'unboundedCacheStalledRemoval',
          data: {
            what: 'Map `answers`',
            lives: 'lives as long as the process',
            where: 'at line 11 in function `remember`',
            removal:
              'its only delete() drops an expired entry when the same key is read again (line 6), so an entry never asked for again stays',
          },
        },
      ],
    },
    // A time to live checked only when the same key is read again.
    {
      code: expiringAnswers,
      errors: [
        {
          messageId: 'unboundedCacheStalledRemoval',
          data: {
            what: 'Map `answers`',
            lives: 'lives as long as the process',
            where: 'at line 13 in function `remember`',
            removal:
              'its only delete() drops an expired entry when the same key is read again (line 5), so an entry never asked for again stays',
          },
        },
      ],
    },
    // A time to live checked only on a read, and a clear kept for tests: entries meant to expire do
    // not last the process as a test's reset marks, however rarely this file shows the writes run.
    {
      code: expiringAnswers + answersClearedForTests,
      errors: [
        {
          messageId: 'unboundedCacheStalledRemoval',
          data: {
            what: 'Map `answers`',
            lives: 'lives as long as the process',
            where: 'at line 13 in function `remember`',
            removal:
              'its only delete() drops an expired entry when the same key is read again (line 5), so an entry never asked for again stays',
          },
        },
      ],
    },
    // A delete in a function nothing calls.
    {
      code: visits,
      errors: [
        {
          messageId: 'unboundedCacheStalledRemoval',
          data: {
            what: 'Set `seen`',
            lives: 'lives as long as the process',
            where: 'at line 9 in the GET route handler',
            removal: 'its only delete() is in `forget()`, which nothing calls',
          },
          suggestions: codemodSuggestion,
        },
      ],
    },
    // A buffer emptied only by a hook for tests.
    {
      code: `
        const recent: string[] = [];
        process.on('message', (message: string) => {
          recent.push(message);
        });
        export function __resetRecent() {
          recent.length = 0;
        }
      `,
      errors: [
        {
          messageId: 'unboundedBufferStalledRemoval',
          data: {
            name: 'recent',
            lives: 'lives as long as the process',
            where: "at line 4 in the 'message' event callback",
            removal: 'its only removal is in `__resetRecent()`, a hook for tests that production code does not call',
          },
        },
      ],
    },
    // A module Map created where it is first needed lives as long as one created at load.
    {
      code: `
        let sessions: Map<string, object> | undefined;
        export function open(sessionId: string, session: object) {
          sessions ??= new Map();
          sessions.set(sessionId, session);
        }
      `,
      errors: [
        {
          messageId: 'unboundedCache',
          line: 2,
          data: {
            what: 'Map `sessions`',
            lives: 'lives as long as the process',
            where: 'at line 5 in function `open`',
          },
        },
      ],
    },
    // Likewise under \`if (!cache)\`, as a dictionary.
    {
      code: `
        let byToken;
        export function remember(token, user) {
          if (!byToken) {
            byToken = {};
          }
          byToken[token] = user;
        }
      `,
      errors: [
        {
          messageId: 'unboundedCache',
          line: 2,
          data: {
            what: 'Object \`byToken\`, used as a dictionary,',
            lives: 'lives as long as the process',
            where: 'at line 7 in function \`remember\`',
          },
        },
      ],
    },
    // Removed when every worker has answered; a request that times out stays.
    {
      code: `
        import cluster from 'node:cluster';
        const outstanding = new Map<number, { answers: string[]; waiting: number; finish(error?: Error): void }>();
        let counter = 0;
        export function gather(finish: (error?: Error) => void) {
          const requestId = counter++;
          const entry = {
            answers: [] as string[],
            waiting: Object.keys(cluster.workers ?? {}).length,
            finish,
          };
          outstanding.set(requestId, entry);
          setTimeout(() => {
            entry.finish(new Error('workers did not answer in time'));
          }, 5000);
        }
        cluster.on('message', (_worker, message: { requestId: number; answer: string }) => {
          const entry = outstanding.get(message.requestId);
          if (!entry) return;
          entry.answers.push(message.answer);
          if (--entry.waiting === 0) {
            outstanding.delete(message.requestId);
            entry.finish();
          }
        });
      `,
      errors: [
        {
          messageId: 'unboundedCacheStalledRemoval',
          data: {
            what: 'Map `outstanding`',
            lives: 'lives as long as the process',
            where: 'at line 12 in function `gather`',
            removal:
              'its only delete() runs when the work succeeds, while the timeout at line 13 fails the work and leaves its entry',
          },
        },
      ],
    },
    // The twin: the timeout is started in the branch that adds the entry, and fails that work.
    {
      code: `
        const LOCKS: Record<string, { queue: Array<() => void> }> = {};
        export class Lock {
          constructor(private readonly id: string) {}
          acquire(timeout: number) {
            return new Promise<void>((resolve, reject) => {
              if (LOCKS[this.id]) {
                LOCKS[this.id].queue.push(resolve);
              } else {
                LOCKS[this.id] = { queue: [] };
                setTimeout(() => reject(new Error('lock timed out ' + this.id)), timeout);
              }
            });
          }
          unlock() {
            const next = LOCKS[this.id].queue.shift();
            if (next) next();
            else delete LOCKS[this.id];
          }
        }
      `,
      errors: [{ messageId: 'unboundedCacheStalledRemoval' }],
    },
  ],
});
