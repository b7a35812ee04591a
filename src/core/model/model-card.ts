/**
 * Turns a TrainResult into the shipped pair: `<name>.onnx` and its card `<name>.json`. Generic: the
 * caller describes the data (GTZAN for the bundled model, a user's library later).
 *
 * Reproducibility: the ONNX bytes depend only on the trained weights; the card depends on the
 * training report plus one date. The date is GENRESCOPE_TRAIN_DATE (YYYY-MM-DD) when set; otherwise
 * an existing card for the same name keeps its date when its sha256 equals the new model's (so
 * retraining an unchanged model rewrites identical bytes); otherwise today's UTC date.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { FEATURE_COLUMNS, FEATURE_VERSION } from '../features/columns.ts';
import { ModelError } from '../errors.ts';
import { exportClassifierToOnnx, INPUT_NAME, ONNX_IR_VERSION, ONNX_OPSET, OUTPUT_NAME } from './onnx-export.ts';
import type { ModelCard } from './manifest.ts';
import type { Classifier } from './network.ts';
import type { CandidateSpec, TrainResult } from './trainer.ts';
import { featureTransformById, IDENTITY_TRANSFORM } from './feature-transform.ts';

export interface CardContext {
  name: string;
  command: string;
  data: string;
  split: string;
  validRows: number;
  excludedRows: number;
  excludedReason: string;
  notes: string[];
}

export interface ModelArtifacts {
  onnx: Uint8Array;
  card: ModelCard;
}

export const TRAIN_DATE_ENV = 'GENRESCOPE_TRAIN_DATE';

const round4 = (x: number): number => Math.round(x * 1e4) / 1e4;

export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** The ONNX bytes a card describes: the same export options every time, for reproducible files. */
export function exportForCard(model: Classifier, name: string): Uint8Array {
  return exportClassifierToOnnx(model, { graphName: name, metadata: { labels: model.labels.join(','), feature_version: FEATURE_VERSION } });
}

/** The CandidateSpec a card's `chosen` entry describes (to refit it, e.g. in reproduction checks). */
export function chosenSpec(card: ModelCard): CandidateSpec {
  const { id, family, hyperParameters: h } = card.chosen;
  const transform = featureTransformById(card.chosen.featureTransform);
  if (family === 'lda') return { id, family, members: 1, transform };
  const { l2, epochs, batchSize, learningRate } = h;
  if (l2 === undefined || epochs === undefined || batchSize === undefined || learningRate === undefined) {
    throw new ModelError(`model card ${card.name}: the ${family} candidate ${id} lacks its training hyper-parameters`);
  }
  return { id, family, members: h.members, transform, fit: { hidden: [...h.hidden], l2, epochs, batchSize, learningRate } };
}

function hyperParameters(spec: CandidateSpec): ModelCard['chosen']['hyperParameters'] {
  if (spec.family === 'lda') return { hidden: [], members: 1, covariance: 'pooled within-class, Ledoit-Wolf shrinkage towards a scaled identity' };
  return { ...spec.fit, hidden: [...spec.fit.hidden], members: spec.members };
}

const TRANSFORM_RULE =
  'listed columns: x -> ln(max(x, 0) + offset), offset = 1e-3 x the training median of the column (float32 value as stored in the graph); ' +
  'all other columns unchanged; standardization (Sub mean, Div sd of the transformed training rows) follows, all inside the ONNX graph';

function featureTransformCard(model: Classifier): ModelCard['featureTransform'] {
  return {
    id: model.transform.id,
    rule: TRANSFORM_RULE,
    inGraph: true,
    columns: model.transform.logColumns.map((j, k) => ({ feature: FEATURE_COLUMNS[j], op: 'log' as const, offset: Math.fround(model.transform.offsets[k]) })),
  };
}

/** Stored in every card, whichever branch produced the date, so the card bytes don't depend on it. */
export const DATE_RULE = `${TRAIN_DATE_ENV} when set; else the previous card's date when the .onnx bytes are unchanged; else the training day (UTC)`;

export function buildModelArtifacts(result: TrainResult, ctx: CardContext, date: string): ModelArtifacts {
  const { model } = result;
  if (model.standardizer.mean.length !== FEATURE_COLUMNS.length) {
    throw new ModelError(`model has ${model.standardizer.mean.length} inputs; the feature extractor produces ${FEATURE_COLUMNS.length}`);
  }
  const onnx = exportForCard(model, ctx.name);
  const chosenResult = result.candidates.find((c) => c.spec.id === result.chosen.id);
  if (!chosenResult) throw new ModelError(`chosen candidate ${result.chosen.id} has no result`);
  const valid = result.valid;
  const t = result.threshold;
  const card: ModelCard = {
    schemaVersion: 1,
    name: ctx.name,
    file: `${ctx.name}.onnx`,
    sha256: sha256Hex(onnx),
    date,
    labels: [...model.labels],
    input: { name: INPUT_NAME, shape: ['N', FEATURE_COLUMNS.length], dtype: 'float32' },
    output: { name: OUTPUT_NAME, shape: ['N', model.labels.length], dtype: 'float32' },
    featureNames: [...FEATURE_COLUMNS],
    featureVersion: FEATURE_VERSION,
    standardizationInGraph: true,
    featureTransform: featureTransformCard(model),
    onnx: { opset: ONNX_OPSET, irVersion: ONNX_IR_VERSION },
    unknownThreshold: {
      value: t.threshold,
      rule:
        `highest accuracy on the accepted ${t.source === 'valid' ? 'validation' : 'out-of-fold'} rows (top probability >= threshold) ` +
        `subject to coverage >= ${t.minCoverage}; ties go to the lower threshold; candidate thresholds are the observed top probabilities floored to 4 decimals`,
      minCoverage: t.minCoverage,
      chosenOn: t.source,
      coverage: round4(t.coverage),
      accuracyOnAccepted: round4(t.accuracyOnAccepted),
      accuracyAll: round4(t.accuracyAll),
    },
    training: {
      command: ctx.command,
      data: ctx.data,
      split: ctx.split,
      trainRows: result.trainRows,
      validRows: ctx.validRows,
      excludedRows: ctx.excludedRows,
      excludedReason: ctx.excludedReason,
      folds: result.folds,
      seed: result.seed,
      selection:
        `each candidate: stratified ${result.folds}-fold CV on the training rows, then a fit on all training rows scored on the validation rows; ` +
        'one-standard-error rule: every candidate whose validation accuracy is at least the best one minus its binomial standard error sqrt(p(1-p)/n) is eligible, ' +
        'and the eligible candidate with the fewest parameters is chosen (ties: higher validation accuracy, higher CV mean, then list order). ' +
        'The shipped model is that fit (training rows only).',
      selectionResult: {
        scoredOn: result.selection.scoredOn,
        bestId: result.selection.bestId,
        bestScore: round4(result.selection.bestScore),
        standardError: round4(result.selection.standardError),
        cutoff: round4(result.selection.cutoff),
      },
      dateRule: DATE_RULE,
    },
    candidates: result.candidates.map((c) => ({
      id: c.spec.id,
      family: c.spec.family,
      featureTransform: (c.spec.transform ?? IDENTITY_TRANSFORM).id,
      parameters: c.parameters,
      hyperParameters: hyperParameters(c.spec),
      cvAccuracyTrain: { mean: round4(c.cvAccuracy.mean), sd: round4(c.cvAccuracy.sd), folds: c.cvAccuracy.folds.map(round4) },
      validAccuracy: c.validAccuracy === null ? null : round4(c.validAccuracy),
    })),
    chosen: {
      id: result.chosen.id,
      family: result.chosen.family,
      featureTransform: (result.chosen.transform ?? IDENTITY_TRANSFORM).id,
      parameters: chosenResult.parameters,
      hyperParameters: hyperParameters(result.chosen),
    },
    calibration: {
      method: result.calibration.method,
      // Exact, so refitChosen(…, temperature) reproduces the shipped bytes.
      temperature: result.calibration.temperature,
      fittedOn:
        'log loss of the chosen candidate\'s out-of-fold CV predictions on the training rows (validation rows not used); ' +
        'each member\'s last layer is divided by the temperature, so the graph is unchanged in shape and the arg-max (accuracy) is unaffected',
      outOfFoldLogLoss: { before: round4(result.calibration.outOfFoldLogLoss.before), after: round4(result.calibration.outOfFoldLogLoss.after) },
      valid: result.calibration.valid && {
        logLossBefore: round4(result.calibration.valid.logLossBefore),
        logLossAfter: round4(result.calibration.valid.logLossAfter),
        eceBefore: round4(result.calibration.valid.eceBefore),
        eceAfter: round4(result.calibration.valid.eceAfter),
      },
    },
    metrics: {
      cvAccuracyTrain: {
        mean: round4(chosenResult.cvAccuracy.mean),
        sd: round4(chosenResult.cvAccuracy.sd),
        folds: chosenResult.cvAccuracy.folds.map(round4),
      },
      valid: {
        n: valid?.n ?? 0,
        correct: valid ? valid.confusion.reduce((a, row, i) => a + row[i], 0) : 0,
        accuracy: round4(valid?.accuracy ?? 0),
        perClass: (valid?.perClass ?? []).map((p) => ({ label: p.label, precision: round4(p.precision), recall: round4(p.recall), support: p.support })),
        confusionAxes: 'rows: true label, columns: predicted label, both in `labels` order',
        confusion: valid?.confusion ?? [],
      },
    },
    notes: ctx.notes,
  };
  return { onnx, card };
}

/** The card's date, following the rule in this file's header. */
export function resolveTrainDate(outDir: string, name: string, sha256: string, env: NodeJS.ProcessEnv = process.env): string {
  const fromEnv = env[TRAIN_DATE_ENV];
  if (fromEnv !== undefined && fromEnv !== '') {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(fromEnv)) throw new ModelError(`${TRAIN_DATE_ENV} must be YYYY-MM-DD, got "${fromEnv}"`);
    return fromEnv;
  }
  const existing = path.join(outDir, `${name}.json`);
  if (existsSync(existing)) {
    try {
      const old = JSON.parse(readFileSync(existing, 'utf8')) as { sha256?: unknown; date?: unknown };
      if (old.sha256 === sha256 && typeof old.date === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(old.date)) {
        return old.date;
      }
    } catch {
      // An unreadable old card is simply replaced.
    }
  }
  return new Date().toISOString().slice(0, 10);
}

/**
 * Pretty JSON with short arrays of numbers/simple strings on one line (the confusion matrix stays a
 * grid), and short flat objects on one line (per-class metrics, transformed columns).
 */
export function cardJson(card: ModelCard): string {
  const simple = /^(-?[0-9.eE+-]+|"[A-Za-z0-9_.-]*")$/;
  const text = JSON.stringify(card, null, 2)
    .replace(/\[\s*([^[\]{}]*?)\s*\]/g, (whole, inner: string) => {
      const items = inner.split(/,\s*/);
      const flat = `[${items.join(', ')}]`;
      return items.every((s) => simple.test(s)) && flat.length <= 100 ? flat : whole;
    })
    .replace(/\{\n\s*((?:"[A-Za-z0-9_]+": (?:-?[0-9.eE+-]+|"[A-Za-z0-9_.-]*"),?\n\s*)+)\}/g, (whole, inner: string) => {
      const flat = `{ ${inner.trim().split(/,?\n\s*/).join(', ')} }`;
      return flat.length <= 100 ? flat : whole;
    });
  return `${text}\n`;
}

/** Writes both files atomically (temp file + rename), .onnx first so a card never names a missing model. */
export function writeModelArtifacts(outDir: string, artifacts: ModelArtifacts): { onnxPath: string; cardPath: string } {
  mkdirSync(outDir, { recursive: true });
  const onnxPath = path.join(outDir, artifacts.card.file);
  const cardPath = path.join(outDir, `${artifacts.card.name}.json`);
  for (const [file, data] of [
    [onnxPath, artifacts.onnx],
    [cardPath, cardJson(artifacts.card)],
  ] as const) {
    const tmp = `${file}.tmp-${process.pid}`;
    writeFileSync(tmp, data);
    renameSync(tmp, file);
  }
  return { onnxPath, cardPath };
}
