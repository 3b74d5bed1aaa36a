import { Linter } from 'eslint';
import jscodeshift from 'jscodeshift';
import { describe, expect, it } from 'vitest';
import transform, { codemod, parser } from '../../codemods/memoize-client.js';
import { describeCodemodFixtures } from '../helpers/codemod-fixtures.js';

describeCodemodFixtures(codemod, { rules: ['no-client-in-getter', 'no-client-in-loop', 'no-client-in-handler'] });

const options = codemod.parseOptions({});

describe('memoize-client', () => {
  it('refuses unknown options, naming them', () => {
    expect(() => codemod.parseOptions({ max: 3 })).toThrow(/unknown option --max/);
  });

  it('skips files that mention no client package, without parsing them', () => {
    expect(codemod.analyze('export const add = (a: number, b: number) => a + b;', 'math.ts', options).status).toBe(
      'skipped',
    );
    expect(
      codemod.analyze(
        `import { readFile } from 'node:fs';\nfor (const p of ps) new Map().set(p, readFile(p));\n`,
        'files.ts',
        options,
      ).status,
    ).toBe('skipped');
    // A local class named like a client: parsed (the file mentions 'pg'), and left alone.
    expect(
      codemod.analyze(
        `import type { PoolConfig } from 'pg';\nclass Pool { constructor(readonly c?: PoolConfig) {} }\nfor (const x of xs) new Pool();\n`,
        'pool.ts',
        options,
      ).status,
    ).toBe('unchanged');
    expect(
      codemod.analyze(
        `const https = require('node:https');\nfor (const h of hosts) https.get({ host: h, agent: new https.Agent({ keepAlive: true }) });\n`,
        'ping.cjs',
        options,
      ).status,
    ).toBe('changed');
  });

  it('names each site by client and place, rewritten or left', () => {
    const source = `import { Pool } from 'pg';
export class Repo {
  get pool() {
    return new Pool();
  }
}
export function perTenant(tenants: string[]) {
  for (const database of tenants) new Pool({ database }).query('select 1');
}
`;
    const result = codemod.analyze(source, 'repo.ts', options);
    expect(result.rewritten).toEqual([{ line: 4, column: 11, what: 'Pool in getter `pool` of class `Repo`' }]);
    expect(result.left).toEqual([
      {
        line: 8,
        column: 34,
        what: 'Pool in a for...of loop',
        reason: expect.stringContaining('`database`, which changes on every iteration of a for...of loop'),
      },
    ]);
  });

  it('gives each module-level instance its own names when two handlers build different clients', () => {
    const source = `import { Pool } from 'pg';
app.get('/a', async () => new Pool({ max: 1 }).query('a'));
app.get('/b', async () => new Pool({ max: 2 }).query('b'));
`;
    const { output } = codemod.analyze(source, 'routes.js', options);
    expect(output).toContain('let pool;\nfunction getPool() {\n  return (pool ??= new Pool({ max: 1 }));\n}');
    expect(output).toContain('let pool2;\nfunction getPool2() {\n  return (pool2 ??= new Pool({ max: 2 }));\n}');
    expect(output).toContain("app.get('/a', async () => getPool().query('a'));");
    expect(output).toContain("app.get('/b', async () => getPool2().query('b'));");
  });

  it('leaves clients the same iteration closes: sharing one would break the close', () => {
    const source = `import { Client } from 'pg';
export async function run(dbs: string[]) {
  for (const db of dbs) {
    const client = new Client();
    await client.connect();
    await client.query(db);
    await client.end();
  }
}
`;
    expect(codemod.analyze(source, 'run.ts', options)).toMatchObject({ status: 'unchanged', rewritten: [], left: [] });
  });
});

describe('memoize-client as a stock jscodeshift transform', () => {
  const run = (source: string, path = 'handler.js') => {
    const reports: string[] = [];
    const j = jscodeshift.withParser(parser);
    const output = transform(
      { path, source },
      { jscodeshift: j, j, stats: () => {}, report: (message: string) => reports.push(message) },
      {},
    );
    return { output, reports };
  };

  it('exports the parser jscodeshift should use', () => {
    expect(parser).toBe('tsx');
  });

  it('rewrites, and reports each site it leaves with the reason through api.report', () => {
    const source = `import { Pool } from 'pg';
export const handler = async (event) => {
  const pool = new Pool({ database: event.tenant });
  return pool.query('select 1');
};
`;
    const { output, reports } = run(source);
    expect(output).toBe(source);
    expect(reports).toEqual([
      expect.stringMatching(
        /^handler\.js:3:16 left unchanged: Pool in the AWS Lambda handler: the client's arguments use `event`, which only exists per call/,
      ),
    ]);
  });

  it('names the module-level holder so that no handler variable shadows it (no-shadow)', () => {
    const source = `import { Pool } from 'pg';
app.get('/users', async (req, res) => {
  const pool = new Pool();
  res.json(await pool.query('select 1'));
});
`;
    const { output } = codemod.analyze(source, 'app.js', options);
    expect(output).toContain('let sharedPool;');
    expect(output).toContain('const pool = getPool();');
    const linter = new Linter({ configType: 'flat' });
    const config = {
      languageOptions: { ecmaVersion: 'latest' as const, sourceType: 'module' as const },
      rules: { 'no-shadow': 'error' as const },
    };
    expect(linter.verify(output, config).map((message) => message.message)).toEqual([]);
  });

  it('keeps the plain name when nothing else declares it', () => {
    const source = `import { Pool } from 'pg';
app.get('/users', async (req, res) => {
  res.json(await new Pool().query('select 1'));
});
`;
    expect(codemod.analyze(source, 'app.js', options).output).toContain('let pool;');
  });

  it('returns undefined (skipped) for a file with nothing to rewrite', () => {
    expect(run('export const two = 1 + 1;\n').output).toBeUndefined();
  });
});
