import { afterEach, describe, expect, it } from 'vitest';
import { fixtureProject, forgetProjectState, lintProject } from '../helpers/lint-project.js';

const root = fixtureProject('index-event-objects');
afterEach(forgetProjectState);

describe("listeners on an event's own object handed to a constructor, with the project index", () => {
  it("leaves what a per-connection adapter's set-up adds to the connection's socket, and reports a method called again, a shared bus (also one the constructor itself listens on, kept or not) and a class also built with the process", async () => {
    const findings = await lintProject(root, true);
    expect(findings.map((f) => f.at).sort()).toEqual([
      'no-listener-leak src/adapters.js:15',
      'no-listener-leak src/adapters.js:35',
      'no-listener-leak src/adapters.js:47',
      'no-listener-leak src/adapters.js:58',
      'no-listener-leak src/adapters.js:87',
    ]);
  });
});
