import type { ClientConstructionOptions } from '../../src/families/clients/construction.js';
import type { ClientRuleOptions } from '../../src/rule-kit/client-rule.js';

/** The clients detector's options for a clients rule's options, as the rule passes them (reportClosed is the rule's own). */
export function detectorOptions(options: readonly [ClientRuleOptions] | undefined): ClientConstructionOptions {
  return { clients: options?.[0]?.clients ?? [], typeAware: options?.[0]?.typeAware ?? false };
}
