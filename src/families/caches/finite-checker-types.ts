import { createRequire } from 'node:module';
import type * as ts from 'typescript';
import type { TSESTree } from '@typescript-eslint/utils';
import type { AnalysisContext } from '../../core/context.js';

/* The checker's side of the finite-key question, used only when type information is on. */

let typescriptModule: typeof ts | undefined;

/** TypeScript itself, loaded only on the type-aware path (it is an optional peer dependency). */
function typescript(): typeof ts {
  typescriptModule ??= createRequire(import.meta.url)('typescript') as typeof ts;
  return typescriptModule;
}

/** With `typeAware` and type information, whether the checker gives `node` a finite type. */
export function hasFiniteCheckerType(ctx: AnalysisContext, node: TSESTree.Node, typeAware: boolean): boolean {
  if (!typeAware || ctx.types === undefined) return false;
  return isFiniteType(ctx.types.getTypeAtLocation(node), ctx.types.program.getTypeChecker());
}

/**
 * A checker type with finitely many values: literal types, enums, booleans and unions of them, or
 * a type parameter constrained to one (`<K extends keyof Hooks>`).
 */
export function isFiniteType(type: ts.Type, checker: ts.TypeChecker): boolean {
  const { TypeFlags } = typescript();
  if (type.flags & TypeFlags.TypeParameter) {
    const constraint = checker.getBaseConstraintOfType(type);
    return constraint !== undefined && constraint !== type && isFiniteType(constraint, checker);
  }
  if (type.isUnion()) return type.types.every((member) => isFiniteType(member, checker));
  const finite =
    TypeFlags.StringLiteral |
    TypeFlags.NumberLiteral |
    TypeFlags.BigIntLiteral |
    TypeFlags.BooleanLiteral |
    TypeFlags.Boolean |
    TypeFlags.EnumLiteral |
    TypeFlags.Enum |
    TypeFlags.Undefined |
    TypeFlags.Null |
    TypeFlags.Void |
    TypeFlags.Never |
    TypeFlags.UniqueESSymbol;
  return (type.flags & finite) !== 0;
}

/** An object type whose keys are all declared (no index signature, not any): `Object.assign` from it adds a fixed few. */
export function hasOnlyKnownProperties(checker: ts.TypeChecker, type: ts.Type): boolean {
  const { TypeFlags } = typescript();
  if (type.flags & (TypeFlags.Any | TypeFlags.Unknown)) return false;
  return checker.getIndexInfosOfType(type).length === 0;
}
