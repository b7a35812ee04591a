/**
 * Migration 1: the core library schema. Landed: never edit; add a new migration instead.
 *
 * Times are integer ms since the epoch; JSON columns hold UTF-8 JSON text; features are 57 float64
 * little-endian (FEATURE_COLUMNS order) in a BLOB, bit-exact and 456 bytes per window.
 * search_text is lower-cased (Unicode, JS toLowerCase on NFKC) "title artist album path", maintained by
 * the Store, so a substring search is case-insensitive beyond ASCII with one column scan.
 * tracks.a_genre (shown genre: label, 'unknown', NULL = not analysed) and a_confidence are kept equal
 * to the track's analysis by triggers. Sort indexes lead with `missing` (the table hides missing tracks).
 */
import type { Migration } from '../migrate.ts';

const SQL = `
CREATE TABLE roots (
  id INTEGER PRIMARY KEY,
  path TEXT NOT NULL UNIQUE,
  added_at INTEGER NOT NULL
);

CREATE TABLE models (
  hash TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  manifest TEXT,
  first_used INTEGER NOT NULL
);

CREATE TABLE tracks (
  id INTEGER PRIMARY KEY,
  path TEXT NOT NULL UNIQUE,
  root_id INTEGER REFERENCES roots(id) ON DELETE CASCADE,
  size INTEGER NOT NULL,
  mtime_ms REAL NOT NULL,
  quick_hash TEXT,
  duration_sec REAL,
  title TEXT,
  artist TEXT,
  album TEXT,
  genre_tags TEXT NOT NULL DEFAULT '[]',
  codec TEXT,
  container TEXT,
  sample_rate INTEGER,
  channels INTEGER,
  missing INTEGER NOT NULL DEFAULT 0,
  first_seen INTEGER NOT NULL,
  last_seen INTEGER NOT NULL,
  search_text TEXT NOT NULL DEFAULT '',
  a_genre TEXT,
  a_confidence REAL
);
CREATE INDEX tracks_root ON tracks(root_id);
CREATE INDEX tracks_quick_hash ON tracks(quick_hash);
CREATE INDEX tracks_last_seen ON tracks(last_seen);
CREATE INDEX tracks_sort_path ON tracks(missing, path);
CREATE INDEX tracks_sort_title ON tracks(missing, title COLLATE NOCASE, id);
CREATE INDEX tracks_sort_artist ON tracks(missing, artist COLLATE NOCASE, id);
CREATE INDEX tracks_sort_album ON tracks(missing, album COLLATE NOCASE, id);
CREATE INDEX tracks_sort_duration ON tracks(missing, duration_sec, id);
CREATE INDEX tracks_sort_genre ON tracks(missing, a_genre, id);
CREATE INDEX tracks_sort_confidence ON tracks(missing, a_confidence, id);
CREATE INDEX tracks_search ON tracks(missing, search_text);

CREATE TABLE analyses (
  id INTEGER PRIMARY KEY,
  track_id INTEGER NOT NULL UNIQUE REFERENCES tracks(id) ON DELETE CASCADE,
  model_name TEXT NOT NULL,
  model_hash TEXT NOT NULL REFERENCES models(hash),
  feature_version TEXT NOT NULL,
  genre TEXT NOT NULL,
  confidence REAL NOT NULL,
  unknown INTEGER NOT NULL,
  shown_genre TEXT NOT NULL,
  probabilities TEXT NOT NULL,
  top3 TEXT NOT NULL,
  provider TEXT NOT NULL,
  timings TEXT NOT NULL,
  analysed_at INTEGER NOT NULL
);
CREATE INDEX analyses_model ON analyses(model_hash, feature_version);

-- tracks.a_genre / a_confidence mirror the track's analysis so the library table can sort and filter
-- by genre and confidence from an index (100k rows, any page) instead of sorting a join each time.
CREATE TRIGGER analyses_ai AFTER INSERT ON analyses BEGIN
  UPDATE tracks SET a_genre = NEW.shown_genre, a_confidence = NEW.confidence WHERE id = NEW.track_id;
END;
CREATE TRIGGER analyses_au AFTER UPDATE ON analyses BEGIN
  UPDATE tracks SET a_genre = NULL, a_confidence = NULL WHERE id = OLD.track_id;
  UPDATE tracks SET a_genre = NEW.shown_genre, a_confidence = NEW.confidence WHERE id = NEW.track_id;
END;
CREATE TRIGGER analyses_ad AFTER DELETE ON analyses BEGIN
  UPDATE tracks SET a_genre = NULL, a_confidence = NULL WHERE id = OLD.track_id;
END;

CREATE TABLE analysis_windows (
  analysis_id INTEGER NOT NULL REFERENCES analyses(id) ON DELETE CASCADE,
  idx INTEGER NOT NULL,
  start_sec REAL NOT NULL,
  end_sec REAL NOT NULL,
  features BLOB NOT NULL,
  probabilities TEXT NOT NULL,
  PRIMARY KEY (analysis_id, idx)
) WITHOUT ROWID;

CREATE TABLE failures (
  id INTEGER PRIMARY KEY,
  path TEXT NOT NULL UNIQUE,
  track_id INTEGER REFERENCES tracks(id) ON DELETE CASCADE,
  kind TEXT NOT NULL,
  message TEXT NOT NULL,
  at INTEGER NOT NULL
);
CREATE INDEX failures_track ON failures(track_id);

CREATE TABLE settings (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
);
`;

export const migration001Core: Migration = {
  version: 1,
  name: 'core',
  up(db) {
    db.exec(SQL);
  },
};
