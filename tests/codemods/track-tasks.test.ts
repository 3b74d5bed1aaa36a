import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { codemod } from '../../codemods/track-tasks.js';
import { trackedTasksModule } from '../../src/families/tasks/tracked-tasks-module.js';
import { codemodFixturesRoot, describeCodemodFixtures, typeErrorsByFile } from '../helpers/codemod-fixtures.js';

describeCodemodFixtures(codemod, { rules: ['no-untracked-interval', 'no-listener-leak', 'no-floating-task'] });

describe('the shared tracked-tasks module migrate creates', () => {
  const fixture = join(codemodFixturesRoot, 'track-tasks', 'lib', 'tracked-tasks.ts');

  it('is the module the fixtures import, and it type-checks under strict TypeScript', () => {
    expect(readFileSync(fixture, 'utf8')).toBe(trackedTasksModule('typescript'));
    expect(typeErrorsByFile([fixture]).get(fixture)).toEqual([]);
  });

  it('exports track, setTaskFailureHandler and drain in every flavour', () => {
    for (const flavour of ['typescript', 'esm'] as const) {
      expect(trackedTasksModule(flavour)).toMatch(/^export function track\(/m);
      expect(trackedTasksModule(flavour)).toMatch(/^export function setTaskFailureHandler\(/m);
      expect(trackedTasksModule(flavour)).toMatch(/^export async function drain\(/m);
    }
    expect(trackedTasksModule('commonjs')).not.toContain('export ');
    expect(trackedTasksModule('commonjs')).toMatch(/^module\.exports = \{ track, setTaskFailureHandler, drain \};$/m);
  });
});
