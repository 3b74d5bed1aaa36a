import { afterEach, describe, expect, it } from 'vitest';
import { fixtureProject, forgetProjectState, lintProject } from '../helpers/lint-project.js';

const root = fixtureProject('index-helper-handlers');
afterEach(forgetProjectState);

/** The findings of one rule, the index on. */
async function findingsOf(rule: string) {
  return (await lintProject(root, true)).filter((f) => f.at.startsWith(`${rule} `));
}

describe("the index's `repeats` answer, trusted where the file alone cannot say", () => {
  it('no-floating-task follows a helper a route in another file calls, naming the chain; not one start-up, nothing, a socket server or a DOM message event calls', async () => {
    const findings = await findingsOf('no-floating-task');
    expect(findings.map((f) => f.at)).toEqual([
      'no-floating-task src/lib/session.ts:18',
      'no-floating-task src/lib/uploads.ts:5',
    ]);
    expect(findings[1]!.message).toContain(
      'starts a task in function `saveUpload` (runs per request: called from the POST /upload handler (src/routes.ts:7))',
    );
  });

  it('no-floating-task follows the constructor of a class a route in another file builds per request', async () => {
    const [session] = await findingsOf('no-floating-task');
    expect(session!.message).toContain(
      'starts a task in the constructor of class `SessionLog` (runs per request: called from the GET /session/:id handler (src/routes.ts:14))',
    );
  });

  it('no-listener-leak reports a process listener of a constructor the index finds run per request; not one on the instance itself or an emitter it builds', async () => {
    const findings = await findingsOf('no-listener-leak');
    expect(findings.map((f) => f.at)).toEqual(['no-listener-leak src/lib/session.ts:19']);
    expect(findings[0]!.message).toContain(
      'in the constructor of class `SessionLog` (runs per request: called from the GET /session/:id handler (src/routes.ts:14)), which runs again and again',
    );
  });

  it("no-client-in-handler keeps an `(req, res)` handler's reading where the index says it repeats per event, naming the chain", async () => {
    const findings = await findingsOf('no-client-in-handler');
    expect(findings.map((f) => f.at)).toEqual([
      'no-client-in-handler src/lib/forward.ts:5',
      'no-client-in-handler src/lib/reports.ts:7',
    ]);
    expect(findings[0]!.message).toContain(
      "is built on every call of an HTTP handler `(req, res)` (runs per event: called from the 'forward' event handler (src/bus.ts:6))",
    );
  });

  it('without the index, only the `(req, res)` handler is reported', async () => {
    expect((await lintProject(root, false)).map((f) => f.at)).toEqual(['no-client-in-handler src/lib/forward.ts:5']);
  });
});
