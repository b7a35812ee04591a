/**
 * The app's windows: the main window and the small classify-result window (the same renderer with
 * `?view=classify`, opened when files arrive while no main window is open). Both are sandboxed,
 * context-isolated renderers without Node, preload as the only bridge; navigation away from the app
 * and new windows are refused (http(s) links open in the browser); permission requests (camera,
 * notifications, …) are denied — the UI needs none.
 */
import { BrowserWindow, shell, type BrowserWindowConstructorOptions, type Session } from 'electron';
import { navigationVerdict, type AppLocation } from './ipc-guard.ts';

export type WindowKind = 'main' | 'result';

export interface WindowOptions {
  preloadPath: string;
  app: AppLocation;
  /** Load the renderer: loadFile for the build, loadURL for the dev server. */
  load(win: BrowserWindow): Promise<void>;
  /** Default 'main'. */
  kind?: WindowKind;
}

/** Query parameter that tells the renderer to show only the compact classify result. */
export const RESULT_VIEW_QUERY = { view: 'classify' } as const;

export function windowGeometry(kind: WindowKind): Pick<BrowserWindowConstructorOptions, 'width' | 'height' | 'minWidth' | 'minHeight' | 'title'> {
  return kind === 'main'
    ? { width: 1280, height: 820, minWidth: 880, minHeight: 560, title: 'Genrescope' }
    : { width: 560, height: 460, minWidth: 420, minHeight: 320, title: 'Genrescope — Classify genre' };
}

export type RendererTarget = { file: string; query?: Record<string, string>; hash?: string } | { url: string };

/**
 * What a window loads: the built index.html (loadFile, with query/hash options) or the dev server
 * URL. The result window adds `?view=classify`; `route` opens a hash route (`#/scan`).
 */
export function rendererTarget(kind: WindowKind, where: { devServerUrl?: string; rendererFile: string }, route?: string): RendererTarget {
  const query: Record<string, string> | undefined = kind === 'result' ? { ...RESULT_VIEW_QUERY } : undefined;
  const hash = route ? `/${route}` : undefined;
  if (where.devServerUrl) {
    const u = new URL(where.devServerUrl);
    for (const [k, v] of Object.entries(query ?? {})) u.searchParams.set(k, v);
    if (hash) u.hash = hash;
    return { url: u.href };
  }
  return { file: where.rendererFile, ...(query ? { query } : {}), ...(hash ? { hash } : {}) };
}

/** The page asks for the compact classify result (`?view=classify`). */
export function isResultViewUrl(url: string): boolean {
  try {
    return new URL(url).searchParams.get('view') === RESULT_VIEW_QUERY.view;
  } catch {
    return false;
  }
}

/**
 * The result window navigating to the app without `?view=classify` (its "Open Genrescope" link) means
 * "show me the whole app": the main window opens (or comes forward) and the small window closes.
 */
export function resultNavigation(url: string, app: AppLocation): 'stay' | 'open-main' {
  return navigationVerdict(url, app) === 'allow' && !isResultViewUrl(url) ? 'open-main' : 'stay';
}

/** Loads a RendererTarget into a window. */
export function loadTarget(win: BrowserWindow, target: RendererTarget): Promise<void> {
  if ('url' in target) return win.loadURL(target.url);
  return win.loadFile(target.file, { ...(target.query ? { query: target.query } : {}), ...(target.hash ? { hash: target.hash } : {}) });
}

function openExternally(url: string, app: AppLocation): void {
  if (navigationVerdict(url, app) === 'open-external') void shell.openExternal(url);
}

export function createMainWindow(opts: WindowOptions): BrowserWindow {
  const kind = opts.kind ?? 'main';
  const win = new BrowserWindow({
    ...windowGeometry(kind),
    show: false,
    // The result window is a quick answer: no menu bar on Windows/Linux (Alt shows it).
    autoHideMenuBar: kind === 'result',
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
