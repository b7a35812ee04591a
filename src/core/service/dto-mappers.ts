/** Store records → contract DTOs (src/shared/dto.ts). */
import { FEATURE_COLUMNS } from '../features/columns.ts';
import type { Store } from '../store/store.ts';
import type { TrackListRow } from '../store/types.ts';
import type { ModelCard as ManifestCard } from '../model/manifest.ts';
import type { ModelCard, ProviderAttempt, TrackDetail, TrackRow } from '../../shared/dto.ts';

const clamp01 = (x: number) => Math.min(1, Math.max(0, x));

export function toTrackRow(r: TrackListRow): TrackRow {
  const row: TrackRow = {
    id: r.id,
    path: r.path,
    title: r.title,
    artist: r.artist,
    album: r.album,
    durationSec: r.durationSec !== null && r.durationSec >= 0 ? r.durationSec : null,
    genre: r.genre,
    confidence: r.confidence === null ? null : clamp01(r.confidence),
    top3: r.top3.slice(0, 3).map((t) => ({ genre: t.genre, p: clamp01(t.p) })),
    provider: r.provider,
    status: r.status,
  };
  if (r.error) row.error = r.error;
  return row;
}

export function toTrackDetail(store: Store, id: number): TrackDetail | null {
  const row = store.getTrackRow(id);
  const rec = store.getTrack(id);
  if (!row || !rec) return null;
  const a = store.getAnalysis(id);
  const f = store.getFailure(rec.path);
  return {
    ...toTrackRow(row),
    sizeBytes: rec.sizeBytes,
    existingTags: { title: rec.title, artist: rec.artist, album: rec.album, genre: rec.genreTags },
    analysis: a
      ? {
          modelName: a.modelName,
          modelHash: a.modelHash,
          featureVersion: a.featureVersion,
          provider: a.provider,
          analysedAt: new Date(a.analysedAt).toISOString(),
          timingsMs: a.timingsMs,
          windows: a.windows.map((w) => ({
            index: w.index,
            startSec: Math.max(0, w.startSec),
            endSec: Math.max(0, w.endSec),
            probabilities: w.probabilities,
            features: Object.fromEntries(FEATURE_COLUMNS.map((c, i) => [c, w.features[i]])),
          })),
          probabilities: a.probabilities,
        }
      : null,
    failure: f && !a ? { kind: f.kind, message: f.message } : null,
  };
}

/** The shipped manifest (with its training report) as the contract's model card. */
export function toModelCard(card: ManifestCard, modelHash: string, provider: string, providerAttempts: ProviderAttempt[]): ModelCard {
  const valid = card.metrics.valid;
  return {
    name: card.name,
    version: card.date,
    modelHash,
    labels: card.labels,
    featureNames: card.featureNames,
    featureVersion: card.featureVersion,
    data: card.training.data,
    split: card.training.split,
    cvAccuracy: clamp01(card.metrics.cvAccuracyTrain.mean),
    validAccuracy: clamp01(valid.accuracy),
    perClass: valid.perClass.map((c) => ({ label: c.label, precision: clamp01(c.precision), recall: clamp01(c.recall), support: c.support })),
    confusion: { labels: card.labels, matrix: valid.confusion },
    threshold: card.unknownThreshold.value,
    provider,
    providerAttempts,
    extra: {
      file: card.file,
      sha256: card.sha256,
      confusionAxes: valid.confusionAxes,
      unknownThreshold: card.unknownThreshold,
      training: card.training,
      chosen: card.chosen,
      candidates: card.candidates,
      notes: card.notes,
      onnx: card.onnx,
    },
  };
}
