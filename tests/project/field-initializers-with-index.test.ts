import { afterEach, describe, expect, it } from 'vitest';
import { fixtureProject, forgetProjectState, lintProject } from '../helpers/lint-project.js';

const root = fixtureProject('index-field-initializers');

afterEach(() => forgetProjectState());

describe('class field initializers with the project index: they run as part of the constructor', () => {
  it("reports the listener a field initializer adds, as often as the class is built: per request for Reader, not Catalog's built once, not a static block's", async () => {
    const findings = await lintProject(root, true);
    expect(findings.map((finding) => finding.at)).toEqual(['no-listener-leak src/lib/reader.ts:6']);
    expect(findings[0]!.message).toContain(
      'in code that runs repeatedly (runs per request: called from the GET /items/:id handler (src/main.ts:10))',
    );
  });

  it('reports nothing without the index: no file alone shows how often Reader is built', async () => {
    expect(await lintProject(root, false)).toEqual([]);
  });
});
