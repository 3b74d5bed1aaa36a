import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import type { ProjectLookup } from '../frequency/frequency-of.js';
import {
  projectFactsFor,
  projectIndexSetting,
  type FreshBuildAnswer,
  type KeyProvenance,
  type ProjectFacts,
} from '../project/for-rule.js';

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
 * The project index's answers for one linted file: how often code runs where this file alone says
 * 'unknown', and where a cache key's value comes from. The index is built on the first question,
 * shared by every rule and file; no answer when it cannot be had (the reason is warned once per
 * process) or does not know either.
 */
export function projectLookupFor(context: Readonly<TSESLint.RuleContext<string, readonly unknown[]>>): ProjectLookup {
  let facts: ProjectFacts | undefined;
  const answers = (): ProjectFacts => (facts ??= projectFactsFor(context));
  /*
   * Answers kept for the file: a file calls the same imported factory again and again (every
   * `Setting.value()` asks what it builds: half of joplin's 22,507 questions were repeats), and
   * several exemptions ask where the same cache key comes from.
   */
  const freshBuilds = new Map<string, FreshBuildAnswer | undefined>();
  const keyProvenances = new WeakMap<TSESTree.Node, KeyProvenance | undefined>();
  return {
    frequency: (_ctx, node) => {
      const project = answers();
      if (!project.available) return undefined;
      const answer = project.frequencyAt(project.file, node.range);
      if (answer.kind === 'unknown') return undefined;
      return {
        kind: answer.kind,
        ...(answer.repeatKind ? { repeatKind: answer.repeatKind } : {}),
        evidence: answer.message,
        crossFile: true,
        ...(answer.wayOut ? { wayOut: true as const } : {}),
      };
    },
    keyProvenance: (node) => {
      if (keyProvenances.has(node)) return keyProvenances.get(node);
      const project = answers();
      const provenance = project.available ? project.keyProvenanceAt(project.file, node.range) : undefined;
      keyProvenances.set(node, provenance);
      return provenance;
    },
    finiteType: (source, name, member) => {
      const project = answers();
      return project.available ? project.finiteTypeAt(project.file, source, name, member) : undefined;
    },
    lifetime: () => {
      const project = answers();
      return project.available ? project.lifetimeOf(project.file) : undefined;
    },
    freshBuild: (source, path, isNew) => {
      // Neither a module specifier nor a property name holds a NUL.
      const key = `${isNew}\0${source}\0${path.join('\0')}`;
      if (freshBuilds.has(key)) return freshBuilds.get(key);
      const project = answers();
      const build = project.available ? project.freshBuildAt(project.file, source, path, isNew) : undefined;
      freshBuilds.set(key, build);
      return build;
    },
    settledCall: (call) => {
      const project = answers();
      return project.available ? project.settledCallAt(project.file, call.range) : undefined;
    },
    inheritedMethods: (fn) => {
      const project = answers();
      return project.available ? project.inheritedMethodsAt(project.file, fn.range) : undefined;
    },
    signalFreshness: (param, index, member) => {
      const project = answers();
      return project.available ? project.signalFreshnessAt(project.file, param.range, index, member) : undefined;
    },
    perEventArgument: (ctor, index) => {
      const project = answers();
      return project.available ? project.perEventArgumentAt(project.file, ctor.range, index) : undefined;
    },
  };
}
