/**
 * Migration 2: FFT validation reports. Landed: never edit; add a new migration instead.
 *
 * validation_reports: one row per generated report (a track can have several; the newest is shown).
 *   track_id is NULL for a report on a file outside the library (CLI `genrescope report <file>`);
 *   reports of a removed track go with it. `report` is the whole report as JSON (checks, QA, plots).
 *   Versioned three ways, so an old report is recognisable as such: report_version (this module's
 *   format and check set), app_version (package.json), feature_version (the extractor's).
 * refvector_runs: the librosa reference-vector suite, run once per app version / feature version /
 *   report version and shown in every report; `result` is its JSON.
 * Times are integer ms since the epoch.
 */
import type { Migration } from '../migrate.ts';

const SQL = `
CREATE TABLE validation_reports (
  id INTEGER PRIMARY KEY,
  track_id INTEGER REFERENCES tracks(id) ON DELETE CASCADE,
  path TEXT NOT NULL,
  report_version INTEGER NOT NULL,
  app_version TEXT NOT NULL,
  feature_version TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  all_pass INTEGER NOT NULL,
  failed_checks INTEGER NOT NULL,
  report TEXT NOT NULL
);
CREATE INDEX validation_reports_track ON validation_reports(track_id, created_at);
CREATE INDEX validation_reports_path ON validation_reports(path, created_at);

CREATE TABLE refvector_runs (
  app_version TEXT NOT NULL,
  feature_version TEXT NOT NULL,
  report_version INTEGER NOT NULL,
  created_at INTEGER NOT NULL,
  all_pass INTEGER NOT NULL,
  result TEXT NOT NULL,
  PRIMARY KEY (app_version, feature_version, report_version)
);
`;

export const migration002ValidationReports: Migration = {
  version: 2,
  name: 'validation-reports',
  up(db) {
    db.exec(SQL);
  },
};
