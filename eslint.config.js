// The project lints itself: typescript-eslint's recommended rules plus this plugin's own
// recommended config, taken from the build (dist/) exactly as users get it. `npm run lint`
// builds first when dist/ is stale.
import { existsSync } from 'node:fs';
import tseslint from 'typescript-eslint';

const built = new URL('./dist/src/index.js', import.meta.url);
if (!existsSync(built)) {
  throw new Error('eslint.config.js lints with the built plugin: run `npm run build` (or `npm run lint`, which builds) first.');
}
const { default: leakproof } = await import(built.href);

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
  leakproof.configs.recommended,
  {
    rules: {
      // `_name` marks a binding that is there for its position only.
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_' }],
    },
  },
);
