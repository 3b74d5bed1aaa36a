// The project index where users run it besides a plain `eslint .`: ESLint's --concurrency (worker
// threads of one process, each with its own index, sharing the disk cache) and oxlint's JS plugins.
// Each run lints the index-rules fixture, where the leaks are in helpers that only a route in
// another file shows to run per request: the findings appear only if the index was built and asked.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { findingsOf, installProject, repoRoot, temporaryFolder } from './projects.js';

const eslintBin = join(repoRoot, 'node_modules', 'eslint', 'bin', 'eslint.js');
const oxlintBin = join(repoRoot, 'node_modules', 'oxlint', 'bin', 'oxlint');

const CROSS_FILE_FINDINGS = [
  'src/lib/hooks.ts:13 leakproof/no-listener-leak',
  'src/lib/hooks.ts:2 leakproof/no-unbounded-cache',
];

const ESLINT_CONFIG = `import leakproof from 'eslint-plugin-leakproof';
export default [leakproof.configs.strict, { settings: { leakproof: { projectIndex: true } } }];
`;

const folders: Array<{ remove: () => void }> = [];
afterAll(() => folders.forEach((folder) => folder.remove()));

function project(name: string): string {
  const folder = temporaryFolder(`index-${name}`);
  folders.push(folder);
  const dir = installProject(name, folder.path, { 'eslint-plugin-leakproof': repoRoot });
  writeFileSync(join(dir, 'eslint.config.js'), ESLINT_CONFIG);
  return dir;
}

function eslint(dir: string, ...args: string[]): { findings: string[]; stderr: string; status: number | null } {
  const run = spawnSync(process.execPath, [eslintBin, '--format', 'json', ...args, 'src'], {
    cwd: dir,
    encoding: 'utf8',
    timeout: 120_000,
  });
  return { findings: findingsOf(JSON.parse(run.stdout) as never, dir), stderr: run.stderr, status: run.status };
}

const cacheFolder = (dir: string): string => join(dir, 'node_modules', '.cache', 'leakproof');

const warningsIn = (stderr: string): number => stderr.split('LEAKPROOF_NO_PROJECT_INDEX').length - 1;

describe('eslint --concurrency 2', () => {
  it('reports the cross-file findings, cold and then warm, and leaves one whole cache file behind', () => {
    const dir = project('index-rules');
    for (const run of ['cold', 'warm']) {
      const { findings, status } = eslint(dir, '--concurrency', '2');
      expect(findings, run).toEqual(CROSS_FILE_FINDINGS);
      expect(status).toBe(1);
    }
    // No temporary file or lock left by either worker, and the cache parses.
    // The facts and, beside them, the links found from them (link-cache.ts); outside git, the file list
    // too (walk-cache.ts), once the copy's folders have settled (two seconds after it was made).
    const all = readdirSync(cacheFolder(dir)).sort();
    const files = all.filter((file) => !/^project-index-[\w-]+\.walk\.json$/.test(file));
    expect(files).toEqual([
      expect.stringMatching(/^project-index-[\w-]+\.json$/),
      expect.stringMatching(/^project-index-[\w-]+\.links\.json$/),
    ]);
    for (const file of all.slice(1)) JSON.parse(readFileSync(join(cacheFolder(dir), file), 'utf8'));
    // Lines of JSON (cache.ts): a header listing every file, then two lines per file (its functions, the rest of its facts).
    const [header, ...parts] = readFileSync(join(cacheFolder(dir), files[0]!), 'utf8')
      .trimEnd()
      .split('\n');
    const cache = JSON.parse(header!) as { files: [path: string][] };
    expect(parts.map((part) => JSON.parse(part) as unknown)).toHaveLength(2 * cache.files.length);
    expect(cache.files.map(([path]) => path).sort()).toEqual([
      'eslint.config.js',
      'src/lib/hooks.ts',
      'src/main.ts',
      'src/routes.ts',
    ]);
  });

  it('falls back without a project root and says so once per run, not once per file or worker', () => {
    const folder = temporaryFolder('index-no-root');
    folders.push(folder);
    // No package.json, workspace or repository above these files (the system's temporary folder).
    mkdirSync(join(folder.path, 'src'));
    for (let i = 1; i <= 6; i++) {
      writeFileSync(
        join(folder.path, 'src', `watch-${i}.js`),
        `export function watch${i}(id) {\n  process.on('warning', (warning) => console.warn(id, warning));\n}\n`,
      );
    }
    // No node_modules either: the config imports the built plugin by its path.
    writeFileSync(
      join(folder.path, 'eslint.config.js'),
      ESLINT_CONFIG.replace("'eslint-plugin-leakproof'", JSON.stringify(join(repoRoot, 'dist/src/index.js'))),
    );

    const single = eslint(folder.path);
    expect(single.findings).toEqual([]);
    expect(warningsIn(single.stderr)).toBe(1);
    expect(single.stderr).toContain('no package.json, workspace or repository above');

    const concurrent = eslint(folder.path, '--concurrency', '2');
    expect(concurrent.findings).toEqual([]);
    // Both workers fell back; the memory the main thread shared with them lets only one say so.
    expect(warningsIn(concurrent.stderr)).toBe(1);
  });
});

describe("oxlint's JS plugins", () => {
  it('read settings.leakproof.projectIndex from .oxlintrc.json and report the cross-file findings', () => {
    const dir = project('index-rules');
    writeFileSync(
      join(dir, '.oxlintrc.json'),
      JSON.stringify({
        jsPlugins: ['eslint-plugin-leakproof'],
        categories: { correctness: 'off' },
        settings: { leakproof: { projectIndex: true } },
        rules: { 'leakproof/no-listener-leak': 'error', 'leakproof/no-unbounded-cache': 'error' },
      }),
    );
    const run = spawnSync(process.execPath, [oxlintBin, '--format', 'json', 'src'], {
      cwd: dir,
      encoding: 'utf8',
      timeout: 120_000,
    });
    const { diagnostics } = JSON.parse(run.stdout) as {
      diagnostics: Array<{
        code: string;
        filename: string;
        message: string;
        labels: Array<{ span: { line: number } }>;
      }>;
    };
    const findings = diagnostics
      .map((d) => `${d.filename}:${d.labels[0]!.span.line} ${d.code.replace(/^leakproof\((.*)\)$/, 'leakproof/$1')}`)
      .sort();
    expect(findings).toEqual(CROSS_FILE_FINDINGS);
    expect(diagnostics.map((d) => d.message).join('\n')).toContain('called from the GET /items/:id handler');
  });
});
