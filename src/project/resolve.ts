import type { FileFacts, Value } from './facts.js';
import type { RegistryModuleOf } from './registry-files.js';

/** What a Value is once followed across files. */
export type Resolved =
  | { readonly t: 'fn'; readonly file: number; readonly i: number }
  | { readonly t: 'class'; readonly file: number; readonly i: number }
  | { readonly t: 'instance'; readonly file: number; readonly i: number }
  | { readonly t: 'module'; readonly file: number }
  | { readonly t: 'object'; readonly file: number; readonly value: Value & { k: 'object' } };

/**
 * A record's own entry: facts are plain objects (JSON from the cache too), so `methods.constructor`
 * or `members.toString` would otherwise find Object.prototype's functions.
 */
const own = <T>(record: Readonly<Record<string, T>>, name: string): T | undefined =>
  Object.hasOwn(record, name) ? record[name] : undefined;

/** Hops followed for one value across files (re-export chains, aliases, fields), against cycles. */
const MAX_HOPS = 32;
/** `fn.call(…)`, `fn.apply(…)`, `fn.bind(…)` still run `fn`. */
const CALL_FORMS = new Set(['call', 'apply', 'bind']);

/** A method a class inherits: its name, the superclass that declares it, and its function's index in that file. */
export interface InheritedMethodRef {
  readonly name: string;
  readonly cls: { readonly file: number; readonly i: number };
  readonly fn: number;
}

/**
 * Follows values through imports, re-exports (`export *` included), CommonJS `module.exports`,
 * object literals, instance fields and superclasses to the function or class they name.
 */
export class ValueResolver {
  constructor(
    private readonly facts: readonly FileFacts[],
    /** The project file a specifier imported from `file` names, if any. */
    private readonly moduleOf: (file: number, source: string) => number | undefined,
    /** The module a name in a framework's global registry (`sails.helpers.x.y`) is; none when absent. */
    private readonly registryModuleOf?: RegistryModuleOf,
  ) {}

  resolve(file: number, value: Value, path: readonly string[] = [], hops = 0): Resolved | undefined {
    if (hops > MAX_HOPS) return undefined;
    switch (value.k) {
      case 'member':
        return this.resolve(file, value.of, [value.name, ...path], hops + 1);
      case 'import': {
        const target = this.moduleOf(file, value.source);
        if (target === undefined) return undefined;
        const base =
          value.name === '*' ? ({ t: 'module', file: target } as const) : this.exportOf(target, value.name, hops + 1);
        return base && this.step(base, path, hops + 1);
      }
      case 'global': {
        // `sails.helpers.a.b(…)` and `.with(…)` run the `fn` of api/helpers/a/b.js's module.exports;
        // `sails.hooks.x.y(…)` runs method `y` of the object api/hooks/x/index.js's module.exports returns.
        const entry = this.registryModuleOf?.(file, value.name, path);
        if (!entry) return undefined;
        const { holds } = entry.registry;
        if (holds === 'returned-object') {
          const returned = this.facts[entry.file]!.cjsReturns;
          return returned && this.resolve(entry.file, returned, entry.rest, hops + 1);
        }
        const [form, ...more] = entry.rest;
        if (more.length > 0 || (form !== undefined && !holds.callForms.has(form))) return undefined;
        const exported = this.facts[entry.file]!.cjsExports;
        return exported && this.resolve(entry.file, exported, [holds.member], hops + 1);
      }
      case 'fn':
        return this.step({ t: 'fn', file, i: value.i }, path, hops);
      case 'class':
        return this.step({ t: 'class', file, i: value.i }, path, hops);
      case 'new': {
        const cls = this.resolve(file, value.of, [], hops + 1);
        return cls?.t === 'class' ? this.step({ t: 'instance', file: cls.file, i: cls.i }, path, hops + 1) : undefined;
      }
      case 'object':
        return this.step({ t: 'object', file, value }, path, hops);
      case 'call': {
        // A static accessor hands back its class's instance (FunctionFact `returnsInstance`).
        const fn = this.resolve(file, value.of, [], hops + 1);
        const cls = fn?.t === 'fn' ? this.facts[fn.file]!.functions[fn.i]!.returnsInstance : undefined;
        return fn && cls !== undefined
          ? this.step({ t: 'instance', file: fn.file, i: cls }, path, hops + 1)
          : undefined;
      }
      default:
        return undefined;
    }
  }

  /**
   * What calling (or constructing) `value` runs: as resolve, except that a whole module is the
   * value its `module.exports = …` assigns (`require('./x')()`, `const x = require('./x'); x()`).
   */
  callee(file: number, value: Value): Resolved | undefined {
    let target = this.resolve(file, value);
    // `module.exports = require('./impl')` hands on another module: followed as far as resolve follows hops.
    for (let hops = 0; target?.t === 'module' && hops < MAX_HOPS; hops++) {
      const cjs = this.facts[target.file]!.cjsExports;
      target = cjs && this.resolve(target.file, cjs);
    }
    return target;
  }

  /** Each module's exported names, its own and those its `export *` bring, built once per module. */
  private readonly tables = new Map<number, Map<string, { readonly file: number; readonly value: Value }>>();

  /** The value a module exports under `name`: its own export, one an `export *` brings, or CommonJS `module.exports`. */
  exportOf(file: number, name: string, hops: number): Resolved | undefined {
    if (hops > MAX_HOPS) return undefined;
    const entry = this.exportTable(file).get(name);
    if (entry) return this.resolve(entry.file, entry.value, [], hops + 1);
    const cjs = this.facts[file]!.cjsExports;
    return cjs && this.resolve(file, cjs, name === 'default' ? [] : [name], hops + 1);
  }

  /**
   * The file that declares what module `file` exports as `name`, with the name it has there,
   * followed through `export { x as name } from` and `export *`: where a type's declaration is.
   */
  declarationOf(file: number, name: string, hops = 0): { readonly file: number; readonly name: string } | undefined {
    if (hops > MAX_HOPS) return undefined;
    const entry = this.exportTable(file).get(name);
    if (!entry) return undefined;
    const { value } = entry;
    if (value.k !== 'import' || value.name === '*') return { file: entry.file, name };
    const target = this.moduleOf(entry.file, value.source);
    return target === undefined ? undefined : this.declarationOf(target, value.name, hops + 1);
  }

  private exportTable(
    file: number,
    building = new Set<number>(),
  ): Map<string, { readonly file: number; readonly value: Value }> {
    const known = this.tables.get(file);
    if (known) return known;
    // An `export *` cycle: the module's own names are all it adds on the way round.
    if (building.has(file)) return new Map();
    building.add(file);
    const facts = this.facts[file]!;
    const table = new Map<string, { file: number; value: Value }>();
    for (const source of facts.starExports) {
      const target = this.moduleOf(file, source);
      if (target === undefined) continue;
      for (const [name, entry] of this.exportTable(target, building))
        if (name !== 'default' && !table.has(name)) table.set(name, entry);
    }
    // A module's own exports win over names an `export *` brings.
    for (const [name, value] of Object.entries(facts.exports)) table.set(name, { file, value });
    building.delete(file);
    this.tables.set(file, table);
    return table;
  }

  private step(base: Resolved, path: readonly string[], hops: number): Resolved | undefined {
    if (path.length === 0) return base;
    const [name, ...rest] = path as [string, ...string[]];
    switch (base.t) {
      case 'module': {
        const exported = this.exportOf(base.file, name, hops + 1);
        return exported && this.step(exported, rest, hops + 1);
      }
      case 'fn':
        return CALL_FORMS.has(name) && rest.length === 0 ? base : undefined;
      case 'object': {
        const member = own(base.value.members, name);
        return member && this.resolve(base.file, member, rest, hops + 1);
      }
      case 'class': {
        const fn = this.member(base, name, true, hops);
        return fn && this.step(fn, rest, hops + 1);
      }
      case 'instance': {
        const fn = this.member(base, name, false, hops);
        const method = fn && this.step(fn, rest, hops + 1);
        if (method) return method;
        // A getter is also a field, what it returns: `api.channels.list()` through `get channels()`.
        const field = this.field(base, name, hops);
        return field && this.step(field, rest, hops + 1);
      }
    }
  }

  /** A method (or static method) of a class or its superclasses. */
  private member(
    cls: { file: number; i: number },
    name: string,
    isStatic: boolean,
    hops: number,
  ): Resolved | undefined {
    for (let current: { file: number; i: number } | undefined = cls, depth = 0; current && depth < 8; depth++) {
      const fact = this.facts[current.file]!.classes[current.i]!;
      const index = own(isStatic ? fact.statics : fact.methods, name);
      if (index !== undefined) return { t: 'fn', file: current.file, i: index };
      current = this.superOf(current, hops);
    }
    return undefined;
  }

  private field(cls: { file: number; i: number }, name: string, hops: number): Resolved | undefined {
    for (let current: { file: number; i: number } | undefined = cls, depth = 0; current && depth < 8; depth++) {
      const value = own(this.facts[current.file]!.classes[current.i]!.fields, name);
      if (value) return this.resolve(current.file, value, [], hops + 1);
      current = this.superOf(current, hops);
    }
    return undefined;
  }

  /** The class's constructor, or its nearest superclass's. */
  constructorOf(cls: { file: number; i: number }, hops = 0): Resolved | undefined {
    for (let current: { file: number; i: number } | undefined = cls, depth = 0; current && depth < 8; depth++) {
      const ctor = this.facts[current.file]!.classes[current.i]!.ctor;
      if (ctor !== undefined) return { t: 'fn', file: current.file, i: ctor };
      current = this.superOf(current, hops);
    }
    return undefined;
  }

  /**
   * The methods a class inherits from its superclasses in the project (as far as they resolve, at
   * most 8 up), nearest first; a name the class or a nearer superclass declares is left out.
   */
  inheritedMethodsOf(cls: { file: number; i: number }): InheritedMethodRef[] {
    const seen = new Set(Object.keys(this.facts[cls.file]!.classes[cls.i]!.methods));
    const found: InheritedMethodRef[] = [];
    let current = this.superOf(cls, 0);
    for (let depth = 0; current && depth < 8; depth++, current = this.superOf(current, 0)) {
      for (const [name, fn] of Object.entries(this.facts[current.file]!.classes[current.i]!.methods)) {
        if (seen.has(name)) continue;
        seen.add(name);
        found.push({ name, cls: current, fn });
      }
    }
    return found;
  }

  private superOf(cls: { file: number; i: number }, hops: number): { file: number; i: number } | undefined {
    const superClass = this.facts[cls.file]!.classes[cls.i]!.superClass;
    const resolved = superClass && this.resolve(cls.file, superClass, [], hops + 1);
    return resolved?.t === 'class' ? resolved : undefined;
  }
}
