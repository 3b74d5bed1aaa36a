import { isAbsolute, relative, resolve } from 'node:path';
import type { ProcessLifetime } from '../core/file-role.js';
import type { RepeatKind } from '../knowledge/entry-points.js';
import { describeFrequency } from './describe.js';
import type { Evidence, FrequencyKind } from './frequency.js';
import {
  ProjectIndex,
  type FreshBuildAnswer,
  type InheritedMethod,
  type Position,
  type ProjectIndexOptions,
  type Range,
} from './index.js';
import type { KeyProvenance } from './provenance.js';
import type { SignalFreshness } from './fresh-signal.js';
import type { PerEventArgument } from './per-event-args.js';
import { missingIndexDependency } from './native.js';
import { findProjectRoot, forgetProjectRoots } from './root.js';
import { forgetWarnings, warnOnce, type FallbackReason } from './warn-once.js';

export type { KeyProvenance } from './provenance.js';
export type { FreshBuildAnswer, InheritedMethod } from './index.js';
export type { SignalFreshness } from './fresh-signal.js';
export type { PerEventArgument } from './per-event-args.js';
export type { FallbackReason } from './warn-once.js';
export type { SettledCall } from './settles.js';
import type { SettledCall } from './settles.js';

/** What an ESLint RuleContext offers (ESLint 9/10 properties; the 8.57 getters as a fallback). */
export interface RuleContextLike {
  readonly filename?: string;
  readonly physicalFilename?: string;
  readonly cwd?: string;
  readonly settings?: Readonly<Record<string, unknown>>;
  readonly sourceCode?: { readonly text: string };
  getFilename?(): string;
  getPhysicalFilename?(): string;
  getCwd?(): string;
  getSourceCode?(): { readonly text: string };
}

/** `settings.leakproof.projectIndex`: `false` turns the index off; an object tunes it. */
export type ProjectIndexSetting = boolean | ProjectIndexOptions;

/** How often code runs, for a rule: the kind, and the reason in words. */
export interface FrequencyAnswer {
  readonly kind: FrequencyKind;
  readonly repeatKind?: RepeatKind;
  /**
   * The reason, most telling first: the summary ("called from the POST /orders handler
   * (src/routes/orders.ts:12) through createOrder()"), then each step as `path:line: what`.
   */
  readonly evidence: string[];
  /** One sentence for a report message: "runs per request: called from …". */
  readonly message: string;
  /** The same chain as data (absolute paths), for rules that word it themselves. */
  readonly steps: readonly Evidence[];
  /** A `once` that only the way out of the process reaches (Frequency's). */
  readonly wayOut?: true;
}

/** The index's answers for the files of one project. Positions are offsets or a node's `range`, in the rule's text. */
export interface ProjectAnswers {
  readonly available: true;
  readonly root: string;
  /** The linted file, as the index knows it (absolute). */
  readonly file: string;
  frequencyAt(file: string, at: Position): FrequencyAnswer;
  /** For an expression used as a cache key: its `range` exactly (`node.range`, or the node). */
  keyProvenanceAt(file: string, at: Range | { readonly range: Range }): KeyProvenance;
  /** Whether every process that loads `file` ends with its work, and why (the process roots of lifetime.ts). */
  lifetimeOf(file: string): ProcessLifetime;
  /**
   * What calling `path` of `source` (as `file` imports it; `isNew` for `new`) builds afresh from a
   * library, through the project's own factories and classes, with their files relative to the cwd.
   */
  freshBuildAt(file: string, source: string, path: readonly string[], isNew: boolean): FreshBuildAnswer | undefined;
  /**
   * Whether every caller in the project makes the AbortSignal that the function whose parameter
   * lies at `at` takes as parameter `param` (or as its `signal` property) per call.
   */
  signalFreshnessAt(file: string, at: Position, param: number, member: string | undefined): SignalFreshness;
  /**
   * Whether every `new` in the project of the class whose constructor lies at `at` hands it, as
   * parameter `param`, the own parameter of a handler that runs again and again.
   */
  perEventArgumentAt(file: string, at: Position, param: number): PerEventArgument;
  /** Why the type `name` (its property `member`) that `file` imports from `source` takes a fixed few values, and where it is declared; undefined when it does not. */
  finiteTypeAt(file: string, source: string, name: string, member?: string): string | undefined;
  /** The project function the call at `at` runs, when it cannot reject, with its file relative to the cwd. */
  settledCallAt(file: string, at: Position): SettledCall | undefined;
  /** The methods the class whose constructor lies at `at` inherits from superclasses in the project, files relative to the cwd. */
  inheritedMethodsAt(file: string, at: Position): InheritedMethod[];
}

/** No index for this file: the rule keeps its file-local judgement. */
export interface ProjectFallback {
  readonly available: false;
  readonly reason: FallbackReason;
  readonly detail: string;
}

export type ProjectFacts = ProjectAnswers | ProjectFallback;

/** One index (or the reason there is none) per project root and options, per process: every rule and file share it. */
const builds = new Map<string, ProjectIndex | { readonly error: string }>();
/**
 * The text last handed to an index: the same again (the next rule asking about the same file)
 * skips hashing it. Only the last, not one per file: a run lints each file in turn, and keeping
 * every text a run linted held the whole project's source in memory to the end.
 */
let lastText: { readonly index: ProjectIndex; readonly file: string; readonly text: string } | undefined;
/**
 * An editor's language server lints the same file again and again; one `eslint` run lints each
 * file once (up to ten passes in a row with --fix). So the project is re-read from disk when a
 * file already asked about comes back after this long, and never on a file's first question,
 * however slow the run: a re-read stats and globs the whole project.
 */
const IDLE_REFRESH_MS = 2000;
let lastQuestion = 0;
const asked = new Set<string>();

/**
 * The project index's answers for the file a rule is linting, or why there are none. Built the
 * first time any rule asks (call it when you hold a candidate, not in `create()`), then shared by
 * every rule and file in the process; under ESLint's `--concurrency` each worker builds its own or
 * reads the disk cache. The rule's text (maybe unsaved, in an editor) stands for the file's content.
 * When there is no index, the reason is warned once per process and kind of reason (see warn-once.ts).
 */
export function projectFactsFor(context: RuleContextLike): ProjectFacts {
  const setting = readSetting(context.settings);
  if (setting === false)
    return { available: false, reason: 'disabled', detail: 'settings.leakproof.projectIndex is false' };
  const filename = context.filename ?? context.getFilename?.() ?? '<input>';
  const physical = context.physicalFilename ?? context.getPhysicalFilename?.() ?? filename;
  const cwd = context.cwd ?? context.getCwd?.() ?? process.cwd();
  if (!isAbsolute(physical) && physical.startsWith('<'))
    return fallback('no-file', `${filename} has no file name (text from stdin?)`);
  const file = resolve(cwd, physical);
  if (resolve(cwd, filename) !== file)
    return fallback('no-file', `${filename} is a block inside ${physical}, not a file of the project`);

  const root = findProjectRoot(file);
  if (root === undefined) return fallback('no-root', `no package.json, workspace or repository above ${file}`);
  const options = setting === true ? {} : setting;
  const key = `${root}\0${JSON.stringify(options)}`;
  const now = Date.now();
  let built = builds.get(key);
  if (built === undefined) {
    try {
      const missing = missingIndexDependency();
      if (missing) throw new Error(missing);
      built = ProjectIndex.build(root, options);
    } catch (error) {
      built = { error: (error as Error).message };
    }
    builds.set(key, built);
  } else if ('refresh' in built && asked.has(file) && now - lastQuestion > IDLE_REFRESH_MS) {
    built.refresh();
    // The refresh read the disk: the text a rule holds must be handed over again.
    lastText = undefined;
  }
  lastQuestion = now;
  asked.add(file);
  if ('error' in built)
    return fallback('build-failed', `the project index of ${root} could not be built: ${built.error}`);
  if (!built.has(file))
    return fallback(
      'outside-index',
      `${relative(root, file)} is not one of the source files of ${root} (ignored, generated or not JS/TS)`,
    );

  const text = context.sourceCode?.text ?? context.getSourceCode?.().text;
  if (text !== undefined && (lastText?.index !== built || lastText.file !== file || lastText.text !== text)) {
    built.update(file, text);
    lastText = { index: built, file, text };
  }
  const parseError = built.parseErrorOf(file);
  if (parseError !== undefined)
    return fallback('parse-failed', `${relative(root, file)} did not parse for the project index: ${parseError}`);
  return answersOf(built, file, cwd);
}

function answersOf(index: ProjectIndex, file: string, cwd: string): ProjectAnswers {
  return {
    available: true,
    root: index.root,
    file,
    frequencyAt(at: string, position: Position): FrequencyAnswer {
      const frequency = index.frequencyOf(resolve(cwd, at), position);
      // Worded on first read: most answers are `unknown`, which rules act on without a message.
      let words: { message: string; evidence: string[] } | undefined;
      const worded = (): { message: string; evidence: string[] } => {
        if (words) return words;
        const message = describeFrequency(frequency, cwd);
        const summary = message.replace(/^[^:]*: /, '');
        const where = (e: Evidence): string =>
          `${relative(cwd, e.file).split('\\').join('/')}:${e.line}: ${e.description}`;
        return (words = { message, evidence: [summary, ...frequency.evidence.map(where)] });
      };
      return {
        kind: frequency.kind,
        ...(frequency.repeatKind ? { repeatKind: frequency.repeatKind } : {}),
        get evidence() {
          return worded().evidence;
        },
        get message() {
          return worded().message;
        },
        steps: frequency.evidence,
        ...(frequency.wayOut ? { wayOut: true as const } : {}),
      };
    },
    keyProvenanceAt(at: string, position: Range | { readonly range: Range }): KeyProvenance {
      return index.keyProvenanceOf(resolve(cwd, at), position, cwd);
    },
    lifetimeOf(at: string): ProcessLifetime {
      return index.lifetimeOf(resolve(cwd, at));
    },
    freshBuildAt(at, source, path, isNew) {
      const build = index.freshBuildOf(resolve(cwd, at), source, path, isNew);
      return (
        build && {
          ...build,
          through: build.through.map((step) => ({ ...step, file: relative(cwd, step.file).split('\\').join('/') })),
        }
      );
    },
    signalFreshnessAt(at: string, position: Position, param: number, member: string | undefined): SignalFreshness {
      return index.signalFreshnessOf(resolve(cwd, at), position, param, member, cwd);
    },
    perEventArgumentAt(at: string, position: Position, param: number): PerEventArgument {
      return index.perEventArgumentOf(resolve(cwd, at), position, param, cwd);
    },
    finiteTypeAt(at: string, source: string, name: string, member?: string): string | undefined {
      return index.finiteTypeOf(resolve(cwd, at), source, name, member, cwd);
    },
    settledCallAt(at: string, position: Position): SettledCall | undefined {
      const settled = index.settledCallOf(resolve(cwd, at), position);
      return settled && { ...settled, file: relative(cwd, settled.file).split('\\').join('/') };
    },
    inheritedMethodsAt(at: string, position: Position): InheritedMethod[] {
      return index
        .inheritedMethodsOf(resolve(cwd, at), position)
        .map((method) => ({ ...method, file: relative(cwd, method.file).split('\\').join('/') }));
    },
  };
}

function fallback(reason: FallbackReason, detail: string): ProjectFallback {
  warnOnce(reason, detail);
  return { available: false, reason, detail };
}

/** `settings.leakproof.projectIndex` as written: `false`, `true`, index options, or undefined when absent. */
export function projectIndexSetting(settings: RuleContextLike['settings']): ProjectIndexSetting | undefined {
  const value = (settings?.leakproof as { projectIndex?: unknown } | undefined)?.projectIndex;
  if (value === false || value === true) return value;
  if (value !== null && typeof value === 'object') return value as ProjectIndexOptions;
  return undefined;
}

/** Asked directly (not through the rules, which gate it: src/rule-kit/project-lookup.ts), the index is on unless turned off. */
function readSetting(settings: RuleContextLike['settings']): ProjectIndexSetting {
  return projectIndexSetting(settings) ?? true;
}

/** Drops every index and the record of warnings said (tests; a process that wants a fresh start). */
export function forgetProjectFacts(): void {
  builds.clear();
  forgetProjectRoots();
  lastText = undefined;
  asked.clear();
  forgetWarnings();
  lastQuestion = 0;
}
