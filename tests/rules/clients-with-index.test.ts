import { afterEach, describe, expect, it } from 'vitest';
import { fixtureProject, forgetProjectState, lintProject } from '../helpers/lint-project.js';

const root = fixtureProject('index-clients');

afterEach(() => forgetProjectState());

describe('the client rules with the project index', () => {
  it('report a client built in a helper that a route in another file calls, not in one start-up calls', async () => {
    const findings = await lintProject(root, true);
    expect(findings.map((f) => f.at)).toEqual([
      'no-client-in-handler src/lib/cache.ts:8',
      'no-client-in-handler src/lib/db.ts:5',
      'no-client-in-handler src/lib/mail.ts:5',
    ]);
    expect(findings[2]!.message).toContain(
      'is built on every call of function `sendEmail` (runs per request: called from the POST /invite handler (src/routes.ts:7))',
    );
  });

  it("report a wrapper class's client when a route in another file builds the wrapper per request", async () => {
    const [cache] = await lintProject(root, true);
    expect(cache!.message).toContain(
      '`Redis` is built on every call of the constructor of class `CacheService` (runs per request: called from the GET /sessions/:id handler (src/routes.ts:19))',
    );
  });

  it('report a factory a route in another file calls, reached through a jsconfig.json alias; not its memoized twin nor one nobody calls', async () => {
    const [, db] = await lintProject(root, true);
    expect(db!.message).toContain(
      '`Pool` is built on every call of function `getDb` (runs per request: called from the GET /orders handler (src/routes.ts:11))',
    );
  });

  it('say nothing of either helper without the index', async () => {
    expect(await lintProject(root, false)).toEqual([]);
  });
});
