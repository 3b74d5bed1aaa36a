import { ESLintUtils, type TSESLint } from '@typescript-eslint/utils';
import type { AnalysisContext } from '../core/context.js';
import type { Detector, DetectorVisitors } from '../core/detector.js';
import { attachProjectLookup } from '../frequency/frequency-of.js';
import { packageJson } from '../package-info.js';
import { projectIndexEnabled, projectLookupFor } from './project-lookup.js';

/** Extra fields every leakproof rule declares in meta.docs; configs and docs are built from them. */
export interface LeakproofDocs {
  /** In the `recommended` config (false-positive rate on real code is low). Every rule is in `strict`. */
  recommended: boolean;
  /** The rule has a `typeAware` option; `recommended-type-checked` turns it on. */
  typeAware?: boolean;
  /** The rule cannot run at all without type information. */
  requiresTypeChecking?: boolean;
  family: 'caches' | 'clients' | 'tasks';
}

/**
 * Rule pages on the default branch. No release is tagged yet, and a link into a tag that does not
 * exist is a 404 in every editor and SARIF viewer; once releases are tagged, point these at the tag.
 */
export const DOCS_BRANCH = 'main';

export const docsUrl = (name: string): string => `${packageJson.homepage}/blob/${DOCS_BRANCH}/docs/rules/${name}.md`;

export const createRule = ESLintUtils.RuleCreator<LeakproofDocs>(docsUrl);

/** The analysis context of a rule run: the same shape the codemods build from their own parse. */
export function analysisContextOf(
  context: Readonly<TSESLint.RuleContext<string, readonly unknown[]>>,
  { typeAware }: { typeAware: boolean },
): AnalysisContext {
  const { sourceCode } = context;
  let types: AnalysisContext['types'];
  if (typeAware) {
    const services = sourceCode.parserServices;
    if (!services?.program) {
      throw new Error(
        `leakproof/${context.id.replace(/^leakproof\//, '')}: the typeAware option needs type information. ` +
          'Set languageOptions.parserOptions.projectService (or project) with @typescript-eslint/parser, or turn typeAware off. ' +
          "oxlint's JS plugins get no type information: under oxlint, leave typeAware off.",
      );
    }
    types = ESLintUtils.getParserServices(context as never);
  }
  // Every rule of a file builds its context from the same AST: the first one's lookup serves them all.
  if (projectIndexEnabled(context.settings)) attachProjectLookup(sourceCode.ast, () => projectLookupFor(context));
  return {
    filename: context.filename,
    cwd: context.cwd,
    text: sourceCode.text,
    ast: sourceCode.ast,
    scopeManager: sourceCode.scopeManager!,
    getScope: (node) => sourceCode.getScope(node),
    types,
  };
}

/**
 * The listeners a rule returns: the detector's own, plus a Program:exit that hands each finding to
 * `report` once the whole file has been seen.
 */
export function listenersFor<Finding>(
  detector: Detector<Finding>,
  report: (finding: Finding) => void,
): TSESLint.RuleListener {
  const visitors = detector.visitors as Record<string, ((node: never) => void) | undefined>;
  const ownExit = visitors['Program:exit'];
  return {
    ...(visitors as TSESLint.RuleListener),
    'Program:exit'(node) {
      ownExit?.(node as never);
      for (const finding of detector.finish()) report(finding);
    },
  };
}

export type { DetectorVisitors };
