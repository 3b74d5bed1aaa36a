import { Worker } from 'node:worker_threads';
import { runCodemodsOnFile, type CodemodRun, type FileOutcome } from './run-codemods.js';

/**
 * Runs the codemods over `files` on `jobs` worker threads (in this thread when one job or few
 * files make threads pointless) and returns the outcomes in the order of `files`.
 */
export async function runPool(
  files: readonly string[],
  run: CodemodRun,
  jobs: number,
  onProgress: (done: number) => void,
): Promise<FileOutcome[]> {
  const outcomes: FileOutcome[] = new Array(files.length);
  const workerCount = Math.min(jobs, Math.ceil(files.length / 8));
  if (workerCount <= 1) {
    files.forEach((file, i) => {
      outcomes[i] = runCodemodsOnFile(file, run);
      onProgress(i + 1);
    });
    return outcomes;
  }
  let next = 0;
  let done = 0;
  const workerUrl = new URL('./migrate-worker.js', import.meta.url);
  await Promise.all(
    Array.from({ length: workerCount }, async () => {
      const worker = new Worker(workerUrl, { workerData: run });
      try {
        await new Promise<void>((resolve, reject) => {
          const send = () => {
            if (next >= files.length) return resolve();
            const id = next++;
            worker.postMessage({ id, file: files[id] });
          };
          worker.on('message', ({ id, outcome }: { id: number; outcome: FileOutcome }) => {
            outcomes[id] = outcome;
            onProgress(++done);
            send();
          });
          worker.on('error', reject);
          worker.on('exit', (code) =>
            code === 0 ? resolve() : reject(new Error(`a migrate worker exited with code ${code}`)),
          );
          send();
        });
      } finally {
        await worker.terminate();
      }
    }),
  );
  return outcomes;
}
