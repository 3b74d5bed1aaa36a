import { afterEach, describe, expect, it, vi } from 'vitest';
import { ProjectIndex } from '../../src/project/index.js';
import { fixtureProject, forgetProjectState, lintProject } from '../helpers/lint-project.js';

const root = fixtureProject('index-client-factories');

afterEach(() => {
  forgetProjectState();
  vi.restoreAllMocks();
});

describe("the client rules with the project index: the project's own factories in other files", () => {
  it('report a call of a factory or wrapper class that builds a client per call, where it runs again and again', async () => {
    const findings = await lintProject(root, true);
    expect(findings.map((f) => f.at)).toEqual([
      'no-client-in-handler src/controllers.js:8',
      'no-client-in-handler src/controllers.js:17',
      'no-client-in-handler src/controllers.js:22',
      'no-client-in-loop src/sync.ts:7',
      'no-client-in-getter src/sync.ts:24',
    ]);
  });

  it('name the factory, where it builds the client, and which client', async () => {
    const [team, upload, download, loop, getter] = await lintProject(root, true);
    expect(team!.message).toContain(
      '`connection()` is built on every call of an HTTP handler `(req, res)` (connection() in src/lib/connection.js:6 builds a new `knex()` (knex) per call)',
    );
    expect(upload!.message).toContain(
      '(new Storage() in src/lib/storage.ts:8 builds a new `S3Client` (@aws-sdk/client-s3) per instance)',
    );
    expect(download!.message).toContain(
      '(storageFor() in src/lib/queues.ts:6, through new Storage() in src/lib/storage.ts:8 builds a new `S3Client` (@aws-sdk/client-s3) per call)',
    );
    expect(loop!.message).toContain('queueFor() in src/lib/queues.ts:11 builds a new `Queue` (bullmq) per call');
    expect(getter!.message).toContain(
      '`queueFor()` is built on every access of getter `queue` of class `Announcer` (queueFor() in src/lib/queues.ts:11',
    );
  });

  it('say nothing of them without the index', async () => {
    expect(await lintProject(root, false)).toEqual([]);
  });

  it('ask the index once per file what an imported factory builds, however often the file calls it', async () => {
    const asked = vi.spyOn(ProjectIndex.prototype, 'freshBuildOf');
    const findings = await lintProject(root, true, ['src/sync.ts']);
    expect(findings.map((f) => f.at)).toEqual([
      'no-client-in-loop src/sync.ts:7',
      'no-client-in-getter src/sync.ts:24',
    ]);
    // queueFor() three times, and the three client rules share one detector.
    expect(asked.mock.calls.map(([, source, path, isNew]) => `${source} ${path.join('.')} ${isNew}`)).toEqual([
      './lib/queues.js queueFor false',
    ]);
  });
});
