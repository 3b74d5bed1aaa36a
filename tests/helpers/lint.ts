import tsParser from '@typescript-eslint/parser';
import { Linter } from 'eslint';
import { LINTED_FILES } from '../../src/configs.js';
import plugin from '../../src/index.js';

/**
 * Lints `code` as `filename` with the given leakproof rules (and options) through ESLint's Linter,
 * run from `cwd` (a fixture folder, so its files are not judged as our tests).
 */
export function lintWith(
  code: string,
  filename: string,
  rules: Record<string, unknown> | readonly string[],
  cwd?: string,
): Linter.LintMessage[] {
  const settings: Linter.RulesRecord = {};
  if (Array.isArray(rules)) for (const name of rules) settings[`leakproof/${name}`] = 'error';
  else for (const [name, options] of Object.entries(rules)) settings[`leakproof/${name}`] = ['error', options];
  const linter = new Linter({ cwd });
  return linter.verify(
    code,
    [
      {
        // `**/*` alone does not make ESLint lint a file: .ts/.tsx would get "No matching configuration".
        files: LINTED_FILES,
        plugins: { leakproof: plugin as never },
        languageOptions: {
          parser: tsParser as Linter.Parser,
          parserOptions: { ecmaFeatures: { jsx: !/\.(ts|mts|cts)$/.test(filename) } },
        },
        rules: settings,
      },
    ],
    filename,
  );
}
