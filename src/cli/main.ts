#!/usr/bin/env node
import { Command, CommanderError, Option } from 'commander';
import type { Codemod } from '../codemod-kit/define-codemod.js';
import type { OptionSpec } from '../codemod-kit/options.js';
import { packageJson } from '../package-info.js';
import { EXIT_INTERNAL, EXIT_OK, EXIT_USAGE, UsageError } from './errors.js';
import type { Output } from './migrate.js';
import { formatSummary, mergeReports, readReport } from './report.js';
import { realpathSync, writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

/** Every codemod option, once per flag, for `migrate`'s help and parsing. */
function codemodOptionSpecs(codemods: Record<string, Codemod<never>>): OptionSpec[] {
  const byFlag = new Map<string, { spec: OptionSpec; owners: string[] }>();
  for (const codemod of Object.values(codemods)) {
    for (const spec of codemod.options) {
      const entry = byFlag.get(spec.flag) ?? { spec, owners: [] };
      entry.owners.push(codemod.name);
      byFlag.set(spec.flag, entry);
    }
  }
  return [...byFlag.values()].map(({ spec, owners }) => ({
    ...spec,
    description: `${spec.description} (${owners.join(', ')})`,
  }));
}

const camel = (flag: string): string => flag.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());

export async function buildProgram(
  output: Output,
  cwd: string,
  setExit: (code: number) => void,
  withMigrate = true,
): Promise<Command> {
  const program = new Command('leakproof')
    .description('Find and fix leak-prone patterns: unbounded caches, clients built per call, untracked tasks.')
    .version(packageJson.version, '-v, --version')
    .option('--debug', 'on an internal error (exit 3), print its stack')
    .exitOverride()
    // Errors are our one-liners (runCli); writeErr carries only the help shown for a missing command.
    .configureOutput({
      writeOut: (s) => output.out(s.replace(/\n$/, '')),
      writeErr: (s) => output.err(s.replace(/\n$/, '')),
      outputError: () => {},
    })
    .showHelpAfterError(false);

  program
    .command('check')
    .description(
      "Lint JS/TS files with the plugin's strict config given --strict (recommended enables no rule yet), no eslint.config.js needed. Exit 0 clean, 1 findings, 2 usage, input or config errors, 3 internal error.",
    )
    .argument('[paths...]', 'files or directories (default: .)')
    .option('--strict', 'use the strict config (every rule) instead of recommended')
    .option('--config <file>', "use this ESLint config file instead of the plugin's config")
    .option('--type-aware', "turn on the rules' typeAware option (needs a tsconfig.json; slower)")
    .option(
      '--project-index',
      'let rules ask the cross-file project index how often code runs (settings.leakproof.projectIndex; docs/project-index.md)',
    )
    .option('--format <name>', 'ESLint formatter: stylish (default), json, or an installed formatter package')
    .action(async (paths: string[], flags) => {
      // ESLint and the plugin load only for the command that needs them (report merge, --help and
      // --version start in a tenth of the time).
      const { check } = await import('./check.js');
      setExit(await check(paths, flags, cwd, output));
    });

  const migrateCommand = program
    .command('migrate')
    .description('Run the codemods over files or directories. Dry run by default: prints a unified diff and a summary.')
    .argument('[paths...]', 'files or directories (default: .)');
  // Its options name the codemods and take theirs, so they need the codemods loaded: only when
  // migrate may run or its help may be shown.
  if (withMigrate) await configureMigrate(migrateCommand, output, cwd, setExit);

  const report = program.command('report').description('Work with JSON reports written by migrate --report.');
  report
    .command('merge')
    .description('Sum the reports of sharded runs (--shard i/n) into one, and print its summary.')
    .argument('<reports...>', 'JSON reports from the same migrate options')
    .option('--out <file>', 'write the merged report here (default: print it as JSON)')
    .action((files: string[], flags: { out?: string }) => {
      const merged = mergeReports(files.map((path) => ({ path, report: readReport(path) })));
      if (flags.out) {
        writeFileSync(flags.out, `${JSON.stringify(merged, null, 2)}\n`);
        output.out(formatSummary(merged));
      } else {
        output.out(JSON.stringify(merged, null, 2));
      }
      setExit(EXIT_OK);
    });
  return program;
}

async function configureMigrate(
  command: Command,
  output: Output,
  cwd: string,
  setExit: (code: number) => void,
): Promise<void> {
  const [{ codemods }, { migrate }] = await Promise.all([import('../../codemods/index.js'), import('./migrate.js')]);
  command
    .option('--only <codemods>', `comma-separated codemods to run (default: all: ${Object.keys(codemods).join(', ')})`)
    .option(
      '--strict',
      'rewrite what the strict config reports (every rule), not only what the recommended config reports, as check --strict',
    )
    .option('--write', 'write the changes (atomically; refused in a dirty git work tree unless --allow-dirty)')
    .option('--allow-dirty', 'write even when the git work tree has uncommitted changes')
    .option('--skip-failed', 'with --write: write the files that succeeded even if others failed')
    .option(
      '--include-tests',
      'also rewrite test files (test folders, *.test.*/*.spec.* names, files importing a test framework), which are otherwise skipped',
    )
    .option('--jobs <n>', 'worker threads (default: the number of CPUs)')
    .option('--shard <i/n>', 'only the i-th of n deterministic slices of the sorted file list')
    .option('--report <file>', 'write the summary, every site and every failure as JSON')
    .option('--quiet', 'nothing on standard output: no diff, no summary');
  const specs = codemodOptionSpecs(codemods);
  for (const spec of specs) {
    const value = spec.type === 'switch' ? '' : ` <${spec.type === 'positive-integer' ? 'n' : 'module'}>`;
    command.addOption(new Option(`--${spec.flag}${value}`, spec.description));
  }
  command.action(async (paths: string[], flags: Record<string, string | boolean | undefined>) => {
    const codemodOptions: Record<string, string> = {};
    for (const spec of specs) {
      const value = flags[camel(spec.flag)];
      if (typeof value === 'string') codemodOptions[spec.flag] = value;
      else if (value === true) codemodOptions[spec.flag] = 'true';
    }
    setExit(await migrate(paths, { ...(flags as object), codemodOptions }, cwd, output));
  });
}

/** Runs the CLI; resolves to the exit code. Errors go to stderr, prefixed `leakproof: `. */
export async function runCli(argv: readonly string[], cwd: string, output: Output): Promise<number> {
  let code = EXIT_OK;
  try {
    const withMigrate = argv.length === 0 || argv.some((arg) => ['migrate', 'help', '--help', '-h'].includes(arg));
    const program = await buildProgram(output, cwd, (c) => (code = c), withMigrate);
    await program.parseAsync([...argv], { from: 'user' });
    return code;
  } catch (error) {
    if (error instanceof CommanderError) {
      if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version') return EXIT_OK;
      // Help on standard error with a non-zero code: no command was given (`leakproof`, `leakproof report`).
      if (error.code === 'commander.help') return error.exitCode === 0 ? EXIT_OK : EXIT_USAGE;
      if (error.code === 'commander.executeSubCommandAsync') return EXIT_USAGE;
      output.err(
        `leakproof: ${error.message.replace(/^error: /, '')}${error.code === 'commander.unknownCommand' || error.code === 'commander.missingArgument' ? " (see 'leakproof --help')" : ''}`,
      );
      return EXIT_USAGE;
    }
    // A failed system call (a --report path in no folder, a file that cannot be written) is the
    // environment's problem, not a bug.
    if (error instanceof UsageError || (error instanceof Error && 'syscall' in error)) {
      output.err(`leakproof: ${error.message}`);
      return EXIT_USAGE;
    }
    // Anything else is a bug, not the user's mistake: its own exit code, and the stack on request.
    const message = error instanceof Error ? error.message : String(error);
    output.err(`leakproof: internal error: ${message}`);
    if (argv.includes('--debug') && error instanceof Error && error.stack) {
      output.err(error.stack);
    } else {
      // ESLint names the rule that threw; with --config it may be another plugin's.
      const rule = /\nRule: "([^"]+)"/.exec(message)?.[1];
      const where =
        rule && !rule.startsWith('leakproof/')
          ? `to the plugin that provides ${rule}`
          : `at ${packageJson.homepage}/issues`;
      output.err(`leakproof: run again with --debug for the stack, and please report it ${where}`);
    }
    return EXIT_INTERNAL;
  }
}

// Run when executed (directly, or through npm's bin link), not when imported by tests or scripts.
const isMain = process.argv[1] !== undefined && pathToFileURL(realpathSync(process.argv[1])).href === import.meta.url;
if (isMain) {
  const color = Boolean(process.stdout.isTTY) && !process.env.NO_COLOR;
  const output: Output = {
    out: (t) => process.stdout.write(`${t}\n`),
    err: (t) => process.stderr.write(`${t}\n`),
    isTTY: Boolean(process.stderr.isTTY),
    color,
  };
  const code = await runCli(process.argv.slice(2), process.cwd(), output);
  process.exitCode = code;
}
