import type { Linter } from 'eslint';
import { describe, expect, it } from 'vitest';
import { codemod as boundedCache } from '../../codemods/bounded-cache.js';
import { codemod as memoizeClient } from '../../codemods/memoize-client.js';
import { codemod as trackTasks } from '../../codemods/track-tasks.js';
import type { Codemod } from '../../src/codemod-kit/define-codemod.js';
import { parseForAnalysis } from '../../src/core/parse.js';
import { codemodFixturesRoot, fixtureScope, readFixtureCases } from '../helpers/codemod-fixtures.js';
import { lintWith } from '../helpers/lint.js';

/*
 * A rule's suggestion on a site is the paired codemod's rewrite of it, with the codemod's default
 * options. Over every codemod fixture:
 * - the reports that carry the codemod's suggestion are exactly the sites the codemod rewrites
 *   (rule, line and column), and the sites it leaves carry none;
 * - each suggestion applied alone gives a file that parses, where its site (and any site bound to
 *   it by the same edit) is no longer reported and every other report remains;
 * - applying the suggestions one after the other, as someone in an editor would (re-linting after
 *   each), gives exactly the codemod's output, whichever end one starts from.
 */

interface Pairing {
  readonly codemod: Codemod<never>;
  readonly rules: readonly string[];
  /** The suggestions that are the codemod's rewrite (others, like returnTask, are the rules' own). */
  readonly suggestions: readonly string[];
}

const pairings: readonly Pairing[] = [
  {
    codemod: boundedCache as Codemod<never>,
    rules: ['no-unbounded-cache'],
    suggestions: ['useLruCache', 'addMemoizeeMax'],
  },
  {
    codemod: memoizeClient as Codemod<never>,
    rules: ['no-client-in-getter', 'no-client-in-handler', 'no-client-in-loop'],
    suggestions: ['keepClient', 'hoistClient', 'shareClient'],
  },
  {
    codemod: trackTasks as Codemod<never>,
    rules: ['no-floating-task', 'no-listener-leak', 'no-untracked-interval'],
    suggestions: ['clearInTeardown', 'trackTask'],
  },
];

type Fix = NonNullable<Linter.LintMessage['suggestions']>[number]['fix'];

const apply = (text: string, fix: Fix): string => text.slice(0, fix.range[0]) + fix.text + text.slice(fix.range[1]);
/** Line and 0-based column: a codemod site's own, or an ESLint message's (whose column is 1-based). */
const at = (m: { line: number; column: number }, base: 0 | 1 = 0): string => `${m.line}:${m.column - base}`;
const reportAt = (m: Linter.LintMessage): string => at(m, 1);

for (const { codemod, rules, suggestions } of pairings) {
  describe(`${codemod.name}: suggestions are the codemod's rewrites`, () => {
    for (const fixture of readFixtureCases(codemod.name)) {
      // The codemod's --all-keys is no-unbounded-cache's reportUnknownKeys; every other codemod option is left at its default, as suggestions are.
      const allKeys = fixture.options['all-keys'] === true;
      const ruleConfig = Object.fromEntries(
        rules.map((rule) => [rule, rule === 'no-unbounded-cache' ? { reportUnknownKeys: allKeys } : {}]),
      );
      const options = codemod.parseOptions(allKeys ? { 'all-keys': true } : {});
      // Ours and parse errors only: a directive naming another plugin's rule (a fixture's stale
      // typescript-eslint comment) adds a "definition not found" message that a rewrite removes.
      const lint = (text: string): Linter.LintMessage[] =>
        lintWith(text, fixture.inputPath, ruleConfig, codemodFixturesRoot).filter(
          (m) => m.fatal || m.ruleId?.startsWith('leakproof/'),
        );
      const codemodFix = (message: Linter.LintMessage): Fix | undefined =>
        message.suggestions?.find((s) => suggestions.includes(s.messageId!))?.fix;
      const suggested = (messages: Linter.LintMessage[]): Linter.LintMessage[] => messages.filter((m) => codemodFix(m));

      it(fixture.name, () => {
        const expected = codemod.analyze(fixture.input, fixture.inputPath, options, fixtureScope);
        const messages = lint(fixture.input);
        expect(
          messages.filter((m) => m.fatal),
          'the input parses',
        ).toEqual([]);

        expect(
          suggested(messages).map(reportAt).sort(),
          'the reports with a suggestion are the sites the codemod rewrites',
        ).toEqual(expected.rewritten.map((site) => at(site)).sort());
        for (const site of expected.left) {
          const report = messages.find((m) => reportAt(m) === at(site));
          expect(report, `the rule reports the left site ${at(site)}`).toBeDefined();
          expect(
            codemodFix(report!),
            `no suggestion where the codemod leaves the site: ${site.reason}`,
          ).toBeUndefined();
        }
        for (const message of suggested(messages)) {
          expect(rules.map((rule) => `leakproof/${rule}`)).toContain(message.ruleId);
          expect(
            message.suggestions!.filter((s) => suggestions.includes(s.messageId!)),
            'one suggestion per site',
          ).toHaveLength(1);
        }

        for (const message of suggested(messages)) {
          const fix = codemodFix(message)!;
          const output = apply(fixture.input, fix);
          expect(
            () => parseForAnalysis(output, fixture.inputPath),
            `${reportAt(message)}: the suggestion alone gives code that parses`,
          ).not.toThrow();
          // Sites bound by one edit carry the same suggestion, and go together.
          const together = suggested(messages).filter((m) => JSON.stringify(codemodFix(m)) === JSON.stringify(fix));
          const remaining = lint(output);
          expect(remaining.filter((m) => m.fatal)).toEqual([]);
          expect(
            remaining.length,
            `${reportAt(message)}: applied alone, it silences its own site${together.length > 1 ? ` and the ${together.length - 1} bound to it` : ''}, and only those`,
          ).toBe(messages.length - together.length);
        }

        for (const order of ['first', 'last'] as const) {
          let text = fixture.input;
          for (let step = 0; step < 50; step++) {
            const pending = suggested(lint(text));
            if (pending.length === 0) break;
            text = apply(text, codemodFix(order === 'first' ? pending[0]! : pending[pending.length - 1]!)!);
          }
          expect(
            text,
            `every suggestion applied in turn, starting from the ${order} report, gives the codemod's output`,
          ).toBe(expected.output);
        }
      });
    }
  });
}
