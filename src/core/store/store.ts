/**
 * The library database (better-sqlite3, synchronous). API summary in types.ts.
 *
 * Durability: WAL journal, synchronous=NORMAL, foreign keys on, busy timeout 5 s (a second process —
 * CLI beside the app — waits instead of failing). Every write method is one transaction, so killing the
 * process mid-scan loses at most the tracks whose results were not yet handed to the store.
 * Prepared statements are cached per SQL text.
 */
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { StoreError } from '../errors.ts';
import { migrate, userVersion } from './migrate.ts';
import { MIGRATIONS } from './migrations.ts';
import type { Migration } from './migrate.ts';
import {
  analysisFromRows,
  encodeFeatures,
  exportRowFromDb,
  failureFromRow,
  listRowFromDb,
  normaliseSearch,
  searchText,
  trackFromRow,
} from './rows.ts';
import type { AnalysisDbRow, FailureDbRow, ListDbRow, TrackDbRow, WindowDbRow } from './rows.ts';
import type {
  AnalysisInput,
  AnalysisState,
  CheckScannedResult,
  ExportRow,
  FailureInput,
  FailureKind,
  FailureRecord,
  GenreCount,
  ListTracksQuery,
  ListTracksResult,
  RootRecord,
  ScannedTrackInput,
  StoreStatus,
  StoredAnalysis,
  TrackListRow,
  TrackMetaInput,
  TrackRecord,
  TrackSortKey,
  UpsertResult,
} from './types.ts';

export interface StoreOpenOptions {
  /** default: the project's registry (migrations.ts) */
  migrations?: readonly Migration[];
  /** ms to wait for another connection's write lock (default 5000) */
  busyTimeoutMs?: number;
  /** used by moved-file detection (default fs.existsSync) */
  pathExists?: (p: string) => boolean;
}

/**
 * Failure kinds that describe the file's audio: an unchanged file with one is not retried by a rescan.
 * 'metadata' is not one of them (ffmpeg may decode what the tag parser rejects): the analysis is tried,
 * and its own failure, if any, replaces the record.
 */
const FILE_FAILURE_KINDS: readonly FailureKind[] = ['scan', 'decode', 'features', 'io'];

const SORT_SQL: Record<TrackSortKey, string> = {
  title: 't.title COLLATE NOCASE',
  artist: 't.artist COLLATE NOCASE',
  album: 't.album COLLATE NOCASE',
  duration: 't.duration_sec',
  genre: 't.a_genre',
  confidence: 't.a_confidence',
  path: 't.path',
};

const LIST_SELECT = `SELECT t.id, t.path, t.title, t.artist, t.album, t.duration_sec,
  a.id AS a_id, a.genre, a.shown_genre, a.confidence, a.unknown, a.top3, a.provider, a.model_name, a.model_hash,
  a.feature_version, a.analysed_at, f.message AS f_message, f.kind AS f_kind
  FROM tracks t LEFT JOIN analyses a ON a.track_id = t.id LEFT JOIN failures f ON f.path = t.path`;

export class Store {
  readonly db: Database.Database;
  readonly path: string;
  readonly schemaVersion: number;
  private readonly statements = new Map<string, Database.Statement>();
  private readonly pathExists: (p: string) => boolean;

  private constructor(db: Database.Database, dbPath: string, opts: StoreOpenOptions) {
    this.db = db;
    this.path = dbPath;
    this.pathExists = opts.pathExists ?? existsSync;
    migrate(db, opts.migrations ?? MIGRATIONS);
    this.schemaVersion = userVersion(db);
  }

  /** Opens (creating the file and its parent folder) and migrates the database at dbPath. */
  static open(dbPath: string, opts: StoreOpenOptions = {}): Store {
    const abs = path.resolve(dbPath);
    let db: Database.Database;
    try {
      mkdirSync(path.dirname(abs), { recursive: true });
      db = new Database(abs, { timeout: opts.busyTimeoutMs ?? 5000 });
    } catch (e) {
      throw new StoreError(`cannot open the library database at ${abs}: ${e instanceof Error ? e.message : String(e)}`, { cause: e });
    }
    return Store.init(db, abs, opts, true);
  }

  static openInMemory(opts: StoreOpenOptions = {}): Store {
    return Store.init(new Database(':memory:'), ':memory:', opts, false);
  }

  private static init(db: Database.Database, where: string, opts: StoreOpenOptions, wal: boolean): Store {
    try {
      if (wal) db.pragma('journal_mode = WAL');
      db.pragma('synchronous = NORMAL');
      db.pragma('foreign_keys = ON');
      // 64 MiB page cache (default 2 MiB): a 100k-track library's table stays in memory for searches.
      db.pragma('cache_size = -65536');
      db.pragma(`busy_timeout = ${Math.max(0, Math.floor(opts.busyTimeoutMs ?? 5000))}`);
      return new Store(db, where, opts);
    } catch (e) {
      db.close();
      if (e instanceof StoreError) throw e;
      throw new StoreError(`cannot use the library database at ${where}: ${e instanceof Error ? e.message : String(e)}`, { cause: e });
    }
  }

  close(): void {
    this.statements.clear();
    if (this.db.open) this.db.close();
  }

  private stmt(sql: string): Database.Statement {
    let s = this.statements.get(sql);
    if (!s) {
      s = this.db.prepare(sql);
      this.statements.set(sql, s);
    }
    return s;
  }

  // ---- roots ----

  listRoots(): RootRecord[] {
    const rows = this.stmt('SELECT id, path, added_at FROM roots ORDER BY path').all() as { id: number; path: string; added_at: number }[];
    return rows.map((r) => ({ id: r.id, path: r.path, addedAt: r.added_at }));
  }

  /** Adds a root (absolute path); adding an existing root returns it unchanged. */
  addRoot(rootPath: string): RootRecord {
    const abs = path.resolve(rootPath);
    this.stmt('INSERT INTO roots (path, added_at) VALUES (?, ?) ON CONFLICT(path) DO NOTHING').run(abs, Date.now());
    const r = this.stmt('SELECT id, path, added_at FROM roots WHERE path = ?').get(abs) as { id: number; path: string; added_at: number };
    return { id: r.id, path: r.path, addedAt: r.added_at };
  }

  /** Removes a root and the tracks found under it (with their analyses). false when it was not a root. */
  removeRoot(rootPath: string): boolean {
    const abs = path.resolve(rootPath);
    return this.stmt('DELETE FROM roots WHERE path = ?').run(abs).changes > 0;
  }

  /** The root containing p (longest match), or null. */
  rootForPath(p: string): RootRecord | null {
    let best: RootRecord | null = null;
    for (const r of this.listRoots()) {
      const prefix = r.path.endsWith(path.sep) ? r.path : r.path + path.sep;
      if ((p === r.path || p.startsWith(prefix)) && (!best || r.path.length > best.path.length)) best = r;
    }
    return best;
  }

  // ---- scan ----

  private trackRowByPath(p: string): TrackDbRow | undefined {
    return this.stmt('SELECT * FROM tracks WHERE path = ?').get(p) as TrackDbRow | undefined;
  }

  private touch(id: number, now: number): void {
    this.stmt('UPDATE tracks SET last_seen = ?, missing = 0 WHERE id = ?').run(now, id);
  }

  /**
   * Cheap pre-check before hashing and reading tags: same size and mtime as stored means unchanged
   * (and the track is marked seen now).
   */
  checkScanned(file: { path: string; sizeBytes: number; mtimeMs: number }): CheckScannedResult {
    const row = this.trackRowByPath(file.path);
    if (!row) return { id: null, reason: 'new' };
    if (row.size === file.sizeBytes && row.mtime_ms === file.mtimeMs) {
      this.touch(row.id, Date.now());
      return { id: row.id, reason: 'unchanged' };
    }
    return { id: row.id, reason: 'modified' };
  }

  /**
   * Records a scanned file. unchanged: same path, size and mtime. modified: same path, other size or
   * mtime (the old analysis and failure are dropped). moved: a new path whose quick hash and size match
   * a stored track whose path no longer exists (the track keeps its id and analysis). new: otherwise.
   */
  upsertScannedTrack(file: ScannedTrackInput, meta: TrackMetaInput | null): UpsertResult {
    const run = this.db.transaction((): UpsertResult => {
      const now = Date.now();
      const rootId = file.rootId !== undefined ? file.rootId : (this.rootForPath(file.path)?.id ?? null);
      const existing = this.trackRowByPath(file.path);
      if (existing) {
        if (existing.size === file.sizeBytes && existing.mtime_ms === file.mtimeMs) {
          this.touch(existing.id, now);
          if (meta && existing.duration_sec === null && existing.codec === null) this.writeFile(existing.id, file, meta, rootId, now);
          return { id: existing.id, changed: false, reason: 'unchanged' };
        }
        this.writeFile(existing.id, file, meta, rootId, now);
        this.stmt('DELETE FROM analyses WHERE track_id = ?').run(existing.id);
        this.stmt('DELETE FROM failures WHERE path = ? OR track_id = ?').run(file.path, existing.id);
        return { id: existing.id, changed: true, reason: 'modified' };
      }
      if (file.quickHash) {
        const candidates = this.stmt('SELECT id, path FROM tracks WHERE quick_hash = ? AND size = ? ORDER BY missing DESC, id').all(file.quickHash, file.sizeBytes) as { id: number; path: string }[];
        const gone = candidates.find((c) => !this.pathExists(c.path));
        if (gone) {
          this.stmt('DELETE FROM failures WHERE path = ? OR path = ?').run(gone.path, file.path);
          this.stmt('UPDATE tracks SET path = ? WHERE id = ?').run(file.path, gone.id);
          this.writeFile(gone.id, file, meta, rootId, now);
          return { id: gone.id, changed: true, reason: 'moved', previousPath: gone.path };
        }
      }
      const info = this.stmt(
        `INSERT INTO tracks (path, root_id, size, mtime_ms, quick_hash, first_seen, last_seen, search_text)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      ).run(file.path, rootId, file.sizeBytes, file.mtimeMs, file.quickHash, now, now, searchText(file.path, null, null, null));
      const id = Number(info.lastInsertRowid);
      this.writeFile(id, file, meta, rootId, now);
      this.stmt('UPDATE failures SET track_id = ? WHERE path = ?').run(id, file.path);
      return { id, changed: true, reason: 'new' };
    });
    return run.immediate();
  }

  private writeFile(id: number, file: ScannedTrackInput, meta: TrackMetaInput | null, rootId: number | null, now: number): void {
    this.stmt(
      `UPDATE tracks SET root_id = ?, size = ?, mtime_ms = ?, quick_hash = ?, duration_sec = ?, title = ?, artist = ?, album = ?,
       genre_tags = ?, codec = ?, container = ?, sample_rate = ?, channels = ?, missing = 0, last_seen = ?, search_text = ? WHERE id = ?`,
    ).run(
      rootId,
      file.sizeBytes,
      file.mtimeMs,
      file.quickHash,
      meta?.durationSec ?? null,
      meta?.title ?? null,
      meta?.artist ?? null,
      meta?.album ?? null,
      JSON.stringify(meta?.genre ?? []),
      meta?.codec ?? null,
      meta?.container ?? null,
      meta?.sampleRate ?? null,
      meta?.channels ?? null,
      now,
      searchText(file.path, meta?.title ?? null, meta?.artist ?? null, meta?.album ?? null),
      id,
    );
  }

  /**
   * After Genrescope itself rewrote a file's tags: the audio is the same, so the analysis stays; only
   * size, mtime, quick hash and (optionally) the stored genre tags follow the file.
   */
  noteOwnWrite(trackId: number, stat: { sizeBytes: number; mtimeMs: number; quickHash: string | null; genreTags?: string[] }): boolean {
    const sql = stat.genreTags
      ? 'UPDATE tracks SET size = ?, mtime_ms = ?, quick_hash = ?, genre_tags = ? WHERE id = ?'
      : 'UPDATE tracks SET size = ?, mtime_ms = ?, quick_hash = ? WHERE id = ?';
    const args = stat.genreTags ? [stat.sizeBytes, stat.mtimeMs, stat.quickHash, JSON.stringify(stat.genreTags), trackId] : [stat.sizeBytes, stat.mtimeMs, stat.quickHash, trackId];
    return this.stmt(sql).run(...args).changes > 0;
  }

  /**
   * Flags tracks not seen since scanStartedAtMs as missing (their analyses stay, and come back if the
   * file does). rootIds limits it to the roots scanned, under to these files and folders (a watch
   * scan); keepUnder lists folders the scan could not read (their tracks are unknown, not gone).
   */
  markUnseenMissing(scanStartedAtMs: number, opts: { rootIds?: number[]; under?: readonly string[]; keepUnder?: readonly string[] } = {}): number {
    const run = this.db.transaction((): number => {
      const where = ['last_seen < ?', 'missing = 0'];
      const args: (number | string)[] = [scanStartedAtMs];
      if (opts.rootIds) {
        if (opts.rootIds.length === 0) return 0;
        where.push(`root_id IN (${opts.rootIds.map(() => '?').join(',')})`);
        args.push(...opts.rootIds);
      }
      if (opts.under) {
        // Only these files, or anything below these folders (a watch scan of a few paths).
        if (opts.under.length === 0) return 0;
        where.push(`(${opts.under.map(() => '(path = ? OR substr(path, 1, ?) = ?)').join(' OR ')})`);
        for (const p of opts.under) {
          const prefix = p.endsWith(path.sep) ? p : p + path.sep;
          args.push(p, prefix.length, prefix);
        }
      }
      for (const dir of opts.keepUnder ?? []) {
        const prefix = dir.endsWith(path.sep) ? dir : dir + path.sep;
        where.push('substr(path, 1, ?) <> ?');
        args.push(prefix.length, prefix);
      }
      return this.stmt(`UPDATE tracks SET missing = 1 WHERE ${where.join(' AND ')}`).run(...args).changes;
    });
    return run.immediate();
  }

  // ---- analysis ----

  analysisState(trackId: number, modelHash: string, featureVersion: string): AnalysisState {
    const a = this.stmt('SELECT model_hash, feature_version FROM analyses WHERE track_id = ?').get(trackId) as { model_hash: string; feature_version: string } | undefined;
    if (a) {
      if (a.model_hash !== modelHash) return 'stale-model';
      if (a.feature_version !== featureVersion) return 'stale-features';
      return 'current';
    }
    const f = this.stmt('SELECT f.kind FROM failures f JOIN tracks t ON t.path = f.path WHERE t.id = ?').get(trackId) as { kind: FailureKind } | undefined;
    if (f && FILE_FAILURE_KINDS.includes(f.kind)) return 'failed';
    return 'missing';
  }

  /** true unless the track has a current analysis, or (unless retryFailed) a recorded file failure. */
  needsAnalysis(trackId: number, modelHash: string, featureVersion: string, opts: { retryFailed?: boolean } = {}): boolean {
    const s = this.analysisState(trackId, modelHash, featureVersion);
    if (s === 'current') return false;
    if (s === 'failed') return opts.retryFailed === true;
    return true;
  }

  /** Saves an analysis in one transaction, replacing the track's older one and clearing its failure. */
  saveAnalysis(trackId: number, result: AnalysisInput): number {
    const run = this.db.transaction((): number => {
      const track = this.stmt('SELECT path FROM tracks WHERE id = ?').get(trackId) as { path: string } | undefined;
      if (!track) throw new StoreError(`cannot save an analysis for track ${trackId}: no such track`);
      const now = result.analysedAt ?? Date.now();
      this.stmt('INSERT INTO models (hash, name, manifest, first_used) VALUES (?, ?, NULL, ?) ON CONFLICT(hash) DO NOTHING').run(result.modelHash, result.modelName, now);
      this.stmt('DELETE FROM analyses WHERE track_id = ?').run(trackId);
      const info = this.stmt(
        `INSERT INTO analyses (track_id, model_name, model_hash, feature_version, genre, confidence, unknown, shown_genre,
         probabilities, top3, provider, timings, analysed_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ).run(
        trackId,
        result.modelName,
        result.modelHash,
        result.featureVersion,
        result.genre,
        result.confidence,
        result.unknown ? 1 : 0,
        result.unknown ? 'unknown' : result.genre,
        JSON.stringify(result.probabilities),
        JSON.stringify(result.top3),
        result.provider,
        JSON.stringify(result.timingsMs),
        now,
      );
      const analysisId = Number(info.lastInsertRowid);
      const ins = this.stmt('INSERT INTO analysis_windows (analysis_id, idx, start_sec, end_sec, features, probabilities) VALUES (?, ?, ?, ?, ?, ?)');
      for (const w of result.windows) ins.run(analysisId, w.index, w.startSec, w.endSec, encodeFeatures(w.features), JSON.stringify(w.probabilities));
      this.stmt('DELETE FROM failures WHERE path = ? OR track_id = ?').run(track.path, trackId);
      return analysisId;
    });
    return run.immediate();
  }

  getAnalysis(trackId: number): StoredAnalysis | null {
    const a = this.stmt('SELECT * FROM analyses WHERE track_id = ?').get(trackId) as AnalysisDbRow | undefined;
    if (!a) return null;
    const w = this.stmt('SELECT idx, start_sec, end_sec, features, probabilities FROM analysis_windows WHERE analysis_id = ? ORDER BY idx').all(a.id) as WindowDbRow[];
    return analysisFromRows(a, w);
  }

  // ---- failures ----

  /** Records (or replaces) the failure of one file. */
  recordFailure(f: FailureInput): void {
    const trackId = f.trackId ?? (this.stmt('SELECT id FROM tracks WHERE path = ?').get(f.path) as { id: number } | undefined)?.id ?? null;
    this.stmt(
      `INSERT INTO failures (path, track_id, kind, message, at) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT(path) DO UPDATE SET track_id = excluded.track_id, kind = excluded.kind, message = excluded.message, at = excluded.at`,
    ).run(f.path, trackId, f.kind, f.message, Date.now());
  }

  /** Clears the failure of a path or a track id; true when there was one. */
  clearFailure(pathOrTrackId: string | number): boolean {
    if (typeof pathOrTrackId === 'number') {
      const t = this.stmt('SELECT path FROM tracks WHERE id = ?').get(pathOrTrackId) as { path: string } | undefined;
      return this.stmt('DELETE FROM failures WHERE track_id = ? OR path = ?').run(pathOrTrackId, t?.path ?? null).changes > 0;
    }
    return this.stmt('DELETE FROM failures WHERE path = ?').run(pathOrTrackId).changes > 0;
  }

  getFailure(p: string): FailureRecord | null {
    const r = this.stmt('SELECT * FROM failures WHERE path = ?').get(p) as FailureDbRow | undefined;
    return r ? failureFromRow(r) : null;
  }

  listFailures(): FailureRecord[] {
    return (this.stmt('SELECT * FROM failures ORDER BY at DESC, id DESC').all() as FailureDbRow[]).map(failureFromRow);
  }

  // ---- reading ----

  getTrack(id: number): TrackRecord | null {
    const r = this.stmt('SELECT * FROM tracks WHERE id = ?').get(id) as TrackDbRow | undefined;
    return r ? trackFromRow(r) : null;
  }

  getTrackByPath(p: string): TrackRecord | null {
    const r = this.trackRowByPath(p);
    return r ? trackFromRow(r) : null;
  }

  /** The library-table row of one track (for trackUpdated events). */
  getTrackRow(id: number): TrackListRow | null {
    const r = this.stmt(`${LIST_SELECT} WHERE t.id = ?`).get(id) as ListDbRow | undefined;
    return r ? listRowFromDb(r) : null;
  }

  /** FROM + WHERE over tracks t alone (a_genre mirrors the analysis), so paging runs on the sort indexes. */
  private listWhere(q: ListTracksQuery): { sql: string; args: (string | number)[] } {
    const where: string[] = [];
    const args: (string | number)[] = [];
    if (!q.includeMissing) where.push('t.missing = 0');
    if (q.genre !== undefined && q.genre !== '') {
      if (q.genre === 'pending') where.push('t.a_genre IS NULL');
      else {
        where.push('t.a_genre = ?');
        args.push(q.genre);
      }
    }
    const failed = 'EXISTS (SELECT 1 FROM failures f WHERE f.path = t.path)';
    if (q.status === 'ok') where.push('t.a_genre IS NOT NULL');
    else if (q.status === 'failed') where.push(`t.a_genre IS NULL AND ${failed}`);
    else if (q.status === 'pending') where.push(`t.a_genre IS NULL AND NOT ${failed}`);
    const needle = q.search ? normaliseSearch(q.search.trim()) : '';
    if (needle) {
      // instr on a pre-folded column: substring semantics, Unicode case-insensitive, nothing to escape.
      where.push('instr(t.search_text, ?) > 0');
      args.push(needle);
    }
    // A search reads every row's search_text: scanning the compact (missing, search_text) index then
    // sorting the hits beats walking a sort index with a row lookup per entry (100k rows, loaded
    // 2-core box: ~40 ms vs ~900 ms for a search without hits). See docs/engine-store.md.
    const from = !needle ? 'tracks t' : q.includeMissing ? 'tracks t NOT INDEXED' : 'tracks t INDEXED BY tracks_search';
    return { sql: `${from}${where.length ? ` WHERE ${where.join(' AND ')}` : ''}`, args };
  }

  /**
   * One page of the library table: total matching rows and the rows of [offset, offset + limit).
   * Two steps: the page's ids from the sort index alone, then the 100 or so rows with their joins.
   */
  listTracks(q: ListTracksQuery = {}): ListTracksResult {
    const { sql: fromWhere, args } = this.listWhere(q);
    const sortKey: TrackSortKey = q.sort && Object.hasOwn(SORT_SQL, q.sort) ? q.sort : 'path';
    const dir = q.dir === 'desc' ? 'DESC' : 'ASC';
    const limit = Math.min(Math.max(0, Math.floor(q.limit ?? 100)), 10_000);
    const offset = Math.max(0, Math.floor(q.offset ?? 0));
    const total = (this.stmt(`SELECT count(*) AS n FROM ${fromWhere}`).get(...args) as { n: number }).n;
    const order = sortKey === 'path' ? `t.path ${dir}` : `${SORT_SQL[sortKey]} ${dir}, t.id ${dir}`;
    const ids = this.stmt(`SELECT t.id FROM ${fromWhere} ORDER BY ${order} LIMIT ? OFFSET ?`)
      .pluck()
      .all(...args, limit, offset) as number[];
    if (ids.length === 0) return { total, rows: [] };
    const rows = this.stmt(`${LIST_SELECT} WHERE t.id IN (SELECT value FROM json_each(?))`).all(JSON.stringify(ids)) as ListDbRow[];
    const byId = new Map(rows.map((r) => [r.id, r]));
    return { total, rows: ids.map((id) => listRowFromDb(byId.get(id)!)) };
  }

  /** Tracks per shown genre (label, 'unknown', or null = not analysed), missing tracks excluded. */
  genreCounts(): GenreCount[] {
    const rows = this.stmt('SELECT a_genre AS genre, count(*) AS n FROM tracks WHERE missing = 0 GROUP BY a_genre ORDER BY n DESC, genre').all() as { genre: string | null; n: number }[];
    return rows.map((r) => ({ genre: r.genre, count: r.n }));
  }

  /** Every present track with its analysis, ordered by path; streams (constant memory). */
  *exportRows(opts: { includeMissing?: boolean } = {}): IterableIterator<ExportRow> {
    // Not cached: an iterating statement is busy until exhausted, and exports may nest with other reads.
    const stmt = this.db.prepare(`${LIST_SELECT}${opts.includeMissing ? '' : ' WHERE t.missing = 0'} ORDER BY t.path`);
    for (const r of stmt.iterate() as IterableIterator<ListDbRow>) yield exportRowFromDb(r);
  }

  status(): StoreStatus {
    const one = (sql: string) => (this.stmt(sql).get() as { n: number }).n;
    const tracks = one('SELECT count(*) AS n FROM tracks WHERE missing = 0');
    const analysed = one('SELECT count(*) AS n FROM tracks WHERE missing = 0 AND a_genre IS NOT NULL');
    const failed = one('SELECT count(*) AS n FROM tracks t JOIN failures f ON f.path = t.path WHERE t.missing = 0 AND t.a_genre IS NULL');
    return {
      roots: one('SELECT count(*) AS n FROM roots'),
      tracks,
      missing: one('SELECT count(*) AS n FROM tracks WHERE missing = 1'),
      analysed,
      unknown: one("SELECT count(*) AS n FROM tracks WHERE missing = 0 AND a_genre = 'unknown'"),
      failed,
      pending: tracks - analysed - failed,
      models: one('SELECT count(*) AS n FROM models'),
      schemaVersion: this.schemaVersion,
    };
  }

  // ---- settings & models ----

  getSetting<T>(key: string): T | undefined {
    const r = this.stmt('SELECT value FROM settings WHERE key = ?').get(key) as { value: string } | undefined;
    return r ? (JSON.parse(r.value) as T) : undefined;
  }

  setSetting(key: string, value: unknown): void {
    if (value === undefined) throw new StoreError(`setting ${key}: undefined cannot be stored (use deleteSetting)`);
    this.stmt('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value').run(key, JSON.stringify(value));
  }

  deleteSetting(key: string): boolean {
    return this.stmt('DELETE FROM settings WHERE key = ?').run(key).changes > 0;
  }

  /** Registers a model by content hash; the first name/manifest stays (a missing manifest is filled in). */
  registerModel(hash: string, name: string, manifest: unknown): void {
    this.stmt(
      `INSERT INTO models (hash, name, manifest, first_used) VALUES (?, ?, ?, ?)
       ON CONFLICT(hash) DO UPDATE SET manifest = coalesce(models.manifest, excluded.manifest)`,
    ).run(hash, name, manifest === undefined || manifest === null ? null : JSON.stringify(manifest), Date.now());
  }

  getModel(hash: string): { hash: string; name: string; manifest: unknown; firstUsed: number } | null {
    const r = this.stmt('SELECT hash, name, manifest, first_used FROM models WHERE hash = ?').get(hash) as
      | { hash: string; name: string; manifest: string | null; first_used: number }
      | undefined;
    return r ? { hash: r.hash, name: r.name, manifest: r.manifest === null ? null : (JSON.parse(r.manifest) as unknown), firstUsed: r.first_used } : null;
  }
}
