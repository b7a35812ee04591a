/**
 * Electron main process: wires the engine (GenrescopeService, workers as utility processes) to the
 * windows through the validated IPC router, the audio protocol, single-instance handoff, drag & drop
 * paths, and the menu. All decisions live in the small modules beside this one: launch-args.ts (the
 * command line), launch-router.ts (which window shows opened files), folder-offer.ts (opened folders).
 */
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { app, BrowserWindow, clipboard, dialog, ipcMain, Menu, protocol, session, shell, utilityProcess } from 'electron';
import { GenrescopeService } from '../core/service/genrescope-service.ts';
import { combineApi, createDispatcher } from '../core/server/dispatch.ts';
import { AUDIO_MIME } from '../core/server/audio-file.ts';
import { errorMessage } from '../core/errors.ts';
import { AUDIO_SCHEME, EVENT_NAMES, IPC_EVENT_CHANNEL, type EventName } from '../shared/contract.ts';
import { AudioAccess } from './audio-access.ts';
import { desktopHostApi } from './host-api.ts';
import { registerIpcRoutes, trustOwnWindows } from './ipc-router.ts';
import { menuTemplate } from './menu.ts';
import { offerFolders, type FolderOutcome } from './folder-offer.ts';
import { cliCommandMessage, parseLaunchArgv } from './launch-args.ts';
import { LaunchRouter, type OpenWindowOptions } from './launch-router.ts';
import { OpenFilesQueue, pathKind, requestFromSecondInstance, type LaunchRequest } from './open-files.ts';
import { createUtilitySpawner } from './utility-spawner.ts';
import { createMainWindow, denyAllPermissions, loadTarget, rendererTarget, resultNavigation, type WindowKind } from './window.ts';

const here = import.meta.dirname;
/** electron-vite sets this in `npm run dev` (the Vite dev server); unset in a build. */
const devServerUrl = !app.isPackaged ? process.env['ELECTRON_RENDERER_URL'] : undefined;
const rendererFile = path.join(here, '../renderer/index.html');
const rendererUrl = devServerUrl ?? pathToFileURL(rendererFile).href;
const argvContext = { cwd: process.cwd(), defaultApp: process.defaultApp === true };

// Must happen before `ready`: the audio scheme behaves like https (secure, fetch-able, streamable, so
// <audio> can seek with Range requests).
protocol.registerSchemesAsPrivileged([
  { scheme: AUDIO_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, stream: true, corsEnabled: true } },
]);

const launch = parseLaunchArgv(process.argv, argvContext);
if (launch.cliCommand !== null) {
  // `genrescope classify x.mp3` reached the desktop app (it is installed as `genrescope` on Linux).
  process.stderr.write(cliCommandMessage(launch.cliCommand));
  app.exit(2);
} else if (!app.requestSingleInstanceLock({ paths: launch.paths, classify: launch.classify } satisfies LaunchRequest)) {
  // Another instance owns the library: it received our paths through additionalData.
  app.quit();
} else {
  main({ paths: launch.paths, classify: launch.classify });
}

interface WindowSlot {
  win: BrowserWindow;
  /** openFiles for this window's page, held until it has loaded. */
  queue: OpenFilesQueue;
}

function main(startup: LaunchRequest): void {
  let service: GenrescopeService | null = null;
  const slots = new Map<WindowKind, WindowSlot>();
  const liveWindow = (kind: WindowKind): BrowserWindow | null => {
    const w = slots.get(kind)?.win;
    return w && !w.isDestroyed() ? w : null;
  };
  /** The window dialogs belong to: the main window, else the result window. */
  const dialogParent = (): BrowserWindow | null => liveWindow('main') ?? liveWindow('result');
  const access = new AudioAccess({
    roots: async () => (service ? service.listRoots() : []),
    trackPath: async (id) => {
      if (!service) return null;
      try {
        return (await service.getTrack({ id })).path;
      } catch {
        return null;
      }
    },
  });

  const router = new LaunchRouter(
    {
      hasWindow: (kind) => liveWindow(kind) !== null,
      openWindow: (kind, opts) => openWindow(kind, opts),
      focusWindow: (kind) => {
        const w = liveWindow(kind);
        if (!w) return;
        if (w.isMinimized()) w.restore();
        // A window still loading shows itself on ready-to-show; focusing it now would flash it empty.
        if (w.isVisible()) w.focus();
      },
      deliver: (kind, paths) => slots.get(kind)?.queue.push(paths),
      offerFolders: (folders) => void askAboutFolders(folders),
    },
    { kind: pathKind },
  );

  function openPaths(req: LaunchRequest): void {
    // Files the user opened may be played back as well as classified.
    access.allowOpened(req.paths.filter((p) => pathKind(p) === 'file'));
    router.open(req);
  }

  openPaths(startup);

  app.on('second-instance', (_event, argv, workingDirectory, additionalData) => {
    openPaths(requestFromSecondInstance(argv, workingDirectory, additionalData, { defaultApp: argvContext.defaultApp }));
  });

  // macOS delivers files dropped on the Dock icon / "Open With" this way, possibly before `ready`.
  app.on('open-file', (event, file) => {
    event.preventDefault();
    openPaths({ paths: [file], classify: false });
  });

  // No webContents of ours may open windows or attach webviews, whatever created it.
  app.on('web-contents-created', (_e, contents) => {
    contents.setWindowOpenHandler(() => ({ action: 'deny' }));
    contents.on('will-attach-webview', (e) => e.preventDefault());
  });

  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });

  let closing = false;
  app.on('will-quit', (event) => {
    if (closing || !service) return;
    closing = true;
    event.preventDefault();
    // Let a running scan stop cleanly and the database close before the process exits.
    service
      .close()
      .catch((err: unknown) => console.error(`genrescope: closing the library failed: ${errorMessage(err)}`))
      .finally(() => app.quit());
  });

  void app.whenReady().then(() => {
    denyAllPermissions(session.defaultSession);
    let engine: GenrescopeService;
    try {
      engine = new GenrescopeService({
        dbPath: process.env['GENRESCOPE_DB'] || undefined,
        // Resume watching the library roots if the user turned it on (Settings).
        watch: 'setting',
        spawner: createUtilitySpawner((modulePath, args, options) => utilityProcess.fork(modulePath, args, options)),
        workerEntry: path.join(here, 'analysis-worker.js'),
      });
    } catch (err) {
      // Without its database the app can do nothing useful: say why instead of showing an empty window.
      dialog.showErrorBox('Genrescope could not open its library', errorMessage(err));
      app.exit(1);
      return;
    }
    service = engine;

    protocol.handle(AUDIO_SCHEME, async (request) => {
      const res = await access.handle(request);
      // The page (file://, origin "null") fetches audio for the waveform: allow it to read the bytes.
      res.headers.set('Access-Control-Allow-Origin', '*');
      return res;
    });

    const host = desktopHostApi({
      showItemInFolder: (p) => shell.showItemInFolder(p),
      writeClipboard: (text) => clipboard.writeText(text),
      chooseFolder: async () => {
        const options = { title: 'Choose a music folder', properties: ['openDirectory' as const] };
        const parent = dialogParent();
        const r = parent ? await dialog.showOpenDialog(parent, options) : await dialog.showOpenDialog(options);
        return r.canceled ? null : (r.filePaths[0] ?? null);
      },
    });
    registerIpcRoutes(ipcMain, {
      dispatch: createDispatcher(combineApi(engine, host), {
        // Files the user dropped on the window may be played back as well as classified.
        beforeCall: (method, input) => {
          if (method === 'classifyFiles') access.allowOpened((input as { paths: string[] }).paths);
        },
        onInternalError: (method, error) => console.error(`genrescope: ${method}: ${error.code}: ${error.message}`),
      }),
      trusted: trustOwnWindows(
        () => rendererUrl,
        () => new Set(BrowserWindow.getAllWindows().map((w) => w.webContents.id)),
      ),
      onRejected: (channel, event) => console.warn(`genrescope: ignored ${channel} from ${event.senderFrame?.url ?? 'a destroyed frame'}`),
    });

    for (const name of EVENT_NAMES) {
      engine.on(name, (payload) => sendEvent(name, payload));
    }

    Menu.setApplicationMenu(
      Menu.buildFromTemplate(
        menuTemplate(
          {
            classifyFiles: () => void chooseFilesToClassify(),
            addLibraryFolder: () => void addLibraryFolder(),
            startScan: () => void engine.startScan({}).catch(showError('Could not start the scan')),
            openDataFolder: () => void shell.openPath(engine.dbPath ? path.dirname(engine.dbPath) : app.getPath('userData')),
          },
          { platform: process.platform, dev: !app.isPackaged, appName: app.name },
        ),
      ),
    );

    router.ready();
    // macOS: clicking the Dock icon with no window open shows the main window.
    app.on('activate', () => router.activate());
  });

  function sendEvent(name: EventName, payload: unknown): void {
    for (const w of BrowserWindow.getAllWindows()) {
      if (!w.isDestroyed()) w.webContents.send(IPC_EVENT_CHANNEL, name, payload);
    }
  }

  function openWindow(kind: WindowKind, opts: OpenWindowOptions): BrowserWindow {
    const target = rendererTarget(kind, { devServerUrl, rendererFile }, opts.route);
    const w = createMainWindow({ kind, preloadPath: path.join(here, '../preload/index.cjs'), app: { rendererUrl }, load: (bw) => loadTarget(bw, target) });
    const queue = new OpenFilesQueue();
    slots.set(kind, { win: w, queue });
    const wc = w.webContents;
    // The preload holds openFiles until the page subscribes, so delivering once the page loaded is safe.
    wc.on('did-finish-load', () => queue.ready((paths) => wc.send(IPC_EVENT_CHANNEL, 'openFiles', { paths })));
    wc.on('did-start-loading', () => queue.notReady());
    if (kind === 'result') {
      wc.on('will-navigate', (event, url) => {
        if (resultNavigation(url, { rendererUrl }) !== 'open-main') return;
        event.preventDefault();
        router.showMain();
        w.close();
      });
    }
    wc.on('render-process-gone', () => queue.notReady());
    w.on('closed', () => {
      queue.notReady();
      if (slots.get(kind)?.win === w) slots.delete(kind);
    });
    return w;
  }

  async function askAboutFolders(folders: string[]): Promise<void> {
    if (!service) return;
    const engine = service;
    let outcome: FolderOutcome;
    try {
      outcome = await offerFolders(folders, engine, async (q) => {
        const options = { type: 'question' as const, message: q.message, detail: q.detail, buttons: [q.confirm, 'Cancel'], defaultId: 0, cancelId: 1, noLink: true };
        const parent = dialogParent();
        const r = parent?.isVisible() ? await dialog.showMessageBox(parent, options) : await dialog.showMessageBox(options);
        return r.response === 0;
      });
    } catch (err) {
      showError('Could not add the folder')(err);
      return;
    }
    if (outcome.kind === 'cancelled') return;
    router.showMain({ route: 'scan' });
    if (outcome.kind === 'busy') {
      void dialog.showMessageBox({
        type: 'info',
        message: 'A scan is already running.',
        detail: `${outcome.added.length > 0 ? 'The new folders were added to your library; ' : ''}start another scan when this one has finished to analyse them.`,
      });
    }
  }

  async function chooseFilesToClassify(): Promise<void> {
    const options = {
      title: 'Classify audio files',
      properties: ['openFile' as const, 'multiSelections' as const],
      filters: [{ name: 'Audio', extensions: Object.keys(AUDIO_MIME).map((e) => e.slice(1)) }],
    };
    const parent = dialogParent();
    const r = parent ? await dialog.showOpenDialog(parent, options) : await dialog.showOpenDialog(options);
    if (!r.canceled) openPaths({ paths: r.filePaths, classify: false });
  }

  async function addLibraryFolder(): Promise<void> {
    if (!service) return;
    const options = { title: 'Add a music folder', properties: ['openDirectory' as const] };
    const parent = dialogParent();
    const r = parent ? await dialog.showOpenDialog(parent, options) : await dialog.showOpenDialog(options);
    const folder = r.filePaths[0];
    if (r.canceled || !folder) return;
    await service.addRoot({ path: folder }).catch(showError('Could not add the folder'));
  }

  function showError(title: string): (err: unknown) => void {
    return (err) => dialog.showErrorBox(title, errorMessage(err));
  }
}
