import type { TSESLint } from '@typescript-eslint/utils';
import type { LeakproofDocs } from '../src/rule-kit/create-rule.js';
import noClientInGetter from './no-client-in-getter.js';
import noClientInHandler from './no-client-in-handler.js';
import noClientInLoop from './no-client-in-loop.js';
import noFloatingTask from './no-floating-task.js';
import noListenerLeak from './no-listener-leak.js';
import noUnboundedCache from './no-unbounded-cache.js';
import noUntrackedInterval from './no-untracked-interval.js';

// One line per rule, sorted by name. tests/meta/plugin.test.ts fails when a rules/*.ts file is missing here.
export const rules = {
  'no-client-in-getter': noClientInGetter,
  'no-client-in-handler': noClientInHandler,
  'no-client-in-loop': noClientInLoop,
  'no-floating-task': noFloatingTask,
  'no-listener-leak': noListenerLeak,
  'no-unbounded-cache': noUnboundedCache,
  'no-untracked-interval': noUntrackedInterval,
} satisfies Record<string, TSESLint.RuleModule<string, readonly unknown[], LeakproofDocs>>;

export type RuleName = keyof typeof rules;
