// The docs are tests: every rule and codemod has a page in the shape CONTRIBUTING.md gives, each
// ❌ example reports, each ✅ example does not, and each codemod `before` block becomes its `after`.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { codemods } from '../../codemods/index.js';
import { rules } from '../../rules/index.js';
import { lintWith } from '../helpers/lint.js';
import { introduction, outline, sectionTitles, subsectionTitles, type CodeBlock } from './markdown.js';

const docsRoot = fileURLToPath(new URL('../../docs', import.meta.url));
const HEADER_END = '<!-- end auto-generated rule header -->';
const INCORRECT = '❌ Incorrect';
const CORRECT = '✅ Correct';

/** lintWith's rule setting for one example: the rule alone, or with the block's options. */
function ruleSetting(name: string, block: CodeBlock): Record<string, unknown> | string[] {
  const options = optionsOf(block, name);
  return options === undefined ? [name] : { [name]: options };
}

/** The file name an example is linted or transformed as, from its fence language. */
const EXAMPLE_FILES: Record<string, string> = {
  ts: 'example.ts',
  tsx: 'example.tsx',
  js: 'example.js',
  jsx: 'example.jsx',
  mjs: 'example.mjs',
  cjs: 'example.cjs',
};

/** The page's markdown; when it is missing, undefined and a failing test that names the file. */
function readPageOrFail(kind: 'rules' | 'codemods', name: string): string | undefined {
  const path = join(docsRoot, kind, `${name}.md`);
  if (existsSync(path)) return readFileSync(path, 'utf8');
  it(`has docs/${kind}/${name}.md`, () => expect.fail(`missing ${path}`));
  return undefined;
}
const pagesIn = (kind: 'rules' | 'codemods'): string[] =>
  readdirSync(join(docsRoot, kind))
    .filter((file) => file.endsWith('.md'))
    .map((file) => file.slice(0, -'.md'.length))
    .sort();

const where = (name: string, block: CodeBlock): string => `${name}.md:${block.line}`;

function optionsOf(block: CodeBlock, page: string): Record<string, unknown> | undefined {
  const raw = block.attributes.option;
  if (raw === undefined) return undefined;
  try {
    return JSON.parse(raw) as Record<string, unknown>;
  } catch {
    throw new Error(`${where(page, block)}: option='…' is not JSON: ${raw}`);
  }
}

function exampleFile(block: CodeBlock, page: string): string {
  const file = EXAMPLE_FILES[block.lang];
  if (!file)
    throw new Error(
      `${where(page, block)}: examples must be one of ${Object.keys(EXAMPLE_FILES).join('/')}, not "${block.lang}"`,
    );
  return file;
}

describe('docs/rules', () => {
  it('has exactly one page per rule', () => {
    expect(pagesIn('rules')).toEqual(Object.keys(rules).sort());
  });

  for (const [name, rule] of Object.entries(rules)) {
    describe(name, () => {
      const markdown = readPageOrFail('rules', name);
      if (markdown === undefined) return;
      const doc = outline(markdown);
      const optionNames = Object.keys(
        (rule.meta.schema as ReadonlyArray<{ properties?: object }>)[0]?.properties ?? {},
      );

      it('opens with the generated header and a paragraph on the incident', () => {
        expect(markdown.startsWith(`# leakproof/${name}\n`)).toBe(true);
        expect(markdown).toContain(HEADER_END);
        expect(
          introduction(markdown, HEADER_END).length,
          'a paragraph between the header and "## Rule details"',
        ).toBeGreaterThan(80);
      });

      it('has the sections of CONTRIBUTING.md, in order', () => {
        const expected = ['Rule details', 'Examples', ...(optionNames.length ? ['Options'] : []), 'When not to use it'];
        expect(sectionTitles(doc)).toEqual(expected);
        expect(subsectionTitles(doc, 'Examples')).toEqual([INCORRECT, CORRECT]);
      });

      it('has a heading per option, and none for options that do not exist', () => {
        expect(subsectionTitles(doc, 'Options').sort()).toEqual(optionNames.map((option) => `\`${option}\``).sort());
      });

      const examples = doc.blocks.filter((block) => block.section === 'Examples');
      const incorrect = examples.filter((block) => block.subsection === INCORRECT);
      const correct = examples.filter((block) => block.subsection === CORRECT);

      it('has examples on both sides', () => {
        expect(incorrect.length).toBeGreaterThan(0);
        expect(correct.length).toBeGreaterThan(0);
      });

      for (const block of incorrect) {
        it(`❌ ${where(name, block)} reports`, () => {
          const messages = lintWith(block.code, exampleFile(block, name), ruleSetting(name, block));
          expect(
            messages.filter((message) => message.fatal),
            'the example parses',
          ).toEqual([]);
          expect(messages.filter((message) => message.ruleId === `leakproof/${name}`).length).toBeGreaterThan(0);
        });
      }

      for (const block of correct) {
        it(`✅ ${where(name, block)} does not report`, () => {
          expect(lintWith(block.code, exampleFile(block, name), ruleSetting(name, block))).toEqual([]);
        });
      }
    });
  }
});

describe('docs/codemods', () => {
  it('has exactly one page per codemod', () => {
    expect(pagesIn('codemods')).toEqual(Object.keys(codemods).sort());
  });

  for (const [name, codemod] of Object.entries(codemods)) {
    describe(name, () => {
      const markdown = readPageOrFail('codemods', name);
      if (markdown === undefined) return;
      const doc = outline(markdown);

      it('opens with its title and a paragraph on the incident', () => {
        expect(markdown.startsWith(`# ${name}\n`)).toBe(true);
        expect(introduction(markdown, `# ${name}\n`).length).toBeGreaterThan(80);
      });

      it('has the sections of CONTRIBUTING.md, in order', () => {
        expect(sectionTitles(doc)).toEqual(['Before and after', 'Options', 'What is left alone', 'When not to use it']);
      });

      it('describes every option under "## Options"', () => {
        const optionsSection = markdown.slice(
          markdown.indexOf('\n## Options'),
          markdown.indexOf('\n## What is left alone'),
        );
        for (const option of codemod.options) expect(optionsSection).toContain(`--${option.flag}`);
      });

      const pairs = doc.blocks.filter(
        (block) =>
          block.section === 'Before and after' && (block.flags.includes('before') || block.flags.includes('after')),
      );

      it('has before/after pairs', () => {
        expect(pairs.length).toBeGreaterThan(0);
        pairs.forEach((block, index) => {
          const role = index % 2 === 0 ? 'before' : 'after';
          expect(block.flags, `${where(name, block)} should be a \`${role}\` block`).toContain(role);
          if (role === 'after')
            expect(block.lang, `${where(name, block)}: same language as its before block`).toBe(pairs[index - 1]!.lang);
        });
      });

      for (let index = 0; index + 1 < pairs.length; index += 2) {
        const before = pairs[index]!;
        const after = pairs[index + 1]!;
        it(`${where(name, before)} becomes ${where(name, after)}`, () => {
          const options = codemod.parseOptions(optionsOf(before, name));
          const result = codemod.analyze(before.code, exampleFile(before, name), options);
          expect(result.output).toBe(after.code);
        });
      }
    });
  }
});

describe('README.md', () => {
  const markdown = readFileSync(join(docsRoot, '..', 'README.md'), 'utf8');
  const doc = outline(markdown);
  const strictRules = Object.keys(rules);
  const pairs = doc.blocks.filter((block) => block.flags.includes('before') || block.flags.includes('after'));

  it('shows a before and an after for each family', () => {
    expect(pairs.filter((block) => block.flags.includes('before')).length).toBeGreaterThanOrEqual(3);
    pairs.forEach((block, index) => expect(block.flags).toContain(index % 2 === 0 ? 'before' : 'after'));
  });

  for (const block of pairs) {
    const role = block.flags.includes('before') ? 'before' : 'after';
    it(`${role} block at README.md:${block.line} ${role === 'before' ? 'reports' : 'does not report'} under the strict config`, () => {
      const messages = lintWith(block.code, exampleFile(block, 'README'), strictRules);
      expect(messages.filter((message) => message.fatal)).toEqual([]);
      if (role === 'before') expect(messages.length).toBeGreaterThan(0);
      else expect(messages).toEqual([]);
    });
  }

  it('has the two set-up commands of the quick start, and only those', () => {
    // Commands are the shell blocks; the demo's output excerpt below them is a `text` block.
    const quickStart = doc.blocks.filter((block) => block.section === 'Quick start' && block.lang !== 'text');
    expect(quickStart.map((block) => block.code)).toEqual(['npm ci && npm run demo\nnpm test\n']);
    expect(
      doc.blocks.some(
        (block) => block.section === 'Quick start' && block.lang === 'text' && block.code.includes('== 6. verdict'),
      ),
    ).toBe(true);
  });

  it('shows a complete eslint.config.js with the strict config', () => {
    expect(
      doc.blocks.some(
        (block) => block.lang === 'js' && block.code.includes('export default [leakproof.configs.strict];'),
      ),
    ).toBe(true);
  });
});

describe('jscodeshift commands in the docs', () => {
  const pages = [
    join(docsRoot, '..', 'README.md'),
    ...(['rules', 'codemods'] as const).flatMap((kind) =>
      pagesIn(kind).map((name) => join(docsRoot, kind, `${name}.md`)),
    ),
    join(docsRoot, 'cli.md'),
  ];
  const commands = pages
    .filter((page) => existsSync(page))
    .flatMap((page) =>
      readFileSync(page, 'utf8')
        .split('\n')
        .map((line, index) => ({ where: `${page.slice(docsRoot.length - 'docs'.length)}:${index + 1}`, line }))
        .filter(({ line }) => /\bjscodeshift\b.*\s-t\s/.test(line) && /^\s*(npx\s+)?jscodeshift\b/.test(line)),
    );

  it('are there to check', () => {
    expect(commands.length).toBeGreaterThan(0);
  });

  // The .cjs transforms load under jscodeshift's default flags and with --no-babel; the .js ones (ES
  // modules) only with --no-babel, and without --fail-on-error a failing file still exits 0
  // (tests/integration/pack.test.ts runs both forms).
  it.each(commands)('$where runs a .cjs transform that the build writes, with --fail-on-error', ({ line }) => {
    const transform = /\s-t\s+\S*dist\/codemods\/([\w-]+)\.cjs(?:\s|$)/.exec(line)?.[1];
    expect(transform).toBeDefined();
    expect(Object.keys(codemods)).toContain(transform);
    expect(line).toContain('--fail-on-error');
  });
});
