// `leakproof migrate` in a project whose formatter config disagrees with how its files happen to be
// written: the lru-cache import, the tracked-tasks import and the tracked-tasks module it creates
// come out as the config says (Prettier's singleQuote and semi, Biome's quoteStyle and semicolons).
import { describe, expect, it } from 'vitest';
import { leakproofInProcess, project, read } from './helpers.js';

const tree = (config: Record<string, string>) =>
  project({
    ...config,
    'package.json': JSON.stringify({ name: 'service', type: 'module', dependencies: { 'lru-cache': '^11.0.0' } }),
    'src/visits.js': `// Visits per user, kept for the dashboard.
const visits = new Map();

export function onRequest(req) {
  const id = String(req.headers['x-user']);
  visits.set(id, (visits.get(id) ?? 0) + 1);
}
`,
    'src/hooks.js': `async function deliver(url, body) {
  await fetch(url, { method: 'POST', body });
}

export function notifyAll(urls, body) {
  for (const url of urls) {
    deliver(url, body);
  }
}
`,
  });

describe('leakproof migrate: imports and the tracked-tasks module follow the formatter config', () => {
  it('a .prettierrc saying double quotes and no semicolons', async () => {
    const dir = tree({ '.prettierrc': JSON.stringify({ singleQuote: false, semi: false }) });
    const run = await leakproofInProcess(['migrate', '--strict', '--write', '.'], dir);
    expect(run.status).toBe(0);
    expect(read(dir, 'src/visits.js')).toMatch(/^import \{ LRUCache \} from "lru-cache"\n/);
    expect(read(dir, 'src/hooks.js')).toMatch(/^import \{ track \} from "\.\/tracked-tasks\.js"\n/);
    const tracker = read(dir, 'src/tracked-tasks.js');
    expect(tracker).toContain('console.error("Background task failed:", error)\n');
    expect(tracker).toContain('const pendingTasks = new Set()\n');
    expect(tracker).not.toMatch(/;$/m);

    const again = await leakproofInProcess(['migrate', '--strict', '--write', '.'], dir);
    expect(again.stdout).toMatch(/changed 0/);
  });

  it('a biome.json saying single quotes and semicolons only where needed', async () => {
    const biome = { javascript: { formatter: { quoteStyle: 'single', semicolons: 'asNeeded' } } };
    const dir = tree({ 'biome.json': JSON.stringify(biome) });
    const run = await leakproofInProcess(['migrate', '--strict', '--write', '.'], dir);
    expect(run.status).toBe(0);
    expect(read(dir, 'src/visits.js')).toMatch(/^import \{ LRUCache \} from 'lru-cache'\n/);
    expect(read(dir, 'src/hooks.js')).toMatch(/^import \{ track \} from '\.\/tracked-tasks\.js'\n/);
    expect(read(dir, 'src/tracked-tasks.js')).toContain("console.error('Background task failed:', error)\n");
  });
});
