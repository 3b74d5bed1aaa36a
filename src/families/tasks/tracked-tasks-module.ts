/*
 * The package-wide task registry `leakproof migrate` creates once per package for track-tasks:
 * files import track() from it instead of each carrying its own helper, so one drain() on
 * shutdown waits for every task, and a failure goes to one handler the project can replace.
 */

/** The module's file name without extension; a file importing `track` from it already has a tracker. */
export const TRACKED_TASKS_MODULE = 'tracked-tasks';

/** How files import it: `tracked-tasks`, `./lib/tracked-tasks.js`, `../src/lib/tracked-tasks.mjs`… */
export const TRACKED_TASKS_SOURCE = new RegExp(`(^|/)${TRACKED_TASKS_MODULE}(\\.[cm]?[jt]s)?$`);

export type TrackedTasksFlavour = 'typescript' | 'esm' | 'commonjs';

/** How the package's formatter prints code: quote character and semicolons. */
export interface ModuleStyle {
  readonly quote: "'" | '"';
  readonly semi: boolean;
}

/**
 * The module's text: TypeScript, or JavaScript in the package's module system, with the quotes and
 * semicolons the package's formatter asks for (single quotes and semicolons when it says nothing).
 */
export function trackedTasksModule(
  flavour: TrackedTasksFlavour,
  style: ModuleStyle = { quote: "'", semi: true },
): string {
  const ts = flavour === 'typescript';
  const exported = flavour === 'commonjs' ? '' : 'export ';
  const handlerType = ts ? ': (error: unknown) => void' : '';
  const lines = [
    '// Background tasks of this package (created by `leakproof migrate`): track(task) keeps a task until',
    '// it settles and hands its failure to the task failure handler instead of letting it become an',
    '// unhandled rejection. On shutdown, `await drain()`; route failures to your logger with',
    '// setTaskFailureHandler(fn). A process with its own unhandledRejection listeners gets it there.',
    `const pendingTasks = new Set${ts ? '<Promise<void>>' : ''}();`,
    '',
    // A process that handles unhandled rejections itself (a fatal log and exit, a crash reporter)
    // gets a tracked task's failure as it got it before the task was tracked.
    ...(ts
      ? [
          'interface NodeProcess {',
          '  listenerCount(event: string): number;',
          '  emit(event: string, ...args: unknown[]): boolean;',
          '}',
          'const nodeProcess = (globalThis as { process?: NodeProcess }).process;',
        ]
      : ['const nodeProcess = globalThis.process;']),
    '',
    `let onTaskFailure${handlerType} = (error) => {`,
    "  if (nodeProcess && nodeProcess.listenerCount('unhandledRejection') > 0) {",
    "    nodeProcess.emit('unhandledRejection', error, Promise.resolve());",
    '    return;',
    '  }',
    "  console.error('Background task failed:', error);",
    '};',
    '',
    '/** Keeps `task` until it settles; a failure goes to the task failure handler. */',
    `${exported}function track(task${ts ? ': PromiseLike<unknown>' : ''})${ts ? ': void' : ''} {`,
    `  const settled${ts ? ': Promise<void>' : ''} = Promise.resolve(task).then(`,
    '    () => {',
    '      pendingTasks.delete(settled);',
    '    },',
    `    (error${ts ? ': unknown' : ''}) => {`,
    '      pendingTasks.delete(settled);',
    '      try {',
    '        onTaskFailure(error);',
    '      } catch (handlerError) {',
    "        console.error('Background task failed, and so did its failure handler:', error, handlerError);",
    '      }',
    '    },',
    '  );',
    '  pendingTasks.add(settled);',
    '}',
    '',
    "/** Replaces what happens to a failed task's error (by default: unhandledRejection listeners, else console.error). */",
    `${exported}function setTaskFailureHandler(handler${handlerType})${ts ? ': void' : ''} {`,
    '  onTaskFailure = handler;',
    '}',
    '',
    '/** Resolves once every tracked task, including any started while draining, has settled. */',
    `${exported}async function drain()${ts ? ': Promise<void>' : ''} {`,
    '  while (pendingTasks.size > 0) await Promise.all(pendingTasks);',
    '}',
  ];
  if (flavour === 'commonjs') lines.push('', 'module.exports = { track, setTaskFailureHandler, drain };');
  // The code lines' strings hold no quotes and their statements end their lines: restyled as a whole.
  const styled = lines.map((line) =>
    /^\s*(\/\/|\/\*\*)/.test(line)
      ? line
      : (style.semi ? line : line.replace(/;$/, '')).replace(/'([^'\n]*)'/g, `${style.quote}$1${style.quote}`),
  );
  return `${styled.join('\n')}\n`;
}
