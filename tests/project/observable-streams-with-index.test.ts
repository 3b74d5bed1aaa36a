import { afterEach, describe, expect, it } from 'vitest';
import { fixtureProject, forgetProjectState, lintProject } from '../helpers/lint-project.js';

const root = fixtureProject('index-observable-streams');

const findings = async (projectIndex: boolean) => (await lintProject(root, projectIndex)).map((f) => f.at).sort();

afterEach(forgetProjectState);

describe('observable subscriptions with the project index', () => {
  it("a stream's values (`hotkey$`, `.pipe(…)`, a parameter typed Observable) are events of the program, not messages: a task dropped per value is not reported; a broker's `subscribe(fn)` still runs per message", async () => {
    const found = await findings(true);
    expect(found.filter((f) => f.startsWith('no-floating-task'))).toEqual([
      'no-floating-task src/panel.ts:28',
      'no-floating-task src/panel.ts:31',
    ]);
  });

  it("a settings store's `subscribe(key, fn)` hands `fn` each change of a setting, an event of the program: a task dropped there is not reported", async () => {
    const found = await findings(true);
    expect(found.filter((f) => f.includes('src/language.ts'))).toEqual([]);
  });

  it("a listener added per value of a stream piles up; one added when a stream named for its owner's end fires (`closed$`) is added once per owner", async () => {
    const found = await findings(true);
    expect(found).toContain('no-listener-leak src/panel.ts:25');
    expect(found).not.toContain('no-listener-leak src/panel.ts:22');
  });
});
