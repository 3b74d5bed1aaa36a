import * as espree from 'espree';
import { describe, expect, it } from 'vitest';
import { readFixtureCases } from '../helpers/codemod-fixtures.js';

// A script linted as ES5 (an older browser bundle) must still parse as ES5 once a codemod has added
// its import or helper: no const, destructuring, arrows or trailing commas in call arguments.
describe('codemod outputs in ES5 files', () => {
  const cases = ['bounded-cache', 'memoize-client', 'track-tasks'].flatMap((codemod) =>
    readFixtureCases(codemod)
      .filter((fixture) => fixture.name.includes('es5') && fixture.expectedOutput !== undefined)
      .map((fixture) => ({ codemod, fixture })),
  );

  it('has ES5 fixtures for each codemod that adds code to a script', () => {
    expect(new Set(cases.map((c) => c.codemod))).toEqual(new Set(['bounded-cache', 'memoize-client', 'track-tasks']));
  });

  for (const { codemod, fixture } of cases) {
    it(`${codemod}/${fixture.name}: the input and the output parse as ES5`, () => {
      expect(() => espree.parse(fixture.input, { ecmaVersion: 5 })).not.toThrow();
      expect(() => espree.parse(fixture.expectedOutput!, { ecmaVersion: 5 })).not.toThrow();
    });
  }
});
