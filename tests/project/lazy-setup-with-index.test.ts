import { afterEach, describe, expect, it } from 'vitest';
import { fixtureProject, forgetProjectState, lintProject } from '../helpers/lint-project.js';

const root = fixtureProject('index-lazy-setup');
afterEach(forgetProjectState);

describe('lazy set-up across files, with the project index', () => {
  it('gives a call made only while its holder is empty start-up frequency: only the unguarded helper is reported', async () => {
    const findings = await lintProject(root, true);
    expect(findings.map((f) => f.at)).toEqual([
      'no-listener-leak src/db.js:13',
      // A memo that dies with its call (monitors.js probePort) builds per call.
      'no-untracked-interval src/monitors.js:23',
      'no-floating-task src/monitors.js:24',
      'no-untracked-interval src/registry.js:26',
    ]);
    expect(findings[0]!.message).toContain('called from the GET /report handler');
  });

  it("builds a memo's entry once per key: `if (!monitors[port]) { const m = new M(port); monitors[port] = m }`", async () => {
    const findings = await lintProject(root, true);
    // PortMonitor's interval and floating load, in its constructor: the route reaches it only through the memo.
    expect(findings.filter((f) => f.at.startsWith('no-') && f.at.includes('monitors.js:'))).toHaveLength(2);
    expect(findings.map((f) => f.at)).not.toContain('no-untracked-interval src/monitors.js:5');
    expect(findings.map((f) => f.at)).not.toContain('no-floating-task src/monitors.js:6');
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
