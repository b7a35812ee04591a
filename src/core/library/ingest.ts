/**
 * ingestScannedFile(store, file): the scan → store step for one file, in the cheap order:
 *   1. store.checkScanned (size + mtime): unchanged files cost one indexed lookup, no file read;
 *   2. otherwise quickHash + readTrackMeta, then store.upsertScannedTrack (new / modified / moved).
 * A tag-read failure is recorded (kind 'metadata') and the track is still stored without tags, so the
 * decoder gets its chance and the library shows the file; a hash failure (unreadable) is recorded
 * (kind 'io') and the file is not stored. Never throws for a per-file problem.
 */
import { errorMessage } from '../errors.ts';
import type { Store } from '../store/store.ts';
import type { UpsertReason } from '../store/types.ts';
import { readTrackMeta } from './metadata.ts';
import { quickHash } from './quick-hash.ts';
import type { ScannedFile, TrackMeta } from './types.ts';

export interface IngestResult {
  path: string;
  /** null when the file could not be stored (unreadable) */
  trackId: number | null;
  reason: UpsertReason | 'failed';
  meta: TrackMeta | null;
  /** the per-file error message, when tags or content could not be read */
  error: string | null;
}

export async function ingestScannedFile(store: Store, file: Pick<ScannedFile, 'path' | 'sizeBytes' | 'mtimeMs'> & { rootId?: number | null }): Promise<IngestResult> {
  const pre = store.checkScanned(file);
  if (pre.reason === 'unchanged') return { path: file.path, trackId: pre.id, reason: 'unchanged', meta: null, error: null };
  let hash: string;
  try {
    hash = await quickHash(file.path);
  } catch (e) {
    store.recordFailure({ path: file.path, trackId: pre.id, kind: 'io', message: errorMessage(e) });
    return { path: file.path, trackId: null, reason: 'failed', meta: null, error: errorMessage(e) };
  }
  let meta: TrackMeta | null = null;
  let error: string | null = null;
  try {
    meta = await readTrackMeta(file.path);
  } catch (e) {
    error = errorMessage(e);
  }
  const up = store.upsertScannedTrack({ path: file.path, sizeBytes: file.sizeBytes, mtimeMs: file.mtimeMs, quickHash: hash, rootId: file.rootId }, meta);
  // After the upsert: a modified file's old failure was just cleared, this one is about the file as it is now.
  if (error) store.recordFailure({ path: file.path, trackId: up.id, kind: 'metadata', message: error });
  return { path: file.path, trackId: up.id, reason: up.reason, meta, error };
}
