/**
 * Watch mode end to end: a real temp folder watched with the real fs.watch, real SQLite, real worker
 * processes with the shipped model and ffmpeg on the fixture tones. New, modified, moved and deleted
 * files; a burst of events for one file; a manual scan while watching; and the fallback when
 * fs.watch fails (an injected watch function that throws ENOSPC), where only the periodic rescan
 * finds changes.
 */
import { appendFile, copyFile, mkdir, rename, rm, utimes } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GenrescopeService } from '../../../src/core/service/genrescope-service.ts';
import type { ScanItemResult } from '../../../src/core/service/scan-runner.ts';
import type { WatchTrigger } from '../../../src/core/watch/library-watcher.ts';
import { ScanStatusSchema, SettingsSchema } from '../../../src/shared/dto.ts';
import { getFixtures, makeTempDir, removeTempDir, type Fixtures } from '../../helpers/fixtures.ts';

const WINDOWS = { count: 1, lengthSec: 4 };
const TIMING = { debounceMs: 300, stableMs: 200 };

let fx: Fixtures;
let tmp: string;

interface Seen {
  item: ScanItemResult;
  trigger: WatchTrigger;
}

/** Polls until fn returns a value (not undefined/false), at most timeoutMs. */
async function waitFor<T>(what: string, fn: () => T | undefined | false | Promise<T | undefined | false>, timeoutMs = 20_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v !== undefined && v !== false) return v;
    if (Date.now() > end) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

beforeAll(async () => {
  fx = await getFixtures();
  tmp = await makeTempDir('genrescope-watch-');
});

afterAll(async () => {
  await removeTempDir(tmp);
});

describe('watch mode with file-system events', () => {
  let service: GenrescopeService;
  let lib: string;
  const seen: Seen[] = [];
  const itemsFor = (p: string) => seen.filter((s) => s.item.path === p);
  const find = (p: string, status: string, after = 0) => () => seen.slice(after).find((s) => s.item.path === p && s.item.status === status);

  beforeAll(async () => {
    lib = path.join(tmp, 'events-lib');
    await mkdir(lib, { recursive: true });
    service = new GenrescopeService({
      dbPath: path.join(tmp, 'events.sqlite'),
      workers: 1,
      providers: ['cpu'],
      windows: WINDOWS,
      watchOptions: { ...TIMING, onItem: (item, trigger) => seen.push({ item, trigger }) },
    });
    await service.addRoot({ path: lib });
  });

  afterAll(async () => {
    await service?.close();
  });

  it('is off by default and switched on by the setting', async () => {
    const before = await service.getSettings();
    expect(before.watch).toBe(false);
    expect(before.watchRescanMinutes).toBe(10);
    const s = await service.updateSettings({ watch: true });
    SettingsSchema.parse(s);
    expect(s.watch).toBe(true);
    const status = ScanStatusSchema.parse(await service.getScanStatus());
    expect(status.watch).toMatchObject({ enabled: true, roots: [{ path: lib, mode: 'events', reason: null }], rescanIntervalSec: 600 });
    // The initial rescan of the (empty) root finishes.
    await waitFor('the initial rescan', async () => (await service.getScanStatus()).watch?.lastRescanAt !== null);
  });

  let trackId = 0;
  const song = () => path.join(lib, 'song.flac');

  it('analyses a file copied in', async () => {
    await copyFile(fx.formats.flac!.path, song());
    const hit = await waitFor('the new file analysed', find(song(), 'analysed'));
    expect(hit.trigger).toBe('change');
    trackId = hit.item.trackId!;
    const t = service.store.getTrack(trackId)!;
    expect(t.missing).toBe(false);
    expect(service.store.getAnalysis(trackId)?.genre).toBeTruthy();
    expect(itemsFor(song())).toHaveLength(1);
  });

  it('re-checks a modified file', async () => {
    const n = seen.length;
    const later = new Date(Date.now() + 60_000);
    await utimes(song(), later, later);
    const hit = await waitFor('the modified file re-analysed', find(song(), 'analysed', n));
    expect(hit.item.trackId).toBe(trackId);
    expect(service.store.getTrack(trackId)!.mtimeMs).toBe(later.getTime());
  });

  it('recognises a file moved into a new subfolder (no re-analysis)', async () => {
    const n = seen.length;
    const dest = path.join(lib, 'sub', 'moved.flac');
    await mkdir(path.dirname(dest));
    await rename(song(), dest);
    const hit = await waitFor('the move recognised', find(dest, 'moved', n));
    expect(hit.item.trackId).toBe(trackId);
    expect(hit.item.reason).toContain(song());
    await sleep(1000);
    expect(seen.slice(n).filter((s) => s.item.status === 'analysed')).toEqual([]);
    expect(service.store.getTrack(trackId)!.path).toBe(dest);
    expect(service.store.getTrack(trackId)!.missing).toBe(false);
  });

  it('marks a deleted file missing', async () => {
    const dest = path.join(lib, 'sub', 'moved.flac');
    await rm(dest);
    await waitFor('the deleted file marked missing', () => service.store.getTrack(trackId)?.missing === true);
    // The analysis stays for when the file comes back.
    expect(service.store.getAnalysis(trackId)).not.toBeNull();
  });

  it('analyses a file once after a burst of 20 events', async () => {
    const n = seen.length;
    const p = path.join(lib, 'burst.mp3');
    await copyFile(fx.formats.mp3!.path, p);
    for (let i = 1; i <= 20; i++) {
      const t = new Date(Date.now() + i * 1000);
      await utimes(p, t, t);
      await sleep(10);
    }
    await waitFor('the burst file analysed', find(p, 'analysed', n));
    // Long enough for any second (duplicate) batch to have been scanned.
    await sleep(1500);
    expect(seen.slice(n).filter((s) => s.item.path === p).map((s) => s.item.status)).toEqual(['analysed']);
  });

  it('picks up a new folder copied in, ignoring hidden files', async () => {
    const n = seen.length;
    const album = path.join(tmp, 'staging-album');
    await mkdir(album);
    await copyFile(fx.formats.wav!.path, path.join(album, 'one.wav'));
    await copyFile(fx.formats.mp3!.path, path.join(album, '.hidden.mp3'));
    const dest = path.join(lib, 'album');
    await rename(album, dest);
    await waitFor('the new folder walked', find(path.join(dest, 'one.wav'), 'analysed', n));
    await sleep(800);
    // Reported as skipped, as a whole-root scan does; never analysed.
    expect(seen.slice(n).filter((s) => s.item.path.includes('.hidden')).map((s) => [s.item.status, s.item.reason])).toEqual([['skipped', 'hidden']]);
  });

  it('lets a manual scan run while watching, then goes on watching', async () => {
    const summary = await service.scan();
    expect(summary.aborted).toBe(false);
    expect(summary.counts.analysed).toBe(0);
    const n = seen.length;
    const p = path.join(lib, 'after-manual.ogg');
    await copyFile(fx.formats.ogg!.path, p);
    await waitFor('a change after the manual scan', find(p, 'analysed', n));
    expect((await service.getScanStatus()).watch?.enabled).toBe(true);
  });

  it('steps aside for a manual scan started during a watch scan, then finishes its batch', async () => {
    const n = seen.length;
    // Content the library has not seen (a copy of an earlier file would be recognised as moved).
    const p = path.join(lib, 'during-manual.aiff');
    // The manual scan starts the moment the watch scan for this file is running (its first
    // 'scanning' status event), so the watch scan has to be stopped mid-way.
    let manualScan: ReturnType<GenrescopeService['scan']> | null = null;
    let sawWatchScanRunning = false;
    const off = service.on('scanProgress', (st) => {
      if (st.state === 'scanning' && st.watch?.scanning && !manualScan) {
        sawWatchScanRunning = true;
        manualScan = service.scan();
      }
    });
    await copyFile(fx.formats.aiff!.path, p);
    const summary = await waitFor('a watch scan running', () => manualScan ?? undefined).finally(off);
    expect(summary.aborted).toBe(false);
    expect(sawWatchScanRunning).toBe(true);
    // The watch scan was stopped before it stored a result, or it had finished that file already.
    const watchAnalysed = seen.slice(n).filter((s) => s.item.path === p && s.item.status === 'analysed').length;
    const manual = summary.counts.analysed;
    expect(watchAnalysed + manual).toBe(1);
    // Its paths were queued again and run after the manual scan (the file is unchanged by then).
    await waitFor('the stepped-aside batch done', async () => {
      const w = (await service.getScanStatus()).watch;
      return w?.pending === 0 && !w.scanning && seen.slice(n).some((s) => s.item.path === p && (s.item.status === 'unchanged' || s.item.status === 'analysed'));
    });
    expect(service.store.getAnalysis(service.store.getTrackByPath(p)!.id)).not.toBeNull();
  });

  it('stops when switched off', async () => {
    const s = await service.updateSettings({ watch: false });
    expect(s.watch).toBe(false);
    expect((await service.getScanStatus()).watch?.enabled).toBe(false);
    const n = seen.length;
    await appendFile(path.join(lib, 'late.mp3'), 'not audio');
    await sleep(1000);
    expect(seen.length).toBe(n);
  });
});

describe('watch mode when fs.watch fails', () => {
  it('falls back to the periodic rescan and reports it', async () => {
    const lib = path.join(tmp, 'poll-lib');
    await mkdir(lib, { recursive: true });
    const seen: Seen[] = [];
    let calls = 0;
    const service = new GenrescopeService({
      dbPath: path.join(tmp, 'poll.sqlite'),
      workers: 1,
      providers: ['cpu'],
      windows: WINDOWS,
      watch: true,
      watchOptions: {
        ...TIMING,
        roots: [lib],
        rescanIntervalMs: 1500,
        watchFn: () => {
          calls++;
          throw Object.assign(new Error('ENOSPC: System limit for number of file watchers reached'), { code: 'ENOSPC' });
        },
        onItem: (item, trigger) => seen.push({ item, trigger }),
      },
    });
    try {
      const status = ScanStatusSchema.parse(await service.getScanStatus());
      expect(status.watch?.roots).toHaveLength(1);
      expect(status.watch?.roots[0].mode).toBe('polling');
      expect(status.watch?.roots[0].reason).toMatch(/ENOSPC.*rescanning every/);
      await waitFor('the initial rescan', async () => (await service.getScanStatus()).watch?.lastRescanAt !== null);
      const p = path.join(lib, 'polled.m4a');
      await copyFile(fx.formats['m4a-aac']!.path, p);
      const hit = await waitFor('the periodic rescan to find the file', () => seen.find((s) => s.item.path === p && s.item.status === 'analysed'));
      expect(hit.trigger).toBe('rescan');
      // fs.watch is tried again at each rescan (a raised limit, a remounted drive).
      await waitFor('fs.watch tried again', () => calls >= 2);
      expect((await service.getScanStatus()).watch?.roots[0].mode).toBe('polling');
    } finally {
      await service.close();
    }
  });
});
