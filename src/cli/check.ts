import { existsSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { ESLint, Linter } from 'eslint';
import plugin from '../index.js';
import {
  keepOwnMessages,
  notLintedReason,
  parseFailureLine,
  isParseFailure,
  withoutFixHints,
} from './check-results.js';
import { loadFlatESLint } from './eslint-loader.js';
import { EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, UsageError } from './errors.js';
import { countSkipped, describeSkipped, displayPath, findSourceFiles } from './files.js';
import { commonFolder, isInside } from '../core/paths.js';
import type { Output } from './migrate.js';
import { pluginConfigName } from './plugin-config.js';

const CHECK_INSTEAD = 'pass --strict to lint with every rule, or --config to lint with your own ESLint config';

export interface CheckFlags {
  config?: string;
  strict?: boolean;
  typeAware?: boolean;
  projectIndex?: boolean;
  format?: string;
}

/** `--project-index`: settings.leakproof.projectIndex on, over whichever config lints. */
export const PROJECT_INDEX_SETTINGS: Linter.Config = { settings: { leakproof: { projectIndex: true } } };

/** The plugin's own config for `check`: recommended or strict, with typeAware turned on if asked. */
export function checkConfig(flags: CheckFlags, cwd: string): Linter.Config {
  const base = plugin.configs[pluginConfigName(flags.strict, CHECK_INSTEAD)];
  if (!flags.typeAware) return base;
  const rules: Linter.RulesRecord = {};
  for (const id of Object.keys(base.rules ?? {})) {
    const name = id.replace(/^leakproof\//, '') as keyof typeof plugin.rules;
    const docs = (plugin.rules[name] as { meta?: { docs?: { typeAware?: boolean } } }).meta?.docs;
    rules[id] = docs?.typeAware ? ['error', { typeAware: true }] : 'error';
  }
  return {
    ...base,
    languageOptions: {
      ...base.languageOptions,
      parserOptions: {
        ...(base.languageOptions?.parserOptions as object | undefined),
        projectService: true,
        tsconfigRootDir: cwd,
      },
    },
    rules,
  };
}

/** How one `check` run lints: which ESLint, on what, and what it makes of ESLint's results. */
interface Plan {
  eslint: ESLint;
  patterns: string[];
  /** The results of the files linted (throws UsageError when a named path yields none), and what was skipped. */
  sort(results: ESLint.LintResult[]): { linted: ESLint.LintResult[]; skipped: string };
  /** With the plugin's own config, only its findings count: the rules that config enables. */
  ownRules?: ReadonlySet<string>;
  /** What ESLint's failure to lint means: a problem with the user's config, or a crash. */
  explain(error: unknown): unknown;
}

export async function check(paths: readonly string[], flags: CheckFlags, cwd: string, output: Output): Promise<number> {
  const targets = paths.length ? paths : ['.'];
  const ESLintClass = await loadFlatESLint();
  const plan = flags.config
    ? ownConfigPlan(ESLintClass, targets, flags.config, cwd, flags.projectIndex ?? false)
    : pluginConfigPlan(ESLintClass, targets, flags, cwd);
  let formatter: ESLint.LoadedFormatter;
  try {
    formatter = await plan.eslint.loadFormatter(flags.format ?? 'stylish');
  } catch {
    throw new UsageError(
      `unknown --format ${flags.format}: give an ESLint formatter name (stylish, json, …) or an installed formatter package`,
    );
  }
  let results: ESLint.LintResult[];
  try {
    results = await plan.eslint.lintFiles(plan.patterns);
  } catch (error) {
    throw plan.explain(error);
  }
  const { linted, skipped } = plan.sort(results);
  const { ownRules } = plan;
  const shown = (ownRules ? linted.map((result) => keepOwnMessages(result, ownRules)) : linted).map(withoutFixHints);
  const text = await formatter.format(shown);
  if (text) output.out(text.replace(/\n$/, ''));

  const unparsed = shown.flatMap((r) =>
    r.messages.filter(isParseFailure).map((m) => parseFailureLine(r.filePath, m, cwd)),
  );
  for (const line of unparsed) output.err(`leakproof: ${line}`);
  output.err(`leakproof check: ${plural(linted.length, 'file')} linted${skipped ? `; ${skipped}` : ''}`);
  if (unparsed.length) return EXIT_USAGE;
  return shown.some((r) => r.errorCount > 0 || r.warningCount > 0) ? EXIT_FINDINGS : EXIT_OK;
}

/**
 * No eslint.config.js needed: the plugin's config, on the files migrate would see. ESLint lints
 * only files under its cwd, so its cwd is the common folder of the working directory and the files.
 */
function pluginConfigPlan(
  ESLintClass: typeof ESLint,
  targets: readonly string[],
  flags: CheckFlags,
  cwd: string,
): Plan {
  const { files, skipped } = findSourceFiles(targets, cwd);
  const base = commonFolder([cwd, ...files.map((file) => dirname(file))]);
  // The files are chosen already (a file named is linted even under node_modules, as migrate
  // would take it); ESLint's default ignores would turn it into a warning and exit 1.
  const chosenFiles: Linter.Config = { ignores: ['!**/node_modules/'] };
  // A stale `eslint-disable` for one of our rules is a finding on every ESLint version (8.57's
  // flat mode does not report them by default).
  const staleDirectives: Linter.Config = { linterOptions: { reportUnusedDisableDirectives: true } };
  // Files carry comments for the rules their own lint runs (`eslint-disable-next-line
  // @typescript-eslint/…`, `/* eslint no-console: "error" */`); only this plugin's are ours.
  const config = checkConfig(flags, base);
  return {
    eslint: withoutWarnings(
      ESLINT_ENV_WARNING,
      () =>
        new ESLintClass({
          cwd: base,
          overrideConfigFile: true,
          overrideConfig: [
            config,
            staleDirectives,
            chosenFiles,
            ...(flags.projectIndex ? [PROJECT_INDEX_SETTINGS] : []),
          ],
          errorOnUnmatchedPattern: false,
        }),
    ),
    patterns: files,
    ownRules: new Set(Object.keys(config.rules ?? {})),
    sort(results) {
      // Every file was chosen to be linted; one ESLint leaves out would pass unseen.
      const notLinted = results.flatMap((result) => {
        const reason = notLintedReason(result);
        return reason ? [`${displayPath(result.filePath, cwd)} was not linted: ESLint says "${reason}"`] : [];
      });
      if (notLinted.length) throw new UsageError(notLinted.join('\n'));
      return {
        linted: results,
        skipped: countSkipped(skipped) ? `${countSkipped(skipped)} skipped: ${describeSkipped(skipped)}` : '',
      };
    },
    explain: (error) => error,
  };
}

/** The project's own config: ESLint finds the files, and the config decides what is linted. */
function ownConfigPlan(
  ESLintClass: typeof ESLint,
  targets: readonly string[],
  configFile: string,
  cwd: string,
  projectIndex: boolean,
): Plan {
  if (!existsSync(resolve(cwd, configFile))) throw new UsageError(`no such config file: ${configFile}`);
  for (const path of targets) {
    if (!existsSync(resolve(cwd, path))) throw new UsageError(`no such file or directory: ${path}`);
    // ESLint ignores files outside its base path, which with --config is the working directory.
    if (!isInside(resolve(cwd, path), cwd)) {
      throw new UsageError(
        `${path} is outside the working directory, where the file patterns of ${configFile} start; run leakproof from a folder that holds it`,
      );
    }
  }
  return {
    // Ignored files come back as warnings so that they can be counted as skipped.
    eslint: new ESLintClass({
      cwd,
      overrideConfigFile: configFile,
      // Flat config merges settings objects, so the user's other leakproof settings stay.
      ...(projectIndex ? { overrideConfig: PROJECT_INDEX_SETTINGS } : {}),
      errorOnUnmatchedPattern: false,
      warnIgnored: true,
    }),
    patterns: [...targets],
    sort(results) {
      const linted = results.filter((result) => !notLintedReason(result));
      // A file the config ignores is skipped (lint-staged passes every staged file); a folder in
      // which the config lints nothing is an error, as a run over nothing must not pass.
      for (const path of targets) {
        const absolute = resolve(cwd, path);
        if (!statSync(absolute).isDirectory() || linted.some((result) => isInside(result.filePath, absolute))) continue;
        throw new UsageError(
          `${configFile} lints no file in ${path}: it ignores them, or no config object's "files" matches them`,
        );
      }
      const ignored = results.length - linted.length;
      return { linted, skipped: ignored ? `${ignored} skipped: ignored by ${configFile}` : '' };
    },
    explain(error) {
      if (isCrash(error)) return error;
      return new UsageError(`${configFile}: ${error instanceof Error ? error.message : String(error)}`);
    },
  };
}

/**
 * ESLint 9 warns once per file that its `/* eslint-env *\/` comments will be errors in ESLint 10:
 * advice for the project's own lint run, not for this one.
 */
const ESLINT_ENV_WARNING = 'ESLintEnvWarning';

/**
 * Builds with process.emitWarning dropping warnings of `type`. ESLint's warning service takes
 * process.emitWarning when it is constructed, so the global is restored at once.
 */
function withoutWarnings<T>(type: string, build: () => T): T {
  const emitWarning = process.emitWarning;
  process.emitWarning = function (this: NodeJS.Process, warning: string | Error, ...rest: unknown[]): void {
    const [options] = rest;
    const warningType = typeof options === 'string' ? options : (options as { type?: string } | undefined)?.type;
    if (warningType !== type) Reflect.apply(emitWarning, this, [warning, ...rest]);
  } as typeof process.emitWarning;
  try {
    return build();
  } finally {
    process.emitWarning = emitWarning;
  }
}

/** ESLint adds "Occurred while linting <file>" to an exception thrown by a rule. */
const isCrash = (error: unknown): boolean => error instanceof Error && /\nOccurred while linting /.test(error.message);

const plural = (n: number, noun: string): string => `${n} ${noun}${n === 1 ? '' : 's'}`;
