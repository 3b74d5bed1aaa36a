import type { TSESTree } from '@typescript-eslint/utils';
import { moduleScopeOf, type AnalysisContext } from '../core/context.js';
import { normalizeModule, requireSource, staticPropertyName } from '../core/imports.js';
import { isCommonJs } from '../core/parse.js';
import type { TextEdit } from './edits.js';
import { styleOf } from './layout.js';

export type EnsureImportResult =
  | { readonly ok: true; readonly local: string; readonly edits: TextEdit[] }
  | { readonly ok: false; readonly reason: string };

/**
 * Makes `name` from `source` available at module scope and says under which local name.
 * Reuses an existing import or require of it; adds a specifier to an existing named import of the
 * module by inserting text (never reprinting the declaration, which would drop import attributes);
 * otherwise inserts a new `import { name } from 'source'` (ESM) or
 * `const { name } = require('source')` (CommonJS) after the file's last import.
 * Refuses when the name is already taken by something else in module scope.
 */
export function ensureNamedImport(ctx: AnalysisContext, source: string, name: string): EnsureImportResult {
  const existing = findExistingImport(ctx, source, name);
  if (existing) return { ok: true, local: existing, edits: [] };

  const scope = moduleScopeOf(ctx.scopeManager);
  if (scope.set.has(name) || ctx.scopeManager.globalScope?.set.get(name)?.defs.length) {
    return {
      ok: false,
      reason: `the name ${name} is already used in this file for something other than ${source}'s ${name}`,
    };
  }
  if (usedAnywhere(ctx, name)) {
    return {
      ok: false,
      reason: `the name ${name} is already used in this file for something other than ${source}'s ${name}`,
    };
  }

  const { quote, eol, semi, es5 } = styleOf(ctx);
  const quoted = `${quote}${source}${quote}`;

  // `{ name }` or `{name}`, as the file's own imports (or destructured requires) are written.
  const pad = braceSpacing(ctx);
  if (isCommonJs(ctx)) {
    // An ES5 file gets no const or destructuring.
    const statement = es5
      ? `var ${name} = require(${quoted}).${name}${semi}`
      : `const {${pad}${name}${pad}} = require(${quoted})${semi}`;
    return { ok: true, local: name, edits: [insertStatement(ctx, statement, eol, lastRequireStatement(ctx))] };
  }

  const target = ctx.ast.body.find(
    (s): s is TSESTree.ImportDeclaration =>
      s.type === 'ImportDeclaration' &&
      normalizeModule(s.source.value) === normalizeModule(source) &&
      s.importKind !== 'type' &&
      s.specifiers.some((sp) => sp.type === 'ImportSpecifier'),
  );
  if (target) {
    const last = target.specifiers[target.specifiers.length - 1]!;
    return { ok: true, local: name, edits: [{ start: last.range[1], end: last.range[1], text: `, ${name}` }] };
  }
  const imports = ctx.ast.body.filter((s) => s.type === 'ImportDeclaration');
  const statement = `import {${pad}${name}${pad}} from ${quoted}${semi}`;
  return { ok: true, local: name, edits: [insertStatement(ctx, statement, eol, imports[imports.length - 1])] };
}

/** The space inside the braces of the file's first named import or destructured require: ' ' or ''. */
function braceSpacing(ctx: AnalysisContext): string {
  for (const statement of ctx.ast.body) {
    const pattern =
      statement.type === 'ImportDeclaration'
        ? statement.specifiers.find((spec) => spec.type === 'ImportSpecifier')
        : statement.type === 'VariableDeclaration' &&
            statement.declarations[0]?.id.type === 'ObjectPattern' &&
            statement.declarations[0].init?.type === 'CallExpression' &&
            requireSource(statement.declarations[0].init) !== undefined
          ? statement.declarations[0].id.properties[0]
          : undefined;
    if (!pattern) continue;
    const open = ctx.text.lastIndexOf('{', pattern.range[0]);
    return open !== -1 && /^\s/.test(ctx.text.slice(open + 1, pattern.range[0])) ? ' ' : '';
  }
  return ' ';
}

/** Local name under which `name` from `source` is already imported or required, if it is. */
function findExistingImport(ctx: AnalysisContext, source: string, name: string): string | undefined {
  const wanted = normalizeModule(source);
  return importedName(ctx, (module) => normalizeModule(module) === wanted, name);
}

/** Local name under which `name` is imported or required (destructured) from a module `from` accepts. */
export function importedName(
  ctx: AnalysisContext,
  from: (source: string) => boolean,
  name: string,
): string | undefined {
  for (const statement of ctx.ast.body) {
    if (statement.type === 'ImportDeclaration' && from(statement.source.value) && statement.importKind !== 'type') {
      for (const spec of statement.specifiers) {
        if (spec.type === 'ImportSpecifier' && spec.importKind !== 'type') {
          const imported = spec.imported.type === 'Identifier' ? spec.imported.name : spec.imported.value;
          if (imported === name) return spec.local.name;
        }
      }
    }
    if (statement.type === 'VariableDeclaration') {
      for (const declarator of statement.declarations) {
        // `var LRUCache = require('lru-cache').LRUCache`, as ES5 files import a name.
        const init = declarator.init;
        if (
          init?.type === 'MemberExpression' &&
          init.object.type === 'CallExpression' &&
          declarator.id.type === 'Identifier' &&
          staticPropertyName(init) === name
        ) {
          const source = requireSource(init.object);
          if (source !== undefined && from(source)) return declarator.id.name;
        }
        const required = declarator.init?.type === 'CallExpression' ? requireSource(declarator.init) : undefined;
        if (required !== undefined && from(required) && declarator.id.type === 'ObjectPattern') {
          for (const prop of declarator.id.properties) {
            if (
              prop.type === 'Property' &&
              !prop.computed &&
              prop.key.type === 'Identifier' &&
              prop.key.name === name &&
              prop.value.type === 'Identifier'
            ) {
              return prop.value.name;
            }
          }
        }
      }
    }
  }
  return undefined;
}

/** Whether any scope of the file declares `name`, or the file reads it as an undeclared global. */
export function usedAnywhere(ctx: AnalysisContext, name: string): boolean {
  return (
    ctx.scopeManager.scopes.some((s) => s.set.has(name)) ||
    (ctx.scopeManager.globalScope?.through.some((r) => r.identifier.name === name) ?? false)
  );
}

/**
 * The last require() declaration in the file's leading block of directives and requires. A new
 * require goes after it: never below code that might already use what it brings in.
 */
export function lastRequireStatement(ctx: AnalysisContext): TSESTree.Statement | undefined {
  let last: TSESTree.Statement | undefined;
  for (const statement of ctx.ast.body) {
    if (statement.type === 'ExpressionStatement' && statement.directive !== undefined) continue;
    const isRequire =
      statement.type === 'VariableDeclaration' &&
      statement.declarations.every((d) => {
        // `require('x')` or `require('x').name`.
        const call = d.init?.type === 'MemberExpression' ? d.init.object : d.init;
        return call?.type === 'CallExpression' && requireSource(call) !== undefined;
      });
    if (!isRequire) break;
    last = statement;
  }
  return last;
}

/**
 * A new top-level statement after `after`, or, with nothing to follow, after the shebang, the
 * directive prologue and a leading header comment that a blank line separates from the code.
 */
export function insertStatement(
  ctx: AnalysisContext,
  statement: string,
  eol: string,
  after: TSESTree.Node | undefined,
): TextEdit {
  if (after) {
    // After a comment that ends the statement's line (`import x from 'x'; // why`), which stays with it.
    const { text } = ctx;
    const lineBreak = text.indexOf('\n', after.range[1]);
    const lineEnd = lineBreak === -1 ? text.length : text[lineBreak - 1] === '\r' ? lineBreak - 1 : lineBreak;
    const rest = text.slice(after.range[1], lineEnd);
    const at = /^(\s*(\/\/.*|\/\*.*?\*\/))*\s*$/.test(rest) ? lineEnd : after.range[1];
    return { start: at, end: at, text: `${eol}${statement}` };
  }
  const offset = topInsertionOffset(ctx);
  // Above code (not above a blank line or the end), keep the new statement apart from it.
  const separated = /^(\r?\n|$)/.test(ctx.text.slice(offset));
  return { start: offset, end: offset, text: `${statement}${eol}${separated ? '' : eol}` };
}

/** Where a module-level statement goes when there are no imports to follow. */
export function topInsertionOffset(ctx: AnalysisContext): number {
  const { text, ast } = ctx;
  let offset = 0;
  if (text.startsWith('#!')) offset = text.indexOf('\n') + 1 || text.length;
  // After 'use strict' and other directives.
  let lastDirective: TSESTree.Node | undefined;
  for (const statement of ast.body) {
    if (statement.type === 'ExpressionStatement' && statement.directive !== undefined) lastDirective = statement;
    else break;
  }
  if (lastDirective) {
    const lineEnd = text.indexOf('\n', lastDirective.range[1]);
    return lineEnd === -1 ? text.length : lineEnd + 1;
  }
  // After a header comment block that a blank line separates from what follows.
  const first = ast.body[0];
  const comments = (ast.comments ?? []).filter((c) => c.range[0] >= offset && (!first || c.range[1] <= first.range[0]));
  let headerEnd = offset;
  for (const comment of comments) {
    const between = text.slice(headerEnd, comment.range[0]);
    if (between.trim() !== '') break;
    headerEnd = comment.range[1];
    const after = text.slice(headerEnd, first ? first.range[0] : text.length);
    if (/^[ \t]*\r?\n[ \t]*\r?\n/.test(after)) {
      const blank = /^[ \t]*\r?\n[ \t]*\r?\n/.exec(after)!;
      return headerEnd + blank[0].length;
    }
  }
  return offset;
}
