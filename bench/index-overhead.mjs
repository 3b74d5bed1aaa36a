// What the project index (src/project/, through projectFactsFor) adds to a lint, as ratios over
// a parse-only lint of the same files in the same process (ESLint with the strict config's parser
// and no rules). The index side runs one bench rule that asks what rules will ask: how often the
// code of every `new` runs, and where the key of every `.set(key, …)` comes from. Phases:
//   cold        a fresh process, no disk cache: the first question builds the index;
//   warm        a fresh process, the cache written by the cold run;
//   pre-commit  a fresh process, warm cache, one file linted (an editor or a lint-staged hook).
// Each phase lints file by file, alternating the two configurations, so load spikes hit both.
// Timing is printed, never asserted: CI only checks that this script still runs.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Linter } from 'eslint';
import plugin from '../dist/src/index.js';
import { collectSourceFiles } from '../dist/src/cli/files.js';
import { forgetProjectFacts, projectFactsFor } from '../dist/src/project/for-rule.js';
import { readFileSync } from 'node:fs';
import { median } from './corpus.mjs';

export const TARGETS = { cold: 1.1, warm: 1.05 };

/** The questions a rule asks, counted so a run that answered nothing is visible. */
function questionsRule(tally) {
  return {
    meta: { type: 'problem', schema: [] },
    create(context) {
      let facts;
      const ask = () => {
        facts ??= projectFactsFor(context);
        if (!facts.available) tally[`fallback ${facts.reason}`] = (tally[`fallback ${facts.reason}`] ?? 0) + 1;
        return facts.available ? facts : undefined;
      };
      return {
        NewExpression(node) {
          const kind = ask()?.frequencyAt(context.filename, node.range).kind;
          if (kind) tally[`frequency ${kind}`] = (tally[`frequency ${kind}`] ?? 0) + 1;
        },
        'CallExpression[callee.property.name="set"][arguments.length=2]'(node) {
          const kind = ask()?.keyProvenanceAt(context.filename, node.arguments[0].range).kind;
          if (kind) tally[`key ${kind}`] = (tally[`key ${kind}`] ?? 0) + 1;
        },
      };
    },
  };
}

/** @param {{ root: string; runs?: number; file?: string }} options */
export function measureIndexOverhead({ root, runs = 1, file }) {
  root = resolve(root);
  const files = collectSourceFiles([root], root).map((path) => ({ path, text: readFileSync(path, 'utf8') }));
  const one = file ? files.find((f) => f.path === resolve(root, file)) : files[Math.floor(files.length / 2)];
  if (!one) throw new Error(`bench: ${file} is not a source file of ${root}`);
  const linterOptions = { noInlineConfig: true, reportUnusedDisableDirectives: 'off' };
  const strict = { ...plugin.configs.strict, linterOptions };
  /** @type {Record<string, number>} */
  const tally = {};
  const parseOnly = [{ ...strict, rules: {} }];
  const withIndex = (cacheDir) => [
    { ...strict, rules: {}, plugins: { bench: { rules: { questions: questionsRule(tally) } } }, settings: { leakproof: { projectIndex: { cacheDir } } } },
    { rules: { 'bench/questions': 'error' } },
  ];
  const linter = new Linter({ cwd: root });
  let fatal = 0;
  const lint = (f, config) => {
    const start = performance.now();
    const messages = linter.verify(f.text, config, { filename: f.path });
    const ms = performance.now() - start;
    if (messages.some((m) => m.fatal)) fatal++;
    return ms;
  };
  /** Lints `list` under both configurations, alternating which goes first; returns [parse-only ms, index ms]. */
  const phase = (list, config) => {
    const totals = [0, 0];
    list.forEach((f, i) => {
      const order = i % 2 ? [1, 0] : [0, 1];
      for (const k of order) totals[k] += lint(f, k === 0 ? parseOnly : config);
    });
    return totals;
  };

  // Warm the JIT and ESLint on a few files (the index is built and thrown away).
  const scratch = mkdtempSync(join(tmpdir(), 'leakproof-overhead-'));
  phase(files.slice(0, 20), withIndex(join(scratch, 'warm-up')));
  const result = { files: files.length, runs, cold: [], warm: [], precommit: [], precommitMs: [], coldMs: [], warmMs: [], baselineMs: [] };
  for (let run = 0; run < runs; run++) {
    const cacheDir = join(scratch, `run-${run}`);
    forgetProjectFacts();
    const [base, cold] = phase(files, withIndex(cacheDir));
    forgetProjectFacts();
    const [base2, warm] = phase(files, withIndex(cacheDir));
    forgetProjectFacts();
    const [oneBase, oneIndex] = phase([one], withIndex(cacheDir));
    result.cold.push(cold / base);
    result.warm.push(warm / base2);
    result.precommit.push(oneIndex / oneBase);
    result.precommitMs.push(oneIndex);
    result.coldMs.push(cold);
    result.warmMs.push(warm);
    result.baselineMs.push((base + base2) / 2);
  }
  forgetProjectFacts();
  rmSync(scratch, { recursive: true, force: true });
  return {
    root,
    files: files.length,
    runs,
    file: relative(root, one.path),
    fatal,
    baselineMs: median(result.baselineMs),
    coldMs: median(result.coldMs),
    warmMs: median(result.warmMs),
    cold: median(result.cold),
    warm: median(result.warm),
    precommit: median(result.precommit),
    precommitMs: median(result.precommitMs),
    questions: tally,
  };
}

export function formatIndexOverhead(r) {
  const over = (ratio, target) => (ratio > target ? '  OVER TARGET' : '');
  return [
    `index-overhead: ${r.root}, ${r.files} files, ${r.runs} run(s); every \`new\` and \`.set(key, …)\` asks the index`,
    `  parse only (no rules)        ${(r.baselineMs / 1000).toFixed(2)} s`,
    `  cold  (no cache)             ${(r.coldMs / 1000).toFixed(2)} s   ratio ${r.cold.toFixed(3)} (target <= ${TARGETS.cold.toFixed(2)})${over(r.cold, TARGETS.cold)}`,
    `  warm  (disk cache)           ${(r.warmMs / 1000).toFixed(2)} s   ratio ${r.warm.toFixed(3)} (target <= ${TARGETS.warm.toFixed(2)})${over(r.warm, TARGETS.warm)}`,
    `  pre-commit (one file, warm)  ${r.precommitMs.toFixed(0)} ms  ratio ${r.precommit.toFixed(2)} over parsing ${r.file} alone`,
    `  questions answered: ${Object.entries(r.questions).map(([k, n]) => `${k} ${n}`).join(', ') || 'none'}${r.fatal ? `; ${r.fatal} files did not parse` : ''}`,
  ].join('\n');
}
