import type { TSESTree } from '@typescript-eslint/utils';
import type { AnalysisContext } from '../../core/context.js';
import type { ExemptionTable } from '../../core/exemptions.js';
import { isShortLivedFile } from '../../core/file-role.js';
import { runsInBrowserPage } from '../../frequency/run-context.js';
import { isLongDelay } from './race-timeout.js';

/** A setInterval call (or a timeout raced against a promise), as the exemptions see it; the questions are asked lazily, in table order. */
export interface IntervalSite {
  readonly ctx: AnalysisContext;
  readonly node: TSESTree.CallExpression;
  /** A setInterval, or a setTimeout raced against a promise (race-timeout.ts). */
  readonly timer: 'interval' | 'raceTimeout';
  readonly reportModuleLevel: boolean;
  readonly reportUnknownCallers: boolean;
  /** Something shows the code runs again and again (interval-repetition.ts): each run starts another interval. */
  readonly shownToRepeat: () => boolean;
  /** Something clears, returns or hands on the handle. */
  readonly handled: () => boolean;
  /** `.unref()` on the call, or later on the variable that holds the handle. */
  readonly unrefed: () => boolean;
  /** Runs once per process: module level, a start-up routine, a fixed loop there, a guarded start of a singleton. */
  readonly runsOnce: () => boolean;
}

/** Why a setInterval call is not an untracked interval, in the order the detector asks. The first that applies spares it. */
export const intervalExemptions: ExemptionTable<IntervalSite> = [
  {
    name: 'browser-page',
    reason: 'Code that runs in a browser page: the page is the process, and it ends when the user leaves.',
    applies: (site) => runsInBrowserPage(site.node),
  },
  {
    name: 'handle-tracked',
    reason:
      'The handle is cleared (clearInterval, `close()`, `[Symbol.dispose]()`, `using`), returned, passed to a function, exported or stored where this file cannot follow it.',
    applies: (site) => site.handled(),
  },
  {
    name: 'timeout-not-shown-long',
    reason:
      'A raced timeout whose delay this file does not show to be an hour or more (seconds, minutes, a parameter): left running after the work wins, it is a bounded wait, gone before it piles up.',
    applies: (site) => site.timer === 'raceTimeout' && !isLongDelay(site.ctx, site.node.arguments[1]),
  },
  {
    name: 'timeout-in-short-lived-file',
    reason: 'A raced timeout in a test or a one-shot script: the run ends, and the timer with it.',
    applies: (site) => site.timer === 'raceTimeout' && isShortLivedFile(site.ctx),
  },
  {
    name: 'unref-in-short-lived-file',
    reason: "An unref()'d interval in a test or a one-shot script: it cannot hold the run open, and ends with it.",
    applies: (site) => site.unrefed() && isShortLivedFile(site.ctx),
  },
  {
    name: 'runs-once',
    reason:
      'Started once per process (module level or a loop there, a start-up routine, a fixed loop there, a guarded start in a class built once); an interval is reported only with `reportModuleLevel`, a raced timeout never.',
    applies: (site) => (!site.reportModuleLevel || site.timer === 'raceTimeout') && site.runsOnce(),
  },
  {
    name: 'runs-once-unrefed',
    reason: "Started once per process and unref()'d: it does not keep the process alive.",
    applies: (site) => site.runsOnce() && site.unrefed(),
  },
  {
    name: 'not-shown-repeated',
    reason:
      "Nothing shows the code runs again and again: not the file (a loop, a handler, an effect, callers that repeat), not a teardown method of its class that leaves the interval running, not a `new` of its class that repeats, not a per-call method of a long-lived service, nor the project index's callers. Such code (an exported `init()`, a protocol's constructor, a worker's `main`) mostly runs once; `reportUnknownCallers` reports it.",
    applies: (site) =>
      site.timer === 'interval' && !site.reportUnknownCallers && !site.runsOnce() && !site.shownToRepeat(),
  },
];
