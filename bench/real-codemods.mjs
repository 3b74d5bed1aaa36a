#!/usr/bin/env node
// Runs `leakproof migrate --write` on copies of checked-out public codebases and checks the
// result, per codebase:
//   (a) every changed file still parses (@typescript-eslint/parser, checked here independently of
//       the CLI's own re-parse);
//   (b) a second run (dry) changes nothing;
//   (c) the strict config reports nothing on a rewritten site (each site of the JSON report is
//       mapped to the lines it occupies in the written file);
// and, with --tsc, that `tsc --noEmit` reports no new error in a changed file.
//
//   npm run build
//   node bench/real-codemods.mjs --work /tmp/rc-work [--json out.json] [--jobs 2] [--tsc] \
//     /tmp/real/fastify__fastify@<commit> /tmp/real/taskforcesh__bullmq@<commit> ...
//
// Each codebase is copied to <work>/<name> (without node_modules and .git), committed to a fresh
// git repository there (migrate's clean-tree guard for --write), migrated with
// `--write --skip-failed --report <work>/<name>.migrate.json`, then checked. The code of those
// codebases is never copied into this repository; only counts, paths and lines are printed.
//
// --tsc: for a codebase with a tsconfig.json, after the checks, installs its dependencies in the
// copy (`npm ci --ignore-scripts` with a package-lock.json; with a yarn.lock or a yarn
// packageManager, `npx yarn@<version> install --ignore-scripts --ignore-engines --frozen-lockfile`,
// or for yarn 2+ `corepack yarn@<version> install --mode=skip-build --immutable`; without a lockfile, today's versions; at most
// --install-timeout seconds, default 600), runs `tsc --noEmit -p tsconfig.json` on the migrated
// copy (with lru-cache supplied from this repository when a rewrite imports it and the codebase
// does not have it yet), stashes the migration, runs it again on the original, and compares the errors in changed
// files (by file, code and message: line numbers move). By hand, the same is:
//   cd <work>/<name> && npm ci --ignore-scripts && npx tsc --noEmit -p . > after.txt;
//   git stash && npx tsc --noEmit -p . > before.txt; git stash pop
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseForESLint } from '@typescript-eslint/parser';
import { diffLines } from 'diff';
import { Linter } from 'eslint';
import { codemods } from '../dist/codemods/index.js';
import { TRACKED_TASKS_SOURCE } from '../dist/src/families/tasks/tracked-tasks-module.js';
import plugin from '../dist/src/index.js';
import { flag } from './corpus.mjs';
import { changedFiles, copyToScratchRepo, git, installDependencies, runMigrate } from './scratch-repo.mjs';

const TSC = fileURLToPath(new URL('../node_modules/typescript/bin/tsc', import.meta.url));

/** Copies, migrates and checks one codebase; returns the row of the table and the details. */
export function migrateCodebase({ dir, commit = '', work, jobs = 2, tsc = false, installTimeout = 600 }) {
  const name = basename(resolve(dir));
  const copy = join(work, name);
  copyToScratchRepo(dir, copy);

  const firstPath = join(work, `${name}.migrate.json`);
  const first = runMigrate(copy, ['--strict', '--write', '--skip-failed', '--report', firstPath], jobs);
  const report = JSON.parse(readFileSync(firstPath, 'utf8'));
  const changed = changedFiles(copy);

  // (a) re-parse, and the chain of codemods re-run here must give what was written.
  const parseFailures = [];
  const notReproduced = [];
  const linter = new Linter();
  const linterOptions = { noInlineConfig: true, reportUnusedDisableDirectives: 'off' };
  const findingsOnSites = [];
  const findingsOnOtherChangedLines = [];
  const rewrittenSites = [];
  for (const file of changed) {
    const original = git(copy, ['show', `HEAD:${file}`]);
    const output = readFileSync(join(copy, file), 'utf8');
    const parseError = parseErrorOf(output, file);
    if (parseError) parseFailures.push({ file, error: parseError });

    // The report gives each site's line in the original file. Re-running the chain gives the text
    // after each codemod, and line maps from each to the next carry the line to the result.
    // migrate adds the lru-cache dependency to package.json itself: no codemod writes manifests.
    if (basename(file) === 'package.json') continue;
    const texts = [original];
    const options = withTrackerOf(output, report.options);
    for (const codemod of report.codemods) {
      texts.push(codemods[codemod].analyze(texts.at(-1), join(copy, file), options[codemod]).output);
    }
    if (texts.at(-1) !== output) notReproduced.push(file);
    const maps = texts.slice(0, -1).map((text, i) => lineMap(text, texts[i + 1]));
    const siteLines = new Map();
    for (const site of report.sites.filter((s) => s.file === file && s.status === 'rewritten')) {
      let lines = [site.line];
      for (let step = 0; step < maps.length; step++) {
        lines = [...new Set(lines.flatMap((line) => maps[step].get(line) ?? []))];
      }
      siteLines.set(site, lines);
      rewrittenSites.push({ file, codemod: site.codemod, what: site.what, line: site.line, outputLines: lines });
    }

    // (c) strict findings on the lines of rewritten sites, and on the other lines migrate changed.
    const messages = linter
      .verify(output, [{ ...plugin.configs.strict, linterOptions }], { filename: join('real', name, file) })
      .filter((m) => m.ruleId !== null && !m.fatal);
    const addedLines = addedLinesOf(original, output);
    const onSite = new Set([...siteLines.values()].flat());
    for (const m of messages) {
      const finding = { file, line: m.line, rule: m.ruleId };
      if (onSite.has(m.line)) {
        const site = [...siteLines].find(([, lines]) => lines.includes(m.line))[0];
        findingsOnSites.push({ ...finding, site: `${site.codemod} ${site.what} (line ${site.line} of its input)` });
      } else if (addedLines.has(m.line)) {
        findingsOnOtherChangedLines.push(finding);
      }
    }
  }

  // (b) a second run, dry: nothing may change.
  const secondPath = join(work, `${name}.second.json`);
  runMigrate(copy, ['--strict', '--report', secondPath], jobs);
  const second = JSON.parse(readFileSync(secondPath, 'utf8'));
  const secondRunChanges = [...new Set(second.sites.filter((s) => s.status === 'rewritten').map((s) => s.file))];

  const rewritten = {};
  const left = {};
  for (const site of report.sites) {
    if (site.status === 'rewritten') rewritten[site.codemod] = (rewritten[site.codemod] ?? 0) + 1;
    else {
      const key = `${site.codemod}: ${reasonKind(site.reason)}`;
      left[key] = (left[key] ?? 0) + 1;
    }
  }
  const failuresByKind = {};
  for (const f of report.failures) failuresByKind[f.kind] = (failuresByKind[f.kind] ?? 0) + 1;

  const result = {
    codebase: name,
    commit,
    migrateExit: first.status,
    files: report.files.scanned,
    filesChanged: changed.length,
    reportChanged: report.files.changed,
    migrateFailures: failuresByKind,
    failures: report.failures,
    rewritten,
    left,
    parseFailures,
    notReproduced,
    secondRunChanges: second.files.changed,
    secondRunFiles: secondRunChanges,
    findingsOnSites,
    findingsOnOtherChangedLines,
    rewrittenSites,
    changed,
  };
  if (tsc) result.tsc = compareTsc(copy, changed, installTimeout);
  return result;
}

/** A reason without the names in it (the part before the first colon, quoted code elided), to count sites by. */
export const reasonKind = (reason) =>
  reason
    .replace(/`[^`]*`/g, '`…`')
    // A quote, not an apostrophe (`the client's methods`): no letter just before it.
    .replace(/"[^"]*"|(?<![\w])'[^']*'/g, '"…"')
    .split(': ')[0];

/**
 * migrate imports `track` from the package's shared tracked-tasks module, which it creates (the
 * bare transform, which cannot create files, adds a helper to each file instead): re-run
 * track-tasks with that module, as migrate chose it for this file.
 */
export function withTrackerOf(output, options) {
  const shared = [...output.matchAll(/import\s*\{\s*track\s*\}\s*from\s*(['"])([^'"]*)\1/g)]
    .map((match) => match[2])
    .find((source) => TRACKED_TASKS_SOURCE.test(source));
  if (!shared || !options['track-tasks']) return options;
  return { ...options, 'track-tasks': { ...options['track-tasks'], sharedTracker: shared } };
}

function parseErrorOf(text, file) {
  try {
    parseForESLint(text.replace(/^\uFEFF/, ''), {
      filePath: file,
      sourceType: 'module',
      ecmaVersion: 'latest',
      ecmaFeatures: { jsx: !/\.(ts|mts|cts)$/.test(file) },
    });
    return undefined;
  } catch (error) {
    return `${error.lineNumber ?? '?'}:${error.column ?? '?'}: ${String(error.message).split('\n')[0]}`;
  }
}

/**
 * For each line of `before`, the lines of `after` it became: one line if it is unchanged, every
 * line of the change around it if it was changed (none if it was deleted outright). Changes one
 * unchanged line apart count as one change: a line diff pairs a blank line between an added
 * import and a rewritten declaration as easily as the right one, so a site near the top of a
 * file is mapped to the whole rewritten region rather than to a wrong line.
 */
export function lineMap(before, after) {
  const map = new Map();
  let oldLine = 1;
  let newLine = 1;
  let block;
  const close = () => {
    if (!block) return;
    const newLines = Array.from({ length: newLine - block.newStart }, (_, k) => block.newStart + k);
    for (let line = block.oldStart; line < oldLine; line++) map.set(line, newLines);
    block = undefined;
  };
  const parts = diffLines(before, after);
  parts.forEach((part, i) => {
    const count = lineCount(part.value);
    const changed = part.added || part.removed;
    // One unchanged line between two changes joins them.
    const bridge = !changed && count <= 1 && block && i + 1 < parts.length;
    if (!changed && !bridge) {
      close();
      for (let k = 0; k < count; k++) map.set(oldLine + k, [newLine + k]);
    } else {
      block ??= { oldStart: oldLine, newStart: newLine };
    }
    if (!part.added) oldLine += count;
    if (!part.removed) newLine += count;
  });
  close();
  return map;
}

function addedLinesOf(before, after) {
  const lines = new Set();
  let newLine = 1;
  for (const part of diffLines(before, after)) {
    const count = lineCount(part.value);
    if (part.added) for (let k = 0; k < count; k++) lines.add(newLine + k);
    if (!part.removed) newLine += count;
  }
  return lines;
}

const lineCount = (value) => value.split('\n').length - (value.endsWith('\n') ? 1 : 0);

/** tsc errors in changed files, on the migrated copy and on the original (the migration stashed). */
function compareTsc(copy, changed, installTimeout) {
  if (!existsSync(join(copy, 'tsconfig.json'))) return { skipped: 'no tsconfig.json' };
  const install = installDependencies(copy, installTimeout);
  if (!install.ok) return { skipped: `dependencies did not install: ${install.reason}` };
  // bounded-cache imports lru-cache, which migrate warns the codebase does not list yet: supply the
  // copy this repository installed, as the user would add it, so tsc judges the rewrite itself.
  const lruCache = join(copy, 'node_modules/lru-cache');
  const suppliedLruCache =
    !existsSync(lruCache) &&
    changed.some((file) => readFileSync(join(copy, file), 'utf8').includes("from 'lru-cache'"));
  if (suppliedLruCache)
    cpSync(fileURLToPath(new URL('../node_modules/lru-cache', import.meta.url)), lruCache, { recursive: true });
  const after = tscErrors(copy);
  let before = after;
  if (changed.length) {
    git(copy, ['stash', '-q']);
    try {
      before = tscErrors(copy);
    } finally {
      git(copy, ['stash', 'pop', '-q']);
    }
  }
  const inChanged = (errors) => errors.filter((e) => changed.includes(e.file));
  const key = (e) => `${e.file} ${e.code} ${e.message}`;
  const remaining = new Map();
  for (const e of inChanged(before)) remaining.set(key(e), (remaining.get(key(e)) ?? 0) + 1);
  const added = [];
  for (const e of inChanged(after)) {
    const n = remaining.get(key(e)) ?? 0;
    if (n > 0) remaining.set(key(e), n - 1);
    else added.push(e);
  }
  return {
    install: install.command,
    lockfile: install.locked,
    installSeconds: install.seconds,
    suppliedLruCache,
    errorsBefore: before.length,
    errorsAfter: after.length,
    errorsInChangedBefore: inChanged(before).length,
    errorsInChangedAfter: inChanged(after).length,
    newErrors: added,
  };
}

function tscErrors(copy) {
  const local = join(copy, 'node_modules/typescript/bin/tsc');
  const run = spawnSync(
    process.execPath,
    [existsSync(local) ? local : TSC, '--noEmit', '--pretty', 'false', '-p', 'tsconfig.json'],
    { cwd: copy, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 },
  );
  const errors = [];
  for (const line of run.stdout.split('\n')) {
    const m = /^(.+?)\((\d+),(\d+)\): error (TS\d+): (.*)$/.exec(line);
    if (m) errors.push({ file: m[1].replace(/^\.\//, ''), line: Number(m[2]), code: m[4], message: m[5] });
  }
  // A failing tsc with no error in its output did not check anything (a crash, out of memory, a bad tsconfig).
  if (run.status !== 0 && errors.length === 0)
    throw new Error(`tsc in ${copy} exited ${run.status ?? run.signal}: ${`${run.stderr}${run.stdout}`.slice(0, 500)}`);
  return errors;
}

/** One line per codebase for console.table. */
export function tableRow(r) {
  const count = (o) => Object.values(o).reduce((a, b) => a + b, 0);
  return {
    codebase: r.codebase,
    files: r.files,
    'files changed': r.filesChanged,
    ...Object.fromEntries(Object.keys(codemods).map((c) => [`rewritten ${c}`, r.rewritten[c] ?? 0])),
    'sites left': count(r.left),
    'migrate failures': r.failures.length,
    'parse failures': r.parseFailures.length,
    'second-run changes': r.secondRunChanges,
    'findings on rewritten sites': r.findingsOnSites.length,
    ...(r.tsc ? { 'new tsc errors': r.tsc.newErrors?.length ?? r.tsc.skipped } : {}),
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const argv = process.argv.slice(2);
  const valued = new Set(['--work', '--json', '--jobs', '--install-timeout']);
  const work = resolve(flag(argv, 'work', '/tmp/leakproof-real-codemods'));
  const json = flag(argv, 'json', join(work, 'summary.json'));
  const jobs = Number(flag(argv, 'jobs', '2'));
  const installTimeout = Number(flag(argv, 'install-timeout', '600'));
  const tsc = argv.includes('--tsc');
  const targets = argv.filter((a, i) => !a.startsWith('--') && !valued.has(argv[i - 1]));
  mkdirSync(work, { recursive: true });
  const results = [];
  for (const target of targets) {
    const [dir, commit = ''] = target.split('@');
    const started = Date.now();
    const result = migrateCodebase({ dir, commit, work, jobs, tsc, installTimeout });
    results.push(result);
    console.log(
      `\n${result.codebase}${commit ? `@${commit.slice(0, 12)}` : ''}: ${result.files} files, ${result.filesChanged} changed, ${Math.round((Date.now() - started) / 1000)}s`,
    );
    for (const [codemod, n] of Object.entries(result.rewritten))
      console.log(`  rewritten ${String(n).padStart(4)}  ${codemod}`);
    for (const [reason, n] of Object.entries(result.left).sort((a, b) => b[1] - a[1]))
      console.log(`  left      ${String(n).padStart(4)}  ${reason}`);
    for (const f of result.failures) console.log(`  migrate failure (${f.kind}): ${f.file}: ${f.message}`);
    for (const f of result.parseFailures) console.log(`  PARSE FAILURE: ${f.file}: ${f.error}`);
    for (const f of result.notReproduced) console.log(`  NOT REPRODUCED by re-running the codemods: ${f}`);
    for (const f of result.secondRunFiles) console.log(`  SECOND RUN CHANGES: ${f}`);
    for (const f of result.findingsOnSites)
      console.log(`  FINDING ON REWRITTEN SITE: ${f.file}:${f.line} ${f.rule} (${f.site})`);
    for (const f of result.findingsOnOtherChangedLines)
      console.log(`  finding on another changed line: ${f.file}:${f.line} ${f.rule}`);
    if (result.tsc) console.log(`  tsc: ${JSON.stringify({ ...result.tsc, newErrors: result.tsc.newErrors?.length })}`);
    for (const e of result.tsc?.newErrors ?? [])
      console.log(`  NEW TSC ERROR: ${e.file}:${e.line} ${e.code} ${e.message}`);
  }
  writeFileSync(json, `${JSON.stringify(results, null, 2)}\n`);
  console.log(`\nsummary: ${json}`);
  console.table(results.map(tableRow));
  const bad = results.some(
    (r) =>
      r.parseFailures.length ||
      r.notReproduced.length ||
      r.secondRunChanges ||
      r.findingsOnSites.length ||
      r.failures.some((f) => f.kind === 'output' || f.kind === 'error') ||
      r.tsc?.newErrors?.length,
  );
  process.exitCode = bad ? 1 : 0;
}
