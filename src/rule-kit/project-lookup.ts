import type { TSESLint } from '@typescript-eslint/utils';
import type { ProjectFrequency } from '../frequency/frequency-of.js';
import { projectFactsFor, projectIndexSetting, type ProjectFacts } from '../project/for-rule.js';

/**
 * `settings.leakproof.projectIndex`: the cross-file index is opt-in for now (`true`, or an object
 * of index options). Off by default until its cold-start overhead meets the project's target and
 * its parser ships with the plugin; docs/project-index.md says so.
 */
export function projectIndexEnabled(settings: Readonly<Record<string, unknown>> | undefined): boolean {
  const setting = projectIndexSetting(settings);
  return setting !== undefined && setting !== false;
}

/**
 * The frequency model's lookup for one linted file: asks the project index (built on the first
 * question, shared by every rule and file) where this file alone says 'unknown'. No answer when
 * the index cannot be had (the reason is warned once per process) or does not know either.
 */
export function projectLookupFor(
  context: Readonly<TSESLint.RuleContext<string, readonly unknown[]>>,
): ProjectFrequency {
  let facts: ProjectFacts | undefined;
  return (_ctx, node) => {
    facts ??= projectFactsFor(context);
    if (!facts.available) return undefined;
    const answer = facts.frequencyAt(facts.file, node.range);
    if (answer.kind === 'unknown') return undefined;
    return {
      kind: answer.kind,
      ...(answer.repeatKind ? { repeatKind: answer.repeatKind } : {}),
      evidence: answer.message,
      crossFile: true,
    };
  };
}
