// Writes a repository's source files at one commit out of a local git mirror (the search tool's
// fetch puts them at <mirrors>/<owner>+<name>/repo), the way a user's checkout would have them:
// JS/TS sources plus package.json and tsconfig files, nothing else. Blobs a mirror lacks (large
// files are left out of snapshots) are skipped and counted, never invented.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { SOURCE_NAME } from '../corpus.mjs';

const MAX_BYTES = 2 * 1024 * 1024;
const DONE = '.leakproof-recall.json';
const CONFIG_NAME = /^(package\.json|tsconfig(\.[\w-]+)?\.json|jsconfig\.json)$/;

const git = (gitDir, args, input) => {
  const result = spawnSync('git', ['--git-dir', gitDir, ...args], { input, maxBuffer: 1 << 30 });
  return { ok: result.status === 0, out: result.stdout, err: String(result.stderr ?? '').trim() };
};

/** The git directory of a fetched repository, or undefined when it was not fetched. */
export function mirrorOf(mirrors, repository) {
  const root = join(mirrors, repository.replace('/', '+'), 'repo');
  for (const dir of [root, join(root, '.git')])
    if (existsSync(join(dir, 'HEAD')) && existsSync(join(dir, 'objects'))) return dir;
  return undefined;
}

export const hasCommit = (gitDir, commit) => git(gitDir, ['cat-file', '-e', `${commit}^{commit}`]).ok;

/** Whether a path at the commit is one the materialised tree keeps. */
export function isKept(path) {
  if (path.split('/').includes('node_modules')) return false;
  return SOURCE_NAME.test(path) || CONFIG_NAME.test(basename(path));
}

/**
 * Writes the kept files of `commit` under `dest` (reused when a previous run completed it) and
 * returns `{ files, missing }`: how many were written and how many the mirror lacked.
 */
export function materialise(gitDir, commit, dest) {
  const done = join(dest, DONE);
  if (existsSync(done)) return JSON.parse(readFileSync(done, 'utf8'));
  rmSync(dest, { recursive: true, force: true });
  const tree = git(gitDir, ['ls-tree', '-r', '-z', '--long', commit]);
  if (!tree.ok) throw new Error(`git ls-tree ${commit}: ${tree.err}`);
  const entries = String(tree.out)
    .split('\0')
    .filter(Boolean)
    .map((entry) => {
      const [meta, path] = entry.split('\t');
      const [mode, type, sha, size] = meta.split(/\s+/);
      return { mode, type, sha, size: Number(size), path };
    })
    // Symlinks and submodules are not files a linter reads.
    .filter((e) => e.type === 'blob' && e.mode !== '120000' && e.size <= MAX_BYTES && isKept(e.path));
  const batch = git(gitDir, ['cat-file', '--batch'], entries.map((e) => e.sha).join('\n') + '\n');
  if (!batch.ok) throw new Error(`git cat-file --batch: ${batch.err}`);
  const out = batch.out;
  let offset = 0;
  let files = 0;
  let missing = 0;
  for (const entry of entries) {
    const eol = out.indexOf(10, offset);
    const header = out.subarray(offset, eol).toString();
    offset = eol + 1;
    if (header.endsWith(' missing')) {
      missing++;
      continue;
    }
    const size = Number(header.split(' ')[2]);
    const file = join(dest, entry.path);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, out.subarray(offset, offset + size));
    offset += size + 1;
    files++;
  }
  mkdirSync(dest, { recursive: true });
  const summary = { files, missing };
  writeFileSync(done, JSON.stringify(summary));
  return summary;
}
