import { afterEach, describe, expect, it } from 'vitest';
import { fixtureProject, forgetProjectState, lintProject } from '../helpers/lint-project.js';

const root = fixtureProject('index-desktop-windows');
afterEach(forgetProjectState);

describe("Electron's 'activate' handler, with the project index", () => {
  it('opens the window once when it does so only while none is open and the app quits with its last window', async () => {
    // Companion's launcher (`if (window === null) createWindow()`) and a window held through a
    // local, opened with `await` (`if (!mainWindow) await showMainWindow()`): both silent.
    const found = (await lintProject(root, true)).map((f) => f.at);
    expect(found).toEqual([
      'no-listener-leak src/reset-on-close.js:10',
      'no-listener-leak src/template.js:7',
      'no-listener-leak src/unguarded.js:7',
    ]);
  });

  it('opens the window once when its holder is filled only by the guarded call and never set back', async () => {
    // Ferdium: `if (mainWindow === null) createWindow()` where nothing ever empties mainWindow, in
    // an app that may stay open with no window; the twin that sets it back to null on 'closed' is reported.
    const findings = await lintProject(root, true);
    expect(findings.some((f) => f.at.startsWith('no-listener-leak src/never-reset.js'))).toBe(false);
    const reset = findings.find((f) => f.at === 'no-listener-leak src/reset-on-close.js:10');
    expect(reset?.message).toContain("opens a new window on each 'activate' after the last one closed");
  });

  it('reports the quick-start template, whose app stays open with no window on macOS, saying why', async () => {
    const findings = await lintProject(root, true);
    const template = findings.find((f) => f.at === 'no-listener-leak src/template.js:7');
    expect(template?.message).toContain(
      "called from the 'activate' event handler, which opens a new window on each 'activate' on macOS, where the app stays open with no window",
    );
  });

  it("reports a window opened on every 'activate', even in an app that quits with its last window", async () => {
    const findings = await lintProject(root, true);
    const unguarded = findings.find((f) => f.at === 'no-listener-leak src/unguarded.js:7');
    expect(unguarded?.message).toContain("called from the 'activate' event handler (src/unguarded.js:12)");
  });
});
