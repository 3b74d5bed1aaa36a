import type { FileFacts } from './facts.js';

/**
 * What every warm run reads of each file's facts: enough to number the graph's nodes, link the
 * cached calls, propagate frequency, find the function at an offset and classify the process
 * roots (`program`: a few bytes, on few files). The rest (calls with their
 * arguments, registrations, exports, finite types) is needed only to link again after a change or to trace a
 * cache key through callers, so the disk cache keeps it apart and a run parses it per file when
 * first asked (about two thirds of the facts' bytes).
 */
export type FactsHead = Pick<FileFacts, 'functions' | 'classes' | 'imports' | 'program' | 'parseError'>;
type FactsRest = Pick<
  FileFacts,
  'calls' | 'entries' | 'exports' | 'starExports' | 'cjsExports' | 'cjsReturns' | 'finiteTypes'
>;

/** The rest's JSON as it was read from the disk cache, while nothing asked for it. */
const unread = Symbol('unread facts');

interface LazyFacts extends FileFacts {
  [unread]?: () => string;
}

export function headOf(facts: FileFacts): FactsHead {
  const { functions, classes, imports, program, parseError } = facts;
  return {
    functions,
    classes,
    imports,
    ...(program !== undefined ? { program } : {}),
    ...(parseError !== undefined ? { parseError } : {}),
  };
}

/** The rest of `facts` as JSON: the text it was read from when nothing parsed it since. */
export function restJson(facts: FileFacts): string {
  const text = (facts as LazyFacts)[unread];
  if (text) return text();
  const { calls, entries, exports, starExports, cjsExports, cjsReturns, finiteTypes } = facts;
  return JSON.stringify({
    calls,
    entries,
    exports,
    starExports,
    cjsExports,
    cjsReturns,
    finiteTypes,
  } satisfies FactsRest);
}

/** Facts whose head is at hand and whose rest is parsed from `text()` on first use. */
export function lazyFacts(head: FactsHead, text: () => string): FileFacts {
  let rest: FactsRest | undefined;
  const read = (): FactsRest => {
    if (!rest) {
      rest = JSON.parse(text()) as FactsRest;
      delete facts[unread];
    }
    return rest;
  };
  const facts: LazyFacts = {
    ...head,
    get calls() {
      return read().calls;
    },
    get entries() {
      return read().entries;
    },
    get exports() {
      return read().exports;
    },
    get starExports() {
      return read().starExports;
    },
    get cjsExports() {
      return read().cjsExports;
    },
    get cjsReturns() {
      return read().cjsReturns;
    },
    get finiteTypes() {
      return read().finiteTypes;
    },
  };
  Object.defineProperty(facts, unread, { value: text, configurable: true, enumerable: false });
  return facts;
}
