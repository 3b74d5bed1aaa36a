import { cpSync, mkdtempSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';
import { afterEach, describe, expect, it, vi } from 'vitest';
import plugin from '../../src/index.js';
import { forgetProjectFacts } from '../../src/project/for-rule.js';
import { forgetProjectIndexes } from '../../src/project/index.js';

const fixture = fileURLToPath(new URL('../fixtures/projects/index-rules', import.meta.url));

/** A copy of the fixture in a temporary folder, its files dated an hour back in whole seconds. */
function copyOfFixture(): { root: string; hourAgo: number } {
  const root = mkdtempSync(join(tmpdir(), 'leakproof-warm-'));
  cpSync(fixture, root, { recursive: true });
  const hourAgo = Math.floor(Date.now() / 1000) - 3600;
  for (const file of ['src/main.ts', 'src/routes.ts', 'src/lib/hooks.ts'])
    utimesSync(join(root, file), hourAgo, hourAgo);
  return { root, hourAgo };
}

/**
 * Lints the project's src/ with the strict config and the index, as a new process would (nothing
 * kept in memory from the run before): `rule file:line message` per finding. The disk cache is on
 * unless `cache` is false; the clock reads two hours on, so every file written here has settled.
 */
async function findings(root: string, cache = true): Promise<string[]> {
  forgetProjectFacts();
  forgetProjectIndexes();
  vi.useFakeTimers({ toFake: ['Date'], now: Date.now() + 7_200_000 });
  try {
    const eslint = new ESLint({
      cwd: root,
      overrideConfigFile: true,
      overrideConfig: [
        plugin.configs.strict,
        { settings: { leakproof: { projectIndex: cache ? { cacheDir: join(root, '.cache') } : { cache: false } } } },
      ],
    });
    const results = await eslint.lintFiles(['src']);
    return results.flatMap((result) =>
      result.messages.map((m) => `${m.ruleId} ${result.filePath.slice(root.length + 1)}:${m.line} ${m.message}`),
    );
  } finally {
    vi.useRealTimers();
  }
}

afterEach(() => {
  forgetProjectFacts();
  forgetProjectIndexes();
});

describe('the same findings from a cold index, a warm one and one after a file changed', () => {
  it('finds the same, word for word, warm as cold, and after a file was touched without a change', async () => {
    const { root } = copyOfFixture();
    const cold = await findings(root);
    expect(cold.map((finding) => finding.split(' ').slice(0, 2).join(' ')).sort()).toEqual([
      'leakproof/no-listener-leak src/lib/hooks.ts:13',
      'leakproof/no-unbounded-cache src/lib/hooks.ts:2',
    ]);
    expect(await findings(root)).toEqual(cold);
    expect(await findings(root, false)).toEqual(cold);

    const now = new Date();
    utimesSync(join(root, 'src/routes.ts'), now, now);
    expect(await findings(root)).toEqual(cold);
  });

  it('follows an edit to another file than the one reporting, even one that kept the size and the time', async () => {
    const { root, hourAgo } = copyOfFixture();
    await findings(root);
    // The route no longer calls logWarningsFor: the same number of characters, the old time set back.
    const routes = join(root, 'src/routes.ts');
    const text = readFileSync(routes, 'utf8');
    writeFileSync(routes, text.replace('    logWarningsFor(req.params.id);', '    //gWarningsFor(req.params.id);'));
    utimesSync(routes, hourAgo, hourAgo);

    const warm = await findings(root);
    // hooks.ts is linted before routes.ts: only the index's own reading of routes.ts can know.
    expect(warm.map((finding) => finding.split(' ').slice(0, 2).join(' '))).toEqual([
      'leakproof/no-unbounded-cache src/lib/hooks.ts:2',
    ]);
    expect(warm).toEqual(await findings(root, false));
  });
});
