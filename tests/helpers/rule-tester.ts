import { fileURLToPath } from 'node:url';
import { RuleTester } from '@typescript-eslint/rule-tester';

/** Syntax-only tester: what the `recommended` and `strict` configs run. */
export const ruleTester = new RuleTester({
  languageOptions: { parserOptions: { ecmaFeatures: { jsx: true } } },
});

export const typedFixturesRoot = fileURLToPath(new URL('../fixtures/typed', import.meta.url));

/** Type-aware tester rooted at tests/fixtures/typed (cases are linted as file.ts unless they say otherwise). */
export const typedRuleTester = new RuleTester({
  languageOptions: {
    parserOptions: {
      projectService: { allowDefaultProject: ['*.ts*'] },
      tsconfigRootDir: typedFixturesRoot,
    },
  },
});

/**
 * `suggestions: codemodSuggestion` on an expected error: it carries exactly one suggestion, the
 * codemod's rewrite of the site. For cases about what is reported rather than how it is
 * rewritten: the rewrite itself is checked against the codemod's output for every codemod fixture
 * (tests/rules/suggestion-parity.test.ts) and shown in full by each rule's first invalid cases.
 * RuleTester accepts a count there; its types only admit the full list.
 */
export const codemodSuggestion = 1 as unknown as readonly never[];
