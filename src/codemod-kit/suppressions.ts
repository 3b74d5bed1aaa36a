import type { TSESTree } from '@typescript-eslint/utils';
import type { AnalysisContext } from '../core/context.js';

/*
 * ESLint's disable comments, read as ESLint reads them, so a codemod leaves alone every site its
 * rule would not report: `eslint-disable-next-line`, `eslint-disable-line`, and `eslint-disable` /
 * `eslint-enable` blocks (file-level when nothing enables the rule again). As in ESLint: a directive
 * without rule names applies to every rule; text after ` -- ` is a justification; the two `-line`
 * forms work in line and block comments (a block comment spanning lines does not count for
 * `eslint-disable-line`), `eslint-disable` / `eslint-enable` only in block comments.
 */

/** An `eslint-disable` or `eslint-enable` block comment, from its start on. */
interface BlockDirective {
  readonly type: 'disable' | 'enable';
  readonly line: number;
  readonly column: number;
  /** Rule ids it names; undefined for every rule. */
  readonly rules: readonly string[] | undefined;
}

/** An `eslint-disable-line` or `eslint-disable-next-line` comment: the one line it silences. */
interface LineDirective {
  readonly line: number;
  readonly rules: readonly string[] | undefined;
}

interface Directives {
  readonly blocks: BlockDirective[];
  readonly lines: LineDirective[];
}

const DIRECTIVE = /^(eslint-disable(?:-next-line|-line)?|eslint-enable)(?:\s|$)/;

function directivesOf(comments: readonly TSESTree.Comment[]): Directives {
  const blocks: BlockDirective[] = [];
  const lines: LineDirective[] = [];
  for (const comment of comments) {
    const text = comment.value.trim();
    const match = DIRECTIVE.exec(text);
    if (!match) continue;
    const kind = match[1]!;
    if (comment.type === 'Line' && !kind.endsWith('-line')) continue;
    const listed = text.slice(kind.length).split(/\s-{2,}\s/)[0]!.trim();
    const rules = listed ? listed.split(',').map((r) => r.trim()).filter(Boolean) : undefined;
    const { start, end } = comment.loc;
    if (kind === 'eslint-disable-line') {
      if (start.line === end.line) lines.push({ line: start.line, rules });
    } else if (kind === 'eslint-disable-next-line') {
      lines.push({ line: end.line + 1, rules });
    } else {
      blocks.push({ type: kind === 'eslint-disable' ? 'disable' : 'enable', line: start.line, column: start.column, rules });
    }
  }
  return { blocks, lines };
}

const byAst = new WeakMap<object, Directives>();
const names = (rules: readonly string[] | undefined, ruleId: string): boolean => !rules || rules.includes(ruleId);

/** Whether an ESLint disable comment silences `ruleId` (e.g. `leakproof/no-unbounded-cache`) at `node`'s start, as ESLint would. */
export function isSuppressed(ctx: AnalysisContext, ruleId: string, node: { loc: TSESTree.SourceLocation }): boolean {
  let directives = byAst.get(ctx.ast);
  if (!directives) byAst.set(ctx.ast, (directives = directivesOf(ctx.ast.comments ?? [])));
  const { line, column } = node.loc.start;
  // As ESLint applies them: the -line forms on their own, block comments in order up to the site.
  if (directives.lines.some((d) => d.line === line && names(d.rules, ruleId))) return true;
  let disabled = false;
  for (const directive of directives.blocks) {
    if (directive.line > line || (directive.line === line && directive.column > column)) break;
    if (names(directive.rules, ruleId)) disabled = directive.type === 'disable';
  }
  return disabled;
}
