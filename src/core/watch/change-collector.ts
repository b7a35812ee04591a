/**
 * ChangeCollector: turns the raw, noisy events of `fs.watch(root, {recursive: true})` into settled
 * paths. fs.watch fires several events per write, duplicates, and events for files still being
 * copied; so events are coalesced per path, and a path is handed on only after a quiet period
 * (`debounceMs` without events) AND two stats `stableMs` apart that agree (same size and mtime, or
 * both "gone"): a file that is still growing keeps being re-checked, and a folder waits while
 * anything inside it is still settling.
 *
 * Hidden (dot) and system folders are ignored, as the library walk skips them. Which paths are audio
 * is decided later (a new folder has no extension, a deleted file can no longer be stat'ed).
 */
import type { FSWatcher } from 'node:fs';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { SYSTEM_DIR_NAMES } from '../library/scan.ts';

/** The shape of node:fs `watch` we use; injectable so tests can make it fail like ENOSPC/EPERM do. */
export type WatchFn = (root: string, options: { recursive: true; persistent?: boolean }, listener: (event: string, filename: string | Buffer | null) => void) => Pick<FSWatcher, 'close' | 'on'>;

export interface ChangeCollectorOptions {
  /** quiet time after the last event for a path (ms) */
  debounceMs: number;
  /** time between the two stats that must agree (ms) */
  stableMs: number;
  /** settled paths (absolute) */
  onSettled: (paths: string[]) => void;
  /** the watcher failed after it started (e.g. the folder was unmounted) */
  onError: (err: Error) => void;
}

type Snapshot = string; // "size:mtime" or "gone"

interface PendingPath {
  timer: NodeJS.Timeout;
  last: Snapshot | null;
}

function ignoredName(name: string): boolean {
  const n = name.toLowerCase();
  return n.startsWith('.') || SYSTEM_DIR_NAMES.includes(n);
}

/** True when a path relative to the root passes through a hidden or system name. */
export function isIgnoredRelative(rel: string): boolean {
  return rel.split(/[\\/]+/).some((part) => part !== '' && ignoredName(part));
}

async function snapshot(p: string): Promise<Snapshot> {
  try {
    const st = await stat(p);
    return `${st.isDirectory() ? 'd' : 'f'}:${st.size}:${st.mtimeMs}`;
  } catch {
    return 'gone';
  }
}

export class ChangeCollector {
  readonly root: string;
  private readonly opts: ChangeCollectorOptions;
  private watcher: Pick<FSWatcher, 'close' | 'on'> | null = null;
  private readonly pending = new Map<string, PendingPath>();
  private closed = false;

  constructor(root: string, opts: ChangeCollectorOptions) {
    this.root = root;
    this.opts = opts;
  }

  /** Starts watching; throws what fs.watch throws (ENOSPC, EPERM, ENOENT, ERR_FEATURE_UNAVAILABLE_ON_PLATFORM). */
  start(watchFn: WatchFn): void {
    const w = watchFn(this.root, { recursive: true, persistent: false }, (_event, filename) => {
      // No filename: something changed, the OS does not say what: look at the whole folder.
      const rel = filename === null ? '' : String(filename);
      if (rel !== '' && isIgnoredRelative(rel)) return;
      this.touch(rel === '' ? this.root : path.join(this.root, rel));
    });
    w.on('error', (err: Error) => {
      if (this.closed) return;
      this.close();
      this.opts.onError(err);
    });
    this.watcher = w;
  }

  /** Paths seen but not settled yet. */
  get pendingCount(): number {
    return this.pending.size;
  }

  private touch(p: string): void {
    if (this.closed) return;
    const entry = this.pending.get(p);
    if (entry) clearTimeout(entry.timer);
    this.pending.set(p, { timer: this.arm(p, this.opts.debounceMs), last: entry?.last ?? null });
  }

  private arm(p: string, ms: number): NodeJS.Timeout {
    const t = setTimeout(() => void this.check(p), ms);
    t.unref();
    return t;
  }

  private async check(p: string): Promise<void> {
    const entry = this.pending.get(p);
    if (!entry || this.closed) return;
    const now = await snapshot(p);
    // An event arrived while we were stat'ing: its own timer decides.
    if (this.pending.get(p) !== entry || this.closed) return;
    // A folder is walked only when nothing inside it is still changing (a folder being copied in).
    if (now.startsWith('d:') && this.hasPendingInside(p)) {
      entry.last = now;
      entry.timer = this.arm(p, this.opts.stableMs);
      return;
    }
    if (entry.last === now) {
      this.pending.delete(p);
      this.opts.onSettled([p]);
      return;
    }
    entry.last = now;
    entry.timer = this.arm(p, this.opts.stableMs);
  }

  private hasPendingInside(dir: string): boolean {
    const prefix = dir.endsWith(path.sep) ? dir : dir + path.sep;
    for (const k of this.pending.keys()) if (k.startsWith(prefix)) return true;
    return false;
  }

  close(): void {
    this.closed = true;
    for (const e of this.pending.values()) clearTimeout(e.timer);
    this.pending.clear();
    try {
      this.watcher?.close();
    } catch {
      // already closed by the OS
    }
    this.watcher = null;
  }
}
