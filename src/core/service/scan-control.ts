/**
 * The library scan as a long-running, controllable task: one at a time, pause (no new file is
 * prepared or dispatched; running jobs finish), resume, cancel, a ScanStatus for the UI with
 * tracks/s and ETA, and the contract's events (scanProgress throttled, trackUpdated per track,
 * libraryChanged at the end).
 */
import { statSync } from 'node:fs';
import path from 'node:path';
import { GenrescopeError, UsageError, errorMessage } from '../errors.ts';
import type { AnalysisPool } from '../jobs/analysis-pool.ts';
import type { Store } from '../store/store.ts';
import type { EngineEvents, EventName } from '../../shared/contract.ts';
import type { ScanStatus } from '../../shared/dto.ts';
import { Gate } from './async-queue.ts';
import { toTrackRow } from './dto-mappers.ts';
import type { ModelIdentity } from './model-identity.ts';
import { RateMeter } from './rate-meter.ts';
import { runScan, type ScanItemResult, type ScanProgressSnapshot, type ScanSummary } from './scan-runner.ts';

export interface ScanCallOptions {
  signal?: AbortSignal;
  onProgress?: (status: ScanStatus, snapshot: ScanProgressSnapshot) => void;
  onItem?: (item: ScanItemResult) => void;
  onQueued?: (path: string, trackId: number) => void | Promise<void>;
  keepResults?: boolean;
  /** Scan only these files/folders under the roots (watch mode; see ScanRunOptions.only). */
  only?: readonly string[];
  /** Test hook: files whose job makes the worker crash (only with GENRESCOPE_TEST_CRASH=1 in the workers). */
  testCrashPaths?: ReadonlySet<string>;
}

export interface ScanHost {
  store: Store;
  engine(): Promise<{ pool: AnalysisPool; model: ModelIdentity }>;
  config(): { windows: { count: number; lengthSec: number }; ffmpegPath: string | null };
  timeoutMs?: number;
  emit<E extends EventName>(event: E, payload: EngineEvents[E]): void;
}

interface ActiveScan {
  controller: AbortController;
  gate: Gate;
  pool: AnalysisPool | null;
  rate: RateMeter;
  done: Promise<ScanSummary | null>;
}

const MAX_STATUS_FAILURES = 200;
const PROGRESS_EVENT_MS = 200;

export function idleStatus(): ScanStatus {
  return { state: 'idle', total: 0, done: 0, failed: 0, skipped: 0, tracksPerSec: 0, etaSec: null, currentPath: null, startedAt: null, failures: [] };
}

function isDirectory(p: string): boolean {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
}

export class ScanControl {
  private readonly host: ScanHost;
  private active: ActiveScan | null = null;
  private current: ScanStatus = idleStatus();
  private lastProgressEvent = 0;

  constructor(host: ScanHost) {
    this.host = host;
  }

  get running(): boolean {
    return this.active !== null;
  }

  /** Cancels a running scan and waits until it has stopped. */
  async stop(): Promise<void> {
    if (!this.active) return;
    this.active.controller.abort();
    this.active.gate.open();
    await this.active.done;
  }

  status(): ScanStatus {
    return structuredClone(this.current);
  }

  /** Starts a scan in the background (roots default to the library's roots) and returns its status. */
  start(roots?: string[]): ScanStatus {
    if (!this.active) {
      if ((roots ?? this.host.store.listRoots()).length === 0) throw new UsageError('no folders to scan: add a folder to the library first');
      // scan() sets this.active before its first await, so the status says 'scanning' on return. A
      // scan that cannot run at all (the model does not load) leaves its reason in the status.
      this.scan(roots, { keepResults: false }).catch((e: unknown) => {
        this.setStatus({ failures: [...this.current.failures, { path: '', kind: e instanceof GenrescopeError ? e.code : 'error', message: errorMessage(e) }] }, true);
      });
    }
    return this.status();
  }

  pause(): ScanStatus {
    if (this.active && this.current.state === 'scanning') {
      this.active.gate.close();
      this.active.pool?.pause();
      this.setStatus({ state: 'paused' }, true);
    }
    return this.status();
  }

  resume(): ScanStatus {
    if (this.active && this.current.state === 'paused') {
      this.active.gate.open();
      this.active.pool?.resume();
      this.active.rate.reset();
      this.setStatus({ state: 'scanning' }, true);
    }
    return this.status();
  }

  cancel(): ScanStatus {
    if (this.active && this.current.state !== 'cancelling') {
      this.setStatus({ state: 'cancelling' }, true);
      this.active.controller.abort();
      this.active.gate.open();
      this.active.pool?.resume();
    }
    return this.status();
  }

  /**
   * Scans roots (default: the library's roots) in the foreground and resolves with a result per item
   * and counts. Given roots become library roots. Only one scan runs at a time.
   */
  scan(roots?: string[], opts: ScanCallOptions = {}): Promise<ScanSummary> {
    if (this.active) return Promise.reject(new UsageError('a scan is already running'));
    const list = (roots ?? this.host.store.listRoots().map((r) => r.path)).map((r) => path.resolve(r));
    if (list.length === 0) return Promise.reject(new UsageError('no folders to scan: add a folder to the library first'));
    const controller = new AbortController();
    const onAbort = () => controller.abort();
    opts.signal?.addEventListener('abort', onAbort, { once: true });
    if (opts.signal?.aborted) controller.abort();
    const active: ActiveScan = { controller, gate: new Gate(), pool: null, rate: new RateMeter(), done: Promise.resolve(null) };
    this.active = active;
    const startedAt = new Date().toISOString();
    this.current = { ...idleStatus(), state: 'scanning', startedAt };
    this.host.emit('scanProgress', structuredClone(this.current));
    const run = async (): Promise<ScanSummary> => {
      try {
        for (const r of list) {
          // A folder that is not there is reported by the walk (root-missing); only real folders become roots.
          if (isDirectory(r)) this.host.store.addRoot(r);
        }
        const c = this.host.config();
        const { pool, model } = await this.host.engine();
        active.pool = pool;
        if (this.current.state === 'paused') pool.pause();
        const failures: ScanStatus['failures'] = [];
        return await runScan(
          {
            store: this.host.store,
            pool,
            model,
            windows: c.windows,
            ffmpegPath: c.ffmpegPath,
            timeoutMs: this.host.timeoutMs,
            gate: active.gate,
            testCrashPaths: opts.testCrashPaths,
          },
          list,
          {
            signal: controller.signal,
            keepResults: opts.keepResults,
            only: opts.only,
            onQueued: opts.onQueued,
            onItem: (item) => {
              active.rate.tick();
              if (item.status === 'failed' && item.error) {
                failures.push({ path: item.path, kind: item.error.kind, message: item.error.message });
                if (failures.length > MAX_STATUS_FAILURES) failures.shift();
              }
              if ((item.status === 'analysed' || (item.status === 'failed' && !item.error?.cached)) && item.trackId !== null) {
                const row = this.host.store.getTrackRow(item.trackId);
                if (row) this.host.emit('trackUpdated', toTrackRow(row));
              }
              opts.onItem?.(item);
            },
            onProgress: (snap) => {
              const rate = active.rate.rate();
              const remaining = Math.max(0, snap.found - snap.counts.total);
              this.setStatus(
                {
                  total: snap.found,
                  done: snap.counts.total,
                  failed: snap.counts.failed,
                  skipped: snap.counts.skipped,
                  tracksPerSec: rate,
                  etaSec: rate > 0 ? remaining / rate : null,
                  currentPath: snap.currentPath,
                  failures: [...failures],
                },
                false,
              );
              opts.onProgress?.(structuredClone(this.current), snap);
            },
          },
        );
      } finally {
        opts.signal?.removeEventListener('abort', onAbort);
        active.pool?.resume();
        this.active = null;
        this.setStatus({ state: 'idle', currentPath: null, etaSec: null, tracksPerSec: 0 }, true);
        this.host.emit('libraryChanged', {});
      }
    };
    const p = run();
    active.done = p.catch(() => null);
    return p;
  }

  private setStatus(patch: Partial<ScanStatus>, force: boolean): void {
    this.current = { ...this.current, ...patch };
    const now = Date.now();
    if (force || now - this.lastProgressEvent >= PROGRESS_EVENT_MS) {
      this.lastProgressEvent = now;
      this.host.emit('scanProgress', structuredClone(this.current));
    }
  }
}
