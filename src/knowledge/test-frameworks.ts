/** Test frameworks: a file importing one runs under a test runner and exits. */

/** Test frameworks and assertion libraries: a file importing one runs under a test runner (`test` is node:test, compared without its `node:` prefix). */
export const TEST_MODULES: ReadonlySet<string> = new Set([
  'vitest',
  '@jest/globals',
  'mocha',
  'test',
  'tap',
  'ava',
  '@playwright/test',
  'uvu',
  'jasmine',
]);

/** The test runners' globals that take a test body or a hook: code inside runs per test and ends with the run. */
export const TEST_HOOKS: ReadonlySet<string> = new Set([
  'describe',
  'context',
  'suite',
  'it',
  'test',
  'specify',
  'beforeAll',
  'beforeEach',
  'afterAll',
  'afterEach',
  'before',
  'after',
]);
