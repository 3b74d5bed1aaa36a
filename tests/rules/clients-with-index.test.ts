import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';
import { afterEach, describe, expect, it } from 'vitest';
import plugin from '../../src/index.js';
import { forgetProjectIndexes } from '../../src/project/index.js';

const root = fileURLToPath(new URL('../fixtures/projects/index-clients', import.meta.url));

/** The strict config's findings on the fixture, the project index on or off. */
async function lint(projectIndex: boolean): Promise<ESLint.LintResult[]> {
  const eslint = new ESLint({
    cwd: root,
    overrideConfigFile: true,
    overrideConfig: [
      plugin.configs.strict,
      { settings: { leakproof: { projectIndex: projectIndex ? { cache: false } : false } } },
    ],
  });
  return eslint.lintFiles(['src']);
}

afterEach(() => forgetProjectIndexes());

describe('the client rules with the project index', () => {
  it('report a client built in a helper that a route in another file calls, not in one start-up calls', async () => {
    const findings = (await lint(true)).flatMap((result) =>
      result.messages.map((m) => ({ file: result.filePath.slice(root.length + 1), ...m })),
    );
    expect(findings.map((f) => `${f.ruleId} ${f.file}:${f.line}`)).toEqual([
      'leakproof/no-client-in-handler src/lib/cache.ts:8',
      'leakproof/no-client-in-handler src/lib/db.ts:5',
      'leakproof/no-client-in-handler src/lib/mail.ts:5',
    ]);
    expect(findings[2]!.message).toContain(
      'is built on every call of function `sendEmail` (runs per request: called from the POST /invite handler (src/routes.ts:7))',
    );
  });

  it("report a wrapper class's client when a route in another file builds the wrapper per request", async () => {
    const [cache] = (await lint(true)).flatMap((result) => result.messages);
    expect(cache!.message).toContain(
      '`Redis` is built on every call of the constructor of class `CacheService` (runs per request: called from the GET /sessions/:id handler (src/routes.ts:19))',
    );
  });

  it('report a factory a route in another file calls, reached through a jsconfig.json alias; not its memoized twin nor one nobody calls', async () => {
    const [, db] = (await lint(true)).flatMap((result) => result.messages);
    expect(db!.message).toContain(
      '`Pool` is built on every call of function `getDb` (runs per request: called from the GET /orders handler (src/routes.ts:11))',
    );
  });

  it('say nothing of either helper without the index', async () => {
    expect((await lint(false)).flatMap((result) => result.messages)).toEqual([]);
  });
});
