/**
 * Data shapes that cross the UI <-> engine boundary (IPC in Electron, WebSocket in `genrescope serve`).
 * Every shape is a zod schema so both ends validate; the TypeScript types are inferred from them.
 * This module is shared by Node (main, core, CLI) and the browser (renderer): zod only, no Node APIs.
 */
import { z } from 'zod';

const id = z.number().int().nonnegative();
const count = z.number().int().nonnegative();
const prob = z.number().min(0).max(1);
/** ISO-8601 timestamp text (e.g. `new Date().toISOString()`). */
const isoTime = z.string().min(1);
const nonEmpty = z.string().min(1);
/** label or column name -> number */
const numberMap = z.record(z.string(), z.number());

// ---------------------------------------------------------------- library / tracks

export const SortKeySchema = z.enum(['title', 'artist', 'album', 'duration', 'genre', 'confidence', 'path']);
export type SortKey = z.infer<typeof SortKeySchema>;

export const SortSchema = z.object({ key: SortKeySchema, dir: z.enum(['asc', 'desc']) });
export type Sort = z.infer<typeof SortSchema>;

export const GenreProbSchema = z.object({ genre: z.string(), p: prob });
export type GenreProb = z.infer<typeof GenreProbSchema>;

export const TrackStatusSchema = z.enum(['ok', 'failed', 'pending']);
export type TrackStatus = z.infer<typeof TrackStatusSchema>;

export const TrackRowSchema = z.object({
  id,
  path: nonEmpty,
  title: z.string().nullable(),
  artist: z.string().nullable(),
  album: z.string().nullable(),
  durationSec: z.number().nonnegative().nullable(),
  /** Model result, 'unknown' when below the model's threshold, null when not analysed yet. */
  genre: z.string().nullable(),
  confidence: prob.nullable(),
  top3: z.array(GenreProbSchema).max(3),
  /** Execution provider that produced the result ('cpu', 'cuda', ...); null when not analysed. */
  provider: z.string().nullable(),
  status: TrackStatusSchema,
  error: z.string().nullish(),
});
export type TrackRow = z.infer<typeof TrackRowSchema>;

export const ListTracksInputSchema = z.object({
  offset: count,
  limit: z.number().int().min(1).max(5000),
  sort: SortSchema,
  genre: z.string().optional(),
  search: z.string().max(500).optional(),
});
export type ListTracksInput = z.infer<typeof ListTracksInputSchema>;

export const TrackPageSchema = z.object({ total: count, rows: z.array(TrackRowSchema) });
export type TrackPage = z.infer<typeof TrackPageSchema>;

export const AnalysisWindowSchema = z.object({
  index: count,
  startSec: z.number().nonnegative(),
  endSec: z.number().nonnegative(),
  probabilities: numberMap,
  /** FeatureColumn -> value (the 57 GTZAN columns). */
  features: numberMap,
});
export type AnalysisWindow = z.infer<typeof AnalysisWindowSchema>;

export const AnalysisSchema = z.object({
  modelName: z.string(),
  modelHash: z.string(),
  featureVersion: z.string(),
  provider: z.string(),
  analysedAt: isoTime,
  /** stage name ('decode', 'features', 'inference', ...) -> milliseconds */
  timingsMs: numberMap,
  windows: z.array(AnalysisWindowSchema),
  /** Track-level probabilities (aggregated over windows): label -> p. */
  probabilities: numberMap,
});
export type Analysis = z.infer<typeof AnalysisSchema>;

export const FailureSchema = z.object({ kind: z.string(), message: z.string() });
export type Failure = z.infer<typeof FailureSchema>;

export const ExistingTagsSchema = z.object({
  title: z.string().nullable(),
  artist: z.string().nullable(),
  album: z.string().nullable(),
  genre: z.array(z.string()),
});
export type ExistingTags = z.infer<typeof ExistingTagsSchema>;

export const TrackDetailSchema = TrackRowSchema.extend({
  sizeBytes: count.nullable(),
  existingTags: ExistingTagsSchema,
  analysis: AnalysisSchema.nullable(),
  failure: FailureSchema.nullish(),
});
export type TrackDetail = z.infer<typeof TrackDetailSchema>;

export const TrackIdInputSchema = z.object({ id });
export type TrackIdInput = z.infer<typeof TrackIdInputSchema>;

export const PathInputSchema = z.object({ path: nonEmpty });
export type PathInput = z.infer<typeof PathInputSchema>;

export const RootsSchema = z.array(nonEmpty);
export type Roots = z.infer<typeof RootsSchema>;

// ---------------------------------------------------------------- scan

export const ScanStateSchema = z.enum(['idle', 'scanning', 'paused', 'cancelling']);
export type ScanState = z.infer<typeof ScanStateSchema>;

export const ScanFailureSchema = z.object({ path: z.string(), kind: z.string(), message: z.string() });
export type ScanFailure = z.infer<typeof ScanFailureSchema>;

/** One watched library folder: 'events' = file-system change events; 'polling' = only the periodic rescan finds changes (reason says why). */
export const WatchRootSchema = z.object({ path: nonEmpty, mode: z.enum(['events', 'polling']), reason: z.string().nullable() });
export type WatchRoot = z.infer<typeof WatchRootSchema>;

/** Watch mode (Settings → watch): folders watched, changes waiting, the periodic safety rescan. */
export const WatchStatusSchema = z.object({
  enabled: z.boolean(),
  roots: z.array(WatchRootSchema),
  /** changed paths waiting for the next watch scan */
  pending: count,
  /** a scan started by watch mode (changes or the periodic rescan) is running */
  scanning: z.boolean(),
  rescanIntervalSec: z.number().positive(),
  lastChangeAt: isoTime.nullable(),
  lastRescanAt: isoTime.nullable(),
  nextRescanAt: isoTime.nullable(),
  lastError: z.string().nullable(),
});
export type WatchStatus = z.infer<typeof WatchStatusSchema>;

export const ScanStatusSchema = z.object({
  state: ScanStateSchema,
  total: count,
  done: count,
  failed: count,
  skipped: count,
  tracksPerSec: z.number().nonnegative(),
  etaSec: z.number().nonnegative().nullable(),
  currentPath: z.string().nullable(),
  startedAt: isoTime.nullable(),
  failures: z.array(ScanFailureSchema),
  /** present when the engine supports watch mode */
  watch: WatchStatusSchema.optional(),
});
export type ScanStatus = z.infer<typeof ScanStatusSchema>;

export const StartScanInputSchema = z.object({ roots: z.array(nonEmpty).optional() });
export type StartScanInput = z.infer<typeof StartScanInputSchema>;

// ---------------------------------------------------------------- one-off classification

export const ClassifyFilesInputSchema = z.object({ paths: z.array(nonEmpty).min(1).max(10_000) });
export type ClassifyFilesInput = z.infer<typeof ClassifyFilesInputSchema>;

export const ClassifyResultSchema = z.object({
  path: z.string(),
  genre: z.string().nullable(),
  confidence: prob.nullable(),
  top3: z.array(GenreProbSchema).max(3),
  model: z.string().nullable(),
  provider: z.string().nullable(),
  /** null on success; the reason otherwise (the other fields are then null / empty). */
  error: z.string().nullable(),
});
export type ClassifyResult = z.infer<typeof ClassifyResultSchema>;

export const AudioUrlSchema = z.object({ url: nonEmpty });
export type AudioUrl = z.infer<typeof AudioUrlSchema>;

// ---------------------------------------------------------------- model card / settings

export const ProviderSchema = z.enum(['auto', 'cpu', 'cuda', 'dml', 'coreml', 'webgpu']);
export type ProviderPreference = z.infer<typeof ProviderSchema>;

export const ProviderAttemptSchema = z.object({
  provider: z.string(),
  ok: z.boolean(),
  error: z.string().nullable(),
});
export type ProviderAttempt = z.infer<typeof ProviderAttemptSchema>;

export const ClassMetricsSchema = z.object({
  label: z.string(),
  precision: z.number().min(0).max(1),
  recall: z.number().min(0).max(1),
  support: count.nullish(),
});
export type ClassMetrics = z.infer<typeof ClassMetricsSchema>;

/**
 * The shipped model's manifest as a card, plus which execution provider is in use. Fields the
 * manifest has beyond these may ride along in `extra` (shown as-is).
 */
export const ModelCardSchema = z.object({
  name: z.string(),
  version: z.string(),
  modelHash: z.string(),
  labels: z.array(z.string()).min(1),
  featureNames: z.array(z.string()),
  featureVersion: z.string(),
  /** What the model was trained on (data set, size, licence) in words. */
  data: z.string(),
  /** How train/validation were split (e.g. artist-filtered folds) in words. */
  split: z.string(),
  cvAccuracy: prob.nullable(),
  validAccuracy: prob.nullable(),
  perClass: z.array(ClassMetricsSchema),
  /** confusion.matrix[true][predicted] counts, rows/columns in confusion.labels order. */
  confusion: z.object({ labels: z.array(z.string()), matrix: z.array(z.array(z.number())) }),
  /** Below this top probability the result is reported as 'unknown'. */
  threshold: prob,
  provider: z.string(),
  providerAttempts: z.array(ProviderAttemptSchema),
  extra: z.record(z.string(), z.unknown()).optional(),
});
export type ModelCard = z.infer<typeof ModelCardSchema>;

export const ThemeSchema = z.enum(['system', 'light', 'dark']);
export type Theme = z.infer<typeof ThemeSchema>;

export const SettingsSchema = z.object({
  roots: z.array(nonEmpty),
  workers: z.number().int().min(1).max(64),
  providerPreference: ProviderSchema,
  windows: z.object({
    count: z.number().int().min(1).max(30),
    lengthSec: z.number().min(1).max(60),
  }),
  ffmpegPath: nonEmpty.nullable(),
  theme: ThemeSchema,
  /** watch the library folders and analyse changes as they happen */
  watch: z.boolean(),
  /** minutes between the safety rescans of watch mode (also what finds changes where events do not arrive) */
  watchRescanMinutes: z.number().int().min(1).max(1440),
});
export type Settings = z.infer<typeof SettingsSchema>;

export const SettingsPatchSchema = SettingsSchema.partial();
export type SettingsPatch = z.infer<typeof SettingsPatchSchema>;

// ---------------------------------------------------------------- validation report

export const ReportCheckSchema = z.object({
  name: z.string(),
  value: z.number().nullable(),
  /** Numeric bound, or a short text such as '< 1e-3' when the rule is not a single number. */
  threshold: z.union([z.number(), z.string()]).nullable(),
  pass: z.boolean(),
  /** What the check means for a user, in one sentence. */
  meaning: z.string(),
});
export type ReportCheck = z.infer<typeof ReportCheckSchema>;

export const ReportPlotSchema = z.object({ name: z.string(), svg: z.string() });
export type ReportPlot = z.infer<typeof ReportPlotSchema>;

export const ValidationReportSchema = z.object({
  trackId: id,
  path: z.string(),
  version: z.string(),
  createdAt: isoTime,
  checks: z.array(ReportCheckSchema),
  /** Quality-assurance figures (clipping, silence, sample rate, ...): name -> value. */
  qa: z.record(z.string(), z.union([z.number(), z.string(), z.boolean(), z.null()])),
  plots: z.array(ReportPlotSchema),
});
export type ValidationReport = z.infer<typeof ValidationReportSchema>;

export const ReportHtmlSchema = z.object({ html: z.string() });
export type ReportHtml = z.infer<typeof ReportHtmlSchema>;

// ---------------------------------------------------------------- tagging

export const TagPolicySchema = z.enum(['fill', 'replace', 'append']);
export type TagPolicy = z.infer<typeof TagPolicySchema>;

export const PreviewTagsInputSchema = z.object({
  trackIds: z.array(id).optional(),
  policy: TagPolicySchema,
  minConfidence: prob,
});
export type PreviewTagsInput = z.infer<typeof PreviewTagsInputSchema>;

export const TagPreviewItemSchema = z.object({
  trackId: id,
  path: z.string(),
  old: z.array(z.string()),
  new: z.array(z.string()),
  action: z.enum(['write', 'skip']),
  reason: z.string().nullish(),
});
export type TagPreviewItem = z.infer<typeof TagPreviewItemSchema>;

export const TagPreviewSchema = z.object({ previewId: nonEmpty, items: z.array(TagPreviewItemSchema) });
export type TagPreview = z.infer<typeof TagPreviewSchema>;

export const ApplyTagsInputSchema = z.object({
  previewId: nonEmpty,
  trackIds: z.array(id),
  /** Put each file's modification time back after writing (some players sort by it). */
  keepMtime: z.boolean().optional(),
});
export type ApplyTagsInput = z.infer<typeof ApplyTagsInputSchema>;

export const TagCountsSchema = z.object({ ok: count, failed: count, skipped: count });
export type TagCounts = z.infer<typeof TagCountsSchema>;

export const TagFileResultSchema = z.object({
  trackId: id.nullable(),
  path: z.string(),
  ok: z.boolean(),
  error: z.string().nullish(),
  /** The journal entry of this write, for undoing one file (undoTags({journalId})). */
  journalId: id.nullish(),
});
export type TagFileResult = z.infer<typeof TagFileResultSchema>;

export const ApplyTagsResultSchema = z.object({
  batchId: nonEmpty,
  results: z.array(TagFileResultSchema),
  counts: TagCountsSchema,
});
export type ApplyTagsResult = z.infer<typeof ApplyTagsResultSchema>;

export const TagBatchSchema = z.object({
  batchId: nonEmpty,
  createdAt: isoTime,
  files: count,
  undone: z.boolean(),
});
export type TagBatch = z.infer<typeof TagBatchSchema>;

export const UndoTagsInputSchema = z
  .object({
    batchId: nonEmpty.optional(),
    journalId: id.optional(),
    since: isoTime.optional(),
    all: z.boolean().optional(),
  })
  .refine((v) => [v.batchId, v.journalId, v.since, v.all === true ? true : undefined].filter((x) => x !== undefined).length === 1, {
    message: 'give exactly one of batchId, journalId, since, all:true',
  });
export type UndoTagsInput = z.infer<typeof UndoTagsInputSchema>;

export const UndoTagsResultSchema = z.object({ results: z.array(TagFileResultSchema), counts: TagCountsSchema });
export type UndoTagsResult = z.infer<typeof UndoTagsResultSchema>;

// ---------------------------------------------------------------- app-only

export const CopyTextInputSchema = z.object({ text: z.string().max(1_000_000) });
export type CopyTextInput = z.infer<typeof CopyTextInputSchema>;

// ---------------------------------------------------------------- events

export const LibraryChangedSchema = z.object({});
export type LibraryChanged = z.infer<typeof LibraryChangedSchema>;

export const OpenFilesSchema = z.object({ paths: z.array(nonEmpty) });
export type OpenFiles = z.infer<typeof OpenFilesSchema>;
