import { describe, expect, it } from 'vitest';
import { siteRewrites, toCodemodPlan, type FilePlan } from '../../src/codemod-kit/site-plans.js';

// Four reported sites on lines 1-4; the edits only need to be told apart.
const site = (line: number) => ({ node: { loc: { start: { line, column: 0 } } }, name: `site${line}` });
const [a, b, c, d] = [site(1), site(2), site(3), site(4)];
const edit = (text: string) => ({ start: 0, end: 0, text });

/**
 * `a` and `b` need one import; `b` and `c` are cleared by one teardown edit written for both;
 * `d` is left with a reason.
 */
const plan: FilePlan<typeof a> = {
  steps: [
    { kind: 'prerequisite', sites: [a, b], edits: [edit('import')] },
    { kind: 'site', finding: a, edits: [edit('a')] },
    { kind: 'site', finding: b, edits: [edit('b')] },
    { kind: 'site', finding: c, edits: [edit('c')] },
    { kind: 'together', sites: [b, c], edits: [edit('clear b and c')] },
  ],
  left: [{ finding: d, reason: 'no owner' }],
};
const texts = (edits: readonly { text: string }[]) => edits.map((e) => e.text);

describe('toCodemodPlan', () => {
  it('applies every step in order and lists the sites rewritten and left', () => {
    const codemodPlan = toCodemodPlan(plan, (s) => s.name);
    expect(texts(codemodPlan.edits)).toEqual(['import', 'a', 'b', 'c', 'clear b and c']);
    expect(codemodPlan.rewritten).toEqual([
      { line: 1, column: 0, what: 'site1' },
      { line: 2, column: 0, what: 'site2' },
      { line: 3, column: 0, what: 'site3' },
    ]);
    expect(codemodPlan.left).toEqual([{ line: 4, column: 0, what: 'site4', reason: 'no owner' }]);
  });
});

describe('siteRewrites', () => {
  const rewrites = siteRewrites(plan);

  it('gives a site its own edits and the prerequisites it needs, in the codemod order', () => {
    expect(texts(rewrites.get(a)!.edits)).toEqual(['import', 'a']);
    expect(rewrites.get(a)!.sites).toBe(1);
  });

  it('rewrites sites bound by a together step as one, with what any of them needs', () => {
    for (const bound of [b, c]) {
      expect(texts(rewrites.get(bound)!.edits)).toEqual(['import', 'b', 'c', 'clear b and c']);
      expect(rewrites.get(bound)!.sites).toBe(2);
    }
  });

  it('has nothing for a site the plan leaves', () => {
    expect(rewrites.has(d)).toBe(false);
  });

  it('binds groups that share a member, and ignores left sites named in a step', () => {
    const chained = siteRewrites<typeof a>({
      steps: [
        { kind: 'site', finding: a, edits: [edit('a')] },
        { kind: 'site', finding: b, edits: [edit('b')] },
        { kind: 'site', finding: c, edits: [edit('c')] },
        { kind: 'together', sites: [a, b], edits: [] },
        { kind: 'together', sites: [b, c, d], edits: [edit('shared')] },
      ],
      left: [{ finding: d, reason: 'left' }],
    });
    expect(texts(chained.get(a)!.edits)).toEqual(['a', 'b', 'c', 'shared']);
    expect(chained.get(c)!.sites).toBe(3);
    expect(chained.has(d)).toBe(false);
  });
});
