import type { TSESTree } from '@typescript-eslint/utils';
import type ts from 'typescript';
import { isModuleLevelScope, resolveIdentifier, type AnalysisContext } from '../../core/context.js';
import {
  exportNameOf,
  isGlobalReference,
  normalizeModule,
  resolveImportedValue,
  staticPropertyName,
  unwrapExpression,
  type ImportedValue,
} from '../../core/imports.js';
import {
  type FunctionBindingOptions,
  functionBoundTo,
  functionNamedBy,
  type FunctionNode,
  hasOwnNode,
  isFunctionNode,
  isNullOrUndefined,
  keyName,
  methodsOf,
  type ThisOwner,
  thisOwnerOf,
} from '../../core/ast.js';
import { ASYNC_CLIENT_METHODS, ASYNC_GLOBALS, ASYNC_MODULE_FUNCTIONS } from '../../knowledge/async-apis.js';
import { COLLECTING_METHODS, PROMISE_STATICS } from '../../knowledge/promise-methods.js';

/*
 * "Is this call a task?" for no-floating-task: which calls start work that goes on after they
 * return, told from same-file declarations and the async-API catalogue (and, with typeAware,
 * from the type checker).
 */

/** The name of the task registry function whose calls take ownership of a task: `track(doWork())`. */
export const TRACKER_NAME = 'track';

/**
 * How no-floating-task finds the function a name calls (core's functionBoundTo): a declaration
 * this file assigns again still counts, as the function the call most likely runs, and so does a
 * `declare function` signature, whose declared return type says whether the call starts a task.
 */
export const CALLED_FUNCTION = { evenIfReassigned: true, signatures: true } as const satisfies FunctionBindingOptions;

/** What a file's calls start, answered from its declarations (see createTaskRecognizer). */
export interface TaskRecognizer {
  /** A call that starts a task nobody has taken yet (not `track(…)`, not a chain handing both outcomes on, not `emit`). */
  readonly isTask: (expression: TSESTree.Node) => boolean;
  /** `items.map(async …)`: an array of tasks, one per element. */
  readonly isArrayOfTasks: (expression: TSESTree.Node) => boolean;
  readonly callbackReturnsTask: (callback: TSESTree.Node) => boolean;
  readonly membersOfReceiver: (receiver: TSESTree.Node) => ThisOwner | undefined;
}

export function createTaskRecognizer(ctx: AnalysisContext, typeAware: boolean): TaskRecognizer {
  const checker = typeAware && ctx.types ? ctx.types.program.getTypeChecker() : undefined;

  /** A same-file function that returns a promise: declared async, or annotated `Promise<…>`. */
  const returnsPromise = (fn: TSESTree.Node | undefined): boolean => {
    if (!fn || (!isFunctionNode(fn) && fn.type !== 'TSDeclareFunction')) return false;
    if (fn.async) return true;
    const annotation = fn.returnType?.typeAnnotation;
    return (
      annotation?.type === 'TSTypeReference' &&
      annotation.typeName.type === 'Identifier' &&
      /^(Promise|PromiseLike)$/.test(annotation.typeName.name)
    );
  };

  /**
   * A same-file function whose call leaves work running: it returns a promise, and (when declared
   * async here) awaits or returns something. An async function that never awaits has done its work
   * when the call returns (`async onFinish() { this.timer ??= setTimeout(…) }`).
   */
  const startsWork = (fn: TSESTree.Node | undefined): boolean =>
    returnsPromise(fn) && (!fn || !isFunctionNode(fn) || leavesWorkPending(fn));

  /** The class body or object literal whose members `receiver.method()` calls, when this file declares it. */
  const membersOfReceiver = (receiver: TSESTree.Node): ThisOwner | undefined => {
    const node = unwrapExpression(receiver);
    if (node.type === 'ThisExpression') return thisOwnerOf(node);
    if (node.type !== 'Identifier') return undefined;
    const variable = resolveIdentifier(ctx, node);
    if (!variable || variable.defs.length !== 1) return undefined;
    const def = variable.defs[0]!;
    if (def.type === 'ClassName') return { body: def.node.body, isStatic: true };
    if (def.type !== 'Variable' || def.node.parent.kind !== 'const' || !def.node.init) return undefined;
    const init = unwrapExpression(def.node.init);
    if (init.type === 'ObjectExpression') return { body: init, isStatic: false };
    if (init.type !== 'NewExpression') return undefined;
    const cls = unwrapExpression(init.callee);
    if (cls.type === 'ClassExpression') return { body: cls.body, isStatic: false };
    if (cls.type !== 'Identifier') return undefined;
    const classDef = resolveIdentifier(ctx, cls)?.defs[0];
    return classDef?.type === 'ClassName' ? { body: classDef.node.body, isStatic: false } : undefined;
  };

  /**
   * The catalogue class a receiver is an instance of: `new Client(…)` from a catalogue module, or
   * declared with the class as its type (a typed parameter or a constructor's parameter property,
   * a typed field or variable, a same-file function or method declared to return it), as injected
   * clients are: `constructor(private readonly redis: Redis)`, `getTopic(name): Topic`.
   */
  const clientClassOf = (receiver: TSESTree.Node): ImportedValue | undefined => {
    const node = unwrapExpression(receiver);
    if (node.type === 'CallExpression') return declaredClassOf(returnTypeOfCallee(node.callee));
    if (node.type === 'MemberExpression') return declaredClassOf(fieldTypeOf(node));
    if (node.type !== 'Identifier') return undefined;
    const variable = resolveIdentifier(ctx, node);
    const def = variable?.defs.length === 1 ? variable.defs[0] : undefined;
    if (def?.type === 'Parameter') return declaredClassOf(typeAnnotationOf(def.name));
    if (def?.type !== 'Variable') return undefined;
    const declared = declaredClassOf(typeAnnotationOf(def.node.id));
    if (declared || !def.node.init) return declared;
    const init = unwrapExpression(def.node.init);
    return init.type === 'NewExpression' ? resolveImportedValue(ctx, init.callee) : undefined;
  };

  /** The import a type annotation names (`: Topic`, `: Promise<Topic>` not included). */
  const declaredClassOf = (annotation: TSESTree.TypeNode | undefined): ImportedValue | undefined =>
    annotation?.type === 'TSTypeReference' && annotation.typeName.type === 'Identifier'
      ? resolveImportedValue(ctx, annotation.typeName)
      : undefined;

  /** The declared return type of a same-file function or method a call reaches (`getTopic(x)`, `this.getTopic(x)`). */
  const returnTypeOfCallee = (callee: TSESTree.Node): TSESTree.TypeNode | undefined => {
    const node = unwrapExpression(callee);
    let fn: TSESTree.Node | undefined;
    if (node.type === 'Identifier') fn = functionNamedBy(ctx, node, CALLED_FUNCTION);
    else if (node.type === 'MemberExpression') {
      const members = membersOfReceiver(node.object);
      const name = staticPropertyName(node);
      fn = members && name !== undefined ? methodsOf(members.body, members.isStatic).get(name) : undefined;
    }
    return fn && isFunctionNode(fn) ? fn.returnType?.typeAnnotation : undefined;
  };

  /** The declared type of `this.field`: a typed field or a constructor's parameter property. */
  const fieldTypeOf = (member: TSESTree.MemberExpression): TSESTree.TypeNode | undefined => {
    const name = staticPropertyName(member);
    const owner = unwrapExpression(member.object).type === 'ThisExpression' ? thisOwnerOf(member.object) : undefined;
    if (name === undefined || owner?.body.type !== 'ClassBody' || owner.isStatic) return undefined;
    for (const element of owner.body.body) {
      if (element.type === 'PropertyDefinition' && !element.static && keyName(element.key, element.computed) === name)
        return element.typeAnnotation?.typeAnnotation;
      if (element.type === 'MethodDefinition' && element.kind === 'constructor') {
        for (const param of element.value.params) {
          const target = param.type === 'TSParameterProperty' ? param.parameter : undefined;
          if (target?.type === 'Identifier' && target.name === name) return typeAnnotationOf(target);
        }
      }
    }
    return undefined;
  };

  const isCatalogueFunction = (callee: TSESTree.Node): boolean => {
    const value = resolveImportedValue(ctx, callee);
    if (!value) return false;
    const names = ASYNC_MODULE_FUNCTIONS.get(normalizeModule(value.source));
    if (!names) return false;
    const path = value.path[0] === 'default' ? value.path.slice(1) : value.path;
    return names.has(path.length === 0 ? 'default' : path.join('.'));
  };

  const isCatalogueClientMethod = (
    call: TSESTree.CallExpression,
    callee: TSESTree.MemberExpression,
    method: string,
  ): boolean => {
    const entries = ASYNC_CLIENT_METHODS.filter((entry) => entry.methods.has(method));
    if (entries.length === 0) return false;
    const cls = clientClassOf(callee.object);
    const className = cls ? exportNameOf(cls) : undefined;
    if (!cls || className === undefined) return false;
    const entry = entries.find((e) => e.module.test(cls.source) && e.className.test(className));
    if (!entry) return false;
    const last = call.arguments[call.arguments.length - 1];
    return !(entry.callbackStyle && last && isFunctionNode(last));
  };

  /** `track(task)` with a registry's track: imported (under any local name), or declared at module level. */
  const isTrackerCall = (call: TSESTree.CallExpression): boolean => {
    const callee = unwrapExpression(call.callee);
    if (callee.type !== 'Identifier') return false;
    const variable = resolveIdentifier(ctx, callee);
    const def = variable?.defs[0];
    if (def?.type === 'ImportBinding' && def.node.type === 'ImportSpecifier') {
      const imported = def.node.imported;
      return (imported.type === 'Identifier' ? imported.name : imported.value) === TRACKER_NAME;
    }
    if (callee.name !== TRACKER_NAME) return false;
    return (
      def?.type === 'ImportBinding' ||
      ((def?.type === 'FunctionName' || def?.type === 'Variable') && isModuleLevelScope(variable!.scope))
    );
  };

  /** Whether `expression` makes a promise this file can tell about without types. */
  const isKnownTask = (expression: TSESTree.Node): boolean => {
    const node = unwrapExpression(expression);
    if (node.type === 'NewExpression') {
      const callee = unwrapExpression(node.callee);
      return isGlobalReference(ctx, callee, 'Promise');
    }
    if (node.type !== 'CallExpression' || isTrackerCall(node)) return false;
    const callee = unwrapExpression(node.callee);
    if (callee.type === 'ArrowFunctionExpression' || callee.type === 'FunctionExpression') return callee.async;
    if (callee.type === 'Identifier') {
      if (ASYNC_GLOBALS.has(callee.name) && isGlobalReference(ctx, callee, callee.name)) return true;
      const variable = resolveIdentifier(ctx, callee);
      return (
        startsWork(functionBoundTo(variable, CALLED_FUNCTION)) ||
        (variable?.defs[0]?.type === 'ImportBinding' && isCatalogueFunction(callee))
      );
    }
    if (callee.type !== 'MemberExpression') return false;
    const method = staticPropertyName(callee);
    if (method === undefined) return false;
    // Chains count when they start from a task: `cy.get(x).then(…)` and other thenables-in-name are not.
    if (method === 'then' || method === 'catch' || method === 'finally') {
      const root = unwrapExpression(callee.object);
      // `Promise.resolve(p).catch(() => {})` only attaches to a promise that exists; a handler that does something is the task.
      if (isPromiseStatic(root, 'resolve'))
        return node.arguments.some((arg) => isFunctionNode(arg) && !isEmptyFunction(arg));
      return isKnownTask(callee.object);
    }
    const receiver = unwrapExpression(callee.object);
    // A bare `Promise.resolve(x)` wraps a value that exists already: it starts nothing.
    if (isGlobalReference(ctx, receiver, 'Promise')) return PROMISE_STATICS.has(method) && method !== 'resolve';
    const members = membersOfReceiver(receiver);
    if (members) return startsWork(methodsOf(members.body, members.isStatic).get(method));
    return isCatalogueFunction(callee) || isCatalogueClientMethod(node, callee, method);
  };

  /** `Promise.resolve(…)` (or another static) on the global Promise. */
  const isPromiseStatic = (node: TSESTree.Node, method: string): boolean => {
    if (node.type !== 'CallExpression') return false;
    const callee = unwrapExpression(node.callee);
    if (callee.type !== 'MemberExpression' || staticPropertyName(callee) !== method) return false;
    return isGlobalReference(ctx, unwrapExpression(callee.object), 'Promise');
  };

  const isThenableExpression = (expression: TSESTree.Node): boolean => {
    if (!checker || !ctx.types) return false;
    const tsNode = ctx.types.esTreeNodeToTSNodeMap.get(expression);
    return isThenableType(checker, checker.getTypeAtLocation(tsNode), tsNode);
  };

  const isTask = (expression: TSESTree.Node): boolean => {
    if (
      expression.type === 'CallExpression' &&
      (isTrackerCall(expression) || handsOutcomeToCallbacks(expression) || isEventDispatch(expression))
    )
      return false;
    return isKnownTask(expression) || (checker !== undefined && isThenableExpression(expression));
  };

  /** `items.map(async …)`: an array of tasks, one per element. */
  const isArrayOfTasks = (expression: TSESTree.Node): boolean => {
    if (expression.type !== 'CallExpression') return false;
    const callee = unwrapExpression(expression.callee);
    if (callee.type !== 'MemberExpression' || !COLLECTING_METHODS.has(staticPropertyName(callee) ?? '')) return false;
    const callback = expression.arguments[0];
    return callback !== undefined && callbackReturnsTask(callback);
  };

  /** An async function that waits or hands a value back, an arrow whose expression body is a task, or such a same-file function by name. */
  const callbackReturnsTask = (callback: TSESTree.Node): boolean => {
    const node = unwrapExpression(callback);
    if (isFunctionNode(node))
      return startsWork(node) || (node.type === 'ArrowFunctionExpression' && node.expression && isTask(node.body));
    return startsWork(functionNamedBy(ctx, node, CALLED_FUNCTION));
  };

  return { isTask, isArrayOfTasks, callbackReturnsTask, membersOfReceiver };
}

/** The type written on a binding (`name: Type`), looking through a default value (`name: Type = x`). */
function typeAnnotationOf(name: TSESTree.Node): TSESTree.TypeNode | undefined {
  const node = name.type === 'AssignmentPattern' ? name.left : name;
  return node.type === 'Identifier' ? node.typeAnnotation?.typeAnnotation : undefined;
}

/**
 * Whether a promise-returning function can still be running when it returns: it awaits (`await`,
 * `for await`), hands a value back (`return x`, an expression body, which may be a task), or is
 * not async (declared to return a Promise). An async function with none of these runs to its end
 * before the call returns: it starts no task (its `async` only turns a throw into a rejection).
 */
function leavesWorkPending(fn: FunctionNode): boolean {
  if (!fn.async || fn.body.type !== 'BlockStatement') return true;
  return hasOwnNode(
    fn.body,
    (node) => node.type === 'AwaitExpression' || (node.type === 'ForOfStatement' && node.await) || returnsValue(node),
  );
}

/** `return value`, but not `return true`: a literal is no promise, so returning it leaves nothing running. */
export const returnsValue = (node: TSESTree.Node): boolean =>
  node.type === 'ReturnStatement' && node.argument !== null && node.argument.type !== 'Literal';

/** `() => {}`, `function () {}`, `() => undefined`, `() => null`: a callback that does nothing. */
function isEmptyFunction(fn: TSESTree.Node): boolean {
  if (!isFunctionNode(fn)) return false;
  if (fn.body.type === 'BlockStatement') return fn.body.body.length === 0;
  const value = unwrapExpression(fn.body);
  return (
    isNullOrUndefined(value) ||
    (value.type === 'UnaryExpression' && value.operator === 'void' && value.argument.type === 'Literal')
  );
}

/**
 * `this.emit('debug', …)`: an event emitter's emit tells the listeners, and what they start is
 * theirs to track. Some emitters' emit is async only to look up subscribers (held-out false
 * positives in a blockchain SDK's provider, which emits a debug event per gateway URL it tries).
 */
function isEventDispatch(call: TSESTree.CallExpression): boolean {
  const callee = unwrapExpression(call.callee);
  return callee.type === 'MemberExpression' && staticPropertyName(callee) === 'emit';
}

/**
 * `task.then(onDone, onFail)` or `task.then(onDone).catch(onFail)`: both outcomes go to callbacks
 * that carry the work on, the callback style of waiting for a task (a pending counter, a `done`
 * callback), so it is tracked. A chain with only one of them leaves the other outcome to nobody.
 */
function handsOutcomeToCallbacks(call: TSESTree.CallExpression): boolean {
  let fulfilled = false;
  let rejected = false;
  for (let node: TSESTree.Node = call; node.type === 'CallExpression';) {
    const callee = unwrapExpression(node.callee);
    if (callee.type !== 'MemberExpression') break;
    const method = staticPropertyName(callee);
    if (method === 'then') {
      fulfilled ||= node.arguments.length >= 1;
      rejected ||= node.arguments.length >= 2;
    } else if (method === 'catch') {
      rejected ||= node.arguments.length >= 1;
    } else if (method !== 'finally') {
      break;
    }
    node = unwrapExpression(callee.object);
  }
  return fulfilled && rejected;
}

/** A type with a callable `then` (any union member), or an array of such. */
function isThenableType(checker: ts.TypeChecker, type: ts.Type, at: ts.Node): boolean {
  for (const part of type.isUnion() ? type.types : [type]) {
    const then = part.getProperty('then');
    if (then && checker.getTypeOfSymbolAtLocation(then, at).getCallSignatures().length > 0) return true;
  }
  if (checker.isArrayType(type)) {
    const [element] = checker.getTypeArguments(type as ts.TypeReference);
    return element !== undefined && isThenableType(checker, element, at);
  }
  return false;
}

/**
 * The function here a call runs: an IIFE itself, `this.executeUpload(task)` or `store.save(row)` (a
 * method of a class or object declared here), or a function bound once by name.
 */
export function calledFunctionOf(
  ctx: AnalysisContext,
  tasks: TaskRecognizer,
  expression: TSESTree.CallExpression | TSESTree.NewExpression,
): FunctionNode | undefined {
  const callee = unwrapExpression(expression.callee);
  if (callee.type === 'MemberExpression') {
    const members = tasks.membersOfReceiver(callee.object);
    return members && methodsOf(members.body, members.isStatic).get(staticPropertyName(callee) ?? '');
  }
  return localFunctionOf(ctx, callee);
}

/** A function written here, or one this file binds by name as the rule reads names: a callee, or a callback (`records.forEach(attempt)`). */
export function localFunctionOf(ctx: AnalysisContext, node: TSESTree.Node): FunctionNode | undefined {
  const callback = unwrapExpression(node);
  if (isFunctionNode(callback)) return callback;
  const fn = functionNamedBy(ctx, callback, CALLED_FUNCTION);
  return fn !== undefined && isFunctionNode(fn) ? fn : undefined;
}
