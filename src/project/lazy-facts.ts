import type { FileFacts } from './facts.js';

/**
 * What every warm run reads of each file's facts: enough to number the graph's nodes, link the
 * cached calls, propagate frequency, find the function at an offset and classify the process
 * roots (`program`: a few bytes, on few files), and the module's interface (its exports, `export *`
 * sources and CommonJS exports: 2 % of the facts' bytes on joplin), which resolving any value
 * through the module reads: kept here, a question that follows an import through a module parses
 * none of that module's rest (joplin: 909 of the 973 rests a warm lint parsed were read for the
 * interface alone). The rest (calls with their arguments, registrations, finite types) is needed
 * only to link again after a change or to trace a cache key through callers, so the disk cache
 * keeps it apart and a run parses it per file when first asked (about two thirds of the facts' bytes).
 */
export type FactsHead = Pick<
  FileFacts,
  | 'functions'
  | 'classes'
  | 'imports'
  | 'program'
  | 'parseError'
  | 'exports'
  | 'starExports'
  | 'cjsExports'
  | 'cjsReturns'
>;
type FactsRest = Pick<FileFacts, 'calls' | 'entries' | 'finiteTypes' | 'methodCalls'>;

/**
 * Facts whose head is at hand and whose rest is parsed from its text on first use. A class, not an
 * object literal with getters per file: a warm run makes one per project file before its first
 * answer, and per-object getters and closures were half of loading joplin's cache (35 of 70 ms).
 * The rest's fields are the prototype's getters, so a spread (`{ ...facts }`) copies the head only.
 */
class LazyFacts implements FileFacts {
  readonly functions: FileFacts['functions'];
  readonly classes: FileFacts['classes'];
  readonly imports: FileFacts['imports'];
  readonly exports: FileFacts['exports'];
  readonly starExports: FileFacts['starExports'];
  declare readonly cjsExports?: FileFacts['cjsExports'];
  declare readonly cjsReturns?: FileFacts['cjsReturns'];
  declare readonly program?: FileFacts['program'];
  declare readonly parseError?: string;
  #rest: FactsRest | undefined;
  /** The rest's JSON as it was read from the disk cache, while nothing asked for it. */
  #text: (() => string) | undefined;

  constructor(head: FactsHead, text: () => string) {
    this.functions = head.functions;
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
    this.#text = text;
  }

  /** The rest's text while it is unparsed, else undefined. */
  unreadText(): string | undefined {
    return this.#text?.();
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
  const { functions, classes, imports, program, parseError, exports, starExports, cjsExports, cjsReturns } = facts;
  return {
    functions,
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

/** Facts whose head is at hand and whose rest is parsed from `text()` on first use. */
export function lazyFacts(head: FactsHead, text: () => string): FileFacts {
  return new LazyFacts(head, text);
}
