import { afterEach, describe, expect, it } from 'vitest';
import { fixtureProject, forgetProjectState, lintProject } from '../helpers/lint-project.js';

const root = fixtureProject('index-cli-commands');
afterEach(forgetProjectState);

describe('yargs command modules, with the project index', () => {
  it("runs a command module's handler once, so what it builds listens to the caller's signal once", async () => {
    const findings = await lintProject(root, true);
    expect(findings.map((f) => f.at)).toEqual(['no-listener-leak src/bot/session.ts:3']);
  });

  it('reports all three without the index: nothing in their files says how often they are built', async () => {
    const findings = await lintProject(root, false);
    expect(findings.map((f) => f.at).sort()).toEqual([
      'no-listener-leak src/archiver.ts:7',
      'no-listener-leak src/bot/session.ts:3',
      'no-listener-leak src/watcher.cjs:3',
    ]);
  });
});
