// A docs example that needs a non-default option must say so in the text above it: GitHub and npm
// hide the code fence's info string (option='{"reportModuleLevel": true}'), so a reader would
// otherwise take an ❌ example for one the default config reports.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const docsRoot = fileURLToPath(new URL('../../docs', import.meta.url));
const FENCE = /^```/;

interface OptionExample {
  where: string;
  keys: string[];
  /** The prose between the previous code block (or the page start) and this block. */
  text: string;
}

function optionExamples(page: string, relativePath: string): OptionExample[] {
  const lines = readFileSync(page, 'utf8').split('\n');
  const examples: OptionExample[] = [];
  let prose: string[] = [];
  for (let index = 0; index < lines.length; index++) {
    const line = lines[index]!;
    if (!FENCE.test(line)) {
      prose.push(line);
      continue;
    }
    const option = /option='([^']*)'/.exec(line)?.[1];
    if (option)
      examples.push({
        where: `${relativePath}:${index + 1}`,
        keys: Object.keys(JSON.parse(option) as object),
        text: prose.join('\n'),
      });
    while (++index < lines.length && lines[index] !== '```');
    prose = [];
  }
  return examples;
}

const examples = (['rules', 'codemods'] as const).flatMap((kind) =>
  readdirSync(join(docsRoot, kind))
    .filter((name) => name.endsWith('.md'))
    .flatMap((name) => optionExamples(join(docsRoot, kind, name), `docs/${kind}/${name}`)),
);

describe('docs examples with a non-default option', () => {
  it('are there to check', () => {
    expect(examples.length).toBeGreaterThan(0);
  });

  it.each(examples)('$where names its option in the text above it', ({ keys, text }) => {
    for (const key of keys) expect(text).toContain(`\`${key}`);
  });
});
