import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { leakproof, leakproofInProcess, repoRoot } from './helpers.js';

const docs = readFileSync(join(repoRoot, 'docs', 'cli.md'), 'utf8');

/** The long options a help text lists. */
const optionsIn = (help: string): string[] =>
  [...help.matchAll(/^\s+(?:-\w, )?(--[a-z][a-z-]*)/gm)].map((m) => m[1]!).filter((o) => o !== '--help');

describe('leakproof --help and docs/cli.md', () => {
  for (const command of [['check'], ['migrate'], ['report', 'merge']]) {
    it(`documents every option of leakproof ${command.join(' ')}`, async () => {
      const run = await leakproofInProcess([...command, '--help'], repoRoot);
      expect(run.status).toBe(0);
      const options = optionsIn(run.stdout);
      expect(options.length).toBeGreaterThan(0);
      for (const option of options) expect(docs, `${option} of ${command.join(' ')}`).toContain(`\`${option}`);
      expect(docs).toContain(`## \`leakproof ${command.join(' ')}`);
    });
  }

  it('`leakproof help <command>` is `leakproof <command> --help`', async () => {
    expect(await leakproofInProcess(['help', 'migrate'], repoRoot)).toEqual(
      await leakproofInProcess(['migrate', '--help'], repoRoot),
    );
  });

  it('without a command, prints the help on standard error and exits 2', () => {
    const run = leakproof([], repoRoot);
    expect(run).toMatchObject({ status: 2, stdout: '' });
    expect(run.stderr).toContain('Usage: leakproof [options] [command]');
    expect(leakproof(['report'], repoRoot)).toMatchObject({
      status: 2,
      stdout: '',
      stderr: expect.stringContaining('Usage: leakproof report'),
    });
  });

  it('lists the commands the top-level help lists', async () => {
    const run = await leakproofInProcess(['--help'], repoRoot);
    for (const command of ['check', 'migrate', 'report']) {
      expect(run.stdout).toMatch(new RegExp(`^\\s+${command}\\b`, 'm'));
      expect(docs).toContain(`leakproof ${command}`);
    }
  });
});
