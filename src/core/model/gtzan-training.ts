/**
 * Trains the bundled genre model from the GTZAN material in ../shared and writes
 * resources/models/<name>.onnx + <name>.json. Everything GTZAN-specific lives here; the learning
 * itself is the generic trainer.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadGtzanSplits, GTZAN_SPLIT_DIR, GTZAN_TABLE } from './gtzan-data.ts';
import { DEFAULT_MODEL_NAME } from './manifest.ts';
import { buildModelArtifacts, resolveTrainDate, sha256Hex, writeModelArtifacts } from './model-card.ts';
import type { ModelArtifacts } from './model-card.ts';
import { trainGenreClassifier } from './trainer.ts';
import type { CandidateSpec, TrainResult } from './trainer.ts';
import { ModelError } from '../errors.ts';

/** src/core/model (or dist/core/model) → repository root. */
export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

export function defaultSharedDir(): string {
  return process.env.GENRESCOPE_SHARED ?? path.resolve(REPO_ROOT, '../shared');
}

export interface GtzanTrainingOptions {
  sharedDir?: string;
  outDir?: string;
  name?: string;
  candidates?: CandidateSpec[];
  /** Fixed date (YYYY-MM-DD) instead of the resolveTrainDate rule. */
  date?: string;
  write?: boolean;
  onProgress?: (message: string) => void;
}

export interface GtzanTrainingResult {
  result: TrainResult;
  artifacts: ModelArtifacts;
  paths: { onnxPath: string; cardPath: string } | null;
}

export function trainGtzanModel(options: GtzanTrainingOptions = {}): GtzanTrainingResult {
  const sharedDir = options.sharedDir ?? defaultSharedDir();
  const outDir = options.outDir ?? path.join(REPO_ROOT, 'resources', 'models');
  const name = options.name ?? DEFAULT_MODEL_NAME;
  const splits = loadGtzanSplits(sharedDir);
  if (splits.missing.train.length || splits.missing.valid.length) {
    throw new ModelError(
      `the feature table lacks ${splits.missing.train.length} train and ${splits.missing.valid.length} valid ids (first: ${[...splits.missing.train, ...splits.missing.valid][0]})`,
    );
  }
  const result = trainGenreClassifier(splits.train, {
    validRows: splits.valid,
    candidates: options.candidates,
    onProgress: options.onProgress,
  });
  const ctx = {
    name,
    command: 'npm run train',
    data:
      `GTZAN (Tzanetakis & Cook 2002), Kaggle features_30_sec.csv (librosa features of each 30-s clip, 57 columns), ` +
      `read from ../shared/${GTZAN_TABLE}`,
    split:
      `fault-filtered artist-disjoint split of Kereliuk, Sturm & Larsen (2015), ../shared/${GTZAN_SPLIT_DIR}: ` +
      `train ${splits.train.length} rows (fit + CV), valid ${splits.valid.length} rows (selection, threshold, reported metrics); ` +
      'the test split (290 clips) is not available here and no test accuracy is claimed',
    validRows: splits.valid.length,
    excludedRows: splits.excludedIds.length,
    excludedReason: 'ids in no split list: the known-faulty GTZAN clips (repetitions, distortions, mislabels)',
    notes: [
      'CV folds on train are not artist-disjoint (GTZAN has several clips per artist), so the CV accuracy is optimistic; the validation split is artist-disjoint from train and is the better estimate of accuracy on unseen music.',
      'The selection and the threshold both use the 197 validation rows, so the validation figures are slightly optimistic too; one validation row is 0.5 percentage points and candidates within about 3.5 points (one standard error) are not reliably different.',
      'The graph log-transforms the 28 variance (_var) columns before standardizing (see featureTransform), so the app feeds the 57 raw feature values.',
      'The unknown threshold is chosen on per-clip predictions of 30-s feature vectors; the app applies it to the mean of a track\'s window probabilities.',
    ],
  };
  let artifacts: ModelArtifacts;
  if (options.date !== undefined) {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(options.date)) throw new ModelError(`training date must be YYYY-MM-DD, got "${options.date}"`);
    artifacts = buildModelArtifacts(result, ctx, options.date);
  } else {
    // The date cannot change the .onnx bytes, so hash a first build to resolve it.
    const probe = buildModelArtifacts(result, ctx, '1970-01-01');
    artifacts = buildModelArtifacts(result, ctx, resolveTrainDate(outDir, name, sha256Hex(probe.onnx)));
  }
  const paths = options.write === false ? null : writeModelArtifacts(outDir, artifacts);
  return { result, artifacts, paths };
}
