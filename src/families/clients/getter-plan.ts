import type { TSESTree } from '@typescript-eslint/utils';
import { findVariable } from '../../core/context.js';
import { enclosingFunction, within, type FunctionNode } from '../../core/ast.js';
import { repetitionOf } from '../../frequency/repetition.js';
import { indentAt } from '../../codemod-kit/edits.js';
import { staleDirectiveEdits } from '../../codemod-kit/suppressions.js';
import { THIS_UNUSED_RULES } from '../../knowledge/other-linters.js';
import type { ClientFinding, Placement } from './types.js';
import {
  clientTypeText,
  closeWithoutReset,
  referencesIn,
  startWithLeadingComments,
  topLevelStatementOf,
  upperFirst,
  ClientRewriteContext,
  type ClientRewrite,
} from './memoize-rewrite.js';
import { globalConfigChangeIn, mutatedModuleObjectIn, reassignedFieldIn } from './arguments.js';
import { outermostWrapperOf } from '../../core/imports.js';
import { shortText } from '../../core/ast.js';
import {
  changedConfigReason,
  closedHolderReason,
  globalConfigReason,
  left,
  memoizingOperator,
  plainAssignmentOf,
} from './shared-plan.js';

/*
 * Getter: a private field (or, for an object built once at module level, a module variable)
 * filled once with ??=.
 */

type GetterPlacement = Extract<Placement, { kind: 'getter' }>;

/**
 * `get client() { return new S3Client(…) }` → a `#client` field and `return (this.#client ??= new S3Client(…))`.
 * The construction's arguments stay in the getter, so they may go on using `this`.
 */
export function planGetter(
  rc: ClientRewriteContext,
  finding: ClientFinding,
  placement: GetterPlacement,
): ClientRewrite {
  const assignment = plainAssignmentOf(finding.node);
  if (assignment) return planGetterAssignment(rc, assignment, placement);
  const extraUse = useBesidesReturn(rc, finding, placement.fn);
  if (extraUse) {
    return left(
      `the getter does more with the new client than return it (\`${extraUse}\`): on one kept client that would run again on every access; move that set-up to where the client is created, then keep it in a field`,
    );
  }
  const changing = changingGetterInput(rc, finding, placement);
  if (changing) return left(changing);
  const type = rc.typed ? clientTypeText(rc, finding) : undefined;
  if (rc.typed && !type)
    return left(
      'the client is built through an expression whose type this codemod cannot name: add a private field typed as the client and fill it with ??=',
    );
  const { member } = placement;
  return member.type === 'MethodDefinition'
    ? planClassGetter(rc, finding, placement, member, type)
    : planModuleObjectGetter(rc, finding, placement, member, type);
}

/**
 * What a getter's client is built from that changes after the first access: a field another
 * method assigns, a module-level object the file changes, a global SDK configuration the getter
 * changes. A kept client would go on with the first value.
 */
function changingGetterInput(
  rc: ClientRewriteContext,
  finding: ClientFinding,
  placement: GetterPlacement,
): string | undefined {
  const node = finding.node;
  const { member } = placement;
  if (member.type === 'MethodDefinition') {
    const reassigned = reassignedFieldIn(node, member.parent);
    if (reassigned) {
      return `the client's arguments read this.${reassigned.field}, which \`${shortText(rc.ctx, reassigned.at, 50)}\` at line ${reassigned.at.loc.start.line} assigns after construction: a kept client would go on with the old value. Rebuild the client where the field changes (drop the kept one there), or keep building it`;
    }
  }
  for (const { identifier, variable } of referencesIn(rc.ctx, node)) {
    if (variable?.scope !== rc.moduleScope) continue;
    const change = mutatedModuleObjectIn(rc.ctx, node, variable);
    if (change) return changedConfigReason(rc, identifier.name, change);
  }
  const configured = globalConfigChangeIn(rc.ctx, node, placement.fn);
  return configured ? globalConfigReason(configured, placement.where) : undefined;
}

function planClassGetter(
  rc: ClientRewriteContext,
  finding: ClientFinding,
  placement: GetterPlacement,
  member: TSESTree.MethodDefinition,
  type: string | undefined,
): ClientRewrite {
  if (!/^[A-Za-z_$][\w$]*$/.test(placement.name))
    return left(
      'the getter has a computed name, so there is no name for the field that keeps the client: add a private field by hand and fill it with ??=',
    );
  // `this.#x` in a static getter throws when read through a subclass; the class itself always has the field.
  let owner = 'this';
  if (member.static) {
    const cls = member.parent.parent;
    const className = cls.id?.name;
    if (!className || findVariable(rc.ctx.getScope(finding.node), className)?.defs[0]?.node !== cls) {
      return left(
        'a static getter of a class without a name of its own: add a static private field by hand and fill it with ??= through the class name',
      );
    }
    owner = className;
  }
  const classBody = member.parent;
  const privateNames = new Set(
    classBody.body.flatMap((m) => ('key' in m && m.key.type === 'PrivateIdentifier' ? [m.key.name] : [])),
  );
  let field = placement.name;
  for (let i = 2; privateNames.has(field); i++) field = `${placement.name}Instance${i === 2 ? '' : i}`;

  const indent = indentAt(rc.ctx.text, member.range[0]);
  const insertAt = startWithLeadingComments(rc.ctx, member);
  const declaration = `${indent}${member.static ? 'static ' : ''}#${field}${type ? `: ${type} | undefined` : ''};${rc.eol}`;
  return {
    ok: true,
    edits: [
      { start: insertAt, end: insertAt, text: declaration },
      {
        start: finding.node.range[0],
        end: finding.node.range[1],
        text: `(${owner}.#${field} ??= ${rc.text(finding.node)})`,
      },
      // The getter uses `this` now: a comment silencing class-methods-use-this on it is stale.
      ...(member.static ? [] : staleDirectiveEdits(rc.ctx, member.key.loc.start.line, THIS_UNUSED_RULES)),
    ],
  };
}

/**
 * An object-literal getter (or an Object.defineProperty `get`) on an object built once at module
 * level: a module variable next to it keeps the client. Built anywhere else, the object may exist
 * many times over, each wanting its own client, and there is no field to keep it in.
 */
function planModuleObjectGetter(
  rc: ClientRewriteContext,
  finding: ClientFinding,
  placement: GetterPlacement,
  member: TSESTree.Property,
  type: string | undefined,
): ClientRewrite {
  if (enclosingFunction(member) || repetitionOf(member)) {
    return left(
      'a getter outside a class, on an object that may be built many times over: there is no private field to keep the client in; make the object a class, or keep the client in a variable next to where the object is built',
    );
  }
  const holder = rc.freshModuleName(objectGetterHolderName(member, placement.name));
  const statement = topLevelStatementOf(member);
  const insertAt = startWithLeadingComments(rc.ctx, statement);
  return {
    ok: true,
    edits: [
      {
        start: insertAt,
        end: insertAt,
        text: `let ${holder}${type ? `: ${type} | undefined` : ''}${rc.semi}${rc.eol}`,
      },
      { start: finding.node.range[0], end: finding.node.range[1], text: `(${holder} ??= ${rc.text(finding.node)})` },
    ],
  };
}

/** `const db = { get pool() {…} }` → `dbPool`; otherwise the getter's own name. */
function objectGetterHolderName(member: TSESTree.Property, getterName: string): string {
  const name = /^[A-Za-z_$][\w$]*$/.test(getterName) ? getterName : 'client';
  const holder = member.parent.type === 'ObjectExpression' ? member.parent.parent : undefined;
  const objectName =
    holder?.type === 'VariableDeclarator' && holder.id.type === 'Identifier' ? holder.id.name : undefined;
  return objectName ? `${objectName}${upperFirst(name)}` : name;
}

/**
 * Anything the getter does with the new client other than returning it, directly or through a
 * local that is only returned: that code would run on the kept client at every access.
 */
function useBesidesReturn(rc: ClientRewriteContext, finding: ClientFinding, getter: FunctionNode): string | undefined {
  const returnedHere = (node: TSESTree.Node): boolean => {
    const value = outermostWrapperOf(node);
    const parent = value.parent;
    return (
      (parent?.type === 'ReturnStatement' && enclosingFunction(parent) === getter) ||
      (parent === getter && getter.body === value)
    );
  };
  if (returnedHere(finding.node)) return undefined;
  const { declarator } = finding;
  if (
    declarator?.init &&
    within(declarator.init, finding.node) &&
    declarator.id.type === 'Identifier' &&
    declarator.parent.kind === 'const'
  ) {
    const reads =
      rc.ctx
        .getScope(declarator)
        .set.get(declarator.id.name)
        ?.references.filter((ref) => !ref.init) ?? [];
    const other = reads.find((ref) => !returnedHere(ref.identifier));
    return other ? rc.text(statementAround(other.identifier)) : undefined;
  }
  return rc.text(statementAround(finding.node));
}

/**
 * `this._client = new X(); return this._client;` (or `return (this._client = new X())`): the getter
 * already has a holder and only forgets to test it, so `=` becomes `??=`. A getter that does more
 * with the holder is left: that code would run again on the kept client.
 */
function planGetterAssignment(
  rc: ClientRewriteContext,
  assignment: TSESTree.AssignmentExpression,
  placement: GetterPlacement,
): ClientRewrite {
  const holder = compact(rc.text(assignment.left));
  const body = placement.fn.body;
  const statements = body.type === 'BlockStatement' ? body.body : [];
  const onlyAssignsAndReturns = statements.every(
    (statement) =>
      (statement.type === 'ExpressionStatement' && statement.expression === assignment) ||
      (statement.type === 'ReturnStatement' &&
        statement.argument !== null &&
        (statement.argument === assignment || compact(rc.text(statement.argument)) === holder)),
  );
  if (!onlyAssignsAndReturns || !statements.some((statement) => statement.type === 'ReturnStatement')) {
    return left(
      `the getter replaces \`${holder}\` with a new client on every access and does more than return it: make the assignment \`??=\` by hand, and move what else it does with the client to where the client is created`,
    );
  }
  const close = closeWithoutReset(rc.ctx, holder);
  if (close) return left(closedHolderReason(holder, close));
  return { ok: true, edits: [memoizingOperator(rc, assignment)] };
}

const compact = (text: string): string => text.replace(/\s+/g, '');

function statementAround(node: TSESTree.Node): TSESTree.Node {
  let current = node;
  while (current.parent && !/Statement$|Declaration$/.test(current.parent.type)) current = current.parent;
  return current.parent ?? current;
}
