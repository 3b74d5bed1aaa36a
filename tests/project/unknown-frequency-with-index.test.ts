import { afterEach, describe, expect, it } from 'vitest';
import {
  fixtureProject,
  forgetProjectState,
  INTERVALS_OF_UNKNOWN_CALLERS,
  lintProject,
} from '../helpers/lint-project.js';

// The multi-file examples of the interval and listener rules' docs ("How it decides how often code runs").
const root = fixtureProject('index-unknown-frequency');
const findings = async (projectIndex: boolean, rules = {}) =>
  (await lintProject(root, projectIndex, ['src'], rules)).map((f) => f.at).sort();

afterEach(forgetProjectState);

describe('code whose frequency is unknown', () => {
  it('is left alone without the index: no file alone shows a helper runs per request', async () => {
    expect(await findings(false)).toEqual([]);
  });

  it('is reported with the index where a route calls it, by name or through a helper, and the message names the chain', async () => {
    const reported = await lintProject(root, true);
    expect(reported.map((f) => f.at).sort()).toEqual([
      'no-listener-leak src/lib/trace.js:3',
      'no-untracked-interval src/lib/poll.js:3',
    ]);
    expect(reported.find((f) => f.at.includes('poll.js'))?.message).toContain(
      'runs per request: called from the GET /poll/:id handler (src/routes.js:9)',
    );
  });

  it('stays silent with the index where start-up calls it once, or nothing calls it', async () => {
    const reported = await findings(true);
    expect(reported.filter((at) => at.includes('limiter.js') || at.includes('unused.js'))).toEqual([]);
  });

  it('is reported, unknown included, with reportUnknownCallers', async () => {
    expect(await findings(false, INTERVALS_OF_UNKNOWN_CALLERS)).toEqual([
      'no-untracked-interval src/lib/limiter.js:4',
      'no-untracked-interval src/lib/poll.js:3',
      'no-untracked-interval src/lib/unused.js:3',
    ]);
  });
});
