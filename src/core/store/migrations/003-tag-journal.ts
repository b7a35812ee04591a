/**
 * Migration 3: the tag journal (src/core/tags). Landed: never edit; add a new migration instead.
 *
 * tag_previews: a preview shown to the user (options JSON; items JSON with each file's fingerprint and
 *   old/new genres). applyTags refers to it by id; only the newest previews are kept.
 * tag_batches: one apply = one batch (uuid), undoable as a whole.
 * tag_journal: one row per file written. old/new genres (JSON arrays), the tag blocks written, the
 *   file's size/sha256/mtime before and after, and the undo data: restore_kind 'diff' = restore_data
 *   holds the deflated byte diff that rebuilds the exact original bytes from the written file
 *   (tags/byte-diff.ts); 'backup' = backup_path is a whole-file copy (used when the diff is too large).
 *   state: 'pending' (row written, rename not yet confirmed), 'applied', 'undone', 'abandoned' (a
 *   pending row whose rename never happened). Rows outlive their track (track_id set NULL).
 * Times are integer ms since the epoch; mtimes are float ms as fs.stat reports them.
 */
import type { Migration } from '../migrate.ts';

const SQL = `
CREATE TABLE tag_previews (
  id TEXT PRIMARY KEY,
  created_at INTEGER NOT NULL,
  options TEXT NOT NULL,
  items TEXT NOT NULL
);
CREATE INDEX tag_previews_created ON tag_previews(created_at);

CREATE TABLE tag_batches (
  id TEXT PRIMARY KEY,
  created_at INTEGER NOT NULL,
  preview_id TEXT,
  options TEXT NOT NULL,
  source TEXT NOT NULL
);
CREATE INDEX tag_batches_created ON tag_batches(created_at);

CREATE TABLE tag_journal (
  id INTEGER PRIMARY KEY,
  batch_id TEXT NOT NULL REFERENCES tag_batches(id) ON DELETE CASCADE,
  track_id INTEGER REFERENCES tracks(id) ON DELETE SET NULL,
  path TEXT NOT NULL,
  container TEXT NOT NULL,
  old_genres TEXT NOT NULL,
  new_genres TEXT NOT NULL,
  tags_written TEXT NOT NULL,
  before_size INTEGER NOT NULL,
  before_sha256 TEXT NOT NULL,
  before_mtime_ms REAL NOT NULL,
  after_size INTEGER NOT NULL,
  after_sha256 TEXT NOT NULL,
  kept_mtime INTEGER NOT NULL,
  restore_kind TEXT NOT NULL,
  restore_data BLOB,
  backup_path TEXT,
  state TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  undone_at INTEGER
);
CREATE INDEX tag_journal_batch ON tag_journal(batch_id);
CREATE INDEX tag_journal_path ON tag_journal(path, id);
CREATE INDEX tag_journal_created ON tag_journal(created_at);
CREATE INDEX tag_journal_state ON tag_journal(state);
`;

export const migration003TagJournal: Migration = {
  version: 3,
  name: 'tag-journal',
  up(db) {
    db.exec(SQL);
  },
};
