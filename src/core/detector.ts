import type { TSESTree } from '@typescript-eslint/utils';
import type { AnalysisContext } from './context.js';
import type { SparedSite } from './exemptions.js';

type NodeOfType<T extends string> = Extract<TSESTree.Node, { type: T }>;
type NodeType = TSESTree.Node['type'];

/**
 * Listeners keyed by plain node type (`CallExpression`) or `<type>:exit`. Only plain types are
 * allowed: they are ESLint's cheapest dispatch, and the codemod walker can honour them exactly.
 */
export type DetectorVisitors = {
  [K in NodeType]?: (node: NodeOfType<K>) => void;
} & {
  [K in NodeType as `${K}:exit`]?: (node: NodeOfType<K>) => void;
};

/**
 * One detector per leak pattern. The rule registers `visitors` with ESLint and reports what
 * `finish` returns; the codemod walks the same AST with the same visitors and rewrites the same
 * findings. Neither side has logic of its own about what a leak is.
 */
export interface Detector<Finding> {
  readonly visitors: DetectorVisitors;
  /** Called once after the whole Program has been visited. */
  finish(): Finding[];
  /** After `finish`: the sites an exemption spared, in source order (tests assert `exemptBy` on them). */
  spared?(): readonly SparedSite[];
}

export type DetectorFactory<Options, Finding> = (ctx: AnalysisContext, options: Options) => Detector<Finding>;
