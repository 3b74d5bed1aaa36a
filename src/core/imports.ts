import type { TSESTree } from '@typescript-eslint/utils';
import { resolveIdentifier, type AnalysisContext, type Variable } from './context.js';
import { GLOBAL_OBJECT_NAMES } from '../knowledge/globals.js';
import { thisOwnerOf } from './this-owner.js';

/**
 * Where a value comes from when it is imported: the module specifier (without a `node:` prefix)
 * and the chain of property names below the module object. `import { Pool } from 'pg'`,
 * `const { Pool } = require('pg')` and `pg.Pool` after `import * as pg from 'pg'` all give
 * `{ source: 'pg', path: ['Pool'] }`. A default import gives `['default']`; the whole module
 * (namespace import, `require('m')`) gives `[]`.
 */
export interface ImportedValue {
  readonly source: string;
  readonly path: readonly string[];
}

export function normalizeModule(specifier: string): string {
  return specifier.startsWith('node:') ? specifier.slice(5) : specifier;
}

/** Resolves an expression (identifier, member chain, inline require) to the import it reads. */
export function resolveImportedValue(ctx: AnalysisContext, node: TSESTree.Node): ImportedValue | undefined {
  return resolveExpression(ctx, node, 0);
}

/**
 * True when `value` is export `exportName` of one of `sources`. A CommonJS module's default
 * import is its module object, so `['default', 'Pool']` and `['Pool']` are the same export, and
 * a default export is reached by `[]`, `['default']` or `['default', 'default']`.
 */
export function isExportOf(
  value: ImportedValue | undefined,
  sources: readonly string[] | ((source: string) => boolean),
  exportName: string,
): boolean {
  if (!value) return false;
  const sourceMatches = typeof sources === 'function' ? sources(value.source) : sources.includes(value.source);
  if (!sourceMatches) return false;
  return exportNameOf(value) === exportName;
}

/** The single export name a value denotes after CommonJS/ESM interop is folded, or undefined. */
export function exportNameOf(value: ImportedValue): string | undefined {
  const path = value.path[0] === 'default' ? value.path.slice(1) : value.path;
  if (path.length === 0) return 'default';
  if (path.length === 1) return path[0];
  if (path.length === 2 && path[1] === 'default') return path[0];
  return undefined;
}

/** `module.exports` itself (not a property of it). */
export function isModuleExports(node: TSESTree.Node): boolean {
  return (
    node.type === 'MemberExpression' &&
    node.object.type === 'Identifier' &&
    node.object.name === 'module' &&
    staticPropertyName(node) === 'exports'
  );
}

export type ValueWrapper =
  | TSESTree.TSAsExpression
  | TSESTree.TSNonNullExpression
  | TSESTree.TSSatisfiesExpression
  | TSESTree.TSTypeAssertion
  | TSESTree.ChainExpression;

/** Wrappers that do not change a value: `x as T`, `x!`, `x satisfies T`, `<T>x`, `a?.b` chains. */
export function isValueWrapper(node: TSESTree.Node): node is ValueWrapper {
  return (
    node.type === 'TSAsExpression' ||
    node.type === 'TSNonNullExpression' ||
    node.type === 'TSSatisfiesExpression' ||
    node.type === 'TSTypeAssertion' ||
    node.type === 'ChainExpression'
  );
}

/** The value inside any value wrappers. */
export function unwrapExpression(node: TSESTree.Node): TSESTree.Node {
  let current = node;
  while (isValueWrapper(current)) current = current.expression;
  return current;
}

/** The outermost value wrapper around `node` (`x as T` for `x`), or `node` itself: where its value is used. */
export function outermostWrapperOf(node: TSESTree.Node): TSESTree.Node {
  let current = node;
  while (current.parent && isValueWrapper(current.parent)) current = current.parent;
  return current;
}

/** `process.exit` (or another method) on the global process or the one imported from node:process. */
export function isProcessMethod(ctx: AnalysisContext, callee: TSESTree.Node, method: string): boolean {
  if (callee.type !== 'MemberExpression' || staticPropertyName(callee) !== method) return false;
  return (
    isGlobalReference(ctx, unwrapExpression(callee.object), 'process') ||
    isExportOf(resolveImportedValue(ctx, callee), ['process'], method)
  );
}

/** `process.exit(…)`, on the global process or the one imported from node:process. */
export function isProcessExitCall(ctx: AnalysisContext, node: TSESTree.Node): boolean {
  return node.type === 'CallExpression' && isProcessMethod(ctx, unwrapExpression(node.callee), 'exit');
}

/** A reference to the real global `name` (not shadowed by any declaration in the file). */
export function isGlobalReference(ctx: AnalysisContext, node: TSESTree.Node, name: string): boolean {
  if (node.type !== 'Identifier' || node.name !== name) return false;
  const variable = resolveIdentifier(ctx, node);
  return !variable || variable.defs.length === 0;
}

const MAX_DEPTH = 8;

function resolveExpression(ctx: AnalysisContext, node: TSESTree.Node, depth: number): ImportedValue | undefined {
  if (depth > MAX_DEPTH) return undefined;
  switch (node.type) {
    case 'Identifier': {
      const variable = resolveIdentifier(ctx, node);
      return variable ? resolveVariable(ctx, variable, depth + 1) : undefined;
    }
    case 'MemberExpression': {
      const name = staticPropertyName(node);
      if (name === undefined) return undefined;
      if (node.object.type === 'ThisExpression') return resolveModuleField(ctx, node, name, depth + 1);
      const base = resolveExpression(ctx, node.object, depth + 1);
      return base ? { source: base.source, path: [...base.path, name] } : undefined;
    }
    case 'CallExpression': {
      const source = requireSource(node);
      return source === undefined ? undefined : { source, path: [] };
    }
    case 'AwaitExpression': {
      // `await import('m')` gives the namespace.
      if (
        node.argument.type === 'ImportExpression' &&
        node.argument.source.type === 'Literal' &&
        typeof node.argument.source.value === 'string'
      ) {
        return { source: normalizeModule(node.argument.source.value), path: [] };
      }
      return undefined;
    }
    case 'TSNonNullExpression':
    case 'TSAsExpression':
    case 'TSSatisfiesExpression':
    case 'TSTypeAssertion':
      return resolveExpression(ctx, node.expression, depth + 1);
    case 'ChainExpression':
      return resolveExpression(ctx, node.expression, depth + 1);
    default:
      return undefined;
  }
}

/**
 * `this.mod` where the class declares the field as a module (`private mod!: typeof Mod`, `Mod` a
 * namespace import, or `typeof import('m')`): NestJS libraries load an optional dependency that
 * way (`this.mod = loadPackage('m')`), and the type is the only place that names the module.
 */
function resolveModuleField(
  ctx: AnalysisContext,
  node: TSESTree.MemberExpression,
  name: string,
  depth: number,
): ImportedValue | undefined {
  const owner = thisOwnerOf(node);
  if (owner?.body.type !== 'ClassBody') return undefined;
  const field = owner.body.body.find(
    (member): member is TSESTree.PropertyDefinition =>
      member.type === 'PropertyDefinition' &&
      member.static === owner.isStatic &&
      !member.computed &&
      member.key.type === 'Identifier' &&
      member.key.name === name,
  );
  const query = field?.typeAnnotation?.typeAnnotation;
  if (query?.type !== 'TSTypeQuery') return undefined;
  const named = query.exprName;
  if (named.type === 'TSImportType') {
    const argument = named.argument;
    const literal = argument.type === 'TSLiteralType' ? argument.literal : undefined;
    return !named.qualifier && literal?.type === 'Literal' && typeof literal.value === 'string'
      ? { source: normalizeModule(literal.value), path: [] }
      : undefined;
  }
  if (named.type !== 'Identifier') return undefined;
  const variable = resolveIdentifier(ctx, named);
  const def = variable?.defs.length === 1 ? variable.defs[0] : undefined;
  // The namespace only: a `typeof Pool` field holds the class, which `this.pool.connect()` is not called on.
  return def?.type === 'ImportBinding' && def.node.type === 'ImportNamespaceSpecifier'
    ? resolveVariable(ctx, variable!, depth)
    : undefined;
}

function resolveVariable(ctx: AnalysisContext, variable: Variable, depth: number): ImportedValue | undefined {
  // Only a binding with a single definition can be followed with confidence.
  if (variable.defs.length !== 1) return undefined;
  const def = variable.defs[0]!;
  if (def.type === 'ImportBinding') {
    const spec = def.node;
    if (spec.type === 'TSImportEqualsDeclaration') {
      const ref = spec.moduleReference;
      if (
        ref.type === 'TSExternalModuleReference' &&
        ref.expression.type === 'Literal' &&
        typeof ref.expression.value === 'string'
      ) {
        return { source: normalizeModule(ref.expression.value), path: [] };
      }
      return undefined;
    }
    const decl = spec.parent as TSESTree.ImportDeclaration;
    const source = normalizeModule(decl.source.value);
    if (spec.type === 'ImportSpecifier') {
      const imported = spec.imported.type === 'Identifier' ? spec.imported.name : String(spec.imported.value);
      return { source, path: [imported] };
    }
    if (spec.type === 'ImportDefaultSpecifier') return { source, path: ['default'] };
    return { source, path: [] };
  }
  if (def.type === 'Parameter') {
    // `import('m').then(({ Pool }) => …)`: the first parameter is the module's namespace.
    const source = importThenSource(def.node);
    const param = def.node.params[0];
    if (source === undefined || !param || def.name.type !== 'Identifier') return undefined;
    if (param === def.name) return { source, path: [] };
    const path = param.type === 'ObjectPattern' ? patternPathTo(param, def.name) : undefined;
    return path ? { source, path } : undefined;
  }
  if (def.type === 'Variable') {
    const declarator = def.node;
    const declaration = declarator.parent;
    // A `let` that is reassigned could hold anything later.
    if (declaration.kind !== 'const' && variable.references.some((r) => r.isWrite() && r.identifier !== def.name))
      return undefined;
    if (!declarator.init) return undefined;
    const base = resolveExpression(ctx, declarator.init, depth + 1);
    if (!base) return undefined;
    if (declarator.id.type === 'Identifier') return base;
    if (declarator.id.type === 'ObjectPattern') {
      const path = patternPathTo(declarator.id, def.name);
      return path ? { source: base.source, path: [...base.path, ...path] } : undefined;
    }
  }
  return undefined;
}

/** The module of `import('m').then(fn)` when `fn` is the callback (the namespace is its first parameter). */
export function importThenSource(fn: TSESTree.Node): string | undefined {
  const call = fn.parent;
  if (call?.type !== 'CallExpression' || call.arguments[0] !== fn || call.callee.type !== 'MemberExpression')
    return undefined;
  const loaded = call.callee.object;
  if (staticPropertyName(call.callee) !== 'then' || loaded.type !== 'ImportExpression') return undefined;
  return loaded.source.type === 'Literal' && typeof loaded.source.value === 'string'
    ? normalizeModule(loaded.source.value)
    : undefined;
}

/** The property names leading from an object pattern to the identifier bound inside it. */
function patternPathTo(pattern: TSESTree.ObjectPattern, target: TSESTree.Identifier): string[] | undefined {
  for (const prop of pattern.properties) {
    if (prop.type !== 'Property') continue;
    const key = prop.computed
      ? undefined
      : prop.key.type === 'Identifier'
        ? prop.key.name
        : prop.key.type === 'Literal'
          ? String(prop.key.value)
          : undefined;
    if (key === undefined) continue;
    let value = prop.value;
    if (value.type === 'AssignmentPattern') value = value.left;
    if (value === target) return [key];
    if (value.type === 'ObjectPattern') {
      const rest = patternPathTo(value, target);
      if (rest) return [key, ...rest];
    }
  }
  return undefined;
}

/** The module name of `require('m')` (or undefined if the call is something else). */
export function requireSource(node: TSESTree.CallExpression): string | undefined {
  if (node.callee.type !== 'Identifier' || node.callee.name !== 'require') return undefined;
  const arg = node.arguments[0];
  if (node.arguments.length !== 1 || !arg || arg.type !== 'Literal' || typeof arg.value !== 'string') return undefined;
  return normalizeModule(arg.value);
}

/** `a.b` and `a['b']` give 'b'; computed keys that are not string literals give undefined. */
export function staticPropertyName(node: TSESTree.MemberExpression): string | undefined {
  if (!node.computed)
    return node.property.type === 'Identifier'
      ? node.property.name
      : node.property.type === 'PrivateIdentifier'
        ? `#${node.property.name}`
        : undefined;
  if (node.property.type === 'Literal' && typeof node.property.value === 'string') return node.property.value;
  if (node.property.type === 'TemplateLiteral' && node.property.expressions.length === 0)
    return node.property.quasis[0]!.value.cooked ?? undefined;
  return undefined;
}

/**
 * True when `callee` is the timers function `name`: the global (`setInterval`), the global object's
 * (`globalThis.setInterval`, `window.…`, `global.…`) or node:timers' export. Callers check the name
 * first; this does the scope work.
 */
export function isTimersFunction(ctx: AnalysisContext, callee: TSESTree.Node, name: string): boolean {
  const target = unwrapExpression(callee);
  if (target.type === 'Identifier') {
    if (target.name !== name) return false;
    if (isGlobalReference(ctx, target, name)) return true;
  } else if (target.type === 'MemberExpression') {
    if (staticPropertyName(target) !== name) return false;
    const base = unwrapExpression(target.object);
    if (base.type === 'Identifier' && GLOBAL_OBJECT_NAMES.has(base.name) && isGlobalReference(ctx, base, base.name))
      return true;
  } else {
    return false;
  }
  return isExportOf(resolveImportedValue(ctx, target), ['timers'], name);
}
