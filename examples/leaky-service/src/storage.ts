import { StorageWorker } from './storage-worker.js';

const worker = new StorageWorker('pipeline-input');

/** The HTTP front reads through one long-lived worker; the pipeline uses processFiles. */
export function processFile(key: string): Promise<number> {
  return worker.processFile(key);
}
