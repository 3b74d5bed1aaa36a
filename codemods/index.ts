import type { Codemod } from '../src/codemod-kit/define-codemod.js';
import { codemod as boundedCache } from './bounded-cache.js';
import { codemod as memoizeClient } from './memoize-client.js';
import { codemod as trackTasks } from './track-tasks.js';

// One line per codemod, sorted by name: the CLI's `migrate` runs these.
export const codemods: Record<string, Codemod<never>> = {
  'bounded-cache': boundedCache as Codemod<never>,
  'memoize-client': memoizeClient as Codemod<never>,
  'track-tasks': trackTasks as Codemod<never>,
};
