/** A codemod option as users type it on a command line (`--max 500`, `--cache-import=x`). */
export interface OptionSpec {
  /** The flag without dashes, kebab-case: `cache-import`. */
  readonly flag: string;
  readonly type: 'positive-integer' | 'module-specifier' | 'switch';
  readonly description: string;
  readonly default?: number | string | boolean;
}

/** A bad codemod option: one line, naming the option and what was wrong. */
export class CodemodOptionError extends Error {
  override name = 'CodemodOptionError';
}

/**
 * Options jscodeshift's own CLI puts into the bag every transform receives; they are not ours to
 * judge. Anything else we do not know is a typo and is refused.
 */
const JSCODESHIFT_OPTIONS = new Set([
  '_',
  '$0',
  'transform',
  't',
  'cpus',
  'c',
  'verbose',
  'v',
  'dry',
  'd',
  'print',
  'p',
  'babel',
  'extensions',
  'ignorePattern',
  'ignore-pattern',
  'ignoreConfig',
  'ignore-config',
  'gitignore',
  'runInBand',
  'run-in-band',
  'silent',
  's',
  'parser',
  'parserConfig',
  'parser-config',
  'failOnError',
  'fail-on-error',
  'version',
  'stdin',
  'help',
  'h',
]);

const camel = (flag: string): string => flag.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());

/** Validates a raw option bag against the specs; returns values keyed by camelCase name. */
export function parseCodemodOptions(
  codemod: string,
  specs: readonly OptionSpec[],
  raw: Record<string, unknown> | undefined,
): Record<string, number | string | boolean | undefined> {
  const byName = new Map<string, OptionSpec>();
  for (const spec of specs) {
    byName.set(spec.flag, spec);
    byName.set(camel(spec.flag), spec);
  }
  const out: Record<string, number | string | boolean | undefined> = {};
  for (const spec of specs) out[camel(spec.flag)] = spec.default;
  for (const [key, value] of Object.entries(raw ?? {})) {
    if (value === undefined) continue;
    const spec = byName.get(key);
    if (!spec) {
      if (JSCODESHIFT_OPTIONS.has(key)) continue;
      const known = specs.map((s) => `--${s.flag}`).join(', ');
      throw new CodemodOptionError(`${codemod}: unknown option --${key} (known: ${known || 'none'})`);
    }
    out[camel(spec.flag)] = validate(codemod, spec, value);
  }
  return out;
}

function validate(codemod: string, spec: OptionSpec, value: unknown): number | string | boolean {
  if (spec.type === 'switch') {
    // `--all-keys` on a command line, `{ "all-keys": true }` in a jscodeshift options file.
    if (value === true || value === 'true') return true;
    if (value === false || value === 'false') return false;
    throw new CodemodOptionError(
      `${codemod}: --${spec.flag} is a switch and takes no value, got ${JSON.stringify(value)}`,
    );
  }
  if (spec.type === 'positive-integer') {
    const n =
      typeof value === 'number' ? value : typeof value === 'string' && /^\s*\d+\s*$/.test(value) ? Number(value) : NaN;
    if (!Number.isSafeInteger(n) || n <= 0) {
      throw new CodemodOptionError(
        `${codemod}: --${spec.flag} must be a positive whole number, got ${JSON.stringify(value)}`,
      );
    }
    return n;
  }
  if (typeof value !== 'string' || value.trim() === '' || /[\s'"`\\]/.test(value)) {
    throw new CodemodOptionError(
      `${codemod}: --${spec.flag} must be a module specifier such as 'lru-cache' or './lib/tasks', got ${JSON.stringify(value)}`,
    );
  }
  return value;
}
