import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it, vi } from 'vitest';

// Where oxc-parser or oxc-resolver is not installed (optional peer dependencies), the plugin
// still loads and the index falls back with the reason.
vi.mock('../../src/project/native.js', () => ({
  missingIndexDependency: () =>
    "oxc-parser and oxc-resolver are needed for the project index (Cannot find module 'oxc-parser'): install them beside the plugin, npm i -D oxc-parser oxc-resolver",
  oxcParser: () => {
    throw new Error('not installed');
  },
  oxcResolver: () => {
    throw new Error('not installed');
  },
}));

const { projectFactsFor } = await import('../../src/project/for-rule.js');
const fixture = fileURLToPath(new URL('../fixtures/projects/index-express', import.meta.url));

describe('projectFactsFor without oxc-parser', () => {
  it('falls back with build-failed and says why, once', () => {
    const warn = vi.spyOn(process, 'emitWarning').mockImplementation(() => undefined);
    const filename = join(fixture, 'src/main.ts');
    const context = {
      filename,
      physicalFilename: filename,
      cwd: fixture,
      settings: { leakproof: { projectIndex: { cache: false } } },
      sourceCode: { text: readFileSync(filename, 'utf8') },
    };
    expect(projectFactsFor(context)).toMatchObject({
      available: false,
      reason: 'build-failed',
      detail: expect.stringContaining("Cannot find module 'oxc-parser'"),
    });
    expect(projectFactsFor(context)).toMatchObject({ available: false, reason: 'build-failed' });
    expect(warn).toHaveBeenCalledTimes(1);
  });
});
