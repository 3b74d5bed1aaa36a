import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  fixtureProject,
  forgetProjectState,
  INTERVALS_OF_UNKNOWN_CALLERS,
  lintProject,
} from '../helpers/lint-project.js';

const root = fixtureProject('index-run-shapes');
const lint = (projectIndex: boolean) => lintProject(root, projectIndex);

let withIndex: Awaited<ReturnType<typeof lint>>;
beforeAll(async () => {
  withIndex = await lint(true);
});
afterEach(forgetProjectState);

describe('how often code runs, with the project index: shapes that run once or once per instance', () => {
  it('reports only the per-request listener without a guard, the non-set-up method and the wrapped IPC handler', () => {
    expect(withIndex.map((f) => f.at).sort()).toEqual([
      'no-listener-leak src/lib/harness.ts:13',
      'no-listener-leak src/lib/pubsub.ts:19',
      'no-unbounded-cache src/lib/fetches.ts:1',
    ]);
  });

  it('follows `export default X = { … }` to the object: its init() called once at start-up runs once (set 18)', () => {
    expect(withIndex.map((f) => f.at)).not.toContain('no-untracked-interval src/lib/persistence.js:5');
  });

  it("leaves a lazy singleton's set-up (`if (hub) return hub; hub = …`): it runs once", () => {
    expect(withIndex.map((f) => f.at)).not.toContain('no-listener-leak src/lib/pubsub.ts:9');
  });

  it('leaves listeners a set-up method adds to the instance itself or an object it owns', () => {
    const harness = withIndex.filter((f) => f.at.includes('harness.ts')).map((f) => f.at);
    expect(harness).toEqual(['no-listener-leak src/lib/harness.ts:13']);
  });

  it('does not start a chain in a test file: a loop in a test is not production frequency', () => {
    expect(withIndex.map((f) => f.at)).not.toContain('no-listener-leak src/lib/reload.ts:3');
  });

  it("treats a project's own wrapper around ipcMain.handle as a registration, naming it in the key's evidence", () => {
    const cache = withIndex.find((f) => f.at === 'no-unbounded-cache src/lib/fetches.ts:1');
    expect(cache?.message).toContain(
      'keyed by request input (`options.label` comes from parameter 1 of startFetch() (src/lib/fetches.ts:3), called at src/handlers.ts:4; `options` comes from parameter 2 of the ipcMain.handle handler (through onInvoke()) (src/handlers.ts:4))',
    );
  });

  it('judges each file alone without the index: only the interval whose start-up caller is in another file is reported (with reportUnknownCallers)', async () => {
    const alone = await lintProject(root, false, ['src'], INTERVALS_OF_UNKNOWN_CALLERS);
    expect(alone.map((f) => f.at)).toEqual(['no-untracked-interval src/lib/persistence.js:5']);
  });

  it('and by default leaves that interval alone: nothing in its file shows it runs more than once', async () => {
    expect((await lint(false)).map((f) => f.at)).toEqual([]);
  });
});
