import {
  ACTION_MODULES,
  CLI_COMMAND_MODULE,
  LAMBDA_HANDLER_EXPORT,
  ROUTE_MODULES,
  STARTUP_FUNCTIONS,
} from '../knowledge/entry-points.js';
import type { ActionModule } from '../knowledge/entry-points.js';
import type { EntryFact, FileFacts, Value } from './facts.js';

const REACT_MODULES = /^(react|preact|react-native)(\/|$)/;

/**
 * Entry points a file declares by what it exports or defines rather than by a call: route-module
 * exports (Next.js, Remix, SvelteKit), Sails actions, Lambda `handler`, `export default { fetch }`, start-up
 * functions (`main`, `bootstrap`) and React components and hooks (run per render).
 */
export function exportEntries(filename: string, facts: FileFacts): EntryFact[] {
  const entries: EntryFact[] = [];
  const path = filename.split('\\').join('/');
  const exportLine = (value: Value): number => (value.k === 'fn' ? facts.functions[value.i]!.line : 1);
  // `exports.command`, `exports.describe`, `exports.handler`: yargs runs that handler once, no Lambda does.
  const moduleCommand = commandHandlerOf(facts.exports);
  if (moduleCommand)
    entries.push({
      target: moduleCommand,
      kind: 'once',
      description: 'yargs command handler (exports.handler)',
      line: exportLine(moduleCommand),
    });
  for (const [name, exported] of Object.entries(facts.exports)) {
    const wrapped = facts.wrappedExports?.[name];
    // A wrapper's export calls the function it wraps: a route or Lambda handler runs that per call.
    const value: Value = wrapped === undefined ? exported : { k: 'fn', i: wrapped };
    const route = ROUTE_MODULES.find((module) => module.path.test(path) && module.exports.has(name));
    if (route)
      entries.push({
        target: value,
        kind: 'repeats',
        repeatKind: 'request',
        description: `${route.framework} ${name} route handler`,
        line: exportLine(value),
        ...(route.programState ? { programState: [...route.programState] } : {}),
      });
    else if (name === LAMBDA_HANDLER_EXPORT && !moduleCommand)
      entries.push({
        target: value,
        kind: 'repeats',
        repeatKind: 'request',
        description: 'AWS Lambda handler',
        line: exportLine(value),
      });
    const command = value.k === 'object' ? commandHandlerOf(value.members) : undefined;
    if (command)
      entries.push({ target: command, kind: 'once', description: 'yargs command handler', line: exportLine(command) });
    if (name === 'default' && value.k === 'object' && value.members.fetch) {
      entries.push({
        target: value.members.fetch,
        kind: 'repeats',
        repeatKind: 'request',
        description: 'fetch handler (export default { fetch })',
        line: exportLine(value.members.fetch),
      });
    }
  }
  const actions = ACTION_MODULES.find((module) => module.path.test(path));
  // The action's identity, as the framework names it: `queues/add`, `UserController`.
  const moduleName = actions
    ? path
        .slice(path.search(actions.path))
        .replace(actions.path, '')
        .replace(/\.[^./]*$/, '')
    : '';
  for (const [name, action] of actions ? actionsOf(actions, facts) : [])
    entries.push({
      target: action,
      kind: 'repeats',
      repeatKind: 'request',
      description: `${actions!.framework} action ${name === undefined ? moduleName : `${moduleName}.${name}`}`,
      line: exportLine(action),
    });
  const react = facts.imports.some((i) => REACT_MODULES.test(i.source)) || facts.functions.some((f) => f.jsx);
  facts.functions.forEach((fn, i) => {
    const target: Value = { k: 'fn', i };
    if (fn.parent === -1 && STARTUP_FUNCTIONS.has(fn.name))
      entries.push({ target, kind: 'once', description: `start-up function ${fn.name}()`, line: fn.line });
    if (fn.jsx && /^[A-Z]/.test(fn.name))
      entries.push({
        target,
        kind: 'repeats',
        repeatKind: 'render',
        description: `React component ${fn.name}`,
        line: fn.line,
      });
    else if (react && fn.parent === -1 && /^use[A-Z]/.test(fn.name))
      entries.push({
        target,
        kind: 'repeats',
        repeatKind: 'render',
        description: `React hook ${fn.name}()`,
        line: fn.line,
      });
  });
  return entries;
}

/** The handler of a yargs command module's members (CLI_COMMAND_MODULE), else undefined. */
function commandHandlerOf(members: Readonly<Record<string, Value>>): Value | undefined {
  const handler = members[CLI_COMMAND_MODULE.handler];
  if (handler === undefined || handler.k === 'unknown' || !(CLI_COMMAND_MODULE.command in members)) return undefined;
  return CLI_COMMAND_MODULE.alongside.some((key) => key in members) ? handler : undefined;
}

/**
 * The actions a controller module exports (ActionModule), each with its name in a classic
 * controller: the action member of an actions2 module (`fn`), else each function it exports. A
 * bare `module.exports = function` is left out: outside Sails, a controller file's exported function
 * is as often a factory a router calls once (Gladys's `function UserController(gladys)`).
 */
function actionsOf(actions: ActionModule, facts: FileFacts): [string | undefined, Value][] {
  const cjs = facts.cjsExports;
  const members = { ...(cjs?.k === 'object' ? cjs.members : {}), ...facts.exports };
  const action = members[actions.actionMember];
  if (action !== undefined && action.k !== 'unknown') return [[undefined, action]];
  return Object.entries(members).filter(([, value]) => value.k === 'fn');
}
