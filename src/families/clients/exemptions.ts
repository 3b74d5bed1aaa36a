import type { TSESTree } from '@typescript-eslint/utils';
import { resolveIdentifier, type AnalysisContext } from '../../core/context.js';
import { containsIdentifier, keyName, objectLiteralOf, within } from '../../core/ast.js';
import { outermostWrapperOf, resolveImportedValue, type ImportedValue } from '../../core/imports.js';
import { CLOSES_WHEN_IDLE_MAX_MS, PRESIGNERS, type OwnsNoTransport } from '../../knowledge/clients.js';
import { catalogueEntryOf } from './catalogue-match.js';
import { objectKeyChangedOutside } from './arguments.js';
import type { Exemption } from '../../core/exemptions.js';
import { isShortLivedFile } from '../../core/file-role.js';
import type { FateResult } from './placement.js';
import type { ClientConstruction, Placement } from './types.js';

/*
 * Why a client built where it runs again and again (a getter, a loop, a handler) is not a leak.
 * Placement itself ("does this run again and again?") and "is this a client at all?" are
 * preconditions, not exemptions: the detector checks them before this table.
 */

/** A catalogue client (or, type-aware, a disposable value) built where it runs again and again. */
export interface ClientSite {
  readonly ctx: AnalysisContext;
  readonly node: ClientConstruction;
  readonly placement: Placement;
  /** What becomes of the client; followed on first use, once. */
  readonly fate: () => FateResult;
  /** What builds the client: `node` itself, or what a factory that `node` calls builds. */
  readonly builder: ClientBuilder;
}

/**
 * The catalogue callee a client is built with, and the construction that calls it when this file
 * holds it (not when the project index found it in another file's factory: its arguments are not here).
 */
export interface ClientBuilder {
  readonly callee: ImportedValue | undefined;
  readonly isNew: boolean;
  readonly construction: ClientConstruction | undefined;
}

/** An exemption and the placements (rules) it can spare, so each rule's docs list only its own. */
export type ClientExemption = Exemption<ClientSite> & { readonly placements: readonly Placement['kind'][] };

const ALL: readonly Placement['kind'][] = ['getter', 'loop', 'handler'];

/** In order: the first that applies spares the site. */
export const CLIENT_EXEMPTIONS: readonly ClientExemption[] = [
  {
    name: 'per-element-in-short-lived-file',
    reason:
      "in a test or one-shot script, a client built from the loop's element (one per address a test server listens on): there is no single client to hoist, and the process ends with the run.",
    placements: ['loop'],
    applies: ({ ctx, node, placement }) =>
      placement.kind === 'loop' && isShortLivedFile(ctx) && builtFromElement(ctx, node, placement.repetition.node),
  },
  {
    name: 'memoized',
    reason:
      'filled once: `client ??= new X()`, `||=`, an `if (!this.client)` guard, a `while (!this.client)` retry loop that ends once it connects, or an early `if (this.client) return this.client` (a lazy singleton).',
    placements: ALL,
    applies: ({ fate }) => fate().fate === 'memoized',
  },
  {
    name: 'owned-by-client',
    reason:
      'passed straight into another client construction (`DynamoDBDocumentClient.from(new DynamoDBClient())`): the outer client owns it, and is the one judged.',
    placements: ALL,
    applies: ({ fate }) => fate().fate === 'wrapped',
  },
  {
    name: 'kept',
    reason:
      'kept beyond the access, iteration or call: pushed into an array, `set` into a Map, stored under a computed key, returned from a `map` callback or put in an object (one client per key is a bounded set, not one per item).',
    placements: ALL,
    applies: ({ fate }) => fate().fate === 'kept',
  },
  {
    name: 'returned-by-service',
    reason:
      'returned by a method of a long-lived service (`createClient()` of a singleton): whoever calls it decides whether to keep, share or close what it gets, and a factory method is how a service hands one out.',
    placements: ['handler'],
    applies: ({ placement, fate }) =>
      placement.kind === 'handler' && placement.serviceMethod === true && fate().fate === 'returned',
  },
  {
    name: 'closes-when-idle',
    reason:
      "a client whose connections close by themselves once idle (undici's `Agent`, `Pool`, `Client`: after `keepAliveTimeout`, 4 s by default), built with options that keep it so: one dropped per call holds its sockets for seconds, not for the life of the process.",
    placements: ALL,
    applies: closesWhenIdle,
  },
  {
    name: 'only-presigns',
    reason:
      "handed only to a function that signs with it (`getSignedUrl(new S3Client(), command)` of `@aws-sdk/s3-request-presigner`, `createPresignedPost`), directly or through a variable used for nothing else: presigning reads the client's configuration and sends nothing, so the client opens no socket and is collected with the call. A client also used to send is reported.",
    placements: ALL,
    applies: ({ ctx, node }) => onlyPresigns(ctx, node),
  },
  {
    name: 'shares-transport',
    reason:
      "an SDK client that sends through a transport its package keeps once per process (aws-sdk v2 services, Azure Storage clients, `@google-cloud/storage`'s `Storage`): one built per call holds no socket of its own and is collected with the call. Wasteful, not a leak.",
    placements: ALL,
    applies: (site) => ownsNoTransport(site)?.kind === 'shared',
  },
  {
    name: 'closes-after-use',
    reason:
      "a client whose connection closes after each use unless a boolean option keeps it (node's `http.Agent` or `https.Agent` without `keepAlive`, a nodemailer transport without `pool`), built with options that leave the option unset or `false` (no options, or an object literal, also through a variable declared with one that later writes touch only under other keys, such as `options.tls = …`): one dropped per call holds nothing once its request or message is done. With the option set, or options it cannot read, it is reported.",
    placements: ALL,
    applies: (site) => {
      const transport = ownsNoTransport(site);
      return transport?.kind === 'closes-after-use' && leavesOptionUnset(site, transport.unless);
    },
  },
  {
    name: 'started-as-statement',
    reason:
      'constructed as a statement of its own in a loop (`new Worker(queue, processor)` for each queue): nothing uses and drops it, it is started, and one worker per queue is how bullmq is run.',
    placements: ['loop'],
    applies: ({ fate }) => fate().fate === 'started',
  },
];

/** The exemptions that can spare a construction in `placement`, in table order (a rule's docs). */
export function clientExemptionsFor(placement: Placement['kind']): readonly ClientExemption[] {
  return CLIENT_EXEMPTIONS.filter((exemption) => exemption.placements.includes(placement));
}

/**
 * A catalogue client whose idle connections close by themselves (ClientEntry.closesWhenIdle),
 * unless an options object sets the idle time to something not known to be short: a variable, or
 * a number above CLOSES_WHEN_IDLE_MAX_MS.
 */
function closesWhenIdle({ builder }: ClientSite): boolean {
  const entry =
    builder.callee && catalogueEntryOf(builder.callee, builder.isNew, (e) => e.closesWhenIdle !== undefined);
  if (!entry?.closesWhenIdle || !builder.construction) return false;
  const stretching = new Set(entry.closesWhenIdle.options);
  return builder.construction.arguments.every(
    (argument) =>
      argument.type !== 'ObjectExpression' ||
      argument.properties.every((property) => {
        if (property.type !== 'Property') return false;
        const key = keyName(property.key, property.computed);
        if (key === undefined || !stretching.has(key)) return key !== undefined;
        return (
          property.value.type === 'Literal' &&
          typeof property.value.value === 'number' &&
          property.value.value <= CLOSES_WHEN_IDLE_MAX_MS
        );
      }),
  );
}

/**
 * The client is only ever handed to a presigner (PRESIGNERS) at its client position: the
 * construction is that argument itself, or initializes a `const` whose every read is.
 */
function onlyPresigns(ctx: AnalysisContext, node: TSESTree.Node): boolean {
  const current = outermostWrapperOf(node);
  const parent = current.parent;
  // `getSignedUrl(await makeClient(), command)`: the client the factory's promise gives.
  if (parent?.type === 'AwaitExpression') return onlyPresigns(ctx, parent);
  if (parent?.type === 'CallExpression' && parent.callee !== current)
    return isPresignerClientArgument(ctx, parent, current);
  if (parent?.type !== 'VariableDeclarator' || parent.init !== current || parent.id.type !== 'Identifier') return false;
  if (parent.parent.kind !== 'const') return false;
  const reads = resolveIdentifier(ctx, parent.id)?.references.filter((ref) => ref.identifier !== parent.id) ?? [];
  return (
    reads.length > 0 &&
    reads.every((ref) => {
      const read = outermostWrapperOf(ref.identifier);
      return read.parent?.type === 'CallExpression' && isPresignerClientArgument(ctx, read.parent, read);
    })
  );
}

/** `argument` is the client argument of `call`, a call of a presigner imported from its package. */
function isPresignerClientArgument(
  ctx: AnalysisContext,
  call: TSESTree.CallExpression,
  argument: TSESTree.Node,
): boolean {
  const imported = resolveImportedValue(ctx, call.callee);
  const name = imported?.path[imported.path.length - 1];
  const entry = imported && PRESIGNERS.find((e) => e.package === imported.source);
  return (
    entry !== undefined &&
    name !== undefined &&
    entry.exports.includes(name) &&
    call.arguments[entry.clientArgument] === argument
  );
}

/** What the site's catalogue entry says of its transport (ClientEntry.transport), through what builds it. */
function ownsNoTransport({ builder }: ClientSite): OwnsNoTransport | undefined {
  return builder.callee && catalogueEntryOf(builder.callee, builder.isNew, (e) => e.transport !== undefined)?.transport;
}

/**
 * Whether the construction leaves the boolean `option` unset or `false`: every argument is an
 * object literal of plain properties (or a variable declared with one and never changed) that
 * does not set it to anything else. Arguments it cannot see (another file's factory) count as set.
 */
function leavesOptionUnset({ ctx, builder }: ClientSite, option: string): boolean {
  const construction = builder.construction;
  if (!construction) return false;
  return construction.arguments.every((argument) => {
    const options = objectLiteralOf(ctx, argument, { evenUnwrittenLet: true });
    return (
      (argument.type !== 'Identifier' || !optionChanged(ctx, construction, argument, option)) &&
      options !== undefined &&
      options.properties.every((property) => {
        if (property.type !== 'Property') return false;
        const key = keyName(property.key, property.computed);
        if (key === undefined) return false;
        return key !== option || (property.value.type === 'Literal' && property.value.value === false);
      })
    );
  });
}

/**
 * Whether code may change `option` in the options object the variable `name` holds
 * (`options.pool = true`, `Object.assign(options, …)`), after the same reading as a configuration
 * object changed after load (objectKeyChangedOutside): a write to another of its keys leaves it unset.
 */
function optionChanged(
  ctx: AnalysisContext,
  construction: ClientConstruction,
  name: TSESTree.Identifier,
  option: string,
): boolean {
  const variable = resolveIdentifier(ctx, name);
  return variable !== undefined && objectKeyChangedOutside(construction, variable, option) !== undefined;
}

/** Whether the construction's arguments read a variable declared inside the loop (its element, a per-iteration const). */
function builtFromElement(ctx: AnalysisContext, node: ClientConstruction, loop: TSESTree.Node): boolean {
  const declaredInLoop = (identifier: TSESTree.Identifier): boolean =>
    resolveIdentifier(ctx, identifier)?.defs.some((def) => within(loop, def.name)) ?? false;
  return node.arguments.some((argument) => containsIdentifier(argument, declaredInLoop));
}
