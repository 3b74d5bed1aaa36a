import { afterEach, describe, expect, it } from 'vitest';
import { fixtureProject, forgetProjectState, lintProject } from '../helpers/lint-project.js';

const root = fixtureProject('index-instance-accessors');

afterEach(() => forgetProjectState());

describe("static accessors of a class's own instance with the project index", () => {
  it('follows calls through the instance an accessor hands back: per request for Store and Registry, once for Audit, not Settings', async () => {
    const findings = await lintProject(root, true);
    expect(findings.map((finding) => finding.at)).toEqual([
      'no-listener-leak src/lib/registry.ts:13',
      'no-listener-leak src/lib/store.ts:10',
    ]);
    expect(findings[0]!.message).toContain('runs per request: called from the GET /items/:id handler (src/main.ts:13)');
  });

  it('reports nothing without the index: no file alone shows who calls track() or watch()', async () => {
    expect(await lintProject(root, false)).toEqual([]);
  });
});
