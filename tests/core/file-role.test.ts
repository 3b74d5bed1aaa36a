import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import { fileRoleOf, fileRoleReasonOf } from '../../src/core/file-role.js';
import { parseForAnalysis } from '../../src/core/parse.js';

const roleOf = (filename: string, code = 'export const x = 1;', cwd = '/work/app') =>
  fileRoleOf({ ...parseForAnalysis(code, filename), cwd });

describe('fileRoleOf', () => {
  it.each([
    ['src/cache.test.ts'],
    ['src/cache.spec.js'],
    // Names a vitest workspace gives its client and server projects (set 29), and Nest's e2e tests.
    ['web/src/features/agent/Execution.clienttest.tsx'],
    ['web/src/server/api/traces.servertest.ts'],
    ['src/app.e2e-spec.ts'],
    ['src/orders.unit-test.js'],
    ['lib/__tests__/cache.ts'],
    ['/work/app/test/helpers/server.js'],
    ['spec/support/reporter.js'],
    ['packages/a/tests/fixtures.mts'],
    ['e2e/login.ts'],
    ['src.ts/_tests/test-providers-jsonrpc.ts'],
    // Test-support folders and packages: what they hold runs under a test runner.
    ['packages/test-utils/lib/dockers.ts'],
    ['src/test-helpers/database.ts'],
    ['packages/core/testing/src/fake-clock.ts'],
    // Folders named for a kind of test suite (held-out false positives in an API client's smoke-test
    // servers and an SDK's end-to-end test applications).
    ['packages/app-smoke-test/server/grpc.ts'],
    ['dev-packages/e2e-tests/test-applications/shop/src/router.ts'],
    ['dev-packages/node-integration-tests/suites/tracing/server.js'],
    // A workspace package named for the project's tests (set 34: a request client's OAuth fixture servers).
    ['packages/bruno-tests/src/auth/oauth2/authorizationCode.js'],
    ['apps/web-test/server.ts'],
    // A performance test harness (set 22: a job queue's perfTest/ and the tasks it runs).
    ['perfTest/tasks/wait.js'],
    ['packages/core/perf-tests/run.ts'],
    ['performance_tests/load.js'],
  ])('%s is a test file by its path', (filename) => {
    expect(roleOf(filename)).toBe('test');
  });

  it.each([
    ["import { describe } from 'vitest';"],
    ["import { test } from 'node:test';"],
    ["const { test } = require('node:test');"],
    // A test that leaves its runner to globals and imports only a test-only helper (set 29).
    ["import { render, screen } from '@testing-library/react';"],
    ["const request = require('supertest');"],
    ["import { expect } from '@jest/globals';"],
  ])('a file importing a test framework is a test file: %s', (code) => {
    expect(roleOf('src/checks.ts', code)).toBe('test');
  });

  // Instrumentation loaded into a test run: a tracer's hooks on the runner's packages.
  it.each([
    ["addHook({ name: '@cucumber/cucumber', versions: ['>=7.0.0'] }, (cucumber) => cucumber);"],
    ["addHook({ name: 'playwright', versions: ['>=1'] }, patchPage);\naddHook({ name: '@playwright/test' }, patch);"],
    ["const hook = new Hook(['mocha'], patchMocha);"],
    ["shimmer.hook('jest-circus', patchCircus);"],
    ["if (MAJOR < 6) {\n  addHook({ name: '@playwright/test', file: 'lib/runner.js' }, patchRunner);\n}"],
  ])('a file that hooks a test runner is a test file: %s', (code) => {
    const filename = 'packages/instrumentations/src/runner.js';
    expect(roleOf(filename, code)).toBe('test');
    expect(fileRoleReasonOf({ ...parseForAnalysis(code, filename), cwd: '/work/app' })).toBe(
      'instruments a test runner',
    );
  });

  it.each([
    // Hooks on a server's packages, or a runner named only inside a function or as another property.
    ["addHook({ name: 'express', versions: ['>=4'] }, patchExpress);"],
    ["addHook({ name: 'playwright-core' }, patchPage);"],
    ["export function register() {\n  addHook({ name: 'mocha' }, patch);\n}"],
    ["addHook({ file: 'mocha', name: 'pg' }, patch);"],
  ])('a file that hooks no test runner at its top level is long-running source: %s', (code) => {
    expect(roleOf('packages/instrumentations/src/db.js', code)).toBe('source');
  });

  it('a #! line makes a script', () => {
    expect(roleOf('bin/run.js', '#!/usr/bin/env node\nconst seen = new Map();')).toBe('script');
  });

  it.each([
    ['#!/usr/bin/env node\nconst app = require("../app");\nhttp.createServer(app).listen(process.env.PORT);'],
    ['#!/usr/bin/env node\nconst server = require("../lib/server");\nserver.listen(3000, () => console.log("up"));'],
    ['#!/usr/bin/env node\nasync function main() {\n  const app = await NestFactory.create(AppModule);\n}\nmain();'],
    ['#!/usr/bin/env node\nsetInterval(() => poll(), 1000);'],
  ])("a #! program whose own code starts serving is a server's bin, long-running: %s", (code) => {
    expect(roleOf('bin/www', code)).toBe('source');
  });

  it('a #! program that only calls a `listen` function of its own is still a script', () => {
    expect(roleOf('bin/run.js', '#!/usr/bin/env node\nfunction listen() {}\nlisten();')).toBe('script');
  });

  it('a package.json bin target is a program of its own, even without a #! line', () => {
    const root = fileURLToPath(new URL('../fixtures/projects/lifetime-cli', import.meta.url));
    const bin = `${root}/bin/deploy.js`;
    expect(roleOf(bin, "const { deploy } = require('../lib/deploy');", root)).toBe('script');
    expect(fileRoleReasonOf({ ...parseForAnalysis('deploy();', bin), cwd: root })).toBe('a package.json bin');
    expect(roleOf(bin.replace('deploy.js', 'other.js'), 'deploy();', root)).toBe('source');
  });

  it('a package.json changed in a long-lived process (an editor) is read again: a bin added, then removed', () => {
    const root = mkdtempSync(join(tmpdir(), 'leakproof-role-'));
    const manifest = join(root, 'package.json');
    const bin = join(root, 'bin/deploy.js');
    // Each lint parses the file again (a role is kept per AST): the text differs a little each time.
    writeFileSync(manifest, JSON.stringify({ name: 'tool', private: true }));
    expect(roleOf(bin, 'deploy(1);', root)).toBe('source');
    writeFileSync(manifest, JSON.stringify({ name: 'tool', private: true, bin: { deploy: 'bin/deploy.js' } }));
    expect(roleOf(bin, 'deploy(2);', root)).toBe('script');
    rmSync(manifest);
    expect(roleOf(bin, 'deploy(3);', root)).toBe('source');
  });

  it.each([
    ["import { getInput, setFailed } from '@actions/core';"],
    ["const core = require('@actions/core');"],
    ["import * as github from '@actions/github';"],
  ])('a GitHub Action runs once per workflow step: a file importing the actions toolkit is a script: %s', (code) => {
    expect(roleOf('packages/actions/src/upload/index.ts', code)).toBe('script');
  });

  it.each([
    ['scripts/update-changelog.js'],
    ['server/scripts/20240825-backfill.ts'],
    // A scripts folder with a qualifier (set 25: a one-off data migration run by hand).
    ['packages/server/migration-scripts/add-entity-custom-actions.ts'],
    ['deploy_scripts/release.js'],
    // The qualifier after (set 36: example scenario scripts a benchmark CLI loads by path).
    ['scripts-example/IoT-data-scenarios/weather.js'],
    // Benchmarks run, print and exit.
    ['benchmark/lib/runner.js'],
    ['benchmarks/routers/src/find-my-way.mts'],
    ['bench/lint-overhead.mjs'],
    // Code generators read, write and exit (set 18: a protocol stack's generators).
    ['code_gen/generate_status_code.js'],
    ['tools/codegen/build-types.ts'],
  ])('%s is a script by its folder', (filename) => {
    expect(roleOf(filename)).toBe('script');
  });

  it.each([['src/run-tests/runner.ts'], ['packages/ci/src/flaky-tests/store.ts']])(
    '%s is long-running source: a folder named for tests below a package is not a test package',
    (filename) => {
      expect(roleOf(filename)).toBe('source');
    },
  );

  it.each([['src/transcripts/store.ts'], ['src/descriptions/index.ts'], ['src/postscript/render.ts']])(
    '%s is not a script: a folder name only ending in "script" is not a scripts folder',
    (filename) => {
      expect(roleOf(filename)).toBe('source');
    },
  );

  // A test script run by hand that ends the process when its work is done (a held-out false
  // positive in an AI agent's desktop sidecar: the stderr lines it kept live for one run).
  it.each([
    [
      'main()\n  .catch((err) => console.error(err))\n  .finally(() => {\n    child?.kill();\n    process.exit(0);\n  });',
    ],
    ['main().then(() => process.exit(0));'],
    ['void run().finally(() => process.exit());'],
    ['await main();\nprocess.exit(0);'],
    ['run().then(function () { process.exit(0); }, () => process.exit(1));'],
  ])('a file whose top level exits once its work is done is a script: %s', (code) => {
    expect(
      roleOf(
        'apps/desktop/sidecar/chat-check.ts',
        `const lines: string[] = [];\nasync function main() {}\nasync function run() {}\n${code}`,
      ),
    ).toBe('script');
  });

  // A program whose top level ends by closing what it opened has done its work (held-out false
  // positives in an SDK's example client and a docs harness, each of which runs a fixed sequence
  // of calls and closes).
  it.each([
    ['await client.connect(transport);\nawait client.callTool({ name: "greet" });\nawait client.close();'],
    ['await client.connect(transport);\nawait client.close();\nawait server.close();'],
    ['await client.connect(transport);\nvoid client.disconnect();'],
  ])('a file whose top level ends by closing its connection is a script: %s', (code) => {
    expect(
      roleOf(
        'examples/elicitation/client.ts',
        `const client = new Client();\nconst server = new Server();\nconst transport = link();\n${code}`,
      ),
    ).toBe('script');
  });

  it.each([
    // A server that listens after the close, a close in a shutdown function, a close of
    // something the file did not open.
    ['await client.close();\napp.listen(3000);'],
    ['export async function stop() {\n  await client.close();\n}'],
    ["process.on('SIGTERM', async () => {\n  await client.close();\n});"],
    ['await getClient().close();'],
    ['await imported.close();'],
  ])(
    'a file that closes only in a function, before serving, or what it did not open is not a script by that: %s',
    (code) => {
      expect(
        roleOf(
          'src/server.ts',
          `import { imported } from '../analysis/db';\nconst client = new Client();\nconst app = express();\n${code}`,
        ),
      ).toBe('source');
    },
  );

  it.each([
    // Failure paths: servers exit on a fatal error too.
    ['main().catch((err) => {\n  console.error(err);\n  process.exit(1);\n});'],
    ['if (!process.env.PORT) process.exit(1);'],
    // Exits inside functions are shutdown paths (a signal handler, a stop method).
    ["process.on('SIGTERM', () => {\n  stop().finally(() => process.exit(0));\n});"],
    ['export function stop() {\n  return server.close().then(() => process.exit(0));\n}'],
    // An exit under a condition.
    ['main().then((server) => {\n  if (!server) process.exit(1);\n});'],
  ])('a file that exits only on failure or in a function is not a script by that: %s', (code) => {
    expect(roleOf('src/server.ts', `async function main() {}\nasync function stop() {}\n${code}`)).toBe('source');
  });

  it.each([
    ['src/cache.ts'],
    ['src/features/ab-test/store.ts'],
    ['src/load-testing/report.ts'],
    ['src/testing-utils.ts'],
    ['src/benchmarking.ts'],
    ['lib/bench-press/index.js'],
    ['src/perf/trace.ts'],
    ['lib/spectrum.js'],
    ['src/cli/server.js'],
    ['src/latest.ts'],
    ['src/manifest.latest.js'],
    ['src/contest.ts'],
    ['src/protest.server.ts'],
    // An example server that generates code on the fly is a server, not a code generator.
    ['examples/routeguide/dynamic_codegen/route_guide_server.js'],
  ])('%s is long-running source', (filename) => {
    expect(roleOf(filename, "import { Pool } from 'pg'; export const pool = new Pool();")).toBe('source');
  });

  it('judges the path relative to the directory the run started in', () => {
    expect(roleOf('/home/me/tests/service/src/cache.ts', 'export const x = 1;', '/home/me/tests/service')).toBe(
      'source',
    );
    expect(roleOf('C:\\work\\tests\\svc\\src\\cache.ts', 'export const x = 1;', 'C:\\work\\tests\\svc')).toBe('source');
    expect(roleOf('C:\\work\\svc\\test\\cache.ts', 'export const x = 1;', 'C:\\work\\svc')).toBe('test');
  });

  // Set 28: a web framework's sample app that rejects on purpose, for the suite's unhandledRejection test.
  it('a fixture folder inside a test tree is test code: the suite starts and stops the app it holds', () => {
    expect(roleOf('/work/app/test/fixtures/apps/app-throw/app/router.js')).toBe('test');
    expect(roleOf('/work/app/packages/leak-detector/test/fixtures/fixture_leaked_interval.js')).toBe('test');
    expect(roleOf('/work/app/apps/vscode/src/test/e2e/fixtures/server/index.ts')).toBe('test');
    expect(roleOf('/work/app/tests/fixtures/typed/caches.ts')).toBe('test');
  });

  it('a fixture project linted as its own root is judged like any project', () => {
    const app = '/work/app/test/fixtures/apps/app-throw';
    expect(roleOf(`${app}/app/router.js`, 'export const x = 1;', app)).toBe('source');
    expect(roleOf(`${app}/test/router.test.js`, 'export const x = 1;', app)).toBe('test');
  });

  it('a file in a fixture folder outside a test tree is judged by its path inside the fixture project', () => {
    expect(roleOf('/work/app/src/__testfixtures__/memo.input.js')).toBe('source');
    expect(roleOf('/work/app/src/fixtures/app/router.js')).toBe('source');
    expect(roleOf('/work/app/src/fixtures/project/test/cache.ts')).toBe('test');
    expect(roleOf('/work/app/fixtures/project/scripts/seed.ts')).toBe('script');
  });
});
