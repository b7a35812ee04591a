/**
 * The model card / manifest that sits beside each shipped .onnx file. `modelManifestSchema` covers
 * what inference needs and is what loadGenreModel validates; `modelCardSchema` adds the training
 * report the trainer always writes (candidates, cross-validation, validation metrics).
 */
import { z } from 'zod';

const tensorSpec = z.object({
  name: z.string().min(1),
  /** ['N', size]: a dynamic batch dimension, then the fixed width. */
  shape: z.tuple([z.literal('N'), z.number().int().positive()]),
  dtype: z.literal('float32'),
});

const thresholdSpec = z.object({
  /** Track predictions whose top probability is below this are reported as "unknown". */
  value: z.number().min(0).max(1),
  rule: z.string(),
  minCoverage: z.number().min(0).max(1),
  chosenOn: z.enum(['valid', 'out-of-fold']),
  coverage: z.number().min(0).max(1),
  accuracyOnAccepted: z.number().min(0).max(1),
  accuracyAll: z.number().min(0).max(1),
});

/**
 * The per-column transform the graph applies before standardisation (documentation for people and
 * tools: the app feeds raw features either way). Listed columns get ln(max(x, 0) + offset); every
 * other column passes unchanged. `offset` is the float32 value stored in the graph.
 */
const featureTransformSpec = z.object({
  id: z.string().min(1),
  rule: z.string(),
  inGraph: z.literal(true),
  columns: z.array(z.object({ feature: z.string().min(1), op: z.literal('log'), offset: z.number().positive() })),
});

export const modelManifestSchema = z.looseObject({
  schemaVersion: z.literal(1),
  name: z.string().regex(/^[a-z0-9][a-z0-9._-]*$/, 'a lowercase file-name-safe model name'),
  /** The .onnx file, relative to the manifest's folder. */
  file: z.string().min(1),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  labels: z.array(z.string().min(1)).min(2),
  input: tensorSpec,
  output: tensorSpec,
  featureNames: z.array(z.string().min(1)).min(1),
  featureVersion: z.string().min(1),
  standardizationInGraph: z.literal(true),
  /** Absent in manifests written before transforms existed (= no transform). */
  featureTransform: featureTransformSpec.optional(),
  onnx: z.object({ opset: z.number().int(), irVersion: z.number().int() }),
  unknownThreshold: thresholdSpec,
});

export type ModelManifest = z.infer<typeof modelManifestSchema>;

/** Networks list their Adam settings; LDA has none (it names its covariance estimate instead). */
const hyperParameters = z.object({
  hidden: z.array(z.number().int().positive()),
  members: z.number().int().positive(),
  l2: z.number().nonnegative().optional(),
  epochs: z.number().int().positive().optional(),
  batchSize: z.number().int().positive().optional(),
  learningRate: z.number().positive().optional(),
  covariance: z.string().optional(),
});

const family = z.enum(['lda', 'softmax-regression', 'mlp', 'mlp-ensemble']);

const accuracyStats = z.object({ mean: z.number(), sd: z.number(), folds: z.array(z.number()) });

export const modelCardSchema = modelManifestSchema.extend({
  featureTransform: featureTransformSpec,
  training: z.object({
    command: z.string(),
    data: z.string(),
    split: z.string(),
    trainRows: z.number().int(),
    validRows: z.number().int(),
    excludedRows: z.number().int(),
    excludedReason: z.string(),
    folds: z.number().int(),
    seed: z.number().int(),
    selection: z.string(),
    selectionResult: z.object({
      scoredOn: z.enum(['valid', 'cv']),
      bestId: z.string(),
      bestScore: z.number(),
      standardError: z.number(),
      cutoff: z.number(),
    }),
    dateRule: z.string(),
  }),
  candidates: z.array(
    z.object({
      id: z.string(),
      family,
      featureTransform: z.string(),
      parameters: z.number().int().positive(),
      hyperParameters,
      cvAccuracyTrain: accuracyStats,
      validAccuracy: z.number().nullable(),
    }),
  ),
  chosen: z.object({ id: z.string(), family, featureTransform: z.string(), parameters: z.number().int().positive(), hyperParameters }),
  /** Temperature scaling already folded into the graph's last layer (1 = none). */
  calibration: z.object({
    method: z.enum(['temperature', 'none']),
    temperature: z.number().positive(),
    fittedOn: z.string(),
    outOfFoldLogLoss: z.object({ before: z.number(), after: z.number() }),
    valid: z.object({ logLossBefore: z.number(), logLossAfter: z.number(), eceBefore: z.number(), eceAfter: z.number() }).nullable(),
  }),
  metrics: z.object({
    cvAccuracyTrain: accuracyStats,
    valid: z.object({
      n: z.number().int(),
      correct: z.number().int(),
      accuracy: z.number(),
      perClass: z.array(z.object({ label: z.string(), precision: z.number(), recall: z.number(), support: z.number().int() })),
      confusionAxes: z.string(),
      confusion: z.array(z.array(z.number().int())),
    }),
  }),
  notes: z.array(z.string()),
});

export type ModelCard = z.infer<typeof modelCardSchema>;

/** The model shipped in resources/models and used when no other manifest is configured. */
export const DEFAULT_MODEL_NAME = 'gtzan-genre-v1';
