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
    questions: [] as Record<string, unknown>[],
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
    readonly loadOptions: unknown[] = [];
    readonly listeners = new Map<string, Handler[]>();
    focused = 0;
    destroyed = false;
    readonly options: Record<string, unknown>;
    constructor(options: Record<string, unknown>) {
      this.options = options;
      fx.windows.push(this as never);
    }
    once() {}
    on(ev: string, l: Handler) {
      this.listeners.set(ev, [...(this.listeners.get(ev) ?? []), l]);
    }
    close() {
      this.destroyed = true;
      for (const l of this.listeners.get('closed') ?? []) l();
    }
    show() {}
    isMinimized() {
      return false;
    }
    isVisible() {
      return true;
    }
    restore() {}
    focus() {
      this.focused++;
    }
    isDestroyed() {
      return this.destroyed;
    }
    async loadFile(f: string, options?: unknown) {
      this.loaded.push(f);
      this.loadOptions.push(options);
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
    dialog: {
      showOpenDialog: async () => ({ canceled: true, filePaths: [] }),
      showErrorBox: () => {},
      // The folder question: the first argument is the parent window when there is one.
      showMessageBox: async (...args: unknown[]) => {
        fx.questions.push(args.at(-1) as Record<string, unknown>);
        return { response: 0 };
      },
    },
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

const earlyOpenFile = {
  prevented: false,
  preventDefault() {
    this.prevented = true;
  },
};

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
  // macOS: Finder's "Open With" can deliver a file before the app is ready; it joins the startup batch.
  emitApp('open-file', earlyOpenFile, path.join(dir, 'second.mp3'));
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

async function until(cond: () => boolean | Promise<boolean>): Promise<void> {
  const end = Date.now() + 5000;
  while (!(await cond())) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 5));
  }
}

interface FakeWin {
  webContents: { id: number; sent: unknown[][]; emit(ev: string, ...a: unknown[]): void };
  options: { webPreferences: Record<string, unknown>; width: number; title: string };
  loaded: string[];
  loadOptions: unknown[];
  focused: number;
  close(): void;
}

/** Windows in creation order: [0] the result window of the cold `--classify` start, [1] the main window. */
function win(i = 0): FakeWin {
  return fx.windows[i] as unknown as FakeWin;
}

function openFilesSent(w: FakeWin): unknown[] {
  return w.webContents.sent.filter((m) => m[1] === 'openFiles').map((m) => m[2]);
}

function trustedEvent() {
  return { sender: { id: win().webContents.id }, senderFrame: { url: `file://${win().loaded[0]}?view=classify`, parent: null } };
}

describe('Electron main wiring', () => {
  it('registers the privileged audio scheme and takes the single-instance lock with our paths and the verb', () => {
    expect(fx.privileged).toEqual([expect.objectContaining({ scheme: 'genrescope-audio', privileges: expect.objectContaining({ stream: true, secure: true }) })]);
    expect(fx.lockData).toEqual({ paths: [path.join(dir, 'first.mp3'), path.join(dir, 'missing.mp3')], classify: true });
    expect(fx.menu).not.toBeNull();
  });

  it('a cold start through "Classify genre" opens only the small result window: hardened, same renderer, ?view=classify', () => {
    expect(fx.windows).toHaveLength(1);
    const prefs = win().options.webPreferences;
    expect(prefs).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false, webviewTag: false });
    expect(String(prefs.preload)).toMatch(/preload[\\/]index\.cjs$/);
    expect(win().loaded[0]).toMatch(/renderer[\\/]index\.html$/);
    expect(win().loadOptions[0]).toEqual({ query: { view: 'classify' } });
    expect(win().options.width).toBeLessThan(800);
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

  it('hands the startup files (a missing one too: the result says so; an early open-file joins) to the page once it has loaded', () => {
    expect(earlyOpenFile.prevented).toBe(true);
    expect(openFilesSent(win())).toEqual([]);
    win().webContents.emit('did-finish-load');
    expect(openFilesSent(win())).toEqual([{ paths: [path.join(dir, 'first.mp3'), path.join(dir, 'missing.mp3'), path.join(dir, 'second.mp3')] }]);
  });

  it('a second launch with files focuses the open result window and merges a burst of launches into one event', async () => {
    const second = path.join(dir, 'second.mp3');
    const focused = win().focused;
    emitApp('second-instance', {}, ['/opt/Genrescope/genrescope', 'ignored'], '/', { paths: [second], classify: true });
    expect(win().focused).toBe(focused + 1);
    // The argv fallback: no additionalData, Chromium's switches mixed in, relative to the launcher's cwd.
    emitApp('second-instance', {}, ['/opt/Genrescope/genrescope', '--original-process-start-time=1', '--classify', 'first.mp3'], dir, undefined);
    await until(() => openFilesSent(win()).length === 2);
    expect(openFilesSent(win())[1]).toEqual({ paths: [second, path.join(dir, 'first.mp3')] });
    expect(fx.windows).toHaveLength(1);
  });

  it('a bare second launch opens the main window, which then receives opened files', async () => {
    emitApp('second-instance', {}, ['/opt/Genrescope/genrescope'], '/', { paths: [], classify: false });
    expect(fx.windows).toHaveLength(2);
    expect(win(1).loaded[0]).toMatch(/renderer[\\/]index\.html$/);
    expect(win(1).loadOptions[0]).toEqual({});
    expect(win(1).options.title).toBe('Genrescope');
    win(1).webContents.emit('did-finish-load');
    emitApp('open-file', { preventDefault() {} }, path.join(dir, 'second.mp3'));
    await until(() => openFilesSent(win(1)).length === 1);
    expect(openFilesSent(win(1))).toEqual([{ paths: [path.join(dir, 'second.mp3')] }]);
    expect(openFilesSent(win(0))).toHaveLength(2);
  });

  it('an opened folder is offered as a library folder and, confirmed, added to the real library', async () => {
    const folder = path.join(dir, 'new music');
    mkdirSync(folder);
    emitApp('second-instance', {}, ['/opt/Genrescope/genrescope', folder], '/', undefined);
    await until(() => fx.questions.length === 1);
    expect(fx.questions[0]).toMatchObject({ message: 'Add “new music” to your library and scan it?', buttons: ['Add and Scan', 'Cancel'] });
    const list = fx.handlers.get('genrescope:listRoots')!;
    await until(async () => ((await list(trustedEvent(), undefined)) as { output: string[] }).output.includes(folder));
    // The folder was never sent to a page to classify.
    expect(fx.windows.flatMap((w) => openFilesSent(w as unknown as FakeWin)).flatMap((p) => (p as { paths: string[] }).paths)).not.toContain(folder);
  });

  it('the result window\'s link to the whole app brings up the main window and closes itself', () => {
    const focused = win(1).focused;
    const event = { prevented: false, preventDefault() { this.prevented = true; } };
    win(0).webContents.emit('will-navigate', event, `file://${win(0).loaded[0]}?view=classify`);
    expect(event.prevented).toBe(false);
    win(0).webContents.emit('will-navigate', event, `file://${win(0).loaded[0]}#/library`);
    expect(event.prevented).toBe(true);
    expect(win(1).focused).toBe(focused + 1);
    expect((fx.windows[0] as unknown as { destroyed: boolean }).destroyed).toBe(true);
    expect(fx.windows).toHaveLength(2);
  });

  it('with every window closed (macOS), a file opens a new result window', async () => {
    win(1).close();
    emitApp('open-file', { preventDefault() {} }, path.join(dir, 'first.mp3'));
    await until(() => fx.windows.length === 3);
    expect(win(2).loadOptions[0]).toEqual({ query: { view: 'classify' } });
    win(2).webContents.emit('did-finish-load');
    expect(openFilesSent(win(2))).toEqual([{ paths: [path.join(dir, 'first.mp3')] }]);
  });

  it('serves the audio protocol through the access rules', async () => {
    const handle = fx.protocols.get('genrescope-audio')!;
    const r = await handle(new Request('genrescope-audio://track/424242'));
    expect(r.status).toBe(404);
    expect(r.headers.get('access-control-allow-origin')).toBe('*');
  });
});
