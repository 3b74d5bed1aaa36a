import type { TSESTree } from '@typescript-eslint/utils';
import { resolveIdentifier, type AnalysisContext, type Variable } from '../../core/context.js';
import {
  enclosingFunction,
  forEachDescendant,
  isExported,
  isFunctionNode,
  sameThisOwner,
  shortText,
  thisMemberName,
  thisOwnerOf,
  type ThisOwner,
} from '../../core/ast.js';
import { isTimersFunction, isValueWrapper, staticPropertyName, unwrapExpression } from '../../core/imports.js';
import { frequencyModelOf } from '../../frequency/frequency-of.js';
import { TIMER_CLEARING_FUNCTIONS } from '../../knowledge/timers.js';

/*
 * Where an interval's handle goes and whether anything clears it, for no-untracked-interval: the
 * handle is followed from the setInterval call outwards (a variable, a field, a property, thrown
 * away, handed on), then through the file's reads of where it is kept.
 */

/** What becomes of an interval handle, followed from the expression that produces it. */
export type Destination =
  | { readonly kind: 'cleared' | 'escapes' | 'ignored' }
  | {
      readonly kind: 'discarded';
      readonly statement: TSESTree.ExpressionStatement | undefined;
      readonly voidOperator: TSESTree.UnaryExpression | undefined;
    }
  | {
      readonly kind: 'variable';
      readonly variable: Variable;
      readonly declarator: TSESTree.VariableDeclarator | undefined;
    }
  | { readonly kind: 'field'; readonly name: string; readonly owner: ThisOwner }
  | { readonly kind: 'property'; readonly name: string; readonly object: string };

const MAX_FOLLOW_DEPTH = 5;

/** Follows interval handles through one file (its reads are scanned once, only for candidates). */
export interface HandleTracker {
  /** Where the value of `expr` ends up. */
  readonly destinationOf: (expr: TSESTree.Node) => Destination;
  /** Whether anything clears, returns or hands on the handle a destination holds. */
  readonly isHandled: (destination: Destination) => boolean;
}

/**
 * The file's tracker. `clearedPropertyNames` are the property names passed to clearInterval
 * anywhere (`clearInterval(poller.timer)`): such fields and properties count as cleared; the
 * detector fills the set while it visits, before it asks.
 */
export function createHandleTracker(ctx: AnalysisContext, clearedPropertyNames: ReadonlySet<string>): HandleTracker {
  const frequency = frequencyModelOf(ctx);

  const thisReadsByOwner = new Map<TSESTree.Node, TSESTree.MemberExpression[]>();
  /** Every `this.x` read in a class body or object literal (scanned once per owner, only for candidates). */
  const thisReadsIn = (owner: ThisOwner): TSESTree.MemberExpression[] => {
    let reads = thisReadsByOwner.get(owner.body);
    if (!reads) {
      const found: TSESTree.MemberExpression[] = [];
      forEachDescendant(owner.body, (node) => {
        if (node.type === 'MemberExpression' && node.object.type === 'ThisExpression') found.push(node);
      });
      reads = found;
      thisReadsByOwner.set(owner.body, reads);
    }
    return reads;
  };

  /** Follows a value from `expr` outwards to where it ends up. */
  const destinationOf = (expr: TSESTree.Node): Destination => {
    let current = expr;
    for (;;) {
      const parent = current.parent;
      if (!parent) return { kind: 'ignored' };
      if (isValueWrapper(parent)) {
        current = parent;
        continue;
      }
      switch (parent.type) {
        case 'MemberExpression': {
          if (parent.object !== current) return { kind: 'ignored' };
          const call = parent.parent;
          if (call?.type !== 'CallExpression' || call.callee !== parent) return { kind: 'ignored' };
          const method = staticPropertyName(parent);
          // unref()/ref() return the timer itself: follow the call.
          if (method === 'unref' || method === 'ref') {
            current = call;
            continue;
          }
          // Timeout#close() clears it, and so does disposing it.
          if (method === 'close' || isSymbolDispose(parent)) return { kind: 'cleared' };
          return { kind: 'ignored' };
        }
        case 'CallExpression':
        case 'NewExpression':
          if (parent.callee === current) return { kind: 'ignored' };
          if (
            parent.type === 'CallExpression' &&
            TIMER_CLEARING_FUNCTIONS.some((name) => isTimersFunction(ctx, parent.callee, name))
          )
            return { kind: 'cleared' };
          return { kind: 'escapes' };
        case 'ExpressionStatement':
          return { kind: 'discarded', statement: parent, voidOperator: undefined };
        case 'ArrowFunctionExpression':
          // `new Promise((resolve) => setTimeout(resolve, ms))`: the executor's result is thrown away.
          return parent.body === current && isPromiseExecutor(parent)
            ? { kind: 'discarded', statement: undefined, voidOperator: undefined }
            : { kind: 'escapes' };
        case 'UnaryExpression':
          if (parent.operator !== 'void') return { kind: 'ignored' };
          return {
            kind: 'discarded',
            statement: parent.parent.type === 'ExpressionStatement' ? parent.parent : undefined,
            voidOperator: parent,
          };
        case 'SequenceExpression':
          if (parent.expressions[parent.expressions.length - 1] !== current)
            return { kind: 'discarded', statement: undefined, voidOperator: undefined };
          current = parent;
          continue;
        case 'ConditionalExpression':
          if (parent.test === current) return { kind: 'ignored' };
          current = parent;
          continue;
        case 'LogicalExpression':
          current = parent;
          continue;
        case 'VariableDeclarator': {
          if (parent.init !== current) return { kind: 'ignored' };
          // `using timer = setInterval(…)` disposes it at the end of the block.
          if (parent.parent.kind === 'using' || parent.parent.kind === 'await using') return { kind: 'cleared' };
          if (parent.id.type !== 'Identifier') return { kind: 'escapes' };
          const variable = resolveIdentifier(ctx, parent.id);
          return variable ? { kind: 'variable', variable, declarator: parent } : { kind: 'escapes' };
        }
        case 'AssignmentExpression': {
          if (parent.right !== current) return { kind: 'ignored' };
          const left = parent.left;
          const field = thisMemberName(left);
          if (field !== undefined) {
            const owner = thisOwnerOf(left);
            if (owner) return { kind: 'field', name: field, owner };
            return isOldStyleConstructorThis(left)
              ? propertyDestination(left as TSESTree.MemberExpression)
              : { kind: 'escapes' };
          }
          if (left.type === 'MemberExpression' && isPerUnitParameter(left.object)) return propertyDestination(left);
          if (left.type === 'Identifier') {
            const variable = resolveIdentifier(ctx, left);
            return variable && variable.defs.length > 0
              ? { kind: 'variable', variable, declarator: undefined }
              : { kind: 'escapes' };
          }
          return { kind: 'escapes' };
        }
        case 'PropertyDefinition': {
          if (parent.value !== current || parent.computed) return { kind: 'ignored' };
          const name =
            parent.key.type === 'Identifier'
              ? parent.key.name
              : parent.key.type === 'PrivateIdentifier'
                ? `#${parent.key.name}`
                : undefined;
          return name === undefined
            ? { kind: 'escapes' }
            : { kind: 'field', name, owner: { body: parent.parent, isStatic: parent.static } };
        }
        case 'IfStatement':
        case 'WhileStatement':
        case 'DoWhileStatement':
        case 'ForStatement':
        case 'BinaryExpression':
        case 'SwitchStatement':
        case 'SwitchCase':
        case 'TemplateLiteral':
          return { kind: 'ignored' };
        default:
          // Returned, yielded, awaited, exported, put in an object or array, spread…: it goes
          // somewhere this file cannot follow, so someone else may clear it.
          return { kind: 'escapes' };
      }
    }
  };

  /**
   * `ws.heartbeat = setInterval(…)` (a local or parameter's property), `this.timer = …` outside a
   * class (an old-style constructor function): judged by the property's name across the file.
   */
  const propertyDestination = (left: TSESTree.MemberExpression): Destination => {
    const name = staticPropertyName(left);
    return name === undefined ? { kind: 'escapes' } : { kind: 'property', name, object: shortText(ctx, left.object) };
  };

  /**
   * `ws` in `wss.on('connection', (ws) => { ws.timer = … })`: a parameter of a function that runs
   * per request, message or event, the object that unit brings (a connection, a socket). Other
   * objects (`state.timer` in an exported helper) may be cleared by code this file does not show.
   */
  const isPerUnitParameter = (object: TSESTree.Node): boolean => {
    const node = unwrapExpression(object);
    if (node.type !== 'Identifier') return false;
    const def = resolveIdentifier(ctx, node)?.defs[0];
    if (def?.type !== 'Parameter' || !isFunctionNode(def.node)) return false;
    return frequency.repeats(def.node.body);
  };

  let memberReads: Map<string, TSESTree.MemberExpression[]> | undefined;
  /** Every `x.name` read in the file, by name (scanned once, only for candidates kept in a property). */
  const memberReadsNamed = (name: string): TSESTree.MemberExpression[] => {
    if (!memberReads) {
      const found = new Map<string, TSESTree.MemberExpression[]>();
      forEachDescendant(ctx.ast, (node) => {
        if (node.type !== 'MemberExpression') return;
        if (node.parent?.type === 'AssignmentExpression' && node.parent.left === node) return;
        const property = staticPropertyName(node);
        if (property !== undefined) found.set(property, [...(found.get(property) ?? []), node]);
      });
      memberReads = found;
    }
    return memberReads.get(name) ?? [];
  };

  const isHandled = (destination: Destination, depth: number, seen: Set<unknown>): boolean => {
    switch (destination.kind) {
      case 'cleared':
      case 'escapes':
        return true;
      case 'ignored':
      case 'discarded':
        return false;
      case 'variable': {
        const { variable } = destination;
        if (seen.has(variable) || depth > MAX_FOLLOW_DEPTH) return true;
        seen.add(variable);
        if (isExported(variable)) return true;
        return variable.references.some(
          (ref) => ref.isRead() && isHandled(destinationOf(ref.identifier), depth + 1, seen),
        );
      }
      case 'property': {
        // Cleared under this name anywhere (`clearInterval(client.heartbeat)`), or read where it goes on.
        if (clearedPropertyNames.has(destination.name)) return true;
        const key = `.${destination.name}`;
        if (seen.has(key) || depth > MAX_FOLLOW_DEPTH) return true;
        seen.add(key);
        return memberReadsNamed(destination.name).some((read) => isHandled(destinationOf(read), depth + 1, seen));
      }
      case 'field': {
        if (clearedPropertyNames.has(destination.name)) return true;
        const ownerKey = destination.owner.body;
        if (seen.has(ownerKey) || depth > MAX_FOLLOW_DEPTH) return true;
        seen.add(ownerKey);
        return thisReadsIn(destination.owner).some((read) => {
          if (staticPropertyName(read) !== destination.name || !sameThisOwner(thisOwnerOf(read), destination.owner))
            return false;
          if (read.parent?.type === 'AssignmentExpression' && read.parent.left === read) return false;
          return isHandled(destinationOf(read), depth + 1, seen);
        });
      }
    }
  };

  return { destinationOf, isHandled: (destination) => isHandled(destination, 0, new Set()) };
}

/**
 * `this.timer` in an old-style constructor function (`function Pool() { this.timer = … }`,
 * `var Pool = function () {…}`: named with a capital, as constructors are) or one of its
 * prototype's methods (`Pool.prototype.start = function () {…}`).
 */
function isOldStyleConstructorThis(member: TSESTree.Node): boolean {
  let fn = enclosingFunction(member);
  while (fn?.type === 'ArrowFunctionExpression') fn = enclosingFunction(fn);
  if (!fn) return false;
  const id =
    fn.type === 'FunctionDeclaration' || fn.id
      ? fn.id
      : fn.parent?.type === 'VariableDeclarator' && fn.parent.id.type === 'Identifier'
        ? fn.parent.id
        : undefined;
  if (id) return /^[A-Z]/.test(id.name);
  // `Pool.prototype.start = function () {…}`: a method of one.
  const assigned = fn.parent?.type === 'AssignmentExpression' ? fn.parent.left : undefined;
  return (
    assigned?.type === 'MemberExpression' &&
    assigned.object.type === 'MemberExpression' &&
    staticPropertyName(assigned.object) === 'prototype'
  );
}

/** The executor of `new Promise(…)`. */
function isPromiseExecutor(fn: TSESTree.ArrowFunctionExpression): boolean {
  const parent = fn.parent;
  return (
    parent?.type === 'NewExpression' &&
    parent.arguments[0] === fn &&
    parent.callee.type === 'Identifier' &&
    parent.callee.name === 'Promise'
  );
}

/** `x[Symbol.dispose]`. */
function isSymbolDispose(member: TSESTree.MemberExpression): boolean {
  const property = member.property;
  return (
    member.computed &&
    property.type === 'MemberExpression' &&
    property.object.type === 'Identifier' &&
    property.object.name === 'Symbol' &&
    staticPropertyName(property) === 'dispose'
  );
}
