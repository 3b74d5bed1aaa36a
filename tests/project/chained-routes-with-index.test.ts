import { afterEach, describe, expect, it } from 'vitest';
import { fixtureProject, forgetProjectState, lintProject } from '../helpers/lint-project.js';

const root = fixtureProject('index-chained-routes');
afterEach(forgetProjectState);

describe('chained Express route registrations, with the project index', () => {
  it('takes `this.router.get(…).post(…)` for two routes, so a controller the POST calls runs per request', async () => {
    const findings = await lintProject(root, true);
    expect(findings.map((f) => f.at)).toEqual(['no-client-in-handler src/meta.controller.ts:5']);
    expect(findings[0]?.message).toContain('called from the POST route handler (src/meta.router.ts:6)');
  });
});
