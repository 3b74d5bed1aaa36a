import { afterEach, describe, expect, it } from 'vitest';
import {
  fixtureProject,
  forgetProjectState,
  INTERVALS_OF_UNKNOWN_CALLERS,
  lintProject,
} from '../helpers/lint-project.js';

const root = fixtureProject('index-kept-callbacks');

/**
 * `rule file:line` of each finding, sorted; with `reportUnknownCallers` unless said otherwise, so
 * that what the index decides shows apart from code nobody is shown to call.
 */
const findings = async (projectIndex: boolean, unknownToo = true) =>
  (await lintProject(root, projectIndex, ['src'], unknownToo ? INTERVALS_OF_UNKNOWN_CALLERS : {}))
    .map((f) => f.at)
    .sort();

afterEach(forgetProjectState);

describe('with the project index', () => {
  it('a callback kept for later (onCreated, subscribe…), inline or by name, does not run when the code handing it over runs; a pass over a list at start-up runs once; a loop until stopped repeats', async () => {
    expect(await findings(true)).toEqual([
      'no-untracked-interval src/card-date.js:5',
      'no-untracked-interval src/card-status.js:4',
      'no-untracked-interval src/routes.js:16',
      'no-untracked-interval src/similar.js:4',
      'no-untracked-interval src/watchers.js:8',
    ]);
  });

  it("a function handed to the project's own helper runs when the code handing it over runs only if the helper calls it then: not one the helper keeps for a route it registers (routes.js, similar.js), but one it calls (metrics.js)", async () => {
    const found = await findings(true);
    expect(found).toContain('no-untracked-interval src/similar.js:4');
    expect(found).toContain('no-untracked-interval src/routes.js:16');
    expect(found).not.toContain('no-untracked-interval src/metrics.js:3');
  });

  it('without it, the file alone cannot tell how often the exported helpers run', async () => {
    expect(await findings(false)).toEqual([
      'no-untracked-interval src/card-date.js:5',
      'no-untracked-interval src/card-status.js:4',
      'no-untracked-interval src/metrics.js:3',
      'no-untracked-interval src/routes.js:16',
      'no-untracked-interval src/similar.js:4',
      'no-untracked-interval src/watchers.js:4',
      'no-untracked-interval src/watchers.js:8',
    ]);
  });

  it('by default, with or without it, only the loop that runs until stopped is shown to repeat: the kept callbacks run as often as nobody says', async () => {
    expect(await findings(true, false)).toEqual(['no-untracked-interval src/watchers.js:8']);
    expect(await findings(false, false)).toEqual([]);
  });
});
