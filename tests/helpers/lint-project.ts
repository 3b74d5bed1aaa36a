import { fileURLToPath } from 'node:url';
import { ESLint, type Linter } from 'eslint';
import plugin from '../../src/index.js';
import { forgetProjectIndexes } from '../../src/project/index.js';
import { forgetProjectFacts } from '../../src/project/for-rule.js';
import { forgetPackages } from '../../src/core/package-manifest.js';

/** The folder of a fixture project under tests/fixtures/projects. */
export function fixtureProject(name: string): string {
  return fileURLToPath(new URL(`../fixtures/projects/${name}`, import.meta.url));
}

/** Forgets every index and answer, so each lint builds its own (call it after each test too). */
export function forgetProjectState(): void {
  forgetProjectIndexes();
  forgetProjectFacts();
  forgetPackages();
}

/**
 * Lints a fixture project's src/ (or `folders`) with the strict config, the index on (uncached) or
 * off: per finding, `rule file:line` and the message.
 */
export async function lintProject(
  root: string,
  projectIndex: boolean,
  folders: readonly string[] = ['src'],
  rules: Linter.RulesRecord = {},
) {
  forgetProjectState();
  const eslint = new ESLint({
    cwd: root,
    overrideConfigFile: true,
    overrideConfig: [
      plugin.configs.strict,
      { settings: { leakproof: { projectIndex: projectIndex ? { cache: false } : false } }, rules },
    ],
  });
  const results = await eslint.lintFiles([...folders]);
  return results.flatMap((result) =>
    result.messages.map((message) => ({
      at: `${message.ruleId!.replace('leakproof/', '')} ${result.filePath
        .slice(root.length + 1)
        .split('\\')
        .join('/')}:${message.line}`,
      message: message.message,
    })),
  );
}

/** no-untracked-interval with `reportUnknownCallers`: reports where the file cannot tell how often code runs, as it did by default before. */
export const INTERVALS_OF_UNKNOWN_CALLERS: Linter.RulesRecord = {
  'leakproof/no-untracked-interval': ['error', { reportUnknownCallers: true }],
};
