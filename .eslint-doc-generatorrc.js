// eslint-doc-generator settings: the README rules table and the header of each docs/rules/*.md.
// `npm run docs` writes them; `npm run docs:check` (in .ci/run) fails when they are stale.
import { readFileSync } from 'node:fs';

const { homepage } = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8'));

/** Section titles of the README rules table, one per leak family (meta.docs.family). */
const FAMILY_TITLES = {
  caches: 'Unbounded caches',
  clients: 'Clients built per call',
  tasks: 'Untracked tasks',
};

/** @type {import('eslint-doc-generator').GenerateOptions} */
const config = {
  configEmoji: [
    ['recommended', '✅'],
    ['recommended-type-checked', '☑️'],
    ['strict', '🔒'],
    ['strict-type-checked', '🔐'],
  ],
  // The eslintrc twins of the flat configs, for ESLint 8; the README describes them in prose.
  ignoreConfig: ['legacy-recommended', 'legacy-strict'],
  ruleDocTitleFormat: 'prefix-name',
  ruleDocSectionInclude: ['Rule details', 'Examples', 'When not to use it'],
  ruleListColumns: [
    'name',
    'description',
    'configsError',
    'options',
    'hasSuggestions',
    'fixable',
    'requiresTypeChecking',
  ],
  ruleListSplit(rules) {
    const families = Object.keys(FAMILY_TITLES);
    for (const [name, rule] of rules) {
      if (!families.includes(rule.meta?.docs?.family)) {
        throw new Error(`rule ${name}: meta.docs.family must be one of ${families.join(', ')}`);
      }
    }
    return families
      .map((family) => ({
        title: FAMILY_TITLES[family],
        rules: rules.filter(([, rule]) => rule.meta.docs.family === family),
      }))
      .filter((section) => section.rules.length > 0);
  },
  // Absolute, because the same link appears in the README and in docs/rules/*.md.
  urlConfigs: `${homepage}#configs`,
};

export default config;
