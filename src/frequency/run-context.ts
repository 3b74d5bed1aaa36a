import type { TSESTree } from '@typescript-eslint/utils';
import {
  declaredVariableOf,
  enclosingFunction,
  forEachDescendant,
  isExported,
  keyName,
  classVariablesOf,
  thisOwnerOf,
  type FunctionNode,
} from '../core/ast.js';
import type { AnalysisContext } from '../core/context.js';
import { outermostWrapperOf, staticPropertyName } from '../core/imports.js';

/** How far runsOnce, repeatedRunOf and runsWhileConstructing follow calls and callbacks outwards. */
export const MAX_ONCE_DEPTH = 6;

/** Methods of browser-automation pages (Puppeteer, Playwright) that run the function they are given inside the page. */
const IN_PAGE_METHODS = new Set([
  'evaluate',
  'evaluateOnNewDocument',
  'evaluateHandle',
  'addInitScript',
  '$eval',
  '$$eval',
  'waitForFunction',
]);

/**
 * `page.evaluateOnNewDocument(() => { setInterval(…) })`: code in a function handed to a browser
 * page runs inside that page, whose timers and listeners end with it, not in the Node process.
 */
export function runsInBrowserPage(node: TSESTree.Node): boolean {
  for (let fn = enclosingFunction(node); fn; fn = enclosingFunction(fn)) {
    const call = fn.parent;
    if (
      call?.type === 'CallExpression' &&
      call.arguments.includes(fn as TSESTree.CallExpressionArgument) &&
      call.callee.type === 'MemberExpression' &&
      IN_PAGE_METHODS.has(staticPropertyName(call.callee) ?? '')
    )
      return true;
  }
  return false;
}

/**
 * Code that runs only while an instance is built: a constructor, a method that only the
 * constructor calls (through `this`, directly or through other such methods), or a function
 * declaration only ever called with `new` (an ES5 constructor; `F.prototype` uses are allowed).
 */
export function runsWhileConstructing(ctx: AnalysisContext, fn: FunctionNode, depth = 0): boolean {
  if (depth > MAX_ONCE_DEPTH) return false;
  const member = fn.parent;
  if (member?.type === 'MethodDefinition' && member.value === fn) {
    if (member.kind === 'constructor') return true;
    return onlyCalledThroughThisFrom(member, (caller) => runsWhileConstructing(ctx, caller, depth + 1));
  }
  if (fn.type !== 'FunctionDeclaration') return false;
  const uses = declaredVariableOf(ctx, fn)?.references.filter((ref) => ref.identifier !== fn.id) ?? [];
  return (
    uses.some((ref) => ref.identifier.parent?.type === 'NewExpression') &&
    uses.every(({ identifier }) => {
      const parent = identifier.parent;
      if (parent?.type === 'NewExpression') return parent.callee === identifier;
      return (
        parent?.type === 'MemberExpression' &&
        parent.object === identifier &&
        staticPropertyName(parent) === 'prototype'
      );
    })
  );
}

/**
 * An instance method used only as `this.name(…)` in its class, at least once, each call directly
 * in a function `caller` accepts (not in a callback nested there). False for any other member.
 */
export function onlyCalledThroughThisFrom(
  member: TSESTree.MethodDefinition,
  caller: (fn: FunctionNode) => boolean,
): boolean {
  const name = member.kind === 'method' && !member.static ? keyName(member.key, member.computed) : undefined;
  const calls = name === undefined ? undefined : thisCallsOf(member.parent, false, name);
  return (
    calls !== undefined &&
    calls.length > 0 &&
    calls.every((call) => {
      const fn = enclosingFunction(call);
      return fn !== undefined && caller(fn);
    })
  );
}

/** The calls `this.name(…)` in a class body, or undefined when `this.name` is used otherwise (passed, bound, assigned). */
export function thisCallsOf(
  body: TSESTree.ClassBody,
  isStatic: boolean,
  name: string,
): readonly TSESTree.CallExpression[] | undefined {
  let uses = thisUsesByBody.get(body);
  if (!uses) {
    uses = thisUsesIn(body);
    thisUsesByBody.set(body, uses);
  }
  const found = uses.get(thisUseKey(isStatic, name));
  return found === undefined ? [] : found.other ? undefined : found.calls;
}

interface ThisUses {
  readonly calls: TSESTree.CallExpression[];
  /** `this.name` is also used other than as a callee. */
  other: boolean;
}

/**
 * Every class body's `this.name` uses, found in one walk: the frequency model asks for each method
 * of a class, and walking the body once per question made no-floating-task cost a sixth of parsing.
 */
const thisUsesByBody = new WeakMap<TSESTree.ClassBody, Map<string, ThisUses>>();

const thisUseKey = (isStatic: boolean, name: string): string => `${isStatic ? 'static' : 'instance'} ${name}`;

function thisUsesIn(body: TSESTree.ClassBody): Map<string, ThisUses> {
  const uses = new Map<string, ThisUses>();
  forEachDescendant(body, (node) => {
    if (node.type !== 'MemberExpression' || node.object.type !== 'ThisExpression') return;
    const name = staticPropertyName(node);
    if (name === undefined) return;
    const owner = thisOwnerOf(node.object);
    if (!owner || owner.body !== body) return;
    const key = thisUseKey(owner.isStatic, name);
    let found = uses.get(key);
    if (!found) {
      found = { calls: [], other: false };
      uses.set(key, found);
    }
    const current = outermostWrapperOf(node);
    const call = current.parent;
    if (call?.type === 'CallExpression' && call.callee === current) found.calls.push(call);
    else found.other = true;
  });
  return uses;
}

/** `call({ name: fn })` or `new C({ fn() {} })`: the call `fn` is handed to inside an object literal argument. */
export function objectArgumentHost(fn: FunctionNode): TSESTree.CallExpression | TSESTree.NewExpression | undefined {
  const property = fn.parent;
  if (property?.type !== 'Property' || property.value !== fn) return undefined;
  const object = property.parent;
  const host = object.parent;
  return (host?.type === 'CallExpression' || host?.type === 'NewExpression') &&
    host.arguments.includes(object as TSESTree.CallExpressionArgument)
    ? host
    : undefined;
}

/**
 * The one `new C()` of a class that is a singleton of its module: not exported itself, not
 * extended, and named exactly once in the file, by that `new` (`export default new Store()`).
 * Undefined for any other class: its instances may be made anywhere, any number of times.
 */
export function singleCreation(
  ctx: AnalysisContext,
  cls: TSESTree.ClassDeclaration | TSESTree.ClassExpression,
): TSESTree.NewExpression | undefined {
  if (cls.parent?.type === 'ExportNamedDeclaration' || cls.parent?.type === 'ExportDefaultDeclaration')
    return undefined;
  const variables = classVariablesOf(ctx, cls);
  if (variables.length === 0 || variables.some((variable) => isExported(variable))) return undefined;
  // Type annotations (`let store: Store`) name the class without making one.
  const uses = variables.flatMap((variable) => variable.references).filter((ref) => !ref.init && ref.isValueReference);
  if (uses.length !== 1) return undefined;
  const use = uses[0]!.identifier;
  return use.parent?.type === 'NewExpression' && use.parent.callee === use ? use.parent : undefined;
}
