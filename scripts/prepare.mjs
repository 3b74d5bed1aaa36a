#!/usr/bin/env node
// npm's "prepare" hook. It runs after `npm install`/`npm ci` in this repository, before `npm pack`,
// and when the package is installed from git (the pre-commit framework installs hook repositories
// that way, then packs them). In every one of those cases the installed package needs dist/.
//
// It builds only when dist/ is missing or older than the sources, so a repeated `npm ci` costs
// nothing; and only when TypeScript is present (it is a dev dependency: an install that omits dev
// dependencies gets a notice, not a failure). Type errors do not fail the install: dist/ is still
// emitted and `npm run typecheck` (run by .ci/run) is where they fail.
import { build, hasTypeScript, isStale } from './lib/build.mjs';

if (isStale()) {
  if (!hasTypeScript()) {
    console.warn(
      'eslint-plugin-leakproof: dist/ is missing and TypeScript is not installed; run `npm install` with dev dependencies, then `npm run build`.',
    );
  } else if (!build({ allowTypeErrors: true, quiet: true }).ok) {
    process.exit(1);
  }
}
