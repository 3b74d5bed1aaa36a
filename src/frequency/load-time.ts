import type { TSESTree } from '@typescript-eslint/utils';
import { type AnalysisContext } from '../core/context.js';
import { isGlobalReference, resolveImportedValue, unwrapExpression } from '../core/imports.js';
import { declaredVariableOf, isExported, isFunctionNode, type FunctionNode } from '../core/ast.js';
import { iterationCallOf } from './repetition.js';
import { TEST_HOOK_MODULES } from '../knowledge/caches.js';
import { TEST_HOOKS } from '../knowledge/test-frameworks.js';

const MAX_LOAD_DEPTH = 6;

// ---------------------------------------------------------------------------------------------
// Code that only runs while the module loads

/**
 * Whether code runs only while the module is being loaded: top-level code, static initializers,
 * immediately invoked functions and iteration callbacks reached from there, and functions whose
 * every use is a call from there (`function add(x) {…} add(a); add(b);`). Writes there fill a
 * table once; they do not grow it over the life of the process.
 */
export class LoadTimeAnalysis {
  private readonly functions = new Map<FunctionNode, boolean>();
  private readonly inProgress = new Set<FunctionNode>();

  constructor(private readonly ctx: AnalysisContext) {}

  runsOnlyAtLoad(node: TSESTree.Node, depth = 0): boolean {
    if (depth > MAX_LOAD_DEPTH) return false;
    for (let child = node, current = node.parent; current; child = current, current = current.parent) {
      if (current.type === 'PropertyDefinition' && current.value === child && !current.static) return false;
      // A list walked at load is finite; `while` and `for await` may run for the life of the process.
      if ((current.type === 'WhileStatement' || current.type === 'DoWhileStatement') && current.body === child)
        return false;
      if (current.type === 'ForOfStatement' && current.await && current.body === child) return false;
      if (isFunctionNode(current)) return this.functionRunsOnlyAtLoad(current, depth + 1);
    }
    return true;
  }

  private functionRunsOnlyAtLoad(fn: FunctionNode, depth: number): boolean {
    const known = this.functions.get(fn);
    if (known !== undefined) return known;
    // A function that (indirectly) calls itself runs at load if its outside callers do.
    if (this.inProgress.has(fn)) return true;
    this.inProgress.add(fn);
    const result = this.decide(fn, depth);
    this.inProgress.delete(fn);
    this.functions.set(fn, result);
    return result;
  }

  private decide(fn: FunctionNode, depth: number): boolean {
    const parent = fn.parent;
    if (parent?.type === 'CallExpression' && parent.callee === fn) return this.runsOnlyAtLoad(parent, depth);
    const iteration = iterationCallOf(fn);
    if (iteration) return this.runsOnlyAtLoad(iteration, depth);
    // describe/it/beforeEach callbacks run a fixed number of times: once per test at most.
    if (
      parent?.type === 'CallExpression' &&
      parent.arguments.includes(fn as TSESTree.CallExpressionArgument) &&
      isTestHook(this.ctx, parent.callee)
    ) {
      return this.runsOnlyAtLoad(parent, depth);
    }
    const variable = declaredVariableOf(this.ctx, fn);
    if (!variable || isExported(variable)) return false;
    const uses = variable.references.filter(
      (ref) => ref.identifier !== (fn as { id?: TSESTree.Node | null }).id && !ref.init && ref.isValueReference,
    );
    return uses.every((ref) => {
      const call = ref.identifier.parent;
      return call?.type === 'CallExpression' && call.callee === ref.identifier && this.runsOnlyAtLoad(call, depth);
    });
  }
}

/** `it`, `test.only`, `describe.each(table)`, `beforeEach`…: the test framework's globals (or vitest's imports), not shadowed by the file. */
function isTestHook(ctx: AnalysisContext, callee: TSESTree.Node): boolean {
  let root = unwrapExpression(callee);
  while (root.type === 'MemberExpression' || root.type === 'CallExpression')
    root = unwrapExpression(root.type === 'MemberExpression' ? root.object : root.callee);
  if (root.type !== 'Identifier' || !TEST_HOOKS.has(root.name)) return false;
  if (isGlobalReference(ctx, root, root.name)) return true;
  const imported = resolveImportedValue(ctx, root);
  return imported !== undefined && TEST_HOOK_MODULES.includes(imported.source);
}
