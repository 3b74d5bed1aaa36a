import type { TSESTree } from '@typescript-eslint/utils';
import { type AnalysisContext } from '../../core/context.js';
import { isGlobalReference, staticPropertyName, unwrapExpression } from '../../core/imports.js';
import { classVariablesOf, isExported, isFunctionNode, propertyKeyName, thisOwnerOf } from '../../core/ast.js';
import { frequencyModelOf } from '../../frequency/frequency-of.js';
import { singleCreation } from '../../frequency/run-context.js';
import type { MemberIndex } from './member-index.js';
import type { CollectionHolder, CollectionKind, CollectionSite, UnboundedCacheOptions } from './findings.js';

/*
 * The long-lived collections a file declares (module scope, static and instance fields,
 * globalThis slots) and every expression that refers to each.
 */

export interface Candidate extends CollectionSite {
  /** Type arguments or annotation naming the key type, when written. */
  readonly keyType: TSESTree.TypeNode | undefined;
  /** Likewise the value type of a map or dictionary. */
  readonly valueType: TSESTree.TypeNode | undefined;
}

/** The collection kind an initializer creates, or undefined. */
function collectionKindOf(ctx: AnalysisContext, expression: TSESTree.Expression): CollectionKind | undefined {
  switch (expression.type) {
    case 'NewExpression': {
      const callee = expression.callee;
      if (callee.type !== 'Identifier' || (callee.name !== 'Map' && callee.name !== 'Set')) return undefined;
      return isGlobalReference(ctx, callee, callee.name) ? callee.name : undefined;
    }
    case 'ObjectExpression':
      // An object with methods or accessors is an API, not a dictionary.
      return expression.properties.every(
        (prop) =>
          prop.type === 'SpreadElement' || (prop.kind === 'init' && !prop.method && !isFunctionNode(prop.value)),
      )
        ? 'object'
        : undefined;
    case 'CallExpression': {
      const callee = expression.callee;
      const arg = expression.arguments[0];
      const isObjectCreate =
        callee.type === 'MemberExpression' &&
        staticPropertyName(callee) === 'create' &&
        callee.object.type === 'Identifier' &&
        callee.object.name === 'Object' &&
        isGlobalReference(ctx, callee.object, 'Object');
      return isObjectCreate && expression.arguments.length === 1 && arg?.type === 'Literal' && arg.value === null
        ? 'object'
        : undefined;
    }
    case 'ArrayExpression':
      return 'array';
    default:
      return undefined;
  }
}

interface WrittenTypes {
  readonly key?: TSESTree.TypeNode | undefined;
  readonly value?: TSESTree.TypeNode | undefined;
}

/** The key and value types written on the collection: `new Map<K, V>`, `Set<K>`, `Record<K, V>`, `{ [k: K]: V }`. */
function writtenTypes(
  collection: TSESTree.Expression,
  annotations: readonly (TSESTree.TypeNode | undefined)[],
): WrittenTypes {
  if (collection.type === 'NewExpression' && collection.typeArguments)
    return { key: collection.typeArguments.params[0], value: collection.typeArguments.params[1] };
  for (const annotation of annotations) {
    if (!annotation) continue;
    if (
      annotation.type === 'TSTypeReference' &&
      annotation.typeArguments &&
      annotation.typeName.type === 'Identifier' &&
      ['Map', 'Set', 'Record', 'ReadonlyMap', 'ReadonlySet'].includes(annotation.typeName.name)
    ) {
      return { key: annotation.typeArguments.params[0], value: annotation.typeArguments.params[1] };
    }
    if (
      annotation.type === 'TSTypeLiteral' &&
      annotation.members.length === 1 &&
      annotation.members[0]!.type === 'TSIndexSignature'
    ) {
      const signature = annotation.members[0]!;
      const parameter = signature.parameters[0];
      return {
        key: parameter?.type === 'Identifier' ? parameter.typeAnnotation?.typeAnnotation : undefined,
        value: signature.typeAnnotation?.typeAnnotation,
      };
    }
    if (annotation.type === 'TSMappedType') return { key: annotation.constraint, value: annotation.typeAnnotation };
  }
  return {};
}

/** Types asserted on an initializer: `x as T`, `x satisfies T`, `<T>x`. */
export function assertedTypes(initializer: TSESTree.Expression): TSESTree.TypeNode[] {
  const types: TSESTree.TypeNode[] = [];
  for (let current: TSESTree.Node = initializer; ; current = current.expression) {
    if (
      current.type === 'TSAsExpression' ||
      current.type === 'TSSatisfiesExpression' ||
      current.type === 'TSTypeAssertion'
    )
      types.push(current.typeAnnotation);
    else if (current.type !== 'TSNonNullExpression') break;
  }
  return types;
}

function makeCandidate(
  ctx: AnalysisContext,
  node: TSESTree.Node,
  name: string,
  holder: CollectionHolder,
  initializer: TSESTree.Expression,
  annotation: TSESTree.TypeNode | undefined,
): Candidate | undefined {
  const collection = unwrapExpression(initializer) as TSESTree.Expression;
  const kind = collectionKindOf(ctx, collection);
  if (!kind) return undefined;
  const types = writtenTypes(collection, [annotation, ...assertedTypes(initializer)]);
  return { node, kind, name, holder, initializer, collection, keyType: types.key, valueType: types.value };
}

export function siteOf({ node, kind, name, holder, initializer, collection }: Candidate): CollectionSite {
  return { node, kind, name, holder, initializer, collection };
}

/** Module-level declarations, static (and, on request, instance) fields of module-level classes, and globalThis slots. */
export function collectionCandidates(ctx: AnalysisContext, options: UnboundedCacheOptions): Candidate[] {
  const candidates: Candidate[] = [];
  const addClass = (cls: TSESTree.ClassDeclaration | TSESTree.ClassExpression, className: string | undefined): void => {
    // The one instance of a module's singleton (`export default new Registry()`, made once) lives
    // as long as the process: its fields are as long-lived as a module-level Map.
    let singleton: boolean | undefined;
    const isSingleton = (): boolean => (singleton ??= moduleSingletonOf(ctx, cls) !== undefined);
    for (const member of cls.body.body) {
      if (member.type !== 'PropertyDefinition' || !member.value || member.declare) continue;
      if (!member.static && !options.instanceFields && !isSingleton()) continue;
      const fieldName = propertyKeyName(member);
      if (fieldName === undefined) continue;
      const holder: CollectionHolder = {
        kind: member.static ? 'static-field' : 'instance-field',
        field: member,
        className,
        ...(!member.static && isSingleton() ? { singleton: true } : {}),
      };
      const label = member.static ? `${className ?? '(class)'}.${fieldName}` : `this.${fieldName}`;
      const candidate = makeCandidate(
        ctx,
        member.key,
        label,
        holder,
        member.value,
        member.typeAnnotation?.typeAnnotation,
      );
      if (candidate) candidates.push(candidate);
    }
  };

  for (const statement of ctx.ast.body) {
    const declaration =
      statement.type === 'ExportNamedDeclaration' || statement.type === 'ExportDefaultDeclaration'
        ? statement.declaration
        : statement;
    if (!declaration) continue;
    if (declaration.type === 'VariableDeclaration') {
      for (const declarator of declaration.declarations) {
        if (declarator.id.type !== 'Identifier') continue;
        if (!declarator.init) {
          const lazy = lazyCandidate(ctx, declarator);
          if (lazy) candidates.push(lazy);
          continue;
        }
        if (declarator.init.type === 'ClassExpression') {
          addClass(declarator.init, declarator.id.name);
          continue;
        }
        const variable = ctx.scopeManager.getDeclaredVariables(declarator)[0];
        if (!variable) continue;
        const holder: CollectionHolder = { kind: 'variable', variable, declarator };
        const candidate = makeCandidate(
          ctx,
          declarator.id,
          declarator.id.name,
          holder,
          declarator.init,
          declarator.id.typeAnnotation?.typeAnnotation,
        );
        if (candidate) candidates.push(candidate);
      }
    } else if (declaration.type === 'ClassDeclaration') {
      addClass(declaration, declaration.id?.name);
    } else if (declaration.type === 'ExpressionStatement' && declaration.expression.type === 'AssignmentExpression') {
      const assignment = declaration.expression;
      const property = globalSlotName(ctx, assignment.left);
      if (property === undefined || !['=', '??=', '||='].includes(assignment.operator)) continue;
      const holder: CollectionHolder = { kind: 'global', assignment, property };
      const candidate = makeCandidate(
        ctx,
        assignment.left,
        `globalThis.${property}`,
        holder,
        assignment.right,
        undefined,
      );
      if (candidate) candidates.push(candidate);
    }
  }
  return candidates;
}

/**
 * A module variable declared empty and created where it is first needed: every assignment is
 * `x ??= new Map()`, `x ||= {}` or `x = new Map()` under `if (!x)` / `if (x === undefined)`. It
 * lives as long as the process like one created at load; its assignments create it, not reset it.
 */
function lazyCandidate(ctx: AnalysisContext, declarator: TSESTree.VariableDeclarator): Candidate | undefined {
  const variable = ctx.scopeManager.getDeclaredVariables(declarator)[0];
  if (!variable || declarator.id.type !== 'Identifier') return undefined;
  const writes = variable.references.filter((ref) => ref.isWrite() && !ref.init);
  let creation: TSESTree.Expression | undefined;
  for (const ref of writes) {
    const assignment = ref.identifier.parent;
    if (assignment?.type !== 'AssignmentExpression' || assignment.left !== ref.identifier) return undefined;
    if (!createsOnlyWhenEmpty(assignment, variable.name)) return undefined;
    creation ??= assignment.right;
    if (collectionKindOf(ctx, unwrapExpression(assignment.right) as TSESTree.Expression) === undefined)
      return undefined;
  }
  if (!creation) return undefined;
  const holder: CollectionHolder = { kind: 'variable', variable, declarator, lazy: true };
  return makeCandidate(
    ctx,
    declarator.id,
    declarator.id.name,
    holder,
    creation,
    declarator.id.typeAnnotation?.typeAnnotation,
  );
}

/** `x ??= …`, `x ||= …`, or `x = …` as the branch of `if (!x)` / `if (x == null)` / `if (x === undefined)`. */
function createsOnlyWhenEmpty(assignment: TSESTree.AssignmentExpression, name: string): boolean {
  if (assignment.operator === '??=' || assignment.operator === '||=') return true;
  if (assignment.operator !== '=') return false;
  let statement: TSESTree.Node | undefined = assignment.parent;
  if (statement?.type === 'ExpressionStatement') statement = statement.parent;
  if (statement?.type === 'BlockStatement') statement = statement.parent;
  if (statement?.type !== 'IfStatement') return false;
  const test = unwrapExpression(statement.test);
  const isName = (node: TSESTree.Node): boolean => node.type === 'Identifier' && node.name === name;
  if (test.type === 'UnaryExpression' && test.operator === '!') return isName(unwrapExpression(test.argument));
  if (test.type !== 'BinaryExpression' || !['==', '==='].includes(test.operator)) return false;
  const other = unwrapExpression(test.right);
  const empty =
    (other.type === 'Literal' && other.value === null) || (other.type === 'Identifier' && other.name === 'undefined');
  return isName(unwrapExpression(test.left)) && empty;
}

/** The one `new C()` of a module singleton class, when it runs once (at load or in start-up code). */
export function moduleSingletonOf(
  ctx: AnalysisContext,
  cls: TSESTree.ClassDeclaration | TSESTree.ClassExpression,
): TSESTree.NewExpression | undefined {
  const creation = singleCreation(ctx, cls);
  return creation && frequencyModelOf(ctx).runsOnce(creation) ? creation : undefined;
}

/** Whether the singleton's instance is exported (`export default new C()`, `export const c = new C()`). */
function singletonExported(ctx: AnalysisContext, creation: TSESTree.NewExpression): boolean {
  const parent = unwrapParent(creation);
  if (parent?.type === 'ExportDefaultDeclaration') return true;
  if (parent?.type !== 'VariableDeclarator' || parent.id.type !== 'Identifier') return false;
  const variable = ctx.scopeManager.getDeclaredVariables(parent)[0];
  return variable !== undefined && isExported(variable);
}

/** The parent of `node` above any `as` / `!` wrappers. */
function unwrapParent(node: TSESTree.Node): TSESTree.Node | undefined {
  let current = node.parent;
  while (current && (current.type === 'TSAsExpression' || current.type === 'TSNonNullExpression'))
    current = current.parent;
  return current;
}

/** `globalThis.x` / `global.x` (the real globals): 'x'. */
function globalSlotName(ctx: AnalysisContext, node: TSESTree.Node): string | undefined {
  if (node.type !== 'MemberExpression') return undefined;
  const object = node.object;
  if (object.type !== 'Identifier' || (object.name !== 'globalThis' && object.name !== 'global')) return undefined;
  if (!isGlobalReference(ctx, object, object.name)) return undefined;
  return staticPropertyName(node);
}

export interface References {
  /** Expressions that are this collection for certain. */
  readonly own: TSESTree.Node[];
  /** `x.cache` through an object that might be this class or instance: counted for eviction and escape only. */
  readonly foreign: TSESTree.Node[];
  /** The holder itself is visible outside the file (exported binding, public field of an exported class). */
  readonly exported: boolean;
}

export function referencesOf(ctx: AnalysisContext, members: MemberIndex, candidate: Candidate): References {
  const { holder } = candidate;
  if (holder.kind === 'variable') {
    const own = holder.variable.references
      .filter((ref) => ref.identifier !== holder.declarator.id && ref.isValueReference)
      .map((ref) => ref.identifier);
    return { own, foreign: [], exported: isExported(holder.variable) };
  }
  if (holder.kind === 'global') {
    const own: TSESTree.Node[] = [];
    const through = ctx.scopeManager.globalScope?.through ?? [];
    const globals = ctx.scopeManager.globalScope?.set;
    const identifiers = [
      ...through.map((ref) => ref.identifier),
      ...['globalThis', 'global'].flatMap((name) => globals?.get(name)?.references.map((ref) => ref.identifier) ?? []),
    ];
    for (const identifier of identifiers) {
      const member = identifier.parent;
      if (
        member?.type === 'MemberExpression' &&
        member.object === identifier &&
        member !== holder.assignment.left &&
        globalSlotName(ctx, member) === holder.property
      )
        own.push(member);
    }
    return { own, foreign: [], exported: false };
  }
  return fieldReferences(ctx, members, holder);
}

/** `this.f` in the matching (static or instance) members, `Class.f` for statics; any other `x.f` is foreign. */
function fieldReferences(
  ctx: AnalysisContext,
  members: MemberIndex,
  holder: Extract<CollectionHolder, { kind: 'static-field' | 'instance-field' }>,
): References {
  const { field } = holder;
  const body = field.parent as TSESTree.ClassBody;
  const cls = body.parent;
  const isStatic = holder.kind === 'static-field';
  const fieldName = propertyKeyName(field)!;
  const classVariables = classVariablesOf(ctx, cls);
  const own: TSESTree.Node[] = [];
  const foreign: TSESTree.Node[] = [];
  let classEscapes = false;
  for (const variable of classVariables) {
    for (const ref of variable.references) {
      const parent = ref.identifier.parent;
      if (ref.init || !ref.isValueReference) continue;
      if (parent?.type === 'MemberExpression' && parent.object === ref.identifier) continue;
      if (parent?.type === 'NewExpression' && parent.callee === ref.identifier) continue;
      classEscapes = true;
    }
  }
  for (const node of members.named(fieldName)) {
    const object = unwrapExpression(node.object);
    if (object.type === 'ThisExpression') {
      const owner = thisOwnerOf(node);
      if (owner && owner.body === body && owner.isStatic === isStatic) own.push(node);
      else foreign.push(node);
    } else if (
      isStatic &&
      object.type === 'Identifier' &&
      classVariables.some((variable) => variable.references.some((ref) => ref.identifier === object))
    ) {
      own.push(node);
    } else {
      foreign.push(node);
    }
  }
  const privateField = field.key.type === 'PrivateIdentifier' || field.accessibility === 'private';
  const singleton = isStatic ? undefined : moduleSingletonOf(ctx, cls);
  const classExported =
    classVariables.some((variable) => isExported(variable)) ||
    cls.parent?.type === 'ExportDefaultDeclaration' ||
    cls.parent?.type === 'ExportNamedDeclaration' ||
    // Other files reach a public field of an exported singleton through the instance.
    (singleton !== undefined && singletonExported(ctx, singleton));
  return { own, foreign, exported: !privateField && (classExported || classEscapes) };
}
