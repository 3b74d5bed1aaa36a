import rule, { type Options } from '../../rules/no-unbounded-cache.js';
import { checkExemptions, type ExemptCase } from '../helpers/exemptions.js';
import { createUnboundedCacheDetector } from '../../src/families/caches/unbounded-cache.js';
import { DEFAULT_UNBOUNDED_CACHE_OPTIONS } from '../../src/families/caches/findings.js';
import { codemodSuggestion, ruleTester } from '../helpers/rule-tester.js';

/*
 * A function named like a registration (`register…`, `define…`, `install…`) fills a table once per
 * plugin, route or command the program defines. Not when the key it registers under names data: a
 * token, session or user registered is one per login or request (a real leak: a mock OAuth server's
 * `registerDynamicToken(token, role)` kept every token it ever issued). Default options throughout.
 */

const detectorOptions = (options: Options | undefined) => ({ ...DEFAULT_UNBOUNDED_CACHE_OPTIONS, ...options?.[0] });

const valid: ExemptCase<Options>[] = [
  // Commands by name: one per command the program defines.
  {
    code: `
      const commands = new Map<string, () => void>();
      export function registerCommand(name: string, run: () => void) {
        commands.set(name, run);
      }
    `,
    exemptBy: 'registration',
  },
  // A provider's id names a thing the configuration declares, not data.
  {
    code: `
      const providers: Record<string, object> = {};
      export function registerProvider(providerId: string, provider: object) {
        providers[providerId] = provider;
      }
    `,
    exemptBy: 'registration',
  },
  // A renderer registered under its own id, and a column component under an id built only from
  // its config (studied false positives: a dashboard's renderer registry, an admin UI's columns).
  {
    code: `
      class RendererRegistry {
        private renderers = new Map<string, object>();
        register(renderer: { id: string }): void {
          this.renderers.set(renderer.id, renderer);
        }
      }
      export const rendererRegistry = new RendererRegistry();
      const configMap = new Map<string, object>();
      export function registerCustomComponent(config: { tableId: string; columnId: string }) {
        const id = compoundId(config.tableId, config.columnId);
        configMap.set(id, config);
      }
    `,
    exemptBy: 'registration',
  },
  // Tokens registered and revoked: the revocation keeps pace.
  {
    code: `
      const grants = new Map<string, string>();
      export function registerGrant(token: string, scope: string) {
        grants.set(token, scope);
      }
      export function revokeGrant(token: string) {
        grants.delete(token);
      }
    `,
    exemptBy: 'bounded-by-eviction',
  },
];

ruleTester.run('no-unbounded-cache: registrations keyed by data', rule, {
  valid: checkExemptions(valid, createUnboundedCacheDetector, detectorOptions),
  invalid: [
    // Every token the mock login issues is registered and none leaves.
    {
      code: `
        type Role = 'read' | 'write';
        const issued = new Map<string, Role>();
        export const registerIssuedToken = (token: string, role: Role): void => {
          issued.set(token, role);
        };
        export const roleOf = (token: string): Role | undefined => issued.get(token);
      `,
      errors: [
        {
          messageId: 'unboundedCache',
          line: 3,
          data: {
            what: 'Map `issued`',
            lives: 'lives as long as the process',
            where: 'at line 5 in function `registerIssuedToken`',
          },
        },
      ],
    },
    // A session registered under its own id, or an object under another parameter's id: data.
    {
      code: `
        const sessions = new Map<string, object>();
        export function registerSession(session: { id: string }) {
          sessions.set(session.id, session);
        }
        const renderers = new Map<string, object>();
        export function registerRenderer(renderer: object, ownerId: string) {
          renderers.set(ownerId, renderer);
        }
      `,
      errors: [
        { messageId: 'unboundedCache', line: 2, suggestions: codemodSuggestion },
        { messageId: 'unboundedCache', line: 6, suggestions: codemodSuggestion },
      ],
    },
    // One entry per connected user, registered under the user's id.
    {
      code: `
        const sockets: Record<string, WebSocket> = {};
        export function registerSocket(userId: string, socket: WebSocket) {
          sockets[userId] = socket;
        }
      `,
      errors: [{ messageId: 'unboundedCache', line: 2, suggestions: codemodSuggestion }],
    },
  ],
});
