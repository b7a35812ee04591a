/**
 * Schema migrations. Each migration has a number (its `version`), lives in its own file under
 * migrations/ and is listed once in migrations.ts. The database's PRAGMA user_version is the last one
 * applied. Each migration runs in its own transaction together with the user_version bump, so a
 * crash leaves the database at the previous version, never half-migrated. A landed migration is
 * never edited: a change is a new number.
 */
import type Database from 'better-sqlite3';
import { StoreError } from '../errors.ts';

export interface Migration {
  /** 1, 2, 3 … contiguous; the file is migrations/00N-<name>.ts */
  version: number;
  name: string;
  up(db: Database.Database): void;
}

export function checkMigrations(list: readonly Migration[]): Migration[] {
  const sorted = [...list].sort((a, b) => a.version - b.version);
  sorted.forEach((m, i) => {
    if (m.version !== i + 1) {
      throw new StoreError(`migrations must be numbered 1..${sorted.length} without gaps or repeats; found ${sorted.map((x) => x.version).join(', ')}`);
    }
  });
  return sorted;
}

export function userVersion(db: Database.Database): number {
  return db.pragma('user_version', { simple: true }) as number;
}

/** Applies the pending migrations; returns the versions applied (empty when up to date). */
export function migrate(db: Database.Database, list: readonly Migration[]): number[] {
  const migrations = checkMigrations(list);
  const current = userVersion(db);
  const latest = migrations.length;
  if (current > latest) {
    throw new StoreError(`the library database is at schema version ${current}, newer than this Genrescope knows (${latest}): use a newer Genrescope or another database file`);
  }
  const applied: number[] = [];
  for (const m of migrations.slice(current)) {
    const run = db.transaction(() => {
      m.up(db);
      // user_version cannot be a bound parameter; version is an integer checked above.
      db.pragma(`user_version = ${m.version}`);
    });
    try {
      run.immediate();
    } catch (e) {
      throw new StoreError(`migration ${m.version} (${m.name}) failed: ${e instanceof Error ? e.message : String(e)}`, { cause: e });
    }
    applied.push(m.version);
  }
  return applied;
}
