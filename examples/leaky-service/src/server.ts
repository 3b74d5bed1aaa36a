// The service's HTTP front: every request registers a shutdown listener on `process` so that an
// in-flight request can be cancelled on SIGTERM, and never removes it. The process outlives every
// request, so each listener (and the response it closes over) stays for good.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { handlePrompt } from './prompt-cache.js';
import { processFile } from './storage.js';
import { recordBatch, runJob } from './jobs.js';

let requests = 0;

export function watchShutdown(requestId: number, res: ServerResponse): void {
  process.on('SIGTERM', () => {
    if (!res.writableEnded) res.end(`request ${requestId} cancelled by shutdown`);
  });
}

export async function handleRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
  const id = ++requests;
  watchShutdown(id, res);
  const url = new URL(req.url ?? '/', 'http://localhost');
  if (url.pathname === '/prompt') {
    const completion = await handlePrompt(url.searchParams.get('q') ?? '');
    res.end(completion.text);
  } else if (url.pathname === '/file') {
    res.end(String(await processFile(url.searchParams.get('key') ?? 'index.json')));
  } else if (url.pathname === '/job') {
    runJob(id);
    recordBatch([`job.${id}.started`, `job.${id}.done`]);
    res.end('ok');
  } else {
    res.statusCode = 404;
    res.end();
  }
}

export function startServer(port = 0): ReturnType<typeof createServer> {
  return createServer((req, res) => void handleRequest(req, res)).listen(port, '127.0.0.1');
}
