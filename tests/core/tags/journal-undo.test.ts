/**
 * Preview → approve some → apply → list → undo (per file, per batch, since a date, everything), through
 * the contract API over a real Store, plus undo conflicts, whole-file backups and crash recovery.
 */
import { existsSync, statSync, writeFileSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UsageError } from '../../../src/core/errors.ts';
import { Store } from '../../../src/core/store/index.ts';
import { createTagApi } from '../../../src/core/tags/api.ts';
import type { TagApi } from '../../../src/core/tags/api.ts';
import { saveTaxonomy } from '../../../src/core/tags/store-source.ts';
import { Tagger } from '../../../src/core/tags/tagger.ts';
import { sha256 } from '../../../src/core/tags/safe-file.ts';
import { makeAudio, sha256File, tempDir } from './fixtures.ts';

const tmp = tempDir();
let store: Store;
let api: TagApi;

function addTrack(p: string, genre: string | null, confidence = 0.9, unknown = false): number {
  const st = statSync(p);
  const { id } = store.upsertScannedTrack({ path: p, sizeBytes: st.size, mtimeMs: st.mtimeMs, quickHash: null }, null);
  if (genre !== null) {
    store.saveAnalysis(id, {
      modelName: 'test-model',
      modelHash: 'h1',
      featureVersion: 'f1',
      genre,
      confidence,
      unknown,
      probabilities: { [genre]: confidence },
      top3: [{ genre, p: confidence }],
      provider: 'cpu',
      timingsMs: {},
      windows: [],
    });
  }
  return id;
}

beforeAll(() => {
  store = Store.open(path.join(tmp.dir, 'lib.sqlite'));
  api = createTagApi(store);
});

afterAll(() => {
  store.close();
  tmp.cleanup();
});

describe('contract API over the store', () => {
  it('previews per track, applies the approved subset, follows the file in the store, undoes a batch exactly', async () => {
    const a = makeAudio(tmp.dir, 'flac', 'api-a');
    const b = makeAudio(tmp.dir, 'mp3-v24', 'api-b');
    const c = makeAudio(tmp.dir, 'ogg', 'api-c', { genre: 'Rock' });
    const d = makeAudio(tmp.dir, 'opus', 'api-d');
    const e = makeAudio(tmp.dir, 'wav', 'api-e');
    const ids = [addTrack(a, 'hiphop'), addTrack(b, 'jazz'), addTrack(c, 'metal'), addTrack(d, 'pop', 0.3, true), addTrack(e, null)];
    saveTaxonomy(store.db, { hiphop: ['Hip-Hop', 'Rap'] });
    const shaA = sha256File(a);
    const shaB = sha256File(b);

    const preview = api.previewTags({ trackIds: ids, policy: 'fill', minConfidence: 0.5 });
    expect(preview.items.map((i) => [i.action, i.old, i.new])).toEqual([
      ['write', [], ['Hip-Hop', 'Rap']],
      ['write', [], ['Jazz']],
      ['skip', ['Rock'], ['Rock']],
      ['skip', [], []],
      ['skip', [], []],
    ]);
    expect(preview.items[3].reason).toMatch(/unknown/);
    expect(preview.items[4].reason).toMatch(/genrescope scan/);

    // Approve only the first file.
    const applied = await api.applyTags({ previewId: preview.previewId, trackIds: [ids[0]] });
    expect(applied.counts).toEqual({ ok: 1, failed: 0, skipped: 0 });
    expect(sha256File(b)).toBe(shaB);
    const track = store.getTrack(ids[0]);
    expect(track?.genreTags).toEqual(['Hip-Hop', 'Rap']);
    expect(track?.sizeBytes).toBe(statSync(a).size);
    // The store follows Genrescope's own write: the next scan sees the file as unchanged.
    expect(store.checkScanned({ path: a, sizeBytes: statSync(a).size, mtimeMs: statSync(a).mtimeMs }).reason).toBe('unchanged');
    expect(store.getAnalysis(ids[0])?.genre).toBe('hiphop');

    const batches = api.listTagBatches();
    expect(batches[0]).toMatchObject({ batchId: applied.batchId, files: 1, undone: false });

    const undone = await api.undoTags({ batchId: applied.batchId });
    expect(undone.counts).toEqual({ ok: 1, failed: 0, skipped: 0 });
    expect(sha256File(a)).toBe(shaA);
    expect(store.getTrack(ids[0])?.genreTags).toEqual([]);
    expect(api.listTagBatches()[0]).toMatchObject({ batchId: applied.batchId, undone: true });
    expect((await api.undoTags({ batchId: applied.batchId })).counts.ok).toBe(0);
  });

  it('refuses an unknown preview id', async () => {
    await expect(api.applyTags({ previewId: 'nope', trackIds: [] })).rejects.toThrow(UsageError);
  });
});

describe('undo', () => {
  it('goes newest first: a file tagged twice comes back to its very first bytes with undo --all', async () => {
    const t = api.tagger;
    const p = makeAudio(tmp.dir, 'm4a', 'twice', { genre: 'Rock' });
    const sha = sha256File(p);
    const opts = { policy: 'replace' as const, minConfidence: 0, taxonomy: {} };
    await t.tagFiles([{ trackId: null, path: p, label: 'jazz', confidence: 1, unknown: false }], opts);
    await t.tagFiles([{ trackId: null, path: p, label: 'blues', confidence: 1, unknown: false }], opts);
    const r = await t.undo({ all: true });
    expect(r.counts.failed).toBe(0);
    expect(sha256File(p)).toBe(sha);
  });

  it('undo since a date and undo by path', async () => {
    const t = api.tagger;
    const p = makeAudio(tmp.dir, 'aiff', 'since');
    const q = makeAudio(tmp.dir, 'mp3-v23', 'bypath');
    const shaP = sha256File(p);
    const shaQ = sha256File(q);
    const start = new Date(Date.now() - 1000).toISOString();
    const opts = { policy: 'replace' as const, minConfidence: 0, taxonomy: {} };
    await t.tagFiles([{ trackId: null, path: p, label: 'jazz', confidence: 1, unknown: false }], opts);
    await t.tagFiles([{ trackId: null, path: q, label: 'jazz', confidence: 1, unknown: false }], opts);
    expect((await t.undo({ path: q })).counts.ok).toBe(1);
    expect(sha256File(q)).toBe(shaQ);
    expect((await t.undo({ since: new Date(Date.now() + 60_000).toISOString() })).counts.ok).toBe(0);
    expect((await t.undo({ since: start })).counts.ok).toBe(1);
    expect(sha256File(p)).toBe(shaP);
    await expect(t.undo({ since: 'last tuesday' })).rejects.toThrow(/--since expects a date/);
  });

  it('refuses when the file changed after tagging, and leaves it alone', async () => {
    const t = api.tagger;
    const p = makeAudio(tmp.dir, 'flac', 'conflict');
    const r = await t.tagFiles([{ trackId: null, path: p, label: 'jazz', confidence: 1, unknown: false }], { policy: 'replace', minConfidence: 0, taxonomy: {} });
    const edited = readFileSync(p);
    edited[edited.length - 1] ^= 1;
    writeFileSync(p, edited);
    const u = await t.undo({ journalId: r.results[0].journalId as number });
    expect(u.results[0]).toMatchObject({ ok: false, code: 'UNDO_CONFLICT' });
    expect(readFileSync(p).equals(edited)).toBe(true);
  });

  it('falls back to a whole-file backup when the diff is over the limit, and removes it after undo', async () => {
    const t = new Tagger({ db: store.db, maxDiffBytes: 0 });
    const p = makeAudio(tmp.dir, 'ogg', 'backup');
    const sha = sha256File(p);
    const r = await t.tagFiles([{ trackId: null, path: p, label: 'jazz', confidence: 1, unknown: false }], { policy: 'replace', minConfidence: 0, taxonomy: {} });
    const entry = t.journal.get(r.results[0].journalId as number);
    expect(entry?.restoreKind).toBe('backup');
    expect(entry?.backupPath?.startsWith(path.join(tmp.dir, 'tag-backups'))).toBe(true);
    expect(existsSync(entry?.backupPath ?? '')).toBe(true);
    await t.undo({ journalId: entry?.id as number });
    expect(sha256File(p)).toBe(sha);
    expect(existsSync(entry?.backupPath ?? '')).toBe(false);
  });

  it('settles a pending row left by a crash from the file on disk', async () => {
    const t = api.tagger;
    const p = makeAudio(tmp.dir, 'wav', 'pending');
    const bytes = readFileSync(p);
    t.journal.createBatch('crash-batch', Date.now(), null, {}, 'test');
    const common = {
      batchId: 'crash-batch', trackId: null, container: 'wav', oldGenres: [], newGenres: ['Jazz'], tagsWritten: [],
      beforeSize: 1, beforeSha256: 'x', beforeMtimeMs: 0, afterSize: bytes.length, keptMtime: false,
      restoreKind: 'diff' as const, restoreData: null, backupPath: null,
    };
    const renamed = t.journal.insertPending({ ...common, path: p, afterSha256: sha256(bytes) }, Date.now());
    const never = t.journal.insertPending({ ...common, path: p, afterSha256: 'not-this-file' }, Date.now());
    t.settlePending();
    expect(t.journal.get(renamed)?.state).toBe('applied');
    expect(t.journal.get(never)?.state).toBe('abandoned');
  });
});
