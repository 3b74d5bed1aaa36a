import type { JSONSchema4 } from '@typescript-eslint/utils/json-schema';
import type { UserClientEntry } from '../knowledge/clients.js';
import { analysisContextOf, createRule, listenersFor } from './create-rule.js';
import { memoizeClientRewrites, type RewriteOf, rewriteSuggestion } from './site-rewrites.js';
import { createClientConstructionDetector } from '../families/clients/construction.js';
import type { ClientFinding, Placement } from '../families/clients/types.js';

/** Findings of the one detector run per parsed file and options (see create()). */
const sharedDetectors = new WeakMap<object, Map<string, { findings: () => ClientFinding[] }>>();

/*
 * The three clients rules differ only in which placement they report and how they word it; this
 * builds each of them on the one shared detector.
 */

export interface ClientRuleOptions {
  clients: UserClientEntry[];
  typeAware: boolean;
  /** Loop and handler rules only: also report clients closed in the same iteration or call. */
  reportClosed?: boolean;
}

const clientsSchema: JSONSchema4 = {
  type: 'array',
  description:
    'More client constructors and factories, on top of the built-in catalogue: `{ "package": "my-sdk", "exports": ["Client", "createClient", "Client.fromUrl"] }`. A name matches `new Name()` and `Name()`; `Name.method` matches a static factory.',
  items: {
    type: 'object',
    additionalProperties: false,
    required: ['package', 'exports'],
    properties: {
      package: { type: 'string', minLength: 1, description: 'The module the client is imported or required from.' },
      exports: {
        type: 'array',
        minItems: 1,
        items: { type: 'string', minLength: 1 },
        description: 'Export names that build a client (`Client`, `createClient`, `Client.fromUrl`).',
      },
    },
  },
};

const typeAwareSchema: JSONSchema4 = {
  type: 'boolean',
  description:
    'Also treat any constructed value whose type has close, destroy, end, disconnect, quit or shutdown (or Symbol.dispose / Symbol.asyncDispose) as a client; streams excepted. Needs parserOptions.projectService.',
};

const reportClosedSchema: JSONSchema4 = {
  type: 'boolean',
  description:
    'Also report clients that the same iteration or call closes (end, close, destroy, quit, disconnect, `using`): no leak, but a new connection per item or request.',
};

export interface ClientRuleSpec<MessageIds extends string> {
  readonly name: string;
  readonly placement: Placement['kind'];
  readonly description: string;
  readonly recommended: boolean;
  readonly messages: Record<MessageIds, string>;
  /** The messageId for an open client, and for a closed one (when the rule has reportClosed). */
  readonly leak: MessageIds;
  readonly churn?: MessageIds;
  /** The handler rule: a client closed only when nothing before the close fails (closedOnSuccess). */
  readonly leakOnFailure?: MessageIds;
  /** The suggestion that makes memoize-client's rewrite of the site. */
  readonly suggestion: MessageIds;
}

export function createClientRule<MessageIds extends string>(spec: ClientRuleSpec<MessageIds>) {
  const defaults: ClientRuleOptions = spec.churn
    ? { clients: [], typeAware: false, reportClosed: false }
    : { clients: [], typeAware: false };
  const properties: Record<string, JSONSchema4> = { clients: clientsSchema, typeAware: typeAwareSchema };
  if (spec.churn) properties.reportClosed = reportClosedSchema;
  return createRule<[ClientRuleOptions], MessageIds>({
    name: spec.name,
    meta: {
      type: 'problem',
      docs: { description: spec.description, recommended: spec.recommended, typeAware: true, family: 'clients' },
      hasSuggestions: true,
      messages: spec.messages,
      schema: [{ type: 'object', additionalProperties: false, properties }],
      defaultOptions: [defaults],
    },
    defaultOptions: [defaults],
    create(context, [options]) {
      let rewriteOf: RewriteOf | undefined;
      const report = (finding: ClientFinding): void => {
        if (finding.placement.kind !== spec.placement) return;
        if (finding.closed && !options.reportClosed) return;
        const messageId =
          finding.closed && spec.churn
            ? spec.churn
            : finding.closedOnSuccess && spec.leakOnFailure
              ? spec.leakOnFailure
              : spec.leak;
        const data = { client: finding.client, where: finding.placement.where };
        rewriteOf ??= memoizeClientRewrites(analysisContextOf(context, { typeAware: false }));
        context.report({
          node: finding.node,
          messageId,
          data,
          suggest: rewriteSuggestion(rewriteOf(finding.node), spec.suggestion, data),
        });
      };
      // The three rules share one detector per file and options: the first rule created walks the
      // file, the others only read its findings when the walk is over.
      const key = JSON.stringify({ clients: options.clients, typeAware: options.typeAware });
      let byOptions = sharedDetectors.get(context.sourceCode.ast);
      if (!byOptions) sharedDetectors.set(context.sourceCode.ast, (byOptions = new Map()));
      const shared = byOptions.get(key);
      if (shared) return { 'Program:exit': () => shared.findings().forEach(report) };
      const detector = createClientConstructionDetector(analysisContextOf(context, options), options);
      let findings: ClientFinding[] | undefined;
      byOptions.set(key, { findings: () => (findings ??= detector.finish()) });
      return listenersFor({ visitors: detector.visitors, finish: () => (findings ??= detector.finish()) }, report);
    },
  });
}
