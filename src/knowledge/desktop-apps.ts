/**
 * Electron's main process, a long-running one. Its `app` fires 'ready' once (ONCE_EVENTS in
 * events.ts; `app.whenReady()` is that event's promise); 'activate' (the dock icon clicked on
 * macOS), 'second-instance', 'browser-window-created' and 'web-contents-created' fire per event,
 * as any listener's event does.
 */
export const ELECTRON_MODULE = 'electron';

/**
 * The event the quick-start template opens its window again on: `app.on('activate', () => { if
 * (BrowserWindow.getAllWindows().length === 0) createWindow() })`. The call runs only while no
 * window is open, so once in an app that quits when its last window closes (set 31: companion's
 * launcher); on macOS, where the template keeps the app open with no window, once per 'activate'.
 */
export const WINDOW_REOPENING_EVENT = 'activate';

/** The event an app hears when its last window has closed: the template quits there, off macOS. */
export const ALL_WINDOWS_CLOSED_EVENT = 'window-all-closed';

/** `app.quit()`, `app.exit()`: the app ends. */
export const APP_QUIT_METHODS: ReadonlySet<string> = new Set(['quit', 'exit']);

/** Electron's window class, and its static method that lists the open windows. */
export const WINDOW_CLASS = 'BrowserWindow';
export const OPEN_WINDOWS_METHOD = 'getAllWindows';

/** `process.platform` on macOS: a quit only off it (`if (process.platform !== 'darwin')`) keeps the app open there. */
export const WINDOWLESS_PLATFORM = 'darwin';
