import type { FileFacts, Value } from './facts.js';
import type { ValueResolver } from './resolve.js';

/** A library export that a project factory or class builds afresh for each call or instance. */
export interface FreshBuild {
  /** The module as the factory's file names it (`pg`) and the path below it (`['Pool']`, `['default']`, `[]`). */
  readonly source: string;
  readonly path: readonly string[];
  readonly isNew: boolean;
  /** The project's factories and classes on the way, the one called first: `getDb()` at src/db.ts:4. */
  readonly through: readonly FactoryStep[];
}

export interface FactoryStep {
  readonly file: number;
  /** The function whose runs build it: the factory, or the class's constructor (none for field initializers alone). */
  readonly fn: number | undefined;
  /** Where the construction is. */
  readonly line: number;
  /** `getDb()`, `new Storage()`. */
  readonly name: string;
}

/** Factories that call factories: how deep a chain is followed. */
const MAX_CHAIN = 4;

/**
 * What calling (or, with `isNew`, constructing) `value`, as file `file` names it, builds afresh
 * from a library: a function whose every return is that construction (builds.ts), or a class
 * whose set-up builds it, followed through the project's own factories. Undefined when it is not
 * one, or when the chain ends in the project (a plain object, a cache).
 */
export function freshBuildOf(
  facts: readonly FileFacts[],
  resolver: ValueResolver,
  file: number,
  value: Value,
  isNew: boolean,
  depth = 0,
): FreshBuild | undefined {
  if (depth > MAX_CHAIN) return undefined;
  const target = resolver.resolve(file, value);
  if (!target) return depth === 0 ? undefined : external(resolver, file, value, isNew);
  if (!isNew && target.t === 'fn') {
    const fn = facts[target.file]!.functions[target.i]!;
    const build = fn.builds;
    const next = build && freshBuildOf(facts, resolver, target.file, build.callee, build.isNew, depth + 1);
    return (
      next && {
        ...next,
        through: [{ file: target.file, fn: target.i, line: build.line, name: `${fn.name}()` }, ...next.through],
      }
    );
  }
  if (isNew && target.t === 'class') {
    const cls = facts[target.file]!.classes[target.i]!;
    for (const build of cls.builds ?? []) {
      const next = freshBuildOf(facts, resolver, target.file, build.callee, build.isNew, depth + 1);
      if (next)
        return {
          ...next,
          through: [{ file: target.file, fn: cls.ctor, line: build.line, name: `new ${cls.name}()` }, ...next.through],
        };
    }
  }
  return undefined;
}

/** A value read from a module outside the project (a package): its specifier and the path below it. */
function external(resolver: ValueResolver, file: number, value: Value, isNew: boolean): FreshBuild | undefined {
  const names: string[] = [];
  let current = value;
  while (current.k === 'member') {
    names.unshift(current.name);
    current = current.of;
  }
  if (current.k !== 'import') return undefined;
  // A project module whose export could not be followed is not a library.
  if (resolver.resolve(file, { k: 'import', source: current.source, name: '*' })) return undefined;
  return { source: current.source, path: current.name === '*' ? names : [current.name, ...names], isNew, through: [] };
}
