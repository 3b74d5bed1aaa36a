import { DECORATOR_ENTRIES, ITERATION_METHODS, SINGLETON_DECORATORS } from '../knowledge/entry-points.js';
import {
  FUNCTION_TYPES,
  LOOP_TYPES,
  calleeName,
  decoratorName,
  isNode,
  keyName,
  propertyName,
  staticString,
  unwrap,
  type AstNode,
} from './ast.js';
import { CLUSTER_MODULES, isClusterWorkerMessage, testsClusterRole } from './cluster.js';
import { exportEntries } from './export-entries.js';
import { oxcParser } from './native.js';
import {
  UNKNOWN,
  lineAt,
  type ClassFact,
  type FileFacts,
  type FunctionFact,
  type Origin,
  type ParamRef,
  type Value,
} from './facts.js';
import { OriginReader } from './origin.js';
import { registrationsOf } from './registrations.js';

/** A name bound in a scope, evaluated to a Value once the whole file has been walked. */
interface Binding {
  /** A parameter (or a name destructured from one): where values come from, for key provenance. */
  readonly param?: ParamRef;
  /** `for (const x of list)` / `for (const k in object)`: the value iterated. */
  readonly iterates?: AstNode;
  readonly scope: number;
  readonly thisCls: number | undefined;
  /** The initialiser, a function or class node, or an import's value. */
  readonly node?: AstNode;
  readonly value?: Value;
  /** `const { a } = node`: the binding is member `a` of `node`. */
  readonly member?: string;
  /** `x: Service`: an instance of the declared type. */
  readonly typeName?: AstNode;
  evaluated?: Value;
  evaluating?: boolean;
}

interface Scope {
  readonly parent: number;
  readonly names: Map<string, Binding>;
}

/** Where the walk is: the function the code runs in, its scope, the class `this` is, whether inside a loop. */
interface Where {
  readonly fn: number;
  readonly scope: number;
  readonly thisCls: number | undefined;
  readonly loop: boolean;
  /** Inside an `if (cluster.isPrimary)` branch (either side): cluster start-up code. */
  readonly clusterBranch?: boolean;
}

interface PendingValue {
  readonly where: Where;
  readonly node: AstNode;
}

/** Deepest chain of names followed for one value (`a = b`, `b = c.d`, …), against cycles. */
const MAX_VALUE_DEPTH = 24;

/**
 * Parses one file with oxc-parser and extracts its FileFacts: functions, classes, calls,
 * registrations, imports and exports. Syntax only; names are resolved within the file here and
 * across files when linking.
 */
export function extractFacts(filename: string, source: string): FileFacts {
  return extractor(filename, source, false).facts;
}

/** A file's facts, and where the value of any of its expressions comes from (by the expression's exact range). */
export interface ProbedFile {
  readonly facts: FileFacts;
  originAt(start: number, end: number): Origin | undefined;
}

/** Like extractFacts, remembering every expression's scope so origins can be asked afterwards (one file at a time: it keeps the AST). */
export function probeFile(filename: string, source: string): ProbedFile {
  const probed = extractor(filename, source, true);
  return { facts: probed.facts, originAt: (start, end) => probed.originAt(start, end) };
}

function extractor(filename: string, source: string, probe: boolean): Extractor {
  // ESLint reports offsets in the text without its BOM; so do these facts.
  const text = source.charCodeAt(0) === 0xfeff ? source.slice(1) : source;
  const result = oxcParser().parseSync(filename, text, {
    preserveParens: false,
    sourceType: /\.c[jt]s$/.test(filename) ? 'commonjs' : 'unambiguous',
  });
  const extracting = new Extractor(filename, text, result.errors[0]?.message, probe);
  extracting.run(result.program as unknown as AstNode);
  return extracting;
}

class Extractor {
  private readonly lineStarts: number[] = [0];
  private readonly functions: FunctionFact[] = [];
  private readonly classes: ClassFact[] = [];
  private readonly fnIndex = new Map<AstNode, number>();
  private readonly classIndex = new Map<AstNode, number>();
  private readonly scopes: Scope[] = [{ parent: -1, names: new Map() }];
  private readonly calls: { where: Where; callee: AstNode; isNew: boolean; line: number; args?: AstNode[] }[] = [];
  private readonly entries: {
    where: Where;
    target: AstNode | number;
    kind: 'repeats' | 'once';
    repeatKind?: FileFacts['entries'][number]['repeatKind'];
    description: string;
    line: number;
    /** `process.on('message')`: a cluster worker's start-up message when the file is cluster code. */
    ipc?: boolean;
  }[] = [];
  private importsCluster = false;
  /** Iteration callbacks and the collection each iterates, for where their first parameter's values come from. */
  private readonly elements: { fn: number; where: Where; node: AstNode }[] = [];
  /** With `probe`: every visited node's place, so the origin of any expression can be asked afterwards. */
  private readonly places = new Map<string, { node: AstNode; where: Where }>();
  private readonly fields: { cls: number; name: string; pending?: PendingValue; typeName?: AstNode; where: Where }[] =
    [];
  private readonly exports = new Map<string, PendingValue | Value>();
  private readonly superClasses: { cls: number; pending: PendingValue }[] = [];
  private cjs: PendingValue | undefined;
  readonly facts: FileFacts;
  private readonly origins: OriginReader;

  constructor(
    private readonly filename: string,
    text: string,
    parseError: string | undefined,
    private readonly probe: boolean,
  ) {
    this.origins = new OriginReader(text, (name, scope) => this.binding(name, scope));
    for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) this.lineStarts.push(i + 1);
    this.facts = {
      functions: this.functions,
      classes: this.classes,
      calls: [],
      entries: [],
      exports: {},
      starExports: [],
      imports: [],
      lineStarts: this.lineStarts,
    };
    if (parseError) this.facts.parseError = parseError;
  }

  run(program: AstNode): FileFacts {
    const top: Where = { fn: -1, scope: 0, thisCls: undefined, loop: false };
    for (const statement of program.body as AstNode[]) this.visit(statement, top, program);
    this.finish();
    return this.facts;
  }

  private line(node: AstNode): number {
    return lineAt(this.lineStarts, node.start);
  }

  private declare(scope: number, name: string, binding: Omit<Binding, 'scope'> & { scope?: number }): void {
    const names = this.scopes[scope]!.names;
    if (!names.has(name)) names.set(name, { ...binding, scope: binding.scope ?? scope });
  }

  private newScope(parent: number): number {
    this.scopes.push({ parent, names: new Map() });
    return this.scopes.length - 1;
  }

  /** Binds every name in a pattern; `const { a } = init` binds `a` to member `a` of `init`. */
  private declarePattern(
    pattern: AstNode | null | undefined,
    where: Where,
    init?: AstNode,
    param?: Omit<ParamRef, 'path'>,
  ): void {
    if (!pattern) return;
    if (pattern.type === 'Identifier') {
      const annotation = pattern.typeAnnotation?.typeAnnotation as AstNode | undefined;
      const typeName = annotation?.type === 'TSTypeReference' ? (annotation.typeName as AstNode) : undefined;
      const name = pattern.name as string;
      this.declare(
        where.scope,
        name,
        init
          ? { node: init, thisCls: where.thisCls }
          : { typeName, thisCls: where.thisCls, ...(param ? { param: { ...param, path: name } } : {}) },
      );
    } else if (pattern.type === 'ObjectPattern') {
      for (const property of pattern.properties as AstNode[]) {
        const key = property.type === 'Property' ? keyName(property) : undefined;
        const value = property.type === 'Property' ? (property.value as AstNode) : (property.argument as AstNode);
        if (init && key !== undefined && value.type === 'Identifier')
          this.declare(where.scope, value.name as string, { node: init, member: key, thisCls: where.thisCls });
        else this.declarePattern(value, where, undefined, param);
      }
    } else if (pattern.type === 'AssignmentPattern') {
      this.declarePattern(pattern.left as AstNode, where, undefined, param);
    } else if (pattern.type === 'ArrayPattern') {
      for (const element of pattern.elements as (AstNode | null)[])
        this.declarePattern(element, where, undefined, param);
    } else if (pattern.type === 'RestElement') {
      this.declarePattern(pattern.argument as AstNode, where, undefined, param);
    } else if (pattern.type === 'TSParameterProperty') {
      this.declarePattern(pattern.parameter as AstNode, where, undefined, param);
    }
  }

  private visitChildren(node: AstNode, where: Where): void {
    for (const key of oxcParser().visitorKeys[node.type] ?? []) {
      const child = node[key] as unknown;
      if (Array.isArray(child)) {
        for (const item of child) if (isNode(item)) this.visit(item, where, node);
      } else if (isNode(child)) {
        this.visit(child, where, node);
      }
    }
  }

  private visit(node: AstNode, where: Where, parent: AstNode): void {
    if (this.probe && !this.places.has(`${node.start}:${node.end}`))
      this.places.set(`${node.start}:${node.end}`, { node, where });
    if (FUNCTION_TYPES.has(node.type)) return void this.visitFunction(node, where, parent);
    if (LOOP_TYPES.has(node.type)) return this.visitLoop(node, where);
    switch (node.type) {
      case 'ClassDeclaration':
      case 'ClassExpression':
        return void this.visitClass(node, where, parent);
      case 'VariableDeclarator':
        this.declarePattern(node.id as AstNode, where, (node.init as AstNode | null) ?? undefined);
        break;
      case 'ImportDeclaration':
        return this.visitImport(node, where);
      case 'ExportNamedDeclaration':
      case 'ExportDefaultDeclaration':
      case 'ExportAllDeclaration':
        this.visitExport(node, where);
        break;
      case 'TSExportAssignment':
        this.cjs = { where, node: node.expression as AstNode };
        break;
      case 'TSImportEqualsDeclaration': {
        const reference = node.moduleReference as AstNode;
        const source =
          reference.type === 'TSExternalModuleReference' ? staticString(reference.expression as AstNode) : undefined;
        if (source !== undefined) {
          this.facts.imports.push({ source, kind: 'require', line: this.line(node) });
          this.declare(where.scope, node.id.name as string, {
            value: { k: 'import', source, name: '*' },
            thisCls: undefined,
          });
        }
        return;
      }
      case 'AssignmentExpression':
        this.visitAssignment(node, where);
        break;
      case 'CallExpression':
      case 'NewExpression':
        return this.visitCall(node, where);
      case 'ImportExpression': {
        const source = staticString(node.source as AstNode);
        if (source !== undefined) this.facts.imports.push({ source, kind: 'dynamic', line: this.line(node) });
        break;
      }
      case 'IfStatement':
      case 'ConditionalExpression':
        if (testsClusterRole(node.test as AstNode)) return this.visitChildren(node, { ...where, clusterBranch: true });
        break;
      case 'JSXElement':
      case 'JSXFragment':
        if (where.fn >= 0) this.functions[where.fn]!.jsx = true;
        break;
      case 'TSEnumDeclaration':
        this.declare(where.scope, node.id.name as string, { node, thisCls: undefined });
        return;
      case 'TSInterfaceDeclaration':
      case 'TSTypeAliasDeclaration':
      case 'TSDeclareFunction':
        return;
    }
    this.visitChildren(node, where);
  }

  private visitLoop(node: AstNode, where: Where): void {
    const inLoop = { ...where, loop: true };
    // `for (const key of keys)`: key's values come from keys (declared before the walk declares it without a value).
    const declarator =
      (node.type === 'ForOfStatement' || node.type === 'ForInStatement') && node.left.type === 'VariableDeclaration'
        ? (node.left.declarations[0] as AstNode)
        : undefined;
    if (declarator?.id.type === 'Identifier')
      this.declare(where.scope, declarator.id.name as string, {
        iterates: node.right as AstNode,
        thisCls: where.thisCls,
      });
    for (const key of oxcParser().visitorKeys[node.type] ?? []) {
      const child = node[key] as unknown;
      // `for (init; …)` and the iterated value of `for…of` run once per loop, not per iteration.
      const once =
        (node.type === 'ForStatement' && key === 'init') ||
        ((node.type === 'ForOfStatement' || node.type === 'ForInStatement') && key === 'right');
      if (isNode(child)) this.visit(child, once ? where : inLoop, node);
    }
  }

  private visitFunction(node: AstNode, where: Where, parent: AstNode, name?: string, thisCls?: number): number {
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
      fact.inherits = iterates || where.loop ? 'iteration' : 'callback';
      const receiver = unwrap(call.callee as AstNode);
      if (iterates && receiver.type === 'MemberExpression')
        this.elements.push({ fn: this.functions.length, where, node: receiver.object as AstNode });
    } else if (parent.type === 'Property' && this.argumentObject === parent) {
      fact.inherits = 'callback';
    }
    this.functions.push(fact);
    this.fnIndex.set(node, index);
    const outer = where.scope;
    if (node.type === 'FunctionDeclaration' && node.id)
      this.declare(outer, node.id.name as string, { node, thisCls: where.thisCls });
    const scope = this.newScope(outer);
    if (node.type === 'FunctionExpression' && node.id)
      this.declare(scope, node.id.name as string, { node, thisCls: where.thisCls });
    const inner: Where = {
      fn: index,
      scope,
      thisCls: node.type === 'ArrowFunctionExpression' ? where.thisCls : thisCls,
      loop: false,
    };
    for (const [i, param] of (node.params as AstNode[]).entries()) {
      this.declarePattern(param, inner, undefined, { fn: index, i });
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
    return index;
  }

  /** The object literal passed as a call argument whose properties are being visited (`run({ eachMessage() {} })`). */
  private argumentObject: AstNode | undefined;

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

  private visitClass(node: AstNode, where: Where, parent: AstNode): number {
    const index = this.classes.length;
    const name =
      (node.id?.name as string | undefined) ??
      (parent.type === 'VariableDeclarator' && parent.id.type === 'Identifier'
        ? (parent.id.name as string)
        : 'anonymous class');
    const fact: ClassFact = { name, line: this.line(node), methods: {}, statics: {}, fields: {} };
    this.classes.push(fact);
    this.classIndex.set(node, index);
    if (node.type === 'ClassDeclaration' && node.id)
      this.declare(where.scope, node.id.name as string, { node, thisCls: where.thisCls });
    if (node.superClass) this.superClasses.push({ cls: index, pending: { where, node: node.superClass as AstNode } });
    const singleton = (node.decorators as AstNode[] | undefined)?.find((d) =>
      SINGLETON_DECORATORS.has(decoratorName(d) ?? ''),
    );
    const inClass: Where = { ...where, thisCls: index };
    for (const member of node.body.body as AstNode[]) {
      const key = keyName(member);
      const value = member.value as AstNode | null;
      if (member.type === 'MethodDefinition' && value) {
        const label = `${name}.${key ?? 'method'}`;
        const fn = this.visitFunction(
          value,
          inClass,
          member,
          member.kind === 'constructor' ? `${name} constructor` : label,
          member.static ? undefined : index,
        );
        if (member.kind === 'constructor') fact.ctor = fn;
        else if (key !== undefined) (member.static ? fact.statics : fact.methods)[key] = fn;
        for (const decorator of (member.decorators as AstNode[] | undefined) ?? [])
          this.decoratorEntry(decorator, fn, label, inClass);
        if (member.kind === 'constructor' && singleton) {
          const requestScoped = /\bScope\.REQUEST\b|scope:\s*['"]request/.test(
            JSON.stringify(singleton.expression.arguments ?? []),
          );
          this.entries.push({
            where,
            target: value,
            kind: requestScoped ? 'repeats' : 'once',
            ...(requestScoped ? { repeatKind: 'request' as const } : {}),
            description: `@${decoratorName(singleton)}() ${name}`,
            line: this.line(member),
          });
        }
      } else if ((member.type === 'PropertyDefinition' || member.type === 'AccessorProperty') && key !== undefined) {
        if (value && FUNCTION_TYPES.has(unwrap(value).type)) {
          const fn = this.visitFunction(
            unwrap(value),
            inClass,
            member,
            `${name}.${key}`,
            member.static ? undefined : index,
          );
          (member.static ? fact.statics : fact.methods)[key] = fn;
          for (const decorator of (member.decorators as AstNode[] | undefined) ?? [])
            this.decoratorEntry(decorator, fn, `${name}.${key}`, inClass);
          continue;
        }
        const annotation = member.typeAnnotation?.typeAnnotation as AstNode | undefined;
        if (!member.static) {
          this.fields.push({
            cls: index,
            name: key,
            pending: value ? { where: inClass, node: value } : undefined,
            typeName: annotation?.type === 'TSTypeReference' ? (annotation.typeName as AstNode) : undefined,
            where: inClass,
          });
        }
        if (value) this.visit(value, inClass, member);
      } else {
        this.visitChildren(member, inClass);
      }
    }
    return index;
  }

  private decoratorEntry(decorator: AstNode, fn: number, label: string, where: Where): void {
    const name = decoratorName(decorator);
    const repeatKind = name === undefined ? undefined : DECORATOR_ENTRIES.get(name);
    if (!repeatKind) return;
    const argument = staticString(decorator.expression.arguments?.[0] as AstNode | undefined);
    const description = `@${name}(${argument === undefined ? '' : `'${argument}'`}) ${label}`;
    this.entries.push({ where, target: fn, kind: 'repeats', repeatKind, description, line: this.line(decorator) });
  }

  private visitImport(node: AstNode, where: Where): void {
    const source = node.source.value as string;
    this.facts.imports.push({ source, kind: 'import', line: this.line(node) });
    if (CLUSTER_MODULES.has(source)) this.importsCluster = true;
    for (const specifier of node.specifiers as AstNode[]) {
      const name =
        specifier.type === 'ImportDefaultSpecifier'
          ? 'default'
          : specifier.type === 'ImportNamespaceSpecifier'
            ? '*'
            : ((specifier.imported.name ?? specifier.imported.value) as string);
      this.declare(where.scope, specifier.local.name as string, {
        value: { k: 'import', source, name },
        thisCls: undefined,
      });
    }
  }

  private visitExport(node: AstNode, where: Where): void {
    const source = node.source ? (node.source.value as string) : undefined;
    if (source !== undefined) this.facts.imports.push({ source, kind: 'reexport', line: this.line(node) });
    if (node.type === 'ExportAllDeclaration') {
      if (node.exported)
        this.exports.set((node.exported.name ?? node.exported.value) as string, {
          k: 'import',
          source: source!,
          name: '*',
        });
      else this.facts.starExports.push(source!);
      return;
    }
    if (node.type === 'ExportDefaultDeclaration') {
      this.exports.set('default', { where, node: node.declaration as AstNode });
      return;
    }
    const declaration = node.declaration as AstNode | null;
    if (declaration) {
      const ids =
        declaration.type === 'VariableDeclaration'
          ? (declaration.declarations as AstNode[]).map((d) => d.id as AstNode).filter((id) => id.type === 'Identifier')
          : declaration.id
            ? [declaration.id as AstNode]
            : [];
      for (const id of ids) this.exports.set(id.name as string, { where, node: id });
    }
    for (const specifier of (node.specifiers as AstNode[] | undefined) ?? []) {
      const exported = (specifier.exported.name ?? specifier.exported.value) as string;
      const local = (specifier.local.name ?? specifier.local.value) as string;
      this.exports.set(
        exported,
        source !== undefined ? { k: 'import', source, name: local } : { where, node: specifier.local as AstNode },
      );
    }
  }

  private visitAssignment(node: AstNode, where: Where): void {
    const left = unwrap(node.left as AstNode);
    if (left.type !== 'MemberExpression') return;
    const object = unwrap(left.object as AstNode);
    const property = propertyName(left);
    const value: PendingValue = { where, node: node.right as AstNode };
    if (isModuleExports(left)) this.cjs = value;
    else if (
      property !== undefined &&
      ((object.type === 'Identifier' && object.name === 'exports' && !this.isDeclared('exports', where)) ||
        isModuleExports(object))
    )
      this.exports.set(property, value);
    else if (property !== undefined && object.type === 'ThisExpression' && where.thisCls !== undefined)
      this.fields.push({ cls: where.thisCls, name: property, pending: value, where });
  }

  private isDeclared(name: string, where: Where): boolean {
    for (let scope = where.scope; scope >= 0; scope = this.scopes[scope]!.parent)
      if (this.scopes[scope]!.names.has(name)) return true;
    return false;
  }

  private visitCall(node: AstNode, where: Where): void {
    const callee = unwrap(node.callee as AstNode);
    const line = this.line(node);
    if (
      node.type === 'CallExpression' &&
      callee.type === 'Identifier' &&
      callee.name === 'require' &&
      !this.isDeclared('require', where)
    ) {
      const source = staticString(node.arguments[0] as AstNode | undefined);
      if (source !== undefined) this.facts.imports.push({ source, kind: 'require', line });
      if (source !== undefined && CLUSTER_MODULES.has(source)) this.importsCluster = true;
      return;
    }
    this.calls.push({ where, callee, isNew: node.type === 'NewExpression', line, args: node.arguments as AstNode[] });
    const registrations = node.arguments.length > 0 ? registrationsOf(node) : [];
    const ipc = isClusterWorkerMessage(callee, staticString(node.arguments[0] as AstNode | undefined));
    for (const registration of registrations)
      this.entries.push({ where, line, ...registration, ...(ipc ? { ipc } : {}) });
    // A function passed by name to any other call runs when that call runs it: `items.map(normalize)`.
    let byName: Where | undefined;
    for (const arg of node.arguments as AstNode[]) {
      const inner = unwrap(arg);
      if (
        (inner.type !== 'Identifier' && inner.type !== 'MemberExpression') ||
        registrations.some((r) => r.target === inner)
      )
        continue;
      byName ??= ITERATION_METHODS.has(calleeName(callee) ?? '') ? { ...where, loop: true } : where;
      this.calls.push({ where: byName, callee: inner, isNew: false, line });
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

  // ————— after the walk: every name resolved within the file —————

  private finish(): void {
    const facts = this.facts;
    for (const call of this.calls) {
      const callee = this.valueOf(call.callee, call.where, 0);
      if (callee.k === 'unknown') continue;
      const args = call.args?.map((arg): Origin | null => {
        const origin = this.origins.originOf(arg, call.where.scope);
        return origin.o === 'unknown' ? null : origin;
      });
      facts.calls.push({
        from: call.where.fn,
        callee,
        line: call.line,
        isNew: call.isNew,
        loop: call.where.loop,
        ...(args?.some((a) => a !== null) ? { args } : {}),
      });
    }
    for (const field of this.fields) {
      const cls = this.classes[field.cls]!;
      if (cls.fields[field.name] && cls.fields[field.name]!.k !== 'unknown') continue;
      const value = field.pending ? this.valueOf(field.pending.node, field.pending.where, 0) : UNKNOWN;
      cls.fields[field.name] =
        value.k === 'unknown' && field.typeName ? this.typeValue(field.typeName, field.where) : value;
    }
    for (const { cls, pending } of this.superClasses)
      this.classes[cls]!.superClass = this.valueOf(pending.node, pending.where, 0);
    for (const [name, exported] of this.exports)
      facts.exports[name] = 'k' in exported ? exported : this.valueOf(exported.node, exported.where, 0);
    if (this.cjs) facts.cjsExports = this.valueOf(this.cjs.node, this.cjs.where, 0);
    for (const entry of this.entries) {
      if (entry.ipc && (entry.where.clusterBranch || this.importsCluster)) {
        Object.assign(entry, {
          kind: 'once',
          repeatKind: undefined,
          description: "cluster worker's start-up 'message' handler",
        });
      }
      const target: Value =
        typeof entry.target === 'number' ? { k: 'fn', i: entry.target } : this.valueOf(entry.target, entry.where, 0);
      facts.entries.push({
        target,
        kind: entry.kind,
        ...(entry.repeatKind ? { repeatKind: entry.repeatKind } : {}),
        description: entry.description,
        line: entry.line,
      });
    }
    facts.entries.push(...exportEntries(this.filename, facts));
    for (const { fn, where, node } of this.elements) {
      const origin = this.origins.originOf(node, where.scope);
      if (origin.o !== 'unknown') this.functions[fn]!.elements = origin;
    }
  }

  /** Where the value of the expression at exactly [start, end) comes from; undefined when no visited expression has that range. */
  originAt(start: number, end: number): Origin | undefined {
    const place = this.places.get(`${start}:${end}`);
    return place && this.origins.originOf(place.node, place.where.scope);
  }

  private binding(name: string, fromScope: number): Binding | undefined {
    for (let scope = fromScope; scope >= 0; scope = this.scopes[scope]!.parent) {
      const binding = this.scopes[scope]!.names.get(name);
      if (binding) return binding;
    }
    return undefined;
  }

  private typeValue(typeName: AstNode, where: Where): Value {
    const of =
      typeName.type === 'Identifier'
        ? this.valueOf(typeName, where, 0)
        : typeName.type === 'TSQualifiedName'
          ? this.memberValue(this.typeValue(typeName.left as AstNode, where), typeName.right.name as string)
          : UNKNOWN;
    return of.k === 'unknown' ? UNKNOWN : { k: 'new', of };
  }

  private memberValue(of: Value, name: string): Value {
    return of.k === 'unknown' ? UNKNOWN : { k: 'member', of, name };
  }

  private valueOf(expression: AstNode, where: Where, depth: number): Value {
    if (depth > MAX_VALUE_DEPTH) return UNKNOWN;
    const node = unwrap(expression);
    const fn = this.fnIndex.get(node);
    if (fn !== undefined) return { k: 'fn', i: fn };
    const cls = this.classIndex.get(node);
    if (cls !== undefined) return { k: 'class', i: cls };
    switch (node.type) {
      case 'Identifier':
        return this.lookup(node.name as string, where.scope, depth);
      case 'ThisExpression':
        return where.thisCls === undefined ? UNKNOWN : { k: 'new', of: { k: 'class', i: where.thisCls } };
      case 'MemberExpression': {
        const name = propertyName(node);
        return name === undefined
          ? UNKNOWN
          : this.memberValue(this.valueOf(node.object as AstNode, where, depth + 1), name);
      }
      case 'NewExpression': {
        const of = this.valueOf(node.callee as AstNode, where, depth + 1);
        return of.k === 'unknown' ? UNKNOWN : { k: 'new', of };
      }
      case 'CallExpression': {
        const callee = unwrap(node.callee as AstNode);
        const source =
          callee.type === 'Identifier' && callee.name === 'require'
            ? staticString(node.arguments[0] as AstNode | undefined)
            : undefined;
        return source === undefined ? UNKNOWN : { k: 'import', source, name: '*' };
      }
      case 'ObjectExpression': {
        const members: Record<string, Value> = {};
        for (const property of node.properties as AstNode[]) {
          const key = property.type === 'Property' ? keyName(property) : undefined;
          if (key !== undefined) members[key] = this.valueOf(property.value as AstNode, where, depth + 1);
        }
        return { k: 'object', members };
      }
      default:
        return UNKNOWN;
    }
  }

  private lookup(name: string, fromScope: number, depth: number): Value {
    for (let scope = fromScope; scope >= 0; scope = this.scopes[scope]!.parent) {
      const binding = this.scopes[scope]!.names.get(name);
      if (binding) return this.bindingValue(binding, depth);
    }
    return UNKNOWN;
  }

  private bindingValue(binding: Binding, depth: number): Value {
    if (binding.evaluated) return binding.evaluated;
    if (binding.evaluating) return UNKNOWN;
    binding.evaluating = true;
    const where: Where = { fn: -1, scope: binding.scope, thisCls: binding.thisCls, loop: false };
    let value: Value = binding.value ?? (binding.node ? this.valueOf(binding.node, where, depth + 1) : UNKNOWN);
    if (binding.member !== undefined)
      value =
        value.k === 'import' && value.name === '*'
          ? { k: 'import', source: value.source, name: binding.member }
          : this.memberValue(value, binding.member);
    if (value.k === 'unknown' && binding.typeName) value = this.typeValue(binding.typeName, where);
    binding.evaluating = false;
    binding.evaluated = value;
    return value;
  }
}

/** `module.exports`. */
function isModuleExports(node: AstNode): boolean {
  const object = node.type === 'MemberExpression' ? unwrap(node.object as AstNode) : undefined;
  return object?.type === 'Identifier' && object.name === 'module' && propertyName(node) === 'exports';
}
