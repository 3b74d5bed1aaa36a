import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';
import { afterEach, describe, expect, it } from 'vitest';
import plugin from '../../src/index.js';
import { forgetProjectIndexes } from '../../src/project/index.js';

const root = fileURLToPath(new URL('../fixtures/projects/index-rules', import.meta.url));

/** Lints the fixture with the strict config, the project index on or off: `rule file:line` per finding. */
async function findings(projectIndex: boolean | undefined): Promise<string[]> {
  const eslint = new ESLint({
    cwd: root,
    overrideConfigFile: true,
    overrideConfig: [
      plugin.configs.strict,
      { settings: projectIndex === undefined ? {} : { leakproof: { projectIndex: { cache: false } } } },
      ...(projectIndex === false ? [{ settings: { leakproof: { projectIndex: false } } }] : []),
    ],
  });
  const results = await eslint.lintFiles(['src']);
  return results.flatMap((result) =>
    result.messages.map((message) => `${message.ruleId} ${result.filePath.slice(root.length + 1)}:${message.line}`),
  );
}

afterEach(() => forgetProjectIndexes());

describe('rules with the project index (settings.leakproof.projectIndex)', () => {
  it('reports what a route in another file runs per request: the write and the listener of the helpers it calls', async () => {
    expect((await findings(true)).sort()).toEqual([
      'leakproof/no-listener-leak src/lib/hooks.ts:13',
      'leakproof/no-unbounded-cache src/lib/hooks.ts:2',
    ]);
  });

  it('names the chain of calls from the route in the message', async () => {
    const eslint = new ESLint({
      cwd: root,
      overrideConfigFile: true,
      overrideConfig: [plugin.configs.strict, { settings: { leakproof: { projectIndex: { cache: false } } } }],
    });
    const [result] = await eslint.lintFiles(['src/lib/hooks.ts']);
    const listener = result!.messages.find((message) => message.ruleId === 'leakproof/no-listener-leak');
    expect(listener?.message).toContain(
      'in function `logWarningsFor` (runs per request: called from the GET /items/:id handler (src/routes.ts:5)), which runs again and again',
    );
  });

  it('leaves what only start-up code calls, and says nothing without the index (off by default)', async () => {
    expect(await findings(undefined)).toEqual([]);
    expect(await findings(false)).toEqual([]);
  });
});
