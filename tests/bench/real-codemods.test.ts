import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { writeTree } from '../helpers/write-tree.js';

// bench/real-codemods.mjs runs `leakproof migrate --write` on copies of public codebases; this
// proves it still works, on a tiny codebase with one leaky file per codemod.
const root = mkdtempSync(join(tmpdir(), 'leakproof-real-codemods-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const files: Record<string, string> = {
  'src/seen.ts': `const labels = new Map<string, string>();

export function label(id: string): string {
  const hit = labels.get(id);
  if (hit !== undefined) return hit;
  const text = id.toUpperCase();
  labels.set(id, text);
  return text;
}
`,
  'src/sessions.js': `const Redis = require('ioredis');

class Sessions {
  get redis() {
    return new Redis(process.env.REDIS_URL);
  }

  async get(id) {
    return this.redis.get(\`session:\${id}\`);
  }
}

module.exports = { Sessions };
`,
  'src/welcome.ts': `async function send(to: string): Promise<void> {
  await fetch('https://mail.example/send', { method: 'POST', body: to });
}

export function welcomeAll(users: string[]): void {
  for (const user of users) {
    send(user);
  }
}
`,
  // Two codemods in one file: the report gives each site's line in the original file.
  'src/both.ts': `const sent = new Map<string, number>();

export function notifyAll(list: string[]): void {
  for (const email of list) {
    const count = (sent.get(email) ?? 0) + 1;
    sent.set(email, count);
    notify(email);
  }
}

async function notify(to: string): Promise<void> {
  await fetch('https://mail.example/send', { method: 'POST', body: to });
}
`,
  'src/clean.ts': `export const add = (a: number, b: number): number => a + b;
`,
};

describe('bench/real-codemods', () => {
  it('migrates a copy, and checks parse, second run and rule silence on the rewritten sites', async () => {
    const codebase = join(root, 'tiny');
    writeTree(codebase, files);
    const { migrateCodebase, lineMap, tableRow } = await import('../../bench/real-codemods.mjs');
    const result = migrateCodebase({ dir: codebase, commit: 'abc', work: join(root, 'work'), jobs: 1 });

    expect(result.files).toBe(5);
    expect(result.changed).toEqual(['src/both.ts', 'src/seen.ts', 'src/sessions.js', 'src/welcome.ts']);
    expect(result.rewritten).toEqual({ 'bounded-cache': 2, 'memoize-client': 1, 'track-tasks': 2 });
    expect(result.parseFailures).toEqual([]);
    expect(result.notReproduced).toEqual([]);
    expect(result.secondRunChanges).toBe(0);
    expect(result.findingsOnSites).toEqual([]);
    expect(tableRow(result)).toMatchObject({ codebase: 'tiny', files: 5, 'files changed': 4, 'second-run changes': 0 });
    // Each rewritten site is found on the lines of the written file that hold its rewrite.
    const both = readFileSync(join(root, 'work/tiny/src/both.ts'), 'utf8').split('\n');
    const siteText = (codemod: string) => {
      const site = result.rewrittenSites.find(
        (s: { file: string; codemod: string }) => s.file === 'src/both.ts' && s.codemod === codemod,
      ) as { outputLines: number[]; line: number } | undefined;
      return site!.outputLines.map((line: number) => both[line - 1]).join('\n');
    };
    expect(siteText('bounded-cache')).toContain('new LRUCache');
    expect(siteText('track-tasks')).toContain('track(notify(email))');
    // Lines in the report are the original file's: the floating call was on line 7.
    expect(
      result.rewrittenSites.find(
        (s: { file: string; codemod: string }) => s.file === 'src/both.ts' && s.codemod === 'track-tasks',
      ),
    ).toMatchObject({ line: 7 });
    // The original is untouched; the copy is migrated.
    expect(readFileSync(join(codebase, 'src/seen.ts'), 'utf8')).toBe(files['src/seen.ts']);
    expect(readFileSync(join(root, 'work/tiny/src/seen.ts'), 'utf8')).toContain('LRUCache');

    // Unchanged lines move by the lines inserted above them; a changed line maps to its replacement,
    // and changes one unchanged line apart to the whole region.
    const map = lineMap('a\nb\nc\nd\n', 'x\na\nb\nC1\nC2\nd\n');
    expect([map.get(1), map.get(2), map.get(3), map.get(4)]).toEqual([[2], [3], [4, 5], [6]]);
    const near = lineMap('a\n\nb\n', 'i\n\nB\n');
    expect([near.get(1), near.get(2), near.get(3)]).toEqual([
      [1, 2, 3],
      [1, 2, 3],
      [1, 2, 3],
    ]);
  }, 120_000);

  it("re-runs track-tasks with the package's shared tracker migrate chose, and leaves package.json to migrate (set 18)", async () => {
    const codebase = join(root, 'packaged');
    writeTree(codebase, {
      'package.json': JSON.stringify({ name: 'packaged', version: '1.0.0', private: true }),
      'src/seen.ts': files['src/seen.ts']!,
      'src/welcome.ts': files['src/welcome.ts']!,
    });
    const { migrateCodebase } = await import('../../bench/real-codemods.mjs');
    const result = migrateCodebase({ dir: codebase, commit: 'abc', work: join(root, 'work'), jobs: 1 });
    expect(result.changed).toEqual(expect.arrayContaining(['package.json', 'src/seen.ts', 'src/welcome.ts']));
    expect(readFileSync(join(root, 'work/packaged/src/welcome.ts'), 'utf8')).toMatch(
      /import \{ track \} from '.*tracked-tasks/,
    );
    expect(result.notReproduced).toEqual([]);
    expect(result.findingsOnSites).toEqual([]);
  }, 120_000);

  it('--tsc supplies lru-cache to a codebase that lacks it, so tsc judges the rewrite and not the missing dependency', async () => {
    const codebase = join(root, 'typed');
    const typedFiles: Record<string, string> = {
      'package.json': JSON.stringify({ name: 'typed', version: '1.0.0', private: true }),
      'tsconfig.json': JSON.stringify({
        compilerOptions: {
          strict: true,
          noEmit: true,
          module: 'nodenext',
          moduleResolution: 'nodenext',
          target: 'es2022',
          skipLibCheck: true,
          types: [],
        },
        include: ['src'],
      }),
      'src/seen.ts': files['src/seen.ts']!,
    };
    writeTree(codebase, typedFiles);
    const { migrateCodebase } = await import('../../bench/real-codemods.mjs');
    const result = migrateCodebase({
      dir: codebase,
      commit: 'abc',
      work: join(root, 'typed-work'),
      jobs: 1,
      tsc: true,
      installTimeout: 120,
    });

    // migrate adds lru-cache to the package.json it owns, beside the rewritten file.
    expect(result.changed).toEqual(['package.json', 'src/seen.ts']);
    // The package.json migrate wrote lists lru-cache, so the install provides it: tsc judges the rewrite alone.
    expect((result as { tsc?: unknown }).tsc).toMatchObject({
      errorsInChangedBefore: 0,
      errorsInChangedAfter: 0,
      newErrors: [],
    });
  }, 180_000);
});

describe('bench/real-codemods reasons', () => {
  it('counts sites by the reason without its names, keeping apostrophes (set 18)', async () => {
    const { reasonKind } = await import('../../bench/real-codemods.mjs');
    expect(
      reasonKind(
        "the client's arguments use `region`, which changes on every iteration of a `map` callback: build one client per distinct value",
      ),
    ).toBe("the client's arguments use `…`, which changes on every iteration of a `…` callback");
    expect(reasonKind("it is iterated ('for…of' at line 3): keep a plain Map")).toBe('it is iterated ("…" at line 3)');
  });
});
