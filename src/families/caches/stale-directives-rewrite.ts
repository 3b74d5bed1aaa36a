import type { TSESTree } from '@typescript-eslint/utils';
import type { AnalysisContext } from '../../core/context.js';
import { forEachDescendant } from '../../core/ast.js';
import type { TextEdit } from '../../codemod-kit/edits.js';
import { staleDirectiveEdits } from '../../codemod-kit/suppressions.js';
import { DICTIONARY_ACCESS_RULES } from '../../knowledge/other-linters.js';
import type { CollectionFinding } from './findings.js';
import type { CollectionUse } from './uses.js';

/*
 * A dictionary that becomes an LRUCache no longer has computed-key reads and writes, `delete` or
 * prototype calls for other linters to report (`// eslint-disable-next-line
 * security/detect-object-injection` above `cache[key] = value`): their disable comments on the lines
 * rewritten go, where nothing else on the line still needs them.
 */

/** The edits removing comments that disable DICTIONARY_ACCESS_RULES on lines this rewrite clears of dictionary access. */
export function staleDictionaryDirectives(ctx: AnalysisContext, finding: CollectionFinding): TextEdit[] {
  if (finding.kind !== 'object') return [];
  const rewritten = new Set<TSESTree.Node>();
  for (const use of finding.uses) for (const node of accessesRewritten(use)) rewritten.add(node);
  const lines = new Set([...rewritten].map((node) => node.loc.start.line));
  // What other linters report on those lines and this rewrite does not touch (another object's `a[k]`).
  const remaining = new Set<number>();
  forEachDescendant(ctx.ast, (node) => {
    if (!lines.has(node.loc.start.line)) return;
    if (isDictionaryAccess(node) && !rewritten.has(node)) remaining.add(node.loc.start.line);
  });
  return [...lines]
    .filter((line) => !remaining.has(line))
    .flatMap((line) => staleDirectiveEdits(ctx, line, DICTIONARY_ACCESS_RULES));
}

/** The dictionary accesses a use's rewrite replaces: `c[k]`, `delete c[k]`, `c.hasOwnProperty(k)`, `Object.prototype.hasOwnProperty.call(c, k)`. */
function accessesRewritten(use: CollectionUse): TSESTree.Node[] {
  switch (use.op) {
    case 'read':
      return [use.node];
    case 'write':
    case 'update':
      return [use.member];
    case 'delete':
      return [use.node, use.member];
    case 'call':
      return [use.member];
    case 'builtin': {
      const inCallee: TSESTree.Node[] = [use.node.callee];
      forEachDescendant(use.node.callee, (node) => void inCallee.push(node));
      return inCallee;
    }
    default:
      return [];
  }
}

/** What DICTIONARY_ACCESS_RULES report: a computed member with a non-literal key, `delete`, a prototype method. */
function isDictionaryAccess(node: TSESTree.Node): boolean {
  if (node.type === 'UnaryExpression') return node.operator === 'delete';
  if (node.type !== 'MemberExpression') return false;
  if (node.computed) return node.property.type !== 'Literal';
  return node.property.type === 'Identifier' && PROTOTYPE_METHODS.has(node.property.name);
}

const PROTOTYPE_METHODS = new Set(['hasOwnProperty', 'isPrototypeOf', 'propertyIsEnumerable']);
