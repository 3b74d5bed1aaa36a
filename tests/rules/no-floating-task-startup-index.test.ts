import { afterEach, describe, expect, it } from 'vitest';
import { ESLint } from 'eslint';
import plugin from '../../src/index.js';
import { fixtureProject, forgetProjectState } from '../helpers/lint-project.js';

/*
 * A pass over stored items in a constructor is start-up work when nothing shows the class built
 * again and again: src/server.ts builds DeviceProvider once at start-up and ScanSession per
 * request, and only the project index can see that from src/lib/devices.ts.
 */

const root = fixtureProject('index-startup-passes');

async function floatingFindings(projectIndex: boolean) {
  forgetProjectState();
  const eslint = new ESLint({
    cwd: root,
    overrideConfigFile: true,
    overrideConfig: [
      { ...plugin.configs.strict, rules: { 'leakproof/no-floating-task': 'error' } },
      { settings: { leakproof: { projectIndex: projectIndex ? { cache: false } : false } } },
    ],
  });
  const results = await eslint.lintFiles(['src']);
  return results.flatMap((result) =>
    result.messages.map((message) => ({ at: `${result.filePath.slice(root.length + 1)}:${message.line}`, message })),
  );
}

afterEach(forgetProjectState);

describe('no-floating-task: passes over stored items in a constructor, with the project index', () => {
  it('reports the pass of the class built per request and leaves the one built at start-up', async () => {
    const findings = await floatingFindings(true);
    expect(findings.map((f) => f.at)).toEqual(['src/lib/devices.ts:22']);
    expect(findings[0]!.message.message).toMatch(
      /^`this\.probe\(…\)` starts a task on every iteration of a for\.\.\.of loop/,
    );
  });

  it('without the index, leaves both: no caller in the file shows either class built again and again', async () => {
    expect(await floatingFindings(false)).toEqual([]);
  });
});
