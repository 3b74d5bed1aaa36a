import { afterEach, describe, expect, it } from 'vitest';
import { fixtureProject, forgetProjectState, lintProject } from '../helpers/lint-project.js';

/*
 * A pass over stored items in a constructor is start-up work when nothing shows the class built
 * again and again: src/server.ts builds DeviceProvider once at start-up and ScanSession per
 * request, and only the project index can see that from src/lib/devices.ts.
 */

const root = fixtureProject('index-startup-passes');

afterEach(forgetProjectState);

describe('no-floating-task: passes over stored items in a constructor, with the project index', () => {
  it('reports the pass of the class built per request and leaves the one built at start-up', async () => {
    const findings = await lintProject(root, true);
    expect(findings.map((f) => f.at)).toEqual(['no-floating-task src/lib/devices.ts:22']);
    expect(findings[0]!.message).toMatch(/^`this\.probe\(…\)` starts a task on every iteration of a for\.\.\.of loop/);
  });

  it('without the index, leaves both: no caller in the file shows either class built again and again', async () => {
    expect(await lintProject(root, false)).toEqual([]);
  });
});
