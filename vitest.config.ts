import { defineConfig } from 'vitest/config';
import SlowFirstSequencer from './tests/setup/slow-first.js';

/**
 * Suites that build a typescript-eslint project service. The service is cached per process with
 * the options it was first made with, so a suite sharing a worker's module graph with another
 * could get a service whose allowDefaultProject does not cover its files ("was not found by the
 * project service"): these run isolated.
 */
const PROJECT_SERVICE_SUITES = [
  'tests/rules/*-typed.test.ts',
  'tests/rules/no-floating-task.test.ts',
  'tests/integration/eslint-versions.test.ts',
  'tests/meta/plugin.test.ts',
];

/** Suites that replace a module with vi.mock: in a shared module graph the real one may already be loaded. */
const MOCKED_MODULE_SUITES = ['tests/project/for-rule-missing-oxc.test.ts', 'tests/project/native.test.ts'];

export default defineConfig({
  test: {
    setupFiles: ['tests/setup/rule-tester.ts'],
    // Builds dist/ once when stale: several suites run the package as users get it.
    globalSetup: ['tests/setup/build.ts'],
    // Vitest's default is one worker fewer than the CPUs: a single worker on the 2-core CI machine.
    // Most of the slow files wait on child processes (the CLI, npm, tsc, jscodeshift) or the
    // registry rather than compute, so two workers overlap them.
    maxWorkers: 2,
    sequence: { sequencer: SlowFirstSequencer },
    testTimeout: 60_000,
    hookTimeout: 120_000,
    projects: [
      {
        extends: true,
        test: {
          name: 'shared',
          include: ['tests/**/*.test.ts'],
          exclude: [...PROJECT_SERVICE_SUITES, ...MOCKED_MODULE_SUITES],
          // Rule-tester files are many and small; sharing one module graph per worker keeps the run short.
          isolate: false,
        },
      },
      {
        extends: true,
        test: { name: 'isolated', include: [...PROJECT_SERVICE_SUITES, ...MOCKED_MODULE_SUITES], isolate: true },
      },
    ],
  },
});
