#!/usr/bin/env node
// Lints checked-out public codebases with the strict config (no type information) and records,
// per codebase: files, findings per rule, and crashes (a rule that throws on a file the parser
// accepts). Findings go to a TSV ready for labelling (bench/labels/ keeps the labelled ones).
//
//   node bench/real-code.mjs --out bench/results /tmp/real/fastify__fastify@<commit> ...
//
// Each argument is a directory, optionally followed by @<commit> to record in the TSV. The code
// of those codebases is never copied into this repository; only file, line, rule and verdict are.
import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { basename, join, relative, resolve, sep } from 'node:path';
import { Linter } from 'eslint';
import plugin from '../dist/src/index.js';
import { isVersionedCopyName } from '../dist/src/core/source-files.js';
import { flag, sourceFilesUnder } from './corpus.mjs';

const IGNORE = [
  '**/node_modules/**',
  '**/dist/**',
  '**/build/**',
  '**/coverage/**',
  '**/vendor/**',
  '**/*.min.js',
  '**/*.d.ts',
  '**/*.d.mts',
  '**/*.d.cts',
  '**/*.bundle.js',
  '**/*.chunk.js',
];
const MAX_BYTES = 1024 * 1024;

export function lintCodebase(dir, { config = plugin.configs.strict, projectIndex = false } = {}) {
  const name = basename(dir);
  // The files are linted under their real paths, as `leakproof check` in the codebase would: the
  // index reads their neighbours, and the rules the nearest package.json (is this a library?). The
  // codebase is the linter's cwd, so the config's globs still match.
  const linter = new Linter({ cwd: dir });
  if (projectIndex) config = { ...config, settings: { leakproof: { projectIndex: { cache: false } } } };
  const linterOptions = { noInlineConfig: true, reportUnusedDisableDirectives: 'off' };
  // As `leakproof check` skips a release kept as it shipped (`pdfjs-4.3.136/`) with vendor/.
  const files = sourceFilesUnder(dir, IGNORE).filter(
    (file) => !relative(dir, file).split(sep).slice(0, -1).some(isVersionedCopyName),
  );
  const findings = [];
  const crashes = [];
  let linted = 0;
  let parseErrors = 0;
  for (const file of files) {
    if (statSync(file).size > MAX_BYTES) continue;
    const rel = relative(dir, file);
    const text = readFileSync(file, 'utf8');
    try {
      const filename = join(dir, rel);
      const messages = linter.verify(text, [{ ...config, linterOptions }], { filename });
      linted++;
      for (const m of messages) {
        if (m.fatal) {
          parseErrors++;
          continue;
        }
        // Notices about the codebase's own eslint comments (inline config is off) are not findings.
        if (m.ruleId === null) continue;
        findings.push({ path: rel, line: m.line, column: m.column, rule: m.ruleId, message: m.message });
      }
    } catch (error) {
      crashes.push({
        path: rel,
        error: String(error?.stack ?? error)
          .split('\n')
          .slice(0, 4)
          .join(' | '),
      });
    }
  }
  return { name, files: linted, parseErrors, findings, crashes };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const argv = process.argv.slice(2);
  const out = flag(argv, 'out', 'bench/results');
  const targets = argv.filter((a, i) => !a.startsWith('--') && argv[i - 1] !== '--out');
  // --project-index: lint with settings.leakproof.projectIndex on (the files under their real paths).
  mkdirSync(out, { recursive: true });
  const rules = Object.keys(plugin.configs.strict.rules);
  const rows = [];
  for (const target of targets) {
    const [path, commit = ''] = target.split('@');
    // Absolute, as the project index (and ESLint's cwd) needs it.
    const dir = resolve(path);
    const result = lintCodebase(dir, { projectIndex: argv.includes('--project-index') });
    const tsv = [
      'repository\tcommit\tpath\tline\trule\tmessage',
      ...result.findings.map((f) =>
        [result.name, commit, f.path, f.line, f.rule, f.message.replace(/\s+/g, ' ')].join('\t'),
      ),
    ];
    writeFileSync(join(out, `${result.name}.findings.tsv`), `${tsv.join('\n')}\n`);
    if (result.crashes.length)
      writeFileSync(
        join(out, `${result.name}.crashes.txt`),
        result.crashes.map((c) => `${c.path}: ${c.error}`).join('\n'),
      );
    const perRule = Object.fromEntries(rules.map((r) => [r, result.findings.filter((f) => f.rule === r).length]));
    rows.push({
      codebase: result.name,
      files: result.files,
      parseErrors: result.parseErrors,
      crashes: result.crashes.length,
      ...perRule,
    });
    console.log(
      `${result.name}: ${result.files} files, ${result.findings.length} findings, ${result.crashes.length} crashes, ${result.parseErrors} parse errors`,
    );
  }
  console.table(rows);
}
