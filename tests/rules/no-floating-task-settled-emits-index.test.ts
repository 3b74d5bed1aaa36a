import { afterEach, describe, expect, it } from 'vitest';
import { fixtureProject, forgetProjectState, lintProject } from '../helpers/lint-project.js';

/*
 * A dropped task that waits for a library emitter's dispatch in another file (set 31: a meeting
 * client's sendToServer awaits socket.io's emit): src/routes.ts's kick() awaits sendToServer()
 * (src/signal.ts), which awaits `socket.emit(msg, config)` and cannot reject; fail() awaits reportFailure(), which
 * emits 'error' and throws when nothing listens. Only the project index can follow them.
 */

const root = fixtureProject('index-settled-emits');

afterEach(forgetProjectState);

describe('no-floating-task: an emitter dispatch in another file, with the project index', () => {
  it('reports both dropped calls without the index', async () => {
    const findings = await lintProject(root, false);
    expect(findings.map((f) => f.at)).toEqual([
      'no-floating-task src/routes.ts:15',
      'no-floating-task src/routes.ts:16',
    ]);
  });

  it('leaves the call that waits only for a dispatch, and reports the one that emits an error', async () => {
    const findings = await lintProject(root, true);
    expect(findings.map((f) => f.at)).toEqual(['no-floating-task src/routes.ts:16']);
  });
});
