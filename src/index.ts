import type { ESLint, Linter } from 'eslint';
import { rules, type RuleName } from '../rules/index.js';
import { buildFlatConfigs, buildLegacyConfigs, type ConfigName, type LegacyConfigName } from './configs.js';
import { packageJson } from './package-info.js';

export interface LeakproofPlugin {
  meta: { name: string; version: string; namespace: 'leakproof' };
  rules: Record<RuleName, ESLint.Plugin['rules'] extends Record<string, infer R> | undefined ? R : never>;
  configs: Record<ConfigName, Linter.Config> & Record<LegacyConfigName, Linter.LegacyConfig>;
}

const plugin = {
  meta: { name: packageJson.name, version: packageJson.version, namespace: 'leakproof' },
  rules: rules as unknown as LeakproofPlugin['rules'],
  configs: {} as LeakproofPlugin['configs'],
} satisfies LeakproofPlugin;

// The flat configs must reference the plugin object itself, so they are added after it exists.
Object.assign(plugin.configs, buildFlatConfigs(plugin, rules), buildLegacyConfigs(rules));

export default plugin;
export type { RuleName };
// Typed eslint.config.ts files check rule options against these, as typescript-eslint's do.
export type { LeakproofRulesConfig, RuleOptions } from './rule-options.js';
// ESLint 8's eslintrc loader require()s the package; Node's require(esm) returns this export.
export { plugin as 'module.exports' };
