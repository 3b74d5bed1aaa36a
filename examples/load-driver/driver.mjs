#!/usr/bin/env node
// Puts a compiled copy of examples/leaky-service under a fixed load and measures what stays
// behind: heap used after a forced GC, sampled at regular intervals, plus the handles that leak
// with it (open keep-alive connections, live intervals, process listeners).
//
//   node --expose-gc examples/load-driver/driver.mjs --service <compiled dir> --ops 4000
//        [--label x] [--json-out f] [--scale-from earlier-result.json]
//
// Each path runs for --ops operations in its own phase, so each gets its own growth figure.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { growthPer10k, heapUsedAfterGc, renderChart } from './measure.mjs';
import { startStubServer } from './stub-server.mjs';

const SAMPLES = 12;

function option(argv, name, fallback) {
  const i = argv.indexOf(`--${name}`);
  return i === -1 ? fallback : argv[i + 1];
}

const liveTimers = () => process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;

/** Runs `step(i)` for i in [0, ops) and samples the heap SAMPLES times along the way. */
async function phase(ops, step, handles) {
  const every = Math.max(1, Math.floor(ops / SAMPLES));
  const samples = [{ ops: 0, heap: heapUsedAfterGc(), handles: handles() }];
  for (let i = 0; i < ops; i++) {
    await step(i);
    if ((i + 1) % every === 0) {
      // Short timers (the metrics writes) settle first, so what is counted is what stays.
      await new Promise((resolve) => setTimeout(resolve, 20));
      samples.push({ ops: i + 1, heap: heapUsedAfterGc(), handles: handles() });
    }
  }
  return samples;
}

export async function runLoad({ service, ops, label = 'service', scale }) {
  // The SDK's notice about future Node versions is not what this demo is about.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
  const stub = await startStubServer();
  process.env.S3_ENDPOINT = stub.url;
  const load = (file) => import(pathToFileURL(join(service, file)).href);
  const { handlePrompt } = await load('prompt-cache.js');
  const { StorageWorker } = await load('storage-worker.js');
  const { runJob, recordBatch } = await load('jobs.js');
  const { watchShutdown } = await load('server.js');

  // A pool of concurrent workers, as in the pipeline: each operation reads one file per worker.
  const workers = Array.from({ length: 4 }, () => new StorageWorker('pipeline-input'));
  const clientOps = Math.max(workers.length, Math.floor(ops / 4));
  // Stands in for a response: what a per-request listener keeps alive.
  const fakeResponse = (i) => ({ writableEnded: true, end() {}, body: `response ${i} `.repeat(128) });

  const paths = [
    {
      name: 'prompt cache',
      ops,
      handles: () => 0,
      step: (i) => handlePrompt(`prompt #${i}: summarise document ${i * 7919}`),
    },
    {
      name: 'storage client',
      ops: clientOps,
      handles: () => stub.openConnections(),
      handleName: 'open connections',
      step: (i) => Promise.all(workers.map((w, n) => w.processFile(`files/${i}-${n}.json`))),
    },
    {
      name: 'jobs and tasks',
      ops,
      handles: liveTimers,
      handleName: 'live timers',
      step: (i) => {
        runJob(i);
        recordBatch([`job.${i}.started`, `job.${i}.done`]);
      },
    },
    {
      name: 'request listeners',
      ops,
      handles: () => process.listenerCount('SIGTERM'),
      handleName: 'SIGTERM listeners',
      step: (i) => watchShutdown(i, fakeResponse(i)),
    },
  ];

  const results = [];
  for (const path of paths) {
    const samples = await phase(path.ops, path.step, path.handles);
    results.push({ name: path.name, ops: path.ops, handleName: path.handleName, samples, growth: growthPer10k(samples) });
  }
  // Let pending metric writes settle so the next run starts clean, then release everything.
  await new Promise((resolve) => setTimeout(resolve, 50));
  await stub.close();

  console.log(`${label}: heap used after GC, sampled ${SAMPLES} times per path${scale ? ' (drawn on the leaky run\'s scale)' : ''}`);
  for (const r of results) {
    const first = r.samples[0];
    const last = r.samples[r.samples.length - 1];
    const reference = scale?.paths.find((p) => p.name === r.name);
    const floor = reference ? reference.first.heap : first.heap;
    const top = reference ? Math.max(reference.last.heap, last.heap) : Math.max(...r.samples.map((s) => s.heap));
    const handles = r.handleName ? `, ${r.handleName} ${first.handles} -> ${last.handles}` : '';
    console.log(`  ${renderChart(r.samples, { floor, top, label: r.name })}  ${r.growth.toFixed(2).padStart(7)} MB/10k ops${handles}`);
  }
  const total = results.reduce((sum, r) => sum + r.growth, 0);
  console.log(`  growth: ${total.toFixed(2)} MB per 10,000 operations (sum over paths)`);
  const summary = results.map((r) => `${r.name} ${r.growth.toFixed(1)}`).join(', ');
  return { label, total, summary, paths: results.map(({ samples, ...r }) => ({ ...r, first: samples[0], last: samples[samples.length - 1] })) };
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  const argv = process.argv.slice(2);
  const service = option(argv, 'service');
  if (!service) {
    console.error('usage: node --expose-gc driver.mjs --service <compiled dir> [--ops N] [--label L] [--json-out FILE]');
    process.exit(2);
  }
  const scaleFrom = option(argv, 'scale-from');
  const scale = scaleFrom ? JSON.parse(readFileSync(scaleFrom, 'utf8')) : undefined;
  const result = await runLoad({ service, ops: Number(option(argv, 'ops', '4000')), label: option(argv, 'label', 'service'), scale });
  const out = option(argv, 'json-out');
  if (out) writeFileSync(out, JSON.stringify(result));
  // Leaky intervals and keep-alive sockets would hold the process open: that is the point of the demo.
  process.exit(0);
}
