import { afterEach, describe, expect, it } from 'vitest';
import { fixtureProject, forgetProjectState, lintProject } from '../helpers/lint-project.js';

/*
 * A dropped task that waits for a function of another file: src/routes.ts's notify() awaits
 * relay() (src/relay.ts), which awaits sendMail() (src/mail.ts), which catches its own failures;
 * Notifier.remind() awaits an injected Mailer's deliver(), which does too; pace() awaits sleep()
 * (src/wait.ts), whose promise can only resolve; search() awaits a store's fetchSessions() (src/sessions.ts,
 * a class field that catches its own failures) behind `.finally(…)`; alert() and alertOnce() await
 * pushMessage(), which can reject, the second behind `.finally(…)`; upload() awaits validateUpload()
 * (src/upload.ts), whose catch hands the failure to the callback passed in. Only the project index can follow
 * those callees.
 */

const root = fixtureProject('index-settled-calls');

/** The route's seven dropped calls, as each is reported without the index or with `reportHandled`. */
const EVERY_DROPPED_CALL = [55, 56, 57, 58, 59, 60, 61].map((line) => `no-floating-task src/routes.ts:${line}`);

afterEach(forgetProjectState);

describe('no-floating-task: callees in other files that cannot reject, with the project index', () => {
  it('reports every dropped task without the index', async () => {
    const findings = await lintProject(root, false);
    expect(findings.map((f) => f.at)).toEqual(EVERY_DROPPED_CALL);
  });

  it('leaves the tasks whose callees cannot reject, and reports the one that waits for a failing call', async () => {
    const findings = await lintProject(root, true);
    expect(findings.map((f) => f.at)).toEqual([
      'no-floating-task src/routes.ts:58',
      'no-floating-task src/routes.ts:60',
    ]);
  });

  it('says, with reportHandled, which function of which file catches the failure', async () => {
    const findings = await lintProject(root, true, ['src'], {
      'leakproof/no-floating-task': ['error', { typeAware: false, reportHandled: true }],
    });
    expect(findings.map((f) => f.at)).toEqual(EVERY_DROPPED_CALL);
    expect(findings[0]!.message).toContain(
      'it cannot reject: `relay()` (src/relay.ts:4) waits only for calls that cannot reject',
    );
    expect(findings[1]!.message).toContain(
      'it cannot reject: `Mailer.deliver()` (src/mailer.ts:4) catches its own failures',
    );
    expect(findings[2]!.message).toContain('it cannot reject: `sleep()` (src/wait.ts:2)');
    expect(findings[3]!.message).toContain('a failure goes unhandled');
    expect(findings[4]!.message).toContain(
      'it cannot reject: `SessionStore.fetchSessions()` (src/sessions.ts:7) catches its own failures',
    );
    expect(findings[5]!.message).toContain('a failure goes unhandled');
    expect(findings[6]!.message).toContain('it cannot reject: `validateUpload()` (src/upload.ts:4)');
  });
});

/*
 * A callee reached through a getter of an imported singleton (set 30: a chat bot's ad manager
 * drops `this.runAdCheck()`, which awaits `TwitchApi.channels.getAdSchedule()`, a method that
 * catches everything, of the object the `channels` getter creates lazily): the index reads the
 * getter as the field it returns. peek() awaits raw(), which can reject.
 */
describe('no-floating-task: a callee reached through a getter, with the project index', () => {
  const getters = fixtureProject('index-settled-getters');

  it('reports both dropped checks without the index', async () => {
    const findings = await lintProject(getters, false);
    expect(findings.map((f) => f.at)).toEqual(['no-floating-task src/ads.ts:19', 'no-floating-task src/ads.ts:20']);
  });

  it('leaves the check whose callee catches its own failures', async () => {
    const findings = await lintProject(getters, true);
    expect(findings.map((f) => f.at)).toEqual(['no-floating-task src/ads.ts:20']);
  });
});

/*
 * A callee of another file whose catch reports the failure to a logger (set 37: a charging
 * server voids its roaming updates, each catch awaiting a database logger given the error) is
 * handled as `.catch(report)` is; a catch that awaits a call not given the failure is not.
 */
describe('no-floating-task: a callee whose catch reports its failure, with the project index', () => {
  const reports = fixtureProject('index-settled-reports');

  it('reports both dropped updates without the index', async () => {
    const findings = await lintProject(reports, false);
    expect(findings.map((f) => f.at)).toEqual([
      'no-floating-task src/routes.ts:15',
      'no-floating-task src/routes.ts:16',
    ]);
  });

  it('leaves the update whose catch reports the failure', async () => {
    const findings = await lintProject(reports, true);
    expect(findings.map((f) => f.at)).toEqual(['no-floating-task src/routes.ts:16']);
  });
});
