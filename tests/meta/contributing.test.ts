// CONTRIBUTING.md is a map of the tree: every path it names exists, and every knowledge file is
// named, so a newcomer following it never opens a file that moved.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));
const text = readFileSync(join(root, 'CONTRIBUTING.md'), 'utf8');

/** Repository paths in backticks (`src/core/ast.ts`, `src/knowledge/`), without placeholders or globs. */
const namedPaths = [...text.matchAll(/`((?:src|rules|codemods|tests|bench|scripts|docs)\/[^`\s]*)`/g)]
  .map((match) => match[1]!)
  .filter((path) => !/[<>*]/.test(path));

describe('CONTRIBUTING.md', () => {
  it('names only paths that exist', () => {
    expect(namedPaths.length).toBeGreaterThan(20);
    expect(namedPaths.filter((path) => !existsSync(join(root, path)))).toEqual([]);
  });

  it('names every knowledge file', () => {
    const knowledge = readdirSync(join(root, 'src/knowledge')).filter((file) => file.endsWith('.ts'));
    const section = text.slice(
      text.indexOf('## Knowledge lists'),
      text.indexOf('\n## ', text.indexOf('## Knowledge lists') + 1),
    );
    expect(knowledge.filter((file) => !section.includes(`\`${file}\``))).toEqual([]);
  });
});
