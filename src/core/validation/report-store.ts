/**
 * Storage of validation reports and reference-vector runs in the library database (tables of
 * migration 002). Takes a better-sqlite3 Database that has been migrated (store/migrate.ts with
 * MIGRATIONS); every call is one statement, so it can share the connection the Store uses.
 */
import type Database from 'better-sqlite3';
import { StoreError } from '../errors.ts';
import type { RefvectorSuite, ValidationReport } from './types.ts';

export interface StoredReportRow {
  id: number;
  trackId: number | null;
  path: string;
  reportVersion: number;
  appVersion: string;
  featureVersion: string;
  createdAt: number;
  allPass: boolean;
  failedChecks: number;
}

interface Row {
  id: number;
  track_id: number | null;
  path: string;
  report_version: number;
  app_version: string;
  feature_version: string;
  created_at: number;
  all_pass: number;
  failed_checks: number;
  report?: string;
}

function toMeta(r: Row): StoredReportRow {
  return { id: r.id, trackId: r.track_id, path: r.path, reportVersion: r.report_version, appVersion: r.app_version, featureVersion: r.feature_version, createdAt: r.created_at, allPass: r.all_pass === 1, failedChecks: r.failed_checks };
}

function parse<T>(text: string, what: string): T {
  try {
    return JSON.parse(text) as T;
  } catch (e) {
    throw new StoreError(`stored ${what} is not valid JSON`, { cause: e });
  }
}

export class ReportStore {
  readonly db: Database.Database;
  constructor(db: Database.Database) {
    this.db = db;
    const has = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'validation_reports'").get();
    if (!has) throw new StoreError('the database has no validation_reports table: migrate it first (migration 002)');
  }

  /** Saves a report; returns its row id. */
  save(report: ValidationReport): number {
    const failed = report.checks.filter((c) => !c.pass).length;
    const res = this.db
      .prepare(`INSERT INTO validation_reports (track_id, path, report_version, app_version, feature_version, created_at, all_pass, failed_checks, report)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`)
      .run(report.trackId, report.path, report.reportVersion, report.appVersion, report.featureVersion, Date.parse(report.createdAt), report.allPass ? 1 : 0, failed, JSON.stringify(report));
    return Number(res.lastInsertRowid);
  }

  /** The newest report of a library track, or null. */
  latestForTrack(trackId: number): ValidationReport | null {
    const r = this.db.prepare('SELECT report FROM validation_reports WHERE track_id = ? ORDER BY created_at DESC, id DESC LIMIT 1').get(trackId) as { report: string } | undefined;
    return r ? parse<ValidationReport>(r.report, 'report') : null;
  }

  /** The newest report of a file path (library or not), or null. */
  latestForPath(path: string): ValidationReport | null {
    const r = this.db.prepare('SELECT report FROM validation_reports WHERE path = ? ORDER BY created_at DESC, id DESC LIMIT 1').get(path) as { report: string } | undefined;
    return r ? parse<ValidationReport>(r.report, 'report') : null;
  }

  get(id: number): ValidationReport | null {
    const r = this.db.prepare('SELECT report FROM validation_reports WHERE id = ?').get(id) as { report: string } | undefined;
    return r ? parse<ValidationReport>(r.report, 'report') : null;
  }

  list(opts: { trackId?: number; path?: string; limit?: number } = {}): StoredReportRow[] {
    const where: string[] = [];
    const args: (number | string)[] = [];
    if (opts.trackId !== undefined) {
      where.push('track_id = ?');
      args.push(opts.trackId);
    }
    if (opts.path !== undefined) {
      where.push('path = ?');
      args.push(opts.path);
    }
    args.push(opts.limit ?? 100);
    const rows = this.db
      .prepare(`SELECT id, track_id, path, report_version, app_version, feature_version, created_at, all_pass, failed_checks FROM validation_reports
                ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY created_at DESC, id DESC LIMIT ?`)
      .all(...args) as Row[];
    return rows.map(toMeta);
  }

  /** The stored reference-vector run for these versions, or null. */
  getRefvectorRun(appVersion: string, featureVersion: string, reportVersion: number): RefvectorSuite | null {
    const r = this.db.prepare('SELECT result FROM refvector_runs WHERE app_version = ? AND feature_version = ? AND report_version = ?').get(appVersion, featureVersion, reportVersion) as { result: string } | undefined;
    return r ? parse<RefvectorSuite>(r.result, 'reference-vector run') : null;
  }

  saveRefvectorRun(s: RefvectorSuite): void {
    this.db
      .prepare(`INSERT INTO refvector_runs (app_version, feature_version, report_version, created_at, all_pass, result) VALUES (?, ?, ?, ?, ?, ?)
                ON CONFLICT (app_version, feature_version, report_version) DO UPDATE SET created_at = excluded.created_at, all_pass = excluded.all_pass, result = excluded.result`)
      .run(s.appVersion, s.featureVersion, s.reportVersion, Date.parse(s.createdAt), s.checks.every((c) => c.pass) ? 1 : 0, JSON.stringify(s));
  }
}
