import { afterEach, describe, expect, it } from 'vitest';
import { fixtureProject, forgetProjectState, lintProject } from '../helpers/lint-project.js';

const root = fixtureProject('index-lazy-setup');
afterEach(forgetProjectState);

describe('lazy set-up across files, with the project index', () => {
  it('gives a call made only while its holder is empty start-up frequency: only the unguarded helper is reported', async () => {
    const findings = await lintProject(root, true);
    expect(findings.map((f) => f.at)).toEqual([
      'no-listener-leak src/db.js:13',
      'no-untracked-interval src/registry.js:26',
    ]);
    expect(findings[0]!.message).toContain('called from the GET /report handler');
  });

  it("builds a lazy singleton's class once: `if (!C.instance) C.instance = new C()` in a static getter a route calls", async () => {
    const findings = await lintProject(root, true);
    expect(findings.map((f) => f.at)).not.toContain('no-untracked-interval src/registry.js:7');
    // The unguarded twin, built per call of its factory, still is built per request.
    expect(findings.find((f) => f.at === 'no-untracked-interval src/registry.js:26')!.message).toContain(
      '`ReportRegistry` is built again and again',
    );
  });
});
