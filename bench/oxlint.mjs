#!/usr/bin/env node
// oxlint + this plugin (its JS plugins) against ESLint + this plugin, both as users run them: each
// linter's own CLI, default threading, over a copy of the corpus, the strict config's rules and
// options on both sides. Runs alternate (ESLint, oxlint, ESLint, …) so load hits both alike; the
// ratio is ESLint's median wall time over oxlint's. Both must report the same findings (rule, file,
// line, column), or the timing compares different work and the script stops. Timing is printed,
// never asserted.
//
//   node bench/oxlint.mjs [--runs 5] [--corpus <dir>] [--json]
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, sep } from 'node:path';
import { performance } from 'node:perf_hooks';
import plugin from '../dist/src/index.js';
import { countLines, flag, loadCorpus, median, repoRoot } from './corpus.mjs';

const OXLINT = join(repoRoot, 'node_modules', 'oxlint', 'bin', 'oxlint');
const ESLINT = join(repoRoot, 'node_modules', 'eslint', 'bin', 'eslint.js');

/** A project folder holding the corpus under corpus/, this package as eslint-plugin-leakproof, and both linters' configs. */
function prepareProject(files) {
  const dir = mkdtempSync(join(tmpdir(), 'leakproof-bench-oxlint-'));
  for (const file of files) {
    const target = join(dir, 'corpus', file.relativePath.replace(/^corpus\//, ''));
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, file.text);
  }
  mkdirSync(join(dir, 'node_modules'), { recursive: true });
  symlinkSync(repoRoot, join(dir, 'node_modules', 'eslint-plugin-leakproof'), 'dir');
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'bench-oxlint', private: true, type: 'module' }));
  // The corpus's own eslint comments name rules neither config has: inline config off on both sides.
  writeFileSync(
    join(dir, 'eslint.config.js'),
    `import leakproof from 'eslint-plugin-leakproof';\nexport default [{ ...leakproof.configs.strict, linterOptions: { noInlineConfig: true, reportUnusedDisableDirectives: 'off' } }];\n`,
  );
  // oxlint's own rules off: only this plugin's rules run, as under ESLint.
  writeFileSync(
    join(dir, '.oxlintrc.json'),
    JSON.stringify({
      jsPlugins: ['eslint-plugin-leakproof'],
      categories: { correctness: 'off' },
      plugins: [],
      rules: plugin.configs.strict.rules,
    }),
  );
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

const posix = (path) => path.split(sep).join('/');

function run(cli, args, cwd) {
  const start = performance.now();
  const result = spawnSync(process.execPath, [cli, ...args], { cwd, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  const ms = performance.now() - start;
  if (result.status !== 0 && result.status !== 1)
    throw new Error(`bench: ${cli} exited ${result.status}: ${result.stderr}`);
  return { ms, stdout: result.stdout };
}

/**
 * ESLint's results (its JSON output, or lintFiles' results) as `file:line:column rule` lines,
 * sorted; `dir` is the folder paths are made relative to. Notices that an inline comment has no
 * effect (inline config off) are not findings; parse errors are kept so a comparison shows them.
 */
export function eslintFindings(results, dir) {
  return results
    .flatMap((result) =>
      result.messages
        .filter((m) => m.ruleId || m.fatal)
        .map(
          (m) => `${posix(relative(dir, result.filePath))}:${m.line}:${m.column} ${m.ruleId ?? `null: ${m.message}`}`,
        ),
    )
    .sort();
}

/** oxlint's `--format json` output in the same form: its `leakproof(rule)` codes become rule ids. */
export function oxlintFindings(stdout) {
  return JSON.parse(stdout)
    .diagnostics.map((d) => {
      const rule = (d.code ?? 'no-code').replace(/^([\w-]+)\(([\w-]+)\)$/, '$1/$2');
      const start = d.labels[0]?.span;
      return start
        ? `${posix(d.filename)}:${start.line}:${start.column} ${rule}`
        : `${posix(d.filename)} ${rule}: ${d.message.split('\n')[0]}`;
    })
    .sort();
}

/** @param {{ corpus?: string; runs?: number }} [options] */
export function measureOxlint({ corpus, runs = 5 } = {}) {
  const files = loadCorpus(corpus);
  const project = prepareProject(files);
  try {
    const eslintArgs = ['--format', 'json', 'corpus'];
    const oxlintArgs = ['--format', 'json', 'corpus'];
    const eslintMs = [];
    const oxlintMs = [];
    let findings;
    for (let i = 0; i < runs; i++) {
      const eslint = run(ESLINT, eslintArgs, project.dir);
      const oxlint = run(OXLINT, oxlintArgs, project.dir);
      eslintMs.push(eslint.ms);
      oxlintMs.push(oxlint.ms);
      if (i > 0) continue;
      const fromEslint = eslintFindings(JSON.parse(eslint.stdout), project.dir);
      const fromOxlint = oxlintFindings(oxlint.stdout);
      const onlyEslint = fromEslint.filter((f) => !fromOxlint.includes(f));
      const onlyOxlint = fromOxlint.filter((f) => !fromEslint.includes(f));
      if (onlyEslint.length || onlyOxlint.length) {
        throw new Error(
          `bench: the linters disagree.\nonly ESLint:\n${onlyEslint.join('\n')}\nonly oxlint:\n${onlyOxlint.join('\n')}`,
        );
      }
      findings = fromEslint.length;
    }
    const eslint = median(eslintMs);
    const oxlint = median(oxlintMs);
    return {
      files: files.length,
      lines: countLines(files),
      runs,
      findings,
      eslintMs: eslint,
      oxlintMs: oxlint,
      ratio: eslint / oxlint,
    };
  } finally {
    project.remove();
  }
}

export function formatOxlint(result) {
  const seconds = (ms) => `${(ms / 1000).toFixed(2)} s`;
  return [
    `oxlint vs ESLint, this plugin's strict rules: ${result.files} files, ${result.lines} lines, ${result.runs} runs, ${result.findings} findings (identical)`,
    `  ESLint ${seconds(result.eslintMs)}, oxlint ${seconds(result.oxlintMs)} (medians): ESLint takes ${result.ratio.toFixed(2)}x oxlint's time`,
  ].join('\n');
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const argv = process.argv.slice(2);
  const result = measureOxlint({ corpus: flag(argv, 'corpus'), runs: Number(flag(argv, 'runs', '5')) });
  console.log(argv.includes('--json') ? JSON.stringify(result, null, 2) : formatOxlint(result));
}
