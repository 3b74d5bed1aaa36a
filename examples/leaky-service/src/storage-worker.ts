// (b) The second incident: a pipeline pushed files through a pool of workers, and each worker got
// its storage client from a property getter that built a new client on every access. Every
// client brings its own connection pool, so each operation leaves keep-alive sockets and the
// client behind them alive until the server gives up on them.
import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';

export class StorageWorker {
  constructor(private readonly bucket: string) {}

  get client(): S3Client {
    return new S3Client({
      region: 'us-east-1',
      endpoint: process.env.S3_ENDPOINT ?? 'http://127.0.0.1:9',
      forcePathStyle: true,
      credentials: { accessKeyId: 'demo', secretAccessKey: 'demo' },
    });
  }

  async processFile(key: string): Promise<number> {
    const response = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: key }));
    const body = await response.Body?.transformToString();
    return body?.length ?? 0;
  }
}

/** Runs `keys` through `concurrency` workers that share nothing but the bucket name. */
export async function processFiles(keys: readonly string[], concurrency = 8): Promise<number> {
  const workers = Array.from({ length: concurrency }, () => new StorageWorker('pipeline-input'));
  let next = 0;
  let bytes = 0;
  await Promise.all(
    workers.map(async (worker) => {
      while (next < keys.length) {
        const key = keys[next++]!;
        bytes += await worker.processFile(key);
      }
    }),
  );
  return bytes;
}
