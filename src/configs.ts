import { createRequire } from 'node:module';
import tsParser from '@typescript-eslint/parser';
import type { Linter } from 'eslint';
import type { TSESLint } from '@typescript-eslint/utils';
import type { LeakproofDocs } from './rule-kit/create-rule.js';

type RuleRecord = Record<string, TSESLint.RuleModule<string, readonly unknown[], LeakproofDocs>>;

/** Every file kind the rules understand; the configs parse all of them with @typescript-eslint/parser. */
export const LINTED_FILES = ['**/*.{js,mjs,cjs,jsx,ts,mts,cts,tsx}'];

export type ConfigName = 'recommended' | 'strict' | 'recommended-type-checked' | 'strict-type-checked';
/** The eslintrc configs, for ESLint 8 (or 9 with ESLINT_USE_FLAT_CONFIG=false). */
export type LegacyConfigName = 'legacy-recommended' | 'legacy-strict';

/** Rule settings for a config, derived from each rule's meta.docs. */
export function ruleSettings(rules: RuleRecord, config: ConfigName): Linter.RulesRecord {
  const settings: Linter.RulesRecord = {};
  for (const [name, rule] of Object.entries(rules).sort(([a], [b]) => a.localeCompare(b))) {
    const docs = rule.meta.docs!;
    if (!config.startsWith('strict') && !docs.recommended) continue;
    settings[`leakproof/${name}`] =
      config.endsWith('-type-checked') && docs.typeAware ? ['error', { typeAware: true }] : 'error';
  }
  return settings;
}

/**
 * Complete flat configs: each registers the plugin and the parser, so
 * `export default [leakproof.configs.recommended]` is a whole eslint.config.js.
 */
export function buildFlatConfigs(plugin: object, rules: RuleRecord): Record<ConfigName, Linter.Config> {
  const flat = (name: ConfigName): Linter.Config => ({
    name: `leakproof/${name}`,
    files: LINTED_FILES,
    plugins: { leakproof: plugin as never },
    languageOptions: {
      parser: tsParser as Linter.Parser,
      parserOptions: { ecmaFeatures: { jsx: true } },
    },
    rules: ruleSettings(rules, name),
  });
  return {
    recommended: flat('recommended'),
    strict: flat('strict'),
    'recommended-type-checked': flat('recommended-type-checked'),
    'strict-type-checked': flat('strict-type-checked'),
  };
}

/** eslintrc configs for ESLint 8 users: `extends: ['plugin:leakproof/legacy-strict']`. */
export function buildLegacyConfigs(rules: RuleRecord): Record<LegacyConfigName, Linter.LegacyConfig> {
  return { 'legacy-recommended': legacyConfig(rules, 'recommended'), 'legacy-strict': legacyConfig(rules, 'strict') };
}

function legacyConfig(rules: RuleRecord, config: 'recommended' | 'strict'): Linter.LegacyConfig {
  const parser = createRequire(import.meta.url).resolve('@typescript-eslint/parser');
  return {
    plugins: ['leakproof'],
    parserOptions: { ecmaVersion: 'latest', sourceType: 'module' },
    overrides: [{ files: ['*.ts', '*.tsx', '*.mts', '*.cts'], parser }],
    rules: ruleSettings(rules, config),
  };
}
