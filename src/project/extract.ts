import { unwrap, type AstNode } from './ast.js';
import { exportEntries } from './export-entries.js';
import { recordBuilds } from './builds.js';
import { recordInstanceAccessors } from './instance-accessors.js';
import type { FunctionNode } from '../core/ast.js';
import { isEmitterDispatch, rejectingCalls } from '../core/rejection-points.js';
import { mayReturnNothing } from '../core/result-reads.js';
import { UNKNOWN, type FileFacts, type Origin, type SignalArg, type Value } from './facts.js';
import { FileWalk } from './file-walk.js';
import type { Where } from './scopes.js';
import { handedToOf, resolveHandOvers } from './handed-callbacks.js';
import { finiteTypesOf } from './finite-types.js';
import { parseProgram } from './native.js';
import { readProcessEnds } from './process-end.js';
import { withServedEntry } from './program-facts.js';
import { OriginReader } from './origin.js';
import { pluginAppOf } from './plugin-apps.js';
import { SignalReader } from './signal-origin.js';
import { unknownMethodNameOf } from './method-calls.js';
import { ValueResolver } from './values.js';

/**
 * Parses one file with oxc-parser and extracts its FileFacts: functions, classes, calls,
 * registrations, imports and exports. Syntax only; names are resolved within the file here and
 * across files when linking.
 */
export function extractFacts(filename: string, source: string): FileFacts {
  const { walk, values, origins, program } = walked(filename, source, false);
  resolveRecorded(filename, walk, values, origins);
  const finiteTypes = finiteTypesOf(program);
  if (Object.keys(finiteTypes).length > 0) walk.facts.finiteTypes = finiteTypes;
  return walk.facts;
}

/** Where the value of any of a file's expressions comes from (by the expression's exact range). */
export interface ProbedFile {
  originAt(start: number, end: number): Origin | undefined;
  /** What the call at exactly [start, end) calls, as syntax names it; undefined when no visited call has that range. */
  calleeAt(start: number, end: number): Value | undefined;
}

/**
 * The walk of extractFacts, remembering every expression's scope so origins can be asked
 * afterwards (one file at a time: it keeps the AST). The walk alone answers them: the recorded
 * facts are not resolved, as the index already holds them.
 */
export function probeFile(filename: string, source: string): ProbedFile {
  const { walk, values, origins } = walked(filename, source, true);
  return {
    // Where the value of the expression at exactly [start, end) comes from; undefined when no visited expression has that range.
    originAt(start, end) {
      const place = walk.placeAt(start, end);
      return place && origins.originOf(place.node, place.where.scope);
    },
    calleeAt(start, end) {
      const place = walk.placeAt(start, end);
      return place?.node.type === 'CallExpression'
        ? values.valueOf(place.node.callee as AstNode, place.where, 0)
        : undefined;
    },
  };
}

/** One file parsed and walked, every name bound, with the readers of its values and origins. */
function walked(
  filename: string,
  source: string,
  probe: boolean,
): { walk: FileWalk; values: ValueResolver; origins: OriginReader; program: AstNode } {
  // ESLint reports offsets in the text without its BOM; so do these facts.
  const text = source.charCodeAt(0) === 0xfeff ? source.slice(1) : source;
  const result = parseProgram(filename, text, {
    preserveParens: false,
    sourceType: /\.c[jt]s$/.test(filename) ? 'commonjs' : 'unambiguous',
  });
  const program = result.program as unknown as AstNode;
  const walk = new FileWalk(text, result.errors[0]?.message, probe);
  walk.run(program);
  const origins = new OriginReader(text, (name, scope) => walk.scopes.binding(name, scope));
  const values = new ValueResolver(walk.scopes, walk.fnIndex, walk.classIndex);
  return { walk, values, origins, program };
}

/** `freshSignal` on each function whose every `return` hands back an AbortSignal made per call (a signal helper). */
function recordFreshSignalReturns(walk: FileWalk, signals: SignalReader): void {
  const why = new Map<number, string | undefined>();
  for (const { fn, node, where } of walk.returns) {
    if (fn < 0 || (why.has(fn) && why.get(fn) === undefined)) continue;
    why.set(fn, node && signals.freshReturn(node, where));
  }
  for (const [fn, reason] of why) if (reason !== undefined) walk.facts.functions[fn]!.freshSignal = reason;
}

/** After the walk, with every name bound: the values of what the walk recorded become the file's facts. */
function resolveRecorded(filename: string, walk: FileWalk, values: ValueResolver, origins: OriginReader): void {
  const facts = walk.facts;
  const functionNodes = [...walk.fnIndex.keys()];
  // Only calls whose callee is known become facts: each recorded call's index in `facts.calls`, by its callee node.
  const callees = walk.calls.map((call) => values.valueOf(call.callee, call.where, 0));
  const callIndex = new Map<AstNode, number>();
  callees.forEach((callee, k) => {
    if (callee.k !== 'unknown') callIndex.set(walk.calls[k]!.callee, callIndex.size);
  });
  const signals = new SignalReader(
    (name, scope) => walk.scopes.binding(name, scope),
    (fn, i) => {
      // `options = {}`: the parameter's name, past its default.
      const param = (functionNodes[fn]?.params as AstNode[] | undefined)?.[i];
      return param?.type === 'AssignmentPattern' && param.left.type === 'Identifier' ? (param.left as AstNode) : param;
    },
    (callee) => callIndex.get(callee),
  );
  recordFreshSignalReturns(walk, signals);
  const endsAfter = recordProcessEnds(walk, callIndex);
  walk.calls.forEach((call, k) => {
    const callee = callees[k]!;
    if (callee.k === 'unknown') {
      const name = call.isNew || call.handedTo ? undefined : unknownMethodNameOf(call.callee);
      if (name !== undefined)
        (facts.methodCalls ??= []).push({ from: call.where.fn, name, line: call.line, loop: call.where.loop });
      return;
    }
    const args = call.args?.map((arg): Origin | null => {
      const origin = origins.originOf(arg, call.where.scope);
      return origin.o === 'unknown' ? null : origin;
    });
    const fnArgs = call.args?.map((arg): Value | null => {
      const value = arg.type === 'Identifier' || walk.fnIndex.has(arg) ? values.valueOf(arg, call.where, 0) : UNKNOWN;
      return value.k === 'unknown' ? null : value;
    });
    const signalArgs = call.args?.map((arg): SignalArg | null => signals.argumentOf(arg, call.where));
    const ownParams = call.args?.map((arg) => ownParameterOf(walk, functionNodes, arg, call.where));
    const moduleArgs = call.isNew ? moduleObjectArgs(walk, call.args, call.where) : [];
    facts.calls.push({
      from: call.where.fn,
      callee,
      line: call.line,
      isNew: call.isNew,
      loop: call.where.loop,
      ...(walk.lazyCallees.has(call.callee) ? { lazy: true as const } : {}),
      ...(!call.handedTo && endsAfter.has(call.callee) ? { endsAfter: [...endsAfter.get(call.callee)!] } : {}),
      ...handedToOf(call.handedTo, callIndex),
      ...(args?.some((a) => a !== null) ? { args } : {}),
      ...(fnArgs?.some((a) => a !== null) ? { fnArgs } : {}),
      ...(signalArgs?.some((a) => a !== null) ? { signals: signalArgs } : {}),
      ...(ownParams?.some((a) => a !== null) ? { ownParams } : {}),
      ...(moduleArgs.length > 0 ? { moduleArgs } : {}),
    });
  });
  resolveHandOvers(walk, callIndex);
  for (const field of walk.fields) {
    const cls = facts.classes[field.cls]!;
    const known = cls.fields[field.name]?.k;
    if (known !== undefined && known !== 'unknown' && known !== 'call') continue;
    const pending = field.getter === undefined ? field.pending : onlyReturn(walk, field.getter);
    const value = pending ? values.valueOf(pending.node, pending.where, 0) : UNKNOWN;
    cls.fields[field.name] =
      (value.k === 'unknown' || value.k === 'call') && field.typeName
        ? values.typeValue(field.typeName, field.where)
        : value;
  }
  for (const { cls, pending } of walk.superClasses)
    facts.classes[cls]!.superClass = values.valueOf(pending.node, pending.where, 0);
  for (const [name, exported] of walk.exports)
    facts.exports[name] = 'k' in exported ? exported : values.valueOf(exported.node, exported.where, 0);
  for (const [name, candidates] of walk.wrappedExports) {
    const exported = facts.exports[name]?.k;
    if (exported !== 'unknown' && exported !== 'call') continue;
    for (const candidate of candidates) {
      const value = values.valueOf(candidate.node, candidate.where, 0);
      if (value.k !== 'fn') continue;
      (facts.wrappedExports ??= {})[name] = value.i;
      break;
    }
  }
  if (walk.cjs) facts.cjsExports = values.valueOf(walk.cjs.node, walk.cjs.where, 0);
  const cjsReturns = facts.cjsExports?.k === 'fn' ? returnedObject(walk, values, facts.cjsExports.i) : undefined;
  if (cjsReturns) facts.cjsReturns = cjsReturns;
  for (const entry of walk.entries) {
    if (entry.ipc && (entry.where.clusterBranch || walk.importsCluster)) {
      Object.assign(entry, {
        kind: 'once',
        repeatKind: undefined,
        description: "cluster worker's start-up 'message' handler",
      });
    }
    const pluginApp = entry.usedOn && pluginAppOf(entry, walk.scopes, values);
    if (pluginApp)
      Object.assign(entry, {
        kind: 'once',
        repeatKind: undefined,
        description: `plugin of a '${pluginApp}' app (use), installed once as the app starts`,
      });
    const target: Value =
      typeof entry.target === 'number' ? { k: 'fn', i: entry.target } : values.valueOf(entry.target, entry.where, 0);
    // `ipcMain.handle(channel, fn)` where fn is the enclosing function's parameter: a registration wrapper.
    const name = typeof entry.target !== 'number' && entry.target.type === 'Identifier' ? entry.target.name : undefined;
    const param = typeof name === 'string' ? walk.scopes.binding(name, entry.where.scope)?.param : undefined;
    facts.entries.push({
      target,
      kind: entry.kind,
      ...(entry.repeatKind ? { repeatKind: entry.repeatKind } : {}),
      description: (typeof entry.target !== 'number' && walk.reopeningHandlers.get(entry.target)) || entry.description,
      line: entry.line,
      ...(entry.wayOut ? { wayOut: true as const } : {}),
      ...(param && param.path === name ? { viaParam: { fn: param.fn, i: param.i } } : {}),
    });
  }
  facts.entries.push(...exportEntries(filename, facts));
  const program = withServedEntry(facts.program, facts.entries);
  if (program) facts.program = program;
  recordBuilds(walk, values);
  recordInstanceAccessors(walk);
  recordSettles(walk, values);
  for (const { fn, where, node } of walk.elements) {
    const origin = origins.originOf(node, where.scope);
    if (origin.o !== 'unknown') facts.functions[fn]!.elements = origin;
  }
}

/** The value function `fn` hands back when it has one `return` (or an expression body) and it holds a value. */
function onlyReturn(walk: FileWalk, fn: number): { node: AstNode; where: Where } | undefined {
  const returns = walk.returns.filter((r) => r.fn === fn);
  const [only] = returns;
  return returns.length === 1 && only!.node ? { node: only!.node, where: only!.where } : undefined;
}

/** What function `fn` returns when every `return` of it hands back an object (the first one), else undefined. */
function returnedObject(walk: FileWalk, values: ValueResolver, fn: number): Value | undefined {
  const returned = walk.returns.filter((r) => r.fn === fn).map((r) => r.node && values.valueOf(r.node, r.where, 0));
  return returned.length > 0 && returned.every((value) => value?.k === 'object') ? returned[0] : undefined;
}

/**
 * The position of the calling function's own parameter that `arg` is, handed on as it is: a plain
 * name bound to a parameter of that very function, declared as a plain name (a destructured one is
 * a part of the argument, not the argument) and never assigned again. Null otherwise.
 */
function ownParameterOf(walk: FileWalk, functionNodes: readonly AstNode[], arg: AstNode, where: Where): number | null {
  const node = unwrap(arg);
  if (node.type !== 'Identifier') return null;
  const binding = walk.scopes.binding(node.name as string, where.scope);
  const param = binding?.param;
  if (!param || binding.reassigned || param.fn !== where.fn) return null;
  const pattern = (functionNodes[param.fn]?.params as AstNode[] | undefined)?.[param.i];
  const name = pattern?.type === 'AssignmentPattern' ? (pattern.left as AstNode) : pattern;
  return name?.type === 'Identifier' && name.name === node.name ? param.i : null;
}

/** What a module-level binding may be set to and still be one object for the life of the module. */
const MODULE_OBJECT_INITS: ReadonlySet<string> = new Set(['NewExpression', 'CallExpression', 'AwaitExpression']);

/**
 * The positions of the arguments that name one of the module's own objects (CallFact
 * `moduleArgs`): a plain name bound at module level, never assigned again, to an import or to what
 * a call or a `new` gives (`const bus = new EventEmitter()`, `const { bus } = require('./bus')`).
 */
function moduleObjectArgs(walk: FileWalk, args: readonly AstNode[] | undefined, where: Where): number[] {
  const positions: number[] = [];
  args?.forEach((arg, i) => {
    const node = unwrap(arg);
    if (node.type !== 'Identifier') return;
    const binding = walk.scopes.binding(node.name as string, where.scope);
    if (!binding || binding.scope !== 0 || binding.param || binding.reassigned) return;
    if (binding.value?.k === 'import' || (binding.node && MODULE_OBJECT_INITS.has(binding.node.type)))
      positions.push(i);
  });
  return positions;
}

/** `cb` in `catch (err) { return cb(err) }`, a parameter: the failure is handed to the caller's callback. */
function isParameter(walk: FileWalk, callee: AstNode, where: Where): boolean {
  return callee.type === 'Identifier' && walk.scopes.binding(callee.name as string, where.scope)?.param !== undefined;
}

/**
 * Each function whose promise cannot reject by itself, with the callees it follows (FunctionFact
 * `settles`): async functions, and others that return a value (`allow() { return check(…) }`); a
 * callee syntax cannot name leaves the function out.
 */
function recordSettles(walk: FileWalk, values: ValueResolver): void {
  const returning = new Set(walk.returns.flatMap((r) => (r.node ? [r.fn] : [])));
  for (const [node, fn] of walk.fnIndex) {
    if (!node.async && !returning.has(fn)) continue;
    const points = rejectingCalls(node as unknown as FunctionNode);
    if (points === undefined) continue;
    const callees: Value[] = [];
    const reads: number[] = [];
    const emitIndexes: number[] = [];
    const settles = points.calls.every((call) => {
      const where = walk.callPlaces.get(call as unknown as AstNode);
      if (where === undefined) return false;
      if (points.handOffs.has(call) && isParameter(walk, call.callee as unknown as AstNode, where)) return true;
      const callee = values.valueOf(call.callee as unknown as AstNode, where, 0);
      const emits = !points.reads.has(call) && isEmitterDispatch(call);
      if (points.reads.has(call)) reads.push(callees.length);
      if (emits) emitIndexes.push(callees.length);
      callees.push(callee);
      // A library emitter's dispatch hands back no promise (as no-floating-task reads it).
      return callee.k !== 'unknown' || emits;
    });
    if (!settles) continue;
    const facts = walk.facts.functions[fn]!;
    facts.settles = callees;
    if (reads.length > 0) facts.settlesReads = reads;
    if (emitIndexes.length > 0) facts.settlesEmits = emitIndexes;
    if (mayReturnNothing(node as unknown as FunctionNode)) facts.returnsNothing = true;
  }
}

/**
 * FunctionFact `endsProcess` on each function every path of which ends the process, and the calls
 * after which every path of their function does (CallFact `endsAfter`, by callee node): process-end.ts.
 * Calls are named by their index in the facts, which only calls of a callee syntax names have.
 */
function recordProcessEnds(walk: FileWalk, callIndex: ReadonlyMap<AstNode, number>): Map<AstNode, readonly number[]> {
  const endsAfter = new Map<AstNode, readonly number[]>();
  const indexOf = (call: AstNode): number | undefined => callIndex.get(unwrap(call.callee as AstNode));
  for (const [node, fn] of walk.fnIndex) {
    if (!node.body) continue;
    const { ends, after } = readProcessEnds(node.body as AstNode, indexOf);
    if (ends) walk.facts.functions[fn]!.endsProcess = [...ends];
    for (const [callee, calls] of after) endsAfter.set(callee, calls);
  }
  return endsAfter;
}
