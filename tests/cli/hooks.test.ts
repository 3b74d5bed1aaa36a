import { spawnSync } from 'node:child_process';
import { chmodSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CLEAN, LEAKY_CACHE, cliPath, git, gitRepo, repoRoot } from './helpers.js';

const env = { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@t.invalid', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@t.invalid' };
const commit = (dir: string, message: string) => spawnSync('git', ['commit', '-m', message], { cwd: dir, encoding: 'utf8', env, timeout: 120_000 });
const hasPreCommit = spawnSync('pre-commit', ['--version']).status === 0;

describe('pre-commit hooks', () => {
  it('lint-staged (the husky recipe in docs/cli.md) refuses a commit with a leak and lets a clean one through', () => {
    const dir = gitRepo({ 'README.md': 'x\n' });
    symlinkSync(join(repoRoot, 'node_modules'), join(dir, 'node_modules'));
    writeFileSync(join(dir, '.gitignore'), 'node_modules\n');
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'app', private: true, 'lint-staged': { '*.{js,jsx,mjs,cjs,ts,tsx,mts,cts}': `node ${cliPath} check` } }));
    // What `npx husky init` + `echo "npx lint-staged" > .husky/pre-commit` installs, as a plain git hook.
    const hook = join(dir, '.git', 'hooks', 'pre-commit');
    writeFileSync(hook, `#!/bin/sh\nexec node ${join(repoRoot, 'node_modules', 'lint-staged', 'bin', 'lint-staged.js')}\n`);
    chmodSync(hook, 0o755);
    git(dir, 'add', '.gitignore', 'package.json');
    expect(commit(dir, 'setup').status).toBe(0);

    writeFileSync(join(dir, 'cache.ts'), LEAKY_CACHE);
    git(dir, 'add', 'cache.ts');
    const refused = commit(dir, 'leak');
    expect(refused.status).not.toBe(0);
    expect(refused.stdout + refused.stderr).toMatch(/no-unbounded-cache/);

    writeFileSync(join(dir, 'cache.ts'), CLEAN);
    git(dir, 'add', 'cache.ts');
    expect(commit(dir, 'clean').status).toBe(0);
  });

  // The framework installs `language: node` hooks from a clone of the hook repository with
  // npm install and npm pack, which would download every dependency on each test run; this test
  // uses a local hook running the same entry point, as docs/cli.md documents for lockfile users.
  it.runIf(hasPreCommit)('the pre-commit framework with the leakproof hook refuses a leak and passes clean code', () => {
    const dir = gitRepo({ 'README.md': 'x\n' });
    writeFileSync(
      join(dir, '.pre-commit-config.yaml'),
      `repos:\n  - repo: local\n    hooks:\n      - id: leakproof\n        name: leakproof\n        entry: node ${cliPath} check\n        language: system\n        types_or: [javascript, jsx, ts, tsx]\n`,
    );
    git(dir, 'add', '.pre-commit-config.yaml');
    const install = spawnSync('pre-commit', ['install'], { cwd: dir, encoding: 'utf8', env });
    expect(install.status, install.stderr).toBe(0);
    expect(commit(dir, 'setup').status).toBe(0);

    writeFileSync(join(dir, 'cache.ts'), LEAKY_CACHE);
    git(dir, 'add', 'cache.ts');
    const refused = commit(dir, 'leak');
    expect(refused.status).not.toBe(0);
    expect(refused.stdout + refused.stderr).toMatch(/leakproof\.+Failed[\s\S]*no-unbounded-cache/);

    writeFileSync(join(dir, 'cache.ts'), CLEAN);
    git(dir, 'add', 'cache.ts');
    const passed = commit(dir, 'clean');
    expect(passed.status, passed.stdout + passed.stderr).toBe(0);
    expect(passed.stdout + passed.stderr).toMatch(/leakproof\.+Passed/);
  });
});
