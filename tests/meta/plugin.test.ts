// The plugin's shape, checked over the registries: every rule and codemod file is registered, every
// rule's meta follows the conventions the configs, docs and ESLint's option validation rely on,
// and the configs are exactly what the rules' meta says.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import tsParser from '@typescript-eslint/parser';
import { Linter } from 'eslint';
import { describe, expect, it } from 'vitest';
import { codemods } from '../../codemods/index.js';
import { rules } from '../../rules/index.js';
import { ruleSettings } from '../../src/configs.js';
import { docsUrl } from '../../src/rule-kit/create-rule.js';
import plugin from '../../src/index.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const packageJson = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { name: string; version: string };
const FAMILIES = ['caches', 'clients', 'tasks'];
const FLAT_CONFIGS = ['recommended', 'strict', 'recommended-type-checked', 'strict-type-checked'] as const;

/** Module files in a folder, without index.ts, by name without extension. */
const modulesIn = (dir: string): string[] =>
  readdirSync(join(root, dir))
    .filter((file) => file.endsWith('.ts') && file !== 'index.ts')
    .map((file) => file.slice(0, -'.ts'.length))
    .sort();

interface JsonSchema {
  type?: string | string[];
  description?: string;
  properties?: Record<string, JsonSchema>;
  additionalProperties?: boolean | JsonSchema;
  items?: JsonSchema | JsonSchema[];
  default?: unknown;
}

/** Every object schema in `schema` (itself, its properties' and items' schemas), with a path for messages. */
function objectSchemas(schema: JsonSchema, path: string): Array<[string, JsonSchema]> {
  const found: Array<[string, JsonSchema]> = schema.properties ? [[path, schema]] : [];
  for (const [key, property] of Object.entries(schema.properties ?? {}))
    found.push(...objectSchemas(property, `${path}.${key}`));
  for (const item of [schema.items ?? []].flat()) found.push(...objectSchemas(item, `${path}[]`));
  return found;
}

const schemaOf = (name: keyof typeof rules): JsonSchema[] => rules[name].meta.schema as JsonSchema[];

describe('rules registry', () => {
  it('registers every rules/*.ts file, and nothing else', () => {
    expect(Object.keys(rules).sort()).toEqual(modulesIn('rules'));
  });

  it('registers each rule under the name of its file', async () => {
    for (const [name, rule] of Object.entries(rules)) {
      const module = (await import(join(root, 'rules', `${name}.ts`))) as { default: unknown };
      expect(module.default, name).toBe(rule);
    }
  });

  it('is sorted by name', () => {
    const names = Object.keys(rules);
    expect(names).toEqual([...names].sort());
  });
});

describe.each(Object.keys(rules) as Array<keyof typeof rules>)('rule %s', (name) => {
  const rule = rules[name];
  const { meta } = rule;
  const docs = meta.docs!;

  it('has a type, a family and a description that starts with Disallow or Require', () => {
    expect(['problem', 'suggestion']).toContain(meta.type);
    expect(FAMILIES).toContain(docs.family);
    expect(typeof docs.recommended).toBe('boolean');
    expect(docs.description).toMatch(/^(Disallow|Require) \S/);
    expect(docs.description, 'no full stop: the README table and doc header add their own punctuation').not.toMatch(
      /\.$/,
    );
  });

  it('links to its own docs page', () => {
    expect(docs.url).toBe(docsUrl(name));
    expect(existsSync(join(root, 'docs', 'rules', `${name}.md`))).toBe(true);
  });

  it('has a test file', () => {
    expect(existsSync(join(root, 'tests', 'rules', `${name}.test.ts`))).toBe(true);
  });

  it('has messages', () => {
    expect(Object.keys(meta.messages).length).toBeGreaterThan(0);
    for (const [id, message] of Object.entries(meta.messages)) expect(message.trim().length, id).toBeGreaterThan(0);
  });

  it('has a schema whose every property has a description and no unknown properties pass', () => {
    const schema = schemaOf(name);
    expect(Array.isArray(schema)).toBe(true);
    expect(schema.length).toBeLessThanOrEqual(1);
    for (const [path, object] of schema.flatMap((options) => objectSchemas(options, 'options'))) {
      expect(object.additionalProperties, `${path}: additionalProperties`).toBe(false);
      for (const [key, property] of Object.entries(object.properties!)) {
        expect(property.description?.trim(), `${path}.${key}: description`).toBeTruthy();
        // Defaults belong in meta.defaultOptions, where ESLint applies them.
        expect(property.default, `${path}.${key}: default in the schema`).toBeUndefined();
      }
    }
  });

  it('declares its defaults in meta.defaultOptions, the same as the RuleCreator defaults', () => {
    expect(meta.defaultOptions).toBeDefined();
    expect(meta.defaultOptions).toEqual(rule.defaultOptions);
    const properties = Object.keys(schemaOf(name)[0]?.properties ?? {});
    const defaults = (meta.defaultOptions as Array<Record<string, unknown>>)[0] ?? {};
    for (const key of Object.keys(defaults))
      expect(properties, `default for an option the schema does not have: ${key}`).toContain(key);
  });

  it('has a boolean typeAware option, off by default, exactly when docs.typeAware says so', () => {
    const typeAware = schemaOf(name)[0]?.properties?.typeAware;
    if (docs.typeAware) {
      expect(typeAware?.type).toBe('boolean');
      expect((meta.defaultOptions as Array<Record<string, unknown>>)[0]?.typeAware).toBe(false);
    } else {
      expect(typeAware).toBeUndefined();
    }
  });

  it('is refused by ESLint with a misspelt option, with a message naming the rule and the option', () => {
    const lint = (): unknown =>
      new Linter().verify(
        'const x = 1;\n',
        [
          {
            files: ['**/*.ts'],
            plugins: { leakproof: plugin as never },
            languageOptions: { parser: tsParser as Linter.Parser },
            rules: { [`leakproof/${name}`]: ['error', { bogusOption: 1 }] },
          },
        ],
        'file.ts',
      );
    // A rule without options refuses any options object ("should NOT have more than 0 items").
    const expected = Object.keys(schemaOf(name)[0]?.properties ?? {}).length ? /bogusOption/ : /more than 0 items/;
    expect(lint).toThrow(new RegExp(`leakproof/${name}[\\s\\S]*${expected.source}`));
  });
});

describe('configs', () => {
  const expectedRules = (config: (typeof FLAT_CONFIGS)[number]): Record<string, unknown> => {
    const expected: Record<string, unknown> = {};
    for (const [name, rule] of Object.entries(rules)) {
      const docs = rule.meta.docs!;
      const everyRule = config === 'strict' || config === 'strict-type-checked';
      if (!everyRule && !docs.recommended) continue;
      const typeChecked = config === 'recommended-type-checked' || config === 'strict-type-checked';
      expected[`leakproof/${name}`] = typeChecked && docs.typeAware ? ['error', { typeAware: true }] : 'error';
    }
    return expected;
  };

  it.each(FLAT_CONFIGS)('%s holds exactly the rules its meta selects', (config) => {
    expect(plugin.configs[config].rules).toEqual(expectedRules(config));
  });

  it.each(['strict', 'strict-type-checked'] as const)('%s holds every rule', (config) => {
    expect(Object.keys(plugin.configs[config].rules ?? {}).sort()).toEqual(
      Object.keys(rules)
        .map((name) => `leakproof/${name}`)
        .sort(),
    );
  });

  it('strict-type-checked turns typeAware on for every rule that has it', () => {
    const typeAware = Object.entries(rules).filter(([, rule]) => rule.meta.docs!.typeAware);
    expect(typeAware.length).toBeGreaterThan(0);
    for (const [name] of typeAware)
      expect(plugin.configs['strict-type-checked'].rules?.[`leakproof/${name}`]).toEqual([
        'error',
        { typeAware: true },
      ]);
  });

  it.each(FLAT_CONFIGS)('%s is complete on its own: it registers the plugin and the parser, and is named', (config) => {
    const flat = plugin.configs[config];
    expect(flat.plugins?.leakproof).toBe(plugin);
    expect(flat.languageOptions?.parser).toBe(tsParser);
    expect(flat.name).toBe(`leakproof/${config}`);
  });

  it.each(['recommended', 'strict'] as const)('legacy-%s is the eslintrc twin of %s', (config) => {
    const legacy = plugin.configs[`legacy-${config}`];
    expect(legacy.plugins).toEqual(['leakproof']);
    expect(legacy.rules).toEqual(ruleSettings(rules, config));
    expect(legacy.rules).toEqual(plugin.configs[config].rules);
  });

  it('has no configs beyond the documented six', () => {
    expect(Object.keys(plugin.configs).sort()).toEqual([
      'legacy-recommended',
      'legacy-strict',
      'recommended',
      'recommended-type-checked',
      'strict',
      'strict-type-checked',
    ]);
  });
});

describe('plugin.meta', () => {
  it('carries the name and version of package.json', () => {
    expect(plugin.meta).toEqual({ name: packageJson.name, version: packageJson.version, namespace: 'leakproof' });
  });

  it('exposes every registered rule', () => {
    expect(plugin.rules).toBe(rules);
  });
});

describe('codemods registry', () => {
  it('registers every codemods/*.ts file, sorted, under its own name', () => {
    expect(Object.keys(codemods)).toEqual(modulesIn('codemods'));
    for (const [key, codemod] of Object.entries(codemods)) expect(codemod.name).toBe(key);
  });

  it.each(Object.keys(codemods))(
    '%s is a stock jscodeshift transform with the tsx parser, and has docs',
    async (name) => {
      const module = (await import(join(root, 'codemods', `${name}.ts`))) as {
        default: unknown;
        parser: unknown;
        codemod: unknown;
      };
      expect(module.codemod).toBe(codemods[name]);
      expect(module.default).toBe(codemods[name]!.transform);
      expect(module.parser).toBe('tsx');
      expect(existsSync(join(root, 'docs', 'codemods', `${name}.md`))).toBe(true);
    },
  );

  it.each(Object.keys(codemods))('%s describes every option', (name) => {
    for (const option of codemods[name]!.options) {
      expect(option.flag).toMatch(/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/);
      expect(option.description.trim().length, option.flag).toBeGreaterThan(0);
    }
  });

  it.each(Object.keys(codemods))('%s refuses an unknown option, naming it', (name) => {
    expect(() => codemods[name]!.parseOptions({ bogusOption: 1 })).toThrow(/bogusOption/);
  });
});
