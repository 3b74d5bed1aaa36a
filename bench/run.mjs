#!/usr/bin/env node
// `npm run bench`: both benchmarks on the pinned corpus, ratios printed (see bench/README.md).
import { formatLintOverhead, measureLintOverhead } from './lint-overhead.mjs';
import { formatMigrate, measureMigrate } from './migrate.mjs';

console.log(formatLintOverhead(measureLintOverhead({ runs: 3 })));
console.log();
console.log(formatMigrate(measureMigrate({ runs: 3 })));
