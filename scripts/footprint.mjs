#!/usr/bin/env node
// What `npm i -D <package>` puts into a fresh project: packages and megabytes under node_modules.
// Each spec is installed alone into an empty temporary project from the npm registry, as a new user
// would (npm also installs the non-optional peer dependencies), so the figures compare like with like.
//
//   node scripts/footprint.mjs [--json] <spec>...   a spec is anything `npm install` takes:
//                                                   a registry name, a tarball path, a folder
//   node scripts/footprint.mjs --pack [--json]      this package (`npm pack`) and
//                                                   @typescript-eslint/eslint-plugin, side by side
import { execFile, execFileSync } from 'node:child_process';
import { lstatSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const root = resolve(fileURLToPath(new URL('..', import.meta.url)));

/** Bytes of the files under a folder (symbolic links are not followed). */
function bytesUnder(dir) {
  let total = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) total += lstatSync(join(entry.parentPath, entry.name)).size;
  }
  return total;
}

/**
 * Installs `spec` (one spec or several) into an empty project and resolves to { spec, packages, megabytes, names, dependencies }.
 * `names` lists every installed package and `dependencies` maps each to the names it depends on
 * (from npm's hidden lockfile), so a test can ask what is there and what pulled it in. Asynchronous:
 * an install mostly waits on the registry, so several run side by side in the time of the longest.
 */
export async function footprint(spec) {
  const specs = [spec].flat();
  const dir = mkdtempSync(join(tmpdir(), 'leakproof-footprint-'));
  try {
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'footprint', version: '1.0.0', private: true }));
    await promisify(execFile)(
      'npm',
      ['install', '--save-dev', '--no-audit', '--no-fund', '--ignore-scripts', '--loglevel=error', ...specs],
      {
        cwd: dir,
        timeout: 600_000,
      },
    );
    const lock = JSON.parse(readFileSync(join(dir, 'node_modules', '.package-lock.json'), 'utf8'));
    const installed = Object.entries(lock.packages).filter(([path]) => path.startsWith('node_modules/'));
    const nameOf = (path) => path.slice(path.lastIndexOf('node_modules/') + 'node_modules/'.length);
    const names = installed.map(([path]) => nameOf(path));
    const dependencies = Object.fromEntries(
      installed.map(([path, entry]) => [nameOf(path), Object.keys(entry.dependencies ?? {})]),
    );
    return {
      spec,
      packages: names.length,
      megabytes: Math.round(bytesUnder(join(dir, 'node_modules')) / 1e5) / 10,
      names,
      dependencies,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** `npm pack` of this repository (dist/ must be built) into a temporary folder; returns the tarball and a cleanup. */
export function packThisPackage() {
  const dir = mkdtempSync(join(tmpdir(), 'leakproof-pack-'));
  const [packed] = JSON.parse(
    execFileSync('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', dir], {
      cwd: root,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    }),
  );
  return { tarball: join(dir, packed.filename), remove: () => rmSync(dir, { recursive: true, force: true }) };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const json = args.includes('--json');
  const specs = args.filter((arg) => !arg.startsWith('--'));
  let cleanup = () => {};
  if (args.includes('--pack')) {
    const { tarball, remove } = packThisPackage();
    cleanup = remove;
    specs.unshift(tarball, '@typescript-eslint/eslint-plugin');
  }
  if (specs.length === 0) {
    console.error('usage: node scripts/footprint.mjs [--json] (--pack | <spec>...)');
    process.exit(2);
  }
  try {
    const results = await Promise.all(specs.map((spec) => footprint(spec)));
    if (json)
      console.log(
        JSON.stringify(
          results.map(({ spec, packages, megabytes }) => ({ spec, packages, megabytes })),
          null,
          2,
        ),
      );
    else
      for (const { spec, packages, megabytes } of results)
        console.log(`${spec}\t${packages} packages\t${megabytes} MB`);
  } finally {
    cleanup();
  }
}
