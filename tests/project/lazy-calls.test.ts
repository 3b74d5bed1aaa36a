import { describe, expect, it } from 'vitest';
import { extractFacts } from '../../src/project/extract.js';

/** How many calls the file's facts mark lazy. */
const lazyCalls = (code: string): number => extractFacts('a.js', code).calls.filter((call) => call.lazy).length;

describe('calls that fill an empty holder (lazy set-up)', () => {
  it.each([
    ['let db; export function get() { if (!db) db = open(); return db; }'],
    ['let db = null; export async function get() { if (db === null) { db = await open(); } return db; }'],
    ['let db; export function get() { if (undefined == db) { log(); db = open(); } return db; }'],
    ['let db; export function get() { db ??= open(); return db; }'],
    // Deeper in the branch, as an admin UI's first request connects (set 25).
    [
      'let db = null; export async function get(req) { if (db === null) { if (req.ok) { try { db = await open(); } catch (e) { log(e); } } } return db; }',
    ],
    ['export class S { get db() { if (!this.conn) this.conn = open(); return this.conn; } }'],
    // A lazy singleton's static field (set 31: a job registry made by its static getInstance()).
    ['export class S { static get() { if (!S.instance) S.instance = new S(); return S.instance; } }'],
    ['const holder = {}; export function get() { if (holder.db === undefined) holder.db = open(); return holder.db; }'],
  ])('marks the call that fills it: %s', (code) => {
    expect(lazyCalls(`import { open } from './db';\n${code}`)).toBe(1);
  });

  it.each([
    // The test does not find the holder empty, or the call fills another holder.
    ['let db; export function get() { if (db) db = open(); return db; }'],
    ['let db, other; export function get() { if (!db) other = open(); return other; }'],
    // Not filled with the call itself.
    ['let db; export function get() { if (!db) db = wrap; open(); return db; }'],
    // A holder of the call itself is a memo per call or key, filled again each time (set 22: a device per id).
    [
      'export function get(devices, id) { let ret = devices.get(id); if (!ret) { ret = open(); devices.set(id, ret); } return ret; }',
    ],
    ['export function get(cache, id) { let ret = cache[id]; ret ??= open(); return ret; }'],
    // A field of an object made per call, or of a parameter's entry per key, is filled again each time.
    ['export function get() { const box = {}; if (!box.db) box.db = open(); return box; }'],
    ['export function get(cache, id) { if (!cache[id]) cache[id] = open(); return cache[id]; }'],
    // In a function the branch only defines: it runs when called, not when the branch runs.
    ['let db; export function get() { if (!db) { later(() => { db = open(); }); } return db; }'],
  ])('leaves other calls unmarked: %s', (code) => {
    expect(lazyCalls(`import { open } from './db';\n${code}`)).toBe(0);
  });
});
