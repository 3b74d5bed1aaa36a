import { createClientRule } from '../src/rule-kit/client-rule.js';

export type MessageIds = 'clientInGetter' | 'keepClient';

export default createClientRule<MessageIds>({
  name: 'no-client-in-getter',
  placement: 'getter',
  description: 'Disallow getters that build a new SDK client, pool or agent on every access',
  recommended: false,
  messages: {
    clientInGetter:
      '`{{client}}` is built on every access of {{where}}: each read makes a new client with its own sockets, pool and timers, and nothing closes the old ones. Build it once per instance and keep it in a field (`this.#client ??= new …`), or create it in the constructor.',
    keepClient: 'Build `{{client}}` once and keep it (`??=`), as the memoize-client codemod does.',
  },
  leak: 'clientInGetter',
  suggestion: 'keepClient',
});
