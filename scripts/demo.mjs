#!/usr/bin/env node
// `npm run demo`: shows the staircase flatten on examples/leaky-service.
//   1. leakproof check --strict on the example: the findings
//   2. the same load on the leaky example: heap per interval and growth per 10,000 operations
//   3. leakproof migrate: the dry-run diff, then --write on a temporary copy
//   4. leakproof check --strict on the copy: what is left (only sites the report left for a person)
//   5. the same load on the migrated copy
//   6. a two-line verdict with both growth figures
// Options: --ops=N (operations per path, default 4000), --quick (fewer, for tests), --no-load,
// --json=FILE (both runs' figures, for the demo test).
// Everything runs on this machine: the storage client talks to a stub server on 127.0.0.1.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, isStale } from './lib/build.mjs';

const root = resolve(fileURLToPath(new URL('..', import.meta.url)));
const example = join(root, 'examples', 'leaky-service');
const cli = join(root, 'dist', 'src', 'cli', 'main.js');
const argv = process.argv.slice(2);
const quick = argv.includes('--quick');
const opsFlag = argv.find((a) => a.startsWith('--ops='));
const ops = opsFlag ? Number(opsFlag.slice(6)) : quick ? 1500 : 4000;
const runLoad = !argv.includes('--no-load');
const jsonFlag = argv.find((a) => a.startsWith('--json='));
// The cache bound the demo migrates to: small enough to show within a short run.
const MAX = '500';

const heading = (text) => console.log(`\n\x1b[1m== ${text}\x1b[0m`);

function run(command, args, { cwd = root, allowFailure = false, quiet = false } = {}) {
  const result = spawnSync(command, args, {
    cwd,
    encoding: 'utf8',
    stdio: quiet ? 'pipe' : ['ignore', 'inherit', 'inherit'],
  });
  if (result.status !== 0 && !allowFailure) {
    if (quiet) process.stderr.write(result.stdout + result.stderr);
    throw new Error(`demo: ${command} ${args.join(' ')} exited with ${result.status}`);
  }
  return result;
}

/** Builds dist/ when it is missing or older than the sources, so `npm ci && npm run demo` just works. */
function ensureBuilt() {
  if (!isStale()) return;
  console.log('building dist/ ...');
  if (!build({ quiet: true }).ok) throw new Error('demo: the build failed (run npm run build to see why)');
}

/** Compiles a copy of the service to JavaScript and runs the load driver on it. */
function load(serviceDir, label, scaleFrom) {
  // Inside the repository, so the compiled service resolves @aws-sdk/client-s3 and lru-cache.
  const out = mkdtempSync(join(root, 'examples', '.demo-build-'));
  try {
    run(
      process.execPath,
      [
        join(root, 'node_modules', 'typescript', 'bin', 'tsc'),
        '-p',
        join(serviceDir, 'tsconfig.json'),
        '--outDir',
        out,
        '--noEmit',
        'false',
      ],
      { quiet: true },
    );
    writeFileSync(join(out, 'package.json'), '{ "type": "module" }\n');
    const resultFile = join(out, 'result.json');
    const args = [
      '--expose-gc',
      join(root, 'examples', 'load-driver', 'driver.mjs'),
      '--service',
      out,
      '--ops',
      String(ops),
      '--label',
      label,
      '--json-out',
      resultFile,
    ];
    if (scaleFrom) args.push('--scale-from', scaleFrom);
    run(process.execPath, args);
    const kept = join(tmpdir(), `leakproof-demo-${label}-${process.pid}.json`);
    writeFileSync(kept, readFileSync(resultFile));
    return { ...JSON.parse(readFileSync(resultFile, 'utf8')), file: kept };
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

ensureBuilt();

// strict: the cache rule, whose reports need a person's judgement on unseen code, is only there.
heading('1. leakproof check --strict examples/leaky-service');
run(process.execPath, [cli, 'check', '--strict', example], { allowFailure: true });

let before;
if (runLoad) {
  heading(`2. load on the leaky service: ${ops.toLocaleString('en')} operations per path`);
  before = load(example, 'leaky');
}

// Inside the repository, so the migrated code resolves lru-cache and the SDK's types.
const copy = mkdtempSync(join(root, 'examples', '.demo-copy-'));
try {
  const service = join(copy, 'leaky-service');
  cpSync(example, service, { recursive: true });

  heading('3. leakproof migrate (dry run: the diff every codemod would apply), then --write on a copy');
  run(process.execPath, [cli, 'migrate', '--strict', '--max', MAX, service], { cwd: copy, allowFailure: true });
  run(process.execPath, [cli, 'migrate', '--strict', '--write', '--allow-dirty', '--max', MAX, service], {
    cwd: copy,
    quiet: true,
  });

  heading('4. leakproof check --strict on the migrated copy');
  run(process.execPath, [cli, 'check', '--strict', service], { cwd: copy, allowFailure: true });
  const recheck = run(process.execPath, [cli, 'check', '--strict', '--format', 'json', service], {
    cwd: copy,
    allowFailure: true,
    quiet: true,
  });
  const left = new Set(
    JSON.parse(recheck.stdout).flatMap((result) => result.messages.map((message) => message.ruleId)),
  );
  // The listener the migrate report left for a person is the only finding that may remain.
  if ([...left].every((ruleId) => ruleId === 'leakproof/no-listener-leak')) {
    console.log(
      `every site the codemods rewrote is silent${left.size > 0 ? '; left: the listener the report above leaves to a person' : ''}`,
    );
  }

  if (runLoad) {
    heading('5. the same load on the migrated copy');
    const after = load(service, 'migrated', before.file);
    heading('6. verdict');
    const fmt = (r) => `${r.total.toFixed(2)} MB per 10,000 operations`;
    console.log(`leaky:    heap grows ${fmt(before)}  (${before.summary})`);
    console.log(`migrated: heap grows ${fmt(after)}  (${after.summary})`);
    if (jsonFlag) writeFileSync(jsonFlag.slice('--json='.length), JSON.stringify({ ops, before, after }, null, 2));
  }
} finally {
  rmSync(copy, { recursive: true, force: true });
}
