import { createClientRule } from '../src/rule-kit/client-rule.js';

export type MessageIds = 'clientInLoop' | 'clientChurnInLoop' | 'hoistClient';

export default createClientRule<MessageIds>({
  name: 'no-client-in-loop',
  placement: 'loop',
  description: 'Disallow building an SDK client, pool or agent on every iteration of a loop or iteration callback',
  recommended: false,
  messages: {
    clientInLoop:
      '`{{client}}` is built on every iteration of {{where}}: each item opens a new client with its own sockets, pool and timers, and nothing closes them. Build one client before the loop and reuse it for every item.',
    clientChurnInLoop:
      '`{{client}}` is built and closed on every iteration of {{where}}: a new connection per item (connection churn). Build one client before the loop, reuse it, and close it after the loop.',
    hoistClient: 'Build `{{client}}` once before the loop and reuse it, as the memoize-client codemod does.',
  },
  leak: 'clientInLoop',
  churn: 'clientChurnInLoop',
  suggestion: 'hoistClient',
});
