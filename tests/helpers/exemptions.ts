import type { ValidTestCase } from '@typescript-eslint/rule-tester';
import { describe, expect, it } from 'vitest';
import type { DetectorFactory } from '../../src/core/detector.js';
import { parseForAnalysis } from '../../src/core/parse.js';
import { walkProgram } from '../../src/core/walk.js';

/** A valid case that names the exemption expected to spare it (the first in the family's table that applies). */
export type ExemptCase<Options extends readonly unknown[]> = ValidTestCase<Options> & { readonly exemptBy?: string };

/** The exemptions a detector's run over `code` spared sites with, in source order. */
export function sparedBy<DetectorOptions, Finding>(
  factory: DetectorFactory<DetectorOptions, Finding>,
  options: DetectorOptions,
  code: string,
  filename = 'file.ts',
): string[] {
  const ctx = parseForAnalysis(code, filename);
  const detector = factory(ctx, options);
  walkProgram(ctx.ast, [detector.visitors]);
  detector.finish();
  if (!detector.spared) throw new Error('this detector does not record the sites its exemptions spare');
  return detector.spared().map((site) => site.exemption);
}

/**
 * Valid cases for RuleTester with `exemptBy` stripped (RuleTester refuses unknown keys), after
 * registering one test per case that has it: the detector spared the case with that exemption, so
 * a case cannot pass for the wrong reason. `detectorOptions` maps the rule's options to the
 * detector's, as the rule does.
 */
export function checkExemptions<Options extends readonly unknown[], DetectorOptions, Finding>(
  cases: readonly ExemptCase<Options>[],
  factory: DetectorFactory<DetectorOptions, Finding>,
  detectorOptions: (options: Options | undefined) => DetectorOptions,
): ValidTestCase<Options>[] {
  const named = cases.filter((testCase) => testCase.exemptBy !== undefined);
  if (named.length > 0) {
    describe('each valid case is spared by the exemption it names', () => {
      it.each(named.map((testCase) => [testCase.exemptBy!, testCase] as const))('%s', (exemption, testCase) => {
        const spared = sparedBy(
          factory,
          detectorOptions(testCase.options as Options | undefined),
          testCase.code,
          testCase.filename ?? 'file.ts',
        );
        expect(spared, testCase.code).toContain(exemption);
      });
    });
  }
  return cases.map(({ exemptBy: _exemptBy, ...rest }) => rest);
}
