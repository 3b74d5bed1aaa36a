import { afterEach, describe, expect, it } from 'vitest';
import { fixtureProject, forgetProjectState, lintProject } from '../helpers/lint-project.js';

/*
 * Set 31: services injected through constructor parameter properties, whose methods catch their
 * own failures. AppsService.removeApp() awaits TeamsService.regionOf(), which returns a variable
 * typed `string` after awaiting ClusterService.listTeams(), which returns its typed list after a
 * catching try; then ClusterService.removeApp(), which ends in `.catch(…)`. rebuild() reads the
 * result of ClusterService.findApp(), which hands back null on failure, before testing it;
 * rebuildChecked() tests it first.
 */

const root = fixtureProject('index-settled-services');

afterEach(forgetProjectState);

describe('no-floating-task: injected services that catch their own failures, with the project index', () => {
  it('reports every dropped task without the index', async () => {
    const findings = await lintProject(root, false);
    expect(findings.map((f) => f.at)).toEqual(
      [32, 33, 34].map((line) => `no-floating-task src/apps.service.ts:${line}`),
    );
  });

  it('follows returned variables that hold no promise, and reports the task that reads a null result untested', async () => {
    const findings = await lintProject(root, true);
    expect(findings.map((f) => f.at)).toEqual(['no-floating-task src/apps.service.ts:33']);
    expect(findings[0]!.message).toContain('`this.rebuild(…)`');
  });
});
