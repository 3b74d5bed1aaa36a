// The pre-commit case: one file of a project linted by a fresh process (a lint-staged hook, an
// editor's first lint) with the real rules (strict config), the index off against the index on
// with a warm disk cache. Each side runs in processes of its own, alternating, so module loading
// and the JIT start cold as they do for a user. A child reports the CPU of the lint call alone and
// of its whole process (loading ESLint and the plugin included).
// Timing is printed, never asserted: CI only checks that this script still runs.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { median } from './corpus.mjs';

const self = fileURLToPath(import.meta.url);

/**
 * The text a changed file is linted with: a line added at its top, so it differs from what the
 * warm cache holds (what a pre-commit hook sees: the staged file was edited since the last lint).
 */
export const changedText = (text) => `// edited since the last lint\n${text}`;

/** In a child: lints `file` once and prints `{ lintMs, processMs, findings, fatal }` (CPU ms). */
async function lintOne(root, file, cacheDir, changed) {
  const { Linter } = await import('eslint');
  const { default: plugin } = await import('../dist/src/index.js');
  const linterOptions = { noInlineConfig: true, reportUnusedDisableDirectives: 'off' };
  const projectIndex = cacheDir ? { cacheDir } : false;
  const config = [{ ...plugin.configs.strict, linterOptions, settings: { leakproof: { projectIndex } } }];
  const read = readFileSync(file, 'utf8');
  const text = changed ? changedText(read) : read;
  const start = process.cpuUsage();
  const messages = new Linter({ cwd: root }).verify(text, config, { filename: file });
  const lint = process.cpuUsage(start);
  const whole = process.cpuUsage();
  const ms = ({ user, system }) => (user + system) / 1000;
  const fatal = messages.filter((m) => m.fatal).length;
  console.log(JSON.stringify({ lintMs: ms(lint), processMs: ms(whole), findings: messages.length - fatal, fatal }));
}

function child(root, file, cacheDir, changed) {
  // A changed file's lint links again and writes the links it found: each child gets its own copy of the warm cache.
  const copy = changed && cacheDir ? mkdtempSync(join(tmpdir(), 'leakproof-precommit-')) : undefined;
  if (copy) cpSync(cacheDir, copy, { recursive: true });
  const args = [
    self,
    changed ? '--lint-one-changed' : '--lint-one',
    root,
    file,
    ...(cacheDir ? [copy ?? cacheDir] : []),
  ];
  try {
    const { stdout, stderr, status } = spawnSync(process.execPath, args, { encoding: 'utf8' });
    if (status !== 0) throw new Error(`bench: pre-commit child failed: ${stderr}`);
    return JSON.parse(stdout.trim().split('\n').at(-1));
  } finally {
    if (copy) rmSync(copy, { recursive: true, force: true });
  }
}

/**
 * `runs` pairs of fresh processes linting `file` (absolute) of `root`, index off then on, the order
 * alternating by pair; `cacheDir` must already hold the project's warm cache. Ratios are on / off
 * of each pair, then the median. `changed`: the file is linted with a line added (changedText), so
 * the index parses it again and links the project again, each child from its own copy of the cache.
 */
export function measurePrecommit({ root, file, cacheDir, runs = 3, changed = false }) {
  const pairs = [];
  for (let i = 0; i < runs; i++) {
    const order = i % 2 === 0 ? ['off', 'on'] : ['on', 'off'];
    const pair = {};
    for (const side of order) pair[side] = child(root, file, side === 'on' ? cacheDir : undefined, changed);
    pairs.push(pair);
  }
  const of = (side, key) => pairs.map((p) => p[side][key]);
  const ratios = (key) => pairs.map((p) => p.on[key] / p.off[key]);
  return {
    runs,
    changed,
    lintMs: { off: of('off', 'lintMs'), on: of('on', 'lintMs') },
    processMs: { off: of('off', 'processMs'), on: of('on', 'processMs') },
    lintRatio: ratios('lintMs'),
    processRatio: ratios('processMs'),
    findings: { off: pairs[0].off.findings, on: pairs[0].on.findings },
    fatal: pairs.reduce((n, p) => n + p.on.fatal + p.off.fatal, 0),
  };
}

export function formatPrecommit(r, label) {
  const list = (values, digits = 0) => values.map((v) => v.toFixed(digits)).join(', ');
  const med = (values, digits = 0) => median(values).toFixed(digits);
  return [
    `  pre-commit, real rules, fresh processes (${label}${r.changed ? ', changed since the cache' : ''}), ${r.runs} pairs, CPU:`,
    `    the lint call   index off ${med(r.lintMs.off)} ms (${list(r.lintMs.off)}), on ${med(r.lintMs.on)} ms (${list(r.lintMs.on)}): on / off ${med(r.lintRatio, 3)} (${list(r.lintRatio, 3)})`,
    `    whole process   index off ${med(r.processMs.off)} ms (${list(r.processMs.off)}), on ${med(r.processMs.on)} ms (${list(r.processMs.on)}): on / off ${med(r.processRatio, 3)} (${list(r.processRatio, 3)})`,
    `    findings ${r.findings.on} with the index, ${r.findings.off} without${r.fatal ? `; ${r.fatal} fatal` : ''}`,
  ].join('\n');
}

const childMode = ['--lint-one', '--lint-one-changed'].includes(process.argv[2]);
if (childMode && process.argv[1] === self) {
  const [root, file, cacheDir] = process.argv.slice(3);
  await lintOne(root, file, cacheDir, process.argv[2] === '--lint-one-changed');
}

// node bench/precommit-overhead.mjs <root> <file> <cacheDir> [pairs] [--changed]: the pre-commit
// case alone, for a large project whose whole-lint phases take too long (the cache must be warm);
// --changed lints the file with a line added, as a hook sees a file edited since the last lint.
if (process.argv[1] === self && !childMode && process.argv.length >= 5) {
  const changed = process.argv.includes('--changed');
  const [root, file, cacheDir, runs = '3'] = process.argv.slice(2).filter((arg) => arg !== '--changed');
  const { resolve } = await import('node:path');
  const options = { root: resolve(root), file: resolve(root, file), cacheDir, runs: Number(runs), changed };
  console.log(formatPrecommit(measurePrecommit(options), file));
}
