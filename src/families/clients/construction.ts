import type { TSESTree } from '@typescript-eslint/utils';
import type { AnalysisContext } from '../../core/context.js';
import type { DetectorFactory } from '../../core/detector.js';
import {
  importThenSource,
  normalizeModule,
  requireSource,
  resolveImportedValue,
  staticPropertyName,
  type ImportedValue,
} from '../../core/imports.js';
import { CLIENT_CATALOGUE, type ClientEntry, type ClientKind, type UserClientEntry } from '../../knowledge/clients.js';
import {
  isClientExport,
  isClientPackage,
  isClientStaticFactory,
  isConnectionFactory,
  userEntries,
} from './catalogue-match.js';
import { fateOf, hasDisposableType, placementOf, type FateResult } from './placement.js';
import { hasProjectLookup, projectFreshBuild } from '../../frequency/frequency-of.js';
import type { FreshBuildAnswer } from '../../project/index.js';
import { CLIENT_EXEMPTIONS, type ClientBuilder, type ClientSite } from './exemptions.js';
import { exemptionOf, type SparedSite } from '../../core/exemptions.js';
import type { ClientConstruction, ClientFinding, Placement } from './types.js';
import {
  declaredVariableOf,
  enclosingFunction,
  forEachDescendant,
  isFunctionNode,
  keyName,
  shortText,
} from '../../core/ast.js';
import { thisCallsOf } from '../../frequency/run-context.js';
import { isValueWrapper } from '../../core/imports.js';

export interface ClientConstructionOptions {
  /** Extra client exports on top of the catalogue. */
  readonly clients: readonly UserClientEntry[];
  /** Also treat any constructed value whose type has close/destroy/end/… as a client. */
  readonly typeAware: boolean;
}

export const DEFAULT_CLIENT_OPTIONS: ClientConstructionOptions = { clients: [], typeAware: false };

/**
 * Catalogue clients (and, in type-aware mode, any constructed value with close/destroy/…) built
 * where they run again and again: on every access of a getter, every iteration of a loop or
 * iteration callback, every call of a request or message handler. A client that is memoized,
 * kept beyond the iteration or call (a per-key pool), or owned by another client is not a finding.
 */
export const createClientConstructionDetector: DetectorFactory<ClientConstructionOptions, ClientFinding> = (
  ctx,
  options,
) => {
  const entries: readonly ClientEntry[] = options.clients.length
    ? [...CLIENT_CATALOGUE, ...userEntries(options.clients)]
    : CLIENT_CATALOGUE;
  const packageMatches = (source: string): boolean => isClientPackage(entries, source);
  /** Local names bound by an import or require of a client package: the cheap pre-check. */
  const clientNames = new Set<string>();
  const candidates: { node: ClientConstruction; value: ImportedValue | undefined; kind: ClientKind }[] = [];
  /** With the project index: local names imported from modules that are not client packages (the project's own, maybe). */
  const crossFile = hasProjectLookup(ctx);
  const otherNames = new Set<string>();
  /** Calls and `new`s of those names: a project factory or class that may build a client per call (fresh-builds.ts). */
  const factoryCalls: ClientConstruction[] = [];

  const collectBindings = (declarator: TSESTree.VariableDeclarator): void => {
    const init = declarator.init ? rootOf(declarator.init) : undefined;
    const source = init ? loadedSource(init) : undefined;
    if (source !== undefined && crossFile && !packageMatches(source)) {
      if (declarator.id.type === 'Identifier') otherNames.add(declarator.id.name);
      forEachDescendant(declarator.id, (n) => {
        if (n.type === 'Identifier') otherNames.add(n.name);
      });
    }
    if (source === undefined || !packageMatches(source)) return;
    forEachDescendant(declarator.id, (n) => {
      if (n.type === 'Identifier' && !(n.parent?.type === 'Property' && n.parent.key === n && !n.parent.shorthand))
        clientNames.add(n.name);
    });
    if (declarator.id.type === 'Identifier') clientNames.add(declarator.id.name);
  };

  /** The identifier or require() at the root of a callee (`AWS` in `AWS.S3`), when it may be a client name. */
  const mayBeClient = (callee: TSESTree.Node): boolean => {
    const root = rootOf(callee);
    if (root.type === 'Identifier') return clientNames.has(root.name);
    // `this.microservices.ClientProxyFactory.create()`: a field the class types as a client package.
    if (root.type === 'ThisExpression' && callee.type === 'MemberExpression' && callee.object !== root)
      return packageMatches(resolveImportedValue(ctx, callee)?.source ?? '');
    return packageMatches(loadedSource(root) ?? '');
  };

  const mayBeProjectFactory = (callee: TSESTree.Node): boolean => {
    const root = rootOf(callee);
    return root.type === 'Identifier' && otherNames.has(root.name);
  };

  const visitors = {
    ImportDeclaration(node: TSESTree.ImportDeclaration) {
      if (node.importKind === 'type') return;
      const names = packageMatches(normalizeModule(node.source.value))
        ? clientNames
        : crossFile
          ? otherNames
          : undefined;
      for (const spec of names ? node.specifiers : []) names!.add(spec.local.name);
    },
    TSImportEqualsDeclaration(node: TSESTree.TSImportEqualsDeclaration) {
      const ref = node.moduleReference;
      if (
        ref.type === 'TSExternalModuleReference' &&
        ref.expression.type === 'Literal' &&
        packageMatches(normalizeModule(String(ref.expression.value)))
      )
        clientNames.add(node.id.name);
    },
    VariableDeclarator: collectBindings,
    // `import('pg').then(({ Pool }) => new Pool())`: the callback's parameter binds the client package.
    ImportExpression(node: TSESTree.ImportExpression) {
      const member = node.parent;
      const fn =
        member?.type === 'MemberExpression'
          ? member.parent?.type === 'CallExpression' && member.parent.arguments[0]
          : undefined;
      if (!fn || !isFunctionNode(fn)) return;
      const source = importThenSource(fn);
      if (source === undefined || !packageMatches(source) || !fn.params[0]) return;
      forEachDescendant(fn.params[0], (n) => {
        if (n.type === 'Identifier') clientNames.add(n.name);
      });
    },
    NewExpression(node: TSESTree.NewExpression) {
      const found = mayBeClient(node.callee) ? catalogueConstruction(ctx, node, entries) : undefined;
      if (found) candidates.push({ node, ...found });
      else if (mayBeProjectFactory(node.callee)) factoryCalls.push(node);
      else if (options.typeAware && (node.callee.type === 'Identifier' || node.callee.type === 'MemberExpression'))
        candidates.push({ node, value: undefined, kind: 'constructor' });
    },
    CallExpression(node: TSESTree.CallExpression) {
      const callee = node.callee;
      if (callee.type !== 'Identifier' && callee.type !== 'MemberExpression') return;
      const found = mayBeClient(callee) ? catalogueConstruction(ctx, node, entries) : undefined;
      if (found) candidates.push({ node, ...found });
      else if (mayBeProjectFactory(callee)) factoryCalls.push(node);
    },
  };

  const spared: SparedSite[] = [];
  const finish = (): ClientFinding[] => {
    spared.length = 0;
    const findings: ClientFinding[] = [];
    const constructions = new Set<TSESTree.Node>(candidates.filter((c) => c.value).map((c) => c.node));
    const isConstruction = (n: TSESTree.Node): boolean => constructions.has(n);
    const judge = (
      node: ClientConstruction,
      placement: Placement,
      value: ImportedValue | undefined,
      kind: ClientKind,
      builder: ClientBuilder,
      viaFactory?: string,
      viaFactoryAt?: string,
    ): void => {
      let traced: FateResult | undefined;
      const site: ClientSite = {
        ctx,
        node,
        placement,
        fate: () => (traced ??= fateOf(ctx, node, placement, isConstruction)),
        builder,
      };
      const exemption = exemptionOf(CLIENT_EXEMPTIONS, site);
      if (exemption) {
        spared.push({ node, exemption: exemption.name });
        return;
      }
      const { fate, declarator, awaited } = site.fate();
      findings.push({
        node,
        client: clientLabel(ctx, node, kind),
        source: value?.source,
        kind,
        placement,
        closed:
          (fate === 'closed' || (fate === 'closed-on-success' && placement.kind === 'loop')) &&
          placement.kind !== 'getter',
        closedOnSuccess: fate === 'closed-on-success' && placement.kind === 'handler',
        returned: fate === 'returned',
        declarator,
        awaited,
        ...(viaFactory ? { viaFactory } : {}),
        ...(viaFactoryAt ? { viaFactoryAt } : {}),
      });
    };
    for (const { node, value, kind } of candidates) {
      const placement = placementOf(ctx, node);
      // Built wherever its caller runs: a factory of this file, judged where a handler calls it. A
      // service's own factory method hands the client to its caller (returned-by-service), so
      // the service's methods that call it are judged too.
      if (value && (!placement || (placement.kind === 'handler' && placement.serviceMethod)))
        for (const call of factoryCallsOf(ctx, node, isConstruction)) {
          const at = placementOf(ctx, call);
          // A handler's call, or a method's call of a method of its own class: that a long-lived
          // object's method runs again and again is a guess, and a one-shot script's singleton (a
          // recovery tool) calls its factory too, but a method building the client itself is
          // judged that way already.
          if (at?.kind === 'handler' && (!at.serviceMethod || isThisCall(call)))
            judge(call, at, value, 'factory', builderOf(ctx, node), clientLabel(ctx, node, kind));
        }
      if (!placement) continue;
      // Type queries only for constructions already known to run again and again.
      if (!value && !hasDisposableType(ctx, node)) continue;
      judge(node, placement, value, kind, builderOf(ctx, node));
    }
    for (const call of factoryCalls) {
      // The index first: most calls of imported names are not factories, and placement asks the frequency model.
      const built = projectFactoryBuild(ctx, call, entries);
      const placement = built && placementOf(ctx, call);
      if (!built || !placement) continue;
      const [first] = built.build.through;
      const where = `${placement.where} (${built.evidence})`;
      const kind = call.type === 'NewExpression' ? 'constructor' : 'factory';
      // Built in another file: its arguments are not here.
      const builder = { callee: built.value, isNew: built.build.isNew, construction: undefined };
      judge(
        call,
        { ...placement, where },
        built.value,
        kind,
        builder,
        built.label,
        first && `${first.file}:${first.line}`,
      );
    }
    return findings;
  };

  return { visitors, finish, spared: () => spared };
};

/**
 * Whether `node` builds a catalogue client: `new S3Client()`, `createPool()`, `DynamoDBDocumentClient.from()`,
 * possibly awaited. Other detectors ask this of a value they see stored (a Map of clients).
 */
export function isClientConstruction(
  ctx: AnalysisContext,
  node: TSESTree.Node,
  entries: readonly ClientEntry[] = CLIENT_CATALOGUE,
): boolean {
  let value = node;
  while (isValueWrapper(value) || value.type === 'AwaitExpression')
    value = isValueWrapper(value) ? value.expression : (value as TSESTree.AwaitExpression).argument;
  return (
    (value.type === 'NewExpression' || value.type === 'CallExpression') &&
    catalogueConstruction(ctx, value, entries) !== undefined
  );
}

/** What `node` builds its client with: its callee, read through the import that names it. */
function builderOf(ctx: AnalysisContext, node: ClientConstruction): ClientBuilder {
  return { callee: resolveImportedValue(ctx, node.callee), isNew: node.type === 'NewExpression', construction: node };
}

/** The catalogue export a `new X()`, `x()` or `X.from()` builds its client from, and how. */
function catalogueConstruction(
  ctx: AnalysisContext,
  node: ClientConstruction,
  entries: readonly ClientEntry[],
): { value: ImportedValue; kind: ClientKind } | undefined {
  const callee = node.callee;
  const kind = node.type === 'NewExpression' ? 'constructor' : 'factory';
  const value = resolveImportedValue(ctx, callee);
  if (value && isClientExport(entries, value, kind)) return { value, kind };
  if (value && kind === 'factory' && isConnectionFactory(entries, value) && opensOwnConnection(node.arguments[0]))
    return { value, kind };
  if (node.type !== 'CallExpression' || callee.type !== 'MemberExpression') return undefined;
  const method = staticPropertyName(callee);
  const owner = method === undefined ? undefined : resolveImportedValue(ctx, callee.object);
  return owner && isClientStaticFactory(entries, owner, method!) ? { value: owner, kind: 'static-factory' } : undefined;
}

/**
 * A call of the project's own factory in another file (`getDb()`, `new Storage()`) that builds a
 * catalogue client afresh on every call, as the project index shows: its label (`new Pool()`) and
 * the evidence for messages ("getDb() in src/db.ts:4 builds a new `Pool` per call").
 */
function projectFactoryBuild(
  ctx: AnalysisContext,
  call: ClientConstruction,
  entries: readonly ClientEntry[],
): { build: FreshBuildAnswer; value: ImportedValue; label: string; evidence: string } | undefined {
  const imported = resolveImportedValue(ctx, call.callee);
  if (!imported) return undefined;
  const isNew = call.type === 'NewExpression';
  const build = projectFreshBuild(ctx, imported.source, imported.path, isNew);
  // The index already shows the factory runs per request: the construction inside it is reported there, once.
  if (!build || (build.factoryRepeats && REPORTED_AT_FACTORY.has(build.factoryRepeats))) return undefined;
  const value: ImportedValue = { source: normalizeModule(build.source), path: build.path };
  const method = build.path.at(-1);
  const owner: ImportedValue = { source: value.source, path: build.path.slice(0, -1) };
  const isClient = build.isNew
    ? isClientExport(entries, value, 'constructor')
    : isClientExport(entries, value, 'factory') ||
      (method !== undefined && isClientStaticFactory(entries, owner, method));
  if (!isClient) return undefined;
  const named = build.path.filter((name) => name !== 'default').join('.') || value.source;
  const label = build.isNew ? named : `${named}()`;
  const chain = build.through.map((step) => `${step.name} in ${step.file}:${step.line}`).join(', through ');
  const per = isNew ? 'instance' : 'call';
  return { build, value, label, evidence: `${chain} builds a new \`${label}\` (${value.source}) per ${per}` };
}

/** How often a factory may run for its own construction to be reported as a helper a handler calls (placement.ts). */
const REPORTED_AT_FACTORY: ReadonlySet<string> = new Set(['request', 'message', 'job', 'render']);

/** A connection string (`'postgres://…'`, a template literal, `process.env.DATABASE_URL`) or `{ connection: … }`. */
function opensOwnConnection(argument: TSESTree.Node | undefined): boolean {
  if (!argument) return false;
  if (argument.type === 'Literal') return typeof argument.value === 'string';
  if (argument.type === 'TemplateLiteral') return true;
  // process.env.DATABASE_URL, process.env['DB_URL']
  if (argument.type === 'MemberExpression' && argument.object.type === 'MemberExpression')
    return staticPropertyName(argument.object) === 'env';
  return (
    argument.type === 'ObjectExpression' &&
    argument.properties.some(
      (p) => p.type === 'Property' && !p.computed && p.key.type === 'Identifier' && p.key.name === 'connection',
    )
  );
}

/**
 * The calls of the file's own factory that `node` is built in: a named function (`function
 * create() { return knex(config); }`, `const connect = async () => { … return client; }`) that
 * hands every caller the client it has just built, neither kept nor memoized. Its callers decide
 * how often a client is built, so a call in a handler builds one per request.
 */
function factoryCallsOf(
  ctx: AnalysisContext,
  node: ClientConstruction,
  isConstruction: (n: TSESTree.Node) => boolean,
): TSESTree.CallExpression[] {
  const fn = enclosingFunction(node);
  const variable = fn && declaredVariableOf(ctx, fn);
  const method = fn && !variable ? ownMethodOf(fn) : undefined;
  if (!fn || (!variable && !method)) return [];
  const asFactory: Placement = {
    kind: 'handler',
    handler: { fn, description: '', nodeHttp: false, per: 'request' },
    repetition: undefined,
    where: '',
    helper: true,
  };
  if (fateOf(ctx, node, asFactory, isConstruction).fate !== 'returned') return [];
  // Passed or bound elsewhere, it may run anywhere: only plain calls are followed.
  if (method) return [...(thisCallsOf(method.owner.body, method.owner.isStatic, method.name) ?? [])];
  return variable!.references.flatMap(({ identifier }) =>
    identifier.parent?.type === 'CallExpression' && identifier.parent.callee === identifier ? [identifier.parent] : [],
  );
}

/** A method of a class `fn` is (`private createClient() { … }`): its class and name. */
function ownMethodOf(
  fn: TSESTree.Node,
): { owner: { body: TSESTree.ClassBody; isStatic: boolean }; name: string } | undefined {
  const member = fn.parent;
  if (member?.type !== 'MethodDefinition' || member.kind !== 'method' || member.value !== fn) return undefined;
  const name = keyName(member.key, member.computed);
  return name === undefined ? undefined : { owner: { body: member.parent, isStatic: member.static }, name };
}

/** `this.method(…)`. */
function isThisCall(call: ClientConstruction): boolean {
  return call.callee.type === 'MemberExpression' && call.callee.object.type === 'ThisExpression';
}

/** The module `require('m')` or `import('m')` loads (the latter a client package loaded when first needed). */
function loadedSource(node: TSESTree.Node): string | undefined {
  if (node.type === 'CallExpression') return requireSource(node);
  if (node.type === 'ImportExpression' && node.source.type === 'Literal' && typeof node.source.value === 'string')
    return normalizeModule(node.source.value);
  return undefined;
}

/** The identifier or call at the bottom of a member chain. */
function rootOf(node: TSESTree.Node): TSESTree.Node {
  let current = node;
  for (;;) {
    if (current.type === 'MemberExpression') current = current.object;
    else if (isValueWrapper(current)) current = current.expression;
    else if (current.type === 'AwaitExpression') current = current.argument;
    else return current;
  }
}

/** `S3Client`, `pg.Pool`, `mysql.createPool()`, `DynamoDBDocumentClient.from()`. */
export function clientLabel(ctx: AnalysisContext, node: ClientConstruction, kind: ClientKind): string {
  const callee = shortText(ctx, node.callee);
  return kind === 'constructor' ? callee : `${callee}()`;
}
