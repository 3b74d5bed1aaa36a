import { afterEach, describe, expect, it } from 'vitest';
import { fixtureProject, forgetProjectState, lintProject } from '../helpers/lint-project.js';

const root = fixtureProject('index-plugin-apps');
afterEach(forgetProjectState);

describe('app.use on a plugin app, with the project index', () => {
  it("runs a choo store or a Vue plugin once, and an Express app's middleware per request", async () => {
    // `routes(choo())`, `choo()` and `createApp()`: their `use(fn)` installs fn once; Express's
    // `app.use(fn)` runs fn per request, so its interval is reported.
    const found = (await lintProject(root, true)).map((f) => f.at);
    expect(found).toEqual(['no-untracked-interval src/heartbeat.js:2']);
  });
});
