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
