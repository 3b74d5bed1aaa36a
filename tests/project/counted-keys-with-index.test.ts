import { afterEach, describe, expect, it } from 'vitest';
import { fixtureProject, forgetProjectState, lintProject } from '../helpers/lint-project.js';

const root = fixtureProject('index-counted-keys');

afterEach(forgetProjectState);

/** The no-unbounded-cache findings of the fixture, `file:line` with their messages. */
async function cacheFindings(projectIndex: boolean) {
  const findings = await lintProject(root, projectIndex);
  return findings.filter((f) => f.at.startsWith('no-unbounded-cache '));
}

describe('no-unbounded-cache with keys that are loop counters, across files', () => {
  it('spares a worker index every caller draws from a loop counter not bounded by request input', async () => {
    const at = (await cacheFindings(true)).map((f) => f.at);
    // The counter runs to a configured count, and the re-fork passes the same index back.
    expect(at).not.toContain('no-unbounded-cache src/cluster/workers.ts:4');
    // The counter runs to a size nothing in the project passes: still one entry per position.
    expect(at).not.toContain('no-unbounded-cache src/cluster/pool.ts:4');
  });

  it('spares pages counted from a requested one up to an end the page count caps', async () => {
    const at = (await cacheFindings(true)).map((f) => f.at);
    // The start is request input, the far end a parameter assigned again (capped): not a request key.
    expect(at).not.toContain('no-unbounded-cache src/lib/pages.ts:2');
  });

  it('reports a position counted up to a request field, naming the counter and the request', async () => {
    const findings = await cacheFindings(true);
    const slots = findings.find((f) => f.at === 'no-unbounded-cache src/lib/slots.ts:2');
    expect(slots?.message).toContain('keyed by request input');
    expect(slots?.message).toContain('`slot`, a loop counter from 0 to req.body.count');
  });

  it('without the index, judges each file alone: the writes in message callbacks are reported', async () => {
    const at = (await cacheFindings(false)).map((f) => f.at).sort();
    expect(at).toEqual(['no-unbounded-cache src/cluster/pool.ts:4', 'no-unbounded-cache src/cluster/workers.ts:4']);
  });
});
