import { afterEach, describe, expect, it } from 'vitest';
import { fixtureProject, forgetProjectState, lintProject } from '../helpers/lint-project.js';

const root = fixtureProject('index-optional-parts');

afterEach(() => forgetProjectState());

describe('a field that holds an optional part (`cond ? new Reporter() : null`) with the project index', () => {
  it("follows calls through the part where there is one: Reporter's per request, Audit's once, not Fast's or Slow's", async () => {
    const findings = await lintProject(root, true);
    expect(findings.map((finding) => finding.at)).toEqual(['no-listener-leak src/lib/reporter.ts:3']);
    expect(findings[0]!.message).toContain('runs per request: called from the GET /items/:id handler (src/main.ts:8)');
  });

  it('reports nothing without the index: no file alone shows who calls watch()', async () => {
    expect(await lintProject(root, false)).toEqual([]);
  });
});
