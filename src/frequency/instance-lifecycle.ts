import type { TSESTree } from '@typescript-eslint/utils';
import { classVariablesOf, className, constructorOf, keyName, newSitesOf, type FunctionNode } from '../core/ast.js';
import type { AnalysisContext } from '../core/context.js';
import { resolveImportedValue, staticPropertyName, unwrapExpression } from '../core/imports.js';
import { INSTANCE_LIFECYCLE_METHOD } from '../knowledge/lifecycle.js';
import { SINGLETON_PROVIDERS, type SingletonProvider } from '../knowledge/singletons.js';
import { frequencyModelOf, type RunFrequency } from './frequency-of.js';
import { isLazyCreation } from './lazy-singleton.js';
import { MAX_ONCE_DEPTH, onlyCalledThroughThisFrom, singleCreation } from './run-context.js';

/**
 * `fn` is a class's constructor or an instance method that sets the instance up or takes it down
 * (`init…`, `enable…`, `connect…`, `clear…`; src/knowledge/lifecycle.ts): it runs about once per
 * instance, so what it attaches to the instance itself lives and dies with that instance.
 */
export function isInstanceLifecycleMethod(fn: FunctionNode | undefined): boolean {
  const method = fn?.parent;
  if (method?.type !== 'MethodDefinition' || method.static) return false;
  if (method.kind === 'constructor') return true;
  const name = keyName(method.key, method.computed);
  return name !== undefined && INSTANCE_LIFECYCLE_METHOD.test(name);
}

/**
 * `fn` runs about once per instance: a lifecycle method (isInstanceLifecycleMethod), or an instance
 * method that only such methods call, through `this` and directly in their bodies (`init() {
 * this._setListeners(); }`), up to MAX_ONCE_DEPTH calls away. A method used any other way (passed
 * on, bound, called from a callback or another method) may run whenever that runs.
 */
export function runsOncePerInstance(fn: FunctionNode | undefined, depth = 0): boolean {
  if (isInstanceLifecycleMethod(fn)) return true;
  const method = fn?.parent;
  return (
    depth < MAX_ONCE_DEPTH &&
    method?.type === 'MethodDefinition' &&
    method.value === fn &&
    onlyCalledThroughThisFrom(method, (caller) => runsOncePerInstance(caller, depth + 1))
  );
}

type ClassNode = TSESTree.ClassDeclaration | TSESTree.ClassExpression;

/** Why a class's instances live as long as the process. */
export interface LongLivedInstances {
  /** For a message: "the module's one `Store` instance", "`Sessions`, kept as a singleton by NestJS". */
  readonly evidence: string;
}

/**
 * The class's instances live as long as the process: its one instance is made once by the module
 * (`export default new Store()`, `module.exports = new Store()`, `store ??= new Store()`) or kept
 * in a static field of its own (`static getInstance()`), a dependency-injection container
 * keeps it as a singleton (`@Injectable()`; src/knowledge/singletons.ts), or the project index
 * shows every `new` of it runs once (built at start-up in another file). Undefined when nothing
 * shows it: instances made per request, or anywhere, live as long as their holder.
 */
export function longLivedInstancesOf(
  ctx: AnalysisContext,
  cls: ClassNode,
  { perInjection = false }: { readonly perInjection?: boolean } = {},
): LongLivedInstances | undefined {
  const name = className(cls.body) ?? 'class';
  if (moduleSingletonCreation(ctx, cls)) return { evidence: `the module's one \`${name}\` instance` };
  const kept = staticInstanceOf(ctx, cls);
  if (kept) return { evidence: `the one \`${name}\` instance, kept in its static \`${kept}\`` };
  const provider = singletonProviderOf(ctx, cls, perInjection);
  if (provider?.scope === 'singleton') return { evidence: `\`${name}\`, kept as a singleton by ${provider.label}` };
  if (provider) return { evidence: `\`${name}\`, built by ${provider.label} once per class it is injected into` };
  const across = constructorAcrossFiles(ctx, cls);
  if (across?.kind === 'once' || across?.kind === 'load')
    return {
      evidence: `\`${name}\`, built once: ${across.evidence.replace(/^runs once: /, '')}`,
    };
  return undefined;
}

/**
 * The project index's answer for how often a class's constructor runs. The index knows a class by
 * its constructor: without one there is nothing to ask it about.
 */
export function constructorAcrossFiles(ctx: AnalysisContext, cls: ClassNode): RunFrequency | undefined {
  const body = constructorOf(cls.body)?.value.body;
  return body ? frequencyModelOf(ctx).acrossFiles(body) : undefined;
}

/**
 * The one `new C()` of a module singleton class, when it runs once: at load, in start-up code, or
 * created where first needed (`instance ??= new C()`).
 */
export function moduleSingletonCreation(ctx: AnalysisContext, cls: ClassNode): TSESTree.NewExpression | undefined {
  const creation = singleCreation(ctx, cls);
  return creation && (frequencyModelOf(ctx).runsOnce(creation) || isLazyCreation(ctx, creation)) ? creation : undefined;
}

/**
 * `static getInstance() { return (Store.instance ??= new Store()); }`: every `new` of the class in
 * its file creates the one instance a static field keeps, where first needed. The field's name.
 */
function staticInstanceOf(ctx: AnalysisContext, cls: ClassNode): string | undefined {
  const creations = newSitesOf(classVariablesOf(ctx, cls));
  let field: string | undefined;
  for (const creation of creations) {
    let assignment: TSESTree.Node | undefined = creation.parent;
    while (assignment?.type === 'TSAsExpression' || assignment?.type === 'TSNonNullExpression')
      assignment = assignment.parent;
    if (assignment?.type !== 'AssignmentExpression' || assignment.left.type !== 'MemberExpression') return undefined;
    const name = staticPropertyName(assignment.left);
    const holder = unwrapExpression(assignment.left.object);
    const onClass =
      holder.type === 'ThisExpression' ||
      (holder.type === 'Identifier' &&
        classVariablesOf(ctx, cls).some((v) => v.references.some((r) => r.identifier === holder)));
    if (name === undefined || !onClass || !isLazyCreation(ctx, creation) || (field !== undefined && field !== name))
      return undefined;
    field = name;
  }
  return field;
}

/**
 * The DI framework whose singleton decorator (with the default scope) the class carries; with
 * `perInjection`, also one whose scope builds an instance per class it is injected into.
 */
function singletonProviderOf(
  ctx: AnalysisContext,
  cls: ClassNode,
  perInjection: boolean,
): { label: string; scope: 'singleton' | 'per-injection' } | undefined {
  for (const decorator of cls.decorators ?? []) {
    const expression = unwrapExpression(decorator.expression);
    const call = expression.type === 'CallExpression' ? expression : undefined;
    const imported = resolveImportedValue(ctx, call ? call.callee : expression);
    const name = imported?.path[imported.path.length - 1];
    if (!imported || name === undefined) continue;
    const provider = SINGLETON_PROVIDERS.find(
      (entry) => entry.modules.includes(imported.source) && entry.decorators.includes(name),
    );
    const scope = provider && scopeOf(provider, call?.arguments[0]);
    if (scope === 'singleton' || (scope === 'per-injection' && perInjection)) return { label: provider!.label, scope };
  }
  return undefined;
}

/**
 * What the decorator's options leave the class: a singleton (no per-request scope, and
 * `providedIn: 'root'` where needed), one instance per injection (NestJS's TRANSIENT), or neither.
 */
function scopeOf(
  provider: SingletonProvider,
  options: TSESTree.Node | undefined,
): 'singleton' | 'per-injection' | undefined {
  const object = options ? unwrapExpression(options) : undefined;
  const valueOf = (property: string): string | undefined => {
    if (object?.type !== 'ObjectExpression') return undefined;
    for (const prop of object.properties) {
      if (prop.type !== 'Property' || prop.computed || keyName(prop.key, false) !== property) continue;
      const value = unwrapExpression(prop.value);
      if (value.type === 'Literal') return String(value.value);
      if (value.type === 'MemberExpression') return staticPropertyName(value) ?? '?';
      // A scope computed elsewhere may be anything.
      return '?';
    }
    return undefined;
  };
  const { notSingletonWhen: not, singletonOnlyWhen: only } = provider;
  if (not) {
    const value = valueOf(not.property);
    if (value !== undefined && provider.perInjectionWhen?.includes(value)) return 'per-injection';
    if (value !== undefined && (value === '?' || not.values.includes(value))) return undefined;
  }
  if (only) {
    const value = valueOf(only.property);
    if (value === undefined || !only.values.includes(value)) return undefined;
  }
  return 'singleton';
}
