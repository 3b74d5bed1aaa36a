import { afterEach, describe, expect, it } from 'vitest';
import { ESLint } from 'eslint';
import plugin from '../../src/index.js';
import { fixtureProject, forgetProjectState } from '../helpers/lint-project.js';

/*
 * An instance field is long-lived when the project index shows every `new` of its class runs
 * once: src/server.ts builds ProfileStore at start-up, VisitLog per request, CartStore once but
 * without a constructor the index could be asked about.
 */

const root = fixtureProject('index-long-lived-fields');

async function cacheFindings(projectIndex: boolean) {
  forgetProjectState();
  const eslint = new ESLint({
    cwd: root,
    overrideConfigFile: true,
    overrideConfig: [
      { ...plugin.configs.strict, rules: { 'leakproof/no-unbounded-cache': 'error' } },
      { settings: { leakproof: { projectIndex: projectIndex ? { cache: false } : false } } },
    ],
  });
  const results = await eslint.lintFiles(['src']);
  return results.flatMap((result) =>
    result.messages.map((message) => ({ at: `${result.filePath.slice(root.length + 1)}:${message.line}`, message })),
  );
}

afterEach(forgetProjectState);

describe('no-unbounded-cache: instance fields of classes the project index shows are built once', () => {
  it('reports the field of the class built at start-up, saying where', async () => {
    const findings = await cacheFindings(true);
    expect(findings.map((f) => f.at)).toEqual(['src/lib/profiles.ts:3']);
    expect(findings[0]!.message.message).toMatch(
      /^Map `this\.byUserId` lives as long as the process \(a field of `ProfileStore`, built once: called from the module top level \(src\/server\.ts:7\)\) and gains/,
    );
  });

  it('without the index, leaves every field alone: nothing in each file shows how long its object lives', async () => {
    expect(await cacheFindings(false)).toEqual([]);
  });
});
