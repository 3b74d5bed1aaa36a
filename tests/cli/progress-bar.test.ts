import { describe, expect, it } from 'vitest';
import { terminalProgressBar } from '../../src/cli/progress-bar.js';

/** A stream that keeps what is written to it. */
function recorder(): { stream: NodeJS.WritableStream; writes: string[] } {
  const writes: string[] = [];
  return { stream: { write: (chunk: string) => writes.push(chunk) > 0 } as NodeJS.WritableStream, writes };
}

describe('terminalProgressBar', () => {
  it('hides the cursor, draws the bar in place, and erases it and shows the cursor when stopped', () => {
    const { stream, writes } = recorder();
    const bar = terminalProgressBar(stream, 4, 'migrate');
    bar.update(1);
    bar.stop();
    expect(writes).toEqual([
      '\x1b[?25l',
      `\rmigrate [${'-'.repeat(40)}] 0/4 files\x1b[K`,
      `\rmigrate [${'='.repeat(10)}${'-'.repeat(30)}] 1/4 files\x1b[K`,
      '\r\x1b[K\x1b[?25h',
    ]);
  });

  it('writes only when the line changes, and a run of no files is full', () => {
    const { stream, writes } = recorder();
    const bar = terminalProgressBar(stream, 0, 'migrate');
    bar.update(0);
    expect(writes).toEqual(['\x1b[?25l', `\rmigrate [${'='.repeat(40)}] 0/0 files\x1b[K`]);
  });
});
