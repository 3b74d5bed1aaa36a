import rule, { type Options } from '../../rules/no-unbounded-cache.js';
import { ruleTester, typedRuleTester } from '../helpers/rule-tester.js';

// file.ts is both in the fixture tsconfig and in allowDefaultProject, which the project service refuses; a name only the latter covers works.
// Relative to the typed tester's root, its cwd: an absolute path would be judged from `/`, inside tests/.
const filename = 'caches.ts';

const typed: Options = [
  {
    typeAware: true,
    reportEscaping: false,
    instanceFields: false,
    reportRegistries: false,
    reportUnknownKeys: true,
    onlyRequestKeys: false,
    boundedCaches: [],
  },
];
const untyped: Options = [
  {
    typeAware: false,
    reportEscaping: false,
    instanceFields: false,
    reportRegistries: false,
    reportUnknownKeys: true,
    onlyRequestKeys: false,
    boundedCaches: [],
  },
];

/** Keys whose finiteness only the checker can see: a call's literal-union result, a mapped alias, known properties. */
const finiteOnlyByType = `
function pick(n: number): 'primary' | 'replica' {
  return n > 0.5 ? 'primary' : 'replica';
}
type Role = ReturnType<typeof pick>;
const byRole = new Map<Role, number>();
const byPick = new Map<string, number>();
const headers: Record<string, string> = {};
const defaults: { accept: string; 'user-agent': string } = { accept: '*/*', 'user-agent': 'x' };
export function record(n: number) {
  byRole.set(pick(n), n);
  byPick.set(pick(n), n);
  Object.assign(headers, defaults);
}
`;

typedRuleTester.run('no-unbounded-cache (typeAware)', rule, {
  valid: [
    { code: finiteOnlyByType, options: typed, filename },
    // A type parameter counts by its constraint, here the two keys of a mapped type.
    {
      code: `
type Timers = Pick<typeof globalThis, 'setTimeout' | 'setInterval'>;
declare function lookUpNative(name: string): unknown;
const natives: Record<string, unknown> = {};
export function nativeOf<K extends keyof Timers>(name: K) {
  natives[name] ??= lookUpNative(name);
  return natives[name];
}
`,
      options: typed,
      filename,
    },
    {
      code: `
import memoize from 'lodash/memoize';
type Level = 'debug' | 'info';
function levels(): Level[] { return ['debug', 'info']; }
export const prefix = memoize((level: (typeof levels extends () => (infer L)[] ? L : never)) => level.toUpperCase());
`,
      options: typed,
      filename,
    },
  ],
  invalid: [
    {
      code: `
const byUser = new Map<string, number>();
export function record(user: string) {
  byUser.set(user.trim(), 1);
}
`,
      options: typed,
      filename,
      errors: [
        {
          messageId: 'unboundedCache',
          suggestions: [
            {
              messageId: 'useLruCache',
              output: `import { LRUCache } from 'lru-cache';

const byUser = new LRUCache<string, number>({ max: 1000 });
export function record(user: string) {
  byUser.set(user.trim(), 1);
}
`,
            },
          ],
        },
      ],
    },
    {
      code: `
const headers: Record<string, string> = {};
export function merge(extra: Record<string, string>) {
  Object.assign(headers, extra);
}
`,
      options: typed,
      filename,
      errors: [{ messageId: 'unboundedCache', line: 2 }],
    },
  ],
});

// Without type information the same code is reported: the keys' finiteness is invisible to syntax.
ruleTester.run('no-unbounded-cache (syntax only)', rule, {
  valid: [],
  invalid: [
    {
      code: finiteOnlyByType,
      options: untyped,
      errors: [
        {
          messageId: 'unboundedCache',
          line: 6,
          suggestions: [
            {
              messageId: 'useLruCache',
              output: finiteOnlyByType
                .replace('\nfunction pick', "import { LRUCache } from 'lru-cache';\n\nfunction pick")
                .replace('new Map<Role, number>()', 'new LRUCache<Role, number>({ max: 1000 })'),
            },
          ],
        },
        {
          messageId: 'unboundedCache',
          line: 7,
          suggestions: [
            {
              messageId: 'useLruCache',
              output: finiteOnlyByType
                .replace('\nfunction pick', "import { LRUCache } from 'lru-cache';\n\nfunction pick")
                .replace('new Map<string, number>()', 'new LRUCache<string, number>({ max: 1000 })'),
            },
          ],
        },
        { messageId: 'unboundedCache', line: 8 },
      ],
    },
  ],
});
