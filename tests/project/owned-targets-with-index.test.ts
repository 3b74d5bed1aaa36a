import { afterEach, describe, expect, it } from 'vitest';
import { fixtureProject, forgetProjectState, lintProject } from '../helpers/lint-project.js';

const root = fixtureProject('index-owned-targets');
afterEach(forgetProjectState);

describe('listeners on a target the instance owns, with the project index', () => {
  it('leaves what a set-up helper adds to the socket a connection ends and to the page a renderer opens, and reports the shared server and the per-command listener', async () => {
    const findings = await lintProject(root, true);
    expect(findings.map((f) => f.at).sort()).toEqual([
      'no-listener-leak src/app.js:9',
      'no-listener-leak src/connection.js:17',
      'no-listener-leak src/connection.js:23',
      'no-listener-leak src/connection.js:45',
    ]);
  });

  it("looks through a promise's executor and an observable's subscriber to the method that builds them: the window an instance builds is its own (set 34), a module's window is shared", async () => {
    const findings = (await lintProject(root, true)).map((f) => f.at);
    expect(findings).not.toContain('no-listener-leak src/window.js:13');
    expect(findings).toContain('no-listener-leak src/app.js:9');
  });
});
