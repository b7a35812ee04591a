/**
 * Types of the SQLite store (store.ts). Stable API for the job runner, service facade and CLI.
 *
 * Store (synchronous; every write is its own transaction, so a killed process loses only the track in flight):
 *   Store.open(dbPath)                          → Store   creates the parent dir, WAL, foreign keys, busy timeout, migrates
 *   Store.openInMemory()                        → Store   for throwaway use (same schema)
 *   store.close()
 *   store.schemaVersion                         → number  PRAGMA user_version after migration
 *   roots:    listRoots() → RootRecord[]; addRoot(path) → RootRecord; removeRoot(path) → boolean (deletes its tracks)
 *             rootForPath(path) → RootRecord | null
 *   scan:     checkScanned({path, sizeBytes, mtimeMs}) → {id, reason:'unchanged'} | {id|null, reason:'new'|'modified'}
 *               cheap pre-check (no hash, no tag read); an 'unchanged' answer also marks the track seen.
 *             upsertScannedTrack(file, meta) → UpsertResult   ('new' | 'modified' | 'moved' | 'unchanged')
 *             markUnseenMissing(scanStartedAtMs, rootIds?) → number   tracks not seen since are flagged missing
 *   analysis: analysisState(trackId, modelHash, featureVersion) → AnalysisState; needsAnalysis(...) → boolean
 *             saveAnalysis(trackId, AnalysisInput) → analysisId   (replaces the track's older analysis, clears its failure)
 *             getAnalysis(trackId) → StoredAnalysis | null
 *   failures: recordFailure({path, trackId?, kind, message}); clearFailure(pathOrTrackId); listFailures() → FailureRecord[]
 *   reading:  getTrack(id) / getTrackByPath(path) → TrackRecord | null; listTracks(query) → {total, rows: TrackListRow[]}
 *             genreCounts() → GenreCount[]; exportRows() → IterableIterator<ExportRow>; status() → StoreStatus
 *   misc:     getSetting<T>(key) → T | undefined; setSetting(key, value); deleteSetting(key)
 *             registerModel(hash, name, manifest) → void (first registration wins); getModel(hash)
 */

export interface RootRecord {
  id: number;
  path: string;
  addedAt: number;
}

/** What the scanner knows about a file (see library/types.ts ScannedFile, which is assignable). */
export interface ScannedTrackInput {
  path: string;
  sizeBytes: number;
  mtimeMs: number;
  /** library/quick-hash.ts quickHash(); null when the file could not be read for hashing. */
  quickHash: string | null;
  /** Root id; omitted → looked up from the path (longest matching root), null when none. */
  rootId?: number | null;
}

/** Tags/stream info to store (library/types.ts TrackMeta is assignable). null when unreadable. */
export interface TrackMetaInput {
  durationSec: number | null;
  title: string | null;
  artist: string | null;
  album: string | null;
  genre: string[];
  sampleRate: number | null;
  channels: number | null;
  codec: string | null;
  container?: string | null;
}

export type UpsertReason = 'new' | 'modified' | 'moved' | 'unchanged';

export interface UpsertResult {
  id: number;
  /** false only for 'unchanged' */
  changed: boolean;
  reason: UpsertReason;
  /** for 'moved': the path the track had before */
  previousPath?: string;
}

export type CheckScannedResult = { id: number; reason: 'unchanged' } | { id: number | null; reason: 'new' | 'modified' };

export interface TrackRecord {
  id: number;
  path: string;
  rootId: number | null;
  sizeBytes: number;
  mtimeMs: number;
  quickHash: string | null;
  durationSec: number | null;
  title: string | null;
  artist: string | null;
  album: string | null;
  /** genre tags found in the file */
  genreTags: string[];
  codec: string | null;
  container: string | null;
  sampleRate: number | null;
  channels: number | null;
  missing: boolean;
  firstSeen: number;
  lastSeen: number;
}

export interface Top3Entry {
  genre: string;
  p: number;
}

export interface AnalysisWindowInput {
  index: number;
  startSec: number;
  endSec: number;
  /** the 57 GTZAN features in FEATURE_COLUMNS order (stored as float64 BLOB, bit-exact) */
  features: ArrayLike<number>;
  probabilities: Record<string, number>;
}

export interface AnalysisInput {
  modelName: string;
  modelHash: string;
  featureVersion: string;
  /** best label (even when below the threshold: `unknown` says whether it is shown) */
  genre: string;
  confidence: number;
  /** confidence below the model's threshold: the UI shows 'unknown' */
  unknown: boolean;
  probabilities: Record<string, number>;
  top3: Top3Entry[];
  provider: string;
  timingsMs: Record<string, number>;
  windows: AnalysisWindowInput[];
  /** ms since epoch; default Date.now() */
  analysedAt?: number;
}

export interface StoredAnalysisWindow {
  index: number;
  startSec: number;
  endSec: number;
  features: number[];
  probabilities: Record<string, number>;
}

/** What saveAnalysis stored, read back: the input's fields plus ids, the time and the decoded windows. */
export interface StoredAnalysis extends Omit<AnalysisInput, 'windows' | 'analysedAt'> {
  id: number;
  trackId: number;
  analysedAt: number;
  windows: StoredAnalysisWindow[];
}

/**
 * 'current': analysed with this model hash and feature version; 'missing': never analysed;
 * 'stale-model' / 'stale-features': analysed with another model / extractor; 'failed': no analysis and
 * a scan/decode/features/io failure is recorded for the file as it is now (a rescan of an unchanged broken
 * file does not retry it; 'metadata', 'model', 'timeout', 'crash' and 'other' failures are retried).
 */
export type AnalysisState = 'current' | 'missing' | 'stale-model' | 'stale-features' | 'failed';

/** 'crash': the analysis worker died twice on the file (retried by the next scan: it may be the machine). */
export type FailureKind = 'scan' | 'metadata' | 'decode' | 'features' | 'model' | 'io' | 'timeout' | 'crash' | 'other';

export interface FailureInput {
  path: string;
  trackId?: number | null;
  kind: FailureKind;
  message: string;
}

export interface FailureRecord {
  id: number;
  path: string;
  trackId: number | null;
  kind: FailureKind;
  message: string;
  at: number;
}

export type TrackStatus = 'ok' | 'failed' | 'pending';

export type TrackSortKey = 'title' | 'artist' | 'album' | 'duration' | 'genre' | 'confidence' | 'path';

export interface ListTracksQuery {
  offset?: number;
  /** default 100, at most 10 000 */
  limit?: number;
  sort?: TrackSortKey;
  dir?: 'asc' | 'desc';
  /** a label, or 'unknown' (below threshold), or 'pending' (not analysed yet) */
  genre?: string;
  /** case-insensitive substring of title, artist, album or path */
  search?: string;
  status?: TrackStatus;
  /** include tracks flagged missing (default false) */
  includeMissing?: boolean;
}

/** One row of the library table (matches the contract's TrackRow). */
export interface TrackListRow {
  id: number;
  path: string;
  title: string | null;
  artist: string | null;
  album: string | null;
  durationSec: number | null;
  /** model label, 'unknown' when below threshold, null when not analysed */
  genre: string | null;
  confidence: number | null;
  top3: Top3Entry[];
  provider: string | null;
  status: TrackStatus;
  error?: string;
}

export interface ListTracksResult {
  total: number;
  rows: TrackListRow[];
}

export interface GenreCount {
  /** label, 'unknown', or null for not analysed */
  genre: string | null;
  count: number;
}

/** One row for CSV/JSON export. */
export interface ExportRow {
  id: number;
  path: string;
  title: string | null;
  artist: string | null;
  album: string | null;
  durationSec: number | null;
  genre: string | null;
  bestLabel: string | null;
  confidence: number | null;
  unknown: boolean | null;
  top3: Top3Entry[];
  modelName: string | null;
  modelHash: string | null;
  featureVersion: string | null;
  provider: string | null;
  analysedAt: number | null;
  status: TrackStatus;
  error: string | null;
}

export interface StoreStatus {
  roots: number;
  tracks: number;
  missing: number;
  analysed: number;
  unknown: number;
  failed: number;
  pending: number;
  models: number;
  schemaVersion: number;
}
