// The real-leak set: reading bench/recall/cases.tsv, and the one seeded split into a half that may
// be studied and a half that is only measured.
import { readFileSync, writeFileSync } from 'node:fs';

export const COLUMNS = ['repository', 'before', 'path', 'lines', 'fix', 'family', 'half', 'description'];
export const FAMILIES = ['caches', 'clients', 'tasks'];
export const HALVES = ['study', 'measure'];

/**
 * Cases found later are added in batches: rows below a comment line `# Batch <n> ...` (n >= 2)
 * belong to batch n, drawn on their own into `study<n>` and `measure<n>`, so the first draw's
 * measured half stays what it was. Rows before any such line are batch 1 (`study`, `measure`).
 */
const BATCH_LINE = /^#\s*Batch\s+(\d+)\b/;
export const halvesOf = (batch) => (batch === 1 ? HALVES : HALVES.map((half) => `${half}${batch}`));

/**
 * `lines` names the leaky construct: `41`, a range `82-89`, or several of either joined by commas
 * (`17,47`: a collection's declaration and the write that makes it grow).
 */
export function parseLines(text) {
  const ranges = text.split(',').map((part) => {
    const match = /^\s*(\d+)\s*(?:-\s*(\d+))?\s*$/.exec(part);
    if (!match) throw new Error(`bad lines "${text}": give 41, 82-89 or 17,47`);
    const start = Number(match[1]);
    const end = match[2] ? Number(match[2]) : start;
    if (end < start) throw new Error(`bad lines "${text}": a range ends before it starts`);
    return [start, end];
  });
  return ranges;
}

/** The cases of a TSV text: a header row of COLUMNS, `#` comment lines, one case a row. */
export function parseCases(text, source = 'cases.tsv') {
  let batch = 1;
  const rows = text
    .split('\n')
    .map((line, index) => {
      const marker = BATCH_LINE.exec(line);
      if (marker) batch = Number(marker[1]);
      return { line, number: index + 1, batch };
    })
    .filter(({ line }) => line.trim() && !line.startsWith('#'));
  if (rows.length === 0) throw new Error(`${source}: no header and no cases`);
  const header = rows[0].line.split('\t');
  if (header.join('\t') !== COLUMNS.join('\t')) throw new Error(`${source}: the header must be ${COLUMNS.join(' | ')}`);
  return rows.slice(1).map(({ line, number, batch }) => {
    const cells = line.split('\t');
    if (cells.length !== COLUMNS.length)
      throw new Error(`${source}:${number}: ${cells.length} columns, expected ${COLUMNS.length}`);
    const row = Object.fromEntries(COLUMNS.map((name, i) => [name, cells[i].trim()]));
    if (!/^[\w.-]+\/[\w.-]+$/.test(row.repository))
      throw new Error(`${source}:${number}: repository "${row.repository}" is not owner/name`);
    for (const name of ['before', 'fix'])
      if (!/^[0-9a-f]{40}$/.test(row[name]))
        throw new Error(`${source}:${number}: ${name} must be a full 40-character commit hash`);
    if (!FAMILIES.includes(row.family))
      throw new Error(`${source}:${number}: family "${row.family}" is not one of ${FAMILIES.join(', ')}`);
    if (row.half && !halvesOf(batch).includes(row.half))
      throw new Error(
        `${source}:${number}: half "${row.half}" is not one of ${halvesOf(batch).join(', ')} (batch ${batch})`,
      );
    return { ...row, batch, ranges: parseLines(row.lines), id: `${row.repository}:${row.path}:${row.lines}` };
  });
}

export const readCases = (file) => parseCases(readFileSync(file, 'utf8'), file);

/** mulberry32: a small seeded generator, so the split can be re-derived from the recorded seed. */
function random(seed) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Gives every case of `batch` without a half one, at random from `seed`, family by family (so each
 * family is split evenly; an odd one out goes to the measured half). Cases that already have a
 * half keep it, and other batches are not touched: each split is made once and never redrawn.
 */
export function assignHalves(cases, seed, { batch = 1 } = {}) {
  const next = random(seed);
  const [study, measure] = halvesOf(batch);
  const out = cases.map((c) => ({ ...c }));
  for (const family of FAMILIES) {
    const open = out.filter((c) => c.family === family && c.batch === batch && !c.half);
    // Fisher–Yates over the cases in file order.
    for (let i = open.length - 1; i > 0; i--) {
      const j = Math.floor(next() * (i + 1));
      [open[i], open[j]] = [open[j], open[i]];
    }
    open.forEach((c, i) => (c.half = i < Math.floor(open.length / 2) ? study : measure));
  }
  return out;
}

/** Rewrites the TSV with the halves filled in, keeping its comment lines and order. */
export function writeHalves(file, seed, { batch = 1 } = {}) {
  const text = readFileSync(file, 'utf8');
  const byId = new Map(assignHalves(parseCases(text, file), seed, { batch }).map((c) => [c.id, c.half]));
  const lines = text.split('\n').map((line, index) => {
    if (
      !line.trim() ||
      line.startsWith('#') ||
      index === text.split('\n').findIndex((l) => l.trim() && !l.startsWith('#'))
    )
      return line;
    const cells = line.split('\t');
    const [repository, , path, lines] = cells.map((cell) => cell.trim());
    cells[COLUMNS.indexOf('half')] = byId.get(`${repository}:${path}:${lines}`);
    return cells.join('\t');
  });
  writeFileSync(file, lines.join('\n'));
}
