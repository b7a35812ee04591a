/**
 * Reads what tagging needs from the library database (migration 001's tracks/analyses/settings tables):
 * each track's path and stored prediction, and the user's taxonomy setting. Read-only.
 */
import { existsSync, realpathSync } from 'node:fs';
import path from 'node:path';
import type Database from 'better-sqlite3';
import { UsageError } from '../errors.ts';
import { TAXONOMY_SETTING, TaxonomySchema } from './policy.ts';
import type { Taxonomy } from './policy.ts';
import type { TagCandidate } from './tagger.ts';

interface Row {
  id: number;
  path: string;
  genre: string | null;
  confidence: number | null;
  unknown: number | null;
}

const SELECT = `SELECT t.id, t.path, a.genre, a.confidence, a.unknown
  FROM tracks t LEFT JOIN analyses a ON a.track_id = t.id`;

function toCandidate(r: Row): TagCandidate {
  return { trackId: r.id, path: r.path, label: r.genre, confidence: r.confidence, unknown: r.unknown === 1 };
}

/** The library's tracks (all present ones, or the given ids in that order; unknown ids are dropped). */
export function candidatesForTracks(db: Database.Database, trackIds?: readonly number[]): TagCandidate[] {
  if (!trackIds) return (db.prepare(`${SELECT} WHERE t.missing = 0 ORDER BY t.path`).all() as Row[]).map(toCandidate);
  const one = db.prepare(`${SELECT} WHERE t.id = ?`);
  const out: TagCandidate[] = [];
  for (const id of trackIds) {
    const r = one.get(id) as Row | undefined;
    if (r) out.push(toCandidate(r));
  }
  return out;
}

/** Files by path: the library's prediction when the file is known, otherwise a not-analysed candidate. */
export function candidatesForPaths(db: Database.Database, paths: readonly string[]): TagCandidate[] {
  const one = db.prepare(`${SELECT} WHERE t.path = ?`);
  return paths.map((p) => {
    const abs = path.resolve(p);
    // The scanner may have recorded the path through a symlink or as its real path.
    let r = one.get(abs) as Row | undefined;
    if (!r && existsSync(abs)) r = one.get(realpathSync(abs)) as Row | undefined;
    return r ? toCandidate(r) : { trackId: null, path: abs, label: null, confidence: null, unknown: false };
  });
}

export function readTaxonomy(db: Database.Database): Taxonomy {
  const r = db.prepare('SELECT value FROM settings WHERE key = ?').get(TAXONOMY_SETTING) as { value: string } | undefined;
  if (!r) return {};
  const parsed = TaxonomySchema.safeParse(JSON.parse(r.value));
  if (!parsed.success) throw new UsageError(`the stored genre taxonomy (setting ${TAXONOMY_SETTING}) is not a {label: [names]} object: ${parsed.error.message}`);
  return parsed.data;
}

export function saveTaxonomy(db: Database.Database, taxonomy: Taxonomy): void {
  const value = JSON.stringify(TaxonomySchema.parse(taxonomy));
  db.prepare('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value').run(TAXONOMY_SETTING, value);
}
