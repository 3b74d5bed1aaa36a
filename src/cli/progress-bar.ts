/** How many characters wide the bar between the brackets is. */
const BAR_WIDTH = 40;

/**
 * A one-line progress bar on a terminal, `migrate [=====-----] 12/40 files`, redrawn in place with
 * the cursor hidden and erased when stopped. Written here rather than taken from a library: it is
 * a dozen lines, and the library it replaced (cli-progress, with its string-width dependencies)
 * weighed about 130 kB of every user's install (tests/integration/footprint.test.ts).
 */
export function terminalProgressBar(
  stream: NodeJS.WritableStream,
  total: number,
  label: string,
): { update: (done: number) => void; stop: () => void } {
  let drawn = '';
  const update = (done: number): void => {
    const filled = total === 0 ? BAR_WIDTH : Math.min(BAR_WIDTH, Math.round((done / total) * BAR_WIDTH));
    const line = `${label} [${'='.repeat(filled)}${'-'.repeat(BAR_WIDTH - filled)}] ${done}/${total} files`;
    // Only a changed line is written: thousands of files cost a few hundred writes, not thousands.
    if (line === drawn) return;
    drawn = line;
    stream.write(`\r${line}\x1b[K`);
  };
  stream.write('\x1b[?25l');
  update(0);
  return {
    update,
    stop: () => {
      stream.write('\r\x1b[K\x1b[?25h');
    },
  };
}
