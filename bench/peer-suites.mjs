#!/usr/bin/env node
// Holds our rules to peers' own test suites: a peer's valid cases are code its authors call safe
// (each one we report is a candidate false alarm), its invalid cases leaks they say must be found.
//
//   node bench/peer-suites.mjs <suite> <checkout> [--labels bench/labels/peer-suites.tsv] [--json] [--verbose]
//   node bench/peer-suites.mjs --file <test file> --rules no-listener-leak[,…] [--json]
//
// <suite> names a peer in SUITES below; <checkout> is a local copy of that peer's repository
// (fetched for the run, never committed). Cases are read from the test file's
// `ruleTester.run(name, rule, { valid, invalid })` without running it: string and template
// literals (tagged ones too: dedent, tsx, noFormat) and objects with such a `code`. A case built
// at run time (a template with substitutions, a spread) is counted as skipped, never dropped silently.
// Valid cases are linted with every rule of the strict config; invalid ones count as found when
// one of the rules the file is paired with reports them.
import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parse } from '@typescript-eslint/parser';
import { Linter } from 'eslint';
import plugin from '../dist/src/index.js';
import { flag } from './corpus.mjs';

/** Each peer suite: its test files (relative to the checkout) and the rules of ours that answer them. */
export const SUITES = {
  'typescript-eslint': {
    repo: 'typescript-eslint/typescript-eslint',
    files: [{ path: 'packages/eslint-plugin/tests/rules/no-floating-promises.test.ts', rules: ['no-floating-task'] }],
  },
  'eslint-plugin-listeners': {
    repo: 'foad/eslint-plugin-listeners',
    files: [
      'matching-remove-event-listener',
      'no-inline-function-event-listener',
      'no-missing-remove-event-listener',
    ].map((rule) => ({
      path: `tests/src/rules/${rule}.ts`,
      rules: ['no-listener-leak'],
    })),
  },
  'eslint-react': {
    repo: 'Rel1cx/eslint-react',
    files: [
      { rule: 'no-leaked-event-listener', rules: ['no-listener-leak'] },
      { rule: 'no-leaked-interval', rules: ['no-untracked-interval'] },
      // We have no rule for timeouts: their valid cases still count, their invalid ones are out of scope.
      { rule: 'no-leaked-timeout', rules: [] },
    ].map(({ rule, rules }) => ({
      path: `plugins/eslint-plugin-react-web-api/src/rules/${rule}/${rule}.spec.ts`,
      rules,
    })),
  },
};

/** The cases of a RuleTester file: `{ kind, line, code, filename }`, plus how many could not be read statically. */
export function extractCases(text) {
  const ast = parse(text, { range: true, loc: true, jsx: false, comment: false });
  const cases = [];
  let skipped = 0;
  const visit = (node) => {
    if (!node || typeof node.type !== 'string') return;
    if (node.type === 'CallExpression' && isRunCall(node)) {
      for (const property of node.arguments[2].properties) {
        const kind = property.type === 'Property' && !property.computed ? keyName(property.key) : undefined;
        if ((kind !== 'valid' && kind !== 'invalid') || property.value.type !== 'ArrayExpression') continue;
        for (const element of property.value.elements) {
          const found = caseOf(element);
          if (found) cases.push({ kind, line: element.loc.start.line, ...found });
          else skipped++;
        }
      }
      return;
    }
    for (const [key, value] of Object.entries(node)) {
      if (key === 'parent' || key === 'loc' || key === 'range') continue;
      if (Array.isArray(value)) value.forEach(visit);
      else if (value && typeof value === 'object') visit(value);
    }
  };
  visit(ast);
  return { cases, skipped };
}

/** `<anything>.run(name, rule, { valid: […], invalid: […] })`. */
function isRunCall(call) {
  const callee = call.callee;
  const tests = call.arguments[2];
  return (
    callee.type === 'MemberExpression' &&
    !callee.computed &&
    callee.property.name === 'run' &&
    tests?.type === 'ObjectExpression'
  );
}

function keyName(key) {
  return key.type === 'Identifier' ? key.name : key.type === 'Literal' ? String(key.value) : undefined;
}

function caseOf(element) {
  if (!element) return undefined;
  const code = staticString(element);
  if (code !== undefined) return { code, filename: undefined };
  if (element.type !== 'ObjectExpression') return undefined;
  const fields = {};
  for (const property of element.properties) {
    if (property.type === 'Property' && !property.computed)
      fields[keyName(property.key)] = staticString(property.value);
  }
  return fields.code === undefined ? undefined : { code: fields.code, filename: fields.filename };
}

/** A string literal or a template without substitutions, tagged or not; the text dedented for reading. */
function staticString(node) {
  if (node.type === 'Literal' && typeof node.value === 'string') return node.value;
  const template = node.type === 'TaggedTemplateExpression' ? node.quasi : node;
  if (template.type !== 'TemplateLiteral' || template.expressions.length > 0) return undefined;
  return dedent(template.quasis[0].value.cooked ?? template.quasis[0].value.raw);
}

function dedent(text) {
  const lines = text
    .replace(/^[ \t]*\n/, '')
    .replace(/\n[ \t]*$/, '')
    .split('\n');
  const indent = Math.min(...lines.filter((line) => line.trim() !== '').map((line) => /^[ \t]*/.exec(line)[0].length));
  return lines.map((line) => line.slice(Number.isFinite(indent) ? indent : 0)).join('\n');
}

const linter = new Linter();
const linterOptions = { noInlineConfig: true, reportUnusedDisableDirectives: 'off' };

/**
 * Lints one case with the strict config under a neutral source path (not a test file: the rules
 * leave test files alone). A case without a filename is tried as TSX, then as TS when that does not
 * parse (`<T>value` casts). Returns the leakproof rules that reported, or `parseError`.
 */
export function lintCase({ code, filename }) {
  const names = filename
    ? [`peer/src/case${/\.[cm]?[jt]sx?$/.exec(filename)?.[0] ?? '.ts'}`]
    : ['peer/src/case.tsx', 'peer/src/case.ts'];
  let fatal;
  for (const name of names) {
    const messages = linter.verify(code, [{ ...plugin.configs.strict, linterOptions }], { filename: name });
    fatal = messages.find((m) => m.fatal);
    if (!fatal)
      return {
        rules: [
          ...new Set(
            messages.filter((m) => m.ruleId?.startsWith('leakproof/')).map((m) => m.ruleId.slice('leakproof/'.length)),
          ),
        ],
      };
  }
  return { parseError: fatal.message };
}

/** Lints every case of one test file; `rules` are ours that should find its invalid cases. */
export function runFile(text, rules, path) {
  const { cases, skipped } = extractCases(text);
  const results = cases.map((entry) => ({ ...entry, id: `${path}:${entry.line}`, ...lintCase(entry) }));
  const valid = results.filter((r) => r.kind === 'valid');
  const invalid = results.filter((r) => r.kind === 'invalid');
  return {
    path,
    rules,
    skipped,
    parseErrors: results.filter((r) => r.parseError),
    valid: valid.length,
    falseAlarms: valid.filter((r) => r.rules?.length > 0),
    invalid: invalid.length,
    found: invalid.filter((r) => r.rules?.some((rule) => rules.includes(rule))),
    missed: invalid.filter((r) => !r.parseError && !r.rules.some((rule) => rules.includes(rule))),
  };
}

/** Labels: `suite<TAB>case<TAB>verdict<TAB>reason`, where verdict is `out-of-scope` for an invalid case our docs leave alone. */
export function readLabels(text, suite) {
  const labels = new Map();
  for (const line of text.split('\n')) {
    if (line.startsWith('#') || line.trim() === '') continue;
    const [name, id, verdict, reason] = line.split('\t');
    if (name === suite) labels.set(id, { verdict, reason });
  }
  return labels;
}

export function summarize(files, labels = new Map()) {
  const sum = (pick) => files.reduce((total, file) => total + pick(file), 0);
  const missed = files.flatMap((file) => file.missed);
  const outOfScope = missed.filter((r) => labels.get(r.id)?.verdict === 'out-of-scope');
  return {
    valid: sum((f) => f.valid),
    falseAlarms: sum((f) => f.falseAlarms.length),
    invalid: sum((f) => f.invalid),
    found: sum((f) => f.found.length),
    missedOutOfScope: outOfScope.length,
    missedInScope: missed.length - outOfScope.length,
    skipped: sum((f) => f.skipped),
    parseErrors: sum((f) => f.parseErrors.length),
  };
}

export function formatReport(files, labels = new Map(), { verbose = false } = {}) {
  const out = [];
  const show = (r) => (verbose ? `\n${r.code.replace(/^/gm, '      | ')}` : '');
  for (const file of files) {
    out.push(`${file.path} (answered by ${file.rules.join(', ') || 'no rule of ours'})`);
    out.push(`  valid: ${file.valid}, reported ${file.falseAlarms.length}`);
    for (const r of file.falseAlarms) out.push(`    candidate false alarm ${r.id} (${r.rules.join(', ')})${show(r)}`);
    out.push(`  invalid: ${file.invalid}, found ${file.found.length}, missed ${file.missed.length}`);
    for (const r of file.missed) {
      const label = labels.get(r.id);
      out.push(`    missed ${r.id}${label ? ` [${label.verdict}: ${label.reason}]` : ''}${show(r)}`);
    }
    if (file.skipped > 0) out.push(`  skipped ${file.skipped} case(s) built at run time`);
    for (const r of file.parseErrors) out.push(`  parse error ${r.id}: ${r.parseError}`);
  }
  const s = summarize(files, labels);
  out.push(
    `total: valid ${s.valid}, false alarms ${s.falseAlarms}; invalid ${s.invalid}, found ${s.found}, missed ${s.missedInScope + s.missedOutOfScope} ` +
      `(${s.missedOutOfScope} labelled out of scope, ${s.missedInScope} in scope or unlabelled); skipped ${s.skipped}, parse errors ${s.parseErrors}`,
  );
  return out.join('\n');
}

function main(argv) {
  const json = argv.includes('--json');
  const verbose = argv.includes('--verbose');
  const file = flag(argv, 'file', undefined);
  let files;
  let labels = new Map();
  if (file !== undefined) {
    const rules = flag(argv, 'rules', '').split(',').filter(Boolean);
    files = [runFile(readFileSync(file, 'utf8'), rules, file)];
  } else {
    const [suiteName, checkout] = argv.filter(
      (a, i) => !a.startsWith('--') && !['--labels', '--file', '--rules'].includes(argv[i - 1]),
    );
    const suite = SUITES[suiteName];
    if (!suite || !checkout) {
      console.error(
        `usage: node bench/peer-suites.mjs <${Object.keys(SUITES).join('|')}> <checkout> [--labels <tsv>] [--json] [--verbose]\n       node bench/peer-suites.mjs --file <test file> --rules <rule,…>`,
      );
      process.exitCode = 2;
      return;
    }
    const labelsPath = flag(argv, 'labels', undefined);
    if (labelsPath !== undefined) labels = readLabels(readFileSync(labelsPath, 'utf8'), suiteName);
    files = suite.files.map(({ path, rules }) => {
      const full = join(checkout, path);
      let text;
      try {
        text = readFileSync(full, 'utf8');
      } catch {
        throw new Error(`${relative(process.cwd(), full)} not found: is ${checkout} a checkout of ${suite.repo}?`);
      }
      return runFile(text, rules, path);
    });
  }
  if (files.every((f) => f.valid + f.invalid === 0)) {
    console.error('no cases found: is this a RuleTester file with ruleTester.run(name, rule, { valid, invalid })?');
    process.exitCode = 1;
  }
  console.log(
    json
      ? JSON.stringify({ files, summary: summarize(files, labels) }, null, 2)
      : formatReport(files, labels, { verbose }),
  );
}

if (import.meta.url === `file://${process.argv[1]}`) main(process.argv.slice(2));
