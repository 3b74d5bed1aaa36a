#!/usr/bin/env node
// The project index (src/project/): what building it costs, as ratios against parsing the same
// files in the same process with @typescript-eslint/typescript-estree (what ESLint's TS parser
// runs; the parse-only baseline of bench/lint-overhead.mjs). Prints medians and ratios for
//   - oxc-parser alone over the same files (the parser the index uses),
//   - a cold build (no cache: parse, extract, resolve, link, propagate),
//   - a warm build (every file from the disk cache: read, hash, resolve, link, propagate),
//   - the pre-commit case: a warm build in a fresh index, then the answer for one file,
// and, with --memory, each phase's peak RSS in a child process of its own.
// Timing is printed, never asserted: CI only checks that this script still runs.
//
//   node bench/project-index.mjs --root <project> [--runs 3] [--memory] [--file <path in project>]
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { parse as parseEstree } from '@typescript-eslint/typescript-estree';
import { parseSync as parseOxc } from 'oxc-parser';
import { walkSourceFiles } from '../dist/src/core/source-files.js';
import { ProjectIndex } from '../dist/src/project/index.js';
import { flag, median } from './corpus.mjs';

const estreeOptions = (path) => ({
  filePath: path,
  range: true,
  loc: true,
  tokens: true,
  comment: true,
  jsx: !/\.(ts|mts|cts)$/.test(path),
});

/** Parses every file with one parser; returns the number that failed (so a broken file is visible, not silently cheap). */
function parseAll(files, parser) {
  let failed = 0;
  for (const { path, text } of files) {
    try {
      if (parser === 'oxc') {
        // `program` is deserialised on first read: read it, as the index does.
        const result = parseOxc(path, text);
        if (result.program.body === undefined || result.errors.length > 0) failed++;
      } else parseEstree(text, estreeOptions(path));
    } catch {
      failed++;
    }
  }
  return failed;
}

/** Wall time and CPU time (user + system, every thread of the process): on a shared machine the CPU time is the steadier figure. */
const timed = (fn) => {
  const start = performance.now();
  const cpu = process.cpuUsage();
  const value = fn();
  const used = process.cpuUsage(cpu);
  return { ms: performance.now() - start, cpuMs: (used.user + used.system) / 1000, value };
};

/** @param {{ root: string; runs?: number; file?: string }} options */
export function measureProjectIndex({ root, runs = 3, file }) {
  root = resolve(root);
  const paths = walkSourceFiles(root).files;
  const files = paths.map((path) => ({ path, text: readFileSync(path, 'utf8') }));
  const target = file ? resolve(root, file) : paths[Math.floor(paths.length / 2)];
  const cacheDir = mkdtempSync(join(tmpdir(), 'leakproof-index-bench-'));
  const rounds = { estree: [], oxc: [], cold: [], warm: [], answer: [] };
  const cpuRounds = { estree: [], oxc: [], cold: [], warm: [], answer: [] };
  let failures = {};
  let stats;
  let answer;
  try {
    for (let round = 0; round <= runs; round++) {
      const estree = timed(() => parseAll(files, 'estree'));
      const oxc = timed(() => parseAll(files, 'oxc'));
      rmSync(cacheDir, { recursive: true, force: true });
      const cold = timed(() => {
        const index = ProjectIndex.build(root, { cacheDir });
        index.frequencyOf(target, 0);
        return index;
      });
      const warm = timed(() => {
        const index = ProjectIndex.build(root, { cacheDir });
        index.frequencyOf(target, 0);
        return index;
      });
      // Round 0 warms the JIT and the file system cache and is not counted.
      if (round === 0) continue;
      failures = { estree: estree.value, oxc: oxc.value };
      stats = { cold: cold.value.stats, warm: warm.value.stats };
      // The pre-commit case: the answer for one file once the warm index is built (linking included).
      const fresh = ProjectIndex.build(root, { cacheDir });
      const query = timed(() => fresh.frequencyOf(target, Math.floor(readFileSync(target, 'utf8').length / 2)));
      answer = query.value;
      for (const [name, measured] of Object.entries({ estree, oxc, cold, warm, answer: query })) {
        rounds[name].push(measured.ms);
        cpuRounds[name].push(measured.cpuMs);
      }
    }
  } finally {
    rmSync(cacheDir, { recursive: true, force: true });
  }
  const ms = Object.fromEntries(Object.entries(rounds).map(([name, values]) => [name, median(values)]));
  const cpuMs = Object.fromEntries(Object.entries(cpuRounds).map(([name, values]) => [name, median(values)]));
  const ratiosOf = (t) => ({
    oxc: t.oxc / t.estree,
    cold: t.cold / t.estree,
    warm: t.warm / t.estree,
    preCommit: (t.warm + t.answer) / t.estree,
  });
  return {
    root,
    files: files.length,
    lines: files.reduce((sum, f) => sum + f.text.split('\n').length, 0),
    ms,
    cpuMs,
    ratios: ratiosOf(ms),
    cpuRatios: ratiosOf(cpuMs),
    failures,
    parsedCold: stats.cold.parsed.length,
    parsedWarm: stats.warm.parsed.length,
    parseErrors: stats.cold.parseErrors.length,
    target,
    answer,
  };
}

/** Peak RSS (MB) of one phase run in a child process of its own. */
export function peakMemory(root, phase) {
  const script = fileURLToPath(import.meta.url);
  const child = spawnSync(process.execPath, [script, '--root', root, '--phase', phase], { encoding: 'utf8' });
  if (child.status !== 0) throw new Error(`bench: phase ${phase} failed: ${child.stderr}`);
  return Number(child.stdout.trim());
}

function runPhase(root, phase) {
  const paths = walkSourceFiles(root).files;
  if (phase === 'parse')
    parseAll(
      paths.map((path) => ({ path, text: readFileSync(path, 'utf8') })),
      'estree',
    );
  else {
    const cacheDir = join(tmpdir(), 'leakproof-index-bench-memory');
    if (phase === 'cold') rmSync(cacheDir, { recursive: true, force: true });
    ProjectIndex.build(root, { cacheDir }).frequencyOf(paths[0], 0);
  }
  console.log((process.resourceUsage().maxRSS / 1024).toFixed(0));
}

export function formatProjectIndex(result, memory) {
  const f = (ms) => `${(ms / 1000).toFixed(2)} s`.padStart(8);
  const row = (label, name, ratio) =>
    `  ${label.padEnd(44)} wall ${f(result.ms[name])}  cpu ${f(result.cpuMs[name])}${ratio ? `   ratio wall ${result.ratios[ratio].toFixed(3)}, cpu ${result.cpuRatios[ratio].toFixed(3)}` : ''}`;
  const lines = [
    `project index on ${result.root}: ${result.files} files, ${result.lines} lines (${result.parseErrors} with oxc parse errors)`,
    row('parse only, typescript-estree (baseline)', 'estree'),
    row('parse only, oxc-parser', 'oxc', 'oxc'),
    row(`index, cold (${result.parsedCold} files parsed)`, 'cold', 'cold'),
    row(`index, warm (${result.parsedWarm} files parsed)`, 'warm', 'warm'),
    row("one file's answer, first question on a warm index", 'answer'),
    `  pre-commit (warm build + one answer) ratio wall ${result.ratios.preCommit.toFixed(3)}, cpu ${result.cpuRatios.preCommit.toFixed(3)}`,
    `  answer for ${result.target.slice(result.root.length + 1)}: ${result.answer.kind}${result.answer.repeatKind ? ` (${result.answer.repeatKind})` : ''}`,
  ];
  if (memory)
    lines.push(`  peak RSS: parse only ${memory.parse} MB, index cold ${memory.cold} MB, index warm ${memory.warm} MB`);
  return lines.join('\n');
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const argv = process.argv.slice(2);
  const root = flag(argv, 'root');
  if (!root) {
    console.error('usage: node bench/project-index.mjs --root <project> [--runs 3] [--memory] [--file <path>]');
    process.exit(2);
  }
  const phase = flag(argv, 'phase');
  if (phase) runPhase(resolve(root), phase);
  else {
    const result = measureProjectIndex({ root, runs: Number(flag(argv, 'runs', '3')), file: flag(argv, 'file') });
    const memory = argv.includes('--memory')
      ? { parse: peakMemory(root, 'parse'), cold: peakMemory(root, 'cold'), warm: peakMemory(root, 'warm') }
      : undefined;
    console.log(formatProjectIndex(result, memory));
  }
}
