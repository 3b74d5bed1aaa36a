// Mini projects for the integration tests: tests/fixtures/projects/<name>/ copied to a temporary
// folder where `eslint-plugin-leakproof` resolves to a given package folder, as it does after
// `npm install`. Each source line that a rule must report carries `// expect: leakproof/<rule>`.
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
export const projectsRoot = join(repoRoot, 'tests', 'fixtures', 'projects');

/** A finding as the tests compare them: `src/cache.ts:2 leakproof/no-unbounded-cache`. */
export type Finding = string;

const EXPECT = /\/\/ expect: (leakproof\/[\w-]+)/g;
const SOURCE = /\.(?:[cm]?[jt]s|[jt]sx)$/;

/** A temporary folder; `remove()` deletes it. */
export function temporaryFolder(prefix: string): { path: string; remove: () => void } {
  const path = mkdtempSync(join(tmpdir(), `leakproof-${prefix}-`));
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
}

/**
 * Copies fixture project `name` into `into` and makes the packages in `links` (name -> folder)
 * resolvable from it through node_modules symlinks. `sourcesFrom` names another fixture project
 * whose src/ is copied in too: the legacy project lints the same sources as the flat one.
 */
export function installProject(
  name: string,
  into: string,
  links: Record<string, string>,
  sourcesFrom?: string,
): string {
  cpSync(join(projectsRoot, name), into, { recursive: true });
  if (sourcesFrom) cpSync(join(projectsRoot, sourcesFrom, 'src'), join(into, 'src'), { recursive: true });
  for (const [packageName, target] of Object.entries(links)) {
    const link = join(into, 'node_modules', ...packageName.split('/'));
    mkdirSync(join(link, '..'), { recursive: true });
    symlinkSync(target, link, 'dir');
  }
  return into;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter(
      (entry) =>
        entry.isFile() &&
        SOURCE.test(entry.name) &&
        !join(entry.parentPath, entry.name).includes(`${sep}node_modules${sep}`),
    )
    .map((entry) => join(entry.parentPath, entry.name));
}

const posix = (path: string): string => path.split(sep).join('/');

/** The findings the `// expect:` comments in the project's sources ask for, sorted. */
export function expectedFindings(projectDir: string): Finding[] {
  const findings: Finding[] = [];
  for (const file of sourceFiles(projectDir)) {
    readFileSync(file, 'utf8')
      .split('\n')
      .forEach((line, index) => {
        for (const match of line.matchAll(EXPECT))
          findings.push(`${posix(relative(projectDir, file))}:${index + 1} ${match[1]}`);
      });
  }
  return findings.sort();
}

interface LintResultLike {
  filePath: string;
  messages: Array<{ line?: number; ruleId: string | null; message: string; fatal?: boolean }>;
}

/**
 * ESLint's results as findings, sorted. Parse errors and any other message without a rule id are
 * kept (as `<file>:<line> null: <message>`) so that they fail the comparison visibly.
 */
export function findingsOf(results: readonly LintResultLike[], projectDir: string): Finding[] {
  return results
    .flatMap((result) =>
      result.messages.map((message) => {
        const where = `${posix(relative(projectDir, result.filePath))}:${message.line ?? 0}`;
        return message.ruleId ? `${where} ${message.ruleId}` : `${where} null: ${message.message}`;
      }),
    )
    .sort();
}
