import { afterEach, describe, expect, it } from 'vitest';
import { fixtureProject, forgetProjectState, lintProject } from '../helpers/lint-project.js';
import { isDistinctiveMethodName } from '../../src/project/method-calls.js';

const root = fixtureProject('index-method-names');
afterEach(forgetProjectState);

describe('calls on a receiver the index cannot follow, linked by a distinctive method name', () => {
  it("reads a method the worker's top level calls on each element of a record as run once", async () => {
    const findings = await lintProject(root, true);
    expect(findings.map((f) => f.at)).toEqual([
      // `resume` is one word: not linked by name, still read as a service method called again and again.
      'no-untracked-interval src/pool.js:14',
      'no-untracked-interval src/pool.js:30',
    ]);
  });

  it('says a method called by name per request runs per request, with the handler as evidence', async () => {
    const findings = await lintProject(root, true);
    const reporter = findings.find((f) => f.at === 'no-untracked-interval src/pool.js:30')!;
    expect(reporter.message).toContain('called from the POST /reports handler (src/worker.js:16)');
  });

  it('takes only names of two words or more that no built-in object has', () => {
    expect(isDistinctiveMethodName('runResizeJobs')).toBe(true);
    expect(isDistinctiveMethodName('start_jobs')).toBe(true);
    expect(isDistinctiveMethodName('resume')).toBe(false);
    expect(isDistinctiveMethodName('addListener')).toBe(false);
    expect(isDistinctiveMethodName('toString')).toBe(false);
  });
});
