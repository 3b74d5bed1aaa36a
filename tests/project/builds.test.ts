import { describe, expect, it } from 'vitest';
import { extractFacts } from '../../src/project/extract.js';

const buildsOf = (code: string) => {
  const facts = extractFacts('src/db.js', code);
  return {
    functions: Object.fromEntries(facts.functions.map((fn) => [fn.name, fn.builds ? fn.builds.line : null])),
    classes: Object.fromEntries(facts.classes.map((cls) => [cls.name, (cls.builds ?? []).map((b) => b.field)])),
  };
};

describe('what a function or class builds afresh on every call', () => {
  it('a function whose every return is the same construction, or a local it was just given to', () => {
    const { functions } = buildsOf(`
      import { Pool } from 'pg';
      import { createClient } from 'redis';
      export function direct() {
        return new Pool();
      }
      export const arrow = () => new Pool();
      export async function connected() {
        const client = createClient();
        await client.connect();
        return client;
      }
    `);
    expect(functions).toEqual({ direct: 5, arrow: 7, connected: 9 });
  });

  it('not a memoized factory, nor one that sometimes returns something else', () => {
    const { functions } = buildsOf(`
      import { Pool } from 'pg';
      let shared;
      export function guarded() {
        if (!shared) shared = new Pool();
        return shared;
      }
      export function nullish() {
        return (shared ??= new Pool());
      }
      export function cached(pools, key) {
        if (pools.has(key)) return pools.get(key);
        return new Pool();
      }
    `);
    expect(functions).toEqual({ guarded: null, nullish: null, cached: null });
  });

  it("a class's set-up: constructor assignments and field initializers, not fields its own methods close", () => {
    const { classes } = buildsOf(`
      import { S3Client } from '@aws-sdk/client-s3';
      import Redis from 'ioredis';
      export class Storage {
        cache = new Redis();
        constructor() {
          this.s3 = new S3Client({});
        }
      }
      export class Closing {
        constructor() {
          this.s3 = new S3Client({});
        }
        close() {
          this.s3.destroy();
        }
      }
      export class Later {
        connect() {
          this.s3 = new S3Client({});
        }
      }
    `);
    expect(classes).toEqual({ Storage: ['cache', 's3'], Closing: [], Later: [] });
  });
});
