import { cpSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ProjectIndex, describeFrequency } from '../../src/project/index.js';
import { fixtureProject, forgetProjectState, lintProject } from '../helpers/lint-project.js';

const root = fixtureProject('index-process-end');
afterEach(forgetProjectState);

/** How the index describes how often the code just after `snippet` in `file` runs. */
function frequencyAfter(file: string, snippet: string, index = ProjectIndex.build(root, { cache: false })): string {
  const path = join(index.root, file);
  const offset = readFileSync(path, 'utf8').indexOf(snippet);
  if (offset < 0) throw new Error(`${snippet} is not in ${file}`);
  return describeFrequency(index.frequencyOf(path, offset + snippet.length), index.root);
}

describe('code on the way out of the process, with the project index', () => {
  it('leaves alone what only process-ending calls and exit handlers reach; reports what a request or message also reaches', async () => {
    const findings = await lintProject(root, true);
    expect(findings.map((f) => f.at)).toEqual([
      'no-floating-task src/operation-log.js:23',
      'no-listener-leak src/shutdown.js:37',
      'no-listener-leak src/shutdown.js:42',
    ]);
    expect(findings[1]!.message).toContain('runs per request: called from the POST /ops handler');
    // process.exit in one branch only: checkHealth still runs per message.
    expect(findings[2]!.message).toContain("runs per message: called from the 'data' event handler");
  });

  it('reports the exit handlers’ method without the index: its callers are not in view', async () => {
    const findings = await lintProject(root, false);
    expect(findings.map((f) => f.at)).toEqual([
      'no-floating-task src/operation-log.js:18',
      'no-floating-task src/operation-log.js:23',
    ]);
  });

  it('says why in the evidence: a call after which every path ends the process, across files', () => {
    expect(frequencyAfter('src/shutdown.js', 'export async function stopAll(signal) {')).toBe(
      'runs once: called from the shutdown path: the process ends after this call (src/shutdown.js:12)',
    );
    // terminate() in another file ends the process on every path: so do quit() and the calls before it.
    expect(frequencyAfter('src/shutdown.js', 'export async function flushQueues() {')).toBe(
      'runs once: called from the shutdown path: the process ends after this call (src/shutdown.js:27)',
    );
    expect(frequencyAfter('src/shutdown.js', 'export async function quit() {')).toBe(
      'runs once: called from the shutdown path: the process ends after this call (src/server.js:18)',
    );
    expect(frequencyAfter('src/operation-log.js', 'flushSync() {')).toBe(
      "runs once: called from the process's 'SIGINT' handler (src/operation-log.js:29)",
    );
  });

  it('keeps the way out in the cached links: a warm run answers as the cold one', () => {
    const copy = mkdtempSync(join(tmpdir(), 'leakproof-process-end-'));
    cpSync(root, copy, { recursive: true });
    const cold = ProjectIndex.build(copy);
    const way = 'runs once: called from the shutdown path: the process ends after this call (src/shutdown.js:12)';
    expect(frequencyAfter('src/shutdown.js', 'export async function stopAll(signal) {', cold)).toBe(way);
    const warm = ProjectIndex.build(copy);
    expect(frequencyAfter('src/shutdown.js', 'export async function stopAll(signal) {', warm)).toBe(way);
    expect(warm.stats.linked).toMatchObject({ callsFromCache: true });
  });
});
