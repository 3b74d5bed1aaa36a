import { afterEach, describe, expect, it } from 'vitest';
import { fixtureProject, forgetProjectState, lintProject } from '../helpers/lint-project.js';

// A NestJS application whose singleton services drop tasks; who calls each service is in another
// file (a controller's route, a @Cron job, an onModuleInit hook, nobody).
const root = fixtureProject('index-nest-services');
const findings = async (projectIndex: boolean) =>
  (await lintProject(root, projectIndex)).sort((a, b) => (a.at < b.at ? -1 : 1));

afterEach(forgetProjectState);

describe('tasks dropped and clients built in methods of NestJS services, with the index', () => {
  it('reports every service method without the index: a singleton exists to be called again and again', async () => {
    expect((await findings(false)).map((f) => f.at)).toEqual([
      'no-client-in-handler src/cleanup/cleanup.service.ts:14',
      'no-floating-task src/audit/audit.service.ts:9',
      'no-floating-task src/cleanup/cleanup.service.ts:10',
      'no-floating-task src/icons/icons.service.ts:8',
      'no-floating-task src/logo/logo.service.ts:8',
    ]);
  });

  it('keeps what a route or a timer in another file calls, naming the chain, and what nothing calls', async () => {
    const reported = await findings(true);
    expect(reported.map((f) => f.at)).toEqual([
      'no-client-in-handler src/cleanup/cleanup.service.ts:14',
      'no-floating-task src/audit/audit.service.ts:9',
      'no-floating-task src/cleanup/cleanup.service.ts:10',
      'no-floating-task src/logo/logo.service.ts:8',
    ]);
    const [client, audit, cleanup, logo] = reported;
    expect(logo!.message).toContain(
      "in method `create` of class `LogoService` (runs per request: called from the @Post('admin/logo') LogoController.uploadLogo (src/logo/logo.controller.ts:8))",
    );
    expect(cleanup!.message).toContain(
      "(runs on every timer tick: called from the @Cron('0 * * * *') CleanupJob.run (src/cleanup/cleanup.job.ts:9))",
    );
    expect(client!.message).toContain(
      "on every call of method `archive` of class `CleanupService` (runs on every timer tick: called from the @Cron('0 * * * *') CleanupJob.run (src/cleanup/cleanup.job.ts:9))",
    );
    // No callers in the project: the index does not know, and the file's own reading stands.
    expect(audit!.message).toContain(
      '(a method of `AuditService`, kept as a singleton by NestJS, called again and again)',
    );
  });

  it('leaves a service method only an onModuleInit hook calls: start-up work', async () => {
    expect((await findings(true)).filter((f) => f.at.includes('icons'))).toEqual([]);
  });
});
