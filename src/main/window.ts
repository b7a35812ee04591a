/**
 * The main window: sandboxed, context-isolated renderer without Node, preload as the only bridge;
 * navigation away from the app and new windows are refused (http(s) links open in the browser);
 * permission requests (camera, notifications, …) are denied — the UI needs none.
 */
import { BrowserWindow, shell, type Session } from 'electron';
import { navigationVerdict, type AppLocation } from './ipc-guard.ts';

export interface WindowOptions {
  preloadPath: string;
  app: AppLocation;
  /** Load the renderer: loadFile for the build, loadURL for the dev server. */
  load(win: BrowserWindow): Promise<void>;
}

function openExternally(url: string, app: AppLocation): void {
  if (navigationVerdict(url, app) === 'open-external') void shell.openExternal(url);
}

export function createMainWindow(opts: WindowOptions): BrowserWindow {
  const win = new BrowserWindow({
    width: 1280,
    height: 820,
    minWidth: 880,
    minHeight: 560,
    show: false,
    title: 'Genrescope',
    backgroundColor: '#1b1d22',
    webPreferences: {
      preload: opts.preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      spellcheck: false,
      navigateOnDragDrop: false,
    },
  });
  win.once('ready-to-show', () => win.show());

  const wc = win.webContents;
  wc.on('will-navigate', (event, url) => {
    if (navigationVerdict(url, opts.app) === 'allow') return;
    event.preventDefault();
    openExternally(url, opts.app);
  });
  wc.on('will-redirect', (event, url) => {
    if (navigationVerdict(url, opts.app) !== 'allow') event.preventDefault();
  });
  wc.setWindowOpenHandler(({ url }) => {
    openExternally(url, opts.app);
    return { action: 'deny' };
  });
  wc.on('will-attach-webview', (event) => event.preventDefault());
  void opts.load(win);
  return win;
}

/** No permission prompts: the UI uses no camera, microphone, notifications, geolocation, … */
export function denyAllPermissions(session: Session): void {
  session.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
}
