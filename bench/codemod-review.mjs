#!/usr/bin/env node
// The codemod review: what `leakproof migrate --write` does to a real codebase that builds and
// has tests. Per codebase:
//   1. copy the checkout to <work>/<name>, commit it to a fresh git repository there;
//   2. run `leakproof migrate --write` (default config; --strict with --strict) on that pristine
//      tree, save the diff (<work>/<name>.diff) and the report, then stash the migration;
//   3. install the dependencies, run the build and the tests: the baseline;
//   4. put the migration back (reinstalling when it changed a package.json or a lockfile), run the
//      build and the tests again, and say whether either changed from the baseline;
//   5. write one TSV row per rewritten site (repository, commit, path, line, codemod, site, label,
//      reason), label and reason empty, or filled from --labels for sites already labelled.
// The code of the codebases is never copied into this repository: only paths, lines and labels.
//
//   npm run build
//   node bench/codemod-review.mjs --work /tmp/review --out /tmp/review/sites.tsv \
//     --repository owner/name --commit <sha> --build 'npm run build' --test 'npm test' <checkout>
//   node bench/codemod-review.mjs --work /tmp/review --manifest /tmp/checkouts/review.json \
//     --checkouts /tmp/checkouts --labels bench/labels/codemods.tsv      # the whole review again
//
// A manifest is a JSON list of { repository, commit, checkout?, install?, build?, lint?, test? };
// each checkout is <checkouts>/<owner>+<name> unless `checkout` names it. It is kept with the
// checkouts, outside this repository (bench/README.md, "Codemod review").
//
// Options: --lint '<cmd>' (the project's own linter or formatter check: a rewrite that only
// fails it needs formatting), --install '<cmd>' (default: what the lockfile asks for, see installCommand), --strict,
// --jobs n (migrate's workers, default 1), --timeout s (per install, build or test command,
// default 900), --migrate-only (no install, build, lint or test: only the rewritten sites against
// --labels, the quick check after a codemod fix). Commands run through the shell in the copy, with
// CI=1 and colours off.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { flag } from './corpus.mjs';
import { readTsv } from './precision.mjs';
import { reasonKind } from './real-codemods.mjs';
import { changedFiles, copyToScratchRepo, git, installCommand, runMigrate } from './scratch-repo.mjs';

export const LABELS = ['accepted', 'needs formatting', 'behaviour change', 'breaks build'];
export const SITE_COLUMNS = ['repository', 'commit', 'path', 'line', 'codemod', 'site', 'label', 'reason'];
const BIG = 256 * 1024 * 1024;
// A rewrite that adds a dependency changes these; the "after" run then needs a fresh install.
const DEPENDENCY_FILES = /(^|\/)(package\.json|package-lock\.json|yarn\.lock|pnpm-lock\.yaml)$/;

/**
 * Reviews one codebase; returns its summary (build and tests before and after) and its site rows.
 * @param {{ dir: string; repository?: string; commit?: string; work: string; install?: string; build?: string; lint?: string; test?: string; strict?: boolean; jobs?: number; timeout?: number; labels?: Record<string, string>[]; migrateOnly?: boolean }} options
 */
export function reviewCodebase({
  dir,
  repository,
  commit = '',
  work,
  install,
  build,
  lint,
  test,
  strict = false,
  jobs = 1,
  timeout = 900,
  labels = [],
  migrateOnly = false,
}) {
  const name = basename(resolve(dir));
  repository ??= name;
  const copy = join(work, name);
  const logs = join(work, `${name}.logs`);
  mkdirSync(logs, { recursive: true });
  copyToScratchRepo(dir, copy);

  const reportPath = join(work, `${name}.migrate.json`);
  runMigrate(copy, ['--write', '--skip-failed', ...(strict ? ['--strict'] : []), '--report', reportPath], jobs);
  const report = JSON.parse(readFileSync(reportPath, 'utf8'));
  // Staged, so files a codemod creates (a shared module) are in the diff and in the stash.
  git(copy, ['add', '-A']);
  const changed = git(copy, ['diff', '--cached', '--name-only', '-z']).split('\0').filter(Boolean).sort();
  writeFileSync(join(work, `${name}.diff`), git(copy, ['diff', '--cached']));

  // --migrate-only: no command of the codebase runs, so nothing needs installing either.
  const commands = migrateOnly ? {} : { install: install ?? defaultInstall(copy), build, lint, test };
  if (changed.length) git(copy, ['stash', 'push', '-q']);
  const before = runSteps(copy, commands, { logs, phase: 'before', timeout, install: true });
  // The build may rewrite tracked files (a committed bundle): put them back before the migration.
  const touchedByBaseline = changedFiles(copy);
  if (touchedByBaseline.length) git(copy, ['checkout', '--', '.']);
  if (changed.length) git(copy, ['stash', 'pop', '-q']);
  const reinstall = changed.some((file) => DEPENDENCY_FILES.test(file));
  // Without a baseline there is nothing to compare with: a failed install ends the review there.
  const after = before.install?.exit
    ? {}
    : runSteps(copy, commands, { logs, phase: 'after', timeout, install: reinstall });

  const labelOf = new Map(labels.map((row) => [siteKey(row), row]));
  const rewritten = report.sites.filter((site) => site.status === 'rewritten');
  const rows = rewritten.map((site) => {
    const row = { repository, commit, path: site.file, line: site.line, codemod: site.codemod, site: site.what };
    const known = labelOf.get(siteKey(row));
    return { ...row, label: known?.label ?? '', reason: known?.reason ?? '' };
  });
  const rewrittenKeys = new Set(rows.map(siteKey));
  const leftByKey = new Map(
    report.sites
      .filter((site) => site.status !== 'rewritten')
      .map((site) => [siteKey({ repository, path: site.file, line: site.line, codemod: site.codemod }), site]),
  );
  // Sites labelled in an earlier review that this run no longer rewrites: left with a reason (what a
  // fix of a "behaviour change" should give), or no longer reported at all.
  const noLongerRewritten = labels
    .filter((row) => row.repository === repository && !rewrittenKeys.has(siteKey(row)))
    .map((row) => ({ ...row, now: leftByKey.get(siteKey(row))?.reason ?? 'not reported' }));

  const count = (sites, keyOf) =>
    sites.reduce((acc, site) => ({ ...acc, [keyOf(site)]: (acc[keyOf(site)] ?? 0) + 1 }), {});
  return {
    summary: {
      repository,
      commit,
      strict,
      files: report.files.scanned,
      filesChanged: changed.length,
      migrateFailures: report.failures.length,
      rewritten: count(rewritten, (site) => site.codemod),
      left: count(
        report.sites.filter((site) => site.status !== 'rewritten'),
        (site) => `${site.codemod}: ${reasonKind(site.reason)}`,
      ),
      labels: count(rows, (row) => row.label || 'unlabelled'),
      touchedByBaseline,
      reinstalled: reinstall,
      before,
      after,
      buildChanged: changedFrom(before.build, after.build),
      lintChanged: changedFrom(before.lint, after.lint),
      testsChanged: changedFrom(before.test, after.test),
      noLongerRewritten,
    },
    rows,
  };
}

function defaultInstall(copy) {
  if (!existsSync(join(copy, 'package.json'))) return undefined;
  const { command, args } = installCommand(copy, { scripts: true });
  return [command, ...args].join(' ');
}

/** Runs install (when asked), build, lint and test in order; a failed install skips the rest. */
function runSteps(copy, commands, { logs, phase, timeout, install }) {
  const results = {};
  if (install && commands.install) {
    results.install = runCommand(copy, commands.install, { log: join(logs, `${phase}.install.log`), timeout });
    if (results.install.exit !== 0) return results;
  }
  if (commands.build)
    results.build = runCommand(copy, commands.build, { log: join(logs, `${phase}.build.log`), timeout });
  if (commands.lint)
    results.lint = runCommand(copy, commands.lint, {
      log: join(logs, `${phase}.lint.log`),
      timeout,
      counts: lintCounts,
    });
  if (commands.test)
    results.test = runCommand(copy, commands.test, {
      log: join(logs, `${phase}.test.log`),
      timeout,
      counts: testCounts,
    });
  return results;
}

/** Runs one command through the shell; `counts` reads figures from its output (tests, lint problems). */
function runCommand(cwd, command, { log, timeout, counts }) {
  const started = Date.now();
  const env = { ...process.env, CI: '1', NO_COLOR: '1', FORCE_COLOR: '0', COREPACK_ENABLE_DOWNLOAD_PROMPT: '0' };
  const run = spawnSync('sh', ['-c', command], { cwd, env, encoding: 'utf8', timeout: timeout * 1000, maxBuffer: BIG });
  const output = `${run.stdout ?? ''}${run.stderr ?? ''}`;
  writeFileSync(log, `$ ${command}\n${output}`);
  return {
    command,
    exit: run.status ?? `killed (${run.signal}, timeout ${timeout}s)`,
    seconds: Math.round((Date.now() - started) / 1000),
    ...counts?.(output, run.status),
    log,
  };
}

// ANSI colour codes, in case a runner ignores NO_COLOR.
const stripColours = (output) => output.replace(/\u001b\[[0-9;]*m/g, '');

/**
 * Passed and failed test counts from a runner's summary (mocha, vitest, jest, ava, node --test,
 * tap); the last summary in the output wins. Undefined when the output has none.
 */
export function testCounts(output) {
  const text = stripColours(output);
  const last = (patterns) => {
    let found;
    for (const pattern of patterns)
      for (const m of text.matchAll(pattern))
        if (found === undefined || m.index >= found.index) found = { index: m.index, n: Number(m[1]) };
    return found?.n;
  };
  // ava prints no passed count when some failed: count its ticks then.
  const ticks = (mark) => text.match(new RegExp(`^\\s*${mark} `, 'gm'))?.length;
  const counts = {
    passed:
      last([/(?<![\w.])(\d+) (?:tests? )?(?:passing|passed)\b/gi, /^# pass\s+(\d+)/gim, /^ℹ pass (\d+)/gm]) ??
      ticks('✔'),
    failed:
      last([/(?<![\w.])(\d+) (?:tests? )?(?:failing|failed)\b/gi, /^# fail\s+(\d+)/gim, /^ℹ fail (\d+)/gm]) ??
      ticks('✘'),
  };
  // mocha, jest and ava print no failed count when none failed: a passed count alone means 0.
  if (counts.passed !== undefined && counts.failed === undefined) counts.failed = 0;
  return counts;
}

/**
 * The problems a linter found, from its summary: biome's `Found N errors` and `Found N warnings`,
 * ESLint's and xo's `✖ N problems`, or tslint's `ERROR:`/`WARNING:` lines (it prints no summary).
 * A clean ESLint or tslint prints nothing at all, so a silent exit 0 is 0 problems, not unknown.
 * A new warning changes no exit code, but a reviewer sees it.
 */
export function lintCounts(output, exit) {
  const text = stripColours(output);
  const biome = [...text.matchAll(/^Found (\d+) (?:errors?|warnings?|infos?)\b/gm)];
  if (biome.length) return { problems: biome.reduce((sum, m) => sum + Number(m[1]), 0) };
  const eslint = /✖ (\d+) problems?/.exec(text);
  if (eslint) return { problems: Number(eslint[1]) };
  const tslint = text.match(/^(?:ERROR|WARNING): \S/gm);
  if (tslint) return { problems: tslint.length };
  return exit === 0 ? { problems: 0 } : {};
}

/** What changed between two runs of one step: its exit code, or its passed or failed counts. */
export function changedFrom(before, after) {
  if (!before && !after) return '';
  if (!before || !after) return 'not run both times';
  const changes = [];
  if (before.exit !== after.exit) changes.push(`exit ${before.exit} -> ${after.exit}`);
  if (before.passed !== after.passed) changes.push(`passed ${before.passed ?? '?'} -> ${after.passed ?? '?'}`);
  if (before.failed !== after.failed) changes.push(`failed ${before.failed ?? '?'} -> ${after.failed ?? '?'}`);
  if (before.problems !== after.problems)
    changes.push(`problems ${before.problems ?? '?'} -> ${after.problems ?? '?'}`);
  return changes.join(', ');
}

const siteKey = (row) => `${row.repository}\t${row.path}\t${row.line}\t${row.codemod}`;

export const tsvOf = (rows, columns = SITE_COLUMNS) =>
  `${[columns.join('\t'), ...rows.map((row) => columns.map((c) => String(row[c] ?? '').replace(/\s+/g, ' ')).join('\t'))].join('\n')}\n`;

/** A step's result in a table cell: `exit 0, 120 passed, 0 failed (35 s)`. */
export const stepCell = (step) =>
  step
    ? `exit ${step.exit}${step.passed !== undefined ? `, ${step.passed} passed` : ''}${step.failed !== undefined ? `, ${step.failed} failed` : ''}${step.problems !== undefined ? `, ${step.problems} problems` : ''} (${step.seconds} s)`
    : '–';

/** One row per codebase: build and tests before and after, sites by label. */
export function runRow(summary) {
  const sum = (counts) => Object.values(counts).reduce((a, b) => a + b, 0);
  return {
    repository: summary.repository,
    commit: summary.commit.slice(0, 12),
    files: summary.files,
    'files changed': summary.filesChanged,
    rewritten: sum(summary.rewritten),
    ...Object.fromEntries([...LABELS, 'unlabelled'].map((label) => [label, summary.labels[label] ?? 0])),
    // With no build step the column stays empty, unless a failed install is why nothing ran.
    'build before': summary.before.install?.exit
      ? `install failed: ${stepCell(summary.before.install)}`
      : stepCell(summary.before.build),
    'build after': stepCell(summary.after.build),
    'lint before': stepCell(summary.before.lint),
    'lint after': stepCell(summary.after.lint),
    'tests before': stepCell(summary.before.test),
    'tests after': stepCell(summary.after.test),
    'build changed': summary.buildChanged || 'no',
    'lint changed': summary.lintChanged || 'no',
    'tests changed': summary.testsChanged || 'no',
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const argv = process.argv.slice(2);
  const valued = new Set([
    '--work',
    '--out',
    '--labels',
    '--manifest',
    '--checkouts',
    '--repository',
    '--commit',
    '--install',
    '--build',
    '--lint',
    '--test',
    '--jobs',
    '--timeout',
  ]);
  const work = resolve(flag(argv, 'work', '/tmp/leakproof-codemod-review'));
  const out = flag(argv, 'out', join(work, 'sites.tsv'));
  const labelsPath = flag(argv, 'labels', undefined);
  const labels = labelsPath ? readTsv(labelsPath) : [];
  for (const row of labels)
    if (row.label && !LABELS.includes(row.label))
      throw new Error(`${labelsPath}: unknown label "${row.label}" (known: ${LABELS.join(', ')})`);
  const common = {
    work,
    labels,
    strict: argv.includes('--strict'),
    migrateOnly: argv.includes('--migrate-only'),
    jobs: Number(flag(argv, 'jobs', '1')),
    timeout: Number(flag(argv, 'timeout', '900')),
  };
  const manifest = flag(argv, 'manifest', undefined);
  const targets = manifest
    ? JSON.parse(readFileSync(manifest, 'utf8')).map((entry) => ({
        ...entry,
        dir: join(flag(argv, 'checkouts', '.'), entry.checkout ?? entry.repository.replace('/', '+')),
      }))
    : argv
        .filter((a, i) => !a.startsWith('--') && !valued.has(argv[i - 1]))
        .map((dir) => ({
          dir,
          repository: flag(argv, 'repository', undefined),
          commit: flag(argv, 'commit', ''),
          install: flag(argv, 'install', undefined),
          build: flag(argv, 'build', undefined),
          lint: flag(argv, 'lint', undefined),
          test: flag(argv, 'test', undefined),
        }));
  if (targets.length === 0) throw new Error('codemod-review: name a checkout, or --manifest <file> --checkouts <dir>');
  mkdirSync(work, { recursive: true });
  const summaries = [];
  const rows = [];
  for (const target of targets) {
    if (!existsSync(target.dir)) throw new Error(`codemod-review: no checkout at ${target.dir}`);
    const started = Date.now();
    const { summary, rows: sites } = reviewCodebase({ ...common, ...target });
    summaries.push(summary);
    rows.push(...sites);
    console.log(
      `\n${summary.repository}@${summary.commit.slice(0, 12)}: ${summary.files} files, ${summary.filesChanged} changed, ${sites.length} sites rewritten, ${Math.round((Date.now() - started) / 1000)} s`,
    );
    for (const phase of ['before', 'after'])
      for (const [step, result] of Object.entries(summary[phase]))
        console.log(`  ${phase.padEnd(6)} ${step.padEnd(7)} ${stepCell(result)}  ${result.log}`);
    if (summary.buildChanged) console.log(`  BUILD CHANGED: ${summary.buildChanged}`);
    if (summary.lintChanged) console.log(`  LINT CHANGED: ${summary.lintChanged}`);
    if (summary.testsChanged) console.log(`  TESTS CHANGED: ${summary.testsChanged}`);
    for (const site of sites)
      console.log(`  ${site.label || 'UNLABELLED'.padEnd(16)} ${site.codemod} ${site.path}:${site.line} ${site.site}`);
    for (const row of summary.noLongerRewritten)
      console.log(`  no longer rewritten (was ${row.label}): ${row.codemod} ${row.path}:${row.line}: ${row.now}`);
  }
  writeFileSync(out, tsvOf(rows));
  writeFileSync(join(work, 'review.json'), `${JSON.stringify(summaries, null, 2)}\n`);
  console.log(`\nsites: ${out}\nsummary: ${join(work, 'review.json')}`);
  console.table(summaries.map(runRow));
}
