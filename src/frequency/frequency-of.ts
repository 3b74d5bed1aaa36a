import type { TSESTree } from '@typescript-eslint/utils';
import { classVariablesOf, declaredVariableOf, enclosingFunction } from '../core/ast.js';
import type { AnalysisContext } from '../core/context.js';
import { attachProcessLifetime, type ProcessLifetime } from '../core/file-role.js';
import type { FrequencyKind, RepeatKind as EntryRepeatKind } from '../knowledge/entry-points.js';
import type { KeyProvenance } from '../project/provenance.js';
import type { FreshBuildAnswer, InheritedMethod } from '../project/index.js';
import type { SignalFreshness } from '../project/fresh-signal.js';
import type { PerEventArgument } from '../project/per-event-args.js';
import type { SettledCall } from '../project/settles.js';
import { LoadTimeAnalysis } from './load-time.js';
import { onceGuardAround } from './once-guard.js';
import type { HandlerInfo } from './handlers.js';
import { loopLabel } from './repetition.js';
import { repeatedRunOf, type RepeatedRun } from './repeated-run.js';
import { runsWhileConstructing } from './run-context.js';
import { runsOnce } from './runs-once.js';
import { isKeyedLazyCreation, isLazyCreation, isLazySingletonInit } from './lazy-singleton.js';

export type { FrequencyKind };

/**
 * What makes code run again and again: the unit it runs once per (the entry points' kinds the
 * project index uses too), or 'callers': every caller in this file repeats.
 */
export type RepeatKind = EntryRepeatKind | 'callers';

export interface RunFrequency {
  readonly kind: FrequencyKind;
  /** Set when `kind` is 'repeats'. */
  readonly repeatKind?: RepeatKind;
  /** Why, in a few words for a message or a test: "a setInterval callback", "the POST route handler". */
  readonly evidence: string;
  /** The handler it runs in, when it repeats per request, message or job (or every caller in this file runs in one). */
  readonly handler?: HandlerInfo;
  /** Decided by the project index from other files: `evidence` is then the whole chain, for the message. */
  readonly crossFile?: boolean;
  /** A `once` the project index finds only the way out of the process reaches (an exit handler, a call after which it ends). */
  readonly wayOut?: true;
}

/**
 * Issue 20's hook: the cross-file project index answers where this file alone says 'unknown'
 * (an exported function whose callers are in other files).
 */
export type ProjectFrequency = (ctx: AnalysisContext, node: TSESTree.Node) => RunFrequency | undefined;

/**
 * What the project index answers for one linted file: how often code runs (where the file says
 * 'unknown'), and where an expression's value comes from (a cache key: request input, finite, unknown).
 */
export interface ProjectLookup {
  readonly frequency: ProjectFrequency;
  /** Undefined when the index cannot be had for this file (the rule keeps its file-local judgement). */
  readonly keyProvenance: (node: TSESTree.Node) => KeyProvenance | undefined;
  /** Whether every process that loads the file ends with its work (file-role.ts asks it); undefined without the index. */
  readonly lifetime: () => ProcessLifetime | undefined;
  /** What calling (`isNew`: constructing) `path` of module `source` builds afresh, through the project's own factories. */
  readonly freshBuild: (source: string, path: readonly string[], isNew: boolean) => FreshBuildAnswer | undefined;
  /**
   * Whether every caller in the project hands the function whose parameter `param` is (at position
   * `index`) an AbortSignal made per call, as the parameter or its `signal` property; undefined without the index.
   */
  readonly signalFreshness: (
    param: TSESTree.Node,
    index: number,
    member: string | undefined,
  ) => SignalFreshness | undefined;
  /**
   * Whether every `new` in the project of the class whose constructor is `ctor` hands it, as
   * parameter `index`, the own parameter of a handler that runs again and again; undefined without the index.
   */
  readonly perEventArgument: (ctor: TSESTree.Node, index: number) => PerEventArgument | undefined;
  /**
   * Why the type `name` (its property `member`) the file imports from `source` takes a fixed few
   * values, with where it is declared; undefined when it does not, or without the index.
   */
  readonly finiteType: (source: string, name: string, member?: string) => string | undefined;
  /** The project function a call runs, when it cannot reject (settles.ts); undefined when it may, or without the index. */
  readonly settledCall: (call: TSESTree.CallExpression) => SettledCall | undefined;
  /** The methods the class whose constructor `fn` is inherits from superclasses in the project; undefined without the index. */
  readonly inheritedMethods: (fn: TSESTree.Node) => readonly InheritedMethod[] | undefined;
}

const UNKNOWN: RunFrequency = { kind: 'unknown', evidence: 'nothing in this file shows how often it runs' };

/**
 * The one answer to "how often does this code run?" for every rule, built on the file-local
 * models and asked in this order: load (runsOnlyAtLoad), once (runsOnce), repeats
 * (repeatedRunOf), per-instance (runsWhileConstructing of the enclosing function), unknown.
 * Answers are remembered per node; one model serves every detector of a file (frequencyModelOf).
 */
export class FrequencyModel {
  readonly loadTime: LoadTimeAnalysis;
  private readonly answers = new Map<TSESTree.Node, RunFrequency>();

  constructor(
    private readonly ctx: AnalysisContext,
    private readonly project?: ProjectFrequency,
  ) {
    this.loadTime = new LoadTimeAnalysis(ctx);
  }

  of(node: TSESTree.Node): RunFrequency {
    let answer = this.answers.get(node);
    if (!answer) {
      answer = this.decide(node);
      this.answers.set(node, answer);
    }
    return answer;
  }

  /** Load or once: at most once per process. */
  runsOnce(node: TSESTree.Node): boolean {
    const { kind } = this.of(node);
    return kind === 'load' || kind === 'once';
  }

  /**
   * At most once per process, where code that runs once per instance counts the project index's
   * answer for how often its class is built: a constructor of a class only start-up code builds.
   */
  runsOnceCountingInstances(node: TSESTree.Node): boolean {
    if (this.runsOnce(node)) return true;
    if (this.of(node).kind !== 'per-instance') return false;
    const acrossFiles = this.acrossFiles(node)?.kind;
    return acrossFiles === 'once' || acrossFiles === 'load';
  }

  repeats(node: TSESTree.Node): boolean {
    return this.of(node).kind === 'repeats';
  }

  /**
   * Code that runs while an instance is built, and nothing shows its class is built again and
   * again: no `new` of it in code of this file that repeats and, with the project index, no
   * callers that repeat. A class built with its owner's signal or handle is mostly built once per
   * owner; without that evidence, how often is unknown.
   */
  perInstanceNotShownRepeated(node: TSESTree.Node): boolean {
    if (this.of(node).kind !== 'per-instance' || this.acrossFiles(node)?.kind === 'repeats') return false;
    const fn = enclosingFunction(node);
    const member = fn?.parent;
    const cls = member?.type === 'MethodDefinition' ? member.parent.parent : undefined;
    const variables =
      cls?.type === 'ClassDeclaration' || cls?.type === 'ClassExpression'
        ? classVariablesOf(this.ctx, cls)
        : fn
          ? [declaredVariableOf(this.ctx, fn)].filter((v) => v !== undefined)
          : [];
    return !variables.some((variable) =>
      variable.references.some(({ identifier }) => {
        const parent = identifier.parent;
        return parent?.type === 'NewExpression' && parent.callee === identifier && this.repeats(parent);
      }),
    );
  }

  /**
   * The project index's answer where it says `node` runs again and again: where the file left it
   * to the index, or code the file says runs per instance (a constructor, a method only it calls)
   * whose class the index finds built again and again (in a handler of another file). Undefined
   * without the index, or for any other answer.
   */
  repeatsAcrossFiles(node: TSESTree.Node): RunFrequency | undefined {
    const answer = this.of(node);
    if (answer.crossFile) return answer.kind === 'repeats' ? answer : undefined;
    if (answer.kind !== 'per-instance') return undefined;
    const across = this.acrossFiles(node);
    return across?.kind === 'repeats' ? across : undefined;
  }

  /**
   * A timer or listener callback handed over where, as the project index finds, only the way out
   * of the process runs (set 29: a daemon's shutdown polls its instances every second and
   * force-stops the laggards): it ticks or fires until the process ends, not per unit of work.
   */
  private startedOnWayOut(repeated: RepeatedRun): RunFrequency | undefined {
    if (!this.project || (repeated.kind !== 'interval-callback' && repeated.kind !== 'listener-callback'))
      return undefined;
    const across = this.project(this.ctx, repeated.registration);
    if (!across?.wayOut) return undefined;
    const what = repeated.kind === 'interval-callback' ? 'a setInterval callback' : 'an event listener callback';
    return {
      kind: 'once',
      evidence: `${what} started on the way out of the process (${across.evidence})`,
      crossFile: true,
    };
  }

  /**
   * The project index's answer alone, for code the file answers otherwise: a constructor is
   * 'per-instance' here, and only the index can say how often its class is built. Undefined
   * without the index, or when it does not know either.
   */
  acrossFiles(node: TSESTree.Node): RunFrequency | undefined {
    return this.project?.(this.ctx, node);
  }

  private decide(node: TSESTree.Node): RunFrequency {
    const fn = enclosingFunction(node);
    if (this.loadTime.runsOnlyAtLoad(node))
      return { kind: 'load', evidence: fn ? 'only called while the module loads' : 'module-level code' };
    if (runsOnce(this.ctx, node))
      return { kind: 'once', evidence: 'runs once per process (start-up code or a callback of it)' };
    const repeated = repeatedRunOf(this.ctx, node);
    if (repeated) return this.startedOnWayOut(repeated) ?? repeatsFrom(repeated);
    if (fn && runsWhileConstructing(this.ctx, fn))
      return { kind: 'per-instance', evidence: 'only runs while an instance is built' };
    // Behind a once-guard whose flag a function declares: as often as that function runs.
    const guard = onceGuardAround(this.ctx, node);
    if (guard && !guard.module) {
      const outer = this.of(guard.declaration);
      return { ...outer, evidence: `behind a once-flag, as often as its declaration: ${outer.evidence}` };
    }
    if (!this.project) return UNKNOWN;
    // Asked only where the index would be: a file alone judged code like this unknown before, and still does.
    if (isLazySingletonInit(this.ctx, node))
      return {
        kind: 'once',
        evidence: "runs once: a lazy singleton's set-up, after `if (x) return x` and before x is set",
      };
    // `if (!Store.instance) Store.instance = new Store()`: the index answers for the function, this `new` fills the holder once.
    if (isLazyCreation(this.ctx, node))
      return { kind: 'once', evidence: 'runs once: a lazy creation, made only while the value it fills is empty' };
    if (isKeyedLazyCreation(this.ctx, node))
      return {
        kind: 'once',
        evidence: 'runs once per key: a memo, made only while its entry is empty, then kept and reused',
      };
    return this.project(this.ctx, node) ?? UNKNOWN;
  }
}

/** The model's answer for what repeatedRunOf found. */
function repeatsFrom(run: RepeatedRun): RunFrequency {
  const repeats = (repeatKind: RepeatKind, evidence: string): RunFrequency => ({
    kind: 'repeats',
    repeatKind,
    evidence,
  });
  switch (run.kind) {
    case 'loop':
      return repeats('iteration', `a ${loopLabel(run.loop)} that may run until stopped`);
    case 'handler':
      return { ...repeats(run.handler.per, `the ${run.handler.description}`), handler: run.handler };
    case 'interval-callback':
      return repeats('timer', 'a setInterval callback');
    case 'listener-callback':
      return repeats('event', 'an event listener callback');
    case 'effect':
      return repeats('render', 'a React effect');
    case 'lifecycle':
      return repeats('render', 'a React class component lifecycle method');
    case 'callers':
      // The handler rides along for the rules that ask which one (repeatKind stays 'callers': perUnitHandlerOf ignores it).
      return run.handler
        ? { ...repeats('callers', `only called from the ${run.handler.description}`), handler: run.handler }
        : repeats('callers', 'only called from code that runs again and again');
  }
}

/** What a handler runs once per: the repeat kinds that name one. */
const HANDLER_UNITS: ReadonlySet<RepeatKind | undefined> = new Set<RepeatKind>(['request', 'message', 'job']);

/**
 * The request, message or job handler `node` runs in, when the model says it repeats per such a
 * unit: the scope of rules that report per-request work (no-floating-task, the client rules).
 */
export function perUnitHandlerOf(model: FrequencyModel, node: TSESTree.Node): HandlerInfo | undefined {
  const answer = model.of(node);
  return answer.kind === 'repeats' && HANDLER_UNITS.has(answer.repeatKind) ? answer.handler : undefined;
}

const models = new WeakMap<TSESTree.Program, FrequencyModel>();

/** The file's one model, shared by every detector that lints it (keyed by the parsed program). */
/**
 * The project index's answers, attached per parsed file by whoever built the context (the rule
 * kit, when `settings.leakproof.projectIndex` turns the index on). Kept beside the context rather
 * than in it so core stays free of the index; the model asks it where the file alone says 'unknown'.
 */
const projectLookups = new WeakMap<TSESTree.Program, ProjectLookup>();

/** Attaches `lookup()` to a parsed file unless a lookup is attached already (every rule of a file asks). */
export function attachProjectLookup(ast: TSESTree.Program, lookup: () => ProjectLookup): void {
  if (projectLookups.has(ast)) return;
  const attached = lookup();
  projectLookups.set(ast, attached);
  // The file's role (test, script, long-running) asks the index which processes load the file.
  attachProcessLifetime(ast, attached.lifetime);
}

/**
 * Where the value of `node` (a cache key) comes from, across files: undefined without the project
 * index (off, or no answer for this file), so callers keep their file-local judgement.
 */
export function projectKeyProvenance(ctx: AnalysisContext, node: TSESTree.Node): KeyProvenance | undefined {
  return projectLookups.get(ctx.ast)?.keyProvenance(node);
}

/**
 * What a call of an imported project function (or `new` of an imported project class) builds
 * afresh from a library, across files: undefined without the project index, or when it is not
 * such a factory (a memoized one, a module singleton).
 */
export function projectFreshBuild(
  ctx: AnalysisContext,
  source: string,
  path: readonly string[],
  isNew: boolean,
): FreshBuildAnswer | undefined {
  return projectLookups.get(ctx.ast)?.freshBuild(source, path, isNew);
}

/**
 * The function another file declares that `call` runs, when its promise cannot reject (it catches
 * its own failures, through the calls it awaits): undefined when it may, the index cannot follow
 * the callee, or without the index.
 */
export function projectSettledCall(ctx: AnalysisContext, call: TSESTree.CallExpression): SettledCall | undefined {
  return projectLookups.get(ctx.ast)?.settledCall(call);
}

/**
 * The methods a class inherits from superclasses another file of the project declares, asked of
 * its constructor `fn` (nearest first): undefined without the project index.
 */
export function projectInheritedMethods(
  ctx: AnalysisContext,
  fn: TSESTree.Node,
): readonly InheritedMethod[] | undefined {
  return projectLookups.get(ctx.ast)?.inheritedMethods(fn);
}

/** Whether the project index is attached to this file (its answers may still be unknown). */
export function hasProjectLookup(ctx: AnalysisContext): boolean {
  return projectLookups.has(ctx.ast);
}

/**
 * Whether the AbortSignal a function takes (its parameter `param`, at position `index`, or that
 * parameter's `signal` property) is made per call by every caller, across files: undefined
 * without the project index.
 */
export function projectSignalFreshness(
  ctx: AnalysisContext,
  param: TSESTree.Node,
  index: number,
  member: string | undefined,
): SignalFreshness | undefined {
  return projectLookups.get(ctx.ast)?.signalFreshness(param, index, member);
}

/**
 * Whether every `new` of the class whose constructor is `ctor` hands it, as parameter `index`, the
 * event's own object (a parameter of the handler it runs in), across files: undefined without the
 * project index.
 */
export function projectPerEventArgument(
  ctx: AnalysisContext,
  ctor: TSESTree.Node,
  index: number,
): PerEventArgument | undefined {
  return projectLookups.get(ctx.ast)?.perEventArgument(ctor, index);
}

/**
 * Why a type imported from `source` as `name` (its property `member`, for `Plan['size']`) takes a
 * fixed few values, as the project index reads its declaration in another file: "the enum Sender,
 * declared in src/types.ts". Undefined without the index or when it does not.
 */
export function projectFiniteType(
  ctx: AnalysisContext,
  source: string,
  name: string,
  member?: string,
): string | undefined {
  return projectLookups.get(ctx.ast)?.finiteType(source, name, member);
}

export function frequencyModelOf(ctx: AnalysisContext, project?: ProjectFrequency): FrequencyModel {
  let model = models.get(ctx.ast);
  if (!model) {
    model = new FrequencyModel(ctx, project ?? projectLookups.get(ctx.ast)?.frequency);
    models.set(ctx.ast, model);
  }
  return model;
}

/**
 * What a message adds after naming where code is, when the project index decided how often it
 * runs: " (runs per request: called from the POST /orders handler (src/routes/orders.ts:12) through
 * createOrder())". Empty when this file alone decided (with `instances`, unless the file says it
 * runs per instance and the index that its class is built again and again).
 */
export function crossFileReason(
  ctx: AnalysisContext,
  node: TSESTree.Node,
  { instances = false }: { readonly instances?: boolean } = {},
): string {
  const model = frequencyModelOf(ctx);
  const answer = model.of(node);
  if (answer.crossFile) return ` (${answer.evidence})`;
  // `instances`: code that runs per instance, of a class the index finds built again and again.
  const built = instances ? model.repeatsAcrossFiles(node) : undefined;
  return built ? ` (${built.evidence})` : '';
}
