import type { TSESTree } from '@typescript-eslint/utils';
import { wrappedFunctionCandidates } from '../core/wrapped-function.js';
import { propertyName, staticString, unwrap, type AstNode } from './ast.js';
import { CLUSTER_MODULES } from './cluster.js';
import type { FileFacts, Value } from './facts.js';
import type { PendingValue, Scopes, Where } from './scopes.js';

/**
 * What a file imports and exports, as the walk meets it: ESM `import` and `export`, TypeScript's
 * `import x = require()`, and CommonJS `module.exports = …` and `exports.x = …`. Imports bind
 * names in the walk's scopes; exports are kept for extract.ts to resolve once the file is bound.
 */
interface ModuleRecorder {
  readonly facts: FileFacts;
  readonly scopes: Scopes;
  readonly exports: Map<string, PendingValue | Value>;
  /** Exports whose value is a call: the wrapped functions it may hand on, for entries (wrapped-function.ts). */
  readonly wrappedExports: Map<string, PendingValue[]>;
  importsCluster: boolean;
  cjs: PendingValue | undefined;
  lineOf(node: AstNode): number;
}

export function recordImport(walk: ModuleRecorder, node: AstNode, where: Where): void {
  const source = node.source.value as string;
  walk.facts.imports.push({ source, kind: 'import', line: walk.lineOf(node) });
  if (CLUSTER_MODULES.has(source)) walk.importsCluster = true;
  for (const specifier of node.specifiers as AstNode[]) {
    const name =
      specifier.type === 'ImportDefaultSpecifier'
        ? 'default'
        : specifier.type === 'ImportNamespaceSpecifier'
          ? '*'
          : ((specifier.imported.name ?? specifier.imported.value) as string);
    walk.scopes.declare(where.scope, specifier.local.name as string, {
      value: { k: 'import', source, name },
      thisCls: undefined,
    });
  }
}

/** `import x = require('./x')`. */
export function recordImportEquals(walk: ModuleRecorder, node: AstNode, where: Where): void {
  const reference = node.moduleReference as AstNode;
  const source =
    reference.type === 'TSExternalModuleReference' ? staticString(reference.expression as AstNode) : undefined;
  if (source === undefined) return;
  walk.facts.imports.push({ source, kind: 'require', line: walk.lineOf(node) });
  walk.scopes.declare(where.scope, node.id.name as string, {
    value: { k: 'import', source, name: '*' },
    thisCls: undefined,
  });
}

export function recordExport(walk: ModuleRecorder, node: AstNode, where: Where): void {
  const source = node.source ? (node.source.value as string) : undefined;
  if (source !== undefined) walk.facts.imports.push({ source, kind: 'reexport', line: walk.lineOf(node) });
  if (node.type === 'ExportAllDeclaration') {
    if (node.exported)
      walk.exports.set((node.exported.name ?? node.exported.value) as string, {
        k: 'import',
        source: source!,
        name: '*',
      });
    else walk.facts.starExports.push(source!);
    return;
  }
  if (node.type === 'ExportDefaultDeclaration') {
    const value = assignedValue(node.declaration as AstNode);
    walk.exports.set('default', { where, node: value });
    recordWrapped(walk, 'default', value, where);
    return;
  }
  const declaration = node.declaration as AstNode | null;
  if (declaration) {
    const ids =
      declaration.type === 'VariableDeclaration'
        ? (declaration.declarations as AstNode[]).map((d) => d.id as AstNode).filter((id) => id.type === 'Identifier')
        : declaration.id
          ? [declaration.id as AstNode]
          : [];
    for (const id of ids) walk.exports.set(id.name as string, { where, node: id });
    if (declaration.type === 'VariableDeclaration')
      for (const declarator of declaration.declarations as AstNode[])
        if (declarator.id.type === 'Identifier' && declarator.init)
          recordWrapped(walk, declarator.id.name as string, declarator.init as AstNode, where);
  }
  for (const specifier of (node.specifiers as AstNode[] | undefined) ?? []) {
    const exported = (specifier.exported.name ?? specifier.exported.value) as string;
    const local = (specifier.local.name ?? specifier.local.value) as string;
    walk.exports.set(
      exported,
      source !== undefined ? { k: 'import', source, name: local } : { where, node: specifier.local as AstNode },
    );
  }
}

function recordWrapped(walk: ModuleRecorder, name: string, value: AstNode, where: Where): void {
  const candidates = wrappedFunctionCandidates(value as unknown as TSESTree.Node);
  if (candidates.length > 0)
    walk.wrappedExports.set(
      name,
      candidates.map((node) => ({ where, node: node as unknown as AstNode })),
    );
}

/** `module.exports = value`, `exports.x = value`, `module.exports.x = value`: whether `left` (a member) is one. */
export function recordExportAssignment(walk: ModuleRecorder, left: AstNode, value: PendingValue): boolean {
  if (isModuleExports(left)) {
    walk.cjs = value;
    return true;
  }
  const object = unwrap(left.object as AstNode);
  const property = propertyName(left);
  if (
    property !== undefined &&
    ((object.type === 'Identifier' && object.name === 'exports' && !walk.scopes.isDeclared('exports', value.where)) ||
      isModuleExports(object))
  ) {
    walk.exports.set(property, value);
    return true;
  }
  return false;
}

/**
 * `Manager = { … }` in `export default Manager = { … }` or `module.exports = Manager = { … }`: the
 * value is the object, which the name also holds (set 18: a LaTeX service's start-up `init()`).
 */
export function assignedValue(node: AstNode): AstNode {
  let value = node;
  while (value.type === 'AssignmentExpression' && value.operator === '=') value = value.right as AstNode;
  return value;
}

/** `module.exports`. */
export function isModuleExports(node: AstNode): boolean {
  const object = node.type === 'MemberExpression' ? unwrap(node.object as AstNode) : undefined;
  return object?.type === 'Identifier' && object.name === 'module' && propertyName(node) === 'exports';
}
