import type { TSESTree } from '@typescript-eslint/utils';
import {
  findVariable,
  isModuleLevelScope,
  resolveIdentifier,
  type AnalysisContext,
  type Variable,
} from '../../core/context.js';
import { isGlobalReference, staticPropertyName, unwrapExpression } from '../../core/imports.js';
import {
  CONFIGURATION_HOLDER_WORDS,
  CONFIGURATION_WORDS,
  STANDARD_VOCABULARY,
  VOCABULARY_FORMS,
} from '../../knowledge/key-words.js';
import { LISTENER_ADD_METHODS, LISTENER_BOOKKEEPING_EVENTS, LISTENER_ONCE_METHODS } from '../../knowledge/events.js';
import { isFunctionNode } from '../../core/ast.js';
import { wordsOf } from '../../core/words.js';

/*
 * Facts about one key expression or type name that keys.ts weighs when it judges whether a key
 * is finite: what a name refers to, whether a member reads a constant, and the key's text.
 */

/** `locale`, `userLocale`, `languageCode`, `time_zone`, `timeZone`: the name of a value from a standard list. */
export function isStandardVocabularyName(name: string | undefined): boolean {
  if (name === undefined) return false;
  const words = wordsOf(name);
  if (words.length > 1 && VOCABULARY_FORMS.has(words.at(-1)!)) words.pop();
  const last = words.at(-1);
  if (last === 'zone' && words.at(-2) === 'time') return true;
  return last !== undefined && STANDARD_VOCABULARY.has(last);
}

export function isUndefinedGlobal(ctx: AnalysisContext, node: TSESTree.Identifier): boolean {
  const variable = resolveIdentifier(ctx, node);
  return !variable || variable.defs.length === 0;
}

/**
 * `x.constructor.name`, `(x.constructor as typeof Model).modelName`: a class's name or static
 * property, so one value per class the program defines (what a member decorator keys by).
 */
export function isClassKey(node: TSESTree.MemberExpression): boolean {
  const object = unwrapExpression(node.object);
  return !node.computed && object.type === 'MemberExpression' && staticPropertyName(object) === 'constructor';
}

/** An import, or a module-level const never reassigned: the same value for the life of the process. */
export function fixedBinding(ctx: AnalysisContext, id: TSESTree.Identifier): Variable | undefined {
  const variable = resolveIdentifier(ctx, id);
  const def = variable?.defs.length === 1 ? variable.defs[0] : undefined;
  if (def?.type === 'ImportBinding') return variable;
  if (def?.type === 'Variable' && def.node.parent.kind === 'const' && isModuleLevelScope(variable!.scope))
    return variable;
  return undefined;
}

/** The text of an expression without type assertions around it: `(raw as Cadence)` is `raw`. */
export function sourceText(ctx: AnalysisContext, node: TSESTree.Node): string {
  const inner = unwrapExpression(node);
  return ctx.text.slice(inner.range[0], inner.range[1]);
}

/** `Color.Red` where `Color` is an enum declared in this file. */
export function isEnumMember(ctx: AnalysisContext, node: TSESTree.MemberExpression): boolean {
  const object = node.object;
  if (object.type !== 'Identifier') return false;
  return resolveIdentifier(ctx, object)?.defs.some((def) => def.node.type === 'TSEnumDeclaration') ?? false;
}

/** `KEYS.a` where `KEYS` is a module const object literal whose values are literals. */
export function isConstObjectMember(ctx: AnalysisContext, node: TSESTree.MemberExpression): boolean {
  if (node.object.type !== 'Identifier' || node.computed) return false;
  const variable = resolveIdentifier(ctx, node.object);
  const def = variable?.defs.length === 1 ? variable.defs[0] : undefined;
  if (def?.type !== 'Variable' || def.node.parent.kind !== 'const' || !def.node.init) return false;
  const object = unwrapExpression(def.node.init);
  return (
    object.type === 'ObjectExpression' &&
    object.properties.every(
      (prop) =>
        prop.type === 'Property' &&
        !prop.computed &&
        (prop.value.type === 'Literal' ||
          (prop.value.type === 'TemplateLiteral' && prop.value.expressions.length === 0)),
    )
  );
}

/** `{ … } as const`. */
export function isConstAssertion(node: TSESTree.Expression): boolean {
  return (
    node.type === 'TSAsExpression' &&
    node.typeAnnotation.type === 'TSTypeReference' &&
    node.typeAnnotation.typeName.type === 'Identifier' &&
    node.typeAnnotation.typeName.name === 'const'
  );
}

type LocalTypeDeclaration =
  TSESTree.TSEnumDeclaration | TSESTree.TSTypeAliasDeclaration | TSESTree.TSInterfaceDeclaration;

/** The enum, type alias or interface a type name refers to, when it is declared in this file. */
export function localTypeDeclaration(
  ctx: AnalysisContext,
  name: TSESTree.Identifier,
): LocalTypeDeclaration | undefined {
  const variable = findVariable(ctx.getScope(name), name.name);
  for (const def of variable?.defs ?? []) {
    const node = def.node;
    if (
      node.type === 'TSEnumDeclaration' ||
      node.type === 'TSTypeAliasDeclaration' ||
      node.type === 'TSInterfaceDeclaration'
    )
      return node;
  }
  return undefined;
}

/**
 * `config`, `appSettings`, `redisConf`, `_config`: a name whose last word says configuration; or
 * `configService`, `settingsProvider`: the service that holds it.
 */
function isConfigurationName(name: string | undefined): boolean {
  const words = name === undefined ? [] : wordsOf(name);
  const isConfigurationWord = (word: string | undefined): boolean =>
    word !== undefined && (CONFIGURATION_WORDS.has(word) || CONFIGURATION_WORDS.has(word.replace(/s$/, '')));
  const last = words.at(-1);
  return (
    isConfigurationWord(last) ||
    (last !== undefined && CONFIGURATION_HOLDER_WORDS.has(last) && isConfigurationWord(words.at(-2)))
  );
}

/**
 * A static read of configuration: `config.s3.region`, `this.settings.bucketUrl`, `appConfig.redis`,
 * `process.env.REGION`. The object is named as configuration where the chain starts (its root, or
 * the field right after `this`), so `req.body.config.url` is not one.
 */
export function isConfiguredMember(ctx: AnalysisContext, node: TSESTree.MemberExpression): boolean {
  const chain: TSESTree.MemberExpression[] = [];
  let root: TSESTree.Node = node;
  while (root.type === 'MemberExpression') {
    if (root.computed && root.property.type !== 'Literal') return false;
    chain.unshift(root);
    root = unwrapExpression(root.object);
  }
  const first = chain[0]!;
  if (root.type === 'ThisExpression') return chain.length > 1 && isConfigurationName(staticPropertyName(first));
  if (root.type !== 'Identifier') return false;
  if (root.name === 'process' && staticPropertyName(first) === 'env') return isGlobalReference(ctx, root, 'process');
  return isConfigurationName(root.name);
}

/**
 * The first parameter of an emitter's own listener-adding method (`addEventListener(eventName,
 * listener)`, `on(event, fn)`, `once(…)` of a class or object the program writes): the name of an
 * event the program's code listens for, one of its own few (set 35: a password manager's
 * home-made EventEmitter keeping a Set of listeners per event name).
 */
export function isEmitterEventName(fn: TSESTree.Node, param: TSESTree.Node): boolean {
  if (!isFunctionNode(fn) || fn.params.length < 2 || fn.params[0] !== param) return false;
  const member = fn.parent;
  if (member?.type !== 'MethodDefinition' && member?.type !== 'Property') return false;
  if (member.value !== fn || member.computed || member.key.type !== 'Identifier') return false;
  const name = member.key.name;
  return LISTENER_ADD_METHODS.has(name) || LISTENER_ONCE_METHODS.has(name);
}

/**
 * The first parameter of a listener for an emitter's own bookkeeping events (`bus.on('newListener',
 * (event) => …)`): the name of an event some code listens for, one of the program's own.
 */
export function isListenedEventName(fn: TSESTree.Node, param: TSESTree.Node): boolean {
  if (!isFunctionNode(fn) || fn.params[0] !== param) return false;
  const call = fn.parent;
  if (call?.type !== 'CallExpression' || call.arguments[1] !== fn || call.callee.type !== 'MemberExpression')
    return false;
  const method = staticPropertyName(call.callee) ?? '';
  const event = call.arguments[0];
  return (
    (LISTENER_ADD_METHODS.has(method) || LISTENER_ONCE_METHODS.has(method)) &&
    event?.type === 'Literal' &&
    typeof event.value === 'string' &&
    LISTENER_BOOKKEEPING_EVENTS.has(event.value)
  );
}
