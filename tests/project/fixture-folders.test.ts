import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { fixtureProject, forgetProjectState, lintProject } from '../helpers/lint-project.js';

// A fixture folder inside a test tree holds a sample app the suite starts and stops (set 28: a web
// framework's app that rejects on purpose, for its unhandledRejection logging test): test code
// when the repository is linted, the app's own code when the app is linted as its own root.
const root = fixtureProject('fixture-app-in-test-tree');
const app = join(root, 'test', 'fixtures', 'apps', 'app-throw');

async function findings(cwd: string, projectIndex: boolean): Promise<string[]> {
  return (await lintProject(cwd, projectIndex, ['.'])).map((finding) => finding.at).sort();
}

afterEach(forgetProjectState);

describe('fixture folders', () => {
  it.each([false, true])(
    'linted from the repository, a test tree fixture app is test code; one outside a test tree is not (index %s)',
    async (projectIndex) => {
      expect(await findings(root, projectIndex)).toEqual(['no-floating-task src/fixtures/sample-app/app/router.js:4']);
    },
  );

  it.each([false, true])(
    'linted as its own root, the fixture app is judged like any app (index %s)',
    async (projectIndex) => {
      expect(await findings(app, projectIndex)).toEqual(['no-floating-task app/router.js:4']);
    },
  );
});
