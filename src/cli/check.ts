import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { ESLint, type Linter } from 'eslint';
import plugin from '../index.js';
import { EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, UsageError } from './errors.js';
import { BINARY_FILE, collectSourceFiles, displayPath, isBinary } from './files.js';
import type { Output } from './migrate.js';

export interface CheckFlags {
  config?: string;
  strict?: boolean;
  typeAware?: boolean;
  format?: string;
}

/** The plugin's own config for `check`: recommended or strict, with typeAware turned on if asked. */
export function checkConfig(flags: CheckFlags, cwd: string): Linter.Config {
  const base = flags.strict ? plugin.configs.strict : plugin.configs.recommended;
  if (!flags.typeAware) return base;
  const rules: Linter.RulesRecord = {};
  for (const id of Object.keys(base.rules ?? {})) {
    const name = id.replace(/^leakproof\//, '') as keyof typeof plugin.rules;
    const docs = (plugin.rules[name] as { meta?: { docs?: { typeAware?: boolean } } }).meta?.docs;
    rules[id] = docs?.typeAware ? ['error', { typeAware: true }] : 'error';
  }
  return {
    ...base,
    languageOptions: { ...base.languageOptions, parserOptions: { ...(base.languageOptions?.parserOptions as object | undefined), projectService: true, tsconfigRootDir: cwd } },
    rules,
  };
}

export async function check(paths: readonly string[], flags: CheckFlags, cwd: string, output: Output): Promise<number> {
  const targets = paths.length ? paths : ['.'];
  let eslint: ESLint;
  let files: string[];
  // With the plugin's own config, only its findings count: the rules that config enables.
  let ownRules: ReadonlySet<string> | undefined;
  if (flags.config) {
    if (!existsSync(resolve(cwd, flags.config))) throw new UsageError(`no such config file: ${flags.config}`);
    for (const path of targets) if (!existsSync(resolve(cwd, path))) throw new UsageError(`no such file or directory: ${path}`);
    // A file the user's config ignores is not a finding (lint-staged passes every staged file).
    eslint = new ESLint({ cwd, overrideConfigFile: flags.config, errorOnUnmatchedPattern: false, warnIgnored: false });
    files = [...targets];
  } else {
    // No eslint.config.js needed: the plugin's config, on the files migrate would see.
    files = collectSourceFiles(targets, cwd);
    // The files are chosen already (a file named is linted even under node_modules, as migrate
    // would take it); ESLint's default ignores would turn it into a warning and exit 1.
    const chosenFiles: Linter.Config = { ignores: ['!**/node_modules/'] };
    // Files carry comments for the rules their own lint runs (`eslint-disable-next-line
    // @typescript-eslint/…`, `/* eslint no-console: "error" */`); only this plugin's are ours.
    const config = checkConfig(flags, cwd);
    ownRules = new Set(Object.keys(config.rules ?? {}));
    eslint = new ESLint({ cwd, overrideConfigFile: true, overrideConfig: [config, chosenFiles], errorOnUnmatchedPattern: false });
  }
  let formatter: ESLint.LoadedFormatter;
  try {
    formatter = await eslint.loadFormatter(flags.format ?? 'stylish');
  } catch {
    throw new UsageError(`unknown --format ${flags.format}: give an ESLint formatter name (stylish, json, …) or an installed formatter package`);
  }
  const linted = files.length ? await eslint.lintFiles(files) : [];
  const results = ownRules ? linted.map((result) => keepOwnMessages(result, ownRules)) : linted;
  const text = await formatter.format(results);
  if (text) output.out(text.replace(/\n$/, ''));

  const fatal = results.flatMap((r) => r.messages.filter((m) => m.fatal).map((m) => fatalLine(r.filePath, m, cwd)));
  for (const line of fatal) output.err(`leakproof: ${line}`);
  if (fatal.length) return EXIT_USAGE;
  return results.some((r) => r.errorCount > 0 || r.warningCount > 0) ? EXIT_FINDINGS : EXIT_OK;
}

const OWN_RULE = 'leakproof/';
/** The rule ids an unused-directive warning names: `(no problems were reported from 'leakproof/…')`. */
const NAMED_OWN_RULE = new RegExp(`'(${OWN_RULE}[a-z-]+)'`, 'g');

/**
 * A result with only this plugin's messages, parse errors, and unused-directive warnings that name
 * one of the rules this run enabled (a stale `eslint-disable-next-line leakproof/…` after a
 * migration), recounted. A directive for a rule this config leaves off (a `strict`-only rule under
 * `recommended`) serves the project's own lint run, so it is not stale here.
 */
function keepOwnMessages(result: ESLint.LintResult, enabled: ReadonlySet<string>): ESLint.LintResult {
  const namesEnabledRule = (text: string): boolean => [...text.matchAll(NAMED_OWN_RULE)].some(([, id]) => enabled.has(id!));
  const isOwn = (message: Linter.LintMessage): boolean =>
    message.fatal === true || (message.ruleId !== null ? message.ruleId.startsWith(OWN_RULE) : namesEnabledRule(message.message));
  const messages = result.messages.filter(isOwn);
  const count = (severity: number, fixable = false): number => messages.filter((m) => m.severity === severity && (!fixable || m.fix !== undefined)).length;
  return {
    ...result,
    messages,
    suppressedMessages: result.suppressedMessages.filter(isOwn),
    errorCount: count(2),
    fatalErrorCount: messages.filter((m) => m.fatal).length,
    warningCount: count(1),
    fixableErrorCount: count(2, true),
    fixableWarningCount: count(1, true),
  };
}

/** One line for a file ESLint could not lint: what the file is, or where and why it does not parse. */
function fatalLine(file: string, message: Linter.LintMessage, cwd: string): string {
  const name = displayPath(file, cwd);
  // A binary file fails to parse too; say what it is rather than which byte broke the parser.
  if (isBinary(readFileSync(file))) return `${name}: ${BINARY_FILE}`;
  const reason = message.message.replace(/^Parsing error: /, '');
  if (/was not found by the project service/.test(reason)) return `${name}: --type-aware needs the file in a tsconfig.json (TypeScript's project service did not find it)`;
  return message.line ? `${name}:${message.line}:${message.column}: cannot parse: ${reason}` : `${name}: cannot parse: ${reason}`;
}
