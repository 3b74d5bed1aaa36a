import { ASYNC_CLIENT_METHODS, ASYNC_GLOBALS, ASYNC_MODULE_FUNCTIONS } from './async-apis.js';
import {
  END_OF_LIFE_EVENTS,
  HANDSHAKE_EVENTS,
  LISTENER_ADD_METHODS,
  LISTENER_REMOVE_METHODS,
  STABLE_CALLBACK_HOOKS,
} from './events.js';
import { TIMER_CLEARING_FUNCTIONS } from './timers.js';
import { CLIENT_CATALOGUE, PRESIGNERS, SHARED_TRANSPORT_CLIENTS, type OwnsNoTransport } from './clients.js';
import { CONFIGURATION_WORDS, DATA_WORDS, DECLARED_THINGS } from './key-words.js';
import { OPENING_CALLBACKS, OPENING_METHOD_VERBS } from './caches.js';
import { INSTANCE_SETUP_WORDS } from './lifecycle.js';
import { PLUGIN_HOST_FIELDS } from './process-lifetime.js';

/**
 * The knowledge lists the docs quote, by the name a docs marker uses
 * (`<!-- begin generated: list <name> -->`); scripts/docs-lists.mjs writes them out and
 * `npm run docs:check` fails when a page is stale.
 */
export const documentedLists: Readonly<Record<string, readonly string[]>> = {
  // no-floating-task's catalogue of calls known to return a promise (src/knowledge/async-apis.ts).
  'async-globals': [...ASYNC_GLOBALS],
  // `fs` beside `fs/promises` holds the same names under `promises.`: the page says so once.
  'async-module-functions': [...ASYNC_MODULE_FUNCTIONS]
    .filter(([module]) => !ASYNC_MODULE_FUNCTIONS.has(`${module}/promises`))
    .map(([module, names]) => `${module}: ${[...names].join(', ')}`),
  'async-client-methods': ASYNC_CLIENT_METHODS.map((entry) => `${entry.label}: ${[...entry.methods].join(', ')}`),
  'listener-add-methods': [...LISTENER_ADD_METHODS],
  'listener-remove-methods': [...LISTENER_REMOVE_METHODS],
  // no-listener-leak: the events a once() listener may wait for until its target ends.
  'end-of-life-events': [...END_OF_LIFE_EVENTS],
  // no-listener-leak: messages a client sends once per connection, to open its session.
  'handshake-events': [...HANDSHAKE_EVENTS],
  // no-listener-leak: hooks whose function stays the same across renders.
  'stable-callback-hooks': [...STABLE_CALLBACK_HOOKS],
  'timer-clearing-functions': TIMER_CLEARING_FUNCTIONS,
  // The client catalogue's packages (src/knowledge/clients.ts), as no-client-in-getter's page lists them.
  'client-packages': CLIENT_CATALOGUE.map((entry) => entry.label ?? String(entry.package)),
  // Catalogue clients whose idle connections close by themselves, and after what.
  'idle-closing-clients': CLIENT_CATALOGUE.flatMap((entry) =>
    entry.closesWhenIdle ? [`${entry.label ?? String(entry.package)}: after ${entry.closesWhenIdle.after}`] : [],
  ),
  // Catalogue clients that send through a transport their package keeps once per process, with the evidence.
  'shared-transport-catalogue': [...transportsOwnedByNone('shared')].map(
    ([transport, labels]) => `${labels.join(', ')}: ${transport.through} (${transport.evidence})`,
  ),
  // Catalogue clients whose connection closes after each use unless an option keeps it, with the evidence.
  'closes-after-use-clients': [...transportsOwnedByNone('closes-after-use')].map(
    ([transport, labels]) =>
      `${labels.join(', ')}: closes ${transport.closes} unless ${transport.unless} is set (${transport.evidence})`,
  ),
  // SDK clients left out of the catalogue because they share one transport per process.
  'shared-transport-clients': SHARED_TRANSPORT_CLIENTS.map((entry) => `${entry.package}: ${entry.builds}`),
  // Functions that only sign with the client they are handed (no-client-in-*'s only-presigns).
  presigners: PRESIGNERS.flatMap((entry) => entry.exports.map((name) => `${entry.package}: ${name}()`)),
  'data-words': [...DATA_WORDS],
  'declared-things': [...DECLARED_THINGS],
  // no-unbounded-cache's lifecycle pairs (src/knowledge/caches.ts): opening half → closing halves.
  'opening-methods': [...OPENING_METHOD_VERBS].map(
    ([open, closes]) => `${open}…: ${closes.map((c) => `${c}…`).join(', ')}`,
  ),
  'opening-callbacks': [...OPENING_CALLBACKS].map(([open, closes]) => `${open}: ${closes.join(', ')}`),
  'configuration-words': [...CONFIGURATION_WORDS],
  // no-floating-task: set-up methods, alone or as a prefix, whose pass over stored items is start-up work.
  'instance-setup-words': INSTANCE_SETUP_WORDS,
  // no-untracked-interval: package.json fields of a host's plugin, whose exported class is not a library's.
  'plugin-host-fields': PLUGIN_HOST_FIELDS,
};

/** The catalogue's `transport` notes of one kind, each with the packages that share it (aws-sdk and aws-sdk/clients/*). */
function transportsOwnedByNone<Kind extends OwnsNoTransport['kind']>(
  kind: Kind,
): Map<Extract<OwnsNoTransport, { kind: Kind }>, string[]> {
  const packages = new Map<Extract<OwnsNoTransport, { kind: Kind }>, string[]>();
  for (const entry of CLIENT_CATALOGUE) {
    const transport = entry.transport;
    if (transport?.kind !== kind) continue;
    const note = transport as Extract<OwnsNoTransport, { kind: Kind }>;
    packages.set(note, [...(packages.get(note) ?? []), entry.label ?? String(entry.package)]);
  }
  return packages;
}
