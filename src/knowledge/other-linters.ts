/**
 * Other linters' rules that a codemod's rewrite silences for good, so a comment disabling them on
 * the rewritten line becomes stale (ESLint then warns of an unused directive, Biome of an unused
 * suppression). Rule ids as ESLint comments name them (oxlint reads the same comments under its
 * own prefix) and Biome's rule paths. The codemods remove such comments only where nothing else on
 * the line still needs them.
 */

/**
 * Other linters' rules that report a promise dropped as a statement: `track(task())` is no longer
 * one, so a disable comment for them on a site track-tasks wraps would become stale. ESLint ids
 * (typescript-eslint; oxlint reads the same comments under its own id) and Biome's rule path.
 */
export const FLOATING_PROMISE_RULES: readonly string[] = [
  '@typescript-eslint/no-floating-promises',
  'typescript/no-floating-promises',
  'typescript-eslint/no-floating-promises',
  'lint/nursery/noFloatingPromises',
];

/**
 * Rules that report what a dictionary object does and an LRUCache does not: a computed-key read or
 * write (eslint-plugin-security), `delete obj[key]`, and prototype methods called on the object.
 * Once bounded-cache turns the dictionary into an LRUCache, these have nothing left to report there.
 */
export const DICTIONARY_ACCESS_RULES: readonly string[] = [
  'security/detect-object-injection',
  '@typescript-eslint/no-dynamic-delete',
  'typescript/no-dynamic-delete',
  'typescript-eslint/no-dynamic-delete',
  'lint/performance/noDelete',
  'no-prototype-builtins',
  'eslint/no-prototype-builtins',
  'lint/suspicious/noPrototypeBuiltins',
  'prefer-object-has-own',
  'eslint/prefer-object-has-own',
];

/**
 * Rules that report a class method not using `this`: a getter that returns `new Client()` is one,
 * and no longer once memoize-client keeps the client in `this.#client`.
 */
export const THIS_UNUSED_RULES: readonly string[] = [
  'class-methods-use-this',
  '@typescript-eslint/class-methods-use-this',
  'eslint/class-methods-use-this',
];
