/**
 * The message protocol between the engine (pool) and an analysis worker process. The same messages
 * travel over Electron's utilityProcess port and over Node's child_process IPC channel, so they are
 * plain JSON-safe objects (number arrays, no typed arrays) and every message is validated with zod on
 * arrival in both directions.
 */
import { z } from 'zod';

/** Error kinds a job can end with. 'crash' and 'cancelled' are set by the pool, never by a worker. */
export const JOB_ERROR_KINDS = ['decode', 'features', 'model', 'io', 'crash', 'cancelled', 'timeout'] as const;
export type JobErrorKind = (typeof JOB_ERROR_KINDS)[number];

export const jobErrorSchema = z.object({
  kind: z.enum(JOB_ERROR_KINDS),
  message: z.string(),
});
export type JobError = z.infer<typeof jobErrorSchema>;

export const windowSpecSchema = z.object({
  index: z.number().int().nonnegative(),
  startSec: z.number().nonnegative(),
  durationSec: z.number().positive(),
});
export type WindowSpec = z.infer<typeof windowSpecSchema>;

export const analysisSettingsSchema = z.object({
  count: z.number().int().positive(),
  lengthSec: z.number().positive(),
});
export type AnalysisSettings = z.infer<typeof analysisSettingsSchema>;

/** Execution providers the model loader knows (model/genre-model.ts ProviderName). */
export const EXECUTION_PROVIDERS = ['cuda', 'dml', 'coreml', 'webgpu', 'cpu'] as const;
export type ExecutionProvider = (typeof EXECUTION_PROVIDERS)[number];

// ---- parent -> worker ------------------------------------------------------------------------

export const initMessageSchema = z.object({
  type: z.literal('init'),
  modelManifestPath: z.string().nullable(),
  /** Execution providers to try, in order (e.g. ['cuda', 'cpu']); null = the platform's order ('auto'). */
  providers: z.array(z.enum(EXECUTION_PROVIDERS)).min(1).nullable(),
});
export type InitMessage = z.infer<typeof initMessageSchema>;

export const jobMessageSchema = z.object({
  type: z.literal('job'),
  jobId: z.number().int(),
  path: z.string(),
  /** Exact windows to decode; when absent the worker plans them from `analysis` and the file's duration. */
  windows: z.array(windowSpecSchema).nullable(),
  analysis: analysisSettingsSchema.nullable(),
  /** Duration in seconds if the caller already knows it (saves the worker reading the tags). */
  durationSec: z.number().nonnegative().nullable(),
  ffmpegPath: z.string().nullable(),
  timeoutMs: z.number().int().positive(),
  /**
   * Test hooks: 'crash' makes the worker die mid-job, 'hang' makes it never answer. Honoured only
   * when the worker process was started with GENRESCOPE_TEST_CRASH=1, so production jobs cannot
   * trigger them.
   */
  testAction: z.enum(['crash', 'hang']).nullable().optional(),
});
export type JobMessage = z.infer<typeof jobMessageSchema>;

export const cancelMessageSchema = z.object({ type: z.literal('cancel'), jobId: z.number().int() });
export const shutdownMessageSchema = z.object({ type: z.literal('shutdown') });

export const toWorkerSchema = z.discriminatedUnion('type', [initMessageSchema, jobMessageSchema, cancelMessageSchema, shutdownMessageSchema]);
export type ToWorker = z.infer<typeof toWorkerSchema>;

// ---- worker -> parent ------------------------------------------------------------------------

export const readyMessageSchema = z.object({
  type: z.literal('ready'),
  pid: z.number().int(),
  modelName: z.string(),
  modelHash: z.string(),
  /** Absolute path of the manifest the worker loaded (the engine reads the model card from it). */
  manifestPath: z.string().nullable(),
  labels: z.array(z.string()),
  threshold: z.number(),
  featureVersion: z.string(),
  provider: z.string(),
  providerAttempts: z.array(z.object({ provider: z.string(), ok: z.boolean(), error: z.string().nullable().optional() })),
});
export type ReadyMessage = z.infer<typeof readyMessageSchema>;

export const initErrorMessageSchema = z.object({
  type: z.literal('init-error'),
  pid: z.number().int(),
  error: jobErrorSchema,
});

export const windowResultSchema = z.object({
  index: z.number().int().nonnegative(),
  startSec: z.number(),
  endSec: z.number(),
  /** 57 values in FEATURE_COLUMNS order. */
  features: z.array(z.number()),
  /** One probability per label, in the model's label order. */
  probabilities: z.array(z.number()),
});
export type WindowResult = z.infer<typeof windowResultSchema>;

export const resultOkSchema = z.object({
  type: z.literal('result'),
  ok: z.literal(true),
  jobId: z.number().int(),
  windows: z.array(windowResultSchema),
  /** Milliseconds per stage: decode, features.<sub-stage>, features, inference, total. */
  timingsMs: z.record(z.string(), z.number()),
  decodedSamples: z.number().int().nonnegative(),
  durationSec: z.number().nonnegative().nullable(),
  provider: z.string(),
  /** Peak resident set of this worker process so far (bytes). */
  maxRssBytes: z.number().nonnegative(),
});

export const resultErrorSchema = z.object({
  type: z.literal('result'),
  ok: z.literal(false),
  jobId: z.number().int(),
  error: jobErrorSchema,
  timingsMs: z.record(z.string(), z.number()),
  maxRssBytes: z.number().nonnegative(),
});

export const fromWorkerSchema = z.union([readyMessageSchema, initErrorMessageSchema, resultOkSchema, resultErrorSchema]);
export type FromWorker = z.infer<typeof fromWorkerSchema>;
export type ResultOk = z.infer<typeof resultOkSchema>;
export type ResultError = z.infer<typeof resultErrorSchema>;

/** Env var that arms the test-only job actions (read only by the worker). */
export const TEST_CRASH_ENV = 'GENRESCOPE_TEST_CRASH';
