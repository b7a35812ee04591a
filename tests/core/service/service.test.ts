/**
 * GenrescopeService end to end with a real SQLite file, real worker processes, real ffmpeg and the
 * shipped ONNX model, on the fixture tones: incremental rescans, moved and modified files, a model
 * change, interrupted scans, files vanishing before decode, and contract-shaped answers (checked
 * against the zod schemas of src/shared/dto.ts).
 */
import { createHash } from 'node:crypto';
import { copyFile, mkdir, readFile, rename, rm, utimes, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UsageError } from '../../../src/core/errors.ts';
import { FEATURE_COLUMNS } from '../../../src/core/features/columns.ts';
import { GenrescopeService } from '../../../src/core/service/genrescope-service.ts';
import { TEST_CRASH_ENV } from '../../../src/worker/protocol.ts';
import { ModelCardSchema, ScanStatusSchema, TrackDetailSchema, TrackPageSchema, TrackRowSchema, type ScanStatus } from '../../../src/shared/dto.ts';
import { getFixtures, makeTempDir, removeTempDir } from '../../helpers/fixtures.ts';
import { repoRoot } from '../../helpers/shared-data.ts';

const WINDOWS = { count: 1, lengthSec: 4 };
let tmp: string;
let lib: string;
let dbPath: string;
let service: GenrescopeService;
let files: string[];

/** A copy of the shipped model whose .onnx differs by a doc string: same predictions, new hash. */
async function altModel(dir: string): Promise<{ manifest: string; hash: string }> {
  const src = path.join(repoRoot, 'resources', 'models');
  const manifest = JSON.parse(await readFile(path.join(src, 'gtzan-genre-v1.json'), 'utf8')) as { file: string; sha256: string };
  const onnx = await readFile(path.join(src, manifest.file));
  const doc = Buffer.from('test copy');
  // ModelProto field 6 (doc_string), wire type 2: a valid protobuf suffix.
  const bytes = Buffer.concat([onnx, Buffer.from([0x32, doc.length]), doc]);
  await mkdir(dir, { recursive: true });
  await writeFile(path.join(dir, manifest.file), bytes);
  manifest.sha256 = createHash('sha256').update(bytes).digest('hex');
  await writeFile(path.join(dir, 'alt.json'), JSON.stringify(manifest));
  return { manifest: path.join(dir, 'alt.json'), hash: manifest.sha256 };
}

beforeAll(async () => {
  const fx = await getFixtures();
  tmp = await makeTempDir('genrescope-service-');
  lib = path.join(tmp, 'lib');
  await mkdir(path.join(lib, 'a'), { recursive: true });
  const sources = [fx.formats.flac?.path, fx.formats.mp3?.path, fx.formats.wav?.path, fx.nonAscii.path].filter((p): p is string => !!p);
  files = [];
  for (const s of sources) {
    const dest = path.join(lib, 'a', path.basename(s));
    await copyFile(s, dest);
    files.push(dest);
  }
  dbPath = path.join(tmp, 'db', 'library.sqlite');
  service = new GenrescopeService({ dbPath, workers: 1, providers: ['cpu'], windows: WINDOWS });
});

afterAll(async () => {
  await service?.close();
  await removeTempDir(tmp);
});

describe('GenrescopeService scans', () => {
  it('analyses a new library, stores per-stage timings and emits contract-shaped events', async () => {
    const statuses: ScanStatus[] = [];
    const updated: number[] = [];
    let changed = 0;
    const offs = [
      service.on('scanProgress', (s) => statuses.push(s)),
      service.on('trackUpdated', (r) => {
        TrackRowSchema.parse(r);
        updated.push(r.id);
      }),
      service.on('libraryChanged', () => changed++),
    ];
    const summary = await service.scan([lib]);
    offs.forEach((off) => off());
    expect(summary.counts).toMatchObject({ total: files.length, analysed: files.length, unchanged: 0, failed: 0 });
    expect(summary.model.provider).toBe('cpu');
    expect(updated).toHaveLength(files.length);
    expect(changed).toBeGreaterThanOrEqual(1);
    statuses.forEach((s) => ScanStatusSchema.parse(s));
    expect(statuses[0].state).toBe('scanning');
    expect(statuses.at(-1)).toMatchObject({ state: 'idle', done: files.length, total: files.length });
    expect(await service.listRoots()).toEqual([lib]);

    const page = TrackPageSchema.parse(await service.listTracks({ offset: 0, limit: 50, sort: { key: 'path', dir: 'asc' } }));
    expect(page.total).toBe(files.length);
    expect(page.rows.every((r) => r.status === 'ok' && r.genre !== null && r.top3.length === 3)).toBe(true);

    const detail = TrackDetailSchema.parse(await service.getTrack({ id: page.rows[0].id }));
    expect(detail.analysis?.windows).toHaveLength(1);
    expect(Object.keys(detail.analysis!.windows[0].features)).toEqual([...FEATURE_COLUMNS]);
    for (const k of ['decode', 'features', 'inference']) expect(detail.analysis!.timingsMs[k]).toBeGreaterThan(0);
    expect(detail.analysis!.modelHash).toBe(summary.model.hash);
  });

  it('re-analyses nothing on a second scan and starts no worker', async () => {
    const fresh = new GenrescopeService({ dbPath, workers: 1, providers: ['cpu'], windows: WINDOWS });
    try {
      const s = await fresh.scan([lib]);
      expect(s.counts).toMatchObject({ total: files.length, unchanged: files.length, analysed: 0 });
      expect(s.model.provider).toBeNull();
    } finally {
      await fresh.close();
    }
  });

  it('recognises a moved file and re-analyses a modified one', async () => {
    const before = (await service.listTracks({ offset: 0, limit: 50, sort: { key: 'path', dir: 'asc' } })).rows;
    const movedFrom = files[0];
    const movedTo = path.join(lib, 'renamed', 'moved here.flac');
    await mkdir(path.dirname(movedTo), { recursive: true });
    await rename(movedFrom, movedTo);
    files[0] = movedTo;
    const modified = files[1];
    const t = new Date(Date.now() - 3_600_000);
    await utimes(modified, t, t);

    const s = await service.scan([lib]);
    expect(s.counts).toMatchObject({ moved: 1, analysed: 1, unchanged: files.length - 2, failed: 0 });
    const moved = s.results.find((r) => r.status === 'moved')!;
    expect(moved.path).toBe(movedTo);
    expect(moved.reason).toContain(movedFrom);
    expect(moved.trackId).toBe(before.find((r) => r.path === movedFrom)!.id);
    expect(s.results.find((r) => r.status === 'analysed')!.path).toBe(modified);
  });

  it('re-analyses everything when the model changes', async () => {
    const alt = await altModel(path.join(tmp, 'alt-model'));
    const other = new GenrescopeService({ dbPath, workers: 1, providers: ['cpu'], windows: WINDOWS, modelManifestPath: alt.manifest });
    try {
      const s = await other.scan([lib]);
      expect(s.counts).toMatchObject({ analysed: files.length, unchanged: 0 });
      expect(s.model.hash).toBe(alt.hash);
      const row = (await other.listTracks({ offset: 0, limit: 1, sort: { key: 'path', dir: 'asc' } })).rows[0];
      expect((await other.getTrack({ id: row.id })).analysis?.modelHash).toBe(alt.hash);
    } finally {
      await other.close();
    }
  });

  it('an interrupted scan keeps what it finished and the next scan does only the rest', async () => {
    // Back to the shipped model: every track is stale, so all need work again.
    let seen = 0;
    const ac = new AbortController();
    const first = await service.scan([lib], {
      signal: ac.signal,
      onItem: (item) => {
        if (item.status === 'analysed' && ++seen === 1) ac.abort();
      },
    });
    expect(first.aborted).toBe(true);
    const done = first.counts.analysed;
    expect(done).toBeGreaterThanOrEqual(1);
    expect(done).toBeLessThan(files.length);
    const second = await service.scan([lib]);
    expect(second.counts.analysed).toBe(files.length - done);
    expect(second.counts.unchanged).toBe(done);
  });

  it('reports a file deleted between the walk and its decode, and analyses the others', async () => {
    const victim = path.join(lib, 'a', 'vanishing.flac');
    await copyFile(files[3], victim);
    const s = await service.scan([lib], {
      onQueued: async (p) => {
        if (p === victim) await rm(victim);
      },
    });
    const r = s.results.find((x) => x.path === victim)!;
    expect(r.status).toBe('failed');
    expect(r.error).toMatchObject({ kind: 'io', message: expect.stringMatching(/not found/) });
    expect(s.counts.failed).toBe(1);
  });

  it('pauses, resumes and cancels a background scan', async () => {
    const extra = path.join(lib, 'b');
    await mkdir(extra, { recursive: true });
    for (let i = 0; i < 3; i++) await copyFile(files[2], path.join(extra, `copy ${i}.wav`));
    // Different bytes per copy so they are not taken for moved files.
    for (let i = 0; i < 3; i++) await writeFile(path.join(extra, `copy ${i}.wav`), Buffer.from(`pad${i}`), { flag: 'a' });
    await service.startScan({});
    expect((await service.pauseScan()).state).toBe('paused');
    await new Promise((r) => setTimeout(r, 300));
    expect((await service.resumeScan()).state).toBe('scanning');
    const idle = new Promise<ScanStatus>((resolve) => {
      const off = service.on('scanProgress', (s) => {
        if (s.state === 'idle') {
          off();
          resolve(s);
        }
      });
    });
    const end = await idle;
    expect(end.failed).toBe(0);
    expect((await service.listTracks({ offset: 0, limit: 100, sort: { key: 'path', dir: 'asc' }, search: 'copy' })).total).toBe(3);
    // Cancel right away: nothing left to do is fine, the state must return to idle.
    await service.startScan({});
    await service.cancelScan();
    await new Promise<void>((resolve) => {
      const check = async () => ((await service.getScanStatus()).state === 'idle' ? resolve() : setTimeout(check, 50));
      void check();
    });
  });
});

describe('GenrescopeService missing files', () => {
  it('flags a file that is gone as missing and keeps every file still there', async () => {
    const page = () => service.listTracks({ offset: 0, limit: 100, sort: { key: 'path', dir: 'asc' } });
    const before = await page();
    const gone = before.rows.find((r) => r.path.endsWith('copy 2.wav'))!;
    await rm(gone.path);
    const s = await service.scan([lib]);
    expect(s.counts.unchanged).toBe(before.total - 1);
    const after = await page();
    expect(after.total).toBe(before.total - 1);
    expect(after.rows.map((r) => r.id)).toEqual(before.rows.filter((r) => r.id !== gone.id).map((r) => r.id));
    expect(service.store.status().missing).toBeGreaterThanOrEqual(1);
  });
});

describe('GenrescopeService worker crashes', () => {
  it('records a track whose worker crashes twice as failed (crash) and retries it on the next scan', async () => {
    const crashDir = path.join(tmp, 'crash-lib');
    await mkdir(crashDir);
    const victim = path.join(crashDir, 'victim.wav');
    const bystander = path.join(crashDir, 'bystander.flac');
    await copyFile(files[2], victim);
    await writeFile(victim, Buffer.from('crash'), { flag: 'a' });
    await copyFile(files[3], bystander);
    await writeFile(bystander, Buffer.from('by'), { flag: 'a' });
    const crashDb = path.join(tmp, 'crash.sqlite');
    const crashy = new GenrescopeService({ dbPath: crashDb, workers: 1, providers: ['cpu'], windows: WINDOWS, workerEnv: { [TEST_CRASH_ENV]: '1' } });
    try {
      const s = await crashy.scan([crashDir], { testCrashPaths: new Set([victim]) });
      const r = s.results.find((x) => x.path === victim)!;
      expect(r).toMatchObject({ status: 'failed', error: { kind: 'crash', message: expect.stringMatching(/crashed twice/) } });
      expect(s.results.find((x) => x.path === bystander)?.status).toBe('analysed');
      const detail = await crashy.getTrack({ id: r.trackId! });
      expect(detail.status).toBe('failed');
      expect(detail.failure?.message).toMatch(/crashed twice/);
      // A crash is not a property of the file: the next scan tries again (and now succeeds).
      const again = await crashy.scan([crashDir]);
      expect(again.results.find((x) => x.path === victim)?.status).toBe('analysed');
      expect(again.counts).toMatchObject({ analysed: 1, unchanged: 1, failed: 0 });
    } finally {
      await crashy.close();
    }
  });
});

describe('GenrescopeService one-off answers', () => {
  it('classifies files in order, with a clear error for a missing one', async () => {
    const res = await service.classifyFiles({ paths: [files[1], path.join(tmp, 'nope.mp3')] });
    expect(res[0]).toMatchObject({ path: files[1], error: null, model: 'gtzan-genre-v1' });
    expect(res[0].top3).toHaveLength(3);
    expect(res[1]).toMatchObject({ genre: null, error: expect.stringMatching(/not found/) });
  });

  it('reclassifies one track', async () => {
    const row = (await service.listTracks({ offset: 0, limit: 1, sort: { key: 'path', dir: 'asc' } })).rows[0];
    const again = TrackRowSchema.parse(await service.reclassifyTrack({ id: row.id }));
    expect(again.id).toBe(row.id);
    expect(again.status).toBe('ok');
    await expect(service.reclassifyTrack({ id: 999_999 })).rejects.toThrow(UsageError);
  });

  it('serves the model card with the provider in use', async () => {
    const card = ModelCardSchema.parse(await service.getModelCard());
    expect(card.provider).toBe('cpu');
    expect(card.providerAttempts).toEqual([{ provider: 'cpu', ok: true, error: null }]);
    expect(card.featureNames).toEqual([...FEATURE_COLUMNS]);
    expect(card.confusion.matrix).toHaveLength(card.labels.length);
  });

  it('refuses a scan without folders and leaves the reason in the status when a scan cannot run', async () => {
    const broken = new GenrescopeService({ dbPath: path.join(tmp, 'broken.sqlite'), modelManifestPath: path.join(tmp, 'no-model.json') });
    try {
      await expect(broken.startScan({})).rejects.toThrow(UsageError);
      await broken.addRoot({ path: lib });
      expect((await broken.startScan({})).state).toBe('scanning');
      let status = await broken.getScanStatus();
      for (let i = 0; i < 100 && status.state !== 'idle'; i++) {
        await new Promise((r) => setTimeout(r, 20));
        status = await broken.getScanStatus();
      }
      await new Promise((r) => setTimeout(r, 20));
      status = ScanStatusSchema.parse(await broken.getScanStatus());
      expect(status.state).toBe('idle');
      expect(status.failures.at(-1)).toMatchObject({ kind: 'MODEL_FAILED', message: expect.stringContaining('no-model.json') });
    } finally {
      await broken.close();
    }
  });

  it('keeps settings in the database and validates them', async () => {
    const s = await service.updateSettings({ workers: 3, windows: { count: 2, lengthSec: 10 }, theme: 'dark' });
    expect(s).toMatchObject({ workers: 3, windows: { count: 2, lengthSec: 10 }, theme: 'dark', roots: [lib] });
    await expect(service.updateSettings({ roots: [path.join(tmp, 'missing-folder')] })).rejects.toThrow(/folder not found/);
    await expect(service.updateSettings({ workers: 0 } as never)).rejects.toThrow(UsageError);
    const reopened = new GenrescopeService({ dbPath });
    try {
      expect((await reopened.getSettings()).theme).toBe('dark');
    } finally {
      await reopened.close();
    }
  });
});
