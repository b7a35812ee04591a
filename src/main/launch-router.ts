/**
 * Where files the OS hands to the app go: which window shows them, whether one must be opened,
 * and what happens to folders. Pure decisions over an injected host (the Electron side in index.ts),
 * so every launch route is tested without Electron.
 *
 * Rules (docs/os-integration.md explains them to users):
 * - Files go to the main window when it is open (brought to the front); else to the result window
 *   when that is open; else a window is opened: at a cold start through the "Classify genre" verb
 *   (`--classify`) only the small result window, at a cold start through "Open with" or plain paths
 *   the main window, and when the app runs without windows (macOS) the small result window.
 * - Folders are never classified file by file: the user is asked to add them to the library (or,
 *   when already inside a library folder, to rescan it); see planFolders.
 * - Launches that arrive close together are merged into one batch: Explorer starts one process per
 *   selected file, and each would otherwise replace the previous one's result on screen. A batch is
 *   sent `settleMs` after the last arrival, but never later than `maxWaitMs` after the first.
 * - Nothing is shown before the app is ready; what arrived by then is the startup batch.
 */
import path from 'node:path';
import type { PathKind, LaunchRequest } from './open-files.ts';
import { dedupePaths, pathKey } from './launch-args.ts';

export type WindowKind = 'main' | 'result';

export interface OpenWindowOptions {
  /** Start on this renderer route (e.g. 'scan' after adding a folder). */
  route?: 'scan';
}

export interface LaunchHost {
  /** A window of this kind is open (not closed / destroyed). */
  hasWindow(kind: WindowKind): boolean;
  /** Creates the window; it loads asynchronously and deliver() holds files until its page is ready. */
  openWindow(kind: WindowKind, opts: OpenWindowOptions): void;
  /** Brings the window to the front, restoring it when minimized. */
  focusWindow(kind: WindowKind): void;
  /** Sends files to the window's page (the `openFiles` event), once it has loaded. */
  deliver(kind: WindowKind, paths: string[]): void;
  /** Folders were opened: ask what to do with them (see planFolders). */
  offerFolders(folders: string[]): void;
}

export interface Timers {
  set(fn: () => void, ms: number): unknown;
  clear(handle: unknown): void;
  now(): number;
}

const realTimers: Timers = {
  set: (fn, ms) => setTimeout(fn, ms),
  clear: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
  now: () => Date.now(),
};

export interface LaunchRouterOptions {
  /** What is at a path (file / folder / missing); see open-files.ts pathKind. */
  kind(p: string): PathKind;
  settleMs?: number;
  maxWaitMs?: number;
  timers?: Timers;
  platform?: NodeJS.Platform;
}

export interface TargetInput {
  mainOpen: boolean;
  resultOpen: boolean;
  /** The app is starting: no window was opened yet. */
  startup: boolean;
  /** Some launch in the batch came through the "Classify genre" verb. */
  classify: boolean;
}

/** The window that shows classified files, and whether it has to be opened. */
export function chooseFileTarget(s: TargetInput): { kind: WindowKind; open: boolean } {
  if (s.mainOpen) return { kind: 'main', open: false };
  if (s.resultOpen) return { kind: 'result', open: false };
  if (s.startup) return { kind: s.classify ? 'result' : 'main', open: true };
  return { kind: 'result', open: true };
}

interface Batch {
  files: string[];
  folders: string[];
  classify: boolean;
}

const emptyBatch = (): Batch => ({ files: [], folders: [], classify: false });

export class LaunchRouter {
  readonly #host: LaunchHost;
  readonly #kind: (p: string) => PathKind;
  readonly #settleMs: number;
  readonly #maxWaitMs: number;
  readonly #timers: Timers;
  readonly #platform: NodeJS.Platform;
  #ready = false;
  #pending: Batch = emptyBatch();
  #timer: unknown = null;
  #firstAt = 0;

  constructor(host: LaunchHost, opts: LaunchRouterOptions) {
    this.#host = host;
    this.#kind = opts.kind;
    this.#settleMs = opts.settleMs ?? 200;
    this.#maxWaitMs = opts.maxWaitMs ?? 1000;
    this.#timers = opts.timers ?? realTimers;
    this.#platform = opts.platform ?? process.platform;
  }

  /**
   * A launch asked to open paths. Missing paths are classified too (the result then says the file
   * was not found) rather than dropped without a word.
   */
  open(req: LaunchRequest): void {
    if (req.paths.length === 0) {
      // A bare second launch (`genrescope` from the start menu while running): show the app.
      if (this.#ready) this.showMain();
      return;
    }
    for (const p of req.paths) {
      if (this.#kind(p) === 'folder') this.#pending.folders.push(p);
      else this.#pending.files.push(p);
    }
    this.#pending.classify ||= req.classify;
    if (!this.#ready) return;
    // Bring the app forward at once (Windows allows it only shortly after the launch); the files follow.
    if (this.#pending.files.length > 0) {
      const t = chooseFileTarget({ mainOpen: this.#host.hasWindow('main'), resultOpen: this.#host.hasWindow('result'), startup: false, classify: this.#pending.classify });
      if (!t.open) this.#host.focusWindow(t.kind);
    }
    this.#schedule();
  }

  /** The app is ready: open the first window for what arrived during startup and hand it over. */
  ready(): void {
    if (this.#ready) return;
    this.#ready = true;
    const batch = this.#take();
    const fileTarget = batch.files.length > 0 ? chooseFileTarget({ mainOpen: false, resultOpen: false, startup: true, classify: batch.classify }) : null;
    // The window exists now, so #dispatch finds it and hands it the files.
    this.#host.openWindow(fileTarget?.kind ?? 'main', {});
    this.#dispatch(batch);
  }

  /** macOS Dock click: with no window open, the main window (an open result window is enough). */
  activate(): void {
    if (this.#ready && !this.#host.hasWindow('main') && !this.#host.hasWindow('result')) this.#host.openWindow('main', {});
  }

  /** A bare relaunch, or a folder was added: the main window, opened when needed. */
  showMain(opts: OpenWindowOptions = {}): void {
    if (!this.#ready) return;
    if (this.#host.hasWindow('main')) this.#host.focusWindow('main');
    else this.#host.openWindow('main', opts);
  }

  /** Sends what is pending now (also called by the settle timer). */
  flush(): void {
    if (this.#timer !== null) this.#timers.clear(this.#timer);
    this.#timer = null;
    if (!this.#ready) return;
    this.#dispatch(this.#take());
  }

  #schedule(): void {
    const now = this.#timers.now();
    if (this.#timer === null) this.#firstAt = now;
    else this.#timers.clear(this.#timer);
    const delay = Math.max(0, Math.min(this.#settleMs, this.#firstAt + this.#maxWaitMs - now));
    this.#timer = this.#timers.set(() => this.flush(), delay);
  }

  #take(): Batch {
    const b = this.#pending;
    this.#pending = emptyBatch();
    return { files: dedupePaths(b.files, this.#platform), folders: dedupePaths(b.folders, this.#platform), classify: b.classify };
  }

  #dispatch(batch: Batch): void {
    if (batch.files.length > 0) {
      const t = chooseFileTarget({ mainOpen: this.#host.hasWindow('main'), resultOpen: this.#host.hasWindow('result'), startup: false, classify: batch.classify });
      if (t.open) this.#host.openWindow(t.kind, {});
      else this.#host.focusWindow(t.kind);
      this.#host.deliver(t.kind, batch.files);
    }
    if (batch.folders.length > 0) this.#host.offerFolders(batch.folders);
  }
}

export type FolderPlan =
  /** Not in the library yet: add as a library folder and scan it. */
  | { kind: 'add'; folders: string[] }
  /** Already a library folder or inside one: rescan those roots. */
  | { kind: 'rescan'; roots: string[] };

/**
 * What opening folders means. A folder inside a library folder rescans that library folder (it would
 * otherwise become a second, nested root); any other folder is offered as a new library folder.
 * Returns at most one plan of each kind.
 */
export function planFolders(folders: readonly string[], roots: readonly string[], opts: { platform?: NodeJS.Platform } = {}): FolderPlan[] {
  const platform = opts.platform ?? process.platform;
  const p = platform === 'win32' ? path.win32 : path.posix;
  const key = (x: string) => pathKey(p.resolve(x), platform);
  const add: string[] = [];
  const rescan: string[] = [];
  for (const folder of dedupePaths(folders.map((f) => p.resolve(f)), platform)) {
    const f = key(folder);
    const root = roots.find((r) => {
      const k = key(r);
      return f === k || f.startsWith(k.endsWith(p.sep) ? k : k + p.sep);
    });
    if (root === undefined) add.push(folder);
    else if (!rescan.some((r) => key(r) === key(root))) rescan.push(root);
  }
  const plans: FolderPlan[] = [];
  if (add.length > 0) plans.push({ kind: 'add', folders: add });
  if (rescan.length > 0) plans.push({ kind: 'rescan', roots: rescan });
  return plans;
}

/** The question asked before changing the library; `confirm` is the button that goes ahead. */
export function folderPrompt(plans: readonly FolderPlan[], basename: (p: string) => string = path.basename): { message: string; detail: string; confirm: string } | null {
  const add = plans.find((x) => x.kind === 'add');
  const rescan = plans.find((x) => x.kind === 'rescan');
  if (!add && !rescan) return null;
  const names = (list: string[]) => list.map((f) => `“${basename(f) || f}”`).join(', ');
  const lines: string[] = [];
  if (add) lines.push(`Add ${names(add.folders)} to your library and scan ${add.folders.length === 1 ? 'it' : 'them'}?`);
  if (rescan) lines.push(`${add ? 'Also rescan' : 'Rescan'} the library folder${rescan.roots.length === 1 ? '' : 's'} ${names(rescan.roots)}?`);
  const detail = [
    ...(add ? add.folders : []),
    ...(rescan ? rescan.roots : []),
    '',
    'Genrescope finds the audio files in these folders and analyses the ones it has not seen yet. Nothing is written to your files.',
  ].join('\n');
  return { message: lines.join(' '), detail, confirm: add ? 'Add and Scan' : 'Scan' };
}
