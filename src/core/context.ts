import type { ParserServicesWithTypeInformation, TSESLint, TSESTree } from '@typescript-eslint/utils';

export type Scope = TSESLint.Scope.Scope;
export type Variable = TSESLint.Scope.Variable;
export type ScopeManager = TSESLint.Scope.ScopeManager;

/**
 * What a detector may read about one file. The same shape is built from an ESLint rule context
 * (rules) and from a stand-alone parse (codemods), so both run the exact same detector code.
 */
export interface AnalysisContext {
  readonly filename: string;
  /** The directory the lint or codemod run started in: project-relative paths are taken from it. */
  readonly cwd: string;
  /** Source text without a BOM; node ranges index into it. */
  readonly text: string;
  readonly ast: TSESTree.Program;
  readonly scopeManager: ScopeManager;
  /** The innermost scope that contains `node`. */
  getScope(node: TSESTree.Node): Scope;
  /** Set only when a rule option asked for type information and the parser provided it. */
  readonly types: ParserServicesWithTypeInformation | undefined;
}

/** Innermost scope containing `node`, found the way ESLint's SourceCode#getScope does. */
export function scopeOf(scopeManager: ScopeManager, node: TSESTree.Node): Scope {
  // A function's own scope is the one its name and parameters live in; for other nodes take the
  // innermost acquired scope walking outwards.
  const inner = node.type !== 'Program';
  for (let current: TSESTree.Node | undefined = node; current; current = current.parent) {
    const scope = scopeManager.acquire(current, inner);
    if (scope) {
      return scope.type === 'function-expression-name' ? scope.childScopes[0]! : scope;
    }
  }
  return scopeManager.scopes[0]!;
}

/** Module scope in ESM, the wrapper function scope in CommonJS, or the global scope of a script. */
export function isModuleLevelScope(scope: Scope): boolean {
  return (
    scope.type === 'module' || scope.type === 'global' || (scope.type === 'function' && scope.block.type === 'Program')
  );
}

/** The scope a module's top-level declarations live in. */
export function moduleScopeOf(scopeManager: ScopeManager): Scope {
  const global = scopeManager.globalScope ?? scopeManager.scopes[0]!;
  const child = global.childScopes.find(
    (s) => s.type === 'module' || (s.type === 'function' && s.block.type === 'Program'),
  );
  return child ?? global;
}

/** The variable `name` refers to at `node`, walking scopes outwards. */
export function findVariable(scope: Scope, name: string): Variable | undefined {
  for (let s: Scope | null = scope; s; s = s.upper) {
    const variable = s.set.get(name);
    if (variable) return variable;
  }
  return undefined;
}

/** Whether anything assigns `variable` again after its declaration (`x = …`, `x++`, a destructuring write). */
export function isReassigned(variable: Variable): boolean {
  return variable.references.some((ref) => ref.isWrite() && !ref.init);
}

/** The variable an identifier resolves to, through the scope manager's references when possible. */
export function resolveIdentifier(ctx: AnalysisContext, id: TSESTree.Identifier): Variable | undefined {
  const scope = ctx.getScope(id);
  const ref = scope.references.find((r) => r.identifier === id);
  if (ref) return ref.resolved ?? undefined;
  return findVariable(scope, id.name);
}
