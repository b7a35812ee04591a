/**
 * LibraryWatcher: watch mode. Watches the library roots (one recursive fs.watch each), collects
 * settled changes (ChangeCollector) and runs the ordinary incremental scan on just those paths;
 * plus a periodic full rescan of the roots, which is cheap (unchanged files are skipped by size and
 * mtime) and catches whatever events missed — it is the only source of changes on a root where
 * fs.watch failed (ENOSPC inotify limit, EPERM, unsupported) or that is a network share.
 *
 * Scans go through the host (the service's ScanControl), so they show in the scan status, obey
 * pause and cancel, and never overlap a manual scan: while another scan runs, changes wait and are
 * merged into one batch afterwards; a manual scan asks the watcher to step aside with hold(), which
 * stops a running watch scan and puts its paths back in the queue. A watch scan the user cancelled
 * is dropped (the next periodic rescan catches its files).
 */
import path from 'node:path';
import { errorMessage } from '../errors.ts';
import type { ScanItemResult, ScanSummary } from '../service/scan-runner.ts';
import type { WatchRoot, WatchStatus } from '../../shared/dto.ts';
import { ChangeCollector, type WatchFn } from './change-collector.ts';
import { defaultWatchFn } from './dir-tree-watch.ts';
import { networkFsKind } from './fs-kind.ts';

export type WatchTrigger = 'change' | 'rescan';

export interface WatchHost {
  /** the folders to watch (library roots) */
  roots(): string[];
  /** another scan (manual, or a paused one) is running */
  isScanning(): boolean;
  /** one scan through the service's scan control; `only` null = whole roots */
  scan(roots: string[], only: string[] | null, opts: { onItem: (r: ScanItemResult) => void }): Promise<ScanSummary>;
  /** cancel the running scan (ours) */
  cancelScan(): void;
  /** the watch status changed */
  statusChanged(): void;
}

export interface LibraryWatcherOptions {
  /** per-folder fs.watch on Linux, recursive fs.watch elsewhere (dir-tree-watch.ts); tests inject one that throws */
  watchFn?: WatchFn;
  debounceMs?: number;
  stableMs?: number;
  rescanIntervalMs?: number;
  /** start with a full rescan (catches what changed while nothing watched); default true */
  initialRescan?: boolean;
  /** network-share detection; default statfs on Linux */
  networkFs?: (root: string) => string | null;
  /** every item of every watch scan */
  onItem?: (r: ScanItemResult, trigger: WatchTrigger) => void;
  /** after each watch scan; `only`: the changed paths it looked at (null for a full rescan) */
  onScan?: (s: ScanSummary, trigger: WatchTrigger, only: string[] | null) => void;
}

export const DEFAULT_WATCH_DEBOUNCE_MS = 1500;
export const DEFAULT_WATCH_STABLE_MS = 1000;
export const DEFAULT_RESCAN_INTERVAL_MS = 10 * 60_000;

interface RootState {
  path: string;
  collector: ChangeCollector | null;
  mode: WatchRoot['mode'];
  reason: string | null;
  /** events failed (not a network share): try fs.watch again at the next rescan */
  retry: boolean;
}

function isUnder(p: string, root: string): boolean {
  return p === root || p.startsWith(root.endsWith(path.sep) ? root : root + path.sep);
}

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

export class LibraryWatcher {
  private readonly host: WatchHost;
  private readonly opts: LibraryWatcherOptions;
  private readonly rootStates = new Map<string, RootState>();
  private readonly pendingPaths = new Set<string>();
  private fullPending = false;
  private running: Promise<void> | null = null;
  private active: { selfCancelled: boolean } | null = null;
  private holds = 0;
  private timer: NodeJS.Timeout | null = null;
  private intervalMs: number;
  private started = false;
  private lastChangeAt: number | null = null;
  private lastRescanAt: number | null = null;
  private nextRescanAt: number | null = null;
  private lastError: string | null = null;

  constructor(host: WatchHost, opts: LibraryWatcherOptions = {}) {
    this.host = host;
    this.opts = opts;
    this.intervalMs = opts.rescanIntervalMs ?? DEFAULT_RESCAN_INTERVAL_MS;
  }

  get enabled(): boolean {
    return this.started;
  }

  start(): void {
    if (this.started) return;
    this.started = true;
    this.syncRoots();
    this.schedule();
    if (this.opts.initialRescan ?? true) this.requestRescan();
    this.host.statusChanged();
  }

  /** Stops watching; a running watch scan is cancelled and awaited. */
  async stop(): Promise<void> {
    if (!this.started) return;
    this.started = false;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.nextRescanAt = null;
    for (const r of this.rootStates.values()) r.collector?.close();
    this.rootStates.clear();
    this.pendingPaths.clear();
    this.fullPending = false;
    if (this.active) {
      this.active.selfCancelled = true;
      this.host.cancelScan();
    }
    await this.running;
    this.host.statusChanged();
  }

  setRescanInterval(ms: number): void {
    if (ms === this.intervalMs) return;
    this.intervalMs = ms;
    if (this.started) this.schedule();
  }

  /** Follows the library roots (added and removed folders). */
  syncRoots(): void {
    if (!this.started) return;
    const wanted = new Set(this.host.roots());
    for (const [p, r] of this.rootStates) {
      if (!wanted.has(p)) {
        r.collector?.close();
        this.rootStates.delete(p);
      }
    }
    for (const p of wanted) if (!this.rootStates.has(p)) this.attach(p);
  }

  private attach(root: string): void {
    const state: RootState = { path: root, collector: null, mode: 'events', reason: null, retry: false };
    this.rootStates.set(root, state);
    const collector = new ChangeCollector(root, {
      debounceMs: this.opts.debounceMs ?? DEFAULT_WATCH_DEBOUNCE_MS,
      stableMs: this.opts.stableMs ?? DEFAULT_WATCH_STABLE_MS,
      onSettled: (paths) => this.addChanges(paths),
      onError: (err) => {
        state.collector = null;
        this.fallBack(state, `file-system events stopped (${errorMessage(err)})`, true);
        // Whatever happened meanwhile is unknown: look at everything.
        this.requestRescan();
      },
    });
    try {
      collector.start(this.opts.watchFn ?? defaultWatchFn());
      state.collector = collector;
    } catch (e) {
      this.fallBack(state, `file-system events unavailable (${errorMessage(e)})`, true);
      return;
    }
    const net = (this.opts.networkFs ?? networkFsKind)(root);
    // Events still report changes made through this machine; the rescan finds the others.
    if (net) this.fallBack(state, `network file system (${net}): changes made on other machines are only found by the periodic rescan`, false);
  }

  private fallBack(state: RootState, reason: string, retry: boolean): void {
    state.mode = 'polling';
    state.reason = `${reason}; rescanning every ${Math.round(this.intervalMs / 60_000) || this.intervalMs / 60_000} min`;
    state.retry = retry;
    this.host.statusChanged();
  }

  private schedule(): void {
    if (this.timer) clearTimeout(this.timer);
    this.nextRescanAt = Date.now() + this.intervalMs;
    this.timer = setTimeout(() => {
      this.timer = null;
      if (!this.started) return;
      // Roots whose watcher failed get another chance (a remounted drive, a raised inotify limit).
      for (const r of [...this.rootStates.values()]) {
        if (r.retry && !r.collector) {
          this.rootStates.delete(r.path);
          this.attach(r.path);
        }
      }
      this.schedule();
      this.requestRescan();
    }, this.intervalMs);
    this.timer.unref();
  }

  private requestRescan(): void {
    this.fullPending = true;
    this.kick();
  }

  private addChanges(paths: string[]): void {
    if (!this.started) return;
    for (const p of paths) this.pendingPaths.add(p);
    this.lastChangeAt = Date.now();
    this.kick();
  }

  /** Runs what is queued unless another scan runs (call again when it ends). */
  kick(): void {
    if (!this.started || this.running || this.holds > 0 || this.host.isScanning()) return;
    if (!this.fullPending && this.pendingPaths.size === 0) return;
    // Assigned before drain() runs: a listener of the status event it sends may call hold() at once.
    this.running = Promise.resolve()
      .then(() => this.drain())
      .finally(() => {
        this.running = null;
        this.host.statusChanged();
        // Changes that arrived meanwhile (or paths put back after a hold).
        queueMicrotask(() => this.kick());
      });
  }

  private async drain(): Promise<void> {
    while (this.started && this.holds === 0 && !this.host.isScanning() && (this.fullPending || this.pendingPaths.size > 0)) {
      const roots = [...this.rootStates.keys()];
      if (roots.length === 0) {
        this.fullPending = false;
        this.pendingPaths.clear();
        return;
      }
      const full = this.fullPending;
      // A full rescan covers every change seen before it starts.
      const only = full ? null : [...this.pendingPaths].filter((p) => roots.some((r) => isUnder(p, r)));
      const batch = [...this.pendingPaths];
      this.fullPending = false;
      this.pendingPaths.clear();
      if (only && only.length === 0) continue;
      const trigger: WatchTrigger = full ? 'rescan' : 'change';
      const active = { selfCancelled: false };
      this.active = active;
      this.host.statusChanged();
      if (active.selfCancelled || this.holds > 0 || !this.started || this.host.isScanning()) {
        // Someone (a status listener) asked for the scanner first: this batch waits.
        this.active = null;
        if (this.started) {
          if (full) this.fullPending = true;
          else for (const p of batch) this.pendingPaths.add(p);
        }
        return;
      }
      try {
        const summary = await this.host.scan(roots, only, { onItem: (r) => this.opts.onItem?.(r, trigger) });
        if (full) this.lastRescanAt = Date.now();
        this.lastError = null;
        if (summary.aborted && active.selfCancelled && this.started) {
          // Stepped aside for a manual scan: do it afterwards.
          if (full) this.fullPending = true;
          else for (const p of batch) this.pendingPaths.add(p);
        }
        this.opts.onScan?.(summary, trigger, only);
      } catch (e) {
        this.lastError = errorMessage(e);
        // "A scan is already running" (a manual one won the race): after it. Anything else (the
        // model does not load): dropped, the next periodic rescan tries again.
        if (this.started && this.host.isScanning()) {
          if (full) this.fullPending = true;
          else for (const p of batch) this.pendingPaths.add(p);
        }
        return;
      } finally {
        this.active = null;
      }
    }
  }

  /**
   * A manual scan wants to run: a running watch scan is stopped (its paths wait) and no new one
   * starts until the returned release is called.
   */
  async hold(): Promise<() => void> {
    this.holds++;
    if (this.active) {
      this.active.selfCancelled = true;
      this.host.cancelScan();
    }
    await this.running;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.holds--;
      this.kick();
    };
  }

  status(): WatchStatus {
    let pending = this.pendingPaths.size;
    for (const r of this.rootStates.values()) pending += r.collector?.pendingCount ?? 0;
    return {
      enabled: this.started,
      roots: [...this.rootStates.values()].map((r) => ({ path: r.path, mode: r.mode, reason: r.reason })),
      pending,
      scanning: this.active !== null,
      rescanIntervalSec: this.intervalMs / 1000,
      lastChangeAt: iso(this.lastChangeAt),
      lastRescanAt: iso(this.lastRescanAt),
      nextRescanAt: iso(this.nextRescanAt),
      lastError: this.lastError,
    };
  }
}
