import type { TSESTree } from '@typescript-eslint/utils';
import type { AnalysisContext } from '../../core/context.js';
import { className, enclosingFunction, functionName, shortText, within } from '../../core/ast.js';
import type { CollectionUse } from './uses.js';
import type { CollectionFinding } from './findings.js';

/*
 * Collections that must keep every entry, where an LRUCache's eviction changes what the program
 * does rather than only what it recomputes: a Set recording what was already done (a redelivered
 * payment applied twice once its id is evicted), a collection read as a complete table (a mirror
 * of an accounts table whose evicted key reads as "no such account"), a count or id made from the
 * size (which stops growing at max, so ids repeat and overwrite). A cache is filled where it is
 * missed; a table is filled somewhere else and read as the truth.
 */

/** Why bounding this collection would change behaviour, or undefined when forgetting is only a recompute. */
export function mustKeepEveryEntry(ctx: AnalysisContext, finding: CollectionFinding): string | undefined {
  const at = (use: CollectionUse): string => `\`${shortText(ctx, use.node, 50)}\` at line ${use.node.loc.start.line}`;
  const byHand = 'bound it by hand only if losing an entry is harmless';

  const counted = finding.uses.find(isCount);
  if (counted) {
    return `it is counted (${at(counted)}): an LRUCache's size stops at max, so a count, or an id made from it, goes wrong once it is full (ids repeat and overwrite); ${byHand}`;
  }
  if (finding.kind === 'Set') {
    const test = finding.uses.find((use) => use.op === 'call' && use.method === 'has');
    if (test) {
      return `it records what was already seen (${at(test)}): evicting an entry lets the same item through again (a redelivered event applied twice). Keep de-duplication and idempotency sets complete (or expire them by time in a store made for it); ${byHand}`;
    }
    return undefined;
  }
  // Filled on a miss: a write in the lookup's function, or in a callback inside it (`.then(v => c.set(k, v))`).
  const fills = finding.uses.filter(isFill);
  const filledAround = (use: CollectionUse): boolean => {
    const around = enclosingFunction(use.node);
    return fills.some((fill) => (around ? within(around, fill.node) : enclosingFunction(fill.node) === undefined));
  };
  const lookup = finding.uses.find((use) => isLookup(finding, use) && !filledAround(use));
  const store = lookup && storeAround(lookup, fills);
  if (store) {
    return `it is the storage behind ${store.name}: ${store.reader}() reads it back (${at(lookup!)}) and ${store.writer}() fills it, so what the store is given is read back as the truth and an evicted entry is lost data, not a cache miss. Keep a store complete (or back it with a database); ${byHand}`;
  }
  if (lookup) {
    return `it is read as a complete table: ${at(lookup)} is in code that never fills it on a miss, so an evicted entry would read as absent (a known key refused, a record missing). A cache is filled where it is missed; ${byHand}`;
  }
  return undefined;
}

/**
 * The object or class whose methods both read the collection back (`lookup`) and fill it: a store
 * (`getStoredSession`/`setStoredSession`), the collection its storage.
 */
function storeAround(
  lookup: CollectionUse,
  fills: readonly CollectionUse[],
): { name: string; reader: string; writer: string } | undefined {
  const reader = methodAround(lookup.node);
  if (!reader) return undefined;
  for (const fill of fills) {
    const writer = methodAround(fill.node);
    if (writer && writer.holder === reader.holder && writer.name !== reader.name)
      return { name: holderName(reader.holder), reader: reader.name, writer: writer.name };
  }
  return undefined;
}

/** The named method (of an object literal or a class) whose own body holds `node`. */
function methodAround(
  node: TSESTree.Node,
): { holder: TSESTree.ObjectExpression | TSESTree.ClassBody; name: string } | undefined {
  const fn = enclosingFunction(node);
  const member = fn?.parent;
  if (!fn || (member?.type !== 'Property' && member?.type !== 'MethodDefinition') || member.value !== fn)
    return undefined;
  const name = functionName(fn);
  const holder = member.parent;
  if (name === undefined || (holder?.type !== 'ObjectExpression' && holder?.type !== 'ClassBody')) return undefined;
  return { holder, name };
}

function holderName(holder: TSESTree.ObjectExpression | TSESTree.ClassBody): string {
  if (holder.type === 'ClassBody') {
    const name = className(holder);
    return name === undefined ? 'a class' : `class ${name}`;
  }
  const parent = holder.parent;
  return parent?.type === 'VariableDeclarator' && parent.id.type === 'Identifier'
    ? `\`${parent.id.name}\``
    : 'an object';
}

/** `c.size`, `Object.keys(c).length` and the like, used as a number (not only shown in a log line). */
function isCount(use: CollectionUse): boolean {
  if (use.op === 'read') return use.property === 'size' && !use.key && !isOnlyShown(use.node);
  if (use.op !== 'builtin' || !['Object.keys', 'Object.values', 'Object.entries'].includes(use.name)) return false;
  const member = use.node.parent;
  return (
    member?.type === 'MemberExpression' &&
    member.object === use.node &&
    !member.computed &&
    member.property.type === 'Identifier' &&
    member.property.name === 'length'
  );
}

/** A value written into a template literal or handed to console.*: shown, not computed with. */
function isOnlyShown(node: TSESTree.Node): boolean {
  const parent = node.parent;
  if (parent?.type === 'TemplateLiteral') return true;
  return (
    parent?.type === 'CallExpression' &&
    parent.arguments.includes(node as TSESTree.CallExpressionArgument) &&
    parent.callee.type === 'MemberExpression' &&
    parent.callee.object.type === 'Identifier' &&
    parent.callee.object.name === 'console'
  );
}

function isFill(use: CollectionUse): boolean {
  return (
    (use.op === 'call' && (use.method === 'set' || use.method === 'add')) ||
    use.op === 'write' ||
    use.op === 'update' ||
    (use.op === 'builtin' && use.name === 'Object.assign')
  );
}

/** A read of one entry by key: `get`/`has`, `c[k]`, `k in c`, `Object.hasOwn(c, k)`. */
function isLookup(finding: CollectionFinding, use: CollectionUse): boolean {
  if (use.op === 'call') return use.method === 'get' || use.method === 'has' || use.method === 'hasOwnProperty';
  if (use.op === 'read') return finding.kind === 'object' && use.property !== 'size';
  if (use.op === 'in') return true;
  return use.op === 'builtin' && (use.name === 'Object.hasOwn' || use.name === 'Object.prototype.hasOwnProperty.call');
}
