import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';
import { afterEach, describe, expect, it } from 'vitest';
import plugin from '../../src/index.js';
import { forgetProjectIndexes } from '../../src/project/index.js';
import { forgetProjectFacts } from '../../src/project/for-rule.js';

const root = fileURLToPath(new URL('../fixtures/projects/index-kept-callbacks', import.meta.url));

/** `rule file:line` of each finding of the strict config over the fixture. */
async function findings(projectIndex: boolean): Promise<string[]> {
  forgetProjectIndexes();
  forgetProjectFacts();
  const eslint = new ESLint({
    cwd: root,
    overrideConfigFile: true,
    overrideConfig: [
      plugin.configs.strict,
      { settings: { leakproof: { projectIndex: projectIndex ? { cache: false } : false } } },
    ],
  });
  const results = await eslint.lintFiles(['src']);
  return results
    .flatMap((result) =>
      result.messages.map(
        (m) => `${m.ruleId!.replace('leakproof/', '')} ${result.filePath.slice(root.length + 1)}:${m.line}`,
      ),
    )
    .sort();
}

afterEach(() => {
  forgetProjectIndexes();
  forgetProjectFacts();
});

describe('with the project index', () => {
  it('a callback kept for later (onCreated, subscribe…) does not run when the code handing it over runs; a pass over a list at start-up runs once; a loop until stopped repeats', async () => {
    expect(await findings(true)).toEqual([
      'no-untracked-interval src/card-date.js:5',
      'no-untracked-interval src/watchers.js:8',
    ]);
  });

  it('without it, the file alone cannot tell how often the exported helpers run', async () => {
    expect(await findings(false)).toEqual([
      'no-untracked-interval src/card-date.js:5',
      'no-untracked-interval src/watchers.js:4',
      'no-untracked-interval src/watchers.js:8',
    ]);
  });
});
