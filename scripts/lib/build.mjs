// Building dist/ and telling whether it is stale; shared by scripts/build.mjs, scripts/prepare.mjs
// and the test setup (tests/setup/build.ts).
import { spawnSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  renameSync,
  rmSync,
  statSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, normalize, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = resolve(fileURLToPath(new URL('../..', import.meta.url)));
export const distDir = join(root, 'dist');

/** Written into dist/ when a build finishes; its mtime is the moment that build started. */
const STAMP = join(distDir, '.built-at');
const SOURCE_DIRS = ['src', 'rules', 'codemods'];
const SOURCE_FILES = ['package.json', 'tsconfig.json', 'tsconfig.build.json'];

function newestMtime(path) {
  const stat = statSync(path, { throwIfNoEntry: false });
  if (!stat) return 0;
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs; // a deleted source changes its folder's mtime
  for (const entry of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, entry)));
  return newest;
}

/** dist/ is missing, or some source changed after the last build started. */
export function isStale() {
  const built = statSync(STAMP, { throwIfNoEntry: false });
  if (!built) return true;
  const sources = Math.max(...[...SOURCE_DIRS, ...SOURCE_FILES].map((path) => newestMtime(join(root, path))));
  return sources > built.mtimeMs;
}

/** Whether TypeScript is installed, i.e. dev dependencies are present. */
export function hasTypeScript() {
  try {
    createRequire(join(root, 'package.json')).resolve('typescript/package.json');
    return true;
  } catch {
    return false;
  }
}

/**
 * Compiles into a temporary folder, then swaps it in for dist/.
 * Returns { ok, output }: ok is false when tsc failed (or reported type errors and
 * allowTypeErrors is off); dist/ is then left as it was.
 */
export function build({ allowTypeErrors = false, quiet = false } = {}) {
  const startedAt = new Date();
  const tsc = createRequire(join(root, 'package.json')).resolve('typescript/bin/tsc');
  // node_modules/.cache is ignored by git and on the same file system as dist/, so rename works.
  const scratch = join(root, 'node_modules', '.cache', 'leakproof-build');
  mkdirSync(scratch, { recursive: true });
  const next = join(scratch, `dist-${process.pid}`);
  const previous = join(scratch, `previous-${process.pid}`);
  rmSync(next, { recursive: true, force: true });

  const run = spawnSync(
    process.execPath,
    [tsc, '-p', join(root, 'tsconfig.build.json'), '--outDir', next, '--pretty', 'false'],
    {
      cwd: root,
      encoding: 'utf8',
    },
  );
  const output = `${run.stdout ?? ''}${run.stderr ?? ''}`.trim();
  // tsc exits 2 when it reported errors but still emitted everything; 1 when it emitted nothing.
  const emitted = run.status === 0 || (run.status === 2 && existsSync(join(next, 'src', 'index.js')));
  const ok = run.status === 0 || (allowTypeErrors && emitted);
  if (output && (!quiet || !ok)) {
    const note = ok
      ? 'build: tsc reported type errors; dist/ was built anyway (npm run typecheck reports them)'
      : 'build: tsc failed; dist/ is unchanged';
    console.error(`${output}\n${note}`);
  }
  if (!ok) {
    rmSync(next, { recursive: true, force: true });
    return { ok, output };
  }

  withoutComments(next);
  withoutUnreachableDeclarations(next);
  writeCommonJsTransforms(join(next, 'codemods'));
  writeFileSync(join(next, '.built-at'), `${startedAt.toISOString()}\n`);
  utimesSync(join(next, '.built-at'), startedAt, startedAt);
  if (existsSync(distDir)) renameSync(distDir, previous);
  renameSync(next, distDir);
  rmSync(previous, { recursive: true, force: true });
  return { ok, output };
}

/**
 * The shipped JavaScript without its comments (the declarations keep theirs, for editors): about a
 * fifth of the build's bytes, which keeps a user's install no heavier than typescript-eslint's
 * plugin (tests/integration/footprint.test.ts). Each emitted file is transpiled again from
 * JavaScript to the same JavaScript with `removeComments`; `verbatimModuleSyntax` keeps every import
 * as written, so nothing but comments can change.
 */
export function withoutComments(dir) {
  const ts = createRequire(join(root, 'package.json'))('typescript');
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile() || !entry.name.endsWith('.js')) continue;
    const path = join(entry.parentPath, entry.name);
    const { outputText } = ts.transpileModule(readFileSync(path, 'utf8'), {
      fileName: path,
      compilerOptions: {
        allowJs: true,
        removeComments: true,
        verbatimModuleSyntax: true,
        target: ts.ScriptTarget.ESNext,
        module: ts.ModuleKind.ESNext,
      },
    });
    writeFileSync(path, outputText);
  }
}

/**
 * Only the declarations a user's types can reach: the package's `exports` open `.` (src/index) and
 * `./codemods/*`, so a declaration no import chain from those reaches cannot be named by anyone,
 * and three quarters of the declarations' bytes go (tests/integration/footprint.test.ts).
 */
export function withoutUnreachableDeclarations(dir) {
  const declarations = readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.d.ts'))
    .map((entry) => join(entry.parentPath, entry.name));
  const codemods = join(dir, 'codemods');
  const queue = [join(dir, 'src', 'index.d.ts'), ...declarations.filter((path) => path.startsWith(codemods))];
  const reached = new Set();
  while (queue.length > 0) {
    const path = queue.pop();
    if (reached.has(path) || !existsSync(path)) continue;
    reached.add(path);
    for (const [, specifier] of readFileSync(path, 'utf8').matchAll(
      /(?:from\s+|import\s*\(\s*)['"](\.{1,2}\/[^'"]+)['"]/g,
    ))
      queue.push(normalize(join(dirname(path), specifier.replace(/\.js$/, '.d.ts'))));
  }
  for (const path of declarations) if (!reached.has(path)) rmSync(path);
}

/**
 * Beside each codemod's ES module, a CommonJS transform for the stock jscodeshift CLI. jscodeshift
 * require()s `-t` through its Babel register by default, and Babel's ES-to-CommonJS output of an
 * ES module in a "type": "module" package fails ("exports is not defined in ES module scope").
 * The .cjs loads with or without --no-babel and imports the ES module build on first use (the
 * register does not rewrite import(); jscodeshift awaits a transform that returns a promise).
 */
export function writeCommonJsTransforms(codemodsDir) {
  for (const file of readdirSync(codemodsDir)) {
    if (!file.endsWith('.js') || file === 'index.js') continue;
    const name = file.slice(0, -'.js'.length);
    writeFileSync(
      join(codemodsDir, `${name}.cjs`),
      `'use strict';
// The ${name} codemod for the stock jscodeshift CLI, with or without --no-babel:
//   npx jscodeshift -t node_modules/eslint-plugin-leakproof/dist/codemods/${name}.cjs --fail-on-error src
// It runs the ES module build, ./${file}.

// Without --no-babel, jscodeshift's Babel register would compile every module the transform loads,
// TypeScript's compiler included (tens of seconds on a first run). Nothing here needs compiling, so
// the register is switched off in this jscodeshift worker, as --no-babel would have it.
try {
  require(require.resolve('@babel/register', { paths: [require.main.filename] })).revert();
} catch {
  // no register loaded (--no-babel), or another runner: nothing to switch off
}

let loaded;
module.exports = async function transform(file, api, options) {
  loaded ??= import('./${file}');
  return (await loaded).default(file, api, options);
};
module.exports.parser = 'tsx';
`,
    );
  }
}
