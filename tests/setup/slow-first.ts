// vitest sequencer: the slowest files start first, so that on two workers the long ones overlap
// and the short ones fill in behind them (the longest file alone sets the floor of a run). Vitest
// orders by the durations of the previous run when it has them; a fresh clone (CI) has none and
// would order by file size, which can leave a long file to start last.
import { relative } from 'node:path';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

/** The slowest files, slowest first (as measured on the 2-core CI machine; a file missing here only starts later). */
export const SLOWEST_FIRST = [
  // Mostly waits on the registry: started first, it overlaps the files that compute.
  'tests/integration/footprint.test.ts',
  'tests/demo/demo.test.ts',
  'tests/integration/pack.test.ts',
  'tests/cli/check.test.ts',
  'tests/bench/real-codemods.test.ts',
  'tests/cli/migrate.test.ts',
  'tests/codemods/memoize-client.test.ts',
  'tests/bench/recall.test.ts',
  'tests/cli/hooks.test.ts',
  'tests/bench/bench-scripts.test.ts',
];

export default class SlowFirstSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    const rank = (spec: TestSpecification): number => {
      const index = SLOWEST_FIRST.indexOf(relative(spec.project.config.root, spec.moduleId).split('\\').join('/'));
      return index === -1 ? SLOWEST_FIRST.length : index;
    };
    // Stable: files not listed keep vitest's order, after the listed ones.
    return sorted
      .map((spec, order) => ({ spec, order, rank: rank(spec) }))
      .sort((a, b) => a.rank - b.rank || a.order - b.order)
      .map(({ spec }) => spec);
  }
}
