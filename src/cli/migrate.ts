import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, renameSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { dirname, isAbsolute, resolve } from 'node:path';
import { createTwoFilesPatch } from 'diff';
import { codemods } from '../../codemods/index.js';
import { rules } from '../../rules/index.js';
import { ruleSettings } from '../configs.js';
import { CodemodOptionError } from '../codemod-kit/options.js';
import { EXIT_FINDINGS, EXIT_OK, UsageError } from './errors.js';
import { countByReason } from '../core/source-files.js';
import { displayPath, findSourceFiles, parseShard, selectShard } from './files.js';
import { pluginConfigName } from './plugin-config.js';
import { terminalProgressBar } from './progress-bar.js';
import { runPool } from './pool.js';
import { owningManifest, planLruDependency, type DependencyPlan } from './lru-dependency.js';
import { buildReport, formatSummary } from './report.js';
import { existingTrackersOf, placeSharedTrackers, type TrackerCreation } from './shared-tracker.js';
import type { CodemodOptions, FileOutcome } from './run-codemods.js';

type ChangedOutcome = Extract<FileOutcome, { status: 'changed' | 'unchanged' }> & {
  status: 'changed';
  output: string;
  original: string;
};
/** What a diff is made of: a file's text before and after. */
type FileChange = { readonly file: string; readonly original: string; readonly output: string };

export interface MigrateFlags {
  only?: string;
  /** Rewrite what the strict config reports (every rule), not only the recommended one. */
  strict?: boolean;
  write?: boolean;
  allowDirty?: boolean;
  skipFailed?: boolean;
  /** Rewrite test files too; by default a folder's test files are skipped (and counted). */
  includeTests?: boolean;
  jobs?: string;
  shard?: string;
  report?: string;
  quiet?: boolean;
  /** Codemod options by flag name (`max`, `ttl`, `cache-import`…), as typed. */
  codemodOptions: Record<string, string>;
}

export interface Output {
  out: (text: string) => void;
  err: (text: string) => void;
  isTTY: boolean;
  color: boolean;
}

/** The codemods to run, in registry order, from `--only a,b`. */
export function selectCodemods(only: string | undefined): string[] {
  const known = Object.keys(codemods);
  if (only === undefined) return known;
  const wanted = only
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  if (wanted.length === 0) throw new UsageError(`--only needs codemod names (known: ${known.join(', ')})`);
  for (const name of wanted)
    if (!known.includes(name)) throw new UsageError(`unknown codemod ${name} (known: ${known.join(', ')})`);
  return known.filter((name) => wanted.includes(name));
}

/** The rules (names without prefix) `check` enables with the same choice of config. */
export function enabledRulesOf(strict: boolean | undefined): string[] {
  const name = pluginConfigName(strict, 'pass --strict to rewrite what every rule reports (as check --strict)');
  return Object.keys(ruleSettings(rules as never, name)).map((id) => id.replace(/^leakproof\//, ''));
}

/**
 * The selected codemods that pair with a rule the config enables: `migrate` rewrites what `check`
 * with the same config reports. One the user asked for (named with --only, or given one of its
 * options) whose rules are all off is refused with the flag to pass, rather than run for nothing.
 */
export function codemodsForConfig(
  names: readonly string[],
  flags: Pick<MigrateFlags, 'only' | 'codemodOptions'>,
  enabledRules: readonly string[],
): string[] {
  return names.filter((name) => {
    const codemod = codemods[name]!;
    if (codemod.rules.some((rule) => enabledRules.includes(rule))) return true;
    const optionGiven = Object.keys(flags.codemodOptions).find((flag) => codemod.options.some((o) => o.flag === flag));
    if (flags.only !== undefined || optionGiven) {
      const asked = optionGiven ? `--${optionGiven} is an option of ${name}, which` : name;
      const rulesText = `${codemod.rules.join(', ')} report${codemod.rules.length === 1 ? 's' : ''}`;
      throw new UsageError(
        `${asked} rewrites what ${rulesText}, ${codemod.rules.length === 1 ? 'a rule' : 'rules'} only the strict config enables (as check --strict does); pass --strict`,
      );
    }
    return false;
  });
}

/** Validates the codemod flags; a flag no selected codemod takes is refused. */
export function codemodOptionsFor(names: readonly string[], raw: Record<string, string>): CodemodOptions {
  for (const flag of Object.keys(raw)) {
    if (!names.some((name) => codemods[name]!.options.some((o) => o.flag === flag))) {
      throw new UsageError(`--${flag} is not an option of ${names.join(', ')}`);
    }
  }
  const result: CodemodOptions = {};
  for (const name of names) {
    const codemod = codemods[name]!;
    const mine = Object.fromEntries(
      Object.entries(raw).filter(([flag]) => codemod.options.some((o) => o.flag === flag)),
    );
    try {
      result[name] = codemod.parseOptions(mine);
    } catch (error) {
      if (error instanceof CodemodOptionError) throw new UsageError(error.message);
      throw error;
    }
  }
  return result;
}

function parseJobs(value: string | undefined): number {
  if (value === undefined) return availableParallelism();
  const jobs = Number(value);
  if (!Number.isSafeInteger(jobs) || jobs < 1)
    throw new UsageError(`--jobs must be a positive whole number, got ${JSON.stringify(value)}`);
  return jobs;
}

/** The git work trees holding `targets` that have uncommitted changes, with their change counts. */
function dirtyWorkTrees(targets: readonly string[], cwd: string): { root: string; changes: number }[] {
  const git = (dir: string, ...args: string[]): string | undefined => {
    try {
      return execFileSync('git', args, { cwd: dir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
    } catch {
      return undefined; // not a work tree (or no git): nothing to protect
    }
  };
  const roots = new Set<string>();
  for (const target of targets) {
    const absolute = resolve(cwd, target);
    const root = git(
      statSync(absolute).isDirectory() ? absolute : dirname(absolute),
      'rev-parse',
      '--show-toplevel',
    )?.trim();
    if (root) roots.add(root);
  }
  return [...roots]
    .map((root) => ({ root, changes: (git(root, 'status', '--porcelain') ?? '').split('\n').filter(Boolean).length }))
    .filter(({ changes }) => changes > 0);
}

/** The targets that are files (absolute): a file named directly is taken as it is. */
const namedFilesOf = (targets: readonly string[], cwd: string): string[] =>
  targets.map((target) => resolve(cwd, target)).filter((path) => statSync(path).isFile());

/** Writes through a temporary file in the same folder and a rename, keeping the file's mode. */
export function writeFileAtomic(file: string, text: string): void {
  const mode = statSync(file).mode;
  const temporary = `${file}.leakproof-${process.pid}.tmp`;
  try {
    writeFileSync(temporary, text, { mode });
    chmodSync(temporary, mode);
    renameSync(temporary, file);
  } catch (error) {
    try {
      unlinkSync(temporary);
    } catch {
      // nothing to clean up
    }
    throw error;
  }
}

function progressReporter(total: number, output: Output): { update: (done: number) => void; stop: () => void } {
  if (output.isTTY) return terminalProgressBar(process.stderr, total, 'migrate');
  let last = Date.now();
  return {
    update(done) {
      // Plain periodic lines for logs: at most one every two seconds.
      if (Date.now() - last >= 2000 && done < total) {
        last = Date.now();
        output.err(`migrate: ${done}/${total} files`);
      }
    },
    stop() {},
  };
}

function diffOf(outcome: FileChange, cwd: string, color: boolean): string {
  const name = displayPath(outcome.file, cwd);
  const patch = createTwoFilesPatch(`a/${name}`, `b/${name}`, outcome.original, outcome.output, undefined, undefined, {
    context: 3,
  });
  const body = patch.replace(/^=+\n/m, '').replace(/^Index: .*\n/m, '');
  if (!color) return body;
  return body
    .split('\n')
    .map((line) =>
      line.startsWith('+') && !line.startsWith('+++')
        ? `\x1b[32m${line}\x1b[0m`
        : line.startsWith('-') && !line.startsWith('---')
          ? `\x1b[31m${line}\x1b[0m`
          : line.startsWith('@@')
            ? `\x1b[36m${line}\x1b[0m`
            : line,
    )
    .join('\n');
}

export async function migrate(
  paths: readonly string[],
  flags: MigrateFlags,
  cwd: string,
  output: Output,
): Promise<number> {
  // Everything that can be wrong with the request is checked before any file is read.
  const selected = selectCodemods(flags.only);
  const options = codemodOptionsFor(selected, flags.codemodOptions);
  const enabledRules = enabledRulesOf(flags.strict);
  const names = codemodsForConfig(selected, flags, enabledRules);
  const jobs = parseJobs(flags.jobs);
  const shard = flags.shard === undefined ? undefined : parseShard(flags.shard);
  const targets = paths.length ? paths : ['.'];
  // Rewrites in tests are rarely wanted (a client moved out of the `try` that tested its failure).
  const found = findSourceFiles(targets, cwd, { skipTests: !flags.includeTests });
  const files = selectShard(found.files, shard);
  if (flags.write && !flags.allowDirty) {
    const [dirty] = dirtyWorkTrees(targets, cwd);
    if (dirty) {
      throw new UsageError(
        `the git work tree ${displayPath(dirty.root, cwd) || '.'} has ${dirty.changes} uncommitted change(s); commit or stash them first, or pass --allow-dirty`,
      );
    }
  }

  const targetRoots = targets.map((target) => resolve(cwd, target));
  const progress = progressReporter(files.length, output);
  const ran = await runPool(
    files,
    {
      names,
      options,
      enabledRules,
      skipTests: !flags.includeTests,
      namedFiles: namedFilesOf(targets, cwd),
      cwd,
      targetRoots,
      existingTrackers: existingTrackersOf(files, targetRoots),
    },
    jobs,
    progress.update,
  );
  progress.stop();
  // Test files known only by their imports (a test framework) join those their paths named.
  const testsByImport = ran.filter((o) => o.status === 'skipped').length;
  // A shard counts its own slice of the skipped files, as of the others, so that report merge sums them.
  const listed = countByReason(selectShard(found.skippedFiles, shard));
  const skipped = testsByImport ? { ...listed, test: (listed.test ?? 0) + testsByImport } : listed;
  const { outcomes, additions } = cacheDependencies(
    ran.filter((o) => o.status !== 'skipped'),
    options,
    cwd,
  );

  // The shared tracker's folder depends on every file that imports it: its specifier is set now.
  const { rewritten: changed, creations: trackers } = placeSharedTrackers(
    outcomes.filter((o): o is ChangedOutcome => o.status === 'changed'),
    targetRoots,
  );
  const failed = outcomes.filter((o) => o.status === 'failed');
  for (const failure of failed) output.err(`leakproof: ${displayPath(failure.file, cwd)}: ${failure.message}`);
  let written = false;
  const manifestChanges = additions.map((addition) => ({
    file: addition.manifest,
    original: addition.original,
    output: addition.output,
  }));
  if (!flags.write) {
    if (!flags.quiet)
      for (const outcome of [...changed, ...manifestChanges, ...newFiles(trackers)])
        output.out(diffOf(outcome, cwd, output.color));
  } else if (failed.length && !flags.skipFailed) {
    output.err(
      `leakproof: ${failed.length} file(s) failed, so nothing was written; fix them, or pass --skip-failed to write the other files`,
    );
  } else {
    for (const outcome of [...changed, ...manifestChanges]) writeFileAtomic(outcome.file, outcome.output);
    createFiles(trackers);
    written = true;
  }
  for (const tracker of trackers) output.err(trackerNotice(tracker.file, cwd, written));
  for (const addition of additions) {
    const name = displayPath(addition.manifest, cwd);
    const verb = written ? 'added' : 'would add';
    output.err(
      `leakproof: ${verb} lru-cache ${addition.range} to ${name} (bounded-cache imports LRUCache from it)${written ? "; run your package manager's install to fetch it and update the lockfile" : ''}`,
    );
  }

  const report = buildReport(outcomes, {
    cwd,
    codemods: names,
    options,
    shard: shard ? `${shard.index}/${shard.count}` : null,
    write: written,
    skipped,
  });
  if (!flags.quiet) output.out(formatSummary(report, { writeRefused: flags.write === true && !written }));
  if (flags.report) writeFileSync(flags.report, `${JSON.stringify(report, null, 2)}\n`);
  return failed.length ? EXIT_FINDINGS : EXIT_OK;
}

/** Files to create, as changes from nothing (for the dry run's diff). */
function newFiles(files: readonly TrackerCreation[]): FileChange[] {
  return files.map(({ file, output }) => ({ file, original: '', output }));
}

/** Creates each file (and its folder); one that appeared meanwhile is an error, never overwritten. */
function createFiles(files: readonly TrackerCreation[]): void {
  for (const { file, output } of files) {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, output, { flag: 'wx' });
  }
}

function trackerNotice(file: string, cwd: string, written: boolean): string {
  const name = displayPath(file, cwd);
  return `leakproof: ${written ? 'created' : 'would create'} ${name}, the task registry the tracked files import: on shutdown, \`await drain()\` from it so pending tasks finish; setTaskFailureHandler(fn) sends failed tasks to your logger (default: the process's unhandledRejection listeners, else console.error)`;
}

/**
 * bounded-cache adds `import { LRUCache } from '<cacheImport>'`: each package.json owning a file it
 * rewrote gets the dependency, or, when it cannot, that package's files are refused (failed, with
 * the command to run), so no rewrite shows up first as a failed build.
 */
function cacheDependencies(
  outcomes: readonly FileOutcome[],
  options: CodemodOptions,
  cwd: string,
): { outcomes: FileOutcome[]; additions: Extract<DependencyPlan, { kind: 'add' }>[] } {
  const cacheImport = (options['bounded-cache'] as { cacheImport?: string } | undefined)?.cacheImport;
  if (!cacheImport || cacheImport.startsWith('.') || isAbsolute(cacheImport))
    return { outcomes: [...outcomes], additions: [] };
  const packageName = cacheImport
    .split('/')
    .slice(0, cacheImport.startsWith('@') ? 2 : 1)
    .join('/');
  const plans = new Map<string, DependencyPlan>();
  const planFor = (file: string): DependencyPlan | undefined => {
    const manifest = owningManifest(dirname(file));
    if (!manifest) return undefined;
    if (!plans.has(manifest)) plans.set(manifest, planLruDependency(manifest, packageName, displayPath(manifest, cwd)));
    return plans.get(manifest);
  };
  const checked = outcomes.map((outcome): FileOutcome => {
    if (
      outcome.status !== 'changed' ||
      !outcome.sites.some((site) => site.codemod === 'bounded-cache' && site.rewritten.length > 0)
    )
      return outcome;
    const plan = planFor(outcome.file);
    return plan?.kind === 'refuse'
      ? { file: outcome.file, status: 'failed', kind: 'error', message: `bounded-cache: ${plan.reason}` }
      : outcome;
  });
  const additions = [...plans.values()].filter(
    (plan): plan is Extract<DependencyPlan, { kind: 'add' }> => plan.kind === 'add',
  );
  return { outcomes: checked, additions };
}
