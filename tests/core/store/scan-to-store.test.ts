import { appendFile, mkdir, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ingestScannedFile } from '../../../src/core/library/ingest.ts';
import type { IngestResult } from '../../../src/core/library/ingest.ts';
import { scanRoots } from '../../../src/core/library/scan.ts';
import { Store } from '../../../src/core/store/store.ts';
import { buildLibrary, getFixtures, makeTempDir, removeTempDir } from '../../helpers/fixtures.ts';
import type { LibraryTree } from '../../helpers/fixtures.ts';

let tmp: string;
let lib: LibraryTree;
beforeAll(async () => {
  tmp = await makeTempDir();
  lib = await buildLibrary(tmp);
});
afterAll(async () => {
  await removeTempDir(tmp);
});

async function rescan(store: Store) {
  const started = Date.now();
  const scan = await scanRoots([lib.root]);
  const results: IngestResult[] = [];
  for (const f of scan.files) results.push(await ingestScannedFile(store, f));
  const missing = store.markUnseenMissing(started, { keepUnder: scan.problems.filter((p) => p.kind === 'unreadable-dir').map((p) => p.path) });
  const by = (r: string) => results.filter((x) => x.reason === r).map((x) => path.relative(lib.root, x.path)).sort();
  return { scan, results, missing, by };
}

it('real files: first scan stores every track, a rescan is all unchanged, then modified / moved / deleted are recognised', async () => {
  const fx = await getFixtures();
  const store = Store.open(path.join(tmp, 'db', 'library.db'));
  store.addRoot(lib.root);
  const first = await rescan(store);
  expect(first.results.length).toBe(lib.expectedAudio.length);
  expect(first.by('new').length).toBe(lib.expectedAudio.length);
  const t = store.getTrackByPath(lib.nonAscii)!;
  expect([t.title, t.codec, t.sampleRate, t.missing]).toEqual(['Jóga 🎶', 'FLAC', 44100, false]);
  expect(t.quickHash).toMatch(/^q1:/);
  // the path's non-ASCII name, in another case (to-delete.flac carries the same title tag, not this name)
  expect(store.listTracks({ search: 'BJÖRK – JÓGA 日本' }).rows.map((r) => r.path)).toEqual([lib.nonAscii]);
  expect(store.getTrackByPath(lib.long)?.durationSec).toBeCloseTo(fx.long.durationSec, 0);

  const second = await rescan(store);
  expect(second.by('unchanged').length).toBe(lib.expectedAudio.length);
  expect(second.missing).toBe(0);

  // modify one, move one (with an analysis), delete one
  const wav = lib.formatFiles.wav!;
  await appendFile(wav, Buffer.alloc(16));
  const flacId = store.getTrackByPath(lib.formatFiles.flac!)!.id;
  store.saveAnalysis(flacId, {
    modelName: 'm', modelHash: 'h', featureVersion: 'f', genre: 'jazz', confidence: 0.8, unknown: false,
    probabilities: { jazz: 0.8 }, top3: [{ genre: 'jazz', p: 0.8 }], provider: 'cpu', timingsMs: {}, windows: [],
  });
  await mkdir(path.join(lib.root, 'Moved'));
  const movedTo = path.join(lib.root, 'Moved', 'renamed ✓.flac');
  await rename(lib.formatFiles.flac!, movedTo);
  await rm(lib.toDelete);
  const third = await rescan(store);
  expect(third.by('modified')).toEqual([path.relative(lib.root, wav)]);
  expect(third.by('moved')).toEqual([path.relative(lib.root, movedTo)]);
  expect(third.by('new')).toEqual([]);
  expect(third.missing).toBe(1);
  expect(store.getTrackByPath(movedTo)?.id).toBe(flacId);
  expect(store.getAnalysis(flacId)?.genre).toBe('jazz');
  expect(store.getTrackByPath(lib.toDelete)?.missing).toBe(true);
  store.close();
});

it('bad files: a tag-read failure is recorded and the track still stored; the counts add up', async () => {
  const fx = await getFixtures();
  const store = Store.open(path.join(tmp, 'db', 'bad.db'));
  const bad = [fx.bad.zeroByte, fx.bad.textAsMp3, fx.bad.wavHeaderOnly, fx.bad.truncatedMp3];
  const results: IngestResult[] = [];
  for (const p of bad) results.push(await ingestScannedFile(store, { path: p, sizeBytes: 1, mtimeMs: 1 }));
  expect(results.map((r) => [path.basename(r.path), r.reason, r.error === null])).toEqual([
    ['zero-byte.mp3', 'new', false],
    ['not-audio.mp3', 'new', false],
    ['header-only.wav', 'new', true],
    ['truncated.mp3', 'new', true],
  ]);
  expect(store.getFailure(fx.bad.zeroByte)?.message).toMatch(/empty \(0 bytes\)/);
  expect(store.getFailure(fx.bad.textAsMp3)?.message).toMatch(/no audio stream/);
  expect(store.status()).toMatchObject({ tracks: 4, failed: 2, pending: 2 });
  const gone = await ingestScannedFile(store, { path: path.join(tmp, 'vanished.mp3'), sizeBytes: 1, mtimeMs: 1 });
  expect([gone.reason, gone.trackId]).toEqual(['failed', null]);
  expect(gone.error).toMatch(/file not found/);
  store.close();
});
