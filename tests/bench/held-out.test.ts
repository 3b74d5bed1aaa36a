import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const { reasonsUsed, usedRecords } = await import('../../bench/held-out.mjs');

const records = {
  labelled: ['acme/server-one', 'other/tool'],
  recall: ['leaky/cache-lib'],
  readme: 'Refused by fetch: big/monorepo (over 500 MB). Set 9 held the widget codebase.\n',
};

describe('held-out candidates', () => {
  it('names every record that makes a candidate used', () => {
    expect(reasonsUsed('acme/server-one', records)).toEqual(['labelled']);
    expect(reasonsUsed('leaky/cache-lib', records)).toEqual(['a recall case']);
    expect(reasonsUsed('Big/Monorepo', records)).toEqual(['named in bench/README.md']);
    expect(reasonsUsed('someone/widget', records)).toEqual(['the word "widget" is in bench/README.md']);
    expect(reasonsUsed('acme/server-two', records)).toEqual(['same owner as acme/server-one']);
  });

  it('finds a candidate free when no record names it, its name or its owner', () => {
    expect(reasonsUsed('fresh/never-seen-app', records)).toEqual([]);
    // A longer name that contains a used word is not that word.
    expect(reasonsUsed('someone/widgets-pro', records)).toEqual([]);
  });

  it("reads this repository's own records", () => {
    const own = usedRecords();
    expect(reasonsUsed('socketio/socket.io', own)).toContain('labelled');
    expect(reasonsUsed('zz-nobody/zz-unheard-of-app', own)).toEqual([]);
  });

  it('exits 1 when a candidate is used, 0 when all are free, 2 without a command', () => {
    const run = (...args: string[]) =>
      spawnSync(process.execPath, ['bench/held-out.mjs', ...args], { encoding: 'utf8' });
    const used = run('check', 'socketio/socket.io', 'zz-nobody/zz-unheard-of-app');
    expect(used.status).toBe(1);
    expect(used.stdout).toContain('socketio/socket.io\tused: labelled');
    expect(used.stdout).toContain('zz-nobody/zz-unheard-of-app\tfree');
    expect(run('check', 'zz-nobody/zz-unheard-of-app').status).toBe(0);
    const usage = run();
    expect(usage.status).toBe(2);
    expect(usage.stderr).toContain('held-out.mjs check');
  });
});

describe('held-out write and lint', () => {
  it("writes a fetched codebase's sources at its HEAD and lints them, index off and on", () => {
    const mirrors = mkdtempSync(join(tmpdir(), 'leakproof-held-out-mirrors-'));
    const repo = join(mirrors, 'acme+app', 'repo');
    mkdirSync(join(repo, 'src'), { recursive: true });
    writeFileSync(join(repo, 'package.json'), '{ "name": "app", "type": "module" }\n');
    writeFileSync(join(repo, 'README.md'), 'not a source file\n');
    writeFileSync(
      join(repo, 'src/files.js'),
      `import express from 'express';
import { S3Client } from '@aws-sdk/client-s3';
const app = express();
app.get('/files/:id', async (req, res) => {
  const s3 = new S3Client({ region: 'eu-west-1' });
  res.json(await s3.send(req.params.id));
});
app.listen(3000);
`,
    );
    const git = (...args: string[]) => execFileSync('git', ['-C', repo, ...args], { encoding: 'utf8' }).trim();
    git('init', '-q');
    git('add', '-A');
    git('-c', 'user.name=t', '-c', 'user.email=t@localhost', 'commit', '-q', '--no-gpg-sign', '-m', 'app');
    const head = git('rev-parse', 'HEAD');
    const dir = mkdtempSync(join(tmpdir(), 'leakproof-held-out-'));
    const run = (...args: string[]) =>
      spawnSync(process.execPath, ['bench/held-out.mjs', ...args, '--mirrors', mirrors], { encoding: 'utf8' });

    expect(run('write', dir, 'acme/app').status).toBe(0);
    expect(readFileSync(join(dir, 'commits.tsv'), 'utf8')).toBe(`acme/app\t${head}\t2\t0\n`);
    expect(readFileSync(join(dir, 'trees/acme__app/src/files.js'), 'utf8')).toContain('new S3Client');

    expect(run('lint', dir, 'base').status).toBe(0);
    for (const mode of ['off', 'on']) {
      const findings = readFileSync(join(dir, `runs/base-${mode}/acme__app.findings.tsv`), 'utf8').split('\n');
      expect(findings[0]).toBe('repository\tcommit\tpath\tline\trule\tmessage');
      expect(findings[1]).toMatch(new RegExp(`^acme__app\t${head}\tsrc/files.js\t5\tleakproof/no-client-in-handler\t`));
    }
  });

  it('refuses a codebase that was not fetched, and lint before write', () => {
    const dir = mkdtempSync(join(tmpdir(), 'leakproof-held-out-'));
    const write = spawnSync(process.execPath, ['bench/held-out.mjs', 'write', dir, 'zz/absent', '--mirrors', dir], {
      encoding: 'utf8',
    });
    expect(write.status).not.toBe(0);
    expect(write.stderr).toContain('zz/absent is not fetched');
    const lint = spawnSync(process.execPath, ['bench/held-out.mjs', 'lint', dir, 'base'], { encoding: 'utf8' });
    expect(lint.status).not.toBe(0);
    expect(lint.stderr).toContain('commits.tsv is missing');
  });
});
