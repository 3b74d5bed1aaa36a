import { afterEach, describe, expect, it } from 'vitest';
import { fixtureProject, forgetProjectState, lintProject } from '../helpers/lint-project.js';

const root = fixtureProject('index-lazy-setup');
afterEach(forgetProjectState);

describe('lazy set-up across files, with the project index', () => {
  it('gives a call made only while its holder is empty start-up frequency: only the unguarded helper is reported', async () => {
    const findings = await lintProject(root, true);
    expect(findings.map((f) => f.at)).toEqual(['no-listener-leak src/db.js:13']);
    expect(findings[0]!.message).toContain('called from the GET /report handler');
  });
});
