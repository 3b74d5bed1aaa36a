import { afterEach, describe, expect, it } from 'vitest';
import { fixtureProject, forgetProjectState, lintProject } from '../helpers/lint-project.js';

const root = fixtureProject('index-way-out-timers');
afterEach(forgetProjectState);

const floating = (findings: readonly { at: string; message: string }[]) =>
  findings.filter((f) => f.at.startsWith('no-floating-task '));

describe('timers and listeners started on the way out of the process, with the project index', () => {
  it('leaves alone the tasks a pass drops in a timer or listener only the way out starts; reports its twins', async () => {
    const findings = floating(await lintProject(root, true));
    expect(findings.map((f) => f.at)).toEqual([
      // drainNow: started per request.
      'no-floating-task src/instances.js:38',
      // restartAll: started at start-up too, so its timer ticks for the life of the process.
      'no-floating-task src/instances.js:48',
    ]);
  });

  it('reports every pass without the index: the file cannot tell where its timers start', async () => {
    const findings = floating(await lintProject(root, false));
    expect(findings.map((f) => f.at)).toEqual([
      'no-floating-task src/instances.js:15',
      'no-floating-task src/instances.js:29',
      'no-floating-task src/instances.js:38',
      'no-floating-task src/instances.js:48',
    ]);
  });
});
