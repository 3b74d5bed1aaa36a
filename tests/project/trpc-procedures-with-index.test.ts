import { afterEach, describe, expect, it } from 'vitest';
import { fixtureProject, forgetProjectState, lintProject } from '../helpers/lint-project.js';

const root = fixtureProject('index-trpc');
afterEach(forgetProjectState);

describe('tRPC procedures, with the project index', () => {
  it('runs a procedure per request: a helper it calls in another file is reported, naming the procedure', async () => {
    const findings = await lintProject(root, true);
    const listener = findings.find((f) => f.at === 'no-listener-leak src/audit.js:7');
    expect(listener?.message).toContain('runs per request: called from the tRPC mutation procedure (src/router.js:9)');
  });

  it('leaves the helper alone without the index: its file does not show it repeats', async () => {
    expect((await lintProject(root, false)).map((f) => f.at)).toEqual([]);
  });
});
