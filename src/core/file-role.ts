import type { TSESTree } from '@typescript-eslint/utils';
import { isProcessExitCall, normalizeModule, requireSource, staticPropertyName, unwrapExpression } from './imports.js';
import { isModuleLevelScope, resolveIdentifier, type AnalysisContext } from './context.js';
import { TEARDOWN_NAME } from '../knowledge/lifecycle.js';
import { TEST_MODULES } from '../knowledge/test-frameworks.js';

/**
 * What kind of process runs a file. Tests and one-shot scripts end when their work is done, so a
 * module-level collection that only grows there is harmless; long-running code is everything else.
 */
export type FileRole = 'test' | 'script' | 'source';

/**
 * Test folders, test-support folders and packages (`test-utils/`, `test-helpers/`, `testing/`), and
 * folders named for a kind of test suite (`e2e-tests/`, `node-integration-tests/`, `app-smoke-test/`).
 */
const TEST_FOLDER =
  /(^|\/)(__tests__|_tests?|__mocks__|tests?|specs?|e2e|test-?(utils|helpers|support)|testing|([\w.-]+[-_])?(smoke|integration|e2e|unit|load|acceptance|functional)[-_]tests?)\//;
const TEST_NAME = /\.(test|spec|e2e|bench)\.[cm]?[jt]sx?$/;
/** One-shot programs: scripts, and benchmarks (they run, print and exit). */
const SCRIPT_FOLDER = /(^|\/)(scripts?|bench|benchmarks?)\//;
/** A fixture folder holds a sample project: its files are judged by their path inside it. */
const FIXTURE_FOLDER = /^(.*\/)?(fixtures|__testfixtures__)\//;
/** GitHub's actions toolkit: a file importing it is an action, run once per workflow step. */
const ACTION_MODULES = new Set(['@actions/core', '@actions/github']);

/**
 * Classifies a file by its path (test folders and `.test.`/`.spec.` names, `scripts/` folders),
 * its first line (a `#!` line makes it an executable script), its imports (a test framework;
 * GitHub's actions toolkit makes a script) and whether its top level ends the process once its
 * work is done (a script).
 */
export function fileRoleOf(ctx: AnalysisContext): FileRole {
  // Asked once per candidate by several detectors; the top-level walks below need doing once per tree.
  let role = roleCache.get(ctx.ast);
  if (role === undefined) {
    role = classify(ctx);
    roleCache.set(ctx.ast, role);
  }
  return role;
}

const roleCache = new WeakMap<TSESTree.Program, FileRole>();

function classify(ctx: AnalysisContext): FileRole {
  const path = projectPath(ctx.filename, ctx.cwd);
  if (isTestPath(path) || importsAny(ctx.ast, TEST_MODULES)) return 'test';
  if (
    ctx.text.startsWith('#!') ||
    SCRIPT_FOLDER.test(path) ||
    importsAny(ctx.ast, ACTION_MODULES) ||
    exitsWhenDone(ctx) ||
    closesWhenDone(ctx)
  )
    return 'script';
  return 'source';
}

/**
 * Whether a file's path makes it a test (a test or test-support folder, a `.test.`/`.spec.` name):
 * the part of the test role known without reading the file. `filename` is taken relative to `cwd`
 * (a checkout under /home/me/tests is not a test), or as it is when `cwd` is not given.
 */
export function isTestPath(filename: string, cwd?: string): boolean {
  const path = cwd === undefined ? filename : projectPath(filename, cwd);
  return TEST_NAME.test(path) || TEST_FOLDER.test(path);
}

/** A test or a one-shot script: the process ends when the file's work is done. */
export function isShortLivedFile(ctx: AnalysisContext): boolean {
  return fileRoleOf(ctx) !== 'source';
}

/**
 * The path as the project sees it: relative to the run's directory (a checkout under /home/me/tests
 * is not a test), with `/` separators, and inside a fixture folder when there is one.
 */
function projectPath(filename: string, cwd: string): string {
  let path = filename.replaceAll('\\', '/');
  const root = `${cwd.replaceAll('\\', '/').replace(/\/$/, '')}/`;
  if (path.startsWith(root)) path = path.slice(root.length);
  return path.replace(FIXTURE_FOLDER, '');
}

/** Whether a top-level import or `require` takes one of `modules`. */
function importsAny(ast: TSESTree.Program, modules: ReadonlySet<string>): boolean {
  for (const statement of ast.body) {
    if (statement.type === 'ImportDeclaration' && modules.has(normalizeModule(statement.source.value))) return true;
    // `const { test } = require('node:test')` and friends at the top of a CommonJS file.
    if (statement.type === 'VariableDeclaration') {
      for (const { init } of statement.declarations) {
        const source = init?.type === 'CallExpression' ? requireSource(init) : undefined;
        if (source && modules.has(source)) return true;
      }
    }
  }
  return false;
}

/** A top-level statement's expression without `void` and `await`. */
function topLevelExpression(statement: TSESTree.ProgramStatement): TSESTree.Expression | undefined {
  if (statement.type !== 'ExpressionStatement') return undefined;
  let expression = statement.expression;
  if (expression.type === 'UnaryExpression' && expression.operator === 'void') expression = expression.argument;
  if (expression.type === 'AwaitExpression') expression = expression.argument;
  return expression;
}

/**
 * `await client.close()` as the last statement of the top level, on a client the module declares:
 * the program closes what it opened once its work is done, so it runs once (held-out false
 * positives in an SDK's example client and a docs harness). A server closes only on its way out,
 * in a signal handler or a stop function, never as the last thing its top level does.
 */
function closesWhenDone(ctx: AnalysisContext): boolean {
  const last = ctx.ast.body.at(-1);
  const expression = last && topLevelExpression(last);
  if (expression?.type !== 'CallExpression') return false;
  const callee = unwrapExpression(expression.callee);
  if (callee.type !== 'MemberExpression' || !TEARDOWN_NAME.test(staticPropertyName(callee) ?? '')) return false;
  const receiver = unwrapExpression(callee.object);
  const variable = receiver.type === 'Identifier' ? resolveIdentifier(ctx, receiver) : undefined;
  return (
    variable !== undefined && isModuleLevelScope(variable.scope) && variable.defs.some((def) => def.type === 'Variable')
  );
}

/**
 * `main().finally(() => process.exit(0))`, `main().then(() => process.exit())`, `await run();
 * process.exit()`: the top level ends the process when its work is done, so the file is a program
 * that runs once. An exit only in `.catch` or under an `if` is a failure path, which servers have too.
 */
function exitsWhenDone(ctx: AnalysisContext): boolean {
  /** `() => process.exit(0)` or a function whose body's last statement is `process.exit(…)`. */
  const endsWithExit = (handler: TSESTree.Node): boolean => {
    if (handler.type !== 'ArrowFunctionExpression' && handler.type !== 'FunctionExpression') return false;
    if (handler.body.type !== 'BlockStatement') return isProcessExitCall(ctx, handler.body);
    const last = handler.body.body.at(-1);
    return last?.type === 'ExpressionStatement' && isProcessExitCall(ctx, last.expression);
  };
  return ctx.ast.body.some((statement) => {
    const top = topLevelExpression(statement);
    if (top === undefined) return false;
    let expression: TSESTree.Expression = top;
    if (isProcessExitCall(ctx, expression)) return true;
    // Walk down a promise chain: `main().then(…).catch(…).finally(…)`.
    while (expression.type === 'CallExpression' && expression.callee.type === 'MemberExpression') {
      const { property, object } = expression.callee;
      const method = property.type === 'Identifier' ? property.name : undefined;
      // A server's main resolves once it listens, so none exits in `.then`; failing, a script
      // without `.catch` dies of the unhandled rejection anyway.
      if (
        (method === 'then' || method === 'finally') &&
        expression.arguments[0] &&
        endsWithExit(expression.arguments[0])
      )
        return true;
      expression = object;
    }
    return false;
  });
}
