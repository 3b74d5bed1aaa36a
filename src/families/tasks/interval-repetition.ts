import type { TSESTree } from '@typescript-eslint/utils';
import {
  classVariablesOf,
  className,
  isExported,
  isFunctionNode,
  keyName,
  newSitesOf,
  someDescendant,
  type FunctionNode,
} from '../../core/ast.js';
import type { AnalysisContext, Variable } from '../../core/context.js';
import { isLibrary, packageAround } from '../../core/package-manifest.js';
import { isModuleExports, isProcessExitCall, staticPropertyName, unwrapExpression } from '../../core/imports.js';
import { frequencyModelOf } from '../../frequency/frequency-of.js';
import { constructorAcrossFiles, longLivedInstancesOf } from '../../frequency/instance-lifecycle.js';
import { serviceMethodOf } from '../../frequency/service-method.js';
import { TEARDOWN_NAME } from '../../knowledge/lifecycle.js';
import { instanceTeardownOf, ownTeardownMethodOf, teardownMethodOf } from './instance-teardown.js';

/**
 * What shows that the code starting an interval runs again and again, so that each run leaves
 * one more interval behind. `where` replaces how the message names the place when the evidence
 * names it better (a service's method); `because` is added after it; both may be empty, when the
 * place already says it (a route handler, a loop, a callback the project index traced).
 */
export interface RepetitionEvidence {
  readonly where?: string;
  readonly because: string;
}

type ClassNode = TSESTree.ClassDeclaration | TSESTree.ClassExpression;

/**
 * The evidence that `node` (a setInterval call) repeats, or undefined when nothing shows it:
 * - the frequency model says it repeats (a loop, a handler, an effect, callers that repeat, or
 *   the project index's chain of callers);
 * - it is in a class (constructor or method) or an old-style constructor whose instances can be
 *   ended (`stop()`, `close()`, `destroy()`…: TEARDOWN_NAME) while the interval outlives them:
 *   objects made to be ended are made again; not a method told which member to end
 *   (ownTeardownMethodOf), nor in a class that ends the process (endsTheProcess) or whose one
 *   instance lives as long as the process (a DI singleton, a module's one instance);
 * - it is in a class some `new` of which runs again and again, in this file or, with the index,
 *   across files;
 * - the function that starts it returns its own stop (a function, an object with a
 *   `stop()`/`close()`… method, or an object it gave one: `root.close = …; return root`) that
 *   leaves the interval running: made to be stopped, and so started again;
 * - it is in a per-call method of a long-lived service (serviceMethodOf);
 * - it is in the constructor (or a field initializer) of a class the module exports, which has
 *   no teardown at all, in a package that is a library (not private, with an entry, not a host's
 *   plugin), and the project index does not show it built once: a library's class, built as
 *   often as its users like, whose interval no one can ever stop. In the labels of the studied
 *   sets this shape was mostly a leak (a sampler, a stats client, a TTL cache, a notification
 *   manager); the false ones were classes built once, by a lazy getter or at start-up, in
 *   another file, and (set 22) plugins' main classes, which their host builds once.
 */
export function repetitionEvidenceOf(
  ctx: AnalysisContext,
  node: TSESTree.CallExpression,
  fn: FunctionNode | undefined,
): RepetitionEvidence | undefined {
  const frequency = frequencyModelOf(ctx);
  if (frequency.repeats(node)) return { because: '' };
  const method = enclosingMethodOf(node);
  if (method) {
    const cls = method.parent.parent as ClassNode;
    const name = className(method.parent) ?? 'class';
    // A singleton's teardown-named method (an app service's `closeTab()`) ends something of its
    // own, not the one instance the container or the module keeps (set 34).
    const teardown =
      endsTheProcess(ctx, method.parent) || longLivedInstancesOf(ctx, cls) !== undefined
        ? undefined
        : ownTeardownMethodOf(method.parent);
    if (teardown !== undefined)
      return {
        because: ` (instances of \`${name}\` are ended by \`${teardown}()\`, which leaves this interval running)`,
      };
    const builtAgain = repeatedCreationOf(ctx, cls);
    if (builtAgain) return { because: ` (\`${name}\` is built again and again: ${builtAgain})` };
  } else {
    const teardown = instanceTeardownOf(ctx, fn);
    if (teardown !== undefined)
      return { because: ` (its instances are ended by \`${teardown}()\`, which leaves this interval running)` };
  }
  const stop = fn ? returnedStopOf(fn) : undefined;
  if (stop !== undefined)
    return { because: ` (it returns ${stop} to stop what it started, which leaves this interval running)` };
  const library = libraryClassOf(ctx, node);
  if (library) {
    const exporter = library.packageName === undefined ? '' : ` by the library \`${library.packageName}\``;
    return {
      because: ` (\`${library.className}\` is exported${exporter}: its users build as many as they like, and it has no method to stop this interval)`,
    };
  }
  const service = serviceMethodOf(ctx, node);
  if (service) return { where: service.description, because: '' };
  return undefined;
}

/** The class method (or constructor) `node` is in, through any callbacks inside it. */
function enclosingMethodOf(node: TSESTree.Node): TSESTree.MethodDefinition | undefined {
  for (let current = node.parent; current; current = current.parent) {
    if (current.type === 'MethodDefinition' && !current.static) return current;
    if (current.type === 'ClassBody' || current.type === 'Program') return undefined;
  }
  return undefined;
}

/**
 * Where a `new` of the class runs again and again: in this file (the frequency model says the
 * `new` repeats) or, with the project index, the index's answer for its constructor.
 */
function repeatedCreationOf(ctx: AnalysisContext, cls: ClassNode): string | undefined {
  const frequency = frequencyModelOf(ctx);
  for (const creation of newSitesOf(classVariablesOf(ctx, cls))) {
    const answer = frequency.of(creation);
    if (answer.kind === 'repeats') return `its \`new\` on line ${creation.loc.start.line}: ${answer.evidence}`;
  }
  const across = constructorAcrossFiles(ctx, cls);
  return across?.kind === 'repeats' ? across.evidence : undefined;
}

/**
 * The exported class whose constructor or field initializer `node` is in, when the class has no
 * teardown method, the project index does not say its instances are built once, and its package
 * is a library (isLibrary): a private package, an application with no entry and a host's
 * plugin are built by the project or the host, which show how often (set 22: a home-automation
 * host's plugins, each built once per plugin process). With no package.json around the file it
 * is taken for a library, as before.
 */
function libraryClassOf(
  ctx: AnalysisContext,
  node: TSESTree.Node,
): { readonly className: string; readonly packageName: string | undefined } | undefined {
  let member: TSESTree.Node | undefined = node.parent;
  while (member && member.type !== 'MethodDefinition' && member.type !== 'PropertyDefinition') {
    if (member.type === 'ClassBody' || member.type === 'Program') return undefined;
    member = member.parent;
  }
  if (!member || member.static || (member.type === 'MethodDefinition' && member.kind !== 'constructor'))
    return undefined;
  const cls = member.parent.parent as ClassNode;
  const variables = classVariablesOf(ctx, cls);
  const exported =
    cls.parent?.type === 'ExportNamedDeclaration' ||
    cls.parent?.type === 'ExportDefaultDeclaration' ||
    variables.some((variable) => isExported(variable) || isInModuleExportsObject(variable));
  if (!exported || teardownMethodOf(member.parent) !== undefined || endsTheProcess(ctx, member.parent))
    return undefined;
  const across = constructorAcrossFiles(ctx, cls);
  if (across?.kind === 'once' || across?.kind === 'load') return undefined;
  const pkg = packageAround(ctx.filename);
  if (pkg !== undefined && !isLibrary(pkg)) return undefined;
  return { className: className(member.parent) ?? 'class', packageName: pkg?.name };
}

/**
 * Whether a method of the class calls `process.exit()`: its instances end with the process (a
 * server's `stop()` that exits, an `exit()` that kills what it runs and exits, a SIGTERM handler
 * that shuts it down and exits), so there is one per process, whatever teardown it has. Set 15
 * and 22: a dev supervisor, a management agent and a runtime, each taken for an object made to be
 * ended because of a `shutdown()`, a `stop()` or a `killPlugin(id)`.
 */
function endsTheProcess(ctx: AnalysisContext, body: TSESTree.ClassBody): boolean {
  return someDescendant(
    body,
    (node) => isProcessExitCall(ctx, node),
    (node) => node.type === 'ClassBody',
  );
}

/**
 * `module.exports = { Store }`: the one CommonJS export isExported does not see (it sees
 * `module.exports = Store`, `module.exports.Store = Store` and `exports.Store = Store`).
 */
function isInModuleExportsObject(variable: Variable): boolean {
  return variable.references.some(({ identifier }) => {
    const property = identifier.parent;
    if (property?.type !== 'Property' || property.value !== identifier) return false;
    const assignment = property.parent.parent;
    return assignment?.type === 'AssignmentExpression' && isModuleExports(assignment.left);
  });
}

/** How a message names the stop `fn` returns last: "a cleanup function", "an object with `stop()`". */
function returnedStopOf(fn: FunctionNode): string | undefined {
  if (fn.body.type !== 'BlockStatement') return undefined;
  const last = fn.body.body[fn.body.body.length - 1];
  if (last?.type !== 'ReturnStatement' || !last.argument) return undefined;
  const returned = unwrapExpression(last.argument);
  if (isFunctionNode(returned)) return 'a cleanup function';
  if (returned.type === 'Identifier') {
    const name = assignedTeardownOf(fn.body, returned.name);
    return name === undefined ? undefined : `\`${returned.name}\` with \`${name}()\``;
  }
  if (returned.type !== 'ObjectExpression') return undefined;
  for (const property of returned.properties) {
    if (property.type !== 'Property' || !isFunctionNode(property.value)) continue;
    const name = keyName(property.key, property.computed);
    if (name !== undefined && TEARDOWN_NAME.test(name)) return `an object with \`${name}()\``;
  }
  return undefined;
}

/**
 * The teardown a factory gives the object it returns, in a statement of its own body:
 * `root.close = makeClose(root)` before `return root` (a factory in the style of Seneca's).
 */
function assignedTeardownOf(body: TSESTree.BlockStatement, objectName: string): string | undefined {
  for (const statement of body.body) {
    if (statement.type !== 'ExpressionStatement' || statement.expression.type !== 'AssignmentExpression') continue;
    const target = statement.expression.left;
    if (target.type !== 'MemberExpression' || target.object.type !== 'Identifier') continue;
    if (target.object.name !== objectName) continue;
    const name = staticPropertyName(target);
    if (name !== undefined && TEARDOWN_NAME.test(name)) return name;
  }
  return undefined;
}
