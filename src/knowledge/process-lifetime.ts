/**
 * What tells that a program ends when its work is done (a CLI, a code generator, a GitHub action)
 * or that it lives on (a server, a worker): read by the file roles (src/core/file-role.ts) and by
 * the project index's process roots (src/project/lifetime.ts).
 */

/**
 * Folders of code generators (`code_gen/generate_status_code.js`): they read, write and exit (set
 * 18: a protocol stack's generators). Whole folder names only: `examples/dynamic_codegen/` holds an
 * example server, not a generator. Example and documentation folders are not here: the labels hold
 * as many leaks accepted in example servers as false positives in example scripts.
 */
export const CODE_GENERATION_FOLDERS: readonly string[] = ['code_gen', 'code-gen', 'codegen'];

/** GitHub's actions toolkit: a file importing it is an action, run once per workflow step. */
export const ACTION_MODULES: ReadonlySet<string> = new Set(['@actions/core', '@actions/github']);

/** package.json fields naming a package's executables: each target is a program of its own. */
export const BIN_FIELD = 'bin';

/**
 * package.json fields naming what a package gives its consumers. A library's consumers are not
 * in the project and may be servers, so a file they reach never counts as short-lived (unless the
 * package is `private`: then its consumers are the project's own files).
 */
export const PACKAGE_ENTRY_FIELDS: readonly string[] = ['main', 'module', 'exports'];

/**
 * Task runners' build scripts, which a package.json's `main` sometimes names (set 31: a trading
 * application whose `main` is its Gruntfile.js): no consumer imports them, so an entry field that
 * names only one of these gives the package no entry. Compared without case.
 */
export const BUILD_SCRIPT_FILES: readonly string[] = ['gruntfile.js', 'gruntfile.coffee', 'gulpfile.js', 'jakefile.js'];

/** What `require('pkg')` loads from a package.json with no entry field (and a TypeScript package's source twin). */
export const DEFAULT_ENTRY_FILES: readonly string[] = ['index.js', 'index.cjs', 'index.mjs', 'index.ts'];

/**
 * package.json fields that mark a plugin of a host application, which loads the package's main
 * export once per plugin process: its exported classes are built by the host, not by users who
 * may build many. Set 22: Scrypted's plugins (`"scrypted": { "interfaces": [...] }`) export the
 * plugin's device class from src/main.ts, built once per plugin process. Add a host only when
 * real code shows it builds its plugins' exports once.
 */
export const PLUGIN_HOST_FIELDS: readonly string[] = ['scrypted'];

/**
 * Calls that start serving and keep the process alive: `server.listen(port)`,
 * `http.createServer(…)`, `Bun.serve(…)`, a NestJS bootstrap. A program (a bin, a script) that
 * makes one, itself or through what it imports, is a server and not short-lived.
 */
export const SERVING_METHODS: ReadonlySet<string> = new Set(['listen', 'createServer', 'createSecureServer']);

/** `Receiver.method(…)` calls that bootstrap a long-running application. */
export const SERVING_BOOTSTRAPS: readonly { readonly receiver: string; readonly method: string }[] = [
  { receiver: 'NestFactory', method: 'create' },
  { receiver: 'NestFactory', method: 'createMicroservice' },
  { receiver: 'Bun', method: 'serve' },
  { receiver: 'Deno', method: 'serve' },
];

/** A timer that keeps the process alive when started at a program's top level. */
export const KEEP_ALIVE_TIMER = 'setInterval';

/**
 * Methods of `process` that end the process when called: code that always reaches one runs on
 * the way out, once per process (the project index's process-end reading, src/project/process-end.ts).
 * `process.kill(pid)` ends it only when `pid` is the process's own (`process.kill(process.pid, 'SIGTERM')`).
 */
export const PROCESS_ENDING_METHODS: ReadonlySet<string> = new Set(['exit', 'abort']);
/** `process.kill(process.pid, …)`: the method and the `process` property that names the process itself. */
export const PROCESS_SELF_KILL = { method: 'kill', ownId: 'pid' } as const;
