// A real `npm install` of the packed tarball from the registry, as a new user gets it: the footprint
// of a lint-only install next to typescript-eslint's plugin (figures in bench/README.md, from
// scripts/footprint.mjs). The three installs start together in beforeAll: each mostly waits on the
// registry, so side by side they take about the time of the longest.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { footprint, packThisPackage } from '../../scripts/footprint.mjs';
import { repoRoot } from './projects.js';

type Footprint = Awaited<ReturnType<typeof footprint>>;

const packageName = (JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { name: string }).name;
const offline = process.env.LEAKPROOF_TEST_OFFLINE === '1';
/** The `leakproof` CLI's own dependencies: the only packages a lint-only install may add to typescript-eslint's set. */
const CLI_DEPENDENCIES = ['commander', 'diff'];

let remove = (): void => {};
let installs: { ours: Promise<Footprint>; theirs: Promise<Footprint>; both: Promise<Footprint> };

beforeAll(() => {
  if (offline) return;
  const packed = packThisPackage();
  remove = packed.remove;
  installs = {
    ours: footprint(packed.tarball),
    theirs: footprint('@typescript-eslint/eslint-plugin'),
    both: footprint([packed.tarball, '@typescript-eslint/eslint-plugin@latest']),
  };
  // Each test awaits its own; a failed install fails the test that needs it, not the run at large.
  for (const install of Object.values(installs)) install.catch(() => {});
});

afterAll(async () => {
  if (installs) await Promise.allSettled(Object.values(installs));
  remove();
});

describe('a registry install of the tarball', () => {
  it.skipIf(offline)(
    'weighs no more than @typescript-eslint/eslint-plugin and holds no codemod runner (LEAKPROOF_TEST_OFFLINE=1 skips)',
    async () => {
      const [ours, theirs] = await Promise.all([installs.ours, installs.theirs]);
      console.log(
        `footprint: ${ours.packages} packages, ${ours.megabytes} MB; @typescript-eslint/eslint-plugin: ${theirs.packages} packages, ${theirs.megabytes} MB`,
      );
      expect(ours.names.filter((name: string) => /^(jscodeshift|recast|flow-parser|@babel\/)/.test(name))).toEqual([]);
      expect(ours.megabytes).toBeLessThanOrEqual(theirs.megabytes);

      const cliTree = new Set<string>();
      const visit = (name: string): void => {
        if (cliTree.has(name)) return;
        cliTree.add(name);
        for (const dependency of ours.dependencies[name] ?? []) visit(dependency);
      };
      CLI_DEPENDENCIES.forEach(visit);
      const extra = ours.names.filter((name: string) => name !== packageName && !theirs.names.includes(name));
      expect(extra.filter((name: string) => !cliTree.has(name))).toEqual([]);
    },
    900_000,
  );

  it.skipIf(offline)(
    'shares one typescript-eslint with a project on the newest @typescript-eslint/eslint-plugin',
    async () => {
      const both = await installs.both;
      const copies = both.names.filter((name: string) => name.startsWith('@typescript-eslint/'));
      expect(copies.length).toBeGreaterThan(0);
      expect(copies).toEqual([...new Set(copies)]);
    },
    900_000,
  );
});
