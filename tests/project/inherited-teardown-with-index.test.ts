import { afterEach, describe, expect, it } from 'vitest';
import { fixtureProject, forgetProjectState, lintProject } from '../helpers/lint-project.js';

const root = fixtureProject('index-inherited-teardown');
afterEach(forgetProjectState);

describe('a process listener added by a constructor whose class inherits its teardown, with the project index', () => {
  it('reports the listener of a subclass that inherits close() from another file, and names that teardown', async () => {
    const findings = await lintProject(root, true);
    expect(findings.map((f) => f.at)).toEqual(['no-listener-leak src/cluster-adapter.js:8']);
    expect(findings[0]!.message).toContain('close() does not remove it');
  });

  it('leaves it alone without the index: the file cannot see what the superclass declares', async () => {
    expect(await lintProject(root, false)).toEqual([]);
  });
});
