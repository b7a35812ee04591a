/**
 * One-off classification of files (CLI `classify`, drag and drop, "classify with Genrescope"): the
 * same worker pipeline as a scan, without adding the files to the library.
 */
import { statSync } from 'node:fs';
import path from 'node:path';
import { planAnalysisWindows } from '../decode/windows.ts';
import { MetadataError } from '../errors.ts';
import { FEATURE_VERSION } from '../features/columns.ts';
import type { AnalysisPool } from '../jobs/analysis-pool.ts';
import { runJobs } from '../jobs/run-jobs.ts';
import { readTrackMeta } from '../library/metadata.ts';
import type { TrackMeta } from '../library/types.ts';
import type { Store } from '../store/store.ts';
import type { ClassifyResult } from '../../shared/dto.ts';
import { analysisInputFromResult } from './analysis-result.ts';
import type { ModelIdentity } from './model-identity.ts';
import { preflightFailure, withMetaHint } from './preflight.ts';

/** A classification with the failure kind kept apart (the contract's ClassifyResult has only a message). */
export interface ClassifyOutcome {
  result: ClassifyResult;
  errorKind: string | null;
  cached: boolean;
  timingsMs: Record<string, number>;
}

export interface ClassifyOptions {
  signal?: AbortSignal;
  /** As each file finishes (index into the given paths). */
  onResult?: (o: ClassifyOutcome, index: number) => void;
}

export interface ClassifyContext {
  store: Store;
  pool: AnalysisPool;
  model: ModelIdentity;
  windows: { count: number; lengthSec: number };
  ffmpegPath: string | null;
  timeoutMs: number;
}

export async function classifyPaths(ctx: ClassifyContext, paths: string[], opts: ClassifyOptions = {}): Promise<ClassifyOutcome[]> {
const { store, pool, model } = ctx;
  const out: ClassifyOutcome[] = new Array(paths.length);
  const settle = (i: number, o: ClassifyOutcome) => {
    out[i] = o;
    opts.onResult?.(o, i);
  };
  const fail = (p: string, kind: string, message: string, timingsMs: Record<string, number> = {}): ClassifyOutcome => ({
    result: { path: p, genre: null, confidence: null, top3: [], model: model.modelName, provider: null, error: message },
    errorKind: kind,
    cached: false,
    timingsMs,
  });
  const items = paths.map((p, i) => ({ p: path.resolve(p), given: p, i, meta: null as TrackMeta | null, metaError: null as MetadataError | null }));
  await runJobs(
    pool,
    items,
    async (item) => {
      const cached = cachedClassification(store, item.p, model);
      if (cached) {
        settle(item.i, { result: { ...cached, path: item.given }, errorKind: null, cached: true, timingsMs: {} });
        return null;
      }
      try {
        item.meta = await readTrackMeta(item.p);
      } catch (e) {
        item.metaError = e instanceof MetadataError ? e : null;
      }
      const pre = preflightFailure(item.metaError);
      if (pre) {
        settle(item.i, fail(item.given, pre.kind, pre.message));
        return null;
      }
      const durationSec = item.meta?.durationSec ?? null;
      return { path: item.p, windows: planAnalysisWindows(durationSec, ctx.windows), durationSec, ffmpegPath: ctx.ffmpegPath, timeoutMs: ctx.timeoutMs };
    },
    (item, outcome) => {
      if (outcome.ok) {
        const a = analysisInputFromResult(outcome.result, model);
        settle(item.i, {
          result: { path: item.given, genre: a.unknown ? 'unknown' : a.genre, confidence: a.confidence, top3: a.top3.slice(0, 3), model: model.modelName, provider: a.provider, error: null },
          errorKind: null,
          cached: false,
          timingsMs: outcome.result.timingsMs,
        });
      } else {
        settle(item.i, fail(item.given, outcome.error.kind, withMetaHint(outcome.error, item.metaError), outcome.timingsMs));
      }
    },
    { signal: opts.signal },
  );
  for (let i = 0; i < out.length; i++) if (!out[i]) out[i] = fail(paths[i], 'cancelled', 'analysis cancelled');
  return out;
}

function cachedClassification(store: Store, p: string, model: ModelIdentity): ClassifyResult | null {
  const t = store.getTrackByPath(p);
  if (!t) return null;
  let st;
  try {
    st = statSync(p);
  } catch {
    return null;
  }
  if (st.size !== t.sizeBytes || st.mtimeMs !== t.mtimeMs) return null;
  if (store.analysisState(t.id, model.modelHash, FEATURE_VERSION) !== 'current') return null;
  const a = store.getAnalysis(t.id);
  if (!a) return null;
  return { path: p, genre: a.unknown ? 'unknown' : a.genre, confidence: a.confidence, top3: a.top3.slice(0, 3), model: a.modelName, provider: a.provider, error: null };
}
