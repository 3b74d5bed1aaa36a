#!/usr/bin/env node
// Joins the findings of a real-code run (bench/real-code.mjs writes one TSV per codebase) with the
// labels in bench/labels/ and prints, per rule: findings, true and false positives, findings not
// labelled yet, precision, and the labelled findings the rules no longer report (a fixed false
// positive, or a true positive lost: both matter).
//
//   node bench/precision.mjs --labels bench/labels/real-code-strict.tsv bench/results/*.findings.tsv
//
// Exit code 1 when a finding has no label, so a run with new findings cannot be summarised as if
// every finding had been read.
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { flag } from './corpus.mjs';

/** `owner__name` (a checkout's folder) and `owner/name` are the same repository. */
const repositoryOf = (value) => value.replace('__', '/');
const ruleOf = (value) => value.replace(/^leakproof\//, '');
const keyOf = (row) => [repositoryOf(row.repository), row.path, row.line, ruleOf(row.rule)].join('\t');

/** Rows of a TSV with a header line, as objects keyed by the header's column names. */
export function readTsv(path) {
  const [header, ...lines] = readFileSync(path, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '');
  const columns = header.split('\t');
  return lines.map((line) => Object.fromEntries(line.split('\t').map((value, i) => [columns[i], value])));
}

/**
 * @param {{ repository: string; path: string; line: string; rule: string; verdict: string }[]} labels
 * @param {{ repository: string; path: string; line: string; rule: string }[]} findings
 * @param {string[]} [runRepositories] every codebase of the run (`owner__name` or `owner/name`), findings or not
 */
export function precisionByRule(labels, findings, runRepositories = []) {
  const verdicts = new Map(labels.map((label) => [keyOf(label), label.verdict]));
  // A codebase with no findings left has no rows: its name comes from the run (the TSV's file name).
  const repositories = new Set([
    ...runRepositories.map(repositoryOf),
    ...findings.map((finding) => repositoryOf(finding.repository)),
  ]);
  const reported = new Set(findings.map(keyOf));
  const rules = new Map();
  const rowOf = (rule) => {
    if (!rules.has(rule)) rules.set(rule, { rule, findings: 0, tp: 0, fp: 0, unlabelled: [], tpGone: [], fpGone: [] });
    return rules.get(rule);
  };
  for (const finding of findings) {
    const row = rowOf(ruleOf(finding.rule));
    row.findings++;
    const verdict = verdicts.get(keyOf(finding));
    if (verdict === 'TP') row.tp++;
    else if (verdict === 'FP') row.fp++;
    else row.unlabelled.push(`${repositoryOf(finding.repository)} ${finding.path}:${finding.line}`);
  }
  // Labels of the codebases in this run that no finding matches any more.
  for (const label of labels) {
    if (!repositories.has(repositoryOf(label.repository)) || reported.has(keyOf(label))) continue;
    const row = rowOf(ruleOf(label.rule));
    (label.verdict === 'TP' ? row.tpGone : row.fpGone).push(
      `${repositoryOf(label.repository)} ${label.path}:${label.line}`,
    );
  }
  return [...rules.values()]
    .map((row) => ({ ...row, precision: row.tp + row.fp === 0 ? undefined : row.tp / (row.tp + row.fp) }))
    .sort((a, b) => a.rule.localeCompare(b.rule));
}

export function formatPrecision(rows) {
  const lines = [
    '| rule | findings | TP | FP | unlabelled | precision | labelled TP no longer reported | labelled FP no longer reported |',
    '|---|---|---|---|---|---|---|---|',
  ];
  for (const row of rows) {
    const precision = row.precision === undefined ? '–' : `${(row.precision * 100).toFixed(0)} %`;
    lines.push(
      `| ${row.rule} | ${row.findings} | ${row.tp} | ${row.fp} | ${row.unlabelled.length} | ${precision} | ${row.tpGone.length} | ${row.fpGone.length} |`,
    );
  }
  for (const row of rows) {
    for (const where of row.unlabelled) lines.push(`unlabelled: ${row.rule} ${where}`);
    for (const where of row.tpGone) lines.push(`true positive no longer reported: ${row.rule} ${where}`);
  }
  return lines.join('\n');
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const argv = process.argv.slice(2);
  const labelsPath = flag(argv, 'labels', 'bench/labels/real-code-strict.tsv');
  const findingFiles = argv.filter((arg, i) => !arg.startsWith('--') && argv[i - 1] !== '--labels');
  const runRepositories = findingFiles.map((file) => basename(file).replace(/\.findings\.tsv$/, ''));
  const rows = precisionByRule(readTsv(labelsPath), findingFiles.flatMap(readTsv), runRepositories);
  console.log(formatPrecision(rows));
  if (rows.some((row) => row.unlabelled.length > 0)) process.exitCode = 1;
}
