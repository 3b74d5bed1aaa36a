import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ProjectIndex } from '../../src/project/index.js';

const fixture = fileURLToPath(new URL('../fixtures/projects/index-express', import.meta.url));

/** A copy of the express fixture, and a cache folder outside it (so writing the cache changes no folder of the project). */
function copyOfFixture(): { root: string; cacheDir: string } {
  const root = mkdtempSync(join(tmpdir(), 'leakproof-walk-'));
  cpSync(fixture, root, { recursive: true });
  return { root, cacheDir: mkdtempSync(join(tmpdir(), 'leakproof-walk-cache-')) };
}

/** The clock moved on by an hour: the copy's folders and files count as settled (their change time cannot be set back). */
function anHourLater(): void {
  vi.useFakeTimers({ toFake: ['Date'], now: Date.now() + 3_600_000 });
}

afterEach(() => {
  vi.useRealTimers();
});

describe('the file list kept on disk (outside git)', () => {
  it('lists a warm run from the cache, and walks again when a folder gains a file', () => {
    const { root, cacheDir } = copyOfFixture();
    anHourLater();
    const cold = ProjectIndex.build(root, { cacheDir });
    expect(cold.stats.listedFromCache).toBe(false);
    const warm = ProjectIndex.build(root, { cacheDir });
    expect(warm.stats.listedFromCache).toBe(true);
    expect(warm.fileCount).toBe(cold.fileCount);

    const added = join(root, 'src/lib/added.ts');
    writeFileSync(added, 'export const added = 1;\n');
    const after = ProjectIndex.build(root, { cacheDir });
    expect(after.stats.listedFromCache).toBe(false);
    expect(after.has(added)).toBe(true);
    expect(ProjectIndex.build(root, { cacheDir }).stats.listedFromCache).toBe(true);
  });

  it('walks again when a .gitignore changes in place', () => {
    const { root, cacheDir } = copyOfFixture();
    writeFileSync(join(root, '.gitignore'), 'coverage/\n');
    anHourLater();
    const format = join(root, 'src/lib/format.ts');
    expect(ProjectIndex.build(root, { cacheDir }).has(format)).toBe(true);
    expect(ProjectIndex.build(root, { cacheDir }).stats.listedFromCache).toBe(true);

    writeFileSync(join(root, '.gitignore'), 'coverage/\nsrc/lib/format.ts\n');
    const after = ProjectIndex.build(root, { cacheDir });
    expect(after.stats.listedFromCache).toBe(false);
    expect(after.has(format)).toBe(false);
  });

  it('walks again when a file of a vendored-looking folder starts importing the project', () => {
    const { root, cacheDir } = copyOfFixture();
    const copy = join(root, 'src/vendor/copy.ts');
    mkdirSync(join(root, 'src/vendor'));
    writeFileSync(copy, 'export const copy = 1;\n');
    anHourLater();
    // Self-contained: a vendored copy, left out.
    expect(ProjectIndex.build(root, { cacheDir }).has(copy)).toBe(false);
    expect(ProjectIndex.build(root, { cacheDir }).stats.listedFromCache).toBe(true);

    writeFileSync(copy, `import { config } from '../lib/config';\nexport const copy = config;\n`);
    const after = ProjectIndex.build(root, { cacheDir });
    expect(after.stats.listedFromCache).toBe(false);
    expect(after.has(copy)).toBe(true);
  });

  it('walks every time where a folder holds a symbolic link (a file added behind it moves no folder it keeps)', () => {
    const { root, cacheDir } = copyOfFixture();
    const shared = mkdtempSync(join(tmpdir(), 'leakproof-walk-shared-'));
    writeFileSync(join(shared, 'one.ts'), 'export const one = 1;\n');
    symlinkSync(shared, join(root, 'src/shared'));
    anHourLater();
    expect(ProjectIndex.build(root, { cacheDir }).has(join(root, 'src/shared/one.ts'))).toBe(true);

    writeFileSync(join(shared, 'two.ts'), 'export const two = 2;\n');
    const after = ProjectIndex.build(root, { cacheDir });
    expect(after.stats.listedFromCache).toBe(false);
    expect(after.has(join(root, 'src/shared/two.ts'))).toBe(true);
  });

  it('never lists from the cache inside a git work tree (git decides what is ignored)', () => {
    const { root, cacheDir } = copyOfFixture();
    anHourLater();
    ProjectIndex.build(root, { cacheDir });
    expect(ProjectIndex.build(root, { cacheDir }).stats.listedFromCache).toBe(true);

    const git = spawnSync('git', ['init', '-q'], { cwd: root, encoding: 'utf8' });
    expect(git.status).toBe(0);
    writeFileSync(join(root, '.git/info/exclude'), 'src/lib/format.ts\n');
    const inGit = ProjectIndex.build(root, { cacheDir });
    expect(inGit.stats.listedFromCache).toBe(false);
    expect(inGit.has(join(root, 'src/lib/format.ts'))).toBe(false);
    expect(ProjectIndex.build(root, { cacheDir }).stats.listedFromCache).toBe(false);
  });
});
