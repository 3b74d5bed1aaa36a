import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ProjectIndex } from '../../src/project/index.js';

const root = fileURLToPath(new URL('../fixtures/projects/index-keys', import.meta.url));
const index = ProjectIndex.build(root, { cache: false });

/** Where the key `key`, written just after `before` in `file`, comes from. */
function provenanceOf(file: string, before: string, key: string) {
  const path = `${root}/${file}`;
  const text = readFileSync(path, 'utf8');
  const at = text.indexOf(before);
  if (at < 0) throw new Error(`${before} is not in ${file}`);
  const start = text.indexOf(key, at + before.length);
  return index.keyProvenanceOf(path, [start, start + key.length], root);
}

describe('a key derived from request input', () => {
  it('follows a helper parameter to the route in another file that passes req.params, through a template and .trim()', () => {
    expect(provenanceOf('src/lib/orders.ts', 'orders.set(', 'key')).toEqual({
      kind: 'request',
      inputKind: 'request',
      evidence: [
        '`id` comes from parameter 1 of getOrder() (src/lib/orders.ts:8), called at src/server.ts:8',
        '`req.params.id` comes from parameter 1 of the GET /orders/:id handler (src/server.ts:7)',
      ],
    });
  });

  it('follows a destructured handler parameter (`({ body }) => remember(body.user)`)', () => {
    const result = provenanceOf('src/lib/orders.ts', 'seen.set(', 'user');
    expect(result).toMatchObject({ kind: 'request', inputKind: 'request' });
    expect(result.evidence.at(-1)).toBe(
      '`body.user` comes from parameter 1 of the POST /track handler (src/server.ts:19)',
    );
  });

  it("treats a bullmq job's payload as outside input", () => {
    const text = readFileSync(`${root}/src/worker.ts`, 'utf8');
    const start = text.indexOf('job.data.userId');
    expect(index.keyProvenanceOf(`${root}/src/worker.ts`, [start, start + 'job.data.userId'.length], root)).toEqual({
      kind: 'request',
      inputKind: 'job',
      evidence: ['`job.data.userId` comes from parameter 1 of the bullmq Worker processor (src/worker.ts:5)'],
    });
  });
});

describe("an event's arguments", () => {
  it("are outside input for a socket's 'message' event", () => {
    expect(provenanceOf('src/worker.ts', 'senders.add(', 'message.from')).toEqual({
      kind: 'request',
      inputKind: 'message',
      evidence: ["`message.from` comes from parameter 1 of the 'message' event handler (src/worker.ts:16)"],
    });
  });

  it("are not outside input for an event the program emits itself (a test runner's testEnd)", () => {
    expect(provenanceOf('src/worker.ts', 'statusByTest.set(', 'test.id')).toEqual({
      kind: 'unknown',
      evidence: [
        "`test.id` comes from parameter 1 of the 'testEnd' event handler (src/worker.ts:12), whose arguments are not outside input",
      ],
    });
  });
});

describe('a key from finite values', () => {
  it('is finite when every caller passes a literal', () => {
    expect(provenanceOf('src/lib/orders.ts', 'regions.set(name, { name });\n  return', 'name')).toEqual({
      kind: 'finite',
      evidence: [
        '`name` comes from parameter 1 of getRegion() (src/lib/orders.ts:14), called at src/server.ts:12',
        "the literal 'eu-west-1'",
      ],
    });
  });

  it('is finite for an enum member imported from another file, through .toLowerCase()', () => {
    expect(provenanceOf('src/lib/orders.ts', 'statuses.set(', 'status.toLowerCase()')).toMatchObject({
      kind: 'finite',
    });
  });

  it('is finite for configuration, a constant list iterated by for…of or by forEach', () => {
    expect(provenanceOf('src/lib/orders.ts', 'regions.set(', 'config.region')).toEqual({
      kind: 'finite',
      evidence: ["config.region, from the imported configuration config (from './config.js')"],
    });
    expect(
      provenanceOf('src/lib/orders.ts', "for (const name of ['us-east-1', 'ap-south-1']) {\n    regions.set(", 'name'),
    ).toEqual({
      kind: 'finite',
      evidence: ["the constant list ['us-east-1', 'ap-south-1']"],
    });
    expect(provenanceOf('src/lib/orders.ts', "['eu-central-1'].forEach((name) => regions.set(", 'name')).toEqual({
      kind: 'finite',
      evidence: [
        '`name` is each element iterated by a callback (src/lib/orders.ts:32)',
        "the constant list ['eu-central-1']",
      ],
    });
  });
});

describe('a key nothing in the project tells about', () => {
  it('is unknown for a library function no one in the project calls', () => {
    expect(provenanceOf('src/lib/memoise.ts', 'results.set(', 'key')).toEqual({
      kind: 'unknown',
      evidence: [
        '`key` comes from parameter 1 of memoise() (src/lib/memoise.ts:4), which nothing in the project calls',
      ],
    });
  });

  it('is unknown for a value made from nothing the program controls (`Date.now()`)', () => {
    expect(provenanceOf('src/lib/orders.ts', 'seen.set(user, ', 'Date.now()')).toEqual({
      kind: 'unknown',
      evidence: ['the result of Date.now()'],
    });
  });
});

describe('a loop counter as a key', () => {
  const counted = fileURLToPath(new URL('../fixtures/projects/index-counted-keys', import.meta.url));
  const counters = ProjectIndex.build(counted, { cache: false });
  /** Where the key of the first `….set(key, …)` comes from. */
  const kindOf = (key: string) => {
    const path = `${counted}/src/lib/counters.ts`;
    const text = readFileSync(path, 'utf8');
    const start = text.search(new RegExp(`\\.set\\(${key},`)) + '.set('.length;
    return counters.keyProvenanceOf(path, [start, start + key.length], counted);
  };

  it('is finite counting down from a length nothing in the project passes', () => {
    expect(kindOf('down')).toEqual({
      kind: 'finite',
      evidence: [
        '`down`, a loop counter from rows.length - 1 to 0: it takes no more values than its bound, which is not request input',
        '`rows.length` comes from parameter 1 of countDown() (src/lib/counters.ts:4), which nothing in the project calls',
      ],
    });
  });

  it('is not a counter when the body writes it, when it steps away from its bound, or when two loops share its name', () => {
    expect(kindOf('skipped').kind).toBe('unknown');
    expect(kindOf('away').kind).toBe('unknown');
    expect(kindOf('pass').kind).toBe('unknown');
  });

  it('is as unknown as its ends when neither is fixed: counted on from where the last pass stopped', () => {
    expect(kindOf('h').kind).toBe('unknown');
  });
});
