import { afterEach, describe, expect, it } from 'vitest';
import { fixtureProject, forgetProjectState, lintProject } from '../helpers/lint-project.js';

/*
 * A dropped task that waits for a function of another file: src/routes.ts's notify() awaits
 * relay() (src/relay.ts), which awaits sendMail() (src/mail.ts), which catches its own failures;
 * Notifier.remind() awaits an injected Mailer's deliver(), which does too; pace() awaits sleep()
 * (src/wait.ts), whose promise can only resolve; alert() awaits pushMessage(), which can reject. Only the project index can follow those callees.
 */

const root = fixtureProject('index-settled-calls');

afterEach(forgetProjectState);

describe('no-floating-task: callees in other files that cannot reject, with the project index', () => {
  it('reports every dropped task without the index', async () => {
    const findings = await lintProject(root, false);
    expect(findings.map((f) => f.at)).toEqual([
      'no-floating-task src/routes.ts:31',
      'no-floating-task src/routes.ts:32',
      'no-floating-task src/routes.ts:33',
      'no-floating-task src/routes.ts:34',
    ]);
  });

  it('leaves the tasks whose callees cannot reject, and reports the one that waits for a failing call', async () => {
    const findings = await lintProject(root, true);
    expect(findings.map((f) => f.at)).toEqual(['no-floating-task src/routes.ts:34']);
  });

  it('says, with reportHandled, which function of which file catches the failure', async () => {
    const findings = await lintProject(root, true, ['src'], {
      'leakproof/no-floating-task': ['error', { typeAware: false, reportHandled: true }],
    });
    expect(findings.map((f) => f.at)).toEqual([
      'no-floating-task src/routes.ts:31',
      'no-floating-task src/routes.ts:32',
      'no-floating-task src/routes.ts:33',
      'no-floating-task src/routes.ts:34',
    ]);
    expect(findings[0]!.message).toContain(
      'it cannot reject: `relay()` (src/relay.ts:4) waits only for calls that cannot reject',
    );
    expect(findings[1]!.message).toContain(
      'it cannot reject: `Mailer.deliver()` (src/mailer.ts:4) catches its own failures',
    );
    expect(findings[2]!.message).toContain('it cannot reject: `sleep()` (src/wait.ts:2)');
    expect(findings[3]!.message).toContain('a failure goes unhandled');
  });
});
