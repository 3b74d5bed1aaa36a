import type { Linter } from 'eslint';
import type { RuleName, rules } from '../rules/index.js';

/** The options object a rule's schema takes (its first and only option). */
type OptionsObjectOf<Rule> = Rule extends { defaultOptions?: readonly [infer Options, ...unknown[]] } ? Options : never;

/**
 * Each rule's options as a config writes them: every property optional (the rule fills in its
 * defaults). `RuleOptions['no-unbounded-cache']` is `{ instanceFields?: boolean; … }`.
 */
export type RuleOptions = { [Name in RuleName]: Partial<OptionsObjectOf<(typeof rules)[Name]>> };

/** What a `rules` block may set for this plugin: `{ 'leakproof/no-unbounded-cache': ['error', { instanceFields: true }] }`. */
export type LeakproofRulesConfig = {
  [Name in RuleName as `leakproof/${Name}`]?:
    Linter.RuleSeverity | [Linter.RuleSeverity] | [Linter.RuleSeverity, RuleOptions[Name]];
};
