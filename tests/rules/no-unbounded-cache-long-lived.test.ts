import rule, { type Options } from '../../rules/no-unbounded-cache.js';
import { checkExemptions, type ExemptCase } from '../helpers/exemptions.js';
import { createUnboundedCacheDetector } from '../../src/families/caches/unbounded-cache.js';
import { DEFAULT_UNBOUNDED_CACHE_OPTIONS, type UnboundedCacheOptions } from '../../src/families/caches/findings.js';
import { codemodSuggestion, ruleTester } from '../helpers/rule-tester.js';

/*
 * Instance fields of objects that live as long as the process, reported with the default options
 * (no instanceFields): a module's one instance, a dependency-injection singleton, and fields the
 * constructor creates (`this.cache = new Map()`). Their twins: an instance per request, an owner
 * whose lifetime nothing shows, a provider with another scope, a bounded field.
 */

const detectorOptions = (options: Readonly<Options> | undefined): UnboundedCacheOptions => ({
  ...DEFAULT_UNBOUNDED_CACHE_OPTIONS,
  ...options?.[0],
});

const valid: ExemptCase<Options>[] = [
  // A NestJS provider scoped per request: a new instance, and a new Map, per request.
  {
    code: `
import { Injectable, Scope } from '@nestjs/common';

@Injectable({ scope: Scope.REQUEST })
export class ProfileLoader {
  private readonly byUserId = new Map<string, object>();

  load(userId: string, profile: object) {
    this.byUserId.set(userId, profile);
  }
}
`,
  },
  // Transient: one instance per injection, owned by whoever injects it.
  {
    code: `
import { Injectable, Scope } from '@nestjs/common';

@Injectable({ scope: Scope.TRANSIENT })
export class Visits {
  private readonly byUrl = new Map<string, number>();

  note(url: string) {
    this.byUrl.set(url, Date.now());
  }
}
`,
  },
  // An Angular service without providedIn: provided where a component lists it, perhaps per component.
  {
    code: `
import { Injectable } from '@angular/core';

@Injectable()
export class DraftStore {
  private drafts = new Map<string, string>();

  keep(documentId: string, text: string) {
    this.drafts.set(documentId, text);
  }
}
`,
  },
  // An `Injectable` that is not NestJS's: nothing says who builds it, or how often.
  {
    code: `
import { Injectable } from './decorators';

@Injectable()
export class Lookups {
  private readonly byUserId = new Map<string, object>();

  remember(userId: string, user: object) {
    this.byUserId.set(userId, user);
  }
}
`,
  },
  // A singleton whose field is capped: it checks the size before it adds.
  {
    code: `
import { Injectable } from '@nestjs/common';

@Injectable()
export class TokenCache {
  private readonly byToken = new Map<string, object>();

  remember(token: string, claims: object) {
    if (this.byToken.size > 1000) this.byToken.clear();
    this.byToken.set(token, claims);
  }
}
`,
    exemptBy: 'bounded-by-eviction',
  },
  // A singleton that deletes each entry when its work completes.
  {
    code: `
import { Injectable } from '@nestjs/common';

@Injectable()
export class Uploads {
  private readonly inFlight = new Map<string, Promise<void>>();

  start(uploadId: string, work: Promise<void>) {
    this.inFlight.set(uploadId, work);
    work.finally(() => this.inFlight.delete(uploadId));
  }
}
`,
    exemptBy: 'bounded-by-eviction',
  },
  // A public field of a singleton provider: other files may evict it (see reportEscaping).
  {
    code: `
import { Injectable } from '@nestjs/common';

@Injectable()
export class Sessions {
  readonly bySessionId = new Map<string, object>();

  open(sessionId: string, session: object) {
    this.bySessionId.set(sessionId, session);
  }
}
`,
    exemptBy: 'exported',
  },
  // Created by the constructor, but the class is built per request: each Map goes with its instance.
  {
    code: `
class Visits {
  constructor() {
    this.byUrl = new Map();
  }

  note(url) {
    this.byUrl.set(url, Date.now());
  }
}

app.get('/page', (req, res) => {
  new Visits().note(req.url);
  res.end();
});
`,
    filename: 'file.js',
  },
  // Created by the constructor of a class other files build, as often as they like.
  {
    code: `
class PubSub {
  constructor() {
    this.handlers = {};
    this.nextId = 0;
  }

  subscribe(topic, handler) {
    const subscriptionId = this.nextId++;
    this.handlers[subscriptionId] = [topic, handler];
    return subscriptionId;
  }
}

module.exports = PubSub;
`,
    filename: 'file.js',
  },
  // The module's one instance resets the map whenever the servers change, from code that runs.
  {
    code: `
class Ring {
  constructor(servers) {
    this.servers = servers;
    this.byKey = {};
  }

  serverFor(key) {
    return (this.byKey[key] ??= this.servers[key.length % this.servers.length]);
  }

  reset(servers) {
    this.servers = servers;
    this.byKey = {};
  }
}

const ring = new Ring(['a', 'b']);
setInterval(() => ring.reset(['a', 'b', 'c']), 60_000);

app.get('/server', (req, res) => {
  res.send(ring.serverFor(req.query.key));
});
`,
    filename: 'file.js',
    exemptBy: 'bounded-by-eviction',
  },
  // A static "instance" that is replaced on every call is no singleton: each call makes a new one.
  {
    code: `
export class Report {
  private static latest: Report | undefined;
  private readonly rowsByUserId = new Map<string, object>();

  static create(): Report {
    Report.latest = new Report();
    return Report.latest;
  }

  add(userId: string, row: object) {
    this.rowsByUserId.set(userId, row);
  }
}
`,
  },
  // Created where first needed, but per instance of another class: as long-lived as that instance.
  {
    code: `
class Cache {
  private readonly byUrl = new Map<string, string>();

  put(url: string, body: string) {
    this.byUrl.set(url, body);
  }
}

export class Client {
  private cache: Cache | undefined;

  remember(url: string, body: string) {
    if (!this.cache) this.cache = new Cache();
    this.cache.put(url, body);
  }
}
`,
  },
  // Collections kept by the closures of a function that runs once are judged only where declared
  // at module scope: real-code runs of that shape found no leak and two false positives, these two.
  // A browser script's IIFE caching the text behind a page's copy buttons.
  {
    code: `
(function () {
  var copyCache = {};

  function getCopyText(button) {
    var url = button.getAttribute('data-copy-url');
    if (copyCache[url]) return Promise.resolve(copyCache[url]);
    return fetch(url)
      .then((response) => response.text())
      .then((text) => {
        copyCache[url] = text;
        return text;
      });
  }

  document.querySelectorAll('[data-copy-url]').forEach((button) => {
    button.addEventListener('click', () => getCopyText(button));
  });
})();
`,
    filename: 'file.js',
  },
  // A build tool's plugin factory keeping one hash per virtual module (a type imported from elsewhere).
  {
    code: `
import type { VirtualModule } from './vmod';

export const adminPlugin = (sources: string[]) => {
  const hashMap = new Map<VirtualModule, string>();

  async function load(config: { hashKey: VirtualModule; hash: () => Promise<string> }) {
    hashMap.set(config.hashKey, await config.hash());
  }

  return { name: 'admin', load };
};

export default adminPlugin(['src/admin']);
`,
  },
  // A property of an exported function: other files may clear it.
  {
    code: `
function resolveUrl(url) {
  if (!(url in resolveUrl.cache)) resolveUrl.cache[url] = new URL(url).href;
  return resolveUrl.cache[url];
}
resolveUrl.cache = {};

module.exports = resolveUrl;
`,
    filename: 'file.js',
    exemptBy: 'exported',
  },
];

ruleTester.run('no-unbounded-cache: fields of long-lived objects', rule, {
  valid: checkExemptions(valid, createUnboundedCacheDetector, detectorOptions),
  invalid: [
    // A NestJS provider is built once by the container: its Map lives as long as the process.
    {
      code: `
import { Injectable } from '@nestjs/common';

@Injectable()
export class ProfileLoader {
  private readonly byUserId = new Map<string, object>();

  load(userId: string, profile: object) {
    this.byUserId.set(userId, profile);
  }
}
`,
      errors: [
        {
          messageId: 'unboundedCache',
          line: 6,
          data: {
            what: 'Map `this.byUserId`',
            lives: 'lives as long as the process (a field of `ProfileLoader`, kept as a singleton by NestJS)',
            where: 'at line 9 in method `load` of class `ProfileLoader`',
          },
          suggestions: codemodSuggestion,
        },
      ],
    },
    // Angular's `providedIn: 'root'`: one instance for the application.
    {
      code: `
import { Injectable } from '@angular/core';

@Injectable({ providedIn: 'root' })
export class DraftStore {
  private drafts = new Map<string, string>();

  keep(documentId: string, text: string) {
    this.drafts.set(documentId, text);
  }
}
`,
      errors: [
        {
          messageId: 'unboundedCache',
          line: 6,
          data: {
            what: 'Map `this.drafts`',
            lives: 'lives as long as the process (a field of `DraftStore`, kept as a singleton by Angular)',
            where: 'at line 9 in method `keep` of class `DraftStore`',
          },
          suggestions: codemodSuggestion,
        },
      ],
    },
    // A field the constructor creates, on the module's one instance (CommonJS).
    {
      code: `
class Registry {
  constructor() {
    this.pagesByUrl = new Map();
  }

  remember(url, page) {
    this.pagesByUrl.set(url, page);
  }
}

module.exports = new Registry();
`,
      filename: 'file.js',
      errors: [
        {
          messageId: 'unboundedCache',
          line: 4,
          data: {
            what: 'Map `this.pagesByUrl`',
            lives: "lives as long as the process (a field of the module's one `Registry` instance)",
            where: 'at line 8 in method `remember` of class `Registry`',
          },
          suggestions: [
            {
              messageId: 'useLruCache',
              output: `const { LRUCache } = require('lru-cache');

class Registry {
  constructor() {
    this.pagesByUrl = new LRUCache({ max: 1000 });
  }

  remember(url, page) {
    this.pagesByUrl.set(url, page);
  }
}

module.exports = new Registry();
`,
            },
          ],
        },
      ],
    },
    // Declared with its types, created in the constructor, on a singleton provider.
    {
      code: `
import { Injectable } from '@nestjs/common';

@Injectable()
export class Subscriptions {
  private bySubscriptionId: Record<string, () => void>;

  constructor() {
    this.bySubscriptionId = {};
  }

  subscribe(subscriptionId: string, listener: () => void) {
    this.bySubscriptionId[subscriptionId] = listener;
  }
}
`,
      errors: [
        {
          messageId: 'unboundedCache',
          line: 9,
          data: {
            what: 'Object `this.bySubscriptionId`, used as a dictionary,',
            lives: 'lives as long as the process (a field of `Subscriptions`, kept as a singleton by NestJS)',
            where: 'at line 13 in method `subscribe` of class `Subscriptions`',
          },
          suggestions: codemodSuggestion,
        },
      ],
    },
    // The classic singleton: every `new` creates the one instance a static field keeps.
    {
      code: `
export class FeatureFlags {
  private static instance: FeatureFlags | undefined;
  private readonly byUserId = new Map<string, boolean>();

  private constructor() {}

  static getInstance(): FeatureFlags {
    if (!FeatureFlags.instance) FeatureFlags.instance = new FeatureFlags();
    return FeatureFlags.instance;
  }

  remember(userId: string, enabled: boolean) {
    this.byUserId.set(userId, enabled);
  }
}
`,
      errors: [
        {
          messageId: 'unboundedCache',
          line: 4,
          data: {
            what: 'Map `this.byUserId`',
            lives:
              'lives as long as the process (a field of the one `FeatureFlags` instance, kept in its static `instance`)',
            where: 'at line 14 in method `remember` of class `FeatureFlags`',
          },
          suggestions: codemodSuggestion,
        },
      ],
    },
    // A module's one instance, created where first needed and handed out by a getter.
    {
      code: `
class Sessions {
  #bySessionId = new Map<string, object>();

  open(sessionId: string, session: object) {
    this.#bySessionId.set(sessionId, session);
  }
}

let sessions: Sessions | undefined;

export function getSessions(): Sessions {
  sessions ??= new Sessions();
  return sessions;
}
`,
      errors: [
        {
          messageId: 'unboundedCache',
          line: 3,
          data: {
            what: 'Map `this.#bySessionId`',
            lives: "lives as long as the process (a field of the module's one `Sessions` instance)",
            where: 'at line 6 in method `open` of class `Sessions`',
          },
          suggestions: codemodSuggestion,
        },
      ],
    },
    // A property of a module-level function lives as long as the function.
    {
      code: `
function resolveUrl(url) {
  if (!(url in resolveUrl.cache)) resolveUrl.cache[url] = new URL(url).href;
  return resolveUrl.cache[url];
}
resolveUrl.cache = {};

module.exports = (req, res) => res.end(resolveUrl(req.url));
`,
      filename: 'file.js',
      errors: [
        {
          messageId: 'unboundedCache',
          line: 6,
          data: {
            what: 'Object `resolveUrl.cache`, used as a dictionary,',
            lives: "lives as long as the process (a property of the module's function `resolveUrl`)",
            where: 'at line 3 in function `resolveUrl`',
          },
          suggestions: [
            {
              messageId: 'useLruCache',
              output: `const { LRUCache } = require('lru-cache');

function resolveUrl(url) {
  if (!(resolveUrl.cache.has(url))) resolveUrl.cache.set(url, new URL(url).href);
  return resolveUrl.cache.get(url);
}
resolveUrl.cache = new LRUCache({ max: 1000 });

module.exports = (req, res) => res.end(resolveUrl(req.url));
`,
            },
          ],
        },
      ],
    },
    // Created by the constructor of a class of unknown lifetime: reported with instanceFields.
    {
      code: `
class PubSub {
  constructor() {
    this.handlers = {};
  }

  subscribe(subscriptionId, handler) {
    this.handlers[subscriptionId] = handler;
  }
}

module.exports = PubSub;
`,
      filename: 'file.js',
      options: [{ ...DEFAULT_UNBOUNDED_CACHE_OPTIONS, boundedCaches: [], instanceFields: true, reportEscaping: true }],
      errors: [
        {
          messageId: 'unboundedCache',
          line: 4,
          data: {
            what: 'Object `this.handlers`, used as a dictionary,',
            lives: 'lives as long as each `PubSub` instance (a singleton lives as long as the process)',
            where: 'at line 8 in method `subscribe` of class `PubSub`',
          },
        },
      ],
    },
  ],
});
