import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ProjectIndex } from '../../src/project/index.js';
import { fixtureProject, forgetProjectState, lintProject } from '../helpers/lint-project.js';

const fixture = fixtureProject;

/** Lints a whole fixture project with the strict config, the index on or off: `rule file:line` per finding. */
async function findings(root: string, projectIndex: boolean): Promise<string[]> {
  return (await lintProject(root, projectIndex, ['.'])).map((finding) => finding.at).sort();
}

const temporary: string[] = [];

/** A copy of a fixture whose package.json is edited: the same code under another manifest. */
function withManifest(name: string, edit: (manifest: Record<string, unknown>) => void): string {
  const root = mkdtempSync(join(tmpdir(), `leakproof-${name}-`));
  temporary.push(root);
  cpSync(fixture(name), root, { recursive: true });
  const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as Record<string, unknown>;
  edit(manifest);
  writeFileSync(join(root, 'package.json'), JSON.stringify(manifest));
  return root;
}

afterEach(() => {
  vi.restoreAllMocks();
  forgetProjectState();
  for (const root of temporary.splice(0)) rmSync(root, { recursive: true, force: true });
});

describe('which process runs a file: the project index follows importers up to the programs', () => {
  it("leaves a CLI's lib helper alone when only the package's bin reaches it", async () => {
    expect(await findings(fixture('lifetime-cli'), true)).toEqual([]);
  });

  it('reports the same helper without the index (the file alone cannot tell)', async () => {
    expect(await findings(fixture('lifetime-cli'), false)).toEqual(['no-unbounded-cache lib/templates.js:1']);
  });

  it('reports the helper when the program that reaches it is no bin', async () => {
    const root = withManifest('lifetime-cli', (manifest) => delete manifest.bin);
    expect(await findings(root, true)).toEqual(['no-unbounded-cache lib/templates.js:1']);
  });

  it('says why a file counts as short-lived: the program that loads it', () => {
    const root = fixture('lifetime-cli');
    const index = ProjectIndex.build(root, { cache: false });
    expect(index.lifetimeOf(join(root, 'lib/templates.js'))).toEqual({
      shortLived: true,
      reason: 'bin/deploy.js loads it: a program that ends with its work (a package.json bin)',
    });
  });

  it('keeps reporting under a bin that starts a server through what it imports', async () => {
    expect(await findings(fixture('lifetime-server-bin'), true)).toEqual(['no-unbounded-cache lib/templates.js:1']);
  });

  it("keeps reporting what a bin and the package's main both reach: the library's users may be servers", async () => {
    expect(await findings(fixture('lifetime-library-bin'), true)).toEqual(['no-unbounded-cache lib/templates.js:1']);
    const root = fixture('lifetime-library-bin');
    expect(ProjectIndex.build(root, { cache: false }).lifetimeOf(join(root, 'lib/templates.js')).shortLived).toBe(
      false,
    );
  });

  it("treats a private package's main as its importers do: its users are the project's own files", async () => {
    const root = withManifest('lifetime-library-bin', (manifest) => (manifest.private = true));
    expect(await findings(root, true)).toEqual([]);
  });

  it('leaves a code generator alone by its folder, and what only it imports with the index', async () => {
    expect(await findings(fixture('lifetime-codegen'), false)).toEqual(['no-unbounded-cache lib/templates.js:1']);
    expect(await findings(fixture('lifetime-codegen'), true)).toEqual([]);
  });

  it('builds no index for a file that holds nothing to report', async () => {
    const build = vi.spyOn(ProjectIndex, 'build');
    const root = fixture('lifetime-cli');
    expect((await lintProject(root, true, ['lib/version.js'])).map((finding) => finding.at)).toEqual([]);
    expect(build).not.toHaveBeenCalled();
    await lintProject(root, true, ['lib/templates.js']);
    expect(build).toHaveBeenCalledTimes(1);
  });
});
