import type { TSESTree } from '@typescript-eslint/utils';
import { isProcessExitCall, normalizeModule, requireSource, staticPropertyName, unwrapExpression } from './imports.js';
import { isModuleLevelScope, resolveIdentifier, type AnalysisContext } from './context.js';
import { TEARDOWN_NAME } from '../knowledge/lifecycle.js';
import {
  ACTION_MODULES,
  CODE_GENERATION_FOLDERS,
  KEEP_ALIVE_TIMER,
  SERVING_BOOTSTRAPS,
  SERVING_METHODS,
} from '../knowledge/process-lifetime.js';
import { TEST_MODULES, TEST_RUNNER_PACKAGES } from '../knowledge/test-frameworks.js';
import { calleeName, propertyKeyName, someDescendant } from './ast.js';
import { isBinTarget, packageAround } from './package-manifest.js';

/**
 * What kind of process runs a file. Tests and one-shot scripts end when their work is done, so a
 * module-level collection that only grows there is harmless; long-running code is everything else.
 */
export type FileRole = 'test' | 'script' | 'source';

/**
 * Test folders, test-support folders and packages (`test-utils/`, `test-helpers/`, `testing/`), and
 * folders named for a kind of test suite (`e2e-tests/`, `node-integration-tests/`, `app-smoke-test/`,
 * a performance test harness's `perfTest/`).
 */
const TEST_FOLDER =
  /(^|\/)(__tests__|_tests?|__mocks__|tests?|specs?|e2e|test-?(utils|helpers|support)|testing|([\w.-]+[-_])?(smoke|integration|e2e|unit|load|acceptance|functional)[-_]tests?|perf(ormance)?[-_]?[tT]ests?)\//;
/**
 * A workspace package named for the project's tests (`packages/bruno-tests/`, `apps/web-tests/`):
 * its servers and helpers are fixtures the project's own suites start and stop (set 34: a request
 * client's local OAuth servers). Only a package folder directly under a workspace folder: a
 * source folder of that name deeper down (`src/run-tests/`) may be what a CI service runs.
 */
const TEST_PACKAGE = /(^|\/)(packages|apps|modules)\/[\w.-]+[-_]tests?\//;
/**
 * `.test.`, `.spec.`, and the names suites split by kind use: `.clienttest.`/`.servertest.` (a
 * vitest workspace's projects, set 29), `.e2e-spec.` (Nest's end-to-end tests), `.unit-test.`.
 */
const TEST_NAME =
  /\.((client|server|browser|node|dom|unit|integration|e2e)[-_]?)?(test|spec)\.[cm]?[jt]sx?$|\.(e2e|bench)\.[cm]?[jt]sx?$/;
/**
 * One-shot programs: scripts (also `migration-scripts/`, `deploy_scripts/`, and with the qualifier
 * after: `scripts-example/`, set 36's example scenario scripts a benchmark CLI loads by path),
 * benchmarks (they run, print and exit) and code generators.
 */
const SCRIPT_FOLDER = new RegExp(
  `(^|/)(([\\w.]+[-_])?scripts?([-_][\\w.]+)?|bench|benchmarks?|${CODE_GENERATION_FOLDERS.join('|')})/`,
);
/**
 * A fixture folder holds a sample project. Inside a test tree (`test/fixtures/apps/app-throw/`) it
 * is test code: the suite starts and stops it. Elsewhere (a codemod's `__testfixtures__/` beside
 * its transform) its files are judged by their path inside it. A fixture project linted on its own
 * (the run's directory is the fixture folder) is judged like any project.
 */
const FIXTURE_FOLDER = /^(.*\/)?(fixtures|__testfixtures__)\//;

/**
 * Classifies a file by its path (test folders and `.test.`/`.spec.` names, `scripts/` and
 * code-generation folders), its first line (a `#!` line makes it an executable script), its
 * package.json (a `bin` target is a program of its own), its imports (a test framework; GitHub's
 * actions toolkit makes a script) and whether its top level ends the process once its work is done
 * (a script). A `#!` file or a bin whose own code starts a server is long-running (`source`). With
 * the project index, a file every process of which ends with its work (lib code only a CLI's bin
 * or a script reaches) is a script too: see attachProcessLifetime.
 */
export function fileRoleOf(ctx: AnalysisContext): FileRole {
  return roleOf(ctx).role;
}

/** Why the file has its role, in a few words ("a package.json bin target"); undefined for `source`. */
export function fileRoleReasonOf(ctx: AnalysisContext): string | undefined {
  return roleOf(ctx).reason;
}

/**
 * A test or a one-shot script: the process ends when the file's work is done. `acrossFiles: false`
 * asks the file alone (no project index): a detector with nothing to report asks no more, and the
 * index is built only once a file holds a candidate.
 */
export function isShortLivedFile(ctx: AnalysisContext, { acrossFiles = true } = {}): boolean {
  return (acrossFiles ? roleOf(ctx) : localRoleOf(ctx)).role !== 'source';
}

/** The cross-file answer for a file the file alone judges `source` (the project index's process roots). */
export interface ProcessLifetime {
  readonly shortLived: boolean;
  /** Why: "every program that loads it ends with its work: bin/cli.js (a package.json bin)". */
  readonly reason: string;
}

/**
 * Hands a parsed file the project index's answer to "does every process that loads this file end
 * with its work?" (attached by whoever built the context, as frequency-of.ts attaches the rest of
 * the index's answers): kept beside the context so core stays free of the index. Asked only for a
 * file the file alone judges `source`.
 */
export function attachProcessLifetime(ast: TSESTree.Program, lifetime: () => ProcessLifetime | undefined): void {
  if (!lifetimes.has(ast)) lifetimes.set(ast, lifetime);
}

const lifetimes = new WeakMap<TSESTree.Program, () => ProcessLifetime | undefined>();

interface RoleAnswer {
  readonly role: FileRole;
  readonly reason?: string;
}

function roleOf(ctx: AnalysisContext): RoleAnswer {
  let answer = roleCache.get(ctx.ast);
  if (answer === undefined) {
    answer = localRoleOf(ctx);
    if (answer.role === 'source') {
      const lifetime = lifetimes.get(ctx.ast)?.();
      if (lifetime?.shortLived) answer = { role: 'script', reason: lifetime.reason };
    }
    roleCache.set(ctx.ast, answer);
  }
  return answer;
}

/** What the file alone says. Asked once per candidate by several detectors; the top-level walks need doing once per tree. */
function localRoleOf(ctx: AnalysisContext): RoleAnswer {
  let answer = localRoleCache.get(ctx.ast);
  if (answer === undefined) {
    answer = classify(ctx);
    localRoleCache.set(ctx.ast, answer);
  }
  return answer;
}

const roleCache = new WeakMap<TSESTree.Program, RoleAnswer>();
const localRoleCache = new WeakMap<TSESTree.Program, RoleAnswer>();

/** The reasons a program is one-shot, worded once: the project index gives the same ones for its roots. */
export const ACTION_REASON = "imports GitHub's actions toolkit";
export const EXITS_REASON = 'its top level exits the process when done';
export const SHEBANG_REASON = 'a `#!` program';
export const BIN_REASON = 'a package.json bin';

function classify(ctx: AnalysisContext): RoleAnswer {
  const path = projectPath(ctx.filename, ctx.cwd);
  if (isTestPath(path)) return { role: 'test', reason: 'a test or test-support path' };
  if (importsAny(ctx.ast, TEST_MODULES)) return { role: 'test', reason: 'imports a test framework' };
  if (hooksTestRunner(ctx.ast)) return { role: 'test', reason: 'instruments a test runner' };
  const scriptFolder = scriptPathReason(path);
  if (scriptFolder) return { role: 'script', reason: scriptFolder };
  if (importsAny(ctx.ast, ACTION_MODULES)) return { role: 'script', reason: ACTION_REASON };
  if (exitsWhenDone(ctx)) return { role: 'script', reason: EXITS_REASON };
  if (closesWhenDone(ctx)) return { role: 'script', reason: 'its top level closes its client when done' };
  const program = ctx.text.startsWith('#!') ? SHEBANG_REASON : isPackageBin(ctx) ? BIN_REASON : undefined;
  // A server's own bin (`bin/www`, `bin/server.js`) listens: its process lives on.
  if (program !== undefined && !startsServing(ctx)) return { role: 'script', reason: program };
  return { role: 'source' };
}

/** One of the `bin` targets of the package.json around the file. */
function isPackageBin(ctx: AnalysisContext): boolean {
  const pkg = packageAround(ctx.filename);
  return pkg !== undefined && pkg.bins.length > 0 && isBinTarget(pkg, ctx.filename);
}

/** The file's own code starts serving or keeps the process alive (servingCallOf). */
function startsServing(ctx: AnalysisContext): boolean {
  const topLevel = new Set<TSESTree.Node>(ctx.ast.body);
  return someDescendant(
    ctx.ast,
    (node) =>
      node.type === 'CallExpression' && servingCallOf(node, isTopLevelStatementCall(node, topLevel)) !== undefined,
  );
}

/**
 * What a call says of the process that makes it: it starts serving (`server.listen(…)`,
 * `http.createServer(…)`, a NestJS bootstrap) or, made at the top level, keeps the process alive
 * (`setInterval`). The words name it for evidence; undefined for any other call. Shared with the
 * project index, which reads oxc's AST of the same (ESTree) shape.
 */
export function servingCallOf(call: TSESTree.CallExpression, topLevel: boolean): string | undefined {
  const callee = unwrapExpression(call.callee);
  const name = calleeName(callee);
  if (name === undefined) return undefined;
  const member = callee.type === 'MemberExpression';
  if (SERVING_METHODS.has(name) && (name !== 'listen' || member)) return member ? `.${name}()` : `${name}()`;
  const receiver = member ? unwrapExpression(callee.object) : undefined;
  const receiverName = receiver?.type === 'Identifier' ? receiver.name : undefined;
  if (SERVING_BOOTSTRAPS.some((boot) => boot.method === name && boot.receiver === receiverName))
    return `${receiverName}.${name}()`;
  if (topLevel && name === KEEP_ALIVE_TIMER && !member) return `${name}() at the top level`;
  return undefined;
}

/** `setInterval(…)` as a statement of the top level, or the value of a top-level declaration. */
function isTopLevelStatementCall(call: TSESTree.CallExpression, topLevel: ReadonlySet<TSESTree.Node>): boolean {
  for (let node: TSESTree.Node | undefined = call.parent; node; node = node.parent) {
    if (topLevel.has(node)) return true;
    if (
      node.type !== 'VariableDeclarator' &&
      node.type !== 'VariableDeclaration' &&
      node.type !== 'ExpressionStatement'
    )
      return false;
  }
  return false;
}

/**
 * Whether a file's path makes it a test (a test or test-support folder, a `.test.`/`.spec.` name):
 * the part of the test role known without reading the file. `filename` is taken relative to `cwd`
 * (a checkout under /home/me/tests is not a test), or as it is when `cwd` is not given.
 */
export function isTestPath(filename: string, cwd?: string): boolean {
  const path = cwd === undefined ? filename : projectPath(filename, cwd);
  return TEST_NAME.test(path) || TEST_FOLDER.test(path) || TEST_PACKAGE.test(path);
}

/**
 * Why a file's path makes it a one-shot program (a scripts, benchmark or code-generation folder),
 * or undefined; `filename` taken as isTestPath takes it.
 */
export function scriptPathReason(filename: string, cwd?: string): string | undefined {
  const path = cwd === undefined ? filename : projectPath(filename, cwd);
  return SCRIPT_FOLDER.test(path) ? SCRIPT_FOLDER_REASON : undefined;
}

const SCRIPT_FOLDER_REASON = 'in a scripts, benchmark or code-generation folder';

/**
 * The path as the project sees it: relative to the run's directory (a checkout under /home/me/tests
 * is not a test), with `/` separators, and inside a fixture folder outside a test tree.
 */
function projectPath(filename: string, cwd: string): string {
  let path = filename.replaceAll('\\', '/');
  const root = `${cwd.replaceAll('\\', '/').replace(/\/$/, '')}/`;
  if (path.startsWith(root)) path = path.slice(root.length);
  const fixture = FIXTURE_FOLDER.exec(path);
  // Kept whole inside a test tree, so the test folder above the fixture folder makes it a test.
  if (fixture === null || TEST_FOLDER.test(fixture[1] ?? '')) return path;
  return path.slice(fixture[0].length);
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

/**
 * A top-level call that hooks a test runner's package by name: `addHook({ name: '@cucumber/cucumber',
 * versions: […] }, patch)`, `new Hook(['mocha'], patch)`, `hook('jest-circus', patch)`, also under a
 * top-level `if`. The file is instrumentation loaded into the test run, whose process exits when the run ends.
 */
function hooksTestRunner(ast: TSESTree.Program): boolean {
  const namesRunner = (node: TSESTree.Node | undefined): boolean => {
    if (node?.type === 'Literal') return typeof node.value === 'string' && TEST_RUNNER_PACKAGES.has(node.value);
    if (node?.type === 'ArrayExpression')
      return node.elements.some((element) => element !== null && namesRunner(element));
    if (node?.type !== 'ObjectExpression') return false;
    return node.properties.some(
      (prop) => prop.type === 'Property' && propertyKeyName(prop) === 'name' && namesRunner(prop.value),
    );
  };
  // Statements of the top level, also under an `if` there (`if (MAJOR < 6) { addHook(…) }`).
  const topLevel = (statement: TSESTree.Statement): TSESTree.Statement[] => {
    if (statement.type === 'BlockStatement') return statement.body.flatMap(topLevel);
    if (statement.type === 'IfStatement')
      return [statement.consequent, ...(statement.alternate ? [statement.alternate] : [])].flatMap(topLevel);
    return [statement];
  };
  return ast.body
    .flatMap((statement) => topLevel(statement as TSESTree.Statement))
    .some((statement) => {
      const calls =
        statement.type === 'ExpressionStatement'
          ? [statement.expression]
          : statement.type === 'VariableDeclaration'
            ? statement.declarations.flatMap(({ init }) => (init ? [init] : []))
            : [];
      return calls.some((call) => {
        const inner = unwrapExpression(call);
        return (inner.type === 'CallExpression' || inner.type === 'NewExpression') && namesRunner(inner.arguments[0]);
      });
    });
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
