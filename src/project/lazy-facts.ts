import type { FileFacts } from './facts.js';

/**
 * What every warm run reads of each file's facts: enough to link the cached calls and classify
 * the process roots (`program`: a few bytes, on few files), and the module's interface (its
 * exports, `export *` sources and CommonJS exports: 2 % of the facts' bytes on joplin), which
 * resolving any value through the module reads: kept here, a question that follows an import
 * through a module parses none of that module's rest (joplin: 909 of the 973 rests a warm lint
 * parsed were read for the interface alone). Two parts are kept apart, each parsed per file when
 * first asked:
 * - the functions (two thirds of the head's bytes on joplin, 3.0 of 4.56 MB): the graph numbers its
 *   nodes by their count, which the head keeps, and a question reads the functions of the files it
 *   meets (the linted file, a factory, a chain's steps), not all of them;
 * - the rest (calls with their arguments, registrations, finite types), needed only to link again
 *   after a change or to trace a cache key through callers (about two thirds of the facts' bytes).
 */
export type FactsHead = Pick<
  FileFacts,
  'classes' | 'imports' | 'program' | 'parseError' | 'exports' | 'starExports' | 'cjsExports' | 'cjsReturns'
>;
type FactsRest = Pick<FileFacts, 'calls' | 'entries' | 'finiteTypes' | 'methodCalls'>;

/** Where a file's functions and rest are while unparsed: their JSON, read from the disk cache on demand. */
export interface LazyParts {
  /** How many functions the file has: the graph numbers its nodes by it. */
  readonly functionCount: number;
  readonly functions: () => string;
  readonly rest: () => string;
}

/**
 * Facts whose head is at hand and whose functions and rest are parsed from their text on first
 * use. A class, not an object literal with getters per file: a warm run makes one per project file
 * before its first answer, and per-object getters and closures were half of loading joplin's cache
 * (35 of 70 ms). The lazy fields are the prototype's getters, so a spread (`{ ...facts }`) copies
 * the head only.
 */
class LazyFacts implements FileFacts {
  readonly functionCount: number;
  readonly classes: FileFacts['classes'];
  readonly imports: FileFacts['imports'];
  readonly exports: FileFacts['exports'];
  readonly starExports: FileFacts['starExports'];
  declare readonly cjsExports?: FileFacts['cjsExports'];
  declare readonly cjsReturns?: FileFacts['cjsReturns'];
  declare readonly program?: FileFacts['program'];
  declare readonly parseError?: string;
  #functions: FileFacts['functions'] | undefined;
  /** The functions' JSON as it was read from the disk cache, while nothing asked for them. */
  #functionsText: (() => string) | undefined;
  #rest: FactsRest | undefined;
  /** The rest's JSON as it was read from the disk cache, while nothing asked for it. */
  #text: (() => string) | undefined;

  constructor(head: FactsHead, parts: LazyParts) {
    this.functionCount = parts.functionCount;
    this.classes = head.classes;
    this.imports = head.imports;
    this.exports = head.exports;
    this.starExports = head.starExports;
    // Absent, not undefined, when the head has none: as the facts a parse gives.
    const optional = this as Pick<FileFacts, 'program' | 'parseError' | 'cjsExports' | 'cjsReturns'>;
    if (head.program !== undefined) optional.program = head.program;
    if (head.parseError !== undefined) optional.parseError = head.parseError;
    if (head.cjsExports !== undefined) optional.cjsExports = head.cjsExports;
    if (head.cjsReturns !== undefined) optional.cjsReturns = head.cjsReturns;
    this.#functionsText = parts.functions;
    this.#text = parts.rest;
  }

  /** The rest's text while it is unparsed, else undefined. */
  unreadText(): string | undefined {
    return this.#text?.();
  }

  /** The functions' text while they are unparsed, else undefined. */
  unreadFunctions(): string | undefined {
    return this.#functionsText?.();
  }

  get functions(): FileFacts['functions'] {
    if (!this.#functions) {
      this.#functions = JSON.parse(this.#functionsText!()) as FileFacts['functions'];
      this.#functionsText = undefined;
    }
    return this.#functions;
  }

  #read(): FactsRest {
    if (!this.#rest) {
      this.#rest = JSON.parse(this.#text!()) as FactsRest;
      this.#text = undefined;
    }
    return this.#rest;
  }

  get calls(): FileFacts['calls'] {
    return this.#read().calls;
  }
  get entries(): FileFacts['entries'] {
    return this.#read().entries;
  }
  get finiteTypes(): FileFacts['finiteTypes'] {
    return this.#read().finiteTypes;
  }
  get methodCalls(): FileFacts['methodCalls'] {
    return this.#read().methodCalls;
  }
}

export function headOf(facts: FileFacts): FactsHead {
  const { classes, imports, program, parseError, exports, starExports, cjsExports, cjsReturns } = facts;
  return {
    classes,
    imports,
    ...(program !== undefined ? { program } : {}),
    ...(parseError !== undefined ? { parseError } : {}),
    exports,
    starExports,
    ...(cjsExports !== undefined ? { cjsExports } : {}),
    ...(cjsReturns !== undefined ? { cjsReturns } : {}),
  };
}

/** The rest of `facts` as JSON: the text it was read from when nothing parsed it since. */
export function restJson(facts: FileFacts): string {
  const text = facts instanceof LazyFacts ? facts.unreadText() : undefined;
  if (text !== undefined) return text;
  const { calls, entries, finiteTypes, methodCalls } = facts;
  return JSON.stringify({ calls, entries, finiteTypes, methodCalls } satisfies FactsRest);
}

/** The functions of `facts` as JSON: the text they were read from when nothing parsed them since. */
export function functionsJson(facts: FileFacts): string {
  const text = facts instanceof LazyFacts ? facts.unreadFunctions() : undefined;
  return text ?? JSON.stringify(facts.functions);
}

/** How many functions `facts` has, without parsing lazy facts' functions. */
export function functionCountOf(facts: FileFacts): number {
  return facts instanceof LazyFacts ? facts.functionCount : facts.functions.length;
}

/** Facts whose head is at hand and whose functions and rest are parsed from `parts` on first use. */
export function lazyFacts(head: FactsHead, parts: LazyParts): FileFacts {
  return new LazyFacts(head, parts);
}
