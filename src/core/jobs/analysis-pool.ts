/**
 * A pool of analysis worker processes. Each worker holds one ONNX session; the pool hands it one job
 * at a time. A worker that dies mid-job is replaced and its track retried once on a fresh process;
 * a second death records the track as failed (kind 'crash'). A job that outlives its watchdog kills
 * its worker and fails as 'timeout' (a hang would hang again, so no retry). Jobs are only queued as
 * fast as callers submit them: use runJobs() to feed a large library with bounded memory.
 */
import os from 'node:os';
import { ModelError } from '../errors.ts';
import {
  fromWorkerSchema,
  type AnalysisSettings,
  type ExecutionProvider,
  type JobError,
  type ReadyMessage,
  type ResultOk,
  type WindowSpec,
} from '../../worker/protocol.ts';
import { defaultWorkerEntry, nodeForkSpawner, type WorkerHandle, type WorkerSpawner } from './spawner.ts';

export interface PoolOptions {
  /** Worker processes (default: CPU cores - 1, at least 1). */
  size?: number;
  spawner?: WorkerSpawner;
  /** Worker entry module (default: src/worker/analysis-worker.{ts,js} beside this tree). */
  entry?: string;
  modelManifestPath?: string | null;
  providers?: ExecutionProvider[] | null;
  /** Extra environment for the workers (merged over process.env). */
  env?: NodeJS.ProcessEnv;
  /** How long a worker may take to load the model before it counts as a failed start. */
  startupTimeoutMs?: number;
  /**
   * A job's watchdog: timeoutMs × (windows + 1) + this (default 30 s). Past it the worker is killed
   * and the track fails as 'timeout'.
   */
  watchdogSlackMs?: number;
}

export interface PoolJob {
  path: string;
  windows?: WindowSpec[] | null;
  analysis?: AnalysisSettings | null;
  durationSec?: number | null;
  ffmpegPath?: string | null;
  /** Per ffmpeg call (default 60 s). */
  timeoutMs?: number;
  testAction?: 'crash' | 'hang' | null;
}

export type JobOutcome =
  | { ok: true; path: string; attempts: number; workerPid: number | undefined; result: ResultOk }
  | { ok: false; path: string; attempts: number; error: JobError; timingsMs: Record<string, number> };

export interface WorkerStats {
  pid: number | undefined;
  jobs: number;
  maxRssBytes: number;
}

interface Pending {
  id: number;
  job: PoolJob;
  attempts: number;
  resolve(outcome: JobOutcome): void;
  /** Used only when the whole pool fails (model cannot load). */
  reject(err: Error): void;
  signal?: AbortSignal;
  onAbort?: () => void;
  timedOut?: boolean;
}

interface Slot {
  handle: WorkerHandle;
  ready: boolean;
  current: Pending | null;
  watchdog: NodeJS.Timeout | null;
  startTimer: NodeJS.Timeout | null;
  stats: WorkerStats;
}

const DEFAULT_TIMEOUT_MS = 60_000;

export function defaultWorkerCount(): number {
  const cores = typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length;
  return Math.max(1, cores - 1);
}

export class AnalysisPool {
  readonly size: number;
  private readonly spawner: WorkerSpawner;
  private readonly entry: string;
  private readonly opts: PoolOptions;
  private readonly slots = new Set<Slot>();
  private readonly queue: Pending[] = [];
  private readonly retired: WorkerStats[] = [];
  private nextId = 1;
  private pausedFlag = false;
  private closing = false;
  private fatal: ModelError | null = null;
  private startupFailures = 0;
  private readyInfo: ReadyMessage | null = null;
  private readyWaiters: { resolve(info: ReadyMessage): void; reject(err: Error): void }[] = [];
  respawns = 0;

  constructor(opts: PoolOptions = {}) {
    this.opts = opts;
    this.size = Math.max(1, Math.floor(opts.size ?? defaultWorkerCount()));
    this.spawner = opts.spawner ?? nodeForkSpawner;
    this.entry = opts.entry ?? defaultWorkerEntry();
  }

  /** Starts the workers; resolves when the first one has loaded the model (its info: hash, provider). */
  start(): Promise<ReadyMessage> {
    if (this.slots.size === 0 && !this.closing) {
      for (let i = 0; i < this.size; i++) this.spawn();
    }
    return this.ready();
  }

  ready(): Promise<ReadyMessage> {
    if (this.fatal) return Promise.reject(this.fatal);
    if (this.readyInfo) return Promise.resolve(this.readyInfo);
    return new Promise((resolve, reject) => this.readyWaiters.push({ resolve, reject }));
  }

  get info(): ReadyMessage | null {
    return this.readyInfo;
  }

  /** The workers cannot load the model: every analyse() rejects with this error. */
  get failure(): ModelError | null {
    return this.fatal;
  }

  get paused(): boolean {
    return this.pausedFlag;
  }

  /** Jobs waiting for a worker plus jobs running. */
  get load(): number {
    let busy = 0;
    for (const s of this.slots) if (s.current) busy++;
    return this.queue.length + busy;
  }

  /** Stops handing out new jobs; running ones finish. */
  pause(): void {
    this.pausedFlag = true;
  }

  resume(): void {
    this.pausedFlag = false;
    this.dispatch();
  }

  workerStats(): WorkerStats[] {
    return [...this.retired, ...[...this.slots].map((s) => s.stats)];
  }

  /**
   * Analyses one file. Never rejects for a per-file problem (those come back as {ok:false}); rejects
   * only when the pool cannot work at all (the model does not load in any worker).
   */
  analyse(job: PoolJob, signal?: AbortSignal): Promise<JobOutcome> {
    if (this.fatal) return Promise.reject(this.fatal);
    if (this.closing) return Promise.resolve(cancelled(job.path, 0));
    if (this.slots.size === 0) this.start().catch(() => {});
    return new Promise<JobOutcome>((resolve, reject) => {
      const p: Pending = { id: this.nextId++, job, attempts: 0, resolve, reject, signal };
      if (signal?.aborted) {
        resolve(cancelled(job.path, 0));
        return;
      }
      if (signal) {
        p.onAbort = () => this.abortPending(p);
        signal.addEventListener('abort', p.onAbort, { once: true });
      }
      this.queue.push(p);
      this.dispatch();
    });
  }

  async close(): Promise<void> {
    if (this.closing) return;
    this.closing = true;
    for (const p of this.queue.splice(0)) this.settle(p, cancelled(p.job.path, p.attempts));
    const exits = [...this.slots].map(
      (s) =>
        new Promise<void>((resolve) => {
          s.handle.onExit(() => resolve());
          s.handle.send({ type: 'shutdown' });
          setTimeout(() => {
            s.handle.kill();
            resolve();
          }, 2000).unref();
        }),
    );
    await Promise.all(exits);
    for (const w of this.readyWaiters.splice(0)) w.reject(new ModelError('analysis pool closed before a worker was ready'));
  }

  // ---- internals -------------------------------------------------------------------------------

  private spawn(): void {
    const handle = this.spawner({
      entry: this.entry,
      env: { ...process.env, ...this.opts.env },
      name: 'genrescope-analysis',
    });
    const slot: Slot = { handle, ready: false, current: null, watchdog: null, startTimer: null, stats: { pid: handle.pid, jobs: 0, maxRssBytes: 0 } };
    this.slots.add(slot);
    handle.onMessage((raw) => this.onMessage(slot, raw));
    handle.onExit((code, signal) => this.onExit(slot, code, signal));
    slot.startTimer = setTimeout(() => {
      if (!slot.ready) handle.kill();
    }, this.opts.startupTimeoutMs ?? 120_000);
    slot.startTimer.unref();
    handle.send({ type: 'init', modelManifestPath: this.opts.modelManifestPath ?? null, providers: this.opts.providers ?? null });
  }

  private onMessage(slot: Slot, raw: unknown): void {
    const parsed = fromWorkerSchema.safeParse(raw);
    if (!parsed.success) {
      // A worker speaking another protocol is broken: replace it (its job is retried as a crash).
      slot.handle.kill();
      return;
    }
    const msg = parsed.data;
    if (msg.type === 'ready') {
      slot.ready = true;
      slot.stats.pid = msg.pid;
      if (slot.startTimer) clearTimeout(slot.startTimer);
      this.startupFailures = 0;
      if (!this.readyInfo) {
        this.readyInfo = msg;
        for (const w of this.readyWaiters.splice(0)) w.resolve(msg);
      }
      this.dispatch();
      return;
    }
    if (msg.type === 'init-error') {
      this.failAll(new ModelError(`analysis worker could not load the model: ${msg.error.message}`));
      return;
    }
    const p = slot.current;
    if (!p || p.id !== msg.jobId) return;
    slot.current = null;
    if (slot.watchdog) clearTimeout(slot.watchdog);
    slot.stats.jobs++;
    slot.stats.maxRssBytes = Math.max(slot.stats.maxRssBytes, msg.maxRssBytes);
    if (msg.ok) this.settle(p, { ok: true, path: p.job.path, attempts: p.attempts, workerPid: slot.stats.pid, result: msg });
    else this.settle(p, { ok: false, path: p.job.path, attempts: p.attempts, error: msg.error, timingsMs: msg.timingsMs });
    this.dispatch();
  }

  private onExit(slot: Slot, code: number | null, signal: string | null): void {
    this.slots.delete(slot);
    this.retired.push(slot.stats);
    if (slot.watchdog) clearTimeout(slot.watchdog);
    if (slot.startTimer) clearTimeout(slot.startTimer);
    const p = slot.current;
    slot.current = null;
    const how = signal ? `signal ${signal}` : `exit code ${code}`;
    const tail = slot.handle.stderrTail?.() ?? '';
    if (p) {
      if (this.closing) {
        this.settle(p, cancelled(p.job.path, p.attempts));
      } else if (p.timedOut) {
        this.settle(p, { ok: false, path: p.job.path, attempts: p.attempts, error: { kind: 'timeout', message: 'analysis did not finish in time; the worker was stopped' }, timingsMs: {} });
      } else if (p.signal?.aborted) {
        this.settle(p, cancelled(p.job.path, p.attempts));
      } else if (p.attempts < 2) {
        this.queue.unshift(p);
      } else {
        const detail = tail ? `: ${tail.split('\n').slice(-2).join(' | ')}` : '';
        this.settle(p, { ok: false, path: p.job.path, attempts: p.attempts, error: { kind: 'crash', message: `the analysis worker crashed twice on this file (${how})${detail}` }, timingsMs: {} });
      }
    }
    if (this.closing || this.fatal) return;
    if (!slot.ready) {
      this.startupFailures++;
      if (this.startupFailures >= Math.max(3, this.size * 2) && !this.anyReady()) {
        this.failAll(new ModelError(`analysis workers keep exiting before they are ready (${how})${tail ? `: ${tail}` : ''}`));
        return;
      }
    }
    this.respawns++;
    this.spawn();
  }

  private anyReady(): boolean {
    for (const s of this.slots) if (s.ready) return true;
    return false;
  }

  private dispatch(): void {
    if (this.pausedFlag || this.closing || this.fatal) return;
    for (const slot of this.slots) {
      if (!slot.ready || slot.current) continue;
      const p = this.queue.shift();
      if (!p) return;
      p.attempts++;
      slot.current = p;
      const timeoutMs = p.job.timeoutMs ?? DEFAULT_TIMEOUT_MS;
      const windows = p.job.windows?.length ?? p.job.analysis?.count ?? 3;
      slot.watchdog = setTimeout(() => {
        p.timedOut = true;
        slot.handle.kill();
      }, timeoutMs * (windows + 1) + (this.opts.watchdogSlackMs ?? 30_000));
      slot.watchdog.unref();
      slot.handle.send({
        type: 'job',
        jobId: p.id,
        path: p.job.path,
        windows: p.job.windows ?? null,
        analysis: p.job.analysis ?? null,
        durationSec: p.job.durationSec ?? null,
        ffmpegPath: p.job.ffmpegPath ?? null,
        timeoutMs,
        testAction: p.job.testAction ?? null,
      });
    }
  }

  private abortPending(p: Pending): void {
    const i = this.queue.indexOf(p);
    if (i >= 0) {
      this.queue.splice(i, 1);
      this.settle(p, cancelled(p.job.path, p.attempts));
      return;
    }
    for (const s of this.slots) if (s.current === p) s.handle.send({ type: 'cancel', jobId: p.id });
  }

  private settle(p: Pending, outcome: JobOutcome): void {
    if (p.onAbort) p.signal?.removeEventListener('abort', p.onAbort);
    p.resolve(outcome);
  }

  private failAll(err: ModelError): void {
    if (this.fatal) return;
    this.fatal = err;
    for (const w of this.readyWaiters.splice(0)) w.reject(err);
    const pending = [...this.queue.splice(0)];
    for (const s of this.slots) {
      if (s.current) pending.push(s.current);
      s.current = null;
      s.handle.kill();
    }
    for (const p of pending) {
      if (p.onAbort) p.signal?.removeEventListener('abort', p.onAbort);
      p.reject(err);
    }
  }
}

function cancelled(path: string, attempts: number): JobOutcome {
  return { ok: false, path, attempts, error: { kind: 'cancelled', message: 'analysis cancelled' }, timingsMs: {} };
}
