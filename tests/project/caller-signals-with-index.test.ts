import { afterEach, describe, expect, it } from 'vitest';
import { fixtureProject, forgetProjectState, lintProject } from '../helpers/lint-project.js';

const root = fixtureProject('index-caller-signals');
afterEach(forgetProjectState);

describe("abort listeners on the caller's signal, with the project index", () => {
  it('reports every one without the index, but for a constructor: nothing there says its class is built again and again', async () => {
    const findings = await lintProject(root, false);
    expect(findings.map((f) => f.at).sort()).toEqual([
      'no-listener-leak src/documents.js:11',
      'no-listener-leak src/documents.js:4',
      'no-listener-leak src/download.js:4',
      'no-listener-leak src/fetch-json.js:4',
      'no-listener-leak src/player-shared.js:5',
      'no-listener-leak src/player.js:3',
      'no-listener-leak src/poller.js:6',
      'no-listener-leak src/relay.js:5',
      'no-listener-leak src/search.js:4',
      'no-listener-leak src/send.js:4',
    ]);
  });

  it('leaves those whose every caller makes the signal per call, and reports a shared signal and a function with no callers', async () => {
    const findings = await lintProject(root, true);
    expect(findings.map((f) => f.at).sort()).toEqual([
      // The signal a helper returns: made per call (AbortSignal.any) is left alone, the process's own is reported.
      'no-listener-leak src/documents.js:11',
      'no-listener-leak src/download.js:4',
      // A controller made anew only by reset(), not by the function that hands its signal on (player.js is left).
      'no-listener-leak src/player-shared.js:5',
      'no-listener-leak src/poller.js:6',
      // The process's signal handed as `abortSignal` is reported; a request's own, handed on whole, is not (send.js).
      'no-listener-leak src/relay.js:5',
      // A class built per request with the process's signal: the index shows the constructor repeats.
      'no-listener-leak src/session.js:5',
    ]);
  });
});
