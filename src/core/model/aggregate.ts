/**
 * Track-level genre from the per-window probabilities of one track: the mean over windows, the top
 * label, and "unknown" when the top mean probability is below the model's threshold (the scores
 * stay visible so the UI can still show what the model leaned towards).
 */
import { ModelError } from '../errors.ts';

export const UNKNOWN_GENRE = 'unknown';

export interface TrackPrediction {
  /** The top label, or 'unknown' when its probability is below the threshold. */
  genre: string;
  /** Mean probability of the top label (even when genre is 'unknown'). */
  confidence: number;
  /** The three most probable labels, most probable first (ties in label order). */
  top3: { genre: string; p: number }[];
  probabilities: Record<string, number>;
  unknown: boolean;
}

export function aggregateTrack(windowProbs: readonly ArrayLike<number>[], labels: readonly string[], threshold: number): TrackPrediction {
  if (windowProbs.length === 0) throw new ModelError('cannot aggregate a track with no analysed windows');
  if (labels.length === 0) throw new ModelError('cannot aggregate without labels');
  const k = labels.length;
  const mean = new Float64Array(k);
  windowProbs.forEach((p, w) => {
    if (p.length !== k) throw new ModelError(`window ${w} has ${p.length} probabilities, expected ${k} (one per label)`);
    for (let c = 0; c < k; c++) {
      if (!Number.isFinite(p[c])) throw new ModelError(`window ${w} has a non-finite probability for ${labels[c]}`);
      mean[c] += p[c];
    }
  });
  for (let c = 0; c < k; c++) mean[c] /= windowProbs.length;
  const ranked = labels.map((genre, c) => ({ genre, p: mean[c] })).sort((a, b) => b.p - a.p);
  const probabilities: Record<string, number> = {};
  labels.forEach((l, c) => (probabilities[l] = mean[c]));
  const top = ranked[0];
  const unknown = top.p < threshold;
  return { genre: unknown ? UNKNOWN_GENRE : top.genre, confidence: top.p, top3: ranked.slice(0, 3), probabilities, unknown };
}
