import type { JSONSchema4 } from '@typescript-eslint/utils/json-schema';

/**
 * Which of its findings a rule reports. `all` (the default, and the strict config's): every shape
 * it knows, many of which are leaks only if the code runs again and again. `definite`: only shapes
 * that are wrong wherever the code runs, such as a removal that cannot remove what was added, or
 * forEach throwing away the promise of every element (a quieter config for users who want one;
 * not `recommended` until its first runs on new code show 0.85).
 */
export type ReportScope = 'all' | 'definite';

export const REPORT_OPTION_SCHEMA: JSONSchema4 = {
  type: 'string',
  enum: ['all', 'definite'],
  description:
    "'definite' reports only the shapes that are wrong wherever the code runs; 'all' (the default) also reports those that leak only if the code runs again and again.",
};
