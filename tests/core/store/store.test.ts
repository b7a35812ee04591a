import path from 'node:path';
import { afterEach, beforeAll, beforeEach, afterAll, describe, expect, it } from 'vitest';
import { StoreError } from '../../../src/core/errors.ts';
import { Store } from '../../../src/core/store/store.ts';
import type { AnalysisInput, ScannedTrackInput, TrackMetaInput } from '../../../src/core/store/types.ts';
import { makeTempDir, removeTempDir } from '../../helpers/fixtures.ts';

let tmp: string;
let store: Store;
let n = 0;
/** Paths listed here "exist" for moved-file detection; everything else is gone. */
const present = new Set<string>();

beforeAll(async () => {
  tmp = await makeTempDir();
});
afterAll(async () => {
  await removeTempDir(tmp);
});
beforeEach(() => {
  present.clear();
  store = Store.open(path.join(tmp, `s${n++}.db`), { pathExists: (p) => present.has(p) });
});
afterEach(() => store.close());

const file = (p: string, over: Partial<ScannedTrackInput> = {}): ScannedTrackInput => ({ path: p, sizeBytes: 1000, mtimeMs: 1_700_000_000_000.5, quickHash: `q1:${p}`, ...over });
const meta = (title: string | null, over: Partial<TrackMetaInput> = {}): TrackMetaInput => ({ durationSec: 180, title, artist: 'Artist', album: 'Album', genre: ['Rock'], sampleRate: 44100, channels: 2, codec: 'FLAC', container: 'FLAC', ...over });
const LABELS = ['blues', 'jazz', 'rock'];
function analysis(genre: string, confidence: number, over: Partial<AnalysisInput> = {}): AnalysisInput {
  const probabilities = Object.fromEntries(LABELS.map((l) => [l, l === genre ? confidence : (1 - confidence) / 2]));
  return {
    modelName: 'gtzan-mlp',
    modelHash: 'sha256:m1',
    featureVersion: 'fv1',
    genre,
    confidence,
    unknown: confidence < 0.4,
    probabilities,
    top3: [{ genre, p: confidence }],
    provider: 'cpu',
    timingsMs: { decode: 12.5, features: 40, model: 1 },
    windows: [0, 1, 2].map((i) => ({ index: i, startSec: i * 60 + 15, endSec: i * 60 + 45, features: Array.from({ length: 57 }, (_, k) => Math.PI * (k + 1) * (i + 1) * 1e-3 + 1 / 3), probabilities })),
    ...over,
  };
}

describe('roots', () => {
  it('adds, lists, finds and removes roots; removing a root removes its tracks', () => {
    const music = store.addRoot('/music');
    const sub = store.addRoot('/music/classical');
    expect(store.addRoot('/music').id).toBe(music.id);
    expect(store.listRoots().map((r) => r.path)).toEqual(['/music', '/music/classical']);
    expect(store.rootForPath('/music/classical/a.flac')?.id).toBe(sub.id);
    expect(store.rootForPath('/music/rock/a.flac')?.id).toBe(music.id);
    expect(store.rootForPath('/musical/a.flac')).toBeNull();
    const t = store.upsertScannedTrack(file('/music/rock/a.flac'), meta('A'));
    expect(store.getTrack(t.id)?.rootId).toBe(music.id);
    expect(store.removeRoot('/music')).toBe(true);
    expect(store.removeRoot('/music')).toBe(false);
    expect(store.getTrack(t.id)).toBeNull();
  });
});

describe('incremental scan', () => {
  it('new → unchanged → modified, with the analysis dropped only when the file changed', () => {
    const p = '/m/a.flac';
    const a = store.upsertScannedTrack(file(p), meta('A'));
    expect(a).toEqual({ id: a.id, changed: true, reason: 'new' });
    const t = store.getTrack(a.id)!;
    expect([t.title, t.genreTags, t.codec, t.durationSec, t.missing, t.mtimeMs]).toEqual(['A', ['Rock'], 'FLAC', 180, false, 1_700_000_000_000.5]);
    store.saveAnalysis(a.id, analysis('jazz', 0.9));
    expect(store.checkScanned({ path: p, sizeBytes: 1000, mtimeMs: 1_700_000_000_000.5 })).toEqual({ id: a.id, reason: 'unchanged' });
    expect(store.upsertScannedTrack(file(p), meta('A'))).toEqual({ id: a.id, changed: false, reason: 'unchanged' });
    expect(store.getAnalysis(a.id)?.genre).toBe('jazz');
    expect(store.checkScanned({ path: p, sizeBytes: 1000, mtimeMs: 1 })).toEqual({ id: a.id, reason: 'modified' });
    expect(store.checkScanned({ path: '/m/new.flac', sizeBytes: 1, mtimeMs: 1 })).toEqual({ id: null, reason: 'new' });
    const m = store.upsertScannedTrack(file(p, { mtimeMs: 1_800_000_000_000, quickHash: 'q1:other' }), meta('A (remaster)'));
    expect(m).toEqual({ id: a.id, changed: true, reason: 'modified' });
    expect(store.getAnalysis(a.id)).toBeNull();
    expect(store.getTrack(a.id)?.title).toBe('A (remaster)');
    expect(store.analysisState(a.id, 'sha256:m1', 'fv1')).toBe('missing');
  });

  it('recognises a moved file by quick hash when its old path is gone: the analysis follows', () => {
    const a = store.upsertScannedTrack(file('/m/old/name.flac', { quickHash: 'q1:same' }), meta('Song'));
    const analysisId = store.saveAnalysis(a.id, analysis('blues', 0.8));
    present.add('/m/new/renamed.flac');
    const moved = store.upsertScannedTrack(file('/m/new/renamed.flac', { quickHash: 'q1:same', mtimeMs: 5 }), meta('Song'));
    expect(moved).toEqual({ id: a.id, changed: true, reason: 'moved', previousPath: '/m/old/name.flac' });
    expect(store.getTrackByPath('/m/old/name.flac')).toBeNull();
    expect(store.getTrack(a.id)?.path).toBe('/m/new/renamed.flac');
    expect(store.getAnalysis(a.id)?.id).toBe(analysisId);
    expect(store.listTracks({ search: 'renamed' }).rows.map((r) => r.id)).toEqual([a.id]);
    expect(store.listTracks({ search: 'old/name' }).total).toBe(0);
  });

  it('treats a copy (old path still there) and a same-hash file of another size as new', () => {
    const a = store.upsertScannedTrack(file('/m/a.flac', { quickHash: 'q1:x' }), meta('A'));
    present.add('/m/a.flac');
    const copy = store.upsertScannedTrack(file('/m/copy of a.flac', { quickHash: 'q1:x' }), meta('A'));
    expect(copy.reason).toBe('new');
    expect(copy.id).not.toBe(a.id);
    present.clear();
    const other = store.upsertScannedTrack(file('/m/b.flac', { quickHash: 'q1:x', sizeBytes: 999 }), meta('B'));
    expect(other.reason).toBe('new');
  });

  it('flags tracks not seen by a scan as missing, except under folders the scan could not read', () => {
    const root = store.addRoot('/m');
    const ids = ['/m/a.flac', '/m/locked/b.flac', '/m/c.flac'].map((p) => store.upsertScannedTrack(file(p), meta(p)).id);
    const scanStart = Date.now() + 1;
    while (Date.now() <= scanStart) {
      /* wait one ms so last_seen moves */
    }
    store.checkScanned({ path: '/m/a.flac', sizeBytes: 1000, mtimeMs: 1_700_000_000_000.5 });
    expect(store.markUnseenMissing(scanStart, { rootIds: [root.id], keepUnder: ['/m/locked'] })).toBe(1);
    expect(ids.map((id) => store.getTrack(id)!.missing)).toEqual([false, false, true]);
    expect(store.listTracks().total).toBe(2);
    expect(store.listTracks({ includeMissing: true }).total).toBe(3);
    expect(store.status()).toMatchObject({ tracks: 2, missing: 1 });
    // the file comes back: seen again, not missing
    store.upsertScannedTrack(file('/m/c.flac'), meta('c'));
    expect(store.getTrack(ids[2])!.missing).toBe(false);
  });

  it('keeps the analysis when Genrescope itself rewrote the tags (noteOwnWrite)', () => {
    const a = store.upsertScannedTrack(file('/m/a.flac'), meta('A'));
    store.saveAnalysis(a.id, analysis('rock', 0.7));
    expect(store.noteOwnWrite(a.id, { sizeBytes: 1100, mtimeMs: 9, quickHash: 'q1:tagged', genreTags: ['Rock'] })).toBe(true);
    expect(store.upsertScannedTrack(file('/m/a.flac', { sizeBytes: 1100, mtimeMs: 9, quickHash: 'q1:tagged' }), meta('A')).reason).toBe('unchanged');
    expect(store.getAnalysis(a.id)?.genre).toBe('rock');
  });
});

describe('analyses', () => {
  it('needsAnalysis follows model hash and feature version', () => {
    const { id } = store.upsertScannedTrack(file('/m/a.flac'), meta('A'));
    expect(store.needsAnalysis(id, 'sha256:m1', 'fv1')).toBe(true);
    store.saveAnalysis(id, analysis('jazz', 0.9));
    expect(store.analysisState(id, 'sha256:m1', 'fv1')).toBe('current');
    expect(store.needsAnalysis(id, 'sha256:m1', 'fv1')).toBe(false);
    expect(store.analysisState(id, 'sha256:m2', 'fv1')).toBe('stale-model');
    expect(store.needsAnalysis(id, 'sha256:m2', 'fv1')).toBe(true);
    expect(store.analysisState(id, 'sha256:m1', 'fv2')).toBe('stale-features');
    expect(store.needsAnalysis(id, 'sha256:m1', 'fv2')).toBe(true);
  });

  it('saves one analysis per track, replacing the older one, with bit-exact features', () => {
    const { id } = store.upsertScannedTrack(file('/m/a.flac'), meta('A'));
    const first = analysis('jazz', 0.9);
    store.saveAnalysis(id, first);
    const got = store.getAnalysis(id)!;
    expect(got.windows).toHaveLength(3);
    expect(got.windows[2].features).toEqual(Array.from(first.windows[2].features));
    expect(got.windows[1]).toMatchObject({ index: 1, startSec: 75, endSec: 105 });
    expect([got.genre, got.confidence, got.unknown, got.provider, got.timingsMs, got.top3]).toEqual(['jazz', 0.9, false, 'cpu', first.timingsMs, first.top3]);
    expect(got.probabilities).toEqual(first.probabilities);
    store.saveAnalysis(id, analysis('rock', 0.3, { modelHash: 'sha256:m2', windows: [] }));
    const second = store.getAnalysis(id)!;
    expect([second.genre, second.unknown, second.modelHash, second.windows.length]).toEqual(['rock', true, 'sha256:m2', 0]);
    expect(store.db.prepare('SELECT count(*) FROM analyses').pluck().get()).toBe(1);
    expect(store.db.prepare('SELECT count(*) FROM analysis_windows').pluck().get()).toBe(0);
    expect(store.getModel('sha256:m2')).toMatchObject({ name: 'gtzan-mlp', manifest: null });
    expect(() => store.saveAnalysis(9999, first)).toThrow(StoreError);
  });

  it('failures: recorded per file, block a rescan retry, cleared by success or by a changed file', () => {
    const { id } = store.upsertScannedTrack(file('/m/bad.mp3'), null);
    store.recordFailure({ path: '/m/bad.mp3', kind: 'decode', message: 'ffmpeg could not decode: Invalid data' });
    expect(store.analysisState(id, 'sha256:m1', 'fv1')).toBe('failed');
    expect(store.needsAnalysis(id, 'sha256:m1', 'fv1')).toBe(false);
    expect(store.needsAnalysis(id, 'sha256:m1', 'fv1', { retryFailed: true })).toBe(true);
    expect(store.listTracks().rows[0]).toMatchObject({ status: 'failed', error: 'ffmpeg could not decode: Invalid data', genre: null });
    expect(store.getFailure('/m/bad.mp3')).toMatchObject({ trackId: id, kind: 'decode' });
    // a model failure is not the file's fault: retried
    store.recordFailure({ path: '/m/bad.mp3', kind: 'model', message: 'no provider' });
    expect(store.listFailures()).toHaveLength(1);
    expect(store.needsAnalysis(id, 'sha256:m1', 'fv1')).toBe(true);
    store.recordFailure({ path: '/m/bad.mp3', kind: 'decode', message: 'again' });
    store.upsertScannedTrack(file('/m/bad.mp3', { mtimeMs: 2 }), null);
    expect(store.getFailure('/m/bad.mp3')).toBeNull();
    store.recordFailure({ path: '/m/bad.mp3', kind: 'decode', message: 'again' });
    store.saveAnalysis(id, analysis('rock', 0.9));
    expect(store.getFailure('/m/bad.mp3')).toBeNull();
    store.recordFailure({ path: '/m/gone.mp3', kind: 'metadata', message: 'empty' });
    expect(store.getFailure('/m/gone.mp3')?.trackId).toBeNull();
    expect(store.clearFailure('/m/gone.mp3')).toBe(true);
    expect(store.clearFailure('/m/gone.mp3')).toBe(false);
  });
});

describe('library table', () => {
  beforeEach(() => {
    const rows: [string, string | null, string, string, number, [string, number] | null][] = [
      ['/lib/b/02.flac', 'banana', 'Zed', 'Album Z', 200, ['rock', 0.9]],
      ['/lib/a/01.mp3', 'Apple', 'björk', 'Homogenic', 100, ['jazz', 0.6]],
      ['/lib/c/03.ogg', 'cherry', 'Ärzte', 'Album A', 300, ['rock', 0.2]],
      ['/lib/d/04.wav', null, 'Mø', 'Album M', 50, null],
      ['/lib/e/05.wv', 'Élan', 'ABBA', 'Arrival', 150, ['blues', 0.75]],
    ];
    for (const [p, title, artist, album, dur, a] of rows) {
      const { id } = store.upsertScannedTrack(file(p), meta(title, { artist, album, durationSec: dur }));
      if (a) store.saveAnalysis(id, analysis(a[0], a[1]));
    }
    store.recordFailure({ path: '/lib/d/04.wav', kind: 'decode', message: 'no audio' });
  });

  const paths = (q: Parameters<Store['listTracks']>[0]) => store.listTracks(q).rows.map((r) => path.basename(r.path));

  it('sorts by every key, both directions, case-insensitively', () => {
    expect(paths({ sort: 'path' })).toEqual(['01.mp3', '02.flac', '03.ogg', '04.wav', '05.wv']);
    expect(paths({ sort: 'path', dir: 'desc' })).toEqual(['05.wv', '04.wav', '03.ogg', '02.flac', '01.mp3']);
    expect(paths({ sort: 'title' })).toEqual(['04.wav', '01.mp3', '02.flac', '03.ogg', '05.wv']);
    expect(paths({ sort: 'artist' })).toEqual(['05.wv', '01.mp3', '04.wav', '02.flac', '03.ogg']);
    expect(paths({ sort: 'album', dir: 'desc' })).toEqual(['01.mp3', '05.wv', '02.flac', '04.wav', '03.ogg']);
    expect(paths({ sort: 'duration' })).toEqual(['04.wav', '01.mp3', '05.wv', '02.flac', '03.ogg']);
    expect(paths({ sort: 'confidence', dir: 'desc' })).toEqual(['02.flac', '05.wv', '01.mp3', '03.ogg', '04.wav']);
    expect(paths({ sort: 'genre' })).toEqual(['04.wav', '05.wv', '01.mp3', '02.flac', '03.ogg']);
  });

  it('pages with a stable total', () => {
    const page = store.listTracks({ sort: 'duration', offset: 1, limit: 2 });
    expect(page.total).toBe(5);
    expect(page.rows.map((r) => r.durationSec)).toEqual([100, 150]);
    expect(store.listTracks({ offset: 10 })).toEqual({ total: 5, rows: [] });
  });

  it('filters by genre, unknown, pending and status', () => {
    expect(paths({ genre: 'rock' })).toEqual(['02.flac']);
    expect(paths({ genre: 'unknown' })).toEqual(['03.ogg']);
    expect(paths({ genre: 'pending' })).toEqual(['04.wav']);
    expect(paths({ status: 'failed' })).toEqual(['04.wav']);
    expect(paths({ status: 'pending' })).toEqual([]);
    expect(paths({ status: 'ok' })).toHaveLength(4);
    const row = store.listTracks({ genre: 'unknown' }).rows[0];
    expect(row).toMatchObject({ genre: 'unknown', confidence: 0.2, status: 'ok', provider: 'cpu', top3: [{ genre: 'rock', p: 0.2 }] });
  });

  it('searches title, artist, album and path, case-insensitively beyond ASCII', () => {
    expect(paths({ search: 'BJÖRK' })).toEqual(['01.mp3']);
    expect(paths({ search: 'ärzte' })).toEqual(['03.ogg']);
    expect(paths({ search: 'élan' })).toEqual(['05.wv']);
    expect(paths({ search: 'album' })).toEqual(['02.flac', '03.ogg', '04.wav']);
    expect(paths({ search: '/lib/d/' })).toEqual(['04.wav']);
    expect(paths({ search: '%' })).toEqual([]);
    expect(paths({ search: 'album', genre: 'rock', sort: 'title' })).toEqual(['02.flac']);
    expect(store.listTracks({ search: 'album', includeMissing: true }).total).toBe(3);
  });

  it('counts genres, reports status, exports every row, and returns a single row', () => {
    // all counts are 1: ties ordered by genre, NULL (not analysed) first
    expect(store.genreCounts()).toEqual([null, 'blues', 'jazz', 'rock', 'unknown'].map((genre) => ({ genre, count: 1 })));
    expect(store.status()).toMatchObject({ tracks: 5, analysed: 4, unknown: 1, failed: 1, pending: 0, missing: 0, models: 1 });
    const rows = [...store.exportRows()];
    expect(rows.map((r) => path.basename(r.path))).toEqual(['01.mp3', '02.flac', '03.ogg', '04.wav', '05.wv']);
    expect(rows[2]).toMatchObject({ genre: 'unknown', bestLabel: 'rock', unknown: true, modelHash: 'sha256:m1', featureVersion: 'fv1', status: 'ok' });
    expect(rows[3]).toMatchObject({ genre: null, status: 'failed', error: 'no audio' });
    const id = store.getTrackByPath('/lib/a/01.mp3')!.id;
    expect(store.getTrackRow(id)).toMatchObject({ id, title: 'Apple', genre: 'jazz', status: 'ok' });
  });
});

describe('settings and models', () => {
  it('stores JSON settings and registers models once', () => {
    expect(store.getSetting('workers')).toBeUndefined();
    store.setSetting('workers', 3);
    store.setSetting('windows', { count: 3, lengthSec: 30 });
    store.setSetting('workers', 4);
    expect([store.getSetting('workers'), store.getSetting('windows')]).toEqual([4, { count: 3, lengthSec: 30 }]);
    expect(store.deleteSetting('workers')).toBe(true);
    expect(() => store.setSetting('x', undefined)).toThrow(StoreError);
    store.registerModel('sha256:m9', 'gtzan-mlp', { labels: LABELS });
    store.registerModel('sha256:m9', 'renamed', { labels: [] });
    expect(store.getModel('sha256:m9')).toMatchObject({ name: 'gtzan-mlp', manifest: { labels: LABELS } });
  });
});
