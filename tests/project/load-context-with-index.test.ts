import { afterEach, describe, expect, it } from 'vitest';
import { fixtureProject, forgetProjectState, lintProject } from '../helpers/lint-project.js';

/*
 * A Remix loader's `context` is what the server's getLoadContext returns: state the program set
 * (its configured database), not what the client sent. app/routes/queues.tsx keys one queue client
 * per `context.DB_URL` (app/routes/queues.purge.tsx through `args.context`); app/routes/browse.tsx
 * counts jobs per database named in the query string.
 */

const root = fixtureProject('index-load-context');

afterEach(forgetProjectState);

describe("no-unbounded-cache with the project index: a route loader's load context", () => {
  it('leaves alone a client per database the load context names, and reports a key from the query string', async () => {
    const findings = (await lintProject(root, true, ['app'])).filter((f) => f.at.startsWith('no-unbounded-cache'));
    expect(findings.map((f) => f.at)).toEqual(['no-unbounded-cache app/lib/counts.server.ts:2']);
    expect(findings[0]!.message).toContain('keyed by request input');
  });
});
