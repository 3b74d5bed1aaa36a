#!/usr/bin/env node
// Recall on real leaks that maintainers fixed: for each case of bench/recall/cases.tsv, the
// repository's source at the commit before the fix is written out of its local mirror, and the
// leaky file is linted inside that tree as a user would (`leakproof check --format json <path>`,
// cwd at the tree root), once with the default config and once with --strict.
//
//   npm run build
//   node bench/recall.mjs [--half study|measure|all] [--cases bench/recall/cases.tsv]
//     [--mirrors /work/.mirror] [--work <dir>] [--json out.json] [--blind] [--project-index]
//   node bench/recall.mjs --assign-halves <seed> [--batch <n>]   # a batch's one-time split
//     (see bench/README.md; batch n >= 2 draws study<n>/measure<n>, run with --half measure<n>)
//
// A hit: a rule of the case's family (its `docs.family`) reports a problem whose first line lies
// on one of the case's lines or ranges. Findings of other families, or of the family elsewhere in
// the file, do not count. A case whose mirror, commit or file is missing is skipped and listed with
// the reason: it is neither a hit nor a miss. A file that does not parse is a miss, marked so.
//
// --blind prints recall per family and overall only: no table per repository (most have one case),
// no misses, no skip list and no per-case progress, so the half that is only measured can be run without seeing
// which of its cases were missed.
//
// --project-index lints with `leakproof check --project-index` (settings.leakproof.projectIndex on):
// the cross-file index is built over the whole tree, so a handler in another file counts.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import plugin from '../dist/src/index.js';
import { FAMILIES, readCases, writeHalves } from './recall/cases.mjs';
import { hasCommit, materialise, mirrorOf } from './recall/materialise.mjs';
import { flag, repoRoot } from './corpus.mjs';

const CLI = fileURLToPath(new URL('../dist/src/cli/main.js', import.meta.url));
export const CONFIGS = ['default', 'strict'];

/** `leakproof/<rule>` → the family its docs name. */
export const FAMILY_OF_RULE = new Map(
  Object.entries(plugin.rules).map(([name, rule]) => [`leakproof/${name}`, rule.meta.docs.family]),
);

/** Whether `default` (the recommended config) enables any rule; `check` refuses to run when not. */
export const DEFAULT_HAS_RULES = Object.keys(plugin.configs.recommended.rules ?? {}).length > 0;

/** Runs `leakproof check` on one file of a tree; returns its messages or why it could not lint. */
export function lintInTree(tree, path, config, { projectIndex = false } = {}) {
  // No rule, no finding: counted as misses, not as errors (the report says why).
  if (config === 'default' && !DEFAULT_HAS_RULES) return { messages: [] };
  const args = [
    CLI,
    'check',
    '--format',
    'json',
    ...(config === 'strict' ? ['--strict'] : []),
    ...(projectIndex ? ['--project-index'] : []),
    path,
  ];
  const run = spawnSync(process.execPath, args, { cwd: tree, encoding: 'utf8', maxBuffer: 1 << 28 });
  // 0: clean, 1: findings, 2: a file that does not parse (the JSON is printed first) or bad usage.
  let results;
  try {
    results = JSON.parse(run.stdout || 'null');
  } catch {
    results = null;
  }
  if (!Array.isArray(results))
    return { error: `leakproof check exited ${run.status}: ${(run.stderr || run.stdout).trim().split('\n')[0]}` };
  const messages = results.flatMap((r) => r.messages);
  const fatal = messages.find((m) => m.fatal);
  return { messages: messages.filter((m) => !m.fatal), parseError: fatal?.message };
}

const onLines = (line, ranges) => ranges.some(([start, end]) => line >= start && line <= end);

/** Whether a rule of the case's family reports on the construct, and what the family reported. */
export function judge(c, lint) {
  if (lint.error) return { hit: false, error: lint.error, family: [] };
  const family = lint.messages
    .filter((m) => FAMILY_OF_RULE.get(m.ruleId) === c.family)
    .map((m) => ({ rule: m.ruleId.replace('leakproof/', ''), line: m.line }));
  return { hit: family.some((f) => onLines(f.line, c.ranges)), parseError: lint.parseError, family };
}

/** Lints every case of `cases` (already filtered to the halves wanted). */
export function runRecall({ cases, mirrors, work, projectIndex = false, log = () => {} }) {
  const out = [];
  for (const c of cases) {
    const gitDir = mirrorOf(mirrors, c.repository);
    const skip = (reason) => out.push({ case: c, skipped: reason });
    if (!gitDir) {
      skip(`no mirror of ${c.repository} under ${mirrors} (fetch it first)`);
      continue;
    }
    if (!hasCommit(gitDir, c.before)) {
      skip(`commit ${c.before.slice(0, 12)} is not in the mirror`);
      continue;
    }
    const tree = join(work, `${c.repository.replace('/', '+')}@${c.before.slice(0, 12)}`);
    const { files, missing } = materialise(gitDir, c.before, tree);
    if (!existsSync(join(tree, c.path))) {
      skip(`${c.path} is not in the tree at ${c.before.slice(0, 12)} (${missing} blobs missing from the mirror)`);
      continue;
    }
    const lint = Object.fromEntries(
      CONFIGS.map((config) => [config, judge(c, lintInTree(tree, c.path, config, { projectIndex }))]),
    );
    log(
      `${lint.default.hit ? 'hit ' : 'miss'} ${lint.strict.hit ? 'hit ' : 'miss'} ${c.family.padEnd(7)} ${c.repository} ${c.path}:${c.lines}`,
    );
    out.push({ case: c, files, missing, ...lint });
  }
  return out;
}

const ratio = (hits, total) => (total ? `${hits}/${total} ${(hits / total).toFixed(2)}` : '-');

/** Hits and totals per key, for each config, over the cases that were linted. */
export function tally(results, keyOf) {
  const rows = new Map();
  for (const r of results.filter((r) => !r.skipped)) {
    const row = rows.get(keyOf(r)) ?? { total: 0, default: 0, strict: 0 };
    row.total++;
    for (const config of CONFIGS) if (r[config].hit) row[config]++;
    rows.set(keyOf(r), row);
  }
  return rows;
}

function table(title, rows, order = [...rows.keys()].sort()) {
  const width = Math.max(title.length, ...order.map((k) => k.length));
  const lines = [`${title.padEnd(width)}  cases  default      strict`];
  for (const key of order) {
    const row = rows.get(key);
    if (row)
      lines.push(
        `${key.padEnd(width)}  ${String(row.total).padStart(5)}  ${ratio(row.default, row.total).padEnd(11)}  ${ratio(row.strict, row.total)}`,
      );
  }
  return lines.join('\n');
}

/** The printed report: recall per family, overall, per repository, then skips and misses. */
export function formatRecall(results, { halves, blind = false, projectIndex = false }) {
  const linted = results.filter((r) => !r.skipped);
  const unlinted = linted.filter((r) => CONFIGS.some((config) => r[config].error || r[config].parseError)).length;
  const parts = [
    `Recall on ${results.length} real leak fixes (half: ${halves}${projectIndex ? ', project index on' : ''}); ${linted.length} linted (${unlinted} of them not parsed), ${results.length - linted.length} skipped`,
  ];
  if (linted.length === 0) parts.push('Nothing was linted: no case could be materialised (see the skips below).');
  if (!DEFAULT_HAS_RULES)
    parts.push('default: the recommended config enables no rule yet, so its recall is 0 by construction.');
  const families = tally(results, (r) => r.case.family);
  const overall = tally(results, () => 'overall');
  parts.push(table('family', new Map([...families, ...overall]), [...FAMILIES, 'overall']));
  const skipped = results.filter((r) => r.skipped);
  // Blind names no case, skipped ones included (their count is in the first line).
  if (skipped.length && !blind)
    parts.push(
      [
        'Skipped (not counted):',
        ...skipped.map((r) => `  ${r.case.repository} ${r.case.path}:${r.case.lines}: ${r.skipped}`),
      ].join('\n'),
    );
  if (!blind) {
    parts.push(
      table(
        'repository',
        tally(results, (r) => r.case.repository),
      ),
    );
    const missed = linted.filter((r) => !r.strict.hit || !r.default.hit);
    const line = (r) => {
      const seen = r.strict.family.map((f) => `${f.rule}@${f.line}`).join(', ') || 'nothing';
      const how = r.strict.hit
        ? 'strict only'
        : r.strict.error
          ? `error: ${r.strict.error}`
          : r.strict.parseError
            ? `does not parse: ${r.strict.parseError}`
            : `strict saw ${seen} of the family`;
      return `  [${r.case.family}, ${r.case.half}] ${r.case.repository} ${r.case.path}:${r.case.lines} (${how}): ${r.case.description}`;
    };
    parts.push(missed.length ? ['Misses (default or strict):', ...missed.map(line)].join('\n') : 'No misses.');
  }
  return parts.join('\n\n');
}

const USAGE = `usage: node bench/recall.mjs [--half study|measure|study<n>|measure<n>|all] [--cases <tsv>]
         [--mirrors <dir>] [--work <dir>] [--json <file>] [--blind] [--project-index]
       node bench/recall.mjs --assign-halves <seed> [--batch <n>]
Without --blind, progress lines and the report name every case linted: run the measured halves blind.`;
const VALUE_FLAGS = ['--half', '--cases', '--mirrors', '--work', '--json', '--assign-halves', '--batch'];

/** Whether `half` names a half of some batch (`study`, `measure2`, ...) or `all`. */
export const isHalf = (half) => half === 'all' || /^(?:study|measure)(?:[2-9]|[1-9]\d+)?$/.test(half);
const SWITCHES = ['--blind', '--project-index', '--help'];

/** A flag this script does not take: refused before any case is linted (or named). */
export function unknownFlag(argv) {
  return argv.find(
    (arg, i) =>
      arg.startsWith('--') &&
      !VALUE_FLAGS.includes(arg) &&
      !SWITCHES.includes(arg) &&
      !VALUE_FLAGS.includes(argv[i - 1]),
  );
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const argv = process.argv.slice(2);
  if (argv.includes('--help')) {
    console.log(USAGE);
    process.exit(0);
  }
  const unknown = unknownFlag(argv);
  if (unknown) {
    console.error(`recall: unknown flag ${unknown}\n${USAGE}`);
    process.exit(2);
  }
  const file = flag(argv, 'cases', join(repoRoot, 'bench/recall/cases.tsv'));
  const seed = flag(argv, 'assign-halves', undefined);
  if (seed !== undefined) {
    if (!/^\d+$/.test(seed)) {
      console.error('recall: --assign-halves takes a whole-number seed');
      process.exit(2);
    }
    const batch = flag(argv, 'batch', '1');
    if (!/^[1-9]\d*$/.test(batch)) {
      console.error('recall: --batch takes a batch number (1, 2, ...)');
      process.exit(2);
    }
    writeHalves(file, Number(seed), { batch: Number(batch) });
    console.log(`recall: halves of batch ${batch} assigned in ${file} from seed ${seed}`);
    process.exit(0);
  }
  const halves = flag(argv, 'half', 'all');
  if (!isHalf(halves)) {
    console.error(`recall: --half is study, measure, study<n>, measure<n> or all, not "${halves}"`);
    process.exit(2);
  }
  let cases;
  try {
    cases = readCases(file).filter((c) => halves === 'all' || c.half === halves);
  } catch (error) {
    console.error(`recall: ${error.message}`);
    process.exit(2);
  }
  if (cases.length === 0) {
    console.error(`recall: no case in ${file} for half ${halves}`);
    process.exit(2);
  }
  const work = flag(argv, 'work', join(tmpdir(), 'leakproof-recall'));
  mkdirSync(work, { recursive: true });
  const blind = argv.includes('--blind');
  const log = blind ? undefined : (line) => console.error(line);
  const projectIndex = argv.includes('--project-index');
  const results = runRecall({ cases, mirrors: flag(argv, 'mirrors', '/work/.mirror'), work, projectIndex, log });
  console.log(formatRecall(results, { halves, blind, projectIndex }));
  const json = blind ? undefined : flag(argv, 'json', undefined);
  if (json)
    writeFileSync(
      json,
      JSON.stringify(
        results.map(({ case: c, ...rest }) => ({ ...c, ...rest })),
        null,
        2,
      ),
    );
  process.exit(results.some((r) => !r.skipped) ? 0 : 1);
}
