import type { TSESTree } from '@typescript-eslint/utils';
import type { AnalysisContext } from '../core/context.js';
import { fileRoleOf } from '../core/file-role.js';
import { parseForAnalysis, SourceParseError } from '../core/parse.js';
import { applyEdits, type TextEdit } from './edits.js';
import { parseCodemodOptions, type OptionSpec } from './options.js';
import { isSuppressed } from './suppressions.js';

/** A place in the input file (1-based line, 0-based column, like ESLint). */
export interface SiteLocation {
  readonly line: number;
  readonly column: number;
}

/** A site the codemod rewrote. `what` names it for people: "Map promptCache". */
export interface RewrittenSite extends SiteLocation {
  readonly what: string;
}

/** A site the rule reports but the codemod left alone, and why. */
export interface LeftSite extends SiteLocation {
  readonly what: string;
  readonly reason: string;
}

/** What a codemod decided for one file, before anything is applied. */
export interface CodemodPlan {
  readonly edits: TextEdit[];
  readonly rewritten: RewrittenSite[];
  readonly left: LeftSite[];
}

export interface CodemodFileResult {
  readonly codemod: string;
  readonly filename: string;
  /**
   * `skipped`: the cheap text check found nothing this codemod could touch; the file was not parsed.
   * `test-file`: with the scope's skipTestFiles, the file is a test (see fileRoleOf); nothing was planned.
   */
  readonly status: 'changed' | 'unchanged' | 'skipped' | 'test-file';
  readonly output: string;
  readonly rewritten: readonly RewrittenSite[];
  readonly left: readonly LeftSite[];
}

/** The rewritten file did not parse; it is never written. A bug in the codemod, reported per file. */
export class CodemodOutputError extends Error {
  override name = 'CodemodOutputError';
}

/** The plugin's rule ids: `leakproof/<rule>`. */
export const RULE_PREFIX = 'leakproof/';

/**
 * Whether the rule `rule` (name without the plugin prefix) would report a finding at `node`: it is
 * enabled in the run's config and no ESLint disable comment silences it there. A codemod handles
 * (rewrites or leaves) exactly the findings this accepts, so it touches what `check` reports.
 */
export type ReportedBy = (rule: string, node: { loc: TSESTree.SourceLocation }) => boolean;

/** Whether no ESLint disable comment in the file silences the rule (named without the plugin prefix) at the node. */
export function unsuppressedIn(ctx: AnalysisContext): ReportedBy {
  return (rule, node) => !isSuppressed(ctx, `${RULE_PREFIX}${rule}`, node);
}

export interface CodemodDefinition<O> {
  readonly name: string;
  /** The rules whose findings it rewrites (names without the plugin prefix). */
  readonly rules: readonly string[];
  readonly options: readonly OptionSpec[];
  /** Cheap text pre-check: false means the file certainly has nothing to rewrite. */
  mightApply(source: string): boolean;
  plan(ctx: AnalysisContext, options: O, reportedBy: ReportedBy): CodemodPlan;
}

/**
 * Which of the plugin's rules a run enables, as the config `check` uses (`recommended` unless
 * --strict). Undefined: every rule the codemod pairs with, as the stock jscodeshift transform and
 * the fixtures run it (choosing a transform by name is choosing its rules).
 */
export interface CodemodScope {
  readonly enabledRules?: ReadonlySet<string>;
  /** Leave test files as they are (`migrate` without --include-tests): judged as the rules judge a file's role. */
  readonly skipTestFiles?: boolean;
  /** The run's directory, which file roles are judged from (a fixture folder's own tests lint it as its root); process.cwd() by default. */
  readonly cwd?: string;
}

export interface Codemod<O> {
  readonly name: string;
  readonly rules: readonly string[];
  readonly options: readonly OptionSpec[];
  /** Validates a raw option bag (CLI flags or jscodeshift's bag); throws CodemodOptionError. */
  parseOptions(raw?: Record<string, unknown>): O;
  /**
   * Runs the codemod on one file's text. Throws SourceParseError when the input does not parse and
   * CodemodOutputError when the output would not; in both cases nothing should be written.
   */
  analyze(source: string, filename: string, options: O, scope?: CodemodScope): CodemodFileResult;
  /** A stock jscodeshift transform (dist/codemods/<name>.js; <name>.cjs wraps it for jscodeshift's default Babel register). */
  readonly transform: Transform;
}

/**
 * The part of jscodeshift's transform signature the transforms use, written out so that neither the
 * build nor a consumer's type check needs jscodeshift (an optional peer dependency) or its types.
 * A function of this type is assignable to jscodeshift's `Transform`.
 */
export interface TransformFile {
  readonly path: string;
  readonly source: string;
}
export interface TransformApi {
  report(message: string): void;
  stats(name: string, quantity?: number): void;
  /** jscodeshift's own API object; passed by its runner, unused here. */
  readonly j?: unknown;
  readonly jscodeshift?: unknown;
}
export type Transform = (
  file: TransformFile,
  api: TransformApi,
  options: Record<string, unknown>,
) => string | undefined;

const BOM = '\uFEFF';

export function defineCodemod<O>(definition: CodemodDefinition<O>): Codemod<O> {
  const { name } = definition;
  const parseOptions = (raw?: Record<string, unknown>): O => parseCodemodOptions(name, definition.options, raw) as O;

  const analyze = (source: string, filename: string, options: O, scope: CodemodScope = {}): CodemodFileResult => {
    const hasBom = source.startsWith(BOM);
    const text = hasBom ? source.slice(1) : source;
    const { enabledRules } = scope;
    const enabled = (rule: string): boolean => !enabledRules || enabledRules.has(rule);
    if (!definition.rules.some(enabled) || !definition.mightApply(text)) {
      return { codemod: name, filename, status: 'skipped', output: source, rewritten: [], left: [] };
    }
    const ctx = parseForAnalysis(text, filename, scope.cwd);
    if (scope.skipTestFiles && fileRoleOf(ctx) === 'test')
      return { codemod: name, filename, status: 'test-file', output: source, rewritten: [], left: [] };
    const unsuppressed = unsuppressedIn(ctx);
    const reportedBy: ReportedBy = (rule, node) => enabled(rule) && unsuppressed(rule, node);
    const plan = definition.plan(ctx, options, reportedBy);
    const rewrittenText = plan.edits.length ? applyEdits(text, plan.edits) : text;
    if (rewrittenText === text) {
      return { codemod: name, filename, status: 'unchanged', output: source, rewritten: [], left: plan.left };
    }
    // Re-parse with typescript-estree: Babel accepts some TSX that TypeScript rejects.
    try {
      parseForAnalysis(rewrittenText, filename, scope.cwd);
    } catch (error) {
      const reason =
        error instanceof SourceParseError ? `${error.line}:${error.column}: ${error.reason}` : String(error);
      throw new CodemodOutputError(
        `${filename}: ${name} produced code that does not parse (${reason}); the file was left unchanged`,
      );
    }
    return {
      codemod: name,
      filename,
      status: 'changed',
      output: hasBom ? BOM + rewrittenText : rewrittenText,
      rewritten: plan.rewritten,
      left: plan.left,
    };
  };

  const transform: Transform = (file, api, rawOptions) => {
    const options = parseOptions(rawOptions);
    const result = analyze(file.source, file.path, options);
    for (const site of result.left) {
      api.report(`${file.path}:${site.line}:${site.column + 1} left unchanged: ${site.what}: ${site.reason}`);
    }
    // jscodeshift counts stats in dry runs only; one count per rewritten site.
    result.rewritten.forEach(() => api.stats(`${name}: rewritten`));
    if (result.status === 'skipped') return undefined;
    return result.output;
  };

  return { name, rules: definition.rules, options: definition.options, parseOptions, analyze, transform };
}

/** What a codemod decided for one reported site: the edits that rewrite it, or why it is left. */
export type SitePlan =
  { readonly ok: true; readonly edits: readonly TextEdit[] } | { readonly ok: false; readonly reason: string };

/** 1-based line and 0-based column of a node, as ESLint reports them. */
export function locationOf(node: { loc: { start: { line: number; column: number } } }): SiteLocation {
  return { line: node.loc.start.line, column: node.loc.start.column };
}
