// What the project index (src/project/, through projectFactsFor) adds to a lint, as ratios over
// a parse-only lint of the same files in the same process (ESLint with the strict config's parser
// and no rules). The index side runs one bench rule that asks what rules will ask: how often the
// code of every `new` runs, and where the key of every `.set(key, …)` comes from. Phases:
//   cold        a fresh process, no disk cache: the first question builds the index;
//   warm        a fresh process, the cache written by the cold run;
//   pre-commit  a fresh process, warm cache, one file linted (an editor or a lint-staged hook).
// Each phase lints file by file under three configurations in turn, rotating which goes first, so
// load spikes hit all: parse only, the bench rule with the index off (it visits the same nodes and
// asks nothing: what enabling any rule costs ESLint) and the bench rule asking the index. The
// first ratio (index over parse only) is issue 20's measure; the second (index over the same rule
// without it) is what the index itself adds.
// The bench rule asks fewer and cheaper questions than the real rules (no fresh build, lifetime or
// settled call), so the same process then lints with the real rules (the strict config), cold and
// warm, beside the same rules with the index off and parse only: the real cost of turning the index
// on. Pre-commit is measured in fresh processes (see precommit-overhead.mjs): one file, warm cache,
// as it is on disk and edited since the cache was written.
// Timing is printed, never asserted: CI only checks that this script still runs.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Linter } from 'eslint';
import plugin from '../dist/src/index.js';
import { walkSourceFiles } from '../dist/src/core/source-files.js';
import { forgetProjectFacts, projectFactsFor } from '../dist/src/project/for-rule.js';
import { ProjectIndex } from '../dist/src/project/index.js';
import { readFileSync } from 'node:fs';
import { median } from './corpus.mjs';
import { formatPrecommit, measurePrecommit } from './precommit-overhead.mjs';

export const TARGETS = { cold: 1.1, warm: 1.05 };

/** The questions a rule asks, counted so a run that answered nothing is visible; with `ask` false it visits the same nodes and asks nothing. */
function questionsRule(tally, asks = true) {
  return {
    meta: { type: 'problem', schema: [] },
    create(context) {
      let facts;
      const ask = () => {
        if (!asks) return undefined;
        facts ??= projectFactsFor(context);
        if (!facts.available) tally[`fallback ${facts.reason}`] = (tally[`fallback ${facts.reason}`] ?? 0) + 1;
        return facts.available ? facts : undefined;
      };
      return {
        NewExpression(node) {
          const kind = ask()?.frequencyAt(context.filename, node.range).kind;
          if (kind) tally[`frequency ${kind}`] = (tally[`frequency ${kind}`] ?? 0) + 1;
        },
        // What the cache rule will ask about: a write into a collection declared at module level.
        'CallExpression[callee.property.name="set"][arguments.length=2]'(node) {
          if (!isModuleLevel(context, node.callee.object)) return;
          const kind = ask()?.keyProvenanceAt(context.filename, node.arguments[0].range).kind;
          if (kind) tally[`key ${kind}`] = (tally[`key ${kind}`] ?? 0) + 1;
        },
      };
    },
  };
}

/** Whether `node` names a variable declared at module level (a long-lived collection). */
function isModuleLevel(context, node) {
  if (node.type !== 'Identifier') return false;
  for (let scope = context.sourceCode.getScope(node); scope; scope = scope.upper) {
    const variable = scope.set.get(node.name);
    if (variable) return variable.scope.type === 'module' || variable.scope.type === 'global';
  }
  return false;
}

/** Wall and CPU milliseconds of `fn` (CPU: every thread of the process; steadier on a shared machine). */
function timed(fn) {
  const start = performance.now();
  const cpu = process.cpuUsage();
  fn();
  const used = process.cpuUsage(cpu);
  return [performance.now() - start, (used.user + used.system) / 1000];
}

/**
 * What a cold lint leaves on disk: the facts, and the links the first question makes (a build
 * alone does not link, and a warm phase that links again measures linking, not the warm path).
 */
export function writeCache(root, cacheDir, file) {
  ProjectIndex.build(root, { cacheDir }).frequencyOf(file, 0);
}

/** @param {{ root: string; runs?: number; file?: string; warmOnly?: boolean; realRules?: boolean; precommitRuns?: number }} options */
export function measureIndexOverhead({ root, runs = 1, file, warmOnly = false, realRules = true, precommitRuns = 3 }) {
  root = resolve(root);
  const files = walkSourceFiles(root).files.map((path) => ({ path, text: readFileSync(path, 'utf8') }));
  // By default the first file from the middle on that asks the bench rule something (a `new`): one that asks nothing never builds the index.
  const middle = Math.floor(files.length / 2);
  const one = file
    ? files.find((f) => f.path === resolve(root, file))
    : ([...files.slice(middle), ...files.slice(0, middle)].find((f) => /\bnew [A-Z]/.test(f.text)) ?? files[middle]);
  if (!one) throw new Error(`bench: ${file} is not a source file of ${root}`);
  const linterOptions = { noInlineConfig: true, reportUnusedDisableDirectives: 'off' };
  const strict = { ...plugin.configs.strict, linterOptions };
  /** @type {Record<string, number>} */
  const tally = {};
  const parseOnly = [{ ...strict, rules: {} }];
  const withRule = (rule, cacheDir) => [
    {
      ...strict,
      rules: {},
      plugins: { bench: { rules: { questions: rule } } },
      settings: { leakproof: { projectIndex: cacheDir ? { cacheDir } : false } },
    },
    { rules: { 'bench/questions': 'error' } },
  ];
  const withIndex = (cacheDir) => withRule(questionsRule(tally), cacheDir);
  const ruleOnly = withRule(questionsRule(tally, false));
  // The real rules: the strict config with the index off, and on with a cache directory.
  const strictWith = (projectIndex) => [{ ...strict, settings: { leakproof: { projectIndex } } }];
  const rulesOff = strictWith(false);
  let findings = { off: 0, on: 0 };
  const linter = new Linter({ cwd: root });
  let fatal = 0;
  /** Counts fatal messages, and findings under the real rules (`side`) so a run that found nothing shows. */
  const lint = (f, config, side) =>
    timed(() => {
      const messages = linter.verify(f.text, config, { filename: f.path });
      if (messages.some((m) => m.fatal)) fatal++;
      if (side) findings[side] += messages.length;
    });
  /** Lints `list` under the three configurations, rotating which goes first; returns { wall: [parse-only, index, rule only], cpu: [...] } in ms. */
  const phase = (list, config, off = ruleOnly) => {
    const configs = [parseOnly, config, off];
    const sides = off === rulesOff ? [undefined, 'on', 'off'] : [];
    const totals = { wall: [0, 0, 0], cpu: [0, 0, 0] };
    list.forEach((f, i) => {
      for (let j = 0; j < configs.length; j++) {
        const k = (i + j) % configs.length;
        const [wall, cpu] = lint(f, configs[k], sides[k]);
        totals.wall[k] += wall;
        totals.cpu[k] += cpu;
      }
    });
    return totals;
  };

  // Warm the JIT and ESLint on a few files (the index is built and thrown away).
  const scratch = mkdtempSync(join(tmpdir(), 'leakproof-overhead-'));
  phase(files.slice(0, 20), withIndex(join(scratch, 'warm-up')));
  const rounds = [];
  for (let run = 0; run < runs; run++) {
    const cacheDir = join(scratch, `run-${run}`);
    forgetProjectFacts();
    // --warm-only: the cache is written by a plain build instead of a cold lint (a big project's cold lint takes long).
    const cold = warmOnly ? (writeCache(root, cacheDir, one.path), undefined) : phase(files, withIndex(cacheDir));
    forgetProjectFacts();
    const warm = phase(files, withIndex(cacheDir));
    forgetProjectFacts();
    const precommit = phase([one], withIndex(cacheDir));
    const round = { cold, warm, precommit };
    if (realRules) {
      const rulesDir = join(scratch, `rules-${run}`);
      forgetProjectFacts();
      if (warmOnly) writeCache(root, rulesDir, one.path);
      else round.rulesCold = phase(files, strictWith({ cacheDir: rulesDir }), rulesOff);
      forgetProjectFacts();
      findings = { off: 0, on: 0 };
      round.rulesWarm = phase(files, strictWith({ cacheDir: rulesDir }), rulesOff);
    }
    rounds.push(round);
  }
  forgetProjectFacts();
  // The cache the last real-rules cold lint left (or a build's, without the real rules).
  let precommit;
  let precommitChanged;
  if (precommitRuns > 0) {
    const cacheDir = realRules ? join(scratch, `rules-${runs - 1}`) : join(scratch, `run-${runs - 1}`);
    precommit = measurePrecommit({ root, file: one.path, cacheDir, runs: precommitRuns });
    // The same file edited since the cache was written: what a hook meets (the index parses it and links again).
    precommitChanged = measurePrecommit({ root, file: one.path, cacheDir, runs: precommitRuns, changed: true });
  }
  rmSync(scratch, { recursive: true, force: true });
  // Per phase and clock: the median of each run's ratio (both sides measured side by side), and the medians of the times.
  const summary = (name, clock) => ({
    ratio: median(rounds.map((r) => r[name][clock][1] / r[name][clock][0])),
    overRule: median(rounds.map((r) => r[name][clock][1] / r[name][clock][2])),
    baselineMs: median(rounds.map((r) => r[name][clock][0])),
    ruleMs: median(rounds.map((r) => r[name][clock][2])),
    indexMs: median(rounds.map((r) => r[name][clock][1])),
  });
  const phases = Object.fromEntries(
    Object.keys(rounds[0])
      .filter((name) => rounds[0][name])
      .map((name) => [name, { wall: summary(name, 'wall'), cpu: summary(name, 'cpu') }]),
  );
  // Each run's CPU ratios per phase: the spread between runs, on a machine shared with other work.
  const spread = Object.fromEntries(
    Object.keys(phases).map((name) => [name, rounds.map((r) => r[name].cpu[1] / r[name].cpu[0])]),
  );
  const spreadOverRule = Object.fromEntries(
    Object.keys(phases).map((name) => [name, rounds.map((r) => r[name].cpu[1] / r[name].cpu[2])]),
  );
  return {
    root,
    files: files.length,
    runs,
    file: relative(root, one.path),
    fatal,
    ...phases,
    spread,
    spreadOverRule,
    questions: tally,
    // The real rules' messages in the last warm phase, index on and off (the same file count).
    ...(realRules ? { findings } : {}),
    ...(precommit ? { precommitProcesses: precommit, precommitChanged } : {}),
  };
}

export function formatIndexOverhead(r) {
  const runsOf = (spread = []) =>
    spread.length > 1 ? `; runs ${spread.map((ratio) => ratio.toFixed(3)).join(', ')}` : '';
  const line = (label, phase, target, spread, spreadOverRule) => {
    const { wall, cpu } = phase;
    const over = target !== undefined && cpu.ratio > target ? '  OVER TARGET' : '';
    const goal = target !== undefined ? ` (target <= ${target.toFixed(2)})` : '';
    return [
      `  ${label.padEnd(28)} parse only ${(wall.baselineMs / 1000).toFixed(2)} s wall / ${(cpu.baselineMs / 1000).toFixed(2)} s cpu, with index ${(wall.indexMs / 1000).toFixed(2)} / ${(cpu.indexMs / 1000).toFixed(2)} s: ratio wall ${wall.ratio.toFixed(3)}, cpu ${cpu.ratio.toFixed(3)}${runsOf(spread)}${goal}${over}`,
      `  ${''.padEnd(28)} the same rule with the index off ${(wall.ruleMs / 1000).toFixed(2)} s wall / ${(cpu.ruleMs / 1000).toFixed(2)} s cpu: the index alone, ratio wall ${wall.overRule.toFixed(3)}, cpu ${cpu.overRule.toFixed(3)}${runsOf(spreadOverRule)}`,
    ].join('\n');
  };
  const rulesLine = (label, { wall, cpu }, spread, spreadOverRule) =>
    [
      `  ${label.padEnd(28)} parse only ${(cpu.baselineMs / 1000).toFixed(2)} s cpu, rules without the index ${(cpu.ruleMs / 1000).toFixed(2)} s, with it ${(cpu.indexMs / 1000).toFixed(2)} s`,
      `  ${''.padEnd(28)} index on / off: cpu ${cpu.overRule.toFixed(3)}, wall ${wall.overRule.toFixed(3)}${runsOf(spreadOverRule)}`,
      `  ${''.padEnd(28)} index on / parse only: cpu ${cpu.ratio.toFixed(3)}${runsOf(spread)}; off / parse only: cpu ${(cpu.ruleMs / cpu.baselineMs).toFixed(3)}`,
    ].join('\n');
  return [
    `index-overhead: ${r.root}, ${r.files} files, ${r.runs} run(s); every \`new\` and every \`.set(key, v)\` on a module-level collection asks the index`,
    ...(r.cold
      ? [line('cold (no cache)', r.cold, TARGETS.cold, r.spread.cold, r.spreadOverRule.cold)]
      : ['  cold: not measured (--warm-only)']),
    line('warm (disk cache)', r.warm, TARGETS.warm, r.spread.warm, r.spreadOverRule.warm),
    line(`pre-commit (${r.file})`, r.precommit),
    ...(r.rulesWarm
      ? [
          `  the real rules (strict config), index on, over parse only and over the same rules with the index off:`,
          ...(r.rulesCold
            ? [rulesLine('cold (no cache)', r.rulesCold, r.spread.rulesCold, r.spreadOverRule.rulesCold)]
            : ['  cold: not measured (--warm-only)']),
          rulesLine('warm (disk cache)', r.rulesWarm, r.spread.rulesWarm, r.spreadOverRule.rulesWarm),
          `  ${''.padEnd(28)} findings in the last warm phase: ${r.findings.on} with the index, ${r.findings.off} without`,
        ]
      : []),
    ...(r.precommitProcesses ? [formatPrecommit(r.precommitProcesses, r.file)] : []),
    ...(r.precommitChanged ? [formatPrecommit(r.precommitChanged, r.file)] : []),
    `  questions answered: ${
      Object.entries(r.questions)
        .map(([k, n]) => `${k} ${n}`)
        .join(', ') || 'none'
    }${r.fatal ? `; ${r.fatal} files did not parse` : ''}`,
  ].join('\n');
}
