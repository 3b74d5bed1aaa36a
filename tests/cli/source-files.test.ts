// The files `check` and `migrate` take from the folders they are given (src/cli/files.ts over src/core/source-files.ts serves
// both): what git hides and build output are skipped, tracked source in a folder that happens to
// be named like build output is not, and a folder that yields nothing is an error, not a pass.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findSourceFiles } from '../../src/cli/files.js';
import { CLEAN, CLIENT_PER_ACCESS, fixtureTree, git, gitRepo, leakproofInProcess, project } from './helpers.js';

/** Adds files after the repository's first commit: untracked, unless .gitignore hides them. */
function addFiles(dir: string, files: Record<string, string>): void {
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), content);
  }
}

const relativeFiles = (dir: string, paths: string[] = ['.']): string[] =>
  findSourceFiles(paths, dir).files.map((file) => file.slice(dir.length + 1));

describe('the files check and migrate take from a folder', () => {
  it('in git: skips what git ignores, and build output at a package root or untracked; takes tracked source in a folder named build', async () => {
    const dir = gitRepo({
      'package.json': '{ "name": "app" }\n',
      '.gitignore': 'generated/\n',
      'src/commands/build/index.ts': CLIENT_PER_ACCESS,
      'dist/index.js': CLIENT_PER_ACCESS,
      'packages/tool/package.json': '{ "name": "tool" }\n',
      'packages/tool/out/main.js': CLIENT_PER_ACCESS,
    });
    addFiles(dir, {
      'generated/client.ts': CLIENT_PER_ACCESS,
      'src/report/coverage/index.js': CLIENT_PER_ACCESS,
      'src/vendor.min.js': CLIENT_PER_ACCESS,
      'cypress/fixtures/v3-client/vendors-app.chunk.js': CLIENT_PER_ACCESS,
      'src/App.vue': '<script setup lang="ts">\nconst ticks = setInterval(() => {}, 1000);\n</script>\n',
      '.github/scripts/release.js': CLIENT_PER_ACCESS,
    });

    const check = await leakproofInProcess(['check', '--strict', '.'], dir);
    expect(check.status).toBe(1);
    expect(check.stdout.match(/no-client-in-getter/g)).toHaveLength(1);
    expect(check.stdout).toMatch(/src[/\\]commands[/\\]build[/\\]index\.ts\n +5:12 +error/);
    expect(check.stderr).toBe(
      'leakproof check: 1 file linted; 8 skipped: 1 ignored by .gitignore, ' +
        '3 in build output folders (dist, build, out, coverage… at a package root, or untracked), ' +
        '1 in dot folders or dotfiles, 2 generated (*.min.js, *.chunk.js, *.bundle.js, *.d.ts), 1 .vue/.svelte (their script blocks need their own parser)\n',
    );

    const migrate = await leakproofInProcess(['migrate', '--strict', '.'], dir);
    expect(migrate.status).toBe(0);
    expect(migrate.stdout).toContain('+++ b/src/commands/build/index.ts');
    expect(migrate.stdout).toMatch(/files scanned 1, changed 1 /);
  });

  it('outside git: skips build output at a package root only, and honours .gitignore files', () => {
    const dir = project({
      'package.json': '{ "name": "app" }\n',
      'dist/index.js': CLEAN,
      'src/build/index.ts': CLEAN,
      'src/out/index.ts': CLEAN,
      'src/.gitignore': 'fixtures/\n',
      'src/fixtures/sample.ts': CLEAN,
    });
    expect(relativeFiles(dir)).toEqual(['src/build/index.ts', 'src/out/index.ts']);
    expect(findSourceFiles(['.'], dir).skipped).toEqual({ gitignored: 1, 'build-output': 1 });
  });

  it('outside git: reads .gitignore files found in the same crawl as the sources, one under a folder named like a source file too', () => {
    // tinyglobby lists every file under a folder whose name matches the sources' pattern (`discord.js/`).
    const dir = project({
      'package.json': '{ "name": "app" }\n',
      '.gitignore': 'tmp/\n',
      'tmp/scratch.ts': CLEAN,
      'packages/discord.js/.gitignore': 'generated/\n',
      'packages/discord.js/generated/client.ts': CLEAN,
      'packages/discord.js/src/index.ts': CLEAN,
    });
    expect(relativeFiles(dir)).toEqual(['packages/discord.js/src/index.ts']);
    expect(findSourceFiles(['.'], dir).skipped).toEqual({ gitignored: 2 });
  });

  it('outside git and without package.json, the folder searched stands for the package root', () => {
    const dir = project({ 'dist/index.js': CLEAN, 'src/dist/index.ts': CLEAN });
    expect(relativeFiles(dir)).toEqual(['src/dist/index.ts']);
  });

  it('takes the files of a nested repository or a submodule, which this repository does not list', () => {
    // (Under a folder named vendor/ they would be skipped as vendored, as the next test shows.)
    const dir = gitRepo({ 'src/index.ts': CLEAN });
    const nested = join(dir, 'modules', 'lib');
    addFiles(dir, { 'modules/lib/index.ts': CLEAN });
    git(nested, 'init', '-q');
    const library = gitRepo({ 'index.ts': CLEAN });
    git(dir, '-c', 'protocol.file.allow=always', 'submodule', 'add', '-q', library, 'modules/submodule');
    expect(relativeFiles(dir)).toEqual(['modules/lib/index.ts', 'modules/submodule/index.ts', 'src/index.ts']);
  });

  it("does not take a folder named license (an app page) for a licence file (set 19: a web app's about pages)", () => {
    const page = 'export const routes = [];\n';
    const dir = gitRepo({
      'package.json': '{ "name": "app" }\n',
      'src/pages/about/about-page.component.ts': page,
      'src/pages/about/license/license-page.component.ts': page,
    });
    expect(relativeFiles(dir)).toEqual([
      'src/pages/about/about-page.component.ts',
      'src/pages/about/license/license-page.component.ts',
    ]);
    expect(findSourceFiles(['.'], dir).skipped).toEqual({});
  });

  it('skips vendored copies of other projects (vendor/, third_party/, a folder with its own licence), in check and in migrate', async () => {
    // audiobookshelf keeps compiled copies of libraries under server/libs/<name>/, each with its
    // LICENSE; migrate tracked a task in server/libs/watcher/watcher.js, which no reviewer would take.
    // An Express route starting a task it does not wait for (the tree tests/fixtures/cli/tracker-outside-deployed-folder).
    const route = fixtureTree('tracker-outside-deployed-folder')['server/routes.js']!;
    const dir = gitRepo({
      'package.json': '{ "name": "shelf" }\n',
      'server/routes.js': route,
      'server/libs/watcher/LICENSE': 'The MIT License (MIT)\n',
      'server/libs/watcher/watcher.js': route,
      'server/libs/own/index.js': route,
      'vendor/poller.js': route,
      'packages/tool/LICENSE.md': 'MIT\n',
      'packages/tool/package.json': '{ "name": "tool" }\n',
      'packages/tool/index.js': route,
    });
    expect(relativeFiles(dir)).toEqual(['packages/tool/index.js', 'server/libs/own/index.js', 'server/routes.js']);
    expect(findSourceFiles(['.'], dir).skipped).toEqual({ vendored: 2 });
    // Named itself, a vendored folder is taken, as any folder named on the command line.
    expect(relativeFiles(dir, ['server/libs/watcher'])).toEqual(['server/libs/watcher/watcher.js']);

    const check = await leakproofInProcess(['check', '--strict', '.'], dir);
    expect(check.stderr).toBe(
      'leakproof check: 3 files linted; 2 skipped: 2 vendored (vendor/, third_party/…, or a folder with its own licence file and no package.json)\n',
    );
    const migrate = await leakproofInProcess(['migrate', '--strict', '.'], dir);
    expect(migrate.stdout).toContain('+++ b/server/routes.js');
    expect(migrate.stdout).not.toContain('watcher.js');
    expect(migrate.stdout).not.toContain('poller.js');
    expect(migrate.stdout).toMatch(
      /^files scanned 3, changed 3 \(dry run: nothing written\), failed 0\nfiles skipped 2: 2 vendored \(vendor\/, third_party\/…, or a folder with its own licence file and no package\.json\)$/m,
    );
  });

  it("takes the project's own code in a folder with a vendored name when it imports its neighbours (set 26: supertokens' recipe/thirdparty/); skips a self-contained release folder (`pdfjs-4.3.136/`)", () => {
    const dir = gitRepo({
      'package.json': '{ "name": "sdk" }\n',
      'lib/recipe/session/index.ts': 'export const session = 1;\n',
      'lib/recipe/thirdparty/index.ts': "import { session } from '../session';\nexport const login = session;\n",
      'lib/recipe/thirdparty/api/url.ts': "export { login } from '..';\n",
      'lib/vendor/lodash/index.js': "module.exports = require('./lodash.js');\n",
      'lib/vendor/lodash/lodash.js': 'module.exports = {};\n',
      'lib/third_party/copied/LICENSE': 'MIT\n',
      'lib/third_party/copied/util.js': "const x = require('./x'); import('./y');\n",
      // A release kept as it shipped (set 34: a mail client's pdfjs-4.3.136/), and a project's own
      // folder with a version in its name that reaches into its neighbours.
      'src/preview/pdfjs-4.3.136/web/viewer.mjs': "import { render } from '../build/pdf.mjs';\n",
      'src/preview/pdfjs-4.3.136/build/pdf.mjs': 'export const render = 1;\n',
      'src/api/schema-1.2.0/index.ts': "export { login } from '../../../lib/recipe/thirdparty';\n",
    });
    expect(relativeFiles(dir)).toEqual([
      'lib/recipe/session/index.ts',
      'lib/recipe/thirdparty/api/url.ts',
      'lib/recipe/thirdparty/index.ts',
      'src/api/schema-1.2.0/index.ts',
    ]);
    expect(findSourceFiles(['.'], dir).skipped).toEqual({ vendored: 5 });
  });

  it('takes a folder named on the command line whatever its name or git says of it, and a file named directly', () => {
    const dir = gitRepo({
      'package.json': '{ "name": "app" }\n',
      'dist/index.js': CLEAN,
      '.gitignore': 'generated/\n.copies/\n',
    });
    addFiles(dir, {
      'generated/client.ts': CLEAN,
      '.copies/service/src/index.ts': CLEAN,
      '.copies/service/src/.gitignore': 'tmp/\n',
      '.copies/service/src/tmp/x.ts': CLEAN,
    });
    expect(relativeFiles(dir, ['dist'])).toEqual(['dist/index.js']);
    expect(relativeFiles(dir, ['generated/client.ts'])).toEqual(['generated/client.ts']);
    // Inside a folder git ignores, .gitignore files still count, as outside git.
    expect(relativeFiles(dir, ['.copies/service'])).toEqual(['.copies/service/src/index.ts']);
  });

  it('refuses a named folder that yields no file, with the reason, in check and in migrate', async () => {
    const dir = gitRepo({
      '.gitignore': 'assets/cache/\n',
      'src/index.ts': CLEAN,
      'docs/README.md': '# docs\n',
      'assets/app.min.js': CLEAN,
      'assets/types.d.ts': 'export {};\n',
    });
    addFiles(dir, { 'assets/cache/chunk.js': CLEAN });
    for (const command of ['check', 'migrate']) {
      expect(await leakproofInProcess([command, '--strict', 'assets'], dir)).toMatchObject({
        status: 2,
        stdout: '',
        stderr:
          'leakproof: no JavaScript or TypeScript files found in assets: 3 skipped, 1 ignored by .gitignore, 2 generated (*.min.js, *.chunk.js, *.bundle.js, *.d.ts); a file named directly is always taken\n',
      });
      expect(await leakproofInProcess([command, '--strict', 'docs'], dir)).toMatchObject({
        status: 2,
        stdout: '',
        stderr: 'leakproof: no JavaScript or TypeScript files found in docs\n',
      });
    }
    addFiles(dir, { 'src/App.vue': '<script>\nexport default {};\n</script>\n' });
    expect(await leakproofInProcess(['check', '--strict', 'src/App.vue'], dir)).toMatchObject({
      status: 2,
      stderr:
        'leakproof: src/App.vue: .vue and .svelte components are not supported (their script blocks need their own parser)\n',
    });
  });
});
