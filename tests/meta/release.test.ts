// What a user installing or linking to this package relies on before and after a release: the Node
// range the package admits, a changelog, and links and pre-commit revisions that resolve.
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { DOCS_BRANCH, docsUrl } from '../../src/rule-kit/create-rule.js';
import { rules } from '../../rules/index.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const packageJson = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
  version: string;
  homepage: string;
  engines: { node: string };
};
const semver = createRequire(import.meta.url)('semver') as { satisfies: (version: string, range: string) => boolean };
const git = (...args: string[]): string => execFileSync('git', args, { cwd: root, encoding: 'utf8' }).trim();

/** README, .pre-commit-hooks.yaml and every page under docs/. */
const userDocs = [
  'README.md',
  '.pre-commit-hooks.yaml',
  ...readdirSync(join(root, 'docs'), { recursive: true, encoding: 'utf8' })
    .filter((path) => path.endsWith('.md'))
    .map((path) => join('docs', path)),
].map((path) => ({ path, text: readFileSync(join(root, path), 'utf8') }));

const tags = new Set(git('tag', '--list').split('\n').filter(Boolean));

describe('engines', () => {
  // require(esm) is on by default only from these: ESLint 8's eslintrc loader and jscodeshift
  // --no-babel require() this ES module package.
  it.each(['20.19.0', '20.20.2', '22.13.0', '24.0.0', '25.1.0'])('admits Node %s', (version) => {
    expect(semver.satisfies(version, packageJson.engines.node)).toBe(true);
  });

  it.each(['20.18.3', '21.7.3', '22.0.0', '22.12.0', '23.11.0'])('refuses Node %s', (version) => {
    expect(semver.satisfies(version, packageJson.engines.node)).toBe(false);
  });
});

describe('CHANGELOG.md', () => {
  const changelog = readFileSync(join(root, 'CHANGELOG.md'), 'utf8');
  const versions = [...changelog.matchAll(/^## (.+)$/gm)].map((match) => match[1]!);

  it('starts with Unreleased, or with the version package.json names once it is tagged', () => {
    expect(changelog.startsWith('# Changelog\n')).toBe(true);
    const released = tags.has(`v${packageJson.version}`);
    expect(versions[0]).toBe(released ? packageJson.version : 'Unreleased');
  });

  it('has a heading per tagged version only', () => {
    for (const version of versions.slice(1)) expect(tags.has(`v${version.replace(/ .*/, '')}`), version).toBe(true);
  });
});

describe('links and revisions in the docs', () => {
  it('rule docs URLs (meta.docs.url, SARIF helpUri) point at the default branch or a tag that exists', () => {
    expect(tags.has(DOCS_BRANCH) || git('rev-parse', '--verify', '--quiet', `refs/heads/${DOCS_BRANCH}`) !== '').toBe(
      true,
    );
    for (const [name, rule] of Object.entries(rules)) {
      expect(rule.meta.docs?.url).toBe(`${packageJson.homepage}/blob/${DOCS_BRANCH}/docs/rules/${name}.md`);
      expect(docsUrl(name)).toBe(rule.meta.docs?.url);
    }
  });

  it.each(userDocs)('$path links into the repository only at the default branch or a tag that exists', ({ text }) => {
    const refs = [...text.matchAll(/github\.com\/leakproof\/eslint-plugin-leakproof\/(?:blob|tree)\/([^/\s)]+)/g)].map(
      (match) => match[1]!,
    );
    for (const ref of refs) expect(ref === DOCS_BRANCH || tags.has(ref), ref).toBe(true);
  });

  it.each(userDocs)('$path gives pre-commit a rev that is a commit or a tag that exists', ({ text }) => {
    const revs = [...text.matchAll(/^\s*#?\s*rev:\s*(\S+)/gm)].map((match) => match[1]!);
    const isCommit = (rev: string): boolean => {
      if (!/^[0-9a-f]{40}$/.test(rev)) return false;
      try {
        return git('cat-file', '-t', rev) === 'commit';
      } catch {
        return false;
      }
    };
    for (const rev of revs) expect(isCommit(rev) || tags.has(rev), rev).toBe(true);
  });
});
