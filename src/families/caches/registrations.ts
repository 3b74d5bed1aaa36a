import type { TSESTree } from '@typescript-eslint/utils';
import { resolveIdentifier, type AnalysisContext, type Variable } from '../../core/context.js';
import { unwrapExpression } from '../../core/imports.js';
import {
  calleeName,
  enclosingFunction,
  forEachDescendant,
  functionName,
  hasOwnNode,
  isFunctionNode,
  within,
  type FunctionNode,
} from '../../core/ast.js';
import { frequencyModelOf } from '../../frequency/frequency-of.js';
import { INDEX_BUILDERS, REGISTRATION_NAME } from '../../knowledge/caches.js';
import { DECLARED_THING_OBJECTS } from '../../knowledge/key-words.js';
import { sourceText } from './key-expressions.js';
import { wordsOf } from '../../core/words.js';
import { isDataKey } from './data-keys.js';
import { isMembershipTest, keyVariableOf, storedValue, storesOnly } from './growth.js';
import type { CollectionKind } from './findings.js';
import type { CollectionUse } from './uses.js';

/*
 * Writes that register something once per thing the program defines or builds, not per request:
 * once-markers, names refused twice, instances, factories' handouts, multitons.
 */

/**
 * A once-marker for structure the process builds outside itself: `if (!made.has(dir)) { await
 * mkdir(dir); made.add(dir); }`, or `if (indexed.has(name)) return; indexed.add(name);` before
 * building database indexes. One entry per directory created or collection indexed, and those are
 * as many as the program's output tree or schema has, not as many as its requests.
 */
export function marksBuiltStructure(
  ctx: AnalysisContext,
  kind: CollectionKind,
  use: CollectionUse,
  key: TSESTree.Node,
): boolean {
  if (kind !== 'Set') return false;
  const fn = enclosingFunction(use.node);
  if (!fn) return false;
  const keyText = sourceText(ctx, key);
  return hasOwnNode(fn.body, (node) => {
    if (node.type !== 'CallExpression') return false;
    const callee = unwrapExpression(node.callee);
    const name = calleeName(callee);
    if (name === 'mkdir' || name === 'mkdirSync')
      return node.arguments[0] !== undefined && sourceText(ctx, node.arguments[0]) === keyText;
    return callee.type === 'MemberExpression' && name !== undefined && INDEX_BUILDERS.has(name);
  });
}

/**
 * The write comes after `if (c.has(key)) throw …` (or `key in c`, `Object.hasOwn(c, key)`, `c[key]`)
 * in the same function: registering a name twice is an error, so entries are registrations, one
 * per name the program defines, not a cache filled per request.
 */
export function refusesDuplicates(
  ctx: AnalysisContext,
  use: CollectionUse,
  key: TSESTree.Node,
  others: readonly CollectionUse[],
): boolean {
  const fn = enclosingFunction(use.node);
  if (!fn) return false;
  const keyText = sourceText(ctx, key);
  const mentionsKey = (test: TSESTree.Node): boolean => {
    let found = sourceText(ctx, test) === keyText;
    forEachDescendant(test, (node) => {
      if (found) return false;
      found = sourceText(ctx, node) === keyText;
      return;
    });
    return found;
  };
  return others.some((check) => {
    if (!isMembershipTest(check) || enclosingFunction(check.node) !== fn) return false;
    let statement: TSESTree.Node | undefined = check.node;
    while (statement && statement.type !== 'IfStatement' && statement !== fn) statement = statement.parent;
    if (
      statement?.type !== 'IfStatement' ||
      !within(statement.test, check.node) ||
      statement.range[1] > use.node.range[0]
    )
      return false;
    if (!statement.parent || !within(statement.parent, use.node)) return false;
    const body = statement.consequent;
    const throws =
      body.type === 'ThrowStatement' ||
      (body.type === 'BlockStatement' && body.body.some((inner) => inner.type === 'ThrowStatement'));
    return throws && mentionsKey(statement.test);
  });
}

/**
 * An instance registry: a write, in code that runs only while an instance is built (a constructor,
 * a method only it calls, a function only ever called with `new`), that stores the instance or keys
 * by it (`live.add(this)`, `instances.push(this)`, `options[this.id] = …`). One entry per instance:
 * whether instances are made per request or once per definition is up to callers elsewhere.
 */
export function registersInstance(ctx: AnalysisContext, use: CollectionUse, key: TSESTree.Node | undefined): boolean {
  if (frequencyModelOf(ctx).of(use.node).kind !== 'per-instance') return false;
  const isInstance = (node: TSESTree.Node | undefined): boolean => {
    if (!node) return false;
    const inner = unwrapExpression(node);
    if (inner.type === 'ThisExpression') return true;
    if (inner.type === 'MemberExpression') return unwrapExpression(inner.object).type === 'ThisExpression';
    // `constructor(private label: string)`: a parameter property is `this.label` by declaration.
    const name = keyVariableOf(ctx, inner)?.defs[0]?.name;
    return (
      name?.parent?.type === 'TSParameterProperty' ||
      (name?.parent?.type === 'AssignmentPattern' && name.parent.parent?.type === 'TSParameterProperty')
    );
  };
  const stored =
    use.op === 'call' && (use.method === 'push' || use.method === 'unshift' || use.method === 'add')
      ? use.node.arguments
      : [storedValue(use)];
  return (
    isInstance(key) || stored.some((value) => value !== undefined && unwrapExpression(value).type === 'ThisExpression')
  );
}

/**
 * A factory: the write is in a function that returns a function or class it defines, or an object
 * of such functions (`return (...args) => loggers[name](...args)`, `return { get }`, `class Model
 * {…} return Model`). Callers keep what it hands out, typically one per name they choose at load
 * (`const debug = createDebug('app:db')`, `export const Users = makeModel({ table: 'users' })`).
 */
export function isHandedOutByFactory(ctx: AnalysisContext, use: CollectionUse): boolean {
  const fn = enclosingFunction(use.node);
  if (!fn) return false;
  // A function it defines: inline, or a const or declaration in its body (`const get = async () => …; return { get }`).
  const isOwnFunction = (node: TSESTree.Node): boolean => {
    const inner = unwrapExpression(node);
    if (isFunctionNode(inner) || inner.type === 'ClassExpression') return true;
    const def = inner.type === 'Identifier' ? resolveIdentifier(ctx, inner)?.defs[0] : undefined;
    if (!def || !within(fn.body, def.node)) return false;
    if (def.type === 'FunctionName' || def.type === 'ClassName') return true;
    return (
      def.type === 'Variable' &&
      def.node.parent.kind === 'const' &&
      def.node.init !== null &&
      isFunctionNode(unwrapExpression(def.node.init))
    );
  };
  const handsOut = (value: TSESTree.Node): boolean => {
    const inner = unwrapExpression(value);
    if (inner.type === 'ObjectExpression')
      return (
        inner.properties.length > 0 &&
        inner.properties.every((prop) => prop.type === 'Property' && isOwnFunction(prop.value))
      );
    return isOwnFunction(inner);
  };
  if (fn.type === 'ArrowFunctionExpression' && fn.expression) return false;
  let returnsHandle = false;
  let returnsOther = false;
  forEachDescendant(fn.body, (node) => {
    if (isFunctionNode(node)) return false;
    if (node.type === 'ReturnStatement') {
      if (node.argument && handsOut(node.argument)) returnsHandle = true;
      else returnsOther = true;
    }
    return;
  });
  return returnsHandle && !returnsOther;
}

/**
 * `static new(file) { …; const instance = new LogManager(file); instances.set(file, instance); }`:
 * a static method that keeps one instance of its own class per key (a multiton). Like a factory,
 * it holds one entry per key its callers in other files choose, usually a few fixed names.
 */
export function storesOwnInstance(ctx: AnalysisContext, use: CollectionUse): boolean {
  const fn = enclosingFunction(use.node);
  const method = fn?.parent;
  if (method?.type !== 'MethodDefinition' || !method.static) return false;
  const cls = method.parent.parent;
  const isOwnConstruction = (node: TSESTree.Node): boolean => {
    const inner = unwrapExpression(node);
    if (inner.type !== 'NewExpression') return false;
    const callee = unwrapExpression(inner.callee);
    return (
      callee.type === 'ThisExpression' ||
      (callee.type === 'Identifier' &&
        cls.id?.name === callee.name &&
        resolveIdentifier(ctx, callee)?.defs[0]?.node === cls)
    );
  };
  return storesOnly(ctx, use, isOwnConstruction);
}

/** Inside a function named like a registration (`registerRoute`, `defineCommand`, `use`), or a decorator a decorator factory returns. */
export function insideRegistration(node: TSESTree.Node): boolean {
  for (let fn = enclosingFunction(node); fn; fn = enclosingFunction(fn)) {
    const name = functionName(fn);
    if (name !== undefined && REGISTRATION_NAME.test(name)) return true;
    if (isDecoratorFromFactory(fn)) return true;
  }
  return false;
}

/**
 * `export function EntityId(options) { return (target, property) => {…} }`: a decorator factory,
 * named in PascalCase as TypeScript decorators are, returning a member decorator (two or three
 * parameters: target, name, descriptor). The decorator runs once per decorated member while the
 * classes are defined, so what it registers is one entry per class or member, not per request.
 */
function isDecoratorFromFactory(fn: FunctionNode): boolean {
  if (fn.params.length < 2 || fn.params.length > 3) return false;
  const holder = fn.parent;
  const factory =
    holder?.type === 'ReturnStatement'
      ? enclosingFunction(holder)
      : holder?.type === 'ArrowFunctionExpression' && holder.body === fn
        ? holder
        : undefined;
  const name = factory ? functionName(factory) : undefined;
  return name !== undefined && /^[A-Z][a-z]/.test(name);
}

/**
 * `definePluginConfig(id, defaultValue) { defaults[id] = defaultValue }`: a registration whose
 * name names a thing the program declares (a plugin, a command, a provider: DECLARED_THING_OBJECTS)
 * keyed by its own parameter `id`: the id of that thing, one entry per plugin defined, as
 * `pluginId` would be (set 35: a music player's default config per plugin, set where each plugin
 * is defined). `defineSession(id, …)` names data and is not covered.
 */
export function registersDeclaredThingById(ctx: AnalysisContext, use: CollectionUse, key: TSESTree.Node): boolean {
  const id = unwrapExpression(key);
  if (id.type !== 'Identifier' || (id.name !== 'id' && id.name !== 'ids')) return false;
  const def = resolveIdentifier(ctx, id)?.defs;
  const fn = def?.length === 1 && def[0]!.type === 'Parameter' ? def[0]!.node : undefined;
  if (!fn || !isFunctionNode(fn) || !within(fn, use.node)) return false;
  const name = functionName(fn);
  if (name === undefined || !REGISTRATION_NAME.test(name)) return false;
  return wordsOf(name)
    .slice(1)
    .some((word) => DECLARED_THING_OBJECTS.has(word));
}

/**
 * `register(renderer) { this.renderers.set(renderer.id, renderer); }`: a registration that stores
 * the object it is given under a key read only from that object (`compoundId(config.tableId,
 * config.columnId)` through a local const too): one entry per thing registered, though the key is
 * named `id` (studied false positives: a dashboard's content renderers, an admin UI's column
 * components). Not when the object's own name names data: `registerSession(session)` is one per login.
 */
export function registersOwnArgument(ctx: AnalysisContext, use: CollectionUse, key: TSESTree.Node): boolean {
  const value = storedValue(use);
  const fn = enclosingFunction(use.node);
  if (!value || !fn || !insideRegistration(use.node)) return false;
  const stored = unwrapExpression(value);
  if (stored.type !== 'Identifier' || isDataKey(stored)) return false;
  const param = resolveIdentifier(ctx, stored);
  const def = param?.defs.length === 1 ? param.defs[0] : undefined;
  if (!param || def?.type !== 'Parameter' || def.node !== fn || param.references.some((ref) => ref.isWrite()))
    return false;
  return readsOnly(ctx, key, param, 0);
}

/** Every name `node` reads is `param` (or a never-reassigned local const built only from it). */
function readsOnly(ctx: AnalysisContext, node: TSESTree.Node, param: Variable, depth: number): boolean {
  if (depth > 4) return false;
  const reads = (identifier: TSESTree.Identifier): boolean => {
    const variable = resolveIdentifier(ctx, identifier);
    if (variable === param) return true;
    const def = variable?.defs.length === 1 ? variable.defs[0] : undefined;
    return (
      def?.type === 'Variable' &&
      def.node.parent.kind === 'const' &&
      def.node.init !== null &&
      readsOnly(ctx, def.node.init, param, depth + 1)
    );
  };
  const isNameRead = (candidate: TSESTree.Node): candidate is TSESTree.Identifier => {
    const parent = candidate.parent;
    if (candidate.type !== 'Identifier') return false;
    // `config.tableId`'s property, a function called (`compoundId(…)`): names, not reads of data.
    if (parent?.type === 'MemberExpression' && parent.property === candidate && !parent.computed) return false;
    if (parent?.type === 'CallExpression' && parent.callee === candidate) return false;
    return !(parent?.type === 'Property' && parent.key === candidate && !parent.computed);
  };
  const inner = unwrapExpression(node);
  if (isNameRead(inner)) return reads(inner);
  return !hasOwnNode(inner, (candidate) => isNameRead(candidate) && !reads(candidate));
}
