#!/usr/bin/env node
// Fills the generated parts of the docs pages from the data in dist/, so the docs cannot drift
// from the code:
//   <!-- begin generated: exemptions -->  … <!-- end generated: exemptions -->   in docs/rules/<rule>.md:
//       the rule's exemption table (src/rule-kit/exemption-tables.ts), in order, name and reason;
//   <!-- begin generated: list <name> --> … <!-- end generated: list <name> -->  on any docs page or README:
//       a knowledge list (src/knowledge/documented-lists.ts), as inline code.
//
//   node scripts/docs-lists.mjs           rewrite the pages
//   node scripts/docs-lists.mjs --check   exit 1 when a page is stale (run by `npm run docs:check`)
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { root } from './lib/build.mjs';

const MARKER = /<!-- begin generated: (exemptions|list) ?([\w-]*) -->[\s\S]*?<!-- end generated: \1 ?\2 -->/g;

/** The markdown for one marker. */
export function renderSection(kind, arg, { page, exemptionDocs, documentedLists }) {
  if (kind === 'exemptions') {
    const rule = basename(page, '.md');
    const table = exemptionDocs[rule];
    if (!table)
      throw new Error(`${page}: no exemption table is registered for ${rule} (src/rule-kit/exemption-tables.ts)`);
    return table.map(({ name, reason }) => `- \`${name}\`: ${reason}`).join('\n');
  }
  const list = documentedLists[arg];
  if (!list) throw new Error(`${page}: no documented list named "${arg}" (src/knowledge/documented-lists.ts)`);
  return list.map((item) => `\`${item}\``).join(', ');
}

/** A page's text with every generated section rewritten. */
export function withGeneratedSections(text, data) {
  return text.replace(MARKER, (whole, kind, arg) => {
    const tail = arg ? ` ${arg}` : '';
    return `<!-- begin generated: ${kind}${tail} -->\n\n${renderSection(kind, arg, data)}\n\n<!-- end generated: ${kind}${tail} -->`;
  });
}

function pages() {
  const docs = ['rules', 'codemods'].flatMap((folder) =>
    readdirSync(join(root, 'docs', folder))
      .filter((name) => name.endsWith('.md'))
      .map((name) => join(root, 'docs', folder, name)),
  );
  return [join(root, 'README.md'), join(root, 'CONTRIBUTING.md'), ...docs];
}

async function main() {
  const check = process.argv.includes('--check');
  const { exemptionDocs } = await import(join(root, 'dist', 'src', 'rule-kit', 'exemption-tables.js'));
  const { documentedLists } = await import(join(root, 'dist', 'src', 'knowledge', 'documented-lists.js'));
  const stale = [];
  for (const page of pages()) {
    const text = readFileSync(page, 'utf8');
    const updated = withGeneratedSections(text, { page: relative(root, page), exemptionDocs, documentedLists });
    if (updated === text) continue;
    if (check) stale.push(relative(root, page));
    else writeFileSync(page, updated);
  }
  if (stale.length > 0) {
    console.error(`Generated docs sections are stale in ${stale.join(', ')}; run \`npm run docs\`.`);
    process.exitCode = 1;
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((error) => {
    console.error(`docs-lists: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 2;
  });
}
