/**
 * The generic genre trainer: labelled feature rows in, a chosen classifier and its evaluation out.
 * It knows nothing about GTZAN (train-cli.ts supplies those rows); the same entry point is meant to
 * learn from a user's own tagged tracks. Only DEFAULT_CANDIDATES assume the 57-column
 * FEATURE_COLUMNS layout (their log transform names the `_var` columns).
 *
 * Protocol: every candidate gets stratified k-fold cross-validation on the training rows and, when
 * validation rows are given, a fit on all training rows scored on them. The chosen candidate follows
 * the one-standard-error rule (selectCandidate): the smallest model whose validation accuracy is
 * within one standard error of the best; without validation rows the CV mean plays that part. The
 * "unknown" threshold is chosen on the validation predictions (or on out-of-fold predictions
 * without them).
 */
import { fitNetwork, fitStandardizer, memberLogits, predictProbabilities, standardize } from './network.ts';
import { applyTemperature, expectedCalibrationError, fitTemperature, logLoss, temperatureProbabilities } from './calibration.ts';
import type { Classifier, FitParams, Network } from './network.ts';
import { chooseThreshold, evaluate, meanAndSd, accuracy } from './metrics.ts';
import type { EvaluationReport, ThresholdChoice } from './metrics.ts';
import { deriveSeed, Prng } from './prng.ts';
import { applyColumnTransform, fitColumnTransform, IDENTITY_TRANSFORM, LOG_VARIANCES_TRANSFORM } from './feature-transform.ts';
import { fitLda } from './lda.ts';
import type { FeatureTransformSpec } from './feature-transform.ts';
import { ModelError } from '../errors.ts';

export interface LabeledRow {
  features: Float64Array;
  label: string;
}

interface CandidateBase {
  id: string;
  /** Per-column transform before standardisation; default IDENTITY_TRANSFORM. */
  transform?: FeatureTransformSpec;
}

/** Shrinkage LDA (lda.ts): closed form, no hyper-parameters. */
export interface LdaCandidateSpec extends CandidateBase {
  family: 'lda';
  members: 1;
}

/** Networks trained by Adam (network.ts); softmax regression is the no-hidden-layer case. */
export interface NetworkCandidateSpec extends CandidateBase {
  family: 'softmax-regression' | 'mlp' | 'mlp-ensemble';
  /** Ensemble size (1 for a single network). */
  members: number;
  fit: FitParams;
}

export type CandidateSpec = LdaCandidateSpec | NetworkCandidateSpec;

export interface TrainOptions {
  /** Output order; default: the distinct labels of `rows`, sorted. */
  labels?: string[];
  validRows?: LabeledRow[];
  candidates?: CandidateSpec[];
  folds?: number;
  seed?: number;
  /** Coverage floor for the unknown threshold (see chooseThreshold). */
  minCoverage?: number;
  /** Temperature-scale the chosen model on its out-of-fold predictions (calibration.ts); default true. */
  calibrate?: boolean;
  onProgress?: (message: string) => void;
}

export interface CandidateResult {
  spec: CandidateSpec;
  /** Trainable parameters of the fitted model (the complexity measure of the selection rule). */
  parameters: number;
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
  selection: SelectionReport;
  calibration: CalibrationReport;
}

/** Temperature scaling of the chosen model (temperature 1 = none). Accuracy is unaffected. */
export interface CalibrationReport {
  method: 'temperature' | 'none';
  temperature: number;
  /** Log loss of the chosen candidate's out-of-fold predictions, before and after (what T was fitted on). */
  outOfFoldLogLoss: { before: number; after: number };
  /** Log loss and expected calibration error on the validation rows, before and after (null without them). */
  valid: { logLossBefore: number; logLossAfter: number; eceBefore: number; eceAfter: number } | null;
}

/** How the one-standard-error rule played out (see selectCandidate). */
export interface SelectionReport {
  scoredOn: 'valid' | 'cv';
  /** The candidate with the best score, and that score's standard error. */
  bestId: string;
  bestScore: number;
  standardError: number;
  /** Candidates scoring at least this were eligible; the one with the fewest parameters won. */
  cutoff: number;
}

export const DEFAULT_SEED = 20_150_601;
export const DEFAULT_FOLDS = 5;
export const DEFAULT_MIN_COVERAGE = 0.8;

/**
 * The compared grid: shrinkage LDA, softmax regression, MLPs and an MLP ensemble, each on raw
 * features and with the log transform of the variance columns (feature-transform.ts). Listed
 * simplest first; list order is only the last tie-break of the selection rule.
 */
export const DEFAULT_CANDIDATES: CandidateSpec[] = [
  lda('lda-lw'),
  softmax('softmax-l2=0.01', 0.01),
  softmax('softmax-l2=0.1', 0.1),
  mlp('mlp-h16-l2=0.03', 16, 0.03, 1),
  mlp('mlp-h32-l2=0.01', 32, 0.01, 1),
  mlp('mlp-h32-l2=0.03', 32, 0.03, 1),
  mlp('mlp-h64-l2=0.03', 64, 0.03, 1),
  mlp('mlp-h32-l2=0.03-x5', 32, 0.03, 5),
].flatMap((spec) => [spec, { ...spec, id: `${spec.id}+logvar`, transform: LOG_VARIANCES_TRANSFORM }]);

function lda(id: string): CandidateSpec {
  return { id, family: 'lda', members: 1 };
}

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

/** Weights and biases of a candidate's model for `inputs` features and `classes` outputs. */
export function parameterCount(spec: CandidateSpec, inputs: number, classes: number): number {
  const sizes = [inputs, ...(spec.family === 'lda' ? [] : spec.fit.hidden), classes];
  let n = 0;
  for (let k = 0; k + 1 < sizes.length; k++) n += sizes[k] * sizes[k + 1] + sizes[k + 1];
  return n * spec.members;
}

/** Fits one candidate on `rows` (column transform and standardiser included). Deterministic for a given seed. */
export function fitCandidate(rows: LabeledRow[], labels: string[], spec: CandidateSpec, seed: number): Classifier {
  const transform = fitColumnTransform(rows.map((r) => r.features), spec.transform ?? IDENTITY_TRANSFORM);
  const feats = applyColumnTransform(rows.map((r) => r.features), transform);
  const standardizer = fitStandardizer(feats);
  const x = standardize(feats, standardizer);
  const y = encodeLabels(rows, labels);
  const members: Network[] = [];
  if (spec.family === 'lda') members.push(fitLda(x, y, labels.length).network);
  else for (let m = 0; m < spec.members; m++) members.push(fitNetwork(x, y, labels.length, spec.fit, deriveSeed(seed, 1000 + m)));
  return { labels: [...labels], transform, standardizer, members };
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
  const foldModels = new Map<string, { model: Classifier; testIdx: number[] }[]>();
  const validModels = new Map<string, Classifier>();
  for (const spec of candidates) {
    const foldAcc: number[] = [];
    const fitted: { model: Classifier; testIdx: number[] }[] = [];
    for (let k = 0; k < folds; k++) {
      const trainIdx = rows.flatMap((_, i) => (fold[i] === k ? [] : [i]));
      const testIdx = rows.flatMap((_, i) => (fold[i] === k ? [i] : []));
      const model = fitCandidate(trainIdx.map((i) => rows[i]), labels, spec, deriveSeed(seed, 2, k));
      const probs = predictProbabilities(model, testIdx.map((i) => rows[i].features));
      fitted.push({ model, testIdx });
      foldAcc.push(accuracy(probs, testIdx.map((i) => y[i])));
    }
    foldModels.set(spec.id, fitted);
    let validAccuracy: number | null = null;
    if (validRows && yValid) {
      const model = fitCandidate(rows, labels, spec, deriveSeed(seed, 3));
      validModels.set(spec.id, model);
      validAccuracy = accuracy(predictProbabilities(model, validRows.map((r) => r.features)), yValid);
    }
    const cv = meanAndSd(foldAcc);
    results.push({ spec, parameters: parameterCount(spec, dim, labels.length), cvAccuracy: { ...cv, folds: foldAcc }, validAccuracy });
    progress(`${spec.id}: cv ${fmt(cv.mean)} ± ${fmt(cv.sd)}${validAccuracy === null ? '' : `, valid ${fmt(validAccuracy)}`}`);
  }

  const selection = selectCandidate(results, validRows?.length ?? null, folds);
  const chosen = (results.find((r) => r.spec.id === selection.chosenId) ?? results[0]).spec;
  // The final model is the same fit (same rows, same seed) that produced the validation score,
  // temperature-scaled on the out-of-fold logits of the same candidate's CV fits.
  const fitModel = validModels.get(chosen.id) ?? fitCandidate(rows, labels, chosen, deriveSeed(seed, 3));
  const oofLogits = outOfFoldLogits(foldModels.get(chosen.id) ?? [], rows, labels.length);
  const temperature = options.calibrate === false ? 1 : fitTemperature(oofLogits, y, labels.length);
  const model = applyTemperature(fitModel, temperature);
  const oofLoss = (t: number): number => logLoss(temperatureProbabilities(oofLogits, t, labels.length), y);
  let valid: EvaluationReport | null = null;
  let threshold: TrainResult['threshold'];
  let validCalibration: CalibrationReport['valid'] = null;
  if (validRows && yValid) {
    const before = predictProbabilities(fitModel, validRows.map((r) => r.features));
    const probs = predictProbabilities(model, validRows.map((r) => r.features));
    valid = evaluate(probs, yValid, labels);
    threshold = { ...chooseThreshold(probs, yValid, minCoverage), source: 'valid' };
    validCalibration = {
      logLossBefore: logLoss(before, yValid),
      logLossAfter: logLoss(probs, yValid),
      eceBefore: expectedCalibrationError(before, yValid),
      eceAfter: expectedCalibrationError(probs, yValid),
    };
  } else {
    const oof = temperatureProbabilities(oofLogits, temperature, labels.length);
    threshold = { ...chooseThreshold(oof, y, minCoverage), source: 'out-of-fold' };
  }
  const calibration: CalibrationReport = {
    method: temperature === 1 ? 'none' : 'temperature',
    temperature,
    outOfFoldLogLoss: { before: oofLoss(1), after: oofLoss(temperature) },
    valid: validCalibration,
  };
  progress(`chosen ${chosen.id}; temperature ${temperature.toFixed(3)} (out-of-fold log loss ${fmt(calibration.outOfFoldLogLoss.before)} → ${fmt(calibration.outOfFoldLogLoss.after)})`);
  const { chosenId: _chosenId, ...selectionReport } = selection;
  return { model, chosen, candidates: results, folds, seed, trainRows: rows.length, valid, threshold, selection: selectionReport, calibration };
}

/** Per-member logits of every training row, each from the fold model that did not see it. */
function outOfFoldLogits(fits: { model: Classifier; testIdx: number[] }[], rows: LabeledRow[], classes: number): Float64Array[] {
  const members = fits[0]?.model.members.length ?? 0;
  const out = Array.from({ length: members }, () => new Float64Array(rows.length * classes));
  for (const { model, testIdx } of fits) {
    const z = memberLogits(model, testIdx.map((i) => rows[i].features));
    z.forEach((m, k) => testIdx.forEach((row, j) => out[k].set(m.subarray(j * classes, (j + 1) * classes), row * classes)));
  }
  return out;
}

/**
 * The one-standard-error rule: find the best score (validation accuracy, or the CV mean without
 * validation rows; ties: higher CV mean, then list order); every candidate within one standard
 * error of it is eligible (binomial SE √(p(1−p)/n) of the best validation accuracy, or the CV
 * folds' sd/√k); among those, the one with the fewest parameters wins (ties: higher score, higher
 * CV mean, then list order). On ~200 validation rows one SE is ~3.5 points, so a bigger model has
 * to beat a smaller one clearly to be chosen.
 */
export function selectCandidate(results: CandidateResult[], validRows: number | null, folds: number): SelectionReport & { chosenId: string } {
  if (results.length === 0) throw new ModelError('no candidates to choose from');
  const score = (r: CandidateResult): number => r.validAccuracy ?? r.cvAccuracy.mean;
  const better = (a: CandidateResult, b: CandidateResult): boolean => score(a) > score(b) || (score(a) === score(b) && a.cvAccuracy.mean > b.cvAccuracy.mean);
  let best = results[0];
  for (const r of results.slice(1)) if (better(r, best)) best = r;
  const p = score(best);
  const standardError = validRows !== null ? Math.sqrt((p * (1 - p)) / validRows) : best.cvAccuracy.sd / Math.sqrt(folds);
  const cutoff = p - standardError;
  let chosen: CandidateResult | null = null;
  for (const r of results) {
    if (score(r) < cutoff) continue;
    if (!chosen || r.parameters < chosen.parameters || (r.parameters === chosen.parameters && better(r, chosen))) chosen = r;
  }
  return { scoredOn: validRows !== null ? 'valid' : 'cv', bestId: best.spec.id, bestScore: p, standardError, cutoff, chosenId: (chosen ?? best).spec.id };
}

/**
 * The final fit of a chosen candidate, as trainGenreClassifier makes it (for reproduction checks):
 * `temperature` is the one it fitted (TrainResult.calibration, the card's calibration.temperature).
 */
export function refitChosen(rows: LabeledRow[], labels: string[], spec: CandidateSpec, seed: number = DEFAULT_SEED, temperature = 1): Classifier {
  return applyTemperature(fitCandidate(rows, labels, spec, deriveSeed(seed, 3)), temperature);
}

function fmt(x: number): string {
  return x.toFixed(4);
}
