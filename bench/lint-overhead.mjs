#!/usr/bin/env node
// What all leakproof rules together add on top of parsing, measured in one process with the
// configurations interleaved file by file: @typescript-eslint/parser with no rules, one no-op
// rule, and every rule (strict config, no type information). Prints the medians, the ratio
// (target <= 1.10) and each rule's share from ESLint's stats. Timing is printed, never asserted: CI only checks that this script still runs.
import { performance } from 'node:perf_hooks';
import { Linter } from 'eslint';
import plugin from '../dist/src/index.js';
import { countLines, flag, loadCorpus, median } from './corpus.mjs';

export const TARGET_RATIO = 1.1;

/** @param {{ corpus?: string; runs?: number }} [options] */
export function measureLintOverhead({ corpus, runs = 5 } = {}) {
  const files = loadCorpus(corpus);
  // Inline config is off in both runs: the corpus's own eslint comments name rules and
  // environments this config does not have, and they are not what is being measured.
  const linterOptions = { noInlineConfig: true, reportUnusedDisableDirectives: 'off' };
  const strict = { ...plugin.configs.strict, linterOptions };
  const withRules = [strict];
  const parseOnly = [{ ...strict, rules: {} }];
  const noopPlugin = { rules: { noop: { meta: { type: 'problem', schema: [] }, create: () => ({}) } } };
  const noopRule = [{ ...strict, plugins: { bench: noopPlugin }, rules: { 'bench/noop': 'error' } }];
  const linter = new Linter();

  const configs = [parseOnly, noopRule, withRules];

  const lintOne = (file, config, stats = false) => {
    // ESLint records stats only through verifyAndFix; with fix off it lints exactly once.
    const messages = stats
      ? linter.verifyAndFix(file.text, config, { filename: file.relativePath, stats, fix: false }).messages
      : linter.verify(file.text, config, { filename: file.relativePath });
    // A parse error or an unmatched file would make the timing meaningless: stop instead.
    const fatal = messages.find((m) => m.fatal || m.message.startsWith('No matching configuration'));
    if (fatal) throw new Error(`bench: ${file.relativePath}:${fatal.line}: ${fatal.message}`);
  };

  // One round lints every file under each configuration in turn, rotating which goes first, and
  // bills each configuration only its own verify calls. Alternating whole-corpus runs instead
  // let garbage collection of one run land in the next and load spikes hit one configuration:
  // two identical parse-only runs then differed by 15 %, more than the rules cost.
  const round = (offset) => {
    const elapsed = configs.map(() => 0);
    files.forEach((file, i) => {
      for (let j = 0; j < configs.length; j++) {
        const k = (i + j + offset) % configs.length;
        const start = performance.now();
        lintOne(file, configs[k]);
        elapsed[k] += performance.now() - start;
      }
    });
    return elapsed;
  };

  const ruleTimes = () => {
    const times = { parse: 0, rules: {} };
    for (const file of files) {
      lintOne(file, withRules, true);
      for (const pass of linter.getTimes().passes) {
        times.parse += pass.parse?.total ?? 0;
        for (const [rule, { total }] of Object.entries(pass.rules ?? {}))
          times.rules[rule] = (times.rules[rule] ?? 0) + total;
      }
    }
    return times;
  };

  // Warm the JIT and the parser's caches before anything is counted.
  round(0);
  const baseline = [];
  const noop = [];
  const rules = [];
  const ratios = [];
  for (let i = 0; i < runs; i++) {
    const [b, n, r] = round(i + 1);
    baseline.push(b);
    noop.push(n);
    rules.push(r);
    ratios.push(r / b);
  }
  const times = ruleTimes();
  const baselineMedian = median(baseline);
  const rulesMedian = median(rules);
  return {
    files: files.length,
    lines: countLines(files),
    runs,
    baselineMs: baselineMedian,
    noopMs: median(noop),
    rulesMs: rulesMedian,
    // The median of each round's ratio: both sides of a ratio were measured side by side.
    ratio: median(ratios),
    ratioOverNoop: median(rules.map((r, i) => r / noop[i])),
    parseMs: times.parse,
    ruleMs: Object.fromEntries(Object.entries(times.rules).sort(([, a], [, b]) => b - a)),
  };
}

export function formatLintOverhead(result) {
  const lines = [
    `lint-overhead: ${result.files} files, ${result.lines.toLocaleString('en')} lines, ${result.runs} rounds (configurations interleaved file by file)`,
    `  parse only (no rules)   median ${(result.baselineMs / 1000).toFixed(2)} s`,
    `  one no-op rule          median ${(result.noopMs / 1000).toFixed(2)} s   (what any rule at all costs: ESLint's rule set-up)`,
    `  all leakproof rules     median ${(result.rulesMs / 1000).toFixed(2)} s`,
    `  ratio ${result.ratio.toFixed(3)} over parse only (target <= ${TARGET_RATIO.toFixed(2)})${result.ratio > TARGET_RATIO ? '  OVER TARGET' : ''}`,
    `  ratio ${result.ratioOverNoop.toFixed(3)} over ESLint with one no-op rule (what the rules themselves add to any real config)`,
    `  per rule, as a share of parse time (ESLint stats; parse ${(result.parseMs / 1000).toFixed(2)} s):`,
  ];
  for (const [rule, ms] of Object.entries(result.ruleMs)) {
    lines.push(
      `    ${rule.padEnd(36)} ${((ms / result.parseMs) * 100).toFixed(2).padStart(6)} %  (${ms.toFixed(0)} ms)`,
    );
  }
  return lines.join('\n');
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const argv = process.argv.slice(2);
  // --project <root>: the project index's cost (cold, warm, pre-commit), see index-overhead.mjs;
  // --bench-rule-only skips the real rules, --precommit-runs 0 the fresh-process pre-commit pairs.
  const project = flag(argv, 'project');
  if (project) {
    const { measureIndexOverhead, formatIndexOverhead } = await import('./index-overhead.mjs');
    const result = measureIndexOverhead({
      root: project,
      runs: Number(flag(argv, 'runs', '1')),
      file: flag(argv, 'file'),
      warmOnly: argv.includes('--warm-only'),
      realRules: !argv.includes('--bench-rule-only'),
      precommitRuns: Number(flag(argv, 'precommit-runs', '3')),
    });
    console.log(argv.includes('--json') ? JSON.stringify(result, null, 2) : formatIndexOverhead(result));
    process.exit(0);
  }
  const result = measureLintOverhead({ corpus: flag(argv, 'corpus'), runs: Number(flag(argv, 'runs', '5')) });
  console.log(argv.includes('--json') ? JSON.stringify(result, null, 2) : formatLintOverhead(result));
}
