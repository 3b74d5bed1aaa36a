import type { TSESTree } from '@typescript-eslint/utils';
import { resolveIdentifier, type AnalysisContext } from '../../core/context.js';
import { isGlobalReference, staticPropertyName, unwrapExpression } from '../../core/imports.js';
import {
  classVariablesOf,
  constructorOf,
  isExported,
  isFunctionNode,
  propertyKeyName,
  thisMemberName,
  thisOwnerOf,
} from '../../core/ast.js';
import { longLivedInstancesOf, moduleSingletonCreation } from '../../frequency/instance-lifecycle.js';
import { createsOnlyWhenEmpty, isLazyCreation } from '../../frequency/lazy-singleton.js';
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
    // An instance of a class whose instances live as long as the process (a module's singleton, a
    // DI container's, one the project index shows is built once) holds fields as long-lived as a
    // module-level Map: they are judged without instanceFields. Asked only once a field is a collection.
    let lifetime: { readonly evidence: string } | null | undefined;
    const longLived = (): string | undefined =>
      (lifetime === undefined ? (lifetime = longLivedInstancesOf(ctx, cls) ?? null) : lifetime)?.evidence;
    const judged = (isStatic: boolean): boolean => isStatic || options.instanceFields || longLived() !== undefined;
    const add = (
      node: TSESTree.Node,
      fieldName: string,
      isStatic: boolean,
      initializer: TSESTree.Expression,
      site: { field: TSESTree.PropertyDefinition | undefined; assignment?: TSESTree.AssignmentExpression },
      privateField: boolean,
    ): void => {
      if (!collectionKindOf(ctx, unwrapExpression(initializer) as TSESTree.Expression)) return;
      // Any other instance field is judged only for what the opening half of a pair fills
      // (`subscribe()` beside `unsubscribe()`): the pair shows the instance outlives its entries.
      const pairOnly = !judged(isStatic);
      const evidence = isStatic || pairOnly ? undefined : longLived();
      const holder: CollectionHolder = {
        kind: isStatic ? 'static-field' : 'instance-field',
        ...site,
        body: cls.body,
        fieldName,
        privateField,
        className,
        ...(evidence !== undefined ? { longLived: evidence } : {}),
        ...(pairOnly ? { pairOnly: true as const } : {}),
      };
      const label = isStatic ? `${className ?? '(class)'}.${fieldName}` : `this.${fieldName}`;
      const candidate = makeCandidate(
        ctx,
        node,
        label,
        holder,
        initializer,
        site.field?.typeAnnotation?.typeAnnotation,
      );
      if (candidate) candidates.push(candidate);
    };
    const initialized = new Set<string>();
    for (const member of cls.body.body) {
      if (member.type !== 'PropertyDefinition' || !member.value || member.declare) continue;
      const fieldName = propertyKeyName(member);
      if (fieldName === undefined) continue;
      if (!member.static) initialized.add(fieldName);
      add(member.key, fieldName, member.static, member.value, { field: member }, isPrivateField(member));
    }
    for (const assignment of constructorCreations(cls)) {
      const fieldName = thisMemberName(assignment.left)!;
      if (initialized.has(fieldName)) continue;
      initialized.add(fieldName);
      // `private cache: Map<K, V>;` beside the constructor's `this.cache = new Map()` gives its types.
      const declared = cls.body.body.find(
        (member): member is TSESTree.PropertyDefinition =>
          member.type === 'PropertyDefinition' &&
          !member.static &&
          !member.value &&
          propertyKeyName(member) === fieldName,
      );
      const privateField = fieldName.startsWith('#') || declared?.accessibility === 'private';
      add(assignment.left, fieldName, false, assignment.right, { field: declared, assignment }, privateField);
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
        const candidate = declaredCandidate(ctx, declarator, declarator.init, {});
        if (candidate) candidates.push(candidate);
      }
    } else if (declaration.type === 'ClassDeclaration') {
      addClass(declaration, declaration.id?.name);
    } else if (declaration.type === 'ExpressionStatement' && declaration.expression.type === 'AssignmentExpression') {
      const assignment = declaration.expression;
      const owned = functionPropertyCandidate(ctx, assignment);
      if (owned) {
        candidates.push(owned);
        continue;
      }
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
    if (!createsOnlyWhenEmpty(assignment)) return undefined;
    creation ??= assignment.right;
    if (collectionKindOf(ctx, unwrapExpression(assignment.right) as TSESTree.Expression) === undefined)
      return undefined;
  }
  if (!creation) return undefined;
  return declaredCandidate(ctx, declarator, creation, { lazy: true });
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
  if (holder.kind === 'function-property') {
    const own = holder.owner.references.flatMap(({ identifier }) => {
      const member = identifier.parent;
      return member?.type === 'MemberExpression' &&
        member.object === identifier &&
        member !== holder.assignment.left &&
        staticPropertyName(member) === holder.property
        ? [member]
        : [];
    });
    return { own, foreign: [], exported: isExported(holder.owner) };
  }
  return fieldReferences(ctx, members, holder);
}

/** `this.f` in the matching (static or instance) members, `Class.f` for statics; any other `x.f` is foreign. */
function fieldReferences(
  ctx: AnalysisContext,
  members: MemberIndex,
  holder: Extract<CollectionHolder, { kind: 'static-field' | 'instance-field' }>,
): References {
  const { body, fieldName } = holder;
  const cls = body.parent;
  const isStatic = holder.kind === 'static-field';
  // The constructor's `this.cache = new Map()` creates it: no use, as a declaration is none.
  const creation = holder.assignment?.left;
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
    if (node === creation) continue;
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
  const singleton = isStatic ? undefined : moduleSingletonCreation(ctx, cls);
  const classExported =
    classVariables.some((variable) => isExported(variable)) ||
    cls.parent?.type === 'ExportDefaultDeclaration' ||
    cls.parent?.type === 'ExportNamedDeclaration' ||
    // Other files reach a public field of an exported singleton through the instance (a lazily
    // created one is made to be handed out).
    (singleton !== undefined && (singletonExported(ctx, singleton) || isLazyCreation(ctx, singleton)));
  return { own, foreign, exported: !holder.privateField && (classExported || classEscapes) };
}

/** `#cache`, or declared `private`. */
function isPrivateField(field: TSESTree.PropertyDefinition): boolean {
  return field.key.type === 'PrivateIdentifier' || field.accessibility === 'private';
}

/**
 * `this.cache = new Map()` (or `= {}`, `= []`) as a statement of the constructor's own body: the
 * field is created with each instance, as by a class field. Later assignments to it are resets.
 */
function constructorCreations(
  cls: TSESTree.ClassDeclaration | TSESTree.ClassExpression,
): TSESTree.AssignmentExpression[] {
  const constructor = constructorOf(cls.body);
  const creations: TSESTree.AssignmentExpression[] = [];
  for (const statement of constructor?.value.body?.body ?? []) {
    if (statement.type !== 'ExpressionStatement' || statement.expression.type !== 'AssignmentExpression') continue;
    const assignment = statement.expression;
    if (assignment.operator === '=' && assignment.left.type === 'MemberExpression' && thisMemberName(assignment.left))
      creations.push(assignment);
  }
  return creations;
}

/** The candidate a variable declaration holds: `const cache = new Map()`, or one created where first needed. */
function declaredCandidate(
  ctx: AnalysisContext,
  declarator: TSESTree.VariableDeclarator,
  creation: TSESTree.Expression,
  how: { readonly lazy?: true },
): Candidate | undefined {
  const variable = ctx.scopeManager.getDeclaredVariables(declarator)[0];
  if (!variable || declarator.id.type !== 'Identifier') return undefined;
  const holder: CollectionHolder = { kind: 'variable', variable, declarator, ...how };
  return makeCandidate(
    ctx,
    declarator.id,
    declarator.id.name,
    holder,
    creation,
    declarator.id.typeAnnotation?.typeAnnotation,
  );
}

/**
 * `lookup.cache = {}` at the top level, where `lookup` is a module-level function: the property
 * lives as long as the function, which is as long as the process.
 */
function functionPropertyCandidate(
  ctx: AnalysisContext,
  assignment: TSESTree.AssignmentExpression,
): Candidate | undefined {
  const { left } = assignment;
  if (assignment.operator !== '=' || left.type !== 'MemberExpression' || left.object.type !== 'Identifier')
    return undefined;
  const property = staticPropertyName(left);
  const owner = resolveIdentifier(ctx, left.object);
  const def = owner?.defs[0];
  const isFunction =
    def?.type === 'FunctionName' ||
    (def?.node.type === 'VariableDeclarator' &&
      def.node.init !== null &&
      isFunctionNode(unwrapExpression(def.node.init)));
  if (!owner || property === undefined || !isFunction || owner.scope.type === 'function') return undefined;
  const holder: CollectionHolder = { kind: 'function-property', assignment, owner, property };
  return makeCandidate(ctx, left, `${owner.name}.${property}`, holder, assignment.right, undefined);
}
