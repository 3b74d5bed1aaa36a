import {
  ALL_WINDOWS_CLOSED_EVENT,
  APP_QUIT_METHODS,
  OPEN_WINDOWS_METHOD,
  WINDOWLESS_PLATFORM,
  WINDOW_CLASS,
  WINDOW_REOPENING_EVENT,
} from '../knowledge/desktop-apps.js';
import { LISTENER_ADD_METHODS } from '../knowledge/events.js';
import {
  FUNCTION_TYPES,
  forEachNodeBelow,
  propertyName,
  someNodeBelow,
  staticString,
  unwrap,
  unwrapAwait,
  type AstNode,
} from './ast.js';
import { emptyTested, holderKey } from './lazy-calls.js';

/*
 * An Electron main process opens its window again on 'activate' only while none is open (the
 * quick-start template). Where the app quits whenever its last window closes, 'activate' never
 * finds it without one, so that call runs once, like a lazy set-up call (set 31: companion's
 * launcher adds its ipcMain listeners in createWindow). Where the app stays open with no window
 * (the template on macOS), each 'activate' opens one more, and the handler's description says so.
 *
 * A module variable that only ever holds a new window, filled by the very function the guard
 * calls and never set back (`mainWindow = null` on 'closed'), is empty only until that function
 * first runs: the guarded call runs once whatever the app does when its windows close (set 33:
 * ferdium tests `mainWindow === null` and never resets it, so createWindow and its ipcMain set-up
 * run once).
 */

/** What a file's 'activate' handlers tell of how often they open a window. */
export interface WindowReopening {
  /** The callees of calls made only while no window is open, in an app that quits with its last window: they run once. */
  readonly onceCallees: AstNode[];
  /** 'activate' handlers (function nodes) that open a window again and again, with their description. */
  readonly reopening: Map<AstNode, string>;
}

interface AppListener {
  readonly app: string;
  readonly handler: AstNode;
}

/** The 'activate' and 'window-all-closed' handlers of a file that imports Electron, and what they say. */
export function windowReopeningOf(program: AstNode): WindowReopening {
  const activate: AppListener[] = [];
  const allClosed: AppListener[] = [];
  const windowHolders = new Set<string>();
  const windowLocals = new Set<string>();
  // Where each holder is filled with a new window, and the holders anything else is put in.
  const fills = new Map<string, AstNode[]>();
  const resets = new Set<string>();
  const functionsByName = new Map<string, AstNode>();
  forEachNodeBelow(program, (node) => {
    if (node.type === 'VariableDeclarator' && node.id.type === 'Identifier' && isNewWindow(node.init as AstNode | null))
      windowLocals.add(node.id.name as string);
    const named = namedFunctionOf(node);
    if (named) functionsByName.set(named.name, named.fn);
    if (node.type === 'AssignmentExpression') {
      const key = holderKey(unwrap(node.left as AstNode));
      const value = unwrap(node.right as AstNode);
      const fillsWindow =
        node.operator === '=' &&
        (isNewWindow(value) || (value.type === 'Identifier' && windowLocals.has(value.name as string)));
      if (key !== undefined && fillsWindow) {
        windowHolders.add(key);
        fills.set(key, [...(fills.get(key) ?? []), node]);
      } else if (key !== undefined) resets.add(key);
    }
    const listener = node.type === 'CallExpression' ? appListenerOf(node) : undefined;
    if (listener?.event === WINDOW_REOPENING_EVENT) activate.push(listener);
    if (listener?.event === ALL_WINDOWS_CLOSED_EVENT) allClosed.push(listener);
  });
  for (const local of windowLocals) windowHolders.add(local);
  const onceCallees: AstNode[] = [];
  const reopening = new Map<AstNode, string>();
  const isNoWindowTest = (test: AstNode): boolean => {
    const holder = emptyTested(test);
    return (holder !== undefined && windowHolders.has(holder)) || testsNoOpenWindow(test);
  };
  const moduleLets = moduleLetNames(program);
  // The callees of an `if (!holder)` whose holder only they fill and nothing empties again.
  const filledOnce = (holder: string | undefined, callees: AstNode[]): boolean => {
    const filledAt =
      holder !== undefined && moduleLets.has(holder) && !resets.has(holder) ? fills.get(holder) : undefined;
    const bodies = callees.flatMap((callee) => {
      const fn = callee.type === 'Identifier' ? functionsByName.get(callee.name as string) : undefined;
      return fn ? [fn] : [];
    });
    return (
      filledAt !== undefined &&
      filledAt.every((fill) => bodies.some((fn) => fn.start <= fill.start && fill.end <= fn.end))
    );
  };
  for (const { app, handler } of activate) {
    const guards = guardedCallsByTest(handler);
    const once = guards.filter(({ test, calls }) => filledOnce(emptyTested(test), calls));
    onceCallees.push(...once.flatMap(({ calls }) => calls));
    const calls = guards
      .filter((guard) => !once.includes(guard) && isNoWindowTest(guard.test))
      .flatMap((guard) => guard.calls);
    if (calls.length === 0) continue;
    const closing = allClosed.filter((listener) => listener.app === app).map((listener) => listener.handler);
    if (closing.some((closed) => quitsAlways(closed, app))) onceCallees.push(...calls);
    else
      reopening.set(
        handler,
        closing.some((closed) => someNodeBelow(closed, (node) => staticString(node) === WINDOWLESS_PLATFORM))
          ? `'${WINDOW_REOPENING_EVENT}' event handler, which opens a new window on each '${WINDOW_REOPENING_EVENT}' on macOS, where the app stays open with no window`
          : `'${WINDOW_REOPENING_EVENT}' event handler, which opens a new window on each '${WINDOW_REOPENING_EVENT}' after the last one closed, as nothing quits the app then`,
      );
  }
  return { onceCallees, reopening };
}

/** `app.on('activate', () => …)`: the receiver as a key, the event and the inline handler. */
function appListenerOf(call: AstNode): (AppListener & { event: string }) | undefined {
  const callee = unwrap(call.callee as AstNode);
  if (callee.type !== 'MemberExpression' || !LISTENER_ADD_METHODS.has(propertyName(callee) ?? '')) return undefined;
  const [eventArg, handlerArg] = call.arguments as AstNode[];
  const event = staticString(eventArg);
  const handler = handlerArg && unwrap(handlerArg);
  const app = holderKey(unwrap(callee.object as AstNode));
  if (event === undefined || app === undefined || !handler || !FUNCTION_TYPES.has(handler.type)) return undefined;
  return { app, handler, event };
}

function isNewWindow(node: AstNode | null | undefined): boolean {
  const value = node && unwrap(node);
  return (
    value?.type === 'NewExpression' &&
    unwrap(value.callee as AstNode).type === 'Identifier' &&
    unwrap(value.callee as AstNode).name === WINDOW_CLASS
  );
}

/** `BrowserWindow.getAllWindows().length === 0` (or `== 0`, `< 1`, `!….length`): no window is open. */
function testsNoOpenWindow(test: AstNode): boolean {
  if (test.type === 'UnaryExpression' && test.operator === '!')
    return isOpenWindowCount(unwrap(test.argument as AstNode));
  if (test.type !== 'BinaryExpression') return false;
  const [left, right] = [unwrap(test.left as AstNode), unwrap(test.right as AstNode)];
  const isLiteral = (node: AstNode, value: number): boolean => node.type === 'Literal' && node.value === value;
  if (['==', '==='].includes(test.operator as string))
    return (isOpenWindowCount(left) && isLiteral(right, 0)) || (isLiteral(left, 0) && isOpenWindowCount(right));
  return test.operator === '<' && isOpenWindowCount(left) && isLiteral(right, 1);
}

function isOpenWindowCount(node: AstNode): boolean {
  if (node.type !== 'MemberExpression' || propertyName(node) !== 'length') return false;
  const call = unwrap(node.object as AstNode);
  if (call.type !== 'CallExpression') return false;
  const callee = unwrap(call.callee as AstNode);
  return (
    callee.type === 'MemberExpression' &&
    propertyName(callee) === OPEN_WINDOWS_METHOD &&
    unwrap(callee.object as AstNode).type === 'Identifier' &&
    unwrap(callee.object as AstNode).name === WINDOW_CLASS
  );
}

/** Each `if` statement of a handler's own body, its test and the calls (statements, `await` ones too) it makes, by callee node. */
function guardedCallsByTest(handler: AstNode): { test: AstNode; calls: AstNode[] }[] {
  const body = handler.body as AstNode;
  if (body.type !== 'BlockStatement') return [];
  const guards: { test: AstNode; calls: AstNode[] }[] = [];
  for (const statement of body.body as AstNode[]) {
    if (statement.type !== 'IfStatement') continue;
    const calls: AstNode[] = [];
    const consequent = statement.consequent as AstNode;
    for (const inner of consequent.type === 'BlockStatement' ? (consequent.body as AstNode[]) : [consequent]) {
      const call = inner.type === 'ExpressionStatement' ? unwrapAwait(inner.expression as AstNode) : undefined;
      if (call?.type === 'CallExpression') calls.push(unwrap(call.callee as AstNode));
    }
    if (calls.length > 0) guards.push({ test: unwrap(statement.test as AstNode), calls });
  }
  return guards;
}

/** `function createWindow() {}` or `const createWindow = () => {}`: the name and the function. */
function namedFunctionOf(node: AstNode): { name: string; fn: AstNode } | undefined {
  if (node.type === 'FunctionDeclaration' && node.id) return { name: node.id.name as string, fn: node };
  const init = node.type === 'VariableDeclarator' && node.init ? unwrap(node.init as AstNode) : undefined;
  return init && node.id.type === 'Identifier' && FUNCTION_TYPES.has(init.type)
    ? { name: node.id.name as string, fn: init }
    : undefined;
}

/** The `let`/`var` names the module's own top level declares (also exported: an importer cannot assign them). */
function moduleLetNames(program: AstNode): Set<string> {
  const names = new Set<string>();
  for (const statement of program.body as AstNode[]) {
    const declaration =
      statement.type === 'ExportNamedDeclaration' ? (statement.declaration as AstNode | null) : statement;
    if (declaration?.type !== 'VariableDeclaration' || declaration.kind === 'const') continue;
    for (const declarator of declaration.declarations as AstNode[])
      if (declarator.id.type === 'Identifier') names.add(declarator.id.name as string);
  }
  return names;
}

/**
 * A 'window-all-closed' handler that quits the app on every path: `app.quit()` as a statement of
 * its own body, with no `return` before it (not `if (process.platform !== 'darwin') app.quit()`).
 */
function quitsAlways(handler: AstNode, app: string): boolean {
  const isQuit = (node: AstNode): boolean => {
    const call = unwrapAwait(node);
    const callee = call.type === 'CallExpression' ? unwrap(call.callee as AstNode) : undefined;
    return (
      callee?.type === 'MemberExpression' &&
      APP_QUIT_METHODS.has(propertyName(callee) ?? '') &&
      holderKey(unwrap(callee.object as AstNode)) === app
    );
  };
  const body = handler.body as AstNode;
  if (body.type !== 'BlockStatement') return isQuit(body);
  for (const statement of body.body as AstNode[]) {
    if (statement.type === 'ExpressionStatement' && isQuit(statement.expression as AstNode)) return true;
    const returns = (node: AstNode): boolean => node.type === 'ReturnStatement' || node.type === 'ThrowStatement';
    if (returns(statement) || someNodeBelow(statement, returns, (node) => FUNCTION_TYPES.has(node.type))) return false;
  }
  return false;
}
