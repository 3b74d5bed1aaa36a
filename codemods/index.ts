import type { Codemod } from '../src/codemod-kit/define-codemod.js';

// One line per codemod, sorted by name: the CLI's `migrate` runs these.
export const codemods: Record<string, Codemod<never>> = {};
