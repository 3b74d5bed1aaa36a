import { cpSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ProjectIndex } from '../../src/project/index.js';
import {
  forgetProjectFacts,
  projectFactsFor,
  type ProjectAnswers,
  type RuleContextLike,
} from '../../src/project/for-rule.js';
import { FALLBACK_REASONS, NO_PROJECT_INDEX } from '../../src/project/warn-once.js';

const fixture = fileURLToPath(new URL('../fixtures/projects/index-express', import.meta.url));

/** What ESLint's RuleContext holds while linting `file` (relative to `root`), with the text on disk unless given. */
function contextFor(
  root: string,
  file: string,
  extra: Partial<RuleContextLike> & { text?: string } = {},
): RuleContextLike {
  const filename = join(root, file);
  const { text, ...rest } = extra;
  return {
    filename,
    physicalFilename: filename,
    cwd: root,
    settings: {},
    sourceCode: { text: text ?? readFileSync(filename, 'utf8') },
    ...rest,
  };
}

/** The range of `snippet` in `file`, as a node's range would be. */
function rangeOf(root: string, file: string, snippet: string): [number, number] {
  const start = readFileSync(join(root, file), 'utf8').indexOf(snippet);
  return [start, start + snippet.length];
}

function answers(facts: ReturnType<typeof projectFactsFor>): ProjectAnswers {
  if (!facts.available) throw new Error(`no project index: ${facts.detail}`);
  return facts;
}

const warnings = () => vi.spyOn(process, 'emitWarning').mockImplementation(() => undefined);

afterEach(() => {
  forgetProjectFacts();
  vi.restoreAllMocks();
});

describe('projectFactsFor', () => {
  it("answers how often a node's code runs, by file and range, with the evidence in words", () => {
    const facts = answers(
      projectFactsFor(
        contextFor(fixture, 'src/lib/clients.ts', { settings: { leakproof: { projectIndex: { cache: false } } } }),
      ),
    );
    const answer = facts.frequencyAt(
      facts.file,
      rangeOf(fixture, 'src/lib/clients.ts', 'return { insert: async (row) => row };'),
    );
    expect(answer).toMatchObject({
      kind: 'repeats',
      repeatKind: 'request',
      message:
        'runs per request: called from the POST /orders handler (src/routes/orders.ts:5) through createOrder() → OrdersService.create()',
    });
    expect(answer.evidence).toEqual([
      'called from the POST /orders handler (src/routes/orders.ts:5) through createOrder() → OrdersService.create()',
      'src/routes/orders.ts:5: POST /orders handler',
      'src/handlers/orders.ts:5: calls OrdersService.create()',
      'src/services/orders.ts:6: calls makeClient()',
    ]);
  });

  it('builds one index per process, shared by every rule and file', () => {
    const build = vi.spyOn(ProjectIndex, 'build');
    const settings = { leakproof: { projectIndex: { cache: false } } };
    for (const file of ['src/lib/clients.ts', 'src/main.ts', 'src/lib/clients.ts', 'src/routes/orders.ts']) {
      expect(projectFactsFor(contextFor(fixture, file, { settings }))).toMatchObject({
        available: true,
        root: fixture,
      });
    }
    expect(build).toHaveBeenCalledTimes(1);
  });

  it("takes the rule's text (an unsaved editor buffer) over the file on disk", () => {
    const settings = { leakproof: { projectIndex: { cache: false } } };
    const routes = readFileSync(join(fixture, 'src/routes/orders.ts'), 'utf8');
    const unsaved = routes.replace("  app.post('/orders', createOrder);\n", '');
    const facts = answers(projectFactsFor(contextFor(fixture, 'src/routes/orders.ts', { settings, text: unsaved })));
    const helper = rangeOf(fixture, 'src/lib/clients.ts', 'return { insert: async (row) => row };');
    expect(facts.frequencyAt(join(fixture, 'src/lib/clients.ts'), helper).kind).toBe('unknown');
    // The buffer is saved as it was: the next question sees the route again.
    answers(projectFactsFor(contextFor(fixture, 'src/routes/orders.ts', { settings, text: routes })));
    expect(facts.frequencyAt(join(fixture, 'src/lib/clients.ts'), helper)).toMatchObject({
      kind: 'repeats',
      repeatKind: 'request',
    });
  });

  it('is off with settings.leakproof.projectIndex: false, without a warning', () => {
    const warn = warnings();
    expect(
      projectFactsFor(contextFor(fixture, 'src/main.ts', { settings: { leakproof: { projectIndex: false } } })),
    ).toEqual({
      available: false,
      reason: 'disabled',
      detail: 'settings.leakproof.projectIndex is false',
    });
    expect(warn).not.toHaveBeenCalled();
  });

  it('falls back with a reason, warning once per process however many files fall back', () => {
    const warn = warnings();
    const stray = mkdtempSync(join(tmpdir(), 'leakproof-stray-'));
    for (const name of ['a.js', 'b.js', 'c.js']) {
      writeFileSync(join(stray, name), 'setInterval(() => {}, 1000);\n');
      expect(projectFactsFor(contextFor(stray, name))).toMatchObject({ available: false, reason: 'no-root' });
    }
    expect(warn).toHaveBeenCalledTimes(1);
    expect(warn.mock.calls[0]![0]).toMatch(
      /^no package\.json, workspace or repository above .*a\.js\. Leakproof rules use file-local judgement/,
    );
    expect(warn.mock.calls[0]![1]).toEqual({ type: 'LeakproofWarning', code: NO_PROJECT_INDEX });
  });

  it('falls back for a code block inside another file, a file the project does not lint, and a file oxc cannot parse', () => {
    warnings();
    const settings = { leakproof: { projectIndex: { cache: false } } };
    const block = {
      ...contextFor(fixture, 'src/main.ts', { settings }),
      filename: join(fixture, 'README.md/0.js'),
      physicalFilename: join(fixture, 'README.md'),
    };
    expect(projectFactsFor(block)).toMatchObject({ available: false, reason: 'no-file' });
    expect(projectFactsFor(contextFor(fixture, 'package.json', { settings }))).toMatchObject({
      available: false,
      reason: 'outside-index',
    });
    expect(projectFactsFor(contextFor(fixture, 'src/main.ts', { settings, text: 'export function (' }))).toMatchObject({
      available: false,
      reason: 'parse-failed',
    });
  });

  it("says a parser's message that ends in a full stop with one full stop (set 37: `return` at a script's top level)", () => {
    const warn = warnings();
    const settings = { leakproof: { projectIndex: { cache: false } } };
    expect(projectFactsFor(contextFor(fixture, 'src/main.ts', { settings, text: 'return 1;\n' }))).toMatchObject({
      reason: 'parse-failed',
    });
    expect(warn).toHaveBeenCalledTimes(1);
    expect(warn.mock.calls[0]![0]).toMatch(
      /^src\/main\.ts did not parse for the project index: .*\S\. Leakproof rules/,
    );
    expect(warn.mock.calls[0]![0]).not.toContain('..');
  });

  it('reads the ESLint 8 getters when the properties are absent', () => {
    const filename = join(fixture, 'src/main.ts');
    const text = readFileSync(filename, 'utf8');
    const legacy: RuleContextLike = {
      settings: { leakproof: { projectIndex: { cache: false } } },
      getFilename: () => filename,
      getPhysicalFilename: () => filename,
      getCwd: () => fixture,
      getSourceCode: () => ({ text }),
    };
    expect(projectFactsFor(legacy)).toMatchObject({ available: true, file: filename });
  });
});

describe('docs/project-index.md', () => {
  it('names the warning code and every reason a rule falls back', () => {
    const doc = readFileSync(fileURLToPath(new URL('../../docs/project-index.md', import.meta.url)), 'utf8');
    expect(doc).toContain(NO_PROJECT_INDEX);
    for (const reason of FALLBACK_REASONS.filter((r) => r !== 'disabled')) expect(doc).toContain(`| \`${reason}\` |`);
  });
});

describe('a long-lived process (an editor)', () => {
  it('re-reads the project when a file is linted again after a pause, so a file saved meanwhile counts', () => {
    const root = mkdtempSync(join(tmpdir(), 'leakproof-editor-'));
    cpSync(fixture, root, { recursive: true });
    const now = vi.spyOn(Date, 'now').mockReturnValue(1_000_000);
    const helper = rangeOf(root, 'src/lib/clients.ts', 'return { insert: async (row) => row };');
    const ask = () =>
      answers(projectFactsFor(contextFor(root, 'src/lib/clients.ts'))).frequencyAt(
        join(root, 'src/lib/clients.ts'),
        helper,
      ).kind;
    expect(ask()).toBe('repeats');
    const routes = join(root, 'src/routes/orders.ts');
    writeFileSync(routes, readFileSync(routes, 'utf8').replace("  app.post('/orders', createOrder);\n", ''));
    // Back to back (one `eslint .` run), the index is not re-read; after a pause it is.
    now.mockReturnValue(1_000_500);
    expect(ask()).toBe('repeats');
    now.mockReturnValue(1_010_000);
    expect(ask()).toBe('unknown');
  });

  it('sees a package.json changed meanwhile, with no source file changed: a bin removed', () => {
    const root = mkdtempSync(join(tmpdir(), 'leakproof-editor-'));
    const manifest = join(root, 'package.json');
    writeFileSync(manifest, JSON.stringify({ name: 'tool', private: true, bin: { tool: 'bin/tool.js' } }));
    mkdirSync(join(root, 'bin'));
    mkdirSync(join(root, 'lib'));
    writeFileSync(join(root, 'bin/tool.js'), "require('../lib/work').run();\n");
    writeFileSync(join(root, 'lib/work.js'), 'exports.run = () => console.log(1);\n');
    const now = vi.spyOn(Date, 'now').mockReturnValue(1_000_000);
    const ask = () => answers(projectFactsFor(contextFor(root, 'lib/work.js'))).lifetimeOf('lib/work.js').shortLived;
    expect(ask()).toBe(true);
    writeFileSync(manifest, JSON.stringify({ name: 'tool', private: true }));
    now.mockReturnValue(1_010_000);
    expect(ask()).toBe(false);
  });

  it("does not re-read the project for a file's first question, however long the previous file took", () => {
    const root = mkdtempSync(join(tmpdir(), 'leakproof-slow-run-'));
    cpSync(fixture, root, { recursive: true });
    const now = vi.spyOn(Date, 'now').mockReturnValue(1_000_000);
    const facts = answers(projectFactsFor(contextFor(root, 'src/main.ts')));
    const refresh = vi.spyOn(ProjectIndex.prototype, 'refresh');
    now.mockReturnValue(1_060_000);
    expect(answers(projectFactsFor(contextFor(root, 'src/lib/clients.ts'))).root).toBe(facts.root);
    expect(refresh).not.toHaveBeenCalled();
  });
});

describe('the disk cache under projectFactsFor', () => {
  it('lets a second process (an ESLint --concurrency worker) read what the first wrote', () => {
    const root = mkdtempSync(join(tmpdir(), 'leakproof-for-rule-'));
    cpSync(fixture, root, { recursive: true });
    const build = vi.spyOn(ProjectIndex, 'build');
    answers(projectFactsFor(contextFor(root, 'src/main.ts')));
    forgetProjectFacts();
    answers(projectFactsFor(contextFor(root, 'src/main.ts')));
    const [first, second] = build.mock.results.map((r) => (r.value as ProjectIndex).stats);
    expect(first!.parsed.length).toBeGreaterThan(0);
    expect(second).toMatchObject({ parsed: [], fromCache: first!.files });
  });
});
