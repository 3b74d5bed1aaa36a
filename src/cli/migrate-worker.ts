// One worker of `leakproof migrate`'s pool: runs the codemods on the files it is sent.
import { parentPort, workerData } from 'node:worker_threads';
import { runCodemodsOnFile, type CodemodRun } from './run-codemods.js';

const run = workerData as CodemodRun;

parentPort!.on('message', (message: { id: number; file: string }) => {
  parentPort!.postMessage({ id: message.id, outcome: runCodemodsOnFile(message.file, run) });
});
