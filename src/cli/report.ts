import { readFileSync } from 'node:fs';
import { packageJson } from '../package-info.js';
import { UsageError } from './errors.js';
import type { SkipCounts, SkipReason } from '../core/source-files.js';
import { countSkipped, describeSkipped, displayPath, parseShard } from './files.js';
import type { FailureKind, FileOutcome } from './run-codemods.js';

export interface ReportSite {
  readonly file: string;
  /** 1-based, both. */
  readonly line: number;
  readonly column: number;
  readonly codemod: string;
  readonly what: string;
  readonly status: 'rewritten' | 'left';
  readonly reason?: string;
}

/** What `migrate --report FILE` writes, and what `report merge` reads and sums. */
export interface MigrateReport {
  readonly tool: 'leakproof';
  readonly kind: 'migrate-report';
  readonly version: string;
  readonly codemods: readonly string[];
  readonly options: Record<string, unknown>;
  readonly shard: string | null;
  readonly write: boolean;
  readonly files: { scanned: number; changed: number; failed: number };
  /** Files under the searched folders left out, by reason (a shard's: its slice of them, as of the files). */
  readonly skipped?: SkipCounts;
  readonly sites: readonly ReportSite[];
  readonly failures: readonly { file: string; kind: FailureKind; message: string }[];
}

export function buildReport(
  outcomes: readonly FileOutcome[],
  context: {
    cwd: string;
    codemods: readonly string[];
    options: Record<string, unknown>;
    shard: string | null;
    write: boolean;
    skipped?: SkipCounts;
  },
): MigrateReport {
  const sites: ReportSite[] = [];
  const failures: { file: string; kind: FailureKind; message: string }[] = [];
  for (const outcome of outcomes) {
    // Files skipped once read (tests by their imports) are counted in `skipped`, by the caller.
    if (outcome.status === 'skipped') continue;
    const file = displayPath(outcome.file, context.cwd);
    if (outcome.status === 'failed') {
      failures.push({ file, kind: outcome.kind, message: outcome.message });
      continue;
    }
    for (const { codemod, rewritten, left } of outcome.sites) {
      // Columns are 1-based in the report, as in ESLint's output and the summary.
      for (const s of rewritten)
        sites.push({ file, line: s.line, column: s.column + 1, codemod, what: s.what, status: 'rewritten' });
      for (const s of left)
        sites.push({
          file,
          line: s.line,
          column: s.column + 1,
          codemod,
          what: s.what,
          status: 'left',
          reason: s.reason,
        });
    }
  }
  return {
    tool: 'leakproof',
    kind: 'migrate-report',
    version: packageJson.version,
    codemods: context.codemods,
    options: context.options,
    shard: context.shard,
    write: context.write,
    skipped: context.skipped ?? {},
    files: {
      scanned: outcomes.filter((o) => o.status !== 'skipped').length,
      changed: outcomes.filter((o) => o.status === 'changed').length,
      failed: failures.length,
    },
    sites,
    failures,
  };
}

/** Enough sites to find the pattern behind a reason; the JSON report has them all. */
const SITES_SHOWN_PER_REASON = 5;

/**
 * The end-of-run summary: counts, rewrites per codemod, sites left grouped by reason, failures.
 * `writeRefused`: --write was given, and nothing was written because files failed.
 */
export function formatSummary(report: MigrateReport, { writeRefused = false } = {}): string {
  const lines: string[] = [];
  const { files } = report;
  const notWritten = writeRefused
    ? ` (nothing written: ${files.failed} file(s) failed; --skip-failed writes the others)`
    : ' (dry run: nothing written)';
  lines.push(
    `files scanned ${files.scanned}, changed ${files.changed}${report.write ? '' : notWritten}, failed ${files.failed}`,
  );
  const skipped = report.skipped ?? {};
  if (countSkipped(skipped)) lines.push(`files skipped ${countSkipped(skipped)}: ${describeSkipped(skipped)}`);
  const rows = report.codemods.map((codemod) => {
    const mine = report.sites.filter((s) => s.codemod === codemod);
    return [
      codemod,
      String(mine.filter((s) => s.status === 'rewritten').length),
      String(mine.filter((s) => s.status === 'left').length),
    ];
  });
  lines.push(...table([['codemod', 'sites rewritten', 'sites left'], ...rows]));
  const byReason = new Map<string, ReportSite[]>();
  for (const site of report.sites) {
    if (site.status !== 'left') continue;
    const key = `${site.codemod}: ${site.reason}`;
    const group = byReason.get(key);
    if (group) group.push(site);
    else byReason.set(key, [site]);
  }
  if (byReason.size) {
    lines.push('sites left untouched, by reason:');
    for (const [reason, sites] of [...byReason].sort((a, b) => b[1].length - a[1].length)) {
      lines.push(`  ${String(sites.length).padStart(4)}  ${reason}`);
      for (const s of sites.slice(0, SITES_SHOWN_PER_REASON))
        lines.push(`        ${s.file}:${s.line}:${s.column} ${s.what}`);
      if (sites.length > SITES_SHOWN_PER_REASON)
        lines.push(`        … and ${sites.length - SITES_SHOWN_PER_REASON} more (--report FILE lists every site)`);
    }
  }
  if (report.failures.length) {
    lines.push('files that failed (left as they were):');
    for (const f of report.failures) lines.push(`  ${f.file}: ${f.message}`);
  }
  return lines.join('\n');
}

function table(rows: string[][]): string[] {
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)));
  return rows.map(
    (r) => `  ${r.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!))).join('   ')}`,
  );
}

/** Reads and checks a JSON report written by `migrate --report`. */
export function readReport(path: string): MigrateReport {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new UsageError(`cannot read report ${path}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    throw new UsageError(`${path} is not a leakproof migrate report (not JSON)`);
  }
  const report = data as Partial<MigrateReport>;
  if (
    report.tool !== 'leakproof' ||
    report.kind !== 'migrate-report' ||
    !Array.isArray(report.sites) ||
    !report.files
  ) {
    throw new UsageError(`${path} is not a leakproof migrate report`);
  }
  return report as MigrateReport;
}

/** Sums reports of the shards of one run: same version, codemods and options. */
export function mergeReports(reports: readonly { path: string; report: MigrateReport }[]): MigrateReport {
  const [first, ...rest] = reports;
  if (!first) throw new UsageError('report merge needs at least one report');
  const signature = (r: MigrateReport) => JSON.stringify([r.version, r.codemods, r.options, r.write]);
  for (const { path, report } of rest) {
    if (signature(report) !== signature(first.report)) {
      throw new UsageError(
        `${path} comes from a different run than ${first.path} (version, codemods, options or --write differ)`,
      );
    }
  }
  checkShards(reports);
  const all = reports.map((r) => r.report);
  return {
    ...first.report,
    shard: null,
    files: {
      scanned: all.reduce((n, r) => n + r.files.scanned, 0),
      changed: all.reduce((n, r) => n + r.files.changed, 0),
      failed: all.reduce((n, r) => n + r.files.failed, 0),
    },
    skipped: sumSkipped(all.map((r) => r.skipped ?? {})),
    sites: all.flatMap((r) => r.sites),
    failures: all.flatMap((r) => r.failures),
  };
}

function sumSkipped(counts: readonly SkipCounts[]): SkipCounts {
  const sum: SkipCounts = {};
  for (const count of counts)
    for (const [reason, n] of Object.entries(count) as [SkipReason, number][]) sum[reason] = (sum[reason] ?? 0) + n;
  return sum;
}

/**
 * Sharded reports must be the n distinct shards of one split: a shard given twice, or missing, or
 * an unsharded report among them, would make the sums wrong.
 */
function checkShards(reports: readonly { path: string; report: MigrateReport }[]): void {
  if (reports.length === 1 && reports[0]!.report.shard === null) return;
  const seen = new Map<number, string>();
  let count: number | undefined;
  for (const { path, report } of reports) {
    if (report.shard === null)
      throw new UsageError(
        `${path} is not the report of a shard (--shard i/n); only the shards of one run can be merged`,
      );
    const shard = parseShard(report.shard);
    if (count !== undefined && shard.count !== count)
      throw new UsageError(`${path} is shard ${report.shard}, but ${reports[0]!.path} splits the files in ${count}`);
    count = shard.count;
    const twin = seen.get(shard.index);
    if (twin) throw new UsageError(`${path} and ${twin} are both shard ${report.shard}`);
    seen.set(shard.index, path);
  }
  const missing = Array.from({ length: count! }, (_, i) => i + 1).filter((i) => !seen.has(i));
  if (missing.length)
    throw new UsageError(
      `shard ${missing.map((i) => `${i}/${count}`).join(', ')} missing: merge the reports of all ${count} shards`,
    );
}
