/**
 * The generic genre trainer: labelled feature rows in, a chosen classifier and its evaluation out.
 * It knows nothing about GTZAN (train-cli.ts supplies those rows); the same entry point is meant to
 * learn from a user's own tagged tracks.
 *
 * Protocol: every candidate gets stratified k-fold cross-validation on the training rows and, when
 * validation rows are given, a fit on all training rows scored on them. The chosen candidate is the
 * one with the best validation accuracy (ties: better CV mean, then earlier in the list, which is
 * ordered simplest first); without validation rows the CV mean decides. The "unknown" threshold is
 * chosen on the validation predictions (or on out-of-fold predictions without them).
 */
import { fitNetwork, fitStandardizer, predictProbabilities, standardize } from './network.ts';
import type { Classifier, FitParams, Network } from './network.ts';
import { chooseThreshold, evaluate, meanAndSd, accuracy } from './metrics.ts';
import type { EvaluationReport, ThresholdChoice } from './metrics.ts';
import { deriveSeed, Prng } from './prng.ts';
import { ModelError } from '../errors.ts';

export interface LabeledRow {
  features: Float64Array;
  label: string;
}

export interface CandidateSpec {
  id: string;
  family: 'softmax-regression' | 'mlp' | 'mlp-ensemble';
  /** Ensemble size (1 for a single network). */
  members: number;
  fit: FitParams;
}

export interface TrainOptions {
  /** Output order; default: the distinct labels of `rows`, sorted. */
  labels?: string[];
  validRows?: LabeledRow[];
  candidates?: CandidateSpec[];
  folds?: number;
  seed?: number;
  /** Coverage floor for the unknown threshold (see chooseThreshold). */
  minCoverage?: number;
  onProgress?: (message: string) => void;
}

export interface CandidateResult {
  spec: CandidateSpec;
  cvAccuracy: { mean: number; sd: number; folds: number[] };
  validAccuracy: number | null;
}

export interface TrainResult {
  model: Classifier;
  chosen: CandidateSpec;
  candidates: CandidateResult[];
  folds: number;
  seed: number;
  trainRows: number;
  /** Evaluation of `model` on validRows (null without them). */
  valid: EvaluationReport | null;
  threshold: ThresholdChoice & { source: 'valid' | 'out-of-fold' };
}

export const DEFAULT_SEED = 20_150_601;
export const DEFAULT_FOLDS = 5;
export const DEFAULT_MIN_COVERAGE = 0.8;

/** Simplest first: ties on the selection score go to the earlier entry. */
export const DEFAULT_CANDIDATES: CandidateSpec[] = [
  softmax('softmax-l2=0.01', 0.01),
  softmax('softmax-l2=0.1', 0.1),
  mlp('mlp-h16-l2=0.03', 16, 0.03, 1),
  mlp('mlp-h32-l2=0.01', 32, 0.01, 1),
  mlp('mlp-h32-l2=0.03', 32, 0.03, 1),
  mlp('mlp-h64-l2=0.03', 64, 0.03, 1),
  mlp('mlp-h32-l2=0.03-x5', 32, 0.03, 5),
];

function softmax(id: string, l2: number): CandidateSpec {
  return { id, family: 'softmax-regression', members: 1, fit: { hidden: [], l2, epochs: 100, batchSize: 32, learningRate: 0.01 } };
}

function mlp(id: string, hidden: number, l2: number, members: number): CandidateSpec {
  return {
    id,
    family: members > 1 ? 'mlp-ensemble' : 'mlp',
    members,
    fit: { hidden: [hidden], l2, epochs: 100, batchSize: 32, learningRate: 0.003 },
  };
}

/** Fits one candidate on `rows` (standardiser included). Deterministic for a given seed. */
export function fitCandidate(rows: LabeledRow[], labels: string[], spec: CandidateSpec, seed: number): Classifier {
  const feats = rows.map((r) => r.features);
  const standardizer = fitStandardizer(feats);
  const x = standardize(feats, standardizer);
  const y = encodeLabels(rows, labels);
  const members: Network[] = [];
  for (let m = 0; m < spec.members; m++) members.push(fitNetwork(x, y, labels.length, spec.fit, deriveSeed(seed, 1000 + m)));
  return { labels: [...labels], standardizer, members };
}

export function encodeLabels(rows: LabeledRow[], labels: string[]): Int32Array {
  const index = new Map(labels.map((l, i) => [l, i]));
  return Int32Array.from(rows, (r) => {
    const i = index.get(r.label);
    if (i === undefined) throw new ModelError(`row label "${r.label}" is not one of the model's labels (${labels.join(', ')})`);
    return i;
  });
}

/** Stratified fold index per row: each class is shuffled and dealt round-robin over the folds. */
export function stratifiedFolds(rows: LabeledRow[], folds: number, seed: number): Int32Array {
  const rng = new Prng(seed);
  const byLabel = new Map<string, number[]>();
  rows.forEach((r, i) => {
    const list = byLabel.get(r.label) ?? [];
    list.push(i);
    byLabel.set(r.label, list);
  });
  const fold = new Int32Array(rows.length);
  let offset = 0;
  for (const label of [...byLabel.keys()].sort()) {
    const idx = rng.shuffle(byLabel.get(label) ?? []);
    // Offsetting the deal per class keeps fold sizes balanced when class sizes aren't multiples of k.
    idx.forEach((row, j) => (fold[row] = (j + offset) % folds));
    offset += idx.length;
  }
  return fold;
}

function validateRows(rows: LabeledRow[], what: string, dim: number): void {
  rows.forEach((r, i) => {
    if (r.features.length !== dim) throw new ModelError(`${what} row ${i} has ${r.features.length} features, expected ${dim}`);
    for (let j = 0; j < dim; j++) {
      if (!Number.isFinite(r.features[j])) throw new ModelError(`${what} row ${i} (${r.label}) has a non-finite value in feature ${j}`);
    }
  });
}

export function trainGenreClassifier(rows: LabeledRow[], options: TrainOptions = {}): TrainResult {
  if (rows.length === 0) throw new ModelError('no training rows');
  const dim = rows[0].features.length;
  validateRows(rows, 'training', dim);
  const validRows = options.validRows ?? null;
  if (validRows) validateRows(validRows, 'validation', dim);
  const labels = options.labels ?? [...new Set(rows.map((r) => r.label))].sort();
  const folds = options.folds ?? DEFAULT_FOLDS;
  const seed = options.seed ?? DEFAULT_SEED;
  const candidates = options.candidates ?? DEFAULT_CANDIDATES;
  const minCoverage = options.minCoverage ?? DEFAULT_MIN_COVERAGE;
  const progress = options.onProgress ?? (() => {});
  const y = encodeLabels(rows, labels);
  const yValid = validRows ? encodeLabels(validRows, labels) : null;
  for (const label of labels) {
    const count = rows.filter((r) => r.label === label).length;
    if (count < folds) throw new ModelError(`label "${label}" has ${count} training rows; ${folds}-fold cross-validation needs at least ${folds}`);
  }

  const fold = stratifiedFolds(rows, folds, deriveSeed(seed, 1));
  const results: CandidateResult[] = [];
  const outOfFold = new Map<string, Float64Array[]>();
  const validModels = new Map<string, Classifier>();
  for (const spec of candidates) {
    const foldAcc: number[] = [];
    const oof: Float64Array[] = new Array<Float64Array>(rows.length);
    for (let k = 0; k < folds; k++) {
      const trainIdx = rows.flatMap((_, i) => (fold[i] === k ? [] : [i]));
      const testIdx = rows.flatMap((_, i) => (fold[i] === k ? [i] : []));
      const model = fitCandidate(trainIdx.map((i) => rows[i]), labels, spec, deriveSeed(seed, 2, k));
      const probs = predictProbabilities(model, testIdx.map((i) => rows[i].features));
      testIdx.forEach((row, j) => (oof[row] = probs[j]));
      foldAcc.push(accuracy(probs, testIdx.map((i) => y[i])));
    }
    outOfFold.set(spec.id, oof);
    let validAccuracy: number | null = null;
    if (validRows && yValid) {
      const model = fitCandidate(rows, labels, spec, deriveSeed(seed, 3));
      validModels.set(spec.id, model);
      validAccuracy = accuracy(predictProbabilities(model, validRows.map((r) => r.features)), yValid);
    }
    const cv = meanAndSd(foldAcc);
    results.push({ spec, cvAccuracy: { ...cv, folds: foldAcc }, validAccuracy });
    progress(`${spec.id}: cv ${fmt(cv.mean)} ± ${fmt(cv.sd)}${validAccuracy === null ? '' : `, valid ${fmt(validAccuracy)}`}`);
  }

  let best = results[0];
  for (const r of results.slice(1)) {
    const a = r.validAccuracy ?? r.cvAccuracy.mean;
    const b = best.validAccuracy ?? best.cvAccuracy.mean;
    if (a > b || (a === b && r.cvAccuracy.mean > best.cvAccuracy.mean)) best = r;
  }
  const chosen = best.spec;
  // The final model is the same fit (same rows, same seed) that produced the validation score.
  const model = validModels.get(chosen.id) ?? fitCandidate(rows, labels, chosen, deriveSeed(seed, 3));
  let valid: EvaluationReport | null = null;
  let threshold: TrainResult['threshold'];
  if (validRows && yValid) {
    const probs = predictProbabilities(model, validRows.map((r) => r.features));
    valid = evaluate(probs, yValid, labels);
    threshold = { ...chooseThreshold(probs, yValid, minCoverage), source: 'valid' };
  } else {
    threshold = { ...chooseThreshold(outOfFold.get(chosen.id) ?? [], y, minCoverage), source: 'out-of-fold' };
  }
  progress(`chosen ${chosen.id}`);
  return { model, chosen, candidates: results, folds, seed, trainRows: rows.length, valid, threshold };
}

/** The final fit of a chosen candidate, as trainGenreClassifier makes it (for reproduction checks). */
export function refitChosen(rows: LabeledRow[], labels: string[], spec: CandidateSpec, seed: number = DEFAULT_SEED): Classifier {
  return fitCandidate(rows, labels, spec, deriveSeed(seed, 3));
}

function fmt(x: number): string {
  return x.toFixed(4);
}
