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
  forEachNodeBelow(program, (node) => {
    if (node.type === 'VariableDeclarator' && node.id.type === 'Identifier' && isNewWindow(node.init as AstNode | null))
      windowLocals.add(node.id.name as string);
    if (node.type === 'AssignmentExpression' && node.operator === '=') {
      const key = holderKey(unwrap(node.left as AstNode));
      const value = unwrap(node.right as AstNode);
      if (
        key !== undefined &&
        (isNewWindow(value) || (value.type === 'Identifier' && windowLocals.has(value.name as string)))
      )
        windowHolders.add(key);
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
  for (const { app, handler } of activate) {
    const calls = guardedCalls(handler, isNoWindowTest);
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

/** The calls (statements, `await` ones too) a handler's own `if (no window)` statements make, by callee node. */
function guardedCalls(handler: AstNode, isNoWindowTest: (test: AstNode) => boolean): AstNode[] {
  const body = handler.body as AstNode;
  if (body.type !== 'BlockStatement') return [];
  const calls: AstNode[] = [];
  for (const statement of body.body as AstNode[]) {
    if (statement.type !== 'IfStatement' || !isNoWindowTest(unwrap(statement.test as AstNode))) continue;
    const consequent = statement.consequent as AstNode;
    for (const inner of consequent.type === 'BlockStatement' ? (consequent.body as AstNode[]) : [consequent]) {
      const call = inner.type === 'ExpressionStatement' ? unwrapAwait(inner.expression as AstNode) : undefined;
      if (call?.type === 'CallExpression') calls.push(unwrap(call.callee as AstNode));
    }
  }
  return calls;
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
