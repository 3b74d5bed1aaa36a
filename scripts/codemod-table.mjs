#!/usr/bin/env node
// Writes the README's codemods table (between its markers) from the codemods registry in dist/:
// each codemod's page, the rules whose findings it rewrites (the rule pages its docs page links to
// before its first section) and its options. eslint-doc-generator does the same for the rules table.
//
//   node scripts/codemod-table.mjs           rewrite README.md
//   node scripts/codemod-table.mjs --check   exit 1 when README.md is stale (run by `npm run docs:check`)
//
// Needs a build: `npm run docs` and `npm run docs:check` build first when dist/ is stale.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { root } from './lib/build.mjs';

export const BEGIN = '<!-- begin auto-generated codemods list -->';
export const END = '<!-- end auto-generated codemods list -->';

const escapeCell = (text) => text.replaceAll('|', '\\|').replaceAll('\n', ' ');

/** Rule names linked from a codemod page's introduction, in the order they first appear. */
export function rulesLinkedFrom(markdown, ruleNames) {
  const intro = markdown.split(/^## /m)[0] ?? '';
  const linked = [...intro.matchAll(/\]\(\.\.\/rules\/([\w-]+)\.md\)/g)].map((match) => match[1]);
  return [...new Set(linked)].filter((name) => ruleNames.includes(name));
}

function optionCell(options) {
  if (options.length === 0) return 'none';
  return options
    .map((option) => {
      const fallback = option.default === undefined ? '' : ` (default \`${option.default}\`)`;
      return `\`--${option.flag}\`${fallback}: ${option.description}`;
    })
    .join('<br>');
}

/** The markdown between the markers, from the registries. */
export function codemodTable(codemods, ruleNames, readDoc) {
  const rows = Object.values(codemods)
    .sort((a, b) => a.name.localeCompare(b.name))
    .map((codemod) => {
      const doc = readDoc(codemod.name);
      if (doc === undefined) throw new Error(`codemod ${codemod.name} has no docs/codemods/${codemod.name}.md`);
      const rules = rulesLinkedFrom(doc, ruleNames);
      const ruleCell = rules.length ? rules.map((rule) => `[${rule}](docs/rules/${rule}.md)`).join(', ') : '';
      return `| [${codemod.name}](docs/codemods/${codemod.name}.md) | ${escapeCell(ruleCell)} | ${escapeCell(optionCell(codemod.options))} |`;
    });
  return ['| Codemod | Rewrites what these rules report | Options |', '| :-- | :-- | :-- |', ...rows].join('\n');
}

/** README text with the table between the markers replaced. */
export function withCodemodTable(readme, table) {
  const begin = readme.indexOf(BEGIN);
  const end = readme.indexOf(END);
  if (begin === -1 || end < begin) throw new Error(`README.md needs the markers ${BEGIN} and ${END}`);
  return `${readme.slice(0, begin + BEGIN.length)}\n\n${table}\n\n${readme.slice(end)}`;
}

async function main() {
  const check = process.argv.includes('--check');
  const { codemods } = await import(join(root, 'dist', 'codemods', 'index.js'));
  const { rules } = await import(join(root, 'dist', 'rules', 'index.js'));
  const readDoc = (name) => {
    const path = join(root, 'docs', 'codemods', `${name}.md`);
    return existsSync(path) ? readFileSync(path, 'utf8') : undefined;
  };
  const readmePath = join(root, 'README.md');
  const readme = readFileSync(readmePath, 'utf8');
  const updated = withCodemodTable(readme, codemodTable(codemods, Object.keys(rules), readDoc));
  if (updated === readme) return;
  if (check) {
    console.error('README.md: the codemods table is stale; run `npm run docs`.');
    process.exitCode = 1;
    return;
  }
  writeFileSync(readmePath, updated);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((error) => {
    console.error(`codemod-table: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 2;
  });
}
