import { readFileSync } from 'node:fs';
import type { ESLint, Linter } from 'eslint';
import { BINARY_FILE, isBinary } from '../core/source-files.js';
import { displayPath } from './files.js';

const OWN_RULE = 'leakproof/';
/** The rule ids an unused-directive warning names: `(no problems were reported from 'leakproof/…')`. */
const NAMED_OWN_RULE = new RegExp(`'(${OWN_RULE}[a-z-]+)'`, 'g');

/** A file ESLint could not parse (the only fatal message that is not about a comment). */
export const isParseFailure = (message: Linter.LintMessage): boolean =>
  message.fatal === true && message.message.startsWith('Parsing error');

/**
 * A result for a file ESLint did not lint: ignored by the config, outside its base path, or given
 * no config. All versions from 8.57 to 10 say so in a single warning without a rule.
 */
export function notLintedReason(result: ESLint.LintResult): string | undefined {
  const [only, ...others] = result.messages;
  if (!only || others.length || only.ruleId !== null || only.severity !== 1 || !only.message.startsWith('File ignored'))
    return undefined;
  return only.message;
}

/**
 * A result with only this plugin's messages, parse errors, and unused-directive warnings that name
 * one of the rules this run enabled (a stale `eslint-disable-next-line leakproof/…` after a
 * migration), recounted. A directive for a rule this config leaves off (a `strict`-only rule under
 * `recommended`) serves the project's own lint run, so it is not stale here. Other problems with
 * comments, such as ESLint 10 refusing `/* eslint-env *\/`, concern the project's own lint run too.
 */
export function keepOwnMessages(result: ESLint.LintResult, enabled: ReadonlySet<string>): ESLint.LintResult {
  const namesEnabledRule = (text: string): boolean =>
    [...text.matchAll(NAMED_OWN_RULE)].some(([, id]) => enabled.has(id!));
  const isOwn = (message: Linter.LintMessage): boolean =>
    isParseFailure(message) ||
    (message.ruleId !== null
      ? message.ruleId.startsWith(OWN_RULE)
      : !message.fatal && namesEnabledRule(message.message));
  const messages = result.messages.filter(isOwn);
  const count = (severity: number): number => messages.filter((m) => m.severity === severity).length;
  return {
    ...result,
    messages,
    suppressedMessages: result.suppressedMessages.filter(isOwn),
    errorCount: count(2),
    fatalErrorCount: messages.filter((m) => m.fatal).length,
    warningCount: count(1),
  };
}

/**
 * `check` has no --fix, so nothing is fixable by it: formatters (stylish) would otherwise advertise
 * the flag that `check` rejects. Unused-directive warnings are the usual "fixable" ones.
 */
export const withoutFixHints = (result: ESLint.LintResult): ESLint.LintResult => ({
  ...result,
  fixableErrorCount: 0,
  fixableWarningCount: 0,
});

/** One line for a file ESLint could not parse: what the file is, or where and why it does not parse. */
export function parseFailureLine(file: string, message: Linter.LintMessage, cwd: string): string {
  const name = displayPath(file, cwd);
  // A binary file fails to parse too; say what it is rather than which byte broke the parser.
  if (isBinary(readFileSync(file), file)) return `${name}: ${BINARY_FILE}`;
  const reason = message.message.replace(/^Parsing error: /, '');
  if (/was not found by the project service/.test(reason))
    return `${name}: --type-aware needs the file in a tsconfig.json (TypeScript's project service did not find it)`;
  return message.line
    ? `${name}:${message.line}:${message.column}: cannot parse: ${reason}`
    : `${name}: cannot parse: ${reason}`;
}
