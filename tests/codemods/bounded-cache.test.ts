import jscodeshift from 'jscodeshift';
import { describe, expect, it } from 'vitest';
import { codemod, parser } from '../../codemods/bounded-cache.js';
import transform from '../../codemods/bounded-cache.js';
import { SourceParseError } from '../../src/core/parse.js';
import { CodemodOptionError } from '../../src/codemod-kit/options.js';
import { describeCodemodFixtures } from '../helpers/codemod-fixtures.js';

describeCodemodFixtures(codemod, {
  rules: ['no-unbounded-cache'],
  ruleOptionsFor: (options) => ({ 'no-unbounded-cache': { reportUnknownKeys: options['all-keys'] === true } }),
});

const leaky = `const cache = new Map<string, number>();\nexport function f(url: string) {\n  cache.set(url, 1);\n}\n`;

describe('bounded-cache options', () => {
  it('defaults to max 1000, no ttl, lru-cache', () => {
    expect(codemod.parseOptions({})).toEqual({ max: 1000, ttl: undefined, cacheImport: 'lru-cache', allKeys: false });
  });

  it('refuses unknown options, naming them', () => {
    expect(() => codemod.parseOptions({ maxEntries: 10 })).toThrow(
      new CodemodOptionError(
        'bounded-cache: unknown option --maxEntries (known: --max, --ttl, --cache-import, --all-keys)',
      ),
    );
  });

  it('takes --all-keys as a switch: true or false from an options file, nothing else', () => {
    expect(codemod.parseOptions({ 'all-keys': true }).allKeys).toBe(true);
    expect(codemod.parseOptions({ allKeys: 'false' }).allKeys).toBe(false);
    expect(() => codemod.parseOptions({ 'all-keys': 'maybe' })).toThrow(
      new CodemodOptionError('bounded-cache: --all-keys is a switch and takes no value, got "maybe"'),
    );
  });

  it('refuses a max or ttl that is not a positive whole number', () => {
    expect(() => codemod.parseOptions({ max: 0 })).toThrow(/--max must be a positive whole number, got 0/);
    expect(() => codemod.parseOptions({ ttl: '1.5' })).toThrow(/--ttl must be a positive whole number/);
  });
});

describe('bounded-cache bad input', () => {
  it('reports a file that does not parse and rewrites nothing', () => {
    const broken = `${leaky}const x = ;\n`;
    expect(() => codemod.analyze(broken, 'broken.ts', codemod.parseOptions({}))).toThrow(SourceParseError);
    expect(() => codemod.analyze(broken, 'broken.ts', codemod.parseOptions({}))).toThrow(
      /^broken\.ts:5:\d+: cannot parse/,
    );
  });

  it('skips files with nothing it could rewrite without parsing them', () => {
    expect(
      codemod.analyze('export const add = (a: number, b: number) => a + b;', 'math.ts', codemod.parseOptions({}))
        .status,
    ).toBe('skipped');
  });
});

describe('bounded-cache as a stock jscodeshift transform', () => {
  const run = (source: string, options: Record<string, unknown>) => {
    const reports: string[] = [];
    const j = jscodeshift.withParser(parser);
    const output = transform(
      { path: 'service.ts', source },
      { jscodeshift: j, j, stats: () => {}, report: (message: string) => reports.push(message) },
      options,
    );
    return { output, reports };
  };

  it('exports the parser jscodeshift should use', () => {
    expect(parser).toBe('tsx');
  });

  it('rewrites with the options jscodeshift passes through, ignoring its own flags', () => {
    const { output } = run(leaky, { max: '20', ttl: 5000, dry: true, parser: 'tsx', verbose: 0 });
    expect(output).toBe(
      `import { LRUCache } from 'lru-cache';\n\nconst cache = new LRUCache<string, number>({ max: 20, ttl: 5000 });\nexport function f(url: string) {\n  cache.set(url, 1);\n}\n`,
    );
  });

  it('reports each site it leaves, with the reason, through api.report', () => {
    const { output, reports } = run(`const log: string[] = [];\nexport function f(k: string) {\n  log.push(k);\n}\n`, {
      'all-keys': true,
    });
    expect(output).toBe(`const log: string[] = [];\nexport function f(k: string) {\n  log.push(k);\n}\n`);
    expect(reports).toEqual([
      expect.stringMatching(
        /^service\.ts:1:7 left unchanged: array log: an array used as a buffer has no LRUCache form/,
      ),
    ]);
  });

  it('refuses an unknown option before touching the file', () => {
    expect(() => run(leaky, { ttlMs: 5 })).toThrow(/unknown option --ttlMs/);
  });
});
