import { spawnSync } from 'node:child_process';
import { symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CLEAN, CLIENT_PER_ACCESS, cliPath, git, gitEnv, gitRepo, project, repoRoot } from './helpers.js';

const commit = (dir: string, message: string, commitEnv = gitEnv) =>
  spawnSync('git', ['commit', '-m', message], { cwd: dir, encoding: 'utf8', env: commitEnv, timeout: 120_000 });
const hasPreCommit = spawnSync('pre-commit', ['--version']).status === 0;
// On request (LEAKPROOF_TEST_PRECOMMIT_INSTALL=1 npx vitest run tests/cli/hooks.test.ts, about 4 minutes):
// pre-commit must then be installed, and the slow test that installs the hook from this
// repository's git history (npm install + npm pack, minutes) runs too.
const requirePreCommitFramework = process.env.LEAKPROOF_TEST_PRECOMMIT_INSTALL === '1';

/** A git repo whose pre-commit config is `config`, with the hook installed; and the env to commit with. */
function preCommitRepo(config: string, preCommitHome: string | undefined): { dir: string; hookEnv: NodeJS.ProcessEnv } {
  const dir = gitRepo({ 'README.md': 'x\n' });
  writeFileSync(join(dir, '.pre-commit-config.yaml'), config);
  git(dir, 'add', '.pre-commit-config.yaml');
  const hookEnv = { ...gitEnv, ...(preCommitHome ? { PRE_COMMIT_HOME: preCommitHome } : {}) };
  const install = spawnSync('pre-commit', ['install', '--install-hooks'], {
    cwd: dir,
    encoding: 'utf8',
    env: hookEnv,
    timeout: 600_000,
  });
  expect(install.status, install.stdout + install.stderr).toBe(0);
  expect(commit(dir, 'setup', hookEnv).status).toBe(0);
  return { dir, hookEnv };
}

/** Commits a leak (refused by the leakproof hook), then clean code (passes). */
function expectLeakRefusedCleanPassed({ dir, hookEnv }: { dir: string; hookEnv: NodeJS.ProcessEnv }): void {
  writeFileSync(join(dir, 'storage.ts'), CLIENT_PER_ACCESS);
  git(dir, 'add', 'storage.ts');
  const refused = commit(dir, 'leak', hookEnv);
  expect(refused.status).not.toBe(0);
  expect(refused.stdout + refused.stderr).toMatch(/leakproof\.+Failed[\s\S]*no-client-in-getter/);

  writeFileSync(join(dir, 'storage.ts'), CLEAN);
  git(dir, 'add', 'storage.ts');
  const passed = commit(dir, 'clean', hookEnv);
  expect(passed.status, passed.stdout + passed.stderr).toBe(0);
  expect(passed.stdout + passed.stderr).toMatch(/leakproof\.+Passed/);
}

describe('pre-commit hooks', () => {
  it('husky + lint-staged (the recipe in docs/cli.md) refuses a commit with a leak and lets a clean one through', () => {
    const dir = gitRepo({ 'README.md': 'x\n' });
    symlinkSync(join(repoRoot, 'node_modules'), join(dir, 'node_modules'));
    writeFileSync(join(dir, '.gitignore'), 'node_modules\n');
    writeFileSync(
      join(dir, 'package.json'),
      JSON.stringify({
        name: 'app',
        private: true,
        'lint-staged': { '*.{js,jsx,mjs,cjs,ts,tsx,mts,cts}': `node ${cliPath} check --strict` },
      }),
    );
    // The recipe in docs/cli.md: `husky init`, then lint-staged as the pre-commit hook.
    const init = spawnSync(process.execPath, [join(repoRoot, 'node_modules', 'husky', 'bin.js'), 'init'], {
      cwd: dir,
      encoding: 'utf8',
    });
    expect(init.status, init.stderr).toBe(0);
    expect(git(dir, 'config', 'core.hooksPath').trim()).toBe('.husky/_');
    writeFileSync(join(dir, '.husky', 'pre-commit'), 'npx lint-staged\n');
    git(dir, 'add', '.gitignore', 'package.json', '.husky/pre-commit');
    expect(commit(dir, 'setup').status).toBe(0);

    writeFileSync(join(dir, 'storage.ts'), CLIENT_PER_ACCESS);
    git(dir, 'add', 'storage.ts');
    const refused = commit(dir, 'leak');
    expect(refused.status).not.toBe(0);
    expect(refused.stdout + refused.stderr).toMatch(/no-client-in-getter/);

    writeFileSync(join(dir, 'storage.ts'), CLEAN);
    git(dir, 'add', 'storage.ts');
    expect(commit(dir, 'clean').status).toBe(0);
  });

  // The hook as the framework runs it, minus the install from git (see the next test): a local
  // hook with the same entry point, as docs/cli.md documents for lockfile users.
  it.runIf(hasPreCommit || requirePreCommitFramework)(
    'the pre-commit framework with a local leakproof hook refuses a leak and passes clean code',
    () => {
      const repo = preCommitRepo(
        `repos:\n  - repo: local\n    hooks:\n      - id: leakproof\n        name: leakproof\n        entry: node ${cliPath} check --strict\n        language: system\n        types_or: [javascript, jsx, ts, tsx]\n`,
        undefined,
      );
      expectLeakRefusedCleanPassed(repo);
    },
  );

  // What users configure: this repository as the hook repo at a commit. The framework clones it,
  // runs npm install (the prepare script builds dist/) and npm pack, and installs the tarball;
  // that downloads the dependencies and takes minutes, so only .ci/run turns it on. It tests the
  // hook as committed at HEAD, not uncommitted changes.
  it.runIf(requirePreCommitFramework)(
    'the pre-commit framework installs the leakproof hook from this repository (language: node)',
    { timeout: 900_000 },
    () => {
      const rev = git(repoRoot, 'rev-parse', 'HEAD').trim();
      const preCommitHome = project({});
      expectLeakRefusedCleanPassed(
        preCommitRepo(
          `repos:\n  - repo: ${repoRoot}\n    rev: ${rev}\n    hooks:\n      - id: leakproof\n`,
          preCommitHome,
        ),
      );
    },
  );
});
