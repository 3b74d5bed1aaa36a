import { describe, expect, it } from 'vitest';
import { codemod, parser } from '../../codemods/memoize-client.js';
import { describeCodemodFixtures } from '../helpers/codemod-fixtures.js';

describeCodemodFixtures(codemod, { rules: ['no-client-in-getter', 'no-client-in-loop', 'no-client-in-handler'] });

describe('memoize-client', () => {
  it('exports the parser jscodeshift should use', () => {
    expect(parser).toBe('tsx');
  });

  it('refuses unknown options, naming them', () => {
    expect(() => codemod.parseOptions({ max: 3 })).toThrow(/unknown option --max/);
  });

  it('skips files that build nothing and import nothing without parsing them', () => {
    expect(codemod.analyze('export const add = (a: number, b: number) => a + b;', 'math.ts', codemod.parseOptions({})).status).toBe('skipped');
  });
});
