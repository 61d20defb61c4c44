// What `npm start` does, decided from facts gathered by start.mjs, so a test can check every case.

/**
 * @param {{ electronBinary: string | undefined, platform: string, env: Record<string, string | undefined>, hasOpener: boolean }} facts
 * @returns {import('./start-plan.d.mts').StartPlan}
 */
export function planStart({ electronBinary, platform, env, hasOpener }) {
  if (electronBinary) return { kind: 'electron', binary: electronBinary };
  const reason =
    "Electron's binary is not installed here (it is downloaded at install time, which this machine could not or was told not to do: ELECTRON_SKIP_BINARY_DOWNLOAD=1).";
  return { kind: 'browser', reason, open: canOpenBrowser(platform, env, hasOpener) };
}

/** A browser can be opened on a desktop session, never in CI or over a bare SSH login. */
function canOpenBrowser(platform, env, hasOpener) {
  if (env.CI || env.BROWSER === 'none' || !hasOpener) return false;
  if (platform === 'darwin' || platform === 'win32') return true;
  return Boolean(env.DISPLAY || env.WAYLAND_DISPLAY);
}

/** The command that opens a file or URL with the desktop's default handler. */
export function openerCommand(platform) {
  if (platform === 'darwin') return { command: 'open', args: [] };
  if (platform === 'win32') return { command: 'cmd', args: ['/c', 'start', '""'] };
  return { command: 'xdg-open', args: [] };
}

/** The workbench URL `hookbench serve` prints in its banner, if this output holds it. */
export function workbenchUrl(output) {
  return /Workbench \(open in a browser\):\s+(http:\/\/\S+)/.exec(output)?.[1];
}
