import { readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import ignore from 'ignore';
import { parseJsonc } from '../core/jsonc.js';

/*
 * The quote style and semicolons a project's formatter asks for, read from its Prettier or Biome
 * configuration, so what a codemod adds (an import, a require, a helper) comes out as the
 * formatter would print it. Read here, synchronously, rather than through Prettier's own
 * resolveConfig: that is async, and the rules offer the same rewrite as a suggestion from inside
 * ESLint's synchronous rule run (one plan for both). Only the statically readable forms are read
 * (JSON, JSONC, a flat YAML `.prettierrc`, package.json's "prettier" key, Prettier `overrides`
 * whose `files` are plain patterns); a JavaScript or TOML config, a shared config named by a
 * string, or a setting the config leaves out gives way to the style the file itself shows.
 */

export interface FormatterStyle {
  /** `'` or `"` when the config says (Prettier's singleQuote, Biome's javascript.formatter.quoteStyle). */
  readonly quote?: "'" | '"';
  /** Whether statements end with `;` when the config says (Prettier's semi, Biome's javascript.formatter.semicolons). */
  readonly semi?: boolean;
  /** The config file it came from. */
  readonly config: string;
}

/** Prettier's config files in its own search order (package.json counts only with a "prettier" key). */
const PRETTIER_FILES = [
  'package.json',
  '.prettierrc',
  '.prettierrc.json',
  '.prettierrc.yaml',
  '.prettierrc.yml',
  '.prettierrc.json5',
  '.prettierrc.js',
  'prettier.config.js',
  '.prettierrc.ts',
  'prettier.config.ts',
  '.prettierrc.mjs',
  'prettier.config.mjs',
  '.prettierrc.mts',
  'prettier.config.mts',
  '.prettierrc.cjs',
  'prettier.config.cjs',
  '.prettierrc.cts',
  'prettier.config.cts',
  '.prettierrc.toml',
];
const BIOME_FILES = ['biome.json', 'biome.jsonc'];

/**
 * What the formatter configuration nearest to `filename` says about quotes and semicolons, or
 * undefined when no config applies (none found, the file is in its .prettierignore, Biome's
 * formatter is off). Only files on disk are looked up: code linted from memory has no project.
 */
export function formatterStyleFor(filename: string): FormatterStyle | undefined {
  const file = resolve(filename);
  if (styleByFile.has(file)) return styleByFile.get(file);
  const style = isFile(file) ? nearestStyle(file) : undefined;
  styleByFile.set(file, style);
  return style;
}

function nearestStyle(file: string): FormatterStyle | undefined {
  for (let dir = dirname(file); ; dir = dirname(dir)) {
    const found = configIn(dir);
    if (found) return found.kind === 'prettier' ? prettierStyle(found.path, file) : biomeStyle(found.path);
    if (dirname(dir) === dir) return undefined;
  }
}

// Per process: a migrate or lint run reads each folder's config once, and a file's style once
// however many rewrites of it ask.
// eslint-disable-next-line leakproof/no-unbounded-cache -- one entry per folder of the tree being rewritten
const configByDir = new Map<string, { kind: 'prettier' | 'biome'; path: string } | null>();
const styleByFile = new Map<string, FormatterStyle | undefined>();

function configIn(dir: string): { kind: 'prettier' | 'biome'; path: string } | undefined {
  let found = configByDir.get(dir);
  if (found === undefined) {
    found = null;
    for (const name of PRETTIER_FILES) {
      const path = join(dir, name);
      if (!isFile(path)) continue;
      if (name === 'package.json' && readJson(path)?.prettier === undefined) continue;
      found = { kind: 'prettier', path };
      break;
    }
    const biome = found ? undefined : BIOME_FILES.map((name) => join(dir, name)).find(isFile);
    if (biome) found = { kind: 'biome', path: biome };
    configByDir.set(dir, found);
  }
  return found ?? undefined;
}

function prettierStyle(path: string, file: string): FormatterStyle | undefined {
  const dir = dirname(path);
  const relativePath = relative(dir, file);
  // Prettier does not format what its ignore file lists, so such a file keeps its own style.
  const ignoreFile = join(dir, '.prettierignore');
  if (isFile(ignoreFile) && ignore().add(readFileSync(ignoreFile, 'utf8')).ignores(relativePath)) return undefined;
  const options = prettierOptions(path);
  if (!options) return { config: path };
  const merged: Record<string, unknown> = { ...options };
  for (const override of Array.isArray(options.overrides) ? (options.overrides as unknown[]) : []) {
    if (typeof override !== 'object' || override === null) continue;
    const { files, excludeFiles, options: overridden } = override as Record<string, unknown>;
    if (matches(files, relativePath) && !matches(excludeFiles, relativePath) && typeof overridden === 'object')
      Object.assign(merged, overridden);
  }
  return {
    config: path,
    ...(typeof merged.singleQuote === 'boolean' ? { quote: merged.singleQuote ? "'" : '"' } : {}),
    ...(typeof merged.semi === 'boolean' ? { semi: merged.semi } : {}),
  };
}

/** The options object of a Prettier config that can be read without running it. */
function prettierOptions(path: string): Record<string, unknown> | undefined {
  const name = path.slice(dirname(path).length + 1);
  if (name === 'package.json') {
    const options = readJson(path)?.prettier;
    return typeof options === 'object' && options !== null ? (options as Record<string, unknown>) : undefined;
  }
  const text = readFileSync(path, 'utf8');
  if (/\.json5?$/.test(name)) return parseJsonc(text);
  if (/\.ya?ml$/.test(name)) return parseFlatYaml(text);
  // `.prettierrc` is JSON or YAML.
  if (name === '.prettierrc') return parseJsonc(text) ?? parseFlatYaml(text);
  return undefined;
}

function biomeStyle(path: string): FormatterStyle | undefined {
  const config = parseJsonc(readFileSync(path, 'utf8'));
  if (!config) return { config: path };
  const formatter = objectAt(config, 'formatter');
  const javascript = objectAt(objectAt(config, 'javascript'), 'formatter');
  if (formatter?.enabled === false || javascript?.enabled === false) return undefined;
  const quoteStyle = javascript?.quoteStyle;
  const semicolons = javascript?.semicolons;
  return {
    config: path,
    ...(quoteStyle === 'single' || quoteStyle === 'double' ? { quote: quoteStyle === 'single' ? "'" : '"' } : {}),
    ...(semicolons === 'always' || semicolons === 'asNeeded' ? { semi: semicolons === 'always' } : {}),
  };
}

/** Prettier's `files` / `excludeFiles`: a pattern or a list, matched as .gitignore patterns are (a bare `*.js` at any depth). */
function matches(patterns: unknown, relativePath: string): boolean {
  const list = typeof patterns === 'string' ? [patterns] : Array.isArray(patterns) ? patterns : [];
  const strings = list.filter((p): p is string => typeof p === 'string');
  return strings.length > 0 && ignore().add(strings).ignores(relativePath);
}

function objectAt(value: Record<string, unknown> | undefined, key: string): Record<string, unknown> | undefined {
  const inner = value?.[key];
  return typeof inner === 'object' && inner !== null ? (inner as Record<string, unknown>) : undefined;
}

function readJson(path: string): Record<string, unknown> | undefined {
  return parseJsonc(readFileSync(path, 'utf8'));
}

/** The top-level `key: true|false|'text'` lines of a YAML file (all a .prettierrc needs for quotes and semicolons). */
function parseFlatYaml(text: string): Record<string, unknown> | undefined {
  const options: Record<string, unknown> = {};
  for (const line of text.split(/\r?\n/)) {
    const match = /^([A-Za-z][\w-]*)\s*:\s*(.*?)\s*(?:#.*)?$/.exec(line);
    if (!match) continue;
    const [, key, raw] = match as unknown as [string, string, string];
    options[key] = raw === 'true' ? true : raw === 'false' ? false : raw.replace(/^(['"])(.*)\1$/, '$2');
  }
  return Object.keys(options).length > 0 ? options : undefined;
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}
