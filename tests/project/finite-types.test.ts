import { describe, expect, it } from 'vitest';
import { extractFacts } from '../../src/project/extract.js';

describe('the finite types a file declares (FileFacts.finiteTypes)', () => {
  it('records enums, literal unions and literal-union properties, each with why', () => {
    const facts = extractFacts(
      'types.ts',
      `
      export enum Sender { NoReply, Support }
      export type Size = 's' | 'm' | Flag | null;
      type Flag = true | false;
      export type OneSender = Sender.Support | 'none';
      export interface Plan { size: Size; tier?: 'free' | 'paid'; owner: string }
      export type Limits = { readonly unit: 'minute' | 'hour'; max: number };
      `,
    );
    expect(facts.finiteTypes).toEqual({
      Sender: 'the enum Sender',
      Size: 'the type Size, a union of literals',
      Flag: 'the type Flag, a union of literals',
      OneSender: 'the type OneSender, a union of literals',
      'Plan.size': "Plan['size'], a union of literals",
      'Plan.tier': "Plan['tier'], a union of literals",
      'Limits.unit': "Limits['unit'], a union of literals",
    });
  });

  it('records nothing for open types: strings, generics, template literals, types from other files', () => {
    const facts = extractFacts(
      'types.ts',
      `
      import type { Remote } from './remote';
      export type Name = string;
      export type Keyed<T> = 'a' | 'b';
      export type Path = \`/\${string}\`;
      export type Imported = Remote | 'x';
      export interface Box { [key: string]: 'a' | 'b' }
      `,
    );
    expect(facts.finiteTypes).toBeUndefined();
  });
});
