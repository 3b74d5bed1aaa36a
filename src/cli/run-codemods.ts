import { readFileSync } from 'node:fs';
import { diffLines } from 'diff';
import { codemods } from '../../codemods/index.js';
import { SourceParseError } from '../core/parse.js';
import { CodemodOutputError, type LeftSite, type RewrittenSite } from '../codemod-kit/define-codemod.js';
import { BINARY_FILE, decodeUtf8, isBinary } from '../core/source-files.js';
import { withSharedTracker, type TrackerRun } from './shared-tracker.js';
import { assertParses } from '../core/syntax-check.js';

export interface CodemodSites {
  readonly codemod: string;
  readonly rewritten: readonly RewrittenSite[];
  readonly left: readonly LeftSite[];
}

export type FailureKind = 'parse' | 'output' | 'binary' | 'encoding' | 'unreadable' | 'error';

export type FileOutcome =
  | {
      readonly file: string;
      readonly status: 'changed' | 'unchanged';
      /** Present when changed: the text to write. */
      readonly output?: string;
      readonly original?: string;
      readonly sites: readonly CodemodSites[];
    }
  | { readonly file: string; readonly status: 'failed'; readonly kind: FailureKind; readonly message: string }
  /** A test file by its imports (a test framework), found once a codemod parsed it; left as it is. */
  | { readonly file: string; readonly status: 'skipped'; readonly reason: 'test' };

/** Validated options per codemod name, as codemod.parseOptions returned them. */
export type CodemodOptions = Record<string, unknown>;

/** What one migrate run applies to every file (plain data: it is sent to worker threads). */
export interface CodemodRun extends TrackerRun {
  /** The codemods, in the order they run. */
  readonly names: readonly string[];
  readonly options: CodemodOptions;
  /** The rule names (without prefix) the run's config enables, as `check` with the same config. */
  readonly enabledRules: readonly string[];
  /** Leave test files alone: those their path names are not listed; those importing a test framework stop here. */
  readonly skipTests: boolean;
  /** Absolute paths of the files named on the command line: taken as they are, tests too. */
  readonly namedFiles: readonly string[];
  /** The CLI's directory, which file roles are judged from, as `check` judges them from ESLint's cwd. */
  readonly cwd: string;
}

/**
 * Runs the named codemods on one file in order, each on the previous one's output, so the file is
 * read once and written (by the caller) once. Never throws: every failure is an outcome.
 */
export function runCodemodsOnFile(file: string, run: CodemodRun): FileOutcome {
  const { names } = run;
  const scope = {
    enabledRules: new Set(run.enabledRules),
    skipTestFiles: run.skipTests && !run.namedFiles.includes(file),
    cwd: run.cwd,
  };
  let original: string;
  try {
    const bytes = readFileSync(file);
    if (isBinary(bytes, file)) return { file, status: 'failed', kind: 'binary', message: BINARY_FILE };
    const decoded = decodeUtf8(bytes);
    // Decoding Latin-1 or UTF-16 as UTF-8 and writing it back would corrupt every such character.
    if (decoded === undefined) return { file, status: 'failed', kind: 'encoding', message: NOT_UTF8 };
    original = decoded;
  } catch (error) {
    return {
      file,
      status: 'failed',
      kind: 'unreadable',
      message: `cannot read: ${(error as NodeJS.ErrnoException).code ?? String(error)}`,
    };
  }
  const options = withSharedTracker(file, original, run.options, run);
  let text = original;
  const sites: CodemodSites[] = [];
  let parsed = false;
  // Each codemod reports lines of the text it read; a site is reported at its line in the file as
  // it was, so lines are mapped back through the codemods that ran before.
  let toOriginal = (line: number): number => line;
  for (const name of names) {
    const codemod = codemods[name]!;
    try {
      const result = codemod.analyze(text, file, options[name] as never, scope);
      if (result.status === 'test-file') return { file, status: 'skipped', reason: 'test' };
      if (result.rewritten.length || result.left.length) {
        const back = toOriginal;
        const place = <S extends { readonly line: number }>(site: S): S => ({ ...site, line: back(site.line) });
        sites.push({ codemod: name, rewritten: result.rewritten.map(place), left: result.left.map(place) });
      }
      parsed ||= result.status !== 'skipped';
      if (result.output !== text) {
        const step = lineMapBack(text, result.output);
        const before = toOriginal;
        toOriginal = (line) => before(step(line));
      }
      text = result.output;
    } catch (error) {
      return failureOf(file, name, error);
    }
  }
  // Every codemod's text check passed the file by unparsed; a syntax error must still be reported.
  if (!parsed) {
    try {
      assertParses(original.replace(/^\uFEFF/, ''), file);
    } catch (error) {
      return failureOf(file, 'the syntax check', error);
    }
  }
  return text === original
    ? { file, status: 'unchanged', sites }
    : { file, status: 'changed', output: text, original, sites };
}

const NOT_UTF8 = 'not UTF-8 text (the codemods read and write UTF-8 only)';

function failureOf(file: string, step: string, error: unknown): FileOutcome {
  if (error instanceof SourceParseError)
    return {
      file,
      status: 'failed',
      kind: 'parse',
      message: `cannot parse: ${error.line}:${error.column}: ${error.reason}`,
    };
  if (error instanceof CodemodOutputError) return { file, status: 'failed', kind: 'output', message: error.message };
  return {
    file,
    status: 'failed',
    kind: 'error',
    message: `${step} failed: ${error instanceof Error ? error.message : String(error)}`,
  };
}

/**
 * For each line of `after`, the line of `before` it comes from: unchanged lines map exactly, and
 * lines a codemod added or rewrote map to the first line of the region they replaced (or, for pure
 * insertions, to the line they were inserted before).
 */
function lineMapBack(before: string, after: string): (line: number) => number {
  const origins: number[] = [0];
  let beforeLine = 1;
  let replacedFrom: number | undefined;
  for (const part of diffLines(before, after)) {
    const count = part.count ?? 0;
    if (part.removed) {
      replacedFrom ??= beforeLine;
      beforeLine += count;
    } else if (part.added) {
      for (let i = 0; i < count; i++) origins.push(replacedFrom ?? beforeLine);
    } else {
      replacedFrom = undefined;
      for (let i = 0; i < count; i++) origins.push(beforeLine + i);
      beforeLine += count;
    }
  }
  return (line) => origins[line] ?? line;
}
