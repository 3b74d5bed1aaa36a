import { DECORATOR_ENTRIES } from '../knowledge/entry-points.js';
import type { RepeatKind } from '../knowledge/entry-points.js';
import { decoratorName, staticString, type AstNode } from './ast.js';
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
  const requestScoped = /\bScope\.REQUEST\b|scope:\s*['"]request/.test(
    JSON.stringify(singleton.expression.arguments ?? []),
  );
  walk.entries.push({
    where,
    target,
    kind: requestScoped ? 'repeats' : 'once',
    ...(requestScoped ? { repeatKind: 'request' as const } : {}),
    description: `@${decoratorName(singleton)}() ${name}`,
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
