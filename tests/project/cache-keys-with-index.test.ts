import { fileURLToPath } from 'node:url';
import { ESLint, type Linter } from 'eslint';
import { afterEach, describe, expect, it, vi } from 'vitest';
import plugin from '../../src/index.js';
import { ProjectIndex, forgetProjectIndexes } from '../../src/project/index.js';
import { forgetProjectFacts } from '../../src/project/for-rule.js';

const root = fileURLToPath(new URL('../fixtures/projects/index-cache-keys', import.meta.url));
const INDEX_ON = { leakproof: { projectIndex: { cache: false } } };

/** Lints the fixture with no-unbounded-cache alone: `file:line message` per finding. */
async function cacheFindings(settings: Linter.Config['settings'], options: object = {}) {
  const eslint = new ESLint({
    cwd: root,
    overrideConfigFile: true,
    overrideConfig: [
      { ...plugin.configs.strict, rules: { 'leakproof/no-unbounded-cache': ['error', options] } },
      { settings: settings ?? {} },
    ],
  });
  const results = await eslint.lintFiles(['src']);
  return results.flatMap((result) =>
    result.messages.map((message) => ({
      at: `${result.filePath.slice(root.length + 1)}:${message.line}`,
      message: message.message,
    })),
  );
}

afterEach(() => {
  forgetProjectIndexes();
  forgetProjectFacts();
  vi.restoreAllMocks();
});

describe('no-unbounded-cache with key provenance from the project index', () => {
  it('reports a per-request write keyed by a route parameter, naming where the key comes from', async () => {
    const findings = await cacheFindings(INDEX_ON);
    expect(findings.map((f) => f.at).sort()).toEqual([
      'src/lib/orders.ts:2',
      'src/lib/plans.ts:16',
      'src/lib/quotas.ts:2',
      'src/lib/relays.ts:2',
      'src/lib/samples.ts:3',
    ]);
    expect(findings.find((f) => f.at === 'src/lib/orders.ts:2')!.message).toContain(
      'keyed by request input (`ref` comes from parameter 1 of lookUpOrder() (src/lib/orders.ts:4), called at src/server.ts:18; `req.params.ref` comes from parameter 1 of the GET /orders/:ref handler (src/server.ts:17))',
    );
  });

  it('asks the index once per key where it comes from, though the exemptions and the message all ask', async () => {
    const asked = vi.spyOn(ProjectIndex.prototype, 'keyProvenanceOf');
    await cacheFindings(INDEX_ON);
    const keys = asked.mock.calls.map(([file, at]) => `${file.slice(root.length + 1)} ${JSON.stringify(at)}`);
    expect(keys.length).toBeGreaterThan(0);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('spares a template cache every caller keys by a shipped name, and a key whose origin is unknown', async () => {
    const findings = (await cacheFindings(INDEX_ON)).map((f) => f.at);
    expect(findings).not.toContain('src/lib/templates.ts:2');
    expect(findings).not.toContain('src/lib/styles.ts:2');
  });

  it('reports the unknown key again with reportUnknownKeys, but never the finite one', async () => {
    const findings = (await cacheFindings(INDEX_ON, { reportUnknownKeys: true })).map((f) => f.at);
    expect(findings.sort()).toEqual([
      'src/lib/limiters.ts:2',
      'src/lib/orders.ts:2',
      'src/lib/plans.ts:16',
      'src/lib/quotas.ts:2',
      'src/lib/relays.ts:2',
      'src/lib/samples.ts:3',
      'src/lib/styles.ts:2',
    ]);
    expect(findings).not.toContain('src/lib/templates.ts:2');
  });

  it('spares a key that names data (`feedUrl`) when every caller passes configuration', async () => {
    expect((await cacheFindings(INDEX_ON)).map((f) => f.at)).not.toContain('src/lib/feeds.ts:2');
  });

  it('without the index, judges each file alone: the key that names data and the write an interval repeats', async () => {
    expect((await cacheFindings(undefined)).map((f) => f.at).sort()).toEqual([
      'src/lib/feeds.ts:2',
      'src/lib/relays.ts:2',
      'src/lib/samples.ts:3',
      'src/lib/senders.ts:4',
      'src/lib/transports.ts:2',
    ]);
  });

  it('does not take what a handler reads from its response (`res.locals.plan`) for request input', async () => {
    const findings = await cacheFindings(INDEX_ON);
    expect(findings.map((f) => f.at)).not.toContain('src/lib/limiters.ts:2');
    expect(findings.find((f) => f.at === 'src/lib/quotas.ts:2')!.message).toContain(
      '`req.query.tier` comes from parameter 1 of the middleware',
    );
  });

  it('spares a key every caller reads from the configuration its instance was built with (`this.settings.smtpUrl`)', async () => {
    const findings = (await cacheFindings(INDEX_ON)).map((f) => f.at);
    expect(findings).not.toContain('src/lib/transports.ts:2');
    // The twin reads a field named for nothing in particular: its origin stays unknown, and its key names data.
    expect(findings).toContain('src/lib/relays.ts:2');
  });

  it('does not take a counter for its initial literal: `tick++` makes the key unknown, not finite', async () => {
    expect((await cacheFindings(INDEX_ON)).map((f) => f.at)).toContain('src/lib/samples.ts:3');
  });

  it('spares a key whose declared type is an enum another file declares (`senderId: Sender`), found through `export *`', async () => {
    expect((await cacheFindings(INDEX_ON)).map((f) => f.at)).not.toContain('src/lib/senders.ts:4');
    // One file alone cannot see the enum: the key names data, so it is reported without the index.
    expect((await cacheFindings(undefined)).map((f) => f.at)).toContain('src/lib/senders.ts:4');
  });

  it("spares a map whose key type is an imported interface's literal-union property (`Map<Plan['size'], …>`)", async () => {
    const findings = (await cacheFindings(INDEX_ON, { reportUnknownKeys: true })).map((f) => f.at);
    expect(findings).not.toContain('src/lib/plans.ts:4');
    // Its twin keyed by `Plan['owner']`, a string the client sends, is still reported.
    expect(findings).toContain('src/lib/plans.ts:16');
  });

  describe('onlyRequestKeys (the mode a recommended config can carry)', () => {
    it('reports the request-keyed write with the index', async () => {
      const findings = (await cacheFindings(INDEX_ON, { onlyRequestKeys: true, reportUnknownKeys: true })).map(
        (f) => f.at,
      );
      expect(findings.sort()).toEqual(['src/lib/orders.ts:2', 'src/lib/plans.ts:16', 'src/lib/quotas.ts:2']);
    });

    it('reports nothing without the index, even what the file alone would report', async () => {
      expect(await cacheFindings(undefined, { onlyRequestKeys: true, reportUnknownKeys: true })).toEqual([]);
    });
  });
});
