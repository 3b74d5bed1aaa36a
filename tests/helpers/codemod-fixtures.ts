import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import type { Codemod } from '../../src/codemod-kit/define-codemod.js';
import { lintWith } from './lint.js';

export const codemodFixturesRoot = fileURLToPath(new URL('../fixtures/codemods', import.meta.url));
/** Fixtures are run from their own folder: from ours, a file under tests/fixtures/ is test code. */
export const fixtureScope = { cwd: codemodFixturesRoot } as const;

export interface FixtureCase {
  readonly name: string;
  readonly inputPath: string;
  readonly outputPath: string | undefined;
  readonly input: string;
  readonly expectedOutput: string | undefined;
  readonly options: Record<string, unknown>;
  /** Substrings of the reasons the codemod must give for sites it leaves (`// expect-left: ...`). */
  readonly expectedLeft: string[];
}

/** Reads tests/fixtures/codemods/<codemod>/<case>.input.<ext> (+ .output.<ext>, .options.json). */
export function readFixtureCases(codemod: string): FixtureCase[] {
  const dir = join(codemodFixturesRoot, codemod);
  const cases: FixtureCase[] = [];
  for (const file of readdirSync(dir).sort()) {
    const match = /^(.*)\.input\.(\w+)$/.exec(file);
    if (!match) continue;
    const [, name, ext] = match as unknown as [string, string, string];
    const inputPath = join(dir, file);
    const outputPath = join(dir, `${name}.output.${ext}`);
    const optionsPath = join(dir, `${name}.options.json`);
    const input = readFileSync(inputPath, 'utf8');
    cases.push({
      name: `${name}.${ext}`,
      inputPath,
      outputPath: existsSync(outputPath) ? outputPath : undefined,
      input,
      expectedOutput: existsSync(outputPath) ? readFileSync(outputPath, 'utf8') : undefined,
      options: existsSync(optionsPath)
        ? (JSON.parse(readFileSync(optionsPath, 'utf8')) as Record<string, unknown>)
        : {},
      expectedLeft: [...input.matchAll(/expect-left: (.+?)\s*(?:\*\/)?$/gm)].map((m) => m[1]!),
    });
  }
  return cases;
}

export interface FixtureSuiteOptions {
  /** The rules whose findings this codemod rewrites (by name, without the plugin prefix). */
  readonly rules: readonly string[];
  /** The rules' options that match a fixture's codemod options (`--all-keys` is reportUnknownKeys); defaults otherwise. */
  readonly ruleOptionsFor?: (codemodOptions: Record<string, unknown>) => Record<string, unknown>;
}

/**
 * The bar every codemod fixture must clear:
 * - the output equals the .output file (or, without one, the input comes back unchanged);
 * - each `expect-left:` reason is given, and no site is left without one being expected;
 * - the rules report exactly the sites the codemod rewrote or left (one shared detector);
 * - a second run changes nothing, and afterwards the rules report only the sites it left;
 * - a TypeScript output type-checks wherever its input did.
 */
export function describeCodemodFixtures<O>(codemod: Codemod<O>, suite: FixtureSuiteOptions): void {
  const cases = readFixtureCases(codemod.name);
  describe(`${codemod.name} fixtures`, () => {
    it('has fixtures', () => {
      expect(cases.length).toBeGreaterThan(0);
    });

    for (const fixture of cases) {
      it(fixture.name, () => {
        const options = codemod.parseOptions(fixture.options);
        const first = codemod.analyze(fixture.input, fixture.inputPath, options, fixtureScope);
        if (fixture.expectedOutput === undefined) {
          expect(first.status, 'a case without .output must come back unchanged').not.toBe('changed');
        } else {
          expect(first.output).toBe(fixture.expectedOutput);
        }

        const reasons = first.left.map((site) => site.reason);
        for (const expected of fixture.expectedLeft) {
          expect(
            reasons.some((reason) => reason.includes(expected)),
            `a left site whose reason includes "${expected}" (got: ${JSON.stringify(reasons)})`,
          ).toBe(true);
        }
        expect(
          first.left.length,
          `left sites without an expect-left comment: ${JSON.stringify(first.left)}`,
        ).toBeLessThanOrEqual(fixture.expectedLeft.length);

        const rules = suite.ruleOptionsFor?.(fixture.options) ?? suite.rules;
        const reportedLines = ownMessages(fixture.input, fixture.inputPath, rules)
          .map((m) => m.line)
          .sort((a, b) => a - b);
        const handledLines = [...first.rewritten, ...first.left].map((s) => s.line).sort((a, b) => a - b);
        expect(handledLines, 'the codemod handles exactly the lines the rules report').toEqual(reportedLines);

        const second = codemod.analyze(first.output, fixture.inputPath, options, fixtureScope);
        expect(second.status, 'a second run changes nothing').not.toBe('changed');
        const after = ownMessages(first.output, fixture.inputPath, rules)
          .map((m) => m.line)
          .sort((a, b) => a - b);
        expect(after, 'after the rewrite the rules report only the sites that were left').toEqual(
          second.left.map((s) => s.line).sort((a, b) => a - b),
        );
      });
    }

    const typed = cases.filter((c) => /\.(ts|tsx|mts|cts)$/.test(c.inputPath) && c.outputPath);
    if (typed.length > 0) {
      it('outputs type-check wherever their inputs did', () => {
        const inputs = typeErrorsByFile(typed.map((c) => c.inputPath));
        const outputs = typeErrorsByFile(typed.map((c) => c.outputPath!));
        for (const fixture of typed) {
          if (inputs.get(fixture.inputPath)!.length > 0) continue;
          expect(outputs.get(fixture.outputPath!), `${fixture.name}: output type errors`).toEqual([]);
        }
      });
    }
  });
}

/**
 * The rules' findings, and unused-directive warnings that name one of them (a disable comment the
 * rewrite made stale); a directive for another project's rule is not the codemod's concern.
 */
function ownMessages(
  code: string,
  filename: string,
  rules: Record<string, unknown> | readonly string[],
): ReturnType<typeof lintWith> {
  const names = Array.isArray(rules) ? rules : Object.keys(rules);
  // Not `ruleId !== null`: a comment naming another plugin's rule gets "Definition for rule … was not found" under its id.
  return lintWith(code, filename, rules, codemodFixturesRoot).filter(
    (m) => m.ruleId?.startsWith('leakproof/') || names.some((name) => m.message.includes(`'leakproof/${name}'`)),
  );
}

/** Semantic and syntactic errors per file, in one program over all of them. */
export function typeErrorsByFile(files: readonly string[]): Map<string, string[]> {
  const program = ts.createProgram([...files], {
    strict: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    jsx: ts.JsxEmit.ReactJSX,
    lib: ['lib.es2023.d.ts', 'lib.esnext.disposable.d.ts', 'lib.dom.d.ts'],
    types: ['node'],
    noEmit: true,
    skipLibCheck: true,
    isolatedModules: true,
  });
  const result = new Map<string, string[]>();
  for (const file of files) {
    const source = program.getSourceFile(file);
    const diagnostics = source ? ts.getPreEmitDiagnostics(program, source) : [];
    result.set(
      file,
      diagnostics.map((d) => `${d.start ?? 0}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`),
    );
  }
  return result;
}
