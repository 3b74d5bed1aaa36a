// The layer boundaries of eslint.config.js (CONTRIBUTING.md#layers), checked through the project's
// own lint config: an import written from a file of one layer is refused or allowed as the layer
// rule says. `npm run lint` then applies the same config to the real tree.
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Linter } from 'eslint';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));
const { default: config } = (await import(pathToFileURL(join(root, 'eslint.config.js')).href)) as {
  default: Linter.Config[];
};
const linter = new Linter({ cwd: root });

/** The layer messages for `code` linted as the repository file `file` (which need not exist). */
function boundaryErrors(file: string, code: string): string[] {
  return linter
    .verify(code, config, join(root, file))
    .filter((message) => message.ruleId === 'no-restricted-imports' || message.fatal)
    .map((message) => message.message);
}

/** `code` in `file` passes the layer rule. */
const allowed = (file: string, code: string): void => expect(boundaryErrors(file, code)).toEqual([]);
/** `code` in `file` gets exactly one layer error. */
const refused = (file: string, code: string): void => expect(boundaryErrors(file, code)).toHaveLength(1);

describe('layer boundaries', () => {
  it('lets knowledge import other knowledge only', () => {
    allowed('src/knowledge/probe.ts', "import { EVENTS } from './events.js';");
    expect(boundaryErrors('src/knowledge/probe.ts', "import { unwrap } from '../core/ast.js';")).toEqual([
      expect.stringContaining('src/knowledge may import only itself'),
    ]);
  });

  it('lets a layer import the layers below it', () => {
    allowed('src/core/probe.ts', "import { EVENTS } from '../knowledge/events.js';");
    allowed('src/frequency/probe.ts', "import { frequencyOf } from '../project/index.js';");
    allowed('src/families/caches/probe.ts', "import { repetitionOf } from '../../frequency/repetition.js';");
    allowed('rules/probe.ts', "import { createRule } from '../src/rule-kit/create-rule.js';");
  });

  it('refuses an import from a layer above, type-only and re-exports included', () => {
    expect(boundaryErrors('src/core/probe.ts', "import { keyWords } from '../families/caches/keys.js';")).toEqual([
      expect.stringContaining('src/core may import only src/package-info.ts, src/knowledge'),
    ]);
    refused('src/frequency/probe.ts', "import type { Finding } from '../families/tasks/floating-task.js';");
    refused('src/project/probe.ts', "export { collectSourceFiles } from '../cli/files.js';");
    refused('src/families/tasks/probe.ts', "import { createRule } from '../../rule-kit/create-rule.js';");
  });

  it('lets the families share code with each other', () => {
    allowed('src/families/caches/probe.ts', "import { isClientConstruction } from '../clients/construction.js';");
  });

  it('lets only rewrite code import the codemod kit', () => {
    const kit = "import { ensureNamedImport } from '../../codemod-kit/imports.js';";
    allowed('src/families/caches/bounded-cache-rewrite.ts', kit);
    allowed('src/families/clients/rewrite-plans.ts', kit);
    refused('src/families/caches/keys.ts', kit);
    allowed('src/rule-kit/site-rewrites.ts', "import { siteRewrites } from '../codemod-kit/site-plans.js';");
    refused('src/rule-kit/exemption-tables.ts', "import { siteRewrites } from '../codemod-kit/site-plans.js';");
    refused('rules/probe.ts', "import { siteRewrites } from '../src/codemod-kit/site-plans.js';");
  });

  it('keeps codemods apart from the rules, and the rules apart from the codemods', () => {
    allowed('codemods/probe.ts', "import { defineCodemod } from '../src/codemod-kit/define-codemod.js';");
    allowed('codemods/probe.ts', "import { planCacheFile } from '../src/families/caches/bounded-cache-rewrite.js';");
    refused('codemods/probe.ts', "import { createRule } from '../src/rule-kit/create-rule.js';");
    refused('rules/probe.ts', "import { codemods } from '../codemods/index.js';");
  });

  it('lets the CLI import everything', () => {
    const code = [
      "import { codemods } from '../../codemods/index.js';",
      "import { siteRewrites } from '../codemod-kit/site-plans.js';",
      "import plugin from '../index.js';",
    ].join('\n');
    allowed('src/cli/probe.ts', code);
  });

  it('matches the path as resolved from the file, not a folder name anywhere in it', () => {
    // From src/families/caches/, `../cli/` would be src/families/cli/ (a family), not the CLI.
    allowed('src/families/caches/probe.ts', "import { x } from '../cli/x.js';");
    refused('src/families/caches/probe.ts', "import { x } from '../../cli/x.js';");
  });
});
