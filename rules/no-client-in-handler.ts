import { createClientRule } from '../src/rule-kit/client-rule.js';

export type MessageIds = 'clientInHandler' | 'clientChurnInHandler' | 'clientOpenOnFailure' | 'shareClient';

export default createClientRule<MessageIds>({
  name: 'no-client-in-handler',
  placement: 'handler',
  description: 'Disallow building an SDK client, pool or agent in a function that runs per request or message',
  recommended: false,
  messages: {
    clientInHandler:
      '`{{client}}` is built on every call of {{where}}: each request opens a new client with its own sockets, pool and timers, and nothing closes them. Create one instance at module scope (lazily: `client ??= new …`) and reuse it across requests.',
    clientChurnInHandler:
      '`{{client}}` is built and closed on every call of {{where}}: a new connection per request (connection churn). Create one instance at module scope and reuse it across requests.',
    clientOpenOnFailure:
      '`{{client}}` is built on every call of {{where}} and closed only when nothing awaited before the close fails: each failed request leaves a client open, with its sockets and timers. Create one instance at module scope and reuse it across requests, or close it in `finally`.',
    shareClient:
      'Build `{{client}}` once, lazily, at module level and reuse it across calls, as the memoize-client codemod does{{together}}.',
  },
  leak: 'clientInHandler',
  churn: 'clientChurnInHandler',
  leakOnFailure: 'clientOpenOnFailure',
  suggestion: 'shareClient',
});
