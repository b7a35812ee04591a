/**
 * src/main/index.ts wired together against a stand-in `electron` (the Electron binary cannot run
 * here): a real GenrescopeService on a temporary SQLite file, the real IPC router, audio protocol,
 * single-instance handoff and window event plumbing. Only electron's own objects are fakes.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { CallResult } from '../../src/shared/contract.ts';

type Handler = (...args: unknown[]) => unknown;

const fx = vi.hoisted(() => {
  const appListeners = new Map<string, Handler[]>();
  const windows: FakeWindowLike[] = [];
  interface FakeWindowLike {
    webContents: { id: number; sent: unknown[][]; listeners: Map<string, Handler[]> };
    options: Record<string, unknown>;
    loaded: string[];
    focused: number;
  }
  let readyResolve: () => void = () => {};
  const ready = new Promise<void>((r) => (readyResolve = r));
  return {
    appListeners,
    windows,
    ready,
    readyResolve: () => readyResolve(),
    lockData: null as unknown,
    handlers: new Map<string, Handler>(),
    protocols: new Map<string, (req: Request) => Promise<Response>>(),
    privileged: [] as unknown[],
    menu: null as unknown,
    exited: null as number | null,
  };
});

vi.mock('electron', () => {
  let nextId = 1;
  class FakeWebContents {
    readonly id = nextId++;
    readonly sent: unknown[][] = [];
    readonly listeners = new Map<string, Handler[]>();
    on(ev: string, l: Handler) {
      this.listeners.set(ev, [...(this.listeners.get(ev) ?? []), l]);
      return this;
    }
    emit(ev: string, ...args: unknown[]) {
      for (const l of this.listeners.get(ev) ?? []) l(...args);
    }
    setWindowOpenHandler() {}
    send(...args: unknown[]) {
      this.sent.push(args);
    }
  }
  class BrowserWindow {
    static getAllWindows() {
      return fx.windows;
    }
    readonly webContents = new FakeWebContents();
    readonly loaded: string[] = [];
    focused = 0;
    readonly options: Record<string, unknown>;
    constructor(options: Record<string, unknown>) {
      this.options = options;
      fx.windows.push(this as never);
    }
    once() {}
    on() {}
    show() {}
    isMinimized() {
      return false;
    }
    restore() {}
    focus() {
      this.focused++;
    }
    isDestroyed() {
      return false;
    }
    async loadFile(f: string) {
      this.loaded.push(f);
    }
    async loadURL(u: string) {
      this.loaded.push(u);
    }
  }
  return {
    app: {
      isPackaged: false,
      name: 'Genrescope',
      requestSingleInstanceLock: (data: unknown) => {
        fx.lockData = data;
        return true;
      },
      on: (ev: string, l: Handler) => fx.appListeners.set(ev, [...(fx.appListeners.get(ev) ?? []), l]),
      whenReady: () => fx.ready,
      quit: () => {},
      exit: (code: number) => (fx.exited = code),
      getPath: () => tmpdir(),
    },
    BrowserWindow,
    clipboard: { writeText: () => {} },
    dialog: { showOpenDialog: async () => ({ canceled: true, filePaths: [] }), showErrorBox: () => {} },
    ipcMain: { handle: (c: string, h: Handler) => fx.handlers.set(c, h), removeHandler: (c: string) => fx.handlers.delete(c) },
    Menu: { buildFromTemplate: (t: unknown) => t, setApplicationMenu: (m: unknown) => (fx.menu = m) },
    protocol: {
      registerSchemesAsPrivileged: (s: unknown[]) => fx.privileged.push(...s),
      handle: (scheme: string, h: (req: Request) => Promise<Response>) => fx.protocols.set(scheme, h),
    },
    session: { defaultSession: { setPermissionRequestHandler: () => {}, setPermissionCheckHandler: () => {} } },
    shell: { showItemInFolder: () => {}, openPath: async () => '', openExternal: async () => {} },
    utilityProcess: { fork: () => ({}) },
  };
});

let dir: string;
let music: string;
const savedArgv = process.argv;
const savedDb = process.env.GENRESCOPE_DB;

function emitApp(ev: string, ...args: unknown[]): void {
  for (const l of fx.appListeners.get(ev) ?? []) l(...args);
}

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'gs-main-'));
  music = path.join(dir, 'music');
  mkdirSync(music);
  writeFileSync(path.join(dir, 'first.mp3'), 'x');
  writeFileSync(path.join(dir, 'second.mp3'), 'x');
  process.env.GENRESCOPE_DB = path.join(dir, 'library.sqlite');
  process.argv = ['/opt/Genrescope/genrescope', '--classify', path.join(dir, 'first.mp3'), path.join(dir, 'missing.mp3')];
  await import('../../src/main/index.ts');
  fx.readyResolve();
  await until(() => fx.windows.length > 0);
});

afterAll(async () => {
  process.argv = savedArgv;
  if (savedDb === undefined) delete process.env.GENRESCOPE_DB;
  else process.env.GENRESCOPE_DB = savedDb;
  // Quit: the service closes its database.
  const quit = { prevented: false, preventDefault() { this.prevented = true; } };
  emitApp('will-quit', quit);
  await new Promise((r) => setTimeout(r, 50));
  rmSync(dir, { recursive: true, force: true });
});

async function until(cond: () => boolean): Promise<void> {
  const end = Date.now() + 5000;
  while (!cond()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 5));
  }
}

function win() {
  return fx.windows[0] as unknown as {
    webContents: { id: number; sent: unknown[][]; emit(ev: string, ...a: unknown[]): void };
    options: { webPreferences: Record<string, unknown> };
    loaded: string[];
    focused: number;
  };
}

function trustedEvent() {
  return { sender: { id: win().webContents.id }, senderFrame: { url: `file://${win().loaded[0]}`, parent: null } };
}

describe('Electron main wiring', () => {
  it('registers the privileged audio scheme and takes the single-instance lock with our paths', () => {
    expect(fx.privileged).toEqual([expect.objectContaining({ scheme: 'genrescope-audio', privileges: expect.objectContaining({ stream: true, secure: true }) })]);
    expect(fx.lockData).toEqual({ paths: [path.join(dir, 'first.mp3'), path.join(dir, 'missing.mp3')] });
    expect(fx.menu).not.toBeNull();
  });

  it('opens a hardened window on the built renderer with the CommonJS preload', () => {
    const prefs = win().options.webPreferences;
    expect(prefs).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false, webviewTag: false });
    expect(String(prefs.preload)).toMatch(/preload[\\/]index\.cjs$/);
    expect(win().loaded[0]).toMatch(/renderer[\\/]index\.html$/);
  });

  it('answers trusted IPC from the real engine and refuses other frames', async () => {
    const add = fx.handlers.get('genrescope:addRoot')!;
    expect(await add(trustedEvent(), { path: music })).toEqual({ ok: true, output: [music] });
    const list = fx.handlers.get('genrescope:listRoots')!;
    expect(await list(trustedEvent(), undefined)).toEqual({ ok: true, output: [music] });
    const foreign = { sender: { id: win().webContents.id }, senderFrame: { url: 'https://evil.example/', parent: null } };
    expect(((await list(foreign, undefined)) as CallResult).ok).toBe(false);
    const url = (await fx.handlers.get('genrescope:getAudioUrl')!(trustedEvent(), { id: 1 })) as CallResult;
    expect(url).toEqual({ ok: true, output: { url: 'genrescope-audio://track/1' } });
    // Engine events reach the window.
    expect(win().webContents.sent).toContainEqual(['genrescope:event', 'libraryChanged', {}]);
  });

  it('hands existing files from argv and a second launch to the page once it has loaded', async () => {
    win().webContents.emit('did-finish-load');
    expect(win().webContents.sent).toContainEqual(['genrescope:event', 'openFiles', { paths: [path.join(dir, 'first.mp3')] }]);
    emitApp('second-instance', {}, ['/opt/Genrescope/genrescope', 'ignored'], '/', { paths: [path.join(dir, 'second.mp3')] });
    expect(win().focused).toBe(1);
    expect(win().webContents.sent).toContainEqual(['genrescope:event', 'openFiles', { paths: [path.join(dir, 'second.mp3')] }]);
  });

  it('serves the audio protocol through the access rules', async () => {
    const handle = fx.protocols.get('genrescope-audio')!;
    const r = await handle(new Request('genrescope-audio://track/424242'));
    expect(r.status).toBe(404);
    expect(r.headers.get('access-control-allow-origin')).toBe('*');
  });
});
