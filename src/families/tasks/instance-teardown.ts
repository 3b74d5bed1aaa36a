import type { TSESTree } from '@typescript-eslint/utils';
import { resolveIdentifier, type AnalysisContext } from '../../core/context.js';
import { bindingIdOf, methodsOf, type FunctionNode } from '../../core/ast.js';
import { staticPropertyName } from '../../core/imports.js';
import { MEMBER_ID_PARAMETER, TEARDOWN_NAME } from '../../knowledge/lifecycle.js';
import { projectInheritedMethods } from '../../frequency/frequency-of.js';

/*
 * A constructor whose instances can be ended (`close()`, `disconnect()`, `destroy()`…): objects
 * made to be ended are made again and again over a process's life (per connection, per
 * transaction), so what the constructor leaves on the process piles up with them.
 */

/**
 * The teardown method of the instances `fn` constructs: a class constructor's class method, or an
 * old-style constructor function's prototype method (`Pool.prototype.close = function () {…}`),
 * named like one (TEARDOWN_NAME). Undefined when `fn` is not a constructor or has none.
 */
export function instanceTeardownOf(ctx: AnalysisContext, fn: FunctionNode | undefined): string | undefined {
  const holder = fn?.parent;
  if (holder?.type === 'MethodDefinition' && holder.kind === 'constructor') return teardownMethodOf(holder.parent);
  const id = fn ? constructorNameOf(fn) : undefined;
  if (!id) return undefined;
  for (const ref of resolveIdentifier(ctx, id)?.references ?? []) {
    // `Name.prototype.close = …`
    const prototype = ref.identifier.parent;
    if (prototype?.type !== 'MemberExpression' || staticPropertyName(prototype) !== 'prototype') continue;
    const method = prototype.parent;
    if (method?.type !== 'MemberExpression' || method.object !== prototype) continue;
    const name = staticPropertyName(method);
    if (
      name !== undefined &&
      TEARDOWN_NAME.test(name) &&
      method.parent?.type === 'AssignmentExpression' &&
      method.parent.left === method
    )
      return name;
  }
  return undefined;
}

/**
 * The teardown a class constructor's instances inherit from a superclass another file of the
 * project declares (`close()` of the adapter base class in another package), as the project
 * index finds it: the nearest method named like one (TEARDOWN_NAME). Undefined when `fn` is not
 * the constructor of a class that extends another, the index is off, or nothing is inherited.
 */
export function inheritedTeardownOf(ctx: AnalysisContext, fn: FunctionNode | undefined): string | undefined {
  const holder = fn?.parent;
  if (holder?.type !== 'MethodDefinition' || holder.kind !== 'constructor' || !holder.parent.parent.superClass)
    return undefined;
  return projectInheritedMethods(ctx, fn!)?.find((method) => TEARDOWN_NAME.test(method.name))?.name;
}

/** The name of a class's own instance method named like a teardown (TEARDOWN_NAME), if it has one. */
export function teardownMethodOf(body: TSESTree.ClassBody): string | undefined {
  return [...methodsOf(body, false).keys()].find((name) => TEARDOWN_NAME.test(name));
}

/**
 * The teardown method that ends the instance itself: named like one (TEARDOWN_NAME), and not
 * told by its first parameter which of the instance's things to end (`killPlugin(pluginId)`,
 * `disconnect(connectionId)`: a runtime's plugin, a protocol's connection, while the runtime or
 * the protocol lives on; sets 20 and 22).
 */
export function ownTeardownMethodOf(body: TSESTree.ClassBody): string | undefined {
  for (const [name, method] of methodsOf(body, false)) {
    if (!TEARDOWN_NAME.test(name)) continue;
    const first = method.params[0];
    const id = first?.type === 'AssignmentPattern' ? first.left : first;
    if (id?.type === 'Identifier' && MEMBER_ID_PARAMETER.test(id.name)) continue;
    return name;
  }
  return undefined;
}

/** `function Pool() {}` or `var Pool = function () {}`: a function named with a capital, as constructors are. */
function constructorNameOf(fn: FunctionNode): TSESTree.Identifier | undefined {
  if (fn.type === 'ArrowFunctionExpression') return undefined;
  const id = bindingIdOf(fn);
  return id && /^[A-Z]/.test(id.name) ? id : undefined;
}
