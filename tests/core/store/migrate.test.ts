import { existsSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StoreError } from '../../../src/core/errors.ts';
import { migrate, userVersion } from '../../../src/core/store/migrate.ts';
import type { Migration } from '../../../src/core/store/migrate.ts';
import { MIGRATIONS } from '../../../src/core/store/migrations.ts';
import { Store } from '../../../src/core/store/store.ts';
import { makeTempDir, removeTempDir } from '../../helpers/fixtures.ts';

let tmp: string;
beforeAll(async () => {
  tmp = await makeTempDir();
});
afterAll(async () => {
  await removeTempDir(tmp);
});

const tables = (db: Database.Database) => (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").pluck().all() as string[]);

describe('Store.open and migrations', () => {
  it('creates the parent folder, migrates to the latest version, and uses WAL and foreign keys', () => {
    const file = path.join(tmp, 'deep', 'er', 'library.db');
    const s = Store.open(file);
    expect(existsSync(file)).toBe(true);
    expect(s.schemaVersion).toBe(MIGRATIONS.length);
    expect(s.db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(s.db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(s.db.pragma('busy_timeout', { simple: true })).toBe(5000);
    expect(tables(s.db)).toEqual(expect.arrayContaining(['analyses', 'analysis_windows', 'failures', 'models', 'roots', 'settings', 'tracks']));
    s.setSetting('k', { a: 1 });
    s.close();
    // reopening applies nothing and keeps the data
    const again = Store.open(file);
    expect(again.schemaVersion).toBe(MIGRATIONS.length);
    expect(again.getSetting('k')).toEqual({ a: 1 });
    expect(migrate(again.db, MIGRATIONS)).toEqual([]);
    again.close();
  });

  it('numbers migrations 1..n and refuses gaps and repeats', () => {
    expect(MIGRATIONS.map((m) => m.version)).toEqual(MIGRATIONS.map((_, i) => i + 1));
    const db = new Database(':memory:');
    const m = (version: number): Migration => ({ version, name: `m${version}`, up: (d) => d.exec(`CREATE TABLE t${version} (x)`) });
    expect(() => migrate(db, [m(1), m(3)])).toThrow(StoreError);
    expect(() => migrate(db, [m(1), m(1)])).toThrow(/without gaps or repeats/);
    expect(userVersion(db)).toBe(0);
    expect(migrate(db, [m(2), m(1)])).toEqual([1, 2]);
    expect(migrate(db, [m(1), m(2), m(3)])).toEqual([3]);
    expect(userVersion(db)).toBe(3);
    db.close();
  });

  it('rolls a failing migration back whole: tables and user_version stay as they were', () => {
    const db = new Database(':memory:');
    const good: Migration = { version: 1, name: 'good', up: (d) => d.exec('CREATE TABLE a (x)') };
    const bad: Migration = { version: 2, name: 'bad', up: (d) => d.exec('CREATE TABLE b (x); INSERT INTO nope VALUES (1)') };
    expect(() => migrate(db, [good, bad])).toThrow(/migration 2 \(bad\) failed: no such table: nope/);
    expect(userVersion(db)).toBe(1);
    expect(tables(db)).toEqual(['a']);
    db.close();
  });

  it('refuses a database written by a newer Genrescope', () => {
    const file = path.join(tmp, 'newer.db');
    const db = new Database(file);
    db.pragma(`user_version = ${MIGRATIONS.length + 5}`);
    db.close();
    expect(() => Store.open(file)).toThrow(/newer than this Genrescope knows/);
  });

  it('gives a StoreError for a file that is not a database', async () => {
    const { writeFile } = await import('node:fs/promises');
    const file = path.join(tmp, 'garbage.db');
    await writeFile(file, 'this is not sqlite'.repeat(100));
    expect(() => Store.open(file)).toThrow(StoreError);
    expect(() => Store.open(file)).toThrow(/not a database/);
  });
});
