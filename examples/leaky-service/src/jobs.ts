// (c) Untracked tasks. Each job starts a heartbeat interval and throws the handle away, so stop()
// has nothing to clear: the interval keeps firing and keeps the job (and its payload) alive.
// Metrics writes are fired and forgotten once per item: nothing waits for them or sees them fail.

const metrics: string[] = [];

async function recordMetric(name: string, value: number): Promise<void> {
  await new Promise<void>((resolve, reject) => setTimeout(() => (name ? resolve() : reject(new Error('unnamed metric'))), 5));
  if (metrics.length > 1000) metrics.splice(0, metrics.length - 1000);
  metrics.push(`${name}=${value}`);
}

export class Job {
  private beats = 0;

  constructor(
    readonly id: number,
    private readonly payload: string,
  ) {}

  start(): void {
    setInterval(() => {
      this.beats += this.payload.length > 0 ? 1 : 0;
    }, 60_000);
  }

  stop(): void {
    this.beats = 0;
  }
}

/** One unit of work: a job with a document of about 16 KB that starts, does its work and stops. */
export function runJob(id: number): void {
  const job = new Job(id, JSON.stringify({ id, lines: Array.from({ length: 256 }, (_, n) => `line ${n} of job ${id}: lorem ipsum dolor sit amet`) }));
  job.start();
  job.stop();
}

export function recordBatch(items: readonly string[]): void {
  for (const item of items) {
    recordMetric(item, item.length);
  }
}
