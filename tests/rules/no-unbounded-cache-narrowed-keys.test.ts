import rule, { type Options } from '../../rules/no-unbounded-cache.js';
import { checkExemptions, type ExemptCase } from '../helpers/exemptions.js';
import { createUnboundedCacheDetector } from '../../src/families/caches/unbounded-cache.js';
import { DEFAULT_UNBOUNDED_CACHE_OPTIONS, type UnboundedCacheOptions } from '../../src/families/caches/findings.js';
import { codemodSuggestion, ruleTester } from '../helpers/rule-tester.js';

/*
 * Keys a branch narrows to one constant before the write (`if (k === Sender.NoReply)`, `case
 * 'daily':`), and random keys drawn from a fixed range and turned into text (studied false
 * positives: a mail server's sender table keyed by an imported enum, a camera-stream token drawn
 * from ten thousand values). Each is followed by its twin that the rule still reports.
 */

const detectorOptions = (options: Readonly<Options> | undefined): UnboundedCacheOptions => ({
  ...DEFAULT_UNBOUNDED_CACHE_OPTIONS,
  ...options?.[0],
});

const valid: ExemptCase<Options>[] = [
  // Each write sits in a branch that compares the key with an imported enum member; the else throws.
  {
    code: `
      import { EmailSender } from './types';
      const senders: Record<number, { name: string }> = {};
      export const senderInfo = (senderId: EmailSender) => {
        if (!senders[senderId]) {
          if (senderId === EmailSender.NoReply) {
            senders[senderId] = { name: 'no-reply' };
          } else if (EmailSender.Support === senderId) {
            senders[senderId] = { name: 'support' };
          } else {
            throw new Error('Invalid sender ID');
          }
        }
        return senders[senderId];
      };
    `,
    exemptBy: 'finite-keys',
  },
  // A switch over literals in a request handler; the default case leaves without writing.
  {
    code: `
      import express from 'express';
      const app = express();
      const reports = new Map<string, object>();
      app.get('/report', (req, res) => {
        const period = req.query.period;
        switch (period) {
          case 'daily':
          case 'weekly':
            reports.set(period, build(period));
            break;
          default:
            return res.status(400).end();
        }
        res.json(reports.get(period));
      });
    `,
    exemptBy: 'finite-keys',
  },
  // Set 31: a guard refuses every key but one imported constant before the write.
  {
    code: `
      import Constants from './constants';
      const stores: Record<string, { name: string; opened: number }> = {};
      export function storeFor(tenantId: string) {
        if (!tenantId) throw new Error('No tenant');
        if (tenantId !== Constants.rootTenantId) {
          throw new Error('Unknown tenant');
        }
        if (!stores[tenantId]) {
          stores[tenantId] = { name: tenantId, opened: Date.now() };
        }
        return stores[tenantId];
      }
    `,
    exemptBy: 'finite-keys',
  },
  // A token drawn from ten thousand values, written in hexadecimal.
  {
    code: `
      const tokens: { [token: string]: string } = {};
      export async function handleStream(device: { id: string }) {
        const token = \`tok-\${Math.round(Math.random() * 10000).toString(16)}\`;
        tokens[token] = device.id;
        return token;
      }
    `,
    exemptBy: 'finite-keys',
  },
];

ruleTester.run('no-unbounded-cache: keys narrowed to a constant', rule, {
  valid: checkExemptions(valid, createUnboundedCacheDetector, detectorOptions),
  invalid: [
    // The write after the branch, not in it: any sender id.
    {
      code: `
        import { EmailSender } from './types';
        const senders: Record<number, { name: string }> = {};
        export const senderInfo = (senderId: EmailSender) => {
          if (senderId === EmailSender.NoReply) console.log('no reply');
          senders[senderId] = { name: String(senderId) };
          return senders[senderId];
        };
      `,
      errors: [{ messageId: 'unboundedCache', suggestions: codemodSuggestion }],
    },
    // Compared with another parameter, or reassigned inside the branch: not one constant.
    {
      code: `
        const senders: Record<string, { name: string }> = {};
        export function senderInfo(senderId: string, expectedId: string) {
          if (senderId === expectedId) senders[senderId] = { name: 'expected' };
        }
        const owners: Record<string, { name: string }> = {};
        export function ownerInfo(ownerId: string) {
          if (ownerId === 'root') {
            ownerId = ownerId + Date.now();
            owners[ownerId] = { name: 'root' };
          }
        }
      `,
      errors: [
        { messageId: 'unboundedCache', suggestions: codemodSuggestion },
        { messageId: 'unboundedCache', suggestions: codemodSuggestion },
      ],
    },
    // A default case that falls through into the writing case: any period the request sends.
    {
      code: `
        import express from 'express';
        const app = express();
        const reports = new Map<string, object>();
        app.get('/report', (req, res) => {
          const period = req.query.period;
          switch (period) {
            default:
            case 'daily':
              reports.set(period, build(period));
          }
          res.json(reports.get(period));
        });
      `,
      errors: [{ messageId: 'unboundedCache', suggestions: codemodSuggestion }],
    },
    // The guard's twins: it leaves only for one other value, or compares with another parameter.
    {
      code: `
        import Constants from './constants';
        const stores: Record<string, { name: string; opened: number }> = {};
        export function storeFor(tenantId: string) {
          if (tenantId === Constants.rootTenantId) throw new Error('Reserved tenantId');
          if (!stores[tenantId]) stores[tenantId] = { name: tenantId, opened: Date.now() };
          return stores[tenantId];
        }
        const others: Record<string, { name: string; opened: number }> = {};
        export function otherFor(tenantId: string, expected: string) {
          if (tenantId !== expected) return undefined;
          if (!others[tenantId]) others[tenantId] = { name: tenantId, opened: Date.now() };
          return others[tenantId];
        }
      `,
      errors: [
        { messageId: 'unboundedCache', suggestions: codemodSuggestion },
        { messageId: 'unboundedCache', suggestions: codemodSuggestion },
      ],
    },
    // An unrounded draw: a new token each time.
    {
      code: `
        const tokens: { [token: string]: string } = {};
        export async function handleStream(device: { id: string }) {
          const token = \`tok-\${Math.random().toString(16)}\`;
          tokens[token] = device.id;
          return token;
        }
      `,
      errors: [{ messageId: 'unboundedCache', suggestions: codemodSuggestion }],
    },
  ],
});
