import { describe, expect, it } from 'vitest';
import { extractFacts } from '../../src/project/extract.js';

const header = "import { shutdown, stop, log } from './lib';\n";

/** FunctionFact `endsProcess` of the file's first function. */
const endsProcess = (code: string) => extractFacts('a.js', header + code).functions[0]!.endsProcess;

/** The callees whose calls have `endsAfter`, by name. */
const callsBeforeEnd = (code: string): string[] =>
  extractFacts('a.js', header + code)
    .calls.filter((call) => call.endsAfter !== undefined)
    .map((call) => (call.callee.k === 'import' ? call.callee.name : call.callee.k));

describe('functions that end the process on every path', () => {
  it.each([
    ['function f() { process.exit(1); }'],
    ['function f(code) { log(code); process.exit(code); }'],
    ['async function f() { await stop(); process.exit(0); }'],
    ['function f(ok) { if (ok) { process.exit(0); } else { process.exit(1); } }'],
    ['async function f() { try { await stop(); process.exit(0); } catch (err) { process.exit(1); } }'],
    ['function f() { try { stop(); } finally { process.exit(0); } }'],
    ['function f() { return process.exit(2); }'],
    ['function f() { process.abort(); }'],
    ["function f() { process.kill(process.pid, 'SIGTERM'); }"],
    ['const f = () => process.exit(0);'],
  ])('by its own syntax: %s', (code) => {
    expect(endsProcess(code)).toEqual([]);
  });

  it('counts on the calls it ends with when it calls no exit itself', () => {
    const facts = extractFacts('a.js', `${header}async function f() { log(); await shutdown(); }`);
    const calls = facts.functions[0]!.endsProcess!.map((index) => facts.calls[index]!.callee);
    expect(calls).toEqual([{ k: 'import', source: './lib', name: 'shutdown' }]);
  });

  it.each([
    // An exit in one branch only, or behind a guard that returns first.
    ['function f(err) { if (err.fatal) process.exit(1); }'],
    ['function f(ok) { if (ok) return; process.exit(1); }'],
    ['function f(err) { if (err) throw err; process.exit(0); }'],
    ['function f(items) { for (const item of items) process.exit(item); }'],
    ['function f() { try { process.exit(0); } catch (err) { console.error(err); } }'],
    // Another process, or another object's exit.
    ['function f(pid) { process.kill(pid); }'],
    ['function f() { this.process.exit(0); }'],
    ['function f() { setTimeout(() => process.exit(0), 10); }'],
    ['function f() { console.log(1); }'],
  ])('not when a path may go on: %s', (code) => {
    expect(endsProcess(code)).toBeUndefined();
  });
});

describe('calls after which every path of their function ends the process', () => {
  it('marks the calls past a guard that returns early, in both halves of a try', () => {
    const code =
      'let exiting = false; async function f() { if (exiting) return; exiting = true; try { await stop(); log(); process.exit(0); } catch { process.exit(1); } }';
    expect(callsBeforeEnd(code)).toEqual(['stop', 'log']);
  });

  it('leaves a call in a loop, one a branch may skip the exit after, and the guard itself', () => {
    const code =
      'async function f(items, ok) { log(); for (const item of items) { stop(item); } if (ok) { shutdown(); } }';
    expect(callsBeforeEnd(code)).toEqual([]);
    expect(callsBeforeEnd('function f(ok) { if (ok) stop(); else log(); }')).toEqual([]);
  });
});
