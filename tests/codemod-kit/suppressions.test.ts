import { Linter } from 'eslint';
import { describe, expect, it } from 'vitest';
import { parseForAnalysis } from '../../src/core/parse.js';
import { walkProgram } from '../../src/core/walk.js';
import { isSuppressed } from '../../src/codemod-kit/suppressions.js';

/*
 * The codemods read disable comments themselves (they run without ESLint); each case here is
 * checked against ESLint's own Linter, with a rule that reports every identifier named `site`.
 */
const RULE = 'leakproof/no-unbounded-cache';

function eslintSuppressedLines(code: string): number[] {
  const linter = new Linter();
  const reportSites = {
    create: (context: { report: (d: object) => void }) => ({
      Identifier(node: { name: string }) {
        if (node.name === 'site') context.report({ node, message: 'site' });
      },
    }),
  };
  const messages = linter.verify(
    code,
    [{ plugins: { leakproof: { rules: { 'no-unbounded-cache': reportSites as never } } }, rules: { [RULE]: 'error' } }],
    'a.js',
  );
  const reported = new Set(messages.filter((m) => m.ruleId === RULE).map((m) => m.line));
  return siteLines(code).filter((line) => !reported.has(line));
}

function siteLines(code: string): number[] {
  return code
    .split('\n')
    .flatMap((text, i) => (/\bsite\b/.test(text.replace(/\/\/.*|\/\*.*?\*\//g, '')) ? [i + 1] : []));
}

function ourSuppressedLines(code: string): number[] {
  const ctx = parseForAnalysis(code, 'a.js');
  const lines: number[] = [];
  walkProgram(ctx.ast, [
    {
      Identifier(node) {
        if ((node as { name: string }).name === 'site' && isSuppressed(ctx, RULE, node as never))
          lines.push(node.loc.start.line);
      },
    },
  ]);
  return lines;
}

const cases: Record<string, string> = {
  'next-line naming the rule, with a justification': `
// eslint-disable-next-line leakproof/no-unbounded-cache -- every user is kept on purpose
site();
site();`,
  'next-line naming another rule only': `
// eslint-disable-next-line no-console
site();`,
  'next-line naming several rules': `
/* eslint-disable-next-line no-console, leakproof/no-unbounded-cache */
site();`,
  'next-line after a block comment spanning lines': `
/* eslint-disable-next-line
   leakproof/no-unbounded-cache */
site();`,
  'same line': `
site(); // eslint-disable-line leakproof/no-unbounded-cache
site();`,
  'same line, every rule': `
site(); /* eslint-disable-line */`,
  'a block disabled and enabled again': `
site();
/* eslint-disable leakproof/no-unbounded-cache */
site();
site();
/* eslint-enable leakproof/no-unbounded-cache */
site();`,
  'file level, every rule': `/* eslint-disable */
site();
site();`,
  'disable every rule, enable only another one': `
/* eslint-disable */
site();
/* eslint-enable no-console */
site();
/* eslint-enable */
site();`,
  'a line comment cannot open a block': `
// eslint-disable leakproof/no-unbounded-cache
site();`,
  'a block disable after the site on its line': `
site(); /* eslint-disable leakproof/no-unbounded-cache */
site();`,
  'a next-line inside a disabled block does not end the block': `
/* eslint-disable leakproof/no-unbounded-cache */
// eslint-disable-next-line leakproof/no-unbounded-cache
site();
site();`,
  'a disable-line comment spanning lines is ignored': `
site(); /* eslint-disable-line
  leakproof/no-unbounded-cache */
site();`,
  'not a directive: a word before it': `
// see eslint-disable-next-line leakproof/no-unbounded-cache
site();`,
};

describe('isSuppressed reads disable comments as ESLint does', () => {
  for (const [name, code] of Object.entries(cases)) {
    it(name, () => {
      expect(ourSuppressedLines(code)).toEqual(eslintSuppressedLines(code));
    });
  }
  it('the cases include suppressed and reported sites', () => {
    const all = Object.values(cases);
    expect(all.some((code) => eslintSuppressedLines(code).length > 0)).toBe(true);
    expect(all.some((code) => eslintSuppressedLines(code).length < siteLines(code).length)).toBe(true);
  });
});
