import { relative } from 'node:path';
import type { RepeatKind } from '../knowledge/entry-points.js';
import type { Evidence, Frequency } from './frequency.js';

const REPEAT_PHRASES: Record<RepeatKind, string> = {
  request: 'per request',
  message: 'per message',
  job: 'per job',
  iteration: 'once per loop iteration',
  timer: 'on every timer tick',
  event: 'per event',
  render: 'per render',
};

/**
 * One sentence for a message: "runs per request: called from the POST /orders handler
 * (src/routes/orders.ts:12) through createOrder()". Paths are shown relative to `cwd`.
 */
export function describeFrequency(frequency: Frequency, cwd = process.cwd()): string {
  const at = (e: Evidence): string => `${relative(cwd, e.file).split('\\').join('/') || e.file}:${e.line}`;
  const evidence = frequency.evidence;
  // The root is the last item that is not a call step (an iteration's chain from start-up comes
  // first); the calls after it lead to the code.
  let rootIndex = evidence.length - 1;
  while (rootIndex > 0 && evidence[rootIndex]!.calls !== undefined) rootIndex--;
  const root = evidence[rootIndex];
  // The functions on the way, from the one the entry point starts to the caller of the code's
  // own function; anonymous ones and one the root already names are left out.
  const names = [root?.starts, ...evidence.slice(rootIndex + 1).map((e) => e.calls)].slice(0, -1);
  const through = names
    .filter(
      (name): name is string =>
        name !== undefined &&
        name !== 'anonymous function' &&
        !root?.description.includes(`${name}(`) &&
        root?.description.endsWith(` ${name}`) !== true,
    )
    .map((name) => (name.endsWith(' constructor') ? `new ${name.slice(0, -' constructor'.length)}()` : `${name}()`))
    .join(' → ');
  const via = through ? ` through ${through}` : '';
  switch (frequency.kind) {
    case 'load':
      return `runs once, when ${root ? at(root).replace(/:\d+$/, '') : 'the module'} is loaded`;
    case 'repeats': {
      const phrase = REPEAT_PHRASES[frequency.repeatKind ?? 'iteration'];
      return `runs ${phrase}: called from the ${root ? `${root.description} (${at(root)})` : 'unknown entry'}${via}`;
    }
    case 'once':
      return `runs once: called from the ${root ? `${root.description} (${at(root)})` : 'start-up'}${via}`;
    case 'per-instance':
      return `runs once per instance: called from the ${root ? `${root.description} (${at(root)})` : 'constructor'}${via}, and nothing in the project creates the instances`;
    case 'unknown':
      return `how often it runs is unknown: ${root ? `${root.description} (${at(root)})` : 'no caller found'}${via ? `, and calls lead here${via}` : ''}`;
  }
}
