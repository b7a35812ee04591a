/**
 * Reads the GTZAN training material from ../shared: the Kaggle features_30_sec table (test rows
 * removed) and the fault-filtered split lists of Kereliuk, Sturm and Larsen (2015). Rows whose id
 * is in no list are the known-faulty clips and are dropped.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { FEATURE_COLUMNS } from '../features/columns.ts';
import { ModelError } from '../errors.ts';
import type { LabeledRow } from './trainer.ts';

export interface GtzanRow extends LabeledRow {
  id: string;
}

export interface GtzanSplits {
  train: GtzanRow[];
  valid: GtzanRow[];
  /** Table rows whose id is in no split list (known-faulty clips), excluded from everything. */
  excludedIds: string[];
  /** Split ids that have no table row (the test split is not shipped; train/valid should be complete). */
  missing: { train: string[]; valid: string[] };
}

export const GTZAN_TABLE = 'data/gtzan/features_30_sec.notest.csv';
export const GTZAN_SPLIT_DIR = 'data/gtzan/splits';

/** Parses the table: `filename` is `<id>.wav`, 57 FEATURE_COLUMNS (in any column order), `label`. */
export function parseFeatureTable(text: string): GtzanRow[] {
  const lines = text.split(/\r?\n/).filter((l) => l.length > 0);
  if (lines.length === 0) throw new ModelError('feature table is empty');
  const header = lines[0].split(',');
  const col = (name: string): number => {
    const i = header.indexOf(name);
    if (i < 0) throw new ModelError(`feature table has no "${name}" column`);
    return i;
  };
  const fileCol = col('filename');
  const labelCol = col('label');
  const featureCols = FEATURE_COLUMNS.map(col);
  return lines.slice(1).map((line, n) => {
    const cells = line.split(',');
    if (cells.length !== header.length) throw new ModelError(`feature table line ${n + 2} has ${cells.length} cells, expected ${header.length}`);
    const features = Float64Array.from(featureCols, (c) => Number(cells[c]));
    features.forEach((v, j) => {
      if (!Number.isFinite(v) || cells[featureCols[j]].trim() === '') {
        throw new ModelError(`feature table line ${n + 2}: ${FEATURE_COLUMNS[j]} is not a number ("${cells[featureCols[j]]}")`);
      }
    });
    return { id: cells[fileCol].replace(/\.wav$/, ''), label: cells[labelCol], features };
  });
}

export function readSplitIds(file: string): string[] {
  return readFileSync(file, 'utf8')
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l.length > 0);
}

export function loadGtzanSplits(sharedDir: string): GtzanSplits {
  const tablePath = path.join(sharedDir, GTZAN_TABLE);
  let rows: GtzanRow[];
  let ids: Record<'train' | 'valid' | 'test', string[]>;
  try {
    rows = parseFeatureTable(readFileSync(tablePath, 'utf8'));
    ids = {
      train: readSplitIds(path.join(sharedDir, GTZAN_SPLIT_DIR, 'train.txt')),
      valid: readSplitIds(path.join(sharedDir, GTZAN_SPLIT_DIR, 'valid.txt')),
      test: readSplitIds(path.join(sharedDir, GTZAN_SPLIT_DIR, 'test.txt')),
    };
  } catch (err) {
    if (err instanceof ModelError) throw err;
    throw new ModelError(`cannot read the GTZAN training data under ${sharedDir}`, { cause: err });
  }
  const byId = new Map(rows.map((r) => [r.id, r]));
  const pick = (list: string[]): GtzanRow[] => list.flatMap((id) => byId.get(id) ?? []);
  const listed = new Set([...ids.train, ...ids.valid, ...ids.test]);
  return {
    train: pick(ids.train),
    valid: pick(ids.valid),
    excludedIds: rows.filter((r) => !listed.has(r.id)).map((r) => r.id),
    missing: { train: ids.train.filter((id) => !byId.has(id)), valid: ids.valid.filter((id) => !byId.has(id)) },
  };
}
