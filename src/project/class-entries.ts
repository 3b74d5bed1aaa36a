import { DECORATOR_ENTRIES } from '../knowledge/entry-points.js';
import type { RepeatKind } from '../knowledge/entry-points.js';
import { decoratorName, keyName, propertyName, staticString, unwrap, type AstNode } from './ast.js';
import type { Where } from './scopes.js';

/** An entry point as the walk meets it: its target resolved once the whole file is bound (extract.ts). */
export interface RecordedEntry {
  where: Where;
  target: AstNode | number;
  kind: 'repeats' | 'once';
  repeatKind?: RepeatKind;
  description: string;
  line: number;
  /** `process.on('message')`: a cluster worker's start-up message when the file is cluster code. */
  ipc?: boolean;
  /** A handler of the process's way out (Registration's). */
  wayOut?: true;
  /** `app.use(fn)`: the receiver (Registration's). */
  usedOn?: AstNode;
}

/** Where the entries a class declares go: the file walk's list, and the line of a node. */
interface EntrySink {
  readonly entries: RecordedEntry[];
  lineOf(node: AstNode): number;
}

/** `@Injectable()` and the like: the container constructs the class once (per request when request-scoped). */
export function singletonEntry(
  walk: EntrySink,
  singleton: AstNode,
  target: AstNode | number,
  name: string,
  where: Where,
  at: AstNode,
): void {
  const requestScoped = isRequestScoped(singleton);
  walk.entries.push({
    where,
    target,
    kind: requestScoped ? 'repeats' : 'once',
    ...(requestScoped ? { repeatKind: 'request' as const } : {}),
    description: `@${decoratorName(singleton)}() ${name}`,
    line: walk.lineOf(at),
  });
}

/** `@Injectable({ scope: Scope.REQUEST })` (or `scope: 'request'`): the container builds the class per request. */
function isRequestScoped(singleton: AstNode): boolean {
  const options = (singleton.expression.arguments as AstNode[] | undefined)?.[0];
  if (options?.type !== 'ObjectExpression') return false;
  return (options.properties as AstNode[]).some((property) => {
    if (property.type !== 'Property' || keyName(property) !== 'scope') return false;
    const value = unwrap(property.value as AstNode);
    const scope = value.type === 'MemberExpression' ? propertyName(value) : staticString(value);
    return scope?.toUpperCase() === 'REQUEST';
  });
}

/**
 * `onModuleInit()` and the other NestJS lifecycle hooks of a singleton provider: the container
 * calls each once, as the application starts or stops, so what they call runs once (a service
 * method only a hook calls is start-up work). Request-scoped providers get no hook calls.
 */
export function lifecycleHookEntry(
  walk: EntrySink,
  singleton: AstNode,
  fn: number,
  label: string,
  where: Where,
  at: AstNode,
): void {
  if (isRequestScoped(singleton)) return;
  walk.entries.push({
    where,
    target: fn,
    kind: 'once',
    description: `NestJS lifecycle hook ${label}`,
    line: walk.lineOf(at),
  });
}

/** A method decorator the catalogue says runs it per request, message or job (`@Get('/x')`, `@Process()`). */
export function decoratorEntry(walk: EntrySink, decorator: AstNode, fn: number, label: string, where: Where): void {
  const name = decoratorName(decorator);
  const repeatKind = name === undefined ? undefined : DECORATOR_ENTRIES.get(name);
  if (!repeatKind) return;
  const argument = staticString(decorator.expression.arguments?.[0] as AstNode | undefined);
  const description = `@${name}(${argument === undefined ? '' : `'${argument}'`}) ${label}`;
  walk.entries.push({ where, target: fn, kind: 'repeats', repeatKind, description, line: walk.lineOf(decorator) });
}
