import type { TSESTree } from '@typescript-eslint/utils';
import { isReassigned, resolveIdentifier, type AnalysisContext, type Variable } from '../../core/context.js';
import { isGlobalReference, staticPropertyName, unwrapExpression } from '../../core/imports.js';
import { declaredVariableOf, isExported, isFunctionNode, propertyKeyName, thisOwnerOf } from '../../core/ast.js';
import { iterationCallOf } from '../../frequency/repetition.js';
import { PURE_STRING_METHODS, SUBSET_FUNCTIONS, SUBSET_METHODS } from '../../knowledge/caches.js';
import { hasFiniteCheckerType } from './finite-checker-types.js';
import { importedFiniteTypeOf } from './imported-key-types.js';
import { isRequestKey } from './key-origin.js';
import { isRoundedDraw } from './random-draws.js';
import { isNarrowedToConstant } from './narrowed-keys.js';
import {
  fixedBinding,
  isClassKey,
  isConfiguredMember,
  isConstAssertion,
  isConstObjectMember,
  isEnumMember,
  isEmitterEventName,
  isListenedEventName,
  isStandardVocabularyName,
  isUndefinedGlobal,
  localTypeDeclaration,
  sourceText,
} from './key-expressions.js';

/*
 * Whether a key can only take a few values: a cache keyed that way cannot grow past them. Without
 * type information this reads literals, local enums, and parameters or variables whose annotation
 * is a literal union, a local enum or a local alias of one; with it, the checker's type of the key.
 */

const MAX_DEPTH = 16;

/** True when every value `key` can take is one of a finite, known set. */
export function isFiniteKey(ctx: AnalysisContext, key: TSESTree.Node, typeAware: boolean): boolean {
  if (isFiniteExpression(ctx, key, 0)) return true;
  if (isNarrowedToConstant(ctx, key, (value) => isNamedConstant(ctx, value, 0))) return true;
  return hasFiniteCheckerType(ctx, key, typeAware);
}

/** A parameter list whose every parameter is finite (an empty list is: one key in all). */
export function areFiniteParameters(
  ctx: AnalysisContext,
  params: readonly TSESTree.Parameter[],
  typeAware: boolean,
): boolean {
  return params.every((param) => {
    const target = param.type === 'AssignmentPattern' ? param.left : param;
    if (target.type !== 'Identifier') return false;
    if (isStandardVocabularyName(target.name)) return true;
    if (target.typeAnnotation && isFiniteTypeNode(ctx, target.typeAnnotation.typeAnnotation, 0)) return true;
    return hasFiniteCheckerType(ctx, target, typeAware);
  });
}

function isFiniteExpression(ctx: AnalysisContext, node: TSESTree.Node, depth: number): boolean {
  if (depth > MAX_DEPTH) return false;
  switch (node.type) {
    case 'Literal':
      return !('regex' in node && node.regex);
    case 'TemplateLiteral':
      // `${zone}|${style}`: one value per combination of finite parts.
      return node.expressions.every((part) => isFiniteExpression(ctx, part, depth + 1));
    case 'UnaryExpression':
      // `!x` is a boolean, `typeof x` one of eight strings, `-1` a literal.
      return (
        node.operator === '!' ||
        node.operator === 'typeof' ||
        node.operator === 'void' ||
        isFiniteExpression(ctx, node.argument, depth + 1)
      );
    case 'BinaryExpression':
      if (node.operator === '+')
        return isFiniteExpression(ctx, node.left, depth + 1) && isFiniteExpression(ctx, node.right, depth + 1);
      return ['==', '!=', '===', '!==', '<', '<=', '>', '>=', 'in', 'instanceof'].includes(node.operator);
    case 'LogicalExpression':
      // `options.style || 'short'`: one side or the other.
      return isFiniteExpression(ctx, node.left, depth + 1) && isFiniteExpression(ctx, node.right, depth + 1);
    case 'ConditionalExpression':
      if (isMemberOfFixedList(ctx, node, depth)) return true;
      return isFiniteExpression(ctx, node.consequent, depth + 1) && isFiniteExpression(ctx, node.alternate, depth + 1);
    case 'TSAsExpression':
    case 'TSTypeAssertion':
      return (
        isFiniteTypeNode(ctx, node.typeAnnotation, depth + 1) || isFiniteExpression(ctx, node.expression, depth + 1)
      );
    case 'TSNonNullExpression':
    case 'TSSatisfiesExpression':
      return isFiniteExpression(ctx, node.expression, depth + 1);
    case 'MemberExpression':
      // `tokens[0]` of a list split from a constant is one of its pieces.
      if (node.computed && isFiniteList(ctx, node.object, depth + 1)) return true;
      return (
        isEnumMember(ctx, node) ||
        isConstObjectMember(ctx, node) ||
        isClassKey(node) ||
        isConstructorOf(node) ||
        (isConfiguredMember(ctx, node) && !isRequestKey(ctx, node)) ||
        isStandardVocabularyName(staticPropertyName(node)) ||
        isConstantStaticField(ctx, node, depth) ||
        isFieldOfConfiguredElement(ctx, node, depth)
      );
    case 'CallExpression':
      return isStringMethodOfFinite(ctx, node, depth) || isRoundedDraw(ctx, node, depth);
    case 'Identifier':
      if (node.name === 'undefined') return isUndefinedGlobal(ctx, node);
      return (
        isStandardVocabularyName(node.name) ||
        isDeclaredClass(ctx, node) ||
        isFiniteVariable(ctx, resolveIdentifier(ctx, node), depth + 1)
      );
    default:
      return false;
  }
}

function isFiniteVariable(ctx: AnalysisContext, variable: Variable | undefined, depth: number): boolean {
  if (!variable || variable.defs.length !== 1) return false;
  const def = variable.defs[0]!;
  const name = def.name as TSESTree.Node;
  const annotation = name.type === 'Identifier' ? name.typeAnnotation?.typeAnnotation : undefined;
  if (annotation && isFiniteTypeNode(ctx, annotation, depth)) return true;
  if (def.type === 'Parameter')
    return (
      isElementOfFiniteList(ctx, variable, def.node, name, depth) ||
      isFiniteAtEveryCall(ctx, def.node, name, depth) ||
      ((isListenedEventName(def.node, name) || isEmitterEventName(def.node, name)) &&
        !variable.references.some((ref) => ref.isWrite()))
    );
  if (def.type !== 'Variable') return false;
  const declarator = def.node;
  const declaration = declarator.parent;
  const reassigned = isReassigned(variable);
  // `for (const k of ['a', 'b'])` takes the literal elements in turn.
  const loop = declaration.parent;
  if (loop?.type === 'ForOfStatement' && loop.left === declaration)
    return (
      !reassigned &&
      (isFiniteList(ctx, loop.right, depth) ||
        hasFiniteElementType(ctx, loop.right, depth) ||
        isConfiguredList(ctx, loop.right, depth))
    );
  if (declarator.id !== name) return false;
  if (declaration.kind !== 'const' && reassigned) return isFiniteAtEveryWrite(ctx, variable, declarator, depth);
  return declarator.init !== null && isFiniteExpression(ctx, declarator.init, depth + 1);
}

/** `this.constructor`, `model.constructor`: a class, one per class the program defines (a per-class registry). */
function isConstructorOf(node: TSESTree.MemberExpression): boolean {
  return !node.computed && staticPropertyName(node) === 'constructor';
}

/** A class this file declares, as a key: one per declaration. */
function isDeclaredClass(ctx: AnalysisContext, node: TSESTree.Identifier): boolean {
  const defs = resolveIdentifier(ctx, node)?.defs ?? [];
  return defs.length === 1 && defs[0]!.type === 'ClassName';
}

/** `let id; do { id = 1000 + Math.ceil(1000 * Math.random()) } while (…)`: every value it is given is finite. */
function isFiniteAtEveryWrite(
  ctx: AnalysisContext,
  variable: Variable,
  declarator: TSESTree.VariableDeclarator,
  depth: number,
): boolean {
  if (declarator.init !== null && !isFiniteExpression(ctx, declarator.init, depth + 1)) return false;
  return variable.references.every((ref) => {
    if (!ref.isWrite() || ref.init) return true;
    const assignment = ref.identifier.parent;
    return (
      assignment?.type === 'AssignmentExpression' &&
      assignment.operator === '=' &&
      assignment.left === ref.identifier &&
      isFiniteExpression(ctx, assignment.right, depth + 1)
    );
  });
}

/** `['a', 'b'].forEach((k) => …)`: the element parameter of an iteration callback over a finite list, never reassigned. */
function isElementOfFiniteList(
  ctx: AnalysisContext,
  variable: Variable,
  fn: TSESTree.Node,
  param: TSESTree.Node,
  depth: number,
): boolean {
  if (!isFunctionNode(fn) || fn.params[0] !== param || variable.references.some((ref) => ref.isWrite())) return false;
  const call = iterationCallOf(fn);
  if (call === undefined) return false;
  const list = (call.callee as TSESTree.MemberExpression).object;
  return isFiniteList(ctx, list, depth) || isConfiguredList(ctx, list, depth);
}

/**
 * `server.id` where `server` is an element of a configured list (`for (const server of
 * config.servers)`, `settings.sonarr.map((server) => …)`): one value per configured entry, fixed
 * while the process runs (held-out false positive in a media server's per-server download lists).
 */
function isFieldOfConfiguredElement(ctx: AnalysisContext, node: TSESTree.MemberExpression, depth: number): boolean {
  let root: TSESTree.Node = node;
  while (root.type === 'MemberExpression') {
    if (root.computed && root.property.type !== 'Literal') return false;
    root = unwrapExpression(root.object);
  }
  if (root.type !== 'Identifier') return false;
  const variable = resolveIdentifier(ctx, root);
  const def = variable?.defs.length === 1 ? variable.defs[0] : undefined;
  if (!variable || !def || isReassigned(variable)) return false;
  if (def.type === 'Parameter') {
    if (!isFunctionNode(def.node) || def.node.params[0] !== def.name) return false;
    const call = iterationCallOf(def.node);
    return call !== undefined && isConfiguredList(ctx, (call.callee as TSESTree.MemberExpression).object, depth);
  }
  const declaration = def.type === 'Variable' ? def.node.parent : undefined;
  const loop = declaration?.parent;
  return loop?.type === 'ForOfStatement' && loop.left === declaration && isConfiguredList(ctx, loop.right, depth);
}

/**
 * A list read from configuration (`config.servers`, `settings.sonarr`,
 * `this.configService.scheduler.tasks`), directly, through a const, with `?? []`, or narrowed by a
 * method or helper whose result holds only its elements (`filter`, `uniqWith`).
 */
function isConfiguredList(ctx: AnalysisContext, node: TSESTree.Node, depth: number): boolean {
  if (depth > MAX_DEPTH) return false;
  const list = unwrapExpression(node);
  switch (list.type) {
    case 'MemberExpression':
      return isConfiguredMember(ctx, list) && !isRequestKey(ctx, list);
    // `config.tasks ?? []`: the configured list, or none.
    case 'LogicalExpression':
      return list.operator !== '&&' && isEmptyList(list.right) && isConfiguredList(ctx, list.left, depth + 1);
    case 'Identifier': {
      const variable = resolveIdentifier(ctx, list);
      const def = variable?.defs.length === 1 ? variable.defs[0] : undefined;
      if (def?.type !== 'Variable' || def.node.parent.kind !== 'const' || !def.node.init) return false;
      return isConfiguredList(ctx, def.node.init, depth + 1);
    }
    case 'CallExpression': {
      const callee = unwrapExpression(list.callee);
      if (callee.type === 'MemberExpression')
        return SUBSET_METHODS.has(staticPropertyName(callee) ?? '') && isConfiguredList(ctx, callee.object, depth + 1);
      const [first] = list.arguments;
      return (
        callee.type === 'Identifier' &&
        SUBSET_FUNCTIONS.has(callee.name) &&
        first !== undefined &&
        first.type !== 'SpreadElement' &&
        isConfiguredList(ctx, first, depth + 1)
      );
    }
    default:
      return false;
  }
}

/** `[]`: the fallback of a configured list that may be missing. */
function isEmptyList(node: TSESTree.Node): boolean {
  const inner = unwrapExpression(node);
  return inner.type === 'ArrayExpression' && inner.elements.length === 0;
}

/**
 * A plain parameter of a function that only this file calls (not exported, never passed on), when
 * every call passes a finite argument in its place: `counter('requests')`, `counter('errors')`.
 */
function isFiniteAtEveryCall(ctx: AnalysisContext, fn: TSESTree.Node, param: TSESTree.Node, depth: number): boolean {
  if (!isFunctionNode(fn)) return false;
  const index = fn.params.indexOf(param as TSESTree.Parameter);
  const variable = declaredVariableOf(ctx, fn);
  if (index < 0 || !variable || isExported(variable)) return false;
  const uses = variable.references.filter(
    (ref) => !ref.init && ref.identifier !== (fn as { id?: TSESTree.Node | null }).id && ref.isValueReference,
  );
  return (
    uses.length > 0 &&
    uses.every((ref) => {
      const call = ref.identifier.parent;
      if (call?.type !== 'CallExpression' || call.callee !== ref.identifier) return false;
      if (call.arguments.slice(0, index + 1).some((arg) => arg.type === 'SpreadElement')) return false;
      const argument = call.arguments[index];
      return argument === undefined || isFiniteExpression(ctx, argument, depth + 1);
    })
  );
}

/**
 * An array literal of finite elements, or a finite string split by a finite separator
 * (`MAPPING.split('\n')`: a table parsed from a constant), directly or through a const.
 */
function isFiniteList(ctx: AnalysisContext, node: TSESTree.Node, depth: number): boolean {
  if (depth > MAX_DEPTH) return false;
  let list = unwrapExpression(node);
  if (list.type === 'Identifier') {
    const variable = resolveIdentifier(ctx, list);
    const def = variable?.defs.length === 1 ? variable.defs[0] : undefined;
    if (def?.type !== 'Variable' || def.node.parent.kind !== 'const' || !def.node.init) return false;
    list = unwrapExpression(def.node.init);
  }
  if (
    list.type === 'CallExpression' &&
    list.callee.type === 'MemberExpression' &&
    staticPropertyName(list.callee) === 'split'
  ) {
    return (
      isFiniteExpression(ctx, list.callee.object, depth + 1) &&
      list.arguments.every((arg) => arg.type !== 'SpreadElement' && isFiniteExpression(ctx, arg, depth + 1))
    );
  }
  return (
    list.type === 'ArrayExpression' &&
    list.elements.every(
      (element) => element !== null && element.type !== 'SpreadElement' && isFiniteExpression(ctx, element, depth + 1),
    )
  );
}

/**
 * `this.mapping` in a static method, or `Zones.mapping`, where the class declares `static readonly
 * mapping = '…'`: a constant of the program.
 */
function isConstantStaticField(ctx: AnalysisContext, node: TSESTree.MemberExpression, depth: number): boolean {
  const name = staticPropertyName(node);
  if (name === undefined || node.computed) return false;
  const object = unwrapExpression(node.object);
  let body: TSESTree.ClassBody | undefined;
  if (object.type === 'ThisExpression') {
    const owner = thisOwnerOf(object);
    if (owner?.isStatic && owner.body.type === 'ClassBody') body = owner.body;
  } else if (object.type === 'Identifier') {
    const def = resolveIdentifier(ctx, object)?.defs[0];
    if (def?.type === 'ClassName') body = def.node.body;
  }
  const field = body?.body.find(
    (member): member is TSESTree.PropertyDefinition =>
      member.type === 'PropertyDefinition' && member.static && propertyKeyName(member) === name,
  );
  return (
    field !== undefined && field.readonly && field.value !== null && isFiniteExpression(ctx, field.value, depth + 1)
  );
}

/** `tag.replace('_', '-')`, `kind.toLowerCase()`: a pure function of finite values takes finitely many values. */
function isStringMethodOfFinite(ctx: AnalysisContext, node: TSESTree.CallExpression, depth: number): boolean {
  const callee = unwrapExpression(node.callee);
  if (callee.type !== 'MemberExpression' || !PURE_STRING_METHODS.has(staticPropertyName(callee) ?? '')) return false;
  return (
    isFiniteExpression(ctx, callee.object, depth + 1) &&
    node.arguments.every((arg) => arg.type !== 'SpreadElement' && isFiniteExpression(ctx, arg, depth + 1))
  );
}

/**
 * `LIST.includes(x) ? x : fallback` (or `!LIST.includes(x) ? fallback : x`) over a fixed list: a
 * module constant or import, or `Object.values(E)` / `Object.keys(E)` of one. The result is one
 * of the list's items or the fallback, which must be finite or a member of that same `E`.
 */
function isMemberOfFixedList(ctx: AnalysisContext, node: TSESTree.ConditionalExpression, depth: number): boolean {
  let test = unwrapExpression(node.test);
  let [checked, fallback] = [node.consequent, node.alternate];
  if (test.type === 'UnaryExpression' && test.operator === '!') {
    test = unwrapExpression(test.argument);
    [checked, fallback] = [fallback, checked];
  }
  if (test.type !== 'CallExpression' || test.arguments.length !== 1 || test.arguments[0]!.type === 'SpreadElement')
    return false;
  const callee = unwrapExpression(test.callee);
  if (callee.type !== 'MemberExpression' || staticPropertyName(callee) !== 'includes') return false;
  if (sourceText(ctx, test.arguments[0]!) !== sourceText(ctx, checked)) return false;
  const list = unwrapExpression(callee.object);
  let table: Variable | undefined;
  if (list.type === 'CallExpression') {
    const builtin = unwrapExpression(list.callee);
    const name = builtin.type === 'MemberExpression' ? staticPropertyName(builtin) : undefined;
    const target = list.arguments[0] ? unwrapExpression(list.arguments[0]) : undefined;
    if (
      builtin.type !== 'MemberExpression' ||
      (name !== 'values' && name !== 'keys') ||
      !isGlobalReference(ctx, builtin.object, 'Object')
    )
      return false;
    if (list.arguments.length !== 1 || target?.type !== 'Identifier') return false;
    table = fixedBinding(ctx, target);
  } else if (list.type === 'Identifier') {
    table = fixedBinding(ctx, list);
  } else {
    return (
      list.type === 'ArrayExpression' && isFiniteList(ctx, list, depth) && isFiniteExpression(ctx, fallback, depth + 1)
    );
  }
  if (!table) return false;
  const other = unwrapExpression(fallback);
  const fromTable =
    other.type === 'MemberExpression' &&
    other.object.type === 'Identifier' &&
    resolveIdentifier(ctx, other.object) === table;
  return fromTable || isFiniteExpression(ctx, fallback, depth + 1);
}

/** `Object.keys(t) as Slot[]`: a list asserted to hold a finite type's values. */
function hasFiniteElementType(ctx: AnalysisContext, node: TSESTree.Node, depth: number): boolean {
  if (node.type !== 'TSAsExpression' && node.type !== 'TSTypeAssertion') return false;
  let type = node.typeAnnotation;
  if (type.type === 'TSTypeOperator' && type.operator === 'readonly' && type.typeAnnotation) type = type.typeAnnotation;
  if (type.type === 'TSArrayType') return isFiniteTypeNode(ctx, type.elementType, depth + 1);
  const generic =
    type.type === 'TSTypeReference' &&
    type.typeName.type === 'Identifier' &&
    ['Array', 'ReadonlyArray'].includes(type.typeName.name)
      ? type.typeArguments?.params[0]
      : undefined;
  return generic !== undefined && isFiniteTypeNode(ctx, generic, depth + 1);
}

/** A type that admits finitely many values: literals, unions of them, booleans, local enums and aliases of those. */
export function isFiniteTypeNode(ctx: AnalysisContext, node: TSESTree.TypeNode, depth: number): boolean {
  if (depth > MAX_DEPTH) return false;
  switch (node.type) {
    case 'TSLiteralType':
      return node.literal.type !== 'TemplateLiteral' || node.literal.expressions.length === 0;
    case 'TSBooleanKeyword':
    case 'TSUndefinedKeyword':
    case 'TSNullKeyword':
    case 'TSNeverKeyword':
    case 'TSVoidKeyword':
      return true;
    case 'TSUnionType':
      return node.types.every((member) => isFiniteTypeNode(ctx, member, depth + 1));
    case 'TSTypeReference': {
      if (node.typeName.type !== 'Identifier' || node.typeArguments) return false;
      const declaration = localTypeDeclaration(ctx, node.typeName);
      if (declaration?.type === 'TSEnumDeclaration') return true;
      // `<K extends keyof Hooks>(name: K)`: a type parameter takes only what its constraint allows.
      const constraint = typeParameterConstraint(node, node.typeName.name);
      if (constraint) return isFiniteTypeNode(ctx, constraint, depth + 1);
      if (declaration?.type === 'TSTypeAliasDeclaration' && !declaration.typeParameters)
        return isFiniteTypeNode(ctx, declaration.typeAnnotation, depth + 1);
      // An enum or a union of literals another file declares (with the project index).
      return declaration === undefined && importedFiniteTypeOf(ctx, node) !== undefined;
    }
    case 'TSTypeOperator':
      // `keyof typeof KEYS` over a const object, `keyof Local` over an interface without an index signature.
      return node.operator === 'keyof' && node.typeAnnotation !== undefined && hasFiniteKeys(ctx, node.typeAnnotation);
    case 'TSIndexedAccessType':
      // `(typeof COLORS)[number]` over a const array literal; `Plan['size']` of an imported interface (with the index).
      return (
        (node.indexType.type === 'TSNumberKeyword' &&
          node.objectType.type === 'TSTypeQuery' &&
          node.objectType.exprName.type === 'Identifier' &&
          isFiniteList(ctx, node.objectType.exprName, depth + 1)) ||
        importedFiniteTypeOf(ctx, node) !== undefined
      );
    default:
      return false;
  }
}

/** The constraint of the type parameter `name` that a reference inside its function or class sees. */
function typeParameterConstraint(from: TSESTree.Node, name: string): TSESTree.TypeNode | undefined {
  for (let node = from.parent; node; node = node.parent) {
    const params = (node as { typeParameters?: TSESTree.TSTypeParameterDeclaration }).typeParameters?.params;
    const param = params?.find((p) => p.name.name === name);
    if (param) return param.constraint;
  }
  return undefined;
}

function hasFiniteKeys(ctx: AnalysisContext, node: TSESTree.TypeNode): boolean {
  if (node.type === 'TSTypeQuery' && node.exprName.type === 'Identifier') {
    const variable = resolveIdentifier(ctx, node.exprName);
    const def = variable?.defs.length === 1 ? variable.defs[0] : undefined;
    // `keyof typeof table` of an imported table: written to name the keys of a fixed table (the
    // keys of a `Record<string, …>` would be written `string`).
    if (def?.type === 'ImportBinding') return true;
    // A declared type (`const t: Record<string, X> = {}`) or assertion decides typeof, not the literal.
    if (def?.type !== 'Variable' || def.node.parent.kind !== 'const' || !def.node.init || def.node.id.typeAnnotation)
      return false;
    let object: TSESTree.Expression = def.node.init;
    while (object.type === 'TSSatisfiesExpression' || isConstAssertion(object))
      object = (object as TSESTree.TSSatisfiesExpression | TSESTree.TSAsExpression).expression;
    // One key per property; a computed name must be a named constant (`[KEYS.draft]`), whose
    // type TypeScript keeps as a literal, not a string built at run time.
    return (
      object.type === 'ObjectExpression' &&
      object.properties.every(
        (prop) => prop.type === 'Property' && (!prop.computed || isNamedConstant(ctx, prop.key, 0)),
      )
    );
  }
  if (node.type === 'TSTypeReference' && node.typeName.type === 'Identifier') {
    const declaration = localTypeDeclaration(ctx, node.typeName);
    if (declaration?.type === 'TSInterfaceDeclaration')
      return (
        declaration.extends.length === 0 &&
        declaration.body.body.every((member) => member.type === 'TSPropertySignature' && !member.computed)
      );
    if (declaration?.type === 'TSEnumDeclaration') return true;
  }
  if (node.type === 'TSTypeLiteral')
    return node.members.every((member) => member.type === 'TSPropertySignature' && !member.computed);
  return false;
}

/** A finite expression, or a static member chain of an import or module const (`KEYS.draft`, `ns.KEYS.a`). */
function isNamedConstant(ctx: AnalysisContext, node: TSESTree.Node, depth: number): boolean {
  if (isFiniteExpression(ctx, node, depth)) return true;
  let root = unwrapExpression(node);
  if (root.type !== 'MemberExpression') return false;
  while (root.type === 'MemberExpression') {
    if (staticPropertyName(root) === undefined) return false;
    root = unwrapExpression(root.object);
  }
  return root.type === 'Identifier' && fixedBinding(ctx, root) !== undefined;
}
