import type { TSESTree } from '@typescript-eslint/utils';
import { moduleScopeOf, type AnalysisContext, type Scope, type Variable } from '../analysis/context.js';
import { isFunctionNode } from '../analysis/repetition.js';
import { usedAnywhere } from '../codemod-kit/imports.js';
import { detectEol, indentAt, usesSemicolons, type TextEdit } from '../codemod-kit/edits.js';
import type { ClientFinding } from './client-construction.js';
import { placementOf } from './client-placement.js';
import { forEachDescendant } from './task-context.js';

/*
 * How memoize-client rewrites each finding of the client-construction detector:
 * getter → a private field filled once with ??=; loop → hoisted before the loop; handler → a
 * module-level lazily created instance. Each plan either gives text edits or a reason to leave it.
 */

export type ClientRewrite = { readonly ok: true; readonly edits: TextEdit[] } | { readonly ok: false; readonly reason: string };

/** File-wide facts and the names this run has already taken, shared by every finding of a file. */
export class ClientRewriteContext {
  readonly eol: '\n' | '\r\n';
  readonly semi: string;
  readonly indentUnit: string;
  readonly typed: boolean;
  private readonly taken = new Set<string>();
  /** Module-level getters created so far, by the construction text they return (whitespace folded). */
  readonly sharedGetters = new Map<string, string>();

  constructor(readonly ctx: AnalysisContext) {
    this.eol = detectEol(ctx.text);
    this.semi = usesSemicolons(ctx.text) ? ';' : '';
    this.indentUnit = /^(\t| +)\S/m.exec(ctx.text)?.[1] ?? '  ';
    this.typed = /\.[cm]?tsx?$/.test(ctx.filename);
  }

  /** `base`, else `base2`, `base3`…: the first name that no scope of the file declares or reads as a global. */
  freshName(base: string, isFree: (name: string) => boolean = (name) => !usedAnywhere(this.ctx, name)): string {
    for (let i = 1; ; i++) {
      const name = i === 1 ? base : `${base}${i}`;
      if (!this.taken.has(name) && isFree(name)) {
        this.taken.add(name);
        return name;
      }
    }
  }

  text(node: TSESTree.Node): string {
    return this.ctx.text.slice(node.range[0], node.range[1]);
  }
}

/** `S3Client` → `s3Client`, `mysql.createPool` → `pool`, `https.Agent` → `agent`, `axios.create` → `axiosInstance`. */
export function baseNameFor(finding: ClientFinding): string {
  const declared = finding.declarator?.id.type === 'Identifier' ? finding.declarator.id.name : undefined;
  if (declared) return declared;
  const chain = calleeChain(finding.node.callee);
  const last = chain[chain.length - 1] ?? 'client';
  const stripped = last.replace(/^(create|from)(?=[A-Z])/, '');
  if (/^(create|extend|from\w*|connect|default|knex)$/.test(stripped) && chain.length > 1) return `${lowerFirst(chain[chain.length - 2]!)}Instance`;
  return lowerFirst(stripped) || 'client';
}

const lowerFirst = (s: string): string => (/^[A-Z0-9]+$/.test(s) ? s.toLowerCase() : s.charAt(0).toLowerCase() + s.slice(1));
export const upperFirst = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);

function calleeChain(node: TSESTree.Node): string[] {
  if (node.type === 'Identifier') return [node.name];
  if (node.type === 'MemberExpression' && !node.computed && node.property.type === 'Identifier') return [...calleeChain(node.object), node.property.name];
  return [];
}

/**
 * The type annotation for a variable or field that holds this client, or undefined when the
 * callee is not a plain name or member chain. A class imported by name is its own instance type.
 */
export function clientTypeText(rc: ClientRewriteContext, finding: ClientFinding): string | undefined {
  const callee = finding.node.callee;
  if (calleeChain(callee).length === 0) return undefined;
  const text = rc.text(callee);
  if (finding.kind !== 'constructor') return `ReturnType<typeof ${text}>`;
  if (callee.type === 'Identifier') {
    const variable = rc.ctx.getScope(callee).references.find((r) => r.identifier === callee)?.resolved;
    const def = variable?.defs[0];
    if (def?.type === 'ImportBinding' && (def.node.type === 'ImportSpecifier' || def.node.type === 'ImportDefaultSpecifier')) return text;
  }
  return `InstanceType<typeof ${text}>`;
}

/** Every reference made inside `node` (including nested functions), with what it resolves to. */
export function referencesIn(ctx: AnalysisContext, node: TSESTree.Node): { identifier: TSESTree.Identifier | TSESTree.JSXIdentifier; variable: Variable | null }[] {
  const out: { identifier: TSESTree.Identifier | TSESTree.JSXIdentifier; variable: Variable | null }[] = [];
  const visit = (scope: Scope): void => {
    for (const ref of scope.references) {
      if (ref.identifier.range[0] >= node.range[0] && ref.identifier.range[1] <= node.range[1]) out.push({ identifier: ref.identifier, variable: ref.resolved });
    }
    for (const child of scope.childScopes) {
      if (child.block.range[1] > node.range[0] && child.block.range[0] < node.range[1]) visit(child);
    }
  };
  visit(ctx.getScope(node));
  return out;
}

/** Why an expression cannot be evaluated elsewhere than where it is: `this`, `await`, `yield`. */
export function contextBoundPart(node: TSESTree.Node, allowThis: boolean, allowAwait: boolean): string | undefined {
  let found: string | undefined;
  forEachDescendant(node, (n) => {
    if (found) return false;
    if (isFunctionNode(n) && n.type !== 'ArrowFunctionExpression') return false;
    if (n.type === 'ThisExpression' && !allowThis) found = '`this`';
    else if (n.type === 'AwaitExpression' && !allowAwait) found = '`await`';
    else if (n.type === 'YieldExpression') found = '`yield`';
    return undefined;
  });
  return found;
}

/** Start of a statement or member including the comments right above it, so inserted code goes above those. */
export function startWithLeadingComments(ctx: AnalysisContext, node: TSESTree.Node): number {
  let start = node.range[0];
  const comments = ctx.ast.comments ?? [];
  for (let i = comments.length - 1; i >= 0; i--) {
    const comment = comments[i]!;
    if (comment.range[1] > start) continue;
    if (!/^\s*$/.test(ctx.text.slice(comment.range[1], start)) || /\n[ \t]*\r?\n/.test(ctx.text.slice(comment.range[1], start))) break;
    start = comment.range[0];
  }
  return indentStart(ctx.text, start);
}

/** The start of the line `offset` is on, when only indentation precedes it; else `offset`. */
function indentStart(text: string, offset: number): number {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  return /^[ \t]*$/.test(text.slice(lineStart, offset)) ? lineStart : offset;
}

/** `text` re-indented from `from` (the indentation of its first line) to `to`. */
export function reindent(text: string, from: string, to: string): string {
  return text
    .split('\n')
    .map((line, i) => (i === 0 ? line : line.startsWith(from) ? to + line.slice(from.length) : line))
    .join('\n');
}
