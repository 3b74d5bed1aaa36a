// One worker of `leakproof migrate`'s pool: runs the codemods on the files it is sent.
import { parentPort, workerData } from 'node:worker_threads';
import { runCodemodsOnFile, type CodemodOptions } from './run-codemods.js';

const { names, options } = workerData as { names: string[]; options: CodemodOptions };

parentPort!.on('message', (message: { id: number; file: string }) => {
  parentPort!.postMessage({ id: message.id, outcome: runCodemodsOnFile(message.file, names, options) });
});
