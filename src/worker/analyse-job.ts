/**
 * One analysis job inside a worker: check the file, decode the planned windows (input seeking, so a
 * 2-hour file costs only its windows), extract the 57 features per window, then run ONE batched
 * inference call over all windows. Every failure becomes a structured {kind, message}; timings are
 * kept per stage (milliseconds) so the store and the benchmark can show where time goes.
 */
import { constants as fsConstants } from 'node:fs';
import { access, stat } from 'node:fs/promises';
import { DecodeError, FeatureError, ModelError, errorMessage } from '../core/errors.ts';
import { FEATURE_COLUMNS, SAMPLE_RATE, featureVectorToArray, type FeatureVector } from '../core/features/columns.ts';
import type { AnalysisSettings, JobError, JobMessage, ResultError, ResultOk, WindowResult, WindowSpec } from './protocol.ts';

export interface JobDeps {
  /**
   * Decodes the windows (one input-seeking ffmpeg run each; `timeoutMs` is the budget for the whole
   * file). Windows past the real end of the audio are dropped; none decodable is a DecodeError.
   */
  decodeWindows(path: string, windows: WindowSpec[], opts: { timeoutMs: number; signal: AbortSignal; ffmpegPath: string | null }): Promise<(WindowSpec & { samples: Float32Array })[]>;
  /** Fills `timings` with sub-stage milliseconds (added to, so windows accumulate). */
  extract(y: Float32Array, timings: Record<string, number>): FeatureVector;
  /** One batched call: one row of 57 features per window in, one probability row per window out. */
  predict(rows: Float64Array[]): Promise<ArrayLike<number>[]>;
  readDurationSec(path: string): Promise<number | null>;
  /** Unknown duration (null): one window from the start. */
  planWindows(durationSec: number | null, settings: AnalysisSettings): WindowSpec[];
  provider(): string;
}

type Stage = 'io' | 'decode' | 'features' | 'model';

class StageError extends Error {
  readonly kind: JobError['kind'];
  constructor(kind: JobError['kind'], message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.kind = kind;
  }
}

export function maxRssBytes(): number {
  // resourceUsage().maxRSS is in kilobytes.
  return process.resourceUsage().maxRSS * 1024;
}

function classify(err: unknown, stage: Stage): JobError {
  if (err instanceof StageError) return { kind: err.kind, message: err.message };
  if (err instanceof DecodeError) {
    if (err.code === 'DECODE_CANCELLED') return { kind: 'cancelled', message: 'analysis cancelled' };
    return { kind: 'decode', message: err.message };
  }
  if (err instanceof FeatureError) return { kind: 'features', message: err.message };
  if (err instanceof ModelError) return { kind: 'model', message: err.message };
  return { kind: stage, message: errorMessage(err) };
}

/** Readable-file check with messages a user understands (the decoder's would be ffmpeg's). */
async function checkFile(path: string): Promise<number> {
  let st;
  try {
    st = await stat(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new StageError('io', 'file not found (moved or deleted since the scan)', { cause: e });
    if (code === 'ELOOP') throw new StageError('io', 'too many levels of symbolic links', { cause: e });
    if (code === 'EACCES' || code === 'EPERM') throw new StageError('io', 'permission denied', { cause: e });
    throw new StageError('io', `cannot read file: ${errorMessage(e)}`, { cause: e });
  }
  if (st.isDirectory()) throw new StageError('io', 'is a directory, not an audio file');
  if (!st.isFile()) throw new StageError('io', 'not a regular file');
  if (st.size === 0) throw new StageError('decode', 'empty file (0 bytes)');
  try {
    await access(path, fsConstants.R_OK);
  } catch (e) {
    throw new StageError('io', 'permission denied (file is not readable)', { cause: e });
  }
  return st.size;
}

function add(t: Record<string, number>, key: string, ms: number): void {
  t[key] = (t[key] ?? 0) + ms;
}

export async function analyseJob(job: JobMessage, deps: JobDeps, signal: AbortSignal): Promise<ResultOk | ResultError> {
  const timings: Record<string, number> = {};
  const t0 = performance.now();
  let stage: Stage = 'io';
  try {
    await checkFile(job.path);
    let durationSec = job.durationSec;
    let windows = job.windows;
    if (!windows) {
      if (!job.analysis) throw new StageError('io', 'job has neither windows nor analysis settings');
      if (durationSec === null) {
        const tm = performance.now();
        durationSec = await deps.readDurationSec(job.path);
        add(timings, 'metadata', performance.now() - tm);
      }
      windows = deps.planWindows(durationSec, job.analysis);
    }
    if (windows.length === 0) throw new StageError('decode', 'no analysis windows (the file has no audio duration)');

    stage = 'decode';
    const td = performance.now();
    const decoded = await deps.decodeWindows(job.path, windows, { timeoutMs: job.timeoutMs, signal, ffmpegPath: job.ffmpegPath });
    add(timings, 'decode', performance.now() - td);
    let decodedSamples = 0;
    for (const w of decoded) decodedSamples += w.samples.length;
    if (decodedSamples === 0) throw new StageError('decode', 'ffmpeg decoded no audio samples (no audio data in the file)');

    stage = 'features';
    const tf = performance.now();
    const rows: Float64Array[] = [];
    const used: { w: WindowSpec; samples: number }[] = [];
    const sub: Record<string, number> = {};
    let firstFeatureError: unknown = null;
    for (const w of decoded) {
      if (signal.aborted) throw new StageError('cancelled', 'analysis cancelled');
      // A window that cannot be analysed (too short where the file ends early, or features that are
      // not finite) is skipped rather than failing the track, as long as another window is fine.
      try {
        const row = featureVectorToArray(deps.extract(w.samples, sub));
        const bad = row.findIndex((x) => !Number.isFinite(x));
        if (bad >= 0) throw new FeatureError(`feature ${FEATURE_COLUMNS[bad]} is not finite in the window at ${w.startSec} s`);
        rows.push(row);
        used.push({ w, samples: w.samples.length });
      } catch (e) {
        if (!(e instanceof FeatureError)) throw e;
        firstFeatureError ??= e;
      }
    }
    for (const [k, v] of Object.entries(sub)) add(timings, `features.${k}`, v);
    add(timings, 'features', performance.now() - tf);
    if (rows.length === 0) throw firstFeatureError ?? new StageError('features', 'no window had enough audio to analyse');

    stage = 'model';
    const ti = performance.now();
    const probs = await deps.predict(rows);
    add(timings, 'inference', performance.now() - ti);
    if (probs.length !== rows.length) throw new StageError('model', `model returned ${probs.length} rows for ${rows.length} windows`);

    const out: WindowResult[] = used.map(({ w, samples }, i) => ({
      index: w.index,
      startSec: w.startSec,
      endSec: w.startSec + samples / SAMPLE_RATE,
      features: Array.from(rows[i]),
      probabilities: Array.from(probs[i]),
    }));
    timings.total = performance.now() - t0;
    return { type: 'result', ok: true, jobId: job.jobId, windows: out, timingsMs: timings, decodedSamples, durationSec, provider: deps.provider(), maxRssBytes: maxRssBytes() };
  } catch (err) {
    timings.total = performance.now() - t0;
    const error = signal.aborted ? { kind: 'cancelled' as const, message: 'analysis cancelled' } : classify(err, stage);
    return { type: 'result', ok: false, jobId: job.jobId, error, timingsMs: timings, maxRssBytes: maxRssBytes() };
  }
}
