import type { TSESTree } from '@typescript-eslint/utils';
import { servingCallOf } from '../core/file-role.js';
import { CLOSE_METHODS } from '../knowledge/clients.js';
import { ITERATION_METHODS } from '../knowledge/entry-points.js';
import {
  FUNCTION_TYPES,
  LOOP_TYPES,
  calleeName,
  isNode,
  keyName,
  propertyName,
  staticString,
  unwrap,
  type AstNode,
} from './ast.js';
import { CLUSTER_MODULES, isClusterWorkerMessage, testsClusterRole } from './cluster.js';
import { oxcParser } from './native.js';
import { valueKeysOf } from '../core/value-keys.js';
import { lineAt, type ClassFact, type FileFacts, type FunctionFact, type ProgramFact, type Value } from './facts.js';
import { exitsWhenDone, withProgramFact } from './program-facts.js';
import type { RecordedEntry } from './class-entries.js';
import { visitClass, type RecordedField } from './class-walk.js';
import {
  assignedValue,
  isModuleExports,
  recordExport,
  recordExportAssignment,
  recordImport,
  recordImportEquals,
} from './module-interface.js';
import { keepsForLater, registrationsOf } from './registrations.js';
import { noteLazyCalls } from './lazy-calls.js';
import { windowReopeningOf } from './desktop-windows.js';
import { ELECTRON_MODULE } from '../knowledge/desktop-apps.js';
import { countedLoopOf, type CountedLoop } from './loop-counters.js';
import { HandOverNotes, noteHandedFunction, noteParamCall, noteParamHandOver } from './handed-callbacks.js';
import { Scopes, type PendingValue, type RecordedCall, type Where } from './scopes.js';

/**
 * One walk over a file's AST (oxc-parser's): records its functions, classes and imports as it
 * meets them, binds every name in its scope, and keeps what can only be resolved once the whole
 * file is bound (calls, entries, fields, exports) for extract.ts to resolve.
 */
export class FileWalk {
  private readonly lineStarts: number[] = [0];
  readonly functions: FunctionFact[] = [];
  readonly classes: ClassFact[] = [];
  readonly scopes = new Scopes();
  readonly fnIndex = new Map<AstNode, number>();
  readonly classIndex = new Map<AstNode, number>();
  readonly calls: RecordedCall[] = [];
  readonly handOvers = new HandOverNotes(); // functions handed to calls, and whether they run then (handed-callbacks.ts)
  readonly lazyCallees = new Set<AstNode>(); // calls filling an empty holder, `if (!db) db = open()` (lazy-calls.ts)
  /** Electron 'activate' handlers that open a window again and again, with their description (desktop-windows.ts). */
  reopeningHandlers: ReadonlyMap<AstNode, string> = new Map();
  /** Where each call stands, by its node: the callees a function's promise follows are resolved there (settles). */
  readonly callPlaces = new Map<AstNode, Where>();
  readonly entries: RecordedEntry[] = [];
  importsCluster = false;
  /** Iteration callbacks and the collection each iterates, for where their first parameter's values come from. */
  readonly elements: { fn: number; where: Where; node: AstNode }[] = [];
  /** With `probe`: every visited node's place, so the origin of any expression can be asked afterwards. */
  private readonly places = new Map<number, { node: AstNode; where: Where }>();
  /** A range's key in `places` is `start * placeSpan + end`: one number (exact for any text under 2^26 characters), not a string built per node. */
  private readonly placeSpan: number;
  readonly fields: RecordedField[] = [];
  /** What each function returns (`return x`, an arrow's expression body), for builds.ts; `undefined` for a bare `return`. */
  readonly returns: { fn: number; node: AstNode | undefined; where: Where }[] = [];
  /** Each function's own scope, by function index. */
  readonly fnScopes: number[] = [];
  /** `this.pool.end()` in a method: the class closes that field itself. */
  readonly closedFields: { cls: number; name: string }[] = [];
  readonly exports = new Map<string, PendingValue | Value>();
  readonly wrappedExports = new Map<string, PendingValue[]>();
  readonly superClasses: { cls: number; pending: PendingValue }[] = [];
  cjs: PendingValue | undefined;
  /** The object literal passed as a call argument whose properties are being visited (`run({ eachMessage() {} })`). */
  private argumentObject: AstNode | undefined;
  /** Each node type's child keys, looked up once per walk rather than per node. */
  private readonly visitorKeys = oxcParser().visitorKeys;
  readonly facts: FileFacts;

  constructor(
    text: string,
    parseError: string | undefined,
    private readonly probe: boolean,
  ) {
    for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) this.lineStarts.push(i + 1);
    this.placeSpan = text.length + 1;
    this.facts = {
      functions: this.functions,
      classes: this.classes,
      calls: [],
      entries: [],
      exports: {},
      starExports: [],
      imports: [],
    };
    if (parseError) this.facts.parseError = parseError;
    if (text.startsWith('#!')) this.program.shebang = true;
  }

  /** What the file's own code says of its process, set on the facts once the walk is done. */
  private readonly program: ProgramFact = {};

  run(program: AstNode): void {
    const top: Where = { fn: -1, scope: 0, thisCls: undefined, loop: false };
    for (const statement of program.body as AstNode[]) this.visit(statement, top, program);
    if (this.facts.imports.some((fact) => fact.source === ELECTRON_MODULE)) {
      // A window opened on 'activate' only while none is open: once where the app quits with its last window.
      const { onceCallees, reopening } = windowReopeningOf(program);
      for (const callee of onceCallees) this.lazyCallees.add(callee);
      this.reopeningHandlers = reopening;
    }
    if (exitsWhenDone(program)) this.program.exits = true;
    const fact = withProgramFact(this.program);
    if (fact) this.facts.program = fact;
  }

  /** With `probe`: the first visited node spanning exactly [start, end), and where it stands. */
  placeAt(start: number, end: number): { node: AstNode; where: Where } | undefined {
    return end < this.placeSpan ? this.places.get(start * this.placeSpan + end) : undefined;
  }

  lineOf(node: AstNode): number {
    return this.line(node);
  }

  private line(node: AstNode): number {
    return lineAt(this.lineStarts, node.start);
  }

  visitChildren(node: AstNode, where: Where): void {
    // Not down types: the annotations the walk reads (a field's or parameter's declared class), it reads where it needs them.
    for (const key of valueKeysOf(this.visitorKeys, node.type)) {
      const child = node[key] as unknown;
      if (Array.isArray(child)) {
        for (const item of child) if (isNode(item)) this.visit(item, where, node);
      } else if (isNode(child)) {
        this.visit(child, where, node);
      }
    }
  }

  visit(node: AstNode, where: Where, parent: AstNode): void {
    if (this.probe) {
      const key = node.start * this.placeSpan + node.end;
      if (!this.places.has(key)) this.places.set(key, { node, where });
    }
    if (FUNCTION_TYPES.has(node.type)) return void this.visitFunction(node, where, parent);
    if (LOOP_TYPES.has(node.type)) return this.visitLoop(node, where);
    switch (node.type) {
      case 'ClassDeclaration':
      case 'ClassExpression':
        return void visitClass(this, node, where, parent);
      case 'VariableDeclarator':
        this.scopes.declarePattern(node.id as AstNode, where, (node.init as AstNode | null) ?? undefined);
        break;
      case 'ImportDeclaration':
        return recordImport(this, node, where);
      case 'ExportNamedDeclaration':
      case 'ExportDefaultDeclaration':
      case 'ExportAllDeclaration':
        recordExport(this, node, where);
        break;
      case 'TSExportAssignment':
        this.cjs = { where, node: node.expression as AstNode };
        break;
      case 'TSImportEqualsDeclaration':
        return recordImportEquals(this, node, where);
      case 'AssignmentExpression':
        noteLazyCalls(this, node, where);
        this.visitAssignment(node, where);
        break;
      case 'UpdateExpression':
        if (unwrap(node.argument as AstNode).type === 'Identifier')
          this.markReassigned(unwrap(node.argument as AstNode), where);
        break;
      case 'CallExpression':
      case 'NewExpression':
        return this.visitCall(node, where);
      case 'ImportExpression': {
        const source = staticString(node.source as AstNode);
        if (source !== undefined) this.facts.imports.push({ source, kind: 'dynamic', line: this.line(node) });
        break;
      }
      case 'ReturnStatement':
        if (where.fn >= 0)
          this.returns.push({ fn: where.fn, node: (node.argument as AstNode | null) ?? undefined, where });
        break;
      case 'IfStatement':
      case 'ConditionalExpression':
        noteLazyCalls(this, node, where);
        if (testsClusterRole(node.test as AstNode)) return this.visitChildren(node, { ...where, clusterBranch: true });
        break;
      case 'JSXElement':
      case 'JSXFragment':
        if (where.fn >= 0) this.functions[where.fn]!.jsx = true;
        break;
      case 'TSEnumDeclaration':
        this.scopes.declare(where.scope, node.id.name as string, { node, thisCls: undefined });
        return;
      case 'TSInterfaceDeclaration':
      case 'TSTypeAliasDeclaration':
      case 'TSDeclareFunction':
        return;
    }
    this.visitChildren(node, where);
  }

  private visitLoop(node: AstNode, where: Where): void {
    // Only a loop that may run until stopped repeats what it calls (`while (running)`, `for (;;)`,
    // `for await` over a stream). A pass over a collection (`for…of`, `for…in`, a counted `for`)
    // runs its body as many times as the collection has elements: in start-up code that is a
    // fixed set, as the file-local model judges it (held-out: a listener per configured folder).
    const untilStopped =
      node.type === 'WhileStatement' ||
      node.type === 'DoWhileStatement' ||
      (node.type === 'ForStatement' && !node.test) ||
      (node.type === 'ForOfStatement' && node.await === true);
    const inLoop = untilStopped ? { ...where, loop: true } : where;
    // `for (const key of keys)`: key's values come from keys (declared before the walk declares it without a value).
    const declarator =
      (node.type === 'ForOfStatement' || node.type === 'ForInStatement') && node.left.type === 'VariableDeclaration'
        ? (node.left.declarations[0] as AstNode)
        : undefined;
    if (declarator?.id.type === 'Identifier')
      this.scopes.declare(where.scope, declarator.id.name as string, {
        iterates: node.right as AstNode,
        thisCls: where.thisCls,
      });
    const counted = countedLoopOf(node);
    for (const key of this.visitorKeys[node.type] ?? []) {
      const child = node[key] as unknown;
      // The counter's own step is no reassignment: the counter stays between its two ends.
      if (counted && child === counted.update) continue;
      // `for (init; …)` and the iterated value of `for…of` run once per loop, not per iteration.
      const once =
        (node.type === 'ForStatement' && key === 'init') ||
        ((node.type === 'ForOfStatement' || node.type === 'ForInStatement') && key === 'right');
      if (isNode(child)) this.visit(child, once ? where : inLoop, node);
      if (counted && key === 'init') this.noteCounter(counted, where);
    }
  }

  /** Marks the binding a counted loop declares as its counter; a name two loops of one scope share is neither's. */
  private noteCounter(counted: CountedLoop, where: Where): void {
    const binding = this.scopes.binding(counted.name, where.scope);
    if (!binding) return;
    if (binding.node === counted.init && binding.counter === undefined) binding.counter = counted.bound;
    else binding.reassigned = true;
  }

  visitFunction(node: AstNode, where: Where, parent: AstNode, name?: string, thisCls?: number): number {
    const index = this.functions.length;
    const fact: FunctionFact = {
      name: name ?? this.functionName(node, parent),
      start: node.start,
      end: node.end,
      line: this.line(node),
      parent: where.fn,
    };
    const call = parent.type === 'CallExpression' || parent.type === 'NewExpression' ? parent : undefined;
    if (call && call.callee !== node) {
      const iterates = ITERATION_METHODS.has(calleeName(call.callee as AstNode) ?? '');
      // An iteration callback is a pass over a collection, like `for…of`: it repeats only inside a loop that does.
      if (!keepsForLater(call)) {
        fact.inherits = where.loop ? 'iteration' : 'callback';
        noteHandedFunction(this.handOvers, index, node, call);
      }
      const receiver = unwrap(call.callee as AstNode);
      if (iterates && receiver.type === 'MemberExpression')
        this.elements.push({ fn: this.functions.length, where, node: receiver.object as AstNode });
    } else if (parent.type === 'Property' && this.argumentObject === parent) {
      fact.inherits = 'callback';
    }
    this.functions.push(fact);
    this.fnIndex.set(node, index);
    if (this.handOvers.registered.has(node)) this.handOvers.registeredFns.add(index);
    const outer = where.scope;
    if (node.type === 'FunctionDeclaration' && node.id)
      this.scopes.declare(outer, node.id.name as string, { node, thisCls: where.thisCls });
    const scope = this.scopes.open(outer);
    if (node.type === 'FunctionExpression' && node.id)
      this.scopes.declare(scope, node.id.name as string, { node, thisCls: where.thisCls });
    const inner: Where = {
      fn: index,
      scope,
      thisCls: node.type === 'ArrowFunctionExpression' ? where.thisCls : thisCls,
      loop: false,
    };
    this.fnScopes[index] = scope;
    for (const [i, param] of (node.params as AstNode[]).entries()) {
      this.scopes.declarePattern(param, inner, undefined, { fn: index, i });
      // constructor(private readonly orders: OrdersService): a field of the class, typed.
      if (param.type === 'TSParameterProperty' && thisCls !== undefined && param.parameter.type === 'Identifier') {
        const annotation = param.parameter.typeAnnotation?.typeAnnotation as AstNode | undefined;
        if (annotation?.type === 'TSTypeReference')
          this.fields.push({
            cls: thisCls,
            name: param.parameter.name as string,
            typeName: annotation.typeName as AstNode,
            where: inner,
          });
      }
    }
    if (node.body) this.visit(node.body as AstNode, inner, node);
    if (node.type === 'ArrowFunctionExpression' && node.expression)
      this.returns.push({ fn: index, node: node.body as AstNode, where: inner });
    return index;
  }

  private functionName(node: AstNode, parent: AstNode): string {
    if (node.id?.name) return node.id.name as string;
    if (parent.type === 'VariableDeclarator' && parent.id.type === 'Identifier') return parent.id.name as string;
    if (parent.type === 'Property' || parent.type === 'PropertyDefinition' || parent.type === 'MethodDefinition')
      return keyName(parent) ?? 'anonymous function';
    if (parent.type === 'AssignmentExpression' && parent.left.type === 'MemberExpression') {
      return isModuleExports(parent.left as AstNode)
        ? 'module.exports'
        : (propertyName(parent.left as AstNode) ?? 'anonymous function');
    }
    if (parent.type === 'ExportDefaultDeclaration') return 'default export';
    return 'anonymous function';
  }

  private visitAssignment(node: AstNode, where: Where): void {
    const left = unwrap(node.left as AstNode);
    if (left.type === 'Identifier')
      this.markReassigned(
        left,
        where,
        node.operator === '=' ? (node.right as AstNode) : undefined,
        node.start as number,
      );
    if (left.type !== 'MemberExpression') return;
    const value: PendingValue = { where, node: assignedValue(node.right as AstNode) };
    if (recordExportAssignment(this, left, value)) return;
    const property = propertyName(left);
    if (
      property !== undefined &&
      unwrap(left.object as AstNode).type === 'ThisExpression' &&
      where.thisCls !== undefined
    )
      this.fields.push({ cls: where.thisCls, name: property, pending: value, where });
  }

  /** The declared type of a variable or parameter (`observable: Observable<T>` gives `Observable`). */
  private typeNameOf(identifier: AstNode, where: Where): string | undefined {
    const typeName = this.scopes.binding(identifier.name as string, where.scope)?.typeName;
    return typeName?.type === 'Identifier' ? (typeName.name as string) : undefined;
  }

  /** `i++`, `x = …`: key provenance must not take the declared value for what the name holds. */
  private markReassigned(identifier: AstNode, where: Where, value?: AstNode, start = identifier.start as number): void {
    const binding = this.scopes.binding(identifier.name as string, where.scope);
    if (!binding) return;
    binding.reassigned = true;
    (binding.assignments ??= []).push({ value, fn: where.fn, loop: where.loop, start });
  }

  private visitCall(node: AstNode, where: Where): void {
    const callee = unwrap(node.callee as AstNode);
    const line = this.line(node);
    if (
      node.type === 'CallExpression' &&
      callee.type === 'Identifier' &&
      callee.name === 'require' &&
      !this.scopes.isDeclared('require', where)
    ) {
      const source = staticString(node.arguments[0] as AstNode | undefined);
      if (source !== undefined) this.facts.imports.push({ source, kind: 'require', line });
      if (source !== undefined && CLUSTER_MODULES.has(source)) this.importsCluster = true;
      return;
    }
    // `super(…)` constructs the superclass: its constructor runs, as for the implicit constructor's call.
    const superClass =
      callee.type === 'Super' ? this.superClasses.find(({ cls }) => cls === where.thisCls)?.pending.node : undefined;
    const isNew = node.type === 'NewExpression' || superClass !== undefined;
    this.calls.push({ where, callee: superClass ?? callee, isNew, line, args: node.arguments as AstNode[] });
    this.callPlaces.set(node, where);
    noteParamCall(this, callee, where);
    const closed = closedField(callee);
    if (closed !== undefined && where.thisCls !== undefined)
      this.closedFields.push({ cls: where.thisCls, name: closed });
    if (!this.program.serves && node.type === 'CallExpression') {
      const what = servingCallOf(node as unknown as TSESTree.CallExpression, where.fn === -1 && !where.loop);
      if (what !== undefined) this.program.serves = { line, what };
    }
    const registrations = node.arguments.length > 0 ? registrationsOf(node, (id) => this.typeNameOf(id, where)) : [];
    const ipc = isClusterWorkerMessage(callee, staticString(node.arguments[0] as AstNode | undefined));
    for (const registration of registrations) {
      this.handOvers.registered.add(registration.target);
      this.entries.push({ where, line, ...registration, ...(ipc ? { ipc } : {}) });
    }
    // A function passed by name to any other call runs when that call runs it: `items.map(normalize)`
    // (a helper of the project's own, only if it calls it then: handed-callbacks.ts); not one a
    // method keeps for later (`bus.subscribe(onEvent)`), as for an inline callback.
    const keptForLater = keepsForLater(node);
    for (const [position, arg] of (node.arguments as AstNode[]).entries()) {
      const inner = unwrap(arg);
      if (
        (inner.type !== 'Identifier' && inner.type !== 'MemberExpression') ||
        registrations.some((r) => r.target === inner) ||
        keptForLater
      )
        continue;
      const handedTo = { callee: superClass ?? callee, arg: position };
      this.calls.push({ where, callee: inner, isNew: false, line, handedTo });
      noteParamHandOver(this, inner, handedTo, where);
    }
    // Inline functions in an object argument (`new Promise(…)`, `run({ each() {} })`) are callbacks too.
    const previous = this.argumentObject;
    this.visit(callee, where, node);
    for (const arg of node.arguments as AstNode[]) {
      if (arg.type === 'ObjectExpression') {
        for (const property of arg.properties as AstNode[]) {
          this.argumentObject = property;
          this.visit(property, where, arg);
        }
        this.argumentObject = previous;
      } else {
        this.visit(arg, where, node);
      }
    }
    this.argumentObject = previous;
  }
}

/** `this.pool.end()`, `this.client.quit()`: the field a close call ends (CLOSE_METHODS). */
function closedField(callee: AstNode): string | undefined {
  if (callee.type !== 'MemberExpression' || !CLOSE_METHODS.has(propertyName(callee) ?? '')) return undefined;
  const holder = unwrap(callee.object as AstNode);
  return holder.type === 'MemberExpression' && unwrap(holder.object as AstNode).type === 'ThisExpression'
    ? propertyName(holder)
    : undefined;
}
