/**
 * Electron main process: wires the engine (GenrescopeService, workers as utility processes) to the
 * window through the validated IPC router, the audio protocol, single-instance handoff, drag & drop
 * paths, and the menu. All decisions live in the small modules beside this one.
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
import { existingPaths, handoffData, OpenFilesQueue, pathsFromArgv, pathsFromSecondInstance } from './open-files.ts';
import { createUtilitySpawner } from './utility-spawner.ts';
import { createMainWindow, denyAllPermissions } from './window.ts';

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

if (!app.requestSingleInstanceLock(handoffData(process.argv, argvContext))) {
  // Another instance owns the library: it received our paths through additionalData.
  app.quit();
} else {
  main();
}

function main(): void {
  let win: BrowserWindow | null = null;
  let service: GenrescopeService | null = null;
  const openQueue = new OpenFilesQueue();
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

  function openPaths(paths: string[]): void {
    const found = existingPaths(paths);
    access.allowOpened(found);
    openQueue.push(found);
  }

  openPaths(pathsFromArgv(process.argv, argvContext));

  app.on('second-instance', (_event, argv, workingDirectory, additionalData) => {
    if (win) {
      if (win.isMinimized()) win.restore();
      win.focus();
    }
    openPaths(pathsFromSecondInstance(argv, workingDirectory, additionalData, argvContext.defaultApp));
  });

  // macOS delivers files dropped on the Dock icon / "Open With" this way, possibly before `ready`.
  app.on('open-file', (event, file) => {
    event.preventDefault();
    openPaths([file]);
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
        const r = win ? await dialog.showOpenDialog(win, options) : await dialog.showOpenDialog(options);
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

    win = openWindow();
    app.on('activate', () => {
      if (BrowserWindow.getAllWindows().length === 0) win = openWindow();
    });
  });

  function sendEvent(name: EventName, payload: unknown): void {
    for (const w of BrowserWindow.getAllWindows()) {
      if (!w.isDestroyed()) w.webContents.send(IPC_EVENT_CHANNEL, name, payload);
    }
  }

  function openWindow(): BrowserWindow {
    const w = createMainWindow({
      preloadPath: path.join(here, '../preload/index.cjs'),
      app: { rendererUrl },
      load: (bw) => (devServerUrl ? bw.loadURL(devServerUrl) : bw.loadFile(rendererFile)),
    });
    const wc = w.webContents;
    // The preload holds openFiles until the page subscribes, so delivering once the page loaded is safe.
    wc.on('did-finish-load', () => openQueue.ready((paths) => wc.send(IPC_EVENT_CHANNEL, 'openFiles', { paths })));
    wc.on('did-start-loading', () => openQueue.notReady());
    wc.on('render-process-gone', () => openQueue.notReady());
    w.on('closed', () => {
      openQueue.notReady();
      if (win === w) win = null;
    });
    return w;
  }

  async function chooseFilesToClassify(): Promise<void> {
    const options = {
      title: 'Classify audio files',
      properties: ['openFile' as const, 'multiSelections' as const],
      filters: [{ name: 'Audio', extensions: Object.keys(AUDIO_MIME).map((e) => e.slice(1)) }],
    };
    const r = win ? await dialog.showOpenDialog(win, options) : await dialog.showOpenDialog(options);
    if (!r.canceled) openPaths(r.filePaths);
  }

  async function addLibraryFolder(): Promise<void> {
    if (!service) return;
    const options = { title: 'Add a music folder', properties: ['openDirectory' as const] };
    const r = win ? await dialog.showOpenDialog(win, options) : await dialog.showOpenDialog(options);
    const folder = r.filePaths[0];
    if (r.canceled || !folder) return;
    await service.addRoot({ path: folder }).catch(showError('Could not add the folder'));
  }

  function showError(title: string): (err: unknown) => void {
    return (err) => dialog.showErrorBox(title, errorMessage(err));
  }
}
