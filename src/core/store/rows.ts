/**
 * Mapping between SQLite rows and the store's types: JSON columns, float64 feature BLOBs, the
 * lower-cased search text. Pure functions, no database access.
 */
import type { ExportRow, FailureKind, FailureRecord, StoredAnalysis, StoredAnalysisWindow, Top3Entry, TrackListRow, TrackRecord, TrackStatus } from './types.ts';

export interface TrackDbRow {
  id: number;
  path: string;
  root_id: number | null;
  size: number;
  mtime_ms: number;
  quick_hash: string | null;
  duration_sec: number | null;
  title: string | null;
  artist: string | null;
  album: string | null;
  genre_tags: string;
  codec: string | null;
  container: string | null;
  sample_rate: number | null;
  channels: number | null;
  missing: number;
  first_seen: number;
  last_seen: number;
}

export interface AnalysisDbRow {
  id: number;
  track_id: number;
  model_name: string;
  model_hash: string;
  feature_version: string;
  genre: string;
  confidence: number;
  unknown: number;
  probabilities: string;
  top3: string;
  provider: string;
  timings: string;
  analysed_at: number;
}

export interface WindowDbRow {
  idx: number;
  start_sec: number;
  end_sec: number;
  features: Buffer;
  probabilities: string;
}

/** Columns selected by list/export queries (tracks t LEFT JOIN analyses a LEFT JOIN failures f). */
export interface ListDbRow {
  id: number;
  path: string;
  title: string | null;
  artist: string | null;
  album: string | null;
  duration_sec: number | null;
  a_id: number | null;
  genre: string | null;
  shown_genre: string | null;
  confidence: number | null;
  unknown: number | null;
  top3: string | null;
  provider: string | null;
  model_name: string | null;
  model_hash: string | null;
  feature_version: string | null;
  analysed_at: number | null;
  f_message: string | null;
  f_kind: string | null;
}

export interface FailureDbRow {
  id: number;
  path: string;
  track_id: number | null;
  kind: string;
  message: string;
  at: number;
}

export function parseJson<T>(text: string | null, fallback: T): T {
  if (text === null) return fallback;
  try {
    return JSON.parse(text) as T;
  } catch {
    return fallback;
  }
}

/** 57 floats → 8·n bytes little-endian float64 (bit-exact round trip). */
export function encodeFeatures(values: ArrayLike<number>): Buffer {
  const buf = Buffer.alloc(values.length * 8);
  for (let i = 0; i < values.length; i++) buf.writeDoubleLE(values[i], i * 8);
  return buf;
}

export function decodeFeatures(buf: Buffer): number[] {
  const out = new Array<number>(buf.length >> 3);
  for (let i = 0; i < out.length; i++) out[i] = buf.readDoubleLE(i * 8);
  return out;
}

/** What the search matches: case-folded (Unicode) title, artist, album and path. */
export function searchText(path: string, title: string | null, artist: string | null, album: string | null): string {
  return normaliseSearch([title, artist, album, path].filter((x) => x).join('\n'));
}

export function normaliseSearch(s: string): string {
  return s.normalize('NFKC').toLowerCase();
}

export function trackFromRow(r: TrackDbRow): TrackRecord {
  return {
    id: r.id,
    path: r.path,
    rootId: r.root_id,
    sizeBytes: r.size,
    mtimeMs: r.mtime_ms,
    quickHash: r.quick_hash,
    durationSec: r.duration_sec,
    title: r.title,
    artist: r.artist,
    album: r.album,
    genreTags: parseJson<string[]>(r.genre_tags, []),
    codec: r.codec,
    container: r.container,
    sampleRate: r.sample_rate,
    channels: r.channels,
    missing: r.missing !== 0,
    firstSeen: r.first_seen,
    lastSeen: r.last_seen,
  };
}

export function analysisFromRows(a: AnalysisDbRow, windows: WindowDbRow[]): StoredAnalysis {
  return {
    id: a.id,
    trackId: a.track_id,
    modelName: a.model_name,
    modelHash: a.model_hash,
    featureVersion: a.feature_version,
    genre: a.genre,
    confidence: a.confidence,
    unknown: a.unknown !== 0,
    probabilities: parseJson<Record<string, number>>(a.probabilities, {}),
    top3: parseJson<Top3Entry[]>(a.top3, []),
    provider: a.provider,
    timingsMs: parseJson<Record<string, number>>(a.timings, {}),
    analysedAt: a.analysed_at,
    windows: windows.map(
      (w): StoredAnalysisWindow => ({
        index: w.idx,
        startSec: w.start_sec,
        endSec: w.end_sec,
        features: decodeFeatures(w.features),
        probabilities: parseJson<Record<string, number>>(w.probabilities, {}),
      }),
    ),
  };
}

function statusOf(r: ListDbRow): TrackStatus {
  if (r.a_id !== null) return 'ok';
  return r.f_message !== null ? 'failed' : 'pending';
}

export function listRowFromDb(r: ListDbRow): TrackListRow {
  const row: TrackListRow = {
    id: r.id,
    path: r.path,
    title: r.title,
    artist: r.artist,
    album: r.album,
    durationSec: r.duration_sec,
    genre: r.shown_genre,
    confidence: r.confidence,
    top3: parseJson<Top3Entry[]>(r.top3, []),
    provider: r.provider,
    status: statusOf(r),
  };
  if (r.f_message !== null) row.error = r.f_message;
  return row;
}

export function exportRowFromDb(r: ListDbRow): ExportRow {
  return {
    id: r.id,
    path: r.path,
    title: r.title,
    artist: r.artist,
    album: r.album,
    durationSec: r.duration_sec,
    genre: r.shown_genre,
    bestLabel: r.genre,
    confidence: r.confidence,
    unknown: r.unknown === null ? null : r.unknown !== 0,
    top3: parseJson<Top3Entry[]>(r.top3, []),
    modelName: r.model_name,
    modelHash: r.model_hash,
    featureVersion: r.feature_version,
    provider: r.provider,
    analysedAt: r.analysed_at,
    status: statusOf(r),
    error: r.f_message,
  };
}

export function failureFromRow(r: FailureDbRow): FailureRecord {
  return { id: r.id, path: r.path, trackId: r.track_id, kind: r.kind as FailureKind, message: r.message, at: r.at };
}
