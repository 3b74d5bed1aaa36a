import { afterEach, describe, expect, it } from 'vitest';
import { fixtureProject, forgetProjectState, lintProject } from '../helpers/lint-project.js';

const root = fixtureProject('index-subapp-middleware');
afterEach(forgetProjectState);

describe("middleware on a router's sub-app (koa-websocket's `app.ws.use`), with the project index", () => {
  it('takes a function passed to `app.ws.use` in another file for one run per connection', async () => {
    const findings = await lintProject(root, true);
    expect(findings.map((f) => f.at)).toEqual(['no-untracked-interval src/socket.ts:4']);
    expect(findings[0]?.message).toContain('src/main.ts:8');
  });

  it('leaves it unjudged without the index: the registration is in another file', async () => {
    expect(await lintProject(root, false)).toEqual([]);
  });
});
