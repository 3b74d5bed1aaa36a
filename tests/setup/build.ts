// vitest globalSetup: the CLI, demo, docs-table and integration tests run the built package, so
// dist/ is rebuilt once before the run when it is missing or older than the sources. Type errors
// do not stop the tests (`npm run typecheck` reports them); a build that emits nothing does.
import { build, isStale } from '../../scripts/lib/build.mjs';

export default function setup(): void {
  if (!isStale()) return;
  if (!build({ allowTypeErrors: true, quiet: true }).ok) {
    throw new Error('tests/setup/build.ts: `tsc -p tsconfig.build.json` emitted nothing; see the errors above');
  }
}
