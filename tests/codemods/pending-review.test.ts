import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { codemods } from '../../codemods/index.js';
import { codemodFixturesRoot, readFixtureCases } from '../helpers/codemod-fixtures.js';
import { lintWith } from '../helpers/lint.js';

// Sites the codemod review (bench/codemod-review.mjs, labels in bench/labels/codemods.tsv) found
// rewritten wrongly on real code, each written as a minimal fixture in
// tests/fixtures/codemods/pending-review/<codemod>/ (README.md there says where each came from).
// Today's codemods still rewrite them, so they cannot be real fixtures yet: each is a todo until
// the fix lands, then it moves to tests/fixtures/codemods/<codemod>/ as it is. What is checked now
// is that each one reaches the codemod at all: the paired rules report its site.
const RULES: Record<string, readonly string[]> = {
  'bounded-cache': ['no-unbounded-cache'],
  'memoize-client': ['no-client-in-getter', 'no-client-in-loop', 'no-client-in-handler'],
  'track-tasks': ['no-untracked-interval', 'no-listener-leak', 'no-floating-task'],
};

const pendingRoot = join(codemodFixturesRoot, 'pending-review');
const folders = (dir: string) =>
  readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
// cli/ holds small trees (with package.json files) for shapes a fixture file cannot show.
const pendingCodemods = folders(pendingRoot).filter((name) => name !== 'cli');
const pendingTrees = existsSync(join(pendingRoot, 'cli')) ? folders(join(pendingRoot, 'cli')) : [];

// The README's table names each pending item in its first cell: `cli/<tree>/` or `<codemod>/<case>.input.<ext>`.
const readme = readFileSync(join(pendingRoot, 'README.md'), 'utf8');
const listedInReadme = [...readme.matchAll(/^\| `([^`]+)`/gm)].map((match) => match[1]!).sort();
const pendingItems = [
  ...pendingTrees.map((tree) => `cli/${tree}/`),
  ...pendingCodemods.flatMap((name) =>
    readdirSync(join(pendingRoot, name))
      .filter((file) => /\.input\.\w+$/.test(file))
      .map((file) => `${name}/${file}`),
  ),
].sort();

describe('codemod review: pending fixtures', () => {
  // Nothing may be pending (every shape landed); then the README says so and the table is empty.
  it("are kept per known codemod, or as a tree for what migrate decides, each in the README's table", () => {
    for (const name of pendingCodemods) expect(Object.keys(codemods)).toContain(name);
    expect(listedInReadme).toEqual(pendingItems);
  });

  for (const name of pendingCodemods) {
    for (const fixture of readFixtureCases(`pending-review/${name}`)) {
      it.todo(
        `${name}/${fixture.name}: ${fixture.expectedOutput === undefined ? `left alone (${fixture.expectedLeft.join('; ')})` : 'rewritten as its .output shows'}, then moved to ${name}/`,
      );

      it(`${name}/${fixture.name} shows a site the rules report`, () => {
        const lines = fixture.input.split('\n');
        // The line after each `expect-left:` comment is the site it names.
        const leftLines = lines.flatMap((line, i) => (line.includes('expect-left:') ? [i + 2] : []));
        const reported = lintWith(fixture.input, fixture.inputPath, RULES[name]!, codemodFixturesRoot).map(
          (m) => m.line,
        );
        expect(reported.length).toBeGreaterThan(0);
        for (const line of leftLines) expect(reported, `a report on line ${line}`).toContain(line);
      });
    }
  }

  for (const tree of pendingTrees) {
    const title = readFileSync(join(pendingRoot, 'cli', tree, 'README.md'), 'utf8').split('\n')[0]!;
    it.todo(`cli/${tree}: ${title.replace(/^# /, '')}, as its README.md says`);
  }
});
