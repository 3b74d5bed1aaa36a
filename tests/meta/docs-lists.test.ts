import { describe, expect, it } from 'vitest';
import { withGeneratedSections } from '../../scripts/docs-lists.mjs';

const data = {
  page: 'docs/rules/no-example.md',
  exemptionDocs: {
    'no-example': [
      { name: 'finite-keys', reason: 'Keys come from a fixed set.' },
      { name: 'runs-once', reason: 'Filled at start-up only.' },
    ],
  },
  documentedLists: { 'teardown-methods': ['close', 'destroy'] },
};

describe('generated docs sections', () => {
  it("writes a rule's exemption table, in order, between its markers", () => {
    const page =
      '## What it leaves alone\n\n<!-- begin generated: exemptions -->\nstale\n<!-- end generated: exemptions -->\n';
    expect(withGeneratedSections(page, data)).toBe(
      '## What it leaves alone\n\n<!-- begin generated: exemptions -->\n\n- `finite-keys`: Keys come from a fixed set.\n- `runs-once`: Filled at start-up only.\n\n<!-- end generated: exemptions -->\n',
    );
  });

  it('writes a knowledge list as inline code, and a second run changes nothing', () => {
    const page =
      'Teardown methods: <!-- begin generated: list teardown-methods --><!-- end generated: list teardown-methods -->.';
    const once = withGeneratedSections(page, data);
    expect(once).toContain('`close`, `destroy`');
    expect(withGeneratedSections(once, data)).toBe(once);
  });

  it('refuses a marker with no data behind it, naming the page', () => {
    expect(() =>
      withGeneratedSections('<!-- begin generated: list nope --><!-- end generated: list nope -->', data),
    ).toThrow(/no-example\.md: no documented list named "nope"/);
    expect(() =>
      withGeneratedSections('<!-- begin generated: exemptions --><!-- end generated: exemptions -->', {
        ...data,
        exemptionDocs: {},
      }),
    ).toThrow(/no exemption table is registered for no-example/);
  });
});
