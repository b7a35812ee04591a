/**
 * Turns a worker's per-window answer into the track-level result: aggregate the window
 * probabilities (model/aggregate.ts), name each probability by its label, keep the per-stage timings.
 */
import { FEATURE_VERSION } from '../features/columns.ts';
import { aggregateTrack } from '../model/aggregate.ts';
import type { AnalysisInput } from '../store/types.ts';
import type { ResultOk } from '../../worker/protocol.ts';
import type { ModelIdentity } from './model-identity.ts';

export function labelled(labels: readonly string[], probs: ArrayLike<number>): Record<string, number> {
  const out: Record<string, number> = {};
  labels.forEach((l, i) => (out[l] = probs[i]));
  return out;
}

export function analysisInputFromResult(result: ResultOk, model: Pick<ModelIdentity, 'modelName' | 'modelHash' | 'labels' | 'threshold'>): AnalysisInput {
  const windowProbs = result.windows.map((w) => Float32Array.from(w.probabilities));
  const agg = aggregateTrack(windowProbs, model.labels, model.threshold);
  return {
    modelName: model.modelName,
    modelHash: model.modelHash,
    featureVersion: FEATURE_VERSION,
    // The store keeps the best label even below the threshold; `unknown` says whether it is shown.
    genre: agg.top3[0].genre,
    confidence: agg.confidence,
    unknown: agg.unknown,
    probabilities: agg.probabilities,
    top3: agg.top3,
    provider: result.provider,
    timingsMs: result.timingsMs,
    windows: result.windows.map((w) => ({
      index: w.index,
      startSec: w.startSec,
      endSec: w.endSec,
      features: w.features,
      probabilities: labelled(model.labels, w.probabilities),
    })),
  };
}
