import type { TSESTree } from '@typescript-eslint/utils';
import type { AnalysisContext } from '../core/context.js';
import type { TextEdit } from './edits.js';

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
    const listed = text
      .slice(kind.length)
      .split(/\s-{2,}\s/)[0]!
      .trim();
    const rules = listed
      ? listed
          .split(',')
          .map((r) => r.trim())
          .filter(Boolean)
      : undefined;
    const { start, end } = comment.loc;
    if (kind === 'eslint-disable-line') {
      if (start.line === end.line) lines.push({ line: start.line, rules });
    } else if (kind === 'eslint-disable-next-line') {
      lines.push({ line: end.line + 1, rules });
    } else {
      blocks.push({
        type: kind === 'eslint-disable' ? 'disable' : 'enable',
        line: start.line,
        column: start.column,
        rules,
      });
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

/** `// eslint-disable-next-line a, b -- why`, `/* eslint-disable-line a *\/`, `// biome-ignore lint/x/y: why`. */
const LINE_DIRECTIVE =
  /^(\s*)(eslint-disable-next-line|eslint-disable-line|oxlint-disable-next-line|oxlint-disable-line|biome-ignore)(\s+)(.*?)(\s*)$/s;

/**
 * Edits that take `ruleIds` out of the line disable comments that apply to `line` (the comment
 * ending on the line above for the `-next-line` forms and biome-ignore, a comment on the line for
 * `-line`), for a rewrite after which those rules no longer report there: a comment that named only
 * them is removed (with its line when it stands alone), one that names others keeps them and its
 * justification. Block `eslint-disable` comments may cover other sites and are left as they are.
 */
export function staleDirectiveEdits(ctx: AnalysisContext, line: number, ruleIds: readonly string[]): TextEdit[] {
  const edits: TextEdit[] = [];
  for (const comment of ctx.ast.comments ?? []) {
    const match = LINE_DIRECTIVE.exec(comment.value);
    if (!match) continue;
    const [, , kind, , body] = match as unknown as [string, string, string, string, string];
    const sameLine = kind.endsWith('-line') && !kind.endsWith('-next-line');
    const applies = sameLine
      ? comment.loc.start.line === line && comment.loc.end.line === line
      : comment.loc.end.line === line - 1;
    if (!applies) continue;
    const edit =
      kind === 'biome-ignore' ? biomeEdit(ctx, comment, body, ruleIds) : eslintEdit(ctx, comment, kind, body, ruleIds);
    if (edit) edits.push(edit);
  }
  return edits;
}

/** ESLint's form: `a, b -- why`; without rule names it disables every rule and stays. */
function eslintEdit(
  ctx: AnalysisContext,
  comment: TSESTree.Comment,
  kind: string,
  body: string,
  ruleIds: readonly string[],
): TextEdit | undefined {
  const [listed, ...justification] = body.split(/(\s-{2,}\s)/);
  const rules = listed!
    .split(',')
    .map((r) => r.trim())
    .filter(Boolean);
  const kept = rules.filter((rule) => !ruleIds.includes(rule));
  if (rules.length === 0 || kept.length === rules.length) return undefined;
  if (kept.length === 0) return removal(ctx, comment);
  const open = comment.type === 'Line' ? '//' : '/*';
  const close = comment.type === 'Line' ? '' : ' */';
  return {
    start: comment.range[0],
    end: comment.range[1],
    text: `${open} ${kind} ${kept.join(', ')}${justification.join('')}${close}`,
  };
}

/** Biome's form: `lint/group/rule: why`, one rule per comment. */
function biomeEdit(
  ctx: AnalysisContext,
  comment: TSESTree.Comment,
  body: string,
  ruleIds: readonly string[],
): TextEdit | undefined {
  const rule = /^(\S+?)(?:\(.*?\))?:/.exec(body)?.[1];
  return rule && ruleIds.includes(rule) ? removal(ctx, comment) : undefined;
}

/** Removes a comment: with its whole line when nothing else is on it, else with the spaces before it. */
function removal(ctx: AnalysisContext, comment: TSESTree.Comment): TextEdit {
  const text = ctx.text;
  const lineStart = text.lastIndexOf('\n', comment.range[0] - 1) + 1;
  const newline = text.indexOf('\n', comment.range[1]);
  const lineEnd = newline === -1 ? text.length : newline + 1;
  const before = text.slice(lineStart, comment.range[0]);
  const after = text.slice(comment.range[1], newline === -1 ? text.length : newline).replace(/\r$/, '');
  if (before.trim() === '' && after.trim() === '') return { start: lineStart, end: lineEnd, text: '' };
  return { start: comment.range[0] - (before.length - before.trimEnd().length), end: comment.range[1], text: '' };
}
