import type { TSESTree } from '@typescript-eslint/utils';
import { isReassigned, type Variable } from '../../core/context.js';
import { enclosingFunction, isFunctionNode, within, type FunctionNode } from '../../core/ast.js';
import { isLoop, repetitionOf, type Repetition } from '../../frequency/repetition.js';
import { indentAt, type TextEdit } from '../../codemod-kit/edits.js';
import { usedAnywhere } from '../../codemod-kit/imports.js';
import type { ClientFinding, Placement } from './types.js';
import { describeRepetition } from './placement.js';
import {
  baseNameFor,
  contextBoundPart,
  referencesIn,
  reindent,
  setUpCallOn,
  startWithLeadingComments,
  upperFirst,
  varyingCallIn,
  writesIn,
  ClientRewriteContext,
  type ClientRewrite,
} from './memoize-rewrite.js';
import { globalConfigChangeIn } from './arguments.js';
import { globalConfigReason, left } from './shared-plan.js';

/* Loop: the client hoisted before the outermost loop (or iteration call) it is built in. */

type LoopPlacement = Extract<Placement, { kind: 'loop' }>;

interface HoistTarget {
  /** The statement the client goes before: the outermost loop (or the statement holding the outermost iteration call). */
  readonly anchor: TSESTree.Node;
  /** Everything that runs per iteration of that outermost loop. */
  readonly region: TSESTree.Node;
  /** The iteration callbacks between the construction and the anchor, innermost first. */
  readonly callbacks: FunctionNode[];
}

/**
 * Where a client built per iteration can go: before the outermost of the loops and iteration
 * callbacks around it (before an inner one it would still be built per outer iteration), or a
 * reason there is no such statement.
 */
function hoistTarget(placement: LoopPlacement): HoistTarget | string {
  const callbacks: FunctionNode[] = [];
  let repetition: Repetition | undefined = placement.repetition;
  let anchor: TSESTree.Node = repetition.node;
  let region: TSESTree.Node = repetition.node;
  while (repetition) {
    region = repetition.node;
    if (repetition.kind === 'iteration-callback') {
      const callback = repetition.node.arguments[0] as FunctionNode;
      callbacks.push(callback);
      region = callback;
    }
    anchor = repetition.node;
    while (anchor.parent && !isStatementList(anchor.parent)) {
      if (isFunctionNode(anchor.parent) && !callbacks.includes(anchor.parent)) {
        return `${placement.where} sits in an expression-bodied function, so there is no statement before it to hoist the client to: give the function a block body, or hoist it by hand`;
      }
      if (anchor.parent.type === 'IfStatement' || (isLoop(anchor.parent) && anchor.parent !== repetition.node)) {
        return `${placement.where} is the body of another statement without braces: add braces, or hoist the client by hand`;
      }
      anchor = anchor.parent;
    }
    repetition = repetitionOf(anchor);
  }
  return { anchor, region, callbacks };
}

const isStatementList = (node: TSESTree.Node): boolean =>
  node.type === 'BlockStatement' ||
  node.type === 'Program' ||
  node.type === 'SwitchCase' ||
  node.type === 'StaticBlock';

/** Loop: hoisted to just before the loop when nothing it is built from changes from one iteration to the next. */
export function planLoop(rc: ClientRewriteContext, finding: ClientFinding, placement: LoopPlacement): ClientRewrite {
  const target = hoistTarget(placement);
  if (typeof target === 'string') return left(target);
  const { anchor, region, callbacks } = target;
  const node = finding.node;
  const movesAcrossFunction = callbacks.length > 0;
  const bound = contextBoundPart(
    node,
    callbacks.every((callback) => callback.type === 'ArrowFunctionExpression'),
    !movesAcrossFunction,
  );
  if (bound) return left(`its arguments use ${bound}, which cannot move out of ${placement.where}: hoist it by hand`);
  const writes = writesIn(rc.ctx, region);
  for (const { identifier, variable } of referencesIn(rc.ctx, node)) {
    if (variable && (declaredWithin(variable, region) || writes.variables.has(variable))) {
      return left(
        `the client's arguments use \`${identifier.name}\`, which changes on every iteration of ${describeRepetitionAround(region, identifier, variable, placement)}: build one client per distinct value before the loop (or keep a bounded cache of them), or pass \`${identifier.name}\` to the client's methods instead`,
      );
    }
  }
  if (writes.thisWritten && contextBoundPart(node, false, true))
    return left(
      `the client's arguments read \`this\`, which ${placement.where} assigns to: hoist it by hand if those values do not change`,
    );
  const varying = varyingCallIn(rc.ctx, node);
  if (varying)
    return left(
      `the client's arguments call \`${varying}\`, which may give a different value on each iteration: if it does not, hoist the client by hand`,
    );
  const configured = globalConfigChangeIn(rc.ctx, node, region);
  if (configured) return left(globalConfigReason(configured, placement.where));
  const setUp = setUpCallOn(rc.ctx, finding, region);
  if (setUp)
    return left(
      `every iteration calls \`${setUp}\`, which must run once on a shared client: hoist the client and that call before the loop by hand`,
    );
  const outer = enclosingFunction(anchor);
  if (finding.awaited && movesAcrossFunction && !(outer ? outer.async : true)) {
    return left(
      `it is awaited inside ${placement.where}, and the code around the loop is not async: create it before the loop by hand`,
    );
  }

  const indent = indentAt(rc.ctx.text, anchor.range[0]);
  const insertAt = startWithLeadingComments(rc.ctx, anchor);
  const declaration = movableDeclaration(rc, finding, callbacks[0]);
  if (declaration) {
    // The declaration moves with the comments right above it, whole lines at a time.
    const start = startWithLeadingComments(rc.ctx, declaration);
    const lineEnd = rc.ctx.text.indexOf('\n', declaration.range[1]);
    const end = lineEnd === -1 ? rc.ctx.text.length : lineEnd + 1;
    const from = indentAt(rc.ctx.text, declaration.range[0]);
    const moved = rc.ctx.text
      .slice(start, end)
      .split('\n')
      .map((line) => (line.startsWith(from) ? indent + line.slice(from.length) : line))
      .join('\n');
    return {
      ok: true,
      edits: [
        { start: insertAt, end: insertAt, text: lineEnd === -1 ? `${moved}${rc.eol}` : moved },
        { start, end, text: '' },
      ],
    };
  }
  const base = baseNameFor({ ...finding, declarator: undefined });
  // `let agent = new Agent()` keeps its own name and gets `sharedAgent`, not `agent2`.
  const name = rc.freshName(usedAnywhere(rc.ctx, base) ? `shared${upperFirst(base)}` : base);
  const value = reindent(rc.text(node), indentAt(rc.ctx.text, node.range[0]), indent);
  return {
    ok: true,
    edits: [
      {
        start: insertAt,
        end: insertAt,
        text: `${indent}${rc.es5 ? 'var' : 'const'} ${name} = ${value}${rc.semi}${rc.eol}`,
      },
      replaceWithName(node, name, !rc.es5),
    ],
  };
}

/** The construction replaced by `name`; `{ agent: new Agent() }` becomes `{ agent }` when the names match (not in ES5). */
function replaceWithName(node: TSESTree.Node, name: string, shorthand: boolean): TextEdit {
  const property = node.parent;
  if (
    shorthand &&
    property?.type === 'Property' &&
    property.value === node &&
    !property.computed &&
    property.kind === 'init' &&
    property.key.type === 'Identifier' &&
    property.key.name === name
  ) {
    return { start: property.range[0], end: property.range[1], text: name };
  }
  return { start: node.range[0], end: node.range[1], text: name };
}

/**
 * `const s3 = new S3Client({})` alone on its lines in the loop body (or callback body): the whole
 * declaration can move, keeping its name, when no other scope in the file declares that name.
 */
function movableDeclaration(
  rc: ClientRewriteContext,
  finding: ClientFinding,
  callback: FunctionNode | undefined,
): TSESTree.VariableDeclaration | undefined {
  const declarator = finding.declarator;
  if (!declarator || declarator.id.type !== 'Identifier' || declarator.id.typeAnnotation) return undefined;
  const declaration = declarator.parent as TSESTree.VariableDeclaration;
  if (declaration.declarations.length !== 1 || declaration.kind === 'var') return undefined;
  if (!declaration.parent || declaration.parent.type !== 'BlockStatement') return undefined;
  if (callback && declaration.parent !== callback.body) return undefined;
  const name = declarator.id.name;
  // A `let` the loop reassigns must start each iteration from the client again: only its value can move.
  const variable = rc.ctx.getScope(declarator).set.get(name);
  if (!variable || isReassigned(variable)) return undefined;
  const declaringScopes = rc.ctx.scopeManager.scopes.filter((s) => s.set.has(name)).length;
  const text = rc.ctx.text;
  const lineStart = text.lastIndexOf('\n', declaration.range[0] - 1) + 1;
  const lineEnd = text.indexOf('\n', declaration.range[1]);
  const aloneOnLines =
    /^[ \t]*$/.test(text.slice(lineStart, declaration.range[0])) &&
    /^[ \t]*\r?$/.test(text.slice(declaration.range[1], lineEnd === -1 ? text.length : lineEnd));
  return declaringScopes === 1 && aloneOnLines ? declaration : undefined;
}

/** The loop or callback in which `variable` takes a new value: where it is declared or assigned inside `region`. */
function describeRepetitionAround(
  region: TSESTree.Node,
  identifier: TSESTree.Node,
  variable: Variable,
  placement: LoopPlacement,
): string {
  const changes = [
    ...variable.defs.map((def) => def.name),
    ...variable.references.filter((ref) => ref.isWrite()).map((ref) => ref.identifier),
  ];
  const inside = changes.find((node) => within(region, node)) ?? identifier;
  const repetition = repetitionOf(inside);
  return repetition ? describeRepetition(repetition) : placement.where;
}

function declaredWithin(variable: Variable, region: TSESTree.Node): boolean {
  return variable.defs.some((def) => within(region, def.name));
}
