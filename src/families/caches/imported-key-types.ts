import type { TSESTree } from '@typescript-eslint/utils';
import { findVariable, type AnalysisContext } from '../../core/context.js';
import { projectFiniteType } from '../../frequency/frequency-of.js';

/*
 * A key's declared type that another file of the project declares: `senderId: EmailSender` with
 * `EmailSender` an enum imported from the database types, `Map<Plan['size'], Limiter>` with `size`
 * a union of literals. One file cannot see the declaration; the project index reads it
 * (src/project/finite-types.ts), so this answers only with the index on.
 */

/**
 * Why `type` takes a fixed few values when it names a type imported from another file of the
 * project (`Sender`, or a property of one, `Plan['size']`): "the enum Sender, declared in
 * src/types.ts". Undefined without the project index, or when the type is not one of those.
 */
export function importedFiniteTypeOf(ctx: AnalysisContext, type: TSESTree.TypeNode): string | undefined {
  if (type.type === 'TSTypeReference') return type.typeArguments ? undefined : askIndex(ctx, type.typeName);
  if (type.type !== 'TSIndexedAccessType') return undefined;
  // `Plan['size']`: a property of an imported interface or object type.
  const { objectType, indexType } = type;
  if (objectType.type !== 'TSTypeReference' || objectType.typeArguments || indexType.type !== 'TSLiteralType')
    return undefined;
  const member = indexType.literal.type === 'Literal' ? indexType.literal.value : undefined;
  return typeof member === 'string' ? askIndex(ctx, objectType.typeName, member) : undefined;
}

function askIndex(ctx: AnalysisContext, name: TSESTree.EntityName, member?: string): string | undefined {
  if (name.type !== 'Identifier') return undefined;
  const def = findVariable(ctx.getScope(name), name.name)?.defs.find((d) => d.type === 'ImportBinding');
  if (def?.node.type !== 'ImportSpecifier' || def.parent?.type !== 'ImportDeclaration') return undefined;
  const imported = def.node.imported;
  const exported = imported.type === 'Identifier' ? imported.name : imported.value;
  return projectFiniteType(ctx, def.parent.source.value, exported, member);
}
