/**
 * One library scan: walk the roots, decide per file whether it needs analysis (size+mtime unchanged
 * and analysed with this model and extractor → no; same content at a new path → moved, no), send
 * the rest through the worker pool, and store each result as soon as it arrives (its own
 * transaction: killing the process loses only the tracks in flight, and the next scan resumes).
 * Returns a result per item and counts.
 */
import { planAnalysisWindows } from '../decode/windows.ts';
import { MetadataError, errorMessage } from '../errors.ts';
import { FEATURE_VERSION } from '../features/columns.ts';
import type { AnalysisPool, JobOutcome, PoolJob } from '../jobs/analysis-pool.ts';
import { runJobs } from '../jobs/run-jobs.ts';
import { readTrackMeta } from '../library/metadata.ts';
import { quickHash } from '../library/quick-hash.ts';
import { scanRoots } from '../library/scan.ts';
import type { ScanProblem, ScanResult, ScanSkip, ScannedFile, TrackMeta } from '../library/types.ts';
import type { Store } from '../store/store.ts';
import type { FailureKind } from '../store/types.ts';
import { Gate, AsyncQueue } from './async-queue.ts';
import { analysisInputFromResult } from './analysis-result.ts';
import type { ModelIdentity } from './model-identity.ts';
import { preflightFailure, withMetaHint } from './preflight.ts';
import { SeenBatch } from './seen-batch.ts';
import { markGoneMissing, walkTargets, type TargetWalkResult } from './watch-targets.ts';

export type ScanItemStatus = 'analysed' | 'unchanged' | 'moved' | 'failed' | 'skipped' | 'cancelled';

export interface ScanItemResult {
  path: string;
  status: ScanItemStatus;
  trackId: number | null;
  /** shown genre ('unknown' below the threshold) for analysed / unchanged / moved tracks that have one */
  genre?: string | null;
  confidence?: number | null;
  /** failed: what went wrong; `cached` when the file is unchanged since it last failed (not retried) */
  error?: { kind: string; message: string; cached?: boolean } | null;
  /** skipped: why (hidden, system, symlink-loop, duplicate); moved: the previous path */
  reason?: string;
  timingsMs?: Record<string, number>;
  /** samples ffmpeg produced for the analysed windows (a whole-file decode would be far more) */
  decodedSamples?: number;
}

export interface ScanCountsSummary {
  total: number;
  analysed: number;
  unchanged: number;
  moved: number;
  failed: number;
  skipped: number;
  cancelled: number;
}

export interface ScanSummary {
  roots: string[];
  counts: ScanCountsSummary;
  results: ScanItemResult[];
  aborted: boolean;
  elapsedMs: number;
  /** provider: the workers' execution provider, null when no file needed analysis (no worker started) */
  model: { name: string; hash: string; provider: string | null };
  /** summed per-stage worker timings over the analysed tracks (ms) */
  stageTotalsMs: Record<string, number>;
}

export interface ScanRunContext {
  store: Store;
  pool: AnalysisPool;
  model: ModelIdentity;
  windows: { count: number; lengthSec: number };
  ffmpegPath: string | null;
  /** ffmpeg budget per file (ms) */
  timeoutMs?: number;
  /** paused: no new file is prepared or dispatched (running jobs finish) */
  gate?: Gate;
  /** Test hook routed to the pool: only honoured by workers started with GENRESCOPE_TEST_CRASH=1. */
  testCrashPaths?: ReadonlySet<string>;
}

export interface ScanRunOptions {
  signal?: AbortSignal;
  /** After every item (and when new files are found). */
  onProgress?: (p: ScanProgressSnapshot) => void;
  onItem?: (r: ScanItemResult) => void;
  /** After a file is registered and before its job is sent to a worker. */
  onQueued?: (path: string, trackId: number) => void | Promise<void>;
  /** Keep every item in summary.results (default true; large scans may only want counts). */
  keepResults?: boolean;
  /**
   * Scan only these files and folders under the roots (watch mode): same decisions per file, and only
   * the tracks at or under these paths that were not seen (deleted, moved away) are flagged missing.
   */
  only?: readonly string[];
}

export interface ScanProgressSnapshot {
  found: number;
  counts: ScanCountsSummary;
  currentPath: string | null;
  walking: boolean;
  lastItem: ScanItemResult | null;
}

type Item =
  | { type: 'file'; file: ScannedFile; trackId?: number; metaError?: MetadataError | null }
  | { type: 'problem'; problem: ScanProblem }
  | { type: 'skip'; skip: ScanSkip };

/**
 * The store's failure kind for a job error kind. A worker crash is stored as 'crash', which the next
 * scan retries (unlike failures of the file itself); unknown kinds become 'other'.
 */
export function failureKind(kind: string): FailureKind {
  switch (kind) {
    case 'decode':
    case 'features':
    case 'model':
    case 'io':
    case 'timeout':
    case 'crash':
    case 'scan':
    case 'metadata':
      return kind;
    default:
      return 'other';
  }
}

export async function runScan(ctx: ScanRunContext, roots: string[], opts: ScanRunOptions = {}): Promise<ScanSummary> {
  const t0 = Date.now();
  const { store, pool, model } = ctx;
  const keep = opts.keepResults ?? true;
  const counts: ScanCountsSummary = { total: 0, analysed: 0, unchanged: 0, moved: 0, failed: 0, skipped: 0, cancelled: 0 };
  const results: ScanItemResult[] = [];
  const stageTotalsMs: Record<string, number> = {};
  const queue = new AsyncQueue<Item>();
  const seen = new SeenBatch(store.db);
  let found = 0;
  let walking = true;
  let currentPath: string | null = null;

  const progress = (lastItem: ScanItemResult | null) =>
    opts.onProgress?.({ found, counts: { ...counts }, currentPath, walking, lastItem });

  const finish = (r: ScanItemResult) => {
    counts.total++;
    counts[r.status]++;
    if (keep) results.push(r);
    opts.onItem?.(r);
    progress(r);
  };

  const walkAbort = new AbortController();
  const walkSignal = opts.signal ? AbortSignal.any([opts.signal, walkAbort.signal]) : walkAbort.signal;
  const walkOpts = {
    signal: walkSignal,
    onFile: (file: ScannedFile) => {
      found++;
      queue.push({ type: 'file', file });
    },
    onProblem: (problem: ScanProblem) => {
      found++;
      queue.push({ type: 'problem', problem });
    },
  };
  const walk: Promise<ScanResult | TargetWalkResult | null> = (opts.only ? walkTargets(opts.only, walkOpts) : scanRoots(roots, walkOpts)).then(
    (res) => {
      for (const skip of res.skipped) queue.push({ type: 'skip', skip });
      found += res.skipped.length;
      walking = false;
      queue.end();
      progress(null);
      return res;
    },
    (err: unknown) => {
      walking = false;
      queue.fail(err);
      return null;
    },
  );

  // One indexed row, not the stored analysis with its windows: this runs for every unchanged file.
  const shown = (trackId: number) => {
    const row = store.getTrackRow(trackId);
    return row ? { genre: row.genre, confidence: row.confidence } : {};
  };

  const prepare = async (item: Item): Promise<PoolJob | null> => {
    await ctx.gate?.wait();
    if (opts.signal?.aborted) return null;
    if (item.type === 'problem') {
      const { problem } = item;
      // A root that is not there is not a file of the library: report it, do not store it.
      if (problem.kind !== 'root-missing') store.recordFailure({ path: problem.path, kind: 'scan', message: problem.message });
      finish({ path: problem.path, status: 'failed', trackId: null, error: { kind: 'scan', message: problem.message } });
      return null;
    }
    if (item.type === 'skip') {
      finish({ path: item.skip.path, status: 'skipped', trackId: null, reason: item.skip.reason });
      return null;
    }
    const { file } = item;
    currentPath = file.path;
    seen.enter();
    const check = store.checkScanned({ path: file.path, sizeBytes: file.sizeBytes, mtimeMs: file.mtimeMs });
    let trackId: number;
    let durationSec: number | null;
    if (check.reason === 'unchanged') {
      trackId = check.id;
      const state = store.analysisState(trackId, model.modelHash, FEATURE_VERSION);
      if (state === 'current') {
        finish({ path: file.path, status: 'unchanged', trackId, ...shown(trackId) });
        return null;
      }
      if (state === 'failed') {
        const f = store.getFailure(file.path);
        finish({ path: file.path, status: 'failed', trackId, error: { kind: f?.kind ?? 'other', message: f?.message ?? 'analysis failed on an earlier scan', cached: true } });
        return null;
      }
      durationSec = store.getTrack(trackId)?.durationSec ?? null;
      seen.commit();
    } else {
      seen.commit();
      const hash = await quickHash(file.path).catch(() => null);
      let meta: TrackMeta | null = null;
      try {
        meta = await readTrackMeta(file.path);
      } catch (e) {
        // Unparseable tags are not fatal (ffmpeg may still decode the file); a missing, unreadable
        // or empty file is, with the tag reader's specific message.
        item.metaError = e instanceof MetadataError ? e : null;
      }
      const pre = preflightFailure(item.metaError ?? null);
      if (pre && item.metaError?.code === 'FILE_NOT_FOUND') {
        // Gone between the walk and now: nothing to add to the library.
        finish({ path: file.path, status: 'failed', trackId: null, error: pre });
        return null;
      }
      const up = store.upsertScannedTrack({ path: file.path, sizeBytes: file.sizeBytes, mtimeMs: file.mtimeMs, quickHash: hash }, meta);
      if (pre) {
        store.recordFailure({ path: file.path, trackId: up.id, kind: failureKind(pre.kind), message: pre.message });
        finish({ path: file.path, status: 'failed', trackId: up.id, error: pre });
        return null;
      }
      trackId = up.id;
      durationSec = meta?.durationSec ?? null;
      if (up.reason === 'moved' || up.reason === 'unchanged') {
        if (store.analysisState(trackId, model.modelHash, FEATURE_VERSION) === 'current') {
          const r: ScanItemResult = { path: file.path, status: up.reason, trackId, ...shown(trackId) };
          if (up.previousPath) r.reason = `moved from ${up.previousPath}`;
          finish(r);
          return null;
        }
      }
    }
    item.trackId = trackId;
    await opts.onQueued?.(file.path, trackId);
    return {
      path: file.path,
      windows: planAnalysisWindows(durationSec, ctx.windows),
      durationSec,
      ffmpegPath: ctx.ffmpegPath,
      timeoutMs: ctx.timeoutMs,
      testAction: ctx.testCrashPaths?.has(file.path) ? 'crash' : null,
    };
  };

  const onOutcome = (item: Item, outcome: JobOutcome) => {
    seen.commit();
    if (item.type !== 'file' || item.trackId === undefined) return;
    const trackId = item.trackId;
    const path = item.file.path;
    if (outcome.ok) {
      try {
        const input = analysisInputFromResult(outcome.result, model);
        store.saveAnalysis(trackId, input);
        for (const [k, v] of Object.entries(outcome.result.timingsMs)) stageTotalsMs[k] = (stageTotalsMs[k] ?? 0) + v;
        finish({
          path,
          status: 'analysed',
          trackId,
          genre: input.unknown ? 'unknown' : input.genre,
          confidence: input.confidence,
          timingsMs: outcome.result.timingsMs,
          decodedSamples: outcome.result.decodedSamples,
        });
      } catch (e) {
        const message = `could not store the analysis: ${errorMessage(e)}`;
        store.recordFailure({ path, trackId, kind: 'other', message });
        finish({ path, status: 'failed', trackId, error: { kind: 'store', message } });
      }
      return;
    }
    if (outcome.error.kind === 'cancelled') {
      finish({ path, status: 'cancelled', trackId });
      return;
    }
    const error = { kind: outcome.error.kind, message: withMetaHint(outcome.error, item.metaError ?? null) };
    store.recordFailure({ path, trackId, kind: failureKind(error.kind), message: error.message });
    finish({ path, status: 'failed', trackId, error, timingsMs: outcome.timingsMs });
  };

  try {
    await runJobs(pool, queue, prepare, onOutcome, { signal: opts.signal });
  } catch (e) {
    // The pool cannot work (model does not load): stop the walk too, then report the error.
    walkAbort.abort();
    await walk;
    throw e;
  } finally {
    seen.commit();
  }
  const walkResult = await walk;
  const aborted = opts.signal?.aborted === true || walkResult?.aborted === true;
  if (!aborted && walkResult) {
    // Roots that are not there right now (unmounted drive) keep their tracks as they are, and so do
    // folders that could not be listed: their files are unknown, not gone.
    const problems = walkResult.problems;
    const missingRoots = new Set(problems.filter((p) => p.kind === 'root-missing').map((p) => p.path));
    const rootIds = roots
      .filter((r) => !missingRoots.has(r))
      .map((r) => store.rootForPath(r)?.id)
      .filter((id): id is number => id !== undefined);
    const keepUnder = problems.filter((p) => p.kind === 'unreadable-dir').map((p) => p.path);
    if ('gone' in walkResult) markGoneMissing(store, t0, [...walkResult.gone, ...walkResult.folders], keepUnder);
    else if (rootIds.length > 0) store.markUnseenMissing(t0, { rootIds, keepUnder });
  }
  currentPath = null;
  return {
    roots,
    counts,
    results,
    aborted,
    elapsedMs: Date.now() - t0,
    model: { name: model.modelName, hash: model.modelHash, provider: pool.info?.provider ?? null },
    stageTotalsMs,
  };
}
