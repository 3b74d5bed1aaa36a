import type { Linter } from 'eslint';
import { afterEach, describe, expect, it } from 'vitest';
import { fixtureProject, forgetProjectState, lintProject } from '../helpers/lint-project.js';

const root = fixtureProject('index-cli-commands');
afterEach(forgetProjectState);

describe('yargs command modules, with the project index', () => {
  // Asked to report constructors whose class nothing shows built again and again.
  const unknownCallers: Linter.RulesRecord = {
    'leakproof/no-listener-leak': ['error', { reportUnknownCallers: true }],
  };

  it("runs a command module's handler once, so what it builds listens to the caller's signal once", async () => {
    const findings = await lintProject(root, true, ['src'], unknownCallers);
    expect(findings.map((f) => f.at)).toEqual(['no-listener-leak src/bot/session.ts:3']);
  });

  it('reports all three without the index when asked: nothing in their files says how often they are built', async () => {
    const findings = await lintProject(root, false, ['src'], unknownCallers);
    expect(findings.map((f) => f.at).sort()).toEqual([
      'no-listener-leak src/archiver.ts:7',
      'no-listener-leak src/bot/session.ts:3',
      'no-listener-leak src/watcher.cjs:3',
    ]);
  });

  it('leaves a constructor given a signal alone by default, with or without the index, unless its class is shown built again and again', async () => {
    expect(await lintProject(root, false)).toEqual([]);
    expect(await lintProject(root, true)).toEqual([]);
  });
});
