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

const BLOCKS = '▁▂▃▄▅▆▇█';

/**
 * A one-line terminal chart of heap samples between `floor` and `top` (bytes). Two runs drawn
 * with the same floor and top can be compared by eye: the demo draws the migrated run on the
 * leaky run's scale.
 */
export function renderChart(samples, { floor, top, label }) {
  const span = Math.max(1, top - floor);
  const bars = samples.map((s) => BLOCKS[Math.max(0, Math.min(7, Math.round(((s.heap - floor) / span) * 7)))]).join('');
  const mb = (bytes) => (bytes / (1024 * 1024)).toFixed(1);
  return `${label.padEnd(18)} ${bars}  ${mb(samples[0].heap)} -> ${mb(samples[samples.length - 1].heap)} MB`;
}
