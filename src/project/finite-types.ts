import type { AstNode } from './ast.js';
import type { FileFacts } from './facts.js';
import type { ValueResolver } from './resolve.js';

/**
 * The types a file declares at its top level that admit a fixed few values, by name, each with
 * the words that say why: an enum, an alias of a union of literals (or of such types declared
 * beside it), and the properties of an interface or object type whose type is one of those
 * (`Plan.size` for `interface Plan { size: 's' | 'm' }`, read as `Plan['size']`). A key whose
 * declared type is one of them, imported into another file, takes only those values (held-out:
 * a sender table keyed by an imported `EmailSender` enum was reported as keyed by request input).
 * Syntax only: a type built from another file's types is not followed.
 */
export function finiteTypesOf(program: AstNode): Record<string, string> {
  const declarations = new Map<string, AstNode>();
  for (const statement of program.body as AstNode[]) {
    const declaration =
      statement.type === 'ExportNamedDeclaration' || statement.type === 'ExportDefaultDeclaration'
        ? (statement.declaration as AstNode | null)
        : statement;
    const id = declaration?.id as AstNode | null | undefined;
    if (declaration && id?.type === 'Identifier' && TYPE_DECLARATIONS.has(declaration.type))
      declarations.set(id.name as string, declaration);
  }
  const finite: Record<string, string> = {};
  const judged = new Map<string, boolean>();
  const isFiniteName = (name: string, depth: number): boolean => {
    const known = judged.get(name);
    if (known !== undefined) return known;
    const declaration = declarations.get(name);
    if (!declaration || depth > MAX_DEPTH) return false;
    judged.set(name, false);
    const verdict =
      declaration.type === 'TSEnumDeclaration' ||
      (declaration.type === 'TSTypeAliasDeclaration' &&
        !declaration.typeParameters &&
        isFiniteType(declaration.typeAnnotation as AstNode, depth + 1));
    judged.set(name, verdict);
    return verdict;
  };
  const isFiniteType = (type: AstNode, depth: number): boolean => {
    switch (type.type) {
      case 'TSLiteralType':
        return type.literal.type !== 'TemplateLiteral' || (type.literal.expressions as AstNode[]).length === 0;
      case 'TSBooleanKeyword':
      case 'TSNullKeyword':
      case 'TSUndefinedKeyword':
        return true;
      case 'TSUnionType':
        return (type.types as AstNode[]).every((member) => isFiniteType(member, depth + 1));
      case 'TSTypeReference': {
        if (type.typeArguments) return false;
        const name = type.typeName as AstNode;
        // `Sender.NoReply`: one member of an enum declared here.
        if (name.type === 'TSQualifiedName')
          return (
            name.left.type === 'Identifier' && declarations.get(name.left.name as string)?.type === 'TSEnumDeclaration'
          );
        return name.type === 'Identifier' && isFiniteName(name.name as string, depth + 1);
      }
      default:
        return false;
    }
  };
  for (const [name, declaration] of declarations) {
    if (isFiniteName(name, 0))
      finite[name] =
        declaration.type === 'TSEnumDeclaration' ? `the enum ${name}` : `the type ${name}, a union of literals`;
    for (const [property, type] of propertyTypes(declaration))
      if (isFiniteType(type, 0)) finite[`${name}.${property}`] = `${name}['${property}'], a union of literals`;
  }
  return finite;
}

const TYPE_DECLARATIONS = new Set(['TSEnumDeclaration', 'TSTypeAliasDeclaration', 'TSInterfaceDeclaration']);
const MAX_DEPTH = 16;

/** The named properties of an interface or an object type alias, with their declared types. */
function propertyTypes(declaration: AstNode): [string, AstNode][] {
  const members =
    declaration.type === 'TSInterfaceDeclaration'
      ? (declaration.body.body as AstNode[])
      : declaration.type === 'TSTypeAliasDeclaration' && declaration.typeAnnotation.type === 'TSTypeLiteral'
        ? (declaration.typeAnnotation.members as AstNode[])
        : [];
  const properties: [string, AstNode][] = [];
  for (const member of members) {
    if (member.type !== 'TSPropertySignature' || member.computed || !member.typeAnnotation) continue;
    const key = member.key as AstNode;
    const name =
      key.type === 'Identifier' ? (key.name as string) : typeof key.value === 'string' ? key.value : undefined;
    if (name !== undefined) properties.push([name, member.typeAnnotation.typeAnnotation as AstNode]);
  }
  return properties;
}

/**
 * Why the type `name` (its property `member`, for `Plan['size']`) that file `from` imports from
 * `source` admits a fixed few values, followed through re-exports (`export { X } from`, `export *`)
 * to the file that declares it: undefined when it does not, or the declaration is not found.
 */
export function importedFiniteType(
  facts: readonly FileFacts[],
  values: ValueResolver,
  moduleOf: (file: number, specifier: string) => number | undefined,
  from: number,
  source: string,
  name: string,
  member?: string,
): { readonly why: string; readonly file: number } | undefined {
  const target = moduleOf(from, source);
  const declared = target === undefined ? undefined : values.declarationOf(target, name);
  if (!declared) return undefined;
  const why = facts[declared.file]!.finiteTypes?.[member === undefined ? declared.name : `${declared.name}.${member}`];
  return why === undefined ? undefined : { why, file: declared.file };
}
