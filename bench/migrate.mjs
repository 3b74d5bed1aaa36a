#!/usr/bin/env node
// Time of `leakproof migrate` (dry run, every codemod) on the benchmark corpus against a no-op
// jscodeshift transform that only parses, on the same files with the same worker count, in
// alternating runs. Prints the medians and the ratio (target <= 2.0). Never asserted in tests.
import { spawnSync } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { CORPUS_SOURCES, flag, loadCorpus, median, repoRoot } from './corpus.mjs';

export const TARGET_RATIO = 2.0;

/** @param {{ corpus?: string; runs?: number; jobs?: number }} [options] */
export function measureMigrate({ corpus, runs = 3, jobs = availableParallelism() } = {}) {
  const dirs = corpus ? [resolve(corpus)] : CORPUS_SOURCES.map((source) => join(repoRoot, 'node_modules', source));
  const files = loadCorpus(corpus).length;
  const time = (command, args) => {
    const start = performance.now();
    const result = spawnSync(process.execPath, [command, ...args], {
      // A corpus under tests/fixtures/ is run from its own folder: from ours its files are test code.
      cwd: corpus ? resolve(corpus) : repoRoot,
      encoding: 'utf8',
      maxBuffer: 512 * 1024 * 1024,
    });
    if (result.status !== 0 && result.status !== 1)
      throw new Error(`bench: ${command} exited ${result.status}: ${result.stderr.split('\n')[0]}`);
    return performance.now() - start;
  };
  const leakproof = () =>
    time(join(repoRoot, 'dist', 'src', 'cli', 'main.js'), [
      'migrate',
      '--strict',
      '--quiet',
      '--jobs',
      String(jobs),
      ...dirs,
    ]);
  const jscodeshift = () =>
    time(join(repoRoot, 'node_modules', 'jscodeshift', 'bin', 'jscodeshift.js'), [
      '-t',
      join(repoRoot, 'bench', 'noop-transform.cjs'),
      '--cpus',
      String(jobs),
      '--dry',
      '--silent',
      '--no-babel',
      '--extensions',
      'js,mjs,cjs,jsx,ts,mts,cts,tsx',
      '--ignore-pattern',
      '**/*.d.ts',
      ...dirs,
    ]);
  const ours = [];
  const baseline = [];
  for (let i = 0; i < runs; i++) {
    baseline.push(jscodeshift());
    ours.push(leakproof());
  }
  return {
    files,
    jobs,
    runs,
    baselineMs: median(baseline),
    migrateMs: median(ours),
    ratio: median(ours) / median(baseline),
  };
}

export function formatMigrate(result) {
  return [
    `migrate: ${result.files} files, ${result.jobs} workers, ${result.runs} alternating runs`,
    `  jscodeshift, no-op transform (parse only)   median ${(result.baselineMs / 1000).toFixed(2)} s`,
    `  leakproof migrate (dry run, all codemods)   median ${(result.migrateMs / 1000).toFixed(2)} s`,
    `  ratio ${result.ratio.toFixed(3)} (target <= ${TARGET_RATIO.toFixed(1)})${result.ratio > TARGET_RATIO ? '  OVER TARGET' : ''}`,
  ].join('\n');
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const argv = process.argv.slice(2);
  const result = measureMigrate({
    corpus: flag(argv, 'corpus'),
    runs: Number(flag(argv, 'runs', '3')),
    jobs: Number(flag(argv, 'jobs', String(availableParallelism()))),
  });
  console.log(argv.includes('--json') ? JSON.stringify(result, null, 2) : formatMigrate(result));
}
