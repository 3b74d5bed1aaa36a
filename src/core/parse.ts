import { parseForESLint } from '@typescript-eslint/parser';
import type { TSESTree } from '@typescript-eslint/utils';
import { scopeOf, type AnalysisContext, type ScopeManager } from './context.js';
import { walkProgram } from './walk.js';
import type { DetectorFactory } from './detector.js';

export const JS_TS_EXTENSIONS = ['.ts', '.tsx', '.mts', '.cts', '.js', '.jsx', '.mjs', '.cjs'] as const;

/** A parse failure, with a one-line message that names the file, line and column. */
export class SourceParseError extends Error {
  constructor(
    readonly filename: string,
    readonly line: number,
    readonly column: number,
    readonly reason: string,
  ) {
    super(`${filename}:${line}:${column}: cannot parse: ${reason}`);
    this.name = 'SourceParseError';
  }
}

/** CommonJS unless the file is ESM by extension or by syntax; decides require() vs import. */
export function isCommonJs(ctx: Pick<AnalysisContext, 'filename' | 'ast' | 'text'>): boolean {
  const { filename, ast } = ctx;
  if (/\.c[jt]s$/.test(filename)) return true;
  if (/\.m[jt]s$/.test(filename)) return false;
  const esm = ast.body.some(
    (s) =>
      s.type === 'ImportDeclaration' ||
      s.type === 'ExportNamedDeclaration' ||
      s.type === 'ExportDefaultDeclaration' ||
      s.type === 'ExportAllDeclaration' ||
      s.type === 'TSExportAssignment',
  );
  if (esm) return false;
  // TypeScript files with no imports are written as ESM by convention; JS files that require() are CJS.
  if (/\.tsx?$/.test(filename)) return false;
  return /\brequire\s*\(|\bmodule\.exports\b|\bexports\.\w/.test(ctx.text);
}

/**
 * Parses a file the way the plugin's configs do (@typescript-eslint/parser, JSX by extension,
 * no type information) and returns the context detectors run on. `cwd` is the run's directory, which
 * a file's role is judged from (as ESLint's cwd is for the rules).
 */
export function parseForAnalysis(text: string, filename: string, cwd = process.cwd()): AnalysisContext {
  // Codemods run one after another on the same text, and a codemod's output is parsed to check it
  // and again by the next codemod: the last parse is reused while the text is the same. Detectors
  // only read the tree, so sharing it is safe.
  if (lastParse && lastParse.text === text && lastParse.filename === filename && lastParse.cwd === cwd)
    return lastParse;
  lastParse = parseFresh(text, filename, cwd);
  return lastParse;
}

let lastParse: AnalysisContext | undefined;

function parseFresh(text: string, filename: string, cwd: string): AnalysisContext {
  const jsx = !/\.(ts|mts|cts)$/.test(filename);
  let result: ReturnType<typeof parseForESLint>;
  try {
    result = parseForESLint(text, {
      filePath: filename,
      sourceType: 'module',
      ecmaVersion: 'latest',
      range: true,
      loc: true,
      comment: true,
      tokens: true,
      ecmaFeatures: { jsx },
    });
  } catch (error) {
    const e = error as { lineNumber?: number; column?: number; message?: string };
    throw new SourceParseError(filename, e.lineNumber ?? 0, e.column ?? 0, firstLine(e.message ?? String(error)));
  }
  const ast = result.ast as unknown as TSESTree.Program;
  const scopeManager = result.scopeManager as unknown as ScopeManager;
  // Parent pointers are set by the first walk; detectors rely on them.
  walkProgram(ast, []);
  return {
    filename,
    cwd,
    text,
    ast,
    scopeManager,
    getScope: (node) => scopeOf(scopeManager, node),
    types: undefined,
  };
}

/** Runs one detector over a parsed file, outside ESLint. */
export function runDetector<Options, Finding>(
  ctx: AnalysisContext,
  factory: DetectorFactory<Options, Finding>,
  options: Options,
): Finding[] {
  const detector = factory(ctx, options);
  walkProgram(ctx.ast, [detector.visitors]);
  return detector.finish();
}

function firstLine(message: string): string {
  return message.split('\n')[0]!.trim();
}
