import type { TSESTree } from '@typescript-eslint/utils';
import type { TextEdit } from '../../codemod-kit/edits.js';
import { outermostWrapperOf } from '../../core/imports.js';
import { shortText } from '../../core/ast.js';
import type { ClientRewrite, ClientRewriteContext } from './memoize-rewrite.js';

/*
 * What the getter, loop and handler plans share: the reasons they give for leaving a site, and
 * the edit that turns an existing holder's `=` into `??=`.
 */

export const left = (reason: string): ClientRewrite => ({ ok: false, reason });

export function changedConfigReason(rc: ClientRewriteContext, name: string, change: TSESTree.Node): string {
  return `the client is built from \`${name}\`, which \`${shortText(rc.ctx, change, 50)}\` at line ${change.loc.start.line} changes after load (a reloaded configuration): a client built once would keep the old settings. Rebuild the shared client where the configuration changes, or keep building it per call`;
}

export function globalConfigReason(change: string, where: string): string {
  return `${where} changes the SDK's global configuration (\`${change}\`) that the client's constructor reads, so its arguments alone do not say what it is built with: pass those settings to the constructor, then share the client by hand`;
}

export const closedHolderReason = (holder: string, close: string): string =>
  `\`${close}\` closes the client kept in \`${holder}\`, and nothing resets \`${holder}\` afterwards: with \`??=\` every later use would get the closed client; set \`${holder} = undefined\` after closing it, then make the assignment \`??=\``;

/** `holder = <construction>` with a plain `=`, through value wrappers. */
export function plainAssignmentOf(node: TSESTree.Node): TSESTree.AssignmentExpression | undefined {
  const value = outermostWrapperOf(node);
  const parent = value.parent;
  return parent?.type === 'AssignmentExpression' && parent.operator === '=' && parent.right === value
    ? parent
    : undefined;
}

/** The edit that turns an assignment's `=` into `??=`. */
export function memoizingOperator(rc: ClientRewriteContext, assignment: TSESTree.AssignmentExpression): TextEdit {
  const operator = (rc.ctx.ast.tokens ?? []).find(
    (token) =>
      token.type === 'Punctuator' &&
      token.value === '=' &&
      token.range[0] >= assignment.left.range[1] &&
      token.range[1] <= assignment.right.range[0],
  );
  if (!operator) throw new Error(`memoize-client: no \`=\` token in ${rc.text(assignment)}`);
  return { start: operator.range[0], end: operator.range[1], text: '??=' };
}
