#!/usr/bin/env node
// `npm run build`: compiles src/, rules/ and codemods/ to dist/ with tsconfig.build.json.
//
// The output goes to a fresh temporary folder that then replaces dist/ by rename, so a process
// reading dist/ meanwhile (a test run, the demo, an editor's ESLint) never sees it half-written or
// holding files of deleted sources.
//
//   node scripts/build.mjs                       build; exit 1 on any type error
//   node scripts/build.mjs --if-stale            build only when dist/ is missing or older than the sources
//   node scripts/build.mjs --allow-type-errors   keep the emitted output even if tsc reports type errors
//                                                (the test setup uses it: `npm run typecheck` is the check)
import { isStale, build } from './lib/build.mjs';

const args = new Set(process.argv.slice(2));
const unknown = [...args].filter((arg) => !['--if-stale', '--allow-type-errors'].includes(arg));
if (unknown.length > 0) {
  console.error(`build: unknown option ${unknown.join(', ')} (known: --if-stale, --allow-type-errors)`);
  process.exit(2);
}

if (args.has('--if-stale') && !isStale()) process.exit(0);
const result = build({ allowTypeErrors: args.has('--allow-type-errors') });
if (!result.ok) process.exit(1);
