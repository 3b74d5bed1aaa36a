#!/usr/bin/env node
// A held-out set, from candidates to findings ready for labelling (bench/README.md, "Real-code
// run"): check that no candidate was used before, write the fetched ones out, lint them with the
// strict config, index off and on.
//
//   node bench/held-out.mjs check owner/name ...          which candidates were used, and where
//   node bench/held-out.mjs write <dir> owner/name ...     sources at each mirror's HEAD (+ commits.tsv)
//   node bench/held-out.mjs lint <dir> <tag>               <dir>/runs/<tag>-{off,on}/*.findings.tsv
//
// Mirrors are where the search tool's fetch puts them (--mirrors, default /work/.mirror). The code
// of those codebases never enters this repository; only paths, lines, rules and verdicts do.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { flag, repoRoot } from './corpus.mjs';

const escapeRegExp = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const firstColumn = (text) =>
  text
    .split('\n')
    .filter((line) => line && !line.startsWith('#'))
    .map((line) => line.split('\t')[0].toLowerCase());

/** The places that record a codebase as used: the labels, the recall cases and the bench README. */
export function usedRecords(root = repoRoot) {
  const read = (path) => readFileSync(join(root, path), 'utf8');
  return {
    labelled: firstColumn(read('bench/labels/real-code-strict.tsv')),
    recall: firstColumn(read('bench/recall/cases.tsv')),
    readme: read('bench/README.md'),
  };
}

/**
 * Why `repository` (owner/name) may not join a new held-out set: labelled or a recall case, named
 * in the README (refused and zero-finding codebases are only there), its name as a word there, or
 * another codebase of the same owner already used (a sibling). Empty when it is free.
 */
export function reasonsUsed(repository, records) {
  const full = repository.toLowerCase();
  const [owner, name] = full.split('/');
  const reasons = [];
  if (records.labelled.includes(full)) reasons.push('labelled');
  if (records.recall.includes(full)) reasons.push('a recall case');
  const readme = records.readme.toLowerCase();
  if (readme.includes(full)) reasons.push('named in bench/README.md');
  else if (new RegExp(`(^|[^\\w/-])${escapeRegExp(name)}([^\\w-]|$)`).test(readme))
    reasons.push(`the word "${name}" is in bench/README.md`);
  const siblings = new Set(
    [...records.labelled, ...records.recall].filter((used) => used.startsWith(`${owner}/`) && used !== full),
  );
  if (siblings.size) reasons.push(`same owner as ${[...siblings].join(', ')}`);
  return reasons;
}

async function main(argv) {
  const [command, ...rest] = argv.filter((a, i) => !a.startsWith('--') && argv[i - 1] !== '--mirrors');
  const mirrors = flag(argv, 'mirrors', '/work/.mirror');
  if (command === 'check' && rest.length) {
    const records = usedRecords();
    let used = 0;
    for (const repository of rest) {
      const reasons = reasonsUsed(repository, records);
      if (reasons.length) used++;
      console.log(`${repository}\t${reasons.length ? `used: ${reasons.join('; ')}` : 'free'}`);
    }
    return used ? 1 : 0;
  }
  if (command === 'write' && rest.length > 1) {
    const { materialise, mirrorOf } = await import('./recall/materialise.mjs');
    const [dir, ...repositories] = rest;
    const rows = [];
    for (const repository of repositories) {
      const gitDir = mirrorOf(mirrors, repository);
      if (!gitDir) throw new Error(`${repository} is not fetched under ${mirrors}`);
      const head = spawnSync('git', ['--git-dir', gitDir, 'rev-parse', 'HEAD'], { encoding: 'utf8' }).stdout.trim();
      const { files, missing } = materialise(gitDir, head, join(dir, 'trees', repository.replace('/', '__')));
      rows.push([repository, head, files, missing].join('\t'));
      console.log(rows.at(-1));
    }
    writeFileSync(join(dir, 'commits.tsv'), `${rows.join('\n')}\n`);
    return 0;
  }
  if (command === 'lint' && rest.length === 2) {
    const [dir, tag] = rest;
    const commits = join(dir, 'commits.tsv');
    if (!existsSync(commits)) throw new Error(`${commits} is missing: run write first`);
    const targets = readFileSync(commits, 'utf8')
      .trim()
      .split('\n')
      .map((line) => line.split('\t'))
      .map(([repository, commit]) => `${resolve(dir, 'trees', repository.replace('/', '__'))}@${commit}`);
    for (const mode of ['off', 'on']) {
      const out = join(dir, 'runs', `${tag}-${mode}`);
      mkdirSync(out, { recursive: true });
      const args = [join(repoRoot, 'bench/real-code.mjs'), '--out', out, ...(mode === 'on' ? ['--project-index'] : [])];
      const run = spawnSync(process.execPath, [...args, ...targets], { stdio: 'inherit' });
      if (run.status !== 0) return run.status ?? 1;
    }
    return 0;
  }
  console.error(
    readFileSync(new URL(import.meta.url), 'utf8')
      .split('\n')
      .slice(1, 10)
      .join('\n'),
  );
  return 2;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  try {
    process.exitCode = await main(process.argv.slice(2));
  } catch (error) {
    console.error(`held-out: ${error instanceof Error ? error.message : error}`);
    process.exitCode = 1;
  }
}
