// The project lints itself: typescript-eslint's recommended rules plus this plugin's own
// strict config (recommended enables no rule yet), taken from the build (dist/) exactly as users get it. `npm run lint`
// builds first when dist/ is stale. The layer boundaries of CONTRIBUTING.md are enforced here.
import { existsSync } from 'node:fs';
import { posix } from 'node:path';
import eslintPlugin from 'eslint-plugin-eslint-plugin';
import { globSync } from 'tinyglobby';
import tseslint from 'typescript-eslint';

const built = new URL('./dist/src/index.js', import.meta.url);
if (!existsSync(built)) {
  throw new Error(
    'eslint.config.js lints with the built plugin: run `npm run build` (or `npm run lint`, which builds) first.',
  );
}
const { default: leakproof } = await import(built.href);

/**
 * What each part of the code may import besides itself, lowest layer first:
 * knowledge <- core <- project <- frequency <- families <- rule-kit <- rules, with codemod-kit
 * beside families for the rewrite code, and codemods and the CLI on top. `package-info` (the
 * package's own name and version) is a leaf everything but knowledge may read. Type-only imports
 * count: a type is a dependency too.
 */
const LOW = ['src/package-info.ts', 'src/knowledge', 'src/core'];
const MAY_IMPORT = {
  'src/knowledge': [],
  'src/package-info.ts': [],
  'src/core': ['src/package-info.ts', 'src/knowledge'],
  'src/project': [...LOW],
  'src/frequency': [...LOW, 'src/project'],
  'src/codemod-kit': [...LOW],
  'src/families': [...LOW, 'src/project', 'src/frequency'],
  'src/rule-kit': [...LOW, 'src/project', 'src/frequency', 'src/families'],
  rules: [...LOW, 'src/project', 'src/frequency', 'src/families', 'src/rule-kit'],
  codemods: [...LOW, 'src/project', 'src/frequency', 'src/families', 'src/codemod-kit'],
  // The plugin object: the rules and their configs.
  'src/index.ts': [
    ...LOW,
    'src/project',
    'src/frequency',
    'src/families',
    'src/rule-kit',
    'rules',
    'src/configs.ts',
    'src/rule-options.ts',
  ],
  // The types of the rules' options, derived from the rules registry.
  'src/rule-options.ts': ['rules'],
  'src/configs.ts': [...LOW, 'src/project', 'src/frequency', 'src/families', 'src/rule-kit', 'rules'],
  // src/cli may import everything.
};
const ALL_PARTS = [...Object.keys(MAY_IMPORT), 'src/cli'];

/** Rewrite code, the only code besides codemods/ and the CLI that may import the codemod kit. */
const REWRITE_CODE = ['src/families/**/*rewrite*.ts', 'src/families/**/*plan*.ts', 'src/rule-kit/site-rewrites.ts'];

/**
 * Known offenders (issue 19), each allowed exactly the import it makes today . The coordinator deletes each entry when its import is fixed;
 * nothing new goes here.
 */
const KNOWN_OFFENDERS = [
  // none left: src/project reads the source-file walk from src/core/source-files.ts (issue 20)
];

const SOURCE = '*.{ts,tsx,mts,cts,js,mjs,cjs}';
const escape = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The import specifiers that reach `target` (a folder or a .ts file) from a file in `dir`: exact, as written relative paths. */
function specifierPattern(dir, target) {
  let path = posix.relative(dir, target);
  if (!path.startsWith('.')) path = `./${path}`;
  return target.endsWith('.ts') ? `^${escape(path.slice(0, -3))}(?:\\.[cm]?[jt]s)?$` : `^${escape(path)}(?:/|$)`;
}

/** One config object: files in `dir` matching `glob` may import only `allowed` parts (and their own). */
function boundary(part, dir, glob, allowed) {
  const forbidden = ALL_PARTS.filter((other) => other !== part && !allowed.includes(other));
  if (forbidden.length === 0) return [];
  const message = `${part} may import only ${allowed.length > 0 ? allowed.join(', ') : 'itself'} (layers: CONTRIBUTING.md#layers).`;
  const patterns = forbidden.map((target) => ({ regex: specifierPattern(dir, target), message }));
  return [{ files: [glob], rules: { 'no-restricted-imports': ['error', { patterns }] } }];
}

/**
 * no-restricted-imports matches the specifier as written, so the patterns are computed per folder:
 * from src/families/caches/ the rule-kit is `../../rule-kit/`. Later objects replace earlier ones'
 * options for the same file, which is how the narrower globs (rewrite code, offenders) widen them.
 */
function layerBoundaries() {
  const configs = [];
  for (const [part, allowed] of Object.entries(MAY_IMPORT)) {
    if (part.endsWith('.ts')) {
      configs.push(...boundary(part, posix.dirname(part), part, allowed));
      continue;
    }
    const dirs = [part, ...globSync(`${part}/**/`, { onlyDirectories: true }).map((dir) => dir.replace(/\/$/, ''))];
    for (const dir of new Set(dirs)) {
      configs.push(...boundary(part, dir, `${dir}/${SOURCE}`, allowed));
      for (const rewrite of REWRITE_CODE.filter((glob) => glob.startsWith(`${part}/`))) {
        configs.push(...boundary(part, dir, `${dir}/${posix.basename(rewrite)}`, [...allowed, 'src/codemod-kit']));
      }
    }
  }
  for (const { files, alsoAllow } of KNOWN_OFFENDERS) {
    for (const file of files) {
      const part = Object.keys(MAY_IMPORT).find((key) => file === key || file.startsWith(`${key}/`));
      configs.push(...boundary(part, posix.dirname(file), file, [...MAY_IMPORT[part], ...alsoAllow]));
    }
  }
  return configs;
}

export default tseslint.config(
  {
    ignores: [
      'dist/',
      'coverage/',
      // Inputs and outputs of tests: leaky on purpose, some deliberately unusual.
      'tests/fixtures/',
      // The example service is leaky on purpose; `npm run demo` lints it.
      'examples/',
      'bench/.corpus-cache/',
      'bench/results/',
    ],
  },
  tseslint.configs.recommended,
  leakproof.configs.strict,
  {
    rules: {
      // `_name` marks a binding that is there for its position only.
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_' },
      ],
    },
  },
  // The rules are ESLint rules: meta, messages, schemas and fixers checked by the community plugin.
  // It recognises createRule({...}); the createClientRule rules (no-client-in-*) it cannot see.
  { files: ['rules/**/*.ts'], ...eslintPlugin.configs.recommended },
  {
    files: ['rules/**/*.ts'],
    rules: {
      // Suggestion messageIds reach context.report through rewriteSuggestion(rewrite, messageId),
      // which the rule cannot follow: it calls all four of them unused.
      'eslint-plugin/no-unused-message-ids': 'off',
    },
  },
  ...layerBoundaries(),
);
