import { afterEach, describe, expect, it } from 'vitest';
import { fixtureProject, forgetProjectState, lintProject } from '../helpers/lint-project.js';

const root = fixtureProject('index-owned-targets');
afterEach(forgetProjectState);

describe('listeners on a target the instance owns, with the project index', () => {
  it('leaves what a set-up helper adds to the socket a connection ends and to the page a renderer opens, and reports the shared server and the per-command listener', async () => {
    const findings = await lintProject(root, true);
    expect(findings.map((f) => f.at).sort()).toEqual([
      'no-listener-leak src/connection.js:17',
      'no-listener-leak src/connection.js:23',
      'no-listener-leak src/connection.js:45',
    ]);
  });
});
