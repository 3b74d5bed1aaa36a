// Heap sampling and growth figures for the demo's load runs.

/** Heap used after a full collection, in bytes. Needs node --expose-gc. */
export function heapUsedAfterGc() {
  if (typeof globalThis.gc !== 'function') throw new Error('run node with --expose-gc');
  globalThis.gc();
  globalThis.gc();
  return process.memoryUsage().heapUsed;
}

/** Least-squares slope of heap (bytes) over operations, as MB per 10,000 operations. */
export function growthPer10k(samples) {
  const n = samples.length;
  if (n < 2) return 0;
  const meanX = samples.reduce((s, p) => s + p.ops, 0) / n;
  const meanY = samples.reduce((s, p) => s + p.heap, 0) / n;
  let num = 0;
  let den = 0;
  for (const p of samples) {
    num += (p.ops - meanX) * (p.heap - meanY);
    den += (p.ops - meanX) ** 2;
  }
  return den === 0 ? 0 : ((num / den) * 10_000) / (1024 * 1024);
}

const BLOCKS = ' ▁▂▃▄▅▆▇█';

/**
 * A small terminal chart: one row per series, one block per sample, scaled to a shared
 * maximum so two runs drawn with the same `max` can be compared by eye.
 */
export function renderChart(samples, { max, label, unit = 'MB', scale = 1 / (1024 * 1024) }) {
  const top = max ?? Math.max(...samples.map((s) => s.heap));
  const bars = samples.map((s) => BLOCKS[Math.max(0, Math.min(8, Math.round((s.heap / top) * 8)))]).join('');
  const first = (samples[0].heap * scale).toFixed(1);
  const last = (samples[samples.length - 1].heap * scale).toFixed(1);
  return `${label.padEnd(22)} ${bars}  ${first} -> ${last} ${unit}`;
}
