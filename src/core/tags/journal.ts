/**
 * SQLite access for the tag journal (tables from migration 003). Takes an open better-sqlite3 Database
 * whose schema is migrated (Store.open does that); every write is a single statement or transaction.
 */
import type Database from 'better-sqlite3';
import { StoreError } from '../errors.ts';
import type { WrittenTag } from './genre-io.ts';

export interface JournalInsert {
  batchId: string;
  trackId: number | null;
  path: string;
  container: string;
  oldGenres: string[];
  newGenres: string[];
  tagsWritten: WrittenTag[];
  beforeSize: number;
  beforeSha256: string;
  beforeMtimeMs: number;
  afterSize: number;
  afterSha256: string;
  keptMtime: boolean;
  restoreKind: 'diff' | 'backup';
  restoreData: Buffer | null;
  backupPath: string | null;
}

export type JournalState = 'pending' | 'applied' | 'undone' | 'abandoned';

export interface JournalEntry extends JournalInsert {
  id: number;
  state: JournalState;
  createdAt: number;
  undoneAt: number | null;
}

export interface BatchSummary {
  batchId: string;
  createdAt: number;
  files: number;
  undone: boolean;
  source: string;
}

interface JournalRow {
  id: number;
  batch_id: string;
  track_id: number | null;
  path: string;
  container: string;
  old_genres: string;
  new_genres: string;
  tags_written: string;
  before_size: number;
  before_sha256: string;
  before_mtime_ms: number;
  after_size: number;
  after_sha256: string;
  kept_mtime: number;
  restore_kind: string;
  restore_data: Buffer | null;
  backup_path: string | null;
  state: string;
  created_at: number;
  undone_at: number | null;
}

function toEntry(r: JournalRow): JournalEntry {
  return {
    id: r.id,
    batchId: r.batch_id,
    trackId: r.track_id,
    path: r.path,
    container: r.container,
    oldGenres: JSON.parse(r.old_genres) as string[],
    newGenres: JSON.parse(r.new_genres) as string[],
    tagsWritten: JSON.parse(r.tags_written) as WrittenTag[],
    beforeSize: r.before_size,
    beforeSha256: r.before_sha256,
    beforeMtimeMs: r.before_mtime_ms,
    afterSize: r.after_size,
    afterSha256: r.after_sha256,
    keptMtime: r.kept_mtime === 1,
    restoreKind: r.restore_kind === 'backup' ? 'backup' : 'diff',
    restoreData: r.restore_data,
    backupPath: r.backup_path,
    state: r.state as JournalState,
    createdAt: r.created_at,
    undoneAt: r.undone_at,
  };
}

/** How many previews are kept; older ones are dropped when a new one is saved. */
const KEEP_PREVIEWS = 20;

export class TagJournal {
  readonly db: Database.Database;

  constructor(db: Database.Database) {
    this.db = db;
    const has = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'tag_journal'").get();
    if (!has) {
      throw new StoreError('this database has no tag journal (schema migration 3 is missing): open it with Store.open so it is migrated');
    }
  }

  savePreview(id: string, createdAt: number, options: unknown, items: unknown): void {
    const tx = this.db.transaction(() => {
      this.db.prepare('INSERT INTO tag_previews (id, created_at, options, items) VALUES (?, ?, ?, ?)').run(id, createdAt, JSON.stringify(options), JSON.stringify(items));
      this.db
        .prepare('DELETE FROM tag_previews WHERE id NOT IN (SELECT id FROM tag_previews ORDER BY created_at DESC, rowid DESC LIMIT ?)')
        .run(KEEP_PREVIEWS);
    });
    tx();
  }

  loadPreview(id: string): { createdAt: number; options: unknown; items: unknown } | null {
    const r = this.db.prepare('SELECT created_at, options, items FROM tag_previews WHERE id = ?').get(id) as
      | { created_at: number; options: string; items: string }
      | undefined;
    return r ? { createdAt: r.created_at, options: JSON.parse(r.options) as unknown, items: JSON.parse(r.items) as unknown } : null;
  }

  createBatch(id: string, createdAt: number, previewId: string | null, options: unknown, source: string): void {
    this.db.prepare('INSERT INTO tag_batches (id, created_at, preview_id, options, source) VALUES (?, ?, ?, ?, ?)').run(id, createdAt, previewId, JSON.stringify(options), source);
  }

  /** Inserts a 'pending' row (before the rename) and returns its id. */
  insertPending(e: JournalInsert, createdAt: number): number {
    const info = this.db
      .prepare(
        `INSERT INTO tag_journal (batch_id, track_id, path, container, old_genres, new_genres, tags_written, before_size, before_sha256,
           before_mtime_ms, after_size, after_sha256, kept_mtime, restore_kind, restore_data, backup_path, state, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'pending', ?)`,
      )
      .run(
        e.batchId,
        e.trackId,
        e.path,
        e.container,
        JSON.stringify(e.oldGenres),
        JSON.stringify(e.newGenres),
        JSON.stringify(e.tagsWritten),
        e.beforeSize,
        e.beforeSha256,
        e.beforeMtimeMs,
        e.afterSize,
        e.afterSha256,
        e.keptMtime ? 1 : 0,
        e.restoreKind,
        e.restoreData,
        e.backupPath,
        createdAt,
      );
    return Number(info.lastInsertRowid);
  }

  setState(id: number, state: JournalState, at: number | null = null): void {
    if (state === 'undone') this.db.prepare('UPDATE tag_journal SET state = ?, undone_at = ? WHERE id = ?').run(state, at, id);
    else this.db.prepare('UPDATE tag_journal SET state = ? WHERE id = ?').run(state, id);
  }

  deleteEntry(id: number): void {
    this.db.prepare('DELETE FROM tag_journal WHERE id = ?').run(id);
  }

  deleteBatchIfEmpty(batchId: string): void {
    this.db.prepare('DELETE FROM tag_batches WHERE id = ? AND NOT EXISTS (SELECT 1 FROM tag_journal WHERE batch_id = ?)').run(batchId, batchId);
  }

  get(id: number): JournalEntry | null {
    const r = this.db.prepare('SELECT * FROM tag_journal WHERE id = ?').get(id) as JournalRow | undefined;
    return r ? toEntry(r) : null;
  }

  /** Entries in a given state, newest first (the order undo must go in). */
  select(where: { batchId?: string; sinceMs?: number; path?: string; states: JournalState[] }): JournalEntry[] {
    const clauses = [`state IN (${where.states.map(() => '?').join(', ')})`];
    const params: Array<string | number> = [...where.states];
    if (where.batchId !== undefined) {
      clauses.push('batch_id = ?');
      params.push(where.batchId);
    }
    if (where.sinceMs !== undefined) {
      clauses.push('created_at >= ?');
      params.push(where.sinceMs);
    }
    if (where.path !== undefined) {
      clauses.push('path = ?');
      params.push(where.path);
    }
    const rows = this.db.prepare(`SELECT * FROM tag_journal WHERE ${clauses.join(' AND ')} ORDER BY id DESC`).all(...params) as JournalRow[];
    return rows.map(toEntry);
  }

  /** The newest applied entry for a path (the one whose undo restores the file as it was before it). */
  latestApplied(path: string): JournalEntry | null {
    const r = this.db.prepare("SELECT * FROM tag_journal WHERE path = ? AND state = 'applied' ORDER BY id DESC LIMIT 1").get(path) as JournalRow | undefined;
    return r ? toEntry(r) : null;
  }

  batchExists(batchId: string): boolean {
    return this.db.prepare('SELECT 1 FROM tag_batches WHERE id = ?').get(batchId) !== undefined;
  }

  listBatches(): BatchSummary[] {
    const rows = this.db
      .prepare(
        `SELECT b.id, b.created_at, b.source,
                SUM(CASE WHEN j.state IN ('applied', 'undone') THEN 1 ELSE 0 END) AS files,
                SUM(CASE WHEN j.state = 'applied' THEN 1 ELSE 0 END) AS live
         FROM tag_batches b LEFT JOIN tag_journal j ON j.batch_id = b.id
         GROUP BY b.id ORDER BY b.created_at DESC, b.rowid DESC`,
      )
      .all() as Array<{ id: string; created_at: number; source: string; files: number | null; live: number | null }>;
    return rows.map((r) => ({
      batchId: r.id,
      createdAt: r.created_at,
      files: r.files ?? 0,
      undone: (r.files ?? 0) > 0 && (r.live ?? 0) === 0,
      source: r.source,
    }));
  }
}
