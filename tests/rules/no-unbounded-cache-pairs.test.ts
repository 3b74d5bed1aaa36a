import { describe, expect, it } from 'vitest';
import rule, { type Options } from '../../rules/no-unbounded-cache.js';
import { codemod } from '../../codemods/bounded-cache.js';
import { checkExemptions, type ExemptCase } from '../helpers/exemptions.js';
import { createUnboundedCacheDetector } from '../../src/families/caches/unbounded-cache.js';
import { DEFAULT_UNBOUNDED_CACHE_OPTIONS } from '../../src/families/caches/findings.js';
import { ruleTester } from '../helpers/rule-tester.js';

/*
 * A lifecycle pair: an opening half (`subscribe()`, `addClient()`, a server's `onConnect`
 * callback) adds an entry, and the closing half beside it (`unsubscribe()`, `removeClient()`,
 * `onClose`) is where the entry should leave. When the closing half removes nothing and nothing
 * else does, every opening leaves its entry behind: real leaks were a pub/sub engine's subscription
 * map and an MCP server's session list. The pair shows the holder outlives many openings, so an
 * instance field is judged without `instanceFields`, and the opening half counts as code that runs
 * again and again whatever its key is named. Default options throughout.
 */

const detectorOptions = (options: Options | undefined) => ({ ...DEFAULT_UNBOUNDED_CACHE_OPTIONS, ...options?.[0] });

/** A topic bus whose `unsubscribe()` runs `closing` (a statement about `this.handlers` and `handle`). */
const topicBus = (closing: string): string => `
  type Handler = (payload: unknown) => void;
  export class TopicBus {
    private handlers: Record<number, [string, Handler]> = {};
    private nextHandle = 0;
    subscribe(topic: string, handler: Handler): number {
      const handle = this.nextHandle++;
      this.handlers[handle] = [topic, handler];
      return handle;
    }
    unsubscribe(handle: number): void {
      const [topic] = this.handlers[handle] ?? [];
      ${closing}
      console.log('left', topic);
    }
  }
`;

/** A server whose options object gets `onConnect` and `onClose`; `onClose` runs `closing`. */
const chatServer = (closing: string): string => `
  declare function listen<S>(options: {
    onConnect(session: S): Promise<void>;
    onClose(session: S): Promise<void>;
  }): Promise<void>;
  export class ChatServer<S> {
    #rooms: S[] = [];
    get rooms(): S[] {
      return this.#rooms;
    }
    async start() {
      await listen<S>({
        onConnect: async (session) => {
          this.#rooms.push(session);
        },
        onClose: async (session) => {
          ${closing}
        },
      });
    }
  }
`;

/** A module-level map of file watchers whose `unwatch()` runs `closing` (about `watchers` and `handle`). */
const fileWatchers = (closing: string): string => `
  const watchers = new Map<number, (path: string) => void>();
  let next = 0;
  export const files = {
    watch(onChange: (path: string) => void) {
      watchers.set(next, onChange);
      return next++;
    },
    unwatch(handle: number) {
      ${closing}
    },
  };
`;

/**
 * A filter made of a series of fixed-size filters, whose `add()` starts a new one only when no
 * filter of the series can take more; `find` asks `lookup` (a predicate of the element, or one
 * comparing it with the item added).
 */
const filterSeries = (lookup: string): string => `
  declare class Filter {
    readonly reliable: boolean;
    readonly item?: string;
    constructor(size: number, item?: string);
    add(item: string): boolean;
    remove(item: string): boolean;
  }
  export class ScalableFilter {
    private series: Filter[] = [new Filter(1024)];
    add(item: string): boolean {
      let current = this.series.find(${lookup});
      if (current == null) {
        current = new Filter(1024 * 2 ** this.series.length, item);
        this.series.push(current);
      }
      return current.add(item);
    }
    remove(item: string): boolean {
      return this.series.some((filter) => filter.remove(item));
    }
  }
`;

const valid: ExemptCase<Options>[] = [
  // A scalable filter (set 26: a peer-to-peer library's scalable cuckoo filter) grows its series
  // only when every filter is full: a pool, its elements reused, not an entry per item added.
  { code: filterSeries('(filter) => filter.reliable'), exemptBy: 'pool-extension' },
  // The same pool at module level, the test written `!worker`.
  {
    code: `
      declare class Worker {
        idle: boolean;
        run(job: string): Promise<void>;
      }
      const workers: Worker[] = [];
      export function onJob(job: string) {
        let worker = workers.find((w) => w.idle);
        if (!worker) {
          worker = new Worker();
          workers.push(worker);
        }
        return worker.run(job);
      }
    `,
    exemptBy: 'pool-extension',
  },
  // The closing half deletes the entry it opened.
  { code: topicBus('delete this.handlers[handle];') },
  // The closing half writes the collection itself (an empty entry kept per topic): the author
  // manages its entries there, so the keys, not the pair, decide.
  {
    code: `
      export class Fanout {
        private refs: Record<string, number[]> = {};
        subscribe(topic: string, id: number) {
          this.refs[topic] = [...(this.refs[topic] ?? []), id];
        }
        unsubscribe(topic: string, id: number) {
          this.refs[topic] = (this.refs[topic] ?? []).filter((other) => other !== id);
        }
      }
    `,
  },
  // The session leaves the list when it closes.
  {
    code: chatServer(`
      const at = this.#rooms.indexOf(session);
      if (at !== -1) this.#rooms.splice(at, 1);
    `),
  },
  // No closing half: how long a `Watchlist` lives, and so its field, is decided elsewhere.
  {
    code: `
      export class Watchlist {
        private watched = new Set<string>();
        subscribe(symbol: string) {
          this.watched.add(symbol);
        }
      }
    `,
  },
  // `connect()` and `disconnect()` on a client run once per instance: not a pair of many openings.
  {
    code: `
      export class Feed {
        private sockets: WebSocket[] = [];
        connect(address: string) {
          this.sockets.push(new WebSocket(address));
        }
        disconnect() {
          for (const socket of this.sockets) socket.close();
        }
      }
    `,
  },
  // The opening half writes a fixed key: one entry whatever the number of openings.
  {
    code: `
      export class Presence {
        private flags: Record<string, boolean> = {};
        join(room: string) {
          this.flags['joined'] = true;
          console.log(room);
        }
        leave(room: string) {
          console.log(room);
        }
      }
    `,
    exemptBy: 'finite-keys',
  },
  // A module-level registry whose closing half deletes: its removal keeps pace.
  {
    code: fileWatchers('watchers.delete(handle);'),
    exemptBy: 'bounded-by-eviction',
  },
];

ruleTester.run('no-unbounded-cache: lifecycle pairs', rule, {
  valid: checkExemptions(valid, createUnboundedCacheDetector, detectorOptions),
  invalid: [
    // `unsubscribe()` reads the entry it should delete, and leaves it.
    {
      code: topicBus('void this.handlers;'),
      errors: [
        {
          messageId: 'unboundedCacheStalledRemoval',
          line: 4,
          data: {
            what: 'Object `this.handlers`, used as a dictionary,',
            lives: 'lives as long as each `TopicBus` instance, across every `subscribe()`',
            where: 'at line 8 in method `subscribe` of class `TopicBus`',
            removal: '`unsubscribe()` ends what `subscribe()` opens and removes nothing from it',
          },
        },
      ],
    },
    // A server's session list: `onClose` only logs, and a getter shows the list to readers.
    {
      code: chatServer(`console.log('closed', session);`),
      errors: [
        {
          messageId: 'unboundedBufferStalledRemoval',
          line: 7,
          data: {
            name: 'this.#rooms',
            lives: 'lives as long as each `ChatServer` instance, across every `onConnect()`',
            where: 'at line 14 in method `onConnect`',
            removal: '`onClose()` ends what `onConnect()` opens and removes nothing from it',
          },
        },
      ],
    },
    // `removeClient()` closes the socket and forgets to drop it.
    {
      code: `
        import type { Socket } from 'node:net';
        export class Hub {
          #clients = new Set<Socket>();
          addClient(socket: Socket) {
            this.#clients.add(socket);
          }
          removeClient(socket: Socket) {
            socket.destroy();
          }
        }
      `,
      errors: [{ messageId: 'unboundedCacheStalledRemoval', line: 4 }],
    },
    // The search compares each filter with the item added: one filter kept per item, a cache
    // over an array that grows with every distinct item.
    {
      code: filterSeries('(filter) => filter.item === item'),
      errors: [{ messageId: 'unboundedBufferStalledRemoval', line: 10 }],
    },
    // A module-level map: the opening half runs once per watch, whatever its key is named.
    {
      code: fileWatchers(`console.log('unwatched', handle);`),
      errors: [
        {
          messageId: 'unboundedCacheStalledRemoval',
          line: 2,
          data: {
            what: 'Map `watchers`',
            lives: 'lives as long as the process',
            where: 'at line 6 in method `watch`',
            removal: '`unwatch()` ends what `watch()` opens and removes nothing from it',
          },
        },
      ],
    },
  ],
});

describe('bounded-cache and lifecycle pairs', () => {
  it('leaves a pair-shaped collection alone: an LRUCache would drop live entries', () => {
    const result = codemod.analyze(topicBus('void this.handlers;'), 'bus.ts', codemod.parseOptions({}));
    expect(result.status).toBe('unchanged');
    expect(result.left.map((site) => site.reason)).toEqual([
      'its entries are what `subscribe()` opens, live until `unsubscribe()`: an LRUCache would drop live ones. Delete each entry in `unsubscribe()`',
    ]);
  });
});
