import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    setupFiles: ['tests/setup/rule-tester.ts'],
    // Builds dist/ once when stale: several suites run the package as users get it.
    globalSetup: ['tests/setup/build.ts'],
    // Rule-tester files are many and small; sharing one module graph per worker keeps the run short.
    isolate: false,
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
