import type { TSESTree } from '@typescript-eslint/utils';
import { resolveIdentifier, type AnalysisContext } from '../../core/context.js';
import { calleeName } from '../../core/ast.js';
import {
  isExportOf,
  isGlobalReference,
  normalizeModule,
  resolveImportedValue,
  exportNameOf,
  staticPropertyName,
  unwrapExpression,
  type ImportedValue,
} from '../../core/imports.js';
import { isClientConstruction } from '../clients/construction.js';
import { CODE_LOAD_CALL, SCHEMA_PART, SUB_CLIENT_METHOD } from '../../knowledge/caches.js';
import { fixedBinding, sourceText } from './key-expressions.js';
import { storedValue, storesOnly } from './growth.js';
import type { CollectionUse } from './uses.js';

/*
 * What a write stores, when that bounds the entries: a form compiled from the program's own
 * vocabulary, a definition, an entry built from a fixed table, a client per configuration.
 */

/**
 * The entry is the load of code or a stylesheet into the program (`JS_CACHE[url] = loadJS(url)`,
 * `modules.set(url, import(url))`): a "load once" guard. What a load brings in stays loaded
 * whatever the cache holds, so an entry per URL costs nothing beside it, and there is one per
 * script, module or stylesheet the program is configured to load (set 34: a dashboard's resource
 * URLs and custom panels).
 */
export function storesCodeLoad(ctx: AnalysisContext, use: CollectionUse): boolean {
  return storesOnly(ctx, use, (node) => {
    const inner = unwrapExpression(node);
    if (inner.type === 'ImportExpression') return true;
    if (inner.type !== 'CallExpression') return false;
    const name = calleeName(inner.callee);
    return name !== undefined && CODE_LOAD_CALL.test(name);
  });
}

/**
 * An entry compiled from code's own vocabulary: `new Intl.NumberFormat(locale, options)` (Intl
 * rejects malformed locale tags and unknown time zones before the entry is stored, and the options
 * come from code) or `new RegExp(pattern)` (patterns are route paths, globs and event names that
 * code and configuration declare; compiling whatever a request sends would be a hole of its own),
 * and compiled scripts, `new vm.Script(code)`, `vm.compileFunction(code)`, `new Function(code)`
 * (the same hole: the code compiled is code the program ships or an administrator saves).
 * One entry per locale, zone, style, pattern or script the program uses.
 */
export function storesCompiledForm(ctx: AnalysisContext, use: CollectionUse): boolean {
  return storesOnly(ctx, use, (node) => isCompiledForm(ctx, node));
}

function isCompiledForm(ctx: AnalysisContext, node: TSESTree.Node): boolean {
  const inner = unwrapExpression(node);
  if (inner.type !== 'NewExpression' && inner.type !== 'CallExpression') return false;
  const callee = unwrapExpression(inner.callee);
  if (isCompiledScript(ctx, inner, callee)) return true;
  if (callee.type === 'Identifier') return isGlobalReference(ctx, callee, 'RegExp');
  if (inner.type !== 'NewExpression' || callee.type !== 'MemberExpression') return false;
  const owner = callee.object;
  return isGlobalReference(ctx, owner, 'Intl');
}

/** `new vm.Script(code)`, `vm.compileFunction(code)`, `new Function(code)`. */
function isCompiledScript(
  ctx: AnalysisContext,
  call: TSESTree.NewExpression | TSESTree.CallExpression,
  callee: TSESTree.Node,
): boolean {
  if (call.type === 'NewExpression' && isGlobalReference(ctx, callee, 'Function')) return true;
  const value = resolveImportedValue(ctx, callee);
  const fromVm = (source: string) => normalizeModule(source) === 'vm';
  return call.type === 'NewExpression'
    ? isExportOf(value, fromVm, 'Script')
    : isExportOf(value, fromVm, 'compileFunction');
}

/**
 * A value that carries a compiled pattern: `new RegExp(p)`, or a tuple or record holding one
 * (`[label, name, new RegExp(p)]`), on either side of a condition. A table whose entries under a
 * key hold compiled patterns is keyed by patterns, so its other writes under that same key (a
 * marker that a segment needs no pattern) add nothing the patterns do not.
 */
export function holdsCompiledPattern(ctx: AnalysisContext): (node: TSESTree.Node) => boolean {
  const holds = (node: TSESTree.Node): boolean => {
    const inner = unwrapExpression(node);
    if (inner.type === 'ConditionalExpression') return holds(inner.consequent) || holds(inner.alternate);
    if (inner.type === 'ArrayExpression')
      return inner.elements.some((element) => element !== null && element.type !== 'SpreadElement' && holds(element));
    if (inner.type === 'ObjectExpression')
      return inner.properties.some((prop) => prop.type === 'Property' && holds(prop.value));
    // `{ fn }` where every value `fn` is given is compiled (`let fn; try { fn = new vm.Script(code) } …`).
    if (inner.type === 'Identifier') {
      const writes =
        resolveIdentifier(ctx, inner)?.references.flatMap((ref) =>
          ref.isWrite() && ref.writeExpr ? [ref.writeExpr] : [],
        ) ?? [];
      return writes.length > 0 && writes.every((write) => isCompiledForm(ctx, write));
    }
    return isCompiledForm(ctx, inner);
  };
  return holds;
}

/** A schema part imported from graphql, by the name it is exported under. */
function isSchemaPart(value: ImportedValue | undefined): boolean {
  const name = value?.source === 'graphql' ? exportNameOf(value) : undefined;
  return name !== undefined && SCHEMA_PART.test(name);
}

/** `Record<string, GraphQLNamedType>`: a value type that is a schema part imported from graphql. */
export function isSchemaTypeNode(ctx: AnalysisContext, node: TSESTree.TypeNode): boolean {
  return (
    node.type === 'TSTypeReference' &&
    node.typeName.type === 'Identifier' &&
    isSchemaPart(resolveImportedValue(ctx, node.typeName))
  );
}

/**
 * An entry that is a definition: a class made at run time (`generated[name] = class {}`) or a
 * GraphQL schema type (`new GraphQLObjectType(…)`). Definitions are made while a program
 * assembles itself (a schema is built once and its type names are unique), one per name the
 * program or its configuration declares; defining classes or schema types per request would be
 * a bug of its own.
 */
export function storesDefinition(ctx: AnalysisContext, use: CollectionUse): boolean {
  return storesOnly(ctx, use, (node) => {
    const inner = unwrapExpression(node);
    if (inner.type === 'ClassExpression') return true;
    return inner.type === 'NewExpression' && isSchemaPart(resolveImportedValue(ctx, inner.callee));
  });
}

/**
 * `const adapter = adapters[type](); instances.set(type, adapter)`: the entry is built by calling
 * (or `new`-ing) the key's entry in a fixed table, a module-level `const` object literal or an
 * import. A key the table lacks throws (calling `undefined`) before the entry is stored, so there
 * is at most one entry per entry of the table.
 */
export function isBuiltFromFixedTable(ctx: AnalysisContext, use: CollectionUse, key: TSESTree.Node): boolean {
  return storesOnly(ctx, use, (node) => {
    const call = unwrapExpression(node);
    if (call.type !== 'CallExpression' && call.type !== 'NewExpression') return false;
    const callee = unwrapExpression(call.callee);
    if (
      callee.type !== 'MemberExpression' ||
      !callee.computed ||
      sourceText(ctx, callee.property) !== sourceText(ctx, key)
    )
      return false;
    const table = unwrapExpression(callee.object);
    const variable = table.type === 'Identifier' ? fixedBinding(ctx, table) : undefined;
    const def = variable?.defs[0];
    if (def?.type === 'ImportBinding') return true;
    return (
      def?.type === 'Variable' && def.node.init !== null && unwrapExpression(def.node.init).type === 'ObjectExpression'
    );
  });
}

/**
 * `clients.set(key, new S3Client(…))`, `clients[key] = createPool(…)`: one client per distinct
 * configuration, the shape the clients rules recommend (and count as kept). The family that
 * applies is "clients built per call", not "caches that only grow".
 */
export function storesClient(ctx: AnalysisContext, use: CollectionUse): boolean {
  // `clients[key] ??= new Pool()` fills a missing entry only; `+=` and the like are not a store.
  if (
    use.op === 'update' &&
    !(use.node.type === 'AssignmentExpression' && (use.node.operator === '??=' || use.node.operator === '||='))
  )
    return false;
  const value = storedValue(use);
  return value !== undefined && isClientHandle(ctx, value);
}

/**
 * A client built here (`new S3Client(…)`), or a sub-client a client built here hands out:
 * `service.getContainerClient(name)` where `service` is a const holding a catalogue client.
 */
function isClientHandle(ctx: AnalysisContext, value: TSESTree.Node): boolean {
  if (isClientConstruction(ctx, value)) return true;
  const call = unwrapExpression(value);
  if (call.type !== 'CallExpression') return false;
  const callee = unwrapExpression(call.callee);
  if (callee.type !== 'MemberExpression' || !SUB_CLIENT_METHOD.test(staticPropertyName(callee) ?? '')) return false;
  const owner = unwrapExpression(callee.object);
  if (owner.type !== 'Identifier') return isClientHandle(ctx, owner);
  const def = resolveIdentifier(ctx, owner)?.defs[0];
  return (
    def?.type === 'Variable' &&
    def.node.parent.kind === 'const' &&
    def.node.init !== null &&
    isClientHandle(ctx, def.node.init)
  );
}
